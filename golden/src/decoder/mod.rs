//! The golden decoder: H.264 Annex B NAL units in, pictures out.
//!
//! It decodes intra-only High-profile streams with CABAC, 4:0:0 or 4:2:0,
//! 8-bit, frame macroblocks, any number of slices, deblocking on or off: our
//! encoder's streams and x264's intra-only streams. Anything else is an
//! `Error::Unsupported` naming the feature; a corrupt stream is an
//! `Error::Invalid` or `Error::Truncated`. Allocation is bounded by the
//! picture size the SPS declares, itself bounded by the largest level's
//! frame size.

pub mod slice;

use crate::bitstream::nal::{self, parse_nal, split_annexb, Nal};
use crate::bitstream::{BitReader, Pps, SliceHeader, Sps};
use crate::deblock::{self, MbFilterInfo, SliceFilterParams};
use crate::error::Result;
use crate::mb::recon::{reconstruct, ChromaQpOffsets};
use crate::mb::syntax::SliceParams;
use crate::mb::trace::SliceTrace;
use crate::mb::{MbInfo, MbKind};
use crate::picture::{ChromaFormat, Picture};
use crate::{invalid, unsupported};
use slice::parse_slice;

/// Largest frame in macroblocks of any level (Table A-1, MaxFS of level 6.2).
pub const MAX_FRAME_MBS: usize = 139_264;

/// The fields that tell one picture from the next (7.4.1.2.4).
#[derive(Clone, Debug, PartialEq, Eq)]
struct PicId {
    pps_id: u32,
    frame_num: u32,
    idr: bool,
    idr_pic_id: u32,
    poc: (u32, i32, i32, i32),
    nal_ref_zero: bool,
}

/// A picture being decoded.
struct PicState {
    id: PicId,
    /// The SPS the picture was set up with; every slice must use it.
    sps: Sps,
    pic: Picture,
    infos: Vec<MbInfo>,
    slices: Vec<SliceFilterParams>,
    decoded: usize,
}

/// Decoder state: parameter sets and the picture in progress.
#[derive(Default)]
pub struct Decoder {
    sps: Vec<Option<Sps>>,
    pps: Vec<Option<Pps>>,
    cur: Option<PicState>,
    /// Traces of the slices decoded since `record_traces` (off: `None`).
    traces: Option<Vec<SliceTrace>>,
    /// Lines of the edges deblocked since `record_deblock_lines` (off: `None`).
    deblock_lines: Option<Vec<deblock::EdgeLine>>,
}

impl Decoder {
    pub fn new() -> Self {
        Decoder {
            sps: vec![None; 32],
            pps: vec![None; 256],
            cur: None,
            traces: None,
            deblock_lines: None,
        }
    }

    /// Records every line of every edge the deblocking filter changes from now on
    /// ([`deblock::EdgeLine`]: its parameters, the samples before and after).
    pub fn record_deblock_lines(&mut self) {
        self.deblock_lines.get_or_insert_with(Vec::new);
    }

    /// The deblocked lines recorded so far, in the filter's order; recording goes on.
    pub fn take_deblock_lines(&mut self) -> Vec<deblock::EdgeLine> {
        self.deblock_lines
            .as_mut()
            .map(std::mem::take)
            .unwrap_or_default()
    }

    /// Records a [`SliceTrace`] of every slice decoded from now on (the
    /// syntax elements parsed and the slice data; no engine symbols).
    pub fn record_traces(&mut self) {
        self.traces.get_or_insert_with(Vec::new);
    }

