//! Block floating point (MX style): one shared power-of-two exponent per group
//! of `group` consecutive elements of a row, elements as 8-bit signed integers
//! (docs/align.md, section 3).
//!
//! Per group: pass 1 finds the largest magnitude, pass 2 shifts every
//! significand by the shared exponent with round-half-even.

use super::ieee::{bit_length, decode, magnitude_bits, rne_shift, round_to_format, Format};

/// Smallest shared exponent (E8M0 code 0 = 2^-127).
pub const EXP_MIN: i32 = -127;
/// Largest shared exponent (E8M0 code 254 = 2^127).
pub const EXP_MAX: i32 = 127;
/// E8M0 bias: code = E + 127.
pub const E8M0_BIAS: i32 = 127;
/// E8M0 code 0xff means NaN in the MX spec; it never appears here.
pub const E8M0_NAN: u8 = 0xff;
/// Fraction bits of an element: value = q * 2^(E - 6), |q| <= 127.
pub const ELEMENT_FRAC_BITS: i32 = 6;
/// Largest element magnitude (symmetric range -127..=127).
pub const Q_MAX: u64 = 127;
/// Sample offset: sample = q + 128.
pub const SAMPLE_ZERO: i32 = 128;

/// Shared exponent of a group from the magnitude field of its largest element:
/// `E = floor(log2(max |x|))` clamped to `[-127, 127]`; an all-zero group has
/// `E = -127`. For a finite maximum `m * 2^e`, `floor(log2) = bit_length(m) - 1 + e`.
pub(crate) fn shared_exponent(max_mag_bits: u32, fmt: Format) -> i32 {
    let d = decode(max_mag_bits, fmt);
    if d.m == 0 {
        return EXP_MIN;
    }
    // Finite inputs are below 2^128, so floor(log2) <= 127 and only the low clamp acts.
    (bit_length(u64::from(d.m)) as i32 - 1 + d.e).max(EXP_MIN)
}

/// The E8M0 code of a shared exponent in `[-127, 127]`.
pub(crate) fn e8m0(exp: i32) -> u8 {
    (exp + E8M0_BIAS) as u8
}

/// The signed element `q` (in -127..=127) for the finite pattern `bits` under
/// shared exponent `exp`, where `|x| < 2^(exp + 1)`:
/// with `x = (-1)^s m 2^e` and `sh = (exp - 6) - e`,
/// `|q| = m << -sh` when `sh <= 0` (exact, below 128), else `rne_shift(m, sh)`;
/// `|q|` is then clamped to 127 (only 128 can occur), and the sign applied.
pub(crate) fn quantize_element(bits: u32, exp: i32, fmt: Format) -> i32 {
    let d = decode(bits, fmt);
    let sh = (exp - ELEMENT_FRAC_BITS) - d.e;
    let mag = if sh <= 0 {
        u64::from(d.m) << (-sh).min(63)
    } else {
        rne_shift(u64::from(d.m), sh as u32)
    };
    let mag = mag.min(Q_MAX) as i32;
    if d.neg {
        -mag
    } else {
        mag
    }
}

/// Quantizes one group (finite patterns of one format) into `out` (same length)
/// and returns its E8M0 code.
pub(crate) fn quantize_group(bits: &[u32], fmt: Format, out: &mut [u8]) -> u8 {
    // Pass 1: largest magnitude, compared as integers on the magnitude field.
    let max_mag = bits
        .iter()
        .map(|&b| magnitude_bits(b, fmt))
        .max()
        .unwrap_or(0);
    let exp = shared_exponent(max_mag, fmt);
    // Pass 2: every element against the shared exponent.
    for (o, &b) in out.iter_mut().zip(bits) {
        *o = (quantize_element(b, exp, fmt) + SAMPLE_ZERO) as u8;
    }
    e8m0(exp)
}

/// The exact value of `sample` under E8M0 code `code` (not 0xff), rounded to
/// `fmt`: `(sample - 128) * 2^(code - 127 - 6)` through [`round_to_format`].
pub(crate) fn dequantize(sample: u8, code: u8, fmt: Format) -> u32 {
    let q = i32::from(sample) - SAMPLE_ZERO;
    let exp = i32::from(code) - E8M0_BIAS - ELEMENT_FRAC_BITS;
    round_to_format(q < 0, u64::from(q.unsigned_abs()), exp, fmt)
}

/// The exact value of `sample` under E8M0 code `code` as f64 (exact: at most
/// 8 significant bits, exponent in [-133, 121]).
pub(crate) fn value_f64(sample: u8, code: u8) -> f64 {
    let q = i32::from(sample) - SAMPLE_ZERO;
    let exp = i32::from(code) - E8M0_BIAS - ELEMENT_FRAC_BITS;
    f64::from(q) * pow2(exp)
}

/// 2^k as f64 for k in the normal range of f64 (exact).
pub(crate) fn pow2(k: i32) -> f64 {
    debug_assert!((-1022..=1023).contains(&k));
    f64::from_bits(((k + 1023) as u64) << 52)
}
