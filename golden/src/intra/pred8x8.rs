//! Intra_8x8 luma prediction (8.3.2.2): reference sample filtering, then the
//! nine directional modes on the filtered samples p'.

use super::neighbours::{avg3, end3, Edges};
use super::{directional, neighbours, Avail};
use crate::picture::Plane;

/// Whether Intra_8x8 `mode` (0..=8, Table 8-3) may be used with `avail`.
pub fn mode_available8x8(mode: u8, avail: Avail) -> bool {
    directional::mode_available(mode, avail)
}

/// Intra_8x8 prediction of the block whose top-left luma sample is (`x`, `y`).
///
/// Missing top-right samples p[8..15, -1] are substituted by p[7, -1], then
/// the neighbours are filtered (8.3.2.2.1). `None` when [`mode_available8x8`]
/// is false, and for malformed calls as for [`super::predict4x4`].
pub fn predict8x8(
    plane: &Plane,
    x: usize,
    y: usize,
    mode: u8,
    avail: Avail,
) -> Option<[[u8; 8]; 8]> {
    if !mode_available8x8(mode, avail) {
        return None;
    }
    Edges8x8::gather(plane, x, y, avail)?.predict(mode)
}

/// The filtered neighbours p' of one Intra_8x8 block, read and filtered
/// once and then used for any number of modes.
#[derive(Clone, Copy, Debug)]
pub struct Edges8x8(Edges);

impl Edges8x8 {
    /// Reads and filters the neighbours of the block at (`x`, `y`); `None`
    /// for malformed calls, as for [`predict8x8`].
    pub fn gather(plane: &Plane, x: usize, y: usize, avail: Avail) -> Option<Self> {
        let e = neighbours::gather(plane, x, y, 8, 16, avail)?;
        Some(Edges8x8(filter_reference(&e)))
    }

    /// The prediction of `mode`, exactly [`predict8x8`] of the same block.
    pub fn predict(&self, mode: u8) -> Option<[[u8; 8]; 8]> {
        if !mode_available8x8(mode, self.0.avail) {
            return None;
        }
        directional::predict::<8>(&self.0, mode)
    }
}

/// Reference sample filtering process for Intra_8x8 (8.3.2.2.1): returns p'
/// in the same layout; entries that are unavailable stay unavailable.
pub(crate) fn filter_reference(e: &Edges) -> Edges {
    let a = e.avail;
    let t = |x: isize| e.t(x);
    let l = |y: isize| e.l(y);
    let c = e.corner();
    let mut f = *e;
    // Top row p'[0..15, -1] (all 16 are available once the top is, thanks to
    // the top-right substitution done while gathering).
    if a.top {
        f.top[1] = if a.top_left {
            avg3(c, t(0), t(1))
        } else {
            end3(t(0), t(1))
        };
        for x in 1..15 {
            f.top[1 + x as usize] = avg3(t(x - 1), t(x), t(x + 1));
        }
        f.top[16] = end3(t(15), t(14));
    }
    // Corner p'[-1, -1]: [1 2 1] when both sides exist, [3 1] towards the one
    // that exists, unfiltered when neither does.
    if a.top_left {
        let pc = match (a.top, a.left) {
            (true, true) => avg3(t(0), c, l(0)),
            (true, false) => end3(c, t(0)),
            (false, true) => end3(c, l(0)),
            (false, false) => c as u8,
        };
        f.top[0] = pc;
        f.left[0] = pc;
    }
    // Left column p'[-1, 0..7].
    if a.left {
        f.left[1] = if a.top_left {
            avg3(c, l(0), l(1))
        } else {
            end3(l(0), l(1))
        };
        for y in 1..7 {
            f.left[1 + y as usize] = avg3(l(y - 1), l(y), l(y + 1));
        }
        f.left[8] = end3(l(7), l(6));
    }
    f
}
