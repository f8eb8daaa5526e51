//! The golden model's stages on numpy arrays, as a testbench's reference:
//! float alignment (BFP / affine) and its inverse, and the block transforms,
//! quantisation, scaling and scans of `golden::transform` / `golden::quant`,
//! applied to every block of a batch.

use golden::align::{self, AlignMode, FloatSlice, FloatVec, SideInfo};
use golden::lane;
use golden::quant::{self, Deadzone};
use golden::transform;
use numpy::{PyArray1, PyArrayMethods, PyReadonlyArrayDyn, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::errors::{check_range, config, contiguous, to_py};

/// Largest input magnitude of the forward transforms: the 8x8 transform grows
/// values by at most 64 per pass (4096 in all, plus the rounding offset), so
/// |x| < 2^18 keeps every intermediate inside i32 (2^30 + 32).
pub const FORWARD_MAX: i32 = (1 << 18) - 1;
/// Largest dead zone (quant::Deadzone is meaningful in 0..=1023, 10 bits in the RTL).
pub const DEADZONE_MAX: i32 = 1023;

/// What a block operation needs besides the block.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Needs {
    /// Nothing: transforms and scans.
    Block,
    /// A QP per block (scaling, reconstruction).
    Qp,
    /// A QP and a dead zone per block (quantisation).
    QpDeadzone,
}

/// Any int32: scans (no arithmetic) and quantisers (64-bit inside, levels clamped).
const ANY: (i32, i32) = (i32::MIN, i32::MAX);
/// Forward transforms: residuals and DC terms within [`FORWARD_MAX`].
const FORWARD: (i32, i32) = (-FORWARD_MAX, FORWARD_MAX);
/// Coefficient levels and scaled coefficients of an 8-bit stream: the standard's
/// -2^(7 + bitDepth)..2^(7 + bitDepth) - 1 (7.4.5.3.3 and 8.5.12.1 / 8.5.13.1), so
/// the 32-bit arithmetic of the scaling and inverse transforms never wraps.
const COEF: (i32, i32) = (-(1 << 15), (1 << 15) - 1);
/// Inputs of the luma DC scaling: `inverse_luma_dc` of levels (16 terms of 2^15).
const LUMA_DC_F: (i32, i32) = (-(1 << 19), (1 << 19) - 1);
/// Inputs of the chroma DC scaling: `inverse_chroma_dc` of levels (4 terms of 2^15).
const CHROMA_DC_F: (i32, i32) = (-(1 << 17), (1 << 17) - 1);

/// Every block operation: name, elements per block, needs, range of its inputs.
const OPS: [(&str, usize, Needs, (i32, i32)); 22] = [
    ("forward4x4", 16, Needs::Block, FORWARD),
    ("inverse4x4", 16, Needs::Block, COEF),
    ("forward8x8", 64, Needs::Block, FORWARD),
    ("inverse8x8", 64, Needs::Block, COEF),
    ("forward_luma_dc", 16, Needs::Block, FORWARD),
    ("inverse_luma_dc", 16, Needs::Block, COEF),
    ("forward_chroma_dc", 4, Needs::Block, FORWARD),
    ("inverse_chroma_dc", 4, Needs::Block, COEF),
    ("quant4x4", 16, Needs::QpDeadzone, ANY),
    ("quant8x8", 64, Needs::QpDeadzone, ANY),
    ("quant_luma_dc", 16, Needs::QpDeadzone, ANY),
    ("quant_chroma_dc", 4, Needs::QpDeadzone, ANY),
    ("dequant4x4", 16, Needs::Qp, COEF),
    ("dequant8x8", 64, Needs::Qp, COEF),
    ("dequant_luma_dc", 16, Needs::Qp, LUMA_DC_F),
    ("dequant_chroma_dc", 4, Needs::Qp, CHROMA_DC_F),
    ("recon_residual4x4", 16, Needs::Qp, COEF),
    ("recon_residual8x8", 64, Needs::Qp, COEF),
    ("scan4x4", 16, Needs::Block, ANY),
    ("unscan4x4", 16, Needs::Block, ANY),
    ("scan8x8", 64, Needs::Block, ANY),
    ("unscan8x8", 64, Needs::Block, ANY),
];

