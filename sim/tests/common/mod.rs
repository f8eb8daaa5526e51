//! Helpers shared by the sim tests: golden expectations and stimulus.

#![allow(dead_code)]

use golden::lane::residual;
use golden::quant::Deadzone;
use sim::{LaneIn, LaneOut, Rng};

pub mod lanes;

/// What the golden model says a lane must output for `b` (QP as the RTL sees it: > 51 is 51).
pub fn golden_lane(b: &LaneIn) -> LaneOut {
    let qp = i32::from(b.qp).min(51);
    let dz = Deadzone(u32::from(b.dz));
    let (levels, recon) = match b.res.len() {
        16 => {
            let o = residual::lane4x4(&b.res.clone().try_into().unwrap(), qp, dz);
            (o.levels.to_vec(), o.recon.to_vec())
        }
        64 => {
            let o = residual::lane8x8(&b.res.clone().try_into().unwrap(), qp, dz);
            (o.levels.to_vec(), o.recon.to_vec())
        }
        n => panic!("block of {n}"),
    };
    LaneOut {
        levels,
        recon,
        user: b.user,
    }
}

/// A seed for a test: fixed, printed so that a failure can be replayed.
pub fn seed(name: &str, value: u64) -> Rng {
    println!("{name}: seed {value:#x}");
    Rng::new(value)
}

/// A random block of `n` residuals in -256..=255 with random QP 0..=51 and dead zone.
pub fn random_block(rng: &mut Rng, n: usize, user: u8) -> LaneIn {
    // Mix full-range noise with small residuals (the common case after prediction).
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

/// Asserts that `got` equals the golden output of every input, in order.
pub fn check_all(inputs: &[LaneIn], got: &[LaneOut]) {
    assert_eq!(got.len(), inputs.len(), "blocks out != blocks in");
    for (k, (b, g)) in inputs.iter().zip(got).enumerate() {
        let want = golden_lane(b);
        assert_eq!(
            g, &want,
            "block {k} (qp {}, dz {}, res {:?})",
            b.qp, b.dz, b.res
        );
    }
}

/// Rows of the forward 4x4 matrix Cf.
pub const CF4: [[i32; 4]; 4] = [[1, 1, 1, 1], [2, 1, -1, -2], [1, -1, -1, 1], [1, -2, 2, -1]];

/// Rows of the forward 8x8 matrix T (golden transform::fdct8_1d).
pub const T8: [[i32; 8]; 8] = [
    [8, 8, 8, 8, 8, 8, 8, 8],
    [12, 10, 6, 3, -3, -6, -10, -12],
    [8, 4, -4, -8, -8, -4, 4, 8],
    [10, -3, -12, -6, 6, 12, 3, -10],
    [8, -8, -8, 8, 8, -8, -8, 8],
    [6, -12, 3, 10, -10, -3, 12, -6],
    [4, -8, 8, -4, -4, 8, -8, 4],
    [3, -6, 10, -12, 12, -10, 6, -3],
];

/// A residual block of `n` x `n` (4 or 8) whose coefficient (i, j) has the largest magnitude
/// that residuals in -256..=255 allow: sample (k, l) = `hi` where B_ik B_jl > 0 and `lo`
/// where it is < 0 (every basis entry is nonzero), with (hi, lo) = (255, -256) or (-256, 255).
pub fn worst_block(n: usize, i: usize, j: usize, hi: i32, lo: i32) -> Vec<i32> {
    let b = |r: usize, c: usize| if n == 4 { CF4[r][c] } else { T8[r][c] };
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

/// Corner-case blocks of `n` samples: zeros, constants at the extremes, checkerboards, and
/// the worst blocks of every coefficient position (both signs).
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

/// A model file under the workspace's `build/models/`; panics if bootstrap has not put it there.
pub fn model_path(name: &str) -> std::path::PathBuf {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../build/models")
        .join(name);
    assert!(
        p.is_file(),
        "{} missing: run scripts/bootstrap.sh (see README.md)",
        p.display()
    );
    p
}
