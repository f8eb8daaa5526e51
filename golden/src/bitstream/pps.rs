//! Picture parameter set (7.3.2.2, semantics 7.4.2.2).
//!
//! A PPS with CAVLC (entropy_coding_mode_flag 0) parses fine: the decoder
//! reports it unsupported when a slice uses it. Slice groups (FMO) are
//! `Error::Unsupported` at parse time: their syntax is not parsed.

use super::reader::BitReader;
use super::scaling::{self, ScalingList};
use super::sps::Sps;
use super::writer::BitWriter;
use crate::error::Result;
use crate::{invalid, unsupported};

/// A picture parameter set.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pps {
    /// pic_parameter_set_id (0..=255).
    pub pic_parameter_set_id: u32,
    /// seq_parameter_set_id (0..=31).
    pub seq_parameter_set_id: u32,
    /// entropy_coding_mode_flag: true for CABAC, the only mode this model
    /// decodes (the decoder checks it, the parser does not).
    pub entropy_coding_mode_flag: bool,
    /// bottom_field_pic_order_in_frame_present_flag.
    pub bottom_field_pic_order_in_frame_present_flag: bool,
    /// num_slice_groups_minus1 + 1 (always 1 after a parse).
    pub num_slice_groups: u32,
    /// num_ref_idx_l0_default_active_minus1 + 1 (1..=32).
    pub num_ref_idx_l0_default_active: u32,
    /// num_ref_idx_l1_default_active_minus1 + 1 (1..=32).
    pub num_ref_idx_l1_default_active: u32,
    /// weighted_pred_flag.
    pub weighted_pred_flag: bool,
    /// weighted_bipred_idc (0..=2).
    pub weighted_bipred_idc: u32,
    /// 26 + pic_init_qp_minus26 (0..=51 at 8 bits).
    pub pic_init_qp: i32,
    /// 26 + pic_init_qs_minus26 (0..=51).
    pub pic_init_qs: i32,
    /// chroma_qp_index_offset (-12..=12): Cb.
    pub chroma_qp_index_offset: i32,
    /// deblocking_filter_control_present_flag.
    pub deblocking_filter_control_present_flag: bool,
    /// constrained_intra_pred_flag (no effect on I slices).
    pub constrained_intra_pred_flag: bool,
    /// redundant_pic_cnt_present_flag.
    pub redundant_pic_cnt_present_flag: bool,
    /// transform_8x8_mode_flag (false when the High-profile tail is absent).
    pub transform_8x8_mode_flag: bool,
    /// The transmitted lists when pic_scaling_matrix_present_flag is 1
    /// (6, plus 2 or 6 8x8 lists with transform_8x8_mode_flag); None when 0.
    pub pic_scaling_lists: Option<Vec<ScalingList>>,
    /// second_chroma_qp_index_offset (-12..=12): Cr; equal to
    /// chroma_qp_index_offset when absent.
    pub second_chroma_qp_index_offset: i32,
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

/// Number of scaling lists a PPS transmits (7.3.2.2).
fn pic_list_count(transform_8x8: bool, chroma_format_idc: u32) -> usize {
    let lists_8x8 = if chroma_format_idc == 3 { 6 } else { 2 };
    6 + if transform_8x8 { lists_8x8 } else { 0 }
}

