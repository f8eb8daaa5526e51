//! The encoder lane's macroblock stages (`rtl/encoder/`): one case per macroblock of a picture
//! coded by the golden encoder in the `i16x16` profile, for the mode decision
//! (`enc_decide_i16`: [`decide_cases`]) and the residual coding and reconstruction
//! (`enc_resid_i16`: [`resid_cases`]).
//!
//! Inputs are the macroblock's source samples and the neighbours golden predicted from (its
//! reconstruction, deblocking off; availability from `MbNeighbors::avail_mb` over the slices
//! golden coded). The expected modes are the ones golden's encoder chose (read back from its
//! slice traces: mb_type and intra_chroma_pred_mode), and the expected SATDs of every available
//! mode come from `intra::predict16x16` / `intra::predict_chroma` and `intra::satd16x16` /
//! `intra::satd8x8`, the functions the decision calls. The expected levels and reconstruction
//! come from `encoder::decision::decide_macroblock`, the function the encoder runs, on golden's
//! reconstruction (its result must name the modes the traces name).

use golden::encoder::decision::decide_macroblock;
use golden::encoder::{Encoder, EncoderConfig, Profile};
use golden::intra::{self, Avail};
use golden::mb::neighbours::MbNeighbors;
use golden::mb::trace::Se;
use golden::mb::{Macroblock, MbInfo};
use golden::picture::{ChromaFormat, Picture, Plane};
use golden::quant::unscan4x4;

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

/// The samples of macroblock `addr` of `pic` in the encoder lane's layout: luma 16x16, then
/// Cb 8x8 and Cr 8x8 (zeros for 4:0:0), each raster order; the planes' padding included.
pub fn mb_samples(pic: &Picture, addr: usize) -> [u8; 384] {
    let w = pic.width_mbs();
    let (x, y) = (16 * (addr % w), 16 * (addr / w));
    let mut out = [0u8; 384];
    let l: [[u8; 16]; 16] = pic.planes[0].block(x, y);
    for (j, row) in l.iter().enumerate() {
        out[16 * j..16 * j + 16].copy_from_slice(row);
    }
    for (comp, plane) in pic.planes.iter().skip(1).enumerate() {
        let c: [[u8; 8]; 8] = plane.block(x / 2, y / 2);
        for (j, row) in c.iter().enumerate() {
            let at = 256 + 64 * comp + 8 * j;
            out[at..at + 8].copy_from_slice(row);
        }
    }
    out
}

/// Writes macroblock `addr` of `pic` from `samples` in [`mb_samples`]'s layout (the chroma
/// part only for 4:2:0).
pub fn put_mb_samples(pic: &mut Picture, addr: usize, samples: &[u8; 384]) {
    let w = pic.width_mbs();
    let (x, y) = (16 * (addr % w), 16 * (addr / w));
    let mut l = [[0u8; 16]; 16];
    for (j, row) in l.iter_mut().enumerate() {
        row.copy_from_slice(&samples[16 * j..16 * j + 16]);
    }
    pic.planes[0].put_block(x, y, &l);
    for (comp, plane) in pic.planes.iter_mut().skip(1).enumerate() {
        let mut c = [[0u8; 8]; 8];
        for (j, row) in c.iter_mut().enumerate() {
            let at = 256 + 64 * comp + 8 * j;
            row.copy_from_slice(&samples[at..at + 8]);
        }
        plane.put_block(x / 2, y / 2, &c);
    }
}

/// One macroblock of golden's i16x16 coding: the decision's input, its expected result, and
/// what golden coded for it.
#[derive(Clone, Debug)]
pub struct MbCase {
    pub input: DecideIn,
    pub decide: DecideExpect,
    /// QPY of the macroblock and the dead zone.
    pub qp: u8,
    pub dz: u16,
    /// `decide_macroblock`'s result.
    pub mb: Macroblock,
    /// Golden's reconstruction of the macroblock, in `DecideIn::src`'s layout.
    pub recon: [u8; 384],
    /// The macroblock starts / ends its slice.
    pub first: bool,
    pub last: bool,
    /// first_mb_in_slice % width of its slice, and the width in macroblocks.
    pub slice_x: usize,
    pub width: usize,
    /// The macroblock's address and its slice's first_mb_in_slice.
    pub addr: usize,
    pub slice_first: usize,
}

