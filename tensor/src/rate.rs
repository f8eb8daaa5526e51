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
/// `budget` bytes, where `code(base8)` returns the size and what was coded
/// (taken to be non-increasing in `base8`). Returns the base, its size and its
/// coding (kept from the search: nothing is coded twice); when even the
/// coarsest base does not fit, `BASE8_MAX` and its (over-budget) coding.
///
/// Without a `guess`: bisection over the whole range (its ends first). With
/// one: the bracket is found by galloping from the guess (1, 2, 4, ... QP
/// away), then bisected; a guess within a few QP of the answer takes about
/// half the codings. Both give the same base when sizes are non-increasing.
pub fn search_base8<T>(
    budget: u64,
    guess: Option<i32>,
    mut code: impl FnMut(i32) -> Result<(u64, T)>,
) -> Result<(i32, u64, T)> {
    // Invariant once bracketed: lo does not fit (or is -1), hi fits.
    let (mut lo, mut hi, mut fit) = match guess {
        None => {
            let top = code(BASE8_MAX)?;
            if top.0 > budget {
                return Ok((BASE8_MAX, top.0, top.1));
            }
            let bottom = code(0)?;
            if bottom.0 <= budget {
                return Ok((0, bottom.0, bottom.1));
            }
            (0, BASE8_MAX, top)
        }
        Some(g) => {
            let g = g.clamp(0, BASE8_MAX);
            let first = code(g)?;
            let mut step = QP_FRAC / 2;
            if first.0 <= budget {
                // Walk down until a base does not fit (or 0 fits).
                let (mut hi, mut fit) = (g, first);
                loop {
                    if hi == 0 {
                        return Ok((0, fit.0, fit.1));
                    }
                    let b = (hi - step).max(0);
                    let c = code(b)?;
                    if c.0 > budget {
                        break (b, hi, fit);
                    }
                    (hi, fit) = (b, c);
                    step *= 2;
                }
            } else {
                // Walk up until a base fits (or the coarsest does not).
                let mut lo = g;
                loop {
                    if lo == BASE8_MAX {
                        return Ok((BASE8_MAX, first.0, first.1));
                    }
                    let b = (lo + step).min(BASE8_MAX);
                    let c = code(b)?;
                    if c.0 <= budget {
                        break (lo, b, c);
                    }
                    if b == BASE8_MAX {
                        return Ok((b, c.0, c.1));
                    }
                    lo = b;
                    step *= 2;
                }
            }
        }
    };
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        let c = code(mid)?;
        if c.0 <= budget {
            (hi, fit) = (mid, c);
        } else {
            lo = mid;
        }
    }
    Ok((hi, fit.0, fit.1))
}

