//! The H.264 syntax around the entropy-coded slice data: bits and
//! Exp-Golomb codes, NAL units and emulation prevention, SPS, PPS and slice
//! headers.

pub mod bits;
pub mod nal;
pub mod pps;
pub mod slice;
pub mod sps;

pub use bits::{BitReader, BitWriter};
pub use nal::Nal;
pub use pps::Pps;
pub use slice::SliceHeader;
pub use sps::Sps;
