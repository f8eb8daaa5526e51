//! The decoder lane's front end against golden: `nal_read` gives golden's units
//! (split_annexb + parse_nal's unescaping) of golden encoder streams, x264 streams, reframed
//! and damaged streams; `header_read` gives golden's slice configurations and slice data bytes
//! (golden's SPS / PPS / slice header parsers in the decoder's order) on the same streams, and
//! on damaged ones flags an error only where golden's decoder rejects the stream, within a
//! bounded number of cycles. Random stalls on every port. dec_front's slices then go through
//! cabac_dec to golden's elements.
//!
//! Tops: `TRICODEC_SIM_TOPS=nal_read,header_read,dec_front,cabac_dec`.

mod common;

use common::*;
use golden::bitstream::split_annexb;
use golden::decoder::Decoder;
use golden::encoder::EncoderConfig;
use sim::{run_stream_drain, DecFront, HeaderErrors, HeaderRead, NalRead, Stalls};
use vectors::cabac::dec::x264_stream;
use vectors::dec_front::{
    check_header_run, damaged, golden_stream, golden_streams, header_expected, reframed,
    stream_inputs, stream_raw_units, unit_beats, x264_streams, HeaderOut,
};
use vectors::nal::Unit;
use vectors::stimulus::picture_420;
use vectors::Rng;

/// Cycles with no output after the last input that end a run.
const QUIET: u32 = 40;

/// The most cycles from the last input byte taken to the error flag: the byte's 8 bits, a
/// cycle to register the error (nal_read adds its 2-byte hold in dec_front).
const ERR_DELAY: u64 = 10;

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

