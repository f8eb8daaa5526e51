//! IEEE 754 binary formats as integers: exact decoding of FP32 / FP16 / BF16
//! bit patterns, round-half-even helpers, and rounding an exact value
//! `mag * 2^exp` to any of the three formats (docs/align.md, sections 2 and 6).

use super::Dtype;

/// Field widths of a binary floating-point format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Format {
    /// Stored mantissa bits (precision minus the hidden bit).
    pub man_bits: u32,
    /// Exponent field bits.
    pub exp_bits: u32,
}

impl Format {
    /// Exponent bias: 2^(exp_bits - 1) - 1.
    pub const fn bias(self) -> i32 {
        (1 << (self.exp_bits - 1)) - 1
    }

    /// Unbiased exponent of the smallest normal number (1 - bias).
    pub const fn emin(self) -> i32 {
        1 - self.bias()
    }

    /// Unbiased exponent of the largest finite number (= bias).
    pub const fn emax(self) -> i32 {
        self.bias()
    }

    /// Position of the sign bit.
    pub const fn sign_bit(self) -> u32 {
        1 << (self.man_bits + self.exp_bits)
    }

    /// All-ones exponent field (Inf / NaN).
    pub const fn exp_all_ones(self) -> u32 {
        (1 << self.exp_bits) - 1
    }

    /// Bit pattern of the largest finite magnitude.
    pub const fn max_finite(self) -> u32 {
        ((self.exp_all_ones() - 1) << self.man_bits) | ((1 << self.man_bits) - 1)
    }
}

/// IEEE binary32.
pub(crate) const F32: Format = Format {
    man_bits: 23,
    exp_bits: 8,
};
/// IEEE binary16.
pub(crate) const F16: Format = Format {
    man_bits: 10,
    exp_bits: 5,
};
/// bfloat16 (the top half of binary32).
pub(crate) const BF16: Format = Format {
    man_bits: 7,
    exp_bits: 8,
};

/// The field widths of `dtype`.
pub(crate) const fn format(dtype: Dtype) -> Format {
    match dtype {
        Dtype::F32 => F32,
        Dtype::F16 => F16,
        Dtype::Bf16 => BF16,
    }
}

/// What a non-finite bit pattern is, for error messages.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NonFinite {
    Nan,
    PosInf,
    NegInf,
}

impl std::fmt::Display for NonFinite {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            NonFinite::Nan => "NaN",
            NonFinite::PosInf => "+Inf",
            NonFinite::NegInf => "-Inf",
        })
    }
}

/// `Some(kind)` when `bits` is Inf or NaN in `fmt` (exponent field all ones).
pub(crate) fn non_finite(bits: u32, fmt: Format) -> Option<NonFinite> {
    let exp = (bits >> fmt.man_bits) & fmt.exp_all_ones();
    let man = bits & ((1 << fmt.man_bits) - 1);
    if exp != fmt.exp_all_ones() {
        None
    } else if man != 0 {
        Some(NonFinite::Nan)
    } else if bits & fmt.sign_bit() != 0 {
        Some(NonFinite::NegInf)
    } else {
        Some(NonFinite::PosInf)
    }
}

/// A finite value as integers: `(-1)^neg * m * 2^e`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Decoded {
    pub neg: bool,
    /// Significand with the hidden bit: below 2^(man_bits + 1).
    pub m: u32,
    /// Exponent of the significand's least significant bit.
    pub e: i32,
}

/// Decodes a finite bit pattern exactly (subnormals included; no normalisation):
/// `eb = max(exp_field, 1)`, `m = (exp_field != 0) << man_bits | man_field`,
/// `e = eb - bias - man_bits`. The caller has rejected Inf and NaN.
pub(crate) fn decode(bits: u32, fmt: Format) -> Decoded {
    let exp = (bits >> fmt.man_bits) & fmt.exp_all_ones();
    let man = bits & ((1 << fmt.man_bits) - 1);
    let hidden = u32::from(exp != 0) << fmt.man_bits;
    Decoded {
        neg: bits & fmt.sign_bit() != 0,
        m: hidden | man,
        e: exp.max(1) as i32 - fmt.bias() - fmt.man_bits as i32,
    }
}

