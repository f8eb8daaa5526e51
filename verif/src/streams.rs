//! Whole CABAC slices as the codec produces them, with their traces
//! (golden::mb::trace): the stimulus and expected results of the RTL CABAC
//! engines at the level of a slice.
//!
//! [`tensor_slices`] codes a real weight tensor the way `tricodec compress`
//! does (the tensor crate's codec with its default parameters, at a target
//! rate) and parses the streams back with the golden decoder, so the traces
//! are exactly what the tensor codec's hardware would code.

use std::path::Path;

use ::tensor::codec::{compress, CodecParams, CodedTensor, QpChoice};
use ::tensor::SafeTensors;
use golden::align::FloatVec;
use golden::bitstream::nal::split_annexb;
use golden::cabac::Bin;
use golden::decoder::Decoder;
use golden::encoder::EncoderConfig;
use golden::mb::trace::{Se, SliceTrace};
use golden::picture::Picture;

/// One coded tensor: its slices with bins, and what they cost.
pub struct TensorSlices {
    /// Every slice of every tile stream, `bins` filled in.
    pub slices: Vec<SliceTrace>,
    /// Values of the tensor.
    pub values: usize,
    /// Bytes of the tensor codec's output (parameters and streams).
    pub bytes: u64,
}

impl TensorSlices {
    /// Bits per value of the codec's output.
    pub fn bits_per_value(&self) -> f64 {
        self.bytes as f64 * 8.0 / self.values as f64
    }

    /// (context-coded, bypass, terminate) bins over all slices; I_PCM bytes
    /// are not bins.
    pub fn bin_counts(&self) -> (u64, u64, u64) {
        let mut n = (0, 0, 0);
        for b in self.slices.iter().flat_map(|s| &s.bins) {
            match b {
                Bin::Ctx(..) => n.0 += 1,
                Bin::Bypass(_) => n.1 += 1,
                Bin::Term(_) => n.2 += 1,
                Bin::Pcm(_) => {}
            }
        }
        n
    }
}

/// Codes tensor `name` of the safetensors file `path` the way `tricodec compress --bits` does
/// for one tensor: the tensor codec's default parameters, the byte budget of `bits` bits per
/// value. Returns the coded tensor (one stream per tile) and its number of values.
pub fn code_tensor(path: &Path, name: &str, bits: f64) -> golden::Result<(CodedTensor, usize)> {
    let (coded, shape) = code_tensor_with(path, name, bits, &CodecParams::default())?;
    Ok((coded, shape.iter().product()))
}

/// [`code_tensor`] with the codec's parameters `params` (e.g. several slices a tile); returns
/// the coded tensor and the tensor's shape.
pub fn code_tensor_with(
    path: &Path,
    name: &str,
    bits: f64,
    params: &CodecParams,
) -> golden::Result<(CodedTensor, Vec<usize>)> {
    let st = SafeTensors::read(path)?;
    let view = st
        .get(name)
        .ok_or_else(|| golden::Error::Config(format!("no tensor {name} in {}", path.display())))?;
    let values = FloatVec::from_le_bytes(st.bytes(name)?, view.dtype.align()?)?;
    let coded = code_values(name, &values, &view.shape, bits, params)?;
    Ok((coded, view.shape.clone()))
}

/// Codes `values` (a tensor of `shape`) as [`code_tensor_with`] does: `params`, a byte budget
/// of `bits` bits per value.
pub fn code_values(
    name: &str,
    values: &FloatVec,
    shape: &[usize],
    bits: f64,
    params: &CodecParams,
) -> golden::Result<CodedTensor> {
    let n: usize = shape.iter().product();
    let budget = (bits * n as f64 / 8.0).floor() as u64;
    compress(name, values, shape, params, QpChoice::Budget(budget))
}

/// Parses every slice of an Annex B stream with the golden decoder and
/// fills in each slice's bins (`SliceTrace::encode_elements`).
pub fn stream_slices(stream: &[u8]) -> golden::Result<Vec<SliceTrace>> {
    let mut dec = Decoder::new();
    dec.record_traces();
    for nal in split_annexb(stream) {
        dec.decode_nal(nal)?;
    }
    dec.flush()?;
    let mut slices = dec.take_traces();
    for s in &mut slices {
        s.bins = s.encode_elements()?.0;
    }
    Ok(slices)
}

/// Codes tensor `name` of the safetensors file `path` as [`code_tensor`] does and returns its
/// slices.
pub fn tensor_slices(path: &Path, name: &str, bits: f64) -> golden::Result<TensorSlices> {
    let (coded, n) = code_tensor(path, name, bits)?;
    let mut slices = Vec::new();
    for s in &coded.streams {
        slices.extend(stream_slices(s)?);
    }
    Ok(TensorSlices {
        slices,
        values: n,
        bytes: coded.bytes(),
    })
}

