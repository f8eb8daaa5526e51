//! Rate control for tensors: QP per macroblock from a fractional base QP and
//! equal-slope offsets, and the search of the base QP that meets a byte
//! budget. Integer only.
//!
//! Model (docs/tensor-codec.md): a sample of macroblock m stands for a float
//! value `step_m * sample`, so its squared error weighs `step_m^2` in the
//! float-domain MSE. Minimizing total float MSE at a given rate wants equal
//! slopes, `step_m^2 * Qstep_m^2` equal across macroblocks; Qstep doubles every
//! 6 QP, so `QP_m = QP_base - 6 * log2(step_m / step_ref)`.

use golden::error::Result;

/// QP granularity of the base QP: 1/8.
pub const QP_FRAC: i32 = 8;
/// Largest base QP in 1/8 units.
pub const BASE8_MAX: i32 = 51 * QP_FRAC;

/// floor(256 * log2(x)) for x >= 1, exactly, by repeated squaring of the
/// normalized mantissa (one bit of the fraction per squaring).
pub fn log2_q8(x: u64) -> i32 {
    assert!(x > 0, "log2 of zero");
    let int = 63 - x.leading_zeros() as i32;
    // Mantissa m in [1, 2) as Q62 fixed point.
    let mut m: u128 = if int >= 62 {
        u128::from(x >> (int - 62))
    } else {
        u128::from(x) << (62 - int)
    };
    let mut frac = 0;
    for _ in 0..8 {
        m = (m * m) >> 62;
        frac <<= 1;
        if m >= 2 << 62 {
            m >>= 1;
            frac |= 1;
        }
    }
    256 * int + frac
}

/// QP offsets in 1/8 QP of each macroblock from its mean log2 step (Q8):
/// `round(-6 * 8 * (l_m - l_ref) / 256)` with `l_ref` the mean over all
/// macroblocks (so offsets centre on 0), rounding half up.
pub fn equal_slope_offsets8(step_log2_q8: &[i32]) -> Vec<i32> {
    if step_log2_q8.is_empty() {
        return Vec::new();
    }
    let n = step_log2_q8.len() as i64;
    let sum: i64 = step_log2_q8.iter().map(|&l| i64::from(l)).sum();
    let l_ref = sum.div_euclid(n);
    step_log2_q8
        .iter()
        .map(|&l| ((-48 * (i64::from(l) - l_ref) + 128).div_euclid(256)) as i32)
        .collect()
}

/// Integer QPs of macroblocks in coding order from a base QP and offsets in
/// 1/8 units, by error diffusion: the fraction left by rounding one
/// macroblock carries to the next, so the mean QP follows the fractional
/// target. `carry` persists across tiles.
pub fn mb_qps(base8: i32, offsets8: &[i32], carry: &mut i32) -> Vec<i32> {
    offsets8
        .iter()
        .map(|&o| {
            let t = base8 + o + *carry;
            let q = (t + QP_FRAC / 2).div_euclid(QP_FRAC);
            *carry = t - QP_FRAC * q;
            q.clamp(0, 51)
        })
        .collect()
}

/// Smallest base QP (1/8 units, 0..=`BASE8_MAX`) whose coded size is at most
/// `budget` bytes, by bisection on `size(base8)`, which is taken to be
/// non-increasing. Returns the base and its size; when even the coarsest
/// base does not fit, returns `BASE8_MAX` and its size (over budget).
pub fn search_base8(budget: u64, mut size: impl FnMut(i32) -> Result<u64>) -> Result<(i32, u64)> {
    let (mut lo, mut hi) = (0, BASE8_MAX);
    let mut hi_size = size(hi)?;
    if hi_size > budget {
        return Ok((hi, hi_size));
    }
    let lo_size = size(lo)?;
    if lo_size <= budget {
        return Ok((lo, lo_size));
    }
    // Invariant: size(lo) > budget >= size(hi).
    while hi - lo > 1 {
        let mid = (lo + hi) / 2;
        let s = size(mid)?;
        if s <= budget {
            hi = mid;
            hi_size = s;
        } else {
            lo = mid;
        }
    }
    Ok((hi, hi_size))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log2_q8_exact_values() {
        assert_eq!(log2_q8(1), 0);
        assert_eq!(log2_q8(2), 256);
        assert_eq!(log2_q8(1 << 40), 40 * 256);
        // log2(3) = 1.58496..., * 256 = 405.75 -> 405.
        assert_eq!(log2_q8(3), 405);
        // log2(10) = 3.32193, * 256 = 850.41 -> 850.
        assert_eq!(log2_q8(10), 850);
        assert_eq!(log2_q8(u64::MAX), 64 * 256 - 1);
    }

    #[test]
    fn log2_q8_is_monotone_and_within_one_step_of_the_float_value() {
        let mut prev = 0;
        for x in 1u64..5000 {
            let l = log2_q8(x);
            assert!(l >= prev);
            prev = l;
            let f = (x as f64).log2() * 256.0; // test-only reference
            assert!(
                (l as f64) <= f + 1e-9 && f < l as f64 + 1.0,
                "x {x}: {l} vs {f}"
            );
        }
    }

    #[test]
    fn error_diffusion_follows_a_fractional_base() {
        let offs = vec![0; 800];
        let mut carry = 0;
        let q = mb_qps(26 * 8 + 3, &offs, &mut carry); // 26.375
        let sum: i32 = q.iter().sum();
        assert_eq!(sum, 26 * 800 + 300);
        assert!(q.iter().all(|&x| x == 26 || x == 27));
    }

    #[test]
    fn larger_steps_get_lower_qps() {
        // Steps 2x apart: 6 QP apart, around the mean.
        let o = equal_slope_offsets8(&[0, 256]);
        assert_eq!(o, vec![24, -24]);
    }

    #[test]
    fn bisection_finds_the_smallest_fitting_base() {
        let size = |b: i32| Ok((BASE8_MAX - b) as u64 * 10);
        assert_eq!(search_base8(1000, size).unwrap(), (BASE8_MAX - 100, 1000));
        assert_eq!(search_base8(1005, size).unwrap(), (BASE8_MAX - 100, 1000));
        assert_eq!(search_base8(0, size).unwrap(), (BASE8_MAX, 0));
        assert_eq!(
            search_base8(1 << 40, size).unwrap(),
            (0, BASE8_MAX as u64 * 10)
        );
        let over = |_b: i32| Ok(7);
        assert_eq!(search_base8(3, over).unwrap(), (BASE8_MAX, 7));
    }
}
