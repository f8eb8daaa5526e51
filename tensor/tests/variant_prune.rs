//! The encoder searches only the variants whose first coding puts them near
//! the best (`codec::Variants::code`, `PRUNE_MARGIN_Q16`): on real weights it
//! keeps what searching every variant keeps. Each variant coded on its own
//! (a `CodecParams` that names exactly one) is the reference; the kept one
//! has the least float-domain error, measured here from the decoder's output.

use common::model;
use golden::align::FloatVec;
use tensor::codec::{self, AlignScope, CodecParams, CodedTensor, MbStep, QpChoice};
use tensor::SafeTensors;

mod common;

/// Float-domain squared error of a coded tensor, from the decoder.
fn sse(c: &CodedTensor, shape: &[usize], x: &[f32]) -> f64 {
    let y = codec::decode(c, shape, golden::align::Dtype::F32).unwrap();
    let FloatVec::F32(y) = y else { unreachable!() };
    x.iter()
        .zip(&y)
        .map(|(&a, &b)| {
            let d = f64::from(a) - f64::from(f32::from_bits(b));
            d * d
        })
        .sum()
}

#[test]
fn pruned_search_keeps_the_best_variant() {
    let stories = model("stories260K.safetensors");
    let minilm = model("minilm/model.safetensors");
    // stories260K's first layer and token embedding, and MiniLM weights:
    // where earlier forms of the rule (all variants first coded at their own
    // guesses, a margin of 0.1 dB or no uncertainty) pruned the best one.
    let mut cases: Vec<(&SafeTensors, String, u64)> = Vec::new();
    for t in stories.tensors() {
        if t.shape.len() == 2 && t.name.contains("layers.0.") {
            cases.push((&stories, t.name.clone(), 2500));
            cases.push((&stories, t.name.clone(), 4000));
        }
    }
    cases.push((&stories, "model.embed_tokens.weight".into(), 4000));
    for (t, millibits) in [
        ("2.attention.self.value", 2500u64),
        ("2.attention.self.value", 3000),
        ("4.attention.self.value", 3000),
        ("2.attention.self.key", 3000),
    ] {
        cases.push((&minilm, format!("encoder.layer.{t}.weight"), millibits));
    }
    assert!(cases.len() >= 18);
    let base = CodecParams::default();
    // The variants in `Variants`' order (ties keep the earlier).
    let singles = [
        CodecParams {
            scope: AlignScope::Row,
            sort_rows: false,
            mb_step: MbStep::MeanLog2,
            ..base.clone()
        },
        CodecParams {
            scope: AlignScope::Row,
            mb_step: MbStep::MeanLog2,
            ..base.clone()
        },
        CodecParams {
            scope: AlignScope::Row,
            mb_step: MbStep::Rms,
            ..base.clone()
        },
        CodecParams {
            scope: AlignScope::Tensor,
            ..base.clone()
        },
    ];
    let mut pruned = 0;
    for (st, name, millibits) in &cases {
        let (st, millibits): (&SafeTensors, u64) = (st, *millibits);
        let shape = st.get(name).unwrap().shape.clone();
        let x = st.to_f32(name).unwrap();
        let values = FloatVec::F32(x.iter().map(|v| v.to_bits()).collect());
        {
            let budget = QpChoice::Budget(millibits * x.len() as u64 / 8000);
            let mut best: Option<(CodedTensor, f64)> = None;
            for cfg in &singles {
                let c = codec::compress(name, &values, &shape, cfg, budget).unwrap();
                let e = sse(&c, &shape, &x);
                if best.as_ref().is_none_or(|b| e < b.1) {
                    best = Some((c, e));
                }
            }
            let got = codec::compress(name, &values, &shape, &base, budget).unwrap();
            let want = best.unwrap().0;
            assert!(
                got == want,
                "{name} at {millibits} millibits: not the best variant"
            );
            pruned += 1;
        }
    }
    eprintln!("{pruned} codings checked");
}
