//! DC lanes (`rtl/luma_dc_lane.sv`, `rtl/chroma_dc_lane.sv`, both `dc_lane`):
//! the Intra16x16 luma DC (16 terms) and the 4:2:0 chroma DC (4 terms) of a
//! macroblock to their levels and their scaled DC values, which replace
//! coefficient 0 of each 4x4 block in `residual::recon4x4`.

use crate::quant::{dequant_chroma_dc, dequant_luma_dc, quant_chroma_dc, quant_luma_dc, Deadzone};
use crate::transform::{forward_chroma_dc, forward_luma_dc, inverse_chroma_dc, inverse_luma_dc};

/// The outputs of a DC lane for one set: `level_o` and `recon_o`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DcOut<const N: usize> {
    /// Levels, raster over the grid of DC terms.
    pub levels: [i32; N],
    /// Scaled DC value of each 4x4 block (d_00), raster.
    pub dc: [i32; N],
}

/// Luma DC coding: quant_luma_dc(forward_luma_dc(c)), raster over the 4x4
/// grid of blocks (c = coefficient 0 of each block's forward transform).
#[inline]
pub fn code_luma(c: &[i32; 16], qp: i32, dz: Deadzone) -> [i32; 16] {
    quant_luma_dc(&forward_luma_dc(c), qp, dz)
}

/// Luma DC reconstruction (8.5.10): dequant_luma_dc(inverse_luma_dc(levels)),
/// levels raster.
#[inline]
pub fn recon_luma(levels: &[i32; 16], qp: i32) -> [i32; 16] {
    if levels.iter().all(|&l| l == 0) {
        return [0; 16];
    }
    dequant_luma_dc(&inverse_luma_dc(levels), qp)
}

/// `rtl/luma_dc_lane.sv`.
#[inline]
pub fn luma(c: &[i32; 16], qp: i32, dz: Deadzone) -> DcOut<16> {
    let levels = code_luma(c, qp, dz);
    DcOut {
        levels,
        dc: recon_luma(&levels, qp),
    }
}

/// Chroma DC coding (qp = QP'C): quant_chroma_dc(forward_chroma_dc(c)).
#[inline]
pub fn code_chroma(c: &[i32; 4], qp: i32, dz: Deadzone) -> [i32; 4] {
    quant_chroma_dc(&forward_chroma_dc(c), qp, dz)
}

/// Chroma DC reconstruction (8.5.11): dequant_chroma_dc(inverse_chroma_dc(levels)).
#[inline]
pub fn recon_chroma(levels: &[i32; 4], qp: i32) -> [i32; 4] {
    dequant_chroma_dc(&inverse_chroma_dc(levels), qp)
}

/// `rtl/chroma_dc_lane.sv`.
#[inline]
pub fn chroma(c: &[i32; 4], qp: i32, dz: Deadzone) -> DcOut<4> {
    let levels = code_chroma(c, qp, dz);
    DcOut {
        levels,
        dc: recon_chroma(&levels, qp),
    }
}
