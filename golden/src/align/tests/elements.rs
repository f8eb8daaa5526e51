//! Element-level rules against the independent references: decoding, the BFP
//! shared exponent and element rounding, the affine quotient and scale, and
//! the rounding of dequantized values. Exhaustive over all FP16 and BF16
//! patterns; proptests for FP32.
//!
//! Why the f64 references decide every rounding exactly:
//! - BFP: `x / 2^(E-6)` is a power-of-two scaling of an exact f64, itself exact
//!   (results stay within f64's normal range), so `round_ties_even` sees the
//!   true quotient.
//! - Affine: `|x| / s` with `x = m 2^e` (m < 2^24) and `s = ms 2^es` (ms < 2^11)
//!   is rounded by f64 division, but a true quotient that is not a half-integer
//!   lies at least `2^min(d,0) / (2 ms)` from every half-integer (`d = e - es`);
//!   for quotients >= 1/2 (else both sides give 0) that is >= 2^-26, while f64's
//!   rounding error below 2^9 is <= 2^-44: the f64 quotient cannot reach or cross
//!   a half-integer it should not, and exact half-integers are exact in f64.

use proptest::prelude::*;

use super::reference::{ceil_scale, floor_log2, is_finite, p2, term, value, Rounder};
use crate::align::ieee::{decode, format, non_finite, round_to_format, F16};
use crate::align::{affine, bfp, Dtype, RowParams};

const ALL: [Dtype; 3] = [Dtype::F32, Dtype::F16, Dtype::Bf16];
const HALF: [Dtype; 2] = [Dtype::F16, Dtype::Bf16];

/// Value of the decoded integers, `(-1)^neg m 2^e`, in f64 (exact).
fn decoded_value(bits: u32, dtype: Dtype) -> f64 {
    let d = decode(bits, format(dtype));
    let v = f64::from(d.m) * p2(d.e);
    if d.neg {
        -v
    } else {
        v
    }
}

/// BFP element reference: clamp(rne(x / 2^(E-6)), -127, 127).
fn bfp_ref(v: f64, exp: i32) -> i32 {
    (v / p2(exp - 6)).round_ties_even().clamp(-127.0, 127.0) as i32
}

/// Shared exponent reference: max(floor(log2 |x|), -127), -127 for 0.
fn exp_ref(v: f64) -> i32 {
    if v == 0.0 {
        -127
    } else {
        floor_log2(v).max(-127)
    }
}

#[test]
fn decode_is_exact_for_every_16bit_pattern() {
    for dtype in HALF {
        let fmt = format(dtype);
        for b in 0..=0xffffu32 {
            assert_eq!(
                non_finite(b, fmt).is_none(),
                is_finite(b, dtype),
                "{dtype:?} {b:#x}"
            );
            if is_finite(b, dtype) {
                assert_eq!(decoded_value(b, dtype), value(b, dtype), "{dtype:?} {b:#x}");
                assert_eq!(decode(b, fmt).neg, b & 0x8000 != 0);
            }
        }
    }
}

#[test]
fn non_finite_kinds() {
    use crate::align::ieee::NonFinite::*;
    let f32f = format(Dtype::F32);
    assert_eq!(non_finite(0x7f80_0000, f32f), Some(PosInf));
    assert_eq!(non_finite(0xff80_0000, f32f), Some(NegInf));
    assert_eq!(non_finite(0x7f80_0001, f32f), Some(Nan));
    assert_eq!(non_finite(0xffc0_0000, f32f), Some(Nan));
    assert_eq!(non_finite(0x7f7f_ffff, f32f), None);
    assert_eq!(non_finite(0x7c00, F16), Some(PosInf));
    assert_eq!(non_finite(0xfe00, F16), Some(Nan));
    assert_eq!(non_finite(0xff80, format(Dtype::Bf16)), Some(NegInf));
}

#[test]
fn bfp_shared_exponent_for_every_16bit_pattern() {
    for dtype in HALF {
        let fmt = format(dtype);
        for b in (0..=0xffffu32).filter(|&b| is_finite(b, dtype)) {
            let mag = b & 0x7fff;
            assert_eq!(
                bfp::shared_exponent(mag, fmt),
                exp_ref(value(b, dtype)),
                "{dtype:?} {b:#x}"
            );
        }
    }
}

