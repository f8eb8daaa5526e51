//! The public API: hand-worked cases (ties, clamps, sticky scale, overflow),
//! errors, whole-tensor proptests against the references, and side info.

use std::cmp::Ordering;

use proptest::prelude::*;

use super::reference::{ceil_scale, floor_log2, neg, p2, sign_of_sum, term, value, Rounder};
use crate::align::*;
use crate::error::Error;

/// FP32 bits of `m * 2^e` (exact by construction in every use).
fn f(m: f64, e: i32) -> u32 {
    ((m * p2(e)) as f32).to_bits()
}

fn bfp(bits: &[u32], rows: usize, cols: usize, group: u32) -> Aligned {
    align(
        "t",
        FloatSlice::F32(bits),
        rows,
        cols,
        AlignMode::Bfp { group },
    )
    .unwrap()
}

fn affine(bits: &[u32], cols: usize) -> Aligned {
    align(
        "t",
        FloatSlice::F32(bits),
        bits.len() / cols,
        cols,
        AlignMode::AffineRow,
    )
    .unwrap()
}

fn exps(a: &Aligned) -> Vec<u8> {
    match &a.side {
        SideInfo::Bfp { exponents, .. } => exponents.clone(),
        _ => panic!("not BFP"),
    }
}

fn params(a: &Aligned) -> Vec<(u16, u8)> {
    match &a.side {
        SideInfo::AffineRow { rows } => rows.iter().map(|p| (p.scale, p.zero_point)).collect(),
        _ => panic!("not affine"),
    }
}

#[test]
fn bfp_ties_and_clamp_by_hand() {
    // max 255 * 2^-7 = 1.9921875: E = 0 (code 127), step 2^-6.
    let x = [
        f(1.0, 0),     // 64
        f(1.0, -7),    // 0.5 -> 0 (tie to even)
        f(3.0, -7),    // 1.5 -> 2
        f(5.0, -7),    // 2.5 -> 2
        f(255.0, -7),  // 127.5 -> 128 -> clamped to 127
        f(-255.0, -7), // -127.5 -> -128 -> -127
        f(-1.0, -7),   // -0.5 -> 0
        0x8000_0000,   // -0.0 -> 0
    ];
    let a = bfp(&x, 1, 8, 8);
    assert_eq!(exps(&a), [127]);
    assert_eq!(a.samples, [192, 128, 130, 130, 255, 1, 128, 128]);
}

#[test]
fn bfp_groups_zero_subnormal_and_partial_by_hand() {
    // 2 x 5, group 2: three groups per row, the last one of a single element.
    let x = [
        f(4.0, 0),     // E = 2 (code 129), step 2^-4: 64
        f(-1.0, -2),   // -4
        0,             // all-zero group: code 0
        0,             //
        f(1.0, -130),  // E = -130 clamped to -127 (code 0), step 2^-133: 8
        f(1.0, -126),  // E = -126 (code 1), step 2^-132: 64
        f(-1.0, -149), // -2^-17 steps -> 0
        f(65504.0, 0), // E = 16 (code 143), step 2^10: 63.97 -> 64
        f(1.0, 16),    // 64
        f(-3.0, 0),    // E = 1 (code 128), step 2^-5: -96
    ];
    let a = bfp(&x, 2, 5, 2);
    assert_eq!(exps(&a), [129, 0, 0, 1, 143, 128]);
    assert_eq!(a.samples, [192, 124, 128, 128, 136, 192, 128, 192, 192, 32]);
    let back = to_f32(&a.samples, 2, 5, &a.side).unwrap();
    assert_eq!(back[4], 2f32.powi(-130));
    assert_eq!(back[9], -3.0);
}

#[test]
fn bfp_inverse_saturates_and_accepts_sample_zero() {
    // Sample 0 is q = -128; under code 254 that is -2^128: beyond FP32 and FP16.
    let side = SideInfo::Bfp {
        group: 2,
        exponents: vec![254],
    };
    let back = dealign(&[0, 255], 1, 2, &side, Dtype::F32).unwrap();
    assert_eq!(back, FloatVec::F32(vec![0xff7f_ffff, f(127.0, 121)]));
    let back = dealign(&[0, 255], 1, 2, &side, Dtype::F16).unwrap();
    assert_eq!(back, FloatVec::F16(vec![0xfbff, 0x7bff]));
    let back = dealign(&[0, 129], 1, 2, &side, Dtype::Bf16).unwrap();
    assert_eq!(back, FloatVec::Bf16(vec![0xff7f, 0x7c00])); // 2^121
}

