//! The I-slice syntax elements other than residual blocks: binarization
//! (clause 9.3.2) and ctxIdx assignment (clause 9.3.3.1), as methods of the
//! encoder and the decoder. ctxIdxInc values that depend on neighbouring
//! macroblocks come from the caller, except for coded_block_pattern.

use super::engine::{CabacDecoder, CabacEncoder};
use crate::error::Result;

/// mb_type value of I_NxN.
pub const MB_TYPE_I_NXN: u32 = 0;
/// mb_type value of I_PCM.
pub const MB_TYPE_I_PCM: u32 = 25;

/// ctxIdxOffset of mb_type in I slices.
const MB_TYPE_I: usize = 3;
/// ctxIdx of prev_intra4x4_pred_mode_flag / prev_intra8x8_pred_mode_flag.
const PREV_INTRA_PRED_MODE: usize = 68;
/// ctxIdx of rem_intra4x4_pred_mode / rem_intra8x8_pred_mode.
const REM_INTRA_PRED_MODE: usize = 69;
/// ctxIdxOffset of intra_chroma_pred_mode.
const INTRA_CHROMA_PRED_MODE: usize = 64;
/// ctxIdxOffset of mb_qp_delta.
const MB_QP_DELTA: usize = 60;
/// ctxIdxOffset of the coded_block_pattern prefix (luma).
const CBP_LUMA: usize = 73;
/// ctxIdxOffset of the coded_block_pattern suffix (chroma).
const CBP_CHROMA: usize = 77;
/// ctxIdxOffset of transform_size_8x8_flag.
const TRANSFORM_SIZE_8X8: usize = 399;

/// Largest mapped mb_qp_delta (Table 9-3) of the legal range -26..=25:
/// -26 maps to 52.
const MAX_MAPPED_QP_DELTA: u32 = 52;

/// Coded-block-pattern summaries of the left (A) and above (B) macroblocks,
/// as needed by the coded_block_pattern ctxIdxInc (9.3.3.1.1.4).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CbpNeighbours {
    /// CodedBlockPatternLuma of A; 0b1111 when A is unavailable or I_PCM.
    pub luma_a: u8,
    /// CodedBlockPatternLuma of B; 0b1111 when B is unavailable or I_PCM.
    pub luma_b: u8,
    /// CodedBlockPatternChroma of A; 0 when unavailable, 2 when I_PCM.
    pub chroma_a: u8,
    /// CodedBlockPatternChroma of B; 0 when unavailable, 2 when I_PCM.
    pub chroma_b: u8,
}

impl CbpNeighbours {
    /// ctxIdxInc of luma prefix bin `b8` given the luma bits coded so far
    /// in the current macroblock. 8x8 blocks are numbered 0 1 / 2 3.
    fn luma_inc(&self, b8: usize, current: u32) -> usize {
        let cur = current;
        // (cbp, b8N) of neighbour A then of neighbour B.
        let ((cbp_a, b8_a), (cbp_b, b8_b)) = match b8 {
            0 => ((u32::from(self.luma_a), 1), (u32::from(self.luma_b), 2)),
            1 => ((cur, 0), (u32::from(self.luma_b), 3)),
            2 => ((u32::from(self.luma_a), 3), (cur, 0)),
            _ => ((cur, 2), (cur, 1)),
        };
        // condTermFlagN is 1 when the neighbouring 8x8 block has no coefficients.
        let a = usize::from((cbp_a >> b8_a) & 1 == 0);
        let b = usize::from((cbp_b >> b8_b) & 1 == 0);
        a + 2 * b
    }

    /// ctxIdxInc of chroma suffix bin `bin` (0 or 1).
    fn chroma_inc(&self, bin: usize) -> usize {
        let cond = |c: u8| usize::from(if bin == 0 { c != 0 } else { c == 2 });
        cond(self.chroma_a) + 2 * cond(self.chroma_b) + 4 * bin
    }
}

/// Table 9-3 mapping of a signed mb_qp_delta to the unsigned codeNum.
fn map_qp_delta(k: i32) -> u32 {
    if k > 0 {
        (2 * k - 1) as u32
    } else {
        (-2 * k) as u32
    }
}

