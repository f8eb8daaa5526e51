//! The encoder's intra mode decision (`rtl/encoder/enc_decide_i16.sv`): one case per
//! macroblock of a picture coded by the golden encoder in the `i16x16` profile.
//!
//! Inputs are the macroblock's source samples and the neighbours golden predicted from (its
//! reconstruction, deblocking off; availability from `MbNeighbors::avail_mb` over the slices
//! golden coded). The expected modes are the ones golden's encoder chose (read back from its
//! slice traces: mb_type and intra_chroma_pred_mode), and the expected SATDs of every available
//! mode come from `intra::predict16x16` / `intra::predict_chroma` and `intra::satd16x16` /
//! `intra::satd8x8`, the functions the decision calls.

use golden::encoder::{Encoder, EncoderConfig, Profile};
use golden::intra::{self, Avail};
use golden::mb::neighbours::MbNeighbors;
use golden::mb::trace::Se;
use golden::mb::MbInfo;
use golden::picture::{ChromaFormat, Picture, Plane};

/// One macroblock into `enc_decide_i16`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecideIn {
    /// Luma 16x16, then Cb 8x8 and Cr 8x8 (zeros for 4:0:0), each raster order.
    pub src: [u8; 384],
    /// p[0..15, -1] of luma, then p[0..7, -1] of Cb and of Cr (0 where not available).
    pub top: [u8; 32],
    /// p[-1, 0..15] of luma, then p[-1, 0..7] of Cb and Cr.
    pub left: [u8; 32],
    /// p[-1, -1] of luma, Cb, Cr.
    pub corner: [u8; 3],
    /// {top_left, left, top} as bits 2, 1, 0.
    pub avail: u8,
    /// 4:2:0.
    pub chroma: bool,
}

/// What `enc_decide_i16` gives for one macroblock.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecideOut {
    /// Intra16x16 prediction mode (0 V, 1 H, 2 DC, 3 plane).
    pub luma_mode: u8,
    /// intra_chroma_pred_mode (0 DC, 1 H, 2 V, 3 plane); 0 for 4:0:0.
    pub chroma_mode: u8,
    /// SATD16x16 of each luma mode.
    pub luma_satd: [u32; 4],
    /// SATD8x8(Cb) + SATD8x8(Cr) of each chroma mode.
    pub chroma_satd: [u32; 4],
}

/// Golden's result for one macroblock: the modes, and the SATD of each available mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DecideExpect {
    pub luma_mode: u8,
    pub chroma_mode: u8,
    pub luma_satd: [Option<u32>; 4],
    pub chroma_satd: [Option<u32>; 4],
}

impl DecideExpect {
    /// The RTL's output agrees: the same modes, and the same SATD for every available mode
    /// (the others are not defined).
    pub fn matches(&self, out: &DecideOut) -> bool {
        let same = |want: &[Option<u32>; 4], got: &[u32; 4]| {
            want.iter().zip(got).all(|(w, g)| w.is_none_or(|w| w == *g))
        };
        self.luma_mode == out.luma_mode
            && self.chroma_mode == out.chroma_mode
            && same(&self.luma_satd, &out.luma_satd)
            && same(&self.chroma_satd, &out.chroma_satd)
    }
}

/// The neighbours of the `n` x `n` block at (x, y) of `plane`, 0 where not available.
fn edges(plane: &Plane, x: usize, y: usize, n: usize, a: Avail) -> (Vec<u8>, Vec<u8>, u8) {
    let top = (0..n)
        .map(|i| if a.top { plane.at(x + i, y - 1) } else { 0 })
        .collect();
    let left = (0..n)
        .map(|j| if a.left { plane.at(x - 1, y + j) } else { 0 })
        .collect();
    let corner = if a.top_left {
        plane.at(x - 1, y - 1)
    } else {
        0
    };
    (top, left, corner)
}

