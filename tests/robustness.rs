//! Malformed input never panics, hangs or allocates beyond what the headers
//! justify: the golden decoder and the safetensors reader return a
//! `golden::Error` instead.
//!
//! Valid streams come from our encoder (4:0:0 and 4:2:0, 8x8 transform,
//! several slices, deblocking on) and from x264; every test then damages them
//! (truncation, bit flips, byte edits, inserted and removed bytes) or builds
//! hostile streams by hand (huge pictures, CABAC data of all 0x00 or 0xFF).
//! The fuzzers' findings (fuzz/regressions/) are replayed here.
//!
//! Each decode runs under a time bound proportional to the work the input
//! can justify, so a hang or a super-linear path fails the test rather than
//! stalling it.

mod common;

#[path = "../fuzz/src/mutate.rs"]
mod mutate;

use std::path::PathBuf;
use std::time::{Duration, Instant};

use common::*;
use golden::bitstream::nal::{self, write_nal};
use golden::bitstream::BitWriter;
use golden::decoder::{Decoder, MAX_FRAME_MBS};
use golden::encoder::headers::{idr_slice_header, intra_pps, intra_sps};
use golden::encoder::{Encoder, EncoderConfig};
use golden::{ChromaFormat, Error, Picture};
use mutate::Mutation;
use proptest::prelude::*;
use tensor::SafeTensors;

/// Our encoder on `frames` frames of smooth content plus noise (so that every
/// macroblock type and residual path appears), 8x8 transform, `slices`
/// slices, deblocking on, a QP that varies per macroblock when `aq`.
fn ours(
    format: ChromaFormat,
    (w, h): (usize, usize),
    slices: usize,
    aq: bool,
    frames: u64,
) -> Vec<u8> {
    let mbs = w.div_ceil(16) * h.div_ceil(16);
    let cfg = EncoderConfig {
        qp: 28,
        slices,
        transform_8x8: true,
        deblock: true,
        mb_qp: aq.then(|| (0..mbs).map(|i| 22 + (i as i32 * 7) % 15).collect()),
        ..Default::default()
    };
    let mut enc = Encoder::new(format, w, h, cfg).expect("encoder config");
    let mut out = Vec::new();
    for f in 0..frames {
        let luma = half_noisy(w, h, f);
        let raw = match format {
            ChromaFormat::Monochrome => luma,
            ChromaFormat::Yuv420 => frame_420(&luma, w, h),
        };
        let pic = Picture::from_raw(format, w, h, &raw).expect("picture");
        out.extend_from_slice(&enc.encode(&pic).expect("encode").bytes);
    }
    out
}

/// Left half smooth (Intra16x16, large blocks), right half noisy (Intra4x4 /
/// 8x8 with many coefficients): every macroblock type and residual path.
fn half_noisy(w: usize, h: usize, seed: u64) -> Vec<u8> {
    let smooth = smooth_image(w, h, seed);
    let noise = noise_image(w, h, seed + 100);
    (0..w * h)
        .map(|i| {
            if i % w < w / 2 {
                smooth[i]
            } else {
                noise[i] / 2 + smooth[i] / 2
            }
        })
        .collect()
}

/// x264's intra-only stream of `frames` frames of [`half_noisy`], with `args`.
fn x264(format: ChromaFormat, (w, h): (usize, usize), frames: u64, args: &[&str]) -> Vec<u8> {
    let dir = tmp_dir("robustness");
    let mut raw = Vec::new();
    for f in 0..frames {
        let luma = half_noisy(w, h, f + 7);
        match format {
            ChromaFormat::Monochrome => raw.extend_from_slice(&luma),
            ChromaFormat::Yuv420 => raw.extend_from_slice(&frame_420(&luma, w, h)),
        }
    }
    let raw_path = dir.join("in.yuv");
    std::fs::write(&raw_path, &raw).unwrap();
    let path = x264_encode(&raw_path, format, w, h, args);
    without_sei(&std::fs::read(path).unwrap())
}