/// `dequantize_sample` is what `dealign` gives for each sample: every sample
/// under every code, in each format, as one 255 x 256 tensor (a row per code);
/// and a few values by hand (FP16 subnormal ties, signed zero, saturation).
#[test]
fn dequantize_sample_is_dealign_per_sample() {
    let samples: Vec<u8> = (0..255).flat_map(|_| 0..=255u8).collect();
    let side = SideInfo::Bfp {
        group: 256,
        exponents: (0..255).collect(),
    };
    for dtype in [Dtype::F32, Dtype::F16, Dtype::Bf16] {
        let want: Vec<u32> = match dealign(&samples, 255, 256, &side, dtype).unwrap() {
            FloatVec::F32(v) => v,
            FloatVec::F16(v) | FloatVec::Bf16(v) => v.into_iter().map(u32::from).collect(),
        };
        for (i, &w) in want.iter().enumerate() {
            let (code, s) = ((i / 256) as u8, (i % 256) as u8);
            assert_eq!(dequantize_sample(s, code, dtype), w, "{dtype:?} {code} {s}");
        }
    }
    // FP16 under code 102: steps of 2^-31, subnormal unit 2^-24 = 128 steps.
    assert_eq!(dequantize_sample(128 + 64, 102, Dtype::F16), 0x0000); // 1/2: tie to 0
    assert_eq!(dequantize_sample(128 - 64, 102, Dtype::F16), 0x8000); // -1/2: -0
    assert_eq!(dequantize_sample(128 + 65, 102, Dtype::F16), 0x0001);
    assert_eq!(dequantize_sample(0, 102, Dtype::F16), 0x8001); // -1: exact
    assert_eq!(dequantize_sample(128, 200, Dtype::F16), 0x0000); // q = 0: +0
    assert_eq!(dequantize_sample(255, 143, Dtype::F16), 0x7bff); // 127 * 2^10: saturates
    assert_eq!(dequantize_sample(255, 142, Dtype::F16), 0x7bf0); // 127 * 2^9 = 65024
    assert_eq!(dequantize_sample(129, 0, Dtype::F32), 1 << 16); // 2^-133
    assert_eq!(dequantize_sample(129, 0, Dtype::Bf16), 1); // 2^-133
}

proptest! {
    /// `quantize_sample` is what `align` (one exponent per row) gives for each
    /// element with its row's code: random finite FP32 and FP16 patterns.
    #[test]
    fn quantize_sample_is_align_per_element(
        raw in prop::collection::vec(any::<u32>(), 1..48),
        cols in 1usize..17,
    ) {
        let rows = raw.len().div_ceil(cols);
        let mut bits = raw.clone();
        bits.resize(rows * cols, 0);
        let f32s: Vec<u32> = bits.iter().map(|&b| if (b >> 23) & 0xff == 0xff { b ^ (1 << 30) } else { b }).collect();
        let f16s: Vec<u16> = bits.iter().map(|&b| if (b >> 10) & 0x1f == 0x1f { b as u16 ^ (1 << 14) } else { b as u16 }).collect();
        for (input, dtype) in [(FloatSlice::F32(&f32s), Dtype::F32), (FloatSlice::F16(&f16s), Dtype::F16)] {
            let a = align("t", input, rows, cols, AlignMode::Bfp { group: u32::MAX }).unwrap();
            let SideInfo::Bfp { exponents, .. } = &a.side else { unreachable!() };
            for (i, (&want, b)) in a.samples.iter().zip(input.widened_bits()).enumerate() {
                prop_assert_eq!(quantize_sample(b, exponents[i / cols], dtype), want);
            }
        }
    }
}

#[test]
fn affine_ties_by_hand() {
    // Range [0, 255 * 2^-8]: scale exactly 2^-8 (FP16 0x1c00), zp 0.
    let x = [
        0,
        f(1.0, -9),   // 0.5 -> 0
        f(3.0, -9),   // 1.5 -> 2
        f(5.0, -9),   // 2.5 -> 2
        f(7.0, -9),   // 3.5 -> 4
        f(509.0, -9), // 254.5 -> 254
        f(255.0, -8), // 255
    ];
    let a = affine(&x, 7);
    assert_eq!(params(&a), [(0x1c00, 0)]);
    assert_eq!(a.samples, [0, 0, 2, 2, 4, 254, 255]);
}

