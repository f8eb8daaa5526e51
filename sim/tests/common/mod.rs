//! Helpers shared by the sim tests (stimulus and expected results come from
//! `tricodec-vectors`).

#![allow(dead_code)]

use sim::{LaneIn, LaneOut, Rng};
pub use vectors::stimulus::{corner_blocks, random_block};

pub mod lanes;

/// A seed for a test: fixed, printed so that a failure can be replayed.
pub fn seed(name: &str, value: u64) -> Rng {
    println!("{name}: seed {value:#x}");
    Rng::new(value)
}

/// Asserts that `got` equals the golden output of every input, in order.
pub fn check_all(inputs: &[LaneIn], got: &[LaneOut]) {
    assert_eq!(got.len(), inputs.len(), "blocks out != blocks in");
    for (k, (b, g)) in inputs.iter().zip(got).enumerate() {
        let want = b.expected();
        assert_eq!(
            g, &want,
            "block {k} (qp {}, dz {}, res {:?})",
            b.qp, b.dz, b.res
        );
    }
}

/// The workspace's `build/models/` (where bootstrap puts the model files).
pub fn models() -> std::path::PathBuf {
    std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../build/models")
}

/// A model file under the workspace's `build/models/`; panics if bootstrap has not put it there.
pub fn model_path(name: &str) -> std::path::PathBuf {
    let p = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../build/models")
        .join(name);
    assert!(
        p.is_file(),
        "{} missing: run scripts/bootstrap.sh (see README.md)",
        p.display()
    );
    p
}

/// Real FP32 weight tensors the alignment tests run on: (model file under build/models/,
/// tensor name).
pub const ALIGN_TENSORS: [(&str, &str); 3] = [
    ("stories260K.safetensors", "model.embed_tokens.weight"),
    (
        "stories260K.safetensors",
        "model.layers.3.mlp.down_proj.weight",
    ),
    (
        "minilm/model.safetensors",
        "encoder.layer.2.attention.self.query.weight",
    ),
];

/// A 2-D FP32 tensor of a model file under build/models/: (rows, cols, bit patterns).
pub fn f32_tensor(model: &str, name: &str) -> (usize, usize, Vec<u32>) {
    let st = tensor::SafeTensors::read(model_path(model)).unwrap();
    let view = st.get(name).unwrap();
    let bits = st
        .bytes(name)
        .unwrap()
        .chunks(4)
        .map(|c| u32::from_le_bytes(c.try_into().unwrap()))
        .collect();
    (view.shape[0], view.shape[1], bits)
}
