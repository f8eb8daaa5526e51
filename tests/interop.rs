//! Interop, both directions, against independent code:
//! - our streams decode in ffmpeg to exactly our encoder's reconstruction,
//!   and in our decoder to the same samples;
//! - x264's intra-only streams decode in our decoder to exactly ffmpeg's
//!   output.
//!
//! Every case writes one multi-frame stream so that a QP sweep costs one
//! ffmpeg run.

mod common;

use common::*;
use golden::decoder::Decoder;
use golden::encoder::{Encoder, EncoderConfig, Profile, Rdoq};
use golden::{ChromaFormat, Picture};

const STORIES: &str = "stories260K.safetensors";

/// A raw frame (luma only for 4:0:0, I420 for 4:2:0) of the named content.
fn content(kind: &str, format: ChromaFormat, w: usize, h: usize, seed: u64) -> Vec<u8> {
    let luma = match kind {
        "tensor" => tensor_image(STORIES, "model.layers.0.mlp.gate_proj.weight", w, h),
        "embed" => tensor_image(STORIES, "model.embed_tokens.weight", w, h),
        "smooth" => smooth_image(w, h, seed),
        "noise" => noise_image(w, h, seed),
        _ => panic!("unknown content {kind}"),
    };
    match format {
        ChromaFormat::Monochrome => luma,
        ChromaFormat::Yuv420 => frame_420(&luma, w, h),
    }
}

/// Encodes one frame per entry of `qps` (a fresh encoder each, the streams
/// concatenated), checks that our decoder and ffmpeg both reproduce the
/// encoder's reconstruction exactly, and returns the stream's size.
fn check_ours(
    tag: &str,
    format: ChromaFormat,
    size: (usize, usize),
    kind: &str,
    qps: &[i32],
    cfg: &EncoderConfig,
) -> usize {
    check_ours_with(tag, format, size, kind, qps, cfg, None)
}

/// [`check_ours`] with RDOQ set as given on every encoder.
fn check_ours_with(
    tag: &str,
    format: ChromaFormat,
    (w, h): (usize, usize),
    kind: &str,
    qps: &[i32],
    cfg: &EncoderConfig,
    rdoq: Option<Rdoq>,
) -> usize {
    let mut stream = Vec::new();
    let mut recon = Vec::new();
    for (i, &qp) in qps.iter().enumerate() {
        let raw = content(kind, format, w, h, i as u64);
        let pic = Picture::from_raw(format, w, h, &raw).unwrap();
        let cfg = EncoderConfig {
            qp,
            rdoq,
            ..cfg.clone()
        };
        let mut enc = Encoder::new(format, w, h, cfg).unwrap_or_else(|e| panic!("{tag}: {e}"));
        let out = enc
            .encode(&pic)
            .unwrap_or_else(|e| panic!("{tag} qp {qp}: {e}"));
        stream.extend_from_slice(&out.bytes);
        recon.extend_from_slice(&out.recon.to_raw());
    }
    let ours: Vec<u8> = Decoder::decode_stream(&stream)
        .unwrap_or_else(|e| panic!("{tag}: our decoder: {e}"))
        .iter()
        .flat_map(|p| p.to_raw())
        .collect();
    assert_frames_eq(tag, "our decoder", &ours, &recon, format, w, h);
    let dir = tmp_dir("interop");
    let path = dir.join("ours.264");
    std::fs::write(&path, &stream).unwrap();
    let ff = ffmpeg_decode(&path, format, w, h);
    assert_frames_eq(tag, "ffmpeg", &ff, &recon, format, w, h);
    stream.len()
}

/// Equality of two frame sequences, reporting the first differing frame,
/// plane and sample on failure.
fn assert_frames_eq(
    tag: &str,
    who: &str,
    got: &[u8],
    want: &[u8],
    f: ChromaFormat,
    w: usize,
    h: usize,
) {
    let fb = f.frame_bytes(w, h);
    assert_eq!(
        got.len(),
        want.len(),
        "{tag}: {who} gave {} bytes, want {}",
        got.len(),
        want.len()
    );
    if let Some(i) = got.iter().zip(want).position(|(a, b)| a != b) {
        let (frame, off) = (i / fb, i % fb);
        let (plane, off) = if off < w * h {
            ("Y", off)
        } else {
            ("C", off - w * h)
        };
        let n = got.iter().zip(want).filter(|(a, b)| a != b).count();
        panic!(
            "{tag}: {who} differs from the reference at frame {frame} plane {plane} sample {off}: \
             {} vs {} ({n} samples differ)",
            got[i], want[i]
        );
    }
}

