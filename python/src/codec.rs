//! The tensor codec: one array to a one-tensor `.tcz` in memory and back, and
//! whole safetensors files to `.tcz` files and back.

use std::collections::BTreeMap;
use std::io::Cursor;
use std::path::Path;

use golden::align::{FloatSlice, FloatVec};
use numpy::PyArray1;
use pyo3::exceptions::PyKeyError;
use pyo3::prelude::*;
use pyo3::types::PyBytes;
use tensor::codec::{AlignScope, CodecParams};
use tensor::container::{self, TczReader, TensorRecord};
use tensor::model::{self, Alloc, ModelParams};
use tensor::SafeTensors;

use crate::errors::{config, in_file, io_to_py, to_py};
use crate::stages::{align_mode, Bits};
use tricodec_io::Output;

/// Codec settings from the Python arguments.
fn codec_params(
    align: &str,
    group: Option<u32>,
    scale_per: &str,
    slices: usize,
) -> PyResult<CodecParams> {
    if slices == 0 {
        return Err(config("slices must be at least 1"));
    }
    let scope = match scale_per {
        "auto" => AlignScope::Auto,
        "row" => AlignScope::Row,
        "tensor" => AlignScope::Tensor,
        _ => {
            return Err(config(format!(
                "scale_per {scale_per:?} is not one of \"auto\", \"row\", \"tensor\""
            )))
        }
    };
    if scope == AlignScope::Tensor && group.is_some() {
        return Err(config(
            "a BFP group size applies to per-row scales (scale_per=\"tensor\" has one scale)",
        ));
    }
    Ok(CodecParams {
        align: align_mode(align, group)?,
        scope,
        slices,
        ..CodecParams::default()
    })
}

/// An owned copy of the bit patterns (coding runs without the GIL).
fn owned(s: FloatSlice<'_>) -> FloatVec {
    match s {
        FloatSlice::F32(v) => FloatVec::F32(v.to_vec()),
        FloatSlice::F16(v) => FloatVec::F16(v.to_vec()),
        FloatSlice::Bf16(v) => FloatVec::Bf16(v.to_vec()),
    }
}

/// Codes `bits` (bit patterns of `dtype`, row-major, of `shape`) at `millibits` / 1000
/// bits per value, every byte of the returned one-tensor `.tcz` file counted
/// (`tensor::model::compress_tensor`).
#[pyfunction]
#[pyo3(signature = (bits, dtype, shape, millibits, align, group, scale_per, slices, name))]
#[allow(clippy::too_many_arguments)]
fn compress<'py>(
    py: Python<'py>,
    bits: Bits<'py>,
    dtype: &str,
    shape: Vec<usize>,
    millibits: u32,
    align: &str,
    group: Option<u32>,
    scale_per: &str,
    slices: usize,
    name: &str,
) -> PyResult<Bound<'py, PyBytes>> {
    if millibits == 0 {
        return Err(config("bits per value must be positive"));
    }
    if shape.len() > container::MAX_RANK {
        return Err(config(format!(
            "rank {} exceeds the container's {}",
            shape.len(),
            container::MAX_RANK
        )));
    }
    let cfg = codec_params(align, group, scale_per, slices)?;
    let values = owned(bits.slice(dtype)?);
    let out = py
        .detach(|| model::compress_tensor(name, &values, &shape, millibits, &cfg))
        .map_err(to_py)?;
    Ok(PyBytes::new(py, &out))
}

/// One decoded tensor: (name, safetensors dtype name, shape, raw little-endian bytes as
/// a uint8 array).
type Decoded<'py> = (String, &'static str, Vec<usize>, Bound<'py, PyAny>);

fn decoded(py: Python<'_>, rec: TensorRecord, raw: Vec<u8>) -> Decoded<'_> {
    let arr = PyArray1::from_vec(py, raw).into_any();
    (rec.name, rec.dtype.name(), rec.shape, arr)
}

/// Decodes one tensor of a `.tcz` file held in `data`: the one named `name`, or the
/// only one when `name` is None.
#[pyfunction]
#[pyo3(signature = (data, name=None))]
fn decompress<'py>(py: Python<'py>, data: &[u8], name: Option<&str>) -> PyResult<Decoded<'py>> {
    let found = py.detach(
        || -> golden::Result<Result<(TensorRecord, Vec<u8>), String>> {
            let mut r = TczReader::new(Cursor::new(data))?;
            let i = match name {
                Some(n) => match r.find(n) {
                    Some(i) => i,
                    None => return Ok(Err(format!("no tensor named {n:?}"))),
                },
                None if r.index().len() == 1 => 0,
                None => {
                    return Err(golden::Error::Config(format!(
                        "the data holds {} tensors: pass name=, or use load_file",
                        r.index().len()
                    )))
                }
            };
            let rec = r.read(i)?;
            let raw = model::decode_record(&rec)?;
            Ok(Ok((rec, raw)))
        },
    );
    let (rec, raw) = found.map_err(to_py)?.map_err(PyKeyError::new_err)?;
    Ok(decoded(py, rec, raw))
}

/// Names, dtypes and shapes of the tensors in a `.tcz` file held in `data`.
#[pyfunction]
fn contents(data: &[u8]) -> PyResult<Vec<(String, &'static str, Vec<usize>)>> {
    let r = TczReader::new(Cursor::new(data)).map_err(to_py)?;
    Ok(r.index()
        .iter()
        .map(|e| (e.name.clone(), e.dtype.name(), e.shape.clone()))
        .collect())
}

