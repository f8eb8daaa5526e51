//! Sequence parameter set (7.3.2.1.1, semantics 7.4.2.1.1).
//!
//! Parsing reads everything up to vui_parameters_present_flag and stops:
//! nothing in the VUI changes decoded samples. Features this model does not
//! decode are `Error::Unsupported` at parse time (bit depths other than 8,
//! separate colour planes, lossless bypass, field coding); 4:2:2 / 4:4:4
//! parse but [`Sps::chroma_format`] rejects them, and scaling lists parse
//! but are checked when a slice activates the parameter sets
//! ([`super::Pps::check_scaling`]), because a PPS may replace them.
//!
//! Sizes are validated so that a decoder can allocate from them: at most
//! [`MAX_SIDE_MBS`] macroblocks per side and [`MAX_FRAME_MBS`] in a frame.

use super::reader::BitReader;
use super::scaling::{self, ScalingList};
use super::writer::BitWriter;
use crate::error::Result;
use crate::picture::ChromaFormat;
use crate::{invalid, unsupported};

/// Largest picture side in macroblocks: 16384 luma samples.
pub const MAX_SIDE_MBS: usize = 1024;
/// Largest frame in macroblocks of any level (Table A-1, MaxFS of 6.2).
pub const MAX_FRAME_MBS: usize = 139_264;

/// Levels by frame size: (level_idc, MaxFS in macroblocks), Table A-1.
/// Level 1b is left out: it allows no larger frame than level 1.
const LEVEL_MAX_FS: [(u8, u32); 19] = [
    (10, 99),
    (11, 396),
    (12, 396),
    (13, 396),
    (20, 396),
    (21, 792),
    (22, 1_620),
    (30, 1_620),
    (31, 3_600),
    (32, 5_120),
    (40, 8_192),
    (41, 8_192),
    (42, 8_704),
    (50, 22_080),
    (51, 36_864),
    (52, 36_864),
    (60, 139_264),
    (61, 139_264),
    (62, 139_264),
];

/// profile_idc values whose SPS carries chroma_format_idc, bit depths and
/// scaling matrices (7.3.2.1.1).
const PROFILES_WITH_CHROMA_INFO: [u8; 13] =
    [100, 110, 122, 244, 44, 83, 86, 118, 128, 138, 139, 134, 135];

/// True for the profiles whose SPS codes chroma_format_idc, bit depths and
/// scaling matrices (the others imply 4:2:0, 8 bits, flat lists).
pub fn profile_has_chroma_info(profile_idc: u8) -> bool {
    PROFILES_WITH_CHROMA_INFO.contains(&profile_idc)
}

/// profile_idc of the High profile.
pub const PROFILE_HIGH: u8 = 100;

