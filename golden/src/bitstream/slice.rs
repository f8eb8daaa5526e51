//! Slice header of I slices (7.3.3), with dec_ref_pic_marking (7.3.3.3).

use super::bits::{BitReader, BitWriter};
use super::nal::{Nal, NAL_IDR};
use super::pps::Pps;
use super::sps::Sps;
use crate::error::Result;
use crate::{invalid, unsupported};

/// The slice header fields of an I slice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SliceHeader {
    pub first_mb_in_slice: u32,
    /// 2 or 7 (I).
    pub slice_type: u32,
    pub pic_parameter_set_id: u32,
    pub frame_num: u32,
    pub idr_pic_id: u32,
    pub pic_order_cnt_lsb: u32,
    pub delta_pic_order_cnt_bottom: i32,
    pub delta_pic_order_cnt: [i32; 2],
    pub redundant_pic_cnt: u32,
    pub slice_qp_delta: i32,
    pub disable_deblocking_filter_idc: u32,
    pub slice_alpha_c0_offset_div2: i32,
    pub slice_beta_offset_div2: i32,
}

/// Most memory_management_control_operations a header may carry before we
/// call it corrupt (the standard bounds them by the DPB size; 66 is ample).
const MAX_MMCO: usize = 66;

impl SliceHeader {
    /// Header of one slice of our IDR pictures.
    pub fn new_idr_intra(first_mb: u32, idr_pic_id: u32, qp_delta: i32, deblock_idc: u32) -> Self {
        SliceHeader {
            first_mb_in_slice: first_mb,
            slice_type: 7,
            idr_pic_id,
            slice_qp_delta: qp_delta,
            disable_deblocking_filter_idc: deblock_idc,
            ..Default::default()
        }
    }

    /// SliceQPY = 26 + pic_init_qp_minus26 + slice_qp_delta.
    pub fn slice_qp(&self, pps: &Pps) -> i32 {
        pps.pic_init_qp + self.slice_qp_delta
    }

    /// Writes the header for our streams (POC type 2 or 0, nal_ref_idc != 0).
    pub fn write(&self, w: &mut BitWriter, nal_unit_type: u8, sps: &Sps, pps: &Pps) {
        w.put_ue(self.first_mb_in_slice);
        w.put_ue(self.slice_type);
        w.put_ue(self.pic_parameter_set_id);
        w.put_bits(self.frame_num, sps.log2_max_frame_num);
        if nal_unit_type == NAL_IDR {
            w.put_ue(self.idr_pic_id);
        }
        if sps.pic_order_cnt_type == 0 {
            w.put_bits(self.pic_order_cnt_lsb, sps.log2_max_pic_order_cnt_lsb);
        }
        // dec_ref_pic_marking() of a reference picture.
        if nal_unit_type == NAL_IDR {
            w.put_flag(false); // no_output_of_prior_pics_flag
            w.put_flag(false); // long_term_reference_flag
        } else {
            w.put_flag(false); // adaptive_ref_pic_marking_mode_flag
        }
        w.put_se(self.slice_qp_delta);
        if pps.deblocking_filter_control_present_flag {
            w.put_ue(self.disable_deblocking_filter_idc);
            if self.disable_deblocking_filter_idc != 1 {
                w.put_se(self.slice_alpha_c0_offset_div2);
                w.put_se(self.slice_beta_offset_div2);
            }
        }
    }

