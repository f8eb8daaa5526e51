//! Tests of the alignment unit. `reference` holds the independent references;
//! `elements` checks the integer rules exhaustively (16-bit) and by proptest
//! (FP32); `tensor` checks the public API. The measurement on a real model is
//! in the tensor crate (tensor/tests/align_model.rs).

mod elements;
mod reference;
mod tensor;