/// Applies `$f(block, block index)` to every block of `$k` elements of `$data`.
macro_rules! each_block {
    ($k:literal, $data:expr, |$b:ident, $i:ident| $f:expr) => {{
        let mut out = Vec::with_capacity($data.len());
        for ($i, chunk) in $data.chunks_exact($k).enumerate() {
            let $b: &[i32; $k] = chunk.try_into().expect("chunks_exact gives $k elements");
            out.extend_from_slice(&$f);
        }
        out
    }};
}

/// Runs operation `op` on blocks already checked; `qp` / `dz` hold one value per block
/// where the operation needs them.
fn run(op: &str, x: &[i32], qp: &[i32], dz: &[i32]) -> Vec<i32> {
    let dzone = |i: usize| Deadzone(dz[i] as u32);
    match op {
        "forward4x4" => each_block!(16, x, |b, _i| transform::forward4x4(b)),
        "inverse4x4" => each_block!(16, x, |b, _i| transform::inverse4x4(b)),
        "forward8x8" => each_block!(64, x, |b, _i| transform::forward8x8(b)),
        "inverse8x8" => each_block!(64, x, |b, _i| transform::inverse8x8(b)),
        "forward_luma_dc" => each_block!(16, x, |b, _i| transform::forward_luma_dc(b)),
        "inverse_luma_dc" => each_block!(16, x, |b, _i| transform::inverse_luma_dc(b)),
        "forward_chroma_dc" => each_block!(4, x, |b, _i| transform::forward_chroma_dc(b)),
        "inverse_chroma_dc" => each_block!(4, x, |b, _i| transform::inverse_chroma_dc(b)),
        "quant4x4" => each_block!(16, x, |b, i| quant::quant4x4(b, qp[i], dzone(i))),
        "quant8x8" => each_block!(64, x, |b, i| quant::quant8x8(b, qp[i], dzone(i))),
        "quant_luma_dc" => each_block!(16, x, |b, i| quant::quant_luma_dc(b, qp[i], dzone(i))),
        "quant_chroma_dc" => {
            each_block!(4, x, |b, i| quant::quant_chroma_dc(b, qp[i], dzone(i)))
        }
        "dequant4x4" => each_block!(16, x, |b, i| quant::dequant4x4(b, qp[i])),
        "dequant8x8" => each_block!(64, x, |b, i| quant::dequant8x8(b, qp[i])),
        "dequant_luma_dc" => each_block!(16, x, |b, i| quant::dequant_luma_dc(b, qp[i])),
        "dequant_chroma_dc" => each_block!(4, x, |b, i| quant::dequant_chroma_dc(b, qp[i])),
        // The lanes' reconstruction halves, what the codec runs.
        "recon_residual4x4" => each_block!(16, x, |b, i| lane::residual::recon4x4(b, qp[i], None)),
        "recon_residual8x8" => each_block!(64, x, |b, i| lane::residual::recon8x8(b, qp[i])),
        "scan4x4" => each_block!(16, x, |b, _i| quant::scan4x4(b)),
        "unscan4x4" => each_block!(16, x, |b, _i| quant::unscan4x4(b)),
        "scan8x8" => each_block!(64, x, |b, _i| quant::scan8x8(b)),
        "unscan8x8" => each_block!(64, x, |b, _i| quant::unscan8x8(b)),
        _ => unreachable!("operation names come from OPS"),
    }
}

/// One value per block, checked against `lo..=hi`; empty when not needed.
fn per_block(
    v: Option<PyReadonlyArrayDyn<'_, i32>>,
    needed: bool,
    blocks: usize,
    what: &str,
    (lo, hi): (i32, i32),
) -> PyResult<Vec<i32>> {
    match (v, needed) {
        (None, false) => Ok(Vec::new()),
        (Some(_), false) => Err(config(format!(
            "{what} is not an argument of this operation"
        ))),
        (None, true) => Err(config(format!("{what} is required"))),
        (Some(a), true) => {
            let s = contiguous(&a, what)?;
            if s.len() != blocks {
                return Err(config(format!(
                    "{what}: {} values for {blocks} blocks",
                    s.len()
                )));
            }
            check_range(s, lo, hi, what)?;
            Ok(s.to_vec())
        }
    }
}

