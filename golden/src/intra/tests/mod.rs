//! Tests of intra prediction: hand-worked examples per block size, then
//! properties over random planes and availabilities.

mod chroma;
mod cost;
mod pred16x16;
mod pred4x4;
mod pred8x8;
mod props;

use crate::picture::Plane;

/// Every sample a test does not set; a prediction that reads one shows it.
const POISON: u8 = 251;

/// A 3n x 2n plane with an n x n block at (n, n) whose corner p[-1, -1], top
/// row p[0.., -1] and left column p[-1, 0..] are set; all else is POISON.
fn neighbourhood(n: usize, corner: u8, top: &[u8], left: &[u8]) -> Plane {
    let mut p = Plane::new(3 * n, 2 * n, POISON);
    p.set(n - 1, n - 1, corner);
    for (i, &v) in top.iter().enumerate() {
        p.set(n + i, n - 1, v);
    }
    for (i, &v) in left.iter().enumerate() {
        p.set(n - 1, n + i, v);
    }
    p
}

/// A block with every sample equal to `v`.
fn flat<const N: usize>(v: u8) -> [[u8; N]; N] {
    [[v; N]; N]
}
