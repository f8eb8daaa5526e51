//! Float alignment: the first stage of the pipeline (`align -> intra -> ...`).
//! Turns a 2-D tensor of FP32 / FP16 / BF16 bit patterns into 8-bit samples
//! (the codec's luma) plus side information, and back. docs/align.md is the
//! specification; this module implements it with integers only.
//!
//! Two modes:
//! - [`AlignMode::Bfp`]: block floating point as in OCP MX (MXINT8): per group
//!   of `group` elements of a row, a shared exponent `E = floor(log2 max|x|)`
//!   (E8M0, clamped to -127..=127) and elements `q = rne(x / 2^(E-6))` in
//!   -127..=127, stored as `q + 128`.
//! - [`AlignMode::AffineRow`]: per row an FP16 scale `s` (the smallest FP16
//!   `>= (max - min) / 255`, range including 0) and an integer zero point `zp`;
//!   elements `q = clamp(zp +- rne(|x| / s), 0, 255)`; `|x - (q - zp) s| <= s/2`.
//!
//! Inputs are raw bit patterns and never pass through float arithmetic. Inf
//! or NaN anywhere is `Error::Invalid` naming the tensor (the `name` argument),
//! the first offending element's flat index and its (row, col).
//! The inverse rounds the exact dequantized value once, to nearest-even, into
//! the requested format, saturating at its largest finite value.

mod affine;
mod bfp;
mod float;
mod ieee;
mod side;
#[cfg(test)]
mod tests;

pub use affine::{RowParams, ZP_ZERO_ROW};
pub use bfp::{E8M0_BIAS, ELEMENT_FRAC_BITS, EXP_MAX, EXP_MIN, Q_MAX, SAMPLE_ZERO};
pub use float::{bf16_bits_to_f32, bits_to_f64, f16_bits_to_f32, round_f32_bits};
pub use side::{groups_per_row, SideInfo, AFFINE_HEADER_BYTES, AFFINE_ROW_BYTES};
pub use side::{BFP_HEADER_BYTES, SIDE_VERSION};

use crate::error::{Error, Result};
use crate::{invalid, unsupported};
use ieee::{format, non_finite, Format};

/// Element type of the tensor before alignment and after the inverse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Dtype {
    /// IEEE binary32.
    F32,
    /// IEEE binary16.
    F16,
    /// bfloat16 (upper half of binary32).
    Bf16,
}

impl Dtype {
    /// Bytes per element.
    pub fn size(self) -> usize {
        match self {
            Dtype::F32 => 4,
            Dtype::F16 | Dtype::Bf16 => 2,
        }
    }
}

/// Borrowed raw bit patterns of a tensor, row-major.
#[derive(Clone, Copy, Debug)]
pub enum FloatSlice<'a> {
    F32(&'a [u32]),
    F16(&'a [u16]),
    Bf16(&'a [u16]),
}

impl FloatSlice<'_> {
    /// The element type.
    pub fn dtype(&self) -> Dtype {
        match self {
            FloatSlice::F32(_) => Dtype::F32,
            FloatSlice::F16(_) => Dtype::F16,
            FloatSlice::Bf16(_) => Dtype::Bf16,
        }
    }

    /// Number of elements.
    pub fn len(&self) -> usize {
        match self {
            FloatSlice::F32(v) => v.len(),
            FloatSlice::F16(v) | FloatSlice::Bf16(v) => v.len(),
        }
    }

    /// True when there are no elements.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The exact value of element `i` (every FP32/FP16/BF16 value is an
    /// f64). For measurement, not part of the bit-exact pipeline.
    pub fn value_f64(&self, i: usize) -> f64 {
        float::bits_to_f64(self.bits(i), self.dtype())
    }

    /// Bit pattern of element `i` (16-bit formats in the low half).
    fn bits(&self, i: usize) -> u32 {
        match self {
            FloatSlice::F32(v) => v[i],
            FloatSlice::F16(v) | FloatSlice::Bf16(v) => u32::from(v[i]),
        }
    }

    /// Every element's bit pattern widened to u32 (16-bit formats in the low
    /// half), as a bus of 32-bit lanes carries them (the RTL's `dealign`).
    pub fn widened_bits(&self) -> Vec<u32> {
        let mut v = Vec::with_capacity(self.len());
        self.copy_bits(0..self.len(), &mut v);
        v
    }

    /// Elements `range` widened to u32 bit patterns, into `buf`.
    fn copy_bits(&self, range: std::ops::Range<usize>, buf: &mut Vec<u32>) {
        buf.clear();
        match self {
            FloatSlice::F32(v) => buf.extend_from_slice(&v[range]),
            FloatSlice::F16(v) | FloatSlice::Bf16(v) => {
                buf.extend(v[range].iter().map(|&b| u32::from(b)))
            }
        }
    }
}

/// Owned raw bit patterns of a tensor, row-major.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FloatVec {
    F32(Vec<u32>),
    F16(Vec<u16>),
    Bf16(Vec<u16>),
}