/// The magnitude field of `bits` (sign cleared). For finite patterns of one
/// format, integer order of this field is the order of the absolute values.
pub(crate) fn magnitude_bits(bits: u32, fmt: Format) -> u32 {
    bits & (fmt.sign_bit() - 1)
}

/// Number of significant bits of `m` (0 for 0).
pub(crate) fn bit_length(m: u64) -> u32 {
    64 - m.leading_zeros()
}

/// `m / 2^sh` rounded to nearest, ties to even: the kept part rounds up when
/// the discarded bits exceed half an LSB, or equal it and the kept part is odd.
pub(crate) fn rne_shift(m: u64, sh: u32) -> u64 {
    if sh == 0 {
        return m;
    }
    if sh > 64 {
        // m < 2^64 <= 2^(sh-1) = half: strictly below half, rounds to 0.
        return 0;
    }
    let m = u128::from(m);
    let kept = m >> sh;
    let rest = m & ((1u128 << sh) - 1);
    let half = 1u128 << (sh - 1);
    let up = rest > half || (rest == half && kept & 1 == 1);
    (kept + u128::from(up)) as u64
}

/// `n / d` rounded to nearest, ties to even (`d > 0`): with `q = n / d` and
/// `r = n % d`, round up when `2r > d`, or `2r == d` and `q` is odd.
pub(crate) fn rne_div(n: u128, d: u128) -> u128 {
    let q = n / d;
    let r = n % d;
    // 2r cannot overflow: r < d <= u128::MAX, so compare r with d - r instead.
    let up = r > d - r || (r == d - r && q & 1 == 1);
    q + u128::from(up)
}

/// Rounds the exact value `(-1)^neg * mag * 2^exp` to `fmt`, nearest with ties
/// to even, saturating: a magnitude that rounds above the largest finite number
/// becomes the largest finite number (never Inf). Zero (`mag == 0`) is +0; a
/// nonzero value that rounds to zero keeps its sign (-0 for negatives).
///
/// Procedure (docs/align.md 6): `L = bit_length(mag) - 1`; quantum exponent
/// `qe = max(L + exp, emin) - man_bits`; `n = mag * 2^(exp - qe)` exactly when
/// `qe <= exp`, else `rne_shift(mag, qe - exp)`; `n == 2^(man_bits + 1)` is
/// renormalised to `(2^man_bits, qe + 1)`; then normal when `n >= 2^man_bits`
/// (overflow when `qe + man_bits > emax`), subnormal otherwise.
pub(crate) fn round_to_format(neg: bool, mag: u64, exp: i32, fmt: Format) -> u32 {
    if mag == 0 {
        return 0;
    }
    let sign = if neg { fmt.sign_bit() } else { 0 };
    let man = fmt.man_bits as i32;
    let top = bit_length(mag) as i32 - 1 + exp;
    let mut qe = top.max(fmt.emin()) - man;
    let mut n = if qe <= exp {
        // Exact: top - qe <= man, so n < 2^(man + 1) and the shift cannot overflow.
        mag << (exp - qe)
    } else {
        rne_shift(mag, (qe - exp).min(127) as u32)
    };
    if n == 1 << (man + 1) {
        n >>= 1;
        qe += 1;
    }
    if n == 0 {
        return sign;
    }
    if n < 1 << man {
        // Subnormal: qe == emin - man_bits, exponent field 0.
        return sign | n as u32;
    }
    if qe + man > fmt.emax() {
        return sign | fmt.max_finite();
    }
    let biased = (qe + man + fmt.bias()) as u32;
    sign | (biased << fmt.man_bits) | (n as u32 - (1 << fmt.man_bits))
}
