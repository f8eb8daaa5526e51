//! Tests of quantisation, scaling and scans: hand values from the standard's formulas,
//! exhaustive range checks, quantiser properties and transform + quant round trips with
//! proven error bounds.

#![allow(clippy::needless_range_loop)] // matrix code reads better with indices

use super::tables::*;
use super::*;
use crate::transform::*;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// Tables
// ---------------------------------------------------------------------------------------------

/// Row norms^2 of Cf (4x4 forward) and T (8x8 forward x 8), and the 1-D forward-then-inverse
/// gains of the 4x4 pair (s = Cf row . Ci column).
const NF4: [i64; 4] = [4, 10, 4, 10];
const S4: [i64; 4] = [4, 5, 4, 5];
const N8: [i64; 8] = [512, 578, 320, 578, 512, 578, 320, 578];

/// round(num / den) for positive operands, asserting the quotient is not a tie.
fn round_div(num: i128, den: i128) -> i128 {
    assert_ne!(2 * (num % den), den, "tie");
    (2 * num + den) / (2 * den)
}

#[test]
fn mf_tables_follow_from_norm_adjust() {
    // 4x4: MF = round(2^21 / (g V)), g = s_i s_j = 16, 25, 20 for classes 0, 1, 2.
    for m in 0..6 {
        for (class, g) in [(0, 16), (1, 25), (2, 20)] {
            let want = round_div(1 << 21, g * i128::from(NORM_ADJUST4X4[m][class]));
            assert_eq!(i128::from(MF4[m][class]), want, "MF4[{m}][{class}]");
        }
    }
    // 8x8: MF = round(2^36 / (n_i n_j V)) with (i, j) a representative of each class.
    for m in 0..6 {
        for pos in 0..64 {
            let (i, j) = (pos / 8, pos % 8);
            let den = i128::from(N8[i] * N8[j]) * i128::from(NORM_ADJUST8X8[m][class8x8(pos)]);
            assert_eq!(
                i128::from(MF8_POS[m][pos]),
                round_div(1 << 36, den),
                "m {m} pos {pos}"
            );
        }
    }
}

#[test]
fn position_classes_by_hand() {
    // 4x4: (0,0) (0,2) (2,2) class 0; (1,1) (3,3) class 1; (0,1) (1,0) (2,3) class 2.
    for (pos, class) in [
        (0, 0),
        (2, 0),
        (10, 0),
        (5, 1),
        (15, 1),
        (1, 2),
        (4, 2),
        (11, 2),
    ] {
        assert_eq!(class4x4(pos), class, "4x4 pos {pos}");
    }
    // 8x8 (row, col): (0,0) (4,4) -> 0; (1,1) (3,5) -> 1; (2,2) (6,2) -> 2; (0,1) (5,4) -> 3;
    // (0,2) (6,0) -> 4; (1,2) (2,3) (6,7) -> 5.
    let cases = [
        ((0, 0), 0),
        ((4, 4), 0),
        ((1, 1), 1),
        ((3, 5), 1),
        ((2, 2), 2),
        ((6, 2), 2),
        ((0, 1), 3),
        ((5, 4), 3),
        ((0, 2), 4),
        ((6, 0), 4),
        ((1, 2), 5),
        ((2, 3), 5),
        ((6, 7), 5),
    ];
    for ((i, j), class) in cases {
        assert_eq!(class8x8(8 * i + j), class, "8x8 ({i},{j})");
    }
}

#[test]
fn chroma_qp_table_8_15() {
    let cases = [
        ((0, 0), 0),
        ((29, 0), 29),
        ((30, 0), 29),
        ((33, 0), 32),
        ((34, 0), 32),
        ((36, 0), 34),
        ((37, 0), 34),
        ((42, 0), 37),
        ((44, 0), 37),
        ((45, 0), 38),
        ((48, 0), 39),
        ((51, 0), 39),
        ((51, 12), 39),
        ((20, 12), 31),
        ((40, -1), 35),
        ((5, -12), 0),
        ((i32::MAX, 1), 39),
    ];
    for ((qp, off), want) in cases {
        assert_eq!(chroma_qp(qp, off), want, "qp {qp} offset {off}");
    }
    // QPc is non-decreasing in qPI and never rises by more than 1 per step.
    for qpi in 1..=51 {
        let step = chroma_qp(qpi, 0) - chroma_qp(qpi - 1, 0);
        assert!((0..=1).contains(&step), "qPI {qpi}");
    }
}

// ---------------------------------------------------------------------------------------------
// Scans
// ---------------------------------------------------------------------------------------------