impl CabacEncoder {
    /// mb_type of an I slice (0..=25, Table 9-36) with bin-0 ctxIdxInc
    /// `ctx_inc` (0..=2). For I_PCM (25) the terminate bin flushes the
    /// engine: call `encode_pcm` next.
    pub fn encode_mb_type_i(&mut self, mb_type: u32, ctx_inc: usize) {
        debug_assert!(mb_type <= MB_TYPE_I_PCM && ctx_inc <= 2);
        if mb_type == MB_TYPE_I_NXN {
            self.encode_decision(MB_TYPE_I + ctx_inc, 0);
            return;
        }
        self.encode_decision(MB_TYPE_I + ctx_inc, 1);
        if mb_type == MB_TYPE_I_PCM {
            self.encode_terminate(1);
            return;
        }
        self.encode_terminate(0);
        // I_16x16: mb_type - 1 = pred_mode + 4 * cbp_chroma + 12 * (cbp_luma != 0).
        let t = mb_type - 1;
        let (pred, chroma, luma) = (t % 4, (t / 4) % 3, t / 12);
        self.encode_decision(MB_TYPE_I + 3, luma);
        self.encode_decision(MB_TYPE_I + 4, u32::from(chroma != 0));
        if chroma != 0 {
            self.encode_decision(MB_TYPE_I + 5, u32::from(chroma == 2));
        }
        // The two prediction-mode bins are bins 4, 5 (chroma 0) or 5, 6: by
        // 9.3.3.1.2 they get ctxIdxInc 6 and 7 in both cases.
        self.encode_decision(MB_TYPE_I + 6, pred >> 1);
        self.encode_decision(MB_TYPE_I + 7, pred & 1);
    }

    /// transform_size_8x8_flag with ctxIdxInc `ctx_inc` (0..=2).
    pub fn encode_transform_size_8x8_flag(&mut self, flag: bool, ctx_inc: usize) {
        debug_assert!(ctx_inc <= 2);
        self.encode_decision(TRANSFORM_SIZE_8X8 + ctx_inc, u32::from(flag));
    }

    /// prev_intra4x4_pred_mode_flag or prev_intra8x8_pred_mode_flag.
    pub fn encode_prev_intra_pred_mode_flag(&mut self, flag: bool) {
        self.encode_decision(PREV_INTRA_PRED_MODE, u32::from(flag));
    }

    /// rem_intra4x4_pred_mode or rem_intra8x8_pred_mode (0..=7), FL with
    /// the least significant bit first.
    pub fn encode_rem_intra_pred_mode(&mut self, rem: u32) {
        debug_assert!(rem <= 7);
        for bit in 0..3 {
            self.encode_decision(REM_INTRA_PRED_MODE, (rem >> bit) & 1);
        }
    }

    /// intra_chroma_pred_mode (0..=3, TU cMax 3); bin-0 ctxIdxInc `ctx_inc`
    /// (0..=2).
    pub fn encode_intra_chroma_pred_mode(&mut self, mode: u32, ctx_inc: usize) {
        debug_assert!(mode <= 3 && ctx_inc <= 2);
        self.encode_decision(INTRA_CHROMA_PRED_MODE + ctx_inc, u32::from(mode > 0));
        for bin in 1..3 {
            if mode < bin {
                return;
            }
            self.encode_decision(INTRA_CHROMA_PRED_MODE + 3, u32::from(mode > bin));
        }
    }

    /// mb_qp_delta (-26..=25), unary of its Table 9-3 mapping; bin-0
    /// ctxIdxInc `ctx_inc` (0 or 1).
    pub fn encode_mb_qp_delta(&mut self, delta: i32, ctx_inc: usize) {
        debug_assert!((-26..=25).contains(&delta) && ctx_inc <= 1);
        let mapped = map_qp_delta(delta);
        for bin in 0..=mapped {
            let ctx = match bin {
                0 => MB_QP_DELTA + ctx_inc,
                1 => MB_QP_DELTA + 2,
                _ => MB_QP_DELTA + 3,
            };
            self.encode_decision(ctx, u32::from(bin < mapped));
        }
    }

    /// coded_block_pattern = luma | chroma << 4: four FL luma bins, then (if
    /// `has_chroma`) TU cMax 2 chroma bins, contexts from `nb`.
    pub fn encode_coded_block_pattern(&mut self, cbp: u32, has_chroma: bool, nb: CbpNeighbours) {
        debug_assert!(cbp < 48 && (has_chroma || cbp < 16));
        let mut luma = 0;
        for b8 in 0..4 {
            let bit = (cbp >> b8) & 1;
            self.encode_decision(CBP_LUMA + nb.luma_inc(b8, luma), bit);
            luma |= bit << b8;
        }
        if has_chroma {
            let chroma = cbp >> 4;
            self.encode_decision(CBP_CHROMA + nb.chroma_inc(0), u32::from(chroma != 0));
            if chroma != 0 {
                self.encode_decision(CBP_CHROMA + nb.chroma_inc(1), u32::from(chroma == 2));
            }
        }
    }

    /// end_of_slice_flag; a 1 flushes the engine (then call `finish`).
    pub fn encode_end_of_slice_flag(&mut self, end: bool) {
        self.encode_terminate(u32::from(end));
    }
}

