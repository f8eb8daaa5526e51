//! Per-row round-to-nearest (RTN) at integer bit depths, the baseline with
//! an ideal order-0 entropy coder and with zstd.
//!
//! Per row (asymmetric min/max, integer zero point, zero exactly
//! representable): `lo = min(min x, 0)`, `hi = max(max x, 0)`; scale `s` =
//! the smallest FP16 value `>= (hi - lo) / (2^b - 1)`; zero point
//! `zp = round(-lo / s)` in `0..=2^b - 1`; `q = clamp(round(x / s) + zp, 0,
//! 2^b - 1)`, `x_hat = (q - zp) * s`. Side information: FP16 scale and a
//! 16-bit zero point, 2 x 16 bits per row.

use crate::measure::Point;

/// Side-information bits per row: FP16 scale and 16-bit zero point.
pub const SIDE_BITS_PER_ROW: u64 = 32;
/// zstd level of the zstd column.
pub const ZSTD_LEVEL: i32 = 19;

/// The RTN curves of one tensor.
pub struct Rtn {
    /// Ideal order-0 entropy of the centred symbols `q - zp` (one histogram
    /// per tensor) + side information.
    pub entropy: Vec<Point>,
    /// zstd (level 19) of the centred symbols, one byte each (`q - zp` as a
    /// two's complement byte) + side information.
    pub zstd: Vec<Point>,
}

/// RTN of the `rows` x `cols` tensor `x` at the bit depths in `depths`
/// (ascending, 1..=7 so that a centred symbol fits a byte), stopping after
/// the first depth whose two rates both exceed `max_rate` (higher depths
/// cannot bracket a target rate).
pub fn curves(x: &[f64], rows: usize, cols: usize, depths: &[u32], max_rate: f64) -> Rtn {
    let mut rtn = Rtn {
        entropy: Vec::new(),
        zstd: Vec::new(),
    };
    let side_bytes = (rows as u64 * SIDE_BITS_PER_ROW / 8) as f64;
    for &b in depths {
        assert!(b <= 7, "centred RTN symbols of {b} bits do not fit a byte");
        let qz = quantize(x, rows, cols, b);
        let setting = format!("b={b}");
        let h_bytes = entropy_bits(&qz.centred) / 8.0;
        let h = Point::new(
            h_bytes + side_bytes,
            x.len(),
            x,
            &qz.approx,
            setting.clone(),
        );
        let z = zstd::bulk::compress(&qz.centred, ZSTD_LEVEL).expect("zstd compresses in memory");
        let z = Point::new(z.len() as f64 + side_bytes, x.len(), x, &qz.approx, setting);
        let done = h.bits > max_rate && z.bits > max_rate;
        rtn.entropy.push(h);
        rtn.zstd.push(z);
        if done {
            break;
        }
    }
    rtn
}

/// A tensor quantized by per-row RTN.
pub struct Quantized {
    /// The codes `q` in `0..2^b`, one byte each.
    pub symbols: Vec<u8>,
    /// `q - zp` as a two's complement byte (a bijection of `q - zp` for
    /// b <= 7): the same value has the same symbol in every row.
    pub centred: Vec<u8>,
    /// The reconstruction.
    pub approx: Vec<f64>,
}

/// Quantizes every row to `b` bits.
pub fn quantize(x: &[f64], rows: usize, cols: usize, b: u32) -> Quantized {
    assert!((1..=8).contains(&b) && x.len() == rows * cols);
    let top = f64::from((1u32 << b) - 1);
    let mut out = Quantized {
        symbols: Vec::with_capacity(x.len()),
        centred: Vec::with_capacity(x.len()),
        approx: Vec::with_capacity(x.len()),
    };
    for row in x.chunks_exact(cols.max(1)) {
        let lo = row.iter().copied().fold(0.0f64, f64::min);
        let hi = row.iter().copied().fold(0.0f64, f64::max);
        let s = f16_ceil((hi - lo) / top);
        let zp = if s > 0.0 {
            (-lo / s).round().clamp(0.0, top)
        } else {
            0.0
        };
        for &v in row {
            let q = if s > 0.0 {
                ((v / s).round() + zp).clamp(0.0, top)
            } else {
                zp
            };
            out.symbols.push(q as u8);
            out.centred.push((q - zp) as i32 as u8);
            out.approx.push((q - zp) * s);
        }
    }
    out
}