/// Codes `src` with golden's encoder in the encoder lane's mode ([`lane_config`]: the `i16x16`
/// profile, deblocking off; `cfg`'s other settings kept) and returns every macroblock's case,
/// in raster order.
pub fn mb_cases(src: &Picture, cfg: EncoderConfig) -> golden::Result<Vec<MbCase>> {
    let cfg = lane_config(&cfg);
    let mut enc = Encoder::new(src.format, src.width, src.height, cfg.clone())?;
    enc.record_traces();
    let rec = enc.encode(src)?.recon;
    let traces = enc.take_traces();
    let (w, total) = (src.width_mbs(), src.width_mbs() * src.height_mbs());
    let chroma = src.format == ChromaFormat::Yuv420;

    // Slice tags and decisions from the traces.
    let mut infos = vec![MbInfo::default(); total];
    let mut starts = vec![0usize; total];
    let mut modes = vec![(0u8, 0u8); total];
    for (s, t) in traces.iter().enumerate() {
        let mut addr = t.first_mb;
        for e in &t.elements {
            match *e {
                Se::MbType { value, .. } => {
                    assert!((1..=24).contains(&value), "i16x16 profile: mb_type {value}");
                    infos[addr].slice = s as u32 + 1;
                    starts[addr] = t.first_mb;
                    modes[addr].0 = ((value - 1) % 4) as u8;
                    addr += 1;
                }
                Se::ChromaPredMode { value, .. } => modes[addr - 1].1 = value,
                _ => {}
            }
        }
    }

    // decide_macroblock writes each macroblock's reconstruction into `again`, which already
    // holds golden's: its neighbours are the ones the encoder saw.
    let mut again = rec.clone();
    let mut cases = Vec::with_capacity(total);
    for addr in 0..total {
        let n = MbNeighbors::of(&infos, w, addr, infos[addr].slice);
        let a = n.avail_mb();
        let (x, y) = (16 * (addr % w), 16 * (addr / w));
        let qp = cfg.mb_qp.as_ref().map_or(cfg.qp, |m| m[addr]);
        let params = cfg.decision(qp);
        let mb = decide_macroblock(src, &mut again, addr, &n, &params);
        assert_eq!(
            (mb.i16_mode, if chroma { mb.chroma_mode } else { 0 }),
            modes[addr],
            "decide_macroblock repeats the encoder's choice at macroblock {addr}"
        );
        let mut input = DecideIn {
            src: [0; 384],
            top: [0; 32],
            left: [0; 32],
            corner: [0; 3],
            avail: u8::from(a.top) | u8::from(a.left) << 1 | u8::from(a.top_left) << 2,
            chroma,
        };
        input.src = mb_samples(src, addr);
        let recon = mb_samples(&rec, addr);
        let s16: [[u8; 16]; 16] = src.planes[0].block(x, y);
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
        cases.push(MbCase {
            input,
            decide: want,
            qp: qp as u8,
            dz: cfg.deadzone.0 as u16,
            mb,
            recon,
            first: starts[addr] == addr,
            last: addr + 1 == total || starts[addr + 1] == addr + 1,
            slice_x: starts[addr] % w,
            width: w,
            addr,
            slice_first: starts[addr],
        });
    }
    Ok(cases)
}

/// Every macroblock's decision case (see [`mb_cases`]).
pub fn decide_cases(
    src: &Picture,
    cfg: EncoderConfig,
) -> golden::Result<Vec<(DecideIn, DecideExpect)>> {
    Ok(mb_cases(src, cfg)?
        .into_iter()
        .map(|c| (c.input, c.decide))
        .collect())
}

/// One macroblock into `enc_resid_i16`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResidIn {
    /// Source and neighbours, as for the decision.
    pub mb: DecideIn,
    pub luma_mode: u8,
    pub chroma_mode: u8,
    pub qp: u8,
    pub dz: u16,
}

/// An Intra16x16 macroblock's levels in raster order within each block: what `enc_resid_i16`
/// gives, `enc_syntax_i16` takes and `dec_mb_i16` gives (one layout for the three).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MbLevels {
    /// The 16 luma AC blocks in luma4x4BlkIdx order (index 0 of each is 0).
    pub luma_ac: Vec<[i32; 16]>,
    /// The Intra16x16 DC levels, raster over the 4x4 grid of blocks.
    pub luma_dc: [i32; 16],
    /// Cb's 2x2 DC levels, then Cr's (zero for 4:0:0).
    pub chroma_dc: [[i32; 4]; 2],
    /// Cb blocks 0..3, then Cr's, as the luma AC blocks (zero for 4:0:0).
    pub chroma_ac: Vec<[i32; 16]>,
}

impl MbLevels {
    /// The levels of golden's Intra16x16 macroblock `mb` (scan order, `Macroblock`'s layout)
    /// in raster order: each 4x4 block (the luma DC block too) through `quant::unscan4x4`, the
    /// AC blocks with their unused index 0 (zero) at raster 0; the chroma DC blocks as they
    /// are (2x2 raster); chroma zero unless `chroma` (4:2:0). Blocks the macroblock does not
    /// code are zero in `mb`, so here too.
    pub fn of(mb: &Macroblock, chroma: bool) -> MbLevels {
        let block =
            |scanned: &[i32]| -> [i32; 16] { unscan4x4(&scanned.try_into().expect("16 levels")) };
        MbLevels {
            luma_ac: (0..16)
                .map(|b| block(&mb.luma[16 * b..16 * b + 16]))
                .collect(),
            luma_dc: block(&mb.luma_dc),
            chroma_dc: if chroma { mb.chroma_dc } else { [[0; 4]; 2] },
            chroma_ac: (0..8)
                .map(|b| {
                    if chroma {
                        block(&mb.chroma_ac[b])
                    } else {
                        [0; 16]
                    }
                })
                .collect(),
        }
    }
}

