//! dec_lane_i16, the decoder lane for intra streams without deblocking (Intra16x16, Intra4x4,
//! Intra8x8), against golden's decoder: its pictures must be the ones golden decodes, on the
//! tensor codec's own streams of real tensors (RDOQ, per-macroblock QP, sorted rows, cropped
//! tiles), golden's encoder in the `i16x16` profile on tensor and 4:2:0 pictures (QP 0..51,
//! sizes that are not multiples of 16, one to one-per-macroblock slices, two pictures a
//! stream, QP maps), golden's `full` profile (Intra4x4 / 8x8 beside Intra16x16) across QP, and
//! x264's intra streams with --no-deblock, with random stalls on both ports; ffmpeg decodes
//! one of each kind to the same samples. Streams the lane does not decode (deblocking on:
//! golden's and x264's) and damaged streams raise the error flag and never hang; a damaged
//! stream that does not raise it decodes to golden's pictures; after a bad stream the lane
//! resynchronizes at the next IDR picture.

mod common;

use common::*;
use golden::bitstream::split_annexb;
use golden::decoder::Decoder;
use golden::encoder::{EncoderConfig, Profile};
use golden::picture::Picture;
use sim::{DecLane, DecStalls, Rng, Stalls, DEC_LANE_MAX_WIDTH_MBS};
use vectors::cabac::dec::x264_stream;
use vectors::dec_front::{
    damaged, golden_stream, picture_400, with_chroma_qp_offsets, x264_streams,
};
use vectors::intra::{lane_config, lane_expected, tensor_sweep};
use vectors::stimulus::{luma_only, picture_420, saturating_420};
use vectors::streams::code_tensor;
use vectors::tools::{ffmpeg_decode, tmp_dir};

/// The lane's coding (golden's encoder as the encoder lane codes) at `qp` in `slices` slices.
fn lane_qp(qp: i32, slices: usize) -> EncoderConfig {
    lane_config(&EncoderConfig {
        qp,
        slices,
        ..Default::default()
    })
}

/// Decodes `stream` on the lane; it must give golden's pictures without an error.
fn check(dut: &mut DecLane, stream: &[u8], stalls: DecStalls, rng: &mut Rng, what: &str) {
    let want = Decoder::decode_stream(stream).unwrap_or_else(|e| panic!("{what}: golden: {e}"));
    let run = dut.decode(stream, stalls, rng);
    assert!(
        !run.error,
        "{what}: error flag after {} of {} bytes",
        run.error_at,
        stream.len()
    );
    assert_eq!(run.partial_mbs, 0, "{what}: a picture cut short");
    assert_eq!(run.pictures.len(), want.len(), "{what}: pictures");
    for (k, (got, want)) in run.pictures.iter().zip(&want).enumerate() {
        assert!(got == want, "{what}: picture {k} differs from golden's");
    }
}

/// ffmpeg's decoding of `stream` equals the lane's (every picture, raw, in order).
fn check_ffmpeg(dut: &mut DecLane, stream: &[u8], rng: &mut Rng, what: &str) {
    let run = dut.decode(stream, DecStalls::NONE, rng);
    let first = run.pictures.first().expect("a picture");
    let dir = tmp_dir("dec_lane");
    let path = dir.join("s.264");
    std::fs::write(&path, stream).unwrap();
    let raw = ffmpeg_decode(&path, first.format, first.width, first.height);
    let ours: Vec<u8> = run.pictures.iter().flat_map(Picture::to_raw).collect();
    assert!(
        raw == ours,
        "{what}: ffmpeg's samples differ from the lane's"
    );
}

