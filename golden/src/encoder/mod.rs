//! The golden encoder: pictures in, an H.264 Annex B byte stream out, with
//! the reconstruction a conformant decoder will produce.
//!
//! Every picture is an IDR picture of one or more I slices. A slice is the
//! unit a hardware lane codes on its own: slices split the picture's
//! macroblocks into contiguous runs in raster order, as evenly as possible.

pub mod decision;
pub mod headers;
pub mod profile;
pub mod rdoq;
pub mod slice;

use crate::bitstream::nal::{self, write_nal};
use crate::bitstream::{BitWriter, Pps, Sps};
use crate::cabac::rate::ContextRates;
use crate::deblock::{self, MbFilterInfo, SliceFilterParams};
use crate::error::{Error, Result};
use crate::mb::recon::ChromaQpOffsets;
use crate::mb::syntax::SliceParams;
use crate::mb::trace::SliceTrace;
use crate::mb::MbInfo;
use crate::picture::{ChromaFormat, Picture};
use crate::quant::Deadzone;
use decision::DecisionParams;
pub use profile::Profile;
pub use rdoq::Rdoq;
use slice::code_slice_with;

/// Settings of the encoder.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncoderConfig {
    /// QPY of every macroblock unless `mb_qp` is given (0..=51).
    pub qp: i32,
    /// Slices per picture (1..=number of macroblocks).
    pub slices: usize,
    /// transform_8x8_mode_flag: allows Intra8x8.
    pub transform_8x8: bool,
    /// Run the deblocking filter (disable_deblocking_filter_idc 0) instead of
    /// switching it off (idc 1, the default: tensors gain nothing from it).
    pub deblock: bool,
    /// Tools the mode decision may use.
    pub profile: Profile,
    /// Quantizer rounding offset.
    pub deadzone: Deadzone,
    /// Optional QPY per macroblock in raster order (mb_qp_delta carries it).
    pub mb_qp: Option<Vec<i32>>,
    /// RDOQ of the Intra16x16 and chroma residuals (an encoder decision only: the stream stays
    /// standard; `decision` module doc); `None`: plain rounding with `deadzone`.
    pub rdoq: Option<Rdoq>,
}

impl Default for EncoderConfig {
    fn default() -> Self {
        EncoderConfig {
            qp: 26,
            slices: 1,
            transform_8x8: false,
            deblock: false,
            profile: Profile::FULL,
            deadzone: Deadzone::INTRA,
            mb_qp: None,
            rdoq: None,
        }
    }
}

impl EncoderConfig {
    /// The settings of one macroblock's decision at QPY `qp` (the encoder writes no chroma QP
    /// offsets).
    pub fn decision(&self, qp: i32) -> DecisionParams {
        DecisionParams {
            qp,
            profile: self.profile,
            transform_8x8: self.transform_8x8,
            deadzone: self.deadzone,
            chroma_offsets: ChromaQpOffsets { cb: 0, cr: 0 },
            rdoq: self.rdoq,
        }
    }
}

/// One coded picture.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodedPicture {
    /// Annex B bytes: SPS and PPS before the first picture, then one NAL unit
    /// per slice.
    pub bytes: Vec<u8>,
    /// What a decoder reconstructs (after the deblocking filter when on).
    pub recon: Picture,
}

/// Encoder of a sequence of same-sized pictures.
pub struct Encoder {
    format: ChromaFormat,
    width: usize,
    height: usize,
    cfg: EncoderConfig,
    sps: Sps,
    pps: Pps,
    frames: u64,
    /// Traces of the slices coded since `record_traces` (off: `None`).
    traces: Option<Vec<SliceTrace>>,
}

/// pic_init_qp of our PPS; each slice carries its QP as slice_qp_delta.
const PIC_INIT_QP: i32 = 26;

/// Macroblocks `start..end` (raster addresses) of slice `s` of a picture of
/// `total` macroblocks coded in `slices` slices: `total * s / slices` to
/// `total * (s + 1) / slices` (the RTL's `enc_mb_walk`; the tensor encoder's
/// host cuts parts with it).
pub fn slice_bounds(total: usize, slices: usize, s: usize) -> (usize, usize) {
    (total * s / slices, total * (s + 1) / slices)
}