/// A sequence parameter set. Fields not applicable to the coded choice
/// (e.g. the POC type 1 fields under type 0) hold 0 / false / empty
/// (`Default`: every field so).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sps {
    /// profile_idc (100: High).
    pub profile_idc: u8,
    /// constraint_set0_flag (bit 7) .. constraint_set5_flag (bit 2) and
    /// reserved_zero_2bits (bits 1..0), as coded.
    pub constraint_flags: u8,
    /// level_idc (10 * level, 9 for level 1b in High profiles).
    pub level_idc: u8,
    /// seq_parameter_set_id (0..=31).
    pub seq_parameter_set_id: u32,
    /// chroma_format_idc (0..=3; 1 when the profile does not code it).
    pub chroma_format_idc: u32,
    /// BitDepthY (always 8 after a successful parse).
    pub bit_depth_luma: u32,
    /// BitDepthC (8 after a successful parse unless 4:0:0, where it is unused).
    pub bit_depth_chroma: u32,
    /// qpprime_y_zero_transform_bypass_flag (always false after a parse).
    pub qpprime_y_zero_transform_bypass_flag: bool,
    /// The transmitted lists when seq_scaling_matrix_present_flag is 1
    /// (8 lists, 12 in 4:4:4); None when it is 0 (all lists flat).
    pub seq_scaling_lists: Option<Vec<ScalingList>>,
    /// log2_max_frame_num_minus4 + 4 (4..=16).
    pub log2_max_frame_num: u32,
    /// pic_order_cnt_type (0..=2).
    pub pic_order_cnt_type: u32,
    /// log2_max_pic_order_cnt_lsb_minus4 + 4 (4..=16), POC type 0.
    pub log2_max_pic_order_cnt_lsb: u32,
    /// delta_pic_order_always_zero_flag, POC type 1.
    pub delta_pic_order_always_zero_flag: bool,
    /// offset_for_non_ref_pic, POC type 1.
    pub offset_for_non_ref_pic: i32,
    /// offset_for_top_to_bottom_field, POC type 1.
    pub offset_for_top_to_bottom_field: i32,
    /// offset_for_ref_frame[], POC type 1 (at most 255 entries).
    pub offset_for_ref_frame: Vec<i32>,
    /// max_num_ref_frames (0..=16).
    pub max_num_ref_frames: u32,
    /// gaps_in_frame_num_value_allowed_flag.
    pub gaps_in_frame_num_value_allowed_flag: bool,
    /// pic_width_in_mbs_minus1 + 1.
    pub pic_width_in_mbs: u32,
    /// pic_height_in_map_units_minus1 + 1.
    pub pic_height_in_map_units: u32,
    /// frame_mbs_only_flag (always true after a parse).
    pub frame_mbs_only_flag: bool,
    /// mb_adaptive_frame_field_flag (false when frame_mbs_only_flag).
    pub mb_adaptive_frame_field_flag: bool,
    /// direct_8x8_inference_flag.
    pub direct_8x8_inference_flag: bool,
    /// frame_cropping_flag.
    pub frame_cropping_flag: bool,
    /// frame_crop_left_offset, in units of CropUnitX.
    pub frame_crop_left_offset: u32,
    /// frame_crop_right_offset, in units of CropUnitX.
    pub frame_crop_right_offset: u32,
    /// frame_crop_top_offset, in units of CropUnitY.
    pub frame_crop_top_offset: u32,
    /// frame_crop_bottom_offset, in units of CropUnitY.
    pub frame_crop_bottom_offset: u32,
    /// vui_parameters_present_flag as parsed (the VUI itself is skipped and
    /// never written: [`Sps::write`] codes 0).
    pub vui_parameters_present_flag: bool,
}

/// Reads ue(v) and checks it against `max`.
fn ue_max(r: &mut BitReader, name: &'static str, max: u32) -> Result<u32> {
    let v = r.read_ue_named(name)?;
    if v > max {
        return Err(invalid!("{name} {v} exceeds {max}"));
    }
    Ok(v)
}

