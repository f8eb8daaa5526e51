//! residual_lane8x8 against the golden model, bit for bit: levels =
//! quant8x8(forward8x8(res)), recon = recon_residual8x8(levels).

mod common;

use common::*;
use sim::{run_stream, LaneIn, ResidualLane, Stalls};

#[test]
fn random_blocks_no_stalls() {
    let mut rng = seed("random_blocks_no_stalls", 0x8a8a_0001);
    let inputs: Vec<_> = (0..10_000)
        .map(|k| random_block(&mut rng, 64, k as u8))
        .collect();
    let mut lane = ResidualLane::new8x8();
    let got = run_stream(&mut lane, &inputs, Stalls::NONE, &mut rng);
    check_all(&inputs, &got);
}

/// Random valid_i and ready_i (both deasserted at random, including long ready_i droughts):
/// every block comes out once, in order, and a stalled output holds still.
#[test]
fn random_blocks_random_stalls() {
    let mut rng = seed("random_blocks_random_stalls", 0x8a8a_0002);
    let patterns = [(50, 50), (90, 30), (30, 90), (100, 10), (10, 100), (75, 75)];
    for (vp, rp) in patterns {
        println!("valid {vp}%, ready {rp}%");
        let inputs: Vec<_> = (0..1_000)
            .map(|k| random_block(&mut rng, 64, k as u8))
            .collect();
        let mut lane = ResidualLane::new8x8();
        let stalls = Stalls {
            valid_percent: vp,
            ready_percent: rp,
        };
        let got = run_stream(&mut lane, &inputs, stalls, &mut rng);
        check_all(&inputs, &got);
    }
}

/// Extremes: every QP 0..=63 (52..=63 act as 51), dead zones 0, 1, 512, 1023,
/// zero / constant / checkerboard blocks and the block maximising each coefficient with
/// residuals -256 and 255 (the largest |Y| = 16384, hence the largest levels).
#[test]
fn corner_cases() {
    let blocks = corner_blocks(64);
    let mut inputs = Vec::new();
    for qp in 0..=63u8 {
        for dz in [0u16, 1, 512, 1023] {
            for b in &blocks {
                inputs.push(LaneIn {
                    res: b.clone(),
                    qp,
                    dz,
                    user: inputs.len() as u8,
                });
            }
        }
    }
    let mut rng = seed("corner_cases", 0x8a8a_0003);
    let mut lane = ResidualLane::new8x8();
    let got = run_stream(
        &mut lane,
        &inputs,
        Stalls {
            valid_percent: 80,
            ready_percent: 80,
        },
        &mut rng,
    );
    check_all(&inputs, &got);
    // The extremes really were reached: level 3277 = (16384 * 13107 + 1023 * 64) >> 16 at
    // position 0, qP 0, dz 1023, and an all-zero block gives all-zero output.
    let big = got
        .iter()
        .flat_map(|o| o.levels.iter())
        .map(|l| l.abs())
        .max()
        .unwrap();
    println!("largest |level| {big}");
    assert!(big >= 3277);
    assert!(got[0].levels.iter().chain(&got[0].recon).all(|&v| v == 0));
}

/// Reset in the middle of a stream drops what was in flight and the lane starts clean.
#[test]
fn reset_clears_the_pipeline() {
    let mut rng = seed("reset_clears_the_pipeline", 0x8a8a_0004);
    let inputs: Vec<_> = (0..200)
        .map(|k| random_block(&mut rng, 64, k as u8))
        .collect();
    let mut lane = ResidualLane::new8x8();
    // Fill the pipe with ready low, then reset (run_stream resets first).
    use sim::Stream;
    lane.reset();
    for b in &inputs[..10] {
        lane.cycle(Some(b), false);
    }
    let got = run_stream(&mut lane, &inputs, Stalls::NONE, &mut rng);
    check_all(&inputs, &got);
}

/// Throughput and latency: one 8x8 block per cycle, latency 12.
#[test]
fn one_block_per_cycle_latency_12() {
    use sim::Stream;
    let mut rng = seed("one_block_per_cycle_latency_12", 0x8a8a_0006);
    let inputs: Vec<_> = (0..300)
        .map(|k| random_block(&mut rng, 64, k as u8))
        .collect();
    let mut lane = ResidualLane::new8x8();
    lane.reset();
    for t in 0..inputs.len() + 12 {
        let (accepted, out) = lane.cycle(inputs.get(t), true);
        assert_eq!(accepted, t < inputs.len(), "cycle {t}: input not accepted");
        match t.checked_sub(12) {
            Some(k) => assert_eq!(out.as_ref(), Some(&golden_lane(&inputs[k])), "cycle {t}"),
            None => assert!(out.is_none(), "cycle {t}: output before latency"),
        }
    }
}
