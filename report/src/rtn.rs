//! Per-row round-to-nearest (RTN) at integer bit depths, the baseline with
//! an ideal order-0 entropy coder and with zstd.
//!
//! Per row: `lo = min`, `hi = max`; scale `s` = the smallest FP16 value
//! `>= (hi - lo) / (2^b - 1)`, offset `z` = `lo` rounded to the nearest FP16
//! (side information: 2 x 16 bits per row). `q = clamp(round((x - z) / s),
//! 0, 2^b - 1)`, `x_hat = z + q * s`.

use crate::measure::Point;

/// Side-information bits per row: FP16 scale and FP16 offset.
pub const SIDE_BITS_PER_ROW: u64 = 32;
/// zstd level of the zstd column.
pub const ZSTD_LEVEL: i32 = 19;

/// The RTN curves of one tensor.
pub struct Rtn {
    /// Ideal order-0 entropy of the symbols (per tensor) + side information.
    pub entropy: Vec<Point>,
    /// zstd (level 19) of the symbols, one byte each + side information.
    pub zstd: Vec<Point>,
}

/// RTN of the `rows` x `cols` tensor `x` at every bit depth in `depths`.
pub fn curves(x: &[f64], rows: usize, cols: usize, depths: &[u32]) -> Rtn {
    let mut rtn = Rtn { entropy: Vec::new(), zstd: Vec::new() };
    let side_bytes = (rows as u64 * SIDE_BITS_PER_ROW / 8) as f64;
    for &b in depths {
        let (symbols, approx) = quantize(x, rows, cols, b);
        let setting = format!("b={b}");
        let h_bytes = entropy_bits(&symbols) / 8.0;
        rtn.entropy.push(Point::new(h_bytes + side_bytes, x.len(), x, &approx, setting.clone()));
        let z = zstd::bulk::compress(&symbols, ZSTD_LEVEL).expect("zstd compresses in memory");
        rtn.zstd.push(Point::new(z.len() as f64 + side_bytes, x.len(), x, &approx, setting));
    }
    rtn
}

/// Quantizes every row to `b` bits: the symbols (one byte each) and the
/// reconstruction.
pub fn quantize(x: &[f64], rows: usize, cols: usize, b: u32) -> (Vec<u8>, Vec<f64>) {
    assert!((1..=8).contains(&b) && x.len() == rows * cols);
    let top = f64::from((1u32 << b) - 1);
    let mut symbols = Vec::with_capacity(x.len());
    let mut approx = Vec::with_capacity(x.len());
    for row in x.chunks_exact(cols.max(1)) {
        let lo = row.iter().copied().fold(f64::INFINITY, f64::min);
        let hi = row.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let s = f16_ceil(((hi - lo) / top).max(0.0));
        let z = f16_nearest(lo);
        for &v in row {
            let q = if s > 0.0 { ((v - z) / s).round().clamp(0.0, top) } else { 0.0 };
            symbols.push(q as u8);
            approx.push(z + q * s);
        }
    }
    (symbols, approx)
}

/// Order-0 empirical entropy of `symbols`, in bits for all of them.
pub fn entropy_bits(symbols: &[u8]) -> f64 {
    let mut hist = [0u64; 256];
    for &s in symbols {
        hist[s as usize] += 1;
    }
    let n = symbols.len() as f64;
    hist.iter().filter(|&&c| c > 0).map(|&c| -(c as f64) * (c as f64 / n).log2()).sum()
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

/// `v` rounded to the nearest FP16 value (ties to even), saturated at +-65504.
pub fn f16_nearest(v: f64) -> f64 {
    if v == 0.0 {
        return 0.0;
    }
    let u = f16_ulp(v.abs());
    ((v.abs() / u).round_ties_even() * u).min(F16_MAX).copysign(v)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f16_rounding_matches_the_format() {
        assert_eq!(f16_nearest(1.0 + 1.0 / 2048.0), 1.0); // tie to even
        assert_eq!(f16_nearest(1.0 + 3.0 / 2048.0), 1.0 + 2.0 / 1024.0);
        assert_eq!(f16_ceil(1.0 + 1e-9), 1.0 + 1.0 / 1024.0);
        assert_eq!(f16_ceil(2f64.powi(-20)), 2f64.powi(-20)); // subnormal, exact
        assert_eq!(f16_ceil(1e9), F16_MAX);
        assert_eq!(f16_nearest(-0.1), -(1638.0 / 16384.0) - 0.0);
    }

    #[test]
    fn rtn_error_is_at_most_half_a_step() {
        let x: Vec<f64> = (0..64).map(|i| ((i * 37 % 64) as f64 - 31.5) * 0.01).collect();
        for b in 1..=8 {
            let (sym, y) = quantize(&x, 2, 32, b);
            assert!(sym.iter().all(|&s| u32::from(s) < 1 << b));
            for (row_x, row_y) in x.chunks(32).zip(y.chunks(32)) {
                let lo = row_x.iter().copied().fold(f64::INFINITY, f64::min);
                let hi = row_x.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let s = f16_ceil((hi - lo) / f64::from((1u32 << b) - 1));
                let slack = (lo - f16_nearest(lo)).abs();
                for (a, c) in row_x.iter().zip(row_y) {
                    assert!((a - c).abs() <= s / 2.0 + slack + 1e-12, "b={b}: {a} vs {c}");
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