#[test]
fn affine_tie_is_decided_before_the_zero_point() {
    // Range [-2^-8, 254 * 2^-8]: scale 2^-8, zp 1 (odd). x = 2^-9 is 0.5 steps:
    // rne(0.5) = 0, so q = 1 (rounding 0.5 + 1 = 1.5 would give 2).
    let x = [f(-1.0, -8), f(1.0, -9), f(254.0, -8), f(-1.0, -9)];
    let a = affine(&x, 4);
    assert_eq!(params(&a), [(0x1c00, 1)]);
    assert_eq!(a.samples, [0, 1, 255, 1]);
}

#[test]
fn affine_scale_rounds_up_with_sticky_bits() {
    // 255 * 2^-8 alone gives 2^-8 exactly; a -2^-140 in the row makes the
    // range a hair larger, so the scale is the next FP16 up, 2^-8 + 2^-18.
    assert_eq!(params(&affine(&[f(255.0, -8), 0], 2)), [(0x1c00, 0)]);
    let a = affine(&[f(255.0, -8), f(-1.0, -140)], 2);
    assert_eq!(params(&a), [(0x1c01, 0)]);
    assert_eq!(a.samples, [255, 0]); // 255 / (1 + 2^-10) = 254.75 -> 255
}

#[test]
fn affine_fp16_row_by_hand() {
    // FP16 [1, -1]: (1 + 1) / 255 = 1028.0157 * 2^-17 -> ceil 1029 * 2^-17 = 0x2005;
    // zp = rne(2^17 / 1029) = rne(127.38) = 127; 1.0 -> 127 + 127.
    let a = align(
        "h",
        FloatSlice::F16(&[0x3c00, 0xbc00]),
        1,
        2,
        AlignMode::AffineRow,
    )
    .unwrap();
    assert_eq!(params(&a), [(0x2005, 127)]);
    assert_eq!(a.samples, [254, 0]);
    let back = dealign(&a.samples, 1, 2, &a.side, Dtype::F32).unwrap();
    // 127 * 1029 * 2^-17 exactly.
    assert_eq!(
        back,
        FloatVec::F32(vec![f(127.0 * 1029.0, -17), f(-127.0 * 1029.0, -17)])
    );
}

#[test]
fn affine_extreme_rows_by_hand() {
    // 255 * 65504 fits exactly (scale 65504 = 0x7bff); one more overflows.
    let a = affine(&[f(16_703_520.0, 0), 0], 2);
    assert_eq!(params(&a), [(0x7bff, 0)]);
    assert_eq!(a.samples, [255, 0]);
    for row in [[f(16_703_521.0, 0), 0], [f(16_703_520.0, 0), f(-1.0, 0)]] {
        let e = align("big", FloatSlice::F32(&row), 1, 2, AlignMode::AffineRow).unwrap_err();
        assert!(
            matches!(&e, Error::Unsupported(m) if m.contains("tensor big: row 0")),
            "{e}"
        );
    }
    // The smallest subnormal: the scale is the smallest FP16, 2^-24.
    let a = affine(&[f(1.0, -149), f(-1.0, -149)], 2);
    assert_eq!(params(&a), [(0x0001, 0)]);
    assert_eq!(a.samples, [0, 0]);
    // An all-zero row (either sign): scale 0, zp 128, every sample 128, back to +0.
    let a = affine(&[0, 0x8000_0000], 2);
    assert_eq!(params(&a), [(0, 128)]);
    assert_eq!(a.samples, [128, 128]);
    assert_eq!(to_f32(&[0, 255], 1, 2, &a.side).unwrap(), [0.0, 0.0]);
    // An all-positive row still includes 0: zp 0.
    let a = affine(&[f(1.0, 0), f(2.0, 0)], 2);
    assert_eq!(params(&a)[0].1, 0);
}

