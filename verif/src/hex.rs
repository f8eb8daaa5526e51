//! The vector file format: one file per port, `<set>.<port>.hex`, read by `$readmemh`,
//! cocotb (`int(line, 16)`) and the Rust tests. Format: docs/verification.md, "Vector files".

use std::fmt::Write as _;
use std::io;
use std::path::{Path, PathBuf};

use crate::bits::{fits, pack_signed64};

/// One port's column of a vector set: name, element width, element count, signedness, and the
/// values per vector (line).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Column {
    /// `<set>.<port>`, e.g. `lane4x4.res_i`.
    pub name: String,
    /// Bits per element (1..=64).
    pub width: u32,
    /// Elements per vector.
    pub elems: usize,
    /// Two's-complement elements (else unsigned).
    pub signed: bool,
    /// One entry per vector, `elems` values each.
    pub rows: Vec<Vec<i64>>,
}

impl Column {
    /// An empty column.
    pub fn new(name: &str, width: u32, elems: usize, signed: bool) -> Column {
        Column {
            name: name.into(),
            width,
            elems,
            signed,
            rows: Vec::new(),
        }
    }

    /// Appends one vector.
    pub fn push(&mut self, row: Vec<i64>) {
        self.rows.push(row);
    }

    /// An error naming the first element that does not fit the width or a vector of the wrong
    /// length (a wrong width would otherwise wrap silently).
    pub fn check(&self) -> Result<(), String> {
        for (i, r) in self.rows.iter().enumerate() {
            if r.len() != self.elems {
                return Err(format!(
                    "{}: vector {i} has {} elements, not {}",
                    self.name,
                    r.len(),
                    self.elems
                ));
            }
            if let Some(v) = r.iter().find(|&&v| !fits(v, self.width, self.signed)) {
                return Err(format!(
                    "{}: vector {i}: {v} does not fit {} bits",
                    self.name, self.width
                ));
            }
        }
        Ok(())
    }

    /// Packed bus of vector `i` (element k at bits [k*width +: width]), as 32-bit words, least
    /// significant first. Unsigned elements are packed as their bit patterns.
    pub fn packed(&self, i: usize) -> Vec<u32> {
        pack_signed64(
            &self.rows[i]
                .iter()
                .map(|&v| {
                    // Unsigned values fit (checked); as signed they are v - 2^width above
                    // the signed range, the same bits.
                    if !self.signed && self.width < 64 && v >= 1 << (self.width - 1) {
                        v - (1 << self.width)
                    } else {
                        v
                    }
                })
                .collect::<Vec<_>>(),
            self.width,
        )
    }

    /// The file's text: the header line, then one hex line per vector.
    pub fn text(&self) -> String {
        let bits = self.width as usize * self.elems;
        let digits = bits.div_ceil(4);
        let mut text = String::new();
        let _ = writeln!(
            text,
            "// tricodec vectors: {} ({} bits = {} x {}-bit {}, element k at bits [k*{} +: {}]), {} vectors",
            self.name,
            bits,
            self.elems,
            self.width,
            if self.signed { "two's complement" } else { "unsigned" },
            self.width,
            self.width,
            self.rows.len()
        );
        for i in 0..self.rows.len() {
            text.push_str(&words_to_hex(&self.packed(i), digits));
            text.push('\n');
        }
        text
    }
}

/// Checks every column, then writes each to `dir/<name>.hex`.
pub fn write_columns(dir: &Path, cols: &[Column]) -> Result<Vec<PathBuf>, String> {
    for c in cols {
        c.check()?;
    }
    std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let mut paths = Vec::new();
    for c in cols {
        let p = dir.join(format!("{}.hex", c.name));
        std::fs::write(&p, c.text()).map_err(|e| format!("{}: {e}", p.display()))?;
        paths.push(p);
    }
    Ok(paths)
}

/// Reads a vector file back: one word vector (least significant word first) per line;
/// `//` comments and blank lines are skipped.
pub fn read_hex(path: &Path) -> io::Result<Vec<Vec<u32>>> {
    let text = std::fs::read_to_string(path)?;
    let mut out = Vec::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.split("//").next().unwrap_or("").trim();
        if line.is_empty() {
            continue;
        }
        out.push(hex_to_words(line).ok_or_else(|| {
            io::Error::new(
                io::ErrorKind::InvalidData,
                format!("{}:{}: bad hex line", path.display(), n + 1),
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

    #[test]
    fn packs_elements_lsb_first_in_twos_complement() {
        let mut c = Column::new("t", 4, 3, true);
        c.push(vec![-1, 2, 0]);
        c.push(vec![7, -8, 1]);
        // element 0 in the low nibble: 0x0_2_f, 0x1_8_7
        let t = c.text();
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(
            lines[0],
            "// tricodec vectors: t (12 bits = 3 x 4-bit two's complement, element k at bits [k*4 +: 4]), 2 vectors"
        );
        assert_eq!(&lines[1..], ["02f", "187"]);
        assert!(c.check().is_ok());
        c.push(vec![8, 0, 0]);
        assert!(c.check().unwrap_err().contains("8 does not fit 4 bits"));
    }

    #[test]
    fn unsigned_and_wide_columns() {
        let mut u = Column::new("u", 8, 2, false);
        u.push(vec![255, 128]);
        assert_eq!(u.text().lines().nth(1), Some("80ff"));
        let mut w = Column::new("w", 33, 2, true);
        w.push(vec![-2, 1]);
        // 66 bits, 17 digits: element 0 = 2^33 - 2 (bits 0..33), element 1 = 1 at bit 33.
        assert_eq!(w.text().lines().nth(1), Some("000000003fffffffe"));
    }
}
