//! tricodec-vectors: the one source of stimulus and expected results for the RTL.
//!
//! The Verilator tests (`sim/`), the gate-level check of `make synth` (`synth/flow.py`, through
//! the `tricodec-vectors` binary) and the cocotb benches (`tests/cocotb`, reading the files the
//! binary writes) all take their stimulus and golden results from here, and the golden results
//! all come from `golden::lane`, the functions the codec runs. Depends on the golden model
//! only (no Verilator), so the synthesis flow builds it in seconds.
//!
//! - [`cabac`]: the CABAC blocks: shared slices ([`cabac::traces`]: tensor pictures, golden
//!   slice traces, I_PCM and random-syntax slices), binarizer element beats and symbols
//!   ([`cabac::bin`]), encoding engine cases ([`cabac::engine`]), decoder slices and element
//!   beats ([`cabac::dec`]), and the ROM modules generated from golden's tables
//!   ([`cabac::roms`]).
//! - [`intra`]: the encoder lane: one case per macroblock of golden's coding for its stages,
//!   and golden's stream and reconstruction for the whole lane.
//! - [`intra_nxn`]: the Intra_4x4 / Intra_8x8 prediction units: one block's neighbours and
//!   mode in, golden's prediction (or its rejection of the mode) out.
//! - [`nal`]: NAL framing: units in, golden's Annex B bytes out.
//! - [`dec_front`]: the decoder lane's front end: Annex B bytes in, units out (golden's
//!   split and unescaping); units in, golden's slice configurations and slice data out.
//! - [`dec_mb`]: the decoder lane's macroblock stage: a slice's element beats in, golden's
//!   macroblocks (modes, QP, levels in the encoder lane's layout) out.
//! - [`blocks`]: one transfer into and out of each lane top, and its expected output.
//! - [`stimulus`]: QP / dead-zone cycles, random blocks, corner cases.
//! - [`tensor`]: real-tensor residual blocks and DC sets.
//! - [`streams`]: whole CABAC slices of real tensors and their traces (golden::mb::trace).
//! - [`sets`]: the per-port columns of each top (and of the residual lane's stages).
//! - [`stalls`]: the backpressure patterns of every stream driver.
//! - [`hex`]: the vector file format (docs/verification.md, "Vector files").
//! - [`bits`]: packing elements into the RTL's flat buses.
//! - [`tools`]: ffmpeg / ffprobe and scratch directories, for the tests that check streams in
//!   an independent decoder (also used by the top-level tests).
//! - [`Rng`]: the seeded generator (SplitMix64) of all random stimulus.

pub mod bits;
pub mod blocks;
pub mod cabac;
pub mod dec_front;
pub mod dec_mb;
pub mod hex;
pub mod intra;
pub mod intra_nxn;
pub mod nal;
mod rng;
pub mod sets;
pub mod stalls;
pub mod stimulus;
pub mod streams;
pub mod tensor;
pub mod tools;

pub use blocks::{DcIn, DcOut, LaneIn, LaneOut};
pub use rng::Rng;
pub use stalls::Stalls;
