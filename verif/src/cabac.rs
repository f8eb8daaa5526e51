//! CABAC binarizer stimulus (`rtl/cabac/cabac_enc_bin.sv`): golden encoder slice traces
//! (`golden::mb::trace::SliceTrace`), their syntax elements as the RTL's element beats
//! (`rtl/cabac/cabac_se.sv`) and the engine symbols the RTL must emit
//! (`rtl/cabac/cabac_sym.sv`), bypass groups flattened to single bins.
//!
//! Traces come from `golden::encoder::Encoder` ([`encoder_traces`]) or, with I_PCM macroblocks
//! at chosen addresses, from the same slice loop driving `golden::mb::syntax::code_macroblock`
//! directly ([`slice_traces`]: golden's encoder never codes I_PCM).

use golden::cabac::{Bin, BlockCat, CabacEncoder};
use golden::encoder::decision::{decide_macroblock, DecisionParams};
use golden::encoder::{Encoder, EncoderConfig};
use golden::mb::coder::EncCoder;
use golden::mb::neighbours::MbNeighbors;
use golden::mb::recon::ChromaQpOffsets;
use golden::mb::syntax::{code_macroblock, MbSyntaxCtx};
use golden::mb::trace::{Se, SliceTrace, Traced};
use golden::mb::{Macroblock, MbInfo, MbKind, PCM_CHROMA, PCM_LUMA};
use golden::picture::{ChromaFormat, Picture};

use crate::hex::Column;
use crate::tensor::Tensor;
use crate::Rng;

/// Bits of one element beat (`CABAC_SE_W`).
pub const SE_BITS: usize = 272;
/// 32-bit words of one element beat.
pub const SE_WORDS: usize = SE_BITS.div_ceil(32);
/// One element beat, least significant word first.
pub type SeBeat = [u32; SE_WORDS];

/// Bits of one symbol (`CABAC_SYM_W`).
pub const SYM_BITS: usize = 20;

/// Element kinds (`CABAC_SE_*`).
pub mod kind {
    pub const SLICE: u32 = 0;
    pub const MBTYPE: u32 = 1;
    pub const T8: u32 = 2;
    pub const PREV: u32 = 3;
    pub const REM: u32 = 4;
    pub const CHROMA: u32 = 5;
    pub const CBP: u32 = 6;
    pub const QPD: u32 = 7;
    pub const RES: u32 = 8;
    pub const PCM: u32 = 9;
    pub const EOS: u32 = 10;
}

/// PCM bytes per element beat.
pub const PCM_PER_BEAT: usize = 32;

/// One engine symbol with bypass groups flattened: what the engine after the binarizer sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sym {
    /// Slice start, SliceQPY.
    Init(u8),
    /// Context-coded bin (ctxIdx, binVal).
    Ctx(u16, u8),
    /// One bypass bin.
    Bypass(u8),
    /// Terminate bin.
    Term(u8),
    /// One I_PCM byte.
    Pcm(u8),
    /// Slice end.
    End,
}

impl Sym {
    /// The symbols of one RTL symbol word (a BYPASS group gives its n bins, first bin first).
    pub fn from_rtl(w: u32) -> Vec<Sym> {
        let (kind, ctx, val) = ((w >> 17) & 7, (w >> 8) & 0x1ff, (w & 0xff) as u8);
        match kind {
            0 => vec![Sym::Ctx(ctx as u16, val)],
            1 => {
                let n = ctx & 0xf;
                assert!((1..=8).contains(&n), "BYPASS group of {n} bins ({w:05x})");
                (0..n).rev().map(|k| Sym::Bypass((val >> k) & 1)).collect()
            }
            2 => vec![Sym::Term(val)],
            3 => vec![Sym::Pcm(val)],
            4 => vec![Sym::Init(val)],
            5 => vec![Sym::End],
            _ => panic!("symbol kind {kind} ({w:05x})"),
        }
    }
}

impl Sym {
    /// The RTL symbol word of this symbol (a bypass bin as a group of one).
    pub fn to_rtl(self) -> u32 {
        match self {
            Sym::Ctx(c, b) => (u32::from(c) << 8) | u32::from(b),
            Sym::Bypass(b) => (1 << 17) | (1 << 8) | u32::from(b),
            Sym::Term(b) => (2 << 17) | u32::from(b),
            Sym::Pcm(v) => (3 << 17) | u32::from(v),
            Sym::Init(q) => (4 << 17) | u32::from(q),
            Sym::End => 5 << 17,
        }
    }
}

