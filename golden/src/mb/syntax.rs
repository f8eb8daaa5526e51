//! macroblock_layer() of an I slice (7.3.5) with CABAC, written once for both
//! directions.
//!
//! [`code_macroblock`] walks the syntax in the standard's order through a
//! [`SeCoder`]: the encoder's coder reads each value from the macroblock and
//! writes it, the decoder's coder reads it from the stream and stores it.
//! After each element both sides hold the same value, so every later
//! decision (what is present, which context) is taken from identical state.

use super::neighbours::MbNeighbors;
use super::{Macroblock, MbInfo, MbKind, MB_TYPE_I_PCM, PCM_CHROMA, PCM_LUMA};
use crate::cabac::{BlockCat, CbpNeighbours};
use crate::error::Result;

/// One syntax element at a time, in either direction. For the encoder each
/// `&mut` argument is an input; for the decoder it is an output.
pub trait SeCoder {
    /// mb_type of an I slice (0..=25); `inc` is ctxIdxInc of bin 0.
    fn mb_type(&mut self, v: &mut u32, inc: usize) -> Result<()>;
    fn transform_8x8_flag(&mut self, v: &mut bool, inc: usize) -> Result<()>;
    /// prev_intra4x4_pred_mode_flag / prev_intra8x8_pred_mode_flag.
    fn prev_mode_flag(&mut self, v: &mut bool) -> Result<()>;
    /// rem_intra4x4_pred_mode / rem_intra8x8_pred_mode (0..=7).
    fn rem_mode(&mut self, v: &mut u8) -> Result<()>;
    fn chroma_pred_mode(&mut self, v: &mut u8, inc: usize) -> Result<()>;
    /// coded_block_pattern with the neighbour summaries of
    /// [`MbNeighbors::cbp_summaries`].
    fn cbp(&mut self, v: &mut u8, nb: CbpNeighbours, chroma: bool) -> Result<()>;
    fn qp_delta(&mut self, v: &mut i32, inc: usize) -> Result<()>;
    /// residual_block_cabac; returns coded_block_flag.
    fn residual(&mut self, c: &mut [i32], cat: BlockCat, cbf_inc: Option<usize>) -> Result<bool>;
    /// pcm_alignment_zero_bits and the pcm_sample_* bytes.
    fn pcm(&mut self, samples: &mut Vec<u8>, n: usize) -> Result<()>;
}

/// The slice-level facts macroblock syntax depends on.
#[derive(Clone, Copy, Debug)]
pub struct MbSyntaxCtx<'a> {
    pub n: &'a MbNeighbors,
    /// transform_8x8_mode_flag of the PPS.
    pub transform_8x8_mode: bool,
    /// ChromaArrayType != 0.
    pub chroma: bool,
    /// ctxIdxInc of mb_qp_delta bin 0: the previous macroblock of the slice
    /// coded a non-zero mb_qp_delta (9.3.3.1.1.5).
    pub prev_qp_delta_nonzero: bool,
}

/// The picture and PPS facts one slice is coded or parsed with (the
/// encoder's `encoder::slice::code_slice`, the decoder's
/// `decoder::slice::parse_slice`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SliceParams {
    /// Picture width in macroblocks.
    pub width_mbs: usize,
    /// 1 + index of the slice in the picture (`MbInfo::slice`).
    pub tag: u32,
    /// SliceQPY (the contexts start from it; QPY,PRED of the first macroblock).
    pub slice_qp: i32,
    /// ChromaArrayType != 0.
    pub chroma: bool,
    /// transform_8x8_mode_flag of the PPS.
    pub transform_8x8_mode: bool,
}