/// `stream` without its SEI NAL units (x264 writes its settings as a 600-byte
/// SEI, which the decoder skips: dead weight for a fuzz seed).
fn without_sei(stream: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    for unit in nal::split_annexb(stream) {
        if unit[0] & 31 != nal::NAL_SEI {
            out.extend_from_slice(&[0, 0, 0, 1]);
            out.extend_from_slice(unit);
        }
    }
    out
}

/// The valid streams every damage test starts from, with a name each.
fn valid_streams() -> Vec<(&'static str, Vec<u8>)> {
    use ChromaFormat::*;
    vec![
        (
            "ours 4:0:0 48x32 3 slices",
            ours(Monochrome, (48, 32), 3, false, 2),
        ),
        (
            "ours 4:2:0 40x40 4 slices aq",
            ours(Yuv420, (40, 40), 4, true, 1),
        ),
        (
            "x264 4:2:0 48x32",
            x264(Yuv420, (48, 32), 2, &["--qp", "24"]),
        ),
        (
            "x264 4:0:0 32x48 2 slices",
            x264(Monochrome, (32, 48), 1, &["--slices", "2"]),
        ),
    ]
}

/// Time allowed to decode `input` bytes into pictures of `mbs` macroblocks:
/// generous for a debug-free test build on a loaded machine, yet far below
/// what a hang or quadratic path would take.
fn budget(input: usize, mbs: usize) -> Duration {
    Duration::from_millis(500) + Duration::from_micros(20 * (input + mbs) as u64)
}

/// Decodes `stream` as a whole, and unit by unit skipping rejected units
/// (as a player would: the state an error leaves must be safe too); returns
/// the whole-stream result. Neither may panic (a panic fails the test with
/// its message), and both together must finish within `limit`: they run on
/// their own thread, so a hang fails the test instead of stalling it.
fn decode_within(what: &str, stream: &[u8], limit: Duration) -> golden::Result<Vec<Picture>> {
    let (tx, rx) = std::sync::mpsc::channel();
    let input = stream.to_vec();
    let t = Instant::now();
    let worker = std::thread::spawn(move || {
        let mut d = Decoder::new();
        for unit in nal::split_annexb(&input) {
            let _ = d.decode_nal(unit);
        }
        let _ = d.flush();
        let _ = tx.send(Decoder::decode_stream(&input));
    });
    match rx.recv_timeout(limit) {
        Ok(r) => {
            let took = t.elapsed();
            assert!(
                took <= limit,
                "{what}: {} bytes took {took:?} (limit {limit:?})",
                stream.len()
            );
            worker.join().expect("worker finished");
            r
        }
        Err(std::sync::mpsc::RecvTimeoutError::Timeout) => {
            panic!(
                "{what}: {} bytes still decoding after {limit:?}",
                stream.len()
            )
        }
        Err(std::sync::mpsc::RecvTimeoutError::Disconnected) => match worker.join() {
            Err(payload) => {
                eprintln!("{what}: the decoder panicked on {} bytes", stream.len());
                std::panic::resume_unwind(payload)
            }
            Ok(()) => unreachable!("the worker sends before it ends"),
        },
    }
}

/// Cut points: every byte for short streams, else about `n` evenly spaced.
fn cut_points(len: usize, n: usize) -> Vec<usize> {
    let step = len.div_ceil(n).max(1);
    (0..len)
        .step_by(step)
        .chain([len.saturating_sub(1)])
        .collect()
}

#[test]
fn valid_streams_decode() {
    for (name, s) in valid_streams() {
        let pics =
            decode_within(name, &s, budget(s.len(), 64)).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!pics.is_empty(), "{name}");
        eprintln!("{name}: {} bytes, {} pictures", s.len(), pics.len());
    }
}

#[test]
fn every_truncation_is_an_error_or_a_shorter_stream() {
    for (name, s) in valid_streams() {
        let full = Decoder::decode_stream(&s).unwrap();
        for cut in cut_points(s.len(), 2000) {
            let what = format!("{name} cut at {cut}");
            // A cut inside the last slice's CABAC data may still decode (the
            // arithmetic decoder reads zeros past the end), but never to more
            // pictures than the whole stream.
            if let Ok(p) = decode_within(&what, &s[..cut], budget(cut, 64)) {
                assert!(p.len() <= full.len(), "{what}: {} pictures", p.len());
            }
        }
    }
}

