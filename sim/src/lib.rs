//! tricodec-sim: the RTL in `rtl/`, Verilated and driven from Rust, so that `cargo test`
//! checks it bit for bit against the golden model.
//!
//! - [`Sim`]: one Verilated top behind a small C ABI (`csrc/sim.cpp`), ports by name.
//! - [`ResidualLane`]: typed access to `residual_lane` / `residual_lane8x8`.
//! - [`DcLane`]: typed access to `luma_dc_lane` / `chroma_dc_lane`.
//! - [`Align`]: typed access to `align` (BFP mode).
//! - [`Stream`] and [`run_stream`]: a valid/ready driver with random stalls on both sides
//!   that checks the handshake rules while it collects the outputs.
//! - [`bits`]: packing of signed element vectors into the RTL's flat buses.
//! - [`Rng`]: a small seeded generator, so that test seeds are fixed and printable.
//!
//! See docs/verification.md.

mod align;
pub mod bits;
mod ffi;
mod lane;
mod rng;
mod stream;
pub mod vectors;

pub use align::{Align, AlignBeat, AlignOut, ALIGN_G, ALIGN_N};
pub use ffi::{Port, Sim};
pub use lane::{DcIn, DcLane, DcOut, LaneIn, LaneOut, ResidualLane};
pub use rng::Rng;
pub use stream::{run_stream, Stalls, Stream};
