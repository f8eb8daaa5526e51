//! Reader and writer for the safetensors format.
//!
//! Layout: an 8-byte little-endian header length `N`, `N` bytes of JSON
//! header, then the raw little-endian tensor data. The header maps each tensor
//! name to `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative
//! to the start of the data section) plus an optional `"__metadata__"` map of
//! strings.
//!
//! Everything in the header is checked before any tensor is handed out: known
//! dtype, `shape` product times dtype size equal to the byte length, and the
//! tensors' byte ranges tiling the data section exactly (no gap, no overlap,
//! nothing past the end), which is the rule of the format's reference reader.
//!
//! Order: tensors are listed in data order (ascending `data_offsets`, i.e. the
//! order of their bytes in the file; zero-size tensors sharing an offset are
//! ordered by name). This does not depend on the order of keys in the JSON
//! header, and it is the order [`serialize`] lays the data out in, so a
//! read -> write -> read round trip keeps it.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom};
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use serde_json::Value;

use golden::align::{self, bf16_bits_to_f32, f16_bits_to_f32, FloatVec};
use golden::error::{Error, Result};
use golden::{invalid, unsupported};

/// Largest JSON header accepted, in bytes (the reference reader's bound).
pub const MAX_HEADER_BYTES: u64 = 100 << 20;

/// Key of the free-form string map in the header.
const METADATA_KEY: &str = "__metadata__";

/// Element type of a tensor, named as in the header.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Dtype {
    Bool,
    U8,
    I8,
    F8E5M2,
    F8E4M3,
    I16,
    U16,
    F16,
    BF16,
    I32,
    U32,
    F32,
    I64,
    U64,
    F64,
}

/// Every dtype with its header name and size in bytes.
const DTYPES: [(Dtype, &str, usize); 15] = [
    (Dtype::Bool, "BOOL", 1),
    (Dtype::U8, "U8", 1),
    (Dtype::I8, "I8", 1),
    (Dtype::F8E5M2, "F8_E5M2", 1),
    (Dtype::F8E4M3, "F8_E4M3", 1),
    (Dtype::I16, "I16", 2),
    (Dtype::U16, "U16", 2),
    (Dtype::F16, "F16", 2),
    (Dtype::BF16, "BF16", 2),
    (Dtype::I32, "I32", 4),
    (Dtype::U32, "U32", 4),
    (Dtype::F32, "F32", 4),
    (Dtype::I64, "I64", 8),
    (Dtype::U64, "U64", 8),
    (Dtype::F64, "F64", 8),
];

impl Dtype {
    /// All dtypes, in the order of [`DTYPES`].
    pub const ALL: [Dtype; 15] = {
        let mut all = [Dtype::Bool; 15];
        let mut i = 0;
        while i < 15 {
            all[i] = DTYPES[i].0;
            i += 1;
        }
        all
    };

    /// The dtype spelled `name` in a header, if known.
    pub fn from_name(name: &str) -> Option<Dtype> {
        DTYPES.iter().find(|d| d.1 == name).map(|d| d.0)
    }

    /// The header spelling of this dtype.
    pub fn name(self) -> &'static str {
        DTYPES[self as usize].1
    }

    /// Bytes per element.
    pub fn size(self) -> usize {
        DTYPES[self as usize].2
    }

    /// The format of the alignment unit (`golden::align`) for this dtype:
    /// F32, F16 and BF16; any other dtype is `Unsupported`.
    pub fn align(self) -> Result<align::Dtype> {
        match self {
            Dtype::F32 => Ok(align::Dtype::F32),
            Dtype::F16 => Ok(align::Dtype::F16),
            Dtype::BF16 => Ok(align::Dtype::Bf16),
            other => Err(unsupported!("align: dtype {} is not a float", other.name())),
        }
    }
}

/// The safetensors dtype of an alignment format (the same name).
impl From<align::Dtype> for Dtype {
    fn from(d: align::Dtype) -> Dtype {
        match d {
            align::Dtype::F32 => Dtype::F32,
            align::Dtype::F16 => Dtype::F16,
            align::Dtype::Bf16 => Dtype::BF16,
        }
    }
}

/// One tensor's header entry: name, type, shape and where its bytes lie.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TensorView {
    pub name: String,
    pub dtype: Dtype,
    pub shape: Vec<usize>,
    /// Byte range within the data section (not within the file).
    pub offsets: Range<usize>,
}

impl TensorView {
    /// Number of elements (product of the shape; 1 for a scalar).
    pub fn numel(&self) -> usize {
        // Checked when the header was parsed, so this cannot overflow.
        self.shape.iter().product()
    }
}

/// A tensor to write: name, type, shape and its little-endian bytes.
#[derive(Clone, Copy, Debug)]
pub struct TensorData<'a> {
    pub name: &'a str,
    pub dtype: Dtype,
    pub shape: &'a [usize],
    pub data: &'a [u8],
}

