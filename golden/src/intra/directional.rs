//! The nine Intra_NxN modes, shared by Intra_4x4 (8.3.1.2.1-9) and Intra_8x8
//! (8.3.2.2.2-10): the 8x8 formulas are the 4x4 ones written for any N, so
//! one kernel serves both (4x4 on raw neighbours, 8x8 on filtered ones).

use super::neighbours::{avg2, avg3, dc_value, fill, Edges};
use super::Avail;

/// Whether an Intra_NxN `mode` may be used with `avail` (same rules for 4x4
/// and 8x8): Vertical, Diagonal_Down_Left and Vertical_Left need the top
/// (top-right is substituted when missing), Horizontal and Horizontal_Up the
/// left, Diagonal_Down_Right, Vertical_Right and Horizontal_Down all of top,
/// left and corner; DC always works.
pub(crate) fn mode_available(mode: u8, avail: Avail) -> bool {
    match mode {
        0 | 3 | 7 => avail.top,
        1 | 8 => avail.left,
        2 => true,
        4..=6 => avail.top && avail.left && avail.top_left,
        _ => false,
    }
}

/// Predicts an `N` x `N` block (N = 4 or 8) from neighbours `e` whose top row
/// already holds 2N samples (top-right substituted). `None` for mode > 8.
/// The caller has checked [`mode_available`], so every sample read exists.
#[inline(always)]
pub(crate) fn predict<const N: usize>(e: &Edges, mode: u8) -> Option<[[u8; N]; N]> {
    let n = N as isize;
    let t = |x: isize| e.t(x);
    let l = |y: isize| e.l(y);
    let block = match mode {
        // Vertical: pred[x, y] = p[x, -1].
        0 => fill(|x, _| t(x) as u8),
        // Horizontal: pred[x, y] = p[-1, y].
        1 => fill(|_, y| l(y) as u8),
        2 => {
            let top = e.avail.top.then(|| e.top_sum(0, N));
            let left = e.avail.left.then(|| e.left_sum(0, N));
            let v = dc_value(top, left, N.trailing_zeros());
            [[v; N]; N]
        }
        // Diagonal_Down_Left: [1 2 1] along x + y; the last sample has no
        // p[2N, -1] and uses (p[2N-2, -1] + 3 * p[2N-1, -1] + 2) >> 2.
        3 => fill(|x, y| {
            if x == n - 1 && y == n - 1 {
                ((t(2 * n - 2) + 3 * t(2 * n - 1) + 2) >> 2) as u8
            } else {
                avg3(t(x + y), t(x + y + 1), t(x + y + 2))
            }
        }),
        // Diagonal_Down_Right: [1 2 1] along x - y through the corner.
        4 => fill(|x, y| {
            if x > y {
                avg3(t(x - y - 2), t(x - y - 1), t(x - y))
            } else if x < y {
                avg3(l(y - x - 2), l(y - x - 1), l(y - x))
            } else {
                avg3(t(0), t(-1), l(0))
            }
        }),
        5 => fill(|x, y| vertical_right(e, x, y)),
        6 => fill(|x, y| horizontal_down(e, x, y)),
        // Vertical_Left: two-tap on even rows, [1 2 1] on odd rows, shifted
        // right by one sample every two rows.
        7 => fill(|x, y| {
            let k = x + (y >> 1);
            if y & 1 == 0 {
                avg2(t(k), t(k + 1))
            } else {
                avg3(t(k), t(k + 1), t(k + 2))
            }
        }),
        8 => fill(|x, y| horizontal_up(e, n, x, y)),
        _ => return None,
    };
    Some(block)
}

/// Vertical_Right sample, zVR = 2x - y (8.3.1.2.6 / 8.3.2.2.7).
#[inline(always)]
fn vertical_right(e: &Edges, x: isize, y: isize) -> u8 {
    let z = 2 * x - y;
    let k = x - (y >> 1);
    if z >= 0 && z & 1 == 0 {
        avg2(e.t(k - 1), e.t(k))
    } else if z >= 0 {
        avg3(e.t(k - 2), e.t(k - 1), e.t(k))
    } else if z == -1 {
        avg3(e.l(0), e.corner(), e.t(0))
    } else {
        // zVR < -1: [1 2 1] down the left column. For 4x4 this only happens
        // at x = 0, where y - 2x - 1 is the standard's y - 1.
        avg3(e.l(y - 2 * x - 1), e.l(y - 2 * x - 2), e.l(y - 2 * x - 3))
    }
}

/// Horizontal_Down sample, zHD = 2y - x (8.3.1.2.7 / 8.3.2.2.8).
#[inline(always)]
fn horizontal_down(e: &Edges, x: isize, y: isize) -> u8 {
    let z = 2 * y - x;
    let k = y - (x >> 1);
    if z >= 0 && z & 1 == 0 {
        avg2(e.l(k - 1), e.l(k))
    } else if z >= 0 {
        avg3(e.l(k - 2), e.l(k - 1), e.l(k))
    } else if z == -1 {
        avg3(e.l(0), e.corner(), e.t(0))
    } else {
        // zHD < -1: [1 2 1] along the top row (4x4: y = 0, so x - 1 .. x - 3).
        avg3(e.t(x - 2 * y - 1), e.t(x - 2 * y - 2), e.t(x - 2 * y - 3))
    }
}

/// Horizontal_Up sample, zHU = x + 2y (8.3.1.2.9 / 8.3.2.2.10): interpolates
/// up the left column, then p[-1, N-1] repeated; 2N - 3 is the seam sample.
#[inline(always)]
fn horizontal_up(e: &Edges, n: isize, x: isize, y: isize) -> u8 {
    let z = x + 2 * y;
    let k = y + (x >> 1);
    if z < 2 * n - 3 {
        if z & 1 == 0 {
            avg2(e.l(k), e.l(k + 1))
        } else {
            avg3(e.l(k), e.l(k + 1), e.l(k + 2))
        }
    } else if z == 2 * n - 3 {
        ((e.l(n - 2) + 3 * e.l(n - 1) + 2) >> 2) as u8
    } else {
        e.l(n - 1) as u8
    }
}
