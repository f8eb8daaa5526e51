//! Sequence parameter set (7.3.2.1.1).

use super::bits::{BitReader, BitWriter};
use crate::error::{Error, Result};
use crate::picture::{ChromaFormat, MAX_SIDE};
use crate::{invalid, unsupported};

/// The fields of an SPS that intra decoding needs (VUI is not parsed:
/// nothing after it in the SPS matters).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Sps {
    pub profile_idc: u8,
    /// constraint_set0..5_flag in bits 7..2 as in the stream.
    pub constraint_flags: u8,
    pub level_idc: u8,
    pub seq_parameter_set_id: u32,
    pub chroma_format_idc: u32,
    pub log2_max_frame_num: u32,
    pub pic_order_cnt_type: u32,
    pub log2_max_pic_order_cnt_lsb: u32,
    pub delta_pic_order_always_zero_flag: bool,
    pub max_num_ref_frames: u32,
    pub pic_width_in_mbs: u32,
    pub pic_height_in_map_units: u32,
    pub frame_mbs_only_flag: bool,
    pub direct_8x8_inference_flag: bool,
    pub frame_crop_left_offset: u32,
    pub frame_crop_right_offset: u32,
    pub frame_crop_top_offset: u32,
    pub frame_crop_bottom_offset: u32,
    pub vui_parameters_present_flag: bool,
}

/// (level_idc, MaxFS in macroblocks) of Table A-1, in increasing order.
const LEVELS: [(u8, u32); 18] = [
    (10, 99),
    (11, 396),
    (12, 396),
    (13, 396),
    (20, 396),
    (21, 792),
    (22, 1620),
    (30, 1620),
    (31, 3600),
    (32, 5120),
    (40, 8192),
    (41, 8192),
    (42, 8704),
    (50, 22080),
    (51, 36864),
    (52, 36864),
    (60, 139264),
    (61, 139264),
];

/// Smallest level whose MaxFS holds the frame and whose side limit
/// sqrt(8 * MaxFS) (A.3.1) holds both sides, in macroblocks.
pub fn level_for(width_mbs: u32, height_mbs: u32) -> Option<u8> {
    let fs = width_mbs * height_mbs;
    LEVELS
        .iter()
        .find(|&&(_, max_fs)| {
            fs <= max_fs
                && width_mbs * width_mbs <= 8 * max_fs
                && height_mbs * height_mbs <= 8 * max_fs
        })
        .map(|&(l, _)| l)
}

/// Parses scaling_list() entries and tells whether the list is flat 16
/// (7.3.2.1.1.1); `None` means useDefaultScalingMatrixFlag was set.
fn scaling_list_is_flat(r: &mut BitReader, size: usize) -> Result<Option<bool>> {
    let (mut last, mut next) = (8i32, 8i32);
    let mut flat = true;
    for j in 0..size {
        if next != 0 {
            let delta = r.read_se_in(-128, 127, "delta_scale")?;
            next = (last + delta + 256) % 256;
            if j == 0 && next == 0 {
                return Ok(None);
            }
        }
        let v = if next == 0 { last } else { next };
        flat &= v == 16;
        last = v;
    }
    Ok(Some(flat))
}

/// Parses `count` scaling lists with their present flags and requires the
/// resulting lists to be flat: a list that is absent falls back to the
/// default (non-flat) list at indexes 0, 3, 6, 7 (`fallback_default`),
/// or to the previous list elsewhere (fall-back rules A and B, Table 7-2).
pub(crate) fn parse_scaling_lists(
    r: &mut BitReader,
    count: usize,
    fallback_flat: bool,
) -> Result<()> {
    let mut prev_flat = [true; 2]; // previous 4x4 / 8x8 list
    for i in 0..count {
        let is8 = usize::from(i >= 6);
        let size = if i < 6 { 16 } else { 64 };
        let present = r.read_flag()?;
        let flat = if present {
            scaling_list_is_flat(r, size)?.unwrap_or(false)
        } else if matches!(i, 0 | 3 | 6 | 7) {
            fallback_flat
        } else {
            // Lists 8..11 (4:4:4) fall back to list i - 2.
            prev_flat[is8]
        };
        if !flat {
            return Err(unsupported!("non-flat scaling matrices"));
        }
        prev_flat[is8] = flat;
    }
    Ok(())
}

