//! The parameter sets and slice headers our encoder writes (its policy: which
//! of the syntax `bitstream` can express it uses). `bitstream` parses and
//! writes any of them; this module only picks the values.

use crate::bitstream::slice::SLICE_TYPE_I_ONLY;
use crate::bitstream::sps::{level_for_size, MAX_SIDE_MBS, PROFILE_HIGH};
use crate::bitstream::{DecRefPicMarking, Pps, SliceHeader, Sps};
use crate::error::{Error, Result};
use crate::picture::ChromaFormat;

/// The SPS of our encoder for `width` x `height` pictures: High profile,
/// 8-bit, flat scaling, POC type 2 and no reference frames (every
/// picture is an IDR picture output in decoding order; x264 --keyint 1
/// writes the same), frame macroblocks only, cropping to the exact size,
/// the smallest level whose frame size limits hold, no VUI.
///
/// `Error::Config` for an empty picture, an odd size in 4:2:0 (its crop
/// unit is 2 samples), or a size no level allows or over 16384 per side.
pub fn intra_sps(format: ChromaFormat, width: usize, height: usize) -> Result<Sps> {
    if width == 0 || height == 0 {
        return Err(Error::Config(format!("picture size {width}x{height}")));
    }
    // CropUnitX = CropUnitY: 1 in 4:0:0, 2 (SubWidthC, SubHeightC) in 4:2:0.
    let (unit_x, unit_y) = match format {
        ChromaFormat::Monochrome => (1, 1),
        ChromaFormat::Yuv420 => (2, 2),
    };
    if format == ChromaFormat::Yuv420 && (width | height) & 1 != 0 {
        return Err(Error::Config(format!(
            "4:2:0 needs an even width and height, not {width}x{height}"
        )));
    }
    let (w_mbs, h_mbs) = (width.div_ceil(16), height.div_ceil(16));
    if w_mbs > MAX_SIDE_MBS || h_mbs > MAX_SIDE_MBS {
        return Err(Error::Config(format!(
            "picture size {width}x{height} over {} per side",
            16 * MAX_SIDE_MBS
        )));
    }
    let level_idc = level_for_size(w_mbs, h_mbs).ok_or_else(|| {
        Error::Config(format!("picture size {width}x{height} exceeds every level"))
    })?;
    let (crop_right, crop_bottom) = (16 * w_mbs - width, 16 * h_mbs - height);
    Ok(Sps {
        profile_idc: PROFILE_HIGH,
        constraint_flags: 0,
        level_idc,
        seq_parameter_set_id: 0,
        chroma_format_idc: format.idc(),
        bit_depth_luma: 8,
        bit_depth_chroma: 8,
        qpprime_y_zero_transform_bypass_flag: false,
        seq_scaling_lists: None,
        log2_max_frame_num: 4,
        pic_order_cnt_type: 2,
        log2_max_pic_order_cnt_lsb: 0,
        delta_pic_order_always_zero_flag: false,
        offset_for_non_ref_pic: 0,
        offset_for_top_to_bottom_field: 0,
        offset_for_ref_frame: Vec::new(),
        max_num_ref_frames: 0,
        gaps_in_frame_num_value_allowed_flag: false,
        pic_width_in_mbs: w_mbs as u32,
        pic_height_in_map_units: h_mbs as u32,
        frame_mbs_only_flag: true,
        mb_adaptive_frame_field_flag: false,
        direct_8x8_inference_flag: true,
        frame_cropping_flag: crop_right != 0 || crop_bottom != 0,
        frame_crop_left_offset: 0,
        frame_crop_right_offset: (crop_right / unit_x) as u32,
        frame_crop_top_offset: 0,
        frame_crop_bottom_offset: (crop_bottom / unit_y) as u32,
        vui_parameters_present_flag: false,
    })
}

