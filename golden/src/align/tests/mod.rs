//! Tests of the alignment unit. `reference` holds the independent references;
//! `elements` checks the integer rules exhaustively (16-bit) and by proptest
//! (FP32); `tensor` checks the public API; `model` measures a real model.

mod elements;
mod model;
mod reference;
mod tensor;