impl Sps {
    /// Parses an SPS RBSP (the bytes after the NAL header, unescaped).
    pub fn parse(rbsp: &[u8]) -> Result<Sps> {
        let mut r = BitReader::new(rbsp);
        let profile_idc = r.read_bits_named(8, "profile_idc")? as u8;
        let constraint_flags = r.read_bits_named(8, "constraint_set_flags")? as u8;
        let level_idc = r.read_bits_named(8, "level_idc")? as u8;
        let seq_parameter_set_id = ue_max(&mut r, "seq_parameter_set_id", 31)?;
        let mut chroma_format_idc = 1;
        let (mut bit_depth_luma, mut bit_depth_chroma) = (8, 8);
        let mut seq_scaling_lists = None;
        if profile_has_chroma_info(profile_idc) {
            chroma_format_idc = ue_max(&mut r, "chroma_format_idc", 3)?;
            if chroma_format_idc == 3 && r.read_flag_named("separate_colour_plane_flag")? {
                return Err(unsupported!(
                    "separate colour planes (separate_colour_plane_flag 1)"
                ));
            }
            bit_depth_luma = 8 + ue_max(&mut r, "bit_depth_luma_minus8", 6)?;
            bit_depth_chroma = 8 + ue_max(&mut r, "bit_depth_chroma_minus8", 6)?;
            if bit_depth_luma != 8 {
                return Err(unsupported!("luma bit depth {bit_depth_luma} (only 8)"));
            }
            // BitDepthC is unused without chroma (7.4.2.1.1).
            if chroma_format_idc != 0 && bit_depth_chroma != 8 {
                return Err(unsupported!("chroma bit depth {bit_depth_chroma} (only 8)"));
            }
            if r.read_flag_named("qpprime_y_zero_transform_bypass_flag")? {
                return Err(unsupported!(
                    "lossless coding (qpprime_y_zero_transform_bypass_flag 1)"
                ));
            }
            if r.read_flag_named("seq_scaling_matrix_present_flag")? {
                let count = if chroma_format_idc == 3 { 12 } else { 8 };
                seq_scaling_lists = Some(scaling::parse_lists(&mut r, count)?);
            }
        }
        let log2_max_frame_num = 4 + ue_max(&mut r, "log2_max_frame_num_minus4", 12)?;
        let pic_order_cnt_type = ue_max(&mut r, "pic_order_cnt_type", 2)?;
        let mut sps = Sps {
            profile_idc,
            constraint_flags,
            level_idc,
            seq_parameter_set_id,
            chroma_format_idc,
            bit_depth_luma,
            bit_depth_chroma,
            qpprime_y_zero_transform_bypass_flag: false,
            seq_scaling_lists,
            log2_max_frame_num,
            pic_order_cnt_type,
            log2_max_pic_order_cnt_lsb: 0,
            delta_pic_order_always_zero_flag: false,
            offset_for_non_ref_pic: 0,
            offset_for_top_to_bottom_field: 0,
            offset_for_ref_frame: Vec::new(),
            max_num_ref_frames: 0,
            gaps_in_frame_num_value_allowed_flag: false,
            pic_width_in_mbs: 0,
            pic_height_in_map_units: 0,
            frame_mbs_only_flag: true,
            mb_adaptive_frame_field_flag: false,
            direct_8x8_inference_flag: false,
            frame_cropping_flag: false,
            frame_crop_left_offset: 0,
            frame_crop_right_offset: 0,
            frame_crop_top_offset: 0,
            frame_crop_bottom_offset: 0,
            vui_parameters_present_flag: false,
        };
        match pic_order_cnt_type {
            0 => {
                sps.log2_max_pic_order_cnt_lsb =
                    4 + ue_max(&mut r, "log2_max_pic_order_cnt_lsb_minus4", 12)?;
            }
            1 => {
                sps.delta_pic_order_always_zero_flag =
                    r.read_flag_named("delta_pic_order_always_zero_flag")?;
                sps.offset_for_non_ref_pic = r.read_se_named("offset_for_non_ref_pic")?;
                sps.offset_for_top_to_bottom_field =
                    r.read_se_named("offset_for_top_to_bottom_field")?;
                let n = ue_max(&mut r, "num_ref_frames_in_pic_order_cnt_cycle", 255)?;
                for _ in 0..n {
                    sps.offset_for_ref_frame
                        .push(r.read_se_named("offset_for_ref_frame")?);
                }
            }
            _ => {}
        }
        // MaxDpbFrames is at most 16 in every level (A.3.1 item h).
        sps.max_num_ref_frames = ue_max(&mut r, "max_num_ref_frames", 16)?;
        sps.gaps_in_frame_num_value_allowed_flag =
            r.read_flag_named("gaps_in_frame_num_value_allowed_flag")?;
        let w = r.read_ue_named("pic_width_in_mbs_minus1")? as usize + 1;
        let h = r.read_ue_named("pic_height_in_map_units_minus1")? as usize + 1;
        if w > MAX_SIDE_MBS || h > MAX_SIDE_MBS || w * h > MAX_FRAME_MBS {
            return Err(unsupported!(
                "picture of {w}x{h} macroblocks (at most {MAX_SIDE_MBS} per side, \
                 {MAX_FRAME_MBS} in all)"
            ));
        }
        sps.pic_width_in_mbs = w as u32;
        sps.pic_height_in_map_units = h as u32;
        if !r.read_flag_named("frame_mbs_only_flag")? {
            return Err(unsupported!("field / MBAFF coding (frame_mbs_only_flag 0)"));
        }
        sps.direct_8x8_inference_flag = r.read_flag_named("direct_8x8_inference_flag")?;
        sps.frame_cropping_flag = r.read_flag_named("frame_cropping_flag")?;
        if sps.frame_cropping_flag {
            sps.frame_crop_left_offset = r.read_ue_named("frame_crop_left_offset")?;
            sps.frame_crop_right_offset = r.read_ue_named("frame_crop_right_offset")?;
            sps.frame_crop_top_offset = r.read_ue_named("frame_crop_top_offset")?;
            sps.frame_crop_bottom_offset = r.read_ue_named("frame_crop_bottom_offset")?;
            sps.check_cropping()?;
        }
        sps.vui_parameters_present_flag = r.read_flag_named("vui_parameters_present_flag")?;
        Ok(sps)
    }