/// The PPS of our encoder: id 0 on SPS 0, CABAC, one slice group, no
/// weighted prediction, pic_init_qp `init_qp`, chroma offsets 0,
/// deblocking control in the slice header when `deblocking_control`
/// (so that slices can switch the filter off), no constrained intra
/// prediction, flat scaling, the 8x8 transform when `transform_8x8`.
/// Panics if `init_qp` is outside 0..=51.
pub fn intra_pps(transform_8x8: bool, init_qp: i32, deblocking_control: bool) -> Pps {
    assert!((0..=51).contains(&init_qp), "pic_init_qp {init_qp}");
    Pps {
        pic_parameter_set_id: 0,
        seq_parameter_set_id: 0,
        entropy_coding_mode_flag: true,
        bottom_field_pic_order_in_frame_present_flag: false,
        num_slice_groups: 1,
        num_ref_idx_l0_default_active: 1,
        num_ref_idx_l1_default_active: 1,
        weighted_pred_flag: false,
        weighted_bipred_idc: 0,
        pic_init_qp: init_qp,
        pic_init_qs: 26,
        chroma_qp_index_offset: 0,
        deblocking_filter_control_present_flag: deblocking_control,
        constrained_intra_pred_flag: false,
        redundant_pic_cnt_present_flag: false,
        transform_8x8_mode_flag: transform_8x8,
        pic_scaling_lists: None,
        second_chroma_qp_index_offset: 0,
    }
}

