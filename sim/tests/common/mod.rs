//! Helpers shared by the sim tests: golden expectations and stimulus.

#![allow(dead_code)]

use golden::quant::{self, Deadzone};
use golden::transform;
use sim::{LaneIn, LaneOut, Rng};

/// What the golden model says a lane must output for `b` (QP as the RTL sees it: > 51 is 51).
pub fn golden_lane(b: &LaneIn) -> LaneOut {
    let qp = i32::from(b.qp).min(51);
    let dz = Deadzone(u32::from(b.dz));
    let (levels, recon) = match b.res.len() {
        16 => {
            let r: [i32; 16] = b.res.clone().try_into().unwrap();
            let l = quant::quant4x4(&transform::forward4x4(&r), qp, dz);
            (l.to_vec(), quant::recon_residual4x4(&l, qp).to_vec())
        }
        64 => {
            let r: [i32; 64] = b.res.clone().try_into().unwrap();
            let l = quant::quant8x8(&transform::forward8x8(&r), qp, dz);
            (l.to_vec(), quant::recon_residual8x8(&l, qp).to_vec())
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
        assert_eq!(g, &want, "block {k} (qp {}, dz {}, res {:?})", b.qp, b.dz, b.res);
    }
}
