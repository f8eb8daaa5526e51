//! Golden-model test vectors for the gate-level checks of synth/flow.py: the residual lanes
//! (the lane columns of `gen_vectors` in sim/, without its Verilator build), the luma and
//! chroma DC lanes and the float aligner.
//!
//! ```text
//! synth_vectors residual --size 4|8 --model FILE --tensor NAME [--blocks N] --out DIR
//! synth_vectors dc --kind luma|chroma --model FILE --tensor NAME [--sets N] --out DIR
//! synth_vectors align --model FILE --tensor NAME [--groups N] [--n N] [--g G] --out DIR
//! ```
//!
//! Files: `DIR/<prefix>.<port>.hex`, the format of sim/src/vectors.rs: a `//` header, then one
//! line per transfer holding the port's packed bus in hex, most significant digit first,
//! element k at bits [k*W +: W], signed elements in two's complement.
//!
//! Stimulus comes from a real tensor, aligned to 8-bit samples by the golden aligner (BFP,
//! groups of 32), as the residual-lane vectors of sim/src/vectors.rs are:
//! - `dc`: the tensor is cut into 16x16 (luma) or 8x8 (chroma) regions in raster order; each
//!   region's residual is its samples minus the region mean rounded half up (a DC
//!   prediction), and the DC terms are index 0 of `forward4x4` of its 4x4 blocks (raster).
//!   QP and dead zone cycle as in sim/src/vectors.rs.
//! - `residual`: the lane vectors (`lane4x4.*`, `lane8x8.*`) of sim/src/vectors.rs for the same
//!   arguments, line for line: size x size blocks in raster order, each minus its mean rounded
//!   half up, QP and dead zone cycling; level = quant(forward(res)), recon =
//!   inverse(dequant(level)).
//! - `align`: the tensor's FP32 patterns, row-major, N per beat; the expected samples and E8M0
//!   codes are golden::align's.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use golden::align::{align, AlignMode, Aligned, FloatVec, SideInfo};
use golden::quant::{self, Deadzone};
use tensor::SafeTensors;
use golden::transform;

/// QPs the DC vectors cycle through (set k gets QP_CYCLE[k % 9]), as sim/src/vectors.rs.
const QP_CYCLE: [i32; 9] = [0, 6, 12, 18, 24, 28, 34, 42, 51];
/// Dead zones the DC vectors cycle through (set k gets DZ_CYCLE[k % 4]).
const DZ_CYCLE: [u32; 4] = [341, 450, 512, 1023];
/// BFP group of the aligner that makes the 8-bit samples.
const SAMPLE_GROUP: u32 = 32;

/// One port's vectors: element width, signedness, and the elements of each transfer.
struct Column {
    name: String,
    width: u32,
    signed: bool,
    rows: Vec<Vec<i64>>,
}

impl Column {
    fn new(name: &str, width: u32, signed: bool) -> Column {
        Column {
            name: name.into(),
            width,
            signed,
            rows: Vec::new(),
        }
    }

    /// Hex text of transfer `i`: elements packed LSB first, printed MSB first.
    fn hex(&self, i: usize) -> String {
        let row = &self.rows[i];
        let bits = self.width as usize * row.len();
        let mut words = vec![0u64; bits.div_ceil(64)];
        for (k, &v) in row.iter().enumerate() {
            for b in 0..self.width as usize {
                // Two's complement of the element, truncated to its width.
                if (v >> b.min(63)) & 1 == 1 {
                    let at = k * self.width as usize + b;
                    words[at / 64] |= 1 << (at % 64);
                }
            }
        }
        let mut s = String::new();
        for w in words.iter().rev() {
            let _ = write!(s, "{w:016x}");
        }
        s[s.len() - bits.div_ceil(4)..].to_string()
    }

    /// Checks that every element fits the width (a wrong width would silently wrap).
    fn check(&self) -> Result<(), String> {
        let (lo, hi) = if self.signed {
            (-(1i64 << (self.width - 1)), (1i64 << (self.width - 1)) - 1)
        } else {
            (0, (1i64 << self.width) - 1)
        };
        match self.rows.iter().flatten().find(|&&v| v < lo || v > hi) {
            Some(v) => Err(format!(
                "{}: {v} does not fit {} bits",
                self.name, self.width
            )),
            None => Ok(()),
        }
    }