/// The header of one slice of our encoder's IDR pictures: slice_type 7,
/// PPS 0, frame_num 0, `idr_pic_id` (consecutive IDR pictures need
/// different values, 7.4.3), no_output_of_prior_pics_flag and
/// long_term_reference_flag 0, the deblocking filter per
/// `disable_deblocking_idc` with offsets 0. Panics if `idr_pic_id`
/// exceeds 65535 or `disable_deblocking_idc` exceeds 2.
pub fn idr_slice_header(
    first_mb: u32,
    idr_pic_id: u32,
    qp_delta: i32,
    disable_deblocking_idc: u32,
) -> SliceHeader {
    assert!(idr_pic_id <= 65_535, "idr_pic_id {idr_pic_id}");
    assert!(disable_deblocking_idc <= 2, "disable_deblocking_filter_idc");
    SliceHeader {
        first_mb_in_slice: first_mb,
        slice_type: SLICE_TYPE_I_ONLY,
        pic_parameter_set_id: 0,
        frame_num: 0,
        idr_pic_id,
        pic_order_cnt_lsb: 0,
        delta_pic_order_cnt_bottom: 0,
        delta_pic_order_cnt: [0, 0],
        redundant_pic_cnt: 0,
        dec_ref_pic_marking: Some(DecRefPicMarking::default()),
        slice_qp_delta: qp_delta,
        disable_deblocking_filter_idc: disable_deblocking_idc,
        slice_alpha_c0_offset_div2: 0,
        slice_beta_offset_div2: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bitstream::nal;
    use crate::bitstream::tests::{bit_string, idr_nal, written};
    use crate::bitstream::{BitReader, BitWriter};
    use proptest::prelude::*;

    #[test]
    fn intra_sps_by_hand() {
        let s = intra_sps(ChromaFormat::Monochrome, 64, 48).unwrap();
        assert_eq!((s.width_mbs(), s.height_mbs(), s.level_idc), (4, 3, 10));
        assert!(!s.frame_cropping_flag);
        // The bits worked by hand from 7.3.2.1.1 (x264 --keyint 1 writes the
        // same up to the VUI flag, with constraint_set3_flag 1).
        let rbsp = s.write();
        assert_eq!(
            bit_string(&rbsp[3..]),
            "1111 00 1 011 1 0 00100 011 1 1 0 0 1 0000000".replace(' ', "")
        );
        assert_eq!(&rbsp[..3], &[100, 0, 10]);

        let s = intra_sps(ChromaFormat::Monochrome, 70, 38).unwrap();
        assert_eq!((s.pic_width_in_mbs, s.pic_height_in_map_units), (5, 3));
        assert_eq!(
            (s.frame_crop_right_offset, s.frame_crop_bottom_offset),
            (10, 10)
        );
        assert_eq!((s.width(), s.height()), (70, 38));
        let s = intra_sps(ChromaFormat::Yuv420, 66, 34).unwrap();
        assert_eq!(
            (s.frame_crop_right_offset, s.frame_crop_bottom_offset),
            (7, 7)
        );
        assert_eq!((s.width(), s.height(), s.chroma_format_idc), (66, 34, 1));
        let s = intra_sps(ChromaFormat::Yuv420, 1920, 1080).unwrap();
        assert_eq!((s.width_mbs(), s.height_mbs(), s.level_idc), (120, 68, 40));
        assert_eq!(
            (s.frame_crop_right_offset, s.frame_crop_bottom_offset),
            (0, 4)
        );
        let s = intra_sps(ChromaFormat::Monochrome, 16384, 1).unwrap();
        assert_eq!((s.level_idc, s.frame_crop_bottom_offset), (60, 15));

        for (f, w, h) in [
            (ChromaFormat::Yuv420, 65, 48),
            (ChromaFormat::Yuv420, 64, 47),
            (ChromaFormat::Monochrome, 0, 16),
            (ChromaFormat::Monochrome, 16, 0),
            (ChromaFormat::Monochrome, 16385, 16),
            (ChromaFormat::Monochrome, 6000, 6000),
        ] {
            assert!(
                matches!(intra_sps(f, w, h), Err(Error::Config(_))),
                "{w}x{h}"
            );
        }
    }

    proptest! {
        #[test]
        fn intra_sps_round_trip(w in 1usize..3000, h in 1usize..3000, gray in any::<bool>()) {
            let (f, w, h) = if gray {
                (ChromaFormat::Monochrome, w, h)
            } else {
                (ChromaFormat::Yuv420, w & !1 | 2, h & !1 | 2)
            };
            let s = intra_sps(f, w, h).unwrap();
            prop_assert_eq!((s.width(), s.height()), (w, h));
            prop_assert_eq!(s.chroma_format().unwrap(), f);
            let level = level_for_size(s.width_mbs(), s.height_mbs());
            prop_assert_eq!(Some(s.level_idc), level);
            prop_assert_eq!(Sps::parse(&s.write()).unwrap(), s);
        }
    }

    #[test]
    fn intra_pps_by_hand() {
        let p = intra_pps(true, 26, true);
        // 7.3.2.2: ids 0 0, CABAC 1, bottom 0, groups 0, refs 0 0, weighted 0 00,
        // qp qs offset 0 0 0, deblocking control 1, constrained 0, redundant 0,
        // transform_8x8 1, no scaling, second offset 0, stop bit.
        assert_eq!(
            bit_string(&p.write()),
            "111 0 1 11 0 00 111 1 0 0 1 0 1 1 0000".replace(' ', "")
        );
        let p = intra_pps(false, 30, false);
        assert_eq!(Pps::parse(&p.write(), |_| None).unwrap(), p);
        assert_eq!(p.pic_init_qp, 30);
    }

    #[test]
    fn idr_slice_header_by_hand() {
        let sps = intra_sps(ChromaFormat::Monochrome, 64, 48).unwrap();
        let pps = intra_pps(false, 26, true);
        let h = idr_slice_header(5, 1, 4, 1);
        let bits = written(|w| h.write(w, nal::NAL_IDR, &sps, &pps));
        // first_mb 5, slice_type 7, pps 0, frame_num u(4) 0, idr_pic_id 1,
        // no_output_of_prior_pics 0, long_term_reference 0, slice_qp_delta +4
        // (codeNum 7), disable_deblocking_filter_idc 1 (no offsets follow).
        assert_eq!(
            bits,
            "00110 0001000 1 0000 010 0 0 0001000 010".replace(' ', "")
        );
        let mut w = BitWriter::new();
        h.write(&mut w, nal::NAL_IDR, &sps, &pps);
        let n = w.bit_len();
        w.align_with_ones();
        let bytes = w.into_bytes();
        let mut r = BitReader::new(&bytes);
        assert_eq!(
            SliceHeader::parse(&mut r, &idr_nal(), &sps, &pps).unwrap(),
            h
        );
        assert_eq!(r.bit_pos(), n);
        assert_eq!(h.slice_qp(&pps), 30);
        // With the filter on, both offsets follow.
        let h = idr_slice_header(0, 0, 0, 0);
        let bits = written(|w| h.write(w, nal::NAL_IDR, &sps, &pps));
        assert_eq!(bits, "1 0001000 1 0000 1 0 0 1 1 1 1".replace(' ', ""));
    }
}
