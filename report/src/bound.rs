//! Gaussian rate-distortion bounds.
//!
//! Reverse water-filling over rows: row r is modelled as `cols` i.i.d.
//! Gaussian samples of variance `v_r` (about the row mean, which is taken as
//! known). For a water level `theta`:
//! `R = (1/N) sum_r cols * max(0, 0.5 log2(v_r / theta))`,
//! `D = (1/N) sum_r cols * min(theta, v_r)`; `theta` is bisected (in log2) to
//! meet the target rate and `SQNR = 10 log10(mean x^2 / D)`.

/// Variance of each row about its mean.
pub fn row_variances(x: &[f64], cols: usize) -> Vec<f64> {
    x.chunks_exact(cols)
        .map(|row| {
            let n = row.len() as f64;
            let mean = row.iter().sum::<f64>() / n;
            row.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n
        })
        .collect()
}

/// Mean of x^2 over the tensor.
pub fn mean_square(x: &[f64]) -> f64 {
    x.iter().map(|v| v * v).sum::<f64>() / x.len() as f64
}

/// (rate in bits/value, distortion per value) at water level `theta` of
/// rows given as (variance, number of samples).
fn rate_distortion(rows: &[(f64, f64)], theta: f64) -> (f64, f64) {
    let (mut r, mut d, mut n) = (0.0, 0.0, 0.0);
    for &(v, w) in rows {
        if v > theta {
            r += w * 0.5 * (v / theta).log2();
        }
        d += w * v.min(theta);
        n += w;
    }
    (r / n, d / n)
}

/// SQNR bound in dB of reverse water-filling over the row variances of one
/// tensor (rows of equal length) at `rate` bits/value.
pub fn water_filling_db(vars: &[f64], mean_sq: f64, rate: f64) -> f64 {
    let rows: Vec<(f64, f64)> = vars.iter().map(|&v| (v, 1.0)).collect();
    water_filling_weighted_db(&rows, mean_sq, rate)
}

/// SQNR bound in dB of reverse water-filling over rows given as (variance,
/// number of samples), e.g. the rows of several tensors at once; `mean_sq` is
/// the mean of x^2 over all their samples.
pub fn water_filling_weighted_db(rows: &[(f64, f64)], mean_sq: f64, rate: f64) -> f64 {
    let vmax = rows.iter().map(|r| r.0).fold(0.0f64, f64::max);
    if vmax == 0.0 {
        return f64::INFINITY;
    }
    // R(theta) decreases in theta; R(vmax) = 0, and at log2 theta = lo the
    // largest row alone exceeds any sensible rate.
    let (mut lo, mut hi) = (vmax.log2() - 2.0 * rate - 200.0, vmax.log2());
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if rate_distortion(rows, mid.exp2()).0 > rate {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let (_, d) = rate_distortion(rows, (0.5 * (lo + hi)).exp2());
    10.0 * (mean_sq / d).log10()
}

/// The single-variance reference: the whole tensor as one Gaussian source
/// of its variance, `SQNR = 10 log10(mean x^2 / (var 2^(-2R)))` (6.02 dB/bit).
pub fn single_variance_db(x: &[f64], rate: f64) -> f64 {
    let n = x.len() as f64;
    let mean = x.iter().sum::<f64>() / n;
    let var = x.iter().map(|v| (v - mean) * (v - mean)).sum::<f64>() / n;
    10.0 * (mean_square(x) / (var * (-2.0 * rate).exp2())).log10()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_rows_give_six_db_per_bit() {
        // Zero-mean rows of variance 1: the bound is 6.02 dB per bit.
        let vars = vec![1.0; 8];
        for r in [1.0, 2.5, 4.0] {
            let db = water_filling_db(&vars, 1.0, r);
            assert!((db - 20.0 * r * 2f64.log10()).abs() < 1e-9, "{r}: {db}");
        }
    }

    #[test]
    fn two_variances_by_hand() {
        // Rows of variance 4 and 1, rate 1.5 bits/value: theta = 1/4 gives
        // R = (0.5 log2 16 + 0.5 log2 4) / 2 = 1.5, D = 1/4,
        // mean x^2 = 2.5 -> 10 log10(10) = 10 dB.
        let db = water_filling_db(&[4.0, 1.0], 2.5, 1.5);
        assert!((db - 10.0).abs() < 1e-9, "{db}");
        // At 0.5 bits/value only the larger row gets bits: theta = 1,
        // D = (1 + 1) / 2 = 1 -> 10 log10(2.5).
        let db = water_filling_db(&[4.0, 1.0], 2.5, 0.5);
        assert!((db - 10.0 * 2.5f64.log10()).abs() < 1e-9, "{db}");
        // Rows of unequal length: 3 samples of variance 4, 1 of variance 1,
        // mean x^2 = 13/4. At theta = 1/4: R = 3 * 0.5 * log2(16) / 4 +
        // 0.5 * log2(4) / 4 = 1.75, D = 1/4 -> 10 log10(13).
        let db = water_filling_weighted_db(&[(4.0, 3.0), (1.0, 1.0)], 3.25, 1.75);
        assert!((db - 10.0 * 13f64.log10()).abs() < 1e-9, "{db}");
    }
}