/// The tensor codec's own per-macroblock QP maps as encoder-lane codings: tensor `name` of
/// `path` coded as in [`tensor_slices`] at `bits` bits per value; for each tile stream, the
/// picture golden's decoder reconstructs from it and the QP of every macroblock (SliceQPY plus
/// the mb_qp_delta chain of its slice), with the stream's slice count and the codec's dead
/// zone. Re-coding that picture with those settings gives the encoder lane the QP maps the
/// tensor rate control produced, on a real tensor tile.
pub fn tensor_qp_map_codings(
    path: &Path,
    name: &str,
    bits: f64,
) -> golden::Result<Vec<(Picture, EncoderConfig)>> {
    let (coded, _) = code_tensor(path, name, bits)?;
    let params = CodecParams::default();
    let mut out = Vec::new();
    for stream in &coded.streams {
        let mut pics = Decoder::decode_stream(stream)?;
        let pic = pics
            .pop()
            .ok_or_else(|| golden::Error::Config("no picture".into()))?;
        let slices = stream_slices(stream)?;
        let mut map = Vec::with_capacity(pic.width_mbs() * pic.height_mbs());
        for s in &slices {
            let mut qp = s.slice_qp;
            for e in &s.elements {
                if let Se::QpDelta { value, .. } = *e {
                    qp = (qp + value).rem_euclid(52);
                    map.push(qp);
                }
            }
        }
        let cfg = EncoderConfig {
            qp: map[0],
            slices: slices.len(),
            deadzone: params.deadzone,
            mb_qp: Some(map),
            ..Default::default()
        };
        out.push((pic, cfg));
    }
    Ok(out)
}

/// The top-left `w_mbs` x `h_mbs` macroblocks of a coding of [`tensor_qp_map_codings`] (at
/// most the picture's): the same samples and per-macroblock QPs, the slice count capped at the
/// macroblocks left. A smaller real-tensor picture for a gate-level run of the encoder lane.
pub fn crop_coding(
    pic: &Picture,
    cfg: &EncoderConfig,
    w_mbs: usize,
    h_mbs: usize,
) -> golden::Result<(Picture, EncoderConfig)> {
    let (w, h) = (w_mbs.min(pic.width_mbs()), h_mbs.min(pic.height_mbs()));
    if w == 0 || h == 0 {
        return Err(golden::Error::Config("crop of no macroblock".into()));
    }
    let mut out = Picture::new(
        pic.format,
        (16 * w).min(pic.width),
        (16 * h).min(pic.height),
    )?;
    for p in 0..out.planes.len() {
        let (pw, ph) = out.visible(p);
        for y in 0..ph {
            for x in 0..pw {
                let v = pic.planes[p].at(x, y);
                out.planes[p].set(x, y, v);
            }
        }
    }
    let map = cfg.mb_qp.as_ref().map(|m| {
        (0..h)
            .flat_map(|y| (0..w).map(move |x| y * pic.width_mbs() + x))
            .map(|a| m[a])
            .collect::<Vec<_>>()
    });
    let cfg = EncoderConfig {
        qp: map.as_ref().map_or(cfg.qp, |m| m[0]),
        slices: cfg.slices.min(w * h),
        mb_qp: map,
        ..cfg.clone()
    };
    Ok((out, cfg))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A crop keeps the tile's samples and its macroblocks' QPs, in raster order of the crop.
    #[test]
    fn crop_keeps_samples_and_qps() {
        let model =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../build/models/stories260K.safetensors");
        let codings =
            tensor_qp_map_codings(&model, "model.layers.2.self_attn.q_proj.weight", 2.5).unwrap();
        let (pic, cfg) = &codings[0];
        let (crop, ccfg) = crop_coding(pic, cfg, 2, 2).unwrap();
        assert_eq!((crop.width, crop.height, crop.format), (32, 32, pic.format));
        for (x, y) in [(0, 0), (31, 0), (5, 17), (31, 31)] {
            assert_eq!(crop.planes[0].at(x, y), pic.planes[0].at(x, y));
        }
        let map = cfg.mb_qp.as_ref().unwrap();
        let w = pic.width_mbs();
        assert_eq!(ccfg.mb_qp, Some(vec![map[0], map[1], map[w], map[w + 1]]));
        assert_eq!(ccfg.qp, map[0]);
        assert!(ccfg.slices >= 1 && ccfg.slices <= 4);
        assert_eq!(ccfg.deadzone, cfg.deadzone);
        assert!(crop_coding(pic, cfg, 0, 2).is_err());
    }

    /// stories260K's q_proj of layer 2 at 2.5 bits/value: the codec meets the
    /// rate, the bins re-encode to the streams' bytes, and the mix of bins is
    /// that of a residual-dominated intra stream.
    #[test]
    fn tensor_slices_of_a_real_tensor() {
        let model =
            Path::new(env!("CARGO_MANIFEST_DIR")).join("../build/models/stories260K.safetensors");
        assert!(
            model.is_file(),
            "{} missing: run scripts/bootstrap.sh (see README.md)",
            model.display()
        );
        let t = tensor_slices(&model, "model.layers.2.self_attn.q_proj.weight", 2.5).unwrap();
        assert_eq!(t.values, 64 * 64);
        let bpv = t.bits_per_value();
        assert!((2.0..=2.5).contains(&bpv), "{bpv} bits/value");
        for s in &t.slices {
            assert_eq!(s.encode_elements().unwrap().1, s.data);
        }
        let (ctx, bypass, term) = t.bin_counts();
        let per_value = (ctx + bypass + term) as f64 / t.values as f64;
        assert!(
            ctx > bypass && bypass > 0 && term > 0,
            "{ctx} {bypass} {term}"
        );
        assert!((1.0..6.0).contains(&per_value), "{per_value} bins/value");
    }
}