impl FloatVec {
    /// Parses little-endian bytes (as stored in safetensors); `Config` when the
    /// length is not a multiple of the element size.
    pub fn from_le_bytes(bytes: &[u8], dtype: Dtype) -> Result<FloatVec> {
        if !bytes.len().is_multiple_of(dtype.size()) {
            return Err(Error::Config(format!(
                "align: {} bytes is not a whole number of {dtype:?} elements",
                bytes.len()
            )));
        }
        let halves = || {
            bytes
                .chunks_exact(2)
                .map(|b| u16::from_le_bytes([b[0], b[1]]))
        };
        Ok(match dtype {
            Dtype::F32 => FloatVec::F32(
                bytes
                    .chunks_exact(4)
                    .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
                    .collect(),
            ),
            Dtype::F16 => FloatVec::F16(halves().collect()),
            Dtype::Bf16 => FloatVec::Bf16(halves().collect()),
        })
    }

    /// Little-endian bytes (as stored in safetensors).
    pub fn to_le_bytes(&self) -> Vec<u8> {
        match self {
            FloatVec::F32(v) => v.iter().flat_map(|x| x.to_le_bytes()).collect(),
            FloatVec::F16(v) | FloatVec::Bf16(v) => {
                v.iter().flat_map(|x| x.to_le_bytes()).collect()
            }
        }
    }

    /// A borrowed view.
    pub fn as_slice(&self) -> FloatSlice<'_> {
        match self {
            FloatVec::F32(v) => FloatSlice::F32(v),
            FloatVec::F16(v) => FloatSlice::F16(v),
            FloatVec::Bf16(v) => FloatSlice::Bf16(v),
        }
    }

    /// The element type.
    pub fn dtype(&self) -> Dtype {
        self.as_slice().dtype()
    }
}

/// How a tensor is aligned to 8-bit samples.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum AlignMode {
    /// Block floating point, one E8M0 exponent per `group` elements of a row
    /// (`group >= 1`; `group >= cols` means one group per row).
    Bfp { group: u32 },
    /// Affine per row: FP16 scale and u8 zero point per row.
    AffineRow,
}

/// An aligned tensor: `rows * cols` samples, row-major, and side information.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Aligned {
    pub samples: Vec<u8>,
    pub rows: usize,
    pub cols: usize,
    pub side: SideInfo,
}

/// Aligns the `rows` x `cols` tensor `input` (row-major bit patterns) to 8-bit
/// samples. `name` only labels errors.
///
/// Errors: `Config` when `input.len() != rows * cols` or `group == 0`;
/// `Invalid("tensor NAME: element I (row R, col C) is NaN (bits 0x...)")` for
/// the first Inf or NaN in row-major order (checked before anything else);
/// `Unsupported` for an affine row whose `(max - min) / 255` exceeds 65504.
pub fn align(
    name: &str,
    input: FloatSlice,
    rows: usize,
    cols: usize,
    mode: AlignMode,
) -> Result<Aligned> {
    check_len(name, input.len(), rows, cols)?;
    if mode == (AlignMode::Bfp { group: 0 }) {
        return Err(Error::Config(format!("tensor {name}: BFP group size 0")));
    }
    let fmt = format(input.dtype());
    check_finite(name, &input, cols, fmt)?;
    let mut samples = vec![0u8; input.len()];
    let mut row_bits = Vec::with_capacity(cols);
    let side = match mode {
        AlignMode::Bfp { group } => {
            let mut exponents = Vec::with_capacity(rows * groups_per_row(cols, group));
            for (r, out) in samples.chunks_mut(cols.max(1)).enumerate().take(rows) {
                input.copy_bits(r * cols..(r + 1) * cols, &mut row_bits);
                for (g, o) in row_bits
                    .chunks(group as usize)
                    .zip(out.chunks_mut(group as usize))
                {
                    exponents.push(bfp::quantize_group(g, fmt, o));
                }
            }
            SideInfo::Bfp { group, exponents }
        }
        AlignMode::AffineRow => {
            let mut params = Vec::with_capacity(rows);
            for r in 0..rows {
                input.copy_bits(r * cols..(r + 1) * cols, &mut row_bits);
                let out = &mut samples[r * cols..(r + 1) * cols];
                let p = affine::quantize_row(&row_bits, fmt, out).ok_or_else(|| {
                    unsupported!(
                        "tensor {name}: row {r}: (max - min) / 255 exceeds the largest FP16 \
                         scale 65504"
                    )
                })?;
                params.push(p);
            }
            SideInfo::AffineRow { rows: params }
        }
    };
    Ok(Aligned {
        samples,
        rows,
        cols,
        side,
    })
}

