//! Integer block transforms of H.264 (8-bit, frame coding): the 4x4 and 8x8 core transforms
//! and the luma-DC (Intra16x16) and chroma-DC (4:2:0) Hadamard transforms.
//!
//! Every array is in raster order, row-major: index = row * N + col. "Row" is the standard's
//! first index i in d_ij / r_ij (8.5.14 adds r_ij to pred[x = j, y = i]).
//!
//! The forward transforms are the encoder side (not normative) but are exact integer rules
//! written down here. The inverse transforms are the normative 8.5.10 / 8.5.11.1 / 8.5.12.2 /
//! 8.5.13.2 processes, bit for bit, including the order of the passes (rows first, then
//! columns), which matters because of the `>> 1` / `>> 2` truncations inside the butterflies.
//!
//! Bit widths: the encoder side assumes residuals of 8-bit video, |r| <= 255 (9-bit signed);
//! each forward function states its intermediate bounds. On the decoder side a conforming
//! stream keeps the scaled coefficients and every transform intermediate within 16 bits signed
//! (the standard's constraint -2^(7+BitDepth)..2^(7+BitDepth)-1), so 32-bit arithmetic is
//! exact. A corrupt stream can exceed that; the inverse transforms therefore use 32-bit
//! two's-complement wrapping arithmetic (`add` / `sub` below), which is what fixed-width
//! hardware does, never panics, and is exact whenever no true overflow occurs.

#[cfg(test)]
mod tests;

/// 32-bit wrapping add (decoder side; exact for conforming streams, see module doc).
#[inline(always)]
fn add(a: i32, b: i32) -> i32 {
    a.wrapping_add(b)
}

/// 32-bit wrapping subtract (decoder side; exact for conforming streams, see module doc).
#[inline(always)]
fn sub(a: i32, b: i32) -> i32 {
    a.wrapping_sub(b)
}

/// Divide by 2^s rounding to nearest, ties away from zero: the result is odd in `y`, so the
/// forward transforms satisfy `forward(-x) == -forward(x)`. `(y + 2^(s-1) - [y < 0]) >> s`.
#[inline(always)]
fn round_shift_sym(y: i32, s: u32) -> i32 {
    (y + (1 << (s - 1)) - i32::from(y < 0)) >> s
}

// ---------------------------------------------------------------------------------------------
// 4x4 core transform
// ---------------------------------------------------------------------------------------------

/// 1-D forward core transform: rows of Cf = [[1,1,1,1],[2,1,-1,-2],[1,-1,-1,1],[1,-2,2,-1]].
/// Output magnitude <= 6 * max|x| (row 1 / 3 have L1 norm 6).
#[inline(always)]
fn fdct4_1d(x: [i32; 4]) -> [i32; 4] {
    let s0 = x[0] + x[3];
    let s1 = x[1] + x[2];
    let d0 = x[0] - x[3];
    let d1 = x[1] - x[2];
    [s0 + s1, 2 * d0 + d1, s0 - s1, d0 - 2 * d1]
}

/// Cf, the matrix of the forward 4x4 core transform (8.5.12.2's inverse read as a
/// forward matrix: Y = Cf X Cf^T). Data for tests and stimulus; the transforms below
/// are its butterflies.
pub const CF4: [[i32; 4]; 4] = [[1, 1, 1, 1], [2, 1, -1, -2], [1, -1, -1, 1], [1, -2, 2, -1]];

/// The 8x8 basis times 8 (8.5.13.2's butterfly on a unit input, column by column): the
/// forward 8x8 transform is Y = T X T^T (rounded, see [`forward8x8`]). Data for tests
/// and stimulus.
pub const BASIS8: [[i32; 8]; 8] = [
    [8, 8, 8, 8, 8, 8, 8, 8],
    [12, 10, 6, 3, -3, -6, -10, -12],
    [8, 4, -4, -8, -8, -4, 4, 8],
    [10, -3, -12, -6, 6, 12, 3, -10],
    [8, -8, -8, 8, 8, -8, -8, 8],
    [6, -12, 3, 10, -10, -3, 12, -6],
    [4, -8, 8, -4, -4, 8, -8, 4],
    [3, -6, 10, -12, 12, -10, 6, -3],
];

