//! Whole models: safetensors in, `.tcz` out and back, with the bit budget
//! shared between tensors by one of three rules.
//!
//! Float tensors of rank >= 2 with at least one value go through the codec;
//! everything else is stored raw (lossless), see [`raw_reason`]. The target
//! (`millibits`) is bits per value of the coded tensors, and every byte of the
//! file except the raw tensors' records counts toward it: the coded tensors'
//! records (parameters, side information, streams, record and index entry)
//! and the container's own bytes. Raw tensors are stored as they are, outside
//! the budget, so an int or F64 tensor cannot starve the coded ones. A coded
//! tensor whose record would be larger than its raw record is stored raw
//! (never worse than raw). A target the coded tensors cannot reach is an
//! error that states the least rate this model reaches.

use super::codec::{self, CodecParams, CodedTensor, QpChoice};
use super::container::{self, RecordKind, TczReader, TczWriter, TensorRecord};
use super::mapping;
use super::safetensors::{self, Dtype as StDtype, SafeTensors, TensorData};
use golden::align::FloatVec;
use golden::error::{Error, Result};
use std::collections::BTreeMap;
use std::io::{Read, Seek, Write};
use std::path::Path;

/// How the model's bit budget is shared between tensors.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Alloc {
    /// Every coded tensor gets the same bits per value.
    Uniform,
    /// LLM.265's layer-linear rule: tensor of layer l gets `k * l + b`
    /// millibits per value, `b` set to meet the average.
    Linear { k_millibits: i32 },
    /// Equal slope: one global QP reference for all tensors, so that the
    /// float-domain distortion per bit is the same everywhere.
    Rd,
}

/// A compression request.
#[derive(Clone, Debug)]
pub struct ModelParams {
    /// Target bits per value x 1000 over the whole model.
    pub millibits: u32,
    pub alloc: Alloc,
    pub codec: CodecParams,
}

/// Why a tensor of this type and shape is stored raw (lossless) rather than
/// coded; `None` for the tensors the codec takes.
pub fn raw_reason(dtype: StDtype, shape: &[usize]) -> Option<&'static str> {
    if !matches!(dtype, StDtype::F32 | StDtype::F16 | StDtype::BF16) {
        Some("not F32/F16/BF16: stored exactly")
    } else if shape.len() < 2 {
        Some("rank < 2 (norms, biases, scalars): stored exactly")
    } else if shape.contains(&0) {
        Some("no values")
    } else {
        None
    }
}

/// Which tensors the codec takes: floats of rank >= 2 with values.
pub fn is_coded(dtype: StDtype, shape: &[usize]) -> bool {
    raw_reason(dtype, shape).is_none()
}

/// Reason of a tensor the codec would have taken but whose coded record was
/// not smaller than its raw one.
pub const RAW_SMALLER: &str = "its raw record is smaller than the coded one";

/// Layer index of a tensor name: the number after `layers.` or `layer.`.
pub fn layer_index(name: &str) -> Option<u32> {
    for key in ["layers.", "layer."] {
        if let Some(i) = name.find(key) {
            let digits: String = name[i + key.len()..]
                .chars()
                .take_while(char::is_ascii_digit)
                .collect();
            if let Ok(l) = digits.parse() {
                return Some(l);
            }
        }
    }
    None
}

/// One tensor's outcome, for progress and summaries.
#[derive(Clone, Debug)]
pub struct TensorReport {
    pub name: String,
    pub values: u64,
    /// Bytes of its container record.
    pub bytes: u64,
    /// Base QP in 1/8 units (coded tensors).
    pub base_qp8: Option<i32>,
    /// Why the tensor is stored raw (`None`: coded).
    pub raw_reason: Option<&'static str>,
}