/// Vector files of `traces` (docs/verification.md, "Vector files"): `cabac_bin.se`, one
/// element beat a row (17 x 16 bits, header first), and `cabac_bin.sym`, the expected
/// symbols one a row (20 bits, bypass bins as groups of one).
pub fn columns(traces: &[SliceTrace]) -> Vec<Column> {
    let mut se = Column::new("cabac_bin.se", 16, SE_BITS / 16, false);
    let mut sym = Column::new("cabac_bin.sym", SYM_BITS as u32, 1, false);
    for t in traces {
        for b in se_beats(t) {
            se.push(
                (0..SE_BITS / 16)
                    .map(|k| i64::from((b[k / 2] >> (16 * (k % 2))) & 0xffff))
                    .collect(),
            );
        }
        for s in expected_symbols(t) {
            sym.push(vec![i64::from(s.to_rtl())]);
        }
    }
    vec![se, sym]
}

/// The symbols the binarizer must emit for `t`: INIT, golden's bins, END.
pub fn expected_symbols(t: &SliceTrace) -> Vec<Sym> {
    let mut v = Vec::with_capacity(t.bins.len() + 2);
    v.push(Sym::Init(t.slice_qp as u8));
    v.extend(t.bins.iter().map(|&b| match b {
        Bin::Ctx(c, b) => Sym::Ctx(c as u16, b as u8),
        Bin::Bypass(b) => Sym::Bypass(b as u8),
        Bin::Term(b) => Sym::Term(b as u8),
        Bin::Pcm(b) => Sym::Pcm(b),
    }));
    v.push(Sym::End);
    v
}

fn put(beat: &mut SeBeat, pos: usize, width: usize, value: u64) {
    for k in 0..width {
        if (value >> k) & 1 == 1 {
            beat[(pos + k) / 32] |= 1 << ((pos + k) % 32);
        }
    }
}

fn beat(kind: u32, cat: u32, idx: u32, part: u32) -> SeBeat {
    let mut b = [0; SE_WORDS];
    put(&mut b, 0, 4, u64::from(kind));
    put(&mut b, 4, 3, u64::from(cat));
    put(&mut b, 7, 4, u64::from(idx));
    put(&mut b, 11, 2, u64::from(part));
    b
}

fn scalar(kind: u32, value: u64) -> SeBeat {
    let mut b = beat(kind, 0, 0, 0);
    put(&mut b, 16, 16, value & 0xffff);
    b
}

