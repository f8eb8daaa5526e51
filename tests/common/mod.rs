//! Helpers shared by the top-level integration tests (`mod common;`).
//!
//! External tools (ffmpeg, ffprobe, x264) and model files are installed by
//! `scripts/bootstrap.sh`; a helper that cannot find them panics with a
//! message saying so. Every helper is deterministic.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

use golden::ChromaFormat;
use tensor::SafeTensors;
#[allow(unused_imports)]
pub use vectors::tools::{ffmpeg_decode, ffprobe_video, run_tool, tmp_dir, TempDir};

/// The repository root (the workspace holding this crate).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A model file under `build/models/` (e.g. `"stories260K.safetensors"` or
/// `"minilm/model.safetensors"`); panics if bootstrap has not put it there.
pub fn model_path(name: &str) -> PathBuf {
    let p = repo_root().join("build/models").join(name);
    assert!(
        p.is_file(),
        "{} missing: run scripts/bootstrap.sh (see README.md)",
        p.display()
    );
    p
}

/// Encodes raw frames with x264, intra only (every frame an IDR), with the
/// chroma format of `format` plus `args`; returns the stream's path (next to `raw`).
pub fn x264_encode(raw: &Path, format: ChromaFormat, w: usize, h: usize, args: &[&str]) -> PathBuf {
    let csp = match format {
        ChromaFormat::Monochrome => "i400",
        ChromaFormat::Yuv420 => "i420",
    };
    let out = raw.with_extension("x264.264");
    run_tool(
        Command::new("x264")
            .args(["--quiet", "--no-progress", "--keyint", "1"])
            .args(["--input-res", &format!("{w}x{h}")])
            .args(["--input-csp", csp, "--output-csp", csp])
            .args(args)
            .arg("-o")
            .arg(&out)
            .arg(raw),
    );
    out
}

/// 8-bit image from a real weight tensor of `model` (a file under build/models),
/// by the rule of [`tensor::image`] (which `scripts/tensor_image.py`
/// implements too): the tensor's [min, max] mapped affinely to 0..=255,
/// pixel (x, y) = element (y % rows, x % cols).
pub fn tensor_image(model: &str, tensor: &str, w: usize, h: usize) -> Vec<u8> {
    let path = model_path(model);
    let st = SafeTensors::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    tensor::image::tensor_image(&st, tensor, w, h)
        .unwrap_or_else(|e| panic!("{model}: {tensor}: {e}"))
}

/// xorshift64 generator (Marsaglia 13/7/17), never seeded with zero.
struct XorShift(u64);

impl XorShift {
    fn new(seed: u64) -> Self {
        let s = seed ^ 0x9e37_79b9_7f4a_7c15;
        XorShift(if s == 0 { 1 } else { s })
    }

    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}

/// Triangle wave of period `2 * p` over 0..=255 (integer).
fn triangle(t: usize, p: usize) -> usize {
    let m = t % (2 * p);
    let up = if m < p { m } else { 2 * p - m };
    up * 255 / p
}

/// Smooth test image: two gradients plus two low-frequency triangle waves
/// whose periods and phases depend on `seed`. Integer only; values 0..=246.
pub fn smooth_image(w: usize, h: usize, seed: u64) -> Vec<u8> {
    let mut rng = XorShift::new(seed);
    let p1 = 24 + (rng.next() % 48) as usize;
    let p2 = 32 + (rng.next() % 64) as usize;
    let ph1 = (rng.next() % 256) as usize;
    let ph2 = (rng.next() % 256) as usize;
    let mut out = Vec::with_capacity(w * h);
    for y in 0..h {
        for x in 0..w {
            let v = x * 80 / w
                + y * 48 / h
                + triangle(x + ph1, p1) * 64 / 255
                + triangle(y + x / 2 + ph2, p2) * 56 / 255;
            out.push(v as u8);
        }
    }
    out
}

/// White noise image: the top byte of successive xorshift64 outputs.
pub fn noise_image(w: usize, h: usize, seed: u64) -> Vec<u8> {
    let mut rng = XorShift::new(seed);
    (0..w * h).map(|_| (rng.next() >> 56) as u8).collect()
}

/// An I420 frame whose luma is `luma` (`w` x `h`) and whose chroma is derived
/// from it so that both chroma planes have content and differ: with `a` the
/// rounded mean of the 2x2 luma block (edge samples repeated),
/// Cb = 64 + a / 2 and Cr = clamp(255 - a + 32 * x / cw - 16, 0, 255).
pub fn frame_420(luma: &[u8], w: usize, h: usize) -> Vec<u8> {
    assert_eq!(luma.len(), w * h, "luma size");
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    let at = |x: usize, y: usize| luma[y.min(h - 1) * w + x.min(w - 1)] as usize;
    let mut cb = Vec::with_capacity(cw * ch);
    let mut cr = Vec::with_capacity(cw * ch);
    for y in 0..ch {
        for x in 0..cw {
            let (lx, ly) = (2 * x, 2 * y);
            let a = (at(lx, ly) + at(lx + 1, ly) + at(lx, ly + 1) + at(lx + 1, ly + 1) + 2) / 4;
            cb.push((64 + a / 2) as u8);
            cr.push((255 + 32 * x / cw).saturating_sub(a + 16).min(255) as u8);
        }
    }
    let mut out = luma.to_vec();
    out.extend_from_slice(&cb);
    out.extend_from_slice(&cr);
    out
}

/// Runs the `tricodec` binary built with these tests.
pub fn tricodec(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_tricodec"))
        .args(args)
        .output()
        .expect("run tricodec")
}

/// A temp path as a command-line argument.
pub fn p(path: &Path) -> &str {
    path.to_str().expect("utf-8 temp path")
}