fn record(
    name: &str,
    dtype: StDtype,
    shape: &[usize],
    coded: Option<CodedTensor>,
    raw: &[u8],
) -> TensorRecord {
    match coded {
        Some(c) => TensorRecord {
            name: name.to_string(),
            dtype,
            shape: shape.to_vec(),
            kind: RecordKind::Codec,
            params: c.params,
            streams: c.streams,
        },
        None => TensorRecord {
            name: name.to_string(),
            dtype,
            shape: shape.to_vec(),
            kind: RecordKind::Raw,
            params: Vec::new(),
            streams: vec![raw.to_vec()],
        },
    }
}

/// One tensor as the model coder sees it: its name, type, shape, raw bytes
/// (little-endian) and whether the codec takes it.
#[derive(Clone, Copy, Debug)]
pub struct Planned<'a> {
    pub name: &'a str,
    pub dtype: StDtype,
    pub shape: &'a [usize],
    pub data: &'a [u8],
    /// Coded by the codec (else stored raw, outside the budget).
    pub coded: bool,
}

impl Planned<'_> {
    fn values(&self) -> Result<FloatVec> {
        FloatVec::from_le_bytes(self.data, self.dtype.align()?)
    }

    fn numel(&self) -> u64 {
        self.shape.iter().map(|&d| d as u64).product()
    }
}

/// What the codec may spend on the coded tensors of a `.tcz` file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// Bytes the target allows for everything but the raw tensors' records:
    /// `ceil(millibits * coded_values / 8000)`.
    pub total: u64,
    /// Bytes for the coded tensors' parameters and streams: `total` less the
    /// container's own bytes and the coded tensors' record and stream overheads.
    pub spend: u64,
    /// Values of the coded tensors.
    pub coded_values: u64,
}

/// The byte-budget rule (the one rule the CLI, the Python API and the
/// reports use): a file of `tensors` (with `metadata`) at `millibits` / 1000
/// bits per value may hold `ceil(millibits * coded values / 8000)` bytes
/// besides the raw tensors' records; the codec spends what is left after the
/// container's file overhead (every tensor's index entry included) and each
/// coded tensor's record overhead with one stream overhead per tile.
/// `Error::Config` for a coded tensor whose shape has no elements or overflows.
pub fn budget(
    metadata: &BTreeMap<String, String>,
    tensors: &[Planned],
    millibits: u32,
) -> Result<Budget> {
    let per_stream = container::STREAM_OVERHEAD as u64;
    let mut fixed = container::file_overhead(metadata, tensors.len()) as u64;
    let mut coded_values = 0u64;
    for t in tensors.iter().filter(|t| t.coded) {
        let matrix = mapping::Matrix::of_shape(t.shape)?;
        coded_values += matrix.len() as u64;
        fixed += container::record_overhead(t.name, t.shape.len()) as u64
            + per_stream * mapping::tiles(matrix).len() as u64;
    }
    let total = (u64::from(millibits) * coded_values).div_ceil(8000);
    Ok(Budget {
        total,
        spend: total.saturating_sub(fixed),
        coded_values,
    })
}

/// One tensor (`values`, row-major, of `shape`) coded at `millibits` / 1000
/// bits per value into a one-tensor `.tcz` file in memory: [`compress_to`]
/// of a model holding only that tensor, except that any rank is coded (a
/// whole model stores rank < 2 raw). A target it cannot reach is an error.
pub fn compress_tensor(
    name: &str,
    values: &FloatVec,
    shape: &[usize],
    millibits: u32,
    cfg: &CodecParams,
) -> Result<Vec<u8>> {
    let data = values.to_le_bytes();
    let tensor = Planned {
        name,
        dtype: values.dtype().into(),
        shape,
        data: &data,
        coded: true,
    };
    let p = ModelParams {
        millibits,
        alloc: Alloc::Uniform,
        codec: cfg.clone(),
    };
    let mut buf = Vec::new();
    compress_planned(&BTreeMap::new(), &[tensor], &mut buf, &p, |_| {})?;
    Ok(buf)
}

