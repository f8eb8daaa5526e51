//! Tensors: safetensors files in and out, the tensor codec (align, map to
//! pictures, rate control, H.264), and the `.tcz` container.

pub mod codec;
pub mod container;
pub mod image;
pub mod mapping;
pub mod model;
pub mod rate;
pub mod safetensors;

pub use safetensors::{Dtype, SafeTensors, TensorData, TensorView};
