//! Intra_16x16 luma prediction (8.3.3).

use super::neighbours::{clip1, dc_value, fill, Edges};
use super::{neighbours, Avail};
use crate::picture::Plane;

/// Whether Intra_16x16 `mode` (0..=3, Table 8-4) may be used with `avail`:
/// Vertical needs the top, Horizontal the left, Plane top, left and corner.
pub fn mode_available16x16(mode: u8, avail: Avail) -> bool {
    match mode {
        0 => avail.top,
        1 => avail.left,
        2 => true,
        3 => avail.top && avail.left && avail.top_left,
        _ => false,
    }
}

/// Intra_16x16 prediction of the macroblock whose top-left luma sample is
/// (`x`, `y`). `avail.top_right` is ignored. `None` when
/// [`mode_available16x16`] is false, and for malformed calls as for
/// [`super::predict4x4`].
pub fn predict16x16(
    plane: &Plane,
    x: usize,
    y: usize,
    mode: u8,
    avail: Avail,
) -> Option<[[u8; 16]; 16]> {
    if !mode_available16x16(mode, avail) {
        return None;
    }
    Edges16x16::gather(plane, x, y, avail)?.predict(mode)
}

/// The neighbours of one Intra_16x16 macroblock, read once and then used for
/// any number of modes.
#[derive(Clone, Copy, Debug)]
pub struct Edges16x16(Edges);

impl Edges16x16 {
    /// Reads the neighbours of the macroblock at (`x`, `y`); `None` for
    /// malformed calls, as for [`predict16x16`].
    pub fn gather(plane: &Plane, x: usize, y: usize, avail: Avail) -> Option<Self> {
        neighbours::gather(plane, x, y, 16, 16, avail).map(Edges16x16)
    }

    /// The prediction of `mode`, exactly [`predict16x16`] of the same block.
    pub fn predict(&self, mode: u8) -> Option<[[u8; 16]; 16]> {
        let e = &self.0;
        if !mode_available16x16(mode, e.avail) {
            return None;
        }
        Some(match mode {
            0 => fill(|x, _| e.t(x) as u8),
            1 => fill(|_, y| e.l(y) as u8),
            2 => {
                let top = e.avail.top.then(|| e.top_sum(0, 16));
                let left = e.avail.left.then(|| e.left_sum(0, 16));
                [[dc_value(top, left, 4); 16]; 16]
            }
            _ => plane16x16(e),
        })
    }
}

/// Intra_16x16_Plane (8.3.3.4):
/// H = sum_{x'=0..7} (x'+1) * (p[8+x', -1] - p[6-x', -1]), V likewise down the
/// left column, a = 16 * (p[-1, 15] + p[15, -1]), b = (5H + 32) >> 6,
/// c = (5V + 32) >> 6, pred[x, y] = Clip1((a + b(x-7) + c(y-7) + 16) >> 5).
/// `>>` of a negative value is the standard's arithmetic shift (floor), which
/// is what `i32 >>` does.
fn plane16x16(e: &Edges) -> [[u8; 16]; 16] {
    let (mut h, mut v) = (0i32, 0i32);
    for i in 0..8isize {
        h += (i as i32 + 1) * (e.t(8 + i) as i32 - e.t(6 - i) as i32);
        v += (i as i32 + 1) * (e.l(8 + i) as i32 - e.l(6 - i) as i32);
    }
    let a = 16 * (e.l(15) as i32 + e.t(15) as i32);
    let b = (5 * h + 32) >> 6;
    let c = (5 * v + 32) >> 6;
    fill(|x, y| clip1((a + b * (x as i32 - 7) + c * (y as i32 - 7) + 16) >> 5))
}