    fn write(&self, dir: &Path) -> Result<(), String> {
        self.check()?;
        let elems = self.rows.first().map_or(0, Vec::len);
        let mut text = format!(
            "// tricodec synth vectors: {} ({} x {}-bit {}), {} vectors\n",
            self.name,
            elems,
            self.width,
            if self.signed {
                "two's complement"
            } else {
                "unsigned"
            },
            self.rows.len()
        );
        for i in 0..self.rows.len() {
            text.push_str(&self.hex(i));
            text.push('\n');
        }
        let path = dir.join(format!("{}.hex", self.name));
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))
    }
}

/// A 2-D tensor of a safetensors file: its raw values, shape and its golden alignment.
struct Tensor {
    values: FloatVec,
    rows: usize,
    cols: usize,
    aligned: Aligned,
}

fn load(model: &Path, name: &str) -> golden::Result<Tensor> {
    let st = SafeTensors::read(model)?;
    let view = st
        .get(name)
        .ok_or_else(|| golden::Error::Config(format!("no tensor {name} in {}", model.display())))?;
    let (rows, cols) = match view.shape[..] {
        [r, c] => (r, c),
        _ => return Err(golden::Error::Config(format!("{name} is not 2-D"))),
    };
    let values = FloatVec::from_le_bytes(st.bytes(name)?, view.dtype.align()?)?;
    let mode = AlignMode::Bfp {
        group: SAMPLE_GROUP,
    };
    let aligned = align(name, values.as_slice(), rows, cols, mode)?;
    Ok(Tensor {
        values,
        rows,
        cols,
        aligned,
    })
}

/// Residuals of the `side` x `side` regions of the aligned samples, in raster order of
/// regions (at most `max`), each row-major: samples minus the region mean rounded half up
/// (a DC prediction), so -255..=255.
fn residual_blocks(t: &Tensor, side: usize, max: usize) -> Vec<Vec<i32>> {
    let s = &t.aligned.samples;
    let n = (side * side) as i32;
    let mut regions = Vec::new();
    for ry in 0..t.rows / side {
        for rx in 0..t.cols / side {
            if regions.len() == max {
                return regions;
            }
            let r: Vec<i32> = (0..side * side)
                .map(|k| i32::from(s[(ry * side + k / side) * t.cols + rx * side + k % side]))
                .collect();
            // (sum + n/2) / n with sum >= 0.
            let mean = (r.iter().sum::<i32>() + n / 2) / n;
            regions.push(r.iter().map(|v| v - mean).collect());
        }
    }
    regions
}

/// DC terms of the `side` x `side` regions (16: luma, 8: chroma): index 0 of `forward4x4`
/// of each 4x4 block of the region's residual, blocks in raster order.
fn dc_sets(t: &Tensor, side: usize, max_sets: usize) -> Vec<Vec<i32>> {
    let blocks = side / 4;
    residual_blocks(t, side, max_sets)
        .iter()
        .map(|r| {
            (0..blocks * blocks)
                .map(|b| {
                    let (by, bx) = (b / blocks, b % blocks);
                    let blk: [i32; 16] =
                        std::array::from_fn(|k| r[(by * 4 + k / 4) * side + bx * 4 + k % 4]);
                    transform::forward4x4(&blk)[0]
                })
                .collect()
        })
        .collect()
}

/// Columns of a lane with ports `<prefix>.{in_port, qp_i, dz_i, level_o, recon_o}`: the
/// inputs, QP and dead zone cycling per [`QP_CYCLE`] and [`DZ_CYCLE`], and the golden
/// (levels, reconstruction) that `golden` gives for (input, QP, dead zone).
fn lane_columns(
    prefix: &str,
    (in_port, in_width): (&str, u32),
    recon_width: u32,
    inputs: &[Vec<i32>],
    golden: impl Fn(&[i32], i32, Deadzone) -> (Vec<i32>, Vec<i32>),
) -> Vec<Column> {
    let mut cols = [
        Column::new(&format!("{prefix}.{in_port}"), in_width, true),
        Column::new(&format!("{prefix}.qp_i"), 6, false),
        Column::new(&format!("{prefix}.dz_i"), 10, false),
        Column::new(&format!("{prefix}.level_o"), 16, true),
        Column::new(&format!("{prefix}.recon_o"), recon_width, true),
    ];
    for (k, input) in inputs.iter().enumerate() {
        let qp = QP_CYCLE[k % QP_CYCLE.len()];
        let dz = DZ_CYCLE[k % DZ_CYCLE.len()];
        let (levels, recon) = golden(input, qp, Deadzone(dz));
        let wide = |v: &[i32]| v.iter().map(|&x| i64::from(x)).collect::<Vec<_>>();
        let row = [
            wide(input),
            vec![i64::from(qp)],
            vec![i64::from(dz)],
            wide(&levels),
            wide(&recon),
        ];
        for (col, r) in cols.iter_mut().zip(row) {
            col.rows.push(r);
        }
    }
    cols.into()
}

