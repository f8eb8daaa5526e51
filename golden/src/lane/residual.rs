//! Residual lanes (`rtl/residual_lane.sv`, `rtl/residual_lane8x8.sv`): one
//! 4x4 or 8x8 block of residuals to its levels and its reconstructed
//! residual.

use crate::quant::{dequant4x4, dequant8x8, quant4x4, quant8x8, Deadzone};
use crate::transform::{forward4x4, forward8x8, inverse4x4, inverse8x8};

/// The outputs of a residual lane for one block: `level_o` and `recon_o`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LaneOut<const NN: usize> {
    /// Levels, raster order (`quant4x4` / `quant8x8` of the forward transform).
    pub levels: [i32; NN],
    /// Reconstructed residual, raster order.
    pub recon: [i32; NN],
}

/// The coding half of the 4x4 lane for one block of residuals (raster).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Coded4x4 {
    /// Coefficient 0 of the forward transform: the input of the DC lanes for
    /// Intra16x16 luma and chroma blocks.
    pub dc: i32,
    /// quant4x4(forward4x4(res)), raster.
    pub levels: [i32; 16],
}

/// Forward transform and quantisation of a 4x4 block (residuals |r| <= 256).
#[inline]
pub fn code4x4(res: &[i32; 16], qp: i32, dz: Deadzone) -> Coded4x4 {
    let coef = forward4x4(res);
    Coded4x4 {
        dc: coef[0],
        levels: quant4x4(&coef, qp, dz),
    }
}

/// Scaling and inverse transform of a 4x4 block of raster levels (8.5.12);
/// `dc`, when given, replaces the scaled DC coefficient with an already
/// scaled value from a DC lane (Intra16x16 luma and chroma, 8.5.12.1), and
/// the level at index 0 is then ignored. The residual lane computes the
/// `None` case.
#[inline]
pub fn recon4x4(levels: &[i32; 16], qp: i32, dc: Option<i32>) -> [i32; 16] {
    // All-zero input gives an all-zero residual (scaling and the inverse
    // transform map 0 to 0); skipping the arithmetic is only faster.
    let zero_dc = dc.map_or(levels[0] == 0, |d| d == 0);
    if zero_dc && levels[1..].iter().all(|&l| l == 0) {
        return [0; 16];
    }
    let mut d = dequant4x4(levels, qp);
    if let Some(dc) = dc {
        d[0] = dc;
    }
    inverse4x4(&d)
}

/// `rtl/residual_lane.sv`: levels = quant4x4(forward4x4(res)), recon =
/// inverse4x4(dequant4x4(levels)).
#[inline]
pub fn lane4x4(res: &[i32; 16], qp: i32, dz: Deadzone) -> LaneOut<16> {
    let levels = code4x4(res, qp, dz).levels;
    LaneOut {
        levels,
        recon: recon4x4(&levels, qp, None),
    }
}

/// Forward transform and quantisation of an 8x8 block: quant8x8(forward8x8(res)).
#[inline]
pub fn code8x8(res: &[i32; 64], qp: i32, dz: Deadzone) -> [i32; 64] {
    quant8x8(&forward8x8(res), qp, dz)
}

/// Scaling and inverse transform of an 8x8 block of raster levels (8.5.13).
#[inline]
pub fn recon8x8(levels: &[i32; 64], qp: i32) -> [i32; 64] {
    if levels.iter().all(|&l| l == 0) {
        return [0; 64];
    }
    inverse8x8(&dequant8x8(levels, qp))
}

/// `rtl/residual_lane8x8.sv`: levels = quant8x8(forward8x8(res)), recon =
/// inverse8x8(dequant8x8(levels)).
#[inline]
pub fn lane8x8(res: &[i32; 64], qp: i32, dz: Deadzone) -> LaneOut<64> {
    let levels = code8x8(res, qp, dz);
    LaneOut {
        levels,
        recon: recon8x8(&levels, qp),
    }
}
