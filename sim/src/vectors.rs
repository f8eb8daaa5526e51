//! Residual blocks from real tensors, and stage-level test vectors in hex text files that any
//! simulator can read (`$readmemh`, cocotb). Format: docs/verification.md, "Vector files".

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use golden::align::{align, AlignMode, FloatVec};
use golden::quant::{self, Deadzone};
use golden::transform;
use tensor::SafeTensors;

use crate::bits::{pack_signed, pack_unsigned};
use crate::LaneIn;

/// Residual blocks of `size` x `size` (4 or 8) from a 2-D tensor of a safetensors file.
///
/// The tensor goes through the golden aligner (BFP, groups of 32, golden::align) to 8-bit
/// samples, row-major `rows x cols`; it is cut into whole `size` x `size` blocks in raster
/// order of blocks (at most `max_blocks`); each block's residual is its samples minus the
/// block mean rounded half up (`(sum + n/2) / n`), a DC prediction, so residuals lie in
/// -255..=255.
pub fn tensor_blocks(
    path: &Path,
    tensor: &str,
    size: usize,
    max_blocks: usize,
) -> golden::Result<Vec<Vec<i32>>> {
    assert!(size == 4 || size == 8);
    let st = SafeTensors::read(path)?;
    let view = st.get(tensor).ok_or_else(|| {
        golden::Error::Config(format!("no tensor {tensor} in {}", path.display()))
    })?;
    let (rows, cols) = match view.shape[..] {
        [r, c] => (r, c),
        _ => return Err(golden::Error::Config(format!("{tensor} is not 2-D"))),
    };
    let values = FloatVec::from_le_bytes(st.bytes(tensor)?, view.dtype.align()?)?;
    let a = align(
        tensor,
        values.as_slice(),
        rows,
        cols,
        AlignMode::Bfp { group: 32 },
    )?;
    let n = size * size;
    let mut blocks = Vec::new();
    'outer: for by in 0..rows / size {
        for bx in 0..cols / size {
            if blocks.len() == max_blocks {
                break 'outer;
            }
            let s: Vec<i32> = (0..n)
                .map(|k| i32::from(a.samples[(by * size + k / size) * cols + bx * size + k % size]))
                .collect();
            let mean = (s.iter().sum::<i32>() + n as i32 / 2) / n as i32;
            blocks.push(s.iter().map(|v| v - mean).collect());
        }
    }
    Ok(blocks)
}

/// QPs and dead zones the generated vectors cycle through (block k gets QP_CYCLE[k % 9] and
/// DZ_CYCLE[k % 4]).
pub const QP_CYCLE: [u8; 9] = [0, 6, 12, 18, 24, 28, 34, 42, 51];
/// See [`QP_CYCLE`].
pub const DZ_CYCLE: [u16; 4] = [341, 450, 512, 1023];

/// Lane inputs for residual blocks: QP and dead zone cycling per [`QP_CYCLE`], user = k mod 256.
pub fn lane_inputs(blocks: &[Vec<i32>]) -> Vec<LaneIn> {
    blocks
        .iter()
        .enumerate()
        .map(|(k, r)| LaneIn {
            res: r.clone(),
            qp: QP_CYCLE[k % QP_CYCLE.len()],
            dz: DZ_CYCLE[k % DZ_CYCLE.len()],
            user: k as u8,
        })
        .collect()
}

/// One port's column of a vector set: name, element width, element count, signedness, and the
/// values per vector (line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// `<stage>.<port>`, e.g. `fwd4x4.res_i`.
    pub name: String,
    /// Bits per element.
    pub width: u32,
    /// Elements per vector.
    pub elems: usize,
    /// Two's-complement elements (else unsigned).
    pub signed: bool,
    /// One entry per vector, `elems` values each.
    pub rows: Vec<Vec<i64>>,
}

impl Column {
    fn new(name: &str, width: u32, elems: usize, signed: bool) -> Column {
        Column {
            name: name.into(),
            width,
            elems,
            signed,
            rows: Vec::new(),
        }
    }

    /// Packed bus of vector `i` (element k at bits [k*width +: width]), as 32-bit words.
    pub fn packed(&self, i: usize) -> Vec<u32> {
        let r = &self.rows[i];
        if self.signed {
            pack_signed(&r.iter().map(|&v| v as i32).collect::<Vec<_>>(), self.width)
        } else {
            pack_unsigned(&r.iter().map(|&v| v as u32).collect::<Vec<_>>(), self.width)
        }
    }
}

