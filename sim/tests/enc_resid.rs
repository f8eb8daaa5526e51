//! enc_resid_i16 (Intra16x16 residual coding and reconstruction) against golden: every
//! macroblock of pictures the golden encoder coded in the i16x16 profile; the RTL's levels must
//! be the ones decide_macroblock gave and its reconstruction golden's (vectors::intra).

mod common;

use common::*;
use golden::encoder::EncoderConfig;
use golden::picture::Picture;
use golden::quant::Deadzone;
use sim::{run_stream, EncResid, Rng, Stalls, Stream};
use vectors::intra::{resid_cases, tensor_sweep, ResidIn, ResidOut};
use vectors::stimulus::{picture_420, saturating_420};

fn check(
    dut: &mut EncResid,
    cases: &[(ResidIn, ResidOut)],
    stalls: Stalls,
    rng: &mut Rng,
    what: &str,
) {
    let inputs: Vec<ResidIn> = cases.iter().map(|c| c.0.clone()).collect();
    let got = run_stream(dut, &inputs, stalls, rng);
    assert_eq!(
        got.len(),
        cases.len(),
        "{what}: results out != macroblocks in"
    );
    for (k, ((input, want), g)) in cases.iter().zip(&got).enumerate() {
        assert!(
            want == g,
            "{what}: macroblock {k} (modes {} / {}, qp {}):\ngolden {want:?}\nRTL    {g:?}",
            input.luma_mode,
            input.chroma_mode,
            input.qp
        );
    }
}

fn cases(pic: &Picture, qp: i32, slices: usize, dz: u32) -> Vec<(ResidIn, ResidOut)> {
    let cfg = EncoderConfig {
        qp,
        slices,
        deadzone: Deadzone(dz),
        ..Default::default()
    };
    resid_cases(pic, cfg).unwrap()
}

/// Real tensors as pictures (stories260K, MiniLM; 4:0:0 and 4:2:0) across QP and dead zone,
/// and per-macroblock QP maps (vectors::intra::tensor_sweep).
#[test]
fn tensor_pictures() {
    let mut rng = seed("enc_resid tensors", 0x4e5_0001);
    let mut dut = EncResid::new(false);
    for (what, pic, cfg) in tensor_sweep(&models(), &mut rng).unwrap() {
        let c = resid_cases(&pic, cfg).unwrap();
        check(&mut dut, &c, Stalls::NONE, &mut rng, &what);
    }
}

/// 4:2:0 pictures of gradients, edges and noise (sizes not multiples of 16), every QP,
/// one slice, three and one per macroblock, under random stalls; saturating content (levels
/// and reconstruction at the clip limits) on the Yosys reading of the RTL too.
#[test]
fn pictures_every_qp_stalls_and_yosys() {
    let mut rng = seed("enc_resid pictures", 0x4e5_0002);
    let mut dut = EncResid::new(false);
    let pic = picture_420(40, 40, 501);
    let mbs = pic.width_mbs() * pic.height_mbs();
    for qp in 0..52 {
        let slices = [1, 3, mbs][qp as usize % 3];
        let stalls = Stalls::PATTERNS[qp as usize % Stalls::PATTERNS.len()];
        check(
            &mut dut,
            &cases(&pic, qp, slices, 341),
            stalls,
            &mut rng,
            &format!("qp {qp}"),
        );
    }
    let (w, h) = (48, 32);
    let sat = saturating_420(w, h, 8);
    let mut all = Vec::new();
    for qp in [0, 6, 20, 38, 51] {
        all.extend(cases(&sat, qp, 1, 1023));
    }
    check(&mut dut, &all, Stalls::NONE, &mut rng, "saturating");
    check(
        &mut EncResid::new(true),
        &all,
        Stalls::new(70, 70),
        &mut rng,
        "saturating, Yosys netlist",
    );
}

/// The schedule the module header states: cycles from accept to valid for 4:0:0 and 4:2:0.
#[test]
fn cycles_per_macroblock() {
    let pic = picture_420(32, 16, 5);
    let c = cases(&pic, 26, 1, 341);
    for (chroma, want) in [(false, 54), (true, 70)] {
        let mut dut = EncResid::new(false);
        dut.reset();
        let mut input = c[1].0.clone();
        input.mb.chroma = chroma;
        assert!(dut.cycle(Some(&input), true).0);
        let mut n = 0;
        loop {
            n += 1;
            if dut.cycle(None, true).1.is_some() {
                break;
            }
            assert!(n < 200, "no result");
        }
        assert_eq!(n, want, "chroma {chroma}: cycles from accept to valid");
        assert!(
            dut.cycle(Some(&input), true).0,
            "the next macroblock is taken"
        );
    }
}
