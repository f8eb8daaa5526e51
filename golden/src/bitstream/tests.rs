//! Tests of the bitstream module: codes worked by hand from clause 9.1 and
//! Tables 7-2 / A-1, write -> parse round trips of every structure, and
//! robustness on arbitrary bytes. The comparison with ffmpeg's parser on
//! x264 streams is an integration test (tests/bitstream_trace.rs).

use super::random::{random_header, random_pps, random_sets, random_sps, scaling_list, Rng};
use super::scaling::{self, Resolved, ScalingList};
use super::slice::{MAX_MMCO, SLICE_TYPE_I_ONLY};
use super::*;
use crate::error::Error;
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Helpers.

/// The bits `f` writes, as a string of '0' / '1'.
pub(crate) fn written(f: impl FnOnce(&mut BitWriter)) -> String {
    let mut w = BitWriter::new();
    f(&mut w);
    let n = w.bit_len();
    w.rbsp_trailing_bits();
    let mut s = bit_string(&w.into_bytes());
    s.truncate(n);
    s
}

pub(crate) fn bit_string(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:08b}")).collect()
}

/// Bytes of a '0' / '1' string (spaces ignored), zero-padded to a byte.
fn bytes_of(bits: &str) -> Vec<u8> {
    let bits: Vec<u8> = bits
        .bytes()
        .filter(|&c| c != b' ')
        .map(|c| c - b'0')
        .collect();
    bits.chunks(8)
        .map(|c| {
            c.iter()
                .enumerate()
                .fold(0u8, |a, (i, &b)| a | b << (7 - i))
        })
        .collect()
}

/// A plain High-profile SPS of `w` x `h` macroblocks (chroma_format_idc
/// `chroma`, 8-bit, 4-bit frame_num, POC type 2, no cropping): a valid start
/// that the tests change.
fn plain_sps(chroma: u32, w: u32, h: u32) -> Sps {
    Sps {
        profile_idc: 100,
        level_idc: 10,
        chroma_format_idc: chroma,
        bit_depth_luma: 8,
        bit_depth_chroma: 8,
        log2_max_frame_num: 4,
        pic_order_cnt_type: 2,
        pic_width_in_mbs: w,
        pic_height_in_map_units: h,
        frame_mbs_only_flag: true,
        direct_8x8_inference_flag: true,
        ..Sps::default()
    }
}

/// A plain CABAC PPS on SPS 0: pic_init_qp 26, deblocking control in the
/// slice header, the 8x8 transform when `transform_8x8`.
fn plain_pps(transform_8x8: bool) -> Pps {
    Pps {
        entropy_coding_mode_flag: true,
        num_slice_groups: 1,
        num_ref_idx_l0_default_active: 1,
        num_ref_idx_l1_default_active: 1,
        pic_init_qp: 26,
        pic_init_qs: 26,
        deblocking_filter_control_present_flag: true,
        transform_8x8_mode_flag: transform_8x8,
        ..Pps::default()
    }
}

/// The header of an IDR I slice at macroblock 0 of [`plain_pps`].
fn idr_header(qp_delta: i32, disable_deblocking_idc: u32) -> SliceHeader {
    SliceHeader {
        slice_type: SLICE_TYPE_I_ONLY,
        dec_ref_pic_marking: Some(DecRefPicMarking::default()),
        slice_qp_delta: qp_delta,
        disable_deblocking_filter_idc: disable_deblocking_idc,
        ..SliceHeader::default()
    }
}

fn is_unsupported(e: &Error, feature: &str) -> bool {
    matches!(e, Error::Unsupported(m) if m.contains(feature))
}

// ---------------------------------------------------------------------------
// Exp-Golomb codes (9.1), by hand.

#[test]
fn ue_codes_match_table_9_2() {
    let table = [
        (0, "1"),
        (1, "010"),
        (2, "011"),
        (3, "00100"),
        (4, "00101"),
        (6, "00111"),
        (7, "0001000"),
        (14, "0001111"),
        (15, "000010000"),
    ];
    for (v, code) in table {
        assert_eq!(written(|w| w.put_ue(v)), code, "ue({v})");
        let bytes = bytes_of(code);
        let mut r = BitReader::new(&bytes);
        assert_eq!(r.read_ue().unwrap(), v);
        assert_eq!(r.bit_pos(), code.len());
    }
}

#[test]
fn se_codes_match_table_9_3() {
    // codeNum 0, 1, 2, 3, 4, 5 <-> 0, 1, -1, 2, -2, 3.
    let table = [
        (0, "1"),
        (1, "010"),
        (-1, "011"),
        (2, "00100"),
        (-2, "00101"),
        (3, "00110"),
    ];
    for (v, code) in table {
        assert_eq!(written(|w| w.put_se(v)), code, "se({v})");
        assert_eq!(BitReader::new(&bytes_of(code)).read_se().unwrap(), v);
    }
}

#[test]
fn exp_golomb_extremes() {
    // codeNum 2^32 - 2: 31 zeros, a 1, 31 ones.
    let code = format!("{}1{}", "0".repeat(31), "1".repeat(31));
    assert_eq!(written(|w| w.put_ue(u32::MAX - 1)), code);
    assert_eq!(
        BitReader::new(&bytes_of(&code)).read_ue().unwrap(),
        u32::MAX - 1
    );
    // se: 2^31 - 1 is codeNum 2^32 - 3, -(2^31 - 1) is 2^32 - 2.
    for v in [i32::MAX, i32::MIN + 1] {
        let mut w = BitWriter::new();
        w.put_se(v);
        w.rbsp_trailing_bits();
        assert_eq!(BitReader::new(&w.into_bytes()).read_se().unwrap(), v);
    }
    // 32 leading zeros: rejected, whatever follows.
    let long = bytes_of(&format!("{}1{}", "0".repeat(32), "0".repeat(32)));
    assert!(matches!(
        BitReader::new(&long).read_ue(),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        BitReader::new(&[0; 64]).read_se(),
        Err(Error::Invalid(_))
    ));
    // 31 zeros and a truncated suffix.
    let cut = bytes_of(&format!("{}1{}", "0".repeat(31), "1".repeat(8)));
    assert!(matches!(
        BitReader::new(&cut).read_ue(),
        Err(Error::Truncated(_))
    ));
    // Only zeros, ending before 32 of them.
    assert!(matches!(
        BitReader::new(&[0, 0]).read_ue(),
        Err(Error::Truncated(_))
    ));
}

