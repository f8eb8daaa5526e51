//! The CABAC blocks' shared stimulus: pictures of real tensors, golden's slice traces
//! (`golden::mb::trace::SliceTrace`) of them, and synthetic slices golden's encoder never
//! makes (I_PCM macroblocks in real pictures, random macroblock syntax). The binarizer,
//! engine and decoder vectors ([`super::bin`], [`super::engine`], [`super::dec`]) are all
//! made from these traces.
//!
//! Traces come from `golden::encoder::Encoder` ([`encoder_traces`]) or from the same slice
//! loop driving `golden::mb::syntax::code_macroblock` directly ([`slice_traces`]: I_PCM at
//! chosen addresses; [`random_traces`], [`random_slice`]: random macroblocks).

use std::ops::Range;
use std::path::Path;

use golden::encoder::decision::decide_macroblock;
use golden::encoder::slice::code_slice;
use golden::encoder::{Encoder, EncoderConfig};
use golden::mb::neighbours::MbNeighbors;
use golden::mb::syntax::SliceParams;
use golden::mb::trace::SliceTrace;
use golden::mb::{Macroblock, MbInfo, MbKind, PCM_CHROMA, PCM_LUMA};
use golden::picture::{ChromaFormat, Picture};

use crate::tensor::Tensor;
use crate::Rng;

/// I_PCM share of [`random_traces`]' macroblocks (percent).
pub const RANDOM_PCM_PERCENT: u32 = 12;

/// Where a slice lies and how it is coded (what the decoder's slice-start beat carries).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SliceCfg {
    /// SliceQPY.
    pub qp: u8,
    /// first_mb_in_slice.
    pub first_mb: usize,
    /// Picture width in macroblocks.
    pub width_mbs: usize,
    /// Macroblocks in the picture.
    pub pic_mbs: usize,
    /// 4:2:0 (else 4:0:0).
    pub chroma: bool,
    /// transform_8x8_mode_flag.
    pub t8x8: bool,
}

/// The slice traces golden's encoder records for `src`.
pub fn encoder_traces(src: &Picture, cfg: EncoderConfig) -> golden::Result<Vec<SliceTrace>> {
    let mut enc = Encoder::new(src.format, src.width, src.height, cfg)?;
    enc.record_traces();
    enc.encode(src)?;
    Ok(enc.take_traces())
}

/// Golden's slice loop (`golden::encoder::slice::code_slice`) with traces on, for a picture of
/// `total` macroblocks, `width_mbs` a row, coding the macroblocks of `slices` (slice k gets
/// slice tag k + 1): `slice_qp(first_mb)` gives SliceQPY and `next(addr, neighbours)` the
/// macroblock to code and the QPY it wants.
fn code_slices(
    width_mbs: usize,
    total: usize,
    slices: &[Range<usize>],
    (chroma, transform_8x8_mode): (bool, bool),
    mut slice_qp: impl FnMut(usize) -> i32,
    mut next: impl FnMut(usize, &MbNeighbors, i32) -> (Macroblock, i32),
) -> golden::Result<Vec<SliceTrace>> {
    let mut infos = vec![MbInfo::default(); total];
    let mut traces = Vec::new();
    for (s, r) in slices.iter().enumerate() {
        let params = SliceParams {
            width_mbs,
            tag: s as u32 + 1,
            slice_qp: slice_qp(r.start),
            chroma,
            transform_8x8_mode,
        };
        let (_, trace) = code_slice(&params, &mut infos, r.clone(), true, &mut next)?;
        traces.push(trace.expect("recording"));
    }
    Ok(traces)
}