/// The tensor codec's streams (`tricodec compress --bits B` of one tensor: RDOQ, per-MB QP,
/// sorted rows; each tile a stream) of stories260K and MiniLM tensors at 2, 2.5 and 3
/// bits/value; ffmpeg on the first tile of each.
#[test]
fn tensor_codec_streams() {
    let mut rng = seed("dec_lane tensor codec", 0xdec1_0001);
    let mut dut = DecLane::new();
    for (model, name) in [
        (
            "stories260K.safetensors",
            "model.layers.2.self_attn.q_proj.weight",
        ),
        (
            "stories260K.safetensors",
            "model.layers.0.mlp.down_proj.weight",
        ),
        (
            "minilm/model.safetensors",
            "encoder.layer.0.attention.self.key.weight",
        ),
    ] {
        for bits in [2.0, 2.5, 3.0] {
            let (coded, _) = code_tensor(&model_path(model), name, bits).unwrap();
            for (t, s) in coded.streams.iter().enumerate() {
                let what = format!("{name} at {bits} bits/value, tile {t}");
                check(&mut dut, s, DecStalls::NONE, &mut rng, &what);
                if t == 0 && bits == 2.5 {
                    check_ffmpeg(&mut dut, s, &mut rng, &what);
                }
            }
        }
    }
}

/// Golden's encoder in the lane's mode on real tensors as pictures (4:0:0 and 4:2:0) across
/// QP, dead zone, slices and QP maps (vectors::intra::tensor_sweep); the decoded pictures are
/// also the encoder's reconstruction.
#[test]
fn tensor_pictures() {
    let mut rng = seed("dec_lane tensor pictures", 0xdec1_0002);
    let mut dut = DecLane::new();
    for (what, pic, cfg) in tensor_sweep(&models(), &mut rng).unwrap() {
        let cfg = lane_config(&cfg);
        let (bytes, recon) = lane_expected(&[pic], &cfg).unwrap();
        check(&mut dut, &bytes, DecStalls::NONE, &mut rng, &what);
        let run = dut.decode(&bytes, DecStalls::NONE, &mut rng);
        assert!(
            run.pictures == recon,
            "{what}: not the encoder's reconstruction"
        );
    }
}

/// One case of the QP sweeps: at `qp`, a 4:2:0 or 4:0:0 picture (content `seed + qp`) of a
/// size that is often not a multiple of 16, 1 / 3 / one-per-macroblock slices, one or two
/// pictures a stream, the stall patterns on both ports; `cfg` makes the encoder's settings
/// from the slice and macroblock counts. Checks the lane against golden (and ffmpeg with
/// `ffmpeg`) and returns the stream.
fn sweep_case(
    dut: &mut DecLane,
    rng: &mut Rng,
    (qp, seed, ffmpeg): (usize, u64, bool),
    cfg: impl FnOnce(usize, usize) -> EncoderConfig,
) -> Vec<u8> {
    let sizes = [(48, 32), (34, 18), (33, 17), (16, 16), (50, 38)];
    let (w, h) = sizes[qp % sizes.len()];
    let pic = if w % 2 == 0 && h % 2 == 0 && qp % 3 != 1 {
        picture_420(w, h, seed + qp as u64)
    } else {
        picture_400(w, h, seed + qp as u64)
    };
    let mbs = pic.width_mbs() * pic.height_mbs();
    let cfg = cfg([1, 3, mbs][qp % 3].min(mbs), mbs);
    let frames = 1 + qp % 2;
    let what = format!(
        "{w}x{h} {:?} qp {qp} 8x8 {} {:?} {frames} pictures",
        pic.format, cfg.transform_8x8, cfg.profile
    );
    let stream = golden_stream(&pic, cfg, frames);
    let stalls = DecStalls {
        input: Stalls::PATTERNS[qp % 6],
        output: Stalls::PATTERNS[(qp / 6) % 6],
    };
    check(dut, &stream, stalls, rng, &what);
    if ffmpeg {
        check_ffmpeg(dut, &stream, rng, &what);
    }
    stream
}