#[test]
#[should_panic(expected = "out of range")]
fn put_ue_max_panics() {
    BitWriter::new().put_ue(u32::MAX);
}

#[test]
#[should_panic(expected = "does not fit")]
fn put_bits_too_wide_panics() {
    BitWriter::new().put_bits(4, 2);
}

// ---------------------------------------------------------------------------
// Writer and reader details.

#[test]
fn writer_bits_and_alignment() {
    let mut w = BitWriter::new();
    w.put_bits(0b101, 3);
    assert_eq!(w.bit_len(), 3);
    assert!(!w.is_aligned());
    w.align_with_ones();
    assert!(w.is_aligned());
    w.put_bits(0xdead_beef, 32);
    w.put_flag(false);
    w.rbsp_trailing_bits();
    assert_eq!(w.bit_len(), 48);
    assert_eq!(
        w.into_bytes(),
        [0b1011_1111, 0xde, 0xad, 0xbe, 0xef, 0b0100_0000]
    );
    // rbsp_trailing_bits when aligned adds a whole byte 0x80.
    let mut w = BitWriter::new();
    w.rbsp_trailing_bits();
    assert_eq!(w.into_bytes(), [0x80]);
}

#[test]
#[should_panic(expected = "pending bits")]
fn into_bytes_unaligned_panics() {
    let mut w = BitWriter::new();
    w.put_flag(true);
    w.into_bytes();
}

#[test]
fn reader_reads_across_bytes() {
    let mut r = BitReader::new(&[0xa5, 0x3c, 0xde, 0xad, 0xbe, 0xef]);
    assert_eq!(r.read_bits(0).unwrap(), 0);
    assert_eq!(r.read_bits(4).unwrap(), 0xa);
    assert_eq!(r.read_bits(8).unwrap(), 0x53);
    assert_eq!(r.read_bits(4).unwrap(), 0xc);
    assert!(r.is_aligned());
    assert_eq!(r.byte_pos(), 2);
    assert_eq!(r.read_bits(32).unwrap(), 0xdead_beef);
    assert!(matches!(r.read_bits(1), Err(Error::Truncated(_))));
    assert!(matches!(r.read_bits(33), Err(Error::Invalid(_))));
    let mut r = BitReader::new(&[0xff]);
    assert!(r.skip_bits(9).is_err());
    assert_eq!(r.bit_pos(), 0, "a failed skip does not move");
    r.skip_bits(3).unwrap();
    assert!(r.read_flag().unwrap());
    assert!(matches!(r.read_bits(5), Err(Error::Truncated(_))));
    assert_eq!(r.bit_pos(), 4, "a failed read does not move");
}

#[test]
fn named_reads_name_the_element() {
    let err = BitReader::new(&[]).read_ue_named("frame_num").unwrap_err();
    assert_eq!(err, Error::Truncated("frame_num"));
}

#[test]
fn more_rbsp_data_follows_7_2() {
    // (data, position, expected): the stop bit is the last 1 of the data.
    let cases: [(&[u8], usize, bool); 9] = [
        (&[0x80], 0, false),
        (&[0x40], 0, true),
        (&[0x40], 1, false),
        (&[0xc0, 0x00, 0x00], 0, true),
        (&[0xc0, 0x00, 0x00], 1, false),
        (&[0x01, 0x80], 7, true),
        (&[0x01, 0x80], 8, false),
        (&[0x00], 0, false),
        (&[], 0, false),
    ];
    for (data, pos, expect) in cases {
        let mut r = BitReader::new(data);
        r.skip_bits(pos).unwrap();
        assert_eq!(r.more_rbsp_data(), expect, "{data:02x?} at {pos}");
    }
}

#[derive(Clone, Debug)]
enum Op {
    Bits(u32, u32),
    Flag(bool),
    Ue(u32),
    Se(i32),
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        (0u32..=32, any::<u32>())
            .prop_map(|(n, v)| Op::Bits(if n == 32 { v } else { v & ((1 << n) - 1) }, n)),
        any::<bool>().prop_map(Op::Flag),
        prop_oneof![0u32..300, 0u32..u32::MAX].prop_map(Op::Ue),
        prop_oneof![-300i32..300, (i32::MIN + 1)..=i32::MAX].prop_map(Op::Se),
    ]
}

/// Length of an Exp-Golomb code of codeNum k: 2 * floor(log2(k + 1)) + 1.
fn eg_len(k: u64) -> usize {
    2 * (63 - (k + 1).leading_zeros() as usize) + 1
}