/// Golden's encoder's slice loop with macroblock `addr` coded as I_PCM where `pcm(addr)`:
/// its samples are the source's. With `pcm` never true the traces equal
/// [`encoder_traces`]' (tested below).
pub fn slice_traces(
    src: &Picture,
    cfg: &EncoderConfig,
    pcm: impl Fn(usize) -> bool,
) -> golden::Result<Vec<SliceTrace>> {
    // Validates the configuration as the encoder does.
    Encoder::new(src.format, src.width, src.height, cfg.clone())?;
    let chroma = src.format == ChromaFormat::Yuv420;
    let mut rec = Picture::new(src.format, src.width, src.height)?;
    let w = src.width_mbs();
    let mb_qp = |a: usize| cfg.mb_qp.as_ref().map_or(cfg.qp, |m| m[a]);
    let next = |addr: usize, n: &MbNeighbors, _| {
        let qp = mb_qp(addr);
        let mb = if pcm(addr) {
            Macroblock {
                kind: MbKind::Pcm,
                pcm: mb_samples(src, addr),
                ..Default::default()
            }
        } else {
            let params = cfg.decision(qp);
            decide_macroblock(src, &mut rec, addr, n, &params)
        };
        (mb, qp)
    };
    let total = w * src.height_mbs();
    let flags = (chroma, cfg.transform_8x8);
    code_slices(
        w,
        total,
        &even_slices(total, cfg.slices),
        flags,
        mb_qp,
        next,
    )
}

/// Random macroblock syntax: what a random macroblock of a slice codes (`golden::mb`), for
/// paths real pictures seldom reach: every mb_type, chroma and prediction mode, CBP and
/// mb_qp_delta (-26..=25), levels up to the 16-bit limits (EG0 suffixes of 14 + 14 bits),
/// I_PCM (random samples) with `pcm_percent`.
pub fn random_macroblock(rng: &mut Rng, chroma: bool, t8: bool, pcm_percent: u32) -> Macroblock {
    let level = |rng: &mut Rng| -> i32 {
        match rng.range(0, 19) {
            0..=9 => 0,
            10..=13 => [1, -1][rng.range(0, 1) as usize],
            14..=16 => rng.range(-20, 20) as i32,
            17 => rng.range(-3000, 3000) as i32,
            18 => [32767, -32768, -32767, 16397, -16398][rng.range(0, 4) as usize],
            _ => rng.range(-32768, 32767) as i32,
        }
    };
    let sparse = rng.percent(40);
    let fill = |rng: &mut Rng, v: &mut [i32]| {
        for x in v.iter_mut() {
            *x = if sparse && rng.percent(80) {
                0
            } else {
                level(rng)
            };
        }
    };
    let mut mb = Macroblock {
        kind: [MbKind::I4x4, MbKind::I8x8, MbKind::I16x16][rng.range(0, 2) as usize],
        i16_mode: rng.range(0, 3) as u8,
        chroma_mode: if chroma { rng.range(0, 3) as u8 } else { 0 },
        qp_delta: rng.range(-26, 25) as i32,
        ..Default::default()
    };
    if mb.kind == MbKind::I8x8 && !t8 {
        mb.kind = MbKind::I4x4;
    }
    if rng.percent(pcm_percent) {
        mb.kind = MbKind::Pcm;
    }
    if rng.percent(20) {
        mb.qp_delta = 0;
    }
    let step = if mb.kind == MbKind::I8x8 { 4 } else { 1 };
    for b in (0..16).step_by(step) {
        let m = rng.range(0, 8) as u8;
        mb.modes[b..b + step].fill(m);
    }
    let cbp_chroma = if chroma { rng.range(0, 2) as u8 } else { 0 };
    mb.cbp = (cbp_chroma << 4)
        | if rng.percent(15) {
            0
        } else {
            rng.range(0, 15) as u8
        };
    if mb.kind == MbKind::I16x16 && mb.cbp & 15 != 0 {
        mb.cbp |= 15;
    }
    fill(rng, &mut mb.luma);
    fill(rng, &mut mb.luma_dc);
    for c in mb.chroma_dc.iter_mut() {
        fill(rng, c);
    }
    for c in mb.chroma_ac.iter_mut() {
        fill(rng, c);
    }
    if mb.kind == MbKind::I8x8 {
        // An 8x8 block in the CBP is coded without coded_block_flag: never all zero.
        for b8 in 0..4 {
            if mb.luma[64 * b8..64 * b8 + 64].iter().all(|&l| l == 0) {
                mb.luma[64 * b8 + rng.range(0, 63) as usize] = level(rng) | 1;
            }
        }
    }
    if mb.kind == MbKind::Pcm {
        let n = PCM_LUMA + if chroma { 2 * PCM_CHROMA } else { 0 };
        mb.pcm = (0..n).map(|_| rng.next_u64() as u8).collect();
        mb.qp_delta = 0;
    }
    mb
}

