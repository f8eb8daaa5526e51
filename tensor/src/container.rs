//! The `.tcz` container: compressed tensors of one model, written and read
//! one record at a time.
//!
//! Layout (all integers little-endian; docs/container.md has every offset):
//! header (magic `TCZ\0`, version, flags, sorted metadata, CRC), one record
//! per tensor (magic `TCZr`, length, name / dtype / kind / shape, parameter
//! block, streams, CRC), the index (magic `TCZi`, one entry per record with
//! its offset, length and CRC) and a 24-byte footer ending in `TCZ!` that
//! locates the index and carries its CRC.
//!
//! The container never interprets a record's parameter block or streams. It
//! checks everything else before trusting it: every length against the bytes
//! that actually remain before allocating, records tiling the space between
//! header and index exactly, each record's header against its index entry,
//! and a CRC-32C over every byte of the file except the CRC fields
//! themselves, so a corrupt or truncated file is an error, never wrong data.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufReader, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::Path;

use super::safetensors::Dtype;
use golden::error::{Error, Result};
use golden::{invalid, unsupported};

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
const HEADER_FIXED: usize = 4 + 2 + 2 + 4 + 4 + 4;
/// Record bytes besides name, dims, stream lengths, parameters and streams:
/// magic, length, name length, dtype, kind, rank, stream count, parameter
/// length, CRC.
const RECORD_FIXED: usize = 4 + 8 + 4 + 1 + 1 + 1 + 4 + 8 + 4;
/// Index entry bytes besides name and dims: name length, dtype, kind, rank,
/// offset, length, CRC.
const ENTRY_FIXED: usize = 4 + 1 + 1 + 1 + 8 + 8 + 4;
/// Index bytes besides its entries: magic, entry count.
const INDEX_FIXED: usize = 4 + 4;
/// Footer bytes: index offset, index length, index CRC, magic.
const FOOTER_BYTES: usize = 8 + 8 + 4 + 4;
/// Bytes read at a time while checking a CRC ahead of parsing.
const CHUNK: usize = 64 << 10;

/// On-disk code of each dtype (stable: never renumber, only append).
const DTYPE_CODES: [(Dtype, u8); 15] = [
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

fn dtype_code(d: Dtype) -> u8 {
    // The table lists every dtype (checked by a test), so the default is dead.
    DTYPE_CODES
        .iter()
        .find(|e| e.0 == d)
        .map_or(u8::MAX, |e| e.1)
}

fn dtype_from_code(c: u8) -> Option<Dtype> {
    DTYPE_CODES.iter().find(|e| e.1 == c).map(|e| e.0)
}

// ---------------------------------------------------------------------------
// CRC-32C
// ---------------------------------------------------------------------------

/// CRC-32C (Castagnoli) generator 0x1EDC6F41, bit-reflected as CRCs that
/// shift right are computed (RFC 3720, B.4).
const CRC32C_POLY_REFLECTED: u32 = 0x82F6_3B78;

/// Slicing-by-8 tables: `T[0][b]` is the CRC of byte `b` alone (register
/// starting at 0); `T[k][b]` advances `T[k-1][b]` by one zero byte, so eight
/// bytes fold into the register with eight lookups.
const CRC_TABLES: [[u32; 256]; 8] = crc_tables();

const fn crc_tables() -> [[u32; 256]; 8] {
    let mut t = [[0u32; 256]; 8];
    let mut b = 0;
    while b < 256 {
        let mut c = b as u32;
        let mut k = 0;
        while k < 8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ CRC32C_POLY_REFLECTED
            } else {
                c >> 1
            };
            k += 1;
        }
        t[0][b] = c;
        b += 1;
    }
    let mut k = 1;
    while k < 8 {
        let mut b = 0;
        while b < 256 {
            let prev = t[k - 1][b];
            t[k][b] = (prev >> 8) ^ t[0][(prev & 0xff) as usize];
            b += 1;
        }
        k += 1;
    }
    t
}

/// Incremental CRC-32C: register preset to all ones, result inverted (the
/// iSCSI convention; `crc32c(b"123456789") == 0xE306_9283`).
#[derive(Clone, Copy, Debug)]
pub struct Crc32c(u32);

impl Default for Crc32c {
    fn default() -> Self {
        Self::new()
    }
}

impl Crc32c {
    /// A CRC over no bytes yet.
    pub fn new() -> Self {
        Crc32c(!0)
    }

    /// Feeds `data`.
    pub fn update(&mut self, data: &[u8]) {
        let t = &CRC_TABLES;
        let mut c = self.0;
        let mut words = data.chunks_exact(8);
        for w in &mut words {
            let lo = c ^ u32::from_le_bytes([w[0], w[1], w[2], w[3]]);
            let hi = u32::from_le_bytes([w[4], w[5], w[6], w[7]]);
            c = t[7][(lo & 0xff) as usize]
                ^ t[6][((lo >> 8) & 0xff) as usize]
                ^ t[5][((lo >> 16) & 0xff) as usize]
                ^ t[4][(lo >> 24) as usize]
                ^ t[3][(hi & 0xff) as usize]
                ^ t[2][((hi >> 8) & 0xff) as usize]
                ^ t[1][((hi >> 16) & 0xff) as usize]
                ^ t[0][(hi >> 24) as usize];
        }
        for &b in words.remainder() {
            c = (c >> 8) ^ t[0][((c ^ u32::from(b)) & 0xff) as usize];
        }
        self.0 = c;
    }

    /// The CRC of everything fed so far.
    pub fn value(&self) -> u32 {
        !self.0
    }
}

/// CRC-32C of `data`.
pub fn crc32c(data: &[u8]) -> u32 {
    let mut c = Crc32c::new();
    c.update(data);
    c.value()
}

// ---------------------------------------------------------------------------
// Records and sizes
// ---------------------------------------------------------------------------

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
fn metadata_bytes(metadata: &BTreeMap<String, String>) -> usize {
    metadata
        .iter()
        .map(|(k, v)| 8 + k.len() + v.len())
        .fold(0, usize::saturating_add)
}

/// Bytes of `rec`'s record on disk, or `None` past `u64`.
fn record_length(rec: &TensorRecord) -> Option<u64> {
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
fn min_record_length(name_len: usize, rank: usize) -> u64 {
    (RECORD_FIXED + name_len + 8 * rank) as u64
}

/// Product of the dims, or `None` on overflow.
fn numel(shape: &[usize]) -> Option<usize> {
    shape.iter().try_fold(1usize, |n, &d| n.checked_mul(d))
}

// ---------------------------------------------------------------------------
// Writer
// ---------------------------------------------------------------------------

/// Writes a `.tcz` file record by record; memory holds one record plus the
/// index (names and shapes). Dropping it without [`TczWriter::finish`] leaves
/// a file without footer, which readers reject.
pub struct TczWriter<W: Write = BufWriter<File>> {
    w: W,
    label: String,
    pos: u64,
    index: Vec<IndexEntry>,
    names: BTreeSet<String>,
    failed: bool,
}

impl TczWriter<BufWriter<File>> {
    /// Creates (or truncates) the file at `path` and writes its header.
    pub fn create(path: impl AsRef<Path>, metadata: &BTreeMap<String, String>) -> Result<Self> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let f =
            File::create(path).map_err(|e| Error::Config(format!("cannot write {label}: {e}")))?;
        Self::with_label(BufWriter::new(f), metadata, label)
    }
}

impl<W: Write> TczWriter<W> {
    /// Writes the header with `metadata` to `w`.
    pub fn new(w: W, metadata: &BTreeMap<String, String>) -> Result<Self> {
        Self::with_label(w, metadata, "tcz stream".to_string())
    }