proptest! {
    #[test]
    fn bits_round_trip(ops in prop::collection::vec(op(), 0..60)) {
        let mut w = BitWriter::new();
        let mut len = 0;
        for op in &ops {
            match *op {
                Op::Bits(v, n) => { w.put_bits(v, n); len += n as usize; }
                Op::Flag(f) => { w.put_flag(f); len += 1; }
                Op::Ue(v) => { w.put_ue(v); len += eg_len(u64::from(v)); }
                Op::Se(v) => {
                    w.put_se(v);
                    let k = if v > 0 { 2 * i64::from(v) - 1 } else { -2 * i64::from(v) };
                    len += eg_len(k as u64);
                }
            }
            prop_assert_eq!(w.bit_len(), len);
        }
        w.rbsp_trailing_bits();
        let bytes = w.into_bytes();
        prop_assert_eq!(bytes.len(), len / 8 + 1);
        let mut r = BitReader::new(&bytes);
        for op in &ops {
            match *op {
                Op::Bits(v, n) => prop_assert_eq!(r.read_bits(n).unwrap(), v),
                Op::Flag(f) => prop_assert_eq!(r.read_flag().unwrap(), f),
                Op::Ue(v) => prop_assert_eq!(r.read_ue().unwrap(), v),
                Op::Se(v) => prop_assert_eq!(r.read_se().unwrap(), v),
            }
        }
        prop_assert_eq!(r.bit_pos(), len);
        prop_assert!(!r.more_rbsp_data());
    }

    #[test]
    fn reader_never_panics(data in prop::collection::vec(any::<u8>(), 0..24),
                           kinds in prop::collection::vec(0u8..5, 0..40)) {
        let mut r = BitReader::new(&data);
        for k in kinds {
            let before = r.bit_pos();
            let ok = match k {
                0 => r.read_ue().is_ok(),
                1 => r.read_se().is_ok(),
                2 => r.read_bits(13).is_ok(),
                3 => r.read_flag().is_ok(),
                _ => r.skip_bits(5).is_ok(),
            };
            prop_assert!(r.bit_pos() <= data.len() * 8);
            if !ok { prop_assert!(r.bit_pos() >= before); }
            let _ = r.more_rbsp_data();
        }
    }
}

// ---------------------------------------------------------------------------
// NAL units and Annex B.

#[test]
fn nal_header_and_escapes_by_hand() {
    let nal = parse_nal(&[0x65, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0x03]).unwrap();
    assert_eq!((nal.nal_ref_idc, nal.nal_unit_type), (3, 5));
    assert_eq!(nal.rbsp, [0, 0, 1, 0, 0]);
    // 00 00 03 03: only the first 03 is an escape.
    assert_eq!(parse_nal(&[0x06, 0, 0, 3, 3]).unwrap().rbsp, [0, 0, 3]);
    // 00 03 is not an escape.
    assert_eq!(parse_nal(&[0x06, 0, 3, 0]).unwrap().rbsp, [0, 3, 0]);
    assert_eq!(
        parse_nal(&[]).unwrap_err(),
        Error::Truncated("nal_unit header")
    );
    assert!(matches!(parse_nal(&[0x85]), Err(Error::Invalid(_))));

    let cases: [(&[u8], &[u8]); 5] = [
        (&[0x80], &[0x80]),
        (&[0, 0, 0, 0], &[0, 0, 3, 0, 0, 3]),
        (
            &[0, 0, 1, 0, 0, 2, 0, 0, 3, 0, 0, 4],
            &[0, 0, 3, 1, 0, 0, 3, 2, 0, 0, 3, 3, 0, 0, 4],
        ),
        (&[0, 0], &[0, 0, 3]),
        (&[0x80, 0, 0, 0, 0], &[0x80, 0, 0, 3, 0, 0, 3]),
    ];
    for (rbsp, escaped) in cases {
        let mut out = Vec::new();
        nal::write_nal(&mut out, 3, nal::NAL_IDR, rbsp);
        assert_eq!(&out[..5], &[0, 0, 0, 1, 0x65]);
        assert_eq!(&out[5..], escaped, "rbsp {rbsp:02x?}");
        assert_eq!(parse_nal(&out[4..]).unwrap().rbsp, rbsp);
    }
}

#[test]
#[should_panic(expected = "single 0x00")]
fn write_nal_rejects_lone_trailing_zero() {
    nal::write_nal(&mut Vec::new(), 0, nal::NAL_SEI, &[5, 0]);
}

#[test]
fn split_annexb_by_hand() {
    assert!(split_annexb(&[]).is_empty());
    assert!(split_annexb(&[1, 2, 3, 0, 0]).is_empty(), "no start code");
    assert!(split_annexb(&[0, 0, 1]).is_empty());
    let stream = [
        9, 9, 0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x68, 3, 0, 0, 0, 0, 0, 1, 0x65, 0, 0, 3, 1, 0, 0,
    ];
    let units = split_annexb(&stream);
    assert_eq!(units, [&[0x67, 1, 2][..], &[0x68, 3], &[0x65, 0, 0, 3, 1]]);
    // A unit ends at 00 00 00 even without a start code after it; the junk
    // up to the next start code is dropped.
    let units = split_annexb(&[0, 0, 1, 0x06, 7, 0, 0, 0, 8, 8, 0, 0, 1, 0x09, 0x10]);
    assert_eq!(units, [&[0x06, 7][..], &[0x09, 0x10]]);
}

/// An RBSP: arbitrary bytes ending in a non-zero byte, then cabac_zero_words.
fn rbsp() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec(prop_oneof![Just(0u8), Just(3u8), any::<u8>()], 0..80),
        1u8..,
        0..3usize,
    )
        .prop_map(|(mut body, last, words)| {
            body.push(last);
            body.resize(body.len() + 2 * words, 0);
            body
        })
}