/// 4:2:0 and 4:0:0 pictures at every QP, sizes that are not multiples of 16, 1 / 3 /
/// one-per-macroblock slices, two pictures a stream, saturating content, with the stall
/// patterns on both ports; ffmpeg on a 4:2:0 and a 4:0:0 stream.
#[test]
fn pictures_every_qp_under_stalls() {
    let mut rng = seed("dec_lane pictures", 0xdec1_0003);
    let mut dut = DecLane::new();
    for qp in 0..52usize {
        sweep_case(
            &mut dut,
            &mut rng,
            (qp, 0, qp == 26 || qp == 27),
            |slices, _| {
                lane_config(&EncoderConfig {
                    qp: qp as i32,
                    slices,
                    ..Default::default()
                })
            },
        );
    }
    for tile in [8, 16] {
        let pic = saturating_420(48, 32, tile);
        for qp in [0, 12, 30, 51] {
            let cfg = lane_config(&EncoderConfig {
                qp,
                ..Default::default()
            });
            let what = format!("saturating {tile} qp {qp}");
            let stream = golden_stream(&pic, cfg, 1);
            check(&mut dut, &stream, DecStalls::NONE, &mut rng, &what);
        }
    }
}

/// Golden's `full` profile (Intra4x4, Intra8x8 with transform_8x8_mode_flag, Intra16x16;
/// deblocking off, golden's default; every fourth stream Intra8x8 only) on 4:2:0 and 4:0:0
/// pictures at every QP (sweep_case: odd sizes, 1 / 3 / one-per-macroblock slices, two
/// pictures a stream, the stall patterns), every fourth with a per-MB QP map; saturating
/// content at QP 0 and 51; ffmpeg on four of the sweep and on saturating content.
#[test]
fn intra_nxn_pictures_under_stalls() {
    let mut rng = seed("dec_lane nxn", 0xdec1_000a);
    let mut dut = DecLane::new();
    // Every fourth stream Intra8x8 only (golden's decision takes Intra4x4 on most of these
    // pictures when it may).
    let i8x8_only = Profile {
        modes4x4: 0,
        modes16x16: 0,
        ..Profile::FULL
    };
    let (mut i4, mut i8) = (0, 0);
    for qp in 0..52usize {
        let t8 = qp % 2 == 0;
        let ffmpeg = (20..24).contains(&qp);
        let stream = sweep_case(&mut dut, &mut rng, (qp, 100, ffmpeg), |slices, mbs| {
            EncoderConfig {
                qp: qp as i32,
                slices,
                transform_8x8: t8,
                profile: if qp % 4 == 0 {
                    i8x8_only
                } else {
                    Profile::FULL
                },
                // Every fourth stream a QP map (mb_qp_delta on I_NxN macroblocks).
                mb_qp: (qp % 4 == 3).then(|| {
                    (0..mbs)
                        .map(|k| (qp as i32 + [0, 5, -7, 11][k % 4]).clamp(0, 51))
                        .collect()
                }),
                ..Default::default()
            }
        });
        let (n4, n8) = nxn_counts(&stream);
        i4 += n4;
        i8 += n8;
    }
    // Saturating content (residuals at the ends of the sample range) at the QP ends.
    for (k, tile) in [8, 16].into_iter().enumerate() {
        let pic = saturating_420(48, 32, tile);
        for qp in [0, 51] {
            for (t8, profile) in [(false, Profile::FULL), (true, i8x8_only)] {
                let cfg = EncoderConfig {
                    qp,
                    transform_8x8: t8,
                    profile,
                    ..Default::default()
                };
                let what = format!("saturating {tile} qp {qp} 8x8 {t8}");
                let stream = golden_stream(&pic, cfg, 1);
                check(&mut dut, &stream, DecStalls::NONE, &mut rng, &what);
                let (n4, n8) = nxn_counts(&stream);
                i4 += n4;
                i8 += n8;
                if k == 0 && qp == 0 {
                    check_ffmpeg(&mut dut, &stream, &mut rng, &what);
                }
            }
        }
    }
    println!("golden full profile: {i4} Intra4x4 and {i8} Intra8x8 macroblocks");
    assert!(
        i4 > 50 && i8 > 50,
        "too few I_NxN macroblocks: {i4} 4x4, {i8} 8x8"
    );
}

