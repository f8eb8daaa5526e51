//! The decoder lane's front end (`rtl/bitstream/nal_read.sv`, `rtl/bitstream/header_read.sv`):
//! Annex B bytes in, NAL units out; units in, one configuration beat and the slice data bytes
//! a slice out.
//!
//! The expected results are golden's: the units of `bitstream::nal::split_annexb` with
//! `parse_nal`'s emulation-prevention removal, and the parameter sets and slice headers as
//! golden's decoder reads them (`Sps::parse`, `Pps::parse`, `SliceHeader::parse`, the picture
//! checks of `Decoder::new_picture`, the alignment bits of `decode_slice_data`), unit by unit in
//! the decoder's order up to its first error.

use golden::bitstream::nal::{parse_nal, split_annexb, write_nal, Nal, NAL_IDR, NAL_PPS, NAL_SPS};
use golden::bitstream::{BitReader, Pps, SliceHeader, Sps};
use golden::decoder::slice_parameter_sets;
use golden::encoder::{Encoder, EncoderConfig, Profile};
use golden::{ChromaFormat, Picture};

use crate::cabac::dec::x264_stream;
use crate::nal::Unit;
use crate::stimulus::picture_420;
use crate::Rng;

/// One byte of an Annex B stream into `nal_read`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StreamByte {
    pub byte: u8,
    /// The stream's last byte.
    pub last: bool,
}

/// One byte of a NAL unit: out of `nal_read`, into `header_read`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct UnitByte {
    pub byte: u8,
    /// The unit's header byte (its first).
    pub first: bool,
    /// The unit's last byte.
    pub last: bool,
}

/// The configuration of one slice as `header_read` gives it.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SliceCfg {
    /// The slice starts a picture.
    pub new_pic: bool,
    pub idr: bool,
    pub width_mbs: u32,
    pub height_mbs: u32,
    pub pic_mbs: u32,
    /// Luma columns / rows cropped on the right / at the bottom.
    pub crop_right: u32,
    pub crop_bottom: u32,
    pub chroma: bool,
    pub t8x8: bool,
    pub qp: i32,
    pub first_mb: u32,
    pub idc: u32,
    pub alpha_div2: i32,
    pub beta_div2: i32,
    pub cb_qp_offset: i32,
    pub cr_qp_offset: i32,
}

/// One beat out of `header_read`: a slice's configuration or one of its data bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HeaderOut {
    Cfg(SliceCfg),
    Data { byte: u8, last: bool },
}

/// The input beats of `stream`, `last` on its final byte.
pub fn stream_inputs(stream: &[u8]) -> Vec<StreamByte> {
    stream
        .iter()
        .enumerate()
        .map(|(k, &byte)| StreamByte {
            byte,
            last: k + 1 == stream.len(),
        })
        .collect()
}

/// The units of `stream` as golden splits them (the header byte as it came, forbidden bit
/// included: `nal_read` leaves that check to `header_read`), emulation prevention removed.
pub fn stream_raw_units(stream: &[u8]) -> Vec<Unit> {
    split_annexb(stream)
        .into_iter()
        .map(|u| {
            let mut masked = u.to_vec();
            masked[0] &= 0x7f;
            let nal = parse_nal(&masked).expect("a unit of split_annexb has a header byte");
            (u[0], nal.rbsp)
        })
        .collect()
}

/// The bytes of `units`, header first, `last` on each unit's final byte.
pub fn unit_beats(units: &[Unit]) -> Vec<UnitByte> {
    let mut v = Vec::new();
    for (header, rbsp) in units {
        v.push(UnitByte {
            byte: *header,
            first: true,
            last: rbsp.is_empty(),
        });
        v.extend(rbsp.iter().enumerate().map(|(k, &byte)| UnitByte {
            byte,
            first: false,
            last: k + 1 == rbsp.len(),
        }));
    }
    v
}

/// Golden's reading of a unit sequence: the beats `header_read` must give, and the error that
/// stopped golden's decoder, if any (the beats are those before it).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct HeaderParse {
    pub outs: Vec<HeaderOut>,
    pub error: Option<String>,
}

/// The identity golden's decoder gives a picture (`PicId`): PPS id, frame_num, IDR,
/// idr_pic_id, the POC fields, nal_ref_idc == 0.
type PicId = (u32, u32, bool, u32, (u32, i32, i32, i32), bool);

