//! The rate search's first guess (`rate::guess_base8`) on real weights: it
//! lands within 3 QP of the base QP the search settles on, for every 2-D
//! attention/FFN weight of stories260K and a MiniLM layer (not the token
//! embedding: its values are correlated, so prediction and the transform save
//! much of what the samples' entropy counts and the guess is QPs too high;
//! the search then takes a longer first step), with a scale per row and with one
//! scale per tensor, at 2, 2.5 and 4 bits/value; and starting from it gives
//! the same coding as searching from nothing.

use common::model;
use golden::align::FloatVec;
use tensor::codec::{self, AlignScope, CodecParams, QpChoice, TENSOR_DEADZONE};
use tensor::rate;
use tensor::SafeTensors;

mod common;

#[test]
fn the_guess_lands_near_the_answer() {
    let stories = model("stories260K.safetensors");
    let minilm = model("minilm/model.safetensors");
    let mut cases: Vec<(&SafeTensors, String)> = stories
        .tensors()
        .iter()
        .filter(|t| t.shape.len() == 2 && !t.name.contains("embed"))
        .map(|t| (&stories, t.name.clone()))
        .collect();
    for t in ["query", "key", "value"] {
        cases.push((
            &minilm,
            format!("encoder.layer.1.attention.self.{t}.weight"),
        ));
    }
    let mut worst = 0;
    for (st, name) in &cases {
        let shape = st.get(name).unwrap().shape.clone();
        let x = st.to_f32(name).unwrap();
        let values = FloatVec::F32(x.iter().map(|v| v.to_bits()).collect());
        for scope in [AlignScope::Row, AlignScope::Tensor] {
            let cfg = CodecParams {
                scope,
                ..CodecParams::default()
            };
            let p = codec::prepare(name, &values, &shape, &cfg).unwrap();
            for millibits in [2000u64, 2500, 4000] {
                let budget = QpChoice::Budget(millibits * x.len() as u64 / 8000);
                let QpChoice::Budget(bytes) = budget else {
                    unreachable!()
                };
                let guess = rate::guess_base8(&p.aligned.samples, bytes, TENSOR_DEADZONE.0);
                let (base8, from_guess) = p.code_from(budget, Some(guess)).unwrap();
                let (plain8, from_nothing) = p.code_from(budget, None).unwrap();
                assert_eq!((base8, &from_guess.0), (plain8, &from_nothing.0), "{name}");
                let off = (guess - base8).abs();
                assert!(
                    off <= 3 * rate::QP_FRAC,
                    "{name} {scope:?} {millibits}: guess {guess}, answer {base8}"
                );
                worst = worst.max(off);
            }
        }
    }
    eprintln!("worst guess: {worst}/8 QP from the answer");
}
