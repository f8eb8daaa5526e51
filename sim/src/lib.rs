//! tricodec-sim: the RTL in `rtl/`, Verilated and driven from Rust, so that `cargo test`
//! checks it bit for bit against the golden model.
//!
//! - [`Sim`]: one Verilated top behind a small C ABI (`csrc/sim.cpp`), ports by name.
//! - [`ResidualLane`]: typed access to `residual_lane` / `residual_lane8x8`.
//! - [`DcLane`]: typed access to `luma_dc_lane` / `chroma_dc_lane`.
//! - [`Align`]: typed access to `align` (BFP mode).
//! - [`AlignScan`], [`AlignApply`]: the tensor encoder's two alignment passes `align_scan`
//!   (each row's E8M0 code) and `align_apply` (elements quantized with a given code).
//! - [`Dealign`]: typed access to `dealign` (its inverse: BFP samples and a code to floats).
//! - [`CabacEncBin`]: typed access to `cabac_enc_bin` (CABAC binarizer) and its stream driver.
//! - [`CabacDec`]: the CABAC decoder `cabac_dec` driven slice by slice.
//! - [`CabacEncEngine`]: typed access to `cabac_enc_engine`.
//! - [`CabacEnc`]: the CABAC encoder `cabac_enc` (binarizer + engine), elements in, bytes out.
//! - [`EncDecide`]: the encoder's i16x16 mode decision `enc_decide_i16`, a macroblock a beat.
//! - [`IntraEdges`]: the encoder lane's neighbour store `intra_edges` (line buffer, left column).
//! - [`EncLane`]: the encoder lane `enc_lane_i16`, pictures in, the byte stream and the
//!   reconstruction out.
//! - [`EncResid`]: the encoder's Intra16x16 residual coding and reconstruction `enc_resid_i16`.
//! - [`EncSyntax`]: the encoder's Intra16x16 syntax stage `enc_syntax_i16` (element beats).
//! - [`IntraPred`]: the Intra_4x4 / Intra_8x8 prediction units `intra_pred4x4` /
//!   `intra_pred8x8`, a block's neighbours and mode in, its prediction out.
//! - [`NalRead`]: the decoder's NAL framer `nal_read` (start codes, emulation prevention).
//! - [`HeaderRead`]: the decoder's SPS / PPS / slice header parser `header_read`.
//! - [`DecFront`]: the decoder lane's front end `dec_front` (the two joined).
//! - [`DecMb`]: the decoder lane's macroblock stage `dec_mb_i16`, element beats in, one beat a
//!   macroblock out.
//! - [`DecLane`]: the decoder lane `dec_lane_i16`, a byte stream in, pictures out.
//! - [`TensorDecTop`]: the tensor decoder `tensor_dec_top` (decoder lanes, the rows merged,
//!   floats out), with the host's side: [`parts`] and [`dispatch`].
//! - [`TensorEncTop`]: the tensor encoder `tensor_enc_top` (the scan pass, then encoder lanes
//!   on parts, floats in, bytes out), with the host's side: [`enc_parts`] and [`enc_job`].
//! - [`Loopback`]: `loopback_i16` (make fpga's board test), the encoder lane into the decoder
//!   lane, each decoded macroblock compared with the encoder's reconstruction in the RTL.
//! - [`DeblockEdge`]: the deblocking filter's core `deblock_edge`, a 4-line edge segment a beat.
//! - [`NalWrite`]: the NAL framer `nal_write` (start code, header, emulation prevention).
//! - [`ParamSetsWrite`]: the SPS / PPS writer `param_sets_write`.
//! - [`SliceHeaderWrite`]: the slice header writer `slice_header_write`.
//! - [`Stream`] and [`run_stream`]: a valid/ready driver with random stalls on both sides
//!   that checks the handshake rules while it collects the outputs.
//!
//! Stimulus, expected results, bus packing and the seeded generator come from the crate
//! `tricodec-vectors` (`verif/`), re-exported here.
//!
//! See docs/verification.md.

mod align;
mod align_rows;
mod cabac_bin;
mod cabac_dec;
mod cabac_enc;
mod cabac_engine;
mod dealign;
mod deblock;
mod dec_front;
mod dec_lane;
mod dec_mb;
mod enc_decide;
mod enc_lane;
mod enc_resid;
mod enc_syntax;
mod ffi;
mod intra_edges;
mod intra_pred;
mod lane;
mod loopback;
mod nal;
mod param_sets;
pub mod report;
mod slice_header;
mod stream;
mod tensor_dec;
mod tensor_enc;

pub use align::{Align, AlignBeat, AlignOut, ALIGN_G, ALIGN_N};
pub use align_rows::{AlignApply, AlignScan, ApplyBeat, ApplyOut, ScanBeat, ScanOut, ALIGN_ROW_N};
pub use cabac_bin::{BinRun, CabacEncBin, CABAC_BIN_K, CABAC_BIN_MAX_WIDTH_MBS};
pub use cabac_dec::{CabacDec, DecRun};
pub use cabac_enc::CabacEnc;
pub use cabac_engine::{CabacEncEngine, EngineRun, CABAC_K, CABAC_OUT_BYTES};
pub use dealign::{Dealign, DealignBeat, DealignOut, DEALIGN_N};
pub use deblock::{DeblockEdge, DeblockSeg};
pub use dec_front::{DecFront, HeaderErrors, HeaderRead, NalRead};
pub use dec_lane::{DecLane, DecStalls, LaneDecode, DEC_LANE_MAX_WIDTH_MBS};
pub use dec_mb::{DecMb, DecMbRun};
pub use enc_decide::EncDecide;
pub use enc_lane::{EncLane, LanePicture, LaneRun, LaneStalls, ENC_LANE_MAX_WIDTH_MBS};
pub use enc_resid::EncResid;
pub use enc_syntax::EncSyntax;
pub use ffi::{Port, Sim};
pub use intra_edges::IntraEdges;
pub use intra_pred::IntraPred;
pub use lane::{DcLane, ResidualLane};
pub use loopback::{Loopback, LoopbackRun, LOOPBACK_MAX_WIDTH_MBS};
pub use nal::NalWrite;
pub use param_sets::ParamSetsWrite;
pub use slice_header::SliceHeaderWrite;
pub use stream::{run_stream, run_stream_drain, Stream};
pub use tensor_dec::{
    dispatch, fmt_code, job, parts, Band, Job, Part, TensorDecTop, TopRun, TENSOR_DEC_LANES,
    TENSOR_DEC_MAX_WIDTH_MBS, TENSOR_DEC_TEST_LANES,
};
pub use tensor_enc::{
    enc_job, enc_parts, scan_beats, tile_streams, EncBeat, EncJob, EncPart, EncRun, TensorEncTop,
    TENSOR_ENC_LANES, TENSOR_ENC_MAX_WIDTH_MBS, TENSOR_ENC_TEST_LANES,
};
pub use vectors::{bits, DcIn, DcOut, LaneIn, LaneOut, Rng, Stalls};