/// A parsed safetensors file held in memory.
#[derive(Clone, Debug)]
pub struct SafeTensors {
    bytes: Vec<u8>,
    data_start: usize,
    tensors: Vec<TensorView>,
    metadata: BTreeMap<String, String>,
}

impl SafeTensors {
    /// Reads and validates the file at `path` (the whole file is read).
    pub fn read(path: impl AsRef<Path>) -> Result<Self> {
        Self::from_bytes(read_file(path.as_ref())?)
    }

    /// Validates `bytes` as a safetensors file and takes ownership of them.
    pub fn from_bytes(bytes: Vec<u8>) -> Result<Self> {
        let (data_start, tensors, metadata) = parse(&bytes)?;
        Ok(SafeTensors {
            bytes,
            data_start,
            tensors,
            metadata,
        })
    }

    /// All tensors in data order (see the module documentation).
    pub fn tensors(&self) -> &[TensorView] {
        &self.tensors
    }

    /// The `__metadata__` map (empty when the header has none).
    pub fn metadata(&self) -> &BTreeMap<String, String> {
        &self.metadata
    }

    /// The tensor named `name`, if present.
    pub fn get(&self, name: &str) -> Option<&TensorView> {
        self.tensors.iter().find(|t| t.name == name)
    }

    /// The raw little-endian bytes of `tensor` (an entry of [`Self::tensors`]).
    pub fn data(&self, tensor: &TensorView) -> &[u8] {
        let r = &tensor.offsets;
        &self.bytes[self.data_start + r.start..self.data_start + r.end]
    }

    /// The raw bytes of the tensor named `name`.
    pub fn bytes(&self, name: &str) -> Result<&[u8]> {
        Ok(self.data(self.lookup(name)?))
    }

    /// The tensor named `name` as `f32` values, for F32, F16 and BF16 data
    /// (each conversion is exact); other dtypes are `Unsupported`.
    pub fn to_f32(&self, name: &str) -> Result<Vec<f32>> {
        let t = self.lookup(name)?;
        let data = self.data(t);
        match t.dtype {
            Dtype::F32 => Ok(data
                .chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                .collect()),
            Dtype::F16 => Ok(data
                .chunks_exact(2)
                .map(|b| f16_bits_to_f32(u16::from_le_bytes([b[0], b[1]])))
                .collect()),
            Dtype::BF16 => Ok(data
                .chunks_exact(2)
                .map(|b| bf16_bits_to_f32(u16::from_le_bytes([b[0], b[1]])))
                .collect()),
            other => Err(unsupported!(
                "tensor {name}: dtype {} has no exact f32 conversion",
                other.name()
            )),
        }
    }

    /// Serializes all tensors and the metadata (see [`serialize`]).
    pub fn to_bytes(&self) -> Result<Vec<u8>> {
        let list: Vec<TensorData> = self
            .tensors
            .iter()
            .map(|t| TensorData {
                name: &t.name,
                dtype: t.dtype,
                shape: &t.shape,
                data: self.data(t),
            })
            .collect();
        serialize(&list, &self.metadata)
    }

    /// Writes all tensors and the metadata to `path`.
    pub fn write(&self, path: impl AsRef<Path>) -> Result<()> {
        write_bytes(path.as_ref(), &self.to_bytes()?)
    }

    fn lookup(&self, name: &str) -> Result<&TensorView> {
        self.get(name)
            .ok_or_else(|| Error::Config(format!("no tensor named {name:?}")))
    }
}

/// Where a whole model's tensors are read from: a file in memory
/// ([`SafeTensors`]) or read in place ([`SafeTensorsFile`]).
pub trait TensorSource: Sync {
    /// All tensors in data order.
    fn tensors(&self) -> &[TensorView];
    /// The `__metadata__` map.
    fn metadata(&self) -> &BTreeMap<String, String>;
    /// The raw little-endian bytes of `tensor` (an entry of `tensors`).
    fn bytes_of(&self, tensor: &TensorView) -> Result<Cow<'_, [u8]>>;
    /// The values of the F32, F16 or BF16 tensor `tensor`.
    fn floats(&self, tensor: &TensorView) -> Result<FloatVec>;
}

impl TensorSource for SafeTensors {
    fn tensors(&self) -> &[TensorView] {
        &self.tensors
    }
    fn metadata(&self) -> &BTreeMap<String, String> {
        &self.metadata
    }
    fn bytes_of(&self, tensor: &TensorView) -> Result<Cow<'_, [u8]>> {
        Ok(Cow::Borrowed(self.data(tensor)))
    }
    fn floats(&self, tensor: &TensorView) -> Result<FloatVec> {
        FloatVec::from_le_bytes(self.data(tensor), tensor.dtype.align()?)
    }
}