/// The element beats of slice `t` (`rtl/cabac/cabac_se.sv`), slice start first. The block
/// index of each residual block follows from the macroblock's coded_block_pattern and the
/// blocks before it, as residual() (7.3.5.3) orders them.
pub fn se_beats(t: &SliceTrace) -> Vec<SeBeat> {
    let mut out = Vec::with_capacity(t.elements.len() + 1);
    let mut b = beat(kind::SLICE, 0, 0, 0);
    put(&mut b, 16, 6, t.slice_qp as u64);
    put(&mut b, 22, 1, u64::from(t.chroma));
    put(&mut b, 23, 1, u64::from(t.transform_8x8_mode));
    put(&mut b, 32, 16, (t.first_mb % t.width_mbs) as u64);
    put(&mut b, 48, 16, t.width_mbs as u64);
    out.push(b);
    // Per macroblock: luma CBP and the residual blocks seen so far by kind.
    let (mut cbp_luma, mut luma_n, mut cdc_n, mut cac_n) = (0u8, 0usize, 0u32, 0u32);
    for e in &t.elements {
        match e {
            Se::MbType { value, .. } => {
                let v = *value;
                cbp_luma = if (13..=24).contains(&v) { 15 } else { 0 };
                (luma_n, cdc_n, cac_n) = (0, 0, 0);
                out.push(scalar(kind::MBTYPE, u64::from(v)));
            }
            Se::Transform8x8 { value, .. } => out.push(scalar(kind::T8, u64::from(*value))),
            Se::PrevModeFlag(f) => out.push(scalar(kind::PREV, u64::from(*f))),
            Se::RemMode(r) => out.push(scalar(kind::REM, u64::from(*r))),
            Se::ChromaPredMode { value, .. } => out.push(scalar(kind::CHROMA, u64::from(*value))),
            Se::Cbp { value, .. } => {
                cbp_luma = value & 15;
                out.push(scalar(kind::CBP, u64::from(*value)));
            }
            Se::QpDelta { value, .. } => out.push(scalar(kind::QPD, *value as u64)),
            Se::Residual { cat, levels, .. } => {
                let coded_b8: Vec<u32> = (0..4).filter(|b| cbp_luma >> b & 1 == 1).collect();
                let idx = match cat {
                    BlockCat::LumaDc => 0,
                    BlockCat::LumaAc | BlockCat::Luma4x4 => {
                        luma_n += 1;
                        4 * coded_b8[(luma_n - 1) / 4] + ((luma_n - 1) % 4) as u32
                    }
                    BlockCat::Luma8x8 => {
                        luma_n += 1;
                        coded_b8[luma_n - 1]
                    }
                    BlockCat::ChromaDc => {
                        cdc_n += 1;
                        cdc_n - 1
                    }
                    BlockCat::ChromaAc => {
                        cac_n += 1;
                        cac_n - 1
                    }
                };
                for (part, chunk) in levels.chunks(16).enumerate() {
                    let mut b = beat(kind::RES, *cat as u32, idx, part as u32);
                    for (k, &l) in chunk.iter().enumerate() {
                        put(&mut b, 16 + 16 * k, 16, u64::from(l as u16));
                    }
                    out.push(b);
                }
            }
            Se::Pcm(bytes) => {
                for chunk in bytes.chunks(PCM_PER_BEAT) {
                    assert_eq!(chunk.len(), PCM_PER_BEAT, "PCM bytes come in whole beats");
                    let mut b = beat(kind::PCM, 0, 0, 0);
                    for (k, &v) in chunk.iter().enumerate() {
                        put(&mut b, 16 + 8 * k, 8, u64::from(v));
                    }
                    out.push(b);
                }
            }
            Se::EndOfSlice(f) => out.push(scalar(kind::EOS, u64::from(*f))),
        }
    }
    out
}

/// The slice traces golden's encoder records for `src`.
pub fn encoder_traces(src: &Picture, cfg: EncoderConfig) -> golden::Result<Vec<SliceTrace>> {
    let mut enc = Encoder::new(src.format, src.width, src.height, cfg)?;
    enc.record_traces();
    enc.encode(src)?;
    Ok(enc.take_traces())
}

