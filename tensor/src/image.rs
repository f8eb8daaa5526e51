//! 8-bit test images made from real weight tensors: the inputs of the
//! interop tests and of the speed benchmarks.
//!
//! This is test-data preparation, not part of the codec (the codec's own
//! float-to-integer step is `align`): it uses `f64` arithmetic, with the
//! rounding written down so that `scripts/tensor_image.py` reproduces it
//! byte for byte.
//!
//! Rule: the tensor (F32, F16 or BF16, converted exactly) is read as a matrix
//! of `rows` x `cols` (`cols` = last dimension, `rows` = the product of the
//! others). Each value maps affinely from the tensor's [min, max] to 0..=255:
//! `t = ((v - min) * 255) / (max - min)` in f64, in that order, then rounded
//! half away from zero (`floor(t)`, plus 1 if `t - floor(t) >= 0.5`); a
//! constant tensor maps to 0. Pixel (x, y) is element `(y % rows, x % cols)`:
//! the matrix tiled, or cropped, to `w` x `h`, row-major.

use super::safetensors::SafeTensors;
use golden::error::{Error, Result};

/// The tensor `name` of `st` as a `w` x `h` 8-bit image (rule in the module
/// documentation). Errors on a missing, empty, non-float or non-finite tensor.
pub fn tensor_image(st: &SafeTensors, name: &str, w: usize, h: usize) -> Result<Vec<u8>> {
    let view = st
        .get(name)
        .ok_or_else(|| Error::Config(format!("no tensor named {name:?}")))?;
    let values = st.to_f32(name)?;
    if values.is_empty() {
        return Err(Error::Config(format!("tensor {name} is empty")));
    }
    if !values.iter().all(|v| v.is_finite()) {
        return Err(Error::Config(format!(
            "tensor {name} holds non-finite values"
        )));
    }
    let cols = view.shape.last().copied().unwrap_or(1);
    let rows = values.len() / cols;
    let q = quantize(&values);
    Ok((0..h)
        .flat_map(|y| (0..w).map(move |x| (y % rows) * cols + x % cols))
        .map(|i| q[i])
        .collect())
}

/// The matrix view `(cols, rows)` of tensor `name`: the image size at which
/// [`tensor_image`] neither tiles nor crops.
pub fn matrix_size(st: &SafeTensors, name: &str) -> Result<(usize, usize)> {
    let view = st
        .get(name)
        .ok_or_else(|| Error::Config(format!("no tensor named {name:?}")))?;
    let cols = view.shape.last().copied().unwrap_or(1);
    Ok((cols, view.numel() / cols.max(1)))
}

/// Affine map of finite values from [min, max] to 0..=255, rounding half
/// away from zero; all zeros for a constant input.
fn quantize(values: &[f32]) -> Vec<u8> {
    let lo = values
        .iter()
        .fold(f64::INFINITY, |m, &v| m.min(f64::from(v)));
    let hi = values
        .iter()
        .fold(f64::NEG_INFINITY, |m, &v| m.max(f64::from(v)));
    values
        .iter()
        .map(|&v| {
            if hi == lo {
                return 0;
            }
            let t = ((f64::from(v) - lo) * 255.0) / (hi - lo);
            let f = t.floor();
            let r = if t - f >= 0.5 { f + 1.0 } else { f };
            r.clamp(0.0, 255.0) as u8
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::safetensors::{serialize, Dtype, TensorData};
    use std::collections::BTreeMap;

    fn file(values: &[f32], shape: &[usize]) -> SafeTensors {
        let data: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
        let t = TensorData {
            name: "t",
            dtype: Dtype::F32,
            shape,
            data: &data,
        };
        SafeTensors::from_bytes(serialize(&[t], &BTreeMap::new()).unwrap()).unwrap()
    }

    #[test]
    fn maps_min_max_and_rounds_half_away_from_zero() {
        // t = (v + 1) * 255 / 2: -1 -> 0, 1 -> 255, 0 -> 127.5 -> 128,
        // -0.5 -> 63.75 -> 64, 0.5 -> 191.25 -> 191.
        let st = file(&[-1.0, 1.0, 0.0, -0.5, 0.5, 1.0], &[2, 3]);
        assert_eq!(matrix_size(&st, "t").unwrap(), (3, 2));
        let img = tensor_image(&st, "t", 3, 2).unwrap();
        assert_eq!(img, vec![0, 255, 128, 64, 191, 255]);
    }

    #[test]
    fn tiles_and_crops() {
        let st = file(&[0.0, 1.0, 2.0, 3.0], &[2, 2]);
        // Values map to 0, 85, 170, 255; pixel (x, y) = element (y % 2, x % 2).
        let img = tensor_image(&st, "t", 3, 3).unwrap();
        assert_eq!(img, vec![0, 85, 0, 170, 255, 170, 0, 85, 0]);
        assert_eq!(tensor_image(&st, "t", 1, 1).unwrap(), vec![0]);
    }

    #[test]
    fn constant_missing_and_non_finite() {
        assert_eq!(
            tensor_image(&file(&[3.0; 4], &[4]), "t", 4, 1).unwrap(),
            [0; 4]
        );
        assert!(tensor_image(&file(&[1.0], &[1]), "u", 1, 1).is_err());
        assert!(tensor_image(&file(&[1.0, f32::NAN], &[2]), "t", 2, 1).is_err());
    }
}
