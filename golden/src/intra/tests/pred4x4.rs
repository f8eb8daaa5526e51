//! Intra_4x4 (8.3.1.2) worked by hand.
//!
//! Neighbours (letters as in Figure 8-7): M = p[-1,-1] = 50,
//! A..H = p[0..7,-1] = 12 17 30 5 60 41 9 100, I..L = p[-1,0..3] = 21 8 33 70.

use super::{flat, neighbourhood, POISON};
use crate::intra::{mode_available4x4, predict4x4, Avail};
use crate::picture::Plane;

const M: u8 = 50;
const TOP: [u8; 8] = [12, 17, 30, 5, 60, 41, 9, 100];
const LEFT: [u8; 4] = [21, 8, 33, 70];

fn pred(mode: u8, avail: Avail) -> Option<[[u8; 4]; 4]> {
    predict4x4(&neighbourhood(4, M, &TOP, &LEFT), 4, 4, mode, avail)
}

#[test]
fn vertical_copies_the_top_row() {
    assert_eq!(pred(0, Avail::ALL), Some([[12, 17, 30, 5]; 4]));
}

#[test]
fn horizontal_copies_the_left_column() {
    assert_eq!(
        pred(1, Avail::ALL),
        Some([[21; 4], [8; 4], [33; 4], [70; 4]])
    );
}

#[test]
fn dc_with_every_neighbour_and_with_one_side_or_none() {
    // Top sum 12+17+30+5 = 64, left sum 21+8+33+70 = 132.
    // Both: (64 + 132 + 4) >> 3 = 200 >> 3 = 25.
    assert_eq!(pred(2, Avail::ALL), Some(flat(25)));
    // Top only: (64 + 2) >> 2 = 66 >> 2 = 16.
    let top_only = Avail {
        left: false,
        top_left: false,
        ..Avail::ALL
    };
    assert_eq!(pred(2, top_only), Some(flat(16)));
    // Left only: (132 + 2) >> 2 = 134 >> 2 = 33.
    let left_only = Avail {
        top: false,
        top_right: false,
        ..Avail::ALL
    };
    assert_eq!(pred(2, left_only), Some(flat(33)));
    // None: 1 << (BitDepth - 1) = 128.
    assert_eq!(pred(2, Avail::NONE), Some(flat(128)));
}

#[test]
fn diagonal_down_left() {
    // d[k] = (p[k,-1] + 2 p[k+1,-1] + p[k+2,-1] + 2) >> 2, pred[x,y] = d[x+y]:
    // d0 = (12+34+30+2)>>2 = 78>>2 = 19   d1 = (17+60+5+2)>>2 = 84>>2 = 21
    // d2 = (30+10+60+2)>>2 = 102>>2 = 25  d3 = (5+120+41+2)>>2 = 168>>2 = 42
    // d4 = (60+82+9+2)>>2 = 153>>2 = 38   d5 = (41+18+100+2)>>2 = 161>>2 = 40
    // pred[3,3] = (p[6,-1] + 3 p[7,-1] + 2) >> 2 = (9+300+2)>>2 = 311>>2 = 77.
    let want = [
        [19, 21, 25, 42],
        [21, 25, 42, 38],
        [25, 42, 38, 40],
        [42, 38, 40, 77],
    ];
    assert_eq!(pred(3, Avail::ALL), Some(want));
}

#[test]
fn diagonal_down_right() {
    // Above the diagonal, x - y = 1: (M + 2A + B + 2)>>2 = (50+24+17+2)>>2 = 93>>2 = 23;
    // 2: (A+2B+C+2)>>2 = 78>>2 = 19; 3: (B+2C+D+2)>>2 = 84>>2 = 21.
    // Diagonal: (A + 2M + I + 2)>>2 = (12+100+21+2)>>2 = 135>>2 = 33.
    // Below, y - x = 1: (M+2I+J+2)>>2 = (50+42+8+2)>>2 = 102>>2 = 25;
    // 2: (I+2J+K+2)>>2 = (21+16+33+2)>>2 = 72>>2 = 18; 3: (J+2K+L+2)>>2 = 146>>2 = 36.
    let want = [
        [33, 23, 19, 21],
        [25, 33, 23, 19],
        [18, 25, 33, 23],
        [36, 18, 25, 33],
    ];
    assert_eq!(pred(4, Avail::ALL), Some(want));
}