    fn with_label(w: W, metadata: &BTreeMap<String, String>, label: String) -> Result<Self> {
        for k in metadata.keys() {
            if k.len() > MAX_NAME_BYTES {
                return Err(Error::Config(format!(
                    "{label}: metadata key of {} bytes (at most {MAX_NAME_BYTES})",
                    k.len()
                )));
            }
        }
        let m = metadata_bytes(metadata);
        if m > MAX_METADATA_BYTES {
            return Err(Error::Config(format!(
                "{label}: metadata of {m} bytes (at most {MAX_METADATA_BYTES})"
            )));
        }
        let mut me = TczWriter {
            w,
            label,
            pos: 0,
            index: Vec::new(),
            names: BTreeSet::new(),
            failed: false,
        };
        let mut out = CrcWriter::new(&mut me.w);
        let header = (|| {
            out.put(&MAGIC)?;
            out.put(&VERSION.to_le_bytes())?;
            out.put(&0u16.to_le_bytes())?; // flags: none defined in version 1
            out.put(&(m as u32).to_le_bytes())?;
            out.put(&(metadata.len() as u32).to_le_bytes())?;
            for (k, v) in metadata {
                out.put(&(k.len() as u32).to_le_bytes())?;
                out.put(k.as_bytes())?;
                out.put(&(v.len() as u32).to_le_bytes())?;
                out.put(v.as_bytes())?;
            }
            let crc = out.crc.value();
            out.put(&crc.to_le_bytes())
        })();
        me.pos = out.written;
        header.map_err(|e| Error::Config(format!("cannot write {}: {e}", me.label)))?;
        Ok(me)
    }

    /// Writes `rec` at once and returns the bytes it adds to the file (record
    /// plus index entry). A record that breaks a bound is refused with
    /// `Error::Config` and nothing written; after an I/O error every later
    /// call fails.
    pub fn write(&mut self, rec: &TensorRecord) -> Result<u64> {
        self.check_usable()?;
        let length = self.check_record(rec)?;
        let offset = self.pos;
        let mut out = CrcWriter::new(&mut self.w);
        let res = (|| {
            out.put(&RECORD_MAGIC)?;
            out.put(&length.to_le_bytes())?;
            put_tensor_head(&mut out, &rec.name, rec.dtype, rec.kind, &rec.shape)?;
            out.put(&(rec.streams.len() as u32).to_le_bytes())?;
            out.put(&(rec.params.len() as u64).to_le_bytes())?;
            for s in &rec.streams {
                out.put(&(s.len() as u64).to_le_bytes())?;
            }
            out.put(&rec.params)?;
            for s in &rec.streams {
                out.put(s)?;
            }
            let crc = out.crc.value();
            out.put(&crc.to_le_bytes())?;
            Ok(crc)
        })();
        self.pos += out.written;
        let checksum = res.map_err(|e| self.fail(e))?;
        debug_assert_eq!(self.pos - offset, length);
        self.names.insert(rec.name.clone());
        self.index.push(IndexEntry {
            name: rec.name.clone(),
            dtype: rec.dtype,
            shape: rec.shape.clone(),
            kind: rec.kind,
            offset,
            length,
            checksum,
        });
        Ok(length + (ENTRY_FIXED + rec.name.len() + 8 * rec.shape.len()) as u64)
    }

    /// Writes the index and footer, flushes, and returns the file's size.
    pub fn finish(mut self) -> Result<u64> {
        self.check_usable()?;
        let index_offset = self.pos;
        let index_len = INDEX_FIXED as u64
            + self
                .index
                .iter()
                .map(|e| (ENTRY_FIXED + e.name.len() + 8 * e.shape.len()) as u64)
                .sum::<u64>();
        let mut out = CrcWriter::new(&mut self.w);
        let index = &self.index;
        let res = (|| {
            out.put(&INDEX_MAGIC)?;
            out.put(&(index.len() as u32).to_le_bytes())?;
            for e in index {
                put_tensor_head(&mut out, &e.name, e.dtype, e.kind, &e.shape)?;
                out.put(&e.offset.to_le_bytes())?;
                out.put(&e.length.to_le_bytes())?;
                out.put(&e.checksum.to_le_bytes())?;
            }
            // The footer's CRC covers the index and the footer's own offset
            // and length fields.
            out.put(&index_offset.to_le_bytes())?;
            out.put(&index_len.to_le_bytes())?;
            let crc = out.crc.value();
            out.put(&crc.to_le_bytes())?;
            out.put(&FOOTER_MAGIC)?;
            out.w.flush()
        })();
        let size = self.pos + out.written;
        res.map_err(|e| self.fail(e))?;
        debug_assert_eq!(size, index_offset + index_len + FOOTER_BYTES as u64);
        Ok(size)
    }

    fn check_usable(&self) -> Result<()> {
        if self.failed {
            return Err(Error::Config(format!(
                "{}: an earlier write failed",
                self.label
            )));
        }
        Ok(())
    }

    fn fail(&mut self, e: std::io::Error) -> Error {
        self.failed = true;
        Error::Config(format!("cannot write {}: {e}", self.label))
    }

    /// Checks `rec` against the bounds a reader enforces; returns its length.
    fn check_record(&self, rec: &TensorRecord) -> Result<u64> {
        let bad =
            |what: String| Error::Config(format!("{}: tensor {:?}: {what}", self.label, rec.name));
        if rec.name.len() > MAX_NAME_BYTES {
            return Err(bad(format!(
                "name of {} bytes (at most {MAX_NAME_BYTES})",
                rec.name.len()
            )));
        }
        if self.names.contains(&rec.name) {
            return Err(bad("name already written".into()));
        }
        if self.index.len() >= u32::MAX as usize {
            return Err(bad("too many tensors".into()));
        }
        if rec.shape.len() > MAX_RANK {
            return Err(bad(format!(
                "rank {} (at most {MAX_RANK})",
                rec.shape.len()
            )));
        }
        if numel(&rec.shape).is_none() {
            return Err(bad(format!("shape {:?} overflows", rec.shape)));
        }
        if rec.streams.len() > u32::MAX as usize {
            return Err(bad(format!("{} streams", rec.streams.len())));
        }
        record_length(rec).ok_or_else(|| bad("record larger than 2^64 bytes".into()))
    }
}

/// Name, dtype, kind, rank and dims, as records and index entries share them.
fn put_tensor_head<W: Write>(
    out: &mut CrcWriter<W>,
    name: &str,
    dtype: Dtype,
    kind: RecordKind,
    shape: &[usize],
) -> std::io::Result<()> {
    out.put(&(name.len() as u32).to_le_bytes())?;
    out.put(name.as_bytes())?;
    out.put(&[dtype_code(dtype), kind.code(), shape.len() as u8])?;
    for &d in shape {
        out.put(&(d as u64).to_le_bytes())?;
    }
    Ok(())
}

/// A writer that counts bytes and keeps a running CRC.
struct CrcWriter<W> {
    w: W,
    crc: Crc32c,
    written: u64,
}

impl<W: Write> CrcWriter<W> {
    fn new(w: W) -> Self {
        CrcWriter {
            w,
            crc: Crc32c::new(),
            written: 0,
        }
    }

    fn put(&mut self, bytes: &[u8]) -> std::io::Result<()> {
        self.w.write_all(bytes)?;
        self.crc.update(bytes);
        self.written += bytes.len() as u64;
        Ok(())
    }
}

