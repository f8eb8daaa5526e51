//! The H.264 byte stream around the CABAC slice data: bit I/O with
//! Exp-Golomb codes, NAL units and Annex B framing, sequence and picture
//! parameter sets, scaling lists and slice headers.
//!
//! Writing covers what our encoder emits; parsing covers our streams, x264's
//! intra-only High-profile streams and any conformant stream as far as an
//! intra-only 8-bit 4:0:0 / 4:2:0 frame decoder needs, with
//! `Error::Unsupported` naming any feature beyond that.

pub mod nal;
pub mod pps;
pub mod reader;
pub mod scaling;
pub mod slice;
pub mod sps;
pub mod writer;

/// Random structures for tests (the `test-support` feature).
#[cfg(any(test, feature = "test-support"))]
pub mod random;
#[cfg(test)]
pub(crate) mod tests;

pub use nal::{parse_nal, split_annexb, write_nal, Nal};
pub use pps::Pps;
pub use reader::BitReader;
pub use scaling::ScalingList;
pub use slice::{DecRefPicMarking, Mmco, SliceHeader};
pub use sps::Sps;
pub use writer::BitWriter;