/// A first guess of the base QP (1/8 units) whose coding of `samples` (8-bit,
/// 128 = zero) fits `budget` bytes, for [`search_base8`] to start from: the
/// smallest whole QP at which the samples' ideal entropy, quantized on their
/// own with the H.264 step `2^((QP - 4) / 6)` and rounding offset
/// `deadzone / 1024`, plus a sign bit per nonzero, fits the budget. It ignores
/// prediction, the transform, the macroblock QP offsets and CABAC's overhead,
/// so it is only a start: the QP found plus [`GUESS_OFFSET8`]. All integer
/// (the same guess on every machine).
pub fn guess_base8(samples: &[u8], budget: u64, deadzone: u32) -> i32 {
    // Histogram of |s - 128|, 0..=128.
    let mut hist = [0u64; 129];
    for &s in samples {
        hist[usize::from(s.abs_diff(128))] += 1;
    }
    let n = samples.len() as u64;
    if n == 0 {
        return BASE8_MAX;
    }
    // round(256 * 2^(r / 6)), r = 0..5: the step in Q8 within an octave.
    const STEP_Q8: [u64; 6] = [256, 287, 323, 362, 406, 456];
    let bits_q8 = |qp: i32| -> u64 {
        let (oct, r) = ((qp - 4).div_euclid(6), (qp - 4).rem_euclid(6) as usize);
        // The step in Q16 (QP 0 is 2^(-4/6): a Q8 step shifted down once at most).
        let step_q16 = (STEP_Q8[r] << 8) << oct.max(0) >> (-oct).max(0);
        let mut counts = std::collections::BTreeMap::<u64, u64>::new();
        let mut nonzero = 0;
        for (m, &c) in hist.iter().enumerate() {
            if c == 0 {
                continue;
            }
            // floor(m / step + deadzone / 1024).
            // m / step in Q10, plus the offset in Q10, floored.
            let idx = (((m as u64) << 26) / step_q16 + u64::from(deadzone)) >> 10;
            *counts.entry(idx).or_default() += c;
            if idx > 0 {
                nonzero += c;
            }
        }
        let n_log = n * log2_q8(n) as u64;
        let sum: u64 = counts.values().map(|&c| c * log2_q8(c) as u64).sum();
        n_log - sum + 256 * nonzero
    };
    let fits = |qp: i32| bits_q8(qp) <= budget * 8 * 256;
    let qp = (0..=51).find(|&q| fits(q)).unwrap_or(51);
    (qp * QP_FRAC + GUESS_OFFSET8).min(BASE8_MAX)
}

/// What [`guess_base8`] adds to its estimate (1/8 QP): coded tensors need
/// about 2 QP more than the samples' entropy suggests (tensor/tests/rate_guess.rs
/// checks how close the guess lands on real weights; the rate unit test,
/// that a near guess takes fewer codings than a search from nothing).
pub const GUESS_OFFSET8: i32 = 16;

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
        let mut calls = 0;
        let mut size = |b: i32| {
            calls += 1;
            Ok(((BASE8_MAX - b) as u64 * 10, b))
        };
        for guess in [
            None,
            Some(0),
            Some(96),
            Some(300),
            Some(308),
            Some(BASE8_MAX),
            Some(-5),
            Some(999),
        ] {
            let mut at = |budget| search_base8(budget, guess, &mut size).unwrap();
            assert_eq!(
                at(1000),
                (BASE8_MAX - 100, 1000, BASE8_MAX - 100),
                "{guess:?}"
            );
            assert_eq!(
                at(1005),
                (BASE8_MAX - 100, 1000, BASE8_MAX - 100),
                "{guess:?}"
            );
            assert_eq!(at(0), (BASE8_MAX, 0, BASE8_MAX), "{guess:?}");
            assert_eq!(at(1 << 40), (0, BASE8_MAX as u64 * 10, 0), "{guess:?}");
            let over = |_b: i32| Ok((7, ()));
            assert_eq!(search_base8(3, guess, over).unwrap(), (BASE8_MAX, 7, ()));
        }
        // Every base from every guess: the same answer as without one, and a
        // guess near it takes fewer codings.
        let mut count = |budget: u64, guess| {
            calls = 0;
            let mut f = |b: i32| {
                calls += 1;
                Ok(((BASE8_MAX - b) as u64 * 10, ()))
            };
            let r = search_base8(budget, guess, &mut f).unwrap().0;
            (r, calls)
        };
        for target in (0..=BASE8_MAX).step_by(7) {
            let budget = (BASE8_MAX - target) as u64 * 10;
            let (plain, plain_calls) = count(budget, None);
            assert_eq!(plain, target);
            for guess in (0..=BASE8_MAX).step_by(13) {
                assert_eq!(count(budget, Some(guess)).0, target, "guess {guess}");
            }
            let (near, near_calls) = count(budget, Some(target + 3));
            assert_eq!(near, target);
            assert!(near_calls <= 6, "{target}: {near_calls} codings");
            if (16..BASE8_MAX - 16).contains(&target) {
                assert!(near_calls < plain_calls, "{near_calls} vs {plain_calls}");
            }
        }
    }
}
