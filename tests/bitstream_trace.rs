//! The parsers and writers against an independent H.264 syntax parser:
//! ffmpeg's `trace_headers` bitstream filter, which prints every syntax
//! element of every SPS, PPS and slice header with its value and bit
//! position.
//!
//! x264 streams (many settings) are parsed by both, field by field, in
//! order; streams written by this module (our encoder's configurations and
//! random parameter sets) are read back by ffmpeg the same way. x264 and
//! ffmpeg are installed by the bootstrap: a missing tool fails the test. An
//! integration test of the root package, so that golden's own tests need no
//! external program.

use golden::bitstream::random::{random_header, random_sets, Rng};
use golden::bitstream::scaling::ScalingList;
use golden::bitstream::slice::SLICE_TYPE_I;
use golden::bitstream::*;
use golden::encoder::headers::{idr_slice_header, intra_pps, intra_sps};
use golden::error::Error;
use golden::picture::ChromaFormat;
use std::path::{Path, PathBuf};
use std::process::Command;

/// One syntax element as ffmpeg prints it.
#[derive(Debug)]
struct Field {
    /// Bit position from the start of the NAL unit's unescaped bytes.
    pos: usize,
    name: String,
    bits: usize,
    value: i64,
}

/// One NAL unit as ffmpeg prints it.
#[derive(Debug)]
struct Unit {
    kind: String,
    fields: Vec<Field>,
}

const SPS_KIND: &str = "Sequence Parameter Set";
const PPS_KIND: &str = "Picture Parameter Set";
const SLICE_KIND: &str = "Slice Header";

/// Runs a tool, failing loudly when it is missing or fails.
fn run(cmd: &mut Command) -> String {
    let out = cmd.output().unwrap_or_else(|e| {
        panic!(
            "cannot run {:?} ({e}): x264 and ffmpeg must be installed",
            cmd.get_program()
        )
    });
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{cmd:?} failed:\n{stderr}");
    stderr
}

/// A scratch directory for this test process.
fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tricodec-bitstream-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

/// ffmpeg's view of every SPS, PPS and slice header of an Annex B file.
fn ffmpeg_trace(path: &Path) -> Vec<Unit> {
    let log = run(Command::new("ffmpeg")
        .args(["-nostdin", "-nostats", "-hide_banner", "-f", "h264", "-i"])
        .arg(path)
        .args(["-c", "copy", "-bsf:v", "trace_headers", "-f", "null", "-"]));
    let mut units: Vec<Unit> = Vec::new();
    let mut in_packets = false; // the extradata repeats the first SPS / PPS
    let mut title = String::new();
    for line in log.lines() {
        let Some(at) = line.find("[trace_headers @ ") else {
            continue;
        };
        let rest = &line[at..];
        let rest = &rest[rest.find("] ").expect("trace line") + 2..];
        if rest.starts_with("Packet:") {
            in_packets = true;
            continue;
        }
        if !in_packets {
            continue;
        }
        let t: Vec<&str> = rest.split_whitespace().collect();
        match t.first().map(|s| s.parse::<usize>()) {
            Some(Ok(pos)) => {
                assert!(t.len() == 5 && t[3] == "=", "unexpected trace line: {rest}");
                let field = Field {
                    pos,
                    name: t[1].to_string(),
                    bits: t[2].len(),
                    value: t[4].parse().expect("field value"),
                };
                if pos == 0 && field.name == "forbidden_zero_bit" {
                    units.push(Unit {
                        kind: title.clone(),
                        fields: Vec::new(),
                    });
                }
                units
                    .last_mut()
                    .expect("field before any unit")
                    .fields
                    .push(field);
            }
            _ => title = rest.trim().to_string(),
        }
    }
    units
        .into_iter()
        .filter(|u| [SPS_KIND, PPS_KIND, SLICE_KIND].contains(&u.kind.as_str()))
        .collect()
}

