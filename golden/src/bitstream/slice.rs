//! Slice header (7.3.3, semantics 7.4.3) of I slices in frame pictures.
//!
//! Other slice types are `Error::Unsupported`. Fields that only exist for
//! field pictures, P / B / SP / SI slices, separate colour planes or slice
//! groups are never present here: the SPS and PPS parsers rejected those
//! features (or the slice type check does).

use super::nal::{Nal, NAL_IDR};
use super::pps::Pps;
use super::reader::BitReader;
use super::sps::Sps;
use super::writer::BitWriter;
use crate::error::Result;
use crate::{invalid, unsupported};

/// slice_type of an I slice whose picture may mix slice types.
pub const SLICE_TYPE_I: u32 = 2;
/// slice_type of an I slice in a picture of I slices only.
pub const SLICE_TYPE_I_ONLY: u32 = 7;

/// Upper bound on memory_management_control_operation entries in one
/// header: at most 32 reference fields (16 frames) can each be unmarked and
/// given a long-term index once, plus one each of operations 4 and 5 (the
/// same bound as other decoders use). Longer lists are rejected.
pub const MAX_MMCO: usize = 66;

/// One memory_management_control_operation with its operands (7.3.3.3);
/// operands the operation does not carry are 0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Mmco {
    /// memory_management_control_operation (1..=6; the terminating 0 is not
    /// stored).
    pub op: u32,
    /// difference_of_pic_nums_minus1 (operations 1 and 3).
    pub difference_of_pic_nums_minus1: u32,
    /// long_term_pic_num (operation 2).
    pub long_term_pic_num: u32,
    /// long_term_frame_idx (operations 3 and 6).
    pub long_term_frame_idx: u32,
    /// max_long_term_frame_idx_plus1 (operation 4).
    pub max_long_term_frame_idx_plus1: u32,
}

/// dec_ref_pic_marking() (7.3.3.3), present when nal_ref_idc != 0.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DecRefPicMarking {
    /// no_output_of_prior_pics_flag (IDR pictures).
    pub no_output_of_prior_pics_flag: bool,
    /// long_term_reference_flag (IDR pictures).
    pub long_term_reference_flag: bool,
    /// adaptive_ref_pic_marking_mode_flag (non-IDR pictures).
    pub adaptive_ref_pic_marking_mode_flag: bool,
    /// The operations (non-IDR pictures with the adaptive mode).
    pub mmcos: Vec<Mmco>,
}

/// The header of an I slice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SliceHeader {
    /// first_mb_in_slice.
    pub first_mb_in_slice: u32,
    /// slice_type: 2 or 7 (I).
    pub slice_type: u32,
    /// pic_parameter_set_id (0..=255).
    pub pic_parameter_set_id: u32,
    /// frame_num (0 in IDR pictures).
    pub frame_num: u32,
    /// idr_pic_id (0..=65535; IDR pictures, else 0).
    pub idr_pic_id: u32,
    /// pic_order_cnt_lsb (POC type 0, else 0).
    pub pic_order_cnt_lsb: u32,
    /// delta_pic_order_cnt_bottom (POC type 0 with
    /// bottom_field_pic_order_in_frame_present_flag, else 0).
    pub delta_pic_order_cnt_bottom: i32,
    /// delta_pic_order_cnt[0..2] (POC type 1 unless
    /// delta_pic_order_always_zero_flag; `[1]` needs
    /// bottom_field_pic_order_in_frame_present_flag; else 0).
    pub delta_pic_order_cnt: [i32; 2],
    /// redundant_pic_cnt (0..=127; 0 when absent).
    pub redundant_pic_cnt: u32,
    /// dec_ref_pic_marking(): Some exactly when nal_ref_idc != 0.
    pub dec_ref_pic_marking: Option<DecRefPicMarking>,
    /// slice_qp_delta: SliceQPY = pic_init_qp + slice_qp_delta.
    pub slice_qp_delta: i32,
    /// disable_deblocking_filter_idc (0..=2; 0 when absent).
    pub disable_deblocking_filter_idc: u32,
    /// slice_alpha_c0_offset_div2 (-6..=6; 0 when absent).
    pub slice_alpha_c0_offset_div2: i32,
    /// slice_beta_offset_div2 (-6..=6; 0 when absent).
    pub slice_beta_offset_div2: i32,
}

