//! Traces of what a slice's CABAC coded: its syntax elements (with the
//! ctxIdxInc values golden derived for them) and the engine's symbols. They
//! are the stimulus and the expected results of the RTL CABAC engines
//! (`rtl/cabac/`, checked by the `sim` crate): the encoder's RTL takes the
//! elements and must emit golden's bins and bytes; the decoder's RTL takes the
//! bytes and must give back the elements.
//!
//! Recording is off unless asked for ([`crate::encoder::Encoder::record_traces`],
//! [`crate::decoder::Decoder::record_traces`]); [`Traced`] wraps either
//! direction's [`SeCoder`] and records each element after it is coded, so the
//! decoder's trace holds the values it parsed.

use super::coder::EncCoder;
use super::syntax::SeCoder;
use crate::cabac::{Bin, BlockCat, CabacEncoder, CbpNeighbours};
use crate::error::Result;

/// One syntax element of the macroblock layer, in coding order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Se {
    /// mb_type of an I slice (0..=25) and the ctxIdxInc of its bin 0.
    MbType { value: u32, inc: usize },
    /// transform_size_8x8_flag and its ctxIdxInc.
    Transform8x8 { value: bool, inc: usize },
    /// prev_intra4x4_pred_mode_flag / prev_intra8x8_pred_mode_flag.
    PrevModeFlag(bool),
    /// rem_intra4x4_pred_mode / rem_intra8x8_pred_mode.
    RemMode(u8),
    /// intra_chroma_pred_mode and the ctxIdxInc of its bin 0.
    ChromaPredMode { value: u8, inc: usize },
    /// coded_block_pattern, the neighbour summaries its contexts come from,
    /// and whether chroma bins are coded.
    Cbp {
        value: u8,
        nb: CbpNeighbours,
        chroma: bool,
    },
    /// mb_qp_delta and the ctxIdxInc of its bin 0.
    QpDelta { value: i32, inc: usize },
    /// residual_block_cabac: category, coded_block_flag ctxIdxInc (`None`:
    /// not coded, inferred 1) and the levels in scan order.
    Residual {
        cat: BlockCat,
        cbf_inc: Option<usize>,
        levels: Vec<i32>,
    },
    /// pcm_sample_luma / pcm_sample_chroma bytes.
    Pcm(Vec<u8>),
    /// end_of_slice_flag.
    EndOfSlice(bool),
}

/// What one slice coded.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SliceTrace {
    /// first_mb_in_slice.
    pub first_mb: usize,
    /// Picture width in macroblocks.
    pub width_mbs: usize,
    /// SliceQPY (the contexts are initialized from it).
    pub slice_qp: i32,
    /// ChromaArrayType != 0.
    pub chroma: bool,
    /// transform_8x8_mode_flag of the PPS.
    pub transform_8x8_mode: bool,
    /// The syntax elements in coding order, end_of_slice_flag included.
    pub elements: Vec<Se>,
    /// The encoding engine's symbols in coding order (encoder traces only;
    /// empty in the decoder's).
    pub bins: Vec<Bin>,
    /// slice_data(): the RBSP bytes from the first CABAC byte (after
    /// cabac_alignment_one_bit) to the end, rbsp_trailing_bits included.
    pub data: Vec<u8>,
}

impl SliceTrace {
    /// Codes the elements again with golden's CABAC encoder: the engine
    /// symbols and the slice data they give. For a decoder's trace these are
    /// the bins of the stream it parsed (and the data equals `self.data` up
    /// to the bytes an encoder may append after the last macroblock, such as
    /// cabac_zero_words); for an encoder's trace they equal `bins` and `data`.
    pub fn encode_elements(&self) -> Result<(Vec<Bin>, Vec<u8>)> {
        let mut enc = CabacEncoder::new(self.slice_qp);
        enc.record_bins();
        let mut c = EncCoder(enc);
        for se in &self.elements {
            match se.clone() {
                Se::MbType { mut value, inc } => c.mb_type(&mut value, inc)?,
                Se::Transform8x8 { mut value, inc } => c.transform_8x8_flag(&mut value, inc)?,
                Se::PrevModeFlag(mut v) => c.prev_mode_flag(&mut v)?,
                Se::RemMode(mut v) => c.rem_mode(&mut v)?,
                Se::ChromaPredMode { mut value, inc } => c.chroma_pred_mode(&mut value, inc)?,
                Se::Cbp {
                    mut value,
                    nb,
                    chroma,
                } => c.cbp(&mut value, nb, chroma)?,
                Se::QpDelta { mut value, inc } => c.qp_delta(&mut value, inc)?,
                Se::Residual {
                    cat,
                    cbf_inc,
                    mut levels,
                } => {
                    c.residual(&mut levels, cat, cbf_inc)?;
                }
                Se::Pcm(mut bytes) => {
                    let n = bytes.len();
                    c.pcm(&mut bytes, n)?
                }
                Se::EndOfSlice(end) => c.0.encode_end_of_slice_flag(end),
            }
        }
        let bins = c.0.take_bins();
        Ok((bins, c.0.finish()))
    }
}

