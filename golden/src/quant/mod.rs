//! Quantisation (encoder) and scaling (decoder, 8.5.9 - 8.5.13.1) of H.264 transform
//! coefficients for 8-bit video with flat scaling lists (weightScale = 16: Flat_4x4_16 /
//! Flat_8x8_16), plus the chroma QP mapping and the frame zig-zag scans.
//!
//! All blocks are raster order, row-major (index = row * N + col), as in `transform`.
//!
//! Levels: the encoder clamps levels to [-LEVEL_MAX, LEVEL_MAX] = [-32767, 32767]. The
//! standard allows -2^15..2^15-1 for 8-bit; the symmetric range keeps quant odd
//! (quant(-c) == -quant(c)). Transforms of 8-bit residuals never come near it (largest level
//! 6528, luma DC at QP 0), so the clamp only guards absurd inputs.
//!
//! Decoder arithmetic: the scaling products and shifts are done in i64 and exact; the result
//! is truncated to 32 bits (two's complement). For levels in -2^15..2^15-1 every result fits
//! i32 at every qP 0..=51 (test `dequant_is_exact_for_all_levels_at_all_qp`), so the
//! truncation only ever touches corrupt streams, where it is a defined, panic-free result.
//!
//! `qp` arguments must be in 0..=51 (QP'Y and QP'C are in range by their derivation,
//! 7.4.5 / 8.5.8). Out-of-range values are a caller bug: debug builds assert, release builds
//! clamp.

pub mod scan;
pub mod tables;
#[cfg(test)]
mod tests;

pub use scan::{scan4x4, scan8x8, unscan4x4, unscan8x8, ZIGZAG4X4, ZIGZAG8X8};

use tables::{LEVEL_SCALE4X4, LEVEL_SCALE8X8, MF4, MF4_POS, MF8_POS, QPC_FROM_QPI_30};

/// Largest level magnitude the encoder emits (see module doc).
pub const LEVEL_MAX: i32 = (1 << 15) - 1;

/// Chroma QP from luma QP, 8.5.8 / Table 8-15 (8-bit: QpBdOffsetC = 0, so QP'C = QPC).
///
/// qPI = Clip3(0, 51, qp_y + offset); QPC = qPI below 30, else Table 8-15.
#[inline]
pub fn chroma_qp(qp_y: i32, offset: i32) -> i32 {
    let qpi = qp_y.saturating_add(offset).clamp(0, 51);
    if qpi < 30 {
        qpi
    } else {
        i32::from(QPC_FROM_QPI_30[(qpi - 30) as usize])
    }
}

/// Quantiser rounding offset in units of 1/1024 of a quantisation step.
///
/// level = sign(c) * ((|c| * MF + f) >> qbits) with f = (dz << qbits) >> 10 = dz * 2^(qbits-10)
/// (exact: qbits >= 15). 512 rounds to nearest; smaller values widen the dead zone around 0.
/// Meaningful range 0..=1023.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Deadzone(pub u32);

impl Deadzone {
    /// 341 / 1024 ~ 1/3: the classic intra rounding offset (JM / x264 use 1/3 for intra).
    pub const INTRA: Deadzone = Deadzone(341);

    /// f = (dz << qbits) >> 10 for the given qbits (<= 24 here, so < 2^46: i64).
    #[inline(always)]
    fn offset(self, qbits: u32) -> i64 {
        (i64::from(self.0) << qbits) >> 10
    }
}

/// (qP % 6, qP / 6) with qP checked / clamped into 0..=51 (see module doc).
#[inline(always)]
fn split_qp(qp: i32) -> (usize, u32) {
    debug_assert!((0..=51).contains(&qp), "qp {qp} outside 0..=51");
    let qp = qp.clamp(0, 51) as u32;
    ((qp % 6) as usize, qp / 6)
}

/// One coefficient: sign(c) * min(LEVEL_MAX, (|c| * mf + f) >> qbits).
///
/// Widths for transforms of 8-bit residuals: |c| < 2^15, mf < 2^15, f < 2^24, so the sum is
/// < 2^30 (unsigned 30 bits). i64 keeps arbitrary i32 input panic-free (< 2^46).
#[inline(always)]
fn quant_one(c: i32, mf: i32, qbits: u32, f: i64) -> i32 {
    let mag = (i64::from(c).abs() * i64::from(mf) + f) >> qbits;
    let mag = mag.min(i64::from(LEVEL_MAX)) as i32;
    if c < 0 {
        -mag
    } else {
        mag
    }
}

/// Quantise a 4x4 block of `forward4x4` coefficients: qbits = 15 + qP/6, MF = MF4 by position.
///
/// Index 0 is quantised like any position; for Intra16x16 luma and chroma blocks the caller
/// ignores it (the DC goes through `quant_luma_dc` / `quant_chroma_dc`).
#[inline]
pub fn quant4x4(c: &[i32; 16], qp: i32, dz: Deadzone) -> [i32; 16] {
    let (rem, per) = split_qp(qp);
    let qbits = 15 + per;
    let f = dz.offset(qbits);
    let mf = &MF4_POS[rem];
    let mut out = [0i32; 16];
    for k in 0..16 {
        out[k] = quant_one(c[k], mf[k], qbits, f);
    }
    out
}