/// Codes one macroblock. Returns the neighbour state it leaves (the caller
/// fills in `slice` and `qp_y`).
pub fn code_macroblock<C: SeCoder>(
    c: &mut C,
    mb: &mut Macroblock,
    ctx: &MbSyntaxCtx,
) -> Result<MbInfo> {
    let n = ctx.n;
    let mut mb_type = mb.mb_type();
    c.mb_type(&mut mb_type, n.mb_type_inc())?;
    if mb_type == MB_TYPE_I_PCM {
        mb.kind = MbKind::Pcm;
        let len = PCM_LUMA + if ctx.chroma { 2 * PCM_CHROMA } else { 0 };
        c.pcm(&mut mb.pcm, len)?;
        return Ok(MbInfo::pcm(0, 0));
    }
    if mb_type == 0 {
        let mut t8 = mb.kind == MbKind::I8x8;
        if ctx.transform_8x8_mode {
            c.transform_8x8_flag(&mut t8, n.transform_8x8_inc())?;
        }
        mb.kind = if t8 { MbKind::I8x8 } else { MbKind::I4x4 };
        code_pred_modes(c, mb, n)?;
    } else {
        // Table 7-11: mb_type 1..=24 = 1 + pred + 4 * cbp_chroma + 12 * (cbp_luma != 0).
        let t = mb_type - 1;
        mb.kind = MbKind::I16x16;
        mb.i16_mode = (t % 4) as u8;
        let chroma = ((t / 4) % 3) as u8;
        if chroma != 0 && !ctx.chroma {
            return Err(crate::invalid!(
                "mb_type {mb_type} codes chroma in a 4:0:0 stream"
            ));
        }
        mb.cbp = (chroma << 4) | if t >= 12 { 15 } else { 0 };
    }
    if ctx.chroma {
        c.chroma_pred_mode(&mut mb.chroma_mode, n.chroma_mode_inc())?;
    } else {
        mb.chroma_mode = 0;
    }
    if mb.kind != MbKind::I16x16 {
        c.cbp(&mut mb.cbp, n.cbp_summaries(), ctx.chroma)?;
    }
    let mut info = MbInfo {
        slice: 0,
        kind: mb.kind,
        transform_8x8: mb.kind == MbKind::I8x8,
        modes: if mb.kind == MbKind::I16x16 {
            [2; 16]
        } else {
            mb.modes
        },
        chroma_mode: mb.chroma_mode,
        cbp: mb.cbp,
        ..Default::default()
    };
    if mb.has_qp_delta() {
        c.qp_delta(&mut mb.qp_delta, usize::from(ctx.prev_qp_delta_nonzero))?;
        code_residual(c, mb, n, &mut info)?;
    } else {
        mb.qp_delta = 0;
    }
    Ok(info)
}

/// mb_pred() of I_NxN: one predicted-or-remaining mode per 4x4 or 8x8 block.
fn code_pred_modes<C: SeCoder>(c: &mut C, mb: &mut Macroblock, n: &MbNeighbors) -> Result<()> {
    let step = if mb.kind == MbKind::I8x8 { 4 } else { 1 };
    for blk in (0..16).step_by(step) {
        let pred = n.predicted_mode(&mb.modes, blk);
        let want = mb.modes[blk];
        let mut same = want == pred;
        c.prev_mode_flag(&mut same)?;
        let mode = if same {
            pred
        } else {
            let mut rem = if want < pred {
                want
            } else {
                want.saturating_sub(1)
            };
            c.rem_mode(&mut rem)?;
            if rem < pred {
                rem
            } else {
                rem + 1
            }
        };
        mb.modes[blk..blk + step].fill(mode);
    }
    Ok(())
}

/// residual() (7.3.5.3) for 4:0:0 / 4:2:0, filling the coded_block_flags of
/// `info` as it goes (later blocks take their contexts from them).
fn code_residual<C: SeCoder>(
    c: &mut C,
    mb: &mut Macroblock,
    n: &MbNeighbors,
    info: &mut MbInfo,
) -> Result<()> {
    let cbp_luma = mb.cbp_luma();
    if mb.kind == MbKind::I16x16 {
        let inc = n.cbf_inc_luma_dc();
        info.cbf_luma_dc = c.residual(&mut mb.luma_dc, BlockCat::LumaDc, Some(inc))?;
    }
    for b8 in 0..4 {
        if cbp_luma & (1 << b8) == 0 {
            continue;
        }
        if mb.kind == MbKind::I8x8 {
            // coded_block_flag of an 8x8 block is not coded outside 4:4:4 and
            // is inferred to be 1 (7.4.5.3.3).
            c.residual(&mut mb.luma[64 * b8..64 * b8 + 64], BlockCat::Luma8x8, None)?;
            info.cbf_luma |= 0xf << (4 * b8);
            continue;
        }
        for blk in 4 * b8..4 * b8 + 4 {
            let inc = n.cbf_inc_luma(info.cbf_luma, blk);
            let coded = if mb.kind == MbKind::I16x16 {
                c.residual(
                    &mut mb.luma[16 * blk + 1..16 * blk + 16],
                    BlockCat::LumaAc,
                    Some(inc),
                )?
            } else {
                c.residual(
                    &mut mb.luma[16 * blk..16 * blk + 16],
                    BlockCat::Luma4x4,
                    Some(inc),
                )?
            };
            info.cbf_luma |= u16::from(coded) << blk;
        }
    }
    let cbp_chroma = mb.cbp_chroma();
    if cbp_chroma != 0 {
        for comp in 0..2 {
            let inc = n.cbf_inc_chroma_dc(comp);
            let coded = c.residual(&mut mb.chroma_dc[comp], BlockCat::ChromaDc, Some(inc))?;
            info.cbf_chroma_dc |= u8::from(coded) << comp;
        }
    }
    if cbp_chroma == 2 {
        for comp in 0..2 {
            for blk in 0..4 {
                let inc = n.cbf_inc_chroma_ac(info.cbf_chroma_ac, comp, blk);
                let ac = &mut mb.chroma_ac[4 * comp + blk][1..];
                let coded = c.residual(ac, BlockCat::ChromaAc, Some(inc))?;
                info.cbf_chroma_ac |= u8::from(coded) << (4 * comp + blk);
            }
        }
    }
    Ok(())
}
