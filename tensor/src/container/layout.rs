//! The file layout: magics, version, limits, the fixed byte counts of each
//! part, the dtype codes, the record types, and the size of a file from its
//! records (docs/container.md).

use std::collections::BTreeMap;

use crate::safetensors::Dtype;

/// First four bytes of every `.tcz` file.
pub const MAGIC: [u8; 4] = *b"TCZ\0";
/// Last four bytes of every complete `.tcz` file.
pub const FOOTER_MAGIC: [u8; 4] = *b"TCZ!";
/// First four bytes of every record.
pub const RECORD_MAGIC: [u8; 4] = *b"TCZr";
/// First four bytes of the index.
pub const INDEX_MAGIC: [u8; 4] = *b"TCZi";
/// The format version this module writes and reads.
pub const VERSION: u16 = 1;

/// Longest tensor name or metadata key, in bytes.
pub const MAX_NAME_BYTES: usize = 64 << 10;
/// Highest tensor rank.
pub const MAX_RANK: usize = 8;
/// Largest metadata block, in bytes (safetensors' bound on its whole header).
pub const MAX_METADATA_BYTES: usize = 100 << 20;
/// Bytes each stream adds to its record besides its own bytes (its length).
pub const STREAM_OVERHEAD: usize = 8;

/// Header bytes besides the metadata pairs: magic, version, flags, block
/// length, pair count, CRC.
pub(super) const HEADER_FIXED: usize = 4 + 2 + 2 + 4 + 4 + 4;
/// Record bytes besides name, dims, stream lengths, parameters and streams:
/// magic, length, name length, dtype, kind, rank, stream count, parameter
/// length, CRC.
pub(super) const RECORD_FIXED: usize = 4 + 8 + 4 + 1 + 1 + 1 + 4 + 8 + 4;
/// Index entry bytes besides name and dims: name length, dtype, kind, rank,
/// offset, length, CRC.
pub(super) const ENTRY_FIXED: usize = 4 + 1 + 1 + 1 + 8 + 8 + 4;
/// Index bytes besides its entries: magic, entry count.
pub(super) const INDEX_FIXED: usize = 4 + 4;
/// Footer bytes: index offset, index length, index CRC, magic.
pub(super) const FOOTER_BYTES: usize = 8 + 8 + 4 + 4;
/// Bytes read at a time while checking a CRC ahead of parsing.
pub(super) const CHUNK: usize = 64 << 10;

/// On-disk code of each dtype (stable: never renumber, only append).
pub(super) const DTYPE_CODES: [(Dtype, u8); 15] = [
    (Dtype::Bool, 0),
    (Dtype::U8, 1),
    (Dtype::I8, 2),
    (Dtype::F8E5M2, 3),
    (Dtype::F8E4M3, 4),
    (Dtype::I16, 5),
    (Dtype::U16, 6),
    (Dtype::F16, 7),
    (Dtype::BF16, 8),
    (Dtype::I32, 9),
    (Dtype::U32, 10),
    (Dtype::F32, 11),
    (Dtype::I64, 12),
    (Dtype::U64, 13),
    (Dtype::F64, 14),
];

pub(super) fn dtype_code(d: Dtype) -> u8 {
    // The table lists every dtype (checked by a test), so the default is dead.
    DTYPE_CODES
        .iter()
        .find(|e| e.0 == d)
        .map_or(u8::MAX, |e| e.1)
}

pub(super) fn dtype_from_code(c: u8) -> Option<Dtype> {
    DTYPE_CODES.iter().find(|e| e.1 == c).map(|e| e.0)
}

/// How a record's payload is coded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum RecordKind {
    /// One stream holding the tensor's raw little-endian bytes (lossless).
    Raw = 0,
    /// The tensor codec: parameter block plus one H.264 stream per tile.
    Codec = 1,
}

impl RecordKind {
    /// The on-disk code.
    pub fn code(self) -> u8 {
        self as u8
    }

    /// The kind with on-disk code `c`, if any.
    pub fn from_code(c: u8) -> Option<RecordKind> {
        match c {
            0 => Some(RecordKind::Raw),
            1 => Some(RecordKind::Codec),
            _ => None,
        }
    }
}

/// One tensor as stored: its header and opaque coded bytes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TensorRecord {
    /// Tensor name (UTF-8, at most [`MAX_NAME_BYTES`], unique in a file).
    pub name: String,
    /// Element type of the original tensor.
    pub dtype: Dtype,
    /// Dimensions, at most [`MAX_RANK`] of them; `[]` is a scalar.
    pub shape: Vec<usize>,
    /// How `params` and `streams` are to be decoded.
    pub kind: RecordKind,
    /// Codec parameters and alignment side information (opaque here).
    pub params: Vec<u8>,
    /// The coded data, e.g. one H.264 stream per tile (opaque here).
    pub streams: Vec<Vec<u8>>,
}

/// One index entry: a record's header and where it lies, without payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexEntry {
    /// Tensor name.
    pub name: String,
    /// Element type.
    pub dtype: Dtype,
    /// Dimensions.
    pub shape: Vec<usize>,
    /// How the record is coded.
    pub kind: RecordKind,
    /// Byte offset of the record's magic in the file.
    pub offset: u64,
    /// Bytes of the record, magic through CRC.
    pub length: u64,
    /// The record's CRC-32C (also stored at the record's end).
    pub checksum: u32,
}

/// Bytes of the file that no record accounts for: header with `metadata`,
/// index magic and count, footer. `tensors` does not change the result: the
/// index's per-tensor bytes are counted by [`record_overhead`].
pub fn file_overhead(metadata: &BTreeMap<String, String>, tensors: usize) -> usize {
    let _ = tensors;
    HEADER_FIXED + metadata_bytes(metadata) + INDEX_FIXED + FOOTER_BYTES
}

/// Bytes a tensor named `name` of rank `rank` adds to the file besides its
/// parameter block and streams (record and index entry; each stream adds
/// [`STREAM_OVERHEAD`] more). So a file's size is `file_overhead` plus, per
/// record, `record_overhead + params + sum(STREAM_OVERHEAD + stream)`, which
/// is also the sum of what [`TczWriter::write`] returns.
pub fn record_overhead(name: &str, rank: usize) -> usize {
    let head = name.len() + 8 * rank;
    RECORD_FIXED + head + ENTRY_FIXED + head
}

/// Bytes of the metadata pairs: two lengths and the strings per pair.
pub(super) fn metadata_bytes(metadata: &BTreeMap<String, String>) -> usize {
    metadata
        .iter()
        .map(|(k, v)| 8 + k.len() + v.len())
        .fold(0, usize::saturating_add)
}

/// Bytes of `rec`'s record on disk, or `None` past `u64`.
pub(super) fn record_length(rec: &TensorRecord) -> Option<u64> {
    let mut n = (RECORD_FIXED + rec.name.len() + 8 * rec.shape.len()) as u64;
    n = n.checked_add(rec.params.len() as u64)?;
    for s in &rec.streams {
        n = n
            .checked_add(STREAM_OVERHEAD as u64)?
            .checked_add(s.len() as u64)?;
    }
    Some(n)
}

/// Smallest record with `name_len` name bytes and rank `rank`.
pub(super) fn min_record_length(name_len: usize, rank: usize) -> u64 {
    (RECORD_FIXED + name_len + 8 * rank) as u64
}

/// Product of the dims, or `None` on overflow.
pub(super) fn numel(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d))
}
