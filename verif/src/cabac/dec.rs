//! Stimulus and expected results of the CABAC decoder `rtl/cabac/cabac_dec.sv`: slices (the
//! configuration beat and the slice_data bytes) and the element beats the RTL must hand out
//! (the format of `rtl/cabac/cabac_dec_se.sv`), from golden's parse.
//!
//! Expected results come from [`golden_parse`]: golden's slice loop
//! (`golden::decoder::decode_slice_data`, without reconstruction) over
//! `golden::mb::syntax::code_macroblock` with a traced `DecCoder`, which also gives the
//! elements parsed before an error. Slices come from the shared traces ([`super::traces`]:
//! golden's encoder, [`encoder_slices`]; random syntax and I_PCM, [`synthetic_slice`]) or any
//! Annex B stream such as x264's ([`stream_slices`]).

use golden::cabac::BlockCat;
use golden::decoder::slice::parse_slice;
use golden::encoder::EncoderConfig;
use golden::mb::syntax::SliceParams;
use golden::mb::trace::{Se, SliceTrace};
use golden::mb::{Macroblock, MbInfo};
use golden::{ChromaFormat, Picture};

pub use super::traces::SliceCfg;
use super::traces::{encoder_traces, random_slice};
use crate::bits::{get_bits, put_bits};
use crate::Rng;

/// Width of an element beat (`CABAC_DEC_SE_W).
pub const SE_W: u32 = 300;

/// Element kinds (`CABAC_DEC_*).
pub mod kind {
    pub const MB_TYPE: u8 = 0;
    pub const T8X8: u8 = 1;
    pub const PREV_FLAG: u8 = 2;
    pub const REM_MODE: u8 = 3;
    pub const CHROMA_MODE: u8 = 4;
    pub const CBP: u8 = 5;
    pub const QP_DELTA: u8 = 6;
    pub const RESIDUAL: u8 = 7;
    pub const PCM: u8 = 8;
    pub const END_OF_SLICE: u8 = 9;
    pub const ERROR: u8 = 15;
}

/// inc of a residual block whose coded_block_flag is inferred (`CABAC_DEC_INC_NONE).
pub const INC_NONE: u8 = 7;

/// What golden parsed of a slice: its elements, and whether it stopped on an error (then
/// `elements` are those before it).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Parse {
    pub elements: Vec<Se>,
    pub error: bool,
}

/// One slice for the decoder: its configuration, bytes and golden's parse; `bins` are the
/// encoder's (regular, bypass, terminate) bin counts where known.
#[derive(Clone, Debug)]
pub struct DecSlice {
    pub cfg: SliceCfg,
    pub data: Vec<u8>,
    pub expected: Parse,
    pub bins: Option<[usize; 3]>,
}

impl DecSlice {
    /// A slice of `data` with golden's parse as the expectation.
    pub fn new(cfg: SliceCfg, data: Vec<u8>) -> DecSlice {
        let expected = golden_parse(&cfg, &data);
        DecSlice {
            cfg,
            data,
            expected,
            bins: None,
        }
    }

    /// The beats the RTL must hand out for this slice.
    pub fn expected_beats(&self) -> Vec<SeBeat> {
        beats(&self.expected)
    }
}

/// Golden's parse of one slice (`golden::decoder::slice::parse_slice`, the decoder's loop,
/// without reconstruction; neighbours only from this slice): the elements up to the end or
/// the first error.
pub fn golden_parse(cfg: &SliceCfg, data: &[u8]) -> Parse {
    golden_parse_mbs(cfg, data).0
}

