//! NAL units in an Annex B byte stream (7.3.1, 7.4.1, B.1).

use crate::error::{Error, Result};

pub const NAL_SLICE: u8 = 1;
pub const NAL_IDR: u8 = 5;
pub const NAL_SEI: u8 = 6;
pub const NAL_SPS: u8 = 7;
pub const NAL_PPS: u8 = 8;
pub const NAL_AUD: u8 = 9;
pub const NAL_END_OF_SEQ: u8 = 10;
pub const NAL_END_OF_STREAM: u8 = 11;

/// One NAL unit with its payload as RBSP (emulation prevention removed).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nal {
    pub nal_ref_idc: u8,
    pub nal_unit_type: u8,
    pub rbsp: Vec<u8>,
}

/// Splits an Annex B byte stream at its start codes (`00 00 01`, with any
/// number of leading zero bytes). Returns each NAL unit from its header byte
/// on, with trailing zero bytes removed. Bytes before the first start code
/// are ignored (leading_zero_8bits, or garbage a decoder skips).
pub fn split_annexb(stream: &[u8]) -> Vec<&[u8]> {
    let mut starts = Vec::new();
    let mut i = 0;
    while i + 2 < stream.len() {
        if stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1 {
            starts.push(i + 3);
            i += 3;
        } else {
            i += 1;
        }
    }
    let mut out = Vec::with_capacity(starts.len());
    for (k, &s) in starts.iter().enumerate() {
        let mut e = if k + 1 < starts.len() {
            starts[k + 1] - 3
        } else {
            stream.len()
        };
        while e > s && stream[e - 1] == 0 {
            e -= 1;
        }
        if e > s {
            out.push(&stream[s..e]);
        }
    }
    out
}

/// Parses a NAL unit's header and removes emulation_prevention_three_bytes.
pub fn parse_nal(bytes: &[u8]) -> Result<Nal> {
    let (&hdr, body) = bytes
        .split_first()
        .ok_or(Error::Truncated("NAL unit header"))?;
    if hdr & 0x80 != 0 {
        return Err(Error::Invalid("forbidden_zero_bit is 1".into()));
    }
    let mut rbsp = Vec::with_capacity(body.len());
    let mut zeros = 0;
    for &b in body {
        if zeros >= 2 && b == 3 {
            zeros = 0;
            continue;
        }
        zeros = if b == 0 { zeros + 1 } else { 0 };
        rbsp.push(b);
    }
    Ok(Nal {
        nal_ref_idc: (hdr >> 5) & 3,
        nal_unit_type: hdr & 31,
        rbsp,
    })
}

/// Appends a start code `00 00 00 01`, the NAL header and the RBSP with
/// emulation prevention: a `03` goes after every `00 00` that precedes a byte
/// `<= 03`, and after a final `00` (7.4.1).
pub fn write_nal(out: &mut Vec<u8>, nal_ref_idc: u8, nal_unit_type: u8, rbsp: &[u8]) {
    out.extend_from_slice(&[0, 0, 0, 1, (nal_ref_idc << 5) | nal_unit_type]);
    out.reserve(rbsp.len() + rbsp.len() / 64);
    let mut zeros = 0;
    for &b in rbsp {
        if zeros >= 2 && b <= 3 {
            out.push(3);
            zeros = 0;
        }
        zeros = if b == 0 { zeros + 1 } else { 0 };
        out.push(b);
    }
    if rbsp.last() == Some(&0) {
        out.push(3);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn emulation_prevention_by_hand() {
        let mut out = Vec::new();
        write_nal(&mut out, 3, NAL_IDR, &[0, 0, 1, 0, 0, 0, 5, 0]);
        assert_eq!(out, vec![0, 0, 0, 1, 0x65, 0, 0, 3, 1, 0, 0, 3, 0, 5, 0, 3]);
    }

    proptest! {
        #[test]
        fn escaped_payload_round_trips(
            body in prop::collection::vec(prop_oneof![Just(0u8), Just(1u8), Just(3u8), any::<u8>()], 0..200),
            zero_words in 0usize..3,
        ) {
            // An RBSP ends in its stop bit, or in cabac_zero_words (00 00).
            let mut rbsp = body;
            rbsp.push(0x80);
            rbsp.extend(std::iter::repeat_n(0u8, 2 * zero_words));
            let mut out = Vec::new();
            write_nal(&mut out, 2, NAL_SLICE, &rbsp);
            let payload = &out[4..];
            // No start code or 00 00 0x (x <= 3) inside the escaped unit, except the 03s we added.
            for w in payload.windows(3) {
                prop_assert!(!(w[0] == 0 && w[1] == 0 && w[2] < 3));
            }
            let units = split_annexb(&out);
            prop_assert_eq!(units.len(), 1);
            let nal = parse_nal(units[0]).unwrap();
            prop_assert_eq!(nal.nal_ref_idc, 2);
            prop_assert_eq!(nal.nal_unit_type, NAL_SLICE);
            prop_assert_eq!(nal.rbsp, rbsp);
        }

        #[test]
        fn splitting_any_bytes_never_panics(data in prop::collection::vec(any::<u8>(), 0..300)) {
            for u in split_annexb(&data) {
                let _ = parse_nal(u);
            }
        }
    }
}
