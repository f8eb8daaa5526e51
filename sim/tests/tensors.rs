//! The lanes on residuals of real weight tensors (stories260K, all-MiniLM-L6-v2): each tensor
//! through the golden aligner (BFP, groups of 32) to 8-bit samples, blocks minus their mean
//! (vectors::tensor::Tensor::residual_blocks), QP and dead zone cycling over
//! vectors::stimulus::QP_CYCLE, with
//! random stalls; every output bit for bit against the golden model.

mod common;

use common::*;
use sim::{run_stream, ResidualLane, Stalls};
use vectors::stimulus::lane_inputs;
use vectors::tensor::Tensor;

const TENSORS: &[(&str, &str)] = &[
    ("stories260K.safetensors", "model.embed_tokens.weight"),
    (
        "stories260K.safetensors",
        "model.layers.0.self_attn.q_proj.weight",
    ),
    (
        "stories260K.safetensors",
        "model.layers.4.mlp.down_proj.weight",
    ),
    (
        "minilm/model.safetensors",
        "encoder.layer.0.attention.self.key.weight",
    ),
    (
        "minilm/model.safetensors",
        "embeddings.position_embeddings.weight",
    ),
];

fn run(size: usize, max_blocks: usize, seed_value: u64) {
    let mut rng = seed(&format!("tensors {size}x{size}"), seed_value);
    for (model, tensor) in TENSORS {
        let blocks = Tensor::load(&model_path(model), tensor)
            .unwrap_or_else(|e| panic!("{model} {tensor}: {e}"))
            .residual_blocks(size, max_blocks);
        assert!(blocks.len() >= 64, "{tensor}: only {} blocks", blocks.len());
        let nonzero = blocks.iter().flatten().filter(|&&v| v != 0).count();
        assert!(
            nonzero * 2 > blocks.len() * size * size,
            "{tensor}: residuals mostly zero"
        );
        let inputs = lane_inputs(&blocks);
        let mut lane = if size == 4 {
            ResidualLane::new4x4()
        } else {
            ResidualLane::new8x8()
        };
        let got = run_stream(
            &mut lane,
            &inputs,
            Stalls {
                valid_percent: 85,
                ready_percent: 70,
            },
            &mut rng,
        );
        check_all(&inputs, &got);
        println!(
            "{model} {tensor}: {} blocks of {size}x{size} match",
            inputs.len()
        );
    }
}

#[test]
fn tensor_blocks_4x4() {
    run(4, 8192, 0x7e50_0004);
}

#[test]
fn tensor_blocks_8x8() {
    run(8, 2048, 0x7e50_0008);
}