fn all_qps() -> Vec<i32> {
    (0..=51).collect()
}

#[test]
fn ours_qp_sweep_400_in_ffmpeg() {
    let cfg = EncoderConfig {
        transform_8x8: true,
        ..Default::default()
    };
    check_ours(
        "qp sweep 4:0:0",
        ChromaFormat::Monochrome,
        (64, 48),
        "tensor",
        &all_qps(),
        &cfg,
    );
}

/// RDOQ changes only the encoder's choice of levels: its streams decode in
/// ffmpeg (and ours) to the encoder's reconstruction at every QP, for
/// tensor content in 4:0:0 (the tensor codec's Intra16x16) and for 4:2:0
/// noise with every intra tool (chroma RDOQ), at a small and a large lambda.
#[test]
fn rdoq_qp_sweep_in_ffmpeg() {
    for (lambda, format, kind, profile) in [
        (
            Rdoq::H264.lambda_q16,
            ChromaFormat::Monochrome,
            "tensor",
            Profile::I16X16_ONLY,
        ),
        (
            20_000,
            ChromaFormat::Monochrome,
            "tensor",
            Profile::I16X16_ONLY,
        ),
        (
            Rdoq::H264.lambda_q16,
            ChromaFormat::Yuv420,
            "noise",
            Profile::FULL,
        ),
        (3_000, ChromaFormat::Yuv420, "smooth", Profile::I16X16_ONLY),
    ] {
        let cfg = EncoderConfig {
            profile,
            deadzone: golden::quant::Deadzone(450),
            ..Default::default()
        };
        check_ours_with(
            &format!("rdoq {lambda} {format:?} {kind}"),
            format,
            (48, 32),
            kind,
            &all_qps(),
            &cfg,
            Some(Rdoq { lambda_q16: lambda }),
        );
    }
}

#[test]
fn ours_qp_sweep_420_in_ffmpeg() {
    let cfg = EncoderConfig {
        transform_8x8: true,
        ..Default::default()
    };
    check_ours(
        "qp sweep 4:2:0",
        ChromaFormat::Yuv420,
        (48, 32),
        "smooth",
        &all_qps(),
        &cfg,
    );
}

#[test]
fn ours_qp_sweep_without_8x8_in_ffmpeg() {
    let cfg = EncoderConfig {
        transform_8x8: false,
        ..Default::default()
    };
    check_ours(
        "qp sweep no 8x8",
        ChromaFormat::Monochrome,
        (48, 48),
        "noise",
        &all_qps(),
        &cfg,
    );
    check_ours(
        "qp sweep no 8x8 420",
        ChromaFormat::Yuv420,
        (32, 32),
        "tensor",
        &all_qps(),
        &cfg,
    );
}

#[test]
fn ours_every_switch_in_ffmpeg() {
    let qps = [0, 10, 22, 30, 40, 51];
    for format in [ChromaFormat::Monochrome, ChromaFormat::Yuv420] {
        for (pname, profile) in [("full", Profile::FULL), ("i16x16", Profile::I16X16_ONLY)] {
            for t8 in [false, true] {
                for deblock in [false, true] {
                    for slices in [1, 3] {
                        for kind in ["embed", "smooth", "noise"] {
                            let tag = format!(
                                "{format:?} {pname} 8x8={t8} deblock={deblock} slices={slices} {kind}"
                            );
                            let cfg = EncoderConfig {
                                transform_8x8: t8,
                                deblock,
                                slices,
                                profile,
                                ..Default::default()
                            };
                            check_ours(&tag, format, (64, 48), kind, &qps, &cfg);
                        }
                    }
                }
            }
        }
    }
}

#[test]
fn ours_odd_sizes_in_ffmpeg() {
    let cfg = EncoderConfig {
        transform_8x8: true,
        ..Default::default()
    };
    for (w, h) in [(1, 1), (17, 9), (37, 23), (100, 3), (3, 70)] {
        let tag = format!("4:0:0 {w}x{h}");
        check_ours(
            &tag,
            ChromaFormat::Monochrome,
            (w, h),
            "tensor",
            &[4, 28, 45],
            &cfg,
        );
    }
    for (w, h) in [(2, 2), (18, 34), (50, 14)] {
        let tag = format!("4:2:0 {w}x{h}");
        check_ours(
            &tag,
            ChromaFormat::Yuv420,
            (w, h),
            "smooth",
            &[4, 28, 45],
            &cfg,
        );
    }
}