#[test]
fn non_finite_errors_name_tensor_and_index() {
    let mut x = vec![0u32; 12];
    x[6] = 0x7fc0_0000;
    x[9] = 0x7f80_0000; // a later Inf: the first one is reported
    for mode in [AlignMode::Bfp { group: 4 }, AlignMode::AffineRow] {
        let e = align("w.q", FloatSlice::F32(&x), 3, 4, mode).unwrap_err();
        assert_eq!(
            e,
            Error::Invalid("tensor w.q: element 6 (row 1, col 2) is NaN (bits 0x7fc00000)".into())
        );
    }
    let e = align(
        "h",
        FloatSlice::F16(&[0x3c00, 0x7c00, 0x7e00, 0]),
        2,
        2,
        AlignMode::AffineRow,
    )
    .unwrap_err();
    assert_eq!(
        e,
        Error::Invalid("tensor h: element 1 (row 0, col 1) is +Inf (bits 0x7c00)".into())
    );
    let e = align(
        "b",
        FloatSlice::Bf16(&[0, 1, 0xff80]),
        1,
        3,
        AlignMode::Bfp { group: 32 },
    )
    .unwrap_err();
    assert_eq!(
        e,
        Error::Invalid("tensor b: element 2 (row 0, col 2) is -Inf (bits 0xff80)".into())
    );
}

#[test]
fn shape_and_setting_errors() {
    let x = [0u32; 6];
    let bad = align("t", FloatSlice::F32(&x), 4, 2, AlignMode::AffineRow);
    assert!(matches!(bad, Err(Error::Config(_))));
    let bad = align("t", FloatSlice::F32(&x), 2, 3, AlignMode::Bfp { group: 0 });
    assert!(matches!(bad, Err(Error::Config(_))));
    let a = bfp(&x, 2, 3, 2);
    assert!(matches!(
        dealign(&a.samples, 3, 2, &a.side, Dtype::F32),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        dealign(&a.samples[1..], 2, 3, &a.side, Dtype::F32),
        Err(Error::Config(_))
    ));
    let a = affine(&x, 3);
    assert!(matches!(
        dealign(&a.samples, 3, 2, &a.side, Dtype::F32),
        Err(Error::Invalid(_))
    ));
    // Empty tensors are fine.
    let a = align("e", FloatSlice::F32(&[]), 0, 5, AlignMode::AffineRow).unwrap();
    assert!(a.samples.is_empty() && params(&a).is_empty());
    let a = align("e", FloatSlice::F32(&[]), 3, 0, AlignMode::Bfp { group: 4 }).unwrap();
    assert!(exps(&a).is_empty());
}

// ---------------------------------------------------------------- references

/// BFP reference over a whole tensor of exact values: per group E =
/// max(floor(log2 max|x|), -127), q = clamp(rne(x / 2^(E-6)), -127, 127).
fn bfp_ref(v: &[f64], rows: usize, cols: usize, group: usize) -> (Vec<u8>, Vec<u8>) {
    let (mut samples, mut codes) = (vec![], vec![]);
    for r in 0..rows {
        for g in v[r * cols..(r + 1) * cols].chunks(group) {
            let max = g.iter().fold(0f64, |m, x| m.max(x.abs()));
            let e = if max == 0.0 {
                -127
            } else {
                floor_log2(max).max(-127)
            };
            codes.push((e + 127) as u8);
            for x in g {
                let q = (x / p2(e - 6)).round_ties_even().clamp(-127.0, 127.0);
                samples.push((q as i32 + 128) as u8);
            }
        }
    }
    (samples, codes)
}

/// Affine reference: per row the scale from the exact big-integer search, zp
/// and elements from f64 (exact, see elements.rs). None when a scale overflows.
/// Samples and (scale, zero point) per row.
type AffineRef = (Vec<u8>, Vec<(u16, u8)>);