/// Golden's decoder over `units` as far as the headers go (see the module doc).
pub fn header_expected(units: &[Unit]) -> HeaderParse {
    let mut r = HeaderParse::default();
    let mut st = HeaderState {
        sps: vec![None; 32],
        pps: vec![None; 256],
        cur: None,
    };
    for (header, rbsp) in units {
        if let Err(e) = st.unit(*header, rbsp, &mut r.outs) {
            r.error = Some(e.to_string());
            break;
        }
    }
    r
}

struct HeaderState {
    sps: Vec<Option<Sps>>,
    pps: Vec<Option<Pps>>,
    cur: Option<PicId>,
}

impl HeaderState {
    fn unit(&mut self, header: u8, rbsp: &[u8], outs: &mut Vec<HeaderOut>) -> golden::Result<()> {
        // parse_nal's header check (forbidden_zero_bit); the RBSP is already unescaped.
        parse_nal(&[header])?;
        let nal = Nal {
            nal_ref_idc: header >> 5,
            nal_unit_type: header & 0x1f,
            rbsp: rbsp.to_vec(),
        };
        match nal.nal_unit_type {
            1 | NAL_IDR => self.slice(&nal, outs),
            NAL_SPS => {
                self.cur = None;
                let sps = Sps::parse(&nal.rbsp)?;
                let id = sps.seq_parameter_set_id as usize;
                self.sps[id] = Some(sps);
                Ok(())
            }
            NAL_PPS => {
                let pps = Pps::parse(&nal.rbsp, |id| self.sps.get(id as usize).cloned().flatten())?;
                let id = pps.pic_parameter_set_id as usize;
                self.pps[id] = Some(pps);
                Ok(())
            }
            2..=4 => Err(golden::Error::Unsupported("data partitioning".into())),
            9..=11 => {
                self.cur = None;
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn slice(&mut self, nal: &Nal, outs: &mut Vec<HeaderOut>) -> golden::Result<()> {
        let invalid = |m: &str| golden::Error::Invalid(m.to_string());
        let (id, sps, pps) = slice_parameter_sets(&self.sps, &self.pps, &nal.rbsp)?;
        let mut r = BitReader::new(&nal.rbsp);
        let hdr = SliceHeader::parse(&mut r, nal, &sps, &pps)?;
        if hdr.redundant_pic_cnt > 0 {
            return Ok(());
        }
        let pic: PicId = (
            id,
            hdr.frame_num,
            nal.nal_unit_type == NAL_IDR,
            hdr.idr_pic_id,
            (
                hdr.pic_order_cnt_lsb,
                hdr.delta_pic_order_cnt_bottom,
                hdr.delta_pic_order_cnt[0],
                hdr.delta_pic_order_cnt[1],
            ),
            nal.nal_ref_idc == 0,
        );
        let new_pic = self.cur != Some(pic) || hdr.first_mb_in_slice == 0;
        if new_pic {
            // Decoder::new_picture's checks.
            let format = sps.chroma_format()?;
            if sps.frame_crop_left_offset != 0 || sps.frame_crop_top_offset != 0 {
                return Err(golden::Error::Unsupported("left / top cropping".into()));
            }
            let p = Picture::new(format, sps.width(), sps.height())?;
            if p.width_mbs() != sps.width_mbs() || p.height_mbs() != sps.height_mbs() {
                return Err(invalid("cropping window larger than a macroblock"));
            }
        }
        self.cur = Some(pic);
        while !r.is_aligned() {
            if !r.read_flag()? {
                return Err(invalid("cabac_alignment_one_bit is 0"));
            }
        }
        let data = &nal.rbsp[r.byte_pos()..];
        outs.push(HeaderOut::Cfg(SliceCfg {
            new_pic,
            idr: nal.nal_unit_type == NAL_IDR,
            width_mbs: sps.width_mbs() as u32,
            height_mbs: sps.height_mbs() as u32,
            pic_mbs: (sps.width_mbs() * sps.height_mbs()) as u32,
            crop_right: sps.frame_crop_right_offset * sps.crop_unit_x(),
            crop_bottom: sps.frame_crop_bottom_offset * sps.crop_unit_y(),
            chroma: sps.chroma_format()? == ChromaFormat::Yuv420,
            t8x8: pps.transform_8x8_mode_flag,
            qp: hdr.slice_qp(&pps),
            first_mb: hdr.first_mb_in_slice,
            idc: hdr.disable_deblocking_filter_idc,
            alpha_div2: hdr.slice_alpha_c0_offset_div2,
            beta_div2: hdr.slice_beta_offset_div2,
            cb_qp_offset: pps.chroma_qp_index_offset,
            cr_qp_offset: pps.second_chroma_qp_index_offset,
        }));
        outs.extend(data.iter().enumerate().map(|(k, &byte)| HeaderOut::Data {
            byte,
            last: k + 1 == data.len(),
        }));
        Ok(())
    }
}

/// Checks a run of `header_read` (its beats and its error flag) against golden's reading
/// `want` of the same units: without an error the beats are golden's; with one, golden's
/// decoder must reject `stream` as a whole (`golden_rejects`) and the beats before the error
/// are a prefix of golden's.
pub fn check_header_run(
    got: &[HeaderOut],
    err: bool,
    want: &HeaderParse,
    golden_rejects: impl FnOnce() -> bool,
) -> Result<(), String> {
    let prefix = got.len() <= want.outs.len() && got == &want.outs[..got.len()];
    if !prefix {
        let k = got
            .iter()
            .zip(&want.outs)
            .position(|(g, w)| g != w)
            .unwrap_or(got.len().min(want.outs.len()));
        return Err(format!(
            "beat {k} of {}: RTL {:?}, golden {:?}",
            got.len(),
            got.get(k),
            want.outs.get(k)
        ));
    }
    match (err, &want.error) {
        (false, None) if got.len() == want.outs.len() => Ok(()),
        (false, None) => Err(format!(
            "{} beats of golden's {} and no error",
            got.len(),
            want.outs.len()
        )),
        (false, Some(e)) => Err(format!("golden stops ({e}), the RTL flags no error")),
        (true, _) if golden_rejects() => Ok(()),
        (true, _) => Err("the RTL flags an error on a stream golden decodes".into()),
    }
}

/// `stream` with a few random bytes changed (`flips`, 0 for none) and cut at a random point
/// when `cut` is set.
pub fn damaged(stream: &[u8], rng: &mut Rng, flips: usize, cut: bool) -> Vec<u8> {
    let mut s = stream.to_vec();
    for _ in 0..flips {
        let k = rng.range(0, s.len() as i64 - 1) as usize;
        s[k] ^= rng.range(1, 255) as u8;
    }
    if cut {
        let n = rng.range(1, s.len() as i64 - 1) as usize;
        s.truncate(n);
    }
    s
}

/// The units of `stream` framed again the ways Annex B allows: garbage before the first start
/// code, 3- and 4-byte start codes, extra zero bytes (trailing_zero_8bits) between units and at
/// the end. golden's split of the result gives the same units.
pub fn reframed(stream: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut s = vec![0x12, 0x00, 0x34, 0x00, 0x00, 0x02];
    for unit in split_annexb(stream) {
        s.extend(std::iter::repeat_n(0u8, rng.range(0, 3) as usize));
        if rng.percent(50) {
            s.push(0);
        }
        s.extend([0, 0, 1]);
        s.extend_from_slice(unit);
    }
    s.extend(std::iter::repeat_n(0u8, rng.range(0, 3) as usize));
    s
}

/// A `w` x `h` 4:0:0 picture: the luma of [`crate::stimulus::picture_420`].
pub fn picture_400(w: usize, h: usize, seed: u64) -> Picture {
    let raw = picture_420(w, h, seed).to_raw();
    Picture::from_raw(ChromaFormat::Monochrome, w, h, &raw[..w * h]).expect("picture size")
}

/// The slices `header_read` hands on, as `cabac_dec` takes them: each configuration beat's
/// QP, position, picture size and flags with the data bytes that follow it, and golden's
/// parse of them as the expectation.
pub fn dec_slices(outs: &[HeaderOut]) -> Vec<crate::cabac::dec::DecSlice> {
    let mut v: Vec<(crate::cabac::traces::SliceCfg, Vec<u8>)> = Vec::new();
    for o in outs {
        match *o {
            HeaderOut::Cfg(c) => v.push((
                crate::cabac::traces::SliceCfg {
                    qp: c.qp as u8,
                    first_mb: c.first_mb as usize,
                    width_mbs: c.width_mbs as usize,
                    pic_mbs: c.pic_mbs as usize,
                    chroma: c.chroma,
                    t8x8: c.t8x8,
                },
                Vec::new(),
            )),
            HeaderOut::Data { byte, .. } => v
                .last_mut()
                .expect("data after a configuration")
                .1
                .push(byte),
        }
    }
    v.into_iter()
        .map(|(cfg, data)| crate::cabac::dec::DecSlice::new(cfg, data))
        .collect()
}

/// Golden's encoder on `pic` with `cfg`, `frames` pictures in one stream.
pub fn golden_stream(pic: &Picture, cfg: EncoderConfig, frames: usize) -> Vec<u8> {
    let mut enc = Encoder::new(pic.format, pic.width, pic.height, cfg).expect("a valid coding");
    (0..frames)
        .flat_map(|_| enc.encode(pic).expect("golden codes it").bytes)
        .collect()
}

/// Streams over the settings of golden's encoder: 4:0:0 / 4:2:0, odd sizes, QP 0..51, one to
/// many slices, one or two pictures, deblocking on / off, 8x8 on / off.
pub fn golden_streams() -> Vec<(String, Vec<u8>)> {
    let mut v = Vec::new();
    // 4:2:0 sides are even; 4:0:0 ones odd too.
    let sizes = [(16, 16), (40, 24), (50, 38), (8, 8), (34, 18)];
    let odd = [(33, 17), (21, 9), (47, 31), (9, 40)];
    for (k, qp) in [0, 7, 13, 20, 26, 33, 40, 45, 51].into_iter().enumerate() {
        let (w, h) = if k % 2 == 0 {
            sizes[k % sizes.len()]
        } else {
            odd[k % odd.len()]
        };
        let pic = if k % 2 == 0 {
            picture_420(w, h, 7 + k as u64)
        } else {
            picture_400(w, h, 7 + k as u64)
        };
        let mbs = pic.width_mbs() * pic.height_mbs();
        let cfg = EncoderConfig {
            qp,
            slices: [1, 2, mbs][k % 3].min(mbs),
            transform_8x8: k % 2 == 1,
            deblock: k % 4 < 2,
            profile: if k % 3 == 2 {
                Profile::I16X16_ONLY
            } else {
                Profile::FULL
            },
            ..Default::default()
        };
        let frames = 1 + k % 2;
        v.push((
            format!("golden {w}x{h} {:?} qp {qp} {cfg:?}", pic.format),
            golden_stream(&pic, cfg, frames),
        ));
    }
    v
}

/// x264 intra streams (i400 / i420) with the settings the decoder lane must read. Empty when
/// x264 is not installed.
pub fn x264_streams() -> Vec<(String, Vec<u8>)> {
    let sets: [&[&str]; 8] = [
        &[],
        &["--no-deblock"],
        &["--no-8x8dct"],
        &["--slices", "4"],
        &["--deblock", "-2:1"],
        &["--chroma-qp-offset", "3"],
        &["--crf", "20", "--aq-mode", "1"],
        &["--qp", "1"],
    ];
    let mut v = Vec::new();
    for (k, args) in sets.iter().enumerate() {
        let pic = if k % 2 == 0 {
            picture_420(48, 40, 30 + k as u64)
        } else {
            picture_400(64, 34, 30 + k as u64)
        };
        match x264_stream(&pic, 2, args).expect("x264 ran") {
            Some(s) => v.push((format!("x264 {:?} {args:?}", pic.format), s)),
            None => {
                println!("x264 not found: x264 streams skipped");
                return Vec::new();
            }
        }
    }
    v
}

/// `stream` with its PPS's chroma_qp_index_offset and second_chroma_qp_index_offset set to
/// `cb` and `cr` (-12..=12), every unit re-framed as golden writes it. CABAC parsing does not
/// depend on them, so the result is a valid stream whose chroma reconstructs at other QP'C:
/// the decoders' chroma QP offset path on streams of our encoders, which write offset 0.
pub fn with_chroma_qp_offsets(stream: &[u8], cb: i32, cr: i32) -> Vec<u8> {
    let mut sps = None;
    let mut out = Vec::with_capacity(stream.len() + 8);
    for unit in split_annexb(stream) {
        let nal = parse_nal(unit).expect("a NAL unit");
        let rbsp = match nal.nal_unit_type {
            NAL_SPS => {
                sps = Some(Sps::parse(&nal.rbsp).expect("an SPS"));
                nal.rbsp
            }
            NAL_PPS => {
                let mut pps = Pps::parse(&nal.rbsp, |_| sps.clone()).expect("a PPS");
                pps.chroma_qp_index_offset = cb;
                pps.second_chroma_qp_index_offset = cr;
                pps.write()
            }
            _ => nal.rbsp,
        };
        write_nal(&mut out, nal.nal_ref_idc, nal.nal_unit_type, &rbsp);
    }
    out
}