/// Compresses `input` into a `.tcz` file at `out`. `progress` is called after
/// each tensor is written.
pub fn compress(
    input: &SafeTensors,
    out: &Path,
    p: &ModelParams,
    progress: impl FnMut(&TensorReport),
) -> Result<Vec<TensorReport>> {
    let f = std::fs::File::create(out)
        .map_err(|e| Error::Config(format!("cannot write {}: {e}", out.display())))?;
    let mut w = std::io::BufWriter::new(f);
    let (reports, _) = compress_to(input, &mut w, p, progress)?;
    w.flush()
        .map_err(|e| Error::Config(format!("cannot write {}: {e}", out.display())))?;
    Ok(reports)
}

/// Compresses `input` as a `.tcz` stream into `out` (written front to back,
/// never sought); returns the reports and the stream's size in bytes.
pub fn compress_to<W: Write>(
    input: &SafeTensors,
    out: W,
    p: &ModelParams,
    progress: impl FnMut(&TensorReport),
) -> Result<(Vec<TensorReport>, u64)> {
    let planned: Vec<Planned> = input
        .tensors()
        .iter()
        .map(|v| Planned {
            name: &v.name,
            dtype: v.dtype,
            shape: &v.shape,
            data: input.data(v),
            coded: is_coded(v.dtype, &v.shape),
        })
        .collect();
    compress_planned(input.metadata(), &planned, out, p, progress)
}

/// [`compress_to`] of `tensors` with `metadata`.
fn compress_planned<W: Write>(
    metadata: &BTreeMap<String, String>,
    tensors: &[Planned],
    out: W,
    p: &ModelParams,
    mut progress: impl FnMut(&TensorReport),
) -> Result<(Vec<TensorReport>, u64)> {
    let Budget {
        total: budget_total,
        mut spend,
        coded_values,
    } = budget(metadata, tensors, p.millibits)?;
    let file_overhead = container::file_overhead(metadata, tensors.len()) as u64;
    // Allocation rules share `spend` by values; a tensor that cannot shrink to its
    // share overruns it. Retry with the overrun taken off while the least the
    // model reaches fits.
    let (mut least, mut tries) = (None, 0);
    let coded = loop {
        let coded = code_all(tensors, p, spend, coded_values, &mut progress)?;
        let planned = file_overhead
            + tensors
                .iter()
                .zip(&coded)
                .filter(|(t, _)| t.coded)
                .map(|(_, c)| record_bytes(&c.0))
                .sum::<u64>();
        if planned <= budget_total {
            break coded;
        }
        let least = match least {
            Some(l) => l,
            None => *least.insert(least_bytes(metadata, tensors, &p.codec)?),
        };
        tries += 1;
        if least > budget_total || spend == 0 || tries > MAX_RETRIES {
            let rate = |millibits: u64| format!("{}.{:03}", millibits / 1000, millibits % 1000);
            let per_value = |bytes: u64| rate((bytes * 8000).div_ceil(coded_values));
            let hint = match p.alloc {
                Alloc::Linear { .. } => " (with --alloc linear, a smaller --linear-k may fit)",
                _ => "",
            };
            return Err(Error::Config(format!(
                "{} bits/value cannot be met: the coded tensors would take {} bits/value{hint}; \
                 the least this model reaches is {} bits/value",
                rate(u64::from(p.millibits)),
                per_value(planned),
                per_value(least),
            )));
        }
        // Tensors already at their coarsest cannot give back: take more off each time.
        spend = spend.saturating_sub((planned - budget_total) << (tries - 1));
    };
    let mut w = TczWriter::new(out, metadata)?;
    let mut reports = Vec::with_capacity(tensors.len());
    for (t, (rec, base_qp8, raw_reason)) in tensors.iter().zip(coded) {
        let bytes = w.write(&rec)?;
        reports.push(TensorReport {
            name: t.name.to_string(),
            values: t.numel(),
            bytes,
            base_qp8,
            raw_reason,
        });
    }
    let size = w.finish()?;
    Ok((reports, size))
}