/// The fields ffmpeg lists that this module compares: everything but the
/// trailing bits, the cabac_alignment_one_bits after a slice header
/// (checked apart) and the scaling list deltas (compared through the lists'
/// present flags and the fields after them), and in an SPS nothing after
/// vui_parameters_present_flag.
fn compared_fields(u: &Unit) -> Vec<(String, i64)> {
    let mut out = Vec::new();
    for f in &u.fields {
        let skip = [
            "forbidden_zero_bit",
            "rbsp_stop_one_bit",
            "rbsp_alignment_zero_bit",
            "cabac_alignment_one_bit",
        ];
        if skip.contains(&f.name.as_str()) || f.name.starts_with("delta_scale") {
            continue;
        }
        out.push((f.name.clone(), f.value));
        if u.kind == SPS_KIND && f.name == "vui_parameters_present_flag" {
            break;
        }
    }
    out
}

/// Builds a list of (name, value) in syntax order.
#[derive(Default)]
struct Fields(Vec<(String, i64)>);

impl Fields {
    fn put(&mut self, name: &str, value: impl Into<i64>) {
        self.0.push((name.to_string(), value.into()));
    }
    fn header(nal: &Nal) -> Fields {
        let mut f = Fields::default();
        f.put("nal_ref_idc", nal.nal_ref_idc);
        f.put("nal_unit_type", nal.nal_unit_type);
        f
    }
    fn present_flags(&mut self, prefix: &str, lists: &[ScalingList]) {
        for (i, l) in lists.iter().enumerate() {
            self.put(&format!("{prefix}[{i}]"), *l != ScalingList::NotPresent);
        }
    }
}

fn sps_fields(nal: &Nal, s: &Sps) -> Vec<(String, i64)> {
    let mut f = Fields::header(nal);
    f.put("profile_idc", s.profile_idc);
    for i in 0..6 {
        f.put(
            &format!("constraint_set{i}_flag"),
            (s.constraint_flags >> (7 - i)) & 1,
        );
    }
    f.put("reserved_zero_2bits", s.constraint_flags & 3);
    f.put("level_idc", s.level_idc);
    f.put("seq_parameter_set_id", s.seq_parameter_set_id);
    if sps::profile_has_chroma_info(s.profile_idc) {
        f.put("chroma_format_idc", s.chroma_format_idc);
        if s.chroma_format_idc == 3 {
            f.put("separate_colour_plane_flag", 0);
        }
        f.put("bit_depth_luma_minus8", s.bit_depth_luma - 8);
        f.put("bit_depth_chroma_minus8", s.bit_depth_chroma - 8);
        f.put(
            "qpprime_y_zero_transform_bypass_flag",
            s.qpprime_y_zero_transform_bypass_flag,
        );
        f.put(
            "seq_scaling_matrix_present_flag",
            s.seq_scaling_lists.is_some(),
        );
        if let Some(lists) = &s.seq_scaling_lists {
            f.present_flags("seq_scaling_list_present_flag", lists);
        }
    }
    f.put("log2_max_frame_num_minus4", s.log2_max_frame_num - 4);
    f.put("pic_order_cnt_type", s.pic_order_cnt_type);
    match s.pic_order_cnt_type {
        0 => f.put(
            "log2_max_pic_order_cnt_lsb_minus4",
            s.log2_max_pic_order_cnt_lsb - 4,
        ),
        1 => {
            f.put(
                "delta_pic_order_always_zero_flag",
                s.delta_pic_order_always_zero_flag,
            );
            f.put("offset_for_non_ref_pic", s.offset_for_non_ref_pic);
            f.put(
                "offset_for_top_to_bottom_field",
                s.offset_for_top_to_bottom_field,
            );
            f.put(
                "num_ref_frames_in_pic_order_cnt_cycle",
                s.offset_for_ref_frame.len() as u32,
            );
            for (i, &o) in s.offset_for_ref_frame.iter().enumerate() {
                f.put(&format!("offset_for_ref_frame[{i}]"), o);
            }
        }
        _ => {}
    }
    f.put("max_num_ref_frames", s.max_num_ref_frames);
    f.put(
        "gaps_in_frame_num_allowed_flag",
        s.gaps_in_frame_num_value_allowed_flag,
    );
    f.put("pic_width_in_mbs_minus1", s.pic_width_in_mbs - 1);
    f.put(
        "pic_height_in_map_units_minus1",
        s.pic_height_in_map_units - 1,
    );
    f.put("frame_mbs_only_flag", s.frame_mbs_only_flag);
    f.put("direct_8x8_inference_flag", s.direct_8x8_inference_flag);
    f.put("frame_cropping_flag", s.frame_cropping_flag);
    if s.frame_cropping_flag {
        f.put("frame_crop_left_offset", s.frame_crop_left_offset);
        f.put("frame_crop_right_offset", s.frame_crop_right_offset);
        f.put("frame_crop_top_offset", s.frame_crop_top_offset);
        f.put("frame_crop_bottom_offset", s.frame_crop_bottom_offset);
    }
    f.put("vui_parameters_present_flag", s.vui_parameters_present_flag);
    f.0
}

