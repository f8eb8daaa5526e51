//! residual_lane (4x4) against the golden model, bit for bit:
//! golden::lane::residual::lane4x4 (levels = quant4x4(forward4x4(res)),
//! recon = inverse4x4(dequant4x4(levels))).

mod common;

use common::lanes::LaneCase;
use common::*;
use sim::{run_stream, LaneIn, ResidualLane, Stalls};

const LANE: LaneCase = LaneCase {
    n: 16,
    open: ResidualLane::new4x4,
    seed: 0x4a4a_0000,
    random: 50_000,
    stalled: 3_000,
    dead_zones: &[0, 1, 341, 512, 1022, 1023],
    // (4096 * 13107 + 1023 * 32) >> 15 = 1639: position 0 (|Y| = 16 * 256), qP 0, dz 1023.
    level_max: 1639,
    latency: 8,
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
fn one_block_per_cycle_latency_8() {
    LANE.latency();
}

/// The same lane as Yosys reads the sources (its netlist, simulated by Verilator) agrees with
/// the golden model too: both tools give the SystemVerilog the same meaning (signedness,
/// widths, functions), so the synthesized hardware computes what these tests check.
#[test]
fn yosys_netlist_matches_golden() {
    let mut rng = seed("yosys_netlist_matches_golden", 0x4a4a_0005);
    let mut inputs: Vec<_> = (0..20_000)
        .map(|k| random_block(&mut rng, 16, k as u8))
        .collect();
    for (k, b) in corner_blocks(16).into_iter().enumerate() {
        for qp in [0u8, 17, 36, 51, 63] {
            inputs.push(LaneIn {
                res: b.clone(),
                qp,
                dz: [0, 1023][k % 2],
                user: k as u8,
            });
        }
    }
    let mut lane = ResidualLane::new4x4_yosys();
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
}
