//! luma_dc_lane and chroma_dc_lane against the golden model, bit for bit:
//! golden::lane::dc::luma (levels = quant_luma_dc(forward_luma_dc(c)),
//! dc = dequant_luma_dc(inverse_luma_dc(levels))) and dc::chroma (4:2:0, 2x2).

mod common;

use common::*;
use sim::{run_stream, DcIn, DcLane, Stalls};
use vectors::stimulus::{corner_dc_sets, random_dc_set};

fn run(mut lane: DcLane, n: usize, count: usize, seed_value: u64) {
    let mut rng = seed(&format!("dc lane n={n}"), seed_value);
    let mut inputs: Vec<_> = (0..count)
        .map(|k| random_dc_set(&mut rng, n, k as u8))
        .collect();
    for c in corner_dc_sets(n) {
        for qp in 0..=63u8 {
            for dz in [0u16, 512, 1023] {
                inputs.push(DcIn {
                    dc: c.clone(),
                    qp,
                    dz,
                    user: inputs.len() as u8,
                });
            }
        }
    }
    for stalls in [
        Stalls::NONE,
        Stalls {
            valid_percent: 60,
            ready_percent: 60,
        },
    ] {
        let got = run_stream(&mut lane, &inputs, stalls, &mut rng);
        assert_eq!(got.len(), inputs.len());
        for (k, (b, g)) in inputs.iter().zip(&got).enumerate() {
            assert_eq!(g, &b.expected(), "set {k}: {b:?}");
        }
    }
}

#[test]
fn luma_dc_lane_matches_golden() {
    run(DcLane::luma(false), 16, 20_000, 0xdc00_0016);
}

#[test]
fn chroma_dc_lane_matches_golden() {
    run(DcLane::chroma(false), 4, 20_000, 0xdc00_0004);
}

#[test]
fn yosys_netlists_match_golden() {
    run(DcLane::luma(true), 16, 5_000, 0xdc00_1016);
    run(DcLane::chroma(true), 4, 5_000, 0xdc00_1004);
}
