//! intra_pred4x4 / intra_pred8x8 (the Intra_4x4 / Intra_8x8 prediction units) against golden:
//! every mode (0..15, 9..15 and the ones golden's mode_available rejects must raise err_o) x
//! every availability on random and extreme neighbours, and every block of real pictures
//! (vectors::intra_nxn: golden's gather and predict give every expected value).

mod common;

use common::*;
use golden::picture::Plane;
use golden::ChromaFormat;
use sim::{run_stream, IntraPred, Rng, Stalls, Stream};
use vectors::cabac::traces::tensor_image_picture;
use vectors::intra_nxn::{picture_blocks, random_and_extreme, NxnIn, NxnOut};
use vectors::stimulus::{picture_420, saturating_420};

fn check(
    dut: &mut IntraPred,
    cases: &[(NxnIn, NxnOut)],
    stalls: Stalls,
    rng: &mut Rng,
    what: &str,
) {
    let inputs: Vec<NxnIn> = cases.iter().map(|c| c.0.clone()).collect();
    let got = run_stream(dut, &inputs, stalls, rng);
    assert_eq!(got.len(), cases.len(), "{what}: blocks out != blocks in");
    let mut errs = 0;
    for (k, ((input, want), g)) in cases.iter().zip(&got).enumerate() {
        assert!(
            want.matches(g),
            "{what}: block {k}: {input:?}\n golden {want:?}\n RTL    {g:?}"
        );
        errs += usize::from(want.err);
    }
    // Both outcomes were exercised.
    assert!(
        errs > 0 || cases.iter().all(|c| c.0.mode < 9),
        "{what}: no rejected mode"
    );
    assert!(errs < cases.len(), "{what}: every mode rejected");
}

/// Every mode 0..15 x every availability on 24 random neighbour sets and 8 extreme ones
/// (8,192 blocks a size), under each stall pattern in turn.
#[test]
fn every_mode_and_availability() {
    let mut rng = seed("intra_pred modes", 0x1a7a_0001);
    for n in [4, 8] {
        let cases = random_and_extreme(n, 24, &mut rng);
        assert_eq!(cases.len(), 32 * 256);
        let mut dut = IntraPred::new(n, false);
        for (i, chunk) in cases.chunks(1024).enumerate() {
            let stalls = if i % 3 == 0 {
                Stalls::NONE
            } else {
                Stalls::PATTERNS[i % Stalls::PATTERNS.len()]
            };
            check(
                &mut dut,
                chunk,
                stalls,
                &mut rng,
                &format!("{n}x{n} chunk {i}"),
            );
        }
    }
}

/// Every 4x4 and 8x8 block of real pictures in every mode, with the availability golden's
/// decoder gives it: gradients, edges and noise (picture_420), saturating content, and
/// tensors as pictures (stories260K, MiniLM).
#[test]
fn picture_blocks_every_mode() {
    let mut rng = seed("intra_pred pictures", 0x1a7a_0002);
    let mut planes: Vec<(String, Plane)> = vec![
        (
            "picture_420 72x56".into(),
            picture_420(72, 56, 11).planes[0].clone(),
        ),
        (
            "saturating_420 64x48".into(),
            saturating_420(64, 48, 8).planes[0].clone(),
        ),
    ];
    for (model, tensor, w, h) in [
        (
            "stories260K.safetensors",
            "model.layers.0.mlp.gate_proj.weight",
            64,
            48,
        ),
        (
            "minilm/model.safetensors",
            "encoder.layer.0.attention.self.key.weight",
            80,
            48,
        ),
    ] {
        let pic = tensor_image_picture(
            &models().join(model),
            tensor,
            ChromaFormat::Monochrome,
            w,
            h,
        )
        .unwrap();
        planes.push((tensor.into(), pic.planes[0].clone()));
    }
    for n in [4, 8] {
        let mut dut = IntraPred::new(n, false);
        for (i, (what, plane)) in planes.iter().enumerate() {
            let cases = picture_blocks(plane, n, &mut rng);
            let stalls = Stalls::PATTERNS[(i + n) % Stalls::PATTERNS.len()];
            check(
                &mut dut,
                &cases,
                stalls,
                &mut rng,
                &format!("{what} {n}x{n}"),
            );
        }
    }
}

/// The Yosys reading of both units on every mode x availability (4 random and the extreme
/// neighbour sets).
#[test]
fn yosys_netlist() {
    let mut rng = seed("intra_pred yosys", 0x1a7a_0003);
    for n in [4, 8] {
        let cases = random_and_extreme(n, 4, &mut rng);
        check(
            &mut IntraPred::new(n, true),
            &cases,
            Stalls::new(70, 70),
            &mut rng,
            &format!("{n}x{n} Yosys netlist"),
        );
    }
}

/// The latency the headers state (1 cycle for 4x4, 2 for 8x8) and one block a cycle.
#[test]
fn latency_and_rate() {
    let mut rng = seed("intra_pred latency", 0x1a7a_0004);
    for (n, latency) in [(4, 1), (8, 2)] {
        let cases = random_and_extreme(n, 1, &mut rng);
        let mut dut = IntraPred::new(n, false);
        dut.reset();
        let mut first = None;
        let mut outs = 0;
        for cycle in 0..cases.len() + 4 {
            let (accepted, out) = dut.cycle(cases.get(cycle).map(|c| &c.0), true);
            assert_eq!(
                accepted,
                cycle < cases.len(),
                "{n}x{n}: accepts one block a cycle"
            );
            if let Some(o) = out {
                first.get_or_insert(cycle);
                assert!(cases[outs].1.matches(&o), "{n}x{n}: block {outs}");
                outs += 1;
            }
        }
        assert_eq!(first, Some(latency), "{n}x{n}: cycles from accept to valid");
        assert_eq!(outs, cases.len(), "{n}x{n}: one block out a cycle");
    }
}