/// Longest edit list the decode_mutated target applies, in bytes.
const MAX_SPEC_BYTES: usize = mutate::MAX_MUTATIONS * mutate::MUTATION_BYTES;

/// A mutation of a valid stream: a bit flip, byte overwrite, insertion,
/// removal or an appended copy of a piece of the stream.
fn mutation() -> impl Strategy<Value = Mutation> {
    let pos = 0usize..4096;
    prop_oneof![
        (pos.clone(), 0u8..8).prop_map(|(pos, bit)| Mutation::FlipBit { pos, bit }),
        (pos.clone(), any::<u8>()).prop_map(|(pos, value)| Mutation::Overwrite { pos, value }),
        (pos.clone(), any::<u8>()).prop_map(|(pos, value)| Mutation::Insert { pos, value }),
        pos.clone().prop_map(|pos| Mutation::Remove { pos }),
        (pos, 1usize..64).prop_map(|(pos, len)| Mutation::AppendCopy { pos, len }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn damaged_streams_never_panic(
        which in 0usize..4,
        edits in prop::collection::vec(mutation(), 1..6),
    ) {
        let streams = damage_bases();
        let (name, base) = &streams[which];
        let mut s = base.clone();
        for m in &edits {
            m.apply(&mut s);
        }
        let _ = decode_within(&format!("{name} with {edits:?}"), &s, budget(s.len(), 64));
    }

    #[test]
    fn fuzzer_style_mutations_of_the_seeds_never_panic(
        which in 0usize..6,
        spec in prop::collection::vec(any::<u8>(), 0..=MAX_SPEC_BYTES),
    ) {
        // The decode_mutated target's input format on its own seeds.
        let seeds = fuzz_seed_streams();
        let s = mutate::mutate(&seeds[which], &spec);
        let _ = decode_within("mutated seed", &s, budget(s.len(), 64));
    }

    #[test]
    fn random_bytes_never_panic(data in prop::collection::vec(any::<u8>(), 0..2048)) {
        let _ = decode_within("garbage", &data, budget(data.len(), 0));
        let _ = SafeTensors::from_bytes(data);
    }

    #[test]
    fn garbage_after_valid_parameter_sets_never_panics(
        body in prop::collection::vec(any::<u8>(), 0..1024),
        nal_type in prop_oneof![Just(nal::NAL_IDR), Just(nal::NAL_SLICE), 0u8..32],
    ) {
        // Parameter sets of a picture, then one NAL unit of random payload:
        // the random bytes reach the slice header and macroblock layer.
        let mut s = param_sets(ChromaFormat::Yuv420, 2, 2, true);
        if matches!(nal_type, 0 | 14 | 20 | 21) {
            // Types write_nal refuses (no header extension): raw bytes.
            s.extend_from_slice(&[0, 0, 0, 1, 0x60 | nal_type]);
            s.extend_from_slice(&body);
        } else {
            // An RBSP ends in its stop bit; write_nal refuses a lone final 00.
            let mut rbsp = body;
            rbsp.push(0x80);
            write_nal(&mut s, 3, nal_type, &rbsp);
        }
        let _ = decode_within("garbage slice", &s, budget(s.len(), 4));
    }
}

/// The seed streams of fuzz/seeds/h264/, sorted by name.
fn fuzz_seed_streams() -> &'static [Vec<u8>] {
    static SEEDS: std::sync::OnceLock<Vec<Vec<u8>>> = std::sync::OnceLock::new();
    SEEDS.get_or_init(|| {
        let dir = repo_root().join("fuzz/seeds/h264");
        let mut paths: Vec<PathBuf> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        paths.sort();
        paths.iter().map(|p| std::fs::read(p).unwrap()).collect()
    })
}

/// The valid streams, built once for all proptest cases.
fn damage_bases() -> &'static [(&'static str, Vec<u8>)] {
    static BASES: std::sync::OnceLock<Vec<(&'static str, Vec<u8>)>> = std::sync::OnceLock::new();
    BASES.get_or_init(valid_streams)
}

/// SPS and PPS of a `wm` x `hm` macroblock picture, as our encoder writes them.
fn param_sets(format: ChromaFormat, wm: u32, hm: u32, t8: bool) -> Vec<u8> {
    let mut sps = intra_sps(format, 16, 16).unwrap();
    sps.pic_width_in_mbs = wm;
    sps.pic_height_in_map_units = hm;
    sps.frame_crop_right_offset = 0;
    sps.frame_crop_bottom_offset = 0;
    let mut s = Vec::new();
    write_nal(&mut s, 3, nal::NAL_SPS, &sps.write());
    write_nal(&mut s, 3, nal::NAL_PPS, &intra_pps(t8, 26, true).write());
    s
}

/// An IDR slice NAL unit of the picture of `param_sets` whose CABAC data is
/// `data` (after the header and the alignment bits).
fn idr_slice(format: ChromaFormat, deblock_idc: u32, data: &[u8]) -> Vec<u8> {
    let sps = intra_sps(format, 16, 16).unwrap();
    let pps = intra_pps(true, 26, true);
    let mut w = BitWriter::new();
    idr_slice_header(0, 0, 0, deblock_idc).write(&mut w, nal::NAL_IDR, &sps, &pps);
    w.align_with_ones();
    let mut rbsp = w.into_bytes();
    rbsp.extend_from_slice(data);
    let mut s = Vec::new();
    write_nal(&mut s, 3, nal::NAL_IDR, &rbsp);
    s
}

#[test]
fn huge_picture_is_rejected_before_allocating() {
    // 1024 x 1024 macroblocks (16384 x 16384 samples) passes the SPS's
    // per-side bound but is over level 6.2's MaxFS of 139264 macroblocks:
    // 400 MB of planes. The picture setup must refuse it (Unsupported) before
    // allocating; had it allocated, the slice data (0x55...) would fail later
    // with Invalid, and zeroing 400 MB takes far longer than the bound below.
    const _: () = assert!(1024 * 1024 > MAX_FRAME_MBS);
    let stream = |wm: u32, hm: u32| {
        let mut sps = intra_sps(ChromaFormat::Yuv420, 16, 16).unwrap();
        (sps.pic_width_in_mbs, sps.pic_height_in_map_units) = (wm, hm);
        (sps.frame_crop_right_offset, sps.frame_crop_bottom_offset) = (0, 0);
        let mut s = Vec::new();
        write_nal(&mut s, 3, nal::NAL_SPS, &sps.write());
        let pps = intra_pps(true, 26, true);
        write_nal(&mut s, 3, nal::NAL_PPS, &pps.write());
        s.extend_from_slice(&idr_slice(ChromaFormat::Yuv420, 0, &[0x55; 16]));
        s
    };
    let t = Instant::now();
    let e = Decoder::decode_stream(&stream(1024, 1024)).unwrap_err();
    let took = t.elapsed();
    assert!(matches!(e, Error::Unsupported(_)), "{e}");
    assert!(took < Duration::from_millis(100), "took {took:?}");
    // Over the per-side bound (the SPS parser's own check).
    let e = Decoder::decode_stream(&stream(4096, 1)).unwrap_err();
    assert!(matches!(e, Error::Unsupported(_)), "{e}");
    // The largest legal frame, for contrast, gets past the setup.
    let e = Decoder::decode_stream(&stream(512, 272)).unwrap_err();
    assert!(matches!(e, Error::Invalid(_) | Error::Truncated(_)), "{e}");
}

#[test]
fn constant_cabac_data_on_a_large_picture_ends_quickly() {
    // The largest picture a level allows (MaxFS 139264 = 512 x 272 MBs) and a
    // slice whose CABAC data is 64 KiB of 0x00 or 0xFF: the decoder must stop
    // with an error (or finish the picture) in time linear in the input plus
    // the picture, not loop on the same bits.
    for format in [ChromaFormat::Monochrome, ChromaFormat::Yuv420] {
        for fill in [0x00u8, 0xFF] {
            for deblock_idc in [0, 1] {
                let (wm, hm) = (512u32, 272u32);
                let mut s = param_sets(format, wm, hm, true);
                s.extend_from_slice(&idr_slice(format, deblock_idc, &vec![fill; 1 << 16]));
                let what = format!("{format:?} CABAC data all {fill:#04x}");
                let limit = budget(s.len(), (wm * hm) as usize) * 2;
                let r = decode_within(&what, &s, limit);
                assert!(r.is_err(), "{what}: decoded a picture from constant data");
            }
        }
    }
}

/// A flat 1920x1088 4:2:0 picture at QP 51, Intra16x16 only, deblocking
/// on: 8160 macroblocks from a few hundred bytes, the most decoding work per
/// input byte our encoder produces.
fn large_flat_stream() -> &'static [u8] {
    static S: std::sync::OnceLock<Vec<u8>> = std::sync::OnceLock::new();
    S.get_or_init(|| {
        let (w, h) = (1920, 1088);
        let cfg = EncoderConfig {
            qp: 51,
            deblock: true,
            profile: golden::encoder::Profile::I16X16_ONLY,
            ..Default::default()
        };
        let raw = vec![128u8; ChromaFormat::Yuv420.frame_bytes(w, h)];
        let pic = Picture::from_raw(ChromaFormat::Yuv420, w, h, &raw).unwrap();
        Encoder::new(ChromaFormat::Yuv420, w, h, cfg)
            .unwrap()
            .encode(&pic)
            .unwrap()
            .bytes
    })
}