impl Pps {
    /// Parses a PPS RBSP. `sps_of(id)` returns the SPS with that id; it is
    /// called only when the PPS carries scaling lists with the 8x8
    /// transform, whose count depends on the SPS's chroma_format_idc (a
    /// missing SPS is then `Error::Invalid`).
    pub fn parse(rbsp: &[u8], sps_of: impl FnOnce(u32) -> Option<Sps>) -> Result<Pps> {
        let mut r = BitReader::new(rbsp);
        let pic_parameter_set_id = ue_max(&mut r, "pic_parameter_set_id", 255)?;
        let seq_parameter_set_id = ue_max(&mut r, "seq_parameter_set_id", 31)?;
        let entropy_coding_mode_flag = r.read_flag_named("entropy_coding_mode_flag")?;
        let bottom_field_pic_order_in_frame_present_flag =
            r.read_flag_named("bottom_field_pic_order_in_frame_present_flag")?;
        let num_slice_groups = 1 + ue_max(&mut r, "num_slice_groups_minus1", 7)?;
        if num_slice_groups > 1 {
            return Err(unsupported!(
                "slice groups / FMO ({num_slice_groups} slice groups)"
            ));
        }
        let num_ref_idx_l0_default_active =
            1 + ue_max(&mut r, "num_ref_idx_l0_default_active_minus1", 31)?;
        let num_ref_idx_l1_default_active =
            1 + ue_max(&mut r, "num_ref_idx_l1_default_active_minus1", 31)?;
        let weighted_pred_flag = r.read_flag_named("weighted_pred_flag")?;
        let weighted_bipred_idc = r.read_bits_named(2, "weighted_bipred_idc")?;
        if weighted_bipred_idc == 3 {
            return Err(invalid!("weighted_bipred_idc 3"));
        }
        // -(26 + QpBdOffsetY)..=25 with QpBdOffsetY = 0 at 8 bits.
        let pic_init_qp = 26 + se_range(&mut r, "pic_init_qp_minus26", -26, 25)?;
        let pic_init_qs = 26 + se_range(&mut r, "pic_init_qs_minus26", -26, 25)?;
        let chroma_qp_index_offset = se_range(&mut r, "chroma_qp_index_offset", -12, 12)?;
        let mut pps = Pps {
            pic_parameter_set_id,
            seq_parameter_set_id,
            entropy_coding_mode_flag,
            bottom_field_pic_order_in_frame_present_flag,
            num_slice_groups,
            num_ref_idx_l0_default_active,
            num_ref_idx_l1_default_active,
            weighted_pred_flag,
            weighted_bipred_idc,
            pic_init_qp,
            pic_init_qs,
            chroma_qp_index_offset,
            deblocking_filter_control_present_flag: r
                .read_flag_named("deblocking_filter_control_present_flag")?,
            constrained_intra_pred_flag: r.read_flag_named("constrained_intra_pred_flag")?,
            redundant_pic_cnt_present_flag: r.read_flag_named("redundant_pic_cnt_present_flag")?,
            transform_8x8_mode_flag: false,
            pic_scaling_lists: None,
            second_chroma_qp_index_offset: chroma_qp_index_offset,
        };
        if r.more_rbsp_data() {
            pps.transform_8x8_mode_flag = r.read_flag_named("transform_8x8_mode_flag")?;
            if r.read_flag_named("pic_scaling_matrix_present_flag")? {
                let chroma_format_idc = if pps.transform_8x8_mode_flag {
                    let sps = sps_of(seq_parameter_set_id).ok_or_else(|| {
                        invalid!(
                            "PPS {pic_parameter_set_id} refers to missing SPS \
                             {seq_parameter_set_id}"
                        )
                    })?;
                    sps.chroma_format_idc
                } else {
                    1 // any value but 3: no 8x8 list is sent
                };
                let count = pic_list_count(pps.transform_8x8_mode_flag, chroma_format_idc);
                pps.pic_scaling_lists = Some(scaling::parse_lists(&mut r, count)?);
            }
            pps.second_chroma_qp_index_offset =
                se_range(&mut r, "second_chroma_qp_index_offset", -12, 12)?;
        }
        Ok(pps)
    }

    /// `Error::Unsupported` unless every scaling list an I slice of this
    /// PPS with `sps` uses resolves to flat (Table 7-2 fall-back rules).
    /// The check belongs to activation (slice time): the PPS lists replace
    /// or inherit the SPS lists.
    pub fn check_scaling(&self, sps: &Sps) -> Result<()> {
        let lists = scaling::resolve_picture(
            sps.seq_scaling_lists.as_deref(),
            self.pic_scaling_lists.as_deref(),
        );
        if scaling::intra_lists_flat(&lists, sps.chroma_format_idc, self.transform_8x8_mode_flag) {
            Ok(())
        } else {
            Err(unsupported!("non-flat scaling matrices"))
        }
    }

    /// The PPS RBSP with its trailing bits. The High-profile tail
    /// (transform_8x8_mode_flag onwards) is always written. Panics on fields
    /// out of range or a scaling list count that fits no chroma format (6
    /// without the 8x8 transform, 8 or 12 with it): a bug of the caller.
    pub fn write(&self) -> Vec<u8> {
        assert!(self.num_slice_groups == 1, "slice groups are not written");
        let mut w = BitWriter::new();
        w.put_ue(self.pic_parameter_set_id);
        w.put_ue(self.seq_parameter_set_id);
        w.put_flag(self.entropy_coding_mode_flag);
        w.put_flag(self.bottom_field_pic_order_in_frame_present_flag);
        w.put_ue(self.num_slice_groups - 1);
        w.put_ue(self.num_ref_idx_l0_default_active - 1);
        w.put_ue(self.num_ref_idx_l1_default_active - 1);
        w.put_flag(self.weighted_pred_flag);
        w.put_bits(self.weighted_bipred_idc, 2);
        w.put_se(self.pic_init_qp - 26);
        w.put_se(self.pic_init_qs - 26);
        w.put_se(self.chroma_qp_index_offset);
        w.put_flag(self.deblocking_filter_control_present_flag);
        w.put_flag(self.constrained_intra_pred_flag);
        w.put_flag(self.redundant_pic_cnt_present_flag);
        w.put_flag(self.transform_8x8_mode_flag);
        w.put_flag(self.pic_scaling_lists.is_some());
        if let Some(lists) = &self.pic_scaling_lists {
            let count_ok = if self.transform_8x8_mode_flag {
                lists.len() == pic_list_count(true, 1) || lists.len() == pic_list_count(true, 3)
            } else {
                lists.len() == pic_list_count(false, 1)
            };
            assert!(count_ok, "{} PPS scaling lists", lists.len());
            scaling::write_lists(&mut w, lists);
        }
        w.put_se(self.second_chroma_qp_index_offset);
        w.rbsp_trailing_bits();
        w.into_bytes()
    }
}