/// A [`SeCoder`] that records every element the inner coder codes.
pub struct Traced<C> {
    pub inner: C,
    /// The elements so far; `None`: not recording.
    pub elements: Option<Vec<Se>>,
}

impl<C> Traced<C> {
    /// Wraps `inner`, recording when `record`.
    pub fn new(inner: C, record: bool) -> Self {
        Traced {
            inner,
            elements: record.then(Vec::new),
        }
    }

    /// Records `se` when recording.
    pub fn push(&mut self, se: impl FnOnce() -> Se) {
        if let Some(v) = self.elements.as_mut() {
            v.push(se());
        }
    }
}

impl<C: SeCoder> SeCoder for Traced<C> {
    fn mb_type(&mut self, v: &mut u32, inc: usize) -> Result<()> {
        self.inner.mb_type(v, inc)?;
        self.push(|| Se::MbType { value: *v, inc });
        Ok(())
    }
    fn transform_8x8_flag(&mut self, v: &mut bool, inc: usize) -> Result<()> {
        self.inner.transform_8x8_flag(v, inc)?;
        self.push(|| Se::Transform8x8 { value: *v, inc });
        Ok(())
    }
    fn prev_mode_flag(&mut self, v: &mut bool) -> Result<()> {
        self.inner.prev_mode_flag(v)?;
        self.push(|| Se::PrevModeFlag(*v));
        Ok(())
    }
    fn rem_mode(&mut self, v: &mut u8) -> Result<()> {
        self.inner.rem_mode(v)?;
        self.push(|| Se::RemMode(*v));
        Ok(())
    }
    fn chroma_pred_mode(&mut self, v: &mut u8, inc: usize) -> Result<()> {
        self.inner.chroma_pred_mode(v, inc)?;
        self.push(|| Se::ChromaPredMode { value: *v, inc });
        Ok(())
    }
    fn cbp(&mut self, v: &mut u8, nb: CbpNeighbours, chroma: bool) -> Result<()> {
        self.inner.cbp(v, nb, chroma)?;
        self.push(|| Se::Cbp {
            value: *v,
            nb,
            chroma,
        });
        Ok(())
    }
    fn qp_delta(&mut self, v: &mut i32, inc: usize) -> Result<()> {
        self.inner.qp_delta(v, inc)?;
        self.push(|| Se::QpDelta { value: *v, inc });
        Ok(())
    }
    fn residual(&mut self, c: &mut [i32], cat: BlockCat, cbf_inc: Option<usize>) -> Result<bool> {
        let coded = self.inner.residual(c, cat, cbf_inc)?;
        self.push(|| Se::Residual {
            cat,
            cbf_inc,
            levels: c.to_vec(),
        });
        Ok(coded)
    }
    fn pcm(&mut self, samples: &mut Vec<u8>, n: usize) -> Result<()> {
        self.inner.pcm(samples, n)?;
        self.push(|| Se::Pcm(samples.clone()));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cabac::CabacEncoder;
    use crate::decoder::Decoder;
    use crate::encoder::{Encoder, EncoderConfig};
    use crate::picture::{ChromaFormat, Picture};

    /// A 4:2:0 picture of gradients, edges and pseudo-random noise.
    fn picture(w: usize, h: usize) -> Picture {
        let mut seed = 0x9e37_79b9_u32;
        let mut raw = Vec::new();
        for (pw, ph, k) in [(w, h, 3), (w / 2, h / 2, 5), (w / 2, h / 2, 7)] {
            for y in 0..ph {
                for x in 0..pw {
                    seed = seed.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    let edge = if (x / 7 + y / 5) % 3 == 0 { 90 } else { 0 };
                    let v = (x * k + y * 2) % 160 + edge + (seed >> 28) as usize;
                    raw.push(v.min(255) as u8);
                }
            }
        }
        Picture::from_raw(ChromaFormat::Yuv420, w, h, &raw).unwrap()
    }

    /// The encoder's traces replay to its bytes, and the decoder parses the
    /// same elements from them.
    #[test]
    fn encoder_and_decoder_traces_agree() {
        let cfg = EncoderConfig {
            qp: 20,
            slices: 3,
            transform_8x8: true,
            mb_qp: Some((0..20).map(|i| 14 + (i * 7) % 30).collect()),
            ..Default::default()
        };
        let mut enc = Encoder::new(ChromaFormat::Yuv420, 80, 64, cfg).unwrap();
        enc.record_traces();
        let coded = enc.encode(&picture(80, 64)).unwrap();
        let traces = enc.take_traces();
        assert_eq!(traces.len(), 3);
        assert_eq!(
            traces.iter().map(|t| t.first_mb).collect::<Vec<_>>(),
            [0, 6, 13]
        );
        for t in &traces {
            let mut replay = CabacEncoder::new(t.slice_qp);
            for &b in &t.bins {
                match b {
                    Bin::Ctx(c, v) => replay.encode_decision(c, v),
                    Bin::Bypass(v) => replay.encode_bypass(v),
                    Bin::Term(v) => replay.encode_terminate(v),
                    Bin::Pcm(_) => unreachable!("golden's encoder codes no I_PCM"),
                }
            }
            assert_eq!(replay.finish(), t.data);
            assert_eq!(
                t.encode_elements().unwrap(),
                (t.bins.clone(), t.data.clone())
            );
            assert_eq!(t.elements.last(), Some(&Se::EndOfSlice(true)));
            let eos = t.elements.iter().filter(|e| matches!(e, Se::EndOfSlice(_)));
            let mbs = t.elements.iter().filter(|e| matches!(e, Se::MbType { .. }));
            assert_eq!(eos.count(), mbs.count());
        }
        // Every kind of element the encoder can produce appears.
        let all: Vec<&Se> = traces.iter().flat_map(|t| &t.elements).collect();
        assert!(all
            .iter()
            .any(|e| matches!(e, Se::Transform8x8 { value: true, .. })));
        assert!(all.iter().any(|e| matches!(e, Se::RemMode(_))));
        assert!(all
            .iter()
            .any(|e| matches!(e, Se::QpDelta { value, .. } if *value != 0)));
        assert!(all.iter().any(|e| matches!(e, Se::Cbp { .. })));

        let mut dec = Decoder::new();
        dec.record_traces();
        for nal in crate::bitstream::nal::split_annexb(&coded.bytes) {
            dec.decode_nal(nal).unwrap();
        }
        dec.flush().unwrap();
        let parsed = dec.take_traces();
        assert_eq!(parsed.len(), traces.len());
        for (p, t) in parsed.iter().zip(&traces) {
            assert_eq!(
                (p.first_mb, p.width_mbs, p.slice_qp, p.chroma),
                (t.first_mb, t.width_mbs, t.slice_qp, t.chroma)
            );
            assert_eq!(p.transform_8x8_mode, t.transform_8x8_mode);
            assert_eq!(p.elements, t.elements);
            assert_eq!(p.data, t.data);
            assert!(p.bins.is_empty());
            assert_eq!(
                p.encode_elements().unwrap(),
                (t.bins.clone(), t.data.clone())
            );
        }
    }

    /// Nothing is recorded unless asked for.
    #[test]
    fn recording_is_off_by_default() {
        let mut enc = Encoder::new(ChromaFormat::Yuv420, 32, 32, EncoderConfig::default()).unwrap();
        enc.encode(&picture(32, 32)).unwrap();
        assert!(enc.take_traces().is_empty());
    }
}