    /// The slice traces recorded so far, oldest first; recording goes on.
    pub fn take_traces(&mut self) -> Vec<SliceTrace> {
        self.traces.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// Decodes a whole Annex B stream.
    pub fn decode_stream(stream: &[u8]) -> Result<Vec<Picture>> {
        let mut d = Decoder::new();
        let mut out = Vec::new();
        for unit in split_annexb(stream) {
            out.extend(d.decode_nal(unit)?);
        }
        out.extend(d.flush()?);
        if out.is_empty() {
            return Err(invalid!("no picture in the stream"));
        }
        Ok(out)
    }

    /// Decodes one NAL unit (header byte onwards, with emulation prevention
    /// bytes). Returns the previous picture when this unit starts a new one.
    pub fn decode_nal(&mut self, bytes: &[u8]) -> Result<Option<Picture>> {
        let nal = parse_nal(bytes)?;
        match nal.nal_unit_type {
            nal::NAL_SLICE | nal::NAL_IDR => self.decode_slice(&nal),
            nal::NAL_SPS => {
                let done = self.finish()?;
                let sps = Sps::parse(&nal.rbsp)?;
                let id = sps.seq_parameter_set_id as usize;
                self.sps[id] = Some(sps);
                Ok(done)
            }
            nal::NAL_PPS => {
                let pps = Pps::parse(&nal.rbsp, |id| self.sps.get(id as usize).cloned().flatten())?;
                let id = pps.pic_parameter_set_id as usize;
                self.pps[id] = Some(pps);
                Ok(None)
            }
            2..=4 => Err(unsupported!(
                "data partitioning (nal_unit_type {})",
                nal.nal_unit_type
            )),
            9..=11 => self.finish(),
            _ => Ok(None),
        }
    }

    /// Completes the picture in progress, if any.
    pub fn flush(&mut self) -> Result<Option<Picture>> {
        self.finish()
    }

    fn finish(&mut self) -> Result<Option<Picture>> {
        let Some(mut st) = self.cur.take() else {
            return Ok(None);
        };
        let total = st.infos.len();
        if st.decoded != total {
            return Err(invalid!(
                "picture ends with {} of {total} macroblocks decoded",
                st.decoded
            ));
        }
        if st
            .slices
            .iter()
            .any(|s| s.disable_deblocking_filter_idc != 1)
        {
            let mbs: Vec<MbFilterInfo> = st
                .infos
                .iter()
                .map(|i| MbFilterInfo {
                    qp_y: if i.kind == MbKind::Pcm { 0 } else { i.qp_y },
                    transform_8x8: i.transform_8x8,
                    slice: i.slice - 1,
                })
                .collect();
            match self.deblock_lines.as_mut() {
                Some(lines) => deblock::deblock_picture_observed(
                    &mut st.pic,
                    &mbs,
                    &st.slices,
                    Some(&mut |l: &deblock::EdgeLine| lines.push(*l)),
                )?,
                None => deblock::deblock_picture(&mut st.pic, &mbs, &st.slices)?,
            }
        }
        Ok(Some(st.pic))
    }

    fn decode_slice(&mut self, nal: &Nal) -> Result<Option<Picture>> {
        let mut r = BitReader::new(&nal.rbsp);
        let (pps_id, sps, pps) = slice_parameter_sets(&self.sps, &self.pps, &nal.rbsp)?;
        let hdr = SliceHeader::parse(&mut r, nal, &sps, &pps)?;
        if hdr.redundant_pic_cnt > 0 {
            return Ok(None); // Redundant slices are for decoders that lost the primary.
        }
        let id = PicId {
            pps_id,
            frame_num: hdr.frame_num,
            idr: nal.nal_unit_type == nal::NAL_IDR,
            idr_pic_id: hdr.idr_pic_id,
            poc: (
                hdr.pic_order_cnt_lsb,
                hdr.delta_pic_order_cnt_bottom,
                hdr.delta_pic_order_cnt[0],
                hdr.delta_pic_order_cnt[1],
            ),
            nal_ref_zero: nal.nal_ref_idc == 0,
        };
        let mut done = None;
        if self
            .cur
            .as_ref()
            .is_some_and(|c| c.id != id || hdr.first_mb_in_slice == 0)
        {
            done = self.finish()?;
        }
        if self.cur.is_none() {
            self.cur = Some(Self::new_picture(id, &sps)?);
        }
        let st = self.cur.as_mut().expect("just set");
        if st.sps != sps {
            // 7.4.1.2.1: a PPS may not change within a picture; one now
            // pointing at another SPS would decode into the wrong planes.
            let id = sps.seq_parameter_set_id;
            return Err(invalid!(
                "slice uses SPS {id} inside a picture of another SPS"
            ));
        }
        decode_slice_data(st, &mut r, &nal.rbsp, &hdr, &sps, &pps, &mut self.traces)?;
        Ok(done)
    }

    fn new_picture(id: PicId, sps: &Sps) -> Result<PicState> {
        let format = sps.chroma_format()?;
        let (wm, hm) = (sps.width_mbs(), sps.height_mbs());
        if wm * hm > MAX_FRAME_MBS {
            return Err(unsupported!(
                "frame of {wm}x{hm} macroblocks exceeds level 6.2"
            ));
        }
        if sps.frame_crop_left_offset != 0 || sps.frame_crop_top_offset != 0 {
            return Err(unsupported!("cropping on the left or top edge"));
        }
        let mut pic = Picture::new(format, sps.width(), sps.height())?;
        if pic.width_mbs() != wm || pic.height_mbs() != hm {
            return Err(invalid!("cropping window larger than a macroblock"));
        }
        if format == ChromaFormat::Monochrome {
            pic.planes.truncate(1);
        }
        let infos = vec![MbInfo::default(); wm * hm];
        Ok(PicState {
            id,
            sps: sps.clone(),
            pic,
            infos,
            slices: Vec::new(),
            decoded: 0,
        })
    }
}

/// Decodes the macroblocks of one slice into the picture.
/// The parameter sets a slice refers to, from the tables of those received so far (`sps` by
/// seq_parameter_set_id, `pps` by pic_parameter_set_id): (pic_parameter_set_id, its SPS, its
/// PPS), read from the first three fields of the slice header in `rbsp`. An error for a
/// missing set and for a CAVLC PPS (only CABAC streams are decoded). Also the RTL front end's
/// expected-results model (verif::dec_front) calls it.
pub fn slice_parameter_sets(
    sps: &[Option<Sps>],
    pps: &[Option<Pps>],
    rbsp: &[u8],
) -> Result<(u32, Sps, Pps)> {
    // Peek the PPS id: first_mb_in_slice, slice_type, pic_parameter_set_id.
    let mut peek = BitReader::new(rbsp);
    peek.read_ue()?;
    peek.read_ue()?;
    let id = peek.read_ue()?;
    let p = pps
        .get(id as usize)
        .cloned()
        .flatten()
        .ok_or_else(|| invalid!("slice refers to missing PPS {id}"))?;
    let s = sps
        .get(p.seq_parameter_set_id as usize)
        .cloned()
        .flatten()
        .ok_or_else(|| invalid!("PPS {id} refers to missing SPS {}", p.seq_parameter_set_id))?;
    if !p.entropy_coding_mode_flag {
        return Err(unsupported!(
            "CAVLC entropy coding (only CABAC streams are decoded)"
        ));
    }
    Ok((id, s, p))
}

fn decode_slice_data(
    st: &mut PicState,
    r: &mut BitReader,
    rbsp: &[u8],
    hdr: &SliceHeader,
    sps: &Sps,
    pps: &Pps,
    traces: &mut Option<Vec<SliceTrace>>,
) -> Result<()> {
    while !r.is_aligned() {
        if !r.read_flag()? {
            return Err(invalid!("cabac_alignment_one_bit is 0"));
        }
    }
    let slice_qp = hdr.slice_qp(pps);
    let data = &rbsp[r.byte_pos()..];
    let tag = st.slices.len() as u32 + 1;
    st.slices.push(SliceFilterParams {
        disable_deblocking_filter_idc: hdr.disable_deblocking_filter_idc as u8,
        filter_offset_a: 2 * hdr.slice_alpha_c0_offset_div2,
        filter_offset_b: 2 * hdr.slice_beta_offset_div2,
        chroma_qp_index_offset: pps.chroma_qp_index_offset,
        second_chroma_qp_index_offset: pps.second_chroma_qp_index_offset,
    });
    let cqp = ChromaQpOffsets {
        cb: pps.chroma_qp_index_offset,
        cr: pps.second_chroma_qp_index_offset,
    };
    let chroma = sps.chroma_format_idc != 0;
    let w = st.pic.width_mbs();
    let params = SliceParams {
        width_mbs: w,
        tag,
        slice_qp,
        chroma,
        transform_8x8_mode: pps.transform_8x8_mode_flag,
    };
    let mut elements = traces.is_some().then(Vec::new);
    let (pic, decoded) = (&mut st.pic, &mut st.decoded);
    let first_mb = hdr.first_mb_in_slice as usize;
    parse_slice(
        &params,
        &mut st.infos,
        data,
        first_mb,
        &mut elements,
        |addr, mb, n, qp_y| {
            reconstruct(pic, addr, mb, n, qp_y, cqp)?;
            *decoded += 1;
            Ok(())
        },
    )?;
    if let Some(traces) = traces.as_mut() {
        traces.push(SliceTrace {
            first_mb,
            width_mbs: w,
            slice_qp,
            chroma,
            transform_8x8_mode: pps.transform_8x8_mode_flag,
            elements: elements.unwrap_or_default(),
            bins: Vec::new(),
            data: data.to_vec(),
        });
    }
    Ok(())
}