/// Codings after the first that may take an overrun off the allocation.
const MAX_RETRIES: u32 = 5;

/// Bytes a record adds to a `.tcz` file: record and index entry (what
/// `TczWriter::write` returns).
pub fn record_bytes(rec: &TensorRecord) -> u64 {
    container::record_overhead(&rec.name, rec.shape.len()) as u64
        + rec.params.len() as u64
        + rec
            .streams
            .iter()
            .map(|s| (container::STREAM_OVERHEAD + s.len()) as u64)
            .sum::<u64>()
}

/// One tensor ready to write: its record, base QP (coded) and why it is raw.
type Coded = (TensorRecord, Option<i32>, Option<&'static str>);

/// Codes every tensor of `tensors` with `spend` bytes shared by the
/// allocation rule; `progress` is called after each.
fn code_all(
    tensors: &[Planned],
    p: &ModelParams,
    spend: u64,
    coded_values: u64,
    progress: &mut impl FnMut(&TensorReport),
) -> Result<Vec<Coded>> {
    let global = match p.alloc {
        Alloc::Rd => Some(search_global(tensors, spend, &p.codec)?),
        _ => None,
    };
    let layer_sum: u64 = tensors
        .iter()
        .filter(|t| t.coded)
        .map(|t| t.numel() * u64::from(layer_index(t.name).unwrap_or(0)))
        .sum();
    let mut out = Vec::with_capacity(tensors.len());
    for t in tensors {
        let coded = if t.coded {
            let choice = match (p.alloc, global) {
                (Alloc::Rd, Some(g)) => QpChoice::Global8(g),
                (Alloc::Linear { k_millibits }, _) => {
                    // Budget in millibyte-values: b * N + k * sum(n_t * l_t) = spend * 8000.
                    let l = i64::from(layer_index(t.name).unwrap_or(0));
                    let b = (spend as i64 * 8000 - i64::from(k_millibits) * layer_sum as i64)
                        .div_euclid(coded_values.max(1) as i64);
                    let mb = (b + i64::from(k_millibits) * l).max(0);
                    QpChoice::Budget((mb * t.numel() as i64 / 8000) as u64)
                }
                _ => QpChoice::Budget(spend * t.numel() / coded_values.max(1)),
            };
            Some(codec::compress(
                t.name,
                &t.values()?,
                t.shape,
                &p.codec,
                choice,
            )?)
            .filter(|c| !raw_is_smaller(c, t.data))
        } else {
            None
        };
        let raw_reason = match &coded {
            Some(_) => None,
            None => raw_reason(t.dtype, t.shape).or(Some(RAW_SMALLER)),
        };
        let base_qp8 = coded.as_ref().map(codec::base_qp8).transpose()?;
        let rec = record(t.name, t.dtype, t.shape, coded, t.data);
        progress(&TensorReport {
            name: t.name.to_string(),
            values: t.numel(),
            bytes: record_bytes(&rec),
            base_qp8,
            raw_reason,
        });
        out.push((rec, base_qp8, raw_reason));
    }
    Ok(out)
}

/// Whether `raw` stored as a raw record is no larger than `coded`.
fn raw_is_smaller(coded: &CodedTensor, raw: &[u8]) -> bool {
    let per_stream = container::STREAM_OVERHEAD as u64;
    raw.len() as u64 + per_stream <= coded.bytes() + per_stream * coded.streams.len() as u64
}

/// The fewest bytes the coded tensors and the container can take: every
/// coded tensor at its coarsest quantisation, or raw where that is smaller.
fn least_bytes(
    metadata: &BTreeMap<String, String>,
    tensors: &[Planned],
    cfg: &CodecParams,
) -> Result<u64> {
    let per_stream = container::STREAM_OVERHEAD as u64;
    let mut least = container::file_overhead(metadata, tensors.len()) as u64;
    for t in tensors.iter().filter(|t| t.coded) {
        let c = codec::compress(t.name, &t.values()?, t.shape, cfg, QpChoice::Budget(0))?;
        let coded = c.bytes() + per_stream * c.streams.len() as u64;
        let raw = t.data.len() as u64 + per_stream;
        least += container::record_overhead(t.name, t.shape.len()) as u64 + coded.min(raw);
    }
    Ok(least)
}

/// The global base QP (1/8 units) for RD allocation: the smallest whose
/// coded tensors fit `spend` bytes.
fn search_global(tensors: &[Planned], spend: u64, cfg: &CodecParams) -> Result<i32> {
    let mut prepared = Vec::new();
    for t in tensors.iter().filter(|t| t.coded) {
        prepared.push(codec::prepare(t.name, &t.values()?, t.shape, cfg)?);
    }
    // Absolute offsets put typical weights (steps ~2^-8) near QP 48/8 * 8;
    // search a range wide enough for any step between 2^-40 and 2^16.
    let size = |g: i32| -> Result<u64> {
        let mut s = 0;
        for p in &prepared {
            s += p.code(QpChoice::Global8(g))?.0.bytes();
        }
        Ok(s)
    };
    let (lo, hi) = (-40 * 48, 16 * 48 + 51 * 8);
    let (mut lo, mut hi) = (lo, hi);
    if size(hi)? > spend {
        return Ok(hi);
    }
    while hi - lo > 1 {
        let mid = (lo + hi).div_euclid(2);
        if size(mid)? <= spend {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(hi)
}

/// Decompresses a `.tcz` file into a safetensors file with the same names,
/// dtypes, shapes and metadata. Holds one tensor at a time in memory besides
/// the output.
pub fn decompress(input: &Path, out: &Path, progress: impl FnMut(&str)) -> Result<()> {
    let mut bytes = Vec::new();
    decompress_to(TczReader::open(input)?, &mut bytes, progress)?;
    std::fs::write(out, bytes)
        .map_err(|e| Error::Config(format!("cannot write {}: {e}", out.display())))
}

/// Decodes every tensor of `r` and writes them as one safetensors file to
/// `out` (written once everything is decoded, so a corrupt record leaves
/// `out` untouched).
pub fn decompress_to<R: Read + Seek, W: Write>(
    mut r: TczReader<R>,
    mut out: W,
    mut progress: impl FnMut(&str),
) -> Result<()> {
    let metadata: BTreeMap<String, String> = r.metadata().clone();
    let n = r.index().len();
    let mut tensors: Vec<(String, StDtype, Vec<usize>, Vec<u8>)> = Vec::with_capacity(n);
    for i in 0..n {
        let rec = r.read(i)?;
        let data = decode_record(&rec)?;
        progress(&rec.name);
        tensors.push((rec.name, rec.dtype, rec.shape, data));
    }
    let views: Vec<TensorData> = tensors
        .iter()
        .map(|(name, dtype, shape, data)| TensorData {
            name: name.as_str(),
            dtype: *dtype,
            shape: shape.as_slice(),
            data,
        })
        .collect();
    let bytes = safetensors::serialize(&views, &metadata)?;
    out.write_all(&bytes)
        .and_then(|()| out.flush())
        .map_err(|e| Error::Config(format!("cannot write safetensors stream: {e}")))
}

/// The raw little-endian bytes of one record.
pub fn decode_record(rec: &TensorRecord) -> Result<Vec<u8>> {
    let numel = rec
        .shape
        .iter()
        .try_fold(1usize, |a, &d| a.checked_mul(d))
        .ok_or_else(|| {
            Error::Invalid(format!(
                "tensor {}: shape {:?} overflows",
                rec.name, rec.shape
            ))
        })?;
    match rec.kind {
        RecordKind::Raw => {
            let [data] = rec.streams.as_slice() else {
                return Err(Error::Invalid(format!(
                    "tensor {}: raw record with {} streams",
                    rec.name,
                    rec.streams.len()
                )));
            };
            if data.len() != numel * rec.dtype.size() {
                return Err(Error::Invalid(format!(
                    "tensor {}: {} raw bytes for {numel} values",
                    rec.name,
                    data.len()
                )));
            }
            Ok(data.clone())
        }
        RecordKind::Codec => {
            let coded = CodedTensor {
                params: rec.params.clone(),
                streams: rec.streams.clone(),
            };
            let v = codec::decode(&coded, &rec.shape, rec.dtype.align()?)
                .map_err(|e| Error::Invalid(format!("tensor {}: {e}", rec.name)))?;
            Ok(v.to_le_bytes())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn planned<'a>(name: &'a str, shape: &'a [usize], data: &'a [u8], coded: bool) -> Planned<'a> {
        Planned {
            name,
            dtype: StDtype::F32,
            shape,
            data,
            coded,
        }
    }

    #[test]
    fn budget_counts_the_coded_tensors_and_every_byte_that_is_not_the_codecs() {
        let meta = BTreeMap::from([("k".to_string(), "vv".to_string())]);
        let raw = [0u8; 256];
        // 3000 x 64: two tiles (at most 2048 rows each); a raw [64] bias.
        let tensors = [
            planned("w", &[3000, 64], &[], true),
            planned("bias", &[64], &raw, false),
        ];
        let b = budget(&meta, &tensors, 2500).unwrap();
        // 3000 * 64 coded values at 2.5 bits: 60000 bytes. Fixed (the container layout):
        // file 63 (header 20, the pair 8 + 1 + 2, index 8, footer 24); the coded record
        // 35 + 27 + 2 * (name 1 + 8 * rank 2) = 96; 2 streams of 8. 63 + 96 + 16 = 175.
        // The raw bias is outside the budget.
        assert_eq!(b.coded_values, 3000 * 64);
        assert_eq!(b.total, 60_000);
        assert_eq!(b.spend, 60_000 - 175);
        // A raw tensor however large takes nothing from the coded ones.
        let big = vec![0u8; 1 << 20];
        let with_big = [
            planned("w", &[3000, 64], &[], true),
            planned("bias", &[64], &big, false),
        ];
        assert_eq!(budget(&meta, &with_big, 2500).unwrap(), b);
        // No coded tensor: nothing to spend.
        let only_raw = [planned("t", &[10], &big, false)];
        let none = budget(&meta, &only_raw, 8000).unwrap();
        assert_eq!((none.total, none.spend, none.coded_values), (0, 0, 0));
        let empty = [planned("e", &[0, 4], &[], true)];
        assert!(matches!(budget(&meta, &empty, 8000), Err(Error::Config(_))));
    }

    /// `compress_tensor` is `compress` of a model that holds only that tensor.
    #[test]
    fn one_tensor_in_memory_equals_the_one_tensor_model() {
        let (rows, cols) = (40usize, 48usize);
        let data: Vec<u8> = (0..rows * cols)
            .flat_map(|i| (((i * 7919) % 1013) as f32 / 1013.0 - 0.5).to_le_bytes())
            .collect();
        let shape = [rows, cols];
        let st = SafeTensors::from_bytes(
            safetensors::serialize(
                &[TensorData {
                    name: "w",
                    dtype: StDtype::F32,
                    shape: &shape,
                    data: &data,
                }],
                &BTreeMap::new(),
            )
            .unwrap(),
        )
        .unwrap();
        let params = ModelParams {
            millibits: 3000,
            alloc: Alloc::Uniform,
            codec: CodecParams::default(),
        };
        let mut file = Vec::new();
        compress_to(&st, &mut file, &params, |_| {}).unwrap();
        let values = FloatVec::from_le_bytes(&data, golden::align::Dtype::F32).unwrap();
        let mem = compress_tensor("w", &values, &shape, 3000, &params.codec).unwrap();
        assert_eq!(mem, file);
        assert!(mem.len() as u64 * 8000 <= 3000 * (rows * cols) as u64 + 7999);
    }
}
