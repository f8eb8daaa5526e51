//! The `tricodec` binary: round trips against ffmpeg, and clean failures.

mod common;

use std::process::Output;

use common::*;
use golden::ChromaFormat;

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A failed run: exit status `code`, exactly one stderr line, `tricodec: error: ...`
/// containing `what`.
fn assert_one_line_error(out: &Output, code: i32, what: &str) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(err.starts_with("tricodec: error: "), "{err}");
    assert!(err.contains(what), "expected {what:?} in: {err}");
    assert!(
        !err.contains("panicked") && !err.contains("backtrace"),
        "{err}"
    );
}

/// Encodes `raw` with our CLI (with --recon), decodes it with our CLI and with
/// ffmpeg, and checks that recon, our decode and ffmpeg's are identical.
fn round_trip(tag: &str, raw: &[u8], chroma: &str, w: usize, h: usize, extra: &[&str]) {
    let format = if chroma == "400" {
        ChromaFormat::Monochrome
    } else {
        ChromaFormat::Yuv420
    };
    let frames = raw.len() / format.frame_bytes(w, h);
    let dir = tmp_dir(tag);
    let (input, stream) = (dir.join("in.yuv"), dir.join("out.264"));
    let (recon, decoded) = (dir.join("recon.yuv"), dir.join("dec.yuv"));
    std::fs::write(&input, raw).unwrap();
    let (ws, hs) = (w.to_string(), h.to_string());
    let mut args = vec![
        "encode", "--width", &ws, "--height", &hs, "--chroma", chroma,
    ];
    args.extend_from_slice(extra);
    args.extend_from_slice(&["--recon", p(&recon), "-o", p(&stream), p(&input)]);
    let enc = tricodec(&args);
    assert!(enc.status.success(), "encode: {}", stderr(&enc));
    let summary = stderr(&enc);
    assert!(
        summary.contains(&format!("encoded {frames} frame")),
        "{summary}"
    );
    assert!(summary.contains("bits/sample"), "{summary}");

    let dec = tricodec(&["decode", "-o", p(&decoded), p(&stream)]);
    assert!(dec.status.success(), "decode: {}", stderr(&dec));
    let recon = std::fs::read(&recon).unwrap();
    assert_eq!(recon.len(), raw.len());
    assert!(
        std::fs::read(&decoded).unwrap() == recon,
        "our decoder differs from recon"
    );
    assert!(
        ffmpeg_decode(&stream, format, w, h) == recon,
        "ffmpeg differs from recon"
    );
}

#[test]
fn round_trip_400_odd_size_two_frames() {
    let (w, h) = (35, 21);
    let mut raw = smooth_image(w, h, 11);
    raw.extend(noise_image(w, h, 12));
    round_trip("cli-400", &raw, "400", w, h, &["--qp", "20"]);
}

#[test]
fn round_trip_400_tensor_all_tools() {
    let (w, h) = (64, 96);
    let raw = tensor_image(
        "stories260K.safetensors",
        "model.layers.1.mlp.gate_proj.weight",
        w,
        h,
    );
    let tools = [
        "--qp",
        "30",
        "--slices",
        "2",
        "--transform-8x8",
        "--deblock",
    ];
    round_trip("cli-tensor", &raw, "400", w, h, &tools);
}

#[test]
fn round_trip_420() {
    let (w, h) = (48, 32);
    let mut raw = frame_420(&smooth_image(w, h, 13), w, h);
    raw.extend(frame_420(&noise_image(w, h, 14), w, h));
    round_trip("cli-420", &raw, "420", w, h, &["--qp", "26", "--deblock"]);
}

#[test]
fn help_works() {
    let out = tricodec(&["--help"]);
    assert!(out.status.success());
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("encode") && text.contains("decode"), "{text}");
    let enc = String::from_utf8_lossy(&tricodec(&["encode", "--help"]).stdout).into_owned();
    for flag in [
        "--width", "--height", "--chroma", "--qp", "--slices", "--recon", "-o",
    ] {
        assert!(enc.contains(flag), "{flag} missing in: {enc}");
    }
    let dec = String::from_utf8_lossy(&tricodec(&["decode", "--help"]).stdout).into_owned();
    assert!(dec.contains("into memory"), "{dec}");
    assert!(!tricodec(&[]).status.success());
}