/// Reads ue(v) and checks it against `max`.
fn ue_max(r: &mut BitReader, name: &'static str, max: u32) -> Result<u32> {
    let v = r.read_ue_named(name)?;
    if v > max {
        return Err(invalid!("{name} {v} exceeds {max}"));
    }
    Ok(v)
}

/// Reads se(v) and checks it against `min..=max`.
fn se_range(r: &mut BitReader, name: &'static str, min: i32, max: i32) -> Result<i32> {
    let v = r.read_se_named(name)?;
    if !(min..=max).contains(&v) {
        return Err(invalid!("{name} {v} outside {min}..={max}"));
    }
    Ok(v)
}

/// Name of a slice type (Table 7-6) for error messages.
fn slice_type_name(slice_type: u32) -> &'static str {
    ["P", "B", "I", "SP", "SI"][(slice_type % 5) as usize]
}

impl SliceHeader {
    /// Parses the header of a slice in `nal` with the parameter sets it
    /// refers to, leaving `r` on the first bit after the header (the
    /// cabac_alignment_one_bits or slice data follow). Also checks what
    /// activating `sps` and `pps` needs: matching ids and flat scaling lists.
    pub fn parse(r: &mut BitReader, nal: &Nal, sps: &Sps, pps: &Pps) -> Result<SliceHeader> {
        let idr = nal.nal_unit_type == NAL_IDR;
        if idr && nal.nal_ref_idc == 0 {
            return Err(invalid!("IDR slice with nal_ref_idc 0"));
        }
        if pps.seq_parameter_set_id != sps.seq_parameter_set_id {
            return Err(invalid!(
                "PPS {} refers to SPS {}, not {}",
                pps.pic_parameter_set_id,
                pps.seq_parameter_set_id,
                sps.seq_parameter_set_id
            ));
        }
        let pic_size = sps.width_mbs() * sps.height_mbs();
        let first_mb_in_slice = r.read_ue_named("first_mb_in_slice")?;
        if first_mb_in_slice as usize >= pic_size {
            return Err(invalid!(
                "first_mb_in_slice {first_mb_in_slice} of {pic_size}"
            ));
        }
        let slice_type = ue_max(r, "slice_type", 9)?;
        if slice_type % 5 != SLICE_TYPE_I {
            return Err(unsupported!(
                "{} slices (slice_type {slice_type}; only I slices)",
                slice_type_name(slice_type)
            ));
        }
        let pic_parameter_set_id = ue_max(r, "pic_parameter_set_id", 255)?;
        if pic_parameter_set_id != pps.pic_parameter_set_id {
            return Err(invalid!(
                "slice refers to PPS {pic_parameter_set_id}, given PPS {}",
                pps.pic_parameter_set_id
            ));
        }
        pps.check_scaling(sps)?;
        let frame_num = r.read_bits_named(sps.log2_max_frame_num, "frame_num")?;
        if idr && frame_num != 0 {
            return Err(invalid!("IDR slice with frame_num {frame_num}"));
        }
        let mut h = SliceHeader {
            first_mb_in_slice,
            slice_type,
            pic_parameter_set_id,
            frame_num,
            idr_pic_id: 0,
            pic_order_cnt_lsb: 0,
            delta_pic_order_cnt_bottom: 0,
            delta_pic_order_cnt: [0, 0],
            redundant_pic_cnt: 0,
            dec_ref_pic_marking: None,
            slice_qp_delta: 0,
            disable_deblocking_filter_idc: 0,
            slice_alpha_c0_offset_div2: 0,
            slice_beta_offset_div2: 0,
        };
        if idr {
            h.idr_pic_id = ue_max(r, "idr_pic_id", 65_535)?;
        }
        // field_pic_flag is absent (frame_mbs_only_flag), so the bottom
        // field fields depend on the PPS flag alone.
        let bottom_present = pps.bottom_field_pic_order_in_frame_present_flag;
        if sps.pic_order_cnt_type == 0 {
            h.pic_order_cnt_lsb =
                r.read_bits_named(sps.log2_max_pic_order_cnt_lsb, "pic_order_cnt_lsb")?;
            if bottom_present {
                h.delta_pic_order_cnt_bottom = r.read_se_named("delta_pic_order_cnt_bottom")?;
            }
        }
        if sps.pic_order_cnt_type == 1 && !sps.delta_pic_order_always_zero_flag {
            h.delta_pic_order_cnt[0] = r.read_se_named("delta_pic_order_cnt[0]")?;
            if bottom_present {
                h.delta_pic_order_cnt[1] = r.read_se_named("delta_pic_order_cnt[1]")?;
            }
        }
        if pps.redundant_pic_cnt_present_flag {
            h.redundant_pic_cnt = ue_max(r, "redundant_pic_cnt", 127)?;
        }
        // I slices: no ref_pic_list_modification, pred_weight_table or
        // cabac_init_idc.
        if nal.nal_ref_idc != 0 {
            h.dec_ref_pic_marking = Some(parse_dec_ref_pic_marking(r, idr)?);
        }
        h.slice_qp_delta = r.read_se_named("slice_qp_delta")?;
        let qp = i64::from(pps.pic_init_qp) + i64::from(h.slice_qp_delta);
        if !(0..=51).contains(&qp) {
            return Err(invalid!("slice QP {qp} outside 0..=51"));
        }
        if pps.deblocking_filter_control_present_flag {
            h.disable_deblocking_filter_idc = ue_max(r, "disable_deblocking_filter_idc", 2)?;
            if h.disable_deblocking_filter_idc != 1 {
                h.slice_alpha_c0_offset_div2 = se_range(r, "slice_alpha_c0_offset_div2", -6, 6)?;
                h.slice_beta_offset_div2 = se_range(r, "slice_beta_offset_div2", -6, 6)?;
            }
        }
        Ok(h)
    }

