//! One slice's macroblock loop on the decoder side, shared by
//! [`super::Decoder`] (which reconstructs each macroblock) and by whoever
//! needs golden's parse of bare slice data (the RTL CABAC decoder's expected
//! elements in `tricodec-vectors`).

use crate::cabac::CabacDecoder;
use crate::error::Result;
use crate::invalid;
use crate::mb::coder::DecCoder;
use crate::mb::neighbours::MbNeighbors;
use crate::mb::syntax::{code_macroblock, MbSyntaxCtx, SliceParams};
use crate::mb::trace::{Se, Traced};
use crate::mb::{Macroblock, MbInfo};

/// Parses slice_data `data` (from its first CABAC byte) from macroblock
/// `first_mb` on until end_of_slice_flag 1: each macroblock's syntax,
/// QPY = (QPY,PRED + mb_qp_delta + 52) % 52, `infos[addr]`, then
/// `on_mb(addr, macroblock, neighbours, qp_y)` (the decoder reconstructs
/// there). A slice that runs past `infos` or codes a macroblock twice is
/// invalid. With `elements` Some, the elements parsed are appended to it,
/// also those before an error.
pub fn parse_slice(
    p: &SliceParams,
    infos: &mut [MbInfo],
    data: &[u8],
    first_mb: usize,
    elements: &mut Option<Vec<Se>>,
    mut on_mb: impl FnMut(usize, &Macroblock, &MbNeighbors, i32) -> Result<()>,
) -> Result<()> {
    let dec = CabacDecoder::new(data, p.slice_qp)?;
    let mut coder = Traced::new(DecCoder(dec), elements.is_some());
    let res = (|| {
        let total = infos.len();
        let (mut addr, mut qp_pred, mut prev_dqp_nonzero) = (first_mb, p.slice_qp, false);
        loop {
            if addr >= total {
                return Err(invalid!("slice runs past the last macroblock ({total})"));
            }
            if infos[addr].slice != 0 {
                return Err(invalid!("macroblock {addr} is coded twice"));
            }
            let n = MbNeighbors::of(infos, p.width_mbs, addr, p.tag);
            let ctx = MbSyntaxCtx {
                n: &n,
                transform_8x8_mode: p.transform_8x8_mode,
                chroma: p.chroma,
                prev_qp_delta_nonzero: prev_dqp_nonzero,
            };
            let mut mb = Macroblock::default();
            let mut info = code_macroblock(&mut coder, &mut mb, &ctx)?;
            // 7.4.5: QPY = (QPY,PRED + mb_qp_delta + 52) % 52; mb_qp_delta is
            // already bounded to -26..=25 by the CABAC decoder.
            let qp_y = (qp_pred + mb.qp_delta + 52) % 52;
            on_mb(addr, &mb, &n, qp_y)?;
            info.slice = p.tag;
            info.qp_y = qp_y as u8;
            infos[addr] = info;
            prev_dqp_nonzero = mb.qp_delta != 0;
            qp_pred = qp_y;
            let last = coder.inner.0.decode_end_of_slice_flag()?;
            coder.push(|| Se::EndOfSlice(last));
            if last {
                return Ok(());
            }
            addr += 1;
        }
    })();
    if let (Some(out), Some(parsed)) = (elements.as_mut(), coder.elements.take()) {
        out.extend(parsed);
    }
    res
}