/// Stage-level vectors of the golden residual path for `inputs` (all blocks of one size), at
/// the widths of the lane instances (docs/rtl.md): per stage the inputs and outputs of
/// `transform_fwd*`, `quant_q*`, `quant_dq*`, `transform_inv*` and the whole lane.
pub fn stage_columns(inputs: &[LaneIn]) -> Vec<Column> {
    let n = inputs.first().map_or(16, |b| b.res.len());
    let (tag, cw) = if n == 16 { ("4x4", 15) } else { ("8x8", 16) };
    let mut cols = vec![
        Column::new(&format!("fwd{tag}.res_i"), 9, n, true),
        Column::new(&format!("fwd{tag}.coef_o"), cw, n, true),
        Column::new(&format!("q{tag}.coef_i"), cw, n, true),
        Column::new(&format!("q{tag}.qp_i"), 6, 1, false),
        Column::new(&format!("q{tag}.dz_i"), 10, 1, false),
        Column::new(&format!("q{tag}.level_o"), 16, n, true),
        Column::new(&format!("dq{tag}.level_i"), 16, n, true),
        Column::new(&format!("dq{tag}.qp_i"), 6, 1, false),
        Column::new(&format!("dq{tag}.coef_o"), 16, n, true),
        Column::new(&format!("inv{tag}.coef_i"), 16, n, true),
        Column::new(&format!("inv{tag}.res_o"), 16, n, true),
        Column::new(&format!("lane{tag}.res_i"), 9, n, true),
        Column::new(&format!("lane{tag}.qp_i"), 6, 1, false),
        Column::new(&format!("lane{tag}.dz_i"), 10, 1, false),
        Column::new(&format!("lane{tag}.level_o"), 16, n, true),
        Column::new(&format!("lane{tag}.recon_o"), 16, n, true),
    ];
    for b in inputs {
        assert_eq!(b.res.len(), n, "mixed block sizes");
        let qp = i32::from(b.qp).min(51);
        let dz = Deadzone(u32::from(b.dz));
        let (coef, level, deq, rec) = if n == 16 {
            let r: [i32; 16] = b.res.clone().try_into().unwrap();
            let c = transform::forward4x4(&r);
            let l = quant::quant4x4(&c, qp, dz);
            let d = quant::dequant4x4(&l, qp);
            (
                c.to_vec(),
                l.to_vec(),
                d.to_vec(),
                transform::inverse4x4(&d).to_vec(),
            )
        } else {
            let r: [i32; 64] = b.res.clone().try_into().unwrap();
            let c = transform::forward8x8(&r);
            let l = quant::quant8x8(&c, qp, dz);
            let d = quant::dequant8x8(&l, qp);
            (
                c.to_vec(),
                l.to_vec(),
                d.to_vec(),
                transform::inverse8x8(&d).to_vec(),
            )
        };
        let wide = |v: &[i32]| v.iter().map(|&x| i64::from(x)).collect::<Vec<_>>();
        let res = wide(&b.res);
        let row: [Vec<i64>; 16] = [
            res.clone(),
            wide(&coef),
            wide(&coef),
            vec![i64::from(b.qp)],
            vec![i64::from(b.dz)],
            wide(&level),
            wide(&level),
            vec![i64::from(b.qp)],
            wide(&deq),
            wide(&deq),
            wide(&rec),
            res,
            vec![i64::from(b.qp)],
            vec![i64::from(b.dz)],
            wide(&level),
            wide(&rec),
        ];
        for (c, r) in cols.iter_mut().zip(row) {
            c.rows.push(r);
        }
    }
    cols
}

/// Writes each column to `dir/<name>.hex`: a `//` header, then one line per vector holding
/// the packed bus as one hex number, most significant digit first, zero-padded to
/// ceil(width * elems / 4) digits (`$readmemh` reads it into `logic [W-1:0] mem [N]`).
pub fn write_columns(dir: &Path, cols: &[Column]) -> io::Result<Vec<PathBuf>> {
    std::fs::create_dir_all(dir)?;
    let mut paths = Vec::new();
    for c in cols {
        let bits = c.width as usize * c.elems;
        let digits = bits.div_ceil(4);
        let mut text = String::new();
        let _ = writeln!(
            text,
            "// tricodec vectors: {} ({} bits = {} x {}-bit {}, element k at bits [k*{} +: {}]), {} vectors",
            c.name,
            bits,
            c.elems,
            c.width,
            if c.signed { "two's complement" } else { "unsigned" },
            c.width,
            c.width,
            c.rows.len()
        );
        for i in 0..c.rows.len() {
            text.push_str(&words_to_hex(&c.packed(i), digits));
            text.push('\n');
        }
        let p = dir.join(format!("{}.hex", c.name));
        std::fs::write(&p, text)?;
        paths.push(p);
    }
    Ok(paths)
}

/// Reads a vector file back: one word vector (least significant word first) per line;
/// `//` comments and blank lines are skipped.
pub fn read_hex(path: &Path) -> io::Result<Vec<Vec<u32>>> {
    let text = std::fs::read_to_string(path)?;
    let mut out = Vec::new();
    for line in text.lines() {
        let line = line.split("//").next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        out.push(hex_to_words(line).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("bad hex line in {}", path.display()),
            )
        })?);
    }
    Ok(out)
}

/// Hex text (MSB first, `digits` digits) of little-endian words.
fn words_to_hex(words: &[u32], digits: usize) -> String {
    let mut s = String::with_capacity(words.len() * 8);
    for w in words.iter().rev() {
        let _ = write!(s, "{w:08x}");
    }
    s[s.len() - digits..].to_string()
}

/// Little-endian words of hex text (MSB first).
fn hex_to_words(hex: &str) -> Option<Vec<u32>> {
    if hex.is_empty() || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
        return None;
    }
    let mut words = Vec::new();
    let mut end = hex.len();
    while end > 0 {
        let start = end.saturating_sub(8);
        words.push(u32::from_str_radix(&hex[start..end], 16).ok()?);
        end = start;
    }
    Some(words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trip() {
        let w = vec![0x89ab_cdef, 0x0123_4567, 0x1f];
        let h = words_to_hex(&w, 18);
        assert_eq!(h, "1f0123456789abcdef");
        assert_eq!(hex_to_words(&h).unwrap(), w);
        assert!(hex_to_words("12x4").is_none());
    }
}