/// Columns of the 4x4 or 8x8 residual lane: levels = quant(forward(residual)),
/// recon = inverse(dequant(levels)).
fn residual_columns(blocks: &[Vec<i32>]) -> Vec<Column> {
    if blocks.first().map_or(16, Vec::len) == 16 {
        lane_columns("lane4x4", ("res_i", 9), 16, blocks, |r, qp, dz| {
            let r: [i32; 16] = r.try_into().unwrap();
            let l = quant::quant4x4(&transform::forward4x4(&r), qp, dz);
            let rec = transform::inverse4x4(&quant::dequant4x4(&l, qp));
            (l.to_vec(), rec.to_vec())
        })
    } else {
        lane_columns("lane8x8", ("res_i", 9), 16, blocks, |r, qp, dz| {
            let r: [i32; 64] = r.try_into().unwrap();
            let l = quant::quant8x8(&transform::forward8x8(&r), qp, dz);
            let rec = transform::inverse8x8(&quant::dequant8x8(&l, qp));
            (l.to_vec(), rec.to_vec())
        })
    }
}

/// Columns of the luma (16 DCs) or chroma (4 DCs) DC lane for `sets`.
fn dc_columns(prefix: &str, sets: &[Vec<i32>]) -> Vec<Column> {
    if sets.first().map_or(16, Vec::len) == 16 {
        lane_columns(prefix, ("dc_i", 13), 33, sets, |c, qp, dz| {
            let c: [i32; 16] = c.try_into().unwrap();
            let l = quant::quant_luma_dc(&transform::forward_luma_dc(&c), qp, dz);
            let d = quant::dequant_luma_dc(&transform::inverse_luma_dc(&l), qp);
            (l.to_vec(), d.to_vec())
        })
    } else {
        lane_columns(prefix, ("dc_i", 13), 30, sets, |c, qp, dz| {
            let c: [i32; 4] = c.try_into().unwrap();
            let l = quant::quant_chroma_dc(&transform::forward_chroma_dc(&c), qp, dz);
            let d = quant::dequant_chroma_dc(&transform::inverse_chroma_dc(&l), qp);
            (l.to_vec(), d.to_vec())
        })
    }
}

/// Columns of `align` (BFP, `g` elements per group, `n` per beat) for the first `groups`
/// groups of the tensor in row-major order.
fn align_columns(t: &Tensor, n: usize, g: usize, groups: usize) -> Result<Vec<Column>, String> {
    let bits = match &t.values {
        FloatVec::F32(v) => v.clone(),
        _ => return Err("align vectors need an FP32 tensor".into()),
    };
    if n == 0
        || g != SAMPLE_GROUP as usize
        || !t.cols.is_multiple_of(g)
        || !g.is_multiple_of(n)
        || g / n < 2
    {
        return Err(format!(
            "need G = {SAMPLE_GROUP} dividing the columns, N dividing G"
        ));
    }
    let codes = match &t.aligned.side {
        SideInfo::Bfp { exponents, .. } => exponents,
        _ => unreachable!("BFP alignment"),
    };
    let per = g / n;
    let idx_width = g.ilog2().max(1);
    let mut cols = [
        Column::new("align.fmt_i", 2, false),
        Column::new("align.data_i", 32, false),
        Column::new("align.sample_o", 8, false),
        Column::new("align.code_o", 8, false),
        Column::new("align.err_o", 1, false),
        Column::new("align.err_idx_o", idx_width, false),
        Column::new("align.last_o", 1, false),
    ];
    let beats = groups.min(t.rows * t.cols / g) * per;
    for i in 0..beats {
        let span = i * n..(i + 1) * n;
        let row = [
            vec![0], // FP32
            bits[span.clone()].iter().map(|&b| i64::from(b)).collect(),
            t.aligned.samples[span]
                .iter()
                .map(|&s| i64::from(s))
                .collect(),
            vec![i64::from(codes[i / per])],
            vec![0],
            // err_idx_o is meaningful only with err_o; the flow leaves it unchecked.
            vec![0],
            vec![i64::from(i % per == per - 1)],
        ];
        for (col, r) in cols.iter_mut().zip(row) {
            col.rows.push(r);
        }
    }
    Ok(cols.into())
}

