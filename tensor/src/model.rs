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

use super::codec::{self, CodecParams, CodedTensor, QpChoice, Variants};
use super::container::{self, RecordKind, TczReader, TczWriter, TensorRecord};
use super::mapping;
use super::safetensors::{self, Dtype as StDtype, TensorSource, TensorView};
use golden::align::FloatVec;
use golden::error::{Error, Result};
use rayon::prelude::*;
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

/// The record of a tensor: `Ok`, coded; `Err`, its raw bytes.
fn record(
    name: &str,
    dtype: StDtype,
    shape: &[usize],
    coded: std::result::Result<CodedTensor, Vec<u8>>,
) -> TensorRecord {
    match coded {
        Ok(c) => TensorRecord {
            name: name.to_string(),
            dtype,
            shape: shape.to_vec(),
            kind: RecordKind::Codec,
            params: c.params,
            streams: c.streams,
        },
        Err(raw) => TensorRecord {
            name: name.to_string(),
            dtype,
            shape: shape.to_vec(),
            kind: RecordKind::Raw,
            params: Vec::new(),
            streams: vec![raw],
        },
    }
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
    /// Bytes the target allows: `ceil(millibits * coded_values / 8000)`, for
    /// the coded tensors' records and the container's own bytes.
    pub total: u64,
    /// Bytes for the coded tensors' parameters and streams.
    pub spend: u64,
    /// Values of the coded tensors.
    pub coded_values: u64,
}