/// `tail`: whether the stream carries transform_8x8_mode_flag onwards
/// (the struct does not record it; absent, its fields take their defaults).
fn pps_fields(nal: &Nal, p: &Pps, tail: bool) -> Vec<(String, i64)> {
    let mut f = Fields::header(nal);
    f.put("pic_parameter_set_id", p.pic_parameter_set_id);
    f.put("seq_parameter_set_id", p.seq_parameter_set_id);
    f.put("entropy_coding_mode_flag", p.entropy_coding_mode_flag);
    f.put(
        "bottom_field_pic_order_in_frame_present_flag",
        p.bottom_field_pic_order_in_frame_present_flag,
    );
    f.put("num_slice_groups_minus1", p.num_slice_groups - 1);
    f.put(
        "num_ref_idx_l0_default_active_minus1",
        p.num_ref_idx_l0_default_active - 1,
    );
    f.put(
        "num_ref_idx_l1_default_active_minus1",
        p.num_ref_idx_l1_default_active - 1,
    );
    f.put("weighted_pred_flag", p.weighted_pred_flag);
    f.put("weighted_bipred_idc", p.weighted_bipred_idc);
    f.put("pic_init_qp_minus26", p.pic_init_qp - 26);
    f.put("pic_init_qs_minus26", p.pic_init_qs - 26);
    f.put("chroma_qp_index_offset", p.chroma_qp_index_offset);
    f.put(
        "deblocking_filter_control_present_flag",
        p.deblocking_filter_control_present_flag,
    );
    f.put("constrained_intra_pred_flag", p.constrained_intra_pred_flag);
    f.put(
        "redundant_pic_cnt_present_flag",
        p.redundant_pic_cnt_present_flag,
    );
    if tail {
        f.put("transform_8x8_mode_flag", p.transform_8x8_mode_flag);
        f.put(
            "pic_scaling_matrix_present_flag",
            p.pic_scaling_lists.is_some(),
        );
        if let Some(lists) = &p.pic_scaling_lists {
            f.present_flags("pic_scaling_list_present_flag", lists);
        }
        f.put(
            "second_chroma_qp_index_offset",
            p.second_chroma_qp_index_offset,
        );
    } else {
        assert!(!p.transform_8x8_mode_flag && p.pic_scaling_lists.is_none());
        assert_eq!(p.second_chroma_qp_index_offset, p.chroma_qp_index_offset);
    }
    f.0
}