// ---------------------------------------------------------------------------
// Reader
// ---------------------------------------------------------------------------

/// Reads a `.tcz` file: header, metadata and index at open, then any record
/// on demand; memory holds the index plus the record being read.
pub struct TczReader<R = BufReader<File>> {
    r: R,
    label: String,
    metadata: BTreeMap<String, String>,
    index: Vec<IndexEntry>,
    by_name: BTreeMap<String, usize>,
}

impl TczReader<BufReader<File>> {
    /// Opens the file at `path` and validates header, metadata, index and
    /// footer (records are checked when read).
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref();
        let label = path.display().to_string();
        let f = File::open(path).map_err(|e| Error::Config(format!("cannot read {label}: {e}")))?;
        Self::with_label(BufReader::new(f), label)
    }
}

impl<R: Read + Seek> TczReader<R> {
    /// Validates header, metadata, index and footer read from `r`.
    pub fn new(r: R) -> Result<Self> {
        Self::with_label(r, "tcz stream".to_string())
    }

    fn with_label(mut r: R, label: String) -> Result<Self> {
        let size = r.seek(SeekFrom::End(0)).map_err(|e| io_error(&label, e))?;
        let io = |e| io_error(&label, e);
        // Magic and version first: a later version may lay out the rest
        // differently.
        let start = read_at(&mut r, 0, size.min(8) as usize).map_err(io)?;
        let n = start.len().min(4);
        if start[..n] != MAGIC[..n] {
            return Err(invalid!("{label}: not a tcz file (bad magic)"));
        }
        if start.len() < 8 {
            return Err(Error::Truncated("tcz file shorter than its header"));
        }
        let version = u16::from_le_bytes([start[4], start[5]]);
        if version != VERSION {
            return Err(unsupported!(
                "{label}: tcz version {version} (this reader knows {VERSION})"
            ));
        }
        let min_size = (HEADER_FIXED + INDEX_FIXED + FOOTER_BYTES) as u64;
        if size < min_size {
            return Err(Error::Truncated(
                "tcz file shorter than header, index and footer",
            ));
        }
        let footer = read_at(&mut r, size - FOOTER_BYTES as u64, FOOTER_BYTES).map_err(io)?;
        if footer[20..24] != FOOTER_MAGIC {
            return Err(Error::Truncated(
                "tcz file has no footer: truncated, or its writer did not finish",
            ));
        }
        let (metadata, header_end) = read_header(&mut r, &label, size)?;
        let (index, index_offset) = read_index(&mut r, &label, size, header_end, &footer)?;
        let by_name = check_records_tile(&index, &label, header_end, index_offset)?;
        Ok(TczReader {
            r,
            label,
            metadata,
            index,
            by_name,
        })
    }

    /// The metadata map of the header.
    pub fn metadata(&self) -> &BTreeMap<String, String> {
        &self.metadata
    }

    /// One entry per record, in file order.
    pub fn index(&self) -> &[IndexEntry] {
        &self.index
    }

    /// Position in [`Self::index`] of the tensor named `name`.
    pub fn find(&self, name: &str) -> Option<usize> {
        self.by_name.get(name).copied()
    }

    /// Reads record `i`, checking its CRC and that its header matches the
    /// index entry.
    pub fn read(&mut self, i: usize) -> Result<TensorRecord> {
        let Some(e) = self.index.get(i) else {
            return Err(Error::Config(format!(
                "{}: no record {i} (the file has {})",
                self.label,
                self.index.len()
            )));
        };
        let ctx = format!("{}: tensor {:?}", self.label, e.name);
        self.r
            .seek(SeekFrom::Start(e.offset))
            .map_err(|err| io_error(&self.label, err))?;
        // The tiling check guarantees length >= the minimal record > 4.
        let mut s = Section::new(&mut self.r, e.length - 4, &ctx, &self.label);
        if s.array::<4>("record magic")? != RECORD_MAGIC {
            return Err(invalid!(
                "{ctx}: no record magic at offset {} (misaligned or corrupt)",
                e.offset
            ));
        }
        let length = s.u64("record length")?;
        if length != e.length {
            return Err(invalid!(
                "{ctx}: record length {length}, index says {}",
                e.length
            ));
        }
        let (name, dtype, kind, shape) = read_tensor_head(&mut s)?;
        if name != e.name || dtype != e.dtype || kind != e.kind || shape != e.shape {
            return Err(invalid!(
                "{ctx}: record header ({name:?}, {}, {kind:?}, {shape:?}) differs from the index",
                dtype.name()
            ));
        }
        let count = s.u32("stream count")? as u64;
        let params_len = s.u64("parameter length")?;
        if count > s.left / 8 {
            return Err(invalid!("{ctx}: {count} streams cannot fit in the record"));
        }
        let mut lens = Vec::with_capacity(count as usize);
        for _ in 0..count {
            lens.push(s.u64("stream length")?);
        }
        let payload = lens.iter().try_fold(params_len, |a, &l| a.checked_add(l));
        if payload != Some(s.left) {
            return Err(invalid!(
                "{ctx}: parameter and stream lengths do not add up to the record's {} bytes",
                e.length
            ));
        }
        let params = s.bytes(params_len, "parameter block")?;
        let mut streams = Vec::with_capacity(lens.len());
        for l in lens {
            streams.push(s.bytes(l, "stream")?);
        }
        let crc = s.crc.value();
        let stored = u32::from_le_bytes(s.raw_array::<4>()?);
        if crc != stored || crc != e.checksum {
            return Err(invalid!(
                "{ctx}: checksum mismatch (computed {crc:08x}, record {stored:08x}, index {:08x})",
                e.checksum
            ));
        }
        Ok(TensorRecord {
            name,
            dtype,
            shape,
            kind,
            params,
            streams,
        })
    }

    /// All records in file order, one in memory at a time; stops after the
    /// first error.
    pub fn records(&mut self) -> Records<'_, R> {
        Records {
            reader: self,
            next: 0,
            failed: false,
        }
    }
}

/// Iterator over the records of a [`TczReader`].
pub struct Records<'a, R> {
    reader: &'a mut TczReader<R>,
    next: usize,
    failed: bool,
}

impl<R: Read + Seek> Iterator for Records<'_, R> {
    type Item = Result<TensorRecord>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.next >= self.reader.index.len() {
            return None;
        }
        let rec = self.reader.read(self.next);
        self.next += 1;
        self.failed = rec.is_err();
        Some(rec)
    }
}