/// A safetensors file read in place: the header is read and checked when it
/// is opened (as [`SafeTensors::from_bytes`] checks it), each tensor's bytes
/// are read from the file when asked for, so a model is never held whole.
#[derive(Debug)]
pub struct SafeTensorsFile {
    file: Mutex<File>,
    path: PathBuf,
    data_start: u64,
    tensors: Vec<TensorView>,
    metadata: BTreeMap<String, String>,
}

/// Bytes read at a time from a [`SafeTensorsFile`] (a multiple of every
/// element size).
const READ_CHUNK: usize = 1 << 20;

impl SafeTensorsFile {
    /// Opens the file at `path` and reads and checks its header.
    pub fn open(path: impl AsRef<Path>) -> Result<Self> {
        let path = path.as_ref().to_path_buf();
        let fail =
            |e: std::io::Error| Error::Config(format!("cannot read {}: {e}", path.display()));
        let mut file = File::open(&path).map_err(fail)?;
        let len = file.metadata().map_err(fail)?.len();
        let mut first = [0u8; 8];
        let got = read_up_to(&mut file, &mut first).map_err(fail)?;
        let data_start = data_start(Some(&first[..got]))?;
        if len < data_start as u64 {
            return Err(Error::Truncated("safetensors header"));
        }
        let mut header = vec![0u8; data_start - 8];
        file.read_exact(&mut header).map_err(fail)?;
        let data_len = usize::try_from(len - data_start as u64)
            .map_err(|_| unsupported!("{} bytes of tensor data", len - data_start as u64))?;
        let (data_start, tensors, metadata) = parse_header(&header, data_start, data_len)?;
        Ok(SafeTensorsFile {
            file: Mutex::new(file),
            path,
            data_start: data_start as u64,
            tensors,
            metadata,
        })
    }

    /// Reads the bytes of `tensor` a chunk at a time (at most
    /// [`READ_CHUNK`] bytes, whole elements) into `take`.
    fn read_chunks(&self, tensor: &TensorView, mut take: impl FnMut(&[u8])) -> Result<()> {
        let fail =
            |e: std::io::Error| Error::Config(format!("cannot read {}: {e}", self.path.display()));
        let mut file = self.file.lock().unwrap_or_else(|p| p.into_inner());
        file.seek(SeekFrom::Start(
            self.data_start + tensor.offsets.start as u64,
        ))
        .map_err(fail)?;
        let mut buf = vec![0u8; READ_CHUNK.min(tensor.offsets.len())];
        let mut left = tensor.offsets.len();
        while left > 0 {
            let chunk = &mut buf[..left.min(READ_CHUNK)];
            file.read_exact(chunk).map_err(fail)?;
            take(chunk);
            left -= chunk.len();
        }
        Ok(())
    }
}

/// Reads into `buf` until it is full or the reader ends; the bytes read.
fn read_up_to(r: &mut impl Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut got = 0;
    while got < buf.len() {
        match r.read(&mut buf[got..]) {
            Ok(0) => break,
            Ok(k) => got += k,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(got)
}

impl TensorSource for SafeTensorsFile {
    fn tensors(&self) -> &[TensorView] {
        &self.tensors
    }
    fn metadata(&self) -> &BTreeMap<String, String> {
        &self.metadata
    }
    fn bytes_of(&self, tensor: &TensorView) -> Result<Cow<'_, [u8]>> {
        let mut out = Vec::with_capacity(tensor.offsets.len());
        self.read_chunks(tensor, |c| out.extend_from_slice(c))?;
        Ok(Cow::Owned(out))
    }
    fn floats(&self, tensor: &TensorView) -> Result<FloatVec> {
        // Converted a chunk at a time: the tensor's bytes are not held
        // beside its values.
        let dtype = tensor.dtype.align()?;
        let n = tensor.numel();
        let mut out = match dtype {
            align::Dtype::F32 => FloatVec::F32(Vec::with_capacity(n)),
            align::Dtype::F16 => FloatVec::F16(Vec::with_capacity(n)),
            align::Dtype::Bf16 => FloatVec::Bf16(Vec::with_capacity(n)),
        };
        self.read_chunks(tensor, |c| match &mut out {
            FloatVec::F32(v) => v.extend(
                c.chunks_exact(4)
                    .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]])),
            ),
            FloatVec::F16(v) | FloatVec::Bf16(v) => {
                v.extend(c.chunks_exact(2).map(|b| u16::from_le_bytes([b[0], b[1]])))
            }
        })?;
        Ok(out)
    }
}

