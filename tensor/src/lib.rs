//! tricodec's tensor application, on top of the golden model (`golden`, the
//! specification of the hardware pipeline): safetensors files in and out, the
//! tensor codec (align, map to pictures, rate control, H.264), whole-model
//! bit allocation and the `.tcz` container. Nothing here is modelled in RTL;
//! `golden` imports nothing from this crate.

// Tile loops index several arrays by the same row/sample position.
#![allow(clippy::needless_range_loop)]

pub mod codec;
pub mod container;
pub mod ecsq;
pub mod gguf;
pub mod image;
pub mod llama;
pub mod mapping;
pub mod model;
pub mod rate;
pub mod safetensors;

pub use safetensors::{Dtype, SafeTensors, SafeTensorsFile, TensorData, TensorSource, TensorView};
