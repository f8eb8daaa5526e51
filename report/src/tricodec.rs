//! The tricodec column: `tensor::codec::compress` with the codec's
//! default parameters (`CodecParams::default()`) and a byte budget of
//! `floor(target * values / 8)`; bytes counted are the parameter block
//! (side information, row order, switches) plus every tile stream
//! (`CodedTensor::bytes`). Decoded with `tensor::codec::decode`.
//!
//! Kept apart from the baselines so that the codec under test is one
//! function: `point` for one tensor, `model_speed` for a whole model.

use std::path::Path;
use std::time::Instant;

use golden::align::{Dtype, FloatVec};
use tensor::codec::{self, CodecParams, QpChoice};
use tensor::model::{self, Alloc, ModelParams};
use tensor::SafeTensors;

use crate::measure::Point;

/// What the column runs, for the report.
pub const DESCRIPTION: &str =
    "tensor::codec::compress(name, values, shape, &CodecParams::default(), \
     QpChoice::Budget(floor(target * values / 8))), decoded by tensor::codec::decode";

/// A tensor coded and decoded.
pub struct Coded {
    /// Every byte of the coded tensor (`CodedTensor::bytes`).
    pub bytes: u64,
    /// The decoded values.
    pub approx: Vec<f64>,
    /// Seconds `compress` took.
    pub secs: f64,
    /// Base QP (1/8 units) chosen.
    pub base8: i32,
}

/// The tensor coded at `target` bits/value: its point (rate at most the
/// target), the seconds `compress` took and the base QP (1/8 units) it chose.
pub fn point(
    name: &str,
    values: &FloatVec,
    shape: &[usize],
    reference: &[f64],
    target: f64,
) -> Result<(Point, f64, i32), String> {
    let c = code(name, values, shape, target)?;
    let setting = format!("base_qp={:.3}", f64::from(c.base8) / 8.0);
    Ok((
        Point::new(
            c.bytes as f64,
            reference.len(),
            reference,
            &c.approx,
            setting,
        ),
        c.secs,
        c.base8,
    ))
}

/// The tensor coded at `target` bits/value (byte budget
/// `floor(target * values / 8)`) and decoded.
pub fn code(name: &str, values: &FloatVec, shape: &[usize], target: f64) -> Result<Coded, String> {
    let n: usize = shape.iter().product();
    let budget = (target * n as f64 / 8.0).floor() as u64;
    let start = Instant::now();
    let coded = codec::compress(
        name,
        values,
        shape,
        &CodecParams::default(),
        QpChoice::Budget(budget),
    )
    .map_err(|e| format!("tricodec compress {name}: {e}"))?;
    let secs = start.elapsed().as_secs_f64();
    let base8 = codec::base_qp8(&coded).map_err(|e| e.to_string())?;
    let back = codec::decode(&coded, shape, Dtype::F32)
        .map_err(|e| format!("tricodec decode {name}: {e}"))?;
    let FloatVec::F32(bits) = back else {
        unreachable!("decoded to F32")
    };
    let approx: Vec<f64> = bits.iter().map(|&b| f64::from(f32::from_bits(b))).collect();
    Ok(Coded {
        bytes: coded.bytes(),
        approx,
        secs,
        base8,
    })
}

/// Time of one coding pass without rate search: for each (name, shape,
/// base QP in 1/8 units), `codec::prepare` (alignment, row sorting) and
/// `Prepared::encode` at that base QP. Returns (seconds, bytes).
pub fn single_pass(
    st: &SafeTensors,
    tensors: &[(String, Vec<usize>, i32)],
) -> Result<(f64, u64), String> {
    let (mut secs, mut bytes) = (0.0, 0u64);
    for (name, shape, base8) in tensors {
        let v = st.get(name).ok_or_else(|| format!("no tensor {name}"))?;
        let dtype = v.dtype.align().map_err(|e| e.to_string())?;
        let values = FloatVec::from_le_bytes(st.bytes(name).map_err(|e| e.to_string())?, dtype)
            .map_err(|e| e.to_string())?;
        let start = Instant::now();
        let p = codec::prepare(name, &values, shape, &CodecParams::default())
            .map_err(|e| e.to_string())?;
        let (coded, _) = p.encode(*base8, false).map_err(|e| e.to_string())?;
        secs += start.elapsed().as_secs_f64();
        bytes += coded.bytes();
    }
    Ok((secs, bytes))
}

/// Whole-model compression time: `tensor::model::compress` of every
/// tensor (uniform allocation, default codec parameters) to a `.tcz` file in
/// `dir` at `millibits`/1000 bits per value. Returns (seconds, file bytes).
pub fn model_speed(st: &SafeTensors, dir: &Path, millibits: u32) -> Result<(f64, u64), String> {
    let out = dir.join("model.tcz");
    let p = ModelParams {
        millibits,
        alloc: Alloc::Uniform,
        codec: CodecParams::default(),
    };
    let start = Instant::now();
    model::compress(st, &out, &p, |_| {}).map_err(|e| format!("tricodec model compress: {e}"))?;
    let secs = start.elapsed().as_secs_f64();
    let bytes = std::fs::metadata(&out).map_err(|e| e.to_string())?.len();
    let _ = std::fs::remove_file(&out);
    Ok((secs, bytes))
}
