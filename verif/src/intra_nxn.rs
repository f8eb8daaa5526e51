//! The Intra_4x4 / Intra_8x8 prediction units (`rtl/intra/intra_pred4x4`, `intra_pred8x8`): one
//! block's neighbours, availability and mode in, golden's prediction out.
//!
//! The expected result always comes from golden's own gather and predict
//! (`intra::Edges4x4` / `Edges8x8`: the top-right substitution, for 8x8 the reference
//! filtering, and `None` where `mode_available4x4` / `mode_available8x8` reject the mode). For
//! random and extreme neighbours the samples are written into a small plane around the block
//! and golden gathers them from there; for real pictures golden gathers from the picture's
//! plane with the availability `MbNeighbors::avail4x4` / `avail8x8` gives each block.
//! Samples golden does not gather (not available) are random in the RTL's input, so the units
//! must ignore them.

use crate::Rng;
use golden::intra::{Avail, Edges4x4, Edges8x8};
use golden::mb::neighbours::{MbNeighbors, BLK_X, BLK_Y};
use golden::mb::MbInfo;
use golden::picture::Plane;

/// One block into `intra_pred4x4` (`n` = 4) or `intra_pred8x8` (`n` = 8).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NxnIn {
    pub n: usize,
    /// Intra4x4PredMode / Intra8x8PredMode; 9..15 must be errors.
    pub mode: u8,
    /// `avail_i`: bit 0 top, 1 left, 2 top-left, 3 top-right.
    pub avail: u8,
    /// p[0..2n-1, -1] (top, then top-right).
    pub top: Vec<u8>,
    /// p[-1, 0..n-1].
    pub left: Vec<u8>,
    /// p[-1, -1].
    pub corner: u8,
}

/// One prediction out.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NxnOut {
    /// n * n samples, raster order.
    pub pred: Vec<u8>,
    /// The mode is not available (golden's predict gives `None`).
    pub err: bool,
}

impl NxnOut {
    /// `got` is this expected result: the same error flag and, without an error, the same
    /// prediction (the prediction is don't care with one).
    pub fn matches(&self, got: &NxnOut) -> bool {
        self.err == got.err && (self.err || self.pred == got.pred)
    }
}

/// `avail_i`'s bits of an [`Avail`].
pub fn avail_bits(a: Avail) -> u8 {
    u8::from(a.top) | u8::from(a.left) << 1 | u8::from(a.top_left) << 2 | u8::from(a.top_right) << 3
}

/// The [`Avail`] of `avail_i`'s bits.
pub fn avail_of(bits: u8) -> Avail {
    Avail {
        top: bits & 1 != 0,
        left: bits & 2 != 0,
        top_left: bits & 4 != 0,
        top_right: bits & 8 != 0,
    }
}

/// Golden's prediction of the block at (`x`, `y`) of `plane` in `mode`, gathered by golden.
fn predict(plane: &Plane, x: usize, y: usize, n: usize, mode: u8, avail: Avail) -> NxnOut {
    let pred: Option<Vec<u8>> = if n == 4 {
        let e = Edges4x4::gather(plane, x, y, avail).expect("a well-formed 4x4 gather");
        e.predict(mode).map(|b| b.concat())
    } else {
        let e = Edges8x8::gather(plane, x, y, avail).expect("a well-formed 8x8 gather");
        e.predict(mode).map(|b| b.concat())
    };
    NxnOut {
        err: pred.is_none(),
        pred: pred.unwrap_or_else(|| vec![0; n * n]),
    }
}

impl NxnIn {
    /// Golden's prediction of this input: the neighbours written into a (2n + 1) x (n + 1)
    /// plane around the block at (1, 1), then golden's gather and predict.
    pub fn expected(&self) -> NxnOut {
        let n = self.n;
        let mut plane = Plane::new(2 * n + 1, n + 1, 0);
        plane.set(0, 0, self.corner);
        for (x, &v) in self.top.iter().enumerate() {
            plane.set(1 + x, 0, v);
        }
        for (y, &v) in self.left.iter().enumerate() {
            plane.set(0, 1 + y, v);
        }
        predict(&plane, 1, 1, n, self.mode, avail_of(self.avail))
    }
}

