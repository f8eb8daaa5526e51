//! residual_lane8x8 against the golden model, bit for bit:
//! golden::lane::residual::lane8x8 (levels = quant8x8(forward8x8(res)),
//! recon = inverse8x8(dequant8x8(levels))).

mod common;

use common::lanes::LaneCase;
use sim::ResidualLane;

const LANE: LaneCase = LaneCase {
    n: 64,
    open: ResidualLane::new8x8,
    seed: 0x8a8a_0000,
    random: 10_000,
    stalled: 1_000,
    dead_zones: &[0, 1, 512, 1023],
    // (16384 * 13107 + 1023 * 64) >> 16 = 3277: position 0 (|Y| = 64 * 256), qP 0, dz 1023.
    level_max: 3277,
    latency: 12,
};

#[test]
fn random_blocks_no_stalls() {
    LANE.random_no_stalls();
}

#[test]
fn random_blocks_random_stalls() {
    LANE.random_stalls();
}

#[test]
fn corner_cases() {
    LANE.corners();
}

#[test]
fn reset_clears_the_pipeline() {
    LANE.reset();
}

#[test]
fn one_block_per_cycle_latency_12() {
    LANE.latency();
}