impl Encoder {
    /// Checks the settings and prepares the parameter sets.
    pub fn new(
        format: ChromaFormat,
        width: usize,
        height: usize,
        cfg: EncoderConfig,
    ) -> Result<Self> {
        if !(0..=51).contains(&cfg.qp) {
            return Err(Error::Config(format!("qp {} outside 0..=51", cfg.qp)));
        }
        cfg.profile.validate()?;
        if cfg.profile.modes4x4 == 0 && cfg.profile.modes16x16 == 0 && !cfg.transform_8x8 {
            return Err(Error::Config(
                "the profile's only tool, Intra8x8, needs --transform-8x8".into(),
            ));
        }
        let sps = headers::intra_sps(format, width, height)?;
        let mbs = sps.width_mbs() * sps.height_mbs();
        if cfg.slices == 0 || cfg.slices > mbs {
            return Err(Error::Config(format!(
                "{} slices for a picture of {mbs} macroblocks (1..={mbs})",
                cfg.slices
            )));
        }
        if let Some(map) = &cfg.mb_qp {
            if map.len() != mbs || map.iter().any(|q| !(0..=51).contains(q)) {
                return Err(Error::Config(format!("mb_qp needs {mbs} values in 0..=51")));
            }
        }
        let pps = headers::intra_pps(cfg.transform_8x8, PIC_INIT_QP, true);
        Ok(Encoder {
            format,
            width,
            height,
            cfg,
            sps,
            pps,
            frames: 0,
            traces: None,
        })
    }

    /// Records a [`SliceTrace`] of every slice coded from now on (syntax
    /// elements, engine symbols, slice data), for the RTL checks.
    pub fn record_traces(&mut self) {
        self.traces.get_or_insert_with(Vec::new);
    }

    /// The slice traces recorded so far, oldest first; recording goes on.
    pub fn take_traces(&mut self) -> Vec<SliceTrace> {
        self.traces.as_mut().map(std::mem::take).unwrap_or_default()
    }

    /// The settings in use.
    pub fn config(&self) -> &EncoderConfig {
        &self.cfg
    }

    /// Encodes one picture.
    pub fn encode(&mut self, src: &Picture) -> Result<EncodedPicture> {
        if src.format != self.format || src.width != self.width || src.height != self.height {
            return Err(Error::Config(format!(
                "picture is {}x{} {:?}, encoder expects {}x{} {:?}",
                src.width, src.height, src.format, self.width, self.height, self.format
            )));
        }
        let mut bytes = Vec::new();
        if self.frames == 0 {
            write_nal(&mut bytes, 3, nal::NAL_SPS, &self.sps.write());
            write_nal(&mut bytes, 3, nal::NAL_PPS, &self.pps.write());
        }
        let mut rec = Picture::new(self.format, self.width, self.height)?;
        let w = rec.width_mbs();
        let total = w * rec.height_mbs();
        let mut infos = vec![MbInfo::default(); total];
        let idc = if self.cfg.deblock { 0 } else { 1 };
        for s in 0..self.cfg.slices {
            let (start, end) = slice_bounds(total, self.cfg.slices, s);
            let slice_qp = self.mb_qp(start);
            let header = headers::idr_slice_header(
                start as u32,
                (self.frames % 2) as u32,
                slice_qp - PIC_INIT_QP,
                idc,
            );
            let mut w_hdr = BitWriter::new();
            header.write(&mut w_hdr, nal::NAL_IDR, &self.sps, &self.pps);
            w_hdr.align_with_ones();
            let params = SliceParams {
                width_mbs: w,
                tag: s as u32 + 1,
                slice_qp,
                chroma: self.format == ChromaFormat::Yuv420,
                transform_8x8_mode: self.cfg.transform_8x8,
            };
            let record = self.traces.is_some();
            let rdoq = self.cfg.rdoq;
            let (data, trace) = code_slice_with(
                &params,
                &mut infos,
                start..end,
                record,
                |addr, n, _, cabac| {
                    let qp = self.mb_qp(addr);
                    let decision = self.cfg.decision(qp);
                    let rates = rdoq.map(|_| ContextRates::new(cabac.contexts()));
                    let mb =
                        decision::decide_macroblock_with(src, &mut rec, addr, n, &decision, rates);
                    (mb, qp)
                },
            )?;
            if let (Some(traces), Some(t)) = (self.traces.as_mut(), trace) {
                traces.push(t);
            }
            let mut rbsp = w_hdr.into_bytes();
            rbsp.extend_from_slice(&data);
            write_nal(&mut bytes, 3, nal::NAL_IDR, &rbsp);
        }
        if self.cfg.deblock {
            let mbs: Vec<MbFilterInfo> = infos
                .iter()
                .map(|i| MbFilterInfo {
                    qp_y: i.qp_y,
                    transform_8x8: i.transform_8x8,
                    slice: i.slice - 1,
                })
                .collect();
            let params = SliceFilterParams {
                disable_deblocking_filter_idc: 0,
                ..Default::default()
            };
            deblock::deblock_picture(&mut rec, &mbs, &vec![params; self.cfg.slices])?;
        }
        self.frames += 1;
        Ok(EncodedPicture { bytes, recon: rec })
    }

    fn mb_qp(&self, addr: usize) -> i32 {
        self.cfg.mb_qp.as_ref().map_or(self.cfg.qp, |m| m[addr])
    }
}
