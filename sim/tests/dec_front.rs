//! The decoder lane's front end against golden: `nal_read` gives golden's units
//! (split_annexb + parse_nal's unescaping) of golden encoder streams, x264 streams, reframed
//! and damaged streams; `header_read` gives golden's slice configurations and slice data bytes
//! (golden's SPS / PPS / slice header parsers in the decoder's order) on the same streams, and
//! on damaged ones flags an error only where golden's decoder rejects the stream, within a
//! bounded number of cycles. Random stalls on every port.

mod common;

use common::*;
use golden::decoder::Decoder;
use golden::encoder::{Encoder, EncoderConfig, Profile};
use golden::Picture;
use sim::{run_stream_drain, HeaderRead, NalRead, Stalls};
use vectors::cabac::dec::x264_stream;
use vectors::dec_front::{
    check_header_run, damaged, header_expected, picture_400, reframed, stream_inputs,
    stream_raw_units, unit_beats, HeaderOut,
};
use vectors::stimulus::picture_420;

/// Cycles with no output after the last input that end a run.
const QUIET: u32 = 40;

/// Golden's encoder on `pic` with `cfg`, `frames` pictures in one stream.
fn golden_stream(pic: &Picture, cfg: EncoderConfig, frames: usize) -> Vec<u8> {
    let mut enc = Encoder::new(pic.format, pic.width, pic.height, cfg).unwrap();
    (0..frames)
        .flat_map(|_| enc.encode(pic).unwrap().bytes)
        .collect()
}

/// Streams over the settings of golden's encoder: 4:0:0 / 4:2:0, odd sizes, QP 0..51, one to
/// many slices, one or two pictures, deblocking on / off, 8x8 on / off.
fn golden_streams() -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    // 4:2:0 sides are even; 4:0:0 ones odd too.
    let sizes = [(16, 16), (40, 24), (50, 38), (8, 8), (34, 18)];
    let odd = [(33, 17), (21, 9), (47, 31), (9, 40)];
    for (k, qp) in [0, 7, 13, 20, 26, 33, 40, 45, 51].into_iter().enumerate() {
        let (w, h) = if k % 2 == 0 {
            sizes[k % sizes.len()]
        } else {
            odd[k % odd.len()]
        };
        let pic = if k % 2 == 0 {
            picture_420(w, h, 7 + k as u64)
        } else {
            picture_400(w, h, 7 + k as u64)
        };
        let mbs = pic.width_mbs() * pic.height_mbs();
        let cfg = EncoderConfig {
            qp,
            slices: [1, 2, mbs][k % 3].min(mbs),
            transform_8x8: k % 2 == 1,
            deblock: k % 4 < 2,
            profile: if k % 3 == 2 {
                Profile::I16X16_ONLY
            } else {
                Profile::FULL
            },
            ..Default::default()
        };
        let frames = 1 + k % 2;
        v.push((
            format!("golden {w}x{h} {:?} qp {qp} {cfg:?}", pic.format),
            golden_stream(&pic, cfg, frames),
        ));
    }
    v
}

/// x264 intra streams (i400 / i420) with the settings the decoder lane must read. Empty when
/// x264 is not installed.
fn x264_streams() -> Vec<(String, Vec<u8>)> {
    let sets: [&[&str]; 8] = [
        &[],
        &["--no-deblock"],
        &["--no-8x8dct"],
        &["--slices", "4"],
        &["--deblock", "-2:1"],
        &["--chroma-qp-offset", "3"],
        &["--crf", "20", "--aq-mode", "1"],
        &["--qp", "1"],
    ];
    let mut v = Vec::new();
    for (k, args) in sets.iter().enumerate() {
        let pic = if k % 2 == 0 {
            picture_420(48, 40, 30 + k as u64)
        } else {
            picture_400(64, 34, 30 + k as u64)
        };
        match x264_stream(&pic, 2, args).unwrap() {
            Some(s) => v.push((format!("x264 {:?} {args:?}", pic.format), s)),
            None => {
                println!("x264 not found: x264 streams skipped");
                return Vec::new();
            }
        }
    }
    v
}

