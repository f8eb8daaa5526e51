//! Side information of an aligned tensor and its byte layout (docs/align.md,
//! section 5). All multi-byte fields are little-endian.
//!
//! ```text
//! offset  size  field
//! 0       1     version = 1
//! 1       1     mode: 0 = BFP, 1 = affine per row
//! BFP:
//! 2       4     group size (u32, >= 1)
//! 6       8     n = number of groups (u64)
//! 14      n     E8M0 codes, groups in row-major order (0..=254)
//! affine per row:
//! 2       8     n = number of rows (u64)
//! 10      3n    per row: FP16 scale (u16), zero point (u8)
//! ```

use super::affine::RowParams;
use super::bfp::E8M0_NAN;
use super::ieee::{non_finite, F16};
use super::AlignMode;
use crate::error::{Error, Result};
use crate::invalid;

/// Layout version written in byte 0.
pub const SIDE_VERSION: u8 = 1;
/// Mode byte of block floating point.
const MODE_BFP: u8 = 0;
/// Mode byte of affine per row.
const MODE_AFFINE_ROW: u8 = 1;
/// Header bytes before the BFP codes: version, mode, group, count.
pub const BFP_HEADER_BYTES: u64 = 14;
/// Header bytes before the affine rows: version, mode, count.
pub const AFFINE_HEADER_BYTES: u64 = 10;
/// Bytes per affine row: FP16 scale and zero point.
pub const AFFINE_ROW_BYTES: u64 = 3;

/// Everything besides the samples that the inverse needs.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum SideInfo {
    /// Block floating point: one E8M0 code per group (2^(code - 127)).
    Bfp {
        /// Elements per group along a row (the last group of a row may be shorter).
        group: u32,
        /// E8M0 codes, row-major over (row, group of the row).
        exponents: Vec<u8>,
    },
    /// Affine per row: one scale and zero point per row.
    AffineRow {
        /// Parameters of each row, in row order.
        rows: Vec<RowParams>,
    },
}

/// Number of groups of `group` elements in one row of `cols` elements.
pub fn groups_per_row(cols: usize, group: u32) -> usize {
    // group >= 1 is checked by callers; max(1) keeps this total.
    cols.div_ceil((group as usize).max(1))
}

impl SideInfo {
    /// The alignment mode this side information belongs to.
    pub fn mode(&self) -> AlignMode {
        match self {
            SideInfo::Bfp { group, .. } => AlignMode::Bfp { group: *group },
            SideInfo::AffineRow { .. } => AlignMode::AffineRow,
        }
    }

