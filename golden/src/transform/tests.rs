//! Tests of the transforms against the standard's matrices and hand-computed values.

#![allow(clippy::needless_range_loop)] // matrix code reads better with indices

use super::*;
use proptest::prelude::*;

/// Cf of the 4x4 forward transform, written from the standard's textbook definition.
const CF: [[i64; 4]; 4] = [[1, 1, 1, 1], [2, 1, -1, -2], [1, -1, -1, 1], [1, -2, 2, -1]];

/// The 8x8 basis (golden's table `BASIS8`) in 64 bits; the butterflies are checked against it
/// and the table against its norms (`t8_rows_are_orthogonal_with_the_documented_norms`).
const T8: [[i64; 8]; 8] = {
    let mut t = [[0i64; 8]; 8];
    let mut r = 0;
    while r < 8 {
        let mut c = 0;
        while c < 8 {
            t[r][c] = BASIS8[r][c] as i64;
            c += 1;
        }
        r += 1;
    }
    t
};

/// Luma-DC Hadamard of 8.5.10.
const H4: [[i64; 4]; 4] = [[1, 1, 1, 1], [1, 1, -1, -1], [1, -1, -1, 1], [1, -1, 1, -1]];

/// M A M^T for an N x N row-major `a`, in i64.
fn sandwich<const N: usize>(m: &[[i64; N]; N], a: &[i64]) -> Vec<i64> {
    let mut out = vec![0i64; N * N];
    for i in 0..N {
        for j in 0..N {
            let mut acc = 0;
            for k in 0..N {
                for l in 0..N {
                    acc += m[i][k] * a[k * N + l] * m[j][l];
                }
            }
            out[i * N + j] = acc;
        }
    }
    out
}

/// M^T A M for an N x N row-major `a`, in i64.
fn sandwich_t<const N: usize>(m: &[[i64; N]; N], a: &[i64]) -> Vec<i64> {
    let mut out = vec![0i64; N * N];
    for i in 0..N {
        for j in 0..N {
            let mut acc = 0;
            for k in 0..N {
                for l in 0..N {
                    acc += m[k][i] * a[k * N + l] * m[l][j];
                }
            }
            out[i * N + j] = acc;
        }
    }
    out
}

fn widen(a: &[i32]) -> Vec<i64> {
    a.iter().map(|&v| i64::from(v)).collect()
}

fn arr64(v: Vec<i32>) -> [i32; 64] {
    let mut a = [0i32; 64];
    a.copy_from_slice(&v);
    a
}

fn residual64() -> impl Strategy<Value = [i32; 64]> {
    proptest::collection::vec(-255i32..=255, 64).prop_map(arr64)
}

fn any64() -> impl Strategy<Value = [i32; 64]> {
    proptest::collection::vec(any::<i32>(), 64).prop_map(arr64)
}

#[test]
fn t8_rows_are_orthogonal_with_the_documented_norms() {
    let norms = [512, 578, 320, 578, 512, 578, 320, 578];
    for a in 0..8 {
        for b in 0..8 {
            let dot: i64 = (0..8).map(|k| T8[a][k] * T8[b][k]).sum();
            assert_eq!(dot, if a == b { norms[a] } else { 0 }, "rows {a} {b}");
        }
    }
}

#[test]
fn inverse4x4_of_a_lone_dc_is_flat() {
    // 8.5.12.2 by hand: row 0 gives f = [d00; 4], column pass copies it down, (h + 32) >> 6.
    for (d00, want) in [
        (100, 2),
        (-100, -2),
        (320, 5),
        (31, 0),
        (32, 1),
        (-32, 0),
        (-33, -1),
    ] {
        let mut d = [0; 16];
        d[0] = d00;
        assert_eq!(inverse4x4(&d), [want; 16], "d00 = {d00}");
    }
}

#[test]
fn inverse4x4_of_d01_by_hand() {
    // d01 = 64: row 0: e = [0, 0, 32, 64], f = [64, 32, -32, -64]; each column holds one value,
    // so every row of r is [(64+32)>>6, (32+32)>>6, (-32+32)>>6, (-64+32)>>6] = [1, 1, 0, -1].
    let mut d = [0; 16];
    d[1] = 64;
    let r = inverse4x4(&d);
    for i in 0..4 {
        assert_eq!(r[4 * i..4 * i + 4], [1, 1, 0, -1]);
    }
}

