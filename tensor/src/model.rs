//! Whole models: safetensors in, `.tcz` out and back, with the bit budget
//! shared between tensors by one of three rules.
//!
//! Every byte counts toward the target: tensor records (parameters, side
//! information, streams), raw tensors and the container's own bytes. Float
//! tensors of rank >= 2 go through the codec; everything else is stored raw
//! (lossless).

use super::codec::{self, CodecParams, CodedTensor, QpChoice};
use super::container::{RecordKind, TczReader, TczWriter, TensorRecord};
use super::safetensors::{self, Dtype as StDtype, SafeTensors, TensorData};
use golden::align::FloatVec;
use golden::error::{Error, Result};
use std::collections::BTreeMap;
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

/// Which tensors the codec takes: floats of rank >= 2.
pub fn is_coded(dtype: StDtype, shape: &[usize]) -> bool {
    matches!(dtype, StDtype::F32 | StDtype::F16 | StDtype::BF16) && shape.len() >= 2
}

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
    FloatVec::from_le_bytes(st.bytes(name)?, dtype.align()?)
}

/// Compresses `input` into a `.tcz` file at `out`. `progress` is called after
/// each tensor is written.
pub fn compress(
    input: &SafeTensors,
    out: &Path,
    p: &ModelParams,
    mut progress: impl FnMut(&TensorReport),
) -> Result<Vec<TensorReport>> {
    let views = input.tensors().to_vec();
    let total_values: u64 = views.iter().map(|v| v.numel() as u64).sum();
    let budget_total = (u64::from(p.millibits) * total_values).div_ceil(8000);
    // Bytes that are not the codec's to spend: raw tensors and record overheads.
    let mut fixed: u64 = super::container::file_overhead(input.metadata(), views.len()) as u64;
    let mut coded_values: u64 = 0;
    for v in &views {
        fixed += super::container::record_overhead(&v.name, v.shape.len()) as u64;
        let per_stream = super::container::STREAM_OVERHEAD as u64;
        if is_coded(v.dtype, &v.shape) {
            coded_values += v.numel() as u64;
            let tiles = super::mapping::tiles(super::mapping::Matrix::of_shape(&v.shape)?);
            fixed += per_stream * tiles.len() as u64;
        } else {
            fixed += input.data(v).len() as u64 + per_stream;
        }
    }
    let spend = budget_total.saturating_sub(fixed);
    let global = match p.alloc {
        Alloc::Rd => Some(search_global(input, &views, spend, &p.codec)?),
        _ => None,
    };
    let layer_sum: u64 = views
        .iter()
        .filter(|v| is_coded(v.dtype, &v.shape))
        .map(|v| v.numel() as u64 * u64::from(layer_index(&v.name).unwrap_or(0)))
        .sum();
    let mut w = TczWriter::create(out, input.metadata())?;
    let mut reports = Vec::with_capacity(views.len());
    for v in &views {
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
        } else {
            None
        };
        let base_qp8 = coded.as_ref().map(codec::base_qp8).transpose()?;
        let rec = record(&v.name, v.dtype, &v.shape, coded, raw);
        let bytes = w.write(&rec)?;
        let r = TensorReport {
            name: v.name.clone(),
            values: v.numel() as u64,
            bytes,
            base_qp8,
        };
        progress(&r);
        reports.push(r);
    }
    w.finish()?;
    Ok(reports)
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
pub fn decompress(input: &Path, out: &Path, mut progress: impl FnMut(&str)) -> Result<()> {
    let mut r = TczReader::open(input)?;
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
    safetensors::write(out, &views, &metadata)
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