fn slice_fields(nal: &Nal, h: &SliceHeader, sps: &Sps, pps: &Pps) -> Vec<(String, i64)> {
    let mut f = Fields::header(nal);
    let idr = nal.nal_unit_type == nal::NAL_IDR;
    f.put("first_mb_in_slice", h.first_mb_in_slice);
    f.put("slice_type", h.slice_type);
    f.put("pic_parameter_set_id", h.pic_parameter_set_id);
    f.put("frame_num", h.frame_num);
    if idr {
        f.put("idr_pic_id", h.idr_pic_id);
    }
    let bottom = pps.bottom_field_pic_order_in_frame_present_flag;
    if sps.pic_order_cnt_type == 0 {
        f.put("pic_order_cnt_lsb", h.pic_order_cnt_lsb);
        if bottom {
            f.put("delta_pic_order_cnt_bottom", h.delta_pic_order_cnt_bottom);
        }
    }
    if sps.pic_order_cnt_type == 1 && !sps.delta_pic_order_always_zero_flag {
        f.put("delta_pic_order_cnt[0]", h.delta_pic_order_cnt[0]);
        if bottom {
            f.put("delta_pic_order_cnt[1]", h.delta_pic_order_cnt[1]);
        }
    }
    if pps.redundant_pic_cnt_present_flag {
        f.put("redundant_pic_cnt", h.redundant_pic_cnt);
    }
    if let Some(m) = &h.dec_ref_pic_marking {
        if idr {
            f.put(
                "no_output_of_prior_pics_flag",
                m.no_output_of_prior_pics_flag,
            );
            f.put("long_term_reference_flag", m.long_term_reference_flag);
        } else {
            f.put(
                "adaptive_ref_pic_marking_mode_flag",
                m.adaptive_ref_pic_marking_mode_flag,
            );
            if m.adaptive_ref_pic_marking_mode_flag {
                for op in &m.mmcos {
                    f.put("memory_management_control_operation", op.op);
                    if op.op == 1 || op.op == 3 {
                        f.put(
                            "difference_of_pic_nums_minus1",
                            op.difference_of_pic_nums_minus1,
                        );
                    }
                    if op.op == 2 {
                        f.put("long_term_pic_num", op.long_term_pic_num);
                    }
                    if op.op == 3 || op.op == 6 {
                        f.put("long_term_frame_idx", op.long_term_frame_idx);
                    }
                    if op.op == 4 {
                        f.put(
                            "max_long_term_frame_idx_plus1",
                            op.max_long_term_frame_idx_plus1,
                        );
                    }
                }
                f.put("memory_management_control_operation", 0);
            }
        }
    }
    f.put("slice_qp_delta", h.slice_qp_delta);
    if pps.deblocking_filter_control_present_flag {
        f.put(
            "disable_deblocking_filter_idc",
            h.disable_deblocking_filter_idc,
        );
        if h.disable_deblocking_filter_idc != 1 {
            f.put("slice_alpha_c0_offset_div2", h.slice_alpha_c0_offset_div2);
            f.put("slice_beta_offset_div2", h.slice_beta_offset_div2);
        }
    }
    f.0
}

/// What comparing one stream found.
#[derive(Debug, Default)]
struct Outcome {
    /// SPS, PPS and slice headers that both parsed, field for field equal.
    sps: usize,
    pps: usize,
    slices: usize,
    /// Errors of this module's parsers, by unit kind.
    errors: Vec<(String, Error)>,
    /// nal_unit_types seen, in order.
    types: Vec<u8>,
}