    /// 7.4.2.1.1: the cropping window keeps at least one sample per side.
    fn check_cropping(&self) -> Result<()> {
        let (ux, uy) = (u64::from(self.crop_unit_x()), u64::from(self.crop_unit_y()));
        let horizontal =
            ux * (u64::from(self.frame_crop_left_offset) + u64::from(self.frame_crop_right_offset));
        let vertical =
            uy * (u64::from(self.frame_crop_top_offset) + u64::from(self.frame_crop_bottom_offset));
        if horizontal >= 16 * self.width_mbs() as u64 || vertical >= 16 * self.height_mbs() as u64 {
            return Err(invalid!("cropping window leaves no picture"));
        }
        Ok(())
    }

    /// The SPS RBSP with its trailing bits. Writes no VUI
    /// (vui_parameters_present_flag 0 whatever the field says). Panics on
    /// fields out of range (a bug of the caller).
    pub fn write(&self) -> Vec<u8> {
        let mut w = BitWriter::new();
        w.put_bits(u32::from(self.profile_idc), 8);
        w.put_bits(u32::from(self.constraint_flags), 8);
        w.put_bits(u32::from(self.level_idc), 8);
        assert!(self.seq_parameter_set_id <= 31, "seq_parameter_set_id");
        w.put_ue(self.seq_parameter_set_id);
        if profile_has_chroma_info(self.profile_idc) {
            w.put_ue(self.chroma_format_idc);
            if self.chroma_format_idc == 3 {
                w.put_flag(false); // separate_colour_plane_flag
            }
            w.put_ue(self.bit_depth_luma - 8);
            w.put_ue(self.bit_depth_chroma - 8);
            w.put_flag(self.qpprime_y_zero_transform_bypass_flag);
            w.put_flag(self.seq_scaling_lists.is_some());
            if let Some(lists) = &self.seq_scaling_lists {
                let count = if self.chroma_format_idc == 3 { 12 } else { 8 };
                assert_eq!(lists.len(), count, "number of SPS scaling lists");
                scaling::write_lists(&mut w, lists);
            }
        } else {
            assert!(
                self.chroma_format_idc == 1
                    && self.bit_depth_luma == 8
                    && self.bit_depth_chroma == 8
                    && self.seq_scaling_lists.is_none(),
                "profile {} codes 4:2:0 8-bit without scaling matrices only",
                self.profile_idc
            );
        }
        w.put_ue(self.log2_max_frame_num - 4);
        w.put_ue(self.pic_order_cnt_type);
        match self.pic_order_cnt_type {
            0 => w.put_ue(self.log2_max_pic_order_cnt_lsb - 4),
            1 => {
                w.put_flag(self.delta_pic_order_always_zero_flag);
                w.put_se(self.offset_for_non_ref_pic);
                w.put_se(self.offset_for_top_to_bottom_field);
                assert!(self.offset_for_ref_frame.len() <= 255, "POC cycle length");
                w.put_ue(self.offset_for_ref_frame.len() as u32);
                for &offset in &self.offset_for_ref_frame {
                    w.put_se(offset);
                }
            }
            _ => {}
        }
        w.put_ue(self.max_num_ref_frames);
        w.put_flag(self.gaps_in_frame_num_value_allowed_flag);
        w.put_ue(self.pic_width_in_mbs - 1);
        w.put_ue(self.pic_height_in_map_units - 1);
        w.put_flag(self.frame_mbs_only_flag);
        if !self.frame_mbs_only_flag {
            w.put_flag(self.mb_adaptive_frame_field_flag);
        }
        w.put_flag(self.direct_8x8_inference_flag);
        w.put_flag(self.frame_cropping_flag);
        if self.frame_cropping_flag {
            w.put_ue(self.frame_crop_left_offset);
            w.put_ue(self.frame_crop_right_offset);
            w.put_ue(self.frame_crop_top_offset);
            w.put_ue(self.frame_crop_bottom_offset);
        }
        w.put_flag(false); // vui_parameters_present_flag
        w.rbsp_trailing_bits();
        w.into_bytes()
    }