#[test]
fn inverse8x8_of_a_lone_dc_is_flat() {
    for (d00, want) in [(64 * 7, 7), (-64 * 7, -7), (31, 0), (32, 1), (-33, -1)] {
        let mut d = [0; 64];
        d[0] = d00;
        assert_eq!(inverse8x8(&d), [want; 64], "d00 = {d00}");
    }
}

#[test]
fn forward_of_flat_blocks_is_dc_only() {
    let mut want4 = [0; 16];
    want4[0] = 16 * 3;
    assert_eq!(forward4x4(&[3; 16]), want4);
    // 8x8: T X T^T = 64 * 64 * v at (0, 0); / 64 = 64 v.
    let mut want8 = [0; 64];
    want8[0] = 64 * -5;
    assert_eq!(forward8x8(&[-5; 64]), want8);
}

#[test]
fn inverse_luma_dc_by_hand() {
    // (H c H)_ij = H_i0 H_0j c00 = 1 for a lone c00; a lone c01 gives every row = H row 1.
    let mut c = [0; 16];
    c[0] = 1;
    assert_eq!(inverse_luma_dc(&c), [1; 16]);
    let mut c = [0; 16];
    c[1] = 1;
    let f = inverse_luma_dc(&c);
    for i in 0..4 {
        assert_eq!(f[4 * i..4 * i + 4], [1, 1, -1, -1]);
    }
}

#[test]
fn chroma_dc_by_hand() {
    // f00 = 1+2+3+4, f01 = 1-2+3-4, f10 = 1+2-3-4, f11 = 1-2-3+4.
    assert_eq!(inverse_chroma_dc(&[1, 2, 3, 4]), [10, -2, -4, 0]);
    assert_eq!(forward_chroma_dc(&[1, 2, 3, 4]), [10, -2, -4, 0]);
}

#[test]
fn forward_luma_dc_rounds_halves_away_from_zero() {
    // A lone c00 = v gives H c H = v everywhere, then round(v / 2).
    for (v, want) in [(1, 1), (-1, -1), (3, 2), (-3, -2), (4, 2), (-4, -2), (0, 0)] {
        let mut c = [0; 16];
        c[0] = v;
        assert_eq!(forward_luma_dc(&c), [want; 16], "v = {v}");
    }
}