fn affine_ref(bits: &[u32], dtype: Dtype, cols: usize) -> Option<AffineRef> {
    let (mut samples, mut ps) = (vec![], vec![]);
    for row in bits.chunks(cols) {
        let v: Vec<f64> = row.iter().map(|&b| value(b, dtype)).collect();
        let hi = row.iter().copied().filter(|&b| value(b, dtype) > 0.0);
        let hi = hi.max_by(|&a, &b| value(a, dtype).total_cmp(&value(b, dtype)));
        let lo = row.iter().copied().filter(|&b| value(b, dtype) < 0.0);
        let lo = lo.min_by(|&a, &b| value(a, dtype).total_cmp(&value(b, dtype)));
        let mut terms = vec![];
        terms.extend(hi.map(|b| term(b, dtype)));
        terms.extend(lo.map(|b| neg(term(b, dtype))));
        let scale = ceil_scale(&terms)?;
        let s = value(u32::from(scale), Dtype::F16);
        let lo_v = lo.map_or(0.0, |b| -value(b, dtype));
        let zp = if s == 0.0 {
            128.0
        } else {
            (lo_v / s).round_ties_even()
        };
        for x in v {
            let q = if s == 0.0 {
                zp
            } else {
                let t = (x.abs() / s).round_ties_even();
                (if x < 0.0 { zp - t } else { zp + t }).clamp(0.0, 255.0)
            };
            samples.push(q as u8);
        }
        ps.push((scale, zp as u8));
    }
    Some((samples, ps))
}

/// Finite FP32 rows with a per-tensor magnitude window (so that many affine
/// rows have a representable scale), zeros, subnormals and sign mixes.
fn f32_tensor() -> impl Strategy<Value = (Vec<u32>, usize, usize)> {
    (1usize..5, 1usize..40, 0u32..254).prop_flat_map(|(rows, cols, top)| {
        let elem = prop_oneof![
            6 => (any::<bool>(), 0u32..40, any::<u32>()).prop_map(move |(s, down, m)| {
                (u32::from(s) << 31) | (top.saturating_sub(down) << 23) | (m & 0x7f_ffff)
            }),
            1 => Just(0u32),
            1 => Just(0x8000_0000u32),
            1 => (any::<bool>(), 1u32..0x80_0000).prop_map(|(s, m)| (u32::from(s) << 31) | m),
        ];
        (
            proptest::collection::vec(elem, rows * cols),
            Just(rows),
            Just(cols),
        )
    })
}

/// Finite 16-bit rows: any finite pattern.
fn half_tensor(dtype: Dtype) -> impl Strategy<Value = (Vec<u16>, usize, usize)> {
    let max_exp = if dtype == Dtype::F16 { 0x7c00 } else { 0x7f80 };
    (1usize..5, 1usize..40).prop_flat_map(move |(rows, cols)| {
        let elem = any::<u16>().prop_map(move |b| {
            if b & max_exp == max_exp {
                b & 0x83ff
            } else {
                b
            }
        });
        (
            proptest::collection::vec(elem, rows * cols),
            Just(rows),
            Just(cols),
        )
    })
}

/// Checks one aligned tensor against the references and the inverse.
fn check_tensor(
    input: FloatSlice,
    rows: usize,
    cols: usize,
    group: u32,
) -> std::result::Result<(), TestCaseError> {
    let dtype = input.dtype();
    let bits: Vec<u32> = (0..input.len()).map(|i| input_bits(&input, i)).collect();
    let v: Vec<f64> = bits.iter().map(|&b| value(b, dtype)).collect();
    let r = Rounder::new_cached();

    // BFP.
    let a = align("p", input, rows, cols, AlignMode::Bfp { group }).unwrap();
    let (samples, codes) = bfp_ref(&v, rows, cols, group as usize);
    prop_assert_eq!(&a.samples, &samples);
    prop_assert_eq!(exps(&a), codes);
    let exact = dequantize_f64(&a.samples, rows, cols, &a.side).unwrap();
    for out in [Dtype::F32, Dtype::F16, Dtype::Bf16] {
        let back = dealign(&a.samples, rows, cols, &a.side, out).unwrap();
        let want: Vec<u32> = exact.iter().map(|&x| r.round(x, out)).collect();
        prop_assert_eq!(widen(&back), want);
    }
    // The squared error against the input (reference values), in row-major order.
    let sse = v
        .iter()
        .zip(&exact)
        .fold(0.0, |s, (x, y)| s + (x - y) * (x - y));
    let got = squared_error_f64(&input, &a.samples, rows, cols, &a.side).unwrap();
    prop_assert_eq!(got.to_bits(), sse.to_bits());
    if let Some(short) = a.samples.get(1..) {
        prop_assert!(squared_error_f64(&input, short, rows, cols, &a.side).is_err());
    }
    // BFP is idempotent through FP32: the dequantized tensor aligns to itself.
    let FloatVec::F32(back) = dealign(&a.samples, rows, cols, &a.side, Dtype::F32).unwrap() else {
        unreachable!()
    };
    prop_assert_eq!(&bfp(&back, rows, cols, group), &a);

    // Affine.
    let got = align("p", input, rows, cols, AlignMode::AffineRow);
    match affine_ref(&bits, dtype, cols) {
        None => prop_assert!(matches!(got, Err(Error::Unsupported(_)))),
        Some((samples, ps)) => {
            let a = got.unwrap();
            prop_assert_eq!(&a.samples, &samples);
            prop_assert_eq!(params(&a), ps.clone());
            // |x - (q - zp) s| <= s / 2, exactly.
            for (i, &b) in bits.iter().enumerate() {
                let (scale, zp) = ps[i / cols];
                let (_, ms, es) = term(u32::from(scale), Dtype::F16);
                let d = i64::from(a.samples[i]) - i64::from(zp);
                let deq = (d < 0, d.unsigned_abs() * ms, es);
                let x = term(b, dtype);
                let half = (false, ms, es - 1);
                prop_assert_ne!(sign_of_sum(&[half, x, neg(deq)]), Ordering::Less);
                prop_assert_ne!(sign_of_sum(&[half, neg(x), deq]), Ordering::Less);
            }
            let exact = dequantize_f64(&a.samples, rows, cols, &a.side).unwrap();
            for out in [Dtype::F32, Dtype::F16, Dtype::Bf16] {
                let back = dealign(&a.samples, rows, cols, &a.side, out).unwrap();
                let want: Vec<u32> = exact.iter().map(|&x| r.round(x, out)).collect();
                prop_assert_eq!(widen(&back), want);
            }
        }
    }
    Ok(())
}