/// [`golden_parse`] with the macroblocks golden parsed, in order, each with its QPY (what
/// `parse_slice` hands its reconstruction); after an error the last one may lack its
/// end_of_slice_flag (it is handed out before the flag is read).
pub fn golden_parse_mbs(cfg: &SliceCfg, data: &[u8]) -> (Parse, Vec<(Macroblock, i32)>) {
    let mut mbs = Vec::new();
    let mut infos = vec![MbInfo::default(); cfg.pic_mbs];
    let params = SliceParams {
        width_mbs: cfg.width_mbs,
        tag: 1,
        slice_qp: i32::from(cfg.qp),
        chroma: cfg.chroma,
        transform_8x8_mode: cfg.t8x8,
    };
    let mut elements = Some(Vec::new());
    let res = parse_slice(
        &params,
        &mut infos,
        data,
        cfg.first_mb,
        &mut elements,
        |_, mb, _, qp| {
            mbs.push((mb.clone(), qp));
            Ok(())
        },
    );
    let parse = Parse {
        elements: elements.unwrap_or_default(),
        error: res.is_err(),
    };
    (parse, mbs)
}

/// One beat of the element stream (`rtl/cabac/cabac_dec_se.sv`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SeBeat {
    pub kind: u8,
    pub last: bool,
    pub beat: u8,
    pub value: u16,
    pub inc: u8,
    pub nb: u16,
    pub cat: u8,
    pub data: [u16; 16],
}

impl SeBeat {
    /// The flat bus (10 words).
    pub fn to_words(&self) -> Vec<u32> {
        let mut w = vec![0u32; SE_W.div_ceil(32) as usize];
        put_bits(&mut w, 0, 4, u64::from(self.kind));
        put_bits(&mut w, 4, 1, u64::from(self.last));
        put_bits(&mut w, 5, 5, u64::from(self.beat));
        put_bits(&mut w, 10, 16, u64::from(self.value));
        put_bits(&mut w, 26, 3, u64::from(self.inc));
        put_bits(&mut w, 29, 12, u64::from(self.nb));
        put_bits(&mut w, 41, 3, u64::from(self.cat));
        for (k, &d) in self.data.iter().enumerate() {
            put_bits(&mut w, 44 + 16 * k, 16, u64::from(d));
        }
        w
    }

    /// From the flat bus.
    pub fn from_words(w: &[u32]) -> SeBeat {
        SeBeat {
            kind: get_bits(w, 0, 4) as u8,
            last: get_bits(w, 4, 1) == 1,
            beat: get_bits(w, 5, 5) as u8,
            value: get_bits(w, 10, 16) as u16,
            inc: get_bits(w, 26, 3) as u8,
            nb: get_bits(w, 29, 12) as u16,
            cat: get_bits(w, 41, 3) as u8,
            data: std::array::from_fn(|k| get_bits(w, 44 + 16 * k, 16) as u16),
        }
    }
}

fn one(kind: u8, value: u16, inc: u8) -> SeBeat {
    SeBeat {
        kind,
        last: true,
        value,
        inc,
        ..SeBeat::default()
    }
}

/// The beats of `parse` (an ERROR beat last when it stopped on an error).
pub fn beats(parse: &Parse) -> Vec<SeBeat> {
    let mut out = Vec::new();
    for e in &parse.elements {
        match e {
            Se::MbType { value, inc } => out.push(one(kind::MB_TYPE, *value as u16, *inc as u8)),
            Se::Transform8x8 { value, inc } => {
                out.push(one(kind::T8X8, u16::from(*value), *inc as u8))
            }
            Se::PrevModeFlag(v) => out.push(one(kind::PREV_FLAG, u16::from(*v), 0)),
            Se::RemMode(v) => out.push(one(kind::REM_MODE, u16::from(*v), 0)),
            Se::ChromaPredMode { value, inc } => {
                out.push(one(kind::CHROMA_MODE, u16::from(*value), *inc as u8))
            }
            Se::Cbp { value, nb, chroma } => {
                let mut b = one(kind::CBP, u16::from(*value), u8::from(*chroma));
                b.nb = u16::from(nb.luma_a)
                    | u16::from(nb.luma_b) << 4
                    | u16::from(nb.chroma_a) << 8
                    | u16::from(nb.chroma_b) << 10;
                out.push(b);
            }
            Se::QpDelta { value, inc } => out.push(one(kind::QP_DELTA, *value as u16, *inc as u8)),
            Se::Residual {
                cat,
                cbf_inc,
                levels,
            } => {
                let n = levels.len().div_ceil(16);
                for (b, chunk) in levels.chunks(16).enumerate() {
                    let mut beat = one(kind::RESIDUAL, 0, cbf_inc.map_or(INC_NONE, |i| i as u8));
                    beat.cat = *cat as u8;
                    beat.beat = b as u8;
                    beat.last = b + 1 == n;
                    for (k, &l) in chunk.iter().enumerate() {
                        beat.data[k] = l as u16;
                    }
                    out.push(beat);
                }
            }
            Se::Pcm(bytes) => {
                let n = bytes.len().div_ceil(16);
                for (b, chunk) in bytes.chunks(16).enumerate() {
                    let mut beat = one(kind::PCM, 0, 0);
                    beat.beat = b as u8;
                    beat.last = b + 1 == n;
                    for (k, &v) in chunk.iter().enumerate() {
                        beat.data[k] = u16::from(v);
                    }
                    out.push(beat);
                }
            }
            Se::EndOfSlice(v) => out.push(one(kind::END_OF_SLICE, u16::from(*v), 0)),
        }
    }
    if parse.error {
        out.push(one(kind::ERROR, 0, 0));
    }
    out
}

