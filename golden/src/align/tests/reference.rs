//! Independent references for the tests: values through f64 (with the reason
//! each is exact) and a small exact comparator for sums of dyadic rationals.
//! Nothing here calls the code under test.

use std::cmp::Ordering;

use crate::align::{bf16_bits_to_f32, f16_bits_to_f32, Dtype};

/// Exact value of a finite bit pattern, through align's host-float
/// converters (align/float.rs: float arithmetic, apart from the integer code
/// under test) and Rust's f32.
pub use crate::align::bits_to_f64 as value;

/// Whether the pattern is finite, through Rust's f32.
pub fn is_finite(bits: u32, dtype: Dtype) -> bool {
    match dtype {
        Dtype::F32 => f32::from_bits(bits).is_finite(),
        Dtype::F16 => f16_bits_to_f32(bits as u16).is_finite(),
        Dtype::Bf16 => bf16_bits_to_f32(bits as u16).is_finite(),
    }
}

/// floor(log2 |v|) for a nonzero f64 that is normal in f64 (all our values
/// are: the smallest, 2^-149, is far above f64's 2^-1022), from its exponent field.
pub fn floor_log2(v: f64) -> i32 {
    assert!(v != 0.0 && v.is_finite());
    ((v.abs().to_bits() >> 52) & 0x7ff) as i32 - 1023
}

/// 2^k as f64, through powi (exact for |k| < 1000).
pub fn p2(k: i32) -> f64 {
    2f64.powi(k)
}

/// All finite nonnegative values of a 16-bit format in pattern order (which is
/// value order): F16 0x0000..=0x7bff, BF16 0x0000..=0x7f7f.
fn table16(dtype: Dtype) -> Vec<f64> {
    let last = match dtype {
        Dtype::F16 => 0x7bff,
        Dtype::Bf16 => 0x7f7f,
        Dtype::F32 => unreachable!(),
    };
    (0..=last).map(|b| value(b, dtype)).collect()
}

/// Round-to-nearest-even of an exact f64 `v` into `dtype` with saturation at
/// the largest finite value (the rule of docs/align.md 6), done independently:
/// F32 by Rust's `as f32` (IEEE roundTiesToEven) with Inf replaced by MAX;
/// 16-bit formats by searching the sorted table of all values and picking the
/// nearer neighbour, the even pattern on a tie (midpoints of neighbours are
/// exact in f64). Zero is +0; a negative that rounds to zero is -0.
pub struct Rounder {
    f16: Vec<f64>,
    bf16: Vec<f64>,
}

impl Rounder {
    pub fn new() -> Self {
        Rounder {
            f16: table16(Dtype::F16),
            bf16: table16(Dtype::Bf16),
        }
    }

    /// One shared instance per thread (building the tables costs ~64k values).
    pub fn new_cached() -> std::rc::Rc<Rounder> {
        thread_local!(static R: std::rc::Rc<Rounder> = std::rc::Rc::new(Rounder::new()));
        R.with(|r| r.clone())
    }

    pub fn round(&self, v: f64, dtype: Dtype) -> u32 {
        if v == 0.0 {
            return 0;
        }
        let (table, sign) = match dtype {
            Dtype::F32 => {
                let f = v as f32;
                let f = if f.is_infinite() {
                    f32::MAX.copysign(f)
                } else {
                    f
                };
                return f.to_bits();
            }
            Dtype::F16 => (&self.f16, 0x8000),
            Dtype::Bf16 => (&self.bf16, 0x8000),
        };
        let a = v.abs();
        let last = table.len() - 1;
        // i = largest index with table[i] <= a.
        let i = table.partition_point(|&t| t <= a) - 1;
        let pick = if i == last {
            last // saturate
        } else {
            let mid = (table[i] + table[i + 1]) / 2.0;
            match a.partial_cmp(&mid).unwrap() {
                Ordering::Less => i,
                Ordering::Greater => i + 1,
                Ordering::Equal => {
                    if i % 2 == 0 {
                        i
                    } else {
                        i + 1
                    }
                }
            }
        };
        pick as u32 | if v < 0.0 { sign } else { 0 }
    }
}

/// A term `(-1)^neg * m * 2^e` of an exact sum.
pub type Term = (bool, u64, i32);

/// The sign of an exact sum of dyadic terms, computed with big integers at the
/// common exponent (no rounding anywhere).
pub fn sign_of_sum(terms: &[Term]) -> Ordering {
    let emin = terms.iter().map(|t| t.2).min().unwrap_or(0);
    let mut pos = vec![0u64];
    let mut neg = vec![0u64];
    for &(n, m, e) in terms {
        let b = shl(m, (e - emin) as u32);
        add(if n { &mut neg } else { &mut pos }, &b);
    }
    cmp(&pos, &neg)
}