proptest! {
    #[test]
    fn nal_escape_round_trip(rbsp in rbsp(), ref_idc in 0u8..4, ty in 1u8..=13) {
        let mut out = Vec::new();
        write_nal(&mut out, ref_idc, ty, &rbsp);
        prop_assert_eq!(&out[..4], &[0u8, 0, 0, 1]);
        let unit = &out[4..];
        for i in 0..unit.len().saturating_sub(2) {
            if unit[i] == 0 && unit[i + 1] == 0 {
                prop_assert!(unit[i + 2] >= 3, "00 00 {:02x} at {}", unit[i + 2], i);
                if unit[i + 2] == 3 {
                    // Always an emulation_prevention_three_byte.
                    prop_assert!(!matches!(unit.get(i + 3), Some(&b) if b > 3));
                }
            }
        }
        prop_assert_ne!(*unit.last().unwrap(), 0);
        let nal = parse_nal(unit).unwrap();
        prop_assert_eq!(nal, Nal { nal_ref_idc: ref_idc, nal_unit_type: ty, rbsp });
    }

    #[test]
    fn annexb_split_round_trip(
        rbsps in prop::collection::vec(rbsp(), 0..6),
        zeros in prop::collection::vec(0usize..4, 6),
        short in prop::collection::vec(any::<bool>(), 6),
        lead in 0usize..4,
    ) {
        let mut stream = vec![0u8; lead];
        let mut units = Vec::new();
        for (i, r) in rbsps.iter().enumerate() {
            let mut one = Vec::new();
            write_nal(&mut one, 1, nal::NAL_SLICE, r);
            units.push(one[4..].to_vec());
            // A 3-byte start code, then trailing_zero_8bits.
            stream.extend_from_slice(if short[i] { &one[1..] } else { &one[..] });
            stream.resize(stream.len() + zeros[i], 0);
        }
        let got: Vec<Vec<u8>> = split_annexb(&stream).iter().map(|u| u.to_vec()).collect();
        prop_assert_eq!(got, units);
    }

    #[test]
    fn nal_parsing_never_panics(data in prop::collection::vec(any::<u8>(), 0..200)) {
        for unit in split_annexb(&data) {
            prop_assert!(!unit.is_empty() && *unit.last().unwrap() != 0);
            let _ = parse_nal(unit);
        }
        if let Ok(n) = parse_nal(&data) {
            prop_assert!(n.rbsp.len() < data.len());
        }
    }
}

// ---------------------------------------------------------------------------
// Scaling lists.

/// Parses list `i` from `bits` (its present flag onwards), lists 0..i
/// being absent.
fn parse_one_list(bits: &str, i: usize) -> Result<ScalingList, Error> {
    let bytes = bytes_of(&format!("{}{bits}1", "0".repeat(i)));
    let mut r = BitReader::new(&bytes);
    scaling::parse_lists(&mut r, i + 1).map(|mut v| v.pop().unwrap())
}

#[test]
fn scaling_list_syntax_by_hand() {
    // se(8) = 000010000, se(-16) = 00000100001: 8 + 8 = 16, then
    // nextScale 0 repeats 16 (x264's flat list).
    let flat = parse_one_list("1 000010000 00000100001", 0).unwrap();
    assert_eq!(flat, ScalingList::Explicit(vec![16; 16]));
    // se(-8) = 000010001: nextScale 0 at j = 0: the default list.
    assert_eq!(
        parse_one_list("1 000010001", 6).unwrap(),
        ScalingList::UseDefault
    );
    // Deltas 2, 3, -13: 10, 13, then 0 -> 13 repeated.
    let v = parse_one_list("1 00100 00110 000011011", 1).unwrap();
    let mut expect = vec![13u8; 16];
    expect[0] = 10;
    assert_eq!(v, ScalingList::Explicit(expect));
    // delta_scale -128 from 8: (8 - 128 + 256) % 256 = 136; then -8 gives 128.
    let mut w = BitWriter::new();
    w.put_flag(true);
    w.put_se(-128);
    w.put_se(-8);
    w.put_se(-128); // 128 - 128 = 0: repeat 128
    w.rbsp_trailing_bits();
    let lists = scaling::parse_lists(&mut BitReader::new(&w.into_bytes()), 1).unwrap();
    let mut expect = vec![128u8; 16];
    expect[0] = 136;
    assert_eq!(lists[0], ScalingList::Explicit(expect));
    // delta_scale 128 is out of range.
    assert!(matches!(
        parse_one_list("1 00000000100000000", 0),
        Err(Error::Invalid(_))
    ));
}