#[test]
fn bfp_element_rounding_for_every_16bit_pattern() {
    // Every finite x against every shared exponent it can meet in a group
    // (E >= its own exponent) up to where the element is certainly 0.
    for dtype in HALF {
        let fmt = format(dtype);
        for b in (0..=0xffffu32).filter(|&b| is_finite(b, dtype)) {
            let v = value(b, dtype);
            let e0 = exp_ref(v);
            for exp in e0..=(e0 + 10).min(127) {
                assert_eq!(
                    bfp::quantize_element(b, exp, fmt),
                    bfp_ref(v, exp),
                    "{dtype:?} {b:#x} E={exp}"
                );
            }
        }
    }
}

/// FP16 scales for the quotient test: subnormal, binade edges, odd significands.
const SCALES: [u16; 16] = [
    0x0001, 0x0003, 0x02ab, 0x03ff, 0x0400, 0x0401, 0x1c01, 0x2e66, 0x3555, 0x3c00, 0x3c01, 0x3fff,
    0x4bfe, 0x5a5b, 0x7bff, 0x7a00,
];

#[test]
fn affine_quotient_for_every_16bit_pattern() {
    for dtype in HALF {
        let fmt = format(dtype);
        for b in (0..=0xffffu32).filter(|&b| is_finite(b, dtype)) {
            let v = value(b, dtype).abs();
            for s in SCALES {
                let sv = value(u32::from(s), Dtype::F16);
                if v > 256.0 * sv {
                    continue; // never inside a row (|x| <= 255 s)
                }
                let got = affine::quotient(decode(b, fmt), decode(u32::from(s), F16));
                assert_eq!(
                    got as f64,
                    (v / sv).round_ties_even(),
                    "{dtype:?} {b:#x} s={s:#x}"
                );
            }
        }
    }
}

/// Exact scale reference for 16-bit sums: hi + lo is exact in f64 for FP16
/// (multiples of 2^-24 below 2^17); step the FP16 pattern from the f64
/// estimate until `255 s >= A` holds for it and not for its predecessor
/// (255 s is exact in f64, so each comparison is exact).
fn ceil_scale_f16_sum(a: f64) -> Option<u16> {
    let r = Rounder::new_cached();
    if 255.0 * 65504.0 < a {
        return None;
    }
    let mut p = r.round(a / 255.0, Dtype::F16) as u16;
    let val = |p: u16| value(u32::from(p), Dtype::F16);
    while 255.0 * val(p) < a {
        p += 1;
    }
    while p > 0 && 255.0 * val(p - 1) >= a {
        p -= 1;
    }
    Some(p)
}

#[test]
fn affine_scale_for_every_fp16_max() {
    // Every nonnegative FP16 `hi` against a set of `lo` magnitudes, including 0,
    // the smallest subnormal and values that make exact multiples of 255.
    let los: [u16; 8] = [
        0x0000, 0x0001, 0x0155, 0x3c00, 0x5bf8, 0x2bf8, 0x7bff, 0x0400,
    ];
    for hi in 0..=0x7bffu16 {
        for lo in los {
            let a = value(u32::from(hi), Dtype::F16) + value(u32::from(lo), Dtype::F16);
            let got = affine::scale_fp16(decode(u32::from(hi), F16), decode(u32::from(lo), F16));
            assert_eq!(got, ceil_scale_f16_sum(a), "hi={hi:#x} lo={lo:#x}");
        }
    }
}

#[test]
fn affine_scale_for_bf16_maxima_exact() {
    // BF16 sums are not exact in f64: the big-integer reference decides.
    let bf = format(Dtype::Bf16);
    let los: [u32; 5] = [0x0000, 0x0001, 0x3c00, 0x0080, 0x4b7f];
    for hi in (0..=0x7f7fu32).step_by(7) {
        for lo in los {
            let got = affine::scale_fp16(decode(hi, bf), decode(lo, bf));
            let want = ceil_scale(&[term(hi, Dtype::Bf16), term(lo, Dtype::Bf16)]);
            assert_eq!(got, want, "hi={hi:#x} lo={lo:#x}");
        }
    }
}

