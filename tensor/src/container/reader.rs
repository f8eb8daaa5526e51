//! Reading a `.tcz` file: header, metadata and index at open, records on
//! demand, every length and CRC checked before it is trusted.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufReader, Read, Seek, SeekFrom};
use std::path::Path;

use super::crc::*;
use super::layout::*;
use crate::safetensors::Dtype;
use golden::error::{Error, Result};
use golden::{invalid, unsupported};

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
pub(super) fn read_header<R: Read + Seek>(
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
pub(super) fn read_index<R: Read + Seek>(
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
pub(super) fn check_records_tile(
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
pub(super) fn read_tensor_head<R: Read>(
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
pub(super) struct Section<'a, R> {
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
pub(super) fn read_at<R: Read + Seek>(
    r: &mut R,
    offset: u64,
    len: usize,
) -> std::io::Result<Vec<u8>> {
    r.seek(SeekFrom::Start(offset))?;
    let mut b = vec![0u8; len];
    r.read_exact(&mut b)?;
    Ok(b)
}

/// CRC-32C of `len` bytes at `offset`, read in bounded chunks.
pub(super) fn crc_of<R: Read + Seek>(r: &mut R, offset: u64, len: u64) -> std::io::Result<u32> {
    Ok(crc_of_crc(r, offset, len, Crc32c::new())?.value())
}

/// Feeds `len` bytes at `offset` to `crc`, read in bounded chunks.
pub(super) fn crc_of_crc<R: Read + Seek>(
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

pub(super) fn io_error(label: &str, e: std::io::Error) -> Error {
    if e.kind() == std::io::ErrorKind::UnexpectedEof {
        Error::Truncated("tcz file ended before the size it had when opened")
    } else {
        Error::Config(format!("cannot read {label}: {e}"))
    }
}
