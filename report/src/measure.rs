//! Distortion and rate measurements shared by every column: SQNR, NMSE,
//! operating points and interpolation to an exact target rate.

/// SQNR in dB and NMSE of `approx` against `reference`, f64 accumulation:
/// `SQNR = 10 log10(sum x^2 / sum (x - y)^2)`, `NMSE = sum (x - y)^2 / sum x^2`.
pub fn sqnr(reference: &[f64], approx: &[f64]) -> (f64, f64) {
    assert_eq!(reference.len(), approx.len(), "sqnr: length mismatch");
    let (mut signal, mut noise) = (0.0f64, 0.0f64);
    for (x, y) in reference.iter().zip(approx) {
        signal += x * x;
        noise += (x - y) * (x - y);
    }
    let nmse = noise / signal;
    (-10.0 * nmse.log10(), nmse)
}

/// One operating point of a method on one tensor.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// Every byte (payload, side information, headers) * 8 / values.
    pub bits: f64,
    /// Bytes behind `bits` (fractional for the ideal entropy coder).
    pub bytes: f64,
    pub db: f64,
    pub nmse: f64,
    /// The knob that produced it: "b=3", "qp=27", "base8=210".
    pub setting: String,
}

impl Point {
    /// A point from its byte count, value count and reconstruction.
    pub fn new(
        bytes: f64,
        values: usize,
        reference: &[f64],
        approx: &[f64],
        setting: String,
    ) -> Self {
        let (db, nmse) = sqnr(reference, approx);
        Point {
            bits: bytes * 8.0 / values as f64,
            bytes,
            db,
            nmse,
            setting,
        }
    }
}

/// How a value at a target rate was obtained.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    /// Interpolated between two points that bracket the target.
    Bracketed,
    /// Every point lies below the target (the method cannot spend more):
    /// the value is that of the highest-rate point.
    Saturated,
    /// Every point lies above the target (the method cannot go lower):
    /// the value is that of the lowest-rate point, at a higher rate.
    Unreachable,
}

impl Flag {
    /// Name used in the JSON output.
    pub fn name(self) -> &'static str {
        match self {
            Flag::Bracketed => "bracketed",
            Flag::Saturated => "saturated_below_target",
            Flag::Unreachable => "above_target",
        }
    }
}

/// A method's SQNR at one target rate.
#[derive(Clone, Debug, PartialEq)]
pub struct AtRate {
    pub db: f64,
    /// The highest-rate point at or below the target.
    pub lo: Option<Point>,
    /// The lowest-rate point above the target.
    pub hi: Option<Point>,
    pub flag: Flag,
}

/// SQNR at exactly `target` bits/value: linear interpolation in the
/// (bits/value, dB) plane between the two points that bracket the target.
/// Panics on an empty point set.
pub fn at_rate(points: &[Point], target: f64) -> AtRate {
    assert!(!points.is_empty(), "at_rate: no points");
    // Highest rate <= target (best dB on ties), lowest rate > target.
    let lo = points
        .iter()
        .filter(|p| p.bits <= target)
        .max_by(|a, b| a.bits.total_cmp(&b.bits).then(a.db.total_cmp(&b.db)))
        .cloned();
    let hi = points
        .iter()
        .filter(|p| p.bits > target)
        .min_by(|a, b| a.bits.total_cmp(&b.bits).then(b.db.total_cmp(&a.db)))
        .cloned();
    match (&lo, &hi) {
        (Some(l), Some(h)) => {
            let t = (target - l.bits) / (h.bits - l.bits);
            AtRate {
                db: l.db + t * (h.db - l.db),
                lo,
                hi,
                flag: Flag::Bracketed,
            }
        }
        (Some(l), None) => AtRate {
            db: l.db,
            lo: lo.clone(),
            hi,
            flag: Flag::Saturated,
        },
        (None, Some(h)) => AtRate {
            db: h.db,
            lo,
            hi: hi.clone(),
            flag: Flag::Unreachable,
        },
        (None, None) => unreachable!("points is not empty"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn p(bits: f64, db: f64) -> Point {
        Point {
            bits,
            bytes: 0.0,
            db,
            nmse: 0.0,
            setting: String::new(),
        }
    }

    #[test]
    fn sqnr_of_known_error() {
        // Signal energy 4, noise energy 0.04: 20 dB, NMSE 0.01.
        let (db, nmse) = sqnr(&[2.0, 0.0], &[1.8, 0.0]);
        assert!((db - 20.0).abs() < 1e-9 && (nmse - 0.01).abs() < 1e-12);
    }

    #[test]
    fn interpolates_between_brackets() {
        let pts = [p(1.0, 5.0), p(2.0, 10.0), p(3.0, 16.0)];
        let r = at_rate(&pts, 2.5);
        assert_eq!(r.flag, Flag::Bracketed);
        assert!((r.db - 13.0).abs() < 1e-12);
        assert_eq!(at_rate(&pts, 2.0).db, 10.0);
        assert_eq!(at_rate(&pts, 4.0).flag, Flag::Saturated);
        assert_eq!(at_rate(&pts, 0.5).flag, Flag::Unreachable);
        assert_eq!(at_rate(&pts, 0.5).db, 5.0);
    }
}