#[test]
fn bfp_dequantize_every_sample_and_code() {
    let r = Rounder::new_cached();
    for dtype in ALL {
        for code in 0..=254u8 {
            for sample in 0..=255u8 {
                // Exact: at most 8 significant bits times 2^(code - 133).
                let v = f64::from(i32::from(sample) - 128) * p2(i32::from(code) - 133);
                assert_eq!(bfp::value_f64(sample, code), v);
                assert_eq!(
                    bfp::dequantize(sample, code, format(dtype)),
                    r.round(v, dtype),
                    "{dtype:?} code={code} sample={sample}"
                );
            }
        }
    }
}

#[test]
fn affine_dequantize_every_fp16_scale() {
    let r = Rounder::new_cached();
    let diffs: [i32; 13] = [-255, -254, -129, -128, -127, -3, -1, 0, 1, 2, 127, 128, 255];
    for scale in 0..=0x7bffu16 {
        let sv = value(u32::from(scale), Dtype::F16);
        for diff in diffs {
            let zp = if diff >= 0 { 0 } else { 255 };
            let p = RowParams {
                scale,
                zero_point: zp as u8,
            };
            let sample = (zp + diff) as u8;
            // Exact: below 2^19 times 2^es.
            let v = f64::from(diff) * sv;
            assert_eq!(affine::value_f64(sample, p), v);
            for dtype in ALL {
                assert_eq!(
                    affine::dequantize(sample, p, format(dtype)),
                    r.round(v, dtype),
                    "{dtype:?} scale={scale:#x} diff={diff}"
                );
            }
        }
    }
}

#[test]
fn round_to_format_hand_cases() {
    let (f32f, bf) = (format(Dtype::F32), format(Dtype::Bf16));
    // 2^128 saturates to the largest FP32; -128 * 2^121 likewise (negative).
    assert_eq!(round_to_format(false, 1, 128, f32f), 0x7f7f_ffff);
    assert_eq!(round_to_format(true, 128, 121, f32f), 0xff7f_ffff);
    // 0x1FF * 2^-9 = 1 + 511/512: BF16 keeps 7 bits, rounds up to 2.0.
    assert_eq!(round_to_format(false, 0x1ff, -8, bf), 0x4000);
    // 2049 (tie between 2048 and 2050 in FP16) -> 2048; 2051 -> 2052.
    assert_eq!(round_to_format(false, 2049, 0, F16), 0x6800);
    assert_eq!(round_to_format(false, 2051, 0, F16), 0x6802);
    // Subnormal FP16: 3 * 2^-26 = 0.75 LSB -> 1 LSB; 2^-25 (tie with 0) -> +0 / -0.
    assert_eq!(round_to_format(false, 3, -26, F16), 0x0001);
    assert_eq!(round_to_format(false, 1, -25, F16), 0x0000);
    assert_eq!(round_to_format(true, 1, -25, F16), 0x8000);
    // Largest subnormal + rounding carries into the smallest normal.
    assert_eq!(round_to_format(false, 0x7ff, -25, F16), 0x0400);
    // 65520 is the FP16 overflow tie: saturates to 65504.
    assert_eq!(round_to_format(false, 65520, 0, F16), 0x7bff);
    assert_eq!(round_to_format(false, 0, 50, F16), 0x0000);
}