/// Applies block operation `op` (a name from the golden model: `forward4x4`, `quant4x4`,
/// ...) to every block of `x` (int32, C-contiguous, a whole number of blocks in raster
/// order). `qp` / `dz`: one int32 per block. Returns an int32 array of `x`'s shape.
#[pyfunction]
#[pyo3(signature = (op, x, qp=None, dz=None))]
fn block_op<'py>(
    py: Python<'py>,
    op: &str,
    x: PyReadonlyArrayDyn<'py, i32>,
    qp: Option<PyReadonlyArrayDyn<'py, i32>>,
    dz: Option<PyReadonlyArrayDyn<'py, i32>>,
) -> PyResult<Bound<'py, PyAny>> {
    let &(name, k, needs, (lo, hi)) = OPS
        .iter()
        .find(|(n, _, _, _)| *n == op)
        .ok_or_else(|| config(format!("unknown block operation {op:?}")))?;
    let shape = x.shape().to_vec();
    let data = contiguous(&x, name)?;
    if data.len() % k != 0 {
        return Err(config(format!(
            "{name}: {} values is not a whole number of {k}-element blocks",
            data.len()
        )));
    }
    let blocks = data.len() / k;
    if (lo, hi) != ANY {
        check_range(data, lo, hi, name)?;
    }
    let with_qp = matches!(needs, Needs::Qp | Needs::QpDeadzone);
    let qp = per_block(qp, with_qp, blocks, "qp", (0, 51))?;
    let dz = per_block(
        dz,
        needs == Needs::QpDeadzone,
        blocks,
        "deadzone",
        (0, DEADZONE_MAX),
    )?;
    let out = run(name, data, &qp, &dz);
    Ok(PyArray1::from_vec(py, out).reshape(shape)?.into_any())
}

/// Raw float bit patterns: FP32 as uint32, FP16 / BF16 as uint16.
#[derive(FromPyObject)]
pub enum Bits<'py> {
    U32(PyReadonlyArrayDyn<'py, u32>),
    U16(PyReadonlyArrayDyn<'py, u16>),
}

impl Bits<'_> {
    /// The bit patterns read in place as `dtype` ("F32", "F16" or "BF16").
    pub fn slice(&self, dtype: &str) -> PyResult<FloatSlice<'_>> {
        Ok(match (self, dtype) {
            (Bits::U32(a), "F32") => FloatSlice::F32(contiguous(a, "values")?),
            (Bits::U16(a), "F16") => FloatSlice::F16(contiguous(a, "values")?),
            (Bits::U16(a), "BF16") => FloatSlice::Bf16(contiguous(a, "values")?),
            _ => {
                return Err(config(format!(
                    "dtype {dtype:?} needs uint32 (F32) or uint16 (F16, BF16) bit patterns"
                )))
            }
        })
    }
}

/// The float vector as a numpy array of bit patterns (uint32 / uint16) of `shape`.
pub fn bits_array<'py>(
    py: Python<'py>,
    v: FloatVec,
    shape: Vec<usize>,
) -> PyResult<Bound<'py, PyAny>> {
    Ok(match v {
        FloatVec::F32(b) => PyArray1::from_vec(py, b).reshape(shape)?.into_any(),
        FloatVec::F16(b) | FloatVec::Bf16(b) => {
            PyArray1::from_vec(py, b).reshape(shape)?.into_any()
        }
    })
}

/// The alignment mode of a name ("bfp" with a group size, default one group per row;
/// "affine").
pub fn align_mode(mode: &str, group: Option<u32>) -> PyResult<AlignMode> {
    match (mode, group) {
        ("bfp", None) => Ok(AlignMode::Bfp { group: u32::MAX }),
        ("bfp", Some(0)) => Err(config("BFP group size must be at least 1")),
        ("bfp", Some(g)) => Ok(AlignMode::Bfp { group: g }),
        ("affine", None) => Ok(AlignMode::AffineRow),
        ("affine", Some(_)) => Err(config("affine alignment takes no group size")),
        _ => Err(config(format!(
            "alignment {mode:?} is not one of \"bfp\", \"affine\""
        ))),
    }
}

/// Side information as arrays: (E8M0 codes (rows, groups), FP16 scale bits (rows,), zero
/// points (rows,)), each None where the mode has none.
type SideArrays<'py> = (
    Option<Bound<'py, PyAny>>,
    Option<Bound<'py, PyAny>>,
    Option<Bound<'py, PyAny>>,
);

/// What [`align_bits`] returns: samples, side information bytes, and the side arrays.
type AlignedArrays<'py> = (
    Bound<'py, PyAny>,
    Bound<'py, PyBytes>,
    Option<Bound<'py, PyAny>>,
    Option<Bound<'py, PyAny>>,
    Option<Bound<'py, PyAny>>,
);