fn input_bits(input: &FloatSlice, i: usize) -> u32 {
    match input {
        FloatSlice::F32(v) => v[i],
        FloatSlice::F16(v) | FloatSlice::Bf16(v) => u32::from(v[i]),
    }
}

fn widen(v: &FloatVec) -> Vec<u32> {
    match v {
        FloatVec::F32(v) => v.clone(),
        FloatVec::F16(v) | FloatVec::Bf16(v) => v.iter().map(|&b| u32::from(b)).collect(),
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn f32_tensors_match_reference((x, rows, cols) in f32_tensor(), group in 1u32..48) {
        check_tensor(FloatSlice::F32(&x), rows, cols, group)?;
    }

    #[test]
    fn f32_random_bits_match_reference(
        x in proptest::collection::vec(any::<u32>(), 12),
        group in 1u32..8,
    ) {
        // Inf / NaN patterns lose their top exponent bit.
        let finite = |b: u32| if b & 0x7f80_0000 == 0x7f80_0000 { b ^ 0x4000_0000 } else { b };
        let x: Vec<u32> = x.into_iter().map(finite).collect();
        check_tensor(FloatSlice::F32(&x), 3, 4, group)?;
    }

    #[test]
    fn f16_tensors_match_reference(
        (x, rows, cols) in half_tensor(Dtype::F16),
        group in 1u32..48,
    ) {
        check_tensor(FloatSlice::F16(&x), rows, cols, group)?;
    }

    #[test]
    fn bf16_tensors_match_reference(
        (x, rows, cols) in half_tensor(Dtype::Bf16),
        group in 1u32..48,
    ) {
        check_tensor(FloatSlice::Bf16(&x), rows, cols, group)?;
    }

    #[test]
    fn non_finite_is_reported_at_its_index(
        (x, rows, cols) in f32_tensor(),
        at in any::<prop::sample::Index>(),
        kind in prop::sample::select(vec![0x7f80_0000u32, 0xff80_0000, 0x7fc0_0001]),
    ) {
        let mut x = x;
        let i = at.index(x.len());
        x[i] = kind;
        let e = align("n", FloatSlice::F32(&x), rows, cols, AlignMode::AffineRow).unwrap_err();
        let want = format!("tensor n: element {i} (row {}, col {})", i / cols, i % cols);
        prop_assert!(matches!(&e, Error::Invalid(m) if m.starts_with(&want)), "{}", e);
    }
}

// ---------------------------------------------------------------- side info

fn side_info() -> impl Strategy<Value = SideInfo> {
    prop_oneof![
        (1u32..100, proptest::collection::vec(0u8..=254, 0..50))
            .prop_map(|(group, exponents)| SideInfo::Bfp { group, exponents }),
        proptest::collection::vec((0u16..0x7c00, any::<u8>()), 0..50).prop_map(|v| {
            SideInfo::AffineRow {
                rows: v
                    .into_iter()
                    .map(|(scale, zero_point)| RowParams { scale, zero_point })
                    .collect(),
            }
        }),
    ]
}

proptest! {
    #[test]
    fn side_info_round_trips_and_detects_truncation(side in side_info(), extra in any::<u8>()) {
        let bytes = side.to_bytes();
        prop_assert_eq!(bytes.len() as u64, side.byte_len());
        prop_assert_eq!(side.side_info_bits(), 8 * bytes.len() as u64);
        prop_assert_eq!(&SideInfo::from_bytes(&bytes).unwrap(), &side);
        for n in 0..bytes.len() {
            let cut = SideInfo::from_bytes(&bytes[..n]);
            prop_assert_eq!(cut, Err(Error::Truncated("align side info")));
        }
        let mut longer = bytes.clone();
        longer.push(extra);
        prop_assert!(matches!(SideInfo::from_bytes(&longer), Err(Error::Invalid(_))));
    }
}

#[test]
fn side_info_layout_by_hand() {
    let side = SideInfo::Bfp {
        group: 32,
        exponents: vec![127, 0],
    };
    let bytes = [1, 0, 32, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 127, 0];
    assert_eq!(side.to_bytes(), bytes);
    assert_eq!(side.side_info_bits(), 128);
    let side = SideInfo::AffineRow {
        rows: vec![RowParams {
            scale: 0x2005,
            zero_point: 127,
        }],
    };
    assert_eq!(
        side.to_bytes(),
        [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0x05, 0x20, 127]
    );
    assert_eq!(side.side_info_bits(), 104);
}

#[test]
fn side_info_rejects_bad_values() {
    let bfp = |group: u32, code: u8| {
        let mut b = vec![1, 0];
        b.extend_from_slice(&group.to_le_bytes());
        b.extend_from_slice(&1u64.to_le_bytes());
        b.push(code);
        b
    };
    let aff = |scale: u16| {
        let mut b = vec![1, 1];
        b.extend_from_slice(&1u64.to_le_bytes());
        b.extend_from_slice(&scale.to_le_bytes());
        b.push(7);
        b
    };
    assert!(SideInfo::from_bytes(&bfp(4, 254)).is_ok());
    assert!(SideInfo::from_bytes(&aff(0x7bff)).is_ok());
    let mut bad = vec![
        bfp(0, 3),
        bfp(4, 0xff),
        aff(0x8001),
        aff(0x7c00),
        aff(0x7e01),
    ];
    let mut v = bfp(4, 1);
    v[0] = 2; // version
    bad.push(v);
    let mut v = aff(1);
    v[1] = 2; // mode
    bad.push(v);
    for b in bad {
        assert!(
            matches!(SideInfo::from_bytes(&b), Err(Error::Invalid(_))),
            "{b:?}"
        );
    }
    // A huge count is Truncated before anything is allocated.
    let mut b = vec![1, 1];
    b.extend_from_slice(&u64::MAX.to_le_bytes());
    assert_eq!(
        SideInfo::from_bytes(&b),
        Err(Error::Truncated("align side info"))
    );
    assert_eq!(
        SideInfo::from_bytes(&[]),
        Err(Error::Truncated("align side info"))
    );
}

#[test]
fn le_bytes_round_trip() {
    let v = FloatVec::from_le_bytes(&[0x00, 0x3c, 0x00, 0xbc], Dtype::F16).unwrap();
    assert_eq!(v, FloatVec::F16(vec![0x3c00, 0xbc00]));
    assert_eq!(v.to_le_bytes(), [0x00, 0x3c, 0x00, 0xbc]);
    let v = FloatVec::from_le_bytes(&[0, 0, 0x80, 0x3f], Dtype::F32).unwrap();
    assert_eq!(v, FloatVec::F32(vec![0x3f80_0000]));
    assert!(matches!(
        FloatVec::from_le_bytes(&[0; 3], Dtype::Bf16),
        Err(Error::Config(_))
    ));
}