/// Forward 4x4 core transform Y = Cf X Cf^T (no scaling; the normalisation lives in quant).
///
/// Exact integer arithmetic, no rounding. With |r| <= 255: after the row pass |.| <= 1530
/// (12-bit signed), output |Y| <= 36 * 255 = 9180 (15-bit signed).
#[inline]
pub fn forward4x4(r: &[i32; 16]) -> [i32; 16] {
    let mut t = [0i32; 16];
    for i in 0..4 {
        let row = fdct4_1d([r[4 * i], r[4 * i + 1], r[4 * i + 2], r[4 * i + 3]]);
        t[4 * i..4 * i + 4].copy_from_slice(&row);
    }
    let mut y = [0i32; 16];
    for j in 0..4 {
        let col = fdct4_1d([t[j], t[4 + j], t[8 + j], t[12 + j]]);
        for i in 0..4 {
            y[4 * i + j] = col[i];
        }
    }
    y
}

/// 1-D inverse 4x4 butterfly of 8.5.12.2 (same equations for the row and the column pass).
#[inline(always)]
fn idct4_1d(d: [i32; 4]) -> [i32; 4] {
    let e0 = add(d[0], d[2]);
    let e1 = sub(d[0], d[2]);
    let e2 = sub(d[1] >> 1, d[3]);
    let e3 = add(d[1], d[3] >> 1);
    [add(e0, e3), add(e1, e2), sub(e1, e2), sub(e0, e3)]
}

/// Inverse 4x4 transform, 8.5.12.2: rows (e, f), then columns (g, h), then r = (h + 32) >> 6.
///
/// Input: scaled coefficients d_ij (16-bit signed in a conforming stream).
#[inline]
pub fn inverse4x4(d: &[i32; 16]) -> [i32; 16] {
    let mut f = [0i32; 16];
    for i in 0..4 {
        let row = idct4_1d([d[4 * i], d[4 * i + 1], d[4 * i + 2], d[4 * i + 3]]);
        f[4 * i..4 * i + 4].copy_from_slice(&row);
    }
    let mut r = [0i32; 16];
    for j in 0..4 {
        let h = idct4_1d([f[j], f[4 + j], f[8 + j], f[12 + j]]);
        for i in 0..4 {
            r[4 * i + j] = add(h[i], 32) >> 6;
        }
    }
    r
}

// ---------------------------------------------------------------------------------------------
// 8x8 core transform
// ---------------------------------------------------------------------------------------------

/// 1-D forward 8x8 transform with the integer matrix T (8 x the basis of the 8.5.13.2 inverse):
///
/// ```text
///  8   8   8   8   8   8   8   8
/// 12  10   6   3  -3  -6 -10 -12
///  8   4  -4  -8  -8  -4   4   8
/// 10  -3 -12  -6   6  12   3 -10
///  8  -8  -8   8   8  -8  -8   8
///  6 -12   3  10 -10  -3  12  -6
///  4  -8   8  -4  -4   8  -8   4
///  3  -6  10 -12  12 -10   6  -3
/// ```
///
/// The 8.5.13.2 butterfly computes out = (T^T / 8) d, i.e. its basis vectors are the rows of T
/// divided by 8. T T^T = diag(512, 578, 320, 578, 512, 578, 320, 578). Even/odd split; the
/// constant multiplies are shift-adds in hardware. Output magnitude <= 64 * max|x| (the
/// largest row L1 norm is 64).
#[inline(always)]
fn fdct8_1d(x: [i32; 8]) -> [i32; 8] {
    let s0 = x[0] + x[7];
    let s1 = x[1] + x[6];
    let s2 = x[2] + x[5];
    let s3 = x[3] + x[4];
    let d0 = x[0] - x[7];
    let d1 = x[1] - x[6];
    let d2 = x[2] - x[5];
    let d3 = x[3] - x[4];
    let e0 = s0 + s3;
    let e1 = s1 + s2;
    let e2 = s0 - s3;
    let e3 = s1 - s2;
    [
        8 * (e0 + e1),
        12 * d0 + 10 * d1 + 6 * d2 + 3 * d3,
        8 * e2 + 4 * e3,
        10 * d0 - 3 * d1 - 12 * d2 - 6 * d3,
        8 * (e0 - e1),
        6 * d0 - 12 * d1 + 3 * d2 + 10 * d3,
        4 * e2 - 8 * e3,
        3 * d0 - 6 * d1 + 10 * d2 - 12 * d3,
    ]
}

