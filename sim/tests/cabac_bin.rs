//! cabac_enc_bin (K = 4) against golden's CABAC encoder: the syntax elements of golden slice
//! traces go in as element beats, and the symbols out must be golden's bins (every ctxIdx and
//! value, bypass groups flattened) between INIT and END, with random valid/ready stalls.

mod common;

use common::*;
use golden::encoder::{EncoderConfig, Profile};
use golden::mb::trace::SliceTrace;
use golden::picture::{ChromaFormat, Picture};
use sim::{CabacEncBin, Rng, Stalls};
use vectors::cabac::bin::{expected_symbols, se_beats};
use vectors::cabac::engine::slice_symbols_full_groups;
use vectors::cabac::traces::{encoder_traces, random_traces, slice_traces, tensor_picture};
use vectors::stimulus::picture_420;
use vectors::tensor::Tensor;

/// Runs every slice of `traces` through the RTL (stall pattern cycling over `Stalls::PATTERNS`
/// and none) and compares with golden. Returns (symbols, RTL symbols, cycles) of the unstalled
/// runs.
fn check(dut: &mut CabacEncBin, traces: &[SliceTrace], rng: &mut Rng, label: &str) {
    let (mut syms, mut beats) = (0, 0);
    for (k, t) in traces.iter().enumerate() {
        let want = expected_symbols(t);
        let stalls = if k % 3 == 0 {
            Stalls::NONE
        } else {
            Stalls::PATTERNS[(k / 3 + rng.range(0, 5) as usize) % Stalls::PATTERNS.len()]
        };
        let input = se_beats(t);
        let got = dut.run(&input, want.len(), stalls, rng);
        syms += want.len();
        beats += input.len();
        if got.syms != want {
            let at = got
                .syms
                .iter()
                .zip(&want)
                .position(|(a, b)| a != b)
                .unwrap_or(want.len().min(got.syms.len()));
            panic!(
                "{label}: slice {k} (first_mb {}, qp {}, stalls {stalls:?}): symbol {at} of {} \
                 differs (got {} symbols)\n got  {:?}\n want {:?}",
                t.first_mb,
                t.slice_qp,
                want.len(),
                got.syms.len(),
                &got.syms[at.saturating_sub(4)..(at + 8).min(got.syms.len())],
                &want[at.saturating_sub(4)..(at + 8).min(want.len())]
            );
        }
        // How the binarizer groups them: bypass groups of 8, strings of at most 2 bins on the
        // CTX symbol before them (vectors::cabac::engine::slice_symbols_full_groups).
        let grouped = slice_symbols_full_groups(t.slice_qp, &t.bins).len() as u64;
        assert_eq!(
            got.rtl_syms, grouped,
            "{label}: slice {k}: RTL symbols, as grouped"
        );
    }
    assert!(syms > 2 * traces.len());
    println!(
        "{label}: {} slices, {beats} beats, {syms} symbols match",
        traces.len()
    );
}

fn mb_qps(n: usize, rng: &mut Rng) -> Vec<i32> {
    (0..n).map(|_| rng.range(0, 51) as i32).collect()
}

/// 4:2:0 pictures (sizes not multiples of 16), QP 0..51, both transforms, every profile,
/// several slices, per-macroblock QPs.
#[test]
fn pictures_420() {
    let mut rng = seed("cabac_bin pictures", 0xcab_0001);
    let mut dut = CabacEncBin::new();
    let sizes = [(48, 32), (40, 24), (72, 56), (24, 72)];
    let mut case = 0;
    for (i, &(w, h)) in sizes.iter().enumerate() {
        let src = picture_420(w, h, 100 + i as u64);
        let mbs = w.div_ceil(16) * h.div_ceil(16);
        for qp in [0, 8, 17, 26, 35, 44, 51] {
            case += 1;
            let profile = [Profile::FULL, Profile::I16X16_ONLY][case % 2];
            let cfg = EncoderConfig {
                qp,
                slices: 1 + case % 3,
                transform_8x8: case % 4 < 2,
                profile,
                mb_qp: (case % 3 == 1).then(|| mb_qps(mbs, &mut rng)),
                ..Default::default()
            };
            let traces = encoder_traces(&src, cfg).unwrap();
            check(&mut dut, &traces, &mut rng, &format!("{w}x{h} qp {qp}"));
        }
    }
}

/// One macroblock per slice, and a picture 256 macroblocks wide (the line buffer's depth).
#[test]
fn slices_and_width() {
    let mut rng = seed("cabac_bin slices", 0xcab_0002);
    let mut dut = CabacEncBin::new();
    let src = picture_420(56, 40, 7);
    let cfg = EncoderConfig {
        qp: 22,
        slices: 12,
        transform_8x8: true,
        ..Default::default()
    };
    check(
        &mut dut,
        &encoder_traces(&src, cfg).unwrap(),
        &mut rng,
        "one mb per slice",
    );
    // Two slices of 384 macroblocks: the second starts mid-row, so its first row of
    // macroblocks has no above neighbour and the rest do.
    let src = picture_420(16 * 256, 48, 8);
    let cfg = EncoderConfig {
        qp: 30,
        slices: 2,
        transform_8x8: true,
        mb_qp: Some(mb_qps(768, &mut rng)),
        ..Default::default()
    };
    check(
        &mut dut,
        &encoder_traces(&src, cfg).unwrap(),
        &mut rng,
        "256 wide",
    );
}