/// The RTN variants of the diagnosis: (a) the same quantizer with one
/// order-0 entropy per row of the codes (sum over rows, no table cost);
/// (b) one entropy per tensor of the uncentred codes `q` (whose value for
/// x = 0, `zp`, differs between rows); (c) symmetric per-row absmax RTN, `s` = smallest FP16 >=
/// `max|x| / (2^(b-1) - 1)`, `q = round(x / s)` in `-(2^(b-1)-1)..=2^(b-1)-1`
/// (zero exact, symbols of every row centred alike), 16 side bits per row,
/// one entropy per tensor. Returns the curves (a), (b), (c).
pub fn variants(x: &[f64], rows: usize, cols: usize, depths: &[u32]) -> [Vec<Point>; 3] {
    let (mut per_row, mut uncentred, mut sym) = (Vec::new(), Vec::new(), Vec::new());
    for &b in depths {
        let qz = quantize(x, rows, cols, b);
        let side = (rows as u64 * SIDE_BITS_PER_ROW) as f64;
        let h: f64 = qz.symbols.chunks_exact(cols).map(entropy_bits).sum();
        per_row.push(Point::new(
            (h + side) / 8.0,
            x.len(),
            x,
            &qz.approx,
            format!("b={b}"),
        ));
        let h = entropy_bits(&qz.symbols);
        uncentred.push(Point::new(
            (h + side) / 8.0,
            x.len(),
            x,
            &qz.approx,
            format!("b={b}"),
        ));
        if b >= 2 {
            let (bits, approx) = symmetric(x, cols, b);
            let bytes = bits / 8.0;
            sym.push(Point::new(bytes, x.len(), x, &approx, format!("b={b}")));
        }
    }
    [per_row, uncentred, sym]
}

/// Symmetric per-row absmax RTN at `b` >= 2 bits (variant (c) of
/// `variants`): (bits with an ideal entropy coder + 16 side bits per row,
/// reconstruction).
pub fn symmetric(x: &[f64], cols: usize, b: u32) -> (f64, Vec<f64>) {
    let top = f64::from((1u32 << (b - 1)) - 1);
    let mut symbols = Vec::with_capacity(x.len());
    let mut approx = Vec::with_capacity(x.len());
    let mut rows = 0;
    for row in x.chunks_exact(cols) {
        rows += 1;
        let m = row.iter().fold(0.0f64, |a, v| a.max(v.abs()));
        let s = f16_ceil(m / top);
        for &v in row {
            let q = if s > 0.0 {
                (v / s).round().clamp(-top, top)
            } else {
                0.0
            };
            symbols.push((q + top) as u8);
            approx.push(q * s);
        }
    }
    (entropy_bits(&symbols) + 16.0 * f64::from(rows), approx)
}

/// Order-0 empirical entropy of `symbols`, in bits for all of them.
pub fn entropy_bits(symbols: &[u8]) -> f64 {
    let mut hist = [0u64; 256];
    for &s in symbols {
        hist[s as usize] += 1;
    }
    let n = symbols.len() as f64;
    hist.iter()
        .filter(|&&c| c > 0)
        .map(|&c| -(c as f64) * (c as f64 / n).log2())
        .sum()
}

/// Largest finite FP16 value.
const F16_MAX: f64 = 65504.0;

/// Spacing of FP16 values around `v` (> 0): 2^(e - 10) for normal values of
/// binade e, 2^-24 below 2^-14.
fn f16_ulp(v: f64) -> f64 {
    let e = ((v.to_bits() >> 52) & 0x7ff) as i32 - 1023;
    2f64.powi(e.max(-14) - 10)
}

/// The smallest FP16 value `>= v` (`v >= 0`), saturated at 65504.
pub fn f16_ceil(v: f64) -> f64 {
    if v == 0.0 {
        return 0.0;
    }
    let u = f16_ulp(v);
    ((v / u).ceil() * u).min(F16_MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f16_rounding_matches_the_format() {
        assert_eq!(f16_ceil(1.0 + 1e-9), 1.0 + 1.0 / 1024.0);
        assert_eq!(f16_ceil(2f64.powi(-20)), 2f64.powi(-20)); // subnormal, exact
        assert_eq!(f16_ceil(1e9), F16_MAX);
        assert_eq!(f16_ceil(0.1), 1639.0 / 16384.0); // 0.1 in [2^-4, 2^-3): ulp 2^-14
    }

    #[test]
    fn rtn_error_is_at_most_one_step_and_zero_is_exact() {
        // Rows of mixed sign, one all positive; zeros sprinkled in.
        let x: Vec<f64> = (0..96)
            .map(|i| {
                if i % 7 == 0 {
                    0.0
                } else {
                    ((i * 37 % 64) as f64 - 31.5) * 0.01
                }
            })
            .enumerate()
            .map(|(i, v)| if i >= 64 { v.abs() + 0.05 } else { v })
            .collect();
        for b in 1..=8 {
            let qz = quantize(&x, 3, 32, b);
            let y = qz.approx;
            assert!(qz.symbols.iter().all(|&s| u32::from(s) < 1 << b));
            for (row_x, row_y) in x.chunks(32).zip(y.chunks(32)) {
                let lo = row_x.iter().copied().fold(0.0f64, f64::min);
                let hi = row_x.iter().copied().fold(0.0f64, f64::max);
                let s = f16_ceil((hi - lo) / f64::from((1u32 << b) - 1));
                for (a, c) in row_x.iter().zip(row_y) {
                    // Rounding the zero point can clip an end by half a step.
                    assert!((a - c).abs() <= s + 1e-12, "b={b}: {a} vs {c}");
                    if *a == 0.0 {
                        assert_eq!(*c, 0.0);
                    }
                }
            }
        }
    }

    #[test]
    fn entropy_of_uniform_symbols() {
        let s: Vec<u8> = (0..1024).map(|i| (i % 4) as u8).collect();
        assert!((entropy_bits(&s) - 2048.0).abs() < 1e-9);
        assert_eq!(entropy_bits(&[7; 10]), 0.0);
    }
}
