//! Intra chroma prediction for 4:2:0 (8.3.4): one 8x8 block of Cb or Cr.

use super::neighbours::{clip1, dc_value, fill, Edges};
use super::{neighbours, Avail};
use crate::picture::Plane;

/// Whether intra_chroma_pred_mode `mode` (0 DC, 1 Horizontal, 2 Vertical,
/// 3 Plane; Table 8-5) may be used with `avail`.
pub fn mode_available_chroma(mode: u8, avail: Avail) -> bool {
    match mode {
        0 => true,
        1 => avail.left,
        2 => avail.top,
        3 => avail.top && avail.left && avail.top_left,
        _ => false,
    }
}

/// Intra chroma prediction of the 8x8 4:2:0 block whose top-left chroma sample
/// is (`x`, `y`). `avail.top_right` is ignored. `None` when
/// [`mode_available_chroma`] is false, and for malformed calls as for
/// [`super::predict4x4`].
pub fn predict_chroma(
    plane: &Plane,
    x: usize,
    y: usize,
    mode: u8,
    avail: Avail,
) -> Option<[[u8; 8]; 8]> {
    if !mode_available_chroma(mode, avail) {
        return None;
    }
    let e = neighbours::gather(plane, x, y, 8, 8, avail)?;
    Some(match mode {
        0 => dc_chroma(&e),
        1 => fill(|_, y| e.l(y) as u8),
        2 => fill(|x, _| e.t(x) as u8),
        _ => plane_chroma(&e),
    })
}

/// Intra_Chroma_DC (8.3.4.1-3): each 4x4 chroma block gets its own DC.
/// Blocks (0,0) and (4,4) average top and left as luma DC does; block (4,0)
/// prefers its top samples and block (0,4) its left samples, falling back to
/// the other side, then to 128.
fn dc_chroma(e: &Edges) -> [[u8; 8]; 8] {
    let mut out = [[0u8; 8]; 8];
    for (xo, yo) in [(0, 0), (4, 0), (0, 4), (4, 4)] {
        let top = e.avail.top.then(|| e.top_sum(xo, 4));
        let left = e.avail.left.then(|| e.left_sum(yo, 4));
        let v = match (xo, yo) {
            (4, 0) => dc_value(top, if top.is_some() { None } else { left }, 2),
            (0, 4) => dc_value(if left.is_some() { None } else { top }, left, 2),
            _ => dc_value(top, left, 2),
        };
        for row in &mut out[yo..yo + 4] {
            row[xo..xo + 4].fill(v);
        }
    }
    out
}

/// Intra_Chroma_Plane for 4:2:0 (8.3.4.4 with xCF = yCF = 0):
/// H = sum_{x'=0..3} (x'+1) * (p[4+x', -1] - p[2-x', -1]), V likewise,
/// a = 16 * (p[-1, 7] + p[7, -1]), b = (34H + 32) >> 6, c = (34V + 32) >> 6,
/// pred[x, y] = Clip1C((a + b(x-3) + c(y-3) + 16) >> 5), arithmetic shifts.
fn plane_chroma(e: &Edges) -> [[u8; 8]; 8] {
    let (mut h, mut v) = (0i32, 0i32);
    for i in 0..4isize {
        h += (i as i32 + 1) * (e.t(4 + i) as i32 - e.t(2 - i) as i32);
        v += (i as i32 + 1) * (e.l(4 + i) as i32 - e.l(2 - i) as i32);
    }
    let a = 16 * (e.l(7) as i32 + e.t(7) as i32);
    let b = (34 * h + 32) >> 6;
    let c = (34 * v + 32) >> 6;
    fill(|x, y| clip1((a + b * (x as i32 - 3) + c * (y as i32 - 3) + 16) >> 5))
}
