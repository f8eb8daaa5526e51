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

/// floor(256 * log2(x)) for x >= 1, exactly ([`log2_fixed`] with 8
/// fraction bits).
pub fn log2_q8(x: u64) -> i32 {
    log2_fixed(x, 8) as i32
}

/// floor(2^frac * log2(x)) for x >= 1 and frac <= 30, exactly, by repeated
/// squaring of the normalized mantissa (one bit of the fraction per
/// squaring).
pub fn log2_fixed(x: u64, frac: u32) -> i64 {
    assert!(x > 0, "log2 of zero");
    assert!(frac <= 30);
    let int = 63 - i64::from(x.leading_zeros());
    // Mantissa m in [1, 2) as Q62 fixed point.
    let mut m: u128 = if int >= 62 {
        u128::from(x >> (int - 62))
    } else {
        u128::from(x) << (62 - int)
    };
    let mut f = 0;
    for _ in 0..frac {
        m = (m * m) >> 62;
        f <<= 1;
        if m >= 2 << 62 {
            m >>= 1;
            f |= 1;
        }
    }
    (int << frac) + f
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
/// The search keeps a bracket (the largest base known not to fit, the
/// smallest known to fit) and ends when the two are adjacent, so any order
/// of probes gives the same base when sizes are non-increasing. Probes are
/// placed by the sizes already seen:
/// - with a bracket, where the straight line between its two sizes meets
///   the budget, in log2 of size (rounded up: the first base predicted to
///   fit);
/// - on one side only, one base past where the size's log-slope (from the
///   last two probes, or [`SLOPE_Q16`] before there are two) says the budget
///   is met, so that the probe most likely lands across;
/// - after three probes in a row on the same side of the answer: the
///   midpoint of the bracket, or twice as far as the last move, so that
///   flat or badly shaped sizes still take a bounded number of probes
///   (at most three times bisection's in the unit test's flat steps).
///
/// It starts from `guess` (the middle of the range without one). A guess
/// within a few QP takes about four codings. All integer: the same probes
/// on every machine.
pub fn search_base8<T>(
    budget: u64,
    guess: Option<i32>,
    mut code: impl FnMut(i32) -> Result<(u64, T)>,
) -> Result<(i32, u64, T)> {
    let log = |s: u64| log2_fixed(s.max(1), 16);
    let lb = log(budget);
    // Largest base known not to fit, with its size.
    let mut lo: Option<(i32, u64)> = None;
    // Smallest base known to fit, with its size and coding.
    let mut hi: Option<(i32, u64, T)> = None;
    // The previous probe (base, log2 size in Q16), for the slope.
    let mut prev: Option<(i32, i64)> = None;
    // Probes in a row on the same side, and which side.
    let (mut run, mut last_fit) = (0u32, false);
    // The last move made from one side only.
    let mut step = 0i64;
    let mut p = guess.unwrap_or(BASE8_MAX / 2).clamp(0, BASE8_MAX);
    loop {
        let (size, t) = code(p)?;
        let fits = size <= budget;
        if !fits && p == BASE8_MAX {
            return Ok((p, size, t));
        }
        if fits && p == 0 {
            return Ok((p, size, t));
        }
        run = if run > 0 && fits == last_fit {
            run + 1
        } else {
            1
        };
        last_fit = fits;
        // Log-slope of size per base, num / den in Q16 (size falls as the
        // base rises): from this probe and the previous one.
        let lp = log(size);
        let (num, den) = match prev {
            Some((b, l)) if b != p && (l - lp) * i64::from(p - b) > 0 => {
                ((l - lp).abs(), i64::from((p - b).abs()))
            }
            _ => (SLOPE_Q16, 1),
        };
        prev = Some((p, lp));
        if fits {
            hi = Some((p, size, t));
        } else {
            lo = Some((p, size));
        }
        p = match (lo, &hi) {
            (Some((l, sl)), Some((h, sh, _))) => {
                if h - l == 1 {
                    let (h, sh, t) = hi.expect("bracket");
                    return Ok((h, sh, t));
                }
                let (ll, lh) = (log(sl), log(*sh));
                let q = if run >= 3 || ll <= lh {
                    l + (h - l) / 2
                } else {
                    // l + ceil((h - l) * (log sl - log budget) / (log sl - log sh)).
                    let n = (ll - lb).max(0) * i64::from(h - l);
                    l + ((n + ll - lh - 1) / (ll - lh)) as i32
                };
                q.clamp(l + 1, h - 1)
            }
            (None, Some((h, sh, _))) => {
                step = one_sided(lb - log(*sh), num, den, run, step);
                (i64::from(*h) - step).max(0) as i32
            }
            (Some((l, sl)), None) => {
                step = one_sided(log(sl) - lb, num, den, run, step);
                (i64::from(l) + step).min(i64::from(BASE8_MAX)) as i32
            }
            (None, None) => unreachable!("a probe either fits or not"),
        };
    }
}

/// How far [`search_base8`] moves from one side of the answer: one base
/// past where a log-slope of `num / den` (Q16 per base) meets the budget,
/// `gap` (Q16) away; after a run of three probes on that side, at least
/// twice the last move.
fn one_sided(gap: i64, num: i64, den: i64, run: u32, last: i64) -> i64 {
    let d = (gap * den + num - 1) / num + 1;
    if run >= 3 {
        d.max(2 * last)
    } else {
        d
    }
}

/// The log-slope of coded size against the base QP that [`search_base8`]
/// assumes until two probes measure it (Q16): 3/256 octave per 1/8 QP (size
/// falls by 0.8% per 1/8 QP, 6.7% per QP: at 2.5 bits/value, one bit per
/// value per 6 QP).
pub const SLOPE_Q16: i64 = 3 << 8;

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
/// checks how close the guess lands on real weights; the rate unit test
/// `the_search_is_exact_and_short`, how many codings a near guess takes).
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
        // Every base from every guess: the same answer as without one.
        let count = |size: &dyn Fn(i32) -> u64, budget: u64, guess| {
            let mut calls = 0;
            let f = |b: i32| {
                calls += 1;
                Ok((size(b), ()))
            };
            let r = search_base8(budget, guess, f).unwrap().0;
            (r, calls)
        };
        let linear = |b: i32| (BASE8_MAX - b) as u64 * 10;
        for target in (0..=BASE8_MAX).step_by(7) {
            let budget = linear(target);
            assert_eq!(count(&linear, budget, None).0, target);
            for guess in (0..=BASE8_MAX).step_by(13) {
                assert_eq!(count(&linear, budget, Some(guess)).0, target, "{guess}");
            }
        }
    }

    /// The smallest fitting base whatever the shape of the sizes (here as
    /// the standard's brute force), and the number of codings: about four
    /// from a guess within 3 QP when sizes fall by a steady fraction per
    /// base, as coded tensors' do (0.5-1% per 1/8 QP), and no more than
    /// about bisection's when they do not.
    #[test]
    fn the_search_is_exact_and_short() {
        let run = |size: &dyn Fn(i32) -> u64, budget: u64, guess: Option<i32>| {
            let mut calls = 0;
            let r = search_base8(budget, guess, |b| {
                calls += 1;
                Ok((size(b), ()))
            })
            .unwrap();
            let want = (0..=BASE8_MAX)
                .find(|&b| size(b) <= budget)
                .unwrap_or(BASE8_MAX);
            assert_eq!(r.0, want, "budget {budget}, guess {guess:?}");
            calls
        };
        // 10^6 bytes at base 0, falling 2^(-k/256) per base (k = 2, 3, 4),
        // with a ripple of 0.2% (sizes stay non-increasing).
        for k in [2.0f64, 3.0, 4.0] {
            let size = move |b: i32| {
                let r = 1.0 + 0.002 * f64::from(b % 3);
                (1e6 * (-k * f64::from(b) / 256.0).exp2() * r) as u64
            };
            let mut near = Vec::new();
            for target in (40..BASE8_MAX - 40).step_by(11) {
                let budget = size(target);
                for off in [-24, -9, 0, 5, 24] {
                    near.push(run(&size, budget, Some(target + off)));
                }
                assert!(run(&size, budget, None) <= 12);
            }
            let mean = near.iter().sum::<u32>() as f64 / near.len() as f64;
            assert!(mean <= 4.5, "k {k}: {mean} codings on average");
            assert!(near.iter().all(|&c| c <= 8), "k {k}: {near:?}");
        }
        // Steps: sizes flat over 40 bases, then a cliff.
        let steps = |b: i32| 1000 - 100 * (b / 40) as u64;
        let mut worst = 0;
        for budget in [0, 50, 100, 555, 900, 1000, 5000] {
            for guess in (0..=BASE8_MAX).step_by(17) {
                let c = run(&steps, budget, Some(guess));
                worst = worst.max(c);
            }
        }
        // Bisection would take 9 on 408 bases; flat steps mislead the
        // interpolation, which then costs up to about three times that.
        assert!(worst <= 27, "{worst} codings on flat sizes");
    }
}