/// Reads and checks the header; returns the metadata and the header's size.
fn read_header<R: Read + Seek>(
    r: &mut R,
    label: &str,
    size: u64,
) -> Result<(BTreeMap<String, String>, u64)> {
    let io = |e| io_error(label, e);
    let fixed = read_at(r, 0, HEADER_FIXED - 4).map_err(io)?;
    let flags = u16::from_le_bytes([fixed[6], fixed[7]]);
    let meta_len = u32::from_le_bytes([fixed[8], fixed[9], fixed[10], fixed[11]]) as u64;
    let header_end = HEADER_FIXED as u64 + meta_len;
    if meta_len > MAX_METADATA_BYTES as u64
        || header_end + (INDEX_FIXED + FOOTER_BYTES) as u64 > size
    {
        return Err(invalid!(
            "{label}: header claims {meta_len} bytes of metadata"
        ));
    }
    // The CRC first, in bounded chunks, so nothing unchecked is parsed.
    let body = header_end - 4;
    let crc = crc_of(r, 0, body).map_err(io)?;
    let stored = read_at(r, body, 4).map_err(io)?;
    if crc != u32::from_le_bytes([stored[0], stored[1], stored[2], stored[3]]) {
        return Err(invalid!("{label}: header checksum mismatch"));
    }
    if flags != 0 {
        return Err(unsupported!(
            "{label}: header flags {flags:#06x} (version 1 defines none)"
        ));
    }
    r.seek(SeekFrom::Start(12)).map_err(io)?;
    let ctx = format!("{label}: metadata");
    let mut s = Section::new(r, 4 + meta_len, &ctx, label);
    let pairs = s.u32("pair count")? as u64;
    if pairs > meta_len / 8 {
        return Err(invalid!(
            "{ctx}: {pairs} pairs cannot fit in {meta_len} bytes"
        ));
    }
    let mut metadata = BTreeMap::new();
    let mut last: Option<String> = None;
    for _ in 0..pairs {
        let klen = s.u32("key length")? as u64;
        if klen > MAX_NAME_BYTES as u64 {
            return Err(invalid!(
                "{ctx}: key of {klen} bytes (at most {MAX_NAME_BYTES})"
            ));
        }
        let key = s.utf8(klen, "key")?;
        let vlen = s.u32("value length")? as u64;
        let value = s.utf8(vlen, "value")?;
        if last.as_ref().is_some_and(|l| *l >= key) {
            return Err(invalid!("{ctx}: key {key:?} out of order or repeated"));
        }
        last = Some(key.clone());
        metadata.insert(key, value);
    }
    if s.left != 0 {
        return Err(invalid!("{ctx}: {} bytes after the last pair", s.left));
    }
    Ok((metadata, header_end))
}

/// Reads and checks the index located by `footer`; returns it and its offset.
fn read_index<R: Read + Seek>(
    r: &mut R,
    label: &str,
    size: u64,
    header_end: u64,
    footer: &[u8],
) -> Result<(Vec<IndexEntry>, u64)> {
    let io = |e| io_error(label, e);
    let le64 = |b: &[u8]| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]]);
    let index_offset = le64(&footer[0..8]);
    let index_len = le64(&footer[8..16]);
    let stored = u32::from_le_bytes([footer[16], footer[17], footer[18], footer[19]]);
    let end = index_offset
        .checked_add(index_len)
        .and_then(|e| e.checked_add(FOOTER_BYTES as u64));
    if index_offset < header_end || index_len < INDEX_FIXED as u64 || end != Some(size) {
        return Err(invalid!(
            "{label}: footer places the index at {index_offset} ({index_len} bytes) in a file \
             of {size} bytes whose header ends at {header_end}"
        ));
    }
    let mut crc = crc_of_crc(r, index_offset, index_len, Crc32c::new()).map_err(io)?;
    crc.update(&footer[0..16]);
    if crc.value() != stored {
        return Err(invalid!("{label}: index checksum mismatch"));
    }
    r.seek(SeekFrom::Start(index_offset)).map_err(io)?;
    let ctx = format!("{label}: index");
    let mut s = Section::new(r, index_len, &ctx, label);
    if s.array::<4>("magic")? != INDEX_MAGIC {
        return Err(invalid!("{ctx}: bad magic at offset {index_offset}"));
    }
    let count = s.u32("entry count")? as u64;
    if count > s.left / ENTRY_FIXED as u64 {
        return Err(invalid!(
            "{ctx}: {count} entries cannot fit in {index_len} bytes"
        ));
    }
    let mut index = Vec::with_capacity(count as usize);
    for _ in 0..count {
        let (name, dtype, kind, shape) = read_tensor_head(&mut s)?;
        let offset = s.u64("record offset")?;
        let length = s.u64("record length")?;
        let checksum = s.u32("record checksum")?;
        index.push(IndexEntry {
            name,
            dtype,
            shape,
            kind,
            offset,
            length,
            checksum,
        });
    }
    if s.left != 0 {
        return Err(invalid!("{ctx}: {} bytes after the last entry", s.left));
    }
    Ok((index, index_offset))
}

/// Checks that the records lie back to back from the header to the index,
/// each long enough for its header, with distinct names; maps names to
/// positions.
fn check_records_tile(
    index: &[IndexEntry],
    label: &str,
    header_end: u64,
    index_offset: u64,
) -> Result<BTreeMap<String, usize>> {
    let mut at = header_end;
    let mut by_name = BTreeMap::new();
    for (i, e) in index.iter().enumerate() {
        let min = min_record_length(e.name.len(), e.shape.len());
        if e.offset != at || e.length < min {
            return Err(invalid!(
                "{label}: tensor {:?}: record at {} of {} bytes, expected at {at} and at least \
                 {min} bytes",
                e.name,
                e.offset,
                e.length
            ));
        }
        at = at
            .checked_add(e.length)
            .filter(|&a| a <= index_offset)
            .ok_or_else(|| invalid!("{label}: tensor {:?}: record runs into the index", e.name))?;
        if by_name.insert(e.name.clone(), i).is_some() {
            return Err(invalid!("{label}: tensor {:?} appears twice", e.name));
        }
    }
    if at != index_offset {
        return Err(invalid!(
            "{label}: {} bytes between the last record and the index",
            index_offset - at
        ));
    }
    Ok(by_name)
}

/// Reads name, dtype, kind, rank and dims with their bounds checked.
fn read_tensor_head<R: Read>(
    s: &mut Section<'_, R>,
) -> Result<(String, Dtype, RecordKind, Vec<usize>)> {
    let name_len = s.u32("name length")? as u64;
    if name_len > MAX_NAME_BYTES as u64 {
        return Err(invalid!(
            "{}: name of {name_len} bytes (at most {MAX_NAME_BYTES})",
            s.ctx
        ));
    }
    let name = s.utf8(name_len, "name")?;
    let [d, k, rank] = s.array::<3>("dtype, kind and rank")?;
    let ctx = format!("{}: tensor {name:?}", s.ctx);
    let dtype = dtype_from_code(d).ok_or_else(|| invalid!("{ctx}: unknown dtype code {d}"))?;
    let kind =
        RecordKind::from_code(k).ok_or_else(|| invalid!("{ctx}: unknown record kind {k}"))?;
    if rank as usize > MAX_RANK {
        return Err(invalid!("{ctx}: rank {rank} (at most {MAX_RANK})"));
    }
    let mut shape = Vec::with_capacity(rank as usize);
    for _ in 0..rank {
        let d = s.u64("dimension")?;
        shape.push(usize::try_from(d).map_err(|_| invalid!("{ctx}: dimension {d} too large"))?);
    }
    if numel(&shape).is_none() {
        return Err(invalid!("{ctx}: shape {shape:?} overflows"));
    }
    Ok((name, dtype, kind, shape))
}

/// A stretch of the file of known length, read in order while a CRC runs:
/// every length read from it is checked against what is left before any
/// allocation.
struct Section<'a, R> {
    r: &'a mut R,
    left: u64,
    crc: Crc32c,
    ctx: &'a str,
    label: &'a str,
}

impl<'a, R: Read> Section<'a, R> {
    fn new(r: &'a mut R, left: u64, ctx: &'a str, label: &'a str) -> Self {
        Section {
            r,
            left,
            crc: Crc32c::new(),
            ctx,
            label,
        }
    }

    /// The next `N` bytes, outside the section and its CRC.
    fn raw_array<const N: usize>(&mut self) -> Result<[u8; N]> {
        let mut b = [0u8; N];
        self.r.read_exact(&mut b).map_err(|e| self.io(e))?;
        Ok(b)
    }

