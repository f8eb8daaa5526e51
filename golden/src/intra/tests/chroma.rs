//! Intra chroma prediction for 4:2:0 (8.3.4) worked by hand.
//!
//! Neighbours: p[-1,-1] = 30, p[0..7,-1] = 10 11 13 16 100 103 107 112,
//! p[-1,0..7] = 50 53 57 62 200 201 203 206.
//! Sums: p[0..3,-1] = 50, p[4..7,-1] = 422, p[-1,0..3] = 222, p[-1,4..7] = 810.

use super::neighbourhood;
use crate::intra::{mode_available_chroma, predict_chroma, Avail};
use crate::picture::Plane;

const TOP: [u8; 8] = [10, 11, 13, 16, 100, 103, 107, 112];
const LEFT: [u8; 8] = [50, 53, 57, 62, 200, 201, 203, 206];

fn pred(mode: u8, avail: Avail) -> Option<[[u8; 8]; 8]> {
    predict_chroma(&neighbourhood(8, 30, &TOP, &LEFT), 8, 8, mode, avail)
}

/// An 8x8 block of four 4x4 DC values [(0,0), (4,0), (0,4), (4,4)].
fn quads(v: [u8; 4]) -> [[u8; 8]; 8] {
    std::array::from_fn(|y| std::array::from_fn(|x| v[(x / 4) + 2 * (y / 4)]))
}

#[test]
fn dc_with_both_sides() {
    // (0,0): (50 + 222 + 4)>>3 = 276>>3 = 34.
    // (4,0): top only by rule: (422 + 2)>>2 = 424>>2 = 106.
    // (0,4): left only by rule: (810 + 2)>>2 = 812>>2 = 203.
    // (4,4): (422 + 810 + 4)>>3 = 1236>>3 = 154.
    assert_eq!(pred(0, Avail::ALL), Some(quads([34, 106, 203, 154])));
}

#[test]
fn dc_with_top_only() {
    // (0,0) and (0,4) use p[0..3,-1]: (50 + 2)>>2 = 13;
    // (4,0) and (4,4) use p[4..7,-1]: (422 + 2)>>2 = 106.
    let a = Avail {
        top: true,
        ..Avail::NONE
    };
    assert_eq!(pred(0, a), Some(quads([13, 106, 13, 106])));
}

#[test]
fn dc_with_left_only() {
    // (0,0) and (4,0) use p[-1,0..3]: (222 + 2)>>2 = 56;
    // (0,4) and (4,4) use p[-1,4..7]: (810 + 2)>>2 = 203.
    let a = Avail {
        left: true,
        ..Avail::NONE
    };
    assert_eq!(pred(0, a), Some(quads([56, 56, 203, 203])));
}

#[test]
fn dc_with_nothing() {
    assert_eq!(pred(0, Avail::NONE), Some([[128; 8]; 8]));
    let p = Plane::new(8, 8, 9);
    assert_eq!(
        predict_chroma(&p, 0, 0, 0, Avail::NONE),
        Some([[128; 8]; 8])
    );
    for mode in 1..=4 {
        assert_eq!(predict_chroma(&p, 0, 0, mode, Avail::NONE), None);
    }
}

#[test]
fn horizontal_and_vertical() {
    // Mode 1 is Horizontal and mode 2 Vertical (the reverse of luma's order).
    assert_eq!(
        pred(1, Avail::ALL),
        Some(std::array::from_fn(|y| [LEFT[y]; 8]))
    );
    assert_eq!(pred(2, Avail::ALL), Some([TOP; 8]));
    assert_eq!(
        pred(
            1,
            Avail {
                left: false,
                ..Avail::ALL
            }
        ),
        None
    );
    assert_eq!(
        pred(
            2,
            Avail {
                top: false,
                ..Avail::ALL
            }
        ),
        None
    );
    assert!(mode_available_chroma(
        2,
        Avail {
            top: true,
            ..Avail::NONE
        }
    ));
}

/// Checks a plane prediction against Clip1C((a + b(x-3) + c(y-3) + 16) >> 5).
fn assert_plane(got: &[[u8; 8]; 8], a: i32, b: i32, c: i32) {
    for (y, row) in got.iter().enumerate() {
        for (x, &v) in row.iter().enumerate() {
            let raw = (a + b * (x as i32 - 3) + c * (y as i32 - 3) + 16) >> 5;
            assert_eq!(v as i32, raw.clamp(0, 255), "({x},{y})");
        }
    }
}

#[test]
fn plane_clips_at_255() {
    // H = 1(100-13) + 2(103-11) + 3(107-10) + 4(112-30) = 87 + 184 + 291 + 328 = 890.
    // V = 1(200-57) + 2(201-53) + 3(203-50) + 4(206-30) = 143 + 296 + 459 + 704 = 1602.
    // a = 16 * (206 + 112) = 5088, b = (34 * 890 + 32)>>6 = 30292>>6 = 473,
    // c = (34 * 1602 + 32)>>6 = 54500>>6 = 851.
    let got = pred(3, Avail::ALL).unwrap();
    // (0,0): (5088 - 1419 - 2553 + 16)>>5 = 1132>>5 = 35. (3,3): 5104>>5 = 159.
    // (4,3): 5577>>5 = 174. (3,4): 5955>>5 = 186.
    // (7,7): (5104 + 1892 + 3404)>>5 = 10400>>5 = 325 -> 255.
    assert_eq!(
        [got[0][0], got[3][3], got[3][4], got[4][3], got[7][7]],
        [35, 159, 174, 186, 255]
    );
    assert_plane(&got, 5088, 473, 851);
}

#[test]
fn plane_floors_negative_gradients_and_clips_at_0() {
    // Every sample v of the example above replaced by 255 - v: H = -890, V = -1602,
    // a = 16 * (49 + 143) = 3072, b = (-30260 + 32)>>6 = -30228>>6 = -473 (floor of
    // -472.3), c = (-54468 + 32)>>6 = -54436>>6 = -851 (floor of -850.6).
    let top = TOP.map(|v| 255 - v);
    let left = LEFT.map(|v| 255 - v);
    let p = neighbourhood(8, 225, &top, &left);
    let got = predict_chroma(&p, 8, 8, 3, Avail::ALL).unwrap();
    // (0,0): (3072 + 1419 + 2553 + 16)>>5 = 7060>>5 = 220. (3,3): 3088>>5 = 96.
    // (7,7): (3088 - 1892 - 3404)>>5 = -2208>>5 = -69 -> 0.
    assert_eq!([got[0][0], got[3][3], got[7][7]], [220, 96, 0]);
    assert_plane(&got, 3072, -473, -851);
    for a in [
        Avail {
            top_left: false,
            ..Avail::ALL
        },
        Avail {
            top: false,
            ..Avail::ALL
        },
    ] {
        assert_eq!(predict_chroma(&p, 8, 8, 3, a), None);
    }
}
