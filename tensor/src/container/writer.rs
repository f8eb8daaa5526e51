//! Writing a `.tcz` file record by record.

use std::collections::{BTreeMap, BTreeSet};
use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use super::crc::*;
use super::layout::*;
use crate::safetensors::Dtype;
use golden::error::{Error, Result};

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
pub(super) fn put_tensor_head<W: Write>(
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
pub(super) struct CrcWriter<W> {
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
