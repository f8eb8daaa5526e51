//! enc_decide_i16 (the i16x16 profile's mode decision) against golden: every macroblock of
//! pictures the golden encoder coded; the RTL's modes must be the ones golden chose and its
//! SATD of every available mode golden's (vectors::intra).

mod common;

use common::*;
use golden::encoder::EncoderConfig;
use golden::picture::Picture;
use sim::{run_stream, EncDecide, Rng, Stalls, Stream};
use vectors::intra::{decide_cases, tensor_sweep, DecideExpect, DecideIn};
use vectors::stimulus::{picture_420, saturating_420};

fn check(
    dut: &mut EncDecide,
    cases: &[(DecideIn, DecideExpect)],
    stalls: Stalls,
    rng: &mut Rng,
    what: &str,
) {
    let inputs: Vec<DecideIn> = cases.iter().map(|c| c.0.clone()).collect();
    let got = run_stream(dut, &inputs, stalls, rng);
    assert_eq!(
        got.len(),
        cases.len(),
        "{what}: results out != macroblocks in"
    );
    for (k, ((_, want), g)) in cases.iter().zip(&got).enumerate() {
        assert!(
            want.matches(g),
            "{what}: macroblock {k}: golden {want:?}, RTL {g:?}"
        );
    }
}

fn cases(pic: &Picture, qp: i32, slices: usize) -> Vec<(DecideIn, DecideExpect)> {
    let cfg = EncoderConfig {
        qp,
        slices,
        ..Default::default()
    };
    decide_cases(pic, cfg).unwrap()
}

/// Real tensors as pictures (stories260K, MiniLM; 4:0:0 and 4:2:0) across QP and dead zone,
/// and per-macroblock QP maps (vectors::intra::tensor_sweep).
#[test]
fn tensor_pictures() {
    let mut rng = seed("enc_decide tensors", 0xdec1_0001);
    let mut dut = EncDecide::new(false);
    for (what, pic, cfg) in tensor_sweep(&models(), &mut rng).unwrap() {
        let c = decide_cases(&pic, cfg).unwrap();
        check(&mut dut, &c, Stalls::NONE, &mut rng, &what);
    }
}

/// 4:2:0 pictures of gradients, edges and noise, sizes not multiples of 16, every QP,
/// one slice, three slices and one slice per macroblock (every neighbour unavailable), under
/// random stalls on both ports.
#[test]
fn pictures_every_qp_slices_and_stalls() {
    let mut rng = seed("enc_decide pictures", 0xdec1_0002);
    let mut dut = EncDecide::new(false);
    let mut k = 0;
    for (i, &(w, h)) in [(40, 24), (72, 56), (24, 72)].iter().enumerate() {
        let pic = picture_420(w, h, 300 + i as u64);
        let mbs = pic.width_mbs() * pic.height_mbs();
        for qp in 0..52 {
            let slices = [1, 3, mbs][qp as usize % 3];
            let stalls = if k % 4 == 3 {
                Stalls::NONE
            } else {
                Stalls::PATTERNS[k % Stalls::PATTERNS.len()]
            };
            k += 1;
            check(
                &mut dut,
                &cases(&pic, qp, slices),
                stalls,
                &mut rng,
                &format!("{w}x{h} qp {qp} slices {slices}"),
            );
        }
    }
}

/// Macroblocks the plane and DC rules are hardest on: flat, saturated and ramp neighbours
/// (plane predictions clipping at 0 and 255), checked on the Yosys reading of the RTL too.
#[test]
fn extremes_and_yosys_netlist() {
    let mut rng = seed("enc_decide extremes", 0xdec1_0003);
    let (w, h) = (64, 48);
    let pic = saturating_420(w, h, 16);
    let mut all = Vec::new();
    for qp in [0, 10, 25, 40, 51] {
        all.extend(cases(&pic, qp, 1));
    }
    check(
        &mut EncDecide::new(false),
        &all,
        Stalls::NONE,
        &mut rng,
        "extremes",
    );
    check(
        &mut EncDecide::new(true),
        &all,
        Stalls::new(70, 70),
        &mut rng,
        "extremes, Yosys netlist",
    );
}

/// The schedule the module header states: 22 cycles from accept to valid for 4:0:0, 30 for
/// 4:2:0, and the next macroblock accepted the cycle after the result is taken.
#[test]
fn cycles_per_macroblock() {
    let pic = picture_420(32, 16, 5);
    let c = cases(&pic, 26, 1);
    for (chroma, want) in [(false, 22), (true, 30)] {
        let mut dut = EncDecide::new(false);
        dut.reset();
        let mut input = c[0].0.clone();
        input.chroma = chroma;
        let (accepted, _) = dut.cycle(Some(&input), true);
        assert!(accepted);
        let mut n = 0;
        loop {
            n += 1;
            let (_, out) = dut.cycle(None, true);
            if out.is_some() {
                break;
            }
            assert!(n < 100, "no result");
        }
        assert_eq!(n, want, "chroma {chroma}: cycles from accept to valid");
        let (accepted, _) = dut.cycle(Some(&input), true);
        assert!(
            accepted,
            "the next macroblock is accepted after the result is taken"
        );
    }
}