const LARGE_MBS: usize = 120 * 68;

#[test]
fn large_picture_from_few_bytes_decodes_in_linear_time() {
    let s = large_flat_stream();
    assert!(s.len() < 2048, "{} bytes", s.len());
    let pics = decode_within("large flat", s, budget(s.len(), LARGE_MBS)).unwrap();
    assert_eq!((pics.len(), pics[0].width, pics[0].height), (1, 1920, 1088));
    for cut in cut_points(s.len(), 100) {
        let _ = decode_within(
            &format!("large flat cut at {cut}"),
            &s[..cut],
            budget(cut, LARGE_MBS),
        );
    }
}

#[test]
fn constant_tail_after_valid_cabac_data_ends_quickly() {
    // The valid slice's first half, then 64 KiB of 0x00 or 0xFF: decoding
    // goes on through garbage bins but must stop within the picture.
    let s = large_flat_stream();
    for fill in [0x00u8, 0xFF] {
        for keep in [s.len() / 2, s.len() * 3 / 4, s.len() - 4] {
            let mut t = s[..keep].to_vec();
            t.extend(std::iter::repeat_n(fill, 1 << 16));
            let what = format!("large flat, {keep} bytes then {fill:#04x}");
            let _ = decode_within(&what, &t, budget(t.len(), LARGE_MBS));
        }
    }
}

