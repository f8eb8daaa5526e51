//! Intra_4x4 luma prediction (8.3.1.2).

use super::neighbours::Edges;
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
    Edges4x4::gather(plane, x, y, avail)?.predict(mode)
}

/// The neighbours of one Intra_4x4 block, read once and then used for any
/// number of modes (the encoder tries all nine).
#[derive(Clone, Copy, Debug)]
pub struct Edges4x4(Edges);

impl Edges4x4 {
    /// Reads the neighbours of the block at (`x`, `y`); `None` for malformed
    /// calls, as for [`predict4x4`].
    pub fn gather(plane: &Plane, x: usize, y: usize, avail: Avail) -> Option<Self> {
        neighbours::gather(plane, x, y, 4, 8, avail).map(Edges4x4)
    }

    /// The prediction of `mode`, exactly [`predict4x4`] of the same block.
    pub fn predict(&self, mode: u8) -> Option<[[u8; 4]; 4]> {
        if !mode_available4x4(mode, self.0.avail) {
            return None;
        }
        directional::predict::<4>(&self.0, mode)
    }
}
