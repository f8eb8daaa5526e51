//! `cabac_enc` (binarizer + engine joined) against golden's CABAC encoder: the syntax elements
//! of golden slice traces in as element beats (`vectors::cabac::bin::se_beats`), every slice's bytes
//! out equal to the trace's slice data (what `CabacEncoder::finish` returns), under random
//! stalls on both sides. The slices: the tensor codec's own (`vectors::streams`: real tensors
//! coded as `tricodec compress` codes them, at 2, 2.5 and 3 bits/value), 4:2:0 pictures of a
//! real tensor with per-macroblock QPs and several slices, and random macroblock syntax with
//! I_PCM (`vectors::cabac::traces::random_traces`).

mod common;

use common::*;
use golden::encoder::EncoderConfig;
use golden::mb::trace::SliceTrace;
use golden::picture::ChromaFormat;
use sim::{CabacEnc, Rng, Stalls};
use vectors::cabac::bin::se_beats;
use vectors::cabac::traces::{encoder_traces, random_traces, tensor_picture};
use vectors::streams::tensor_slices;
use vectors::tensor::Tensor;

/// Runs `traces` (all slices in one stream) with `stalls`; the bytes of each slice must be the
/// trace's data. Returns the run's cycles.
fn check(
    dut: &mut CabacEnc,
    traces: &[SliceTrace],
    stalls: Stalls,
    rng: &mut Rng,
    label: &str,
) -> u64 {
    let beats: Vec<_> = traces.iter().flat_map(se_beats).collect();
    let run = dut.run(&beats, traces.len(), stalls, rng);
    assert_eq!(run.slices.len(), traces.len(), "{label}: slices out");
    for (k, (got, t)) in run.slices.iter().zip(traces).enumerate() {
        assert!(
            *got == t.data,
            "{label}: slice {k} (first_mb {}, qp {}, {stalls:?}): {} bytes, golden {}; first \
             difference at byte {:?}",
            t.first_mb,
            t.slice_qp,
            got.len(),
            t.data.len(),
            got.iter().zip(&t.data).position(|(a, b)| a != b)
        );
    }
    assert!(
        run.trailing.is_empty(),
        "{label}: bytes after the last slice"
    );
    run.cycles
}

/// The tensor codec's slices of real tensors at 2, 2.5 and 3 bits/value, unstalled and under
/// every stall pattern.
#[test]
fn tensor_codec_slices() {
    let mut rng = seed("cabac_enc tensor codec", 0xcab_e001);
    let mut dut = CabacEnc::new();
    let cases = [
        (
            "stories260K.safetensors",
            "model.layers.2.self_attn.q_proj.weight",
        ),
        (
            "minilm/model.safetensors",
            "encoder.layer.0.attention.self.key.weight",
        ),
    ];
    for (model, name) in cases {
        for bits in [2.0, 2.5, 3.0] {
            let t = tensor_slices(&model_path(model), name, bits).unwrap();
            for (i, stalls) in [Stalls::NONE]
                .iter()
                .chain(Stalls::PATTERNS.iter())
                .enumerate()
            {
                // The big tensor once unstalled and once stalled: enough for its length.
                if t.values > 100_000 && i > 1 {
                    break;
                }
                check(
                    &mut dut,
                    &t.slices,
                    *stalls,
                    &mut rng,
                    &format!("{name} {bits}"),
                );
            }
        }
    }
}

/// 4:2:0 pictures of a real tensor: QP 0..51 per macroblock, 1..3 slices, both transforms.
#[test]
fn pictures_per_mb_qp() {
    let mut rng = seed("cabac_enc pictures", 0xcab_e002);
    let mut dut = CabacEnc::new();
    let t = Tensor::load(
        &model_path("stories260K.safetensors"),
        "model.layers.0.mlp.gate_proj.weight",
    )
    .unwrap();
    let src = tensor_picture(&t, ChromaFormat::Yuv420, 80, 48, 0);
    let mbs = 5 * 3;
    for case in 0..6 {
        let cfg = EncoderConfig {
            qp: 26,
            slices: 1 + case % 3,
            transform_8x8: case % 2 == 0,
            mb_qp: Some((0..mbs).map(|_| rng.range(0, 51) as i32).collect()),
            ..Default::default()
        };
        let traces = encoder_traces(&src, cfg).unwrap();
        let stalls = Stalls::PATTERNS[case % Stalls::PATTERNS.len()];
        check(&mut dut, &traces, stalls, &mut rng, &format!("case {case}"));
    }
}

/// Random macroblock syntax (every mb_type, CBP, mb_qp_delta, extreme levels, I_PCM), 4:2:0
/// and 4:0:0.
#[test]
fn random_syntax_with_pcm() {
    let mut rng = seed("cabac_enc random", 0xcab_e003);
    let mut dut = CabacEnc::new();
    for case in 0..8 {
        let traces = random_traces(
            &mut rng,
            1 + case % 5,
            1 + case % 3,
            1 + case % 2,
            case % 2 == 0,
            case % 3 != 0,
        )
        .unwrap();
        let stalls = [Stalls::NONE]
            .iter()
            .chain(Stalls::PATTERNS.iter())
            .nth(case % 7)
            .copied()
            .unwrap();
        check(
            &mut dut,
            &traces,
            stalls,
            &mut rng,
            &format!("random {case}"),
        );
    }
}
