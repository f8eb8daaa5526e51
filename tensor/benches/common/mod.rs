//! Inputs shared by the benchmarks: real weight tensors as 8-bit images, and
//! the QP at which our encoder spends about 2.5 bits per sample on each.

#![allow(dead_code)]

use std::path::PathBuf;

use golden::encoder::{Encoder, EncoderConfig, Profile};
use golden::{ChromaFormat, Picture};
use tensor::image::{matrix_size, tensor_image};
use tensor::SafeTensors;

/// A benchmark image: one weight tensor in its own matrix view (width =
/// last dimension), 4:0:0.
pub struct BenchImage {
    /// Short label used in tables and file names.
    pub label: &'static str,
    /// Model file under build/models and tensor name.
    pub model: &'static str,
    pub tensor: &'static str,
    pub width: usize,
    pub height: usize,
    /// Row-major 8-bit samples (`width * height`).
    pub samples: Vec<u8>,
}

/// (label, model file, tensor) of every benchmark image.
pub const IMAGES: [(&str, &str, &str); 3] = [
    (
        "stories260K-embed",
        "stories260K.safetensors",
        "model.embed_tokens.weight",
    ),
    (
        "minilm-attn-q",
        "minilm/model.safetensors",
        "encoder.layer.0.attention.self.query.weight",
    ),
    (
        "minilm-ffn-in",
        "minilm/model.safetensors",
        "encoder.layer.0.intermediate.dense.weight",
    ),
];

/// Bits per sample the QP choice aims at (the middle of 2..3).
pub const TARGET_BITS_PER_SAMPLE_X1000: u64 = 2500;

/// The repository's build/models folder (filled by scripts/bootstrap.sh).
pub fn models_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../build/models")
}

/// Loads every benchmark image; panics with a hint when a model is missing.
pub fn load_images() -> Vec<BenchImage> {
    IMAGES
        .iter()
        .map(|&(label, model, tensor)| {
            let path = models_dir().join(model);
            let st = SafeTensors::read(&path)
                .unwrap_or_else(|e| panic!("{}: {e} (run scripts/bootstrap.sh)", path.display()));
            let (width, height) = matrix_size(&st, tensor).expect("tensor");
            let samples = tensor_image(&st, tensor, width, height).expect("image");
            BenchImage {
                label,
                model,
                tensor,
                width,
                height,
                samples,
            }
        })
        .collect()
}

impl BenchImage {
    /// The image as a 4:0:0 picture.
    pub fn picture(&self) -> Picture {
        Picture::from_raw(
            ChromaFormat::Monochrome,
            self.width,
            self.height,
            &self.samples,
        )
        .expect("picture")
    }

    /// Number of samples.
    pub fn len(&self) -> usize {
        self.samples.len()
    }
}

/// The encoder settings benchmarked: the default (full) profile with the
/// 8x8 transform allowed, at `qp`.
pub fn encoder_config(qp: i32) -> EncoderConfig {
    EncoderConfig {
        qp,
        transform_8x8: true,
        profile: Profile::FULL,
        ..EncoderConfig::default()
    }
}

/// A fresh encoder for `img` at `qp`.
pub fn encoder(img: &BenchImage, qp: i32) -> Encoder {
    Encoder::new(
        ChromaFormat::Monochrome,
        img.width,
        img.height,
        encoder_config(qp),
    )
    .expect("encoder")
}

/// Stream bytes of one picture of `img` at `qp` (with SPS and PPS).
pub fn coded_bytes(img: &BenchImage, qp: i32) -> usize {
    encoder(img, qp)
        .encode(&img.picture())
        .expect("encode")
        .bytes
        .len()
}

/// The QP whose stream is closest to 2.5 bits/sample (ties to the lower QP),
/// assuming the size falls as the QP rises: bisection for the lowest QP at
/// or under the target, then the closer of it and the QP below.
pub fn choose_qp(img: &BenchImage) -> i32 {
    let milli_bits = |qp: i32| coded_bytes(img, qp) as u64 * 8000 / img.len() as u64;
    let target = TARGET_BITS_PER_SAMPLE_X1000;
    let (mut lo, mut hi) = (0, 51);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if milli_bits(mid) <= target {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    if lo > 0 && target.abs_diff(milli_bits(lo - 1)) <= target.abs_diff(milli_bits(lo)) {
        lo - 1
    } else {
        lo
    }
}
