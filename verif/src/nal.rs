//! NAL framing (`rtl/bitstream/nal_write.sv`): RBSP bytes with their unit's header in, the
//! Annex B bytes out.
//!
//! The expected bytes are golden's `bitstream::nal::write_nal` of each unit; for the streams of
//! golden's encoder they are the encoder's own output, and the units are read back from it by
//! golden's parser (`split_annexb`, `parse_nal`).

use golden::bitstream::nal::{parse_nal, split_annexb, write_nal};

use crate::Rng;

/// One RBSP byte into `nal_write`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NalIn {
    pub byte: u8,
    /// The unit's first RBSP byte (`header` is sampled with it).
    pub first: bool,
    /// (nal_ref_idc << 5) | nal_unit_type.
    pub header: u8,
    /// The unit's last RBSP byte.
    pub last: bool,
}

/// One byte out of `nal_write`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct NalOut {
    pub byte: u8,
    /// The unit's last byte.
    pub last: bool,
}

/// A NAL unit: its header byte and its (unescaped, non-empty) RBSP.
pub type Unit = (u8, Vec<u8>);

/// The input beats of `units`, in order.
pub fn nal_inputs(units: &[Unit]) -> Vec<NalIn> {
    let mut v = Vec::new();
    for (header, rbsp) in units {
        for (k, &byte) in rbsp.iter().enumerate() {
            v.push(NalIn {
                byte,
                first: k == 0,
                header: *header,
                last: k + 1 == rbsp.len(),
            });
        }
    }
    v
}

/// Golden's Annex B bytes of `units`, each with its unit's last byte marked.
pub fn nal_expected(units: &[Unit]) -> Vec<NalOut> {
    let mut v = Vec::new();
    for (header, rbsp) in units {
        let mut bytes = Vec::new();
        write_nal(&mut bytes, header >> 5, header & 0x1f, rbsp);
        let n = bytes.len();
        v.extend(bytes.into_iter().enumerate().map(|(k, byte)| NalOut {
            byte,
            last: k + 1 == n,
        }));
    }
    v
}

/// The units of an Annex B stream, as golden's parser reads them.
pub fn stream_units(stream: &[u8]) -> golden::Result<Vec<Unit>> {
    split_annexb(stream)
        .into_iter()
        .map(|u| parse_nal(u).map(|n| ((n.nal_ref_idc << 5) | n.nal_unit_type, n.rbsp)))
        .collect()
}

/// Random units heavy in the patterns emulation prevention acts on: runs of zero bytes, bytes
/// 00..03 after them, one-byte units, and units ending in two (cabac_zero_words) or more zero
/// pairs; never a single trailing zero byte (no RBSP ends so).
pub fn random_units(rng: &mut Rng, count: usize) -> Vec<Unit> {
    (0..count)
        .map(|k| {
            let header = [0x67u8, 0x68, 0x65, 0x25, 0x06][k % 5];
            let len = if k % 7 == 0 {
                1
            } else {
                rng.range(1, 40) as usize
            };
            let mut rbsp: Vec<u8> = (0..len)
                .map(|_| match rng.range(0, 9) {
                    0..=4 => 0,
                    5 => 1 + rng.range(0, 2) as u8,
                    6 => 3,
                    _ => rng.range(0, 255) as u8,
                })
                .collect();
            // End in a non-zero byte, or in whole zero pairs.
            let pairs = rng.range(0, 3) as usize;
            if rbsp.last() == Some(&0) || pairs == 0 {
                rbsp.push(0x80);
            }
            for _ in 0..pairs {
                rbsp.extend([0, 0]);
            }
            (header, rbsp)
        })
        .collect()
}

/// One slice header into `slice_header_write`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HeaderIn {
    pub first_mb: u32,
    pub idr_pic_id: u32,
    pub qp_delta: i32,
    pub idc: u32,
}

/// The slice headers of `frames` pictures golden's encoder codes with `cfg` (the same picture
/// each time, so idr_pic_id alternates): each slice's fields, and its header bytes as golden
/// wrote them (the slice NAL unit's RBSP up to its slice data, cabac_alignment_one_bits
/// included).
pub fn slice_header_cases(
    src: &golden::Picture,
    cfg: golden::encoder::EncoderConfig,
    frames: usize,
) -> golden::Result<Vec<(HeaderIn, Vec<u8>)>> {
    let idc = if cfg.deblock { 0 } else { 1 };
    let mut enc = golden::encoder::Encoder::new(src.format, src.width, src.height, cfg)?;
    enc.record_traces();
    let mut cases = Vec::new();
    for frame in 0..frames {
        let stream = enc.encode(src)?.bytes;
        let traces = enc.take_traces();
        let slices: Vec<Unit> = stream_units(&stream)?
            .into_iter()
            .filter(|(h, _)| h & 0x1f == golden::bitstream::nal::NAL_IDR)
            .collect();
        assert_eq!(slices.len(), traces.len(), "one trace a slice");
        for ((_, rbsp), t) in slices.iter().zip(&traces) {
            let header = rbsp[..rbsp.len() - t.data.len()].to_vec();
            let input = HeaderIn {
                first_mb: t.first_mb as u32,
                idr_pic_id: (frame % 2) as u32,
                qp_delta: t.slice_qp - 26,
                idc,
            };
            cases.push((input, header));
        }
    }
    Ok(cases)
}

/// One picture format into `param_sets_write`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParamSetsIn {
    pub width: u32,
    pub height: u32,
    pub chroma: bool,
    pub t8: bool,
}

/// Golden's SPS and PPS RBSPs for `p` (`encoder::headers::intra_sps` / `intra_pps` with
/// pic_init_qp 26 and deblocking control, what the encoder writes).
pub fn param_sets_expected(p: &ParamSetsIn) -> golden::Result<(Vec<u8>, Vec<u8>)> {
    use golden::encoder::headers::{intra_pps, intra_sps};
    let format = if p.chroma {
        golden::ChromaFormat::Yuv420
    } else {
        golden::ChromaFormat::Monochrome
    };
    let sps = intra_sps(format, p.width as usize, p.height as usize)?.write();
    Ok((sps, intra_pps(p.t8, 26, true).write()))
}