/// Parses every NAL unit of `stream` and compares each SPS, PPS and slice
/// header with ffmpeg's trace of the file: same units in the same order,
/// same fields with the same values, and the slice header ending on the
/// same bit.
fn compare_with_ffmpeg(path: &Path) -> Outcome {
    let stream = std::fs::read(path).unwrap();
    let theirs = ffmpeg_trace(path);
    let mut out = Outcome::default();
    let mut sps_table: Vec<Option<Sps>> = vec![None; 32];
    let mut pps_table: Vec<Option<Pps>> = vec![None; 256];
    let mut k = 0; // index into `theirs`
    for unit in split_annexb(&stream) {
        let nal = parse_nal(unit).unwrap();
        out.types.push(nal.nal_unit_type);
        let kind = match nal.nal_unit_type {
            nal::NAL_SPS => SPS_KIND,
            nal::NAL_PPS => PPS_KIND,
            nal::NAL_SLICE | nal::NAL_IDR => SLICE_KIND,
            _ => continue,
        };
        let t = theirs
            .get(k)
            .unwrap_or_else(|| panic!("ffmpeg lists no unit {k} ({kind})"));
        k += 1;
        assert_eq!(t.kind, kind, "unit {k}");
        let want = compared_fields(t);
        let ctx = format!("{} unit {k} ({kind})", path.display());
        match nal.nal_unit_type {
            nal::NAL_SPS => match Sps::parse(&nal.rbsp) {
                Ok(s) => {
                    assert_eq!(sps_fields(&nal, &s), want, "{ctx}");
                    let id = s.seq_parameter_set_id as usize;
                    sps_table[id] = Some(s);
                    out.sps += 1;
                }
                Err(e) => out.errors.push((kind.into(), e)),
            },
            nal::NAL_PPS => {
                let lookup = |id: u32| sps_table[id as usize].clone();
                match Pps::parse(&nal.rbsp, lookup) {
                    Ok(p) => {
                        let tail = want.iter().any(|(n, _)| n == "transform_8x8_mode_flag");
                        assert_eq!(pps_fields(&nal, &p, tail), want, "{ctx}");
                        let id = p.pic_parameter_set_id as usize;
                        pps_table[id] = Some(p);
                        out.pps += 1;
                    }
                    Err(e) => out.errors.push((kind.into(), e)),
                }
            }
            _ => {
                let ffmpeg_type = want.iter().find(|(n, _)| n == "slice_type").unwrap().1;
                let pps_id = want
                    .iter()
                    .find(|(n, _)| n == "pic_parameter_set_id")
                    .unwrap()
                    .1;
                let Some(pps) = pps_table[pps_id as usize].clone() else {
                    out.errors
                        .push((kind.into(), Error::Invalid("no PPS".into())));
                    continue;
                };
                let Some(sps) = sps_table[pps.seq_parameter_set_id as usize].clone() else {
                    out.errors
                        .push((kind.into(), Error::Invalid("no SPS".into())));
                    continue;
                };
                let mut r = BitReader::new(&nal.rbsp);
                match SliceHeader::parse(&mut r, &nal, &sps, &pps) {
                    Ok(h) => {
                        assert_eq!(slice_fields(&nal, &h, &sps, &pps), want, "{ctx}");
                        // ffmpeg's positions count the 8-bit NAL header; with
                        // CABAC, it lists the alignment bits after the header.
                        let align: Vec<&Field> = t
                            .fields
                            .iter()
                            .filter(|f| f.name == "cabac_alignment_one_bit")
                            .collect();
                        let header = t.fields.len() - align.len();
                        let last = &t.fields[header - 1];
                        assert_eq!(r.bit_pos() + 8, last.pos + last.bits, "{ctx}: header end");
                        let pad = (8 - r.bit_pos() % 8) % 8;
                        let want_pad = if pps.entropy_coding_mode_flag { pad } else { 0 };
                        assert_eq!(align.len(), want_pad, "{ctx}: alignment bits");
                        assert!(align.iter().all(|f| f.value == 1));
                        assert_eq!(h.slice_type as i64, ffmpeg_type);
                        out.slices += 1;
                    }
                    Err(e) => {
                        // Only non-I slices or unsupported features may fail.
                        let i_slice = ffmpeg_type % 5 == i64::from(SLICE_TYPE_I);
                        assert!(
                            matches!(e, Error::Unsupported(_)),
                            "{ctx}: slice_type {ffmpeg_type}: {e}"
                        );
                        if !i_slice {
                            assert!(e.to_string().contains("slices"), "{ctx}: {e}");
                        }
                        out.errors.push((kind.into(), e));
                    }
                }
            }
        }
    }
    assert_eq!(
        k,
        theirs.len(),
        "{}: ffmpeg lists more units",
        path.display()
    );
    out
}

/// Deterministic raw frames: a gradient plus noise, so that x264 codes
/// every kind of macroblock.
fn raw_frames(bytes: usize) -> Vec<u8> {
    let mut rng = Rng(7);
    (0..bytes)
        .map(|i| ((i * 7 % 251) as u8).wrapping_add((rng.next_u64() % 24) as u8))
        .collect()
}