proptest! {
    #[test]
    fn forward4x4_is_cf_x_cft(x in proptest::array::uniform16(-255i32..=255)) {
        prop_assert_eq!(widen(&forward4x4(&x)), sandwich(&CF, &widen(&x)));
    }

    /// Exact inverse pair: with X' = 100 x and Y = Cf X' Cf^T, the scaling
    /// d_ij = 64 Y_ij / (s_i s_j), s = (4, 5, 4, 5) (Cf^-1 = Ci diag(1/4, 1/5, 1/4, 1/5)),
    /// makes every `>> 1` and the final `>> 6` of 8.5.12.2 exact, so inverse4x4(d) == X'.
    #[test]
    fn inverse4x4_inverts_forward4x4_exactly(x in proptest::array::uniform16(-255i32..=255)) {
        let x100 = x.map(|v| 100 * v);
        let y = forward4x4(&x100);
        let s = [4, 5, 4, 5];
        let mut d = [0i32; 16];
        for i in 0..4 {
            for j in 0..4 {
                let num = 64 * y[4 * i + j];
                prop_assert_eq!(num % (s[i] * s[j]), 0);
                d[4 * i + j] = num / (s[i] * s[j]);
            }
        }
        prop_assert_eq!(inverse4x4(&d), x100);
    }

    #[test]
    fn forward8x8_is_rounded_t_x_tt(x in residual64()) {
        let exact = sandwich(&T8, &widen(&x));
        let want: Vec<i64> = exact
            .iter()
            .map(|&v| v.signum() * ((v.abs() + 32) / 64))
            .collect();
        prop_assert_eq!(widen(&forward8x8(&x)), want);
    }

    /// For d a multiple of 64 every `>> 1` / `>> 2` in 8.5.13.2 is exact, so the butterfly
    /// must equal the matrix form (T^T d T / 64 + 32) >> 6, i.e. its basis is T / 8.
    #[test]
    fn inverse8x8_is_the_t_basis(k in proptest::collection::vec(-128i32..=128, 64)) {
        let d = arr64(k.iter().map(|v| 64 * v).collect());
        let m = sandwich_t(&T8, &widen(&d));
        let want: Vec<i64> = m.iter().map(|&v| { assert_eq!(v % 64, 0); (v / 64 + 32) >> 6 })
            .collect();
        prop_assert_eq!(widen(&inverse8x8(&d)), want);
    }

    #[test]
    fn forwards_are_odd(x in residual64()) {
        let neg = x.map(|v| -v);
        prop_assert_eq!(forward8x8(&neg), forward8x8(&x).map(|v| -v));
        let mut x16 = [0; 16];
        x16.copy_from_slice(&x[..16]);
        let n16 = x16.map(|v| -v);
        prop_assert_eq!(forward4x4(&n16), forward4x4(&x16).map(|v| -v));
        let dc = x16.map(|v| 16 * v);
        prop_assert_eq!(forward_luma_dc(&dc.map(|v| -v)), forward_luma_dc(&dc).map(|v| -v));
    }

    #[test]
    fn inverse_luma_dc_is_h_c_h(c in proptest::array::uniform16(-32768i32..=32767)) {
        prop_assert_eq!(widen(&inverse_luma_dc(&c)), sandwich(&H4, &widen(&c)));
    }

    /// H H = 4 I, so applying H c H twice gives 16 c exactly.
    #[test]
    fn luma_dc_hadamard_squared_is_16(c in proptest::array::uniform16(-32768i32..=32767)) {
        prop_assert_eq!(inverse_luma_dc(&inverse_luma_dc(&c)), c.map(|v| 16 * v));
    }

    /// [[1,1],[1,-1]]^2 = 2 I, so the 2x2 transform applied twice gives 4 c.
    #[test]
    fn chroma_dc_hadamard_squared_is_4(c in proptest::array::uniform4(-65536i32..=65535)) {
        prop_assert_eq!(inverse_chroma_dc(&inverse_chroma_dc(&c)), c.map(|v| 4 * v));
        prop_assert_eq!(forward_chroma_dc(&c), inverse_chroma_dc(&c));
    }

    /// All entries of H c H share the parity of sum(c); when it is even the encoder's /2 is
    /// exact and H (H c H / 2) H = 8 c. Otherwise each entry is off by 1/2, so by at most 8.
    #[test]
    fn luma_dc_pair(c in proptest::array::uniform16(-4080i32..=4080)) {
        let back = inverse_luma_dc(&forward_luma_dc(&c));
        let sum: i32 = c.iter().sum();
        for k in 0..16 {
            let err = (back[k] - 8 * c[k]).abs();
            if sum % 2 == 0 {
                prop_assert_eq!(err, 0);
            } else {
                prop_assert!(err <= 8);
            }
        }
    }

    /// Corrupt streams: any 32-bit input must not panic (debug overflow checks are on).
    #[test]
    fn inverses_never_panic(d in any64()) {
        let mut d16 = [0; 16];
        d16.copy_from_slice(&d[..16]);
        let _ = inverse8x8(&d);
        let _ = inverse4x4(&d16);
        let _ = inverse_luma_dc(&d16);
        let _ = inverse_chroma_dc(&[d[0], d[1], d[2], d[3]]);
    }
}

#[test]
fn inverses_survive_extreme_inputs() {
    for v in [i32::MIN, i32::MAX, -1 << 20, 1 << 20] {
        let _ = inverse4x4(&[v; 16]);
        let _ = inverse8x8(&[v; 64]);
        let _ = inverse_luma_dc(&[v; 16]);
        let _ = inverse_chroma_dc(&[v; 4]);
    }
}
