//! Checks the shared test helpers themselves, against the external tools.

mod common;

use std::process::Command;

use common::*;
use golden::ChromaFormat;

#[test]
fn repo_root_and_model_path() {
    assert!(repo_root().join("golden/Cargo.toml").is_file());
    let p = model_path("stories260K.safetensors");
    assert!(p.ends_with("build/models/stories260K.safetensors"));
}

#[test]
#[should_panic(expected = "run scripts/bootstrap.sh")]
fn missing_model_says_how_to_get_it() {
    model_path("no-such-model.safetensors");
}

#[test]
fn tmp_dirs_are_unique_and_removed() {
    let (a, b) = (tmp_dir("selftest"), tmp_dir("selftest"));
    assert_ne!(a.path(), b.path());
    std::fs::write(a.join("f"), b"x").unwrap();
    let kept = a.path().to_path_buf();
    drop(a);
    assert!(!kept.exists());
    assert!(b.path().is_dir());
}

/// x264 at --qp 0 is lossless, so ffmpeg must give back the input exactly:
/// this checks both helpers, and the native-decode rule for 4:0:0.
#[test]
fn x264_then_ffmpeg_is_lossless_at_qp0_400() {
    let dir = tmp_dir("selftest-400");
    let (w, h) = (48, 32);
    let mut raw = smooth_image(w, h, 1);
    raw.extend(noise_image(w, h, 2));
    let path = dir.join("in.gray");
    std::fs::write(&path, &raw).unwrap();
    let stream = x264_encode(&path, ChromaFormat::Monochrome, w, h, &["--qp", "0"]);
    assert_eq!(ffmpeg_decode(&stream, ChromaFormat::Monochrome, w, h), raw);
}

#[test]
fn x264_then_ffmpeg_is_lossless_at_qp0_420() {
    let dir = tmp_dir("selftest-420");
    let (w, h) = (64, 48);
    let mut raw = frame_420(&smooth_image(w, h, 3), w, h);
    raw.extend(frame_420(&noise_image(w, h, 4), w, h));
    let path = dir.join("in.yuv");
    std::fs::write(&path, &raw).unwrap();
    let stream = x264_encode(&path, ChromaFormat::Yuv420, w, h, &["--qp", "0"]);
    assert_eq!(ffmpeg_decode(&stream, ChromaFormat::Yuv420, w, h), raw);
}

#[test]
fn ffmpeg_decode_of_a_lossy_stream_keeps_the_layout() {
    let dir = tmp_dir("selftest-lossy");
    let (w, h) = (32, 32);
    let raw = noise_image(w, h, 5);
    let path = dir.join("in.gray");
    std::fs::write(&path, &raw).unwrap();
    let stream = x264_encode(&path, ChromaFormat::Monochrome, w, h, &["--qp", "40"]);
    let dec = ffmpeg_decode(&stream, ChromaFormat::Monochrome, w, h);
    assert_eq!(dec.len(), raw.len());
    assert_ne!(dec, raw, "qp 40 on noise cannot be lossless");
}

#[test]
fn tensor_image_maps_min_to_0_and_max_to_255() {
    let img = tensor_image(
        "stories260K.safetensors",
        "model.layers.0.self_attn.q_proj.weight",
        64,
        64,
    );
    // Positions of the minimum and maximum, found with Python's struct module.
    assert_eq!(img[934], 0);
    assert_eq!(img[3158], 255);
    assert_eq!(img.iter().filter(|&&v| v == 0).count(), 1);
    // Tiled: a 100 x 70 image repeats the 64 x 64 matrix.
    let big = tensor_image(
        "stories260K.safetensors",
        "model.layers.0.self_attn.q_proj.weight",
        100,
        70,
    );
    assert_eq!(big[0..64], img[0..64]);
    assert_eq!(big[64..100], img[0..36]);
    assert_eq!(big[66 * 100..66 * 100 + 64], img[2 * 64..3 * 64]);
}

/// The Python script used by the demo implements the same mapping
/// independently; both must agree byte for byte.
#[test]
fn tensor_image_agrees_with_the_python_script() {
    let dir = tmp_dir("selftest-tensor");
    let out = dir.join("img.gray");
    let model = model_path("stories260K.safetensors");
    let tensor = "model.layers.3.mlp.down_proj.weight"; // 64 x 172
    let res = Command::new("python3")
        .arg(repo_root().join("scripts/tensor_image.py"))
        .arg(&model)
        .arg(tensor)
        .arg(&out)
        .args(["200", "100"])
        .output()
        .expect("python3 (run scripts/bootstrap.sh)");
    assert!(
        res.status.success(),
        "{}",
        String::from_utf8_lossy(&res.stderr)
    );
    assert_eq!(String::from_utf8_lossy(&res.stdout).trim(), "200 100");
    let py = std::fs::read(&out).unwrap();
    assert_eq!(
        py,
        tensor_image("stories260K.safetensors", tensor, 200, 100)
    );
}

#[test]
fn smooth_image_is_smooth_and_noise_is_not() {
    let (w, h) = (64, 48);
    let s = smooth_image(w, h, 7);
    let n = noise_image(w, h, 7);
    assert_eq!(s, smooth_image(w, h, 7), "deterministic");
    assert_ne!(s, smooth_image(w, h, 8), "seed matters");
    assert_ne!(n, noise_image(w, h, 8), "seed matters");
    let mean_step = |img: &[u8]| -> usize {
        let steps: usize = img
            .chunks(w)
            .flat_map(|row| row.windows(2).map(|p| p[0].abs_diff(p[1]) as usize))
            .sum();
        steps / (h * (w - 1))
    };
    assert!(mean_step(&s) <= 8, "smooth step {}", mean_step(&s));
    // Uniform bytes differ by 85 on average.
    assert!(mean_step(&n) >= 70, "noise step {}", mean_step(&n));
    let distinct = |img: &[u8]| {
        let mut seen = [false; 256];
        img.iter().for_each(|&v| seen[v as usize] = true);
        seen.iter().filter(|&&b| b).count()
    };
    assert!(distinct(&s) > 100 && distinct(&n) > 250);
}

#[test]
fn frame_420_layout() {
    let (w, h) = (5, 3);
    let luma: Vec<u8> = (0..15).map(|i| i * 10).collect();
    let f = frame_420(&luma, w, h);
    assert_eq!(f.len(), ChromaFormat::Yuv420.frame_bytes(w, h));
    assert_eq!(f[..15], luma[..]);
    let (cb, cr) = (&f[15..21], &f[21..27]);
    // Cb(0,0): mean of 0, 10, 50, 60 = 30 -> 64 + 15. Cb(2,1): rows 2 and 2
    // (repeated), columns 4 and 4 (repeated): 140 -> 64 + 70.
    assert_eq!((cb[0], cb[5]), (79, 134));
    // Cr(0,0) = 255 - 30 + 0 - 16; Cr(2,1) = 255 - 140 + 32 * 2 / 3 - 16.
    assert_eq!((cr[0], cr[5]), (209, 120));
}
