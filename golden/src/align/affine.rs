//! Per-row affine quantization: an FP16 scale `s` and an 8-bit zero point `zp`
//! per row, `x ~ (q - zp) * s` with `q` in 0..=255 (docs/align.md, section 4).
//!
//! Per row: pass 1 finds the largest positive and largest negative magnitude
//! (the row's max and min with 0 included); the scale and zero point follow;
//! pass 2 divides every element by the scale with round-half-even.
//!
//! The scale is rounded *up* to FP16, so `255 * s >= max - min`; together with
//! round-half-even everywhere this bounds every element's error by `s / 2`.

use super::ieee::{bit_length, decode, magnitude_bits, rne_div, round_to_format, Decoded};
use super::ieee::{Format, F16};

/// Fraction bits of the fixed-point range sum (LSB 2^-40, see [`scale_fp16`]).
const FX_FRAC: i32 = 40;
/// Largest sample.
const SAMPLE_MAX: i64 = 255;
/// Levels the range is divided into: samples 0..=255.
const STEPS: u128 = 255;
/// FP16 quantum exponents tried for the scale: 2^-24 (subnormal LSB) to 2^5
/// (LSB of the top binade [2^15, 2^16)).
const SCALE_K_MIN: i32 = -24;
const SCALE_K_MAX: i32 = 5;
/// Zero point of a row whose scale is 0 (an all-zero row): mid-grey.
pub const ZP_ZERO_ROW: u8 = 128;

/// Side information of one row: FP16 scale bits and zero point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RowParams {
    /// IEEE binary16 bit pattern of the scale (finite, sign bit clear).
    pub scale: u16,
    /// Sample that stands for 0.0.
    pub zero_point: u8,
}

/// Pass 1 of a row: magnitude fields of the largest nonnegative element
/// (`hi`, the row max with 0 included) and of the largest element with the
/// sign bit set (`lo`, minus the row min with 0 included). Both 0 when absent.
pub(crate) fn row_extremes(bits: &[u32], fmt: Format) -> (u32, u32) {
    let mut hi = 0;
    let mut lo = 0;
    for &b in bits {
        let mag = magnitude_bits(b, fmt);
        if b & fmt.sign_bit() != 0 {
            lo = lo.max(mag);
        } else {
            hi = hi.max(mag);
        }
    }
    (hi, lo)
}

/// `floor(v * 2^40)` and whether the floor discarded nonzero bits, for
/// `v = m * 2^e < 2^24` (so the floor is below 2^64).
fn to_fixed40(v: Decoded) -> (u128, bool) {
    let sh = v.e + FX_FRAC;
    let m = u128::from(v.m);
    if sh >= 0 {
        (m << sh, false)
    } else {
        let rs = (-sh).min(64) as u32;
        (m >> rs, m & ((1u128 << rs) - 1) != 0)
    }
}

/// FP16 bits of the smallest FP16 value `>= (hi + lo) / 255`, where `hi` and
/// `lo` are nonnegative magnitudes; `None` when that exceeds 65504.
///
/// Procedure (all integers):
/// 1. If `hi >= 2^24` or `lo >= 2^24`: `None` (then `(hi + lo) / 255 > 65504`).
/// 2. `A = fx(hi) + fx(lo)` with `fx(v) = floor(v * 2^40)` (below 2^64 each),
///    `t` = either floor discarded nonzero bits. `A` plus an infinitesimal when
///    `t` stands for the exact sum: it can only be off when the two discarded
///    fractions add up to more than one LSB (a lost carry), which needs both
///    operands below 2^-17 (an FP32 value >= 2^-17 is a multiple of 2^-40) and
///    one below 2^-18 (fraction above half an LSB), hence a sum below
///    192 * 2^-24, where every nonzero sum gives the smallest scale 2^-24 anyway.
///    (40 is the fewest fraction bits with this property: with 39 the lost-carry
///    sums reach 384 * 2^-24 > 255 * 2^-24, and the tests find such cases.)
/// 3. `A == 0 && !t`: scale 0 (bits 0x0000).
/// 4. `k` = the smallest of -24..=5 with `(A, t) <= 2048 * D_k`, `D_k = 255 << (k + 40)`
///    (i.e. `A < 2048 D_k`, or `A == 2048 D_k` and `!t`); none: `None`.
/// 5. `m = A / D_k`, plus 1 when `A % D_k != 0` or `t` (ceiling).
/// 6. `m == 2048` becomes `m = 1024, k + 1` (`k + 1 > 5`: `None`). FP16 bits:
///    `(k + 25) << 10 | (m - 1024)` when `m >= 1024`, else `m` (subnormal, k = -24).
pub(crate) fn scale_fp16(hi: Decoded, lo: Decoded) -> Option<u16> {
    let too_big = |v: Decoded| v.m != 0 && bit_length(u64::from(v.m)) as i32 + v.e > 24;
    if too_big(hi) || too_big(lo) {
        return None;
    }
    let (a_hi, t_hi) = to_fixed40(hi);
    let (a_lo, t_lo) = to_fixed40(lo);
    let a = a_hi + a_lo;
    let t = t_hi || t_lo;
    if a == 0 && !t {
        return Some(0);
    }
    for k in SCALE_K_MIN..=SCALE_K_MAX {
        let d = STEPS << (k + FX_FRAC);
        let limit = d << 11;
        if a < limit || (a == limit && !t) {
            let m = a / d + u128::from(a % d != 0 || t);
            return encode_scale(m as u32, k);
        }
    }
    None
}