fn finite_f32() -> impl Strategy<Value = u32> {
    prop_oneof![
        any::<u32>(),
        (any::<bool>(), 0u32..0x80_0000).prop_map(|(s, m)| (u32::from(s) << 31) | m),
        (any::<bool>(), 0u32..16, any::<u32>())
            .prop_map(|(s, e, m)| (u32::from(s) << 31) | ((e * 16) << 23) | (m & 0x7f_ffff)),
    ]
    .prop_map(|b| {
        if b & 0x7f80_0000 == 0x7f80_0000 {
            b & 0xbfff_ffff
        } else {
            b
        }
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn decode_f32_is_exact(bits in finite_f32()) {
        prop_assert_eq!(decoded_value(bits, Dtype::F32), value(bits, Dtype::F32));
    }

    #[test]
    fn bfp_element_f32(bits in finite_f32(), up in 0i32..30) {
        let v = value(bits, Dtype::F32);
        let exp = (exp_ref(v) + up).min(127);
        prop_assert_eq!(bfp::quantize_element(bits, exp, format(Dtype::F32)), bfp_ref(v, exp));
        if up == 0 {
            prop_assert_eq!(bfp::shared_exponent(bits & 0x7fff_ffff, format(Dtype::F32)), exp);
        }
    }

    #[test]
    fn affine_quotient_f32(
        s in 1u16..0x7c00,
        sign in any::<bool>(),
        x_man in 0u32..0x80_0000,
        x_down in 1i32..60,
    ) {
        // x from 2^8 times the scale's binade down to far below it.
        let sv = value(u32::from(s), Dtype::F16);
        let x_e = (floor_log2(sv) + 8 + 127 - x_down).clamp(0, 254) as u32;
        let bits = (u32::from(sign) << 31) | (x_e << 23) | x_man;
        let v = value(bits, Dtype::F32).abs();
        prop_assume!(v <= 256.0 * sv);
        let got = affine::quotient(decode(bits, format(Dtype::F32)), decode(u32::from(s), F16));
        prop_assert_eq!(got as f64, (v / sv).round_ties_even());
    }

    #[test]
    fn affine_scale_f32(hi in finite_f32(), lo in finite_f32(), shift in 0u32..9) {
        // Shift the exponents down so that many pairs have a representable scale.
        let f = format(Dtype::F32);
        let pull = |b: u32| {
            let e = (b >> 23) & 0xff;
            (b & 0x807f_ffff) | (e.saturating_sub(shift * 16) << 23)
        };
        let (hi, lo) = (pull(hi) & 0x7fff_ffff, pull(lo) & 0x7fff_ffff);
        let want = ceil_scale(&[term(hi, Dtype::F32), term(lo, Dtype::F32)]);
        prop_assert_eq!(affine::scale_fp16(decode(hi, f), decode(lo, f)), want);
    }

    #[test]
    fn affine_scale_near_exact_multiples(
        k in prop_oneof![3 => Just(-24i32), 1 => -24i32..=5],
        n in prop_oneof![3 => 1u32..4, 1 => 1u32..=2048],
        lo_man in 0u32..0x80_0000,
        lo_down in 1i32..40,
        j in -3i32..=3,
    ) {
        // Sums within a few ULPs of a multiple n * 255 * 2^k of the FP16 quantum,
        // where fixed-point carries and sticky bits decide the ceiling.
        let f = format(Dtype::F32);
        let target = f64::from(n) * 255.0 * p2(k);
        let lo_e = (floor_log2(target) + 127 - lo_down).max(0) as u32;
        let lo = lo_man | (lo_e << 23);
        let lo_v = value(lo, Dtype::F32);
        prop_assume!(lo_v < target);
        let hi = ((target - lo_v) as f32).to_bits();
        let hi = (i64::from(hi) + i64::from(j)).clamp(0, 0x7f7f_ffff) as u32;
        let want = ceil_scale(&[term(hi, Dtype::F32), term(lo, Dtype::F32)]);
        prop_assert_eq!(affine::scale_fp16(decode(hi, f), decode(lo, f)), want);
        prop_assert_eq!(affine::scale_fp16(decode(lo, f), decode(hi, f)), want);
    }

    #[test]
    fn round_to_format_matches_reference(
        mag in 0u64..(1 << 53),
        bits in 0u32..54,
        exp in -1000i32..900,
        neg in any::<bool>(),
    ) {
        let r = Rounder::new_cached();
        let mag = mag >> (53 - bits);
        let v = mag as f64 * p2(exp);
        let v = if neg { -v } else { v };
        for dtype in ALL {
            prop_assert_eq!(round_to_format(neg, mag, exp, format(dtype)), r.round(v, dtype));
        }
    }
}