/// Drops the beats of an element whose last beat had not come when an ERROR beat came (the
/// format's rule: they are void).
pub fn void_unfinished(beats: &[SeBeat]) -> Vec<SeBeat> {
    let mut out: Vec<SeBeat> = Vec::new();
    let mut open = 0;
    for b in beats {
        if b.kind == kind::ERROR {
            out.truncate(out.len() - open);
        }
        out.push(b.clone());
        open = if b.last { 0 } else { open + 1 };
    }
    out
}

/// The slices of golden's traces of a picture `pic_mbs` macroblocks large.
pub fn trace_slices(traces: &[SliceTrace], pic_mbs: usize) -> Vec<DecSlice> {
    traces
        .iter()
        .map(|t| {
            let cfg = SliceCfg {
                qp: t.slice_qp as u8,
                first_mb: t.first_mb,
                width_mbs: t.width_mbs,
                pic_mbs,
                chroma: t.chroma,
                t8x8: t.transform_8x8_mode,
            };
            let mut s = DecSlice::new(cfg, t.data.clone());
            if !t.bins.is_empty() {
                let mut n = [0; 3];
                for b in &t.bins {
                    match b {
                        golden::cabac::Bin::Ctx(..) => n[0] += 1,
                        golden::cabac::Bin::Bypass(_) => n[1] += 1,
                        golden::cabac::Bin::Term(_) => n[2] += 1,
                        golden::cabac::Bin::Pcm(_) => {}
                    }
                }
                s.bins = Some(n);
            }
            s
        })
        .collect()
}

/// Golden's encoder on `pic` with `cfg`: the slices, with golden's parse checked against
/// the elements the encoder coded (panics if they differ).
pub fn encoder_slices(pic: &Picture, cfg: EncoderConfig) -> golden::Result<Vec<DecSlice>> {
    let traces = encoder_traces(pic, cfg)?;
    Ok(checked_slices(
        &traces,
        pic.width_mbs() * pic.height_mbs(),
        "encoder",
    ))
}

/// [`trace_slices`], with golden's parse checked against the traces' elements (panics if they
/// differ; `what` made the traces).
fn checked_slices(traces: &[SliceTrace], pic_mbs: usize, what: &str) -> Vec<DecSlice> {
    let slices = trace_slices(traces, pic_mbs);
    for (s, t) in slices.iter().zip(traces) {
        assert!(
            !s.expected.error && s.expected.elements == t.elements,
            "golden's parse differs from its {what}'s elements"
        );
    }
    slices
}

/// The slices of an Annex B stream (golden's decoder traces, bins by re-encoding:
/// `streams::stream_slices`), pictures `pic_mbs` large; golden's parse is checked against the
/// decoder's elements.
pub fn stream_slices(stream: &[u8], pic_mbs: usize) -> golden::Result<Vec<DecSlice>> {
    let traces = crate::streams::stream_slices(stream)?;
    Ok(checked_slices(&traces, pic_mbs, "decoder"))
}

