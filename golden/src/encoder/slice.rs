//! One slice's macroblock loop, shared by [`super::Encoder`] and by whoever
//! needs golden's slices with other macroblock choices (the RTL stimulus of
//! `tricodec-vectors`: I_PCM and random syntax).

use std::ops::Range;

use crate::cabac::CabacEncoder;
use crate::error::Result;
use crate::mb::coder::EncCoder;
use crate::mb::neighbours::MbNeighbors;
use crate::mb::syntax::{code_macroblock, MbSyntaxCtx, SliceParams};
use crate::mb::trace::{Se, SliceTrace, Traced};
use crate::mb::{Macroblock, MbInfo};

/// Codes the macroblocks `mbs` of one slice with CABAC: for each,
/// `next(addr, neighbours, qp_pred)` gives the macroblock (modes and levels
/// chosen) and the QPY it wants (QPY,PRED: the previous macroblock's QPY). mb_qp_delta carries that QPY where the macroblock
/// codes one; elsewhere QPY stays QPY,PRED (every level is zero, the QP
/// changes no sample). Fills `infos[addr]` (what later macroblocks and the
/// deblocking filter need) and ends with end_of_slice_flag 1. Returns the
/// slice_data bytes and, with `record`, the slice's trace.
pub fn code_slice(
    p: &SliceParams,
    infos: &mut [MbInfo],
    mbs: Range<usize>,
    record: bool,
    mut next: impl FnMut(usize, &MbNeighbors, i32) -> (Macroblock, i32),
) -> Result<(Vec<u8>, Option<SliceTrace>)> {
    code_slice_with(p, infos, mbs, record, |addr, n, qp_pred, _| {
        next(addr, n, qp_pred)
    })
}

/// [`code_slice`] whose `next` also sees the slice's CABAC encoder as it
/// stands before the macroblock (its context states: the rates of RDOQ).
pub fn code_slice_with(
    p: &SliceParams,
    infos: &mut [MbInfo],
    mbs: Range<usize>,
    record: bool,
    mut next: impl FnMut(usize, &MbNeighbors, i32, &CabacEncoder) -> (Macroblock, i32),
) -> Result<(Vec<u8>, Option<SliceTrace>)> {
    let mut coder = Traced::new(EncCoder(CabacEncoder::new(p.slice_qp)), record);
    if record {
        coder.inner.0.record_bins();
    }
    let (mut qp_pred, mut prev_dqp_nonzero) = (p.slice_qp, false);
    let first_mb = mbs.start;
    let end = mbs.end;
    for addr in mbs {
        let n = MbNeighbors::of(infos, p.width_mbs, addr, p.tag);
        let (mut mb, qp) = next(addr, &n, qp_pred, &coder.inner.0);
        let qp_y = if mb.has_qp_delta() {
            mb.qp_delta = (qp - qp_pred + 26).rem_euclid(52) - 26;
            qp
        } else {
            mb.qp_delta = 0;
            qp_pred
        };
        let ctx = MbSyntaxCtx {
            n: &n,
            transform_8x8_mode: p.transform_8x8_mode,
            chroma: p.chroma,
            prev_qp_delta_nonzero: prev_dqp_nonzero,
        };
        let mut info = code_macroblock(&mut coder, &mut mb, &ctx)?;
        info.slice = p.tag;
        info.qp_y = qp_y as u8;
        infos[addr] = info;
        prev_dqp_nonzero = mb.qp_delta != 0;
        qp_pred = qp_y;
        let last = addr + 1 == end;
        coder.inner.0.encode_end_of_slice_flag(last);
        coder.push(|| Se::EndOfSlice(last));
    }
    let bins = coder.inner.0.take_bins();
    let data = coder.inner.0.finish();
    let trace = coder.elements.take().map(|elements| SliceTrace {
        first_mb,
        width_mbs: p.width_mbs,
        slice_qp: p.slice_qp,
        chroma: p.chroma,
        transform_8x8_mode: p.transform_8x8_mode,
        elements,
        bins,
        data: data.clone(),
    });
    Ok((data, trace))
}