/// Builds a safetensors file: data laid out in the order of `tensors`, header
/// keys in that order after `__metadata__` (omitted when empty), header padded
/// with spaces to a multiple of 8 bytes as the reference writer does.
pub fn serialize(tensors: &[TensorData], metadata: &BTreeMap<String, String>) -> Result<Vec<u8>> {
    let head = file_header(tensors, metadata)?;
    let mut out =
        Vec::with_capacity(head.len() + tensors.iter().map(|t| t.data.len()).sum::<usize>());
    out.extend_from_slice(&head);
    for t in tensors {
        out.extend_from_slice(t.data);
    }
    Ok(out)
}

/// Writes the file [`serialize`] builds to `w`, tensor by tensor (no copy
/// of the whole file in memory). An error leaves `w` with part of a file.
pub fn serialize_to(
    tensors: &[TensorData],
    metadata: &BTreeMap<String, String>,
    mut w: impl std::io::Write,
) -> Result<()> {
    let io = |e: std::io::Error| Error::Config(format!("cannot write safetensors stream: {e}"));
    w.write_all(&file_header(tensors, metadata)?).map_err(io)?;
    for t in tensors {
        w.write_all(t.data).map_err(io)?;
    }
    w.flush().map_err(io)
}

/// The 8-byte header length and the header of [`serialize`]'s file, after
/// checking every tensor's name and size.
fn file_header(tensors: &[TensorData], metadata: &BTreeMap<String, String>) -> Result<Vec<u8>> {
    let mut names = std::collections::BTreeSet::new();
    let mut header = String::from("{");
    let mut entries = Vec::with_capacity(tensors.len() + 1);
    if !metadata.is_empty() {
        let pairs: Vec<String> = metadata
            .iter()
            .map(|(k, v)| format!("{}:{}", json_string(k), json_string(v)))
            .collect();
        entries.push(format!(
            "{}:{{{}}}",
            json_string(METADATA_KEY),
            pairs.join(",")
        ));
    }
    let mut offset = 0usize;
    for t in tensors {
        if t.name == METADATA_KEY || !names.insert(t.name) {
            return Err(Error::Config(format!(
                "tensor name {:?} reserved or repeated",
                t.name
            )));
        }
        let nbytes = byte_len(t.dtype, t.shape)
            .ok_or_else(|| Error::Config(format!("tensor {}: shape too large", t.name)))?;
        if nbytes != t.data.len() {
            return Err(Error::Config(format!(
                "tensor {}: shape {:?} {} needs {nbytes} bytes, got {}",
                t.name,
                t.shape,
                t.dtype.name(),
                t.data.len()
            )));
        }
        let shape: Vec<String> = t.shape.iter().map(|d| d.to_string()).collect();
        entries.push(format!(
            "{}:{{\"dtype\":\"{}\",\"shape\":[{}],\"data_offsets\":[{},{}]}}",
            json_string(t.name),
            t.dtype.name(),
            shape.join(","),
            offset,
            offset + nbytes
        ));
        offset += nbytes;
    }
    header.push_str(&entries.join(","));
    header.push('}');
    // Pad so that the data section starts 8-byte aligned.
    while (8 + header.len()) % 8 != 0 {
        header.push(' ');
    }
    let mut out = Vec::with_capacity(8 + header.len());
    out.extend_from_slice(&(header.len() as u64).to_le_bytes());
    out.extend_from_slice(header.as_bytes());
    Ok(out)
}

/// Serializes `tensors` and `metadata` (see [`serialize`]) into the file `path`.
pub fn write(
    path: impl AsRef<Path>,
    tensors: &[TensorData],
    metadata: &BTreeMap<String, String>,
) -> Result<()> {
    write_bytes(path.as_ref(), &serialize(tensors, metadata)?)
}

/// The whole file at `path`; a `Config` error naming it when it cannot be read.
pub(crate) fn read_file(path: &Path) -> Result<Vec<u8>> {
    std::fs::read(path).map_err(|e| Error::Config(format!("cannot read {}: {e}", path.display())))
}

fn json_string(s: &str) -> String {
    // Serializing a str cannot fail.
    serde_json::to_string(s).unwrap_or_default()
}

fn write_bytes(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes)
        .map_err(|e| Error::Config(format!("cannot write {}: {e}", path.display())))
}

/// Bytes of a tensor of `shape`, or `None` on overflow.
fn byte_len(dtype: Dtype, shape: &[usize]) -> Option<usize> {
    shape
        .iter()
        .try_fold(1usize, |n, &d| n.checked_mul(d))?
        .checked_mul(dtype.size())
}

type Parsed = (usize, Vec<TensorView>, BTreeMap<String, String>);

fn parse(bytes: &[u8]) -> Result<Parsed> {
    let data_start = data_start(bytes.get(..8))?;
    let header = bytes
        .get(8..data_start)
        .ok_or(Error::Truncated("safetensors header"))?;
    parse_header(header, data_start, bytes.len() - data_start)
}

