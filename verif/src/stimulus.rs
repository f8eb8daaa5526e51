//! Stimulus: the QP / dead-zone cycles of the real-tensor vectors, random blocks and sets,
//! and the corner cases of the residual and DC lanes.

use crate::blocks::{DcIn, LaneIn};
use crate::Rng;
use golden::transform::{BASIS8, CF4};

/// QPs the real-tensor vectors cycle through: vector k gets `QP_CYCLE[k % 9]`.
pub const QP_CYCLE: [u8; 9] = [0, 6, 12, 18, 24, 28, 34, 42, 51];
/// Dead zones the real-tensor vectors cycle through: vector k gets `DZ_CYCLE[k % 4]`.
pub const DZ_CYCLE: [u16; 4] = [341, 450, 512, 1023];

/// (QP, dead zone) of vector `k` of a real-tensor set.
pub fn cycled(k: usize) -> (u8, u16) {
    (QP_CYCLE[k % QP_CYCLE.len()], DZ_CYCLE[k % DZ_CYCLE.len()])
}

/// Lane inputs for residual blocks: QP and dead zone per [`cycled`], user = k mod 256.
pub fn lane_inputs(blocks: &[Vec<i32>]) -> Vec<LaneIn> {
    blocks
        .iter()
        .enumerate()
        .map(|(k, r)| {
            let (qp, dz) = cycled(k);
            LaneIn {
                res: r.clone(),
                qp,
                dz,
                user: k as u8,
            }
        })
        .collect()
}

/// A random residual block of `n` samples: full-range noise or small residuals (the common
/// case after prediction), QP 0..=51, dead zone 0..=1023.
pub fn random_block(rng: &mut Rng, n: usize, user: u8) -> LaneIn {
    let amp = match rng.range(0, 3) {
        0 => 256,
        1 => 32,
        2 => 4,
        _ => 1,
    };
    LaneIn {
        res: (0..n).map(|_| rng.range(-amp, amp - 1) as i32).collect(),
        qp: rng.range(0, 51) as u8,
        dz: rng.range(0, 1023) as u16,
        user,
    }
}

/// A random set of `n` DC terms: the DCs of 4x4 blocks of 9-bit residuals lie in
/// -4096..=4080.
pub fn random_dc_set(rng: &mut Rng, n: usize, user: u8) -> DcIn {
    let amp = [4096, 512, 16][rng.range(0, 2) as usize];
    DcIn {
        dc: (0..n)
            .map(|_| rng.range(-amp, amp.min(4080)) as i32)
            .collect(),
        qp: rng.range(0, 51) as u8,
        dz: rng.range(0, 1023) as u16,
        user,
    }
}

/// A residual block of `n` x `n` (4 or 8) whose coefficient (i, j) has the largest magnitude
/// that residuals in -256..=255 allow: sample (k, l) = `hi` where B_ik B_jl > 0 and `lo`
/// where it is < 0 (every basis entry is nonzero), with (hi, lo) = (255, -256) or (-256, 255).
pub fn worst_block(n: usize, i: usize, j: usize, hi: i32, lo: i32) -> Vec<i32> {
    let b = |r: usize, c: usize| if n == 4 { CF4[r][c] } else { BASIS8[r][c] };
    (0..n * n)
        .map(|p| {
            if b(i, p / n) * b(j, p % n) > 0 {
                hi
            } else {
                lo
            }
        })
        .collect()
}

/// Corner-case residual blocks of `n` samples: zeros, constants at the extremes,
/// checkerboards, and the worst blocks of every coefficient position (both signs).
pub fn corner_blocks(n: usize) -> Vec<Vec<i32>> {
    let side = if n == 16 { 4 } else { 8 };
    let mut v = vec![
        vec![0; n],
        vec![255; n],
        vec![-255; n],
        vec![-256; n],
        (0..n)
            .map(|p| {
                if (p / side + p % side) % 2 == 0 {
                    255
                } else {
                    -256
                }
            })
            .collect(),
        (0..n)
            .map(|p| if p % 2 == 0 { -255 } else { 255 })
            .collect(),
    ];
    for i in 0..side {
        for j in 0..side {
            v.push(worst_block(side, i, j, -256, 255));
            v.push(worst_block(side, i, j, 255, -256));
        }
    }
    v
}