/// Encodes `frames` frames of `w` x `h` with x264 (`csp` i400 or i420
/// input) and compares the stream with ffmpeg's trace.
fn x264_case(name: &str, csp: &str, w: usize, h: usize, frames: usize, args: &[&str]) -> Outcome {
    let format = if csp == "i400" {
        ChromaFormat::Monochrome
    } else {
        ChromaFormat::Yuv420
    };
    let raw = scratch(&format!("{name}.yuv"));
    std::fs::write(&raw, raw_frames(frames * format.frame_bytes(w, h))).unwrap();
    let out = scratch(&format!("{name}.264"));
    run(Command::new("x264")
        .args([
            "--quiet",
            "--no-progress",
            "--input-res",
            &format!("{w}x{h}"),
        ])
        .args(["--input-csp", csp, "--frames", &frames.to_string()])
        .args(if csp == "i400" {
            &["--output-csp", "i400"][..]
        } else {
            &[]
        })
        .args(args)
        .arg("-o")
        .arg(&out)
        .arg(&raw));
    let outcome = compare_with_ffmpeg(&out);
    std::fs::remove_file(&raw).ok();
    std::fs::remove_file(&out).ok();
    outcome
}

/// Every error names `feature`, and there is at least one.
fn all_errors_name(o: &Outcome, features: &[&str]) {
    assert!(!o.errors.is_empty(), "expected errors naming {features:?}");
    for (kind, e) in &o.errors {
        assert!(
            features.iter().any(|f| e.to_string().contains(f)),
            "{kind}: {e}"
        );
    }
}

#[test]
fn x264_intra_streams_match_ffmpeg() {
    let flat4 = format!("--cqm4={}", vec!["16"; 16].join(","));
    let flat8 = format!("--cqm8={}", vec!["16"; 64].join(","));
    // (name, input csp, width, height, frames, x264 arguments, I slices)
    type Case<'a> = (&'a str, &'a str, usize, usize, usize, Vec<&'a str>, usize);
    let cases: [Case; 9] = [
        (
            "gray",
            "i400",
            64,
            48,
            3,
            vec!["--keyint", "1", "--qp", "30"],
            3,
        ),
        (
            "yuv420",
            "i420",
            64,
            48,
            3,
            vec!["--keyint", "1", "--qp", "30"],
            3,
        ),
        // x264 cuts slices at macroblock rows: 3 rows make 3 slices.
        (
            "slices",
            "i420",
            66,
            34,
            2,
            vec!["--keyint", "1", "--slices", "4", "--no-deblock"],
            6,
        ),
        (
            "gray_crop",
            "i400",
            70,
            38,
            2,
            vec!["--keyint", "1", "--no-8x8dct", "--slices", "3"],
            6,
        ),
        (
            "offsets",
            "i420",
            48,
            32,
            2,
            vec![
                "--keyint",
                "1",
                "--deblock",
                "-3:2",
                "--chroma-qp-offset",
                "3",
            ],
            2,
        ),
        (
            "cqm_flat",
            "i420",
            48,
            32,
            2,
            vec!["--keyint", "1", &flat4, &flat8],
            2,
        ),
        (
            "aud_crop",
            "i420",
            64,
            48,
            2,
            vec!["--keyint", "1", "--aud", "--crop-rect", "2,4,6,8"],
            2,
        ),
        (
            "cavlc",
            "i420",
            48,
            32,
            2,
            vec!["--keyint", "1", "--no-cabac", "--qp", "20"],
            2,
        ),
        (
            "qp_extremes",
            "i400",
            32,
            32,
            2,
            vec!["--keyint", "1", "--qp", "51", "--qpmax", "51"],
            2,
        ),
    ];
    for (name, csp, w, h, frames, args, slices) in cases {
        let o = x264_case(name, csp, w, h, frames, &args);
        assert!(o.errors.is_empty(), "{name}: {:?}", o.errors);
        assert_eq!(o.slices, slices, "{name}");
        assert!(o.sps >= 1 && o.pps >= 1, "{name}");
        if name == "aud_crop" {
            assert!(o.types.contains(&nal::NAL_AUD));
        }
    }
}