    /// Serializes to the layout in the module documentation.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.byte_len() as usize);
        out.push(SIDE_VERSION);
        match self {
            SideInfo::Bfp { group, exponents } => {
                out.push(MODE_BFP);
                out.extend_from_slice(&group.to_le_bytes());
                out.extend_from_slice(&(exponents.len() as u64).to_le_bytes());
                out.extend_from_slice(exponents);
            }
            SideInfo::AffineRow { rows } => {
                out.push(MODE_AFFINE_ROW);
                out.extend_from_slice(&(rows.len() as u64).to_le_bytes());
                for r in rows {
                    out.extend_from_slice(&r.scale.to_le_bytes());
                    out.push(r.zero_point);
                }
            }
        }
        out
    }

    /// Parses and validates bytes written by [`Self::to_bytes`]: `Truncated`
    /// when they end early, `Invalid` for an unknown version or mode, bytes
    /// after the end, or a value [`Self::validate`] rejects.
    pub fn from_bytes(bytes: &[u8]) -> Result<SideInfo> {
        let mut r = Reader { bytes, pos: 0 };
        let version = r.take(1)?[0];
        if version != SIDE_VERSION {
            return Err(invalid!("align side info: version {version}, expected 1"));
        }
        let side = match r.take(1)?[0] {
            MODE_BFP => {
                let group = u32::from_le_bytes(r.array()?);
                let n = r.count(1)?;
                SideInfo::Bfp {
                    group,
                    exponents: r.take(n)?.to_vec(),
                }
            }
            MODE_AFFINE_ROW => {
                let n = r.count(AFFINE_ROW_BYTES as usize)?;
                let rows = r
                    .take(n * AFFINE_ROW_BYTES as usize)?
                    .chunks_exact(AFFINE_ROW_BYTES as usize)
                    .map(|c| RowParams {
                        scale: u16::from_le_bytes([c[0], c[1]]),
                        zero_point: c[2],
                    })
                    .collect();
                SideInfo::AffineRow { rows }
            }
            m => return Err(invalid!("align side info: unknown mode {m}")),
        };
        if r.pos != bytes.len() {
            return Err(invalid!(
                "align side info: {} bytes after the end",
                bytes.len() - r.pos
            ));
        }
        side.validate()?;
        Ok(side)
    }

    /// Length of [`Self::to_bytes`] in bytes.
    pub fn byte_len(&self) -> u64 {
        match self {
            SideInfo::Bfp { exponents, .. } => BFP_HEADER_BYTES + exponents.len() as u64,
            SideInfo::AffineRow { rows } => {
                AFFINE_HEADER_BYTES + AFFINE_ROW_BYTES * rows.len() as u64
            }
        }
    }

    /// Bits this side information costs in a stream: 8 * [`Self::byte_len`]
    /// (headers included: 8 bits per group + 112 for BFP, 24 per row + 80 for affine).
    pub fn side_info_bits(&self) -> u64 {
        8 * self.byte_len()
    }

    /// Checks every value: group >= 1, no E8M0 code 0xff (NaN), every scale a
    /// finite FP16 with the sign bit clear. `Invalid` otherwise.
    pub fn validate(&self) -> Result<()> {
        match self {
            SideInfo::Bfp { group, exponents } => {
                if *group == 0 {
                    return Err(invalid!("align side info: group size 0"));
                }
                if let Some(i) = exponents.iter().position(|&c| c == E8M0_NAN) {
                    return Err(invalid!(
                        "align side info: group {i} has E8M0 code 0xff (NaN)"
                    ));
                }
            }
            SideInfo::AffineRow { rows } => {
                for (i, r) in rows.iter().enumerate() {
                    let bits = u32::from(r.scale);
                    if bits & F16.sign_bit() != 0 || non_finite(bits, F16).is_some() {
                        return Err(invalid!(
                            "align side info: row {i} has scale 0x{:04x} (negative or not finite)",
                            r.scale
                        ));
                    }
                }
            }
        }
        Ok(())
    }

    /// Checks that this side information fits a `rows` x `cols` tensor (one
    /// entry per group or per row) and [`Self::validate`]s it.
    pub fn check_shape(&self, rows: usize, cols: usize) -> Result<()> {
        self.validate()?;
        let (have, need) = match self {
            SideInfo::Bfp { group, exponents } => {
                let need = rows.checked_mul(groups_per_row(cols, *group));
                (exponents.len(), need)
            }
            SideInfo::AffineRow { rows: params } => (params.len(), Some(rows)),
        };
        if need != Some(have) {
            return Err(invalid!(
                "align side info: {have} entries, a {rows}x{cols} tensor needs {need:?}"
            ));
        }
        Ok(())
    }
}

/// A cursor over side-info bytes.
struct Reader<'a> {
    bytes: &'a [u8],
    pos: usize,
}

impl<'a> Reader<'a> {
    /// The next `n` bytes, or `Truncated`.
    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self
            .pos
            .checked_add(n)
            .filter(|&e| e <= self.bytes.len())
            .ok_or(Error::Truncated("align side info"))?;
        let s = &self.bytes[self.pos..end];
        self.pos = end;
        Ok(s)
    }

    /// The next `N` bytes as an array.
    fn array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut a = [0; N];
        a.copy_from_slice(self.take(N)?);
        Ok(a)
    }

    /// A u64 entry count whose entries (`entry_bytes` each) must fit in the
    /// remaining bytes: `Truncated` otherwise, before anything is allocated.
    fn count(&mut self, entry_bytes: usize) -> Result<usize> {
        let n = u64::from_le_bytes(self.array()?);
        let left = (self.bytes.len() - self.pos) as u64;
        if n.checked_mul(entry_bytes as u64).is_none_or(|b| b > left) {
            return Err(Error::Truncated("align side info"));
        }
        Ok(n as usize)
    }
}