#[test]
fn input_not_a_whole_number_of_frames() {
    let dir = tmp_dir("cli-size");
    let (input, out, recon) = (dir.join("in.yuv"), dir.join("out.264"), dir.join("r.yuv"));
    std::fs::write(&input, vec![0u8; 16 * 16 * 3 / 2 * 2 + 5]).unwrap();
    let args = [
        "encode",
        "--width",
        "16",
        "--height",
        "16",
        "--recon",
        p(&recon),
    ];
    let res = tricodec(&[&args[..], &["-o", p(&out), p(&input)]].concat());
    assert_one_line_error(&res, 1, "not a whole number");
    assert!(!out.exists() && !recon.exists(), "no output left behind");
    // As 4:0:0 the same 773 bytes are 3 frames and 5 bytes.
    let args = [
        "encode", "--width", "16", "--height", "16", "--chroma", "400",
    ];
    let res = tricodec(&[&args[..], &["-o", p(&out), p(&input)]].concat());
    assert_one_line_error(&res, 1, "not a whole number");
}

#[test]
fn empty_or_missing_input() {
    let dir = tmp_dir("cli-empty");
    let (input, out) = (dir.join("in.yuv"), dir.join("out.264"));
    std::fs::write(&input, b"").unwrap();
    let res = tricodec(&[
        "encode",
        "--width",
        "16",
        "--height",
        "16",
        "-o",
        p(&out),
        p(&input),
    ]);
    assert_one_line_error(&res, 1, "empty");
    let gone = dir.join("missing.yuv");
    let res = tricodec(&[
        "encode",
        "--width",
        "16",
        "--height",
        "16",
        "-o",
        p(&out),
        p(&gone),
    ]);
    assert_one_line_error(&res, 1, "missing.yuv");
    let res = tricodec(&["decode", "-o", p(&out), p(&gone)]);
    assert_one_line_error(&res, 1, "missing.yuv");
    assert!(!out.exists());
}

#[test]
fn bad_arguments_are_one_line_usage_errors() {
    let base = [
        "encode", "--width", "16", "--height", "16", "-o", "x.264", "in.yuv",
    ];
    for (extra, what) in [
        (&["--qp", "52"][..], "--qp"),
        (&["--qp=-1"][..], "--qp"),
        (&["--chroma", "444"][..], "--chroma"),
        (&["--slices", "0"][..], "--slices"),
    ] {
        let res = tricodec(&[&base[..], extra].concat());
        assert_one_line_error(&res, 2, what);
    }
    let res = tricodec(&["encode", "--width", "0", "--height", "16", "-o", "x", "in"]);
    assert_one_line_error(&res, 2, "--width");
    let res = tricodec(&["encode", "--height", "16", "-o", "x", "in"]);
    assert_one_line_error(&res, 2, "--width");
    assert_one_line_error(&tricodec(&["transcode"]), 2, "transcode");
}

#[test]
fn garbage_streams_are_errors() {
    let dir = tmp_dir("cli-garbage");
    let (input, out) = (dir.join("in.264"), dir.join("out.yuv"));
    // No start code at all.
    std::fs::write(&input, b"this is not a video").unwrap();
    assert_one_line_error(
        &tricodec(&["decode", "-o", p(&out), p(&input)]),
        1,
        "in.264",
    );
    // Start codes followed by noise.
    for seed in 0..4 {
        let mut data = vec![0, 0, 0, 1];
        data.extend(noise_image(64, 16, seed));
        data.extend([0, 0, 1]);
        data.extend(noise_image(64, 16, seed + 100));
        std::fs::write(&input, &data).unwrap();
        assert_one_line_error(
            &tricodec(&["decode", "-o", p(&out), p(&input)]),
            1,
            "in.264",
        );
        assert!(!out.exists(), "no output left behind");
    }
    std::fs::write(&input, b"").unwrap();
    assert_one_line_error(
        &tricodec(&["decode", "-o", p(&out), p(&input)]),
        1,
        "in.264",
    );
}

#[test]
fn truncated_streams_are_errors() {
    let dir = tmp_dir("cli-truncated");
    let (w, h) = (64, 48);
    let raw_path = dir.join("in.gray");
    std::fs::write(&raw_path, smooth_image(w, h, 21)).unwrap();
    let stream = x264_encode(&raw_path, ChromaFormat::Monochrome, w, h, &["--qp", "20"]);
    let full = std::fs::read(&stream).unwrap();
    let (cut, out) = (dir.join("cut.264"), dir.join("out.yuv"));
    // The slice is the stream's last NAL unit: cut it short at several points.
    let slice_start = (0..full.len() - 3)
        .rev()
        .find(|&i| full[i..i + 3] == [0, 0, 1])
        .unwrap();
    for keep in [
        slice_start + 3,
        slice_start + 8,
        (slice_start + full.len()) / 2,
        full.len() - 8,
    ] {
        std::fs::write(&cut, &full[..keep]).unwrap();
        let res = tricodec(&["decode", "-o", p(&out), p(&cut)]);
        assert_one_line_error(&res, 1, "cut.264");
        assert!(!out.exists(), "no output left behind (cut at {keep})");
    }
    // Headers only: no picture at all.
    std::fs::write(&cut, &full[..slice_start]).unwrap();
    assert_one_line_error(&tricodec(&["decode", "-o", p(&out), p(&cut)]), 1, "cut.264");
}