/// nal_read on `stream`: golden's units, framed; within the cycle bound.
fn check_nal_read(stream: &[u8], stalls: Stalls, seed_value: u64, what: &str) {
    let mut rng = seed(what, seed_value);
    let (got, _) = run_stream_drain(
        &mut NalRead::new(),
        &stream_inputs(stream),
        stalls,
        &mut rng,
        QUIET,
    );
    let want = unit_beats(&stream_raw_units(stream));
    assert_eq!(got.len(), want.len(), "{what}: unit bytes out");
    if let Some(k) = got.iter().zip(&want).position(|(g, w)| g != w) {
        panic!("{what}: byte {k}: golden {:?}, RTL {:?}", want[k], got[k]);
    }
}

/// header_read on golden's units of `stream`: golden's beats, or an error where golden's
/// decoder rejects the stream. Returns whether it flagged an error.
fn check_header_read(stream: &[u8], stalls: Stalls, seed_value: u64, what: &str) -> bool {
    let mut rng = seed(what, seed_value);
    let units = stream_raw_units(stream);
    let mut dut = HeaderRead::new();
    let (got, _) = run_stream_drain(&mut dut, &unit_beats(&units), stalls, &mut rng, QUIET);
    // After an error the block goes on at the next unit: golden stops.
    let err = dut.err_at().is_some();
    let got = &got[..dut.err_at().unwrap_or(got.len())];
    let want = header_expected(&units);
    if let Err(e) = check_header_run(got, err, &want, || Decoder::decode_stream(stream).is_err()) {
        panic!("{what}: {e}");
    }
    err
}

#[test]
fn nal_read_golden_and_x264_streams() {
    let mut streams = golden_streams();
    streams.extend(x264_streams());
    for (k, (what, s)) in streams.iter().enumerate() {
        check_nal_read(s, Stalls::PATTERNS[k % 6], 0x6e1 + k as u64, what);
        let mut rng = seed("reframe", 0x6e2 + k as u64);
        let r = reframed(s, &mut rng);
        assert_eq!(
            stream_raw_units(&r),
            stream_raw_units(s),
            "{what}: reframed"
        );
        check_nal_read(&r, Stalls::PATTERNS[(k + 3) % 6], 0x6e3 + k as u64, what);
    }
}

/// Random units dense in emulation prevention (zero runs, 00 00 03, units ending in zero
/// pairs), header bytes of every kind (a zero header byte included), framed and reframed, and
/// damaged streams (nal_read reads any byte sequence): golden's units every time.
#[test]
fn nal_read_random_and_damaged() {
    let mut rng = seed("nal_read random", 0x6e4);
    let mut units = vectors::nal::random_units(&mut rng, 300);
    for (k, u) in units.iter_mut().enumerate() {
        if k % 11 == 3 {
            u.0 = [0x00, 0x80, 0x03, 0xff][k % 4];
        }
    }
    let mut stream = Vec::new();
    for (h, rbsp) in &units {
        stream.extend([0, 0, 1, *h]);
        let mut esc = Vec::new();
        golden::bitstream::write_nal(&mut esc, 0, 1, rbsp);
        stream.extend_from_slice(&esc[5..]);
    }
    check_nal_read(&stream, Stalls::NONE, 1, "random units");
    for (k, stalls) in Stalls::PATTERNS.iter().enumerate() {
        let r = reframed(&stream, &mut rng);
        check_nal_read(&r, *stalls, 10 + k as u64, "random units reframed");
    }
    let base = golden_stream(&picture_420(40, 24, 3), EncoderConfig::default(), 1);
    for k in 0..60 {
        let d = damaged(&base, &mut rng, k % 5, k % 3 == 0);
        check_nal_read(&d, Stalls::PATTERNS[k % 6], 100 + k as u64, "damaged");
    }
    // No start code at all; start codes only; a stream cut inside a start code.
    for s in [
        vec![1u8, 2, 3, 0, 0, 2, 9],
        vec![0, 0, 1, 0, 0, 1, 0, 0, 0, 1],
        vec![0, 0, 1, 0x65, 0x88, 0, 0],
        vec![0, 0, 1, 0x65, 0x88, 0, 0, 3],
        vec![0, 0, 1, 0x00, 0x00, 0x03, 0x00, 0x00, 0x01, 0x67],
    ] {
        check_nal_read(&s, Stalls::NONE, 2, &format!("edge {s:?}"));
    }
}