#[test]
fn vertical_right() {
    // zVR = 2x - y. Even: (p[x-(y>>1)-1,-1] + p[x-(y>>1),-1] + 1) >> 1:
    //   (M+A+1)>>1 = 63>>1 = 31, (A+B+1)>>1 = 15, (B+C+1)>>1 = 24, (C+D+1)>>1 = 18.
    // Odd: [1 2 1] ending at p[x-(y>>1),-1]: (M+2A+B+2)>>2 = 23, (A+2B+C+2)>>2 = 19,
    //   (B+2C+D+2)>>2 = 21.
    // -1: (I + 2M + A + 2)>>2 = 135>>2 = 33.
    // -2 (x=0,y=2): (p[-1,1] + 2p[-1,0] + p[-1,-1] + 2)>>2 = (8+42+50+2)>>2 = 102>>2 = 25.
    // -3 (x=0,y=3): (p[-1,2] + 2p[-1,1] + p[-1,0] + 2)>>2 = (33+16+21+2)>>2 = 72>>2 = 18.
    let want = [
        [31, 15, 24, 18],
        [33, 23, 19, 21],
        [25, 31, 15, 24],
        [18, 33, 23, 19],
    ];
    assert_eq!(pred(5, Avail::ALL), Some(want));
}

#[test]
fn horizontal_down() {
    // zHD = 2y - x. Even: (p[-1,y-(x>>1)-1] + p[-1,y-(x>>1)] + 1) >> 1:
    //   (M+I+1)>>1 = (50+21+1)>>1 = 36, (I+J+1)>>1 = 15, (J+K+1)>>1 = 21,
    //   (K+L+1)>>1 = 104>>1 = 52.
    // Odd: (M+2I+J+2)>>2 = 25, (I+2J+K+2)>>2 = 18, (J+2K+L+2)>>2 = 36.
    // -1: (I + 2M + A + 2)>>2 = 33.
    // -2 (x=2,y=0): (p[1,-1] + 2p[0,-1] + p[-1,-1] + 2)>>2 = (17+24+50+2)>>2 = 93>>2 = 23.
    // -3 (x=3,y=0): (p[2,-1] + 2p[1,-1] + p[0,-1] + 2)>>2 = (30+34+12+2)>>2 = 78>>2 = 19.
    let want = [
        [36, 33, 23, 19],
        [15, 25, 36, 33],
        [21, 18, 15, 25],
        [52, 36, 21, 18],
    ];
    assert_eq!(pred(6, Avail::ALL), Some(want));
}

#[test]
fn vertical_left() {
    // Even y: (p[x+(y>>1),-1] + p[x+(y>>1)+1,-1] + 1) >> 1:
    //   15, 24, 18, (D+E+1)>>1 = 66>>1 = 33, (E+F+1)>>1 = 102>>1 = 51.
    // Odd y: [1 2 1] from p[x+(y>>1),-1]: d0..d4 of the DDL test = 19 21 25 42 38.
    let want = [
        [15, 24, 18, 33],
        [19, 21, 25, 42],
        [24, 18, 33, 51],
        [21, 25, 42, 38],
    ];
    assert_eq!(pred(7, Avail::ALL), Some(want));
}

#[test]
fn horizontal_up() {
    // zHU = x + 2y. Even < 5: (p[-1,y+(x>>1)] + p[-1,y+(x>>1)+1] + 1) >> 1:
    //   (I+J+1)>>1 = 15, (J+K+1)>>1 = 21, (K+L+1)>>1 = 52.
    // Odd < 5: (I+2J+K+2)>>2 = 18, (J+2K+L+2)>>2 = 36.
    // 5: (K + 3L + 2)>>2 = (33+210+2)>>2 = 245>>2 = 61. Above 5: L = 70.
    let want = [
        [15, 18, 21, 36],
        [21, 36, 52, 61],
        [52, 61, 70, 70],
        [70; 4],
    ];
    assert_eq!(pred(8, Avail::ALL), Some(want));
}

