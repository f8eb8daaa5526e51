//! residual_lane (4x4) against the golden model, bit for bit.

mod common;

use common::*;
use sim::{run_stream, ResidualLane, Stalls};

#[test]
fn random_blocks_no_stalls() {
    let mut rng = seed("random_blocks_no_stalls", 0x4a4a_0001);
    let inputs: Vec<_> = (0..20_000).map(|k| random_block(&mut rng, 16, k as u8)).collect();
    let mut lane = ResidualLane::new4x4();
    let got = run_stream(&mut lane, &inputs, Stalls::NONE, &mut rng);
    check_all(&inputs, &got);
}