/// Slices of random macroblocks (`random_macroblock`) with random SliceQPY over a picture
/// `width_mbs` x `height_mbs`, coded by golden's `code_macroblock` in the encoder's slice
/// loop.
pub fn random_traces(
    rng: &mut Rng,
    width_mbs: usize,
    height_mbs: usize,
    slices: usize,
    chroma: bool,
    transform_8x8_mode: bool,
) -> golden::Result<Vec<SliceTrace>> {
    let qps: Vec<i32> = (0..slices).map(|_| rng.range(0, 51) as i32).collect();
    let total = width_mbs * height_mbs;
    let mut k = 0;
    let slice_qp = |_: usize| {
        k += 1;
        qps[k - 1]
    };
    let next = |_: usize, _: &MbNeighbors, qp_pred: i32| {
        let mb = random_macroblock(rng, chroma, transform_8x8_mode, RANDOM_PCM_PERCENT);
        let qp = (qp_pred + mb.qp_delta).rem_euclid(52);
        (mb, qp)
    };
    let flags = (chroma, transform_8x8_mode);
    code_slices(
        width_mbs,
        total,
        &even_slices(total, slices),
        flags,
        slice_qp,
        next,
    )
}

/// One slice of `mbs` random macroblocks (`random_macroblock`, I_PCM with `pcm_percent`) from
/// macroblock `s.first_mb` on, in a picture of `s.pic_mbs` macroblocks, `s.width_mbs` a row,
/// SliceQPY `s.qp`, coded by golden's `code_macroblock` in the encoder's slice loop.
pub fn random_slice(rng: &mut Rng, s: &SliceCfg, mbs: usize, pcm_percent: u32) -> SliceTrace {
    let next = |_: usize, _: &MbNeighbors, qp_pred: i32| {
        let mb = random_macroblock(rng, s.chroma, s.t8x8, pcm_percent);
        let qp = (qp_pred + mb.qp_delta).rem_euclid(52);
        (mb, qp)
    };
    let range = s.first_mb..s.first_mb + mbs;
    let flags = (s.chroma, s.t8x8);
    let qp = |_: usize| i32::from(s.qp);
    let mut t = code_slices(
        s.width_mbs,
        s.pic_mbs,
        std::slice::from_ref(&range),
        flags,
        qp,
        next,
    )
    .expect("coding");
    t.pop().expect("one slice")
}

/// The macroblock ranges of `slices` slices of a picture of `total` macroblocks, as golden's
/// encoder cuts them.
fn even_slices(total: usize, slices: usize) -> Vec<Range<usize>> {
    (0..slices)
        .map(|s| total * s / slices..total * (s + 1) / slices)
        .collect()
}

/// The source samples of macroblock `addr` in pcm_sample order: luma raster, then Cb, Cr
/// (edge samples repeated past the picture).
fn mb_samples(src: &Picture, addr: usize) -> Vec<u8> {
    let w = src.width_mbs();
    let (x0, y0) = (16 * (addr % w), 16 * (addr / w));
    let mut v = Vec::with_capacity(PCM_LUMA + 2 * PCM_CHROMA);
    for (k, p) in src.planes.iter().enumerate() {
        let n = if k == 0 { 16 } else { 8 };
        let (px, py) = (x0 * n / 16, y0 * n / 16);
        for y in 0..n {
            for x in 0..n {
                v.push(p.at((px + x).min(p.width - 1), (py + y).min(p.height - 1)));
            }
        }
    }
    v
}