/// Frame zig-zag generated from Figure 8-8 / 8-9's rule: walk the anti-diagonals i + j = s,
/// odd s going down-left (row increasing), even s going up-right (row decreasing).
fn zigzag_by_rule(n: usize) -> Vec<usize> {
    let mut order = Vec::new();
    for s in 0..2 * n - 1 {
        let rows: Vec<usize> = (0..n).filter(|&i| s >= i && s - i < n).collect();
        let rows: Vec<usize> = if s % 2 == 1 {
            rows
        } else {
            rows.into_iter().rev().collect()
        };
        order.extend(rows.into_iter().map(|i| i * n + (s - i)));
    }
    order
}

#[test]
fn zigzag_tables_match_the_figures() {
    let z4: Vec<usize> = ZIGZAG4X4.iter().map(|&v| usize::from(v)).collect();
    assert_eq!(z4, zigzag_by_rule(4));
    let z8: Vec<usize> = ZIGZAG8X8.iter().map(|&v| usize::from(v)).collect();
    assert_eq!(z8, zigzag_by_rule(8));
    // Hand-read from Table 8-13 (c_ij, i = row): idx 2 -> c10, 3 -> c20, 5 -> c02, 9 -> c30,
    // 12 -> c13.
    for (idx, (i, j)) in [
        (2, (1, 0)),
        (3, (2, 0)),
        (5, (0, 2)),
        (9, (3, 0)),
        (12, (1, 3)),
    ] {
        assert_eq!(usize::from(ZIGZAG4X4[idx]), 4 * i + j, "4x4 idx {idx}");
    }
    // Table 8-14: idx 1 -> (0,1), 2 -> (1,0), 10 -> (4,0), 14 -> (0,4), 35 -> (7,0),
    // 36 -> (7,1), 63 -> (7,7).
    for (idx, (i, j)) in [
        (1, (0, 1)),
        (2, (1, 0)),
        (10, (4, 0)),
        (14, (0, 4)),
        (35, (7, 0)),
    ] {
        assert_eq!(usize::from(ZIGZAG8X8[idx]), 8 * i + j, "8x8 idx {idx}");
    }
    assert_eq!(ZIGZAG8X8[36], 57);
    assert_eq!(ZIGZAG8X8[63], 63);
}

#[test]
fn zigzags_are_permutations() {
    let mut seen4 = [false; 16];
    ZIGZAG4X4.iter().for_each(|&p| seen4[usize::from(p)] = true);
    assert!(seen4.iter().all(|&s| s));
    let mut seen8 = [false; 64];
    ZIGZAG8X8.iter().for_each(|&p| seen8[usize::from(p)] = true);
    assert!(seen8.iter().all(|&s| s));
}

#[test]
fn scan_places_levels_by_hand() {
    // Raster block holding its own index: the scan must reproduce the table itself.
    let raster: [i32; 16] = std::array::from_fn(|k| k as i32);
    assert_eq!(scan4x4(&raster), ZIGZAG4X4.map(i32::from));
    let levels: [i32; 16] = std::array::from_fn(|k| 100 + k as i32);
    let placed = unscan4x4(&levels);
    assert_eq!(
        (placed[0], placed[1], placed[4], placed[8], placed[15]),
        (100, 101, 102, 103, 115)
    );
}

fn arr64(v: Vec<i32>) -> [i32; 64] {
    let mut a = [0i32; 64];
    a.copy_from_slice(&v);
    a
}

proptest! {
    #[test]
    fn scan_unscan_are_inverse_permutations(
        a in proptest::array::uniform16(any::<i32>()),
        b in proptest::collection::vec(any::<i32>(), 64),
    ) {
        prop_assert_eq!(unscan4x4(&scan4x4(&a)), a);
        prop_assert_eq!(scan4x4(&unscan4x4(&a)), a);
        let b = arr64(b);
        prop_assert_eq!(unscan8x8(&scan8x8(&b)), b);
        prop_assert_eq!(scan8x8(&unscan8x8(&b)), b);
    }
}

// ---------------------------------------------------------------------------------------------
// Scaling (decoder): hand values and exhaustive range
// ---------------------------------------------------------------------------------------------

fn one_at<const N: usize>(pos: usize, v: i32) -> [i32; N] {
    let mut a = [0; N];
    a[pos] = v;
    a
}

#[test]
fn dequant4x4_by_hand() {
    // 8.5.12.1, LevelScale4x4 = 16 * normAdjust4x4:
    // QP 28: qP%6 = 4, qP/6 = 4 >= 4: (c * LS) << 0.
    //   (0,0): v = 16 -> LS 256, level 1 -> 256. (1,1): v = 25 -> 400. (0,1): v = 20 -> 320.
    // QP 10: qP%6 = 4, qP/6 = 1 < 4: (c * LS + 2^2) >> 3; (0,1) level -3: (-960 + 4) >> 3 =
    //   floor(-119.5) = -120.
    // QP 51: qP%6 = 3, qP/6 = 8: (c * LS) << 4; (3,3) v = 23 -> LS 368, level 2 -> 11776.
    assert_eq!(dequant4x4(&one_at(0, 1), 28)[0], 256);
    assert_eq!(dequant4x4(&one_at(5, 1), 28)[5], 400);
    assert_eq!(dequant4x4(&one_at(1, 1), 28)[1], 320);
    assert_eq!(dequant4x4(&one_at(1, -3), 10)[1], -120);
    assert_eq!(dequant4x4(&one_at(15, 2), 51)[15], 11776);
    // Other positions stay 0.
    assert_eq!(
        dequant4x4(&one_at(5, 1), 28)
            .iter()
            .filter(|&&v| v != 0)
            .count(),
        1
    );
}