/// Forward 8x8 transform: Y = round(T X T^T / 64), T as in `fdct8_1d`.
///
/// This is the JM / x264 forward 8x8 (whose butterflies compute (T/8) X (T/8)^T) except that
/// they truncate with `>> 1` / `>> 2` inside each pass, while here both passes are exact and
/// the only rounding is one final division by 64, to nearest with ties away from zero
/// (`round_shift_sym`). The quant8x8 MF table is normalised for this scale.
///
/// With |r| <= 255: after the row pass |.| <= 64 * 255 = 16320 (15-bit signed), before the
/// final shift |.| <= 64 * 16320 = 1_044_480 (21-bit signed), output |Y| <= 16320.
#[inline]
pub fn forward8x8(r: &[i32; 64]) -> [i32; 64] {
    let mut t = [0i32; 64];
    for i in 0..8 {
        let mut row = [0i32; 8];
        row.copy_from_slice(&r[8 * i..8 * i + 8]);
        t[8 * i..8 * i + 8].copy_from_slice(&fdct8_1d(row));
    }
    let mut y = [0i32; 64];
    for j in 0..8 {
        let mut col = [0i32; 8];
        for i in 0..8 {
            col[i] = t[8 * i + j];
        }
        let col = fdct8_1d(col);
        for i in 0..8 {
            y[8 * i + j] = round_shift_sym(col[i], 6);
        }
    }
    y
}

/// 1-D inverse 8x8 butterfly of 8.5.13.2 (same equations for the row and the column pass).
#[inline(always)]
fn idct8_1d(d: [i32; 8]) -> [i32; 8] {
    // Even part.
    let a0 = add(d[0], d[4]);
    let a4 = sub(d[0], d[4]);
    let a2 = sub(d[2] >> 1, d[6]);
    let a6 = add(d[2], d[6] >> 1);
    let b0 = add(a0, a6);
    let b2 = add(a4, a2);
    let b4 = sub(a4, a2);
    let b6 = sub(a0, a6);
    // Odd part.
    let a1 = sub(sub(sub(d[5], d[3]), d[7]), d[7] >> 1);
    let a3 = sub(sub(add(d[1], d[7]), d[3]), d[3] >> 1);
    let a5 = add(add(sub(d[7], d[1]), d[5]), d[5] >> 1);
    let a7 = add(add(add(d[3], d[5]), d[1]), d[1] >> 1);
    let b1 = add(a1, a7 >> 2);
    let b7 = sub(a7, a1 >> 2);
    let b3 = add(a3, a5 >> 2);
    let b5 = sub(a3 >> 2, a5);
    [
        add(b0, b7),
        add(b2, b5),
        add(b4, b3),
        add(b6, b1),
        sub(b6, b1),
        sub(b4, b3),
        sub(b2, b5),
        sub(b0, b7),
    ]
}

/// Inverse 8x8 transform, 8.5.13.2: rows (f), then columns (m), then r = (m + 32) >> 6.
///
/// Input: scaled coefficients d_ij (16-bit signed in a conforming stream).
#[inline]
pub fn inverse8x8(d: &[i32; 64]) -> [i32; 64] {
    let mut f = [0i32; 64];
    for i in 0..8 {
        let mut row = [0i32; 8];
        row.copy_from_slice(&d[8 * i..8 * i + 8]);
        f[8 * i..8 * i + 8].copy_from_slice(&idct8_1d(row));
    }
    let mut r = [0i32; 64];
    for j in 0..8 {
        let mut col = [0i32; 8];
        for i in 0..8 {
            col[i] = f[8 * i + j];
        }
        let m = idct8_1d(col);
        for i in 0..8 {
            r[8 * i + j] = add(m[i], 32) >> 6;
        }
    }
    r
}

