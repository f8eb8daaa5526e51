//! Whole models: safetensors in, `.tcz` out and back, with the bit budget
//! shared between tensors by one of three rules.
//!
//! Every byte counts toward the target: tensor records (parameters, side
//! information, streams), raw tensors and the container's own bytes. Float
//! tensors of rank >= 2 go through the codec; everything else is stored raw
//! (lossless).

use super::codec::{self, CodecParams, CodedTensor, QpChoice};
use super::container::{self, RecordKind, TczReader, TczWriter, TensorRecord};
use super::mapping;
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

/// One tensor of a `.tcz` file as the byte budget sees it.
#[derive(Clone, Copy, Debug)]
pub struct Planned<'a> {
    pub name: &'a str,
    pub shape: &'a [usize],
    /// `None`: coded by the codec; `Some(n)`: stored raw, `n` bytes.
    pub raw_bytes: Option<u64>,
}

/// What the codec may spend on the coded tensors of a `.tcz` file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// Bytes for the coded tensors' parameters and streams.
    pub spend: u64,
    /// Values of the coded tensors.
    pub coded_values: u64,
}

/// The byte-budget rule: a file of `tensors` (with `metadata`) at `millibits`
/// / 1000 bits per value may hold `ceil(millibits * values / 8000)` bytes,
/// values counted over every tensor; the codec spends what is left after the
/// bytes that are not its own: the container's file and record overheads,
/// one stream overhead per tile of a coded tensor, and each raw tensor's
/// bytes with their one stream (zero when those exceed the budget).
/// `Error::Config` for a coded tensor whose shape has no elements or overflows.
pub fn budget(
    metadata: &BTreeMap<String, String>,
    tensors: &[Planned],
    millibits: u32,
) -> Result<Budget> {
    let per_stream = container::STREAM_OVERHEAD as u64;
    let mut fixed = container::file_overhead(metadata, tensors.len()) as u64;
    let (mut values, mut coded_values) = (0u64, 0u64);
    for t in tensors {
        fixed += container::record_overhead(t.name, t.shape.len()) as u64;
        match t.raw_bytes {
            None => {
                let matrix = mapping::Matrix::of_shape(t.shape)?;
                values += matrix.len() as u64;
                coded_values += matrix.len() as u64;
                fixed += per_stream * mapping::tiles(matrix).len() as u64;
            }
            Some(bytes) => {
                values += t.shape.iter().map(|&d| d as u64).product::<u64>();
                fixed += bytes + per_stream;
            }
        }
    }
    let total = (u64::from(millibits) * values).div_ceil(8000);
    Ok(Budget {
        spend: total.saturating_sub(fixed),
        coded_values,
    })
}

/// One tensor (`values`, row-major, of `shape`) coded at `millibits` / 1000
/// bits per value into a one-tensor `.tcz` file in memory, every byte of the
/// file counted ([`budget`] of that file). Any rank: the tensor is coded
/// whatever its shape (a whole model stores rank < 2 raw).
pub fn compress_tensor(
    name: &str,
    values: &FloatVec,
    shape: &[usize],
    millibits: u32,
    cfg: &CodecParams,
) -> Result<Vec<u8>> {
    let meta = BTreeMap::new();
    let planned = [Planned {
        name,
        shape,
        raw_bytes: None,
    }];
    let spend = budget(&meta, &planned, millibits)?.spend;
    let coded = codec::compress(name, values, shape, cfg, QpChoice::Budget(spend))?;
    let rec = record(name, values.dtype().into(), shape, Some(coded), &[]);
    let mut buf = Vec::new();
    let mut w = TczWriter::new(&mut buf, &meta)?;
    w.write(&rec)?;
    w.finish()?;
    Ok(buf)
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
    let planned: Vec<Planned> = views
        .iter()
        .map(|v| Planned {
            name: &v.name,
            shape: &v.shape,
            raw_bytes: (!is_coded(v.dtype, &v.shape)).then(|| input.data(v).len() as u64),
        })
        .collect();
    let Budget {
        spend,
        coded_values,
    } = budget(input.metadata(), &planned, p.millibits)?;
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn budget_counts_every_byte_that_is_not_the_codecs() {
        let meta = BTreeMap::from([("k".to_string(), "vv".to_string())]);
        let tensors = [
            // 3000 x 64: two tiles (at most 2048 rows each).
            Planned {
                name: "w",
                shape: &[3000, 64],
                raw_bytes: None,
            },
            Planned {
                name: "bias",
                shape: &[64],
                raw_bytes: Some(256),
            },
        ];
        let b = budget(&meta, &tensors, 2500).unwrap();
        // (3000 * 64 + 64) values at 2.5 bits: 60020 bytes. Fixed (the container layout):
        // file 63 (header 20, the pair 8 + 1 + 2, index 8, footer 24); records
        // 35 + 27 + 2 * (name + 8 * rank): 96 and 86; 3 streams of 8 (2 tiles,
        // 1 raw); the raw 256 bytes. 63 + 96 + 86 + 24 + 256 = 525.
        assert_eq!(b.coded_values, 3000 * 64);
        assert_eq!(b.spend, 60_020 - 525);
        // A raw tensor larger than the whole budget leaves nothing.
        let big = [Planned {
            name: "t",
            shape: &[10],
            raw_bytes: Some(1 << 20),
        }];
        assert_eq!(budget(&meta, &big, 8000).unwrap().spend, 0);
        let empty = [Planned {
            name: "e",
            shape: &[0, 4],
            raw_bytes: None,
        }];
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
        let path = std::env::temp_dir().join(format!("tricodec-model-{}.tcz", std::process::id()));
        compress(&st, &path, &params, |_| {}).unwrap();
        let file = std::fs::read(&path).unwrap();
        std::fs::remove_file(&path).unwrap();
        let values = float_values(&st, "w", StDtype::F32).unwrap();
        let mem = compress_tensor("w", &values, &shape, 3000, &params.codec).unwrap();
        assert_eq!(mem, file);
        assert!(mem.len() as u64 * 8000 <= 3000 * (rows * cols) as u64);
    }
}