/// Corner-case sets of `n` DC terms: zeros, the extremes, alternating signs, a checkerboard
/// and one-hot -4096 at every position.
pub fn corner_dc_sets(n: usize) -> Vec<Vec<i32>> {
    let mut v = vec![vec![0; n], vec![4080; n], vec![-4096; n]];
    v.push(
        (0..n)
            .map(|k| if k % 2 == 0 { 4080 } else { -4096 })
            .collect(),
    );
    v.push(
        (0..n)
            .map(|k| if (k / 4 + k) % 2 == 0 { -4096 } else { 4080 })
            .collect(),
    );
    for k in 0..n {
        let mut one = vec![0; n];
        one[k] = -4096;
        v.push(one);
    }
    v
}

/// Dead zones of the corner sweeps: both ends, round to nearest and its neighbours, the
/// intra default.
pub const CORNER_DEAD_ZONES: [u16; 6] = [0, 1, 341, 512, 1022, 1023];

/// The corner sweep written to vector files: corner `j` at every QP of `qps`, with dead zone
/// `CORNER_DEAD_ZONES[(j + qp) % 6]`, as (input, QP, dead zone).
pub fn corner_sweep(corners: &[Vec<i32>], qps: &[u8]) -> Vec<(Vec<i32>, u8, u16)> {
    let mut out = Vec::new();
    for (j, c) in corners.iter().enumerate() {
        for &qp in qps {
            let dz = CORNER_DEAD_ZONES[(j + usize::from(qp)) % CORNER_DEAD_ZONES.len()];
            out.push((c.clone(), qp, dz));
        }
    }
    out
}

/// A `w` x `h` 4:2:0 picture of gradients, edges and noise (each plane its own slope).
pub fn picture_420(w: usize, h: usize, seed: u64) -> golden::Picture {
    let mut rng = Rng::new(seed);
    let mut raw = Vec::new();
    for (pw, ph, k) in [
        (w, h, 3),
        (w.div_ceil(2), h.div_ceil(2), 5),
        (w.div_ceil(2), h.div_ceil(2), 7),
    ] {
        for y in 0..ph {
            for x in 0..pw {
                let edge = if (x / 7 + y / 5) % 3 == 0 { 90 } else { 0 };
                let v = (x * k + y * 2) % 160 + edge + rng.range(0, 40) as usize;
                raw.push(v.min(255) as u8);
            }
        }
    }
    golden::Picture::from_raw(golden::ChromaFormat::Yuv420, w, h, &raw).expect("picture size")
}

/// The luma-only (4:0:0) copy of a 4:2:0 picture.
pub fn luma_only(pic: &golden::Picture) -> golden::Picture {
    let mut out = golden::Picture::new(golden::ChromaFormat::Monochrome, pic.width, pic.height)
        .expect("picture size");
    out.planes[0] = pic.planes[0].clone();
    out
}

/// A `w` x `h` 4:2:0 picture (even sides) of saturating content: checkerboards of 0 and 255,
/// steep ramps that clip, per 8x8 or 16x16 tile (`tile`), so that plane predictions clip and
/// levels and reconstruction reach their limits.
pub fn saturating_420(w: usize, h: usize, tile: usize) -> golden::Picture {
    let mut raw = Vec::new();
    for p in 0..3 {
        let (pw, ph) = if p == 0 { (w, h) } else { (w / 2, h / 2) };
        for y in 0..ph {
            for x in 0..pw {
                let v = match (x / tile + y / tile + p) % 4 {
                    0 => {
                        if (x + y) % 2 == 0 {
                            255
                        } else {
                            0
                        }
                    }
                    1 => (x * 16 + y * 16).min(255),
                    2 => 255usize.saturating_sub(x * 20),
                    _ => {
                        if y % tile < tile / 2 {
                            0
                        } else {
                            255
                        }
                    }
                };
                raw.push(v as u8);
            }
        }
    }
    golden::Picture::from_raw(golden::ChromaFormat::Yuv420, w, h, &raw).expect("picture size")
}