/// Terms of the exact value of a finite pattern.
pub fn term(bits: u32, dtype: Dtype) -> Term {
    let v = value(bits, dtype);
    if v == 0.0 {
        return (false, 0, 0);
    }
    // Exact: v is an f64; its integer significand and exponent.
    let b = v.abs().to_bits();
    let exp = ((b >> 52) & 0x7ff) as i32;
    let man = (b & ((1 << 52) - 1)) | (1 << 52);
    (v < 0.0, man, exp - 1075)
}

/// Negates a term.
pub fn neg(t: Term) -> Term {
    (!t.0, t.1, t.2)
}

fn shl(m: u64, sh: u32) -> Vec<u64> {
    let mut v = vec![0u64; (sh / 64) as usize];
    let r = sh % 64;
    v.push(m << r);
    v.push(if r == 0 { 0 } else { m >> (64 - r) });
    v
}

fn add(a: &mut Vec<u64>, b: &[u64]) {
    if a.len() < b.len() {
        a.resize(b.len(), 0);
    }
    let mut carry = 0u64;
    for (i, x) in a.iter_mut().enumerate() {
        let (s1, c1) = x.overflowing_add(*b.get(i).unwrap_or(&0));
        let (s2, c2) = s1.overflowing_add(carry);
        *x = s2;
        carry = u64::from(c1) + u64::from(c2);
    }
    if carry != 0 {
        a.push(carry);
    }
}

fn cmp(a: &[u64], b: &[u64]) -> Ordering {
    let n = a.len().max(b.len());
    for i in (0..n).rev() {
        let x = *a.get(i).unwrap_or(&0);
        let y = *b.get(i).unwrap_or(&0);
        if x != y {
            return x.cmp(&y);
        }
    }
    Ordering::Equal
}

/// The smallest FP16 pattern whose value `s` satisfies `255 s >= sum(terms)`
/// (exact), or None when even 65504 is too small: binary search over patterns.
pub fn ceil_scale(terms: &[Term]) -> Option<u16> {
    let ok = |p: u16| {
        let mut t = terms.iter().map(|&x| neg(x)).collect::<Vec<_>>();
        let (_, m, e) = term(u32::from(p), Dtype::F16);
        t.push((false, 255 * m, e));
        sign_of_sum(&t) != Ordering::Less
    };
    if !ok(0x7bff) {
        return None;
    }
    let (mut lo, mut hi) = (0u16, 0x7bffu16); // ok(hi) holds
    if ok(0) {
        return Some(0);
    }
    while hi - lo > 1 {
        let mid = lo + (hi - lo) / 2;
        if ok(mid) {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Some(hi)
}

#[test]
fn sign_of_sum_examples() {
    // 1 + 2^-200 - 1 > 0; 3*2^-1 - 1.5 == 0; 2^100 - (2^100 + 2^-100) < 0.
    assert_eq!(
        sign_of_sum(&[(false, 1, 0), (false, 1, -200), (true, 1, 0)]),
        Ordering::Greater
    );
    assert_eq!(
        sign_of_sum(&[(false, 3, -1), (true, 9, -3), (true, 3, -3)]),
        Ordering::Equal
    );
    assert_eq!(
        sign_of_sum(&[(false, 1, 100), (true, 1, 100), (true, 1, -100)]),
        Ordering::Less
    );
    assert_eq!(
        sign_of_sum(&[(false, u64::MAX, 0), (false, 1, 0), (true, 1, 64)]),
        Ordering::Equal
    );
}

#[test]
fn rounder_examples() {
    let r = Rounder::new();
    // 1 + 2^-11 is halfway between 1 and 1 + 2^-10 in FP16: ties to even (1.0).
    assert_eq!(r.round(1.0 + p2(-11), Dtype::F16), 0x3c00);
    assert_eq!(r.round(1.0 + 3.0 * p2(-11), Dtype::F16), 0x3c02);
    assert_eq!(r.round(-1e9, Dtype::F16), 0xfbff);
    assert_eq!(r.round(p2(-25), Dtype::F16), 0x0000); // half the smallest subnormal
    assert_eq!(r.round(-p2(-25) * 1.5, Dtype::F16), 0x8001);
    assert_eq!(r.round(1.0 + p2(-8), Dtype::Bf16), 0x3f80);
    assert_eq!(r.round(1e300, Dtype::F32), 0x7f7f_ffff);
}
