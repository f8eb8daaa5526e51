//! CABAC (H.264 clause 9.3) for I slices of frame pictures, 4:0:0 and 4:2:0:
//! the arithmetic coding engines, context initialization, residual blocks
//! and the other macroblock-layer syntax elements, encoder and decoder side.

pub mod context;
pub mod elements;
pub mod engine;
pub mod rate;
pub mod residual;
pub mod tables;

#[cfg(test)]
mod tests;

pub use context::{Context, CTX_TERMINATE, NUM_CTX};
pub use elements::{CbpNeighbours, MB_TYPE_I_NXN, MB_TYPE_I_PCM};
pub use engine::{Bin, BinSink, CabacDecoder, CabacEncoder};
pub use residual::{decode_residual_block, encode_residual_block, BlockCat};