/// What `enc_resid_i16` gives for one macroblock: its levels and reconstruction.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResidOut {
    pub levels: MbLevels,
    /// The reconstructed macroblock, in `DecideIn::src`'s layout.
    pub recon: Vec<u8>,
}

/// What `enc_resid_i16` must give for `c`: `decide_macroblock`'s levels (raster) and golden's
/// reconstruction.
fn resid_out(c: &MbCase) -> ResidOut {
    ResidOut {
        levels: MbLevels::of(&c.mb, c.input.chroma),
        recon: c.recon.to_vec(),
    }
}

/// Every macroblock's residual case: the modes golden chose, and the levels and
/// reconstruction `decide_macroblock` gave (see [`mb_cases`]).
pub fn resid_cases(src: &Picture, cfg: EncoderConfig) -> golden::Result<Vec<(ResidIn, ResidOut)>> {
    Ok(mb_cases(src, cfg)?
        .into_iter()
        .map(|c| {
            let out = resid_out(&c);
            let input = ResidIn {
                luma_mode: c.mb.i16_mode,
                chroma_mode: if c.input.chroma { c.mb.chroma_mode } else { 0 },
                qp: c.qp,
                dz: c.dz,
                mb: c.input,
            };
            (input, out)
        })
        .collect())
}

/// One macroblock into `enc_syntax_i16`: its levels, modes, QP and slice position.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyntaxIn {
    pub levels: MbLevels,
    pub luma_mode: u8,
    pub chroma_mode: u8,
    pub chroma: bool,
    pub qp: u8,
    pub first: bool,
    pub last: bool,
    pub mb_x: usize,
    pub width: usize,
}

/// Every macroblock's syntax input (golden's levels and decisions), and the element beats of
/// golden's slice traces of the same coding (`se_beats`), all slices in order.
pub fn syntax_cases(
    src: &Picture,
    cfg: EncoderConfig,
) -> golden::Result<(Vec<SyntaxIn>, Vec<crate::cabac::bin::SeBeat>)> {
    let inputs = mb_cases(src, cfg.clone())?
        .into_iter()
        .map(|c| SyntaxIn {
            levels: MbLevels::of(&c.mb, c.input.chroma),
            luma_mode: c.mb.i16_mode,
            chroma_mode: if c.input.chroma { c.mb.chroma_mode } else { 0 },
            chroma: c.input.chroma,
            qp: c.qp,
            first: c.first,
            last: c.last,
            mb_x: c.slice_x,
            width: c.width,
        })
        .collect();
    let cfg = EncoderConfig {
        profile: Profile::I16X16_ONLY,
        deblock: false,
        ..cfg
    };
    let beats = crate::cabac::traces::encoder_traces(src, cfg)?
        .iter()
        .flat_map(crate::cabac::bin::se_beats)
        .collect();
    Ok((inputs, beats))
}

/// The codings the encoder lane's stage tests run through golden: real tensors as pictures
/// (stories260K and MiniLM from `models`, 4:0:0 and 4:2:0) at QP 0..51 with four dead zones
/// and one to three slices, and each picture once with a random per-macroblock QP map.
pub fn tensor_sweep(
    models: &std::path::Path,
    rng: &mut crate::Rng,
) -> golden::Result<Vec<(String, Picture, EncoderConfig)>> {
    let sources = [
        (
            "stories260K.safetensors",
            "model.layers.0.mlp.gate_proj.weight",
            64,
            48,
        ),
        (
            "stories260K.safetensors",
            "model.layers.2.self_attn.q_proj.weight",
            64,
            64,
        ),
        (
            "minilm/model.safetensors",
            "encoder.layer.0.attention.self.key.weight",
            80,
            48,
        ),
        (
            "minilm/model.safetensors",
            "embeddings.position_embeddings.weight",
            40,
            56,
        ),
    ];
    let mut out = Vec::new();
    for (i, &(model, tensor, w, h)) in sources.iter().enumerate() {
        for format in [ChromaFormat::Monochrome, ChromaFormat::Yuv420] {
            let pic = crate::cabac::traces::tensor_image_picture(
                &models.join(model),
                tensor,
                format,
                w,
                h,
            )?;
            for (j, qp) in [0, 12, 24, 30, 36, 45, 51].into_iter().enumerate() {
                let cfg = EncoderConfig {
                    qp,
                    slices: 1 + (i + j) % 3,
                    deadzone: golden::quant::Deadzone([341, 512, 1023, 100][j % 4]),
                    ..Default::default()
                };
                out.push((format!("{tensor} {format:?} qp {qp}"), pic.clone(), cfg));
            }
            let mbs = pic.width_mbs() * pic.height_mbs();
            let cfg = EncoderConfig {
                mb_qp: Some((0..mbs).map(|_| rng.range(0, 51) as i32).collect()),
                slices: 2,
                ..Default::default()
            };
            out.push((format!("{tensor} {format:?} QP map"), pic, cfg));
        }
    }
    Ok(out)
}