/// Macroblocks of each I_NxN kind in `stream` (golden's decoder's syntax traces: mb_type 0,
/// then transform_size_8x8_flag when the PPS allows it).
fn nxn_counts(stream: &[u8]) -> (usize, usize) {
    use golden::mb::trace::Se;
    let mut dec = Decoder::new();
    dec.record_traces();
    for unit in split_annexb(stream) {
        dec.decode_nal(unit).expect("golden decodes it");
    }
    let (mut n4, mut n8) = (0, 0);
    for t in dec.take_traces() {
        let mut it = t.elements.iter().peekable();
        while let Some(e) = it.next() {
            if let Se::MbType { value: 0, .. } = e {
                match it.peek() {
                    Some(Se::Transform8x8 { value: true, .. }) => n8 += 1,
                    _ => n4 += 1,
                }
            }
        }
    }
    (n4, n8)
}

/// x264's intra streams without deblocking (--no-deblock: disable_deblocking_filter_idc 1):
/// the default analysis (Intra4x4, Intra8x8, Intra16x16), --no-8x8dct, 4 slices, a chroma QP
/// offset, CRF with adaptive quantization (per-MB QP), QP 1 and 45; i420 and i400. RTL ==
/// golden == ffmpeg, with stalls.
#[test]
fn x264_no_deblock_streams() {
    let mut rng = seed("dec_lane x264", 0xdec1_000b);
    let mut dut = DecLane::new();
    let sets: [&[&str]; 7] = [
        &["--no-deblock"],
        &["--no-deblock", "--no-8x8dct"],
        &["--no-deblock", "--slices", "4"],
        &["--no-deblock", "--chroma-qp-offset", "-4"],
        &["--no-deblock", "--crf", "20", "--aq-mode", "1"],
        &["--no-deblock", "--qp", "1"],
        &["--no-deblock", "--qp", "45", "--no-8x8dct"],
    ];
    for (k, args) in sets.iter().enumerate() {
        for pic in [
            picture_420(48, 40, 200 + k as u64),
            picture_400(64, 34, 300 + k as u64),
        ] {
            let Some(stream) = x264_stream(&pic, 2, args).expect("x264 ran") else {
                println!("x264 not found: x264 streams skipped");
                return;
            };
            let what = format!("x264 {:?} {args:?}", pic.format);
            let stalls = DecStalls {
                input: Stalls::PATTERNS[k % 6],
                output: Stalls::PATTERNS[(k + 2) % 6],
            };
            check(&mut dut, &stream, stalls, &mut rng, &what);
            check_ffmpeg(&mut dut, &stream, &mut rng, &what);
        }
    }
}

/// Streams with what the lane does not decode (deblocking on): golden's `full` and `i16x16`
/// profiles with deblocking, x264's intra streams with deblocking on. The error flag rises,
/// the whole stream is taken, nothing hangs.
#[test]
fn unsupported_streams_raise_the_error_flag() {
    let mut rng = seed("dec_lane unsupported", 0xdec1_0004);
    let mut dut = DecLane::new();
    let pic = picture_420(48, 32, 9);
    let mut streams = vec![
        (
            "full profile, deblocking on".to_string(),
            golden_stream(
                &pic,
                EncoderConfig {
                    profile: Profile::FULL,
                    deblock: true,
                    ..Default::default()
                },
                1,
            ),
        ),
        (
            "deblocking on".to_string(),
            golden_stream(
                &pic,
                EncoderConfig {
                    profile: Profile::I16X16_ONLY,
                    deblock: true,
                    ..Default::default()
                },
                1,
            ),
        ),
    ];
    // Not --no-deblock, nor --qp 1: at so low a QP the filter would change nothing and x264
    // writes disable_deblocking_filter_idc 1 (x264_no_deblock_streams decodes such a stream).
    streams.extend(
        x264_streams().into_iter().filter(|(what, _)| {
            !what.contains("--no-deblock") && !what.contains("\"--qp\", \"1\"")
        }),
    );
    for (what, s) in &streams {
        let run = dut.decode(s, DecStalls::NONE, &mut rng);
        assert!(run.error, "{what}: no error flag");
    }
}