/// Every mode 0..15 x every availability 0..15, each on `per` sets of random neighbours, then on
/// the extremes: all 0, all 255, ramps that clip, alternating 0 / 255 and steps.
pub fn random_and_extreme(n: usize, per: usize, rng: &mut Rng) -> Vec<(NxnIn, NxnOut)> {
    let mut sets: Vec<(Vec<u8>, Vec<u8>, u8)> = Vec::new();
    let byte = |rng: &mut Rng| rng.range(0, 255) as u8;
    for _ in 0..per {
        let top = (0..2 * n).map(|_| byte(rng)).collect();
        let left = (0..n).map(|_| byte(rng)).collect();
        sets.push((top, left, byte(rng)));
    }
    let ramp = |k: usize, step: usize| (k * step).min(255) as u8;
    for &(t, l, c) in &[(0u8, 0u8, 0u8), (255, 255, 255), (0, 255, 0), (255, 0, 255)] {
        sets.push((vec![t; 2 * n], vec![l; n], c));
    }
    sets.push((
        (0..2 * n).map(|k| ramp(k, 40)).collect(),
        (0..n).map(|k| 255 - ramp(k, 40)).collect(),
        255,
    ));
    sets.push((
        (0..2 * n).map(|k| 255 - ramp(k, 37)).collect(),
        (0..n).map(|k| ramp(k, 73)).collect(),
        0,
    ));
    sets.push((
        (0..2 * n)
            .map(|k| if k % 2 == 0 { 255 } else { 0 })
            .collect(),
        (0..n).map(|k| if k % 2 == 0 { 0 } else { 255 }).collect(),
        255,
    ));
    sets.push((
        (0..2 * n).map(|k| if k < n { 0 } else { 255 }).collect(),
        (0..n).map(|k| if k < n / 2 { 255 } else { 0 }).collect(),
        128,
    ));
    let mut out = Vec::new();
    for (top, left, corner) in sets {
        for avail in 0..16u8 {
            for mode in 0..16u8 {
                let input = NxnIn {
                    n,
                    mode,
                    avail,
                    top: top.clone(),
                    left: left.clone(),
                    corner,
                };
                let want = input.expected();
                out.push((input, want));
            }
        }
    }
    out
}

/// Every n x n block of `plane`'s macroblocks (one slice, raster order) in every mode 0..8, with
/// the availability golden's decoder gives it (`MbNeighbors::avail4x4` / `avail8x8`) and
/// golden's prediction gathered from `plane`; the samples golden does not gather are random.
pub fn picture_blocks(plane: &Plane, n: usize, rng: &mut Rng) -> Vec<(NxnIn, NxnOut)> {
    let (wm, hm) = (plane.width / 16, plane.height / 16);
    let decoded = MbInfo {
        slice: 1,
        ..Default::default()
    };
    let mut out = Vec::new();
    for my in 0..hm {
        for mx in 0..wm {
            let nb = MbNeighbors {
                a: (mx > 0).then_some(decoded),
                b: (my > 0).then_some(decoded),
                c: my > 0 && mx + 1 < wm,
                d: my > 0 && mx > 0,
            };
            let blocks = if n == 4 { 16 } else { 4 };
            for b in 0..blocks {
                let (avail, bx, by) = if n == 4 {
                    (
                        nb.avail4x4(b),
                        16 * mx + 4 * usize::from(BLK_X[b]),
                        16 * my + 4 * usize::from(BLK_Y[b]),
                    )
                } else {
                    (nb.avail8x8(b), 16 * mx + 8 * (b % 2), 16 * my + 8 * (b / 2))
                };
                // Reads p[x, y] relative to the block, random where outside the plane.
                let mut at = |dx: isize, dy: isize| -> u8 {
                    let (x, y) = (bx as isize + dx, by as isize + dy);
                    if x < 0 || y < 0 || x as usize >= plane.width || y as usize >= plane.height {
                        rng.range(0, 255) as u8
                    } else {
                        plane.at(x as usize, y as usize)
                    }
                };
                let top: Vec<u8> = (0..2 * n as isize).map(|x| at(x, -1)).collect();
                let left: Vec<u8> = (0..n as isize).map(|y| at(-1, y)).collect();
                let corner = at(-1, -1);
                for mode in 0..9u8 {
                    let input = NxnIn {
                        n,
                        mode,
                        avail: avail_bits(avail),
                        top: top.clone(),
                        left: left.clone(),
                        corner,
                    };
                    out.push((input, predict(plane, bx, by, n, mode, avail)));
                }
            }
        }
    }
    out
}