#[test]
fn x264_streams_with_unsupported_features() {
    // Default matrices: the headers parse, the slices report the matrices.
    let o = x264_case(
        "cqm_jvt",
        "i420",
        48,
        32,
        2,
        &["--keyint", "1", "--cqm", "jvt"],
    );
    assert_eq!((o.sps, o.pps, o.slices), (2, 2, 0));
    all_errors_name(&o, &["scaling"]);
    // POC type 0, non-IDR I slices (open GOP), P and B slices.
    let args = [
        "--keyint",
        "3",
        "--min-keyint",
        "3",
        "--open-gop",
        "--bframes",
        "1",
    ];
    let o = x264_case("open_gop", "i400", 64, 48, 8, &args);
    assert!(o.slices >= 3, "{o:?}");
    assert!(o.types.contains(&nal::NAL_SLICE));
    all_errors_name(&o, &["P slices", "B slices"]);
    // 4:2:2 and 4:4:4 parse; the chroma format is unsupported.
    for (csp, profile, feature) in [("i422", "high422", "4:2:2"), ("i444", "high444", "4:4:4")] {
        let args = ["--keyint", "1", "--output-csp", csp, "--profile", profile];
        let o = x264_case(csp, "i420", 48, 32, 2, &args);
        assert!(o.errors.is_empty() && o.slices == 2, "{o:?}");
        let stream = x264_stream_sps(csp, &args);
        assert!(stream
            .chroma_format()
            .unwrap_err()
            .to_string()
            .contains(feature));
    }
    // SPS-level rejections; the slices then lack their SPS.
    let cases: [(&str, &[&str], &str); 4] = [
        (
            "lossless",
            &["--output-csp", "i444", "--profile", "high444", "--qp", "0"],
            "lossless",
        ),
        ("ten_bit", &["--output-depth", "10"], "bit depth 10"),
        ("interlaced", &["--tff"], "frame_mbs_only_flag 0"),
        (
            "fake_interlaced",
            &["--fake-interlaced"],
            "frame_mbs_only_flag 0",
        ),
    ];
    for (name, extra, feature) in cases {
        let mut args = vec!["--keyint", "1"];
        args.extend_from_slice(extra);
        let o = x264_case(name, "i420", 48, 32, 2, &args);
        assert_eq!(o.slices, 0, "{name}");
        assert!(o
            .errors
            .iter()
            .any(|(k, e)| k == SPS_KIND && is_unsupported(e, feature)));
        all_errors_name(&o, &[feature, "no SPS", "no PPS", "missing SPS"]);
    }
}

fn is_unsupported(e: &Error, feature: &str) -> bool {
    matches!(e, Error::Unsupported(m) if m.contains(feature))
}

/// The first SPS of an x264 stream of 2 frames 48x32 i420 with `args`.
fn x264_stream_sps(name: &str, args: &[&str]) -> Sps {
    let raw = scratch(&format!("{name}-sps.yuv"));
    std::fs::write(&raw, raw_frames(2 * 48 * 32 * 3 / 2)).unwrap();
    let out = scratch(&format!("{name}-sps.264"));
    run(Command::new("x264")
        .args([
            "--quiet",
            "--no-progress",
            "--input-res",
            "48x32",
            "--frames",
            "2",
        ])
        .args(args)
        .arg("-o")
        .arg(&out)
        .arg(&raw));
    let stream = std::fs::read(&out).unwrap();
    std::fs::remove_file(&raw).ok();
    std::fs::remove_file(&out).ok();
    let nal = split_annexb(&stream)
        .into_iter()
        .map(|u| parse_nal(u).unwrap())
        .find(|n| n.nal_unit_type == nal::NAL_SPS)
        .unwrap();
    Sps::parse(&nal.rbsp).unwrap()
}

/// Appends a slice NAL unit: the header, cabac_alignment_one_bits and a
/// stand-in for the slice data (ffmpeg's syntax parser does not decode it).
fn put_slice(stream: &mut Vec<u8>, nal: &Nal, h: &SliceHeader, sps: &Sps, pps: &Pps) {
    let mut w = BitWriter::new();
    h.write(&mut w, nal.nal_unit_type, sps, pps);
    w.align_with_ones();
    w.put_bits(0x5a5a, 16);
    w.rbsp_trailing_bits();
    write_nal(stream, nal.nal_ref_idc, nal.nal_unit_type, &w.into_bytes());
}