    /// Parses the header of an I slice; the reader is left right after it.
    pub fn parse(r: &mut BitReader, nal: &Nal, sps: &Sps, pps: &Pps) -> Result<SliceHeader> {
        let mut h = SliceHeader {
            first_mb_in_slice: r.read_ue()?,
            slice_type: r.read_ue_in(0, 9, "slice_type")?,
            pic_parameter_set_id: r.read_ue_in(0, 255, "pic_parameter_set_id")?,
            ..Default::default()
        };
        if h.slice_type % 5 != 2 {
            return Err(unsupported!("slice_type {} (only I slices are decoded)", h.slice_type));
        }
        let idr = nal.nal_unit_type == NAL_IDR;
        h.frame_num = r.read_bits(sps.log2_max_frame_num)?;
        if idr {
            h.idr_pic_id = r.read_ue_in(0, 65535, "idr_pic_id")?;
        }
        match sps.pic_order_cnt_type {
            0 => {
                h.pic_order_cnt_lsb = r.read_bits(sps.log2_max_pic_order_cnt_lsb)?;
                if pps.bottom_field_pic_order_in_frame_present_flag {
                    h.delta_pic_order_cnt_bottom = r.read_se()?;
                }
            }
            1 if !sps.delta_pic_order_always_zero_flag => {
                h.delta_pic_order_cnt[0] = r.read_se()?;
                if pps.bottom_field_pic_order_in_frame_present_flag {
                    h.delta_pic_order_cnt[1] = r.read_se()?;
                }
            }
            _ => {}
        }
        if pps.redundant_pic_cnt_present_flag {
            h.redundant_pic_cnt = r.read_ue_in(0, 127, "redundant_pic_cnt")?;
        }
        if nal.nal_ref_idc != 0 {
            skip_dec_ref_pic_marking(r, idr)?;
        }
        // Bounded first so that 26 + pic_init_qp_minus26 + slice_qp_delta
        // cannot overflow; the SliceQPY check below is the real rule.
        h.slice_qp_delta = r.read_se_in(-51, 51, "slice_qp_delta")?;
        let qp = h.slice_qp(pps);
        if !(0..=51).contains(&qp) {
            return Err(invalid!("slice QP {qp} outside 0..=51"));
        }
        if pps.deblocking_filter_control_present_flag {
            h.disable_deblocking_filter_idc = r.read_ue_in(0, 2, "disable_deblocking_filter_idc")?;
            if h.disable_deblocking_filter_idc != 1 {
                h.slice_alpha_c0_offset_div2 = r.read_se_in(-6, 6, "slice_alpha_c0_offset_div2")?;
                h.slice_beta_offset_div2 = r.read_se_in(-6, 6, "slice_beta_offset_div2")?;
            }
        }
        Ok(h)
    }
}

/// dec_ref_pic_marking() (7.3.3.3): intra decoding keeps no references, so
/// the values are only checked for sanity and skipped.
fn skip_dec_ref_pic_marking(r: &mut BitReader, idr: bool) -> Result<()> {
    if idr {
        r.read_flag()?; // no_output_of_prior_pics_flag
        r.read_flag()?; // long_term_reference_flag
        return Ok(());
    }
    if !r.read_flag()? {
        return Ok(());
    }
    for _ in 0..MAX_MMCO {
        let op = r.read_ue_in(0, 6, "memory_management_control_operation")?;
        match op {
            0 => return Ok(()),
            1 | 3 => {
                r.read_ue()?; // difference_of_pic_nums_minus1
            }
            2 => {
                r.read_ue()?; // long_term_pic_num
            }
            _ => {}
        }
        if op == 3 || op == 6 {
            r.read_ue()?; // long_term_frame_idx
        }
        if op == 4 {
            r.read_ue()?; // max_long_term_frame_idx_plus1
        }
    }
    Err(invalid!("more than {MAX_MMCO} memory management operations"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::picture::ChromaFormat;

    #[test]
    fn write_parse_round_trip() {
        let sps = Sps::new_intra(ChromaFormat::Yuv420, 64, 48).unwrap();
        for deblock in [false, true] {
            let pps = Pps::new_intra(true, 26, deblock);
            for (first, id, dqp, idc) in [(0, 0, 0, 1), (7, 1, -26, 0), (11, 1, 25, 1)] {
                let h = SliceHeader::new_idr_intra(first, id, dqp, if deblock { idc } else { 0 });
                let mut w = BitWriter::new();
                h.write(&mut w, NAL_IDR, &sps, &pps);
                w.put_bits(0b1011, 4); // what follows must stay unread
                let bytes = w.into_bytes();
                let nal = Nal { nal_ref_idc: 3, nal_unit_type: NAL_IDR, rbsp: bytes.clone() };
                let mut r = BitReader::new(&bytes);
                assert_eq!(SliceHeader::parse(&mut r, &nal, &sps, &pps).unwrap(), h);
                assert_eq!(r.read_bits(4).unwrap(), 0b1011);
            }
        }
    }

    #[test]
    fn p_slices_are_unsupported() {
        let sps = Sps::new_intra(ChromaFormat::Monochrome, 16, 16).unwrap();
        let pps = Pps::new_intra(false, 26, true);
        let mut w = BitWriter::new();
        w.put_ue(0);
        w.put_ue(5); // P
        w.put_ue(0);
        w.put_bits(0, 8);
        let bytes = w.into_bytes();
        let nal = Nal { nal_ref_idc: 3, nal_unit_type: 1, rbsp: bytes.clone() };
        let e = SliceHeader::parse(&mut BitReader::new(&bytes), &nal, &sps, &pps).unwrap_err();
        assert!(matches!(e, crate::Error::Unsupported(_)), "{e}");
    }
}