impl CabacDecoder {
    /// mb_type of an I slice (0..=25) with bin-0 ctxIdxInc `ctx_inc` (0..=2).
    /// After I_PCM (25) call `decode_pcm`.
    pub fn decode_mb_type_i(&mut self, ctx_inc: usize) -> Result<u32> {
        if self.decode_decision(MB_TYPE_I + ctx_inc)? == 0 {
            return Ok(MB_TYPE_I_NXN);
        }
        if self.decode_terminate()? == 1 {
            return Ok(MB_TYPE_I_PCM);
        }
        let luma = self.decode_decision(MB_TYPE_I + 3)?;
        let chroma = if self.decode_decision(MB_TYPE_I + 4)? == 0 {
            0
        } else {
            1 + self.decode_decision(MB_TYPE_I + 5)?
        };
        let pred =
            (self.decode_decision(MB_TYPE_I + 6)? << 1) | self.decode_decision(MB_TYPE_I + 7)?;
        Ok(1 + pred + 4 * chroma + 12 * luma)
    }

    /// transform_size_8x8_flag with ctxIdxInc `ctx_inc` (0..=2).
    pub fn decode_transform_size_8x8_flag(&mut self, ctx_inc: usize) -> Result<bool> {
        Ok(self.decode_decision(TRANSFORM_SIZE_8X8 + ctx_inc)? == 1)
    }

    /// prev_intra4x4_pred_mode_flag or prev_intra8x8_pred_mode_flag.
    pub fn decode_prev_intra_pred_mode_flag(&mut self) -> Result<bool> {
        Ok(self.decode_decision(PREV_INTRA_PRED_MODE)? == 1)
    }

    /// rem_intra4x4_pred_mode or rem_intra8x8_pred_mode (0..=7).
    pub fn decode_rem_intra_pred_mode(&mut self) -> Result<u32> {
        let mut rem = 0;
        for bit in 0..3 {
            rem |= self.decode_decision(REM_INTRA_PRED_MODE)? << bit;
        }
        Ok(rem)
    }

    /// intra_chroma_pred_mode (0..=3) with bin-0 ctxIdxInc `ctx_inc` (0..=2).
    pub fn decode_intra_chroma_pred_mode(&mut self, ctx_inc: usize) -> Result<u32> {
        if self.decode_decision(INTRA_CHROMA_PRED_MODE + ctx_inc)? == 0 {
            return Ok(0);
        }
        let mut mode = 1;
        while mode < 3 && self.decode_decision(INTRA_CHROMA_PRED_MODE + 3)? == 1 {
            mode += 1;
        }
        Ok(mode)
    }

    /// mb_qp_delta with bin-0 ctxIdxInc `ctx_inc` (0 or 1); values outside
    /// -26..=25 are `Error::Invalid`.
    pub fn decode_mb_qp_delta(&mut self, ctx_inc: usize) -> Result<i32> {
        let mut mapped = 0u32;
        loop {
            let ctx = match mapped {
                0 => MB_QP_DELTA + ctx_inc,
                1 => MB_QP_DELTA + 2,
                _ => MB_QP_DELTA + 3,
            };
            if self.decode_decision(ctx)? == 0 {
                break;
            }
            mapped += 1;
            if mapped > MAX_MAPPED_QP_DELTA {
                return Err(crate::invalid!("mb_qp_delta unary code too long"));
            }
        }
        // Inverse of Table 9-3: odd codeNum k -> (k + 1) / 2, even -> -k / 2.
        let delta = if mapped % 2 == 1 {
            mapped.div_ceil(2) as i32
        } else {
            -((mapped / 2) as i32)
        };
        if !(-26..=25).contains(&delta) {
            return Err(crate::invalid!("mb_qp_delta {delta} out of range"));
        }
        Ok(delta)
    }

    /// coded_block_pattern (luma | chroma << 4), chroma bins only when
    /// `has_chroma`, contexts from `nb`.
    pub fn decode_coded_block_pattern(
        &mut self,
        has_chroma: bool,
        nb: CbpNeighbours,
    ) -> Result<u32> {
        let mut luma = 0;
        for b8 in 0..4 {
            luma |= self.decode_decision(CBP_LUMA + nb.luma_inc(b8, luma))? << b8;
        }
        let mut chroma = 0;
        if has_chroma && self.decode_decision(CBP_CHROMA + nb.chroma_inc(0))? == 1 {
            chroma = 1 + self.decode_decision(CBP_CHROMA + nb.chroma_inc(1))?;
        }
        Ok(luma | (chroma << 4))
    }

    /// end_of_slice_flag.
    pub fn decode_end_of_slice_flag(&mut self) -> Result<bool> {
        Ok(self.decode_terminate()? == 1)
    }
}