/// Damaged copies of golden's streams (bytes changed, cut short): the lane raises its error
/// flag or decodes golden's pictures; when golden rejects the stream the lane raises the flag
/// or leaves a picture incomplete. Never a hang (DecLane::decode's cycle bound).
#[test]
fn damaged_streams() {
    let mut rng = seed("dec_lane damaged", 0xdec1_0005);
    let mut dut = DecLane::new();
    let bases = [
        golden_stream(&picture_420(32, 32, 4), lane_qp(26, 1), 2),
        golden_stream(&picture_400(33, 17, 5), lane_qp(20, 3), 1),
        golden_stream(&picture_420(48, 16, 6), lane_qp(8, 3), 1),
    ];
    let (mut flagged, mut clean) = (0, 0);
    for k in 0..60 {
        let base = &bases[k % bases.len()];
        let d = damaged(base, &mut rng, 1 + k % 4, k % 3 == 0);
        // Golden unit by unit: a stream cut before its first slice holds no picture, which
        // decode_stream calls an error and the lane (rightly) a stream of no pictures.
        let golden = (|| {
            let mut dec = Decoder::new();
            let mut pics = Vec::new();
            for unit in split_annexb(&d) {
                pics.extend(dec.decode_nal(unit)?);
            }
            pics.extend(dec.flush()?);
            golden::Result::Ok(pics)
        })();
        let run = dut.decode(&d, DecStalls::NONE, &mut rng);
        match (&golden, run.error || run.partial_mbs > 0) {
            (_, true) => flagged += 1,
            (Ok(want), false) => {
                assert!(
                    &run.pictures == want,
                    "damaged {k}: pictures differ from golden's"
                );
                clean += 1;
            }
            (Err(e), false) => panic!("damaged {k}: golden rejects it ({e}), the lane does not"),
        }
    }
    println!("damaged streams: {flagged} flagged, {clean} decoded as golden does");
    assert!(flagged > 0);
}

/// The chroma QP offsets of the PPS (chroma_qp_index_offset, second_chroma_qp_index_offset),
/// which our encoders leave at 0 and x264's Intra16x16-only streams cannot give (x264 has no
/// CABAC preset without Intra4x4): golden's lane-mode streams with their PPS rewritten
/// (vectors::dec_front::with_chroma_qp_offsets), offsets across -12..12 with QP near both ends
/// of Table 8-15's clip, golden's pictures and ffmpeg's. A large positive offset at a low QP
/// would scale levels coded for a fine step past the 16-bit coefficient range conforming
/// streams keep to (8.5.12.1), where decoders differ (ffmpeg's 16-bit arithmetic wraps: seen
/// at QP 2 with +12), so those stay small.
#[test]
fn chroma_qp_offsets() {
    let mut rng = seed("dec_lane chroma QP offsets", 0xdec1_0006);
    let mut dut = DecLane::new();
    let pic = picture_420(48, 32, 12);
    for (k, (qp, cb, cr)) in [
        (26, 3, 3),
        (26, -5, 7),
        (40, 12, -12),
        (2, -12, 3),
        (51, 12, 12),
        (0, -12, -12),
        (30, 0, 9),
    ]
    .into_iter()
    .enumerate()
    {
        let cfg = lane_config(&EncoderConfig {
            qp,
            slices: 1 + k % 3,
            ..Default::default()
        });
        let stream = with_chroma_qp_offsets(&golden_stream(&pic, cfg, 1), cb, cr);
        let what = format!("QP {qp}, offsets {cb} / {cr}");
        let stalls = DecStalls {
            input: Stalls::PATTERNS[k % 6],
            output: Stalls::PATTERNS[(k + 3) % 6],
        };
        check(&mut dut, &stream, stalls, &mut rng, &what);
        check_ffmpeg(&mut dut, &stream, &mut rng, &what);
    }
}