/// Where the data section starts, from the file's first 8 bytes (the header
/// length; `None` or fewer bytes: the file is shorter).
fn data_start(first: Option<&[u8]>) -> Result<usize> {
    let len_bytes: [u8; 8] = first
        .and_then(|b| b.try_into().ok())
        .ok_or(Error::Truncated("safetensors header length"))?;
    let n = u64::from_le_bytes(len_bytes);
    if n > MAX_HEADER_BYTES {
        return Err(invalid!(
            "safetensors header length {n} exceeds {MAX_HEADER_BYTES}"
        ));
    }
    // n <= 100 MiB, so this cannot overflow.
    Ok(8 + n as usize)
}

/// Parses and checks the JSON `header` of a file whose data section starts
/// at `data_start` and holds `data_len` bytes.
fn parse_header(header: &[u8], data_start: usize, data_len: usize) -> Result<Parsed> {
    let map: BTreeMap<String, Value> = serde_json::from_slice(header)
        .map_err(|e| invalid!("safetensors header is not a JSON object: {e}"))?;

    let mut metadata = BTreeMap::new();
    let mut tensors = Vec::with_capacity(map.len());
    for (name, value) in map {
        if name == METADATA_KEY {
            metadata = parse_metadata(value)?;
        } else {
            tensors.push(parse_entry(name, &value, data_len)?);
        }
    }
    // Data order; ties (zero-size tensors) by name. No hash order anywhere.
    tensors.sort_by(|a, b| {
        (a.offsets.start, a.offsets.end, &a.name).cmp(&(b.offsets.start, b.offsets.end, &b.name))
    });
    let mut cursor = 0;
    for t in &tensors {
        if t.offsets.start != cursor {
            return Err(invalid!(
                "tensor {}: data starts at {} but the previous tensor ends at {cursor} \
                 (gap or overlap)",
                t.name,
                t.offsets.start
            ));
        }
        cursor = t.offsets.end;
    }
    if cursor != data_len {
        return Err(invalid!("tensors cover {cursor} of {data_len} data bytes"));
    }
    Ok((data_start, tensors, metadata))
}

fn parse_metadata(value: Value) -> Result<BTreeMap<String, String>> {
    let Value::Object(obj) = value else {
        return Err(invalid!("{METADATA_KEY} is not a JSON object"));
    };
    let mut out = BTreeMap::new();
    for (k, v) in obj {
        let Value::String(s) = v else {
            return Err(invalid!("{METADATA_KEY} entry {k:?} is not a string"));
        };
        out.insert(k, s);
    }
    Ok(out)
}

fn parse_entry(name: String, value: &Value, data_len: usize) -> Result<TensorView> {
    let Value::Object(obj) = value else {
        return Err(invalid!("tensor {name}: header entry is not a JSON object"));
    };
    if let Some(k) = obj
        .keys()
        .find(|k| !matches!(k.as_str(), "dtype" | "shape" | "data_offsets"))
    {
        return Err(invalid!("tensor {name}: unknown header field {k:?}"));
    }
    let dtype_name = obj
        .get("dtype")
        .and_then(Value::as_str)
        .ok_or_else(|| invalid!("tensor {name}: missing or non-string dtype"))?;
    let dtype = Dtype::from_name(dtype_name)
        .ok_or_else(|| unsupported!("tensor {name}: unknown dtype {dtype_name:?}"))?;
    let shape = usize_array(obj.get("shape"))
        .ok_or_else(|| invalid!("tensor {name}: shape is not an array of sizes"))?;
    let offsets = usize_array(obj.get("data_offsets"))
        .filter(|o| o.len() == 2)
        .ok_or_else(|| invalid!("tensor {name}: data_offsets is not [begin, end]"))?;
    let (begin, end) = (offsets[0], offsets[1]);
    if begin > end || end > data_len {
        return Err(invalid!(
            "tensor {name}: data_offsets [{begin}, {end}] outside the {data_len} data bytes"
        ));
    }
    let nbytes = byte_len(dtype, &shape)
        .ok_or_else(|| invalid!("tensor {name}: shape {shape:?} overflows"))?;
    if nbytes != end - begin {
        return Err(invalid!(
            "tensor {name}: shape {shape:?} {dtype_name} needs {nbytes} bytes, \
             data_offsets give {}",
            end - begin
        ));
    }
    Ok(TensorView {
        name,
        dtype,
        shape,
        offsets: begin..end,
    })
}