#[test]
fn extreme_exp_golomb_values_in_the_slice_header_are_errors() {
    // slice_qp_delta is se(v): up to +-(2^31 - 1). 26 + that must not
    // overflow on its way to the range check.
    for dqp in [i32::MAX, -i32::MAX, i32::MAX - 25, 26, -27] {
        let s = slice_qp_delta_stream(dqp);
        let e = decode_within(&format!("slice_qp_delta {dqp}"), &s, budget(s.len(), 4));
        assert!(
            matches!(e, Err(Error::Invalid(_))),
            "slice_qp_delta {dqp}: {e:?}"
        );
    }
}

/// A 2x2-macroblock 4:0:0 stream whose slice carries `dqp` as
/// slice_qp_delta, then 32 bytes of 0x55.
fn slice_qp_delta_stream(dqp: i32) -> Vec<u8> {
    let sps = intra_sps(ChromaFormat::Monochrome, 32, 32).unwrap();
    let pps = intra_pps(true, 26, true);
    let mut s = Vec::new();
    write_nal(&mut s, 3, nal::NAL_SPS, &sps.write());
    write_nal(&mut s, 3, nal::NAL_PPS, &pps.write());
    let mut w = BitWriter::new();
    idr_slice_header(0, 0, dqp, 0).write(&mut w, nal::NAL_IDR, &sps, &pps);
    w.align_with_ones();
    let mut rbsp = w.into_bytes();
    rbsp.extend_from_slice(&[0x55; 32]);
    write_nal(&mut s, 3, nal::NAL_IDR, &rbsp);
    s
}