/// The widest picture of the lane (7680 luma samples, 4:0:0 and 4:2:0) with a slice that
/// starts mid-row; one macroblock wider is an error (the line buffer's width), with the whole
/// stream taken.
#[test]
fn widest_picture() {
    let mut rng = seed("dec_lane widest", 0xdec1_0007);
    let mut dut = DecLane::new();
    let w = 16 * DEC_LANE_MAX_WIDTH_MBS;
    let cfg = lane_config(&EncoderConfig {
        qp: 30,
        slices: 3,
        ..Default::default()
    });
    for pic in [luma_only(&picture_420(w, 32, 13)), picture_420(w, 16, 14)] {
        let what = format!("{}x{} {:?}", pic.width, pic.height, pic.format);
        check(
            &mut dut,
            &golden_stream(&pic, cfg.clone(), 1),
            DecStalls::NONE,
            &mut rng,
            &what,
        );
    }
    let wider = luma_only(&picture_420(w + 16, 16, 15));
    let run = dut.decode(&golden_stream(&wider, cfg, 1), DecStalls::NONE, &mut rng);
    assert!(run.error, "{} wide: no error flag", w + 16);
}

/// Resynchronization: a stream the lane cannot decode (deblocking on: golden's `full` profile
/// with deblocking; x264's default intra streams), a picture cut short in its slice data, a slice header
/// with forbidden_zero_bit set, each followed by a stream the lane decodes (SPS, PPS, IDR
/// pictures). The error flag rises and stays up; the lane drops what follows up to the IDR
/// picture and then gives exactly golden's pictures of the good stream, under stalls.
#[test]
fn resynchronizes_at_the_next_idr() {
    let mut rng = seed("dec_lane resync", 0xdec1_0009);
    let mut dut = DecLane::new();
    let good = golden_stream(&picture_420(48, 32, 11), lane_qp(24, 2), 2);
    let want = Decoder::decode_stream(&good).expect("golden decodes the good stream");
    let base = golden_stream(&picture_420(32, 32, 4), lane_qp(26, 1), 1);
    let units = split_annexb(&base);
    let annexb = |units: &[Vec<u8>]| -> Vec<u8> {
        units
            .iter()
            .flat_map(|u| [0u8, 0, 0, 1].iter().copied().chain(u.iter().copied()))
            .collect()
    };
    let mut bad: Vec<(String, Vec<u8>)> = vec![
        (
            "full profile, deblocking on".into(),
            golden_stream(
                &picture_420(48, 32, 9),
                EncoderConfig {
                    profile: Profile::FULL,
                    deblock: true,
                    ..Default::default()
                },
                1,
            ),
        ),
        (
            "slice data cut short".into(),
            base[..base.len() * 2 / 3].to_vec(),
        ),
        ("forbidden_zero_bit".into(), {
            let mut u: Vec<Vec<u8>> = units.iter().map(|u| u.to_vec()).collect();
            let slice = u
                .iter()
                .position(|u| u[0] & 0x1f == 5)
                .expect("an IDR slice");
            u[slice][0] |= 0x80;
            annexb(&u)
        }),
    ];
    // x264's default (deblocking on) and --no-deblock with slices cut short.
    let x264 = x264_streams();
    bad.extend(x264.iter().take(1).cloned());
    if let Some((what, s)) = x264.iter().find(|(w, _)| w.contains("--no-deblock")) {
        bad.push((format!("{what} cut short"), s[..s.len() * 2 / 3].to_vec()));
    }
    for (k, (what, b)) in bad.iter().enumerate() {
        let stream = [b.as_slice(), good.as_slice()].concat();
        let stalls = if k % 2 == 0 {
            DecStalls::NONE
        } else {
            DecStalls {
                input: Stalls::PATTERNS[k % 6],
                output: Stalls::PATTERNS[(k + 1) % 6],
            }
        };
        let run = dut.decode_through_errors(&stream, stalls, &mut rng);
        assert!(run.error, "{what}: no error flag");
        assert!(
            run.pictures.len() >= want.len(),
            "{what}: {} pictures out, the good stream has {}",
            run.pictures.len(),
            want.len()
        );
        let tail = &run.pictures[run.pictures.len() - want.len()..];
        for (i, (got, w)) in tail.iter().zip(&want).enumerate() {
            assert!(
                got == w,
                "{what}: picture {i} of the good stream differs from golden's"
            );
        }
    }
}