#[test]
fn header_read_golden_streams() {
    for (k, (what, s)) in golden_streams().iter().enumerate() {
        let err = check_header_read(s, Stalls::PATTERNS[k % 6], 0x6f1 + k as u64, what);
        assert!(!err, "{what}: error flagged");
    }
}

#[test]
fn header_read_x264_streams() {
    for (k, (what, s)) in x264_streams().iter().enumerate() {
        let err = check_header_read(s, Stalls::PATTERNS[k % 6], 0x6f2 + k as u64, what);
        assert!(!err, "{what}: error flagged");
    }
}

/// Unsupported streams: x264's lossless coding (--qp 0: transform bypass), 4:2:2 and 4:4:4
/// chroma, which golden's decoder refuses: an error flag.
#[test]
fn header_read_unsupported_x264() {
    let pic = picture_420(32, 32, 5);
    let mut k = 0;
    for args in [
        &["--qp", "0"][..],
        &["--output-csp", "i422"][..],
        &["--output-csp", "i444"][..],
    ] {
        let Some(s) = x264_stream(&pic, 1, args).unwrap() else {
            return;
        };
        assert!(
            Decoder::decode_stream(&s).is_err(),
            "golden refuses {args:?}"
        );
        k += 1;
        let err = check_header_read(&s, Stalls::PATTERNS[k], 0x6f4 + k as u64, "unsupported");
        assert!(err, "{args:?}: no error flagged");
    }
}

/// Byte flips and cuts in golden and x264 streams: golden's beats up to an error that golden's
/// decoder also finds, never a hang (run_stream_drain's cycle bound).
#[test]
fn header_read_damaged_streams() {
    let mut rng = seed("header_read damaged", 0x6f3);
    let mut bases: Vec<Vec<u8>> = golden_streams().into_iter().map(|(_, s)| s).collect();
    bases.extend(x264_streams().into_iter().map(|(_, s)| s));
    let mut errors = 0;
    for k in 0..240 {
        let base = &bases[k % bases.len()];
        // Damage the headers more often than the slice data: flips near the start.
        let head = base.len().min(60);
        let mut d = base.clone();
        if k % 2 == 0 {
            let i = rng.range(0, head as i64 - 1) as usize;
            d[i] ^= 1 << rng.range(0, 7);
        } else {
            d = damaged(base, &mut rng, k % 4, k % 3 == 0);
        }
        let what = format!("damaged {k}");
        errors += usize::from(check_header_read(
            &d,
            Stalls::PATTERNS[k % 6],
            k as u64,
            &what,
        ));
    }
    assert!(
        errors > 40,
        "the damage reaches the headers ({errors} errors)"
    );
}

/// The header fields the slices carry vary: every QP and deblocking idc appears.
#[test]
fn header_read_covers_fields() {
    let mut qps = std::collections::BTreeSet::new();
    for (_, s) in golden_streams() {
        for o in header_expected(&stream_raw_units(&s)).outs {
            if let HeaderOut::Cfg(c) = o {
                qps.insert(c.qp);
            }
        }
    }
    assert!(qps.len() >= 9, "QPs {qps:?}");
}