    fn array<const N: usize>(&mut self, what: &str) -> Result<[u8; N]> {
        self.claim(N as u64, what)?;
        let b = self.raw_array::<N>()?;
        self.crc.update(&b);
        Ok(b)
    }

    fn u32(&mut self, what: &str) -> Result<u32> {
        Ok(u32::from_le_bytes(self.array(what)?))
    }

    fn u64(&mut self, what: &str) -> Result<u64> {
        Ok(u64::from_le_bytes(self.array(what)?))
    }

    fn bytes(&mut self, n: u64, what: &str) -> Result<Vec<u8>> {
        self.claim(n, what)?;
        let n = usize::try_from(n).map_err(|_| invalid!("{}: {what} of {n} bytes", self.ctx))?;
        let mut b = vec![0u8; n];
        self.r.read_exact(&mut b).map_err(|e| self.io(e))?;
        self.crc.update(&b);
        Ok(b)
    }

    fn utf8(&mut self, n: u64, what: &str) -> Result<String> {
        let b = self.bytes(n, what)?;
        String::from_utf8(b).map_err(|_| invalid!("{}: {what} is not UTF-8", self.ctx))
    }

    /// Takes `n` bytes off the section, or fails if fewer are left.
    fn claim(&mut self, n: u64, what: &str) -> Result<()> {
        if n > self.left {
            return Err(invalid!(
                "{}: {what} of {n} bytes overruns its section ({} bytes left)",
                self.ctx,
                self.left
            ));
        }
        self.left -= n;
        Ok(())
    }

    fn io(&self, e: std::io::Error) -> Error {
        io_error(self.label, e)
    }
}

/// `len` bytes at `offset` (small fixed-size fields only).
fn read_at<R: Read + Seek>(r: &mut R, offset: u64, len: usize) -> std::io::Result<Vec<u8>> {
    r.seek(SeekFrom::Start(offset))?;
    let mut b = vec![0u8; len];
    r.read_exact(&mut b)?;
    Ok(b)
}

/// CRC-32C of `len` bytes at `offset`, read in bounded chunks.
fn crc_of<R: Read + Seek>(r: &mut R, offset: u64, len: u64) -> std::io::Result<u32> {
    Ok(crc_of_crc(r, offset, len, Crc32c::new())?.value())
}

/// Feeds `len` bytes at `offset` to `crc`, read in bounded chunks.
fn crc_of_crc<R: Read + Seek>(
    r: &mut R,
    offset: u64,
    len: u64,
    mut crc: Crc32c,
) -> std::io::Result<Crc32c> {
    r.seek(SeekFrom::Start(offset))?;
    let mut buf = vec![0u8; len.min(CHUNK as u64) as usize];
    let mut left = len;
    while left > 0 {
        let n = (left.min(CHUNK as u64)) as usize;
        r.read_exact(&mut buf[..n])?;
        crc.update(&buf[..n]);
        left -= n as u64;
    }
    Ok(crc)
}

