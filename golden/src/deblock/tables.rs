//! Threshold tables of the deblocking filter (H.264 clause 8.7.2.2) and the
//! chroma QP mapping it needs (Table 8-15).

/// Table 8-16: alpha' as a function of indexA (0..=51).
pub(super) const ALPHA: [u8; 52] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, //
    4, 4, 5, 6, 7, 8, 9, 10, 12, 13, 15, 17, 20, 22, 25, 28, //
    32, 36, 40, 45, 50, 56, 63, 71, 80, 90, 101, 113, 127, 144, 162, 182, //
    203, 226, 255, 255,
];

/// Table 8-16: beta' as a function of indexB (0..=51).
pub(super) const BETA: [u8; 52] = [
    0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, //
    2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 6, 6, 7, 7, 8, 8, //
    9, 9, 10, 10, 11, 11, 12, 12, 13, 13, 14, 14, 15, 15, 16, 16, //
    17, 17, 18, 18,
];

/// Table 8-17: tC0' as a function of indexA (0..=51), for bS = 1, 2, 3
/// (columns 0, 1, 2). Only bS 3 occurs in intra-only pictures; the table is
/// kept whole so that it reads like the standard.
#[rustfmt::skip]
pub(super) const TC0: [[u8; 3]; 52] = [
    [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], // 0..=5
    [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], // 6..=11
    [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 0], [0, 0, 1], // 12..=17
    [0, 0, 1], [0, 0, 1], [0, 0, 1], [0, 1, 1], [0, 1, 1], [1, 1, 1], // 18..=23
    [1, 1, 1], [1, 1, 1], [1, 1, 1], [1, 1, 2], [1, 1, 2], [1, 1, 2], // 24..=29
    [1, 1, 2], [1, 2, 3], [1, 2, 3], [2, 2, 3], [2, 2, 4], [2, 3, 4], // 30..=35
    [2, 3, 4], [3, 3, 5], [3, 4, 6], [3, 4, 6], [4, 5, 7], [4, 5, 8], // 36..=41
    [4, 6, 9], [5, 7, 10], [6, 8, 11], [6, 8, 13], [7, 10, 14], [8, 11, 16], // 42..=47
    [9, 12, 18], [10, 13, 20], [11, 15, 23], [13, 17, 25], // 48..=51
];

/// Table 8-15: QPC for qPI = 30..=51 (below 30, QPC = qPI).
const QPC_FROM_30: [u8; 22] = [
    29, 30, 31, 32, 32, 33, 34, 34, 35, 35, 36, 36, 37, 37, 37, 38, 38, 38, 39, 39, 39, 39,
];

/// QPC of a macroblock with luma QP `qp_y` and chroma offset `offset`
/// (8.5.8 with Table 8-15, 8-bit: QpBdOffsetC = 0, so
/// qPI = Clip3(0, 51, QPY + offset)).
///
/// Private copy for the deblocking filter; `quant` owns the shared one.
pub(super) fn chroma_qp(qp_y: i32, offset: i32) -> i32 {
    let qpi = (qp_y + offset).clamp(0, 51);
    if qpi < 30 {
        qpi
    } else {
        i32::from(QPC_FROM_30[(qpi - 30) as usize])
    }
}