#[test]
fn scaling_fall_back_rules_by_hand() {
    use ScalingList::{Explicit, NotPresent, UseDefault};
    let f4 = || Explicit(vec![16; 16]);
    let f8 = || Explicit(vec![16; 64]);
    let (flat, non) = (Resolved::Flat, Resolved::NonFlat);
    // No matrix anywhere: flat.
    assert_eq!(scaling::resolve_picture(None, None), [flat; 12]);
    // Rule A: list 0 absent -> Default_4x4_Intra; 1, 2 follow 0.
    let seq = vec![
        NotPresent,
        NotPresent,
        NotPresent,
        f4(),
        NotPresent,
        NotPresent,
        f8(),
        f8(),
    ];
    let r = scaling::resolve_sequence(Some(&seq));
    assert_eq!(r[..8], [non, non, non, flat, flat, flat, flat, flat]);
    assert_eq!(r[8..], [flat, flat, flat, flat], "8..11 follow 6, 7");
    assert!(!scaling::intra_lists_flat(&r, 0, false));
    // Explicit flat Y, Cb from Y, Cr explicit non-flat: fine without chroma.
    let mut seq = vec![f4(), NotPresent, Explicit(vec![17; 16]), NotPresent];
    seq.extend([NotPresent, NotPresent, f8(), UseDefault]);
    let r = scaling::resolve_sequence(Some(&seq));
    assert_eq!(r[..8], [flat, flat, non, non, non, non, flat, non]);
    assert!(scaling::intra_lists_flat(&r, 0, true));
    assert!(
        !scaling::intra_lists_flat(&r, 1, false),
        "Cr is used in 4:2:0"
    );
    // Rule B: absent PPS list 0 takes the SPS's list 0 (flat) ...
    let seq = vec![
        f4(),
        f4(),
        f4(),
        UseDefault,
        NotPresent,
        NotPresent,
        f8(),
        UseDefault,
    ];
    let pic = vec![
        NotPresent, NotPresent, NotPresent, NotPresent, NotPresent, NotPresent,
    ];
    let r = scaling::resolve_picture(Some(&seq), Some(&pic));
    assert_eq!(r[..8], [flat, flat, flat, non, non, non, flat, non]);
    // ... while under rule A (no SPS matrix) it is the default list.
    let r = scaling::resolve_picture(None, Some(&pic));
    assert_eq!(r[..3], [non, non, non]);
    // PPS overrides a non-flat SPS list; 8x8 list 6 falls back to SPS (B).
    let seq = vec![
        UseDefault, NotPresent, NotPresent, NotPresent, NotPresent, NotPresent,
    ];
    let seq: Vec<_> = seq.into_iter().chain([f8(), f8()]).collect();
    let pic = vec![
        f4(),
        NotPresent,
        NotPresent,
        f4(),
        NotPresent,
        NotPresent,
        NotPresent,
        f8(),
    ];
    let r = scaling::resolve_picture(Some(&seq), Some(&pic));
    assert_eq!(r[..8], [flat; 8]);
    assert!(scaling::intra_lists_flat(&r, 1, true));
}

proptest! {
    #[test]
    fn scaling_lists_round_trip(seed in any::<u64>(), count in 0usize..=12) {
        let mut rng = Rng(seed);
        let lists: Vec<_> = (0..count).map(|i| scaling_list(&mut rng, i)).collect();
        let mut w = BitWriter::new();
        scaling::write_lists(&mut w, &lists);
        let n = w.bit_len();
        w.rbsp_trailing_bits();
        let bytes = w.into_bytes();
        let mut r = BitReader::new(&bytes);
        prop_assert_eq!(scaling::parse_lists(&mut r, count).unwrap(), lists);
        prop_assert_eq!(r.bit_pos(), n);
    }
}

// ---------------------------------------------------------------------------
// SPS.

#[test]
fn level_by_frame_size_table_a_1() {
    let cases = [
        ((4, 3), 10),     // 64x48: 12 <= 99
        ((11, 9), 10),    // QCIF: 99
        ((22, 18), 11),   // CIF: 396
        ((45, 36), 22),   // 720x576: 1620, MaxFS of 2.2 (and 3)
        ((80, 45), 31),   // 1280x720: 3600
        ((120, 68), 40),  // 1920x1088: 8160 <= 8192
        ((128, 68), 42),  // 2048x1088: 8704
        ((240, 135), 51), // 3840x2160: 32400 <= 36864
        ((1024, 1), 60),  // 1024^2 = 1048576 > 8 * 36864: needs 8 * 139264
        ((1, 1024), 60),
        ((373, 373), 60), // 139129 <= 139264
        ((374, 373), 0),  // 139502: no level
        ((1056, 1), 0),   // 1056^2 > 8 * 139264 = 1114112
    ];
    for ((w, h), level) in cases {
        let want = if level == 0 { None } else { Some(level) };
        assert_eq!(sps::level_for_size(w, h), want, "{w}x{h} MBs");
    }
    // 4 and 4.1 share MaxFS 8192: the smaller level wins.
    assert_eq!(sps::level_for_size(90, 90), Some(40));
}

proptest! {
    #[test]
    fn sps_round_trip(seed in any::<u64>()) {
        let s = random_sps(&mut Rng(seed));
        prop_assert_eq!(Sps::parse(&s.write()).unwrap(), s);
    }

    #[test]
    fn sps_parse_never_panics(data in prop::collection::vec(any::<u8>(), 0..64)) {
        if let Ok(s) = Sps::parse(&data) {
            prop_assert!(s.width_mbs() * s.height_mbs() <= sps::MAX_FRAME_MBS);
            prop_assert!(s.width() >= 1 && s.height() >= 1);
            prop_assert!(s.width() <= 16 * s.width_mbs());
        }
    }
}

/// An SPS prefix for profile 100 up to seq_scaling_matrix_present_flag,
/// with the given chroma fields; then the rest of a 1x1 MB SPS.
fn high_sps_bits(
    chroma: u32,
    sep_plane: bool,
    depth_l: u32,
    depth_c: u32,
    bypass: bool,
) -> Vec<u8> {
    let mut w = BitWriter::new();
    w.put_bits(100, 8);
    w.put_bits(0, 8);
    w.put_bits(40, 8);
    w.put_ue(0);
    w.put_ue(chroma);
    if chroma == 3 {
        w.put_flag(sep_plane);
    }
    w.put_ue(depth_l - 8);
    w.put_ue(depth_c - 8);
    w.put_flag(bypass);
    w.put_flag(false);
    for v in [0, 2, 0] {
        w.put_ue(v); // log2_max_frame_num_minus4, poc type 2, max_num_ref_frames
    }
    w.put_flag(false);
    w.put_ue(0);
    w.put_ue(0);
    w.put_bits(0b1100, 4); // frame_mbs_only, direct_8x8, no cropping, no VUI
    w.rbsp_trailing_bits();
    w.into_bytes()
}