/// Quantise an 8x8 block of `forward8x8` coefficients: qbits = 16 + qP/6, MF = MF8 by
/// position.
#[inline]
pub fn quant8x8(c: &[i32; 64], qp: i32, dz: Deadzone) -> [i32; 64] {
    let (rem, per) = split_qp(qp);
    let qbits = 16 + per;
    let f = dz.offset(qbits);
    let mf = &MF8_POS[rem];
    let mut out = [0i32; 64];
    for k in 0..64 {
        out[k] = quant_one(c[k], mf[k], qbits, f);
    }
    out
}

/// Quantise the Intra16x16 luma DC (`forward_luma_dc` output): MF4 at (0, 0), shift
/// qbits + 1 = 16 + qP/6, offset 2f = dz * 2^(qbits+1-10). Output is raster over the 4x4 grid
/// of DCs; `scan4x4` gives the coded order.
#[inline]
pub fn quant_luma_dc(c: &[i32; 16], qp: i32, dz: Deadzone) -> [i32; 16] {
    let (rem, per) = split_qp(qp);
    let qbits = 16 + per;
    let f = dz.offset(qbits);
    let mf = MF4[rem][0];
    c.map(|v| quant_one(v, mf, qbits, f))
}

/// Quantise the 4:2:0 chroma DC (`forward_chroma_dc` output, raster 2x2), qp = QP'C:
/// MF4 at (0, 0), shift qbits + 1 = 16 + qP/6, offset 2f.
#[inline]
pub fn quant_chroma_dc(c: &[i32; 4], qp: i32, dz: Deadzone) -> [i32; 4] {
    let (rem, per) = split_qp(qp);
    let qbits = 16 + per;
    let f = dz.offset(qbits);
    let mf = MF4[rem][0];
    c.map(|v| quant_one(v, mf, qbits, f))
}

/// The standard's scaling rule shared by 8.5.12.1 (base 4), 8.5.13.1 and 8.5.10 (base 6):
/// per >= base: (c * ls) << (per - base); else (c * ls + 2^(base-1-per)) >> (base - per).
/// In i64 (exact, |c * ls| < 2^41 for any i32 level), truncated to 32 bits.
#[inline(always)]
fn scale(c: i32, ls: i32, per: u32, base: u32) -> i32 {
    let p = i64::from(c) * i64::from(ls);
    let d = if per >= base {
        p << (per - base)
    } else {
        (p + (1 << (base - 1 - per))) >> (base - per)
    };
    d as i32
}

/// Scale a 4x4 block of levels, 8.5.12.1 with flat weights: LevelScale4x4 = 16 * normAdjust4x4,
/// qP >= 24: (c * LS) << (qP/6 - 4), else (c * LS + 2^(3 - qP/6)) >> (4 - qP/6).
///
/// All 16 positions are scaled; for Intra16x16 luma and chroma the caller overwrites index 0
/// with the DC from `dequant_luma_dc` / `dequant_chroma_dc`. For |c| <= 2^15 the result is
/// < 2^28 in magnitude (2^15 * 368 << 4 at qP 51).
#[inline]
pub fn dequant4x4(c: &[i32; 16], qp: i32) -> [i32; 16] {
    let (rem, per) = split_qp(qp);
    let ls = &LEVEL_SCALE4X4[rem];
    let mut d = [0i32; 16];
    for k in 0..16 {
        d[k] = scale(c[k], ls[k], per, 4);
    }
    d
}

/// Scale an 8x8 block of levels, 8.5.13.1 with flat weights: LevelScale8x8 = 16 *
/// normAdjust8x8, qP >= 36: (c * LS) << (qP/6 - 6), else (c * LS + 2^(5 - qP/6)) >> (6 - qP/6).
/// For |c| <= 2^15 the result is < 2^27 in magnitude.
#[inline]
pub fn dequant8x8(c: &[i32; 64], qp: i32) -> [i32; 64] {
    let (rem, per) = split_qp(qp);
    let ls = &LEVEL_SCALE8X8[rem];
    let mut d = [0i32; 64];
    for k in 0..64 {
        d[k] = scale(c[k], ls[k], per, 6);
    }
    d
}

/// Scale the Intra16x16 luma DC, 8.5.10; input f = `inverse_luma_dc` output (raster 4x4 grid
/// of DCs): qP >= 36: (f * LS(qP%6,0,0)) << (qP/6 - 6), else
/// (f * LS + 2^(5 - qP/6)) >> (6 - qP/6). Output k is d_00 of 4x4 block k (raster over the
/// macroblock's 4x4 grid). For |f| <= 2^19 (16-bit levels) the result is < 2^29.
#[inline]
pub fn dequant_luma_dc(f: &[i32; 16], qp: i32) -> [i32; 16] {
    let (rem, per) = split_qp(qp);
    let ls = LEVEL_SCALE4X4[rem][0];
    f.map(|v| scale(v, ls, per, 6))
}

/// Scale the 4:2:0 chroma DC, 8.5.11.2; input f = `inverse_chroma_dc` output, qp = QP'C:
/// dcC = ((f * LS(qP%6,0,0)) << (qP/6)) >> 5.
///
/// The i64 step matters: for |f| <= 2^17 (16-bit levels), f * LS << (qP/6) reaches
/// 2^17 * 224 << 8 ~ 2^32.8 at qP 51 (it stays < 2^31 for the 4:2:0 8-bit maximum QP'C 39).
/// The result is < 2^28.
#[inline]
pub fn dequant_chroma_dc(f: &[i32; 4], qp: i32) -> [i32; 4] {
    let (rem, per) = split_qp(qp);
    let ls = i64::from(LEVEL_SCALE4X4[rem][0]);
    f.map(|v| (((i64::from(v) * ls) << per) >> 5) as i32)
}