/// Codes `src` with golden's encoder in the `i16x16` profile (deblocking off; `cfg`'s other
/// settings kept) and returns every macroblock's decision case, in raster order.
pub fn decide_cases(
    src: &Picture,
    cfg: EncoderConfig,
) -> golden::Result<Vec<(DecideIn, DecideExpect)>> {
    let cfg = EncoderConfig {
        profile: Profile::I16X16_ONLY,
        deblock: false,
        ..cfg
    };
    let mut enc = Encoder::new(src.format, src.width, src.height, cfg)?;
    enc.record_traces();
    let rec = enc.encode(src)?.recon;
    let traces = enc.take_traces();
    let (w, total) = (src.width_mbs(), src.width_mbs() * src.height_mbs());
    let chroma = src.format == ChromaFormat::Yuv420;

    // Slice tags and decisions from the traces.
    let mut infos = vec![MbInfo::default(); total];
    let mut modes = vec![(0u8, 0u8); total];
    for (s, t) in traces.iter().enumerate() {
        let mut addr = t.first_mb;
        for e in &t.elements {
            match *e {
                Se::MbType { value, .. } => {
                    assert!((1..=24).contains(&value), "i16x16 profile: mb_type {value}");
                    infos[addr].slice = s as u32 + 1;
                    modes[addr].0 = ((value - 1) % 4) as u8;
                    addr += 1;
                }
                Se::ChromaPredMode { value, .. } => modes[addr - 1].1 = value,
                _ => {}
            }
        }
    }

    let mut cases = Vec::with_capacity(total);
    for addr in 0..total {
        let a = MbNeighbors::of(&infos, w, addr, infos[addr].slice).avail_mb();
        let (x, y) = (16 * (addr % w), 16 * (addr / w));
        let mut input = DecideIn {
            src: [0; 384],
            top: [0; 32],
            left: [0; 32],
            corner: [0; 3],
            avail: u8::from(a.top) | u8::from(a.left) << 1 | u8::from(a.top_left) << 2,
            chroma,
        };
        let s16: [[u8; 16]; 16] = src.planes[0].block(x, y);
        for (j, row) in s16.iter().enumerate() {
            input.src[16 * j..16 * j + 16].copy_from_slice(row);
        }
        let (t, l, c) = edges(&rec.planes[0], x, y, 16, a);
        input.top[..16].copy_from_slice(&t);
        input.left[..16].copy_from_slice(&l);
        input.corner[0] = c;
        let mut want = DecideExpect {
            luma_mode: modes[addr].0,
            chroma_mode: modes[addr].1,
            luma_satd: [None; 4],
            chroma_satd: [None; 4],
        };
        for m in 0..4u8 {
            want.luma_satd[m as usize] =
                intra::predict16x16(&rec.planes[0], x, y, m, a).map(|p| intra::satd16x16(&s16, &p));
        }
        if chroma {
            let (cx, cy) = (x / 2, y / 2);
            let mut sums = [Some(0u32); 4];
            for comp in 0..2 {
                let plane = &rec.planes[1 + comp];
                let s8: [[u8; 8]; 8] = src.planes[1 + comp].block(cx, cy);
                for (j, row) in s8.iter().enumerate() {
                    let at = 256 + 64 * comp + 8 * j;
                    input.src[at..at + 8].copy_from_slice(row);
                }
                let (t, l, c) = edges(plane, cx, cy, 8, a);
                input.top[16 + 8 * comp..24 + 8 * comp].copy_from_slice(&t);
                input.left[16 + 8 * comp..24 + 8 * comp].copy_from_slice(&l);
                input.corner[1 + comp] = c;
                for (m, sum) in sums.iter_mut().enumerate() {
                    let satd = intra::predict_chroma(plane, cx, cy, m as u8, a)
                        .map(|p| intra::satd8x8(&s8, &p));
                    *sum = sum.zip(satd).map(|(s, v)| s + v);
                }
            }
            want.chroma_satd = sums;
        }
        cases.push((input, want));
    }
    Ok(cases)
}