/// FP16 bits of `m * 2^k` for `m` in 1..=2048, `k` in -24..=5 (see step 6).
fn encode_scale(m: u32, k: i32) -> Option<u16> {
    let (m, k) = if m == 2048 { (1024, k + 1) } else { (m, k) };
    if k > SCALE_K_MAX {
        return None;
    }
    if m >= 1024 {
        Some((((k + 25) as u32) << 10 | (m - 1024)) as u16)
    } else {
        Some(m as u16)
    }
}

/// `round_half_even(|x| / s)` for `x = m * 2^e` and a positive FP16 scale
/// `s = ms * 2^es`: `d = e - es`; `d >= 0`: `rne_div(m << d, ms)`; `d < 0`:
/// `rne_div(m, ms << -d)`. Inside a row `|x| <= 255 s`, so `d <= 18` and the
/// quotient is at most 255; `d < -25` gives 0 (the quotient is below 1/4).
/// Out-of-row inputs (never produced) saturate at 2^16 for `d > 40`.
pub(crate) fn quotient(x: Decoded, s: Decoded) -> u64 {
    let d = x.e - s.e;
    let (m, ms) = (u128::from(x.m), u128::from(s.m));
    if d > 40 {
        1 << 16
    } else if d >= 0 {
        rne_div(m << d, ms) as u64
    } else if d >= -40 {
        rne_div(m, ms << -d) as u64
    } else {
        0
    }
}

/// Zero point for a row with minimum `-lo` (`lo` a magnitude field) and
/// scale bits `scale`: `round_half_even(lo / s)`, or 128 when `s == 0`.
pub(crate) fn zero_point(lo_mag: u32, fmt: Format, scale: u16) -> u8 {
    if scale == 0 {
        return ZP_ZERO_ROW;
    }
    let s = decode(u32::from(scale), F16);
    // lo <= 255 s, so the quotient is at most 255.
    quotient(decode(lo_mag, fmt), s).min(SAMPLE_MAX as u64) as u8
}

/// The sample of the finite pattern `bits`: `t = round_half_even(|x| / s)`,
/// `q = clamp(zp + t, 0, 255)` for `x >= 0` (sign bit clear) and
/// `q = clamp(zp - t, 0, 255)` otherwise. A row with scale 0 gives `zp`.
/// Ties are decided on `|x| / s` alone, before `zp` is added.
pub(crate) fn quantize_element(bits: u32, fmt: Format, p: RowParams) -> u8 {
    if p.scale == 0 {
        return p.zero_point;
    }
    let x = decode(bits, fmt);
    let s = decode(u32::from(p.scale), F16);
    let t = quotient(x, s).min(1 << 16) as i64;
    let zp = i64::from(p.zero_point);
    let q = if x.neg { zp - t } else { zp + t };
    q.clamp(0, SAMPLE_MAX) as u8
}

/// Quantizes one row of finite patterns into `out` and returns its parameters.
/// `None` when the row's range needs a scale above the largest FP16 value.
pub(crate) fn quantize_row(bits: &[u32], fmt: Format, out: &mut [u8]) -> Option<RowParams> {
    let (hi, lo) = row_extremes(bits, fmt);
    let scale = scale_fp16(decode(hi, fmt), decode(lo, fmt))?;
    let p = RowParams {
        scale,
        zero_point: zero_point(lo, fmt, scale),
    };
    for (o, &b) in out.iter_mut().zip(bits) {
        *o = quantize_element(b, fmt, p);
    }
    Some(p)
}

/// `(sample - zp) * s` rounded to `fmt` through [`round_to_format`]; the
/// product `|sample - zp| * ms` (below 2^19) times `2^es` is the exact value.
pub(crate) fn dequantize(sample: u8, p: RowParams, fmt: Format) -> u32 {
    let diff = i32::from(sample) - i32::from(p.zero_point);
    let s = decode(u32::from(p.scale), F16);
    let mag = u64::from(diff.unsigned_abs()) * u64::from(s.m);
    round_to_format(diff < 0, mag, s.e, fmt)
}

/// `(sample - zp) * s` as f64 (exact: below 2^19 times 2^es, es >= -24).
pub(crate) fn value_f64(sample: u8, p: RowParams) -> f64 {
    let diff = i32::from(sample) - i32::from(p.zero_point);
    let s = decode(u32::from(p.scale), F16);
    f64::from(diff) * f64::from(s.m) * super::bfp::pow2(s.e)
}