#[test]
fn dequant8x8_by_hand() {
    // 8.5.13.1, LevelScale8x8 = 16 * normAdjust8x8:
    // QP 0: (c * LS + 32) >> 6. (0,0): LS 320: (320 + 32) >> 6 = 5; level -1: -288 >> 6 = -5.
    //   (1,1): LS 288: 320 >> 6 = 5.
    // QP 6: qP/6 = 1: (c * LS + 16) >> 5; (0,0) level 1: 336 >> 5 = 10.
    // QP 36: qP/6 = 6: (c * LS) << 0; (2,2) v = 32 -> 512.
    // QP 51: qP%6 = 3, qP/6 = 8: (c * LS) << 2; (0,0) v = 28 -> LS 448, level 7 -> 12544.
    assert_eq!(dequant8x8(&one_at(0, 1), 0)[0], 5);
    assert_eq!(dequant8x8(&one_at(0, -1), 0)[0], -5);
    assert_eq!(dequant8x8(&one_at(9, 1), 0)[9], 5);
    assert_eq!(dequant8x8(&one_at(0, 1), 6)[0], 10);
    assert_eq!(dequant8x8(&one_at(18, 1), 36)[18], 512);
    assert_eq!(dequant8x8(&one_at(0, 7), 51)[0], 12544);
}

#[test]
fn dc_dequant_by_hand() {
    // 8.5.10, LS(qP%6,0,0) = 16 * v_m0:
    // QP 28: LS 256, qP/6 = 4 < 6: (5 * 256 + 2^1) >> 2 = 1282 >> 2 = 320.
    // QP 0: LS 160: (-160 + 32) >> 6 = -2; (160 + 32) >> 6 = 3.
    // QP 40: qP%6 = 4, qP/6 = 6: (1 * 256) << 0 = 256.
    assert_eq!(dequant_luma_dc(&one_at(0, 5), 28)[0], 320);
    assert_eq!(dequant_luma_dc(&one_at(3, -1), 0)[3], -2);
    assert_eq!(dequant_luma_dc(&one_at(3, 1), 0)[3], 3);
    assert_eq!(dequant_luma_dc(&one_at(15, 1), 40)[15], 256);
    // 8.5.11.2: dcC = ((f * LS) << (qP/6)) >> 5.
    // QP'C 29: qP%6 = 5 -> LS 288, qP/6 = 4: (3 * 288 << 4) >> 5 = 13824 >> 5 = 432.
    // QP'C 0: LS 160: -160 >> 5 = -5; 160 >> 5 = 5.
    assert_eq!(dequant_chroma_dc(&[3, 0, 0, 0], 29), [432, 0, 0, 0]);
    assert_eq!(dequant_chroma_dc(&[-1, 1, 0, 0], 0), [-5, 5, 0, 0]);
}

/// The standard's scaling formula in i128, written independently of the code under test.
fn reference_scale(c: i64, ls: i64, qp: i64, base: i64) -> i128 {
    let (c, ls) = (i128::from(c), i128::from(ls));
    let per = qp / 6;
    if per >= base {
        (c * ls) << (per - base)
    } else {
        (c * ls + (1 << (base - 1 - per))) >> (base - per)
    }
}

#[test]
fn dequant_is_exact_for_all_levels_at_all_qp() {
    let levels = [-32768, -32767, -1, 0, 1, 32767];
    for qp in 0..=51 {
        let m = (qp % 6) as usize;
        for &l in &levels {
            let d4 = dequant4x4(&[l; 16], qp);
            for (pos, &got) in d4.iter().enumerate() {
                let ls = 16 * NORM_ADJUST4X4[m][class4x4(pos)];
                let want = reference_scale(l.into(), ls.into(), qp.into(), 4);
                assert_eq!(i128::from(got), want, "4x4 qp {qp} pos {pos} level {l}");
            }
            let d8 = dequant8x8(&[l; 64], qp);
            for (pos, &got) in d8.iter().enumerate() {
                let ls = 16 * NORM_ADJUST8X8[m][class8x8(pos)];
                let want = reference_scale(l.into(), ls.into(), qp.into(), 6);
                assert_eq!(i128::from(got), want, "8x8 qp {qp} pos {pos} level {l}");
            }
            // DC inputs are Hadamard outputs: |f| <= 16 |level| (luma), 4 |level| (chroma).
            let ls0 = i128::from(16 * NORM_ADJUST4X4[m][0]);
            let f = 16 * l;
            let want =
                reference_scale(f.into(), 16 * i64::from(NORM_ADJUST4X4[m][0]), qp.into(), 6);
            assert_eq!(
                i128::from(dequant_luma_dc(&[f; 16], qp)[0]),
                want,
                "luma dc qp {qp}"
            );
            let f = 4 * l;
            let want = ((i128::from(f) * ls0) << (qp / 6)) >> 5;
            assert_eq!(
                i128::from(dequant_chroma_dc(&[f; 4], qp)[0]),
                want,
                "chroma qp {qp}"
            );
        }
    }
}

