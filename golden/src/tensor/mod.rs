//! Tensor containers: how model weights get in and out of the codec.
//!
//! Only the file format lives here; turning tensors into pictures is the job
//! of the tensor-to-image mapping, not of this module.

pub mod mapping;
pub mod rate;
pub mod safetensors;

pub use safetensors::{Dtype, SafeTensors, TensorData, TensorView};
