//! `tricodec-rtl encode` (the encoder lane in Verilator behind `tricodec encode`'s command
//! line): the same bytes and reconstruction files as golden's encoder with the same options,
//! which ffmpeg decodes to that reconstruction; options the lane does not have are a one-line
//! error, exit status 2 and no output file. `tricodec-rtl decode` (the decoder lane): golden's
//! frames, and a one-line error that leaves an existing output file alone.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use common::*;
use golden::decoder::Decoder;
use golden::encoder::EncoderConfig;
use golden::picture::{ChromaFormat, Picture};
use vectors::cabac::traces::tensor_image_picture;
use vectors::intra::{lane_config, lane_expected};
use vectors::stimulus::picture_420;
use vectors::streams::code_tensor;
use vectors::tools::{ffmpeg_decode, tmp_dir};

fn rtl(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tricodec-rtl"))
        .args(args)
        .output()
        .expect("run tricodec-rtl")
}

fn p(path: &Path) -> &str {
    path.to_str().expect("UTF-8 temp path")
}

/// Writes `pics` as one raw file, runs `tricodec-rtl encode` with `args` (+ --recon, -o) and
/// checks its outputs against golden (`cfg`: the same options) and ffmpeg.
fn check(pics: &[Picture], cfg: &EncoderConfig, args: &[&str], what: &str) {
    let dir = tmp_dir("tricodec-rtl");
    let (raw, out, rec) = (dir.join("in.yuv"), dir.join("out.264"), dir.join("rec.yuv"));
    let data: Vec<u8> = pics.iter().flat_map(Picture::to_raw).collect();
    std::fs::write(&raw, data).unwrap();
    let (w, h) = (pics[0].width.to_string(), pics[0].height.to_string());
    let chroma = match pics[0].format {
        ChromaFormat::Monochrome => "400",
        ChromaFormat::Yuv420 => "420",
    };
    let mut all = vec![
        "encode",
        "--width",
        &w,
        "--height",
        &h,
        "--chroma",
        chroma,
        "--profile",
        "i16x16",
    ];
    all.extend_from_slice(args);
    all.extend_from_slice(&["--recon", p(&rec), "-o", p(&out), p(&raw)]);
    let run = rtl(&all);
    let stderr = String::from_utf8_lossy(&run.stderr);
    assert!(run.status.success(), "{what}: {stderr}");
    assert!(
        stderr.contains("cycles/macroblock") && stderr.contains("input samples/cycle"),
        "{what}: no cycle count on stderr: {stderr}"
    );
    let (bytes, recon) = lane_expected(pics, cfg).unwrap();
    assert!(
        std::fs::read(&out).unwrap() == bytes,
        "{what}: stream != golden's"
    );
    let want: Vec<u8> = recon.iter().flat_map(Picture::to_raw).collect();
    assert!(
        std::fs::read(&rec).unwrap() == want,
        "{what}: reconstruction != golden's"
    );
    let decoded = ffmpeg_decode(&out, pics[0].format, pics[0].width, pics[0].height);
    assert!(
        decoded == want,
        "{what}: ffmpeg's decoding != golden's reconstruction"
    );
}

/// A stories260K weight as a 4:0:0 picture at QP 30 with one slice per macroblock row, and
/// MiniLM's as a 4:2:0 picture whose size is not a multiple of 16 with a per-macroblock QP map
/// file, two frames.
#[test]
fn same_bytes_as_golden_and_ffmpeg_agrees() {
    let stories = tensor_image_picture(
        &models().join("stories260K.safetensors"),
        "model.layers.2.self_attn.q_proj.weight",
        ChromaFormat::Monochrome,
        64,
        64,
    )
    .unwrap();
    let cfg = EncoderConfig {
        qp: 30,
        slices: 4,
        ..Default::default()
    };
    check(
        &[stories],
        &cfg,
        &["--qp", "30", "--slices", "4"],
        "stories260K 4:0:0",
    );

    let minilm = tensor_image_picture(
        &models().join("minilm/model.safetensors"),
        "encoder.layer.0.attention.self.key.weight",
        ChromaFormat::Yuv420,
        70,
        36,
    )
    .unwrap();
    let pics = [minilm, picture_420(70, 36, 3)];
    let mbs = pics[0].width_mbs() * pics[0].height_mbs();
    let map: Vec<u8> = (0..mbs).map(|i| (7 * i % 52) as u8).collect();
    let dir = tmp_dir("tricodec-rtl-map");
    let map_path = dir.join("qp.map");
    std::fs::write(&map_path, &map).unwrap();
    let cfg = EncoderConfig {
        mb_qp: Some(map.iter().map(|&q| i32::from(q)).collect()),
        slices: 3,
        ..Default::default()
    };
    check(
        &pics,
        &cfg,
        &["--qp-map", p(&map_path), "--slices", "3"],
        "MiniLM 4:2:0 70x36 + picture, QP map",
    );
}