proptest! {
    /// Corrupt streams: any 32-bit level at any QP scales without panicking.
    #[test]
    fn dequant_never_panics(l in any::<i32>(), qp in 0i32..=51) {
        let _ = dequant4x4(&[l; 16], qp);
        let _ = dequant8x8(&[l; 64], qp);
        let _ = dequant_luma_dc(&[l; 16], qp);
        let _ = dequant_chroma_dc(&[l; 4], qp);
        let _ = crate::lane::residual::recon4x4(&[l; 16], qp, None);
        let _ = crate::lane::residual::recon8x8(&[l; 64], qp);
    }
}

// ---------------------------------------------------------------------------------------------
// Quantisation (encoder): hand values and properties
// ---------------------------------------------------------------------------------------------

#[test]
fn quant_by_hand() {
    // QP 0, (0,0): MF 13107, qbits 15. c = 4: 4 * 13107 = 52428 = 1.6 steps.
    //   dz 341: f = 341 << 5 = 10912: (52428 + 10912) >> 15 = 63340 >> 15 = 1.
    //   dz 512: f = 16384: 68812 >> 15 = 2.
    assert_eq!(quant4x4(&one_at(0, 4), 0, Deadzone::INTRA)[0], 1);
    assert_eq!(quant4x4(&one_at(0, 4), 0, Deadzone(512))[0], 2);
    assert_eq!(quant4x4(&one_at(0, -4), 0, Deadzone(512))[0], -2);
    // QP 28, (0,0): MF 8192, qbits 19, f = 341 << 9 = 174592:
    //   (100 * 8192 + 174592) >> 19 = 993792 >> 19 = 1.
    assert_eq!(quant4x4(&one_at(0, 100), 28, Deadzone::INTRA)[0], 1);
    // 8x8 QP 0, (1,1): MF8 11428, qbits 16, f = 341 << 6 = 21824:
    //   (10 * 11428 + 21824) >> 16 = 136104 >> 16 = 2.
    assert_eq!(quant8x8(&one_at(9, 10), 0, Deadzone::INTRA)[9], 2);
    // Luma DC QP 0: MF 13107, shift 16, offset 2f = 341 << 6 = 21824:
    //   c = 3: 39321 + 21824 = 61145 < 65536 -> 0; c = 4: 52428 + 21824 = 74252 -> 1.
    assert_eq!(quant_luma_dc(&one_at(7, 3), 0, Deadzone::INTRA)[7], 0);
    assert_eq!(quant_luma_dc(&one_at(7, 4), 0, Deadzone::INTRA)[7], 1);
    // Chroma DC QP'C 12: MF 13107, shift 18, offset 341 << 8 = 87296:
    //   c = -30: (393210 + 87296) >> 18 = 480506 >> 18 = 1 -> -1.
    assert_eq!(
        quant_chroma_dc(&[0, -30, 0, 0], 12, Deadzone::INTRA),
        [0, -1, 0, 0]
    );
}

#[test]
fn quant_of_zero_is_zero_and_clamp_holds() {
    for qp in 0..=51 {
        for dz in [Deadzone(0), Deadzone::INTRA, Deadzone(512), Deadzone(1023)] {
            assert_eq!(quant4x4(&[0; 16], qp, dz), [0; 16]);
            assert_eq!(quant8x8(&[0; 64], qp, dz), [0; 64]);
            assert_eq!(quant_luma_dc(&[0; 16], qp, dz), [0; 16]);
            assert_eq!(quant_chroma_dc(&[0; 4], qp, dz), [0; 4]);
        }
        let hi = quant8x8(&[i32::MAX; 64], qp, Deadzone(512));
        let lo = quant8x8(&[i32::MIN; 64], qp, Deadzone(512));
        assert!(hi.iter().all(|&l| l == LEVEL_MAX) && lo.iter().all(|&l| l == -LEVEL_MAX));
        assert_eq!(
            quant_luma_dc(&[i32::MIN; 16], qp, Deadzone(512))[0],
            -LEVEL_MAX
        );
    }
}