/// Fails with the OS error (FileNotFoundError, PermissionError, ...) when `path`
/// cannot be opened for reading, then opens it as a `.tcz` file.
fn open_tcz(path: &Path) -> PyResult<TczReader<std::io::BufReader<std::fs::File>>> {
    drop(tricodec_io::open_input(path).map_err(io_to_py)?);
    TczReader::open(path).map_err(|e| in_file(path, e))
}

/// Reads every tensor of the `.tcz` file at `path`: (metadata, [decoded tensor]).
#[pyfunction]
fn load_file<'py>(
    py: Python<'py>,
    path: std::path::PathBuf,
) -> PyResult<(BTreeMap<String, String>, Vec<Decoded<'py>>)> {
    let mut r = open_tcz(&path)?;
    let (meta, recs) = py
        .detach(|| -> golden::Result<_> {
            let meta = r.metadata().clone();
            let mut recs = Vec::with_capacity(r.index().len());
            for i in 0..r.index().len() {
                let rec = r.read(i)?;
                let raw = model::decode_record(&rec)?;
                recs.push((rec, raw));
            }
            Ok((meta, recs))
        })
        .map_err(|e| in_file(&path, e))?;
    let tensors = recs
        .into_iter()
        .map(|(rec, raw)| decoded(py, rec, raw))
        .collect();
    Ok((meta, tensors))
}

/// One coded tensor's outcome: (name, values, record bytes, base QP in 1/8 units or None
/// for a tensor stored raw, why it is stored raw or None).
type Report = (String, u64, u64, Option<i32>, Option<&'static str>);

/// `tensor::model::compress`: the safetensors file `src` to the `.tcz` file
/// `dst` at `millibits` / 1000 bits per value over the whole model.
#[pyfunction]
#[pyo3(signature = (src, dst, millibits, align, group, scale_per, slices, alloc, linear_k_millibits))]
#[allow(clippy::too_many_arguments)]
fn compress_file(
    py: Python<'_>,
    src: std::path::PathBuf,
    dst: std::path::PathBuf,
    millibits: u32,
    align: &str,
    group: Option<u32>,
    scale_per: &str,
    slices: usize,
    alloc: &str,
    linear_k_millibits: i32,
) -> PyResult<Vec<Report>> {
    if millibits == 0 {
        return Err(config("bits per value must be positive"));
    }
    let alloc = match alloc {
        "uniform" => Alloc::Uniform,
        "rd" => Alloc::Rd,
        "linear" => Alloc::Linear {
            k_millibits: linear_k_millibits,
        },
        _ => {
            return Err(config(format!(
                "alloc {alloc:?} is not one of \"uniform\", \"linear\", \"rd\""
            )))
        }
    };
    let params = ModelParams {
        millibits,
        alloc,
        codec: codec_params(align, group, scale_per, slices)?,
    };
    let bytes = tricodec_io::read_input(&src).map_err(io_to_py)?;
    let st = py
        .detach(|| SafeTensors::from_bytes(bytes))
        .map_err(|e| not_safetensors(&src, e))?;
    let mut out = Output::create(&dst, &[&src]).map_err(io_to_py)?;
    let res = py.detach(|| model::compress_to(&st, &mut out, &params, |_| {}));
    let (reports, _) = res.map_err(|e| match out.write_error() {
        Some(io) => io_to_py(io),
        None => in_file(&src, e),
    })?;
    out.finish().map_err(io_to_py)?;
    Ok(reports
        .into_iter()
        .map(|r| (r.name, r.values, r.bytes, r.base_qp8, r.raw_reason))
        .collect())
}

/// `tensor::model::decompress`: the `.tcz` file `src` to the safetensors file
/// `dst` (names, dtypes, shapes and metadata restored).
#[pyfunction]
fn decompress_file(
    py: Python<'_>,
    src: std::path::PathBuf,
    dst: std::path::PathBuf,
) -> PyResult<()> {
    let r = open_tcz(&src)?;
    let mut out = Output::create(&dst, &[&src]).map_err(io_to_py)?;
    py.detach(|| model::decompress_to(r, &mut out, |_| {}))
        .map_err(|e| match out.write_error() {
            Some(io) => io_to_py(io),
            None => in_file(&src, e),
        })?;
    out.finish().map_err(io_to_py)
}

/// `src` did not parse as safetensors: the command line's message.
fn not_safetensors(src: &Path, e: golden::Error) -> PyErr {
    match e {
        golden::Error::Unsupported(_) => in_file(src, e),
        _ => {
            let msg = format!(
                "{} is not a safetensors file ({})",
                src.display(),
                e.detail()
            );
            in_file(src, golden::Error::Invalid(msg))
        }
    }
}

/// Adds the codec functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(compress, m)?)?;
    m.add_function(wrap_pyfunction!(decompress, m)?)?;
    m.add_function(wrap_pyfunction!(contents, m)?)?;
    m.add_function(wrap_pyfunction!(load_file, m)?)?;
    m.add_function(wrap_pyfunction!(compress_file, m)?)?;
    m.add_function(wrap_pyfunction!(decompress_file, m)?)?;
    m.add("ALIGN_DTYPES", vec!["F32", "F16", "BF16"])?;
    Ok(())
}
