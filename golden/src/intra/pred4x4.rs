//! Intra_4x4 luma prediction (8.3.1.2).

use super::{directional, neighbours, Avail};
use crate::picture::Plane;

/// Whether Intra_4x4 `mode` (0..=8, Table 8-2) may be used with `avail`.
pub fn mode_available4x4(mode: u8, avail: Avail) -> bool {
    directional::mode_available(mode, avail)
}

/// Intra_4x4 prediction of the block whose top-left luma sample is (`x`, `y`).
///
/// Missing top-right samples p[4..7, -1] are substituted by p[3, -1]. `None`
/// when [`mode_available4x4`] is false, and for malformed calls: the block not
/// inside the plane, or a neighbour flagged available lying outside it.
pub fn predict4x4(
    plane: &Plane,
    x: usize,
    y: usize,
    mode: u8,
    avail: Avail,
) -> Option<[[u8; 4]; 4]> {
    if !mode_available4x4(mode, avail) {
        return None;
    }
    let e = neighbours::gather(plane, x, y, 4, 8, avail)?;
    directional::predict::<4>(&e, mode)
}