/// An IDR slice of I_PCM macroblocks `first..first + count` of a picture
/// `wm` macroblocks wide, using PPS 0; samples are all `value`.
fn pcm_slice(first: usize, count: usize, wm: usize, chroma: bool, value: u8) -> Vec<u8> {
    use golden::cabac::CabacEncoder;
    use golden::mb::coder::EncCoder;
    use golden::mb::neighbours::MbNeighbors;
    use golden::mb::syntax::{code_macroblock, MbSyntaxCtx};
    use golden::mb::{Macroblock, MbKind};
    let sps = intra_sps(ChromaFormat::Monochrome, 16, 16).unwrap();
    let pps = intra_pps(false, 26, true);
    let mut w = BitWriter::new();
    idr_slice_header(first as u32, 0, 0, 1).write(&mut w, nal::NAL_IDR, &sps, &pps);
    w.align_with_ones();
    let mut infos = vec![golden::mb::MbInfo::default(); first + count];
    let mut coder = EncCoder(CabacEncoder::new(26));
    for addr in first..first + count {
        let n = MbNeighbors::of(&infos, wm, addr, 1);
        let ctx = MbSyntaxCtx {
            n: &n,
            transform_8x8_mode: false,
            chroma,
            prev_qp_delta_nonzero: false,
        };
        let len = if chroma { 384 } else { 256 };
        let mut mb = Macroblock {
            kind: MbKind::Pcm,
            pcm: vec![value; len],
            ..Default::default()
        };
        infos[addr] = code_macroblock(&mut coder, &mut mb, &ctx).unwrap();
        infos[addr].slice = 1;
        coder
            .0
            .encode_terminate(u32::from(addr + 1 == first + count));
    }
    let mut rbsp = w.into_bytes();
    rbsp.extend_from_slice(&coder.0.finish());
    let mut s = Vec::new();
    write_nal(&mut s, 3, nal::NAL_IDR, &rbsp);
    s
}

#[test]
fn parameter_sets_changing_within_a_picture_are_rejected() {
    let (valid, switched) = pps_switch_streams();
    let pics = Decoder::decode_stream(&valid).expect("the unchanged stream is valid");
    assert_eq!(pics[0].planes[0].data[16], 20);
    let e = decode_within("PPS switch", &switched, budget(switched.len(), 2)).unwrap_err();
    assert!(matches!(e, Error::Invalid(_)), "{e}");
}

/// SPS 0 is 4:2:0, SPS 1 is 4:0:0, both 2x1 macroblocks; the first slice
/// (I_PCM) starts a 4:2:0 picture. Returns that picture completed by a
/// second 4:2:0 I_PCM slice (valid), and the stream where PPS 0 is first
/// redefined to use SPS 1 so that the second slice (same picture by
/// 7.4.1.2.4) codes a 4:0:0 I_PCM macroblock into it, which the standard
/// forbids (a PPS may not change inside a picture).
fn pps_switch_streams() -> (Vec<u8>, Vec<u8>) {
    let sps_of = |format, id| {
        let mut sps = intra_sps(format, 32, 16).unwrap();
        sps.seq_parameter_set_id = id;
        sps.write()
    };
    let pps_of = |sps_id| {
        let mut pps = intra_pps(false, 26, true);
        pps.seq_parameter_set_id = sps_id;
        pps.write()
    };
    let mut s = Vec::new();
    write_nal(&mut s, 3, nal::NAL_SPS, &sps_of(ChromaFormat::Yuv420, 0));
    write_nal(
        &mut s,
        3,
        nal::NAL_SPS,
        &sps_of(ChromaFormat::Monochrome, 1),
    );
    write_nal(&mut s, 3, nal::NAL_PPS, &pps_of(0));
    s.extend_from_slice(&pcm_slice(0, 1, 2, true, 10));
    let mut valid = s.clone();
    valid.extend_from_slice(&pcm_slice(1, 1, 2, true, 20));
    write_nal(&mut s, 3, nal::NAL_PPS, &pps_of(1));
    s.extend_from_slice(&pcm_slice(1, 1, 2, false, 20));
    (valid, s)
}

