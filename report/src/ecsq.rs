//! The ECSQ+H column: `tensor::ecsq::at_rate` (per-row FP16 RMS, one
//! dead-zone uniform quantizer with offset 0.5, 0.4 or 0.3, FP16 centroids,
//! rate = empirical entropy of the indices + every side bit) as points.

use crate::measure::Point;

/// ECSQ+H of the rows of `cols` values `x` at each rate of `rates`
/// (bits/value, every bit counted, at most the rate); None where the side
/// information alone exceeds the rate.
pub fn points(x: &[f64], cols: usize, rates: &[f64]) -> Vec<Option<Point>> {
    rates
        .iter()
        .map(|&r| {
            tensor::ecsq::at_rate(x, cols, r).map(|q| {
                Point::new(
                    q.bits() / 8.0,
                    x.len(),
                    x,
                    &q.approx,
                    format!("step={:.4},offset={}", q.step, q.offset),
                )
            })
        })
        .collect()
}
