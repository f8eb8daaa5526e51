//! Distortion costs for the encoder's mode decision: SAD and Hadamard SATD.
//!
//! SATD of an N x N block (N a multiple of 4) is the sum over its 4x4
//! sub-blocks of the 4x4 SATD, each being: d = src - pred, the unnormalised
//! 4x4 Hadamard transform D = H d H^T (H has rows (1,1,1,1), (1,1,-1,-1),
//! (1,-1,-1,1), (1,-1,1,-1)), then (sum |D| + 1) >> 1. Halving keeps SATD on
//! the scale of SAD-like costs (x264 halves too); the +1 never matters, as
//! every coefficient has the parity of sum(d), so sum |D| is always even.

/// 4x4 SATD, see the module documentation.
pub fn satd4x4(src: &[[u8; 4]; 4], pred: &[[u8; 4]; 4]) -> u32 {
    satd(src, pred)
}

/// 8x8 SATD: the sum of the four 4x4 SATDs (not an 8x8 Hadamard).
pub fn satd8x8(src: &[[u8; 8]; 8], pred: &[[u8; 8]; 8]) -> u32 {
    satd(src, pred)
}

/// 16x16 SATD: the sum of the sixteen 4x4 SATDs.
pub fn satd16x16(src: &[[u8; 16]; 16], pred: &[[u8; 16]; 16]) -> u32 {
    satd(src, pred)
}

/// SATD of any N x N block, N a multiple of 4: sum of its 4x4 SATDs.
pub fn satd<const N: usize>(src: &[[u8; N]; N], pred: &[[u8; N]; N]) -> u32 {
    const { assert!(N.is_multiple_of(4) && N > 0, "SATD needs whole 4x4 blocks") };
    let mut total = 0;
    for by in (0..N).step_by(4) {
        for bx in (0..N).step_by(4) {
            let mut d = [[0i32; 4]; 4];
            for (r, row) in d.iter_mut().enumerate() {
                for (c, v) in row.iter_mut().enumerate() {
                    *v = i32::from(src[by + r][bx + c]) - i32::from(pred[by + r][bx + c]);
                }
            }
            total += (hadamard_abs_sum(&d) + 1) >> 1;
        }
    }
    total
}

/// Sum of absolute differences of two W x H blocks.
pub fn sad<const W: usize, const H: usize>(a: &[[u8; W]; H], b: &[[u8; W]; H]) -> u32 {
    let mut total = 0;
    for (ra, rb) in a.iter().zip(b) {
        for (&x, &y) in ra.iter().zip(rb) {
            total += u32::from(x.abs_diff(y));
        }
    }
    total
}

/// Sum of |coefficients| of the unnormalised 4x4 Hadamard transform of `d`
/// (rows, then columns, butterflies; |coefficient| <= 16 * 255).
fn hadamard_abs_sum(d: &[[i32; 4]; 4]) -> u32 {
    let mut m = [[0i32; 4]; 4];
    for (row, out) in d.iter().zip(m.iter_mut()) {
        *out = hadamard4(*row);
    }
    let col = |c: usize| hadamard4([m[0][c], m[1][c], m[2][c], m[3][c]]);
    (0..4).flat_map(col).map(i32::unsigned_abs).sum()
}

/// One 4-point Hadamard butterfly (output order does not matter for SATD).
#[inline(always)]
fn hadamard4([a, b, c, d]: [i32; 4]) -> [i32; 4] {
    let (s0, s1, d0, d1) = (a + b, c + d, a - b, c - d);
    [s0 + s1, s0 - s1, d0 - d1, d0 + d1]
}
