//! tricodec-vectors: the one source of stimulus and expected results for the RTL.
//!
//! The Verilator tests (`sim/`), the gate-level check of `make synth` (`synth/flow.py`, through
//! the `tricodec-vectors` binary) and the cocotb benches (`tests/cocotb`, reading the files the
//! binary writes) all take their stimulus and golden results from here, and the golden results
//! all come from `golden::lane`, the functions the codec runs. Depends on the golden model
//! only (no Verilator), so the synthesis flow builds it in seconds.
//!
//! - [`cabac`]: CABAC binarizer element beats and expected symbols from golden slice traces.
//! - [`cabac_engine`]: CABAC encoding engine cases (golden slice traces) and its generated ROMs.
//! - [`blocks`]: one transfer into and out of each lane top, and its expected output.
//! - [`stimulus`]: QP / dead-zone cycles, random blocks, corner cases.
//! - [`tensor`]: real-tensor residual blocks and DC sets.
//! - [`streams`]: whole CABAC slices of real tensors and their traces (golden::mb::trace).
//! - [`sets`]: the per-port columns of each top (and of the residual lane's stages).
//! - [`stalls`]: the backpressure patterns of every stream driver.
//! - [`hex`]: the vector file format (docs/verification.md, "Vector files").
//! - [`bits`]: packing elements into the RTL's flat buses.
//! - [`cabac_dec`]: slices and expected element beats of the CABAC decoder (golden's parse).
//! - [`cabac_roms`]: the CABAC ROM modules of `rtl/cabac/`, generated from golden's tables.
//! - [`Rng`]: the seeded generator (SplitMix64) of all random stimulus.

pub mod bits;
pub mod blocks;
pub mod cabac;
pub mod cabac_dec;
pub mod cabac_engine;
pub mod cabac_roms;
pub mod hex;
mod rng;
pub mod sets;
pub mod stalls;
pub mod stimulus;
pub mod streams;
pub mod tensor;

pub use blocks::{DcIn, DcOut, LaneIn, LaneOut};
pub use rng::Rng;
pub use stalls::Stalls;
