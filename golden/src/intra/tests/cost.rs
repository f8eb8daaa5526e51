//! SAD and SATD worked by hand.

use crate::intra::{sad, satd16x16, satd4x4, satd8x8};

/// A 4x4 source equal to `base` plus the signed difference `d`.
fn with_diff(base: u8, d: [[i16; 4]; 4]) -> ([[u8; 4]; 4], [[u8; 4]; 4]) {
    let src = d.map(|row| row.map(|v| (base as i16 + v) as u8));
    (src, [[base; 4]; 4])
}

#[test]
fn satd4x4_examples() {
    // Identical blocks: 0.
    assert_eq!(satd4x4(&[[9; 4]; 4], &[[9; 4]; 4]), 0);
    // A constant difference c only has a DC coefficient 16c: (16 * 5 + 1)>>1 = 40.
    let (s, p) = with_diff(100, [[5; 4]; 4]);
    assert_eq!(satd4x4(&s, &p), 40);
    // A single difference d spreads to all 16 coefficients with |d|: (16 * 7 + 1)>>1 = 56.
    let mut d = [[0; 4]; 4];
    d[2][1] = -7;
    let (s, p) = with_diff(100, d);
    assert_eq!(satd4x4(&s, &p), 56);
    // d[0][0] = 3, d[3][3] = -1: coefficient (u,v) = 3 - h_u(3) h_v(3), the sign
    // product is +1 for 8 coefficients (-> 2) and -1 for 8 (-> 4): sum = 16 + 32 = 48,
    // SATD = (48 + 1)>>1 = 24. (SAD would be 4.)
    let mut d = [[0; 4]; 4];
    d[0][0] = 3;
    d[3][3] = -1;
    let (s, p) = with_diff(100, d);
    assert_eq!(satd4x4(&s, &p), 24);
    assert_eq!(satd4x4(&p, &s), 24);
    assert_eq!(sad(&s, &p), 4);
}

#[test]
fn satd8x8_is_the_sum_of_its_four_4x4s() {
    // Top-left quadrant: the 3 / -1 pattern (24); bottom-right: constant +2
    // (16 * 2 >> 1 = 16); the rest equal. 24 + 16 = 40.
    let pred = [[50u8; 8]; 8];
    let mut src = pred;
    src[0][0] = 53;
    src[3][3] = 49;
    for row in &mut src[4..] {
        row[4..].fill(52);
    }
    assert_eq!(satd8x8(&src, &pred), 40);
    // SAD: 3 + 1 + 16 * 2 = 36.
    assert_eq!(sad(&src, &pred), 36);
}

#[test]
fn satd16x16_of_a_constant_difference() {
    // Sixteen 4x4 blocks each (16 * 1 + 1)>>1 = 8: 128.
    assert_eq!(satd16x16(&[[11; 16]; 16], &[[10; 16]; 16]), 128);
    assert_eq!(sad(&[[11; 16]; 16], &[[10; 16]; 16]), 256);
}

#[test]
fn sad_of_non_square_blocks() {
    let a = [[1u8, 2, 3], [4, 5, 6]];
    let b = [[3u8, 2, 1], [4, 9, 6]];
    // |1-3| + 0 + |3-1| + 0 + |5-9| + 0 = 8.
    assert_eq!(sad(&a, &b), 8);
}