#[test]
fn missing_top_right_is_replaced_by_p3() {
    // The plane still holds E..H, but flagged unavailable they become D = 5:
    // top row 12 17 30 5 5 5 5 5.
    let no_tr = Avail {
        top_right: false,
        ..Avail::ALL
    };
    // DDL: d0 = 19, d1 = 21, d2 = (30+10+5+2)>>2 = 47>>2 = 11, d3 = (5+10+5+2)>>2 = 5,
    // d4 = d5 = 5, pred[3,3] = (5 + 15 + 2)>>2 = 5.
    let ddl = [[19, 21, 11, 5], [21, 11, 5, 5], [11, 5, 5, 5], [5; 4]];
    assert_eq!(pred(3, no_tr), Some(ddl));
    // VL: even rows (D+E'+1)>>1 = 5; odd rows as DDL.
    let vl = [
        [15, 24, 18, 5],
        [19, 21, 11, 5],
        [24, 18, 5, 5],
        [21, 11, 5, 5],
    ];
    assert_eq!(pred(7, no_tr), Some(vl));
}

#[test]
fn modes_needing_missing_neighbours_are_refused() {
    let no_top = Avail {
        top: false,
        top_right: false,
        ..Avail::ALL
    };
    let no_left = Avail {
        left: false,
        ..Avail::ALL
    };
    let no_corner = Avail {
        top_left: false,
        ..Avail::ALL
    };
    for mode in [0, 3, 7] {
        assert_eq!(pred(mode, no_top), None, "mode {mode}");
        assert!(pred(mode, no_left).is_some(), "mode {mode}");
    }
    for mode in [1, 8] {
        assert_eq!(pred(mode, no_left), None, "mode {mode}");
        assert!(pred(mode, no_top).is_some(), "mode {mode}");
    }
    for mode in [4, 5, 6] {
        for a in [no_top, no_left, no_corner] {
            assert_eq!(pred(mode, a), None, "mode {mode}");
            assert!(!mode_available4x4(mode, a));
        }
    }
    assert_eq!(pred(9, Avail::ALL), None);
    assert!(!mode_available4x4(9, Avail::ALL));
}

#[test]
fn block_at_the_picture_corner_without_neighbours() {
    // A plane exactly one block large: only DC (= 128) works, and nothing is
    // read outside the plane.
    let p = Plane::new(4, 4, POISON);
    assert_eq!(predict4x4(&p, 0, 0, 2, Avail::NONE), Some(flat(128)));
    for mode in (0..=8).filter(|&m| m != 2) {
        assert_eq!(predict4x4(&p, 0, 0, mode, Avail::NONE), None);
    }
}

#[test]
fn neighbours_claimed_outside_the_plane_are_a_refusal_not_a_panic() {
    let p = Plane::new(8, 8, 7);
    assert_eq!(
        predict4x4(
            &p,
            0,
            4,
            2,
            Avail {
                left: true,
                ..Avail::NONE
            }
        ),
        None
    );
    assert_eq!(
        predict4x4(
            &p,
            4,
            0,
            2,
            Avail {
                top: true,
                ..Avail::NONE
            }
        ),
        None
    );
    // Top-right beyond the right edge.
    assert_eq!(
        predict4x4(
            &p,
            4,
            4,
            3,
            Avail {
                top: true,
                top_right: true,
                ..Avail::NONE
            }
        ),
        None
    );
    // Block itself outside the plane.
    assert_eq!(predict4x4(&p, 6, 0, 2, Avail::NONE), None);
    // The same top-right flag is fine where it fits.
    let a = Avail {
        top: true,
        top_right: true,
        ..Avail::NONE
    };
    assert_eq!(predict4x4(&p, 0, 4, 3, a), Some(flat(7)));
}