const USAGE: &str = "usage: synth_vectors residual --size 4|8 --model FILE --tensor NAME \
                     [--blocks N] --out DIR\n       synth_vectors dc --kind luma|chroma --model FILE --tensor NAME \
                     [--sets N] --out DIR\n       synth_vectors align --model FILE --tensor \
                     NAME [--groups N] [--n N] [--g G] --out DIR";

fn run() -> Result<String, String> {
    let mut args = std::env::args().skip(1);
    let cmd = args.next().ok_or(USAGE)?;
    let (mut kind, mut model, mut tensor, mut out) = (None, None, None, None);
    let (mut count, mut n, mut g, mut size) = (None, 4usize, 32usize, 4usize);
    while let Some(flag) = args.next() {
        let val = args
            .next()
            .ok_or(format!("{flag} needs a value\n{USAGE}"))?;
        let num = |v: &str| v.parse::<usize>().map_err(|e| format!("{flag}: {e}"));
        match flag.as_str() {
            "--kind" => kind = Some(val),
            "--model" => model = Some(PathBuf::from(val)),
            "--tensor" => tensor = Some(val),
            "--out" => out = Some(PathBuf::from(val)),
            "--sets" | "--groups" | "--blocks" => count = Some(num(&val)?),
            "--size" => size = num(&val)?,
            "--n" => n = num(&val)?,
            "--g" => g = num(&val)?,
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    let (model, tensor, out) = (model.ok_or(USAGE)?, tensor.ok_or(USAGE)?, out.ok_or(USAGE)?);
    let t = load(&model, &tensor).map_err(|e| format!("{}: {e}", model.display()))?;
    let cols = match (cmd.as_str(), kind.as_deref()) {
        ("residual", None) if size == 4 || size == 8 => {
            residual_columns(&residual_blocks(&t, size, count.unwrap_or(1024)))
        }
        ("dc", Some("luma")) => dc_columns("lumadc", &dc_sets(&t, 16, count.unwrap_or(1024))),
        ("dc", Some("chroma")) => dc_columns("chromadc", &dc_sets(&t, 8, count.unwrap_or(1024))),
        ("align", None) => align_columns(&t, n, g, count.unwrap_or(512))?,
        _ => return Err(USAGE.into()),
    };
    std::fs::create_dir_all(&out).map_err(|e| format!("{}: {e}", out.display()))?;
    for c in &cols {
        c.write(&out)?;
    }
    let vectors = cols.first().map_or(0, |c| c.rows.len());
    Ok(format!(
        "{vectors} vectors of {} files in {}",
        cols.len(),
        out.display()
    ))
}

fn main() -> ExitCode {
    match run() {
        Ok(msg) => {
            println!("synth_vectors: {msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("synth_vectors: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packs_elements_lsb_first_in_twos_complement() {
        let mut c = Column::new("t", 4, true);
        c.rows.push(vec![-1, 2, 0]);
        c.rows.push(vec![7, -8, 1]);
        // element 0 in the low nibble: 0x0_2_f, 0x1_8_7
        assert_eq!(c.hex(0), "02f");
        assert_eq!(c.hex(1), "187");
        assert!(c.check().is_ok());
        c.rows.push(vec![8, 0, 0]);
        assert!(c.check().is_err());
    }

    #[test]
    fn residual_levels_and_recon_fit_the_lane_widths() {
        // The extreme residuals at QP 0 (largest levels) and a flat block.
        for n in [16, 64] {
            let blocks = vec![
                (0..n)
                    .map(|k| if k % 3 == 0 { 255 } else { -255 })
                    .collect(),
                vec![0; n],
            ];
            let cols = residual_columns(&blocks);
            assert_eq!(
                cols[0].name,
                if n == 16 {
                    "lane4x4.res_i"
                } else {
                    "lane8x8.res_i"
                }
            );
            assert!(cols.iter().all(|c| c.check().is_ok()));
            assert_eq!((cols[1].rows[0][0], cols[2].rows[0][0]), (0, 341));
            assert_eq!((cols[1].rows[1][0], cols[2].rows[1][0]), (6, 450));
            assert!(cols[3].rows[0].iter().any(|&l| l.abs() > 255));
            assert!(cols[3].rows[1]
                .iter()
                .chain(&cols[4].rows[1])
                .all(|&v| v == 0));
        }
    }

    #[test]
    fn wide_buses_cross_word_boundaries() {
        let mut c = Column::new("w", 33, true);
        c.rows.push(vec![-2, 1]);
        // 66 bits, 17 digits: element 0 = 2^33 - 2 (bits 0..33), element 1 = 1 at bit 33.
        assert_eq!(c.hex(0), "000000003fffffffe");
    }
}
