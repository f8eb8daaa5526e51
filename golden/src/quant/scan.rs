//! Frame zig-zag scans (8.5.6 / 8.5.7): scan index -> raster index (row * N + col).
//!
//! Coefficient levels arrive in scan order; `unscan*` places them into the raster block that
//! dequant and the inverse transforms use, `scan*` is the encoder's reverse.
//! The 16 Intra16x16 luma DC levels use the same 4x4 zig-zag over the 4x4 matrix of DCs
//! (8.5.10: c = inverse scan of the DC levels); the 4 chroma DC levels of 4:2:0 are in raster
//! order c = [c00, c01, c10, c11] (8.5.11.1) and need no scan.

/// 4x4 frame zig-zag, Table 8-13 / Figure 8-8 (a): idx -> raster index.
pub const ZIGZAG4X4: [u8; 16] = [0, 1, 4, 8, 5, 2, 3, 6, 9, 12, 13, 10, 7, 11, 14, 15];

/// 8x8 frame zig-zag, Table 8-14 / Figure 8-9 (a): idx -> raster index.
pub const ZIGZAG8X8: [u8; 64] = [
    0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, //
    12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, //
    35, 42, 49, 56, 57, 50, 43, 36, 29, 22, 15, 23, 30, 37, 44, 51, //
    58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
];

/// Raster 4x4 block -> levels in zig-zag order.
#[inline]
pub fn scan4x4(raster: &[i32; 16]) -> [i32; 16] {
    ZIGZAG4X4.map(|pos| raster[usize::from(pos)])
}

/// Levels in zig-zag order -> raster 4x4 block (inverse of `scan4x4`).
#[inline]
pub fn unscan4x4(scanned: &[i32; 16]) -> [i32; 16] {
    let mut raster = [0i32; 16];
    for (k, &pos) in ZIGZAG4X4.iter().enumerate() {
        raster[usize::from(pos)] = scanned[k];
    }
    raster
}

/// Raster 8x8 block -> levels in zig-zag order.
#[inline]
pub fn scan8x8(raster: &[i32; 64]) -> [i32; 64] {
    ZIGZAG8X8.map(|pos| raster[usize::from(pos)])
}

/// Levels in zig-zag order -> raster 8x8 block (inverse of `scan8x8`).
#[inline]
pub fn unscan8x8(scanned: &[i32; 64]) -> [i32; 64] {
    let mut raster = [0i32; 64];
    for (k, &pos) in ZIGZAG8X8.iter().enumerate() {
        raster[usize::from(pos)] = scanned[k];
    }
    raster
}