/// A JSON array of non-negative integers that fit a `usize`.
fn usize_array(value: Option<&Value>) -> Option<Vec<usize>> {
    value?
        .as_array()?
        .iter()
        .map(|v| v.as_u64().and_then(|u| usize::try_from(u).ok()))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn file(header: &str, data: &[u8]) -> Vec<u8> {
        let mut out = (header.len() as u64).to_le_bytes().to_vec();
        out.extend_from_slice(header.as_bytes());
        out.extend_from_slice(data);
        out
    }

    fn err_of(header: &str, data: &[u8]) -> Error {
        SafeTensors::from_bytes(file(header, data)).unwrap_err()
    }

    fn is_invalid_naming(e: &Error, what: &str) -> bool {
        matches!(e, Error::Invalid(m) if m.contains(what))
    }

    #[test]
    fn hand_written_file_parses() {
        // 1.0f32 = 0x3f800000, -2.0 = 0xc0000000; F16 1.0 = 0x3c00; BF16 -3.0 = 0xc040.
        let data = [0, 0, 0x80, 0x3f, 0, 0, 0, 0xc0, 0x00, 0x3c, 0x40, 0xc0];
        let h = r#"{"b":{"dtype":"F16","shape":[1],"data_offsets":[8,10]},
            "a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},
            "c":{"dtype":"BF16","shape":[],"data_offsets":[10,12]},
            "__metadata__":{"format":"pt"}}"#;
        let st = SafeTensors::from_bytes(file(h, &data)).unwrap();
        let names: Vec<&str> = st.tensors().iter().map(|t| t.name.as_str()).collect();
        assert_eq!(names, ["a", "b", "c"]);
        assert_eq!(st.get("c").unwrap().shape, Vec::<usize>::new());
        assert_eq!(st.get("c").unwrap().numel(), 1);
        assert_eq!(st.to_f32("a").unwrap(), [1.0, -2.0]);
        assert_eq!(st.to_f32("b").unwrap(), [1.0]);
        assert_eq!(st.to_f32("c").unwrap(), [-3.0]);
        assert_eq!(st.bytes("b").unwrap(), &[0x00, 0x3c]);
        assert_eq!(st.metadata()["format"], "pt");
        assert!(matches!(st.to_f32("nope"), Err(Error::Config(_))));
    }

    #[test]
    fn data_order_not_key_order() {
        let h = r#"{"z":{"dtype":"U8","shape":[1],"data_offsets":[0,1]},
                   "a":{"dtype":"U8","shape":[1],"data_offsets":[1,2]}}"#;
        let st = SafeTensors::from_bytes(file(h, &[7, 9])).unwrap();
        assert_eq!(st.tensors()[0].name, "z");
        assert_eq!(st.bytes("a").unwrap(), &[9]);
    }

    #[test]
    fn corrupt_headers_are_errors() {
        let ok = r#"{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#;
        assert!(SafeTensors::from_bytes(file(ok, &[0; 8])).is_ok());
        // Truncated before the length, inside the header, inside the data.
        assert_eq!(
            SafeTensors::from_bytes(vec![1, 2, 3]).unwrap_err(),
            Error::Truncated("safetensors header length")
        );
        let full = file(ok, &[0; 8]);
        assert_eq!(
            SafeTensors::from_bytes(full[..20].to_vec()).unwrap_err(),
            Error::Truncated("safetensors header")
        );
        assert!(is_invalid_naming(&err_of(ok, &[0; 7]), "t: data_offsets"));
        // Huge length.
        let mut huge = u64::MAX.to_le_bytes().to_vec();
        huge.extend_from_slice(b"{}");
        assert!(is_invalid_naming(
            &SafeTensors::from_bytes(huge).unwrap_err(),
            "exceeds"
        ));
        // Bad offsets, shape and dtype, each naming the tensor.
        let cases = [
            (
                r#"{"t":{"dtype":"F32","shape":[2],"data_offsets":[8,0]}}"#,
                "t: data_offsets",
            ),
            (
                r#"{"t":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}}"#,
                "t: shape",
            ),
            (
                r#"{"t":{"dtype":"F32","shape":[-2],"data_offsets":[0,8]}}"#,
                "t: shape",
            ),
            (
                r#"{"t":{"dtype":"F32","shape":[2],"data_offsets":[0]}}"#,
                "t: data_offsets",
            ),
            (
                r#"{"t":{"dtype":7,"shape":[2],"data_offsets":[0,8]}}"#,
                "t: missing",
            ),
            (r#"{"t":{"shape":[2],"data_offsets":[0,8]}}"#, "t: missing"),
            (
                r#"{"t":{"dtype":"F32","shape":[2],"data_offsets":[0,8],"x":1}}"#,
                "t: unknown",
            ),
            (
                r#"{"t":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,8]}}"#,
                "t: shape",
            ),
            (r#"{"t":[1]}"#, "t: header entry"),
            (
                r#"{"__metadata__":{"k":1},"t":{"dtype":"U8","shape":[8],"data_offsets":[0,8]}}"#,
                "\"k\" is not a string",
            ),
            (r#"[1,2]"#, "not a JSON object"),
            (r#"{"t":"#, "not a JSON object"),
        ];
        for (h, what) in cases {
            let e = err_of(h, &[0; 8]);
            assert!(is_invalid_naming(&e, what), "{h}: {e:?}");
        }
        let e = err_of(
            r#"{"t":{"dtype":"F7","shape":[2],"data_offsets":[0,8]}}"#,
            &[0; 8],
        );
        assert!(
            matches!(&e, Error::Unsupported(m) if m.contains("t: unknown dtype")),
            "{e:?}"
        );
        // Non-UTF-8 header.
        let mut bad = 2u64.to_le_bytes().to_vec();
        bad.extend_from_slice(&[0xff, 0xfe]);
        assert!(SafeTensors::from_bytes(bad).is_err());
    }

    #[test]
    fn data_must_be_tiled_exactly() {
        let u8s = |a: &str, b: &str| -> String {
            format!(
                r#"{{"a":{{"dtype":"U8","shape":[2],"data_offsets":{a}}},
                    "b":{{"dtype":"U8","shape":[2],"data_offsets":{b}}}}}"#
            )
        };
        assert!(SafeTensors::from_bytes(file(&u8s("[0,2]", "[2,4]"), &[0; 4])).is_ok());
        // Overlap, gap, unused tail.
        assert!(is_invalid_naming(
            &err_of(&u8s("[0,2]", "[1,3]"), &[0; 4]),
            "b: data starts"
        ));
        assert!(is_invalid_naming(
            &err_of(&u8s("[0,2]", "[3,5]"), &[0; 5]),
            "b: data starts"
        ));
        assert!(is_invalid_naming(
            &err_of(&u8s("[0,2]", "[2,4]"), &[0; 5]),
            "cover 4 of 5"
        ));
    }

    #[test]
    fn f32_conversion_of_other_dtypes_is_unsupported() {
        let h = r#"{"i":{"dtype":"I64","shape":[1],"data_offsets":[0,8]}}"#;
        let st = SafeTensors::from_bytes(file(h, &[0; 8])).unwrap();
        let e = st.to_f32("i").unwrap_err();
        assert!(
            matches!(&e, Error::Unsupported(m) if m.contains("tensor i")),
            "{e:?}"
        );
    }

    #[test]
    fn align_formats_convert_both_ways() {
        for d in [align::Dtype::F32, align::Dtype::F16, align::Dtype::Bf16] {
            assert_eq!(Dtype::from(d).align(), Ok(d));
            assert_eq!(Dtype::from(d).size(), d.size());
        }
        for d in Dtype::ALL {
            let float = matches!(d, Dtype::F32 | Dtype::F16 | Dtype::BF16);
            assert_eq!(d.align().is_ok(), float, "{d:?}");
        }
        assert!(
            matches!(Dtype::I8.align(), Err(Error::Unsupported(m)) if m == "align: dtype I8 is not a float")
        );
    }

    #[test]
    fn writer_rejects_inconsistent_tensors() {
        let meta = BTreeMap::new();
        let t = |name, shape: &'static [usize], data: &'static [u8]| TensorData {
            name,
            dtype: Dtype::U16,
            shape,
            data,
        };
        assert!(serialize(&[t("a", &[1], &[0, 0]), t("a", &[1], &[0, 0])], &meta).is_err());
        assert!(serialize(&[t(METADATA_KEY, &[1], &[0, 0])], &meta).is_err());
        assert!(serialize(&[t("a", &[2], &[0, 0])], &meta).is_err());
        let ok = serialize(&[t("a", &[1], &[1, 2])], &meta).unwrap();
        assert_eq!(ok.len() % 8, 2, "data starts 8-aligned");
    }

    #[test]
    fn dtype_table_is_consistent() {
        for (i, d) in Dtype::ALL.iter().enumerate() {
            assert_eq!(*d as usize, i);
            assert_eq!(Dtype::from_name(d.name()), Some(*d));
        }
        assert_eq!(Dtype::from_name("f32"), None);
    }

    fn arb_tensors() -> impl Strategy<Value = Vec<(Dtype, Vec<usize>, Vec<u8>)>> {
        let one = (
            0..Dtype::ALL.len(),
            proptest::collection::vec(0usize..4, 0..4),
        )
            .prop_flat_map(|(d, shape)| {
                let dtype = Dtype::ALL[d];
                let n = shape.iter().product::<usize>() * dtype.size();
                (
                    Just(dtype),
                    Just(shape),
                    proptest::collection::vec(any::<u8>(), n),
                )
            });
        proptest::collection::vec(one, 0..6)
    }

    proptest! {
        #[test]
        fn write_read_round_trip(
            tensors in arb_tensors(),
            meta in proptest::collection::btree_map("[a-z\"\\\\ é]{0,6}", ".{0,8}", 0..3),
        ) {
            let names: Vec<String> = (0..tensors.len()).map(|i| format!("t\"{i}\\ é")).collect();
            let list: Vec<TensorData> = tensors
                .iter()
                .zip(&names)
                .map(|((dtype, shape, data), name)| TensorData { name, dtype: *dtype, shape, data })
                .collect();
            let bytes = serialize(&list, &meta).unwrap();
            let st = SafeTensors::from_bytes(bytes.clone()).unwrap();
            prop_assert_eq!(st.metadata(), &meta);
            // Zero-size tensors share an offset and are listed by name; compare as sets.
            let mut want: Vec<_> = list
                .iter()
                .map(|t| (t.name.to_string(), t.dtype, t.shape.to_vec(), t.data.to_vec()))
                .collect();
            let mut got: Vec<_> = st
                .tensors()
                .iter()
                .map(|t| (t.name.clone(), t.dtype, t.shape.clone(), st.data(t).to_vec()))
                .collect();
            want.sort();
            got.sort();
            prop_assert_eq!(got, want);
            // Writing what was read reproduces a file that reads back the same.
            let again = SafeTensors::from_bytes(st.to_bytes().unwrap()).unwrap();
            prop_assert_eq!(again.tensors(), st.tensors());
            // Every strict prefix is an error, never a panic.
            for cut in [0, 7, 8, bytes.len() / 2, bytes.len().saturating_sub(1)] {
                if cut < bytes.len() {
                    prop_assert!(SafeTensors::from_bytes(bytes[..cut].to_vec()).is_err());
                }
            }
        }

        #[test]
        fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..64)) {
            let _ = SafeTensors::from_bytes(bytes);
        }

        #[test]
        fn random_header_length_and_json_never_panic(
            n in any::<u64>(),
            body in "[{}\\[\\]\":,0-9a-zA-Z_ ]{0,80}",
        ) {
            let mut bytes = n.to_le_bytes().to_vec();
            bytes.extend_from_slice(body.as_bytes());
            let _ = SafeTensors::from_bytes(bytes);
        }

        #[test]
        fn flipped_bytes_never_panic(pos in any::<prop::sample::Index>(), val in any::<u8>()) {
            let h = concat!(
                r#"{"a":{"dtype":"F16","shape":[2,1],"data_offsets":[0,4]},"#,
                r#""b":{"dtype":"U8","shape":[],"data_offsets":[4,5]}}"#
            );
            let mut bytes = file(h, &[1, 2, 3, 4, 5]);
            let i = pos.index(bytes.len());
            bytes[i] = val;
            if let Ok(st) = SafeTensors::from_bytes(bytes) {
                for t in st.tensors() {
                    let _ = st.to_f32(&t.name);
                }
            }
        }
    }

    /// A model file fetched by `scripts/bootstrap.sh` into `build/models/`.
    fn model_file(name: &str) -> std::path::PathBuf {
        let p = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../build/models")
            .join(name);
        assert!(
            p.is_file(),
            "{} missing: run scripts/bootstrap.sh",
            p.display()
        );
        p
    }

    #[test]
    fn reads_stories260k() {
        let st = SafeTensors::read(model_file("stories260K.safetensors")).unwrap();
        assert_eq!(st.tensors().len(), 47); // embeddings, 5 layers of 9, final norm
        assert_eq!(st.tensors()[0].name, "model.embed_tokens.weight");
        let q = st.get("model.layers.0.self_attn.q_proj.weight").unwrap();
        assert_eq!(
            (q.dtype, q.shape.as_slice()),
            (Dtype::F32, &[64usize, 64][..])
        );
        let v = st.to_f32(&q.name).unwrap();
        assert_eq!(v.len(), 4096);
        // First and last values as read by Python's struct module.
        assert_eq!(v[0].to_bits(), 0x3d35_d536);
        assert_eq!(v[4095].to_bits(), 0x3d0e_9476);
        assert_eq!(st.metadata()["format"], "pt");
        let total: usize = st.tensors().iter().map(|t| t.numel()).sum();
        assert_eq!(total, 260_032); // the parameter count llama2.c gives for stories260K
    }

    #[test]
    fn reads_minilm() {
        let st = SafeTensors::read(model_file("minilm/model.safetensors")).unwrap();
        let w = st.get("embeddings.word_embeddings.weight").unwrap();
        assert_eq!(
            (w.dtype, w.shape.as_slice()),
            (Dtype::F32, &[30522usize, 384][..])
        );
        let ids = st.get("embeddings.position_ids").unwrap();
        assert_eq!(
            (ids.dtype, ids.shape.as_slice()),
            (Dtype::I64, &[1usize, 512][..])
        );
        assert!(matches!(
            st.to_f32("embeddings.position_ids"),
            Err(Error::Unsupported(_))
        ));
    }
}