#[test]
fn emulation_prevention_and_zero_runs_are_linear() {
    // Megabytes of zeros, of 00 00 03 and of start codes: the NAL splitter
    // and unescaping must stay linear.
    let n = 1 << 20;
    let zeros = vec![0u8; n];
    let escapes: Vec<u8> = [0u8, 0, 3].iter().copied().cycle().take(n).collect();
    let starts: Vec<u8> = [0u8, 0, 1, 0x65].iter().copied().cycle().take(n).collect();
    for (what, s) in [
        ("zeros", zeros),
        ("00 00 03", escapes),
        ("start codes", starts),
    ] {
        assert!(
            decode_within(what, &s, budget(s.len(), 0)).is_err(),
            "{what}"
        );
    }
}

/// The fuzzers' crash, timeout and OOM inputs, kept as files.
fn regression_files() -> Vec<PathBuf> {
    let dir = repo_root().join("fuzz/regressions");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_file() && p.extension().is_some_and(|x| x != "md"))
        .collect();
    files.sort();
    files
}

#[test]
fn fuzz_regressions_replay_cleanly() {
    for path in regression_files() {
        let bytes = std::fs::read(&path).unwrap();
        let what = path.display().to_string();
        if path.extension().is_some_and(|x| x == "safetensors") {
            let _ = SafeTensors::from_bytes(bytes);
        } else {
            let _ = decode_within(&what, &bytes, budget(bytes.len(), MAX_FRAME_MBS));
        }
    }
}

#[test]
fn fuzz_seeds_are_valid() {
    // decode_mutated starts from these; a seed that does not decode would
    // make the fuzzer explore error paths only.
    let dir = repo_root().join("fuzz/seeds/h264");
    let mut n = 0;
    for e in std::fs::read_dir(&dir).unwrap() {
        let path = e.unwrap().path();
        let s = std::fs::read(&path).unwrap();
        assert!(s.len() <= 4096, "{}: seeds stay small", path.display());
        Decoder::decode_stream(&s).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        n += 1;
    }
    assert_eq!(n, 6, "fuzz/src/lib.rs names six seeds");
    let st = std::fs::read(repo_root().join("fuzz/seeds/safetensors/small.safetensors")).unwrap();
    assert_eq!(SafeTensors::from_bytes(st).unwrap().tensors().len(), 3);
    let g = std::fs::read(repo_root().join("fuzz/seeds/gguf/small.gguf")).unwrap();
    let g = tensor::gguf::Gguf::from_bytes(g).unwrap();
    assert_eq!(g.tensors.len(), 3);
    for t in &g.tensors {
        g.to_f32(&t.name).unwrap();
    }
}

/// A small safetensors file: three tensors of different dtypes (one empty)
/// and metadata.
fn small_safetensors() -> Vec<u8> {
    use tensor::safetensors::{serialize, Dtype, TensorData};
    let meta = [("format".to_string(), "pt".to_string())]
        .into_iter()
        .collect();
    let f16: Vec<u8> = (0u8..24).collect();
    let f32: Vec<u8> = (0u8..16).map(|i| i.wrapping_mul(37)).collect();
    serialize(
        &[
            TensorData {
                name: "w.f16",
                dtype: Dtype::F16,
                shape: &[3, 4],
                data: &f16,
            },
            TensorData {
                name: "b.f32",
                dtype: Dtype::F32,
                shape: &[4],
                data: &f32,
            },
            TensorData {
                name: "empty",
                dtype: Dtype::BF16,
                shape: &[0, 5],
                data: &[],
            },
        ],
        &meta,
    )
    .unwrap()
}