fn io_error(label: &str, e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::UnexpectedEof {
        Error::Truncated("tcz file ended before the size it had when opened")
    } else {
        Error::Config(format!("cannot read {label}: {e}"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::cell::Cell;
    use std::io::Cursor;
    use std::rc::Rc;

    fn rec(
        name: &str,
        dtype: Dtype,
        shape: &[usize],
        kind: RecordKind,
        params: &[u8],
        streams: &[&[u8]],
    ) -> TensorRecord {
        TensorRecord {
            name: name.to_string(),
            dtype,
            shape: shape.to_vec(),
            kind,
            params: params.to_vec(),
            streams: streams.iter().map(|s| s.to_vec()).collect(),
        }
    }

    /// Deterministic filler bytes (a 32-bit LCG's high bytes).
    fn filler(n: usize, seed: u32) -> Vec<u8> {
        let mut x = seed;
        (0..n)
            .map(|_| {
                x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                (x >> 24) as u8
            })
            .collect()
    }

    fn meta(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    /// Records covering rank 0..4, UTF-8 names, no streams, empty streams,
    /// many streams and both kinds.
    fn sample_records() -> Vec<TensorRecord> {
        let many: Vec<Vec<u8>> = (0..300).map(|i| filler(i % 7, i as u32)).collect();
        let many: Vec<&[u8]> = many.iter().map(|s| s.as_slice()).collect();
        vec![
            rec(
                "scale",
                Dtype::F32,
                &[],
                RecordKind::Raw,
                &[],
                &[&[0, 0, 128, 63]],
            ),
            rec(
                "bias",
                Dtype::I64,
                &[2],
                RecordKind::Raw,
                &[],
                &[&filler(16, 1)],
            ),
            rec(
                "層.重み ✓",
                Dtype::BF16,
                &[3, 4],
                RecordKind::Codec,
                &[1, 2, 3],
                &[&[9; 5], &[]],
            ),
            rec("", Dtype::F16, &[0, 5, 1], RecordKind::Codec, &[], &[]),
            rec(
                "tiles",
                Dtype::F32,
                &[2, 3, 4, 5],
                RecordKind::Codec,
                &filler(40, 2),
                &many,
            ),
        ]
    }

    /// Writes `recs` to memory; returns the bytes and what each write returned.
    fn write_mem(m: &BTreeMap<String, String>, recs: &[TensorRecord]) -> (Vec<u8>, Vec<u64>) {
        let mut buf = Vec::new();
        let mut w = TczWriter::new(&mut buf, m).unwrap();
        let sizes: Vec<u64> = recs.iter().map(|r| w.write(r).unwrap()).collect();
        let size = w.finish().unwrap();
        assert_eq!(size, buf.len() as u64);
        (buf, sizes)
    }

    /// Opens `bytes` and reads every record.
    fn read_all(bytes: &[u8]) -> Result<(BTreeMap<String, String>, Vec<TensorRecord>)> {
        let mut r = TczReader::new(Cursor::new(bytes))?;
        let recs = r.records().collect::<Result<Vec<_>>>()?;
        Ok((r.metadata().clone(), recs))
    }

    fn small_file() -> Vec<u8> {
        let recs = vec![
            rec("a", Dtype::U8, &[3], RecordKind::Raw, &[], &[&[1, 2, 3]]),
            rec(
                "bé",
                Dtype::F16,
                &[1, 2],
                RecordKind::Codec,
                &[7],
                &[&[5, 6], &[]],
            ),
            rec("c", Dtype::Bool, &[], RecordKind::Codec, &[], &[]),
        ];
        write_mem(&meta(&[("k", "v")]), &recs).0
    }

    fn temp_path(tag: &str) -> std::path::PathBuf {
        std::env::temp_dir().join(format!("tcz-test-{}-{tag}.tcz", std::process::id()))
    }

    // --- CRC-32C -----------------------------------------------------------

    /// Bit-at-a-time CRC-32C straight from the definition (reflected
    /// polynomial, preset and final inversion).
    fn crc_bitwise(data: &[u8]) -> u32 {
        let mut c = !0u32;
        for &b in data {
            c ^= u32::from(b);
            for _ in 0..8 {
                c = if c & 1 != 0 {
                    (c >> 1) ^ 0x82F6_3B78
                } else {
                    c >> 1
                };
            }
        }
        !c
    }

    #[test]
    fn crc32c_published_vectors() {
        // The catalogue check value of CRC-32/ISCSI.
        assert_eq!(crc32c(b"123456789"), 0xE306_9283);
        // RFC 3720, appendix B.4.
        assert_eq!(crc32c(&[0u8; 32]), 0x8A91_36AA);
        assert_eq!(crc32c(&[0xFFu8; 32]), 0x62A8_AB43);
        let inc: Vec<u8> = (0..32).collect();
        assert_eq!(crc32c(&inc), 0x46DD_794E);
        let dec: Vec<u8> = (0..32).rev().collect();
        assert_eq!(crc32c(&dec), 0x113F_DB5C);
        assert_eq!(crc32c(&[]), 0);
    }

    proptest! {
        #[test]
        fn crc32c_matches_bitwise_definition_in_any_split(
            data in proptest::collection::vec(any::<u8>(), 0..200),
            cut in any::<prop::sample::Index>(),
        ) {
            prop_assert_eq!(crc32c(&data), crc_bitwise(&data));
            let cut = cut.index(data.len() + 1);
            let mut c = Crc32c::new();
            c.update(&data[..cut]);
            c.update(&data[cut..]);
            prop_assert_eq!(c.value(), crc_bitwise(&data));
        }
    }

    #[test]
    fn dtype_codes_cover_every_dtype_once() {
        for d in Dtype::ALL {
            assert_eq!(DTYPE_CODES.iter().filter(|e| e.0 == d).count(), 1);
            assert_eq!(dtype_from_code(dtype_code(d)), Some(d));
        }
        for (i, e) in DTYPE_CODES.iter().enumerate() {
            assert_eq!(e.1 as usize, i);
        }
        assert_eq!(dtype_from_code(15), None);
    }

    // --- hand-built files: the documented layout ------------------------------

    fn le32(v: u32) -> [u8; 4] {
        v.to_le_bytes()
    }

    fn le64(v: u64) -> [u8; 8] {
        v.to_le_bytes()
    }

    fn with_crc(mut b: Vec<u8>) -> Vec<u8> {
        let c = crc32c(&b);
        b.extend_from_slice(&le32(c));
        b
    }

    /// Header as docs/container.md lays it out.
    fn hb_header(version: u16, flags: u16, pairs: &[(&[u8], &[u8])]) -> Vec<u8> {
        let m: usize = pairs.iter().map(|(k, v)| 8 + k.len() + v.len()).sum();
        let mut b = b"TCZ\0".to_vec();
        b.extend_from_slice(&version.to_le_bytes());
        b.extend_from_slice(&flags.to_le_bytes());
        b.extend_from_slice(&le32(m as u32));
        b.extend_from_slice(&le32(pairs.len() as u32));
        for (k, v) in pairs {
            b.extend_from_slice(&le32(k.len() as u32));
            b.extend_from_slice(k);
            b.extend_from_slice(&le32(v.len() as u32));
            b.extend_from_slice(v);
        }
        with_crc(b)
    }

    /// Name, dtype code, kind code, rank, dims.
    fn hb_head(name: &[u8], dtype: u8, kind: u8, dims: &[u64]) -> Vec<u8> {
        let mut b = le32(name.len() as u32).to_vec();
        b.extend_from_slice(name);
        b.extend_from_slice(&[dtype, kind, dims.len() as u8]);
        for &d in dims {
            b.extend_from_slice(&le64(d));
        }
        b
    }

    fn hb_record(head: &[u8], params: &[u8], streams: &[&[u8]]) -> Vec<u8> {
        let len = 4 + 8 + head.len() + 4 + 8 + 8 * streams.len() + params.len() + 4;
        let len = len + streams.iter().map(|s| s.len()).sum::<usize>();
        let mut b = b"TCZr".to_vec();
        b.extend_from_slice(&le64(len as u64));
        b.extend_from_slice(head);
        b.extend_from_slice(&le32(streams.len() as u32));
        b.extend_from_slice(&le64(params.len() as u64));
        for s in streams {
            b.extend_from_slice(&le64(s.len() as u64));
        }
        b.extend_from_slice(params);
        for s in streams {
            b.extend_from_slice(s);
        }
        with_crc(b)
    }

    /// Header, records back to back, index (entry `i` with head `heads[i]`
    /// and record `i`'s offset, length and CRC), footer.
    fn hb_file(header: &[u8], records: &[Vec<u8>], heads: &[Vec<u8>]) -> Vec<u8> {
        let mut file = header.to_vec();
        let mut index = b"TCZi".to_vec();
        index.extend_from_slice(&le32(heads.len() as u32));
        for (r, h) in records.iter().zip(heads) {
            index.extend_from_slice(h);
            index.extend_from_slice(&le64(file.len() as u64));
            index.extend_from_slice(&le64(r.len() as u64));
            index.extend_from_slice(&r[r.len() - 4..]);
            file.extend_from_slice(r);
        }
        let mut footer = le64(file.len() as u64).to_vec();
        footer.extend_from_slice(&le64(index.len() as u64));
        let mut crc = Crc32c::new();
        crc.update(&index);
        crc.update(&footer);
        footer.extend_from_slice(&le32(crc.value()));
        footer.extend_from_slice(b"TCZ!");
        file.extend_from_slice(&index);
        file.extend_from_slice(&footer);
        file
    }

    #[test]
    fn writer_output_is_the_documented_layout() {
        let head = hb_head(b"w", 7, 1, &[2, 3]);
        let record = hb_record(&head, &[9], &[&[1, 2], &[]]);
        let want = hb_file(&hb_header(1, 0, &[(b"a", b"b")]), &[record], &[head]);
        // Sizes from the tables of docs/container.md: header 20 + 10, record
        // 35 + 1 + 16 + 2 * 8 + 1 + 2, index 8 + 27 + 1 + 16, footer 24.
        assert_eq!(want.len(), 30 + 71 + 52 + 24);
        let r = rec(
            "w",
            Dtype::F16,
            &[2, 3],
            RecordKind::Codec,
            &[9],
            &[&[1, 2], &[]],
        );
        let (got, sizes) = write_mem(&meta(&[("a", "b")]), std::slice::from_ref(&r));
        assert_eq!(got, want);
        assert_eq!(sizes, vec![71 + 27 + 1 + 16]);
        let (m, recs) = read_all(&want).unwrap();
        assert_eq!(m, meta(&[("a", "b")]));
        assert_eq!(recs, vec![r]);
        let rd = TczReader::new(Cursor::new(&want)).unwrap();
        let e = &rd.index()[0];
        assert_eq!((e.offset, e.length), (30, 71));
        assert_eq!(e.checksum.to_le_bytes(), want[97..101]);
    }

    /// A hand-built file with one record whose head is `head`.
    fn one_record_file(pairs: &[(&[u8], &[u8])], head: Vec<u8>) -> Vec<u8> {
        let record = hb_record(&head, &[], &[&[1]]);
        hb_file(&hb_header(1, 0, pairs), &[record], &[head])
    }

    fn is_invalid_naming(e: &Error, what: &str) -> bool {
        matches!(e, Error::Invalid(m) if m.contains(what))
    }

    #[test]
    fn well_formed_checksums_do_not_excuse_bad_content() {
        let ok = hb_head(b"t", 11, 0, &[1]);
        assert!(read_all(&one_record_file(&[], ok.clone())).is_ok());
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (
                one_record_file(&[], hb_head(b"t", 15, 0, &[1])),
                "dtype code 15",
            ),
            (
                one_record_file(&[], hb_head(b"t", 11, 2, &[1])),
                "record kind 2",
            ),
            (
                one_record_file(&[], hb_head(b"t", 11, 0, &[1; 9])),
                "rank 9",
            ),
            (
                one_record_file(&[], hb_head(b"t", 11, 0, &[1 << 40, 1 << 40])),
                "overflows",
            ),
            (
                one_record_file(&[], hb_head(&[0xff, 0xfe], 11, 0, &[1])),
                "not UTF-8",
            ),
            (
                one_record_file(&[(b"b", b""), (b"a", b"")], ok.clone()),
                "out of order",
            ),
            (
                one_record_file(&[(b"a", b""), (b"a", b"")], ok.clone()),
                "out of order",
            ),
            (one_record_file(&[(b"a", &[0xc3])], ok.clone()), "not UTF-8"),
        ];
        for (file, what) in cases {
            let e = read_all(&file).unwrap_err();
            assert!(is_invalid_naming(&e, what), "{what}: {e}");
        }
        let long = vec![b'x'; MAX_NAME_BYTES + 1];
        let e = read_all(&one_record_file(&[], hb_head(&long, 11, 0, &[]))).unwrap_err();
        assert!(is_invalid_naming(&e, "name of 65537 bytes"), "{e}");
        // Two records with one name.
        let r = hb_record(&ok, &[], &[]);
        let file = hb_file(
            &hb_header(1, 0, &[]),
            &[r.clone(), r],
            &[ok.clone(), ok.clone()],
        );
        assert!(is_invalid_naming(
            &read_all(&file).unwrap_err(),
            "appears twice"
        ));
        // A record whose header differs from its index entry.
        let other = hb_head(b"t", 11, 0, &[2]);
        let file = hb_file(
            &hb_header(1, 0, &[]),
            &[hb_record(&other, &[], &[])],
            std::slice::from_ref(&ok),
        );
        let e = read_all(&file).unwrap_err();
        assert!(is_invalid_naming(&e, "differs from the index"), "{e}");
        // A record whose stream lengths do not fill it.
        let mut rec = hb_record(&ok, &[], &[&[1, 2]]);
        let at = 4 + 8 + ok.len() + 4 + 8;
        rec[at] = 1;
        let n = rec.len() - 4;
        let c = crc32c(&rec[..n]);
        rec[n..].copy_from_slice(&le32(c));
        let file = hb_file(&hb_header(1, 0, &[]), &[rec], &[ok]);
        let e = read_all(&file).unwrap_err();
        assert!(is_invalid_naming(&e, "do not add up"), "{e}");
    }

    #[test]
    fn other_versions_and_flags_are_unsupported() {
        let head = hb_head(b"t", 11, 0, &[1]);
        let record = hb_record(&head, &[], &[&[1]]);
        for (version, flags) in [(2, 0), (0, 0), (u16::MAX, 0), (1, 1), (1, 0x8000)] {
            let file = hb_file(
                &hb_header(version, flags, &[]),
                std::slice::from_ref(&record),
                std::slice::from_ref(&head),
            );
            let e = read_all(&file).unwrap_err();
            assert!(matches!(e, Error::Unsupported(_)), "{version} {flags}: {e}");
        }
        // Version 2 is refused even when the rest is not a version 1 layout.
        let mut bytes = b"TCZ\0\x02\x00".to_vec();
        bytes.extend_from_slice(&[0xAA; 100]);
        assert!(matches!(read_all(&bytes), Err(Error::Unsupported(_))));
    }

    // --- round trips ------------------------------------------------------------

    #[test]
    fn round_trip_and_random_access() {
        let recs = sample_records();
        let m = meta(&[("format", "pt"), ("ключ", "значение"), ("", "")]);
        let (bytes, sizes) = write_mem(&m, &recs);
        // Every byte is accounted for by the overhead functions.
        let mut want = file_overhead(&m, recs.len()) as u64;
        for (r, &s) in recs.iter().zip(&sizes) {
            let own = record_overhead(&r.name, r.shape.len())
                + r.params.len()
                + r.streams
                    .iter()
                    .map(|s| STREAM_OVERHEAD + s.len())
                    .sum::<usize>();
            assert_eq!(s, own as u64);
            want += s;
        }
        assert_eq!(bytes.len() as u64, want);
        let (got_meta, got) = read_all(&bytes).unwrap();
        assert_eq!(got_meta, m);
        assert_eq!(got, recs);
        let mut r = TczReader::new(Cursor::new(&bytes)).unwrap();
        for i in [4, 0, 3, 3, 1, 2, 0, 4] {
            assert_eq!(r.read(i).unwrap(), recs[i]);
            assert_eq!(r.find(&recs[i].name), Some(i));
            let e = &r.index()[i];
            let header = (&e.name, e.dtype, &e.shape, e.kind);
            assert_eq!(
                header,
                (&recs[i].name, recs[i].dtype, &recs[i].shape, recs[i].kind)
            );
        }
        assert_eq!(r.find("missing"), None);
        assert!(matches!(r.read(5), Err(Error::Config(_))));
    }

    #[test]
    fn empty_model_round_trips() {
        let (bytes, _) = write_mem(&BTreeMap::new(), &[]);
        assert_eq!(bytes.len(), file_overhead(&BTreeMap::new(), 0));
        let (m, recs) = read_all(&bytes).unwrap();
        assert!(m.is_empty() && recs.is_empty());
    }

    #[test]
    fn large_payloads_through_a_file() {
        let path = temp_path("large");
        let big: Vec<Vec<u8>> = (0..24).map(|i| filler(100_000 + i, i as u32)).collect();
        let big: Vec<&[u8]> = big.iter().map(|s| s.as_slice()).collect();
        let recs = vec![
            rec(
                "raw",
                Dtype::F32,
                &[1024, 1536],
                RecordKind::Raw,
                &[],
                &[&filler(6 << 20, 9)],
            ),
            rec(
                "coded",
                Dtype::BF16,
                &[4096, 4096],
                RecordKind::Codec,
                &filler(70_000, 3),
                &big,
            ),
            rec("x", Dtype::U8, &[], RecordKind::Raw, &[], &[&[42]]),
        ];
        let m = meta(&[("model", "test")]);
        let mut w = TczWriter::create(&path, &m).unwrap();
        let mut total = file_overhead(&m, recs.len()) as u64;
        for r in &recs {
            total += w.write(r).unwrap();
        }
        assert_eq!(w.finish().unwrap(), total);
        assert_eq!(std::fs::metadata(&path).unwrap().len(), total);
        let mut r = TczReader::open(&path).unwrap();
        assert_eq!(r.metadata(), &m);
        for i in [2, 0, 1] {
            assert_eq!(r.read(i).unwrap(), recs[i]);
        }
        let all: Vec<TensorRecord> = r.records().map(|x| x.unwrap()).collect();
        assert_eq!(all, recs);
        std::fs::remove_file(&path).unwrap();
    }

    /// Counts the bytes read through it.
    struct Counting<R> {
        inner: R,
        count: Rc<Cell<u64>>,
    }

    impl<R: Read> Read for Counting<R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.inner.read(buf)?;
            self.count.set(self.count.get() + n as u64);
            Ok(n)
        }
    }

    impl<R: Seek> Seek for Counting<R> {
        fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
            self.inner.seek(pos)
        }
    }

    #[test]
    fn reader_reads_only_what_it_needs() {
        let payloads: Vec<Vec<u8>> = (0..5).map(|i| filler(200_000, i)).collect();
        let recs: Vec<TensorRecord> = payloads
            .iter()
            .enumerate()
            .map(|(i, p)| {
                rec(
                    &format!("t{i}"),
                    Dtype::U8,
                    &[p.len()],
                    RecordKind::Raw,
                    &[],
                    &[p],
                )
            })
            .collect();
        let (bytes, _) = write_mem(&meta(&[("k", "v")]), &recs);
        let count = Rc::new(Cell::new(0));
        let inner = Cursor::new(&bytes);
        let mut r = TczReader::new(Counting {
            inner,
            count: count.clone(),
        })
        .unwrap();
        // Opening reads header, index and footer (header and index twice:
        // once for the CRC, once to parse), not the records.
        assert!(count.get() < 1000, "open read {} bytes", count.get());
        for i in [3, 1, 4, 0, 2] {
            let before = count.get();
            r.read(i).unwrap();
            assert_eq!(count.get() - before, r.index()[i].length);
        }
        let before = count.get();
        let mut it = r.records();
        it.next().unwrap().unwrap();
        assert_eq!(count.get() - before, record_length(&recs[0]).unwrap());
    }

    // --- corruption -------------------------------------------------------------

    #[test]
    fn every_truncation_is_an_error() {
        let bytes = small_file();
        for cut in 0..bytes.len() {
            assert!(
                TczReader::new(Cursor::new(&bytes[..cut])).is_err(),
                "cut at {cut}"
            );
        }
        let mut longer = bytes.clone();
        longer.push(0);
        assert!(TczReader::new(Cursor::new(&longer)).is_err());
        let mut longer = bytes[..bytes.len() - 24].to_vec();
        longer.push(0);
        longer.extend_from_slice(&bytes[bytes.len() - 24..]);
        assert!(TczReader::new(Cursor::new(&longer)).is_err());
    }

    #[test]
    fn every_bit_flip_is_an_error() {
        let bytes = small_file();
        assert!(read_all(&bytes).is_ok());
        for i in 0..bytes.len() * 8 {
            let mut b = bytes.clone();
            b[i / 8] ^= 1 << (i % 8);
            assert!(
                read_all(&b).is_err(),
                "flip of bit {} of byte {}",
                i % 8,
                i / 8
            );
        }
    }

    #[test]
    fn unfinished_writers_leave_unreadable_files() {
        let recs = sample_records();
        // In memory: dropped after two records, or before any.
        for n in [0, 2] {
            let mut buf = Vec::new();
            let mut w = TczWriter::new(&mut buf, &BTreeMap::new()).unwrap();
            for r in &recs[..n] {
                w.write(r).unwrap();
            }
            drop(w);
            assert!(matches!(
                TczReader::new(Cursor::new(&buf)),
                Err(Error::Truncated(_))
            ));
        }
        // On disk.
        let path = temp_path("unfinished");
        let mut w = TczWriter::create(&path, &meta(&[("a", "b")])).unwrap();
        w.write(&recs[1]).unwrap();
        drop(w);
        assert!(matches!(TczReader::open(&path), Err(Error::Truncated(_))));
        std::fs::remove_file(&path).unwrap();
        assert!(
            matches!(TczReader::open(&path), Err(Error::Config(m)) if m.contains("unfinished"))
        );
    }

    /// Accepts `limit` bytes, then fails.
    struct Failing {
        limit: usize,
    }

    impl Write for Failing {
        fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
            if buf.len() > self.limit {
                return Err(std::io::Error::other("disk full"));
            }
            self.limit -= buf.len();
            Ok(buf.len())
        }
        fn flush(&mut self) -> std::io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn writer_refuses_bad_records_and_stops_after_io_errors() {
        let good = rec("a", Dtype::U8, &[1], RecordKind::Raw, &[], &[&[1]]);
        let mut buf = Vec::new();
        let mut w = TczWriter::new(&mut buf, &BTreeMap::new()).unwrap();
        w.write(&good).unwrap();
        let long = "x".repeat(MAX_NAME_BYTES + 1);
        let bad = [
            rec("a", Dtype::U8, &[1], RecordKind::Raw, &[], &[]),
            rec(&long, Dtype::U8, &[1], RecordKind::Raw, &[], &[]),
            rec("r", Dtype::U8, &[1; 9], RecordKind::Raw, &[], &[]),
            rec("o", Dtype::U8, &[usize::MAX, 2], RecordKind::Raw, &[], &[]),
        ];
        for b in &bad {
            assert!(matches!(w.write(b), Err(Error::Config(_))), "{:?}", b.shape);
        }
        w.finish().unwrap();
        assert_eq!(read_all(&buf).unwrap().1, vec![good.clone()]);

        let huge = meta(&[(long.as_str(), "")]);
        assert!(matches!(
            TczWriter::new(Vec::new(), &huge),
            Err(Error::Config(_))
        ));
        assert!(TczWriter::new(Failing { limit: 10 }, &BTreeMap::new()).is_err());
        let mut w = TczWriter::new(Failing { limit: 40 }, &BTreeMap::new()).unwrap();
        assert!(matches!(w.write(&good), Err(Error::Config(_))));
        let g2 = rec("b", Dtype::U8, &[], RecordKind::Raw, &[], &[]);
        assert!(matches!(w.write(&g2), Err(Error::Config(m)) if m.contains("earlier")));
        assert!(matches!(w.finish(), Err(Error::Config(_))));
    }

    fn arb_record() -> impl Strategy<Value = TensorRecord> {
        (
            ".{0,12}",
            0..Dtype::ALL.len(),
            proptest::collection::vec(0usize..9, 0..5),
            any::<bool>(),
            proptest::collection::vec(any::<u8>(), 0..40),
            proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..40), 0..6),
        )
            .prop_map(|(name, d, shape, coded, params, streams)| TensorRecord {
                name,
                dtype: Dtype::ALL[d],
                shape,
                kind: if coded {
                    RecordKind::Codec
                } else {
                    RecordKind::Raw
                },
                params,
                streams,
            })
    }

    proptest! {
        #[test]
        fn random_models_round_trip_in_any_order(
            recs in proptest::collection::vec(arb_record(), 0..6),
            m in proptest::collection::btree_map(".{0,6}", ".{0,10}", 0..4),
            order in Just((0..6).collect::<Vec<usize>>()).prop_shuffle(),
        ) {
            // Distinct names: suffix the position.
            let recs: Vec<TensorRecord> = recs
                .into_iter()
                .enumerate()
                .map(|(i, mut r)| { r.name = format!("{}#{i}", r.name); r })
                .collect();
            let (bytes, sizes) = write_mem(&m, &recs);
            let total = file_overhead(&m, recs.len()) as u64 + sizes.iter().sum::<u64>();
            prop_assert_eq!(bytes.len() as u64, total);
            let mut r = TczReader::new(Cursor::new(&bytes)).unwrap();
            prop_assert_eq!(r.metadata(), &m);
            for &i in order.iter().filter(|&&i| i < recs.len()) {
                prop_assert_eq!(&r.read(i).unwrap(), &recs[i]);
            }
        }

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
            let _ = read_all(&bytes);
            let mut prefixed = b"TCZ\0\x01\x00".to_vec();
            prefixed.extend_from_slice(&bytes);
            let _ = read_all(&prefixed);
        }

        #[test]
        fn any_changed_byte_is_an_error(pos in any::<prop::sample::Index>(), x in 1u8..=255) {
            let mut bytes = small_file();
            let i = pos.index(bytes.len());
            bytes[i] ^= x;
            prop_assert!(read_all(&bytes).is_err());
        }

        #[test]
        fn random_footer_and_header_fields_never_panic(
            fields in proptest::collection::vec(any::<u64>(), 4),
            at in proptest::collection::vec(any::<prop::sample::Index>(), 4),
        ) {
            let mut bytes = small_file();
            for (v, a) in fields.iter().zip(&at) {
                let i = a.index(bytes.len() - 7);
                bytes[i..i + 8].copy_from_slice(&v.to_le_bytes());
            }
            let _ = read_all(&bytes);
        }
    }
}