/// The tensor codec's slices of tensor `name` at `bits` bits/value (`streams::tensor_slices`,
/// as `tricodec compress` codes it), with their bins; the picture size is not in a trace, so
/// `pic_mbs` is the largest the decoder takes (only a corrupt slice would reach it).
pub fn tensor_codec_slices(
    path: &std::path::Path,
    name: &str,
    bits: f64,
) -> golden::Result<(Vec<DecSlice>, f64)> {
    let t = crate::streams::tensor_slices(path, name, bits)?;
    Ok((
        trace_slices(&t.slices, u16::MAX as usize),
        t.bits_per_value(),
    ))
}

/// A slice of `mbs` random macroblocks (`traces::random_slice`, I_PCM among them with
/// `pcm_percent`); golden's parse is checked against the coded elements.
pub fn synthetic_slice(rng: &mut Rng, cfg: SliceCfg, mbs: usize, pcm_percent: u32) -> DecSlice {
    let t = random_slice(rng, &cfg, mbs, pcm_percent);
    checked_slices(&[t], cfg.pic_mbs, "encoder").remove(0)
}

/// `s` with its bytes corrupted: `flips` random bytes XORed with random values, then cut to
/// `keep` bytes (at least 1) when given; the expectation is golden's parse of the result.
pub fn corrupt(rng: &mut Rng, s: &DecSlice, flips: usize, keep: Option<usize>) -> DecSlice {
    let mut data = s.data.clone();
    for _ in 0..flips {
        let k = rng.range(0, data.len() as i64 - 1) as usize;
        data[k] ^= rng.range(1, 255) as u8;
    }
    if let Some(n) = keep {
        data.truncate(n.max(1));
    }
    DecSlice::new(s.cfg, data)
}

/// Counts of a parse's elements by block category (for coverage checks).
pub fn cat_count(p: &Parse, cat: BlockCat) -> usize {
    p.elements
        .iter()
        .filter(|e| matches!(e, Se::Residual { cat: c, .. } if *c == cat))
        .count()
}

/// x264 (`x264` on the PATH) on `pic` as `frames` intra frames (`--keyint 1`) with `args`:
/// the slices of its stream. `Ok(None)` when x264 cannot be run.
pub fn x264_slices(
    pic: &Picture,
    frames: usize,
    args: &[&str],
) -> Result<Option<Vec<DecSlice>>, String> {
    let Some(stream) = x264_stream(pic, frames, args)? else {
        return Ok(None);
    };
    let pic_mbs = pic.width_mbs() * pic.height_mbs();
    stream_slices(&stream, pic_mbs)
        .map(Some)
        .map_err(|e| format!("golden on x264 {args:?}: {e}"))
}

