//! Host floats of the bit patterns align reads: the exact `f32` / `f64` value
//! of an FP32, FP16 or BF16 pattern, and an FP32 pattern rounded to FP16 or
//! BF16. Not a hardware stage (align itself never leaves the integers); the
//! tensor layer uses it to evaluate decoded tensors and to make test inputs,
//! and align's tests use the float conversions as an independent reference.

use super::ieee::{decode, format, round_to_format};
use super::Dtype;

/// Exact value of an IEEE 754 binary16 bit pattern.
pub fn f16_bits_to_f32(h: u16) -> f32 {
    let sign = ((h as u32) & 0x8000) << 16;
    let exp = ((h >> 10) & 0x1f) as u32;
    let man = (h & 0x3ff) as u32;
    let magnitude = match exp {
        // Zero and subnormals: man * 2^-24, exact in f32 (man < 2^10).
        0 => (man as f32 * f32::from_bits(0x3380_0000)).to_bits(),
        // Infinities and NaNs keep their payload in the top mantissa bits.
        31 => 0x7f80_0000 | (man << 13),
        // Normal: rebias the exponent from 15 to 127.
        _ => ((exp + 112) << 23) | (man << 13),
    };
    f32::from_bits(sign | magnitude)
}

/// Exact value of a bfloat16 bit pattern (the top half of an f32).
pub fn bf16_bits_to_f32(b: u16) -> f32 {
    f32::from_bits((b as u32) << 16)
}

/// Exact value of a `dtype` bit pattern (every FP32/FP16/BF16 value is an
/// f64), through the converters above and Rust's f32.
pub fn bits_to_f64(bits: u32, dtype: Dtype) -> f64 {
    match dtype {
        Dtype::F32 => f64::from(f32::from_bits(bits)),
        Dtype::F16 => f64::from(f16_bits_to_f32(bits as u16)),
        Dtype::Bf16 => f64::from(bf16_bits_to_f32(bits as u16)),
    }
}

/// A finite FP32 bit pattern rounded to nearest-even into `to` (saturating
/// like the inverse of align: docs/align.md section 6), as `to`'s bit pattern
/// in the low bits.
pub fn round_f32_bits(bits: u32, to: Dtype) -> u32 {
    let d = decode(bits, format(Dtype::F32));
    round_to_format(d.neg, u64::from(d.m), d.e, format(to))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn f16_conversion_is_exact_for_every_pattern() {
        for h in 0..=u16::MAX {
            let s = if h & 0x8000 != 0 { -1.0f64 } else { 1.0 };
            let (e, m) = (((h >> 10) & 0x1f) as i32, (h & 0x3ff) as f64);
            let got = f16_bits_to_f32(h) as f64;
            // IEEE 754 binary16: subnormal m * 2^-24, normal (1024 + m) * 2^(e - 25).
            let want = match e {
                0 => s * m * 2f64.powi(-24),
                31 if m == 0.0 => s * f64::INFINITY,
                31 => f64::NAN,
                _ => s * (1024.0 + m) * 2f64.powi(e - 25),
            };
            if want.is_nan() {
                assert!(got.is_nan(), "{h:#06x}");
            } else {
                assert_eq!(got, want, "{h:#06x}");
                assert_eq!(got.is_sign_negative(), s < 0.0, "{h:#06x}");
            }
        }
        assert_eq!(f16_bits_to_f32(0x7bff), 65504.0);
    }

    #[test]
    fn bf16_conversion() {
        assert_eq!(bf16_bits_to_f32(0x3f80), 1.0);
        assert_eq!(bf16_bits_to_f32(0x4049), 3.140625);
        assert_eq!(bf16_bits_to_f32(0x8000).to_bits(), 0x8000_0000);
        assert!(bf16_bits_to_f32(0x7fc0).is_nan());
    }

    #[test]
    fn f32_rounds_to_nearest_even() {
        // 1.0, then 1 + 2^-11 (a tie between FP16 1.0 and 1 + 2^-10: even
        // wins), 1 + 3 * 2^-11 (a tie: up to the even 1 + 2^-9).
        assert_eq!(round_f32_bits(0x3f80_0000, Dtype::F16), 0x3c00);
        assert_eq!(round_f32_bits(0x3f80_1000, Dtype::F16), 0x3c00);
        assert_eq!(round_f32_bits(0x3f80_3000, Dtype::F16), 0x3c02);
        // BF16 keeps the top 16 bits, rounding the low 16 (0x8000 is a tie).
        assert_eq!(round_f32_bits(0x3f80_8000, Dtype::Bf16), 0x3f80);
        assert_eq!(round_f32_bits(0x3f81_8000, Dtype::Bf16), 0x3f82);
        assert_eq!(round_f32_bits(0xbf80_8001, Dtype::Bf16), 0xbf81);
        // Above FP16's largest finite (65504): saturates.
        assert_eq!(round_f32_bits(0x4780_0000, Dtype::F16), 0x7bff);
        assert_eq!(round_f32_bits(0x3f80_1234, Dtype::F32), 0x3f80_1234);
    }
}