#[test]
fn sps_unsupported_features() {
    assert!(Sps::parse(&high_sps_bits(1, false, 8, 8, false)).is_ok());
    let e = Sps::parse(&high_sps_bits(3, true, 8, 8, false)).unwrap_err();
    assert!(is_unsupported(&e, "separate colour planes"), "{e}");
    let e = Sps::parse(&high_sps_bits(1, false, 10, 10, false)).unwrap_err();
    assert!(is_unsupported(&e, "luma bit depth 10"), "{e}");
    let e = Sps::parse(&high_sps_bits(1, false, 8, 9, false)).unwrap_err();
    assert!(is_unsupported(&e, "chroma bit depth 9"), "{e}");
    // Chroma depth is unused in 4:0:0.
    assert_eq!(
        Sps::parse(&high_sps_bits(0, false, 8, 9, false))
            .unwrap()
            .bit_depth_chroma,
        9
    );
    let e = Sps::parse(&high_sps_bits(1, false, 8, 8, true)).unwrap_err();
    assert!(is_unsupported(&e, "lossless"), "{e}");
    assert!(matches!(
        Sps::parse(&high_sps_bits(1, false, 15, 8, false)),
        Err(Error::Invalid(_))
    ));
    let s = Sps::parse(&high_sps_bits(2, false, 8, 8, false)).unwrap();
    assert!(is_unsupported(&s.chroma_format().unwrap_err(), "4:2:2"));
    let s = Sps::parse(&high_sps_bits(3, false, 8, 8, false)).unwrap();
    assert!(is_unsupported(&s.chroma_format().unwrap_err(), "4:4:4"));

    let mut s = plain_sps(1, 4, 4);
    s.frame_mbs_only_flag = false;
    s.mb_adaptive_frame_field_flag = true;
    let e = Sps::parse(&s.write()).unwrap_err();
    assert!(is_unsupported(&e, "frame_mbs_only_flag 0"), "{e}");
    for (w, h) in [(1025, 1), (1, 1025), (400, 400)] {
        let mut s = plain_sps(1, 4, 4);
        (s.pic_width_in_mbs, s.pic_height_in_map_units) = (w, h);
        let e = Sps::parse(&s.write()).unwrap_err();
        assert!(is_unsupported(&e, "macroblocks"), "{w}x{h}: {e}");
    }
}

#[test]
fn sps_invalid_values() {
    let base = plain_sps(1, 4, 4);
    // Cropping: 2 * (16 + 16) = 64 samples of 64 leave nothing; 31 leaves 2.
    let mut s = base.clone();
    s.frame_cropping_flag = true;
    s.frame_crop_left_offset = 16;
    s.frame_crop_right_offset = 16;
    assert!(matches!(Sps::parse(&s.write()), Err(Error::Invalid(_))));
    s.frame_crop_right_offset = 15;
    assert_eq!(Sps::parse(&s.write()).unwrap().width(), 2);
    s.frame_crop_top_offset = u32::MAX - 1;
    assert!(matches!(Sps::parse(&s.write()), Err(Error::Invalid(_))));
    let mut s = base.clone();
    s.max_num_ref_frames = 17;
    assert!(matches!(Sps::parse(&s.write()), Err(Error::Invalid(_))));
    let mut s = base.clone();
    s.log2_max_frame_num = 17;
    assert!(matches!(Sps::parse(&s.write()), Err(Error::Invalid(_))));
    let mut s = base.clone();
    s.seq_parameter_set_id = 31;
    assert!(Sps::parse(&s.write()).is_ok());
    let mut bytes = s.write();
    bytes[3] = 0b0000_0010; // seq_parameter_set_id ue(v) 0000010 0.. = 32 + ...
    assert!(Sps::parse(&bytes).is_err());
    // POC type 1 with a cycle of 256 frames.
    let mut w = BitWriter::new();
    w.put_bits(66, 8);
    w.put_bits(0, 16);
    w.put_ue(0);
    w.put_ue(0); // log2_max_frame_num_minus4
    w.put_ue(1);
    w.put_flag(false);
    w.put_se(0);
    w.put_se(0);
    w.put_ue(256);
    w.rbsp_trailing_bits();
    let e = Sps::parse(&w.into_bytes()).unwrap_err();
    assert!(
        matches!(e, Error::Invalid(ref m) if m.contains("cycle")),
        "{e}"
    );
    // Truncation names the element.
    let bytes = base.write();
    assert_eq!(
        Sps::parse(&bytes[..3]).unwrap_err(),
        Error::Truncated("seq_parameter_set_id")
    );
}

// ---------------------------------------------------------------------------
// PPS.

#[test]
fn pps_without_high_profile_tail() {
    // x264's PPS fields up to redundant_pic_cnt_present_flag, then the stop
    // bit: chroma_qp_index_offset -2 is inherited by the second offset.
    let mut w = BitWriter::new();
    for v in [0, 0] {
        w.put_ue(v);
    }
    w.put_bits(0b10, 2);
    for v in [0, 0, 0] {
        w.put_ue(v);
    }
    w.put_bits(0, 3);
    w.put_se(4);
    w.put_se(0);
    w.put_se(-2);
    w.put_bits(0b100, 3);
    w.rbsp_trailing_bits();
    let p = Pps::parse(&w.into_bytes(), |_| panic!("no SPS needed")).unwrap();
    assert_eq!((p.pic_init_qp, p.chroma_qp_index_offset), (30, -2));
    assert_eq!(
        (p.transform_8x8_mode_flag, p.second_chroma_qp_index_offset),
        (false, -2)
    );
    assert!(p.pic_scaling_lists.is_none());
}