    /// The chroma format; 4:2:2 and 4:4:4 are `Error::Unsupported`.
    pub fn chroma_format(&self) -> Result<ChromaFormat> {
        match self.chroma_format_idc {
            0 => Ok(ChromaFormat::Monochrome),
            1 => Ok(ChromaFormat::Yuv420),
            2 => Err(unsupported!("4:2:2 chroma (chroma_format_idc 2)")),
            idc => Err(unsupported!("4:4:4 chroma (chroma_format_idc {idc})")),
        }
    }

    /// PicWidthInMbs.
    pub fn width_mbs(&self) -> usize {
        self.pic_width_in_mbs as usize
    }

    /// FrameHeightInMbs = (2 - frame_mbs_only_flag) * PicHeightInMapUnits.
    pub fn height_mbs(&self) -> usize {
        let fields = if self.frame_mbs_only_flag { 1 } else { 2 };
        fields * self.pic_height_in_map_units as usize
    }

    /// CropUnitX (7-19, 7-21): 1 without chroma, else SubWidthC.
    pub fn crop_unit_x(&self) -> u32 {
        match self.chroma_format_idc {
            1 | 2 => 2,
            _ => 1,
        }
    }

    /// CropUnitY (7-20, 7-22): 1 or SubHeightC, doubled for field coding.
    pub fn crop_unit_y(&self) -> u32 {
        let sub_height = if self.chroma_format_idc == 1 { 2 } else { 1 };
        sub_height * if self.frame_mbs_only_flag { 1 } else { 2 }
    }

    /// Visible width in luma samples, after cropping.
    pub fn width(&self) -> usize {
        let crop = self.frame_crop_left_offset as usize + self.frame_crop_right_offset as usize;
        16 * self.width_mbs() - self.crop_unit_x() as usize * crop
    }

    /// Visible height in luma samples, after cropping.
    pub fn height(&self) -> usize {
        let crop = self.frame_crop_top_offset as usize + self.frame_crop_bottom_offset as usize;
        16 * self.height_mbs() - self.crop_unit_y() as usize * crop
    }

    /// MaxFrameNum = 2^log2_max_frame_num.
    pub fn max_frame_num(&self) -> u32 {
        1 << self.log2_max_frame_num
    }
}

/// The smallest level of Table A-1 whose frame size limits (A.3.1 items d
/// to f) hold: w * h <= MaxFS, w <= Sqrt(8 * MaxFS), h <= Sqrt(8 * MaxFS),
/// the square roots compared squared to stay in integers.
pub fn level_for_size(w_mbs: usize, h_mbs: usize) -> Option<u8> {
    LEVEL_MAX_FS.iter().find_map(|&(level_idc, max_fs)| {
        let max_fs = max_fs as usize;
        let fits =
            w_mbs * h_mbs <= max_fs && w_mbs * w_mbs <= 8 * max_fs && h_mbs * h_mbs <= 8 * max_fs;
        fits.then_some(level_idc)
    })
}
