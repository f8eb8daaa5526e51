//! loopback_i16 (rtl/fpga/, make fpga's board test, docs/decisions.md D37): real tensors as
//! pictures through the encoder lane into the decoder lane; the top compares every decoded
//! macroblock with the encoder's reconstruction itself. Checked: no mismatch, no decoder error,
//! every macroblock compared, the stream as long as golden's, and the cycles against the bins.

mod common;

use common::*;
use golden::encoder::EncoderConfig;
use golden::picture::{ChromaFormat, Picture};
use sim::{Loopback, LoopbackRun};
use vectors::cabac::traces::tensor_image_picture;
use vectors::intra::{lane_config, lane_expected};
use vectors::stimulus::luma_only;
use vectors::streams::stream_slices;

/// A 64 x 48 picture (4 x 3 macroblocks) of a stories260K tensor.
fn picture(tensor: &str, format: ChromaFormat) -> Picture {
    tensor_image_picture(
        &model_path("stories260K.safetensors"),
        tensor,
        format,
        64,
        48,
    )
    .unwrap()
}

/// Runs `pics` through the top and checks it against golden; returns the run.
fn check(pics: &[Picture], cfg: &EncoderConfig, what: &str) -> LoopbackRun {
    let cfg = lane_config(cfg);
    let (bytes, _) = lane_expected(pics, &cfg).unwrap();
    let run = Loopback::new().run(pics, &cfg);
    let mbs: usize = pics.iter().map(|p| p.width_mbs() * p.height_mbs()).sum();
    assert!(
        !run.mismatch,
        "{what}: a decoded macroblock differs: {run:?}"
    );
    assert!(!run.error, "{what}: the decoder lane's error flag: {run:?}");
    assert_eq!(run.mbs, mbs as u64, "{what}: macroblocks compared");
    assert_eq!(
        run.bytes,
        bytes.len() as u64,
        "{what}: stream bytes (golden's)"
    );
    // The decoder lane sets the rate: its CABAC decodes 1.1 to 1.7 bins a cycle on such streams
    // (docs/results/decoder-lane.md), the encoder lane's more than 4 (cabac.md). So at least one
    // bin a cycle through the loop, plus the pipelines' fill and the last slice's drain.
    let bins: usize = stream_slices(&bytes)
        .unwrap()
        .iter()
        .map(|s| s.bins.len())
        .sum();
    eprintln!(
        "{what}: {mbs} macroblocks, {} bytes, {bins} bins, {} cycles ({:.0} a macroblock, {:.2} \
         bins a cycle)",
        run.bytes,
        run.cycles,
        run.cycles as f64 / mbs as f64,
        bins as f64 / run.cycles as f64
    );
    assert!(
        run.cycles < 3_000 + bins as u64,
        "{what}: {} cycles for {bins} bins",
        run.cycles
    );
    run
}

/// Two 4:2:0 pictures of two tensors, two slices each, QP 26.
#[test]
fn tensor_pictures_420() {
    let pics = [
        picture(
            "model.layers.2.self_attn.q_proj.weight",
            ChromaFormat::Yuv420,
        ),
        picture("model.layers.0.mlp.gate_proj.weight", ChromaFormat::Yuv420),
    ];
    let cfg = EncoderConfig {
        qp: 26,
        slices: 2,
        ..Default::default()
    };
    check(&pics, &cfg, "4:2:0 64x48 x2, QP 26, 2 slices");
}

/// A 4:0:0 picture (the decoder's zero chroma is not compared), a QP per macroblock from 10 to
/// 43, three slices.
#[test]
fn tensor_picture_400_qp_map() {
    let pic = luma_only(&picture(
        "model.layers.3.self_attn.v_proj.weight",
        ChromaFormat::Yuv420,
    ));
    let cfg = EncoderConfig {
        slices: 3,
        mb_qp: Some((0..12).map(|k| 10 + 3 * k).collect()),
        ..Default::default()
    };
    check(&[pic], &cfg, "4:0:0 64x48, QP map 10..43, 3 slices");
}

/// The comparison catches a difference: with the test input flip_i high (bit 0 of every queued
/// reconstruction beat inverted), mismatch_o rises at the first macroblock and nothing else
/// does (the decoder lane still decodes the stream without error).
#[test]
fn a_planted_difference_is_caught() {
    let pics = [picture(
        "model.layers.2.self_attn.q_proj.weight",
        ChromaFormat::Yuv420,
    )];
    let cfg = lane_config(&EncoderConfig {
        qp: 26,
        ..Default::default()
    });
    let run = Loopback::new().run_with(&pics, &cfg, true);
    assert!(run.mismatch, "the flipped bit went unseen: {run:?}");
    assert!(!run.error, "{run:?}");
    assert_eq!(run.mbs, 0, "caught at the first macroblock: {run:?}");
}