/// The slice loop of golden::encoder::Encoder::encode with traces on, for a picture of
/// `total` macroblocks, `width_mbs` a row: `slice_qp(first_mb)` gives SliceQPY and
/// `next(addr, neighbours, qp_pred)` the macroblock to code and its QPY.
fn code_slices(
    width_mbs: usize,
    total: usize,
    slices: usize,
    (chroma, transform_8x8_mode): (bool, bool),
    mut slice_qp: impl FnMut(usize) -> i32,
    mut next: impl FnMut(usize, &MbNeighbors, i32) -> (Macroblock, i32),
) -> golden::Result<Vec<SliceTrace>> {
    let mut infos = vec![MbInfo::default(); total];
    let mut traces = Vec::new();
    for s in 0..slices {
        let (start, end) = (total * s / slices, total * (s + 1) / slices);
        let qp0 = slice_qp(start);
        let mut coder = Traced::new(EncCoder(CabacEncoder::new(qp0)), true);
        coder.inner.0.record_bins();
        let (mut qp_pred, mut prev_dqp_nonzero) = (qp0, false);
        for addr in start..end {
            let n = MbNeighbors::of(&infos, width_mbs, addr, s as u32 + 1);
            let (mut mb, qp_y) = next(addr, &n, qp_pred);
            let ctx = MbSyntaxCtx {
                n: &n,
                transform_8x8_mode,
                chroma,
                prev_qp_delta_nonzero: prev_dqp_nonzero,
            };
            let mut info = code_macroblock(&mut coder, &mut mb, &ctx)?;
            info.slice = s as u32 + 1;
            info.qp_y = qp_y as u8;
            infos[addr] = info;
            prev_dqp_nonzero = mb.qp_delta != 0;
            qp_pred = qp_y;
            let last = addr + 1 == end;
            coder.inner.0.encode_end_of_slice_flag(last);
            coder.push(|| Se::EndOfSlice(last));
        }
        let bins = coder.inner.0.take_bins();
        let elements = coder.elements.take().unwrap_or_default();
        traces.push(SliceTrace {
            first_mb: start,
            width_mbs,
            slice_qp: qp0,
            chroma,
            transform_8x8_mode,
            elements,
            bins,
            data: coder.inner.0.finish(),
        });
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
    let next = |addr: usize, n: &MbNeighbors, qp_pred: i32| {
        let qp = mb_qp(addr);
        let mut mb = if pcm(addr) {
            Macroblock {
                kind: MbKind::Pcm,
                pcm: mb_samples(src, addr),
                ..Default::default()
            }
        } else {
            let params = DecisionParams {
                qp,
                profile: cfg.profile,
                transform_8x8: cfg.transform_8x8,
                deadzone: cfg.deadzone,
                chroma_offsets: ChromaQpOffsets { cb: 0, cr: 0 },
            };
            decide_macroblock(src, &mut rec, addr, n, &params)
        };
        // QPY only moves where mb_qp_delta is coded (as the encoder does).
        if mb.has_qp_delta() {
            mb.qp_delta = (qp - qp_pred + 26).rem_euclid(52) - 26;
            (mb, qp)
        } else {
            (mb, qp_pred)
        }
    };
    let total = w * src.height_mbs();
    let flags = (chroma, cfg.transform_8x8);
    code_slices(w, total, cfg.slices, flags, mb_qp, next)
}

/// Random macroblock syntax: what a random macroblock of a slice codes (`golden::mb`), for
/// paths real pictures seldom reach: every mb_type, chroma and prediction mode, CBP and
/// mb_qp_delta (-26..=25), levels up to the 16-bit limits (EG0 suffixes of 14 + 14 bits),
/// I_PCM.
fn random_macroblock(rng: &mut Rng, chroma: bool, t8: bool) -> Macroblock {
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
        kind: [MbKind::I4x4, MbKind::I8x8, MbKind::I16x16, MbKind::Pcm][rng.range(0, 3) as usize],
        i16_mode: rng.range(0, 3) as u8,
        chroma_mode: if chroma { rng.range(0, 3) as u8 } else { 0 },
        qp_delta: rng.range(-26, 25) as i32,
        ..Default::default()
    };
    if mb.kind == MbKind::I8x8 && !t8 || mb.kind == MbKind::Pcm && rng.percent(50) {
        mb.kind = MbKind::I4x4;
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
        let mb = random_macroblock(rng, chroma, transform_8x8_mode);
        let qp = (qp_pred + mb.qp_delta).rem_euclid(52);
        (mb, qp)
    };
    let flags = (chroma, transform_8x8_mode);
    code_slices(width_mbs, total, slices, flags, slice_qp, next)
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

/// A `width` x `height` picture of `format` from the 8-bit samples of `t`, read in raster
/// order from sample `offset` on (wrapping), luma first, then Cb and Cr.
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

#[cfg(test)]
mod tests {
    use super::*;

    fn picture() -> Picture {
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

    /// Beats: one per element, four per 8x8 block, 12 per 4:2:0 I_PCM macroblock, plus the
    /// slice start; symbols: golden's bins between INIT and END.
    #[test]
    fn beats_and_symbols() {
        let cfg = EncoderConfig {
            qp: 20,
            transform_8x8: true,
            ..Default::default()
        };
        let t = &slice_traces(&picture(), &cfg, |a| a == 2).unwrap()[0];
        let n: usize = 1 + t
            .elements
            .iter()
            .map(|e| match e {
                Se::Residual { cat, .. } if *cat == BlockCat::Luma8x8 => 4,
                Se::Pcm(b) => b.len() / PCM_PER_BEAT,
                _ => 1,
            })
            .sum::<usize>();
        assert_eq!(se_beats(t).len(), n);
        let s = expected_symbols(t);
        assert_eq!(s.len(), t.bins.len() + 2);
        assert_eq!((s[0], s[s.len() - 1]), (Sym::Init(20), Sym::End));
        assert_eq!(
            Sym::from_rtl((1 << 17) | (3 << 8) | 0b101),
            [Sym::Bypass(1), Sym::Bypass(0), Sym::Bypass(1)]
        );
        for &x in &s {
            assert_eq!(Sym::from_rtl(x.to_rtl()), [x]);
        }
        let cols = columns(std::slice::from_ref(t));
        assert_eq!((cols[0].rows.len(), cols[1].rows.len()), (n, s.len()));
        assert!(cols.iter().all(|c| c.check().is_ok()));
    }
}
