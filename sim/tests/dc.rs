//! luma_dc_lane and chroma_dc_lane against the golden model, bit for bit:
//! golden::lane::dc::luma (levels = quant_luma_dc(forward_luma_dc(c)),
//! dc = dequant_luma_dc(inverse_luma_dc(levels))) and dc::chroma (4:2:0, 2x2).

mod common;

use common::*;
use golden::lane::dc;
use golden::quant::Deadzone;
use sim::{run_stream, DcIn, DcLane, DcOut, Rng, Stalls};

fn golden_dc(b: &DcIn) -> DcOut {
    let qp = i32::from(b.qp).min(51);
    let dz = Deadzone(u32::from(b.dz));
    let (levels, recon) = if b.dc.len() == 16 {
        let o = dc::luma(&b.dc.clone().try_into().unwrap(), qp, dz);
        (o.levels.to_vec(), o.dc.to_vec())
    } else {
        let o = dc::chroma(&b.dc.clone().try_into().unwrap(), qp, dz);
        (o.levels.to_vec(), o.dc.to_vec())
    };
    DcOut {
        levels,
        recon: recon.into_iter().map(i64::from).collect(),
        user: b.user,
    }
}

/// DC terms: the DCs of 4x4 blocks of 9-bit residuals lie in -4096..=4080.
fn random_set(rng: &mut Rng, n: usize, user: u8) -> DcIn {
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

fn corners(n: usize) -> Vec<Vec<i32>> {
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

fn run(mut lane: DcLane, n: usize, count: usize, seed_value: u64) {
    let mut rng = seed(&format!("dc lane n={n}"), seed_value);
    let mut inputs: Vec<_> = (0..count)
        .map(|k| random_set(&mut rng, n, k as u8))
        .collect();
    for c in corners(n) {
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
            assert_eq!(g, &golden_dc(b), "set {k}: {b:?}");
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