/// Golden's coding of `pics` in the encoder lane's mode (`cfg` with the `i16x16` profile,
/// deblocking off, no 8x8 transform): the byte stream and each picture's reconstruction.
pub fn lane_expected(
    pics: &[Picture],
    cfg: &EncoderConfig,
) -> golden::Result<(Vec<u8>, Vec<Picture>)> {
    let cfg = lane_config(cfg);
    let first = &pics[0];
    let mut enc = Encoder::new(first.format, first.width, first.height, cfg)?;
    let (mut bytes, mut recon) = (Vec::new(), Vec::new());
    for p in pics {
        let coded = enc.encode(p)?;
        bytes.extend_from_slice(&coded.bytes);
        recon.push(coded.recon);
    }
    Ok((bytes, recon))
}

/// `cfg` in the encoder lane's mode: the `i16x16` profile, deblocking off, no 8x8 transform.
pub fn lane_config(cfg: &EncoderConfig) -> EncoderConfig {
    EncoderConfig {
        profile: Profile::I16X16_ONLY,
        deblock: false,
        transform_8x8: false,
        rdoq: None,
        ..cfg.clone()
    }
}

/// Bits of one input beat of the encoder lane's synthesis block (synth/wrap/enc_lane_stream.sv):
/// a data beat (16 samples in [127:0], the macroblock's QP in [133:128]) or, with bit 143 set,
/// a configuration beat (width [13:0], height [27:14], chroma [28], slices [47:29], QP
/// [53:48], QP map [54], dead zone [64:55]).
pub const LANE_IN_BITS: usize = 144;

/// The vectors of the encoder lane's synthesis block: `enc_lane.in_i` (one configuration beat,
/// then every macroblock's beats of `pics` with their QPs; 9 x 16 bits, least significant
/// first) and golden's Annex B bytes with each NAL unit's last byte marked (`enc_lane.byte_o`,
/// `enc_lane.last_o`).
pub fn lane_columns(
    pics: &[Picture],
    cfg: &EncoderConfig,
) -> golden::Result<Vec<crate::hex::Column>> {
    use crate::hex::Column;
    let cfg = lane_config(cfg);
    let first = &pics[0];
    let words = |v: u128, extra: u16| -> Vec<i64> {
        (0..LANE_IN_BITS / 16)
            .map(|k| {
                if k < 8 {
                    i64::from((v >> (16 * k)) as u16)
                } else {
                    i64::from(extra)
                }
            })
            .collect()
    };
    let mut input = Column::new("enc_lane.in_i", 16, LANE_IN_BITS / 16, false);
    let chroma = first.format == ChromaFormat::Yuv420;
    let c = first.width as u128
        | (first.height as u128) << 14
        | u128::from(chroma) << 28
        | (cfg.slices as u128) << 29
        | (cfg.qp as u128) << 48
        | u128::from(cfg.mb_qp.is_some()) << 54
        | u128::from(cfg.deadzone.0) << 55;
    input.push(words(c, 0x8000));
    let per_mb = if chroma { 24 } else { 16 };
    for pic in pics {
        for addr in 0..pic.width_mbs() * pic.height_mbs() {
            let s = mb_samples(pic, addr);
            let qp = cfg.mb_qp.as_ref().map_or(cfg.qp, |m| m[addr]) as u16;
            for b in 0..per_mb {
                let v = s[16 * b..16 * b + 16]
                    .iter()
                    .rev()
                    .fold(0u128, |acc, &x| (acc << 8) | u128::from(x));
                input.push(words(v, qp));
            }
        }
    }
    let (bytes, _) = lane_expected(pics, &cfg)?;
    let mut byte = Column::new("enc_lane.byte_o", 8, 1, false);
    let mut last = Column::new("enc_lane.last_o", 1, 1, false);
    for o in crate::nal::nal_expected(&crate::nal::stream_units(&bytes)?) {
        byte.push(vec![i64::from(o.byte)]);
        last.push(vec![i64::from(o.last)]);
    }
    Ok(vec![input, byte, last])
}