#[test]
fn ours_one_slice_per_macroblock_in_ffmpeg() {
    let cfg = EncoderConfig {
        transform_8x8: true,
        slices: 12,
        deblock: true,
        ..Default::default()
    };
    check_ours(
        "12 slices 4:2:0",
        ChromaFormat::Yuv420,
        (64, 48),
        "tensor",
        &[8, 30],
        &cfg,
    );
    let cfg = EncoderConfig { slices: 12, ..cfg };
    check_ours(
        "12 slices 4:0:0",
        ChromaFormat::Monochrome,
        (64, 48),
        "noise",
        &[8, 30],
        &cfg,
    );
}

#[test]
fn ours_per_macroblock_qp_in_ffmpeg() {
    // QPs jump across the whole range, so mb_qp_delta wraps (7.4.5).
    let (w, h) = (96, 64);
    let mbs = (w / 16) * (h / 16);
    let map: Vec<i32> = (0..mbs).map(|i| ((i * 37 + 5) % 52) as i32).collect();
    for format in [ChromaFormat::Monochrome, ChromaFormat::Yuv420] {
        for deblock in [false, true] {
            let cfg = EncoderConfig {
                transform_8x8: true,
                deblock,
                slices: 2,
                mb_qp: Some(map.clone()),
                ..Default::default()
            };
            let tag = format!("mb qp {format:?} deblock={deblock}");
            check_ours(&tag, format, (w, h), "tensor", &[26], &cfg);
        }
    }
}

/// x264 encodes `frames` frames of `kind` content; our decoder must give
/// exactly ffmpeg's output.
fn check_x264(
    format: ChromaFormat,
    (w, h): (usize, usize),
    kind: &str,
    frames: u64,
    args: &[&str],
) {
    let tag = format!("x264 {format:?} {w}x{h} {kind} {}", args.join(" "));
    let dir = tmp_dir("x264");
    let raw_path = dir.join("in.yuv");
    let raw: Vec<u8> = (0..frames)
        .flat_map(|i| content(kind, format, w, h, i))
        .collect();
    std::fs::write(&raw_path, &raw).unwrap();
    let stream_path = x264_encode(&raw_path, format, w, h, args);
    let stream = std::fs::read(&stream_path).unwrap();
    let ours: Vec<u8> = Decoder::decode_stream(&stream)
        .unwrap_or_else(|e| panic!("{tag}: our decoder: {e}"))
        .iter()
        .flat_map(|p| p.to_raw())
        .collect();
    let ff = ffmpeg_decode(&stream_path, format, w, h);
    assert_frames_eq(&tag, "our decoder", &ours, &ff, format, w, h);
}

#[test]
fn x264_default_and_switches_in_ours() {
    for format in [ChromaFormat::Monochrome, ChromaFormat::Yuv420] {
        for args in [
            &[][..],
            &["--no-deblock"],
            &["--no-8x8dct"],
            &["--slices", "4"],
            &["--tune", "psnr", "--no-psy", "--aq-mode", "0"],
            &["--deblock", "-3:2"],
            &["--deblock", "4:-5", "--chroma-qp-offset", "3"],
        ] {
            for kind in ["tensor", "smooth", "noise"] {
                check_x264(format, (80, 64), kind, 3, args);
            }
        }
    }
}

#[test]
fn x264_qp_sweep_in_ours() {
    // --qp 0 makes x264 switch to lossless High 4:4:4 Predictive, outside
    // what we decode; 1..=51 covers every QP of High profile.
    for qp in (1..=51).step_by(5).chain([51]) {
        let q = qp.to_string();
        check_x264(
            ChromaFormat::Monochrome,
            (64, 48),
            "embed",
            2,
            &["--qp", &q],
        );
        check_x264(ChromaFormat::Yuv420, (64, 48), "smooth", 2, &["--qp", &q]);
    }
}

#[test]
fn x264_odd_sizes_in_ours() {
    check_x264(ChromaFormat::Monochrome, (37, 23), "tensor", 2, &[]);
    check_x264(
        ChromaFormat::Yuv420,
        (50, 18),
        "noise",
        2,
        &["--slices", "3"],
    );
}