// ---------------------------------------------------------------------------------------------
// DC Hadamard transforms
// ---------------------------------------------------------------------------------------------

/// 1-D 4-point Hadamard with the row order of the 8.5.10 matrix
/// [[1,1,1,1],[1,1,-1,-1],[1,-1,-1,1],[1,-1,1,-1]]. Wrapping (decoder-safe).
#[inline(always)]
fn hadamard4_1d(x: [i32; 4]) -> [i32; 4] {
    let s01 = add(x[0], x[1]);
    let s23 = add(x[2], x[3]);
    let d01 = sub(x[0], x[1]);
    let d23 = sub(x[2], x[3]);
    [add(s01, s23), sub(s01, s23), sub(d01, d23), add(d01, d23)]
}

/// 2-D 4x4 Hadamard H c H (H symmetric), exact, no scaling. |out| <= 16 * max|c|.
#[inline(always)]
fn hadamard4x4(c: &[i32; 16]) -> [i32; 16] {
    let mut t = [0i32; 16];
    for i in 0..4 {
        let row = hadamard4_1d([c[4 * i], c[4 * i + 1], c[4 * i + 2], c[4 * i + 3]]);
        t[4 * i..4 * i + 4].copy_from_slice(&row);
    }
    let mut f = [0i32; 16];
    for j in 0..4 {
        let col = hadamard4_1d([t[j], t[4 + j], t[8 + j], t[12 + j]]);
        for i in 0..4 {
            f[4 * i + j] = col[i];
        }
    }
    f
}

/// Encoder luma-DC transform for Intra16x16: round(H c H / 2), ties away from zero
/// (`(x + 1 - [x < 0]) >> 1`, so the result is odd in c).
///
/// Input: the 16 DC terms (index 0 of `forward4x4` of each 4x4 block, blocks in raster order
/// of the 4x4 grid). With |c| <= 16 * 255 = 4080: H c H <= 65280 (17-bit signed), output
/// <= 32640 (16-bit signed).
#[inline]
pub fn forward_luma_dc(c: &[i32; 16]) -> [i32; 16] {
    let mut f = hadamard4x4(c);
    for v in f.iter_mut() {
        *v = round_shift_sym(*v, 1);
    }
    f
}

/// Inverse luma-DC transform, 8.5.10: f = H c H, no scaling (dequant_luma_dc scales next).
///
/// |f| <= 16 * max|c| (20-bit signed for 16-bit levels).
#[inline]
pub fn inverse_luma_dc(c: &[i32; 16]) -> [i32; 16] {
    hadamard4x4(c)
}

/// 2x2 Hadamard f = [[1,1],[1,-1]] c [[1,1],[1,-1]] on c = [c00, c01, c10, c11]. Wrapping.
#[inline(always)]
fn hadamard2x2(c: &[i32; 4]) -> [i32; 4] {
    let s0 = add(c[0], c[1]);
    let d0 = sub(c[0], c[1]);
    let s1 = add(c[2], c[3]);
    let d1 = sub(c[2], c[3]);
    [add(s0, s1), add(d0, d1), sub(s0, s1), sub(d0, d1)]
}

/// Encoder chroma-DC transform (4:2:0): the 2x2 Hadamard, exact, no scaling (quant_chroma_dc
/// absorbs the factor). With |c| <= 4080: |out| <= 16320 (15-bit signed).
#[inline]
pub fn forward_chroma_dc(c: &[i32; 4]) -> [i32; 4] {
    hadamard2x2(c)
}

/// Inverse chroma-DC transform, 8.5.11.1 for 4:2:0: `f = [[1,1],[1,-1]] c [[1,1],[1,-1]]`.
/// |f| <= 4 * max|c| (18-bit signed for 16-bit levels).
#[inline]
pub fn inverse_chroma_dc(c: &[i32; 4]) -> [i32; 4] {
    hadamard2x2(c)
}