#[test]
fn pps_scaling_list_count_needs_the_sps() {
    let mut p = plain_pps(true);
    let lists8: Vec<ScalingList> = (0..8).map(|_| ScalingList::NotPresent).collect();
    p.pic_scaling_lists = Some(lists8);
    let bytes = p.write();
    assert!(matches!(
        Pps::parse(&bytes, |_| None),
        Err(Error::Invalid(_))
    ));
    let s420 = plain_sps(1, 2, 2);
    assert_eq!(
        Pps::parse(&bytes, |id| (id == 0).then(|| s420.clone())).unwrap(),
        p
    );
    // 4:4:4 with the 8x8 transform: 12 lists.
    let mut s444 = s420.clone();
    s444.chroma_format_idc = 3;
    p.pic_scaling_lists = Some((0..12).map(|_| ScalingList::NotPresent).collect());
    assert_eq!(Pps::parse(&p.write(), |_| Some(s444.clone())).unwrap(), p);
    // Without the 8x8 transform: 6 lists, no SPS needed.
    p.transform_8x8_mode_flag = false;
    p.pic_scaling_lists = Some((0..6).map(|_| ScalingList::UseDefault).collect());
    assert_eq!(Pps::parse(&p.write(), |_| None).unwrap(), p);
}

#[test]
fn pps_check_scaling() {
    let sps = plain_sps(1, 2, 2);
    let mut p = plain_pps(true);
    assert!(p.check_scaling(&sps).is_ok());
    // x264's explicit flat PPS lists (lists 1, 2, 4, 5 absent: rule A).
    let f4 = || ScalingList::Explicit(vec![16; 16]);
    let f8 = || ScalingList::Explicit(vec![16; 64]);
    let np = || ScalingList::NotPresent;
    p.pic_scaling_lists = Some(vec![f4(), np(), np(), f4(), np(), np(), f8(), f8()]);
    assert!(p.check_scaling(&sps).is_ok());
    p.pic_scaling_lists.as_mut().unwrap()[6] = ScalingList::UseDefault;
    let e = p.check_scaling(&sps).unwrap_err();
    assert!(is_unsupported(&e, "scaling"), "{e}");
    p.transform_8x8_mode_flag = false;
    p.pic_scaling_lists.as_mut().unwrap().truncate(6);
    assert!(
        p.check_scaling(&sps).is_ok(),
        "list 6 unused without the 8x8 transform"
    );
}

#[test]
fn pps_invalid_and_unsupported() {
    let ok = plain_pps(true);
    let mut p = ok.clone();
    p.pic_init_qp = 52;
    assert!(matches!(
        Pps::parse(&p.write(), |_| None),
        Err(Error::Invalid(_))
    ));
    let mut p = ok.clone();
    p.pic_init_qs = -1;
    assert!(matches!(
        Pps::parse(&p.write(), |_| None),
        Err(Error::Invalid(_))
    ));
    let mut p = ok.clone();
    p.chroma_qp_index_offset = 13;
    assert!(matches!(
        Pps::parse(&p.write(), |_| None),
        Err(Error::Invalid(_))
    ));
    let mut p = ok.clone();
    p.second_chroma_qp_index_offset = -13;
    assert!(matches!(
        Pps::parse(&p.write(), |_| None),
        Err(Error::Invalid(_))
    ));
    let mut p = ok.clone();
    p.weighted_bipred_idc = 3;
    assert!(matches!(
        Pps::parse(&p.write(), |_| None),
        Err(Error::Invalid(_))
    ));
    let mut p = ok.clone();
    p.seq_parameter_set_id = 32;
    assert!(matches!(
        Pps::parse(&p.write(), |_| None),
        Err(Error::Invalid(_))
    ));
    let mut p = ok.clone();
    p.pic_parameter_set_id = 255;
    assert!(Pps::parse(&p.write(), |_| None).is_ok());
    // num_slice_groups_minus1 1: the bits after it are never read.
    let mut w = BitWriter::new();
    w.put_bits(0b1111, 4);
    w.put_ue(1);
    w.rbsp_trailing_bits();
    let e = Pps::parse(&w.into_bytes(), |_| None).unwrap_err();
    assert!(is_unsupported(&e, "slice groups"), "{e}");
    // CAVLC parses (the decoder rejects it).
    let mut p = ok.clone();
    p.entropy_coding_mode_flag = false;
    assert_eq!(Pps::parse(&p.write(), |_| None).unwrap(), p);
}

proptest! {
    #[test]
    fn pps_round_trip(seed in any::<u64>()) {
        let mut rng = Rng(seed);
        let sps = random_sps(&mut rng);
        let p = random_pps(&mut rng, &sps);
        let id0 = sps.seq_parameter_set_id;
        let parsed = Pps::parse(&p.write(), |id| (id == id0).then(|| sps.clone()));
        prop_assert_eq!(parsed.unwrap(), p);
    }

    #[test]
    fn pps_parse_never_panics(
        data in prop::collection::vec(any::<u8>(), 0..48),
        seed in any::<u64>(),
    ) {
        let sps = random_sps(&mut Rng(seed));
        if let Ok(p) = Pps::parse(&data, |_| Some(sps.clone())) {
            prop_assert!(p.pic_parameter_set_id <= 255 && p.seq_parameter_set_id <= 31);
            prop_assert!((0..=51).contains(&p.pic_init_qp));
            let _ = p.check_scaling(&sps);
        }
    }
}

// ---------------------------------------------------------------------------
// Slice header.

pub(crate) fn idr_nal() -> Nal {
    Nal {
        nal_ref_idc: 3,
        nal_unit_type: nal::NAL_IDR,
        rbsp: Vec::new(),
    }
}