/// x264's Annex B stream of `pic` as `frames` intra frames (`--keyint 1`) with `args`.
/// `Ok(None)` when x264 cannot be run.
pub fn x264_stream(pic: &Picture, frames: usize, args: &[&str]) -> Result<Option<Vec<u8>>, String> {
    let csp = match pic.format {
        ChromaFormat::Monochrome => "i400",
        ChromaFormat::Yuv420 => "i420",
    };
    // One directory a call: tests run x264 from several threads of one process.
    static RUNS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
    let run = RUNS.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
    let dir = std::env::temp_dir().join(format!(
        "tricodec-cabac-dec-x264-{}-{run}-{}",
        std::process::id(),
        args.join("_").replace(['-', ' '], "")
    ));
    std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
    let raw_path = dir.join("in.yuv");
    let out_path = dir.join("out.264");
    let raw: Vec<u8> = (0..frames).flat_map(|_| pic.to_raw()).collect();
    std::fs::write(&raw_path, raw).map_err(|e| e.to_string())?;
    let run = std::process::Command::new("x264")
        .args(["--quiet", "--no-progress", "--keyint", "1"])
        .args(["--input-res", &format!("{}x{}", pic.width, pic.height)])
        .args(["--input-csp", csp, "--output-csp", csp])
        .args(args)
        .arg("-o")
        .arg(&out_path)
        .arg(&raw_path)
        .output();
    let out = match run {
        Err(_) => return Ok(None),
        Ok(o) => o,
    };
    if !out.status.success() {
        return Err(format!(
            "x264 {args:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    let stream = std::fs::read(&out_path).map_err(|e| e.to_string())?;
    let _ = std::fs::remove_dir_all(&dir);
    Ok(Some(stream))
}

/// Width of a beat of the synthesis block's merged input stream (`synth/tb/cabac_dec_stream.sv`):
/// bit 48 set: a configuration beat, qp [47:42], first_mb [41:26], width [25:18], pic_mbs
/// [17:2], chroma [1], t8x8 [0] (MaxWidthMbs 128, AddrWidth 16); clear: a byte, last [8],
/// data [7:0].
pub const STREAM_IN_W: u32 = 49;

/// The merged input beats of `slices` for `synth/tb/cabac_dec_stream.sv`: per slice its
/// configuration beat, then its bytes, `last` on the final one.
pub fn stream_in(slices: &[DecSlice]) -> Vec<u64> {
    let mut v = Vec::new();
    for s in slices {
        let c = &s.cfg;
        assert!(c.first_mb < 1 << 16 && c.pic_mbs < 1 << 16 && c.width_mbs < 256 && c.qp < 64);
        v.push(
            1 << 48
                | u64::from(c.qp) << 42
                | (c.first_mb as u64) << 26
                | (c.width_mbs as u64) << 18
                | (c.pic_mbs as u64) << 2
                | u64::from(c.chroma) << 1
                | u64::from(c.t8x8),
        );
        for (k, &b) in s.data.iter().enumerate() {
            v.push(u64::from(k + 1 == s.data.len()) << 8 | u64::from(b));
        }
    }
    v
}

/// The vector files of the synthesis block `cabac_dec` (synth/blocks.toml): `cabac_dec.in_i`
/// ([`stream_in`], one 49-bit element a line) and `cabac_dec.se_o` (the expected element
/// beats of every slice in order, the 300-bit bus as 15 elements of 20 bits). The two files
/// have different line counts: the testbench pairs no input with an output.
pub fn stream_columns(slices: &[DecSlice]) -> Vec<crate::hex::Column> {
    let mut cin = crate::hex::Column::new("cabac_dec.in_i", STREAM_IN_W, 1, false);
    for w in stream_in(slices) {
        cin.push(vec![w as i64]);
    }
    let mut cse = crate::hex::Column::new("cabac_dec.se_o", 20, (SE_W / 20) as usize, false);
    for b in slices.iter().flat_map(DecSlice::expected_beats) {
        let w = b.to_words();
        cse.push(
            (0..SE_W as usize / 20)
                .map(|k| get_bits(&w, 20 * k, 20) as i64)
                .collect(),
        );
    }
    vec![cin, cse]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The merged stream of the synthesis block: a configuration beat, then the bytes with
    /// `last` on the final one; the element beats of every slice in order, 15 x 20 bits.
    #[test]
    fn stream_columns_pack_config_bytes_and_beats() {
        let cfg = SliceCfg {
            qp: 26,
            first_mb: 3,
            width_mbs: 4,
            pic_mbs: 16,
            chroma: false,
            t8x8: true,
        };
        let s = synthetic_slice(&mut Rng::new(5), cfg, 2, 0);
        let words = stream_in(std::slice::from_ref(&s));
        assert_eq!(words.len(), 1 + s.data.len());
        assert_eq!(
            words[0],
            1 << 48 | 26 << 42 | 3 << 26 | 4 << 18 | 16 << 2 | 1
        );
        assert_eq!(
            words[1],
            u64::from(s.data[0]) | u64::from(s.data.len() == 1) << 8
        );
        assert_eq!(*words.last().unwrap() >> 8, 1);
        let cols = stream_columns(std::slice::from_ref(&s));
        let beats = s.expected_beats();
        assert_eq!(cols[1].rows.len(), beats.len());
        let back: Vec<u32> = cols[1].packed(0);
        assert_eq!(SeBeat::from_words(&back), beats[0]);
    }
}