/// header_read on golden's units of `stream`, and dec_front on `stream` itself: golden's
/// beats, or an error where golden's decoder rejects the stream. Returns whether they flagged
/// an error (both must agree).
fn check_header_read(stream: &[u8], stalls: Stalls, seed_value: u64, what: &str) -> bool {
    let mut rng = seed(what, seed_value);
    let units = stream_raw_units(stream);
    let want = header_expected(&units);
    let rejects = std::cell::OnceCell::new();
    let golden_rejects = || *rejects.get_or_init(|| Decoder::decode_stream(stream).is_err());
    let mut dut = HeaderRead::new();
    let (got, _) = run_stream_drain(&mut dut, &unit_beats(&units), stalls, &mut rng, QUIET);
    // After an error the block goes on at the next unit: golden stops.
    let err = dut.err_at().is_some();
    let got = &got[..dut.err_at().unwrap_or(got.len())];
    if let Err(e) = check_header_run(got, err, &want, golden_rejects) {
        panic!("{what}: header_read: {e}");
    }
    // An error rises at the latest while the last byte's bits are read.
    assert!(
        dut.err_delay().unwrap_or(0) <= ERR_DELAY,
        "{what}: late error"
    );
    let mut front = DecFront::new();
    let (got, _) = run_stream_drain(&mut front, &stream_inputs(stream), stalls, &mut rng, QUIET);
    let got = &got[..front.err_at().unwrap_or(got.len())];
    assert_eq!(
        front.err_at().is_some(),
        err,
        "{what}: dec_front's error flag"
    );
    if let Err(e) = check_header_run(got, err, &want, golden_rejects) {
        panic!("{what}: dec_front: {e}");
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
/// chroma, non-flat scaling matrices (--cqm jvt), which golden's decoder refuses: an error flag.
#[test]
fn header_read_unsupported_x264() {
    let pic = picture_420(32, 32, 5);
    let mut k = 0;
    for args in [
        &["--qp", "0"][..],
        &["--output-csp", "i422"][..],
        &["--output-csp", "i444"][..],
        &["--cqm", "jvt"][..],
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

/// `rbsp` (a PPS with its High-profile tail and trailing bits) without the tail: the bits of
/// transform_8x8_mode_flag, pic_scaling_matrix_present_flag (0) and
/// second_chroma_qp_index_offset removed before the stop bit (more_rbsp_data() then false).
fn pps_without_tail(rbsp: &[u8], second_offset: i32) -> Vec<u8> {
    let bits: Vec<bool> = rbsp
        .iter()
        .flat_map(|b| (0..8).rev().map(move |i| b >> i & 1 == 1))
        .collect();
    let stop = bits.iter().rposition(|&b| b).expect("a stop bit");
    let k = if second_offset > 0 {
        2 * second_offset as u32 - 1
    } else {
        (-2 * second_offset) as u32
    };
    let se_len = 2 * (k + 1).ilog2() as usize + 1;
    let mut w = golden::bitstream::BitWriter::new();
    for &b in &bits[..stop - 2 - se_len] {
        w.put_flag(b);
    }
    w.rbsp_trailing_bits();
    w.into_bytes()
}

/// A stream of golden's random parameter sets (golden::bitstream::random: every profile, POC
/// type, cropping, chroma format and bit depth the parsers take) and `slices` random slice
/// headers (IDR and non-IDR, nal_ref_idc 0..3, POC fields, redundant_pic_cnt, MMCO lists up to
/// golden's limit, deblocking fields), each followed by its alignment bits and random slice
/// data, with access unit delimiters and SEI units between; the PPS without its High tail one
/// time in three; scaling matrices (not sent, default, flat, random lists) in about half;
/// also says whether it has them.
fn random_header_stream(seed_value: u64, slices: usize) -> (Vec<u8>, bool) {
    use golden::bitstream::nal::{write_nal, Nal};
    use golden::bitstream::random::{random_header, random_sets, Rng as GRng};
    use golden::bitstream::ScalingList;
    let mut g = GRng(seed_value);
    let (mut sps, mut pps) = random_sets(&mut g);
    if g.range(0, 9) > 0 {
        pps.entropy_coding_mode_flag = true;
    }
    if g.range(0, 3) > 0 {
        // Mostly what golden's decoder takes: 4:0:0 / 4:2:0, cropping on the right and at the
        // bottom within a macroblock.
        if sps.chroma_format_idc >= 2 {
            sps.chroma_format_idc = 1;
        }
        sps.frame_crop_left_offset = 0;
        sps.frame_crop_top_offset = 0;
        sps.frame_crop_right_offset = g.range(0, 15 / sps.crop_unit_x() as i64) as u32;
        sps.frame_crop_bottom_offset = g.range(0, 15 / sps.crop_unit_y() as i64) as u32;
        sps.frame_cropping_flag = sps.frame_crop_right_offset + sps.frame_crop_bottom_offset > 0;
        sps.frame_crop_right_offset = sps
            .frame_crop_right_offset
            .min((16 * sps.pic_width_in_mbs - 1) / sps.crop_unit_x());
        sps.frame_crop_bottom_offset = sps
            .frame_crop_bottom_offset
            .min((16 * sps.pic_height_in_map_units - 1) / sps.crop_unit_y());
    }
    // Scaling matrices one time in three each (golden's decoder takes them when every list an
    // I slice uses resolves to flat): lists not sent, default, flat or random.
    let lists = |g: &mut GRng, n: usize| -> Vec<ScalingList> {
        (0..n)
            .map(|i| {
                let size = golden::bitstream::scaling::list_size(i);
                match g.range(0, 5) {
                    0 => ScalingList::NotPresent,
                    1 => ScalingList::UseDefault,
                    2 => ScalingList::Explicit((0..size).map(|_| g.range(1, 255) as u8).collect()),
                    _ => ScalingList::Explicit(vec![16; size]),
                }
            })
            .collect()
    };
    if sps.profile_idc >= 100 && g.range(0, 2) == 0 {
        let n = if sps.chroma_format_idc == 3 { 12 } else { 8 };
        sps.seq_scaling_lists = Some(lists(&mut g, n));
    }
    if g.range(0, 2) == 0 {
        let n = match (pps.transform_8x8_mode_flag, sps.chroma_format_idc) {
            (false, _) => 6,
            (true, 3) => 12,
            _ => 8,
        };
        pps.pic_scaling_lists = Some(lists(&mut g, n));
    }
    let mut s = Vec::new();
    write_nal(&mut s, 3, 7, &sps.write());
    let mut pps_rbsp = pps.write();
    if g.range(0, 2) == 0 && !pps.transform_8x8_mode_flag && pps.pic_scaling_lists.is_none() {
        pps_rbsp = pps_without_tail(&pps_rbsp, pps.second_chroma_qp_index_offset);
        pps.second_chroma_qp_index_offset = pps.chroma_qp_index_offset;
    }
    write_nal(&mut s, 3, 8, &pps_rbsp);
    for k in 0..slices {
        match g.range(0, 5) {
            0 => write_nal(&mut s, 0, 9, &[0x10]),
            1 => write_nal(&mut s, 0, 6, &[0x05, 0x01, 0x55, 0x80]),
            _ => {}
        }
        let idr = k == 0 || g.flag();
        let nal = Nal {
            nal_ref_idc: if idr {
                g.range(1, 3) as u8
            } else {
                g.range(0, 3) as u8
            },
            nal_unit_type: if idr { 5 } else { 1 },
            rbsp: Vec::new(),
        };
        let mut h = random_header(&mut g, &nal, &sps, &pps);
        if g.flag() {
            h.redundant_pic_cnt = 0;
        }
        let mut w = golden::bitstream::BitWriter::new();
        h.write(&mut w, nal.nal_unit_type, &sps, &pps);
        w.align_with_ones();
        let mut rbsp = w.into_bytes();
        let n = g.range(1, 12) as usize;
        rbsp.extend((0..n).map(|_| g.range(0, 255) as u8));
        rbsp.push(g.range(1, 255) as u8);
        write_nal(&mut s, nal.nal_ref_idc, nal.nal_unit_type, &rbsp);
    }
    let lists = sps.seq_scaling_lists.is_some() || pps.pic_scaling_lists.is_some();
    (s, lists)
}

/// header_read on `units` against golden's reading of them, strictly: an error exactly where
/// golden's parsers and checks stop. Returns whether it flagged one and golden's slice count.
fn check_header_strict(units: &[Unit], stalls: Stalls, rng: &mut Rng, what: &str) -> (bool, usize) {
    let want = header_expected(units);
    let mut dut = HeaderRead::new();
    let (got, _) = run_stream_drain(&mut dut, &unit_beats(units), stalls, rng, QUIET);
    let got = &got[..dut.err_at().unwrap_or(got.len())];
    let err = dut.err_at().is_some();
    assert!(
        dut.err_delay().unwrap_or(0) <= ERR_DELAY,
        "{what}: late error"
    );
    if let Err(e) = check_header_run(got, err, &want, || want.error.is_some()) {
        for (h, r) in units {
            eprintln!("unit {h:02x}: {r:02x?}");
        }
        panic!("{what}: {e} (golden: {:?})", want.error);
    }
    let slices = want
        .outs
        .iter()
        .filter(|o| matches!(o, HeaderOut::Cfg(_)))
        .count();
    (err, slices)
}

/// Random parameter sets and slice headers (golden's writers): header_read's beats are
/// golden's, and it flags an error exactly where golden's parsers and checks stop (CAVLC,
/// 4:2:2 / 4:4:4, left / top cropping, a cropping window over a macroblock); truncated and
/// bit-flipped versions too.
#[test]
fn header_read_random_headers() {
    let mut rng = seed("header_read random", 0x6f5);
    let (mut errors, mut slices, mut list_slices) = (0, 0, 0);
    for k in 0..400u64 {
        let (stream, lists) = random_header_stream(0x7100 + k, 1 + (k % 6) as usize);
        let what = format!("random headers {k}");
        let stalls = Stalls::PATTERNS[k as usize % 6];
        let (err, n) = check_header_strict(&stream_raw_units(&stream), stalls, &mut rng, &what);
        errors += usize::from(err);
        slices += n;
        list_slices += if lists { n } else { 0 };
        let d = damaged(&stream, &mut rng, (k % 3) as usize, k % 2 == 0);
        let what = format!("damaged {what}");
        check_header_strict(&stream_raw_units(&d), stalls, &mut rng, &what);
    }
    println!(
        "{slices} slices ({list_slices} with scaling matrices), {errors} streams with an error"
    );
    assert!(slices > 500 && list_slices > 50 && errors > 40 && errors < 250);
}

/// The front end feeding the CABAC decoder: dec_front's slices of golden and x264 streams
/// are golden's decoder's (configuration and data, `vectors::cabac::dec::stream_slices`), and
/// cabac_dec decodes them to golden's syntax elements, under stalls.
#[test]
fn dec_front_feeds_cabac_dec() {
    use vectors::cabac::dec::{stream_slices, void_unfinished};
    use vectors::dec_front::dec_slices;
    let mut streams: Vec<_> = golden_streams().into_iter().step_by(2).collect();
    streams.extend(x264_streams().into_iter().take(4));
    for (k, (what, s)) in streams.iter().enumerate() {
        let mut rng = seed(what, 0x6f6 + k as u64);
        let mut front = DecFront::new();
        let stalls = Stalls::PATTERNS[k % 6];
        let (outs, _) = run_stream_drain(&mut front, &stream_inputs(s), stalls, &mut rng, QUIET);
        assert_eq!(front.err_at(), None, "{what}: error");
        let slices = dec_slices(&outs);
        let pic_mbs = slices[0].cfg.pic_mbs;
        let want = stream_slices(s, pic_mbs).unwrap();
        assert_eq!(slices.len(), want.len(), "{what}: slices");
        for (g, w) in slices.iter().zip(&want) {
            assert_eq!((g.cfg, &g.data), (w.cfg, &w.data), "{what}: a slice");
            assert!(!g.expected.error, "{what}: golden parses the slice");
        }
        let run = sim::CabacDec::new().run(&slices, stalls, &mut rng);
        for (got, sl) in run.beats.iter().zip(&slices) {
            assert_eq!(
                void_unfinished(got),
                sl.expected_beats(),
                "{what}: elements"
            );
        }
    }
}

/// Throughput with no stalls: one stream byte a cycle through slice data, a header bit a
/// cycle; the cycles of dec_front on golden and x264 streams stay within bytes + header bits
/// + a few cycles a unit.
#[test]
fn dec_front_throughput() {
    let mut streams = golden_streams();
    streams.extend(x264_streams());
    let (mut bytes, mut cycles) = (0u64, 0u64);
    for (k, (what, s)) in streams.iter().enumerate() {
        let mut rng = seed(what, 0x6f7 + k as u64);
        let units = stream_raw_units(s);
        let want = header_expected(&units);
        let data = want
            .outs
            .iter()
            .filter(|o| matches!(o, HeaderOut::Data { .. }))
            .count() as u64;
        let header_bits = 8 * (s.len() as u64 - data);
        let (_, c) = run_stream_drain(
            &mut DecFront::new(),
            &stream_inputs(s),
            Stalls::NONE,
            &mut rng,
            QUIET,
        );
        let c = c - u64::from(QUIET);
        assert!(
            c <= data + header_bits + 8 * units.len() as u64 + 16,
            "{what}: {c} cycles for {} bytes ({data} of slice data)",
            s.len()
        );
        bytes += s.len() as u64;
        cycles += c;
    }
    println!(
        "dec_front: {bytes} bytes in {cycles} cycles ({:.2} bytes/cycle)",
        bytes as f64 / cycles as f64
    );
}

/// The fuzzing corpus's streams (fuzz/seeds/h264: ours and x264's; fuzz/regressions: streams
/// that once broke golden), each whole, cut at many points and with random payload after its
/// parameter sets, and random bytes: golden's beats up to an error golden's decoder also
/// finds, never a hang.
#[test]
fn dec_front_fuzz_corpus() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files: Vec<_> = ["fuzz/seeds/h264", "fuzz/regressions"]
        .iter()
        .flat_map(|d| std::fs::read_dir(root.join(d)).unwrap())
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "264"))
        .collect();
    files.sort();
    assert!(files.len() >= 8, "{files:?}");
    let mut rng = seed("fuzz corpus", 0x6f8);
    for (k, path) in files.iter().enumerate() {
        let s = std::fs::read(path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        check_header_read(&s, Stalls::PATTERNS[k % 6], k as u64, &name);
        for (c, cut) in (1..s.len()).step_by(s.len() / 24 + 1).enumerate() {
            let what = format!("{name} cut at {cut}");
            check_header_read(&s[..cut], Stalls::PATTERNS[c % 6], cut as u64, &what);
        }
        // The parameter sets, then a slice unit of random bytes.
        let units = split_annexb(&s);
        let mut g = s[..s.len() - units.last().unwrap().len()].to_vec();
        g.extend([0x65]);
        g.extend((0..rng.range(1, 200)).map(|_| rng.range(1, 255) as u8));
        check_header_read(
            &g,
            Stalls::PATTERNS[k % 6],
            k as u64,
            &format!("{name} garbage"),
        );
    }
    for k in 0..40 {
        let bytes: Vec<u8> = (0..rng.range(1, 600))
            .map(|_| match rng.range(0, 3) {
                0 => 0,
                1 => 1,
                _ => rng.range(0, 255) as u8,
            })
            .collect();
        check_header_read(&bytes, Stalls::PATTERNS[k % 6], k as u64, "random bytes");
    }
}

/// Recovery: a damaged stream followed by a valid one. After its error dec_front parses on
/// from the next unit, and the valid stream's beats (its own SPS and PPS first) come out as
/// golden reads them alone.
#[test]
fn dec_front_recovers_after_an_error() {
    let mut rng = seed("recovery", 0x6f9);
    let streams = golden_streams();
    let mut recovered = 0;
    for k in 0..30 {
        let (_, base) = &streams[k % streams.len()];
        let (_, valid) = &streams[(k + 1) % streams.len()];
        // A bit flipped in the parameter sets or the first slice header, maybe a cut too.
        let mut s = base.clone();
        let i = rng.range(4, s.len().min(40) as i64 - 1) as usize;
        s[i] ^= 1 << rng.range(0, 7);
        if k % 3 == 0 {
            s = damaged(&s, &mut rng, 0, true);
        }
        s.extend_from_slice(valid);
        let want = header_expected(&stream_raw_units(valid));
        assert!(want.error.is_none());
        let mut front = DecFront::new();
        let (got, _) = run_stream_drain(
            &mut front,
            &stream_inputs(&s),
            Stalls::PATTERNS[k % 6],
            &mut rng,
            QUIET,
        );
        let Some(at) = front.err_at() else {
            continue;
        };
        recovered += 1;
        assert!(
            got.len() >= at + want.outs.len(),
            "{k}: beats after the error"
        );
        assert!(
            got[got.len() - want.outs.len()..] == want.outs[..],
            "{k}: the valid stream after the error"
        );
    }
    assert!(recovered >= 10, "{recovered} streams with an error");
}