/// Options the lane does not have: one line on stderr naming the option, exit status 2, and
/// the output file not created.
#[test]
fn unsupported_options_are_usage_errors() {
    let dir = tmp_dir("tricodec-rtl-bad");
    let raw = dir.join("in.yuv");
    std::fs::write(&raw, vec![0u8; 32 * 32]).unwrap();
    let out = dir.join("out.264");
    let base = [
        "encode", "--width", "32", "--height", "32", "--chroma", "400",
    ];
    for (extra, names) in [
        (&[][..], "--profile i16x16"),
        (&["--profile", "full"][..], "--profile i16x16"),
        (&["--profile", "i16x16", "--deblock"][..], "--deblock"),
        (
            &["--profile", "i16x16", "--transform-8x8"][..],
            "--transform-8x8",
        ),
    ] {
        let mut args = base.to_vec();
        args.extend_from_slice(extra);
        args.extend_from_slice(&["-o", p(&out), p(&raw)]);
        let run = rtl(&args);
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert_eq!(run.status.code(), Some(2), "{extra:?}: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "{extra:?}: {stderr}");
        assert!(
            stderr.starts_with("tricodec-rtl: error: ") && stderr.contains(names),
            "{extra:?}: {stderr}"
        );
        assert!(!out.exists(), "{extra:?}: an output file was created");
    }
    // Wider than the lane's line buffers.
    std::fs::write(&raw, vec![0u8; 7696 * 16]).unwrap();
    let run = rtl(&[
        "encode",
        "--width",
        "7696",
        "--height",
        "16",
        "--chroma",
        "400",
        "--profile",
        "i16x16",
        "-o",
        p(&out),
        p(&raw),
    ]);
    assert_eq!(run.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&run.stderr).contains("7680"));
    assert!(!out.exists());
}

/// Runs `tricodec-rtl decode -o OUT.yuv IN.264` on `stream`; returns the output and the file.
fn rtl_decode(stream: &[u8], dir: &Path) -> (Output, std::path::PathBuf) {
    let (input, out) = (dir.join("in.264"), dir.join("out.yuv"));
    std::fs::write(&input, stream).unwrap();
    (rtl(&["decode", "-o", p(&out), p(&input)]), out)
}

/// `tricodec-rtl decode` writes the file `tricodec decode` writes (golden's pictures, raw): on
/// a tile stream of the tensor codec (stories260K at 2.5 bits/value) and on two 4:2:0
/// pictures of golden's `i16x16` encoder with three slices; the cycle count is on stderr.
#[test]
fn decode_writes_golden_frames() {
    let (coded, _) = code_tensor(
        &models().join("stories260K.safetensors"),
        "model.layers.2.self_attn.q_proj.weight",
        2.5,
    )
    .unwrap();
    let pics = [picture_420(48, 34, 5), picture_420(48, 34, 6)];
    let cfg = lane_config(&EncoderConfig {
        slices: 3,
        ..Default::default()
    });
    let (two, _) = lane_expected(&pics, &cfg).unwrap();
    for (what, stream) in [
        ("tensor codec tile", &coded.streams[0]),
        ("two 4:2:0", &two),
    ] {
        let dir = tmp_dir("tricodec-rtl-decode");
        let (run, out) = rtl_decode(stream, dir.path());
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(run.status.success(), "{what}: {stderr}");
        assert!(
            stderr.contains("cycles/macroblock") && stderr.contains("output samples/cycle"),
            "{what}: no cycle count on stderr: {stderr}"
        );
        let want: Vec<u8> = Decoder::decode_stream(stream)
            .unwrap()
            .iter()
            .flat_map(Picture::to_raw)
            .collect();
        assert!(
            std::fs::read(&out).unwrap() == want,
            "{what}: not golden's frames"
        );
    }
}

/// A stream the lane does not decode (golden's full profile with deblocking) and a truncated
/// one: one line `tricodec-rtl: error: ...`, a non-zero exit status, and an existing output
/// file left as it was.
#[test]
fn decode_errors_leave_the_output_alone() {
    let pic = picture_420(48, 32, 7);
    let full = golden::encoder::Encoder::new(
        pic.format,
        pic.width,
        pic.height,
        EncoderConfig {
            profile: golden::encoder::Profile::FULL,
            deblock: true,
            ..Default::default()
        },
    )
    .unwrap()
    .encode(&pic)
    .unwrap()
    .bytes;
    let (ok, _) = lane_expected(&[pic], &lane_config(&EncoderConfig::default())).unwrap();
    let cut = ok[..ok.len() * 2 / 3].to_vec();
    for (what, stream) in [("deblocking on", full), ("truncated", cut)] {
        let dir = tmp_dir("tricodec-rtl-decode-bad");
        std::fs::write(dir.join("out.yuv"), b"keep me").unwrap();
        let (run, out) = rtl_decode(&stream, dir.path());
        let stderr = String::from_utf8_lossy(&run.stderr);
        assert!(!run.status.success(), "{what}: exit status 0");
        assert_eq!(stderr.lines().count(), 1, "{what}: {stderr}");
        assert!(
            stderr.starts_with("tricodec-rtl: error: "),
            "{what}: {stderr}"
        );
        assert_eq!(
            std::fs::read(&out).unwrap(),
            b"keep me",
            "{what}: output touched"
        );
    }
}
