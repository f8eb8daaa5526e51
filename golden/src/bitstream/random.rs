//! Random parameter sets and slice headers with every field anywhere in its
//! range (the structures this module parses), from a seeded generator: the
//! round-trip proptests of `tests.rs` and the comparison with ffmpeg's parser
//! (tests/bitstream_trace.rs, which needs the `test-support` feature) use
//! them. Not part of the codec.

use super::nal::{self, Nal};
use super::scaling::{self, ScalingList};
use super::slice::{DecRefPicMarking, Mmco, MAX_MMCO};
use super::{Pps, SliceHeader, Sps};

/// The fields [`random_sps`] leaves alone: 8-bit luma, no transform bypass,
/// frame macroblocks only, no VUI (the rest is overwritten).
fn base_sps() -> Sps {
    Sps {
        bit_depth_luma: 8,
        frame_mbs_only_flag: true,
        ..Sps::default()
    }
}

/// The fields [`random_pps`] leaves alone: one slice group (the rest is
/// overwritten).
fn base_pps() -> Pps {
    Pps {
        num_slice_groups: 1,
        ..Pps::default()
    }
}

/// SplitMix64: a small deterministic generator for random structures.
pub struct Rng(pub u64);

impl Rng {
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    /// Uniform in lo..=hi.
    pub fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + (self.next_u64() % (hi - lo + 1) as u64) as i64
    }
    pub fn flag(&mut self) -> bool {
        self.next_u64() & 1 == 1
    }
    pub fn pick<T: Copy>(&mut self, v: &[T]) -> T {
        v[self.range(0, v.len() as i64 - 1) as usize]
    }
}

pub fn scaling_list(rng: &mut Rng, i: usize) -> ScalingList {
    match rng.range(0, 3) {
        0 => ScalingList::NotPresent,
        1 => ScalingList::UseDefault,
        2 => ScalingList::Explicit(vec![16; scaling::list_size(i)]),
        _ => ScalingList::Explicit(
            (0..scaling::list_size(i))
                .map(|_| rng.range(1, 255) as u8)
                .collect(),
        ),
    }
}

/// A random SPS this module parses, with flags and fields anywhere in their
/// ranges.
pub fn random_sps(rng: &mut Rng) -> Sps {
    let profile_idc = rng.pick(&[66, 77, 88, 100, 110, 122, 244]);
    let high = profile_idc >= 100;
    let chroma_format_idc = if high { rng.range(0, 3) as u32 } else { 1 };
    let seq_scaling_lists = (high && rng.flag()).then(|| {
        let n = if chroma_format_idc == 3 { 12 } else { 8 };
        (0..n).map(|i| scaling_list(rng, i)).collect()
    });
    let w = rng.range(1, 40) as u32;
    let h = rng.range(1, 40) as u32;
    let mut s = base_sps();
    s.profile_idc = profile_idc;
    s.constraint_flags = rng.range(0, 255) as u8;
    s.level_idc = rng.range(0, 255) as u8;
    s.seq_parameter_set_id = rng.range(0, 31) as u32;
    s.chroma_format_idc = chroma_format_idc;
    s.bit_depth_chroma = if chroma_format_idc == 0 && high {
        rng.range(8, 14) as u32
    } else {
        8
    };
    s.seq_scaling_lists = seq_scaling_lists;
    s.log2_max_frame_num = rng.range(4, 16) as u32;
    s.pic_order_cnt_type = rng.range(0, 2) as u32;
    match s.pic_order_cnt_type {
        0 => s.log2_max_pic_order_cnt_lsb = rng.range(4, 16) as u32,
        1 => {
            s.delta_pic_order_always_zero_flag = rng.flag();
            s.offset_for_non_ref_pic = rng.range(-(1 << 31) + 1, (1 << 31) - 1) as i32;
            s.offset_for_top_to_bottom_field = rng.range(-1000, 1000) as i32;
            let n = rng.pick(&[0, 1, 2, 255]);
            s.offset_for_ref_frame = (0..n).map(|_| rng.range(-300, 300) as i32).collect();
        }
        _ => {}
    }
    s.max_num_ref_frames = rng.range(0, 16) as u32;
    s.gaps_in_frame_num_value_allowed_flag = rng.flag();
    s.pic_width_in_mbs = w;
    s.pic_height_in_map_units = h;
    s.direct_8x8_inference_flag = rng.flag();
    s.frame_cropping_flag = rng.flag();
    if s.frame_cropping_flag {
        let (ux, uy) = (s.crop_unit_x(), s.crop_unit_y());
        let cx = rng.range(0, ((16 * w - 1) / ux) as i64) as u32;
        let cy = rng.range(0, ((16 * h - 1) / uy) as i64) as u32;
        s.frame_crop_left_offset = rng.range(0, cx as i64) as u32;
        s.frame_crop_right_offset = cx - s.frame_crop_left_offset;
        s.frame_crop_top_offset = rng.range(0, cy as i64) as u32;
        s.frame_crop_bottom_offset = cy - s.frame_crop_top_offset;
    }
    s
}