/// The inverse of [`align`]: each sample's exact value under `side`, rounded
/// once to `out` (nearest, ties to even, saturating at the largest finite
/// value, -0 for a negative value that rounds to zero, +0 for exact zero).
/// Any sample value is accepted (a lossy codec may produce BFP sample 0 = -128).
///
/// Errors: `Config` for `samples.len() != rows * cols`; `Invalid` for side
/// information that does not fit the shape or holds a bad value.
pub fn dealign(
    samples: &[u8],
    rows: usize,
    cols: usize,
    side: &SideInfo,
    out: Dtype,
) -> Result<FloatVec> {
    let fmt = format(out);
    // BFP: a sample's output depends only on (sample, code), so each code's
    // 256 outputs are computed once, when the code is first met.
    let mut tables: Vec<Option<Box<[u32; 256]>>> = vec![None; 256];
    let mut bits = Vec::with_capacity(samples.len());
    visit_samples(samples, rows, cols, side, |s, p| {
        bits.push(match p {
            Param::Exp(code) => tables[usize::from(code)].get_or_insert_with(|| {
                Box::new(std::array::from_fn(|i| bfp::dequantize(i as u8, code, fmt)))
            })[usize::from(s)],
            Param::Row(p) => affine::dequantize(s, p, fmt),
        })
    })?;
    Ok(match out {
        Dtype::F32 => FloatVec::F32(bits),
        Dtype::F16 => FloatVec::F16(bits.into_iter().map(|b| b as u16).collect()),
        Dtype::Bf16 => FloatVec::Bf16(bits.into_iter().map(|b| b as u16).collect()),
    })
}

/// One BFP sample's output bit pattern: the exact value `(sample - 128) *
/// 2^(code - 127 - 6)` rounded once to `out` as [`dealign`] rounds it
/// (nearest, ties to even, saturating at the largest finite value, -0 for a
/// negative value that rounds to zero, +0 for sample 128); 16-bit formats in
/// the low half. [`dealign`] of BFP side information gives this for every
/// sample with its group's code; it is the function the RTL dealignment unit
/// (rtl/align/dealign.sv) implements per sample.
///
/// `code` is an E8M0 code, 0..=254 in any side information (0xff, the MX NaN,
/// is rejected there); for 0xff this gives the same formula's value (scale
/// 2^122), finite.
pub fn dequantize_sample(sample: u8, code: u8, out: Dtype) -> u32 {
    bfp::dequantize(sample, code, format(out))
}

/// One finite element's BFP sample under the E8M0 code `code` of its group or
/// row: `128 + q`, `q` the element's value / 2^(code - 127 - 6) rounded to
/// nearest, ties to even, clamped to -127..=127; `bits` in `dtype` (16-bit
/// formats in the low half). [`align`] in BFP mode gives this for every element
/// with its group's code; it is the function the RTL's pass 2
/// (rtl/align/align_apply.sv) implements per element.
///
/// Meaningful where [`align`] uses it: `bits` finite and `code` (0..=254) at
/// least the element's own code (the element is below 2^(code - 126), as the
/// group's largest element makes it).
pub fn quantize_sample(bits: u32, code: u8, dtype: Dtype) -> u8 {
    let exp = i32::from(code) - bfp::E8M0_BIAS;
    (bfp::quantize_element(bits, exp, format(dtype)) + bfp::SAMPLE_ZERO) as u8
}

/// Each sample's exact dequantized value as f64 (every value is exact in f64:
/// at most 19 significant bits, LSB exponent within -133..=121). For SQNR
/// measurement; errors as [`dealign`].
pub fn dequantize_f64(
    samples: &[u8],
    rows: usize,
    cols: usize,
    side: &SideInfo,
) -> Result<Vec<f64>> {
    map_samples(samples, rows, cols, side, |s, p| match p {
        Param::Exp(code) => bfp::value_f64(s, code),
        Param::Row(p) => affine::value_f64(s, p),
    })
}