#[test]
fn damaged_safetensors_are_errors() {
    // Every truncation, and every single-byte overwrite of the header with a
    // few hostile values (digits make offsets and shapes huge).
    let file = small_safetensors();
    assert!(SafeTensors::from_bytes(file.clone()).is_ok());
    for cut in 0..file.len() {
        assert!(
            SafeTensors::from_bytes(file[..cut].to_vec()).is_err(),
            "cut at {cut}"
        );
    }
    let header_end = 8 + u64::from_le_bytes(file[..8].try_into().unwrap()) as usize;
    for i in 0..header_end {
        for v in [b'9', b'0', b'-', b'[', b'"', 0xff, 0] {
            let mut f = file.clone();
            f[i] = v;
            if let Ok(st) = SafeTensors::from_bytes(f) {
                for t in st.tensors() {
                    let _ = st.to_f32(&t.name);
                }
            }
        }
    }
}

#[test]
fn safetensors_header_length_is_checked_before_allocating() {
    // A header length of 2^63 or just under the 100 MiB cap, with nothing
    // behind it: an error at once, without reserving the declared size.
    for len in [u64::MAX, 1 << 63, 100 << 20, (100 << 20) + 1] {
        let mut f = len.to_le_bytes().to_vec();
        f.extend_from_slice(b"{}");
        let t = Instant::now();
        assert!(SafeTensors::from_bytes(f).is_err(), "header length {len}");
        assert!(
            t.elapsed() < Duration::from_millis(50),
            "header length {len}"
        );
    }
    // A shape whose element count overflows usize.
    let header = br#"{"t":{"dtype":"U8","shape":[4294967296,4294967296,16],"data_offsets":[0,0]}}"#;
    let mut f = (header.len() as u64).to_le_bytes().to_vec();
    f.extend_from_slice(header);
    assert!(SafeTensors::from_bytes(f).is_err());
}

/// Writes fuzz/seeds/ and the review regressions (run by hand:
/// `cargo test --test robustness -- --ignored regenerate_fuzz_seeds`);
/// fuzz/src/lib.rs names the seed files.
#[test]
#[ignore]
fn regenerate_fuzz_seeds() {
    use ChromaFormat::*;
    let pcm = {
        let mut s = param_sets(Yuv420, 2, 1, false);
        s.extend_from_slice(&pcm_slice(0, 1, 2, true, 60));
        s.extend_from_slice(&pcm_slice(1, 1, 2, true, 200));
        s
    };
    let seeds: [(&str, Vec<u8>); 6] = [
        (
            "ours_400_8x8_slices_deblock",
            ours(Monochrome, (32, 32), 2, false, 1),
        ),
        (
            "ours_420_8x8_slices_deblock_aq",
            ours(Yuv420, (32, 32), 3, true, 1),
        ),
        ("ours_420_cropped_i16", {
            let cfg = EncoderConfig {
                qp: 34,
                slices: 2,
                profile: golden::encoder::Profile::I16X16_ONLY,
                ..Default::default()
            };
            let raw = frame_420(&smooth_image(40, 24, 3), 40, 24);
            let pic = Picture::from_raw(Yuv420, 40, 24, &raw).unwrap();
            Encoder::new(Yuv420, 40, 24, cfg)
                .unwrap()
                .encode(&pic)
                .unwrap()
                .bytes
        }),
        ("ours_pcm_420_2slices", pcm),
        ("x264_420", x264(Yuv420, (32, 32), 1, &["--qp", "26"])),
        (
            "x264_400_slices",
            x264(Monochrome, (32, 32), 1, &["--qp", "30", "--slices", "2"]),
        ),
    ];
    let dir = repo_root().join("fuzz/seeds");
    for (name, s) in seeds {
        std::fs::write(dir.join(format!("h264/{name}.264")), s).unwrap();
    }
    std::fs::write(
        dir.join("safetensors/small.safetensors"),
        small_safetensors(),
    )
    .unwrap();
    // The two inputs that made the decoder panic (found by review; see
    // fuzz/README.md), kept with the fuzzers' findings.
    let reg = repo_root().join("fuzz/regressions");
    let pps_switch = pps_switch_streams().1;
    std::fs::write(reg.join("review-pps-switch-mid-picture.264"), pps_switch).unwrap();
    let s = slice_qp_delta_stream(i32::MAX);
    std::fs::write(reg.join("review-slice-qp-delta-overflow.264"), s).unwrap();
}
