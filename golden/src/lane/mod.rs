//! The residual path of an intra macroblock as the RTL lanes compute it, and
//! the functions the codec runs: the encoder (`encoder::decision`) codes and
//! reconstructs every residual block through them and the decoder
//! (`mb::recon`) reconstructs through them, and the Verilator tests
//! (`sim/`), the gate-level check of `make synth` and the cocotb benches
//! check the RTL against them. So RTL == golden is proven for the functions
//! the codec runs, not for a parallel model.
//!
//! One module per RTL lane, same names:
//!
//! | golden | RTL top |
//! | --- | --- |
//! | [`residual::lane4x4`] | `rtl/residual_lane.sv` (`residual_lane`) |
//! | [`residual::lane8x8`] | `rtl/residual_lane8x8.sv` (`residual_lane8x8`) |
//! | [`dc::luma`] | `rtl/luma_dc_lane.sv` (`dc_lane` N = 16) |
//! | [`dc::chroma`] | `rtl/chroma_dc_lane.sv` (`dc_lane` N = 4) |
//!
//! Each lane is split into its coding half (forward transform and
//! quantisation, the encoder) and its reconstruction half (scaling and
//! inverse transform, shared by encoder and decoder); the lane function is the
//! composition, exactly the pair of outputs of the RTL top. Blocks are raster
//! order (as in `transform` and `quant`); the zig-zag scan is the entropy
//! coder's side and stays with the callers.

pub mod dc;
pub mod residual;
#[cfg(test)]
mod tests;
