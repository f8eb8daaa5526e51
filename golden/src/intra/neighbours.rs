//! Gathering a block's neighbour samples p[x, -1] and p[-1, y] from a plane.

use super::Avail;
use crate::picture::Plane;

/// Neighbours of one block, as the standard's p[x, y] with x or y equal to -1.
///
/// `top[1 + x]` holds p[x, -1] and `left[1 + y]` holds p[-1, y]; both index 0
/// hold the corner p[-1, -1], so a formula's p[x - y - 2, -1] can run into the
/// corner exactly as the standard's does. Unavailable entries hold 0 and are
/// never read by a legal mode.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Edges {
    /// p[-1, -1], then p[0..16, -1].
    pub top: [u8; 17],
    /// p[-1, -1], then p[-1, 0..16].
    pub left: [u8; 17],
    /// What the caller said is available, top_right already folded into `top`.
    pub avail: Avail,
}

impl Edges {
    /// p[x, -1] for x >= -1.
    #[inline(always)]
    pub fn t(&self, x: isize) -> u32 {
        u32::from(self.top[(x + 1) as usize])
    }

    /// p[-1, y] for y >= -1.
    #[inline(always)]
    pub fn l(&self, y: isize) -> u32 {
        u32::from(self.left[(y + 1) as usize])
    }

    /// p[-1, -1].
    #[inline(always)]
    pub fn corner(&self) -> u32 {
        u32::from(self.top[0])
    }

    /// Sum of p[x0..x0 + n, -1].
    pub fn top_sum(&self, x0: usize, n: usize) -> u32 {
        self.top[1 + x0..1 + x0 + n]
            .iter()
            .map(|&v| u32::from(v))
            .sum()
    }

    /// Sum of p[-1, y0..y0 + n].
    pub fn left_sum(&self, y0: usize, n: usize) -> u32 {
        self.left[1 + y0..1 + y0 + n]
            .iter()
            .map(|&v| u32::from(v))
            .sum()
    }
}

/// True when `len` samples starting at `pos` fit in `0..size` (no overflow).
fn fits(pos: usize, len: usize, size: usize) -> bool {
    pos <= size && size - pos >= len
}

/// Reads the neighbours of the `n` x `n` block at (`x`, `y`): p[-1, 0..n],
/// p[-1, -1] and p[0..top_len, -1], each only where `avail` allows.
///
/// When `top_len > n` the samples p[n..top_len, -1] are the top-right ones;
/// when they are unavailable but the top is, they are substituted by
/// p[n - 1, -1] (8.3.1.2 and 8.3.2.2). Returns `None` when the call is
/// malformed: the plane's data is shorter than width x height, the block does
/// not lie inside the plane, or a neighbour flagged available lies outside it.
pub(crate) fn gather(
    plane: &Plane,
    x: usize,
    y: usize,
    n: usize,
    top_len: usize,
    avail: Avail,
) -> Option<Edges> {
    let w = plane.width;
    let size = w.checked_mul(plane.height)?;
    if plane.data.len() < size || !fits(x, n, w) || !fits(y, n, plane.height) {
        return None;
    }
    let top_right = avail.top && avail.top_right && top_len > n;
    if (avail.left && x == 0)
        || (avail.top && y == 0)
        || (avail.top_left && (x == 0 || y == 0))
        || (top_right && !fits(x, top_len, w))
    {
        return None;
    }
    let data = &plane.data;
    let mut e = Edges {
        top: [0; 17],
        left: [0; 17],
        avail,
    };
    e.avail.top_right = top_right;
    if avail.top_left {
        let c = data[(y - 1) * w + x - 1];
        e.top[0] = c;
        e.left[0] = c;
    }
    if avail.top {
        let row = (y - 1) * w + x;
        e.top[1..1 + n].copy_from_slice(&data[row..row + n]);
        if top_right {
            e.top[1 + n..1 + top_len].copy_from_slice(&data[row + n..row + top_len]);
        } else {
            let last = e.top[n];
            e.top[1 + n..1 + top_len].fill(last);
        }
    }
    if avail.left {
        for (i, s) in e.left[1..1 + n].iter_mut().enumerate() {
            *s = data[(y + i) * w + x - 1];
        }
    }
    Some(e)
}

/// (a + b + 1) >> 1: two-tap average, halves rounded up.
#[inline(always)]
pub(crate) fn avg2(a: u32, b: u32) -> u8 {
    ((a + b + 1) >> 1) as u8
}

/// (a + 2 * b + c + 2) >> 2: the [1 2 1] / 4 filter, halves rounded up.
#[inline(always)]
pub(crate) fn avg3(a: u32, b: u32, c: u32) -> u8 {
    ((a + 2 * b + c + 2) >> 2) as u8
}

/// (3 * a + b + 2) >> 2: the [3 1] / 4 filter used at the ends of an edge.
#[inline(always)]
pub(crate) fn end3(a: u32, b: u32) -> u8 {
    ((3 * a + b + 2) >> 2) as u8
}

/// DC value of an `n` x `n` block (n = 1 << log2n) from the sums of its
/// available top and left neighbours; 128 = 1 << (BitDepth - 1) when neither.
///
/// Both: (top + left + n) >> (log2n + 1); one: (sum + n / 2) >> log2n
/// (8.3.1.2.3, 8.3.2.2.4, 8.3.3.3 and the chroma 4x4 blocks of 8.3.4.1-3).
#[inline(always)]
pub(crate) fn dc_value(top: Option<u32>, left: Option<u32>, log2n: u32) -> u8 {
    let half = 1u32 << (log2n - 1);
    match (top, left) {
        (Some(t), Some(l)) => ((t + l + (1 << log2n)) >> (log2n + 1)) as u8,
        (Some(s), None) | (None, Some(s)) => ((s + half) >> log2n) as u8,
        (None, None) => 128,
    }
}

/// Clip1Y / Clip1C for 8-bit samples: clamps to 0..=255.
#[inline(always)]
pub(crate) fn clip1(v: i32) -> u8 {
    v.clamp(0, 255) as u8
}

/// Builds an `N` x `N` block from `f(x, y)`.
#[inline(always)]
pub(crate) fn fill<const N: usize>(f: impl Fn(isize, isize) -> u8) -> [[u8; N]; N] {
    let mut out = [[0u8; N]; N];
    for (y, row) in out.iter_mut().enumerate() {
        for (x, s) in row.iter_mut().enumerate() {
            *s = f(x as isize, y as isize);
        }
    }
    out
}