impl Sps {
    /// The SPS our encoder writes for `format` pictures of `width` x `height`
    /// (docs/bitstream.md lists every value).
    pub fn new_intra(format: ChromaFormat, width: usize, height: usize) -> Result<Sps> {
        if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
            return Err(Error::Config(format!(
                "size {width}x{height} outside 1..={MAX_SIDE}"
            )));
        }
        let crop_unit = match format {
            ChromaFormat::Monochrome => 1,
            ChromaFormat::Yuv420 => 2,
        };
        if !width.is_multiple_of(crop_unit) || !height.is_multiple_of(crop_unit) {
            return Err(Error::Config(format!(
                "4:2:0 needs an even width and height, got {width}x{height}"
            )));
        }
        let (wm, hm) = (width.div_ceil(16) as u32, height.div_ceil(16) as u32);
        let level_idc = level_for(wm, hm).ok_or_else(|| {
            Error::Config(format!("{wm}x{hm} macroblocks exceed every H.264 level"))
        })?;
        let right = (16 * wm as usize - width) / crop_unit;
        let bottom = (16 * hm as usize - height) / crop_unit;
        Ok(Sps {
            profile_idc: 100,
            constraint_flags: 0,
            level_idc,
            seq_parameter_set_id: 0,
            chroma_format_idc: format.idc(),
            log2_max_frame_num: 4,
            pic_order_cnt_type: 2,
            log2_max_pic_order_cnt_lsb: 0,
            delta_pic_order_always_zero_flag: false,
            max_num_ref_frames: 0,
            pic_width_in_mbs: wm,
            pic_height_in_map_units: hm,
            frame_mbs_only_flag: true,
            direct_8x8_inference_flag: true,
            frame_crop_left_offset: 0,
            frame_crop_right_offset: right as u32,
            frame_crop_top_offset: 0,
            frame_crop_bottom_offset: bottom as u32,
            vui_parameters_present_flag: false,
        })
    }

    /// Width in macroblocks.
    pub fn width_mbs(&self) -> usize {
        self.pic_width_in_mbs as usize
    }

    /// Height in macroblocks (frame_mbs_only: map units are macroblocks).
    pub fn height_mbs(&self) -> usize {
        self.pic_height_in_map_units as usize
    }

    fn crop_units(&self) -> (usize, usize) {
        if self.chroma_format_idc == 1 {
            (2, 2)
        } else {
            (1, 1)
        }
    }

    /// Visible width after cropping.
    pub fn width(&self) -> usize {
        let (cx, _) = self.crop_units();
        16 * self.width_mbs()
            - cx * (self.frame_crop_left_offset + self.frame_crop_right_offset) as usize
    }

    /// Visible height after cropping.
    pub fn height(&self) -> usize {
        let (_, cy) = self.crop_units();
        16 * self.height_mbs()
            - cy * (self.frame_crop_top_offset + self.frame_crop_bottom_offset) as usize
    }

    pub fn chroma_format(&self) -> Result<ChromaFormat> {
        ChromaFormat::from_idc(self.chroma_format_idc)
    }

    /// Whether the profile carries chroma_format_idc and the high-profile
    /// fields (7.3.2.1.1).
    fn high_profile_syntax(profile_idc: u8) -> bool {
        matches!(
            profile_idc,
            100 | 110 | 122 | 244 | 44 | 83 | 86 | 118 | 128 | 138 | 139 | 134 | 135
        )
    }

    /// The RBSP of this SPS, with trailing bits.
    pub fn write(&self) -> Vec<u8> {
        let mut w = BitWriter::new();
        w.put_bits(u32::from(self.profile_idc), 8);
        w.put_bits(u32::from(self.constraint_flags), 8);
        w.put_bits(u32::from(self.level_idc), 8);
        w.put_ue(self.seq_parameter_set_id);
        if Self::high_profile_syntax(self.profile_idc) {
            w.put_ue(self.chroma_format_idc);
            w.put_ue(0); // bit_depth_luma_minus8
            w.put_ue(0); // bit_depth_chroma_minus8
            w.put_flag(false); // qpprime_y_zero_transform_bypass_flag
            w.put_flag(false); // seq_scaling_matrix_present_flag
        }
        w.put_ue(self.log2_max_frame_num - 4);
        w.put_ue(self.pic_order_cnt_type);
        match self.pic_order_cnt_type {
            0 => w.put_ue(self.log2_max_pic_order_cnt_lsb - 4),
            1 => unimplemented!("our encoder writes POC type 0 or 2"),
            _ => {}
        }
        w.put_ue(self.max_num_ref_frames);
        w.put_flag(false); // gaps_in_frame_num_value_allowed_flag
        w.put_ue(self.pic_width_in_mbs - 1);
        w.put_ue(self.pic_height_in_map_units - 1);
        w.put_flag(self.frame_mbs_only_flag);
        w.put_flag(self.direct_8x8_inference_flag);
        let crop = self.frame_crop_left_offset
            | self.frame_crop_right_offset
            | self.frame_crop_top_offset
            | self.frame_crop_bottom_offset;
        w.put_flag(crop != 0);
        if crop != 0 {
            w.put_ue(self.frame_crop_left_offset);
            w.put_ue(self.frame_crop_right_offset);
            w.put_ue(self.frame_crop_top_offset);
            w.put_ue(self.frame_crop_bottom_offset);
        }
        w.put_flag(false); // vui_parameters_present_flag
        w.rbsp_trailing_bits();
        w.into_bytes()
    }

    /// Parses an SPS RBSP, rejecting what the decoder cannot decode and any
    /// size a decoder could not safely allocate.
    pub fn parse(rbsp: &[u8]) -> Result<Sps> {
        let mut r = BitReader::new(rbsp);
        let mut s = Sps {
            profile_idc: r.read_bits(8)? as u8,
            constraint_flags: r.read_bits(8)? as u8,
            level_idc: r.read_bits(8)? as u8,
            seq_parameter_set_id: r.read_ue_in(0, 31, "seq_parameter_set_id")?,
            chroma_format_idc: 1,
            ..Default::default()
        };
        if Self::high_profile_syntax(s.profile_idc) {
            s.chroma_format_idc = r.read_ue_in(0, 3, "chroma_format_idc")?;
            if s.chroma_format_idc == 3 && r.read_flag()? {
                return Err(unsupported!("separate_colour_plane_flag"));
            }
            let bd_luma = r.read_ue_in(0, 6, "bit_depth_luma_minus8")?;
            let bd_chroma = r.read_ue_in(0, 6, "bit_depth_chroma_minus8")?;
            if bd_luma != 0 || bd_chroma != 0 {
                return Err(unsupported!(
                    "bit depth {} / {}",
                    bd_luma + 8,
                    bd_chroma + 8
                ));
            }
            if r.read_flag()? {
                return Err(unsupported!(
                    "lossless transform bypass (qpprime_y_zero_transform_bypass_flag)"
                ));
            }
            if r.read_flag()? {
                let count = if s.chroma_format_idc != 3 { 8 } else { 12 };
                parse_scaling_lists(&mut r, count, false)?;
            }
        }
        s.chroma_format()?;
        s.log2_max_frame_num = r.read_ue_in(0, 12, "log2_max_frame_num_minus4")? + 4;
        s.pic_order_cnt_type = r.read_ue_in(0, 2, "pic_order_cnt_type")?;
        match s.pic_order_cnt_type {
            0 => {
                s.log2_max_pic_order_cnt_lsb =
                    r.read_ue_in(0, 12, "log2_max_pic_order_cnt_lsb_minus4")? + 4
            }
            1 => {
                s.delta_pic_order_always_zero_flag = r.read_flag()?;
                r.read_se()?; // offset_for_non_ref_pic
                r.read_se()?; // offset_for_top_to_bottom_field
                let n = r.read_ue_in(0, 255, "num_ref_frames_in_pic_order_cnt_cycle")?;
                for _ in 0..n {
                    r.read_se()?; // offset_for_ref_frame[i]
                }
            }
            _ => {}
        }
        s.max_num_ref_frames = r.read_ue_in(0, 16, "max_num_ref_frames")?;
        r.read_flag()?; // gaps_in_frame_num_value_allowed_flag
        let max_mbs = (MAX_SIDE / 16) as u32;
        s.pic_width_in_mbs = r.read_ue_in(0, max_mbs - 1, "pic_width_in_mbs_minus1")? + 1;
        s.pic_height_in_map_units =
            r.read_ue_in(0, max_mbs - 1, "pic_height_in_map_units_minus1")? + 1;
        s.frame_mbs_only_flag = r.read_flag()?;
        if !s.frame_mbs_only_flag {
            return Err(unsupported!(
                "field or MBAFF coding (frame_mbs_only_flag 0)"
            ));
        }
        s.direct_8x8_inference_flag = r.read_flag()?;
        if r.read_flag()? {
            s.frame_crop_left_offset = r.read_ue_in(0, 8 * max_mbs, "frame_crop_left_offset")?;
            s.frame_crop_right_offset = r.read_ue_in(0, 8 * max_mbs, "frame_crop_right_offset")?;
            s.frame_crop_top_offset = r.read_ue_in(0, 8 * max_mbs, "frame_crop_top_offset")?;
            s.frame_crop_bottom_offset =
                r.read_ue_in(0, 8 * max_mbs, "frame_crop_bottom_offset")?;
            let (cx, cy) = s.crop_units();
            let cw = cx * (s.frame_crop_left_offset + s.frame_crop_right_offset) as usize;
            let ch = cy * (s.frame_crop_top_offset + s.frame_crop_bottom_offset) as usize;
            if cw >= 16 * s.width_mbs() || ch >= 16 * s.height_mbs() {
                return Err(invalid!("cropping window removes the whole picture"));
            }
        }
        s.vui_parameters_present_flag = r.read_flag()?;
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_parse_round_trip_for_our_sizes() {
        for (f, w, h) in [
            (ChromaFormat::Monochrome, 1, 1),
            (ChromaFormat::Monochrome, 37, 23),
            (ChromaFormat::Yuv420, 1920, 1080),
            (ChromaFormat::Monochrome, 16384, 384),
        ] {
            let sps = Sps::new_intra(f, w, h).unwrap();
            let back = Sps::parse(&sps.write()).unwrap();
            assert_eq!(back, sps);
            assert_eq!((back.width(), back.height()), (w, h));
        }
        assert!(Sps::new_intra(ChromaFormat::Yuv420, 17, 16).is_err());
    }

    #[test]
    fn levels_follow_table_a1() {
        assert_eq!(level_for(11, 9), Some(10)); // QCIF: 99 MBs
        assert_eq!(level_for(22, 18), Some(11)); // CIF: 396 MBs
        assert_eq!(level_for(120, 68), Some(40)); // 1080p: 8160 MBs
                                                  // 1x30 MBs: 30 MBs fit level 1's MaxFS, but 30^2 > 8 * 99.
        assert_eq!(level_for(1, 30), Some(11));
        assert_eq!(level_for(1024, 1024), None);
    }

    #[test]
    fn parse_of_x264_sps_bits() {
        // x264 --input-csp i400 64x48 SPS, fields as ffmpeg's trace_headers
        // printed them: profile 100, constraint_set3, level 10, 4:0:0,
        // POC type 2, 0 ref frames, 4x3 MBs, VUI present.
        let mut w = BitWriter::new();
        w.put_bits(100, 8);
        w.put_bits(0b0001_0000, 8);
        w.put_bits(10, 8);
        for v in [0, 0, 0, 0] {
            w.put_ue(v); // sps id, chroma_format_idc 0, bit depths
        }
        w.put_bits(0, 2); // bypass, scaling matrix
        w.put_ue(0);
        w.put_ue(2);
        w.put_ue(0);
        w.put_flag(false);
        w.put_ue(3);
        w.put_ue(2);
        w.put_bits(0b110, 3); // frame_mbs_only, direct_8x8, no crop
        w.put_flag(true); // VUI follows, ignored
        w.put_bits(0x1234, 16);
        let sps = Sps::parse(&w.into_bytes()).unwrap();
        assert_eq!(
            (sps.chroma_format_idc, sps.width(), sps.height()),
            (0, 64, 48)
        );
        assert_eq!((sps.pic_order_cnt_type, sps.level_idc), (2, 10));
    }

    #[test]
    fn unsupported_and_corrupt_sps_are_errors() {
        let good = Sps::new_intra(ChromaFormat::Monochrome, 64, 64)
            .unwrap()
            .write();
        for n in 0..good.len() {
            let _ = Sps::parse(&good[..n]); // never panics
        }
        assert!(Sps::parse(&good[..3]).is_err());
        let mut bad = good.clone();
        bad[3] = 0; // sps id: a long run of zeros
        assert!(Sps::parse(&bad).is_err());
    }
}
