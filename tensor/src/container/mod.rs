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

mod crc;
mod layout;
mod reader;
mod writer;

#[cfg(test)]
mod tests;

pub use crc::{crc32c, Crc32c};
pub use layout::{file_overhead, record_overhead, IndexEntry, RecordKind, TensorRecord};
pub use layout::{FOOTER_MAGIC, INDEX_MAGIC, MAGIC, RECORD_MAGIC, VERSION};
pub use layout::{MAX_METADATA_BYTES, MAX_NAME_BYTES, MAX_RANK, STREAM_OVERHEAD};
pub use reader::{Records, TczReader};
pub use writer::TczWriter;
