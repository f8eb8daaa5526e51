//! Scaling lists (7.3.2.1.1.1) of the SPS and PPS, and the fall-back rules
//! of Table 7-2 that say which list applies when one is not transmitted.
//!
//! This model dequantises with flat lists only (weight 16 everywhere). It
//! parses and writes every list exactly, and [`intra_lists_flat`] tells
//! whether the lists an I slice uses all resolve to flat ones.

use super::reader::BitReader;
use super::writer::BitWriter;
use crate::error::Result;
use crate::invalid;

/// The weight of a flat list (Flat_4x4_16, Flat_8x8_16).
pub const FLAT_WEIGHT: u8 = 16;

/// One scaling list as transmitted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ScalingList {
    /// scaling_list_present_flag 0: a fall-back rule of Table 7-2 applies.
    NotPresent,
    /// useDefaultScalingMatrixFlag: Default_4x4_* / Default_8x8_* (not flat).
    UseDefault,
    /// The 16 or 64 weights (1..=255) in coded (zig-zag) order.
    Explicit(Vec<u8>),
}

/// What a list resolves to, as far as this model cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resolved {
    /// Weight 16 everywhere.
    Flat,
    /// A default or explicit non-flat list.
    NonFlat,
}

/// Size of list `i`: lists 0..=5 are 4x4 (16 weights), 6..=11 8x8 (64).
pub fn list_size(i: usize) -> usize {
    if i < 6 {
        16
    } else {
        64
    }
}

/// Parses scaling_list() for list `i` after its present flag was 1.
fn parse_list(r: &mut BitReader, i: usize) -> Result<ScalingList> {
    let size = list_size(i);
    let mut values = Vec::with_capacity(size);
    let (mut last, mut next) = (8i32, 8i32);
    for j in 0..size {
        if next != 0 {
            let delta = r.read_se_named("delta_scale")?;
            if !(-128..=127).contains(&delta) {
                return Err(invalid!("delta_scale {delta} outside -128..=127"));
            }
            next = (last + delta + 256) % 256;
            if j == 0 && next == 0 {
                return Ok(ScalingList::UseDefault);
            }
        }
        // nextScale 0 repeats the last weight to the end of the list.
        let value = if next == 0 { last } else { next };
        values.push(value as u8);
        last = value;
    }
    Ok(ScalingList::Explicit(values))
}

/// Parses `count` pairs of present flag and scaling_list() (7.3.2.1.1 and
/// 7.3.2.2 share this loop).
pub fn parse_lists(r: &mut BitReader, count: usize) -> Result<Vec<ScalingList>> {
    let mut lists = Vec::with_capacity(count);
    for i in 0..count {
        if r.read_flag_named("scaling_list_present_flag")? {
            lists.push(parse_list(r, i)?);
        } else {
            lists.push(ScalingList::NotPresent);
        }
    }
    Ok(lists)
}

/// Writes present flags and lists, the inverse of [`parse_lists`]. Explicit
/// lists are written weight by weight (no early nextScale 0). Panics on a
/// list of the wrong size or with a weight 0.
pub fn write_lists(w: &mut BitWriter, lists: &[ScalingList]) {
    for (i, list) in lists.iter().enumerate() {
        match list {
            ScalingList::NotPresent => w.put_flag(false),
            ScalingList::UseDefault => {
                w.put_flag(true);
                w.put_se(-8); // nextScale = (8 - 8 + 256) % 256 = 0 at j = 0
            }
            ScalingList::Explicit(values) => {
                assert_eq!(values.len(), list_size(i), "scaling list {i} size");
                w.put_flag(true);
                let mut last = 8i32;
                for &v in values {
                    assert!(v != 0, "scaling list weight 0");
                    // delta_scale in -128..=127 with (last + delta) % 256 == v.
                    let delta = (i32::from(v) - last + 128).rem_euclid(256) - 128;
                    w.put_se(delta);
                    last = i32::from(v);
                }
            }
        }
    }
}

/// Resolution of one transmitted list (None: not transmitted).
fn resolve_sent(list: &ScalingList) -> Option<Resolved> {
    match list {
        ScalingList::NotPresent => None,
        ScalingList::UseDefault => Some(Resolved::NonFlat),
        ScalingList::Explicit(v) => Some(if v.iter().all(|&x| x == FLAT_WEIGHT) {
            Resolved::Flat
        } else {
            Resolved::NonFlat
        }),
    }
}

/// The twelve lists of a sequence (Table 7-2, fall-back rule A): `None`
/// (seq_scaling_matrix_present_flag 0) means all flat. Lists beyond those
/// transmitted (8..=11 outside 4:4:4) resolve by the same rule.
pub fn resolve_sequence(lists: Option<&[ScalingList]>) -> [Resolved; 12] {
    let Some(lists) = lists else {
        return [Resolved::Flat; 12];
    };
    let mut out = [Resolved::NonFlat; 12];
    for i in 0..12 {
        out[i] = match lists.get(i).and_then(resolve_sent) {
            Some(r) => r,
            None => fall_back_a(&out, i),
        };
    }
    out
}

/// The twelve lists of a picture: `pic` is the PPS's transmitted lists
/// (None: pic_scaling_matrix_present_flag 0, the sequence's lists apply).
/// Rule A applies when the SPS sent no matrix, rule B when it did (7.4.2.2).
pub fn resolve_picture(
    seq_lists: Option<&[ScalingList]>,
    pic: Option<&[ScalingList]>,
) -> [Resolved; 12] {
    let seq = resolve_sequence(seq_lists);
    let Some(pic) = pic else { return seq };
    let mut out = [Resolved::NonFlat; 12];
    for i in 0..12 {
        out[i] = match pic.get(i).and_then(resolve_sent) {
            Some(r) => r,
            None if seq_lists.is_some() && matches!(i, 0 | 3 | 6 | 7) => seq[i],
            None => fall_back_a(&out, i),
        };
    }
    out
}

/// Fall-back rule A for list `i` given the lists before it (Table 7-2):
/// lists 0, 3 (4x4) and 6, 7 (8x8) take the default list, the others the
/// previous list of the same kind (Cb from Y, Cr from Cb).
fn fall_back_a(before: &[Resolved; 12], i: usize) -> Resolved {
    match i {
        0 | 3 | 6 | 7 => Resolved::NonFlat,
        1 | 2 | 4 | 5 => before[i - 1],
        _ => before[i - 2],
    }
}

/// True when every list an I slice uses is flat: Intra Y 4x4 (0), Intra
/// Cb / Cr 4x4 (1, 2) when the picture has chroma, Intra Y 8x8 (6) with the
/// 8x8 transform, Intra Cb / Cr 8x8 (8, 10) when both (4:4:4 only). Inter
/// lists never apply to I slices.
pub fn intra_lists_flat(lists: &[Resolved; 12], chroma_format_idc: u32, t8x8: bool) -> bool {
    let mut used = vec![0];
    if chroma_format_idc != 0 {
        used.extend([1, 2]);
    }
    if t8x8 {
        used.push(6);
        if chroma_format_idc == 3 {
            used.extend([8, 10]);
        }
    }
    used.iter().all(|&i| lists[i] == Resolved::Flat)
}