#[test]
fn our_encoder_headers_read_by_ffmpeg() {
    let path = scratch("ours.264");
    let configs = [
        (ChromaFormat::Monochrome, 64, 48, false, 1, 1),
        (ChromaFormat::Monochrome, 70, 38, true, 0, 3),
        (ChromaFormat::Yuv420, 66, 34, true, 1, 4),
        (ChromaFormat::Yuv420, 1920, 1080, false, 0, 2),
    ];
    for (format, w, h, t8x8, idc, slices) in configs {
        let sps = intra_sps(format, w, h).unwrap();
        let pps = intra_pps(t8x8, 26, true);
        let mut stream = Vec::new();
        write_nal(&mut stream, 3, nal::NAL_SPS, &sps.write());
        write_nal(&mut stream, 3, nal::NAL_PPS, &pps.write());
        let mbs = (sps.width_mbs() * sps.height_mbs()) as u32;
        for frame in 0..3u32 {
            for s in 0..slices {
                let qp_delta = [-26, 0, 25][frame as usize];
                let hdr = idr_slice_header(mbs * s / slices, frame % 2, qp_delta, idc);
                let nal = Nal {
                    nal_ref_idc: 3,
                    nal_unit_type: nal::NAL_IDR,
                    rbsp: Vec::new(),
                };
                put_slice(&mut stream, &nal, &hdr, &sps, &pps);
            }
        }
        std::fs::write(&path, &stream).unwrap();
        let o = compare_with_ffmpeg(&path);
        assert!(o.errors.is_empty(), "{:?}", o.errors);
        assert_eq!((o.sps, o.pps, o.slices), (1, 1, 3 * slices as usize));
    }
    std::fs::remove_file(&path).ok();
}

#[test]
fn random_headers_read_by_ffmpeg() {
    // Random SPS / PPS / slice headers (POC types 0-2, MMCOs, redundant
    // pictures, deblocking offsets, ...), written here, parsed by ffmpeg.
    let path = scratch("random.264");
    let mut rng = Rng(2024);
    let mut stream = Vec::new();
    let mut slices = 0;
    for _ in 0..40 {
        let (mut sps, mut pps) = random_sets(&mut rng);
        // ffmpeg checks some limits beyond the syntax: keep within them.
        sps.profile_idc = rng.pick(&[66, 77, 100]);
        sps.chroma_format_idc = if sps.profile_idc == 100 {
            rng.range(0, 1) as u32
        } else {
            1
        };
        sps.bit_depth_chroma = 8;
        sps.level_idc = 40;
        sps.constraint_flags &= 0xfc; // reserved_zero_2bits
        sps.frame_cropping_flag = false;
        (sps.frame_crop_left_offset, sps.frame_crop_right_offset) = (0, 0);
        (sps.frame_crop_top_offset, sps.frame_crop_bottom_offset) = (0, 0);
        pps.seq_parameter_set_id = sps.seq_parameter_set_id;
        pps.entropy_coding_mode_flag = true;
        write_nal(&mut stream, 3, nal::NAL_SPS, &sps.write());
        write_nal(&mut stream, 3, nal::NAL_PPS, &pps.write());
        for _ in 0..3 {
            let idr = rng.flag();
            let nal = Nal {
                nal_ref_idc: if idr {
                    rng.range(1, 3) as u8
                } else {
                    rng.range(0, 3) as u8
                },
                nal_unit_type: if idr { nal::NAL_IDR } else { nal::NAL_SLICE },
                rbsp: Vec::new(),
            };
            let h = random_header(&mut rng, &nal, &sps, &pps);
            put_slice(&mut stream, &nal, &h, &sps, &pps);
            slices += 1;
        }
    }
    std::fs::write(&path, &stream).unwrap();
    let o = compare_with_ffmpeg(&path);
    assert!(o.errors.is_empty(), "{:?}", o.errors);
    assert_eq!((o.sps, o.pps, o.slices), (40, 40, slices));
    std::fs::remove_file(&path).ok();
}