/// A `width` x `height` picture of `format` from the aligned 8-bit samples of `t` (what the
/// lanes code), read in raster order from sample `offset` on (wrapping), luma first, then Cb
/// and Cr.
pub fn tensor_picture(
    t: &Tensor,
    format: ChromaFormat,
    width: usize,
    height: usize,
    offset: usize,
) -> Picture {
    let s = &t.aligned.samples;
    let n = match format {
        ChromaFormat::Monochrome => width * height,
        ChromaFormat::Yuv420 => width * height + 2 * width.div_ceil(2) * height.div_ceil(2),
    };
    let raw: Vec<u8> = (0..n).map(|k| s[(offset + k) % s.len()]).collect();
    Picture::from_raw(format, width, height, &raw).expect("picture size")
}

/// A `width` x `height` picture of a tensor as the codec's image of it
/// (`tensor::image::tensor_image`: the tensor's range mapped to 0..=255, pixel (x, y) =
/// element (y % rows, x % cols)); 4:2:0 chroma from the same image, subsampled.
pub fn tensor_image_picture(
    model: &Path,
    tensor: &str,
    format: ChromaFormat,
    width: usize,
    height: usize,
) -> golden::Result<Picture> {
    let st = ::tensor::SafeTensors::read(model)?;
    let luma = ::tensor::image::tensor_image(&st, tensor, width, height)?;
    let mut raw = luma.clone();
    if format == ChromaFormat::Yuv420 {
        for _ in 0..2 {
            for y in 0..height / 2 {
                for x in 0..width / 2 {
                    raw.push(luma[2 * y * width + 2 * x]);
                }
            }
        }
    }
    Picture::from_raw(format, width, height, &raw)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use golden::cabac::{Bin, CabacEncoder};
    use golden::mb::trace::Se;

    /// A 48x40 4:2:0 test picture.
    pub(crate) fn picture() -> Picture {
        let raw: Vec<u8> = (0..48 * 40 * 3 / 2)
            .map(|k| ((k * 37 + k / 48 * 11) % 251) as u8)
            .collect();
        Picture::from_raw(ChromaFormat::Yuv420, 48, 40, &raw).unwrap()
    }

    /// The slice loop without I_PCM is golden's encoder's; with it, the symbols replay to
    /// the slice's bytes and every macroblock ends with end_of_slice_flag.
    #[test]
    fn slice_loop_matches_the_encoder() {
        let cfg = EncoderConfig {
            qp: 24,
            slices: 2,
            transform_8x8: true,
            ..Default::default()
        };
        let src = picture();
        let want = encoder_traces(&src, cfg.clone()).unwrap();
        assert_eq!(slice_traces(&src, &cfg, |_| false).unwrap(), want);
        let with_pcm = slice_traces(&src, &cfg, |a| a % 3 == 1).unwrap();
        for t in &with_pcm {
            let mut replay = CabacEncoder::new(t.slice_qp);
            let mut pcm = Vec::new();
            for &b in &t.bins {
                match b {
                    Bin::Ctx(c, v) => replay.encode_decision(c, v),
                    Bin::Bypass(v) => replay.encode_bypass(v),
                    Bin::Term(v) => replay.encode_terminate(v),
                    Bin::Pcm(v) => {
                        pcm.push(v);
                        if pcm.len() == PCM_LUMA + 2 * PCM_CHROMA {
                            replay.encode_pcm(&pcm);
                            pcm.clear();
                        }
                    }
                }
            }
            assert_eq!(replay.finish(), t.data);
            assert!(t.elements.iter().any(|e| matches!(e, Se::Pcm(_))));
        }
    }
}