fn side_arrays<'py>(py: Python<'py>, side: &SideInfo, rows: usize) -> PyResult<SideArrays<'py>> {
    Ok(match side {
        SideInfo::Bfp { exponents, .. } => {
            let groups = exponents.len().checked_div(rows).unwrap_or(0);
            let e = PyArray1::from_slice(py, exponents).reshape([rows, groups])?;
            (Some(e.into_any()), None, None)
        }
        SideInfo::AffineRow { rows: params } => {
            let scales: Vec<u16> = params.iter().map(|p| p.scale).collect();
            let zps: Vec<u8> = params.iter().map(|p| p.zero_point).collect();
            (
                None,
                Some(PyArray1::from_vec(py, scales).into_any()),
                Some(PyArray1::from_vec(py, zps).into_any()),
            )
        }
    })
}

/// `golden::align::align` on a `rows` x `cols` tensor of bit patterns. Returns (samples
/// uint8 (rows, cols), side information bytes, E8M0 codes, FP16 scale bits, zero points).
#[pyfunction]
#[pyo3(signature = (name, bits, dtype, rows, cols, mode, group=None))]
#[allow(clippy::too_many_arguments)]
fn align_bits<'py>(
    py: Python<'py>,
    name: &str,
    bits: Bits<'py>,
    dtype: &str,
    rows: usize,
    cols: usize,
    mode: &str,
    group: Option<u32>,
) -> PyResult<AlignedArrays<'py>> {
    let mode = align_mode(mode, group)?;
    let input = bits.slice(dtype)?;
    let a = align::align(name, input, rows, cols, mode).map_err(to_py)?;
    let side = PyBytes::new(py, &a.side.to_bytes());
    let (e, s, z) = side_arrays(py, &a.side, rows)?;
    let samples = PyArray1::from_vec(py, a.samples).reshape([rows, cols])?;
    Ok((samples.into_any(), side, e, s, z))
}

/// `golden::align::dealign`: samples (uint8, rows x cols, C-contiguous) and side
/// information bytes back to bit patterns of `dtype` (uint32 / uint16, (rows, cols)).
#[pyfunction]
fn dealign_bits<'py>(
    py: Python<'py>,
    samples: PyReadonlyArrayDyn<'py, u8>,
    rows: usize,
    cols: usize,
    side: &[u8],
    dtype: &str,
) -> PyResult<Bound<'py, PyAny>> {
    let s = contiguous(&samples, "samples")?;
    let side = SideInfo::from_bytes(side).map_err(to_py)?;
    let out = match dtype {
        "F32" => align::Dtype::F32,
        "F16" => align::Dtype::F16,
        "BF16" => align::Dtype::Bf16,
        _ => return Err(config(format!("dtype {dtype:?} is not F32, F16 or BF16"))),
    };
    let v = align::dealign(s, rows, cols, &side, out).map_err(to_py)?;
    bits_array(py, v, vec![rows, cols])
}

/// `golden::quant::chroma_qp`: QP'C from QP'Y and the chroma QP offset.
#[pyfunction]
fn chroma_qp(qp_y: i32, offset: i32) -> PyResult<i32> {
    check_range(&[qp_y], 0, 51, "qp")?;
    check_range(&[offset], -12, 12, "chroma_qp_offset")?;
    Ok(quant::chroma_qp(qp_y, offset))
}

/// Adds the stage functions and constants to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(block_op, m)?)?;
    m.add_function(wrap_pyfunction!(align_bits, m)?)?;
    m.add_function(wrap_pyfunction!(dealign_bits, m)?)?;
    m.add_function(wrap_pyfunction!(chroma_qp, m)?)?;
    m.add("FORWARD_MAX", FORWARD_MAX)?;
    m.add("DEADZONE_MAX", DEADZONE_MAX)?;
    m.add("LEVEL_MAX", quant::LEVEL_MAX)?;
    m.add("ZIGZAG4X4", quant::ZIGZAG4X4.to_vec())?;
    m.add("ZIGZAG8X8", quant::ZIGZAG8X8.to_vec())?;
    let ops: Vec<&str> = OPS.iter().map(|(n, _, _, _)| *n).collect();
    m.add("BLOCK_OPS", ops)?;
    Ok(())
}