/// Runs all four quantisers on the same values (truncated to their sizes).
fn quant_all(c: &[i32; 64], qp: i32, dz: Deadzone) -> Vec<i32> {
    let mut c16 = [0; 16];
    c16.copy_from_slice(&c[..16]);
    let mut out = quant8x8(c, qp, dz).to_vec();
    out.extend(quant4x4(&c16, qp, dz));
    out.extend(quant_luma_dc(&c16, qp, dz));
    out.extend(quant_chroma_dc(&[c[0], c[1], c[2], c[3]], qp, dz));
    out
}

proptest! {
    #[test]
    fn quant_is_odd(
        c in proptest::collection::vec(-i32::MAX..=i32::MAX, 64),
        qp in 0i32..=51,
        dz in 0u32..1024,
    ) {
        let c = arr64(c);
        let neg = quant_all(&c.map(|v| -v), qp, Deadzone(dz));
        let pos = quant_all(&c, qp, Deadzone(dz));
        prop_assert_eq!(neg, pos.iter().map(|v| -v).collect::<Vec<_>>());
    }

    /// |level| is monotone in |c|, bounded by LEVEL_MAX, and has the sign of c.
    #[test]
    fn quant_is_monotone_and_bounded(
        c in proptest::collection::vec(-(1i32 << 24)..=(1 << 24), 64),
        grow in proptest::collection::vec(0i32..=(1 << 16), 64),
        qp in 0i32..=51,
        dz in 0u32..1024,
    ) {
        let c = arr64(c);
        let bigger: [i32; 64] =
            std::array::from_fn(|k| c[k] + if c[k] < 0 { -grow[k] } else { grow[k] });
        let a = quant_all(&c, qp, Deadzone(dz));
        let b = quant_all(&bigger, qp, Deadzone(dz));
        let src: Vec<i32> = c.iter().chain(&c[..16]).chain(&c[..16]).chain(&c[..4]).copied()
            .collect();
        for k in 0..a.len() {
            prop_assert!(a[k].abs() <= b[k].abs(), "k {}", k);
            prop_assert!(b[k].abs() <= LEVEL_MAX);
            prop_assert!(a[k] == 0 || a[k].signum() == src[k].signum());
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Quantiser accuracy per coefficient (sharp) and pixel round trips (proven bounds)
// ---------------------------------------------------------------------------------------------

/// max(dz, 1024 - dz): |level - |c| MF / 2^qbits| <= DELTA / 1024, since
/// level = floor(|c| MF / 2^qbits + dz / 1024).
fn delta1024(dz: Deadzone) -> i128 {
    i128::from(dz.0.max(1024 - dz.0))
}

proptest! {
    /// 4x4: the ideal reconstruction of Y from d is s_i s_j d / 64 (8.5.12.2 inverts
    /// Cf^-1 = Ci diag(1/s)). With level = Y MF / 2^(15+p) +- delta and d = level V 2^p:
    /// |s_i s_j d - 64 Y| <= delta s_i s_j V 2^p + 64 |Y| eta, eta = |s_i s_j MF V - 2^21| / 2^21
    /// <= 2^-12 (MF is 2^21 / (s_i s_j V) rounded: eta <= s_i s_j V / 2^22 < 2^-12). The fixed
    /// 2^-12 makes a wrong MF entry fail here, not only in the table test.
    #[test]
    fn quant4x4_error_is_within_the_step(
        y in proptest::array::uniform16(-9180i32..=9180),
        qp in 0i32..=51,
        dz in prop_oneof![Just(Deadzone::INTRA), (0u32..1024).prop_map(Deadzone)],
    ) {
        let d = dequant4x4(&quant4x4(&y, qp, dz), qp);
        let (m, p) = ((qp % 6) as usize, qp / 6);
        for pos in 0..16 {
            let ss = i128::from(S4[pos / 4] * S4[pos % 4]);
            let v = i128::from(NORM_ADJUST4X4[m][class4x4(pos)]);
            let mf = i128::from(MF4_POS[m][pos]);
            let yy = i128::from(y[pos]);
            let err = (ss * i128::from(d[pos]) - 64 * yy).abs();
            let lhs = err * 1024 * (1 << 21);
            prop_assert!((ss * mf * v - (1 << 21)).abs() <= 1 << 9);
            let rhs = delta1024(dz) * ss * v * (1 << p) * (1 << 21)
                + 64 * 1024 * yy.abs() * (1 << 9);
            prop_assert!(lhs <= rhs, "pos {} y {} d {}", pos, y[pos], d[pos]);
        }
    }

    /// 8x8: ideal reconstruction needs d = Y 2^18 / (n_i n_j). With level = Y MF / 2^(16+p)
    /// +- delta and d = level V 2^p / 4 (+- 1/2 rounding when p < 2):
    /// |d n_i n_j - 2^18 Y| <= |Y| 2^18 kappa + n_i n_j (delta V 2^p / 4 + [p < 2] / 2),
    /// kappa = |MF V n_i n_j - 2^36| / 2^36 <= 2^-13 (rounding of MF: kappa <= V n_i n_j / 2^37).
    #[test]
    fn quant8x8_error_is_within_the_step(
        y in proptest::collection::vec(-16320i32..=16320, 64),
        qp in 0i32..=51,
        dz in prop_oneof![Just(Deadzone::INTRA), (0u32..1024).prop_map(Deadzone)],
    ) {
        let y = arr64(y);
        let d = dequant8x8(&quant8x8(&y, qp, dz), qp);
        let (m, p) = ((qp % 6) as usize, qp / 6);
        for pos in 0..64 {
            let nn = i128::from(N8[pos / 8] * N8[pos % 8]);
            let v = i128::from(NORM_ADJUST8X8[m][class8x8(pos)]);
            let mf = i128::from(MF8_POS[m][pos]);
            let yy = i128::from(y[pos]);
            let err = (i128::from(d[pos]) * nn - (yy << 18)).abs();
            // Everything times 2^36 * 4 * 1024.
            let lhs = err << 48;
            prop_assert!((mf * v * nn - (1 << 36)).abs() <= 1 << 23);
            let rhs = (yy.abs() << 30) * (1 << 23)
                + ((nn * (delta1024(dz) * v * (1 << p) + if p < 2 { 2048 } else { 0 })) << 36);
            prop_assert!(lhs <= rhs, "pos {} y {} d {}", pos, y[pos], d[pos]);
        }
    }

    /// Luma DC chain in the DC domain. Ideal d_00 of block k is 4 c_k (the inverse 4x4 adds
    /// d_00 / 64 = c_k / 16, the block mean). Errors: the encoder's /2 (<= 1/2 per entry, 16
    /// entries through H: 8, times MF V / 2^18: 4 MF V / 2^17), the level rounding (16 delta
    /// through H, times V 2^p / 4: 4 delta V 2^p), the dequant rounding (1/2) and the MF
    /// drift (4 |c| |MF V - 2^17| / 2^17).
    #[test]
    fn luma_dc_chain_error_is_bounded(
        c in proptest::array::uniform16(-4080i32..=4080),
        qp in 0i32..=51,
        dz in prop_oneof![Just(Deadzone::INTRA), (0u32..1024).prop_map(Deadzone)],
    ) {
        let levels = quant_luma_dc(&forward_luma_dc(&c), qp, dz);
        let dc = dequant_luma_dc(&inverse_luma_dc(&levels), qp);
        let (m, p) = ((qp % 6) as usize, qp / 6);
        let v = i128::from(NORM_ADJUST4X4[m][0]);
        let drift = (i128::from(MF4[m][0]) * v - (1 << 17)).abs();
        for k in 0..16 {
            let err = (i128::from(dc[k]) - 4 * i128::from(c[k])).abs();
            // Everything times 1024 * 2^17.
            let rhs = (4 * delta1024(dz) * v * (1 << p) + 512) * (1 << 17)
                + 4 * 1024 * i128::from(MF4[m][0]) * v
                + 4 * 1024 * i128::from(c[k]).abs() * drift;
            prop_assert!(err * 1024 * (1 << 17) <= rhs, "k {} c {} dc {}", k, c[k], dc[k]);
        }
    }

    /// Chroma DC chain: ideal d_00 is 4 c_k; level rounding gives 4 delta through H times
    /// V 2^p / 2 (= 2 delta V 2^p), the >> 5 rounding 1/2, the MF drift 4 |c| |MF V - 2^17| /
    /// 2^17.
    #[test]
    fn chroma_dc_chain_error_is_bounded(
        c in proptest::array::uniform4(-4080i32..=4080),
        qp in 0i32..=39,
        dz in prop_oneof![Just(Deadzone::INTRA), (0u32..1024).prop_map(Deadzone)],
    ) {
        let levels = quant_chroma_dc(&forward_chroma_dc(&c), qp, dz);
        let dc = dequant_chroma_dc(&inverse_chroma_dc(&levels), qp);
        let (m, p) = ((qp % 6) as usize, qp / 6);
        let v = i128::from(NORM_ADJUST4X4[m][0]);
        let drift = (i128::from(MF4[m][0]) * v - (1 << 17)).abs();
        for k in 0..4 {
            let err = (i128::from(dc[k]) - 4 * i128::from(c[k])).abs();
            let rhs = (2 * delta1024(dz) * v * (1 << p) + 512) * (1 << 17)
                + 4 * 1024 * i128::from(c[k]).abs() * drift;
            prop_assert!(err * 1024 * (1 << 17) <= rhs, "k {} c {} dc {}", k, c[k], dc[k]);
        }
    }
}

/// Proven bound on max |x - recon(x)| of the 4x4 path (f64 in a test only):
/// x = A Y A^T with A = Cf^-1 (A_pi = Cf_ip / NF4_i); the per-coefficient error above
/// (delta step_ij + |Y| eta_ij, step_ij = s_i s_j V 2^p / 64, |Y| <= 9180) reaches pixel
/// (p, q) with weight |A_pi A_qj|; the inverse's own rounding adds at most 1/2 (final) plus
/// 2.25 / 64 (interval analysis of the `>> 1` truncations in both passes).
fn bound4x4(qp: i32, dz: Deadzone) -> f64 {
    const CF: [[f64; 4]; 4] = [
        [1., 1., 1., 1.],
        [2., 1., -1., -2.],
        [1., -1., -1., 1.],
        [1., -2., 2., -1.],
    ];
    let (m, p) = ((qp % 6) as usize, qp / 6);
    let delta = delta1024(dz) as f64 / 1024.0;
    let a = |p: usize, i: usize| CF[i][p].abs() / NF4[i] as f64;
    let mut worst = 0f64;
    for pp in 0..4 {
        for qq in 0..4 {
            let mut sum = 0.0;
            for pos in 0..16 {
                let (i, j) = (pos / 4, pos % 4);
                let ss = (S4[i] * S4[j]) as f64;
                let v = f64::from(NORM_ADJUST4X4[m][class4x4(pos)]);
                let mf = f64::from(MF4_POS[m][pos]);
                let step = ss * v * f64::from(1 << p) / 64.0;
                let eta = (ss * mf * v / f64::from(1 << 21) - 1.0).abs();
                sum += a(pp, i) * a(qq, j) * (delta * step + 9180.0 * eta);
            }
            worst = worst.max(sum);
        }
    }
    worst + 0.5 + 2.25 / 64.0
}

/// Proven bound for the 8x8 path, same method: x = T^T Z T with Z_ij = 64 Y_ij / (n_i n_j);
/// the forward's rounding (|Y - exact| <= 1/2), the quantiser (delta V 2^p / 4 in d), the
/// dequant rounding (1/2 when p < 2) and the MF drift (|Y| <= 16320) give |Z - Z_ideal|, each
/// reaching pixel (p, q) with weight |T_ip T_jq|; d = 4096 Z. The inverse's rounding adds 1/2
/// plus 11.36 / 64 (interval analysis of its `>> 1` / `>> 2` truncations).
fn bound8x8(qp: i32, dz: Deadzone) -> f64 {
    const T: [[f64; 8]; 8] = [
        [8., 8., 8., 8., 8., 8., 8., 8.],
        [12., 10., 6., 3., -3., -6., -10., -12.],
        [8., 4., -4., -8., -8., -4., 4., 8.],
        [10., -3., -12., -6., 6., 12., 3., -10.],
        [8., -8., -8., 8., 8., -8., -8., 8.],
        [6., -12., 3., 10., -10., -3., 12., -6.],
        [4., -8., 8., -4., -4., 8., -8., 4.],
        [3., -6., 10., -12., 12., -10., 6., -3.],
    ];
    let (m, p) = ((qp % 6) as usize, qp / 6);
    let delta = delta1024(dz) as f64 / 1024.0;
    let mut zerr = [0f64; 64];
    for (pos, z) in zerr.iter_mut().enumerate() {
        let nn = (N8[pos / 8] * N8[pos % 8]) as f64;
        let v = f64::from(NORM_ADJUST8X8[m][class8x8(pos)]);
        let kappa = f64::from(MF8_POS[m][pos]) * v * nn / 2f64.powi(36);
        let round = if p < 2 { 0.5 } else { 0.0 };
        *z = 64.0 / nn * (0.5 * kappa + 16320.0 * (kappa - 1.0).abs())
            + (delta * v * f64::from(1 << p) / 4.0 + round) / 4096.0;
    }
    let mut worst = 0f64;
    for pp in 0..8 {
        for qq in 0..8 {
            let sum: f64 = (0..64)
                .map(|pos| (T[pos / 8][pp] * T[pos % 8][qq]).abs() * zerr[pos])
                .sum();
            worst = worst.max(sum);
        }
    }
    worst + 0.5 + 11.36 / 64.0
}

fn max_abs_diff(a: &[i32], b: &[i32]) -> i32 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .max()
        .unwrap_or(0)
}

#[test]
fn round_trip_bounds_are_the_documented_ones() {
    // The bounds the round-trip tests assert, floor of the proven real bound, Deadzone::INTRA.
    let b4: Vec<i32> = (0..=12)
        .map(|qp| bound4x4(qp, Deadzone::INTRA) as i32)
        .collect();
    let b8: Vec<i32> = (0..=12)
        .map(|qp| bound8x8(qp, Deadzone::INTRA) as i32)
        .collect();
    assert_eq!(b4, [2, 2, 2, 3, 3, 3, 3, 4, 4, 5, 5, 6, 7]);
    assert_eq!(b8, [4, 5, 5, 6, 6, 7, 7, 8, 9, 10, 11, 12, 13]);
}

proptest! {
    #[test]
    fn round_trip4x4(
        x in proptest::array::uniform16(-255i32..=255),
        qp in 0i32..=12,
        dz in prop_oneof![Just(Deadzone::INTRA), Just(Deadzone(512))],
    ) {
        let r = crate::lane::residual::lane4x4(&x, qp, dz).recon;
        prop_assert!(f64::from(max_abs_diff(&r, &x)) <= bound4x4(qp, dz));
        // QP 0 with round-to-nearest: the exact quantiser step is 0.625, error at most 1
        // (observed 1 in adversarial searches; the proven bound is 1.8).
        if qp == 0 && dz == Deadzone(512) {
            prop_assert!(max_abs_diff(&r, &x) <= 1);
        }
    }

    #[test]
    fn round_trip8x8(
        x in proptest::collection::vec(-255i32..=255, 64),
        qp in 0i32..=12,
        dz in prop_oneof![Just(Deadzone::INTRA), Just(Deadzone(512))],
    ) {
        let x = arr64(x);
        let r = crate::lane::residual::lane8x8(&x, qp, dz).recon;
        prop_assert!(f64::from(max_abs_diff(&r, &x)) <= bound8x8(qp, dz));
    }

    /// Intra16x16 luma path: AC through quant4x4, DCs through the luma-DC chain (levels in
    /// zig-zag order over the DC matrix), then the decoder's assembly. The DC substitution
    /// changes each pixel by at most the DC-chain bound / 64 on top of the 4x4 bound.
    #[test]
    fn round_trip_intra16x16(
        x in proptest::collection::vec(-255i32..=255, 256),
        qp in 0i32..=12,
    ) {
        let dz = Deadzone::INTRA;
        let block = |b: usize| -> [i32; 16] {
            std::array::from_fn(|k| x[(4 * (b / 4) + k / 4) * 16 + 4 * (b % 4) + k % 4])
        };
        let coefs: Vec<[i32; 16]> = (0..16).map(|b| forward4x4(&block(b))).collect();
        let dc: [i32; 16] = std::array::from_fn(|b| coefs[b][0]);
        let dc_coded = scan4x4(&quant_luma_dc(&forward_luma_dc(&dc), qp, dz));
        // Decoder.
        let dc_d = dequant_luma_dc(&inverse_luma_dc(&unscan4x4(&dc_coded)), qp);
        let (m, p) = ((qp % 6) as usize, qp / 6);
        let dc_bound = (4.0 * delta1024(dz) as f64 / 1024.0
            * f64::from(NORM_ADJUST4X4[m][0] << p)
            + 6.0)
            / 64.0;
        for b in 0..16 {
            let mut d = dequant4x4(&quant4x4(&coefs[b], qp, dz), qp);
            d[0] = dc_d[b];
            let r = inverse4x4(&d);
            let e = max_abs_diff(&r, &block(b));
            prop_assert!(f64::from(e) <= bound4x4(qp, dz) + dc_bound, "block {} err {}", b, e);
        }
    }

    /// 4:2:0 chroma path (8x8 chroma block = four 4x4 blocks, DC through the 2x2 chain).
    #[test]
    fn round_trip_chroma(
        x in proptest::collection::vec(-255i32..=255, 64),
        qp_y in 0i32..=12,
    ) {
        let dz = Deadzone::INTRA;
        let qp = chroma_qp(qp_y, 0);
        let block = |b: usize| -> [i32; 16] {
            std::array::from_fn(|k| x[(4 * (b / 2) + k / 4) * 8 + 4 * (b % 2) + k % 4])
        };
        let coefs: Vec<[i32; 16]> = (0..4).map(|b| forward4x4(&block(b))).collect();
        let dc = [coefs[0][0], coefs[1][0], coefs[2][0], coefs[3][0]];
        let levels = quant_chroma_dc(&forward_chroma_dc(&dc), qp, dz);
        let dc_d = dequant_chroma_dc(&inverse_chroma_dc(&levels), qp);
        let (m, p) = ((qp % 6) as usize, qp / 6);
        let dc_bound = (2.0 * delta1024(dz) as f64 / 1024.0
            * f64::from(NORM_ADJUST4X4[m][0] << p)
            + 2.0)
            / 64.0;
        for b in 0..4 {
            let mut d = dequant4x4(&quant4x4(&coefs[b], qp, dz), qp);
            d[0] = dc_d[b];
            let e = max_abs_diff(&inverse4x4(&d), &block(b));
            prop_assert!(f64::from(e) <= bound4x4(qp, dz) + dc_bound, "block {} err {}", b, e);
        }
    }
}
