//! NAL units (7.3.1, 7.4.1) and the Annex B byte stream (B.1, B.2).

use crate::error::{Error, Result};
use crate::invalid;

/// nal_unit_type (Table 7-1): coded slice of a non-IDR picture.
pub const NAL_SLICE: u8 = 1;
/// Coded slice data partition A.
pub const NAL_DPA: u8 = 2;
/// Coded slice data partition B.
pub const NAL_DPB: u8 = 3;
/// Coded slice data partition C.
pub const NAL_DPC: u8 = 4;
/// Coded slice of an IDR picture.
pub const NAL_IDR: u8 = 5;
/// Supplemental enhancement information.
pub const NAL_SEI: u8 = 6;
/// Sequence parameter set.
pub const NAL_SPS: u8 = 7;
/// Picture parameter set.
pub const NAL_PPS: u8 = 8;
/// Access unit delimiter.
pub const NAL_AUD: u8 = 9;
/// End of sequence.
pub const NAL_END_SEQ: u8 = 10;
/// End of stream.
pub const NAL_END_STREAM: u8 = 11;
/// Filler data.
pub const NAL_FILLER: u8 = 12;
/// Sequence parameter set extension.
pub const NAL_SPS_EXT: u8 = 13;
/// Prefix NAL unit (SVC / MVC); has a 3-byte header extension.
pub const NAL_PREFIX: u8 = 14;
/// Subset sequence parameter set (SVC / MVC).
pub const NAL_SUBSET_SPS: u8 = 15;
/// Depth parameter set (3D-AVC).
pub const NAL_DPS: u8 = 16;
/// Coded slice of an auxiliary coded picture without partitioning.
pub const NAL_AUX_SLICE: u8 = 19;
/// Coded slice extension (SVC / MVC); has a 3-byte header extension.
pub const NAL_SLICE_EXT: u8 = 20;
/// Coded slice extension for a depth view (3D-AVC); has a header extension.
pub const NAL_SLICE_EXT_DEPTH: u8 = 21;

/// One NAL unit with its payload unescaped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Nal {
    /// nal_ref_idc (0..=3): 0 for a picture no other picture references.
    pub nal_ref_idc: u8,
    /// nal_unit_type (0..=31, Table 7-1).
    pub nal_unit_type: u8,
    /// The RBSP: the bytes after the one-byte header, emulation prevention
    /// bytes removed. For types 14, 20 and 21 it starts with the header
    /// extension, which this model never interprets (it skips those units).
    pub rbsp: Vec<u8>,
}

/// Splits an Annex B byte stream into NAL units (header byte onwards, still
/// escaped), following B.3: a unit starts after a start code prefix
/// `00 00 01` (the zero_byte of a 4-byte start code belongs to the previous
/// unit's trailing zeros) and ends before the next `00 00 00` or `00 00 01`
/// or at the end of the stream. Trailing zero bytes (trailing_zero_8bits,
/// zero_byte) are dropped; empty units are skipped. Bytes before the first
/// start code (leading_zero_8bits or garbage) are ignored, and so are bytes
/// after a unit's end that are not part of a start code: a stream without
/// any start code yields no unit.
pub fn split_annexb(stream: &[u8]) -> Vec<&[u8]> {
    let mut units = Vec::new();
    let mut i = match find_start_code(stream, 0) {
        Some(p) => p + 3,
        None => return units,
    };
    loop {
        // The unit ends at the next 3-byte 00 00 00 or 00 00 01.
        let mut end = i;
        while end < stream.len() {
            if end + 2 < stream.len()
                && stream[end] == 0
                && stream[end + 1] == 0
                && stream[end + 2] <= 1
            {
                break;
            }
            end += 1;
        }
        let mut unit = &stream[i..end];
        // 7.4.1: the last byte of a NAL unit is never 0x00, so zeros at the
        // very end of the stream are trailing_zero_8bits.
        while let Some((&0, rest)) = unit.split_last() {
            unit = rest;
        }
        if !unit.is_empty() {
            units.push(unit);
        }
        match find_start_code(stream, end) {
            Some(p) => i = p + 3,
            None => return units,
        }
    }
}

/// Position of the next `00 00 01` at or after `from`.
fn find_start_code(stream: &[u8], from: usize) -> Option<usize> {
    let tail = stream.get(from..)?;
    tail.windows(3)
        .position(|w| w == [0, 0, 1])
        .map(|p| from + p)
}

/// Parses one NAL unit (header byte onwards): checks forbidden_zero_bit
/// and removes every emulation_prevention_three_byte (the `03` of a
/// `00 00 03`, 7.3.1). Other emulation constraints of 7.4.1 are not
/// enforced: the payload is taken as it comes.
pub fn parse_nal(bytes: &[u8]) -> Result<Nal> {
    let (&header, payload) = bytes
        .split_first()
        .ok_or(Error::Truncated("nal_unit header"))?;
    if header & 0x80 != 0 {
        return Err(invalid!("forbidden_zero_bit is 1"));
    }
    let mut rbsp = Vec::with_capacity(payload.len());
    let mut zeros = 0usize; // consecutive 0x00 bytes since the last 03 or non-zero byte
    for &b in payload {
        if zeros >= 2 && b == 3 {
            zeros = 0;
            continue;
        }
        zeros = if b == 0 { zeros + 1 } else { 0 };
        rbsp.push(b);
    }
    Ok(Nal {
        nal_ref_idc: header >> 5,
        nal_unit_type: header & 0x1f,
        rbsp,
    })
}

/// Appends a NAL unit to an Annex B stream: start code `00 00 00 01`, the
/// header byte, and the RBSP with emulation prevention (7.4.1): an `03` is
/// inserted wherever `00 00` is followed by a byte <= `03`, and appended when
/// the RBSP ends in `00` (after cabac_zero_words).
///
/// Panics (a bug of the caller) if `nal_ref_idc > 3`, if `nal_unit_type` is
/// 0, over 31 or a type with a header extension (14, 20, 21), or if the RBSP
/// ends in a lone `00` byte after its last run of `00 00` pairs: that cannot
/// be represented (a valid RBSP ends in its stop bit or in whole
/// cabac_zero_words).
pub fn write_nal(out: &mut Vec<u8>, nal_ref_idc: u8, nal_unit_type: u8, rbsp: &[u8]) {
    assert!(nal_ref_idc <= 3, "nal_ref_idc {nal_ref_idc}");
    assert!(
        (1..=31).contains(&nal_unit_type),
        "nal_unit_type {nal_unit_type}"
    );
    assert!(
        ![NAL_PREFIX, NAL_SLICE_EXT, NAL_SLICE_EXT_DEPTH].contains(&nal_unit_type),
        "nal_unit_type {nal_unit_type} needs a header extension"
    );
    out.extend_from_slice(&[0, 0, 0, 1, (nal_ref_idc << 5) | nal_unit_type]);
    let mut zeros = 0usize;
    for &b in rbsp {
        if zeros >= 2 && b <= 3 {
            out.push(3);
            zeros = 0;
        }
        zeros = if b == 0 { zeros + 1 } else { 0 };
        out.push(b);
    }
    assert!(zeros != 1, "an RBSP cannot end in a single 0x00 byte");
    if zeros == 2 {
        // The final 03 makes the unit end in a non-zero byte; a parser reads
        // it as an emulation_prevention_three_byte.
        out.push(3);
    }
}
