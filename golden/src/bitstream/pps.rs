//! Picture parameter set (7.3.2.2).

use super::bits::{BitReader, BitWriter};
use super::sps::{parse_scaling_lists, Sps};
use crate::error::Result;
use crate::{invalid, unsupported};

/// The fields of a PPS that intra decoding needs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Pps {
    pub pic_parameter_set_id: u32,
    pub seq_parameter_set_id: u32,
    /// CABAC (true) or CAVLC; the decoder decodes CABAC only.
    pub entropy_coding_mode_flag: bool,
    pub bottom_field_pic_order_in_frame_present_flag: bool,
    pub pic_init_qp: i32,
    pub chroma_qp_index_offset: i32,
    pub deblocking_filter_control_present_flag: bool,
    pub constrained_intra_pred_flag: bool,
    pub redundant_pic_cnt_present_flag: bool,
    pub transform_8x8_mode_flag: bool,
    /// Equal to chroma_qp_index_offset when absent.
    pub second_chroma_qp_index_offset: i32,
}

impl Pps {
    /// The PPS our encoder writes (docs/bitstream.md).
    pub fn new_intra(transform_8x8: bool, init_qp: i32, deblocking_control: bool) -> Pps {
        Pps {
            pic_parameter_set_id: 0,
            seq_parameter_set_id: 0,
            entropy_coding_mode_flag: true,
            bottom_field_pic_order_in_frame_present_flag: false,
            pic_init_qp: init_qp,
            chroma_qp_index_offset: 0,
            deblocking_filter_control_present_flag: deblocking_control,
            constrained_intra_pred_flag: false,
            redundant_pic_cnt_present_flag: false,
            transform_8x8_mode_flag: transform_8x8,
            second_chroma_qp_index_offset: 0,
        }
    }

    /// The RBSP of this PPS, with trailing bits.
    pub fn write(&self) -> Vec<u8> {
        let mut w = BitWriter::new();
        w.put_ue(self.pic_parameter_set_id);
        w.put_ue(self.seq_parameter_set_id);
        w.put_flag(self.entropy_coding_mode_flag);
        w.put_flag(self.bottom_field_pic_order_in_frame_present_flag);
        w.put_ue(0); // num_slice_groups_minus1
        w.put_ue(0); // num_ref_idx_l0_default_active_minus1
        w.put_ue(0); // num_ref_idx_l1_default_active_minus1
        w.put_flag(false); // weighted_pred_flag
        w.put_bits(0, 2); // weighted_bipred_idc
        w.put_se(self.pic_init_qp - 26);
        w.put_se(0); // pic_init_qs_minus26
        w.put_se(self.chroma_qp_index_offset);
        w.put_flag(self.deblocking_filter_control_present_flag);
        w.put_flag(self.constrained_intra_pred_flag);
        w.put_flag(self.redundant_pic_cnt_present_flag);
        w.put_flag(self.transform_8x8_mode_flag);
        w.put_flag(false); // pic_scaling_matrix_present_flag
        w.put_se(self.second_chroma_qp_index_offset);
        w.rbsp_trailing_bits();
        w.into_bytes()
    }

    /// Parses a PPS; `sps` looks up the SPS it refers to (the number of
    /// 8x8 scaling lists depends on its chroma format).
    pub fn parse(rbsp: &[u8], sps: impl Fn(u32) -> Option<Sps>) -> Result<Pps> {
        let mut r = BitReader::new(rbsp);
        let mut p = Pps {
            pic_parameter_set_id: r.read_ue_in(0, 255, "pic_parameter_set_id")?,
            seq_parameter_set_id: r.read_ue_in(0, 31, "seq_parameter_set_id")?,
            entropy_coding_mode_flag: r.read_flag()?,
            bottom_field_pic_order_in_frame_present_flag: r.read_flag()?,
            ..Default::default()
        };
        if r.read_ue_in(0, 7, "num_slice_groups_minus1")? > 0 {
            return Err(unsupported!("slice groups (FMO)"));
        }
        r.read_ue_in(0, 31, "num_ref_idx_l0_default_active_minus1")?;
        r.read_ue_in(0, 31, "num_ref_idx_l1_default_active_minus1")?;
        r.read_flag()?; // weighted_pred_flag
        r.read_bits(2)?; // weighted_bipred_idc
        p.pic_init_qp = 26 + r.read_se_in(-26, 25, "pic_init_qp_minus26")?;
        r.read_se_in(-26, 25, "pic_init_qs_minus26")?;
        p.chroma_qp_index_offset = r.read_se_in(-12, 12, "chroma_qp_index_offset")?;
        p.deblocking_filter_control_present_flag = r.read_flag()?;
        p.constrained_intra_pred_flag = r.read_flag()?;
        p.redundant_pic_cnt_present_flag = r.read_flag()?;
        p.second_chroma_qp_index_offset = p.chroma_qp_index_offset;
        if r.more_rbsp_data() {
            p.transform_8x8_mode_flag = r.read_flag()?;
            if r.read_flag()? {
                let s = sps(p.seq_parameter_set_id).ok_or_else(|| {
                    invalid!(
                        "PPS {} refers to missing SPS {}",
                        p.pic_parameter_set_id,
                        p.seq_parameter_set_id
                    )
                })?;
                let n8 = if !p.transform_8x8_mode_flag {
                    0
                } else if s.chroma_format_idc == 3 {
                    6
                } else {
                    2
                };
                // Fall-back rule B: absent lists take the SPS's, flat here.
                parse_scaling_lists(&mut r, 6 + n8, true)?;
            }
            p.second_chroma_qp_index_offset =
                r.read_se_in(-12, 12, "second_chroma_qp_index_offset")?;
        }
        Ok(p)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn write_parse_round_trip() {
        for t8 in [false, true] {
            for qp in [0, 26, 51] {
                let p = Pps::new_intra(t8, qp, true);
                assert_eq!(Pps::parse(&p.write(), |_| None).unwrap(), p);
            }
        }
    }

    #[test]
    fn short_pps_without_high_profile_fields() {
        // A Main-profile style PPS ends after redundant_pic_cnt_present_flag.
        let mut w = BitWriter::new();
        for v in [1, 0] {
            w.put_ue(v);
        }
        w.put_bits(0b10, 2);
        for _ in 0..3 {
            w.put_ue(0);
        }
        w.put_bits(0, 3);
        w.put_se(-4);
        w.put_se(0);
        w.put_se(-2);
        w.put_bits(0b100, 3);
        w.rbsp_trailing_bits();
        let p = Pps::parse(&w.into_bytes(), |_| None).unwrap();
        assert_eq!(
            (
                p.pic_parameter_set_id,
                p.pic_init_qp,
                p.chroma_qp_index_offset
            ),
            (1, 22, -2)
        );
        assert_eq!(p.second_chroma_qp_index_offset, -2);
        assert!(!p.transform_8x8_mode_flag && p.deblocking_filter_control_present_flag);
    }
}