    /// Writes the header for a slice in a NAL unit of type `nal_unit_type`
    /// (the caller then writes cabac_alignment_one_bits and the slice data).
    /// dec_ref_pic_marking() is written when present, which must match the
    /// NAL unit's nal_ref_idc != 0. Panics on fields out of range or
    /// inconsistent with the parameter sets (a bug of the caller).
    pub fn write(&self, w: &mut BitWriter, nal_unit_type: u8, sps: &Sps, pps: &Pps) {
        let idr = nal_unit_type == NAL_IDR;
        assert!(
            self.slice_type % 5 == SLICE_TYPE_I && self.slice_type <= 9,
            "slice_type"
        );
        assert_eq!(
            self.pic_parameter_set_id, pps.pic_parameter_set_id,
            "PPS id"
        );
        assert!(sps.frame_mbs_only_flag, "field coding is not written");
        assert!(
            !idr || self.dec_ref_pic_marking.is_some(),
            "IDR slices are references"
        );
        w.put_ue(self.first_mb_in_slice);
        w.put_ue(self.slice_type);
        w.put_ue(self.pic_parameter_set_id);
        assert!(!idr || self.frame_num == 0, "IDR frame_num");
        w.put_bits(self.frame_num, sps.log2_max_frame_num);
        if idr {
            assert!(self.idr_pic_id <= 65_535, "idr_pic_id");
            w.put_ue(self.idr_pic_id);
        }
        let bottom_present = pps.bottom_field_pic_order_in_frame_present_flag;
        if sps.pic_order_cnt_type == 0 {
            w.put_bits(self.pic_order_cnt_lsb, sps.log2_max_pic_order_cnt_lsb);
            if bottom_present {
                w.put_se(self.delta_pic_order_cnt_bottom);
            }
        }
        if sps.pic_order_cnt_type == 1 && !sps.delta_pic_order_always_zero_flag {
            w.put_se(self.delta_pic_order_cnt[0]);
            if bottom_present {
                w.put_se(self.delta_pic_order_cnt[1]);
            }
        }
        if pps.redundant_pic_cnt_present_flag {
            w.put_ue(self.redundant_pic_cnt);
        }
        if let Some(m) = &self.dec_ref_pic_marking {
            write_dec_ref_pic_marking(w, m, idr);
        }
        w.put_se(self.slice_qp_delta);
        if pps.deblocking_filter_control_present_flag {
            assert!(
                self.disable_deblocking_filter_idc <= 2,
                "disable_deblocking_filter_idc"
            );
            w.put_ue(self.disable_deblocking_filter_idc);
            if self.disable_deblocking_filter_idc != 1 {
                w.put_se(self.slice_alpha_c0_offset_div2);
                w.put_se(self.slice_beta_offset_div2);
            }
        }
    }

