//! The LLaMA forward pass (tensor::llama) on stories260K against llama2.c
//! itself: llama2.c's run.c on this checkpoint, greedy (-t 0.0) from BOS,
//! emits the token ids below (measured with llama2.c's own code, issue 15).

use std::path::Path;

use tensor::llama::{self, Config, Model, Reference, Sampling};
use tensor::SafeTensors;

fn stories() -> SafeTensors {
    let p = Path::new(env!("CARGO_MANIFEST_DIR")).join("../build/models/stories260K.safetensors");
    assert!(
        p.is_file(),
        "{} missing: run scripts/bootstrap.sh",
        p.display()
    );
    SafeTensors::read(p).unwrap()
}

/// llama2.c `run stories260K.bin -t 0.0` from BOS (issue 15).
const RUN_C_GREEDY: [u32; 22] = [
    461, 461, 401, 401, 401, 461, 378, 455, 473, 456, 435, 299, 362, 409, 283, 264, 283, 452, 288,
    13, 431, 431,
];

#[test]
fn greedy_decode_matches_llama2c() {
    let st = stories();
    let cfg = Config::from_safetensors(&st, Some(8), Some(4)).unwrap();
    assert_eq!(
        (
            cfg.dim,
            cfg.hidden,
            cfg.layers,
            cfg.heads,
            cfg.kv_heads,
            cfg.vocab
        ),
        (64, 172, 5, 8, 4, 512)
    );
    let m = Model::load(&st, &cfg).unwrap();
    assert_eq!(llama::greedy(&m, RUN_C_GREEDY.len()).unwrap(), RUN_C_GREEDY);
}

#[test]
fn kv_heads_follow_from_the_shapes() {
    let st = stories();
    let cfg = Config::from_safetensors(&st, Some(8), None).unwrap();
    assert_eq!(cfg.kv_heads, 4);
}

#[test]
fn missing_heads_and_wrong_files_are_clear_errors() {
    let st = stories();
    let e = Config::from_safetensors(&st, None, None).unwrap_err();
    assert!(e.0.contains("--heads N --kv-heads M"), "{e}");
    let e = Config::from_safetensors(&st, Some(7), None).unwrap_err();
    assert_eq!(e.0, "7 heads do not divide the model width 64");
    let e = Config::from_safetensors(&st, Some(8), Some(3)).unwrap_err();
    assert!(e.0.contains("do not match k_proj"), "{e}");
    // A file without LLaMA names.
    let bytes = tensor::safetensors::serialize(
        &[tensor::TensorData {
            name: "w",
            dtype: tensor::Dtype::F32,
            shape: &[2, 2],
            data: &[0; 16],
        }],
        &Default::default(),
    )
    .unwrap();
    let other = SafeTensors::from_bytes(bytes).unwrap();
    let e = Config::from_safetensors(&other, Some(8), Some(4)).unwrap_err();
    assert_eq!(
        e.0,
        "not a LLaMA model: no tensor model.embed_tokens.weight"
    );
}

#[test]
fn the_original_against_itself_has_zero_divergence() {
    let st = stories();
    let cfg = Config::from_safetensors(&st, Some(8), Some(4)).unwrap();
    let m = Model::load(&st, &cfg).unwrap();
    let s = Sampling {
        sequences: 2,
        tokens: 16,
        ..Sampling::default()
    };
    let r = Reference::sample(&m, s).unwrap();
    assert_eq!(r.sequences.len(), 2);
    assert!(r
        .sequences
        .iter()
        .all(|q| q.len() == 17 && q[0] == llama::BOS));
    let q = r.compare(&m).unwrap();
    assert_eq!(q.positions, 32);
    assert!(q.kld.abs() < 1e-12 && q.top1 == 1.0);
    assert!((q.perplexity - q.perplexity_original).abs() < 1e-9);
    // Sampling is deterministic for a seed.
    assert_eq!(Reference::sample(&m, s).unwrap().sequences, r.sequences);
}
