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
use super::container::{RecordKind, TczReader, TczWriter, TensorRecord};
use super::safetensors::{self, Dtype as StDtype, SafeTensors, TensorData};
use crate::align::{self, FloatVec};
use crate::error::{Error, Result};
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

fn float_values(st: &SafeTensors, name: &str, dtype: StDtype) -> Result<FloatVec> {
    FloatVec::from_le_bytes(st.bytes(name)?, align::Dtype::from_tensor(dtype)?)
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
    mut progress: impl FnMut(&TensorReport),
) -> Result<(Vec<TensorReport>, u64)> {
    let views = input.tensors().to_vec();
    let coded_values: u64 = views
        .iter()
        .filter(|v| is_coded(v.dtype, &v.shape))
        .map(|v| v.numel() as u64)
        .sum();
    let budget_total = (u64::from(p.millibits) * coded_values).div_ceil(8000);
    // Bytes of the budget that are not the codec's to spend: the container's
    // own and the coded tensors' record overheads.
    let mut fixed: u64 = super::container::file_overhead(input.metadata(), views.len()) as u64;
    for v in views.iter().filter(|v| is_coded(v.dtype, &v.shape)) {
        fixed += super::container::record_overhead(&v.name, v.shape.len()) as u64;
        let tiles = super::mapping::tiles(super::mapping::Matrix::of_shape(&v.shape)?);
        fixed += super::container::STREAM_OVERHEAD as u64 * tiles.len() as u64;
    }
    let mut spend = budget_total.saturating_sub(fixed);
    let file_overhead = super::container::file_overhead(input.metadata(), views.len()) as u64;
    // Allocation rules share `spend` by values; a tensor that cannot shrink to its
    // share overruns it. Retry with the overrun taken off while the least the
    // model reaches fits.
    let (mut least, mut tries) = (None, 0);
    let coded = loop {
        let coded = code_all(input, &views, p, spend, coded_values, &mut progress)?;
        let planned = file_overhead
            + views
                .iter()
                .zip(&coded)
                .filter(|(v, _)| is_coded(v.dtype, &v.shape))
                .map(|(_, c)| record_bytes(&c.0))
                .sum::<u64>();
        if planned <= budget_total {
            break coded;
        }
        let least = match least {
            Some(l) => l,
            None => *least.insert(least_bytes(input, &views, &p.codec)?),
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
    let mut w = TczWriter::new(out, input.metadata())?;
    let mut reports = Vec::with_capacity(views.len());
    for (v, (rec, base_qp8, raw_reason)) in views.iter().zip(coded) {
        let bytes = w.write(&rec)?;
        reports.push(TensorReport {
            name: v.name.clone(),
            values: v.numel() as u64,
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
    super::container::record_overhead(&rec.name, rec.shape.len()) as u64
        + rec.params.len() as u64
        + rec
            .streams
            .iter()
            .map(|s| (super::container::STREAM_OVERHEAD + s.len()) as u64)
            .sum::<u64>()
}

/// One tensor ready to write: its record, base QP (coded) and why it is raw.
type Coded = (TensorRecord, Option<i32>, Option<&'static str>);

/// Codes every tensor of `views` with `spend` bytes shared by the allocation
/// rule; `progress` is called after each.
fn code_all(
    input: &SafeTensors,
    views: &[safetensors::TensorView],
    p: &ModelParams,
    spend: u64,
    coded_values: u64,
    progress: &mut impl FnMut(&TensorReport),
) -> Result<Vec<Coded>> {
    let global = match p.alloc {
        Alloc::Rd => Some(search_global(input, views, spend, &p.codec)?),
        _ => None,
    };
    let layer_sum: u64 = views
        .iter()
        .filter(|v| is_coded(v.dtype, &v.shape))
        .map(|v| v.numel() as u64 * u64::from(layer_index(&v.name).unwrap_or(0)))
        .sum();
    let mut out = Vec::with_capacity(views.len());
    for v in views {
        let raw = input.data(v);
        let coded = if is_coded(v.dtype, &v.shape) {
            let values = float_values(input, &v.name, v.dtype)?;
            let choice = match (p.alloc, global) {
                (Alloc::Rd, Some(g)) => QpChoice::Global8(g),
                (Alloc::Linear { k_millibits }, _) => {
                    // Budget in millibyte-values: b * N + k * sum(n_t * l_t) = spend * 8000.
                    let l = i64::from(layer_index(&v.name).unwrap_or(0));
                    let b = (spend as i64 * 8000 - i64::from(k_millibits) * layer_sum as i64)
                        .div_euclid(coded_values.max(1) as i64);
                    let mb = (b + i64::from(k_millibits) * l).max(0);
                    QpChoice::Budget((mb * v.numel() as i64 / 8000) as u64)
                }
                _ => QpChoice::Budget(spend * v.numel() as u64 / coded_values.max(1)),
            };
            Some(codec::compress(
                &v.name, &values, &v.shape, &p.codec, choice,
            )?)
            .filter(|c| !raw_is_smaller(c, raw))
        } else {
            None
        };
        let raw_reason = match &coded {
            Some(_) => None,
            None => raw_reason(v.dtype, &v.shape).or(Some(RAW_SMALLER)),
        };
        let base_qp8 = coded.as_ref().map(codec::base_qp8).transpose()?;
        let rec = record(&v.name, v.dtype, &v.shape, coded, raw);
        progress(&TensorReport {
            name: v.name.clone(),
            values: v.numel() as u64,
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
    let per_stream = super::container::STREAM_OVERHEAD as u64;
    raw.len() as u64 + per_stream <= coded.bytes() + per_stream * coded.streams.len() as u64
}

/// The fewest bytes the coded tensors and the container can take: every
/// coded tensor at its coarsest quantisation, or raw where that is smaller.
fn least_bytes(
    input: &SafeTensors,
    views: &[safetensors::TensorView],
    cfg: &CodecParams,
) -> Result<u64> {
    let per_stream = super::container::STREAM_OVERHEAD as u64;
    let mut least = super::container::file_overhead(input.metadata(), views.len()) as u64;
    for v in views.iter().filter(|v| is_coded(v.dtype, &v.shape)) {
        let values = float_values(input, &v.name, v.dtype)?;
        let c = codec::compress(&v.name, &values, &v.shape, cfg, QpChoice::Budget(0))?;
        let coded = c.bytes() + per_stream * c.streams.len() as u64;
        let raw = input.data(v).len() as u64 + per_stream;
        least += super::container::record_overhead(&v.name, v.shape.len()) as u64 + coded.min(raw);
    }
    Ok(least)
}

/// The global base QP (1/8 units) for RD allocation: the smallest whose
/// coded tensors fit `spend` bytes.
fn search_global(
    input: &SafeTensors,
    views: &[safetensors::TensorView],
    spend: u64,
    cfg: &CodecParams,
) -> Result<i32> {
    let mut prepared = Vec::new();
    for v in views.iter().filter(|v| is_coded(v.dtype, &v.shape)) {
        prepared.push(codec::prepare(
            &v.name,
            &float_values(input, &v.name, v.dtype)?,
            &v.shape,
            cfg,
        )?);
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
            let v = codec::decode(&coded, &rec.shape, align::Dtype::from_tensor(rec.dtype)?)
                .map_err(|e| Error::Invalid(format!("tensor {}: {e}", rec.name)))?;
            Ok(v.to_le_bytes())
        }
    }
}