    /// SliceQPY = 26 + pic_init_qp_minus26 + slice_qp_delta (7-30).
    pub fn slice_qp(&self, pps: &Pps) -> i32 {
        pps.pic_init_qp + self.slice_qp_delta
    }
}

/// dec_ref_pic_marking() (7.3.3.3).
fn parse_dec_ref_pic_marking(r: &mut BitReader, idr: bool) -> Result<DecRefPicMarking> {
    let mut m = DecRefPicMarking::default();
    if idr {
        m.no_output_of_prior_pics_flag = r.read_flag_named("no_output_of_prior_pics_flag")?;
        m.long_term_reference_flag = r.read_flag_named("long_term_reference_flag")?;
        return Ok(m);
    }
    m.adaptive_ref_pic_marking_mode_flag =
        r.read_flag_named("adaptive_ref_pic_marking_mode_flag")?;
    if !m.adaptive_ref_pic_marking_mode_flag {
        return Ok(m);
    }
    loop {
        let op = ue_max(r, "memory_management_control_operation", 6)?;
        if op == 0 {
            return Ok(m);
        }
        if m.mmcos.len() == MAX_MMCO {
            return Err(invalid!(
                "more than {MAX_MMCO} memory management operations"
            ));
        }
        let mut mmco = Mmco {
            op,
            ..Mmco::default()
        };
        if op == 1 || op == 3 {
            mmco.difference_of_pic_nums_minus1 =
                r.read_ue_named("difference_of_pic_nums_minus1")?;
        }
        if op == 2 {
            mmco.long_term_pic_num = r.read_ue_named("long_term_pic_num")?;
        }
        if op == 3 || op == 6 {
            mmco.long_term_frame_idx = r.read_ue_named("long_term_frame_idx")?;
        }
        if op == 4 {
            mmco.max_long_term_frame_idx_plus1 =
                r.read_ue_named("max_long_term_frame_idx_plus1")?;
        }
        m.mmcos.push(mmco);
    }
}

/// Inverse of [`parse_dec_ref_pic_marking`].
fn write_dec_ref_pic_marking(w: &mut BitWriter, m: &DecRefPicMarking, idr: bool) {
    if idr {
        w.put_flag(m.no_output_of_prior_pics_flag);
        w.put_flag(m.long_term_reference_flag);
        return;
    }
    w.put_flag(m.adaptive_ref_pic_marking_mode_flag);
    if !m.adaptive_ref_pic_marking_mode_flag {
        return;
    }
    assert!(m.mmcos.len() <= MAX_MMCO, "too many MMCOs");
    for mmco in &m.mmcos {
        assert!(
            (1..=6).contains(&mmco.op),
            "memory_management_control_operation"
        );
        w.put_ue(mmco.op);
        if mmco.op == 1 || mmco.op == 3 {
            w.put_ue(mmco.difference_of_pic_nums_minus1);
        }
        if mmco.op == 2 {
            w.put_ue(mmco.long_term_pic_num);
        }
        if mmco.op == 3 || mmco.op == 6 {
            w.put_ue(mmco.long_term_frame_idx);
        }
        if mmco.op == 4 {
            w.put_ue(mmco.max_long_term_frame_idx_plus1);
        }
    }
    w.put_ue(0);
}