proptest! {
    #[test]
    fn slice_header_round_trip(
        seed in any::<u64>(),
        tail in prop::collection::vec(any::<u8>(), 0..4),
    ) {
        let mut rng = Rng(seed);
        let (sps, pps) = random_sets(&mut rng);
        let idr = rng.flag();
        let nal = Nal {
            nal_ref_idc: if idr { rng.range(1, 3) as u8 } else { rng.range(0, 3) as u8 },
            nal_unit_type: if idr { nal::NAL_IDR } else { nal::NAL_SLICE },
            rbsp: Vec::new(),
        };
        let h = random_header(&mut rng, &nal, &sps, &pps);
        let mut w = BitWriter::new();
        h.write(&mut w, nal.nal_unit_type, &sps, &pps);
        let n = w.bit_len();
        w.align_with_ones();
        let mut bytes = w.into_bytes();
        bytes.extend(tail);
        let mut r = BitReader::new(&bytes);
        prop_assert_eq!(SliceHeader::parse(&mut r, &nal, &sps, &pps).unwrap(), h);
        prop_assert_eq!(r.bit_pos(), n);
    }

    #[test]
    fn slice_header_parse_never_panics(seed in any::<u64>(),
                                       data in prop::collection::vec(any::<u8>(), 0..32)) {
        let mut rng = Rng(seed);
        let (sps, pps) = random_sets(&mut rng);
        let nal = Nal {
            nal_ref_idc: rng.range(0, 3) as u8,
            nal_unit_type: rng.pick(&[1, 5]),
            rbsp: Vec::new(),
        };
        let mut r = BitReader::new(&data);
        if let Ok(h) = SliceHeader::parse(&mut r, &nal, &sps, &pps) {
            prop_assert!((0..=51).contains(&h.slice_qp(&pps)));
            prop_assert!((h.first_mb_in_slice as usize) < sps.width_mbs() * sps.height_mbs());
            prop_assert!(h.disable_deblocking_filter_idc <= 2);
        }
    }
}

/// Header bits of an IDR slice up to slice_type.
fn header_start(slice_type: u32) -> BitWriter {
    let mut w = BitWriter::new();
    w.put_ue(0);
    w.put_ue(slice_type);
    w
}

#[test]
fn slice_header_errors() {
    let sps = plain_sps(0, 4, 3);
    let pps = plain_pps(false);
    let parse = |w: BitWriter, nal: &Nal| {
        let mut w = w;
        w.align_with_ones();
        let bytes = w.into_bytes();
        SliceHeader::parse(&mut BitReader::new(&bytes), nal, &sps, &pps)
    };
    for (ty, name) in [
        (0, "P slices"),
        (5, "P slices"),
        (1, "B slices"),
        (3, "SP"),
        (9, "SI"),
    ] {
        let e = parse(header_start(ty), &idr_nal()).unwrap_err();
        assert!(is_unsupported(&e, name), "{ty}: {e}");
    }
    assert!(matches!(
        parse(header_start(10), &idr_nal()),
        Err(Error::Invalid(_))
    ));
    // first_mb_in_slice 12 of 12 macroblocks.
    let mut w = BitWriter::new();
    w.put_ue(12);
    assert!(matches!(parse(w, &idr_nal()), Err(Error::Invalid(_))));
    // Wrong PPS id.
    let mut w = header_start(7);
    w.put_ue(1);
    assert!(matches!(parse(w, &idr_nal()), Err(Error::Invalid(_))));
    // IDR with frame_num 1.
    let mut w = header_start(7);
    w.put_ue(0);
    w.put_bits(1, 4);
    assert!(matches!(parse(w, &idr_nal()), Err(Error::Invalid(_))));
    // IDR with nal_ref_idc 0.
    let zero = Nal {
        nal_ref_idc: 0,
        ..idr_nal()
    };
    assert!(matches!(
        parse(header_start(7), &zero),
        Err(Error::Invalid(_))
    ));
    // Slice QP 26 + 26 = 52; offsets of 7.
    let h = idr_header(26, 0);
    let mut w = BitWriter::new();
    h.write(&mut w, nal::NAL_IDR, &sps, &pps);
    assert!(matches!(parse(w, &idr_nal()), Err(Error::Invalid(_))));
    let mut h = idr_header(-26, 0);
    h.slice_beta_offset_div2 = 7;
    let mut w = BitWriter::new();
    h.write(&mut w, nal::NAL_IDR, &sps, &pps);
    assert!(matches!(parse(w, &idr_nal()), Err(Error::Invalid(ref m)) if m.contains("beta")));
    // A non-IDR header with MAX_MMCO + 1 operations, or operation 7.
    let nal1 = Nal {
        nal_ref_idc: 1,
        nal_unit_type: nal::NAL_SLICE,
        rbsp: Vec::new(),
    };
    for (count, op) in [(MAX_MMCO + 1, 5), (1, 7)] {
        let mut w = header_start(7);
        w.put_ue(0);
        w.put_bits(3, 4); // frame_num
        w.put_flag(true);
        for _ in 0..count {
            w.put_ue(op);
        }
        w.put_ue(0);
        w.put_se(0);
        w.put_ue(1);
        assert!(
            matches!(parse(w, &nal1), Err(Error::Invalid(_))),
            "{count} x {op}"
        );
    }
    // Non-flat scaling lists are rejected when the slice activates them.
    let mut pps2 = pps.clone();
    pps2.pic_scaling_lists = Some((0..6).map(|_| ScalingList::UseDefault).collect());
    let h = idr_header(0, 1);
    let mut w = BitWriter::new();
    h.write(&mut w, nal::NAL_IDR, &sps, &pps2);
    w.align_with_ones();
    let bytes = w.into_bytes();
    let e = SliceHeader::parse(&mut BitReader::new(&bytes), &idr_nal(), &sps, &pps2).unwrap_err();
    assert!(is_unsupported(&e, "scaling"), "{e}");
}