/// The byte-budget rule (docs/tensor-codec.md, "what `--bits` counts"): a
/// file of `tensors` (with `metadata`) at `millibits` / 1000 bits per coded
/// value may hold `ceil(millibits * coded values / 8000)` bytes besides the
/// records of the tensors stored raw, which are outside the budget; the codec
/// spends what is left after the container's file overhead and each coded
/// tensor's record overhead and one stream overhead per tile.
/// `Error::Config` for a coded tensor whose shape has no elements or overflows.
pub fn budget(
    metadata: &BTreeMap<String, String>,
    tensors: &[Planned],
    millibits: u32,
) -> Result<Budget> {
    let per_stream = container::STREAM_OVERHEAD as u64;
    let mut fixed = container::file_overhead(metadata, tensors.len()) as u64;
    let mut coded_values = 0u64;
    for t in tensors.iter().filter(|t| t.raw_bytes.is_none()) {
        fixed += container::record_overhead(t.name, t.shape.len()) as u64;
        let matrix = mapping::Matrix::of_shape(t.shape)?;
        coded_values += matrix.len() as u64;
        fixed += per_stream * mapping::tiles(matrix).len() as u64;
    }
    let total = (u64::from(millibits) * coded_values).div_ceil(8000);
    Ok(Budget {
        total,
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
    let b = budget(&meta, &planned, millibits)?;
    let file = |spend: u64| -> Result<Vec<u8>> {
        let coded = codec::compress(name, values, shape, cfg, QpChoice::Budget(spend))?;
        let rec = record(name, values.dtype().into(), shape, Ok(coded));
        let mut buf = Vec::new();
        let mut w = TczWriter::new(&mut buf, &meta)?;
        w.write(&rec)?;
        w.finish()?;
        Ok(buf)
    };
    // As in `compress`: an overrun is retried with it taken off, and a target
    // that even the coarsest coding cannot reach is an error.
    let (mut spend, mut least, mut tries) = (b.spend, None, 0);
    loop {
        let buf = file(spend)?;
        if buf.len() as u64 <= b.total {
            return Ok(buf);
        }
        let least = match least {
            Some(l) => l,
            None => *least.insert(file(0)?.len() as u64),
        };
        tries += 1;
        if least > b.total || spend == 0 || tries > MAX_RETRIES {
            return Err(unreachable_target(
                millibits,
                b.coded_values,
                (buf.len() as u64, least),
                &format!("a tensor of shape {shape:?} (container and side information counted)"),
                "",
            ));
        }
        spend = spend.saturating_sub((buf.len() as u64 - b.total) << (tries - 1));
    }
}

/// Compresses `input` into a `.tcz` file at `out`. `progress` is called after
/// each tensor is written.
pub fn compress<S: TensorSource + ?Sized>(
    input: &S,
    out: &Path,
    p: &ModelParams,
    progress: impl FnMut(&TensorReport) + Send,
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
/// never sought); returns the reports and the stream's size in bytes. A
/// tensor's values are read from `input` when it is coded and dropped once
/// it is (with [`safetensors::SafeTensorsFile`], the model is never held
/// whole); only the records are kept until they are written.
pub fn compress_to<S: TensorSource + ?Sized, W: Write>(
    input: &S,
    out: W,
    p: &ModelParams,
    mut progress: impl FnMut(&TensorReport) + Send,
) -> Result<(Vec<TensorReport>, u64)> {
    let views = input.tensors().to_vec();
    let planned: Vec<Planned> = views
        .iter()
        .map(|v| Planned {
            name: &v.name,
            shape: &v.shape,
            raw_bytes: (!is_coded(v.dtype, &v.shape)).then(|| v.offsets.len() as u64),
        })
        .collect();
    let Budget {
        total,
        mut spend,
        coded_values,
    } = budget(input.metadata(), &planned, p.millibits)?;
    let file_overhead = container::file_overhead(input.metadata(), views.len()) as u64;
    // Allocation rules share `spend` by values; a tensor that cannot shrink to its
    // share overruns it. Retry with the overrun taken off while the least the
    // model reaches fits.
    let (mut least, mut tries) = (None, 0);
    let coded = loop {
        let coded = code_all(input, &views, p, spend, coded_values, &mut progress)?;
        let taken = file_overhead
            + views
                .iter()
                .zip(&coded)
                .filter(|(v, _)| is_coded(v.dtype, &v.shape))
                .map(|(_, c)| record_bytes(&c.0))
                .sum::<u64>();
        if taken <= total {
            break coded;
        }
        let least = match least {
            Some(l) => l,
            None => *least.insert(least_bytes(input, &views, &p.codec)?),
        };
        tries += 1;
        if least > total || spend == 0 || tries > MAX_RETRIES {
            let hint = match p.alloc {
                Alloc::Linear { .. } => " (with linear allocation, a smaller k may fit)",
                _ => "",
            };
            return Err(unreachable_target(
                p.millibits,
                coded_values,
                (taken, least),
                "the coded tensors of this model",
                hint,
            ));
        }
        // Tensors already at their coarsest cannot give back: take more off each time.
        spend = spend.saturating_sub((taken - total) << (tries - 1));
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

/// The error of a target the coded tensors cannot reach: they took `taken`
/// bytes, at least `least` are needed (both counted as the budget counts).
/// `what` names the tensors ("this model", "shape [8, 8]"); `hint` follows.
fn unreachable_target(
    millibits: u32,
    values: u64,
    (taken, least): (u64, u64),
    what: &str,
    hint: &str,
) -> Error {
    let rate = |m: u64| format!("{}.{:03}", m / 1000, m % 1000);
    let per_value = |bytes: u64| rate((bytes * 8000).div_ceil(values.max(1)));
    Error::Config(format!(
        "{} bits/value cannot be met: {what} would take {} bits/value; the least it \
         reaches is {} bits/value{hint}",
        rate(u64::from(millibits)),
        per_value(taken),
        per_value(least),
    ))
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

/// Codes every tensor of `views` with `spend` bytes shared by the allocation
/// rule, several at once on rayon's threads (the result in `views` order);
/// `progress` is called after each, in the order they finish.
fn code_all<S: TensorSource + ?Sized>(
    input: &S,
    views: &[TensorView],
    p: &ModelParams,
    spend: u64,
    coded_values: u64,
    progress: &mut (impl FnMut(&TensorReport) + Send),
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
    let progress = std::sync::Mutex::new(progress);
    let code_one = |v: &TensorView| -> Result<Coded> {
        let coded = if is_coded(v.dtype, &v.shape) {
            let values = input.floats(v)?;
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
            .filter(|c| !raw_is_smaller(c, v.offsets.len()))
        } else {
            None
        };
        let raw_reason = match &coded {
            Some(_) => None,
            None => raw_reason(v.dtype, &v.shape).or(Some(RAW_SMALLER)),
        };
        let base_qp8 = coded.as_ref().map(codec::base_qp8).transpose()?;
        let coded = match coded {
            Some(c) => Ok(c),
            None => Err(input.bytes_of(v)?.into_owned()),
        };
        let rec = record(&v.name, v.dtype, &v.shape, coded);
        (progress.lock().expect("progress callback panicked"))(&TensorReport {
            name: v.name.clone(),
            values: v.numel() as u64,
            bytes: record_bytes(&rec),
            base_qp8,
            raw_reason,
        });
        Ok((rec, base_qp8, raw_reason))
    };
    // Big tensors are coded one at a time (their tiles and variants keep the
    // threads busy), beside the others in parallel: rayon's threads, waiting
    // on one tensor's tiles, may start other tensors, and at most one big
    // one is then in memory ([`is_big`]). Stops at the first error a thread
    // meets (with several bad tensors, which one is reported may vary).
    let (big, small): (Vec<usize>, Vec<usize>) = (0..views.len()).partition(|&i| is_big(&views[i]));
    let code_at = |&i: &usize| code_one(&views[i]).map(|c| (i, c));
    let (big, small) = rayon::join(
        || big.iter().map(code_at).collect::<Result<Vec<_>>>(),
        || small.par_iter().map(code_at).collect::<Result<Vec<_>>>(),
    );
    let mut all = big?;
    all.extend(small?);
    all.sort_by_key(|c| c.0);
    Ok(all.into_iter().map(|c| c.1).collect())
}

/// A tensor coded on its own ([`code_all`]): more values than the largest
/// tile holds, so its tiles alone are work for several threads.
fn is_big(v: &TensorView) -> bool {
    is_coded(v.dtype, &v.shape) && v.numel() > mapping::MAX_TILE_ROWS * mapping::MAX_TILE_COLS
}

/// Whether `raw` bytes stored as a raw record are no larger than `coded`.
fn raw_is_smaller(coded: &CodedTensor, raw: usize) -> bool {
    let per_stream = container::STREAM_OVERHEAD as u64;
    raw as u64 + per_stream <= coded.bytes() + per_stream * coded.streams.len() as u64
}

/// The fewest bytes the coded tensors and the container can take: every
/// coded tensor at its coarsest quantisation, or raw where that is smaller.
fn least_bytes<S: TensorSource + ?Sized>(
    input: &S,
    views: &[TensorView],
    cfg: &CodecParams,
) -> Result<u64> {
    let per_stream = container::STREAM_OVERHEAD as u64;
    let mut least = container::file_overhead(input.metadata(), views.len()) as u64;
    for v in views.iter().filter(|v| is_coded(v.dtype, &v.shape)) {
        let values = input.floats(v)?;
        let c = codec::compress(&v.name, &values, &v.shape, cfg, QpChoice::Budget(0))?;
        let coded = c.bytes() + per_stream * c.streams.len() as u64;
        let raw = v.offsets.len() as u64 + per_stream;
        least += container::record_overhead(&v.name, v.shape.len()) as u64 + coded.min(raw);
    }
    Ok(least)
}

/// The global base QP (1/8 units) for RD allocation: the smallest whose
/// coded tensors fit `spend` bytes.
fn search_global<S: TensorSource + ?Sized>(
    input: &S,
    views: &[TensorView],
    spend: u64,
    cfg: &CodecParams,
) -> Result<i32> {
    let mut values = Vec::new();
    for v in views.iter().filter(|v| is_coded(v.dtype, &v.shape)) {
        values.push((v, input.floats(v)?));
    }
    let variants = values
        .iter()
        .map(|(v, x)| Variants::new(&v.name, x, &v.shape, cfg, true))
        .collect::<Result<Vec<_>>>()?;
    // Absolute offsets put typical weights (steps ~2^-8) near QP 48/8 * 8;
    // search a range wide enough for any step between 2^-40 and 2^16.
    let size = |g: i32| -> Result<u64> {
        variants
            .par_iter()
            .map(|v| Ok(v.code(QpChoice::Global8(g))?.bytes()))
            .sum()
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
/// dtypes, shapes and metadata. Holds the compressed records and the
/// decoded tensors in memory ([`decompress_to`]).
pub fn decompress(input: &Path, out: &Path, progress: impl FnMut(&str) + Send) -> Result<()> {
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
    progress: impl FnMut(&str) + Send,
) -> Result<()> {
    let metadata: BTreeMap<String, String> = r.metadata().clone();
    let n = r.index().len();
    // Every record (the compressed file) in memory, decoded in parallel
    // (rayon: one task per record, so large and small tensors balance).
    let recs = (0..n).map(|i| r.read(i)).collect::<Result<Vec<_>>>()?;
    let progress = std::sync::Mutex::new(progress);
    let data = recs
        .par_iter()
        .map(|rec| {
            let d = decode_record(rec)?;
            (progress.lock().expect("progress"))(&rec.name);
            Ok(d)
        })
        .collect::<Vec<Result<Vec<u8>>>>()
        .into_iter()
        .collect::<Result<Vec<_>>>()?; // the first error in record order
    let views: Vec<safetensors::TensorData> = recs
        .iter()
        .zip(&data)
        .map(|(rec, data)| safetensors::TensorData {
            name: rec.name.as_str(),
            dtype: rec.dtype,
            shape: rec.shape.as_slice(),
            data,
        })
        .collect();
    safetensors::serialize_to(&views, &metadata, &mut out)
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
    use crate::safetensors::{SafeTensors, SafeTensorsFile, TensorData};

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
        // 3000 * 64 coded values at 2.5 bits: 60000 bytes (the raw bias is
        // outside the budget). Fixed (the container layout): file 63 (header
        // 20, the pair 8 + 1 + 2, index 8, footer 24); the coded record
        // 35 + 27 + 2 * (name + 8 * rank) = 96; 2 streams of 8 (2 tiles).
        // 63 + 96 + 16 = 175.
        assert_eq!(b.coded_values, 3000 * 64);
        assert_eq!(b.total, 60_000);
        assert_eq!(b.spend, 60_000 - 175);
        // A raw tensor takes nothing from the coded ones.
        let with_big = [
            tensors[0],
            Planned {
                name: "bias",
                shape: &[64],
                raw_bytes: Some(1 << 20),
            },
        ];
        assert_eq!(budget(&meta, &with_big, 2500).unwrap(), b);
        // A model without coded tensors has nothing to spend.
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
        let values = st.floats(&st.tensors()[0]).unwrap();
        let mem = compress_tensor("w", &values, &shape, 3000, &params.codec).unwrap();
        assert_eq!(mem, file);
        assert!(mem.len() as u64 * 8000 <= 3000 * (rows * cols) as u64);
    }

    /// A model read in place ([`SafeTensorsFile`]) compresses to the same
    /// bytes as the model in memory: coded tensors (one of several tiles),
    /// tensors stored raw by rule, one whose raw record is smaller, metadata.
    #[test]
    fn file_source_equals_memory_source() {
        let floats = |n: usize, k: usize| -> Vec<u8> {
            (0..n)
                .flat_map(|i| ((((i * k) % 1013) as f32 / 1013.0 - 0.5) * 0.1).to_le_bytes())
                .collect()
        };
        let halves: Vec<u8> = (0..64 * 24)
            .flat_map(|i| (0x3c00u16 + (i as u16 * 37) % 1024).to_le_bytes())
            .collect();
        let (big, bias, tiny, ids) = (
            floats(2100 * 32, 7919),
            floats(32, 31),
            floats(4, 3),
            [7u8; 10],
        );
        let tensors = [
            TensorData {
                name: "emb.weight",
                dtype: StDtype::F32,
                shape: &[2100, 32],
                data: &big,
            },
            TensorData {
                name: "layers.0.bias",
                dtype: StDtype::F32,
                shape: &[32],
                data: &bias,
            },
            TensorData {
                name: "layers.0.w",
                dtype: StDtype::F16,
                shape: &[64, 24],
                data: &halves,
            },
            TensorData {
                name: "tiny",
                dtype: StDtype::F32,
                shape: &[2, 2],
                data: &tiny,
            },
            TensorData {
                name: "ids",
                dtype: StDtype::U8,
                shape: &[10],
                data: &ids,
            },
        ];
        let meta = BTreeMap::from([("format".to_string(), "pt".to_string())]);
        let bytes = safetensors::serialize(&tensors, &meta).unwrap();
        let path = std::env::temp_dir().join(format!(
            "tricodec-source-{}.safetensors",
            std::process::id()
        ));
        std::fs::write(&path, &bytes).unwrap();
        let file = SafeTensorsFile::open(&path).unwrap();
        let mem = SafeTensors::from_bytes(bytes).unwrap();
        assert_eq!(file.tensors(), TensorSource::tensors(&mem));
        for v in mem.tensors() {
            assert_eq!(
                file.bytes_of(v).unwrap(),
                mem.bytes_of(v).unwrap(),
                "{}",
                v.name
            );
        }
        for (millibits, alloc) in [(2500, Alloc::Uniform), (3000, Alloc::Rd)] {
            let params = ModelParams {
                millibits,
                alloc,
                codec: CodecParams::default(),
            };
            let (mut a, mut b) = (Vec::new(), Vec::new());
            let (ra, _) = compress_to(&mem, &mut a, &params, |_| {}).unwrap();
            compress_to(&file, &mut b, &params, |_| {}).unwrap();
            assert_eq!(a, b, "{alloc:?}");
            // Every kind of record is there.
            let reasons: Vec<_> = ra.iter().map(|r| r.raw_reason).collect();
            assert!(reasons.contains(&None), "{reasons:?}");
            assert!(reasons.contains(&Some(RAW_SMALLER)), "{reasons:?}");
        }
        std::fs::remove_file(&path).unwrap();
    }
}