/// I_PCM macroblocks among coded ones (4:2:0 and 4:0:0), several slices.
#[test]
fn pcm_macroblocks() {
    let mut rng = seed("cabac_bin pcm", 0xcab_0003);
    let mut dut = CabacEncBin::new();
    for (fmt, every) in [(ChromaFormat::Yuv420, 3), (ChromaFormat::Monochrome, 4)] {
        let mut src = picture_420(64, 48, 9);
        if fmt == ChromaFormat::Monochrome {
            src = Picture::from_raw(fmt, 64, 48, &src.planes[0].data[..64 * 48]).unwrap();
        }
        for (k, qp) in [12, 28, 40].into_iter().enumerate() {
            let cfg = EncoderConfig {
                qp,
                slices: 1 + k,
                transform_8x8: k != 1,
                mb_qp: (k == 2).then(|| mb_qps(12, &mut rng)),
                ..Default::default()
            };
            let traces = slice_traces(&src, &cfg, |a| a % every == k % every).unwrap();
            check(&mut dut, &traces, &mut rng, &format!("pcm {fmt:?} qp {qp}"));
        }
    }
}

/// Random macroblock syntax (every mb_type, mode, CBP, mb_qp_delta, 16-bit extreme levels,
/// I_PCM) over pictures of 1..=9 macroblocks a row, 4:2:0 and 4:0:0, several slices.
#[test]
fn random_syntax() {
    let mut rng = seed("cabac_bin random syntax", 0xcab_0007);
    let mut dut = CabacEncBin::new();
    for k in 0..24 {
        let (w, h) = (1 + k % 9, 1 + k % 4);
        let traces = random_traces(&mut rng, w, h, 1 + k % 3, k % 2 == 0, k % 4 < 3).unwrap();
        check(&mut dut, &traces, &mut rng, &format!("random {w}x{h} #{k}"));
    }
}

/// Cycles from a beat to its first symbols (rtl/cabac/cabac_enc_bin.sv: beat FIFO, element
/// register, stage register, symbol register, packer buffer, output register).
const LATENCY: u64 = 6;

/// Latency and rate without stalls: on a flat 4:0:0 picture (Intra4x4, no residual: every
/// element codes 1..4 symbols) every beat is accepted in the cycle it is offered, the first
/// symbols (INIT) leave LATENCY cycles after the first beat and the last ones LATENCY cycles
/// after the last beat.
#[test]
fn latency_and_rate() {
    let mut rng = seed("cabac_bin latency", 0xcab_0008);
    let mut dut = CabacEncBin::new();
    let src = Picture::from_raw(ChromaFormat::Monochrome, 64, 48, &[128; 64 * 48]).unwrap();
    let cfg = EncoderConfig {
        qp: 30,
        profile: Profile {
            modes8x8: 0,
            modes16x16: 0,
            ..Profile::FULL
        },
        ..Default::default()
    };
    let t = &encoder_traces(&src, cfg).unwrap()[0];
    let (want, beats) = (expected_symbols(t), se_beats(t));
    let got = dut.run(&beats, want.len(), Stalls::NONE, &mut rng);
    assert_eq!(got.syms, want);
    assert_eq!(
        (got.first_out, got.refused, got.cycles),
        (LATENCY, 0, beats.len() as u64 + LATENCY),
        "{} beats, {} symbols",
        beats.len(),
        want.len()
    );
}

/// Yosys reads the binarizer with the same meaning as Verilator: its netlist on a 4:2:0
/// picture with I_PCM, 8x8 and 4x4 transforms and per-MB QP, stalled.
#[test]
fn yosys_netlist_matches_golden() {
    let mut rng = seed("cabac_bin yosys", 0xcab_0006);
    let mut dut = CabacEncBin::new_yosys();
    let src = picture_420(40, 40, 11);
    for (k, qp) in [4, 24, 44].into_iter().enumerate() {
        let cfg = EncoderConfig {
            qp,
            slices: 1 + k,
            transform_8x8: k != 1,
            mb_qp: (k == 2).then(|| mb_qps(9, &mut rng)),
            ..Default::default()
        };
        let traces = slice_traces(&src, &cfg, |a| a % 4 == k).unwrap();
        check(&mut dut, &traces, &mut rng, &format!("yosys qp {qp}"));
    }
}

/// Real tensors (stories260K, MiniLM) as 4:0:0 and 4:2:0 pictures across QP.
#[test]
fn real_tensors() {
    let mut rng = seed("cabac_bin tensors", 0xcab_0004);
    let mut dut = CabacEncBin::new();
    let cases = [
        ("stories260K.safetensors", "model.embed_tokens.weight"),
        (
            "stories260K.safetensors",
            "model.layers.0.mlp.gate_proj.weight",
        ),
        (
            "minilm/model.safetensors",
            "encoder.layer.2.attention.self.query.weight",
        ),
    ];
    for (i, (model, name)) in cases.iter().enumerate() {
        let t = Tensor::load(&model_path(model), name).unwrap();
        for (j, qp) in [0, 6, 14, 22, 30, 38, 46, 51].into_iter().enumerate() {
            let fmt = if j % 2 == 0 {
                ChromaFormat::Monochrome
            } else {
                ChromaFormat::Yuv420
            };
            let (w, h) = [(64, 64), (60, 44), (96, 32)][(i + j) % 3];
            let src = tensor_picture(&t, fmt, w, h, 4096 * j);
            let cfg = EncoderConfig {
                qp,
                slices: 1 + j % 2,
                transform_8x8: j % 3 != 2,
                ..Default::default()
            };
            let traces = encoder_traces(&src, cfg).unwrap();
            check(
                &mut dut,
                &traces,
                &mut rng,
                &format!("{name} qp {qp} {fmt:?}"),
            );
        }
    }
}
