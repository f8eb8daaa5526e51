//! Quantisation tables: the standard's normAdjust / Table 8-15 values and the encoder's
//! multiplication factors derived from them, plus per-position expansions built at compile time.

/// normAdjust4x4 v (8.5.9): rows qP % 6, columns position class
/// 0: (i%2, j%2) == (0, 0); 1: (1, 1); 2: otherwise. See `class4x4`.
pub const NORM_ADJUST4X4: [[i32; 3]; 6] = [
    [10, 16, 13],
    [11, 18, 14],
    [13, 20, 16],
    [14, 23, 18],
    [16, 25, 20],
    [18, 29, 23],
];

/// normAdjust8x8 v (8.5.9): rows qP % 6, columns position class 0..=5 as in
/// `class8x8`.
pub const NORM_ADJUST8X8: [[i32; 6]; 6] = [
    [20, 18, 32, 19, 25, 24],
    [22, 19, 35, 21, 28, 26],
    [26, 23, 42, 24, 33, 31],
    [28, 25, 45, 26, 35, 33],
    [32, 28, 51, 30, 40, 38],
    [36, 32, 58, 34, 46, 43],
];

/// Encoder 4x4 multiplication factors `MF4[qP % 6][class]` (the classic JM / x264 values).
///
/// Derivation: forward `Cf` then the 8.5.12.2 inverse multiply class k by the gain
/// g = 16, 25, 20 (1-D gains 4 and 5), the inverse ends with / 64, and dequant multiplies by
/// 16 V / 16 * 2^(qP/6) = V 2^(qP/6). For quant (level = c MF / 2^(15 + qP/6)) to undo all
/// of it, MF = round(2^21 / (g * V)), rounded to nearest (no value is a tie). E.g.
/// 2^21 / (16 * 10) = 13107.2 -> 13107, 2^21 / (25 * 16) = 5242.88 -> 5243. The test
/// `mf_tables_follow_from_norm_adjust` recomputes every entry. All < 2^14.
pub const MF4: [[i32; 3]; 6] = [
    [13107, 5243, 8066],
    [11916, 4660, 7490],
    [10082, 4194, 6554],
    [9362, 3647, 5825],
    [8192, 3355, 5243],
    [7282, 2893, 4559],
];

/// Encoder 8x8 multiplication factors `MF8[qP % 6][class]` (the JM values).
///
/// Derivation: `forward8x8` computes (T/8) X (T/8)^T with T T^T = diag(n), n_k = 512 (k = 0,
/// 4), 578 (odd k), 320 (k = 2, 6). Exact reconstruction needs the dequantised coefficient to
/// be Y_ij 2^18 / (n_i n_j); dequant gives level * V 2^(qP/6) / 4 and quant gives
/// level = Y MF / 2^(16 + qP/6), so MF = round(2^36 / (n_i n_j V)), rounded to nearest (no
/// ties). E.g. class 0: 2^36 / (512 * 512 * 20) = 13107.2 -> 13107; class 1:
/// 2^36 / (578 * 578 * 18) = 11427.5.. -> 11428. All < 2^15.
pub const MF8: [[i32; 6]; 6] = [
    [13107, 11428, 20972, 12222, 16777, 15481],
    [11916, 10826, 19174, 11058, 14980, 14290],
    [10082, 8943, 15978, 9675, 12710, 11985],
    [9362, 8228, 14913, 8931, 11984, 11259],
    [8192, 7346, 13159, 7740, 10486, 9777],
    [7282, 6428, 11570, 6830, 9118, 8640],
];

/// Table 8-15: QPc for qPI = 30..=51 (below 30, QPc = qPI).
pub const QPC_FROM_QPI_30: [u8; 22] = [
    29, 30, 31, 32, 32, 33, 34, 34, 35, 35, 36, 36, 37, 37, 37, 38, 38, 38, 39, 39, 39, 39,
];

/// Position class of raster index `pos` in a 4x4 block (8.5.9): 0 when row and column are
/// both even, 1 when both odd, 2 otherwise.
pub const fn class4x4(pos: usize) -> usize {
    let (i, j) = (pos / 4, pos % 4);
    if i % 2 == 0 && j % 2 == 0 {
        0
    } else if i % 2 == 1 && j % 2 == 1 {
        1
    } else {
        2
    }
}

/// Position class of raster index `pos` in an 8x8 block (8.5.9, normAdjust8x8):
/// 0: i%4 == 0 && j%4 == 0; 1: i%2 == 1 && j%2 == 1; 2: i%4 == 2 && j%4 == 2;
/// 3: (i%4 == 0 && j%2 == 1) || (i%2 == 1 && j%4 == 0);
/// 4: (i%4 == 0 && j%4 == 2) || (i%4 == 2 && j%4 == 0); 5: otherwise.
pub const fn class8x8(pos: usize) -> usize {
    let (i, j) = (pos / 8, pos % 8);
    if i % 4 == 0 && j % 4 == 0 {
        0
    } else if i % 2 == 1 && j % 2 == 1 {
        1
    } else if i % 4 == 2 && j % 4 == 2 {
        2
    } else if (i % 4 == 0 && j % 2 == 1) || (i % 2 == 1 && j % 4 == 0) {
        3
    } else if (i % 4 == 0 && j % 4 == 2) || (i % 4 == 2 && j % 4 == 0) {
        4
    } else {
        5
    }
}

const fn expand4x4(t: &[[i32; 3]; 6], mul: i32) -> [[i32; 16]; 6] {
    let mut out = [[0; 16]; 6];
    let mut m = 0;
    while m < 6 {
        let mut pos = 0;
        while pos < 16 {
            out[m][pos] = mul * t[m][class4x4(pos)];
            pos += 1;
        }
        m += 1;
    }
    out
}

const fn expand8x8(t: &[[i32; 6]; 6], mul: i32) -> [[i32; 64]; 6] {
    let mut out = [[0; 64]; 6];
    let mut m = 0;
    while m < 6 {
        let mut pos = 0;
        while pos < 64 {
            out[m][pos] = mul * t[m][class8x8(pos)];
            pos += 1;
        }
        m += 1;
    }
    out
}

/// LevelScale4x4(m, i, j) = weightScale4x4 (flat 16) * normAdjust4x4, per raster position.
/// Max 16 * 29 = 464 (9 bits).
pub const LEVEL_SCALE4X4: [[i32; 16]; 6] = expand4x4(&NORM_ADJUST4X4, 16);

/// LevelScale8x8(m, i, j) = weightScale8x8 (flat 16) * normAdjust8x8, per raster position.
/// Max 16 * 58 = 928 (10 bits).
pub const LEVEL_SCALE8X8: [[i32; 64]; 6] = expand8x8(&NORM_ADJUST8X8, 16);

/// MF4 per raster position.
pub const MF4_POS: [[i32; 16]; 6] = expand4x4(&MF4, 1);

/// MF8 per raster position.
pub const MF8_POS: [[i32; 64]; 6] = expand8x8(&MF8, 1);