/// `--qp-map`: one QP byte per macroblock, raster order, on every picture. The stream equals
/// the golden encoder's with the same map (so the map reached every macroblock), and ffmpeg and
/// our decoder give the reconstruction.
#[test]
fn qp_map_round_trip() {
    let (w, h) = (40, 36); // 3 x 3 macroblocks, neither side a multiple of 16
    let mut raw = frame_420(&smooth_image(w, h, 31), w, h);
    raw.extend(frame_420(&noise_image(w, h, 32), w, h));
    let map: Vec<u8> = vec![0, 51, 20, 33, 7, 45, 26, 26, 12];
    let dir = tmp_dir("cli-qp-map");
    let map_path = dir.join("map.bin");
    std::fs::write(&map_path, &map).unwrap();
    round_trip(
        "cli-qp-map-rt",
        &raw,
        "420",
        w,
        h,
        &[
            "--qp-map",
            p(&map_path),
            "--slices",
            "2",
            "--profile",
            "i16x16",
        ],
    );

    let (input, stream) = (dir.join("in.yuv"), dir.join("out.264"));
    std::fs::write(&input, &raw).unwrap();
    let (ws, hs) = (w.to_string(), h.to_string());
    let enc = tricodec(&[
        "encode",
        "--width",
        &ws,
        "--height",
        &hs,
        "--chroma",
        "420",
        "--qp-map",
        p(&map_path),
        "--slices",
        "2",
        "--profile",
        "i16x16",
        "-o",
        p(&stream),
        p(&input),
    ]);
    assert!(enc.status.success(), "encode: {}", stderr(&enc));
    let cfg = golden::encoder::EncoderConfig {
        slices: 2,
        profile: golden::encoder::Profile::I16X16_ONLY,
        mb_qp: Some(map.iter().map(|&q| i32::from(q)).collect()),
        ..Default::default()
    };
    let mut enc = golden::encoder::Encoder::new(ChromaFormat::Yuv420, w, h, cfg).unwrap();
    let frame = ChromaFormat::Yuv420.frame_bytes(w, h);
    let mut want = Vec::new();
    for f in raw.chunks(frame) {
        let pic = golden::Picture::from_raw(ChromaFormat::Yuv420, w, h, f).unwrap();
        want.extend(enc.encode(&pic).unwrap().bytes);
    }
    assert!(
        std::fs::read(&stream).unwrap() == want,
        "CLI stream differs from golden's"
    );
}

/// A QP map of the wrong size or with a QP above 51 is a one-line error that names the map,
/// and an existing output file is left as it was.
#[test]
fn bad_qp_maps_are_errors() {
    let dir = tmp_dir("cli-bad-qp-map");
    let (input, out, map) = (dir.join("in.yuv"), dir.join("out.264"), dir.join("map.bin"));
    std::fs::write(&input, smooth_image(32, 16, 5)).unwrap();
    std::fs::write(&out, b"keep me").unwrap();
    for (bytes, what) in [
        (
            &[20u8][..],
            "needs one byte per macroblock, 2 for this picture size; it has 1",
        ),
        (&[20, 20, 20][..], "it has more"),
        (&[20, 52][..], "macroblock 1 has QP 52"),
        (&[][..], "it has 0"),
    ] {
        std::fs::write(&map, bytes).unwrap();
        let res = tricodec(&[
            "encode",
            "--width",
            "32",
            "--height",
            "16",
            "--chroma",
            "400",
            "--qp-map",
            p(&map),
            "-o",
            p(&out),
            p(&input),
        ]);
        assert_one_line_error(&res, 1, what);
        assert_one_line_error(&res, 1, "map.bin");
        assert_eq!(std::fs::read(&out).unwrap(), b"keep me");
    }
    let res = tricodec(&[
        "encode",
        "--width",
        "32",
        "--height",
        "16",
        "--qp",
        "20",
        "--qp-map",
        p(&map),
        "-o",
        p(&out),
        p(&input),
    ]);
    assert_one_line_error(&res, 2, "--qp");
}