pub fn random_pps(rng: &mut Rng, sps: &Sps) -> Pps {
    let t8 = rng.flag();
    let pic_init_qp = rng.range(0, 51) as i32;
    let deblocking_filter_control_present_flag = rng.flag();
    let mut p = Pps {
        pic_init_qp,
        deblocking_filter_control_present_flag,
        transform_8x8_mode_flag: t8,
        ..base_pps()
    };
    p.pic_parameter_set_id = rng.range(0, 255) as u32;
    p.seq_parameter_set_id = sps.seq_parameter_set_id;
    p.entropy_coding_mode_flag = rng.flag();
    p.bottom_field_pic_order_in_frame_present_flag = rng.flag();
    p.num_ref_idx_l0_default_active = rng.range(1, 32) as u32;
    p.num_ref_idx_l1_default_active = rng.range(1, 32) as u32;
    p.weighted_pred_flag = rng.flag();
    p.weighted_bipred_idc = rng.range(0, 2) as u32;
    p.pic_init_qs = rng.range(0, 51) as i32;
    p.chroma_qp_index_offset = rng.range(-12, 12) as i32;
    p.second_chroma_qp_index_offset = rng.range(-12, 12) as i32;
    p.constrained_intra_pred_flag = rng.flag();
    p.redundant_pic_cnt_present_flag = rng.flag();
    if rng.flag() {
        let n = 6 + if t8 {
            if sps.chroma_format_idc == 3 {
                6
            } else {
                2
            }
        } else {
            0
        };
        p.pic_scaling_lists = Some((0..n).map(|i| scaling_list(rng, i)).collect());
    }
    p
}

pub fn random_header(rng: &mut Rng, nal: &Nal, sps: &Sps, pps: &Pps) -> SliceHeader {
    let idr = nal.nal_unit_type == nal::NAL_IDR;
    let first_mb_in_slice = rng.range(0, (sps.width_mbs() * sps.height_mbs()) as i64 - 1) as u32;
    let idr_pic_id = if idr { rng.range(0, 65535) as u32 } else { 0 };
    let slice_qp_delta = rng.range(-pps.pic_init_qp as i64, 51 - pps.pic_init_qp as i64) as i32;
    let disable_deblocking_filter_idc = if pps.deblocking_filter_control_present_flag {
        rng.range(0, 2) as u32
    } else {
        0
    };
    let mut h = SliceHeader {
        first_mb_in_slice,
        idr_pic_id,
        slice_qp_delta,
        disable_deblocking_filter_idc,
        ..SliceHeader::default()
    };
    h.slice_type = rng.pick(&[2, 7]);
    h.pic_parameter_set_id = pps.pic_parameter_set_id;
    if !idr {
        h.frame_num = rng.range(0, sps.max_frame_num() as i64 - 1) as u32;
    }
    let bottom = pps.bottom_field_pic_order_in_frame_present_flag;
    if sps.pic_order_cnt_type == 0 {
        h.pic_order_cnt_lsb = rng.range(0, (1 << sps.log2_max_pic_order_cnt_lsb) - 1) as u32;
        if bottom {
            h.delta_pic_order_cnt_bottom = rng.range(-1 << 20, 1 << 20) as i32;
        }
    }
    if sps.pic_order_cnt_type == 1 && !sps.delta_pic_order_always_zero_flag {
        h.delta_pic_order_cnt[0] = rng.range(-1000, 1000) as i32;
        if bottom {
            h.delta_pic_order_cnt[1] = rng.range(-1000, 1000) as i32;
        }
    }
    if pps.redundant_pic_cnt_present_flag {
        h.redundant_pic_cnt = rng.range(0, 127) as u32;
    }
    h.dec_ref_pic_marking = (nal.nal_ref_idc != 0).then(|| {
        let mut m = DecRefPicMarking::default();
        if idr {
            m.no_output_of_prior_pics_flag = rng.flag();
            m.long_term_reference_flag = rng.flag();
        } else if rng.flag() {
            m.adaptive_ref_pic_marking_mode_flag = true;
            // Operands within 7.4.3.3's ranges for frames: long-term
            // indices below max_num_ref_frames.
            let refs = i64::from(sps.max_num_ref_frames);
            let ops: &[u32] = if refs == 0 {
                &[1, 4, 5]
            } else {
                &[1, 2, 3, 4, 5, 6]
            };
            for _ in 0..rng.pick(&[0, 1, 3, MAX_MMCO as i64]) {
                let op = rng.pick(ops);
                m.mmcos.push(Mmco {
                    op,
                    difference_of_pic_nums_minus1: match op {
                        1 | 3 => rng.range(0, 100) as u32,
                        _ => 0,
                    },
                    long_term_pic_num: if op == 2 {
                        rng.range(0, refs - 1) as u32
                    } else {
                        0
                    },
                    long_term_frame_idx: match op {
                        3 | 6 => rng.range(0, refs - 1) as u32,
                        _ => 0,
                    },
                    max_long_term_frame_idx_plus1: if op == 4 {
                        rng.range(0, refs) as u32
                    } else {
                        0
                    },
                });
            }
        }
        m
    });
    if h.disable_deblocking_filter_idc != 1 && pps.deblocking_filter_control_present_flag {
        h.slice_alpha_c0_offset_div2 = rng.range(-6, 6) as i32;
        h.slice_beta_offset_div2 = rng.range(-6, 6) as i32;
    }
    h
}

/// A random SPS / PPS pair that slices can use (flat scaling lists).
pub fn random_sets(rng: &mut Rng) -> (Sps, Pps) {
    let mut sps = random_sps(rng);
    sps.seq_scaling_lists = None;
    let mut pps = random_pps(rng, &sps);
    pps.pic_scaling_lists = None;
    (sps, pps)
}