/// The squared error of decoded samples against the reference `values`: the
/// sum over elements, in row-major order, of `(x - y)^2` in binary64, `x`
/// the reference's exact value and `y` the sample's exact dequantized value
/// ([`dequantize_f64`]), one rounding per operation in a fixed order (the
/// same on every machine), without holding the dequantized tensor. A
/// measurement, not part of the bit-exact spec; errors as [`dealign`], and
/// `Config` when `values` is not `rows * cols` long.
pub fn squared_error_f64(
    values: &FloatSlice,
    samples: &[u8],
    rows: usize,
    cols: usize,
    side: &SideInfo,
) -> Result<f64> {
    check_len("(reference)", values.len(), rows, cols)?;
    let mut i = 0;
    let mut sum = 0.0;
    visit_samples(samples, rows, cols, side, |s, p| {
        let y = match p {
            Param::Exp(code) => bfp::value_f64(s, code),
            Param::Row(p) => affine::value_f64(s, p),
        };
        let d = values.value_f64(i) - y;
        sum += d * d;
        i += 1;
    })?;
    Ok(sum)
}

/// Decoded samples as f32 values: [`dealign`] to FP32, read as `f32`.
pub fn to_f32(samples: &[u8], rows: usize, cols: usize, side: &SideInfo) -> Result<Vec<f32>> {
    map_samples(samples, rows, cols, side, |s, p| {
        f32::from_bits(match p {
            Param::Exp(code) => bfp::dequantize(s, code, ieee::F32),
            Param::Row(p) => affine::dequantize(s, p, ieee::F32),
        })
    })
}

/// Signal-to-quantization-noise ratio in dB, `10 log10(sum x^2 / sum (x - y)^2)`
/// (+inf when equal). A measurement in f64, not part of the bit-exact spec.
pub fn sqnr_db(reference: &[f64], approx: &[f64]) -> f64 {
    let signal: f64 = reference.iter().map(|x| x * x).sum();
    let noise: f64 = reference
        .iter()
        .zip(approx)
        .map(|(x, y)| (x - y) * (x - y))
        .sum();
    10.0 * (signal / noise).log10()
}

/// The parameter a sample is dequantized with.
#[derive(Clone, Copy)]
enum Param {
    Exp(u8),
    Row(RowParams),
}

/// Applies `f(sample, its parameter)` to every sample after checking shapes.
fn map_samples<T>(
    samples: &[u8],
    rows: usize,
    cols: usize,
    side: &SideInfo,
    f: impl Fn(u8, Param) -> T,
) -> Result<Vec<T>> {
    let mut out = Vec::with_capacity(samples.len());
    visit_samples(samples, rows, cols, side, |s, p| out.push(f(s, p)))?;
    Ok(out)
}

/// Calls `f` with every sample and its parameter, in row-major order.
fn visit_samples(
    samples: &[u8],
    rows: usize,
    cols: usize,
    side: &SideInfo,
    mut f: impl FnMut(u8, Param),
) -> Result<()> {
    check_len("(dealign)", samples.len(), rows, cols)?;
    side.check_shape(rows, cols)?;
    for (r, row) in samples.chunks(cols.max(1)).enumerate().take(rows) {
        match side {
            SideInfo::Bfp { group, exponents } => {
                let gpr = groups_per_row(cols, *group);
                // Group by group: no division per sample (measuring a
                // coding's error runs this once per rate-search probe).
                for (g, samples) in row.chunks((*group as usize).max(1)).enumerate() {
                    let code = exponents[r * gpr + g];
                    for &s in samples {
                        f(s, Param::Exp(code));
                    }
                }
            }
            SideInfo::AffineRow { rows: params } => {
                for &s in row {
                    f(s, Param::Row(params[r]));
                }
            }
        }
    }
    Ok(())
}

/// `Config` unless `len == rows * cols`.
fn check_len(name: &str, len: usize, rows: usize, cols: usize) -> Result<()> {
    if rows.checked_mul(cols) != Some(len) {
        return Err(Error::Config(format!(
            "tensor {name}: {len} elements do not make a {rows}x{cols} tensor"
        )));
    }
    Ok(())
}

/// `Invalid` naming the first Inf or NaN in row-major order.
fn check_finite(name: &str, input: &FloatSlice, cols: usize, fmt: Format) -> Result<()> {
    for i in 0..input.len() {
        let bits = input.bits(i);
        if let Some(kind) = non_finite(bits, fmt) {
            let width = (fmt.man_bits + fmt.exp_bits + 1) as usize / 4;
            return Err(invalid!(
                "tensor {name}: element {i} (row {}, col {}) is {kind} (bits 0x{bits:0width$x})",
                i / cols,
                i % cols
            ));
        }
    }
    Ok(())
}
