//! Intra_16x16 (8.3.3) worked by hand.

use super::{flat, neighbourhood, POISON};
use crate::intra::{mode_available16x16, predict16x16, Avail};
use crate::picture::Plane;

/// p[x,-1] = 10x + 5, p[-1,y] = 3y + 100, p[-1,-1] = 7.
fn ramps() -> Plane {
    let top: Vec<u8> = (0..16).map(|x| 10 * x + 5).collect();
    let left: Vec<u8> = (0..16).map(|y| 3 * y + 100).collect();
    neighbourhood(16, 7, &top, &left)
}

fn pred(p: &Plane, mode: u8, avail: Avail) -> Option<[[u8; 16]; 16]> {
    predict16x16(p, 16, 16, mode, avail)
}

#[test]
fn vertical_horizontal() {
    let v = pred(&ramps(), 0, Avail::ALL).unwrap();
    assert!(v.iter().all(|row| row
        .iter()
        .enumerate()
        .all(|(x, &s)| s as usize == 10 * x + 5)));
    let h = pred(&ramps(), 1, Avail::ALL).unwrap();
    assert!(h
        .iter()
        .enumerate()
        .all(|(y, row)| row.iter().all(|&s| s as usize == 3 * y + 100)));
}

#[test]
fn dc_cases() {
    // Top sum = 10 * (0+..+15) + 16*5 = 1200 + 80 = 1280; left = 3*120 + 1600 = 1960.
    // Both: (1280 + 1960 + 16)>>5 = 3256>>5 = 101. Top: (1280 + 8)>>4 = 1288>>4 = 80.
    // Left: (1960 + 8)>>4 = 1968>>4 = 123. None: 128.
    let p = ramps();
    assert_eq!(pred(&p, 2, Avail::ALL), Some(flat(101)));
    assert_eq!(
        pred(
            &p,
            2,
            Avail {
                top: true,
                ..Avail::NONE
            }
        ),
        Some(flat(80))
    );
    assert_eq!(
        pred(
            &p,
            2,
            Avail {
                left: true,
                ..Avail::NONE
            }
        ),
        Some(flat(123))
    );
    assert_eq!(pred(&p, 2, Avail::NONE), Some(flat(128)));
}

/// Checks a plane prediction against Clip1((a + b(x-7) + c(y-7) + 16) >> 5).
fn assert_plane(got: &[[u8; 16]; 16], a: i32, b: i32, c: i32) {
    for (y, row) in got.iter().enumerate() {
        for (x, &v) in row.iter().enumerate() {
            let raw = (a + b * (x as i32 - 7) + c * (y as i32 - 7) + 16) >> 5;
            assert_eq!(v as i32, raw.clamp(0, 255), "({x},{y})");
        }
    }
}

#[test]
fn plane_with_negative_gradients_floors_and_clips_at_zero() {
    // p[-1,-1] = 209, p[x,-1] = 200 - 9x (200..65), p[-1,y] = 20 + 2y (20..50).
    // H: p[8+i,-1] - p[6-i,-1] = -18(i+1) for i = 0..7 (p[-1,-1] = 209 continues the
    //   ramp), H = -18 * (1+4+9+..+64) = -18 * 204 = -3672.
    // V: i = 0..6: p[-1,8+i] - p[-1,6-i] = 4(i+1), 4 * 140 = 560; i = 7: 8 * (50 - 209)
    //   = -1272; V = -712.
    // a = 16 * (p[-1,15] + p[15,-1]) = 16 * (50 + 65) = 1840.
    // b = (5 * -3672 + 32)>>6 = -18328>>6 = -287 (floor of -286.375, not -286).
    // c = (5 * -712 + 32)>>6 = -3528>>6 = -56 (floor of -55.125).
    let top: Vec<u8> = (0..16).map(|x| 200 - 9 * x).collect();
    let left: Vec<u8> = (0..16).map(|y| 20 + 2 * y).collect();
    let got = pred(&neighbourhood(16, 209, &top, &left), 3, Avail::ALL).unwrap();
    // (0,0): (1840 + 2009 + 392 + 16)>>5 = 4257>>5 = 133.
    // (7,7): 1856>>5 = 58. (8,7): (1856 - 287)>>5 = 1569>>5 = 49. (9,7): 1282>>5 = 40.
    // (0,15): (1840 + 2009 - 448 + 16)>>5 = 3417>>5 = 106.
    // (15,0): (1840 - 2296 + 392 + 16)>>5 = -48>>5 = -2 -> 0.
    // (15,15): (1840 - 2296 - 448 + 16)>>5 = -888>>5 = -28 -> 0.
    assert_eq!(
        [got[0][0], got[7][7], got[7][8], got[7][9]],
        [133, 58, 49, 40]
    );
    assert_eq!([got[15][0], got[0][15], got[15][15]], [106, 0, 0]);
    assert_plane(&got, 1840, -287, -56);
}

#[test]
fn plane_clips_at_both_ends() {
    // p[-1,-1] = 0, p[0..7,-1] = p[-1,0..7] = 0, p[8..15,-1] = p[-1,8..15] = 255.
    // H = V = 255 * (1+..+8) = 9180, b = c = (5 * 9180 + 32)>>6 = 45932>>6 = 717,
    // a = 16 * (255 + 255) = 8160.
    let edge: Vec<u8> = (0..16).map(|i| if i < 8 { 0 } else { 255 }).collect();
    let got = pred(&neighbourhood(16, 0, &edge, &edge), 3, Avail::ALL).unwrap();
    // (0,0): (8160 - 5019 - 5019 + 16)>>5 = -1862>>5 = -59 -> 0.
    // (15,15): (8160 + 5736 + 5736 + 16)>>5 = 19648>>5 = 614 -> 255.
    // (7,7): 8176>>5 = 255. (6,7): (8176 - 717)>>5 = 7459>>5 = 233.
    // (0,7): (8176 - 5019)>>5 = 3157>>5 = 98.
    assert_eq!(
        [got[0][0], got[15][15], got[7][7], got[7][6], got[7][0]],
        [0, 255, 255, 233, 98]
    );
    assert_plane(&got, 8160, 717, 717);
}

#[test]
fn availability() {
    let p = ramps();
    for a in [
        Avail {
            top: false,
            ..Avail::ALL
        },
        Avail {
            left: false,
            ..Avail::ALL
        },
        Avail {
            top_left: false,
            ..Avail::ALL
        },
    ] {
        assert_eq!(pred(&p, 3, a), None);
        assert!(!mode_available16x16(3, a));
    }
    // The top-right flag does not matter to 16x16, even where it would not fit.
    let p16 = Plane::new(16, 32, POISON);
    let a = Avail {
        top: true,
        top_right: true,
        ..Avail::NONE
    };
    assert_eq!(predict16x16(&p16, 0, 16, 0, a), Some(flat(POISON)));
    assert_eq!(
        pred(
            &p,
            0,
            Avail {
                top: false,
                ..Avail::ALL
            }
        ),
        None
    );
    assert_eq!(
        pred(
            &p,
            1,
            Avail {
                left: false,
                ..Avail::ALL
            }
        ),
        None
    );
    assert_eq!(pred(&p, 4, Avail::ALL), None);
    let corner = Plane::new(16, 16, 3);
    assert_eq!(predict16x16(&corner, 0, 0, 2, Avail::NONE), Some(flat(128)));
    assert_eq!(predict16x16(&corner, 0, 0, 0, Avail::NONE), None);
}
