//! tricodec golden model: the bit-exact specification of the codec.
//!
//! Pipeline, one module per stage, named as in `rtl/`:
//! `align -> intra -> transform -> quant -> cabac`, with `bitstream` for the
//! H.264 syntax around the entropy-coded data, `mb` for the macroblock layer
//! that ties the stages together, `deblock` for the in-loop filter, and
//! `encoder` / `decoder` as the two drivers.
//!
//! Everything here is integer arithmetic. Every rounding is written down where
//! it happens.

// Codec loops index several arrays by the same block/sample position; the
// index form mirrors the standard's equations.
#![allow(clippy::needless_range_loop)]

pub mod align;
pub mod bitstream;
pub mod cabac;
pub mod deblock;
pub mod decoder;
pub mod encoder;
pub mod error;
pub mod intra;
pub mod lane;
pub mod mb;
pub mod picture;
pub mod quant;
pub mod transform;

pub use error::{Error, Result};
pub use picture::{ChromaFormat, Picture, Plane};
