//! Intra_8x8 (8.3.2.2) worked by hand: the reference sample filter, then the
//! nine modes on the filtered samples.
//!
//! Raw neighbours: p[-1,-1] = 40,
//! p[0..15,-1] = 10 30 20 50 40 70 60 90 80 110 100 130 120 150 140 200,
//! p[-1,0..7]  = 25 5 45 15 65 35 85 55.
//!
//! Filtered with every neighbour available (8.3.2.2.1):
//! p'[0,-1]  = (p[-1,-1] + 2p[0,-1] + p[1,-1] + 2)>>2 = (40+20+30+2)>>2 = 92>>2 = 23
//! p'[x,-1]  = (p[x-1,-1] + 2p[x,-1] + p[x+1,-1] + 2)>>2, x = 1..14:
//!   (10+60+20+2)>>2 = 92>>2 = 23, (30+40+50+2)>>2 = 122>>2 = 30,
//!   (20+100+40+2)>>2 = 162>>2 = 40, (50+80+70+2)>>2 = 202>>2 = 50,
//!   (40+140+60+2)>>2 = 242>>2 = 60, (70+120+90+2)>>2 = 282>>2 = 70,
//!   (60+180+80+2)>>2 = 322>>2 = 80, (90+160+110+2)>>2 = 362>>2 = 90,
//!   (80+220+100+2)>>2 = 402>>2 = 100, (110+200+130+2)>>2 = 442>>2 = 110,
//!   (100+260+120+2)>>2 = 482>>2 = 120, (130+240+150+2)>>2 = 522>>2 = 130,
//!   (120+300+140+2)>>2 = 562>>2 = 140, (150+280+200+2)>>2 = 632>>2 = 158
//! p'[15,-1] = (p[14,-1] + 3p[15,-1] + 2)>>2 = (140+600+2)>>2 = 742>>2 = 185
//! p'[-1,-1] = (p[0,-1] + 2p[-1,-1] + p[-1,0] + 2)>>2 = (10+80+25+2)>>2 = 117>>2 = 29
//! p'[-1,0]  = (p[-1,-1] + 2p[-1,0] + p[-1,1] + 2)>>2 = (40+50+5+2)>>2 = 97>>2 = 24
//! p'[-1,1..6] = (25+10+45+2)>>2 = 20, (5+90+15+2)>>2 = 28, (45+30+65+2)>>2 = 35,
//!   (15+130+35+2)>>2 = 45, (65+70+85+2)>>2 = 55, (35+170+55+2)>>2 = 65
//! p'[-1,7]  = (p[-1,6] + 3p[-1,7] + 2)>>2 = (85+165+2)>>2 = 252>>2 = 63
//!
//! The mode grids below are the 8.3.2.2.x formulas on these p' values; the
//! comments work one sample of every branch of each formula.

use super::{flat, neighbourhood};
use crate::intra::neighbours::gather;
use crate::intra::pred8x8::filter_reference;
use crate::intra::{predict8x8, Avail};

const CORNER: u8 = 40;
const TOP: [u8; 16] = [
    10, 30, 20, 50, 40, 70, 60, 90, 80, 110, 100, 130, 120, 150, 140, 200,
];
const LEFT: [u8; 8] = [25, 5, 45, 15, 65, 35, 85, 55];
const F_TOP: [u8; 16] = [
    23, 23, 30, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 140, 158, 185,
];
const F_LEFT: [u8; 8] = [24, 20, 28, 35, 45, 55, 65, 63];

fn pred(mode: u8, avail: Avail) -> Option<[[u8; 8]; 8]> {
    predict8x8(&neighbourhood(8, CORNER, &TOP, &LEFT), 8, 8, mode, avail)
}

/// p' as (corner, top, left) for the given availability.
fn filtered(avail: Avail) -> (u8, [u8; 16], [u8; 8]) {
    let e = gather(&neighbourhood(8, CORNER, &TOP, &LEFT), 8, 8, 8, 16, avail).unwrap();
    let f = filter_reference(&e);
    assert_eq!(f.top[0], f.left[0], "both copies of p'[-1,-1] agree");
    (
        f.top[0],
        f.top[1..17].try_into().unwrap(),
        f.left[1..9].try_into().unwrap(),
    )
}

#[test]
fn filter_with_every_neighbour() {
    assert_eq!(filtered(Avail::ALL), (29, F_TOP, F_LEFT));
}

#[test]
fn filter_without_top_left() {
    // p'[0,-1] = (3p[0,-1] + p[1,-1] + 2)>>2 = (30+30+2)>>2 = 62>>2 = 15;
    // p'[-1,0] = (3p[-1,0] + p[-1,1] + 2)>>2 = (75+5+2)>>2 = 82>>2 = 20.
    let (_, top, left) = filtered(Avail {
        top_left: false,
        ..Avail::ALL
    });
    assert_eq!(top[0], 15);
    assert_eq!(top[1..], F_TOP[1..]);
    assert_eq!(left[0], 20);
    assert_eq!(left[1..], F_LEFT[1..]);
}

#[test]
fn filter_without_top_right() {
    // p[8..15,-1] become p[7,-1] = 90:
    // p'[7,-1] = (60 + 180 + 90 + 2)>>2 = 332>>2 = 83, p'[8..14,-1] = 90,
    // p'[15,-1] = (90 + 270 + 2)>>2 = 362>>2 = 90.
    let (c, top, left) = filtered(Avail {
        top_right: false,
        ..Avail::ALL
    });
    assert_eq!(c, 29);
    assert_eq!(
        top,
        [23, 23, 30, 40, 50, 60, 70, 83, 90, 90, 90, 90, 90, 90, 90, 90]
    );
    assert_eq!(left, F_LEFT);
}

#[test]
fn filter_corner_cases() {
    // Top but no left: (3p[-1,-1] + p[0,-1] + 2)>>2 = (120+10+2)>>2 = 132>>2 = 33.
    let top_only = Avail {
        left: false,
        ..Avail::ALL
    };
    assert_eq!(filtered(top_only).0, 33);
    // Left but no top: (3p[-1,-1] + p[-1,0] + 2)>>2 = (120+25+2)>>2 = 147>>2 = 36.
    let left_only = Avail {
        top: false,
        top_right: false,
        ..Avail::ALL
    };
    assert_eq!(filtered(left_only).0, 36);
    assert_eq!(filtered(left_only).2, F_LEFT);
    // Neither: p'[-1,-1] = p[-1,-1].
    let corner_only = Avail {
        top_left: true,
        ..Avail::NONE
    };
    assert_eq!(filtered(corner_only).0, 40);
}

#[test]
fn vertical_and_horizontal_show_the_filtered_edges() {
    let f_top8: [u8; 8] = F_TOP[..8].try_into().unwrap();
    assert_eq!(pred(0, Avail::ALL), Some([f_top8; 8]));
    let want_h: [[u8; 8]; 8] = std::array::from_fn(|y| [F_LEFT[y]; 8]);
    assert_eq!(pred(1, Avail::ALL), Some(want_h));
    // Without the corner the ends use [3 1]: p'[0,-1] = 15, p'[-1,0] = 20.
    let no_tl = Avail {
        top_left: false,
        ..Avail::ALL
    };
    assert_eq!(pred(0, no_tl).unwrap()[5], [15, 23, 30, 40, 50, 60, 70, 80]);
    assert_eq!(pred(1, no_tl).unwrap()[0], [20; 8]);
    // Without the top-right p'[7,-1] = 83.
    let no_tr = Avail {
        top_right: false,
        ..Avail::ALL
    };
    assert_eq!(pred(0, no_tr).unwrap()[0], [23, 23, 30, 40, 50, 60, 70, 83]);
}

#[test]
fn dc_cases() {
    // sum p'[0..7,-1] = 23+23+30+40+50+60+70+80 = 376,
    // sum p'[-1,0..7] = 24+20+28+35+45+55+65+63 = 335.
    // Both: (376 + 335 + 8)>>4 = 719>>4 = 44.
    assert_eq!(pred(2, Avail::ALL), Some(flat(44)));
    // Top only (p'[0,-1] = 15 without the corner): (376 - 23 + 15 + 4)>>3 = 372>>3 = 46.
    let top_only = Avail {
        top: true,
        top_right: true,
        ..Avail::NONE
    };
    assert_eq!(pred(2, top_only), Some(flat(46)));
    // Top and corner: (376 + 4)>>3 = 380>>3 = 47.
    let top_tl = Avail {
        left: false,
        ..Avail::ALL
    };
    assert_eq!(pred(2, top_tl), Some(flat(47)));
    // Left and corner: (335 + 4)>>3 = 339>>3 = 42; left alone (p'[-1,0] = 20):
    // (335 - 24 + 20 + 4)>>3 = 335>>3 = 41.
    let left_tl = Avail {
        top: false,
        top_right: false,
        ..Avail::ALL
    };
    assert_eq!(pred(2, left_tl), Some(flat(42)));
    assert_eq!(
        pred(
            2,
            Avail {
                left: true,
                ..Avail::NONE
            }
        ),
        Some(flat(41))
    );
    assert_eq!(pred(2, Avail::NONE), Some(flat(128)));
}

#[test]
fn diagonal_down_left() {
    // d[k] = (p'[k] + 2p'[k+1] + p'[k+2] + 2)>>2 (top row), pred[x,y] = d[x+y]:
    // d0 = (23+46+30+2)>>2 = 101>>2 = 25, d1 = (23+60+40+2)>>2 = 125>>2 = 31,
    // d2 = (30+80+50+2)>>2 = 162>>2 = 40, d3..d11 = 50..130,
    // d12 = (130+280+158+2)>>2 = 570>>2 = 142, d13 = (140+316+185+2)>>2 = 643>>2 = 160,
    // pred[7,7] = (p'[14] + 3p'[15] + 2)>>2 = (158+555+2)>>2 = 715>>2 = 178.
    let d = [25, 31, 40, 50, 60, 70, 80, 90, 100, 110, 120, 130, 142, 160];
    let got = pred(3, Avail::ALL).unwrap();
    for (y, row) in got.iter().enumerate() {
        for (x, &v) in row.iter().enumerate() {
            let want = if x + y == 14 { 178 } else { d[x + y] };
            assert_eq!(v, want, "({x},{y})");
        }
    }
    // Without the top-right (p' = 23 23 30 40 50 60 70 83 90 .. 90):
    // d5 = (60+140+83+2)>>2 = 285>>2 = 71, d6 = (70+166+90+2)>>2 = 328>>2 = 82,
    // d7 = (83+180+90+2)>>2 = 355>>2 = 88, d8 = (90+180+90+2)>>2 = 90,
    // pred[7,7] = (90+270+2)>>2 = 90.
    let got = pred(
        3,
        Avail {
            top_right: false,
            ..Avail::ALL
        },
    )
    .unwrap();
    assert_eq!(got[0], [25, 31, 40, 50, 60, 71, 82, 88]);
    assert_eq!(got[7], [88, 90, 90, 90, 90, 90, 90, 90]);
}

#[test]
fn diagonal_down_right() {
    // Diagonal: (p'[0,-1] + 2p'[-1,-1] + p'[-1,0] + 2)>>2 = (23+58+24+2)>>2 = 107>>2 = 26.
    // x-y = 1: (p'[-1,-1] + 2p'[0,-1] + p'[1,-1] + 2)>>2 = (29+46+23+2)>>2 = 100>>2 = 25,
    //   2: (23+46+30+2)>>2 = 25, 3: 31, .., 7: (60+140+80+2)>>2 = 282>>2 = 70.
    // y-x = 1: (29+48+20+2)>>2 = 99>>2 = 24, 2: (24+40+28+2)>>2 = 94>>2 = 23,
    //   3: (20+56+35+2)>>2 = 113>>2 = 28, 4: 36, 5: 45, 6: 55,
    //   7: (p'[-1,5] + 2p'[-1,6] + p'[-1,7] + 2)>>2 = (55+130+63+2)>>2 = 250>>2 = 62.
    let above = [26, 25, 25, 31, 40, 50, 60, 70];
    let below = [26, 24, 23, 28, 36, 45, 55, 62];
    let got = pred(4, Avail::ALL).unwrap();
    for (y, row) in got.iter().enumerate() {
        for (x, &v) in row.iter().enumerate() {
            let want = if x >= y { above[x - y] } else { below[y - x] };
            assert_eq!(v, want, "({x},{y})");
        }
    }
}

#[test]
fn vertical_right() {
    // Even zVR: (p'[x-(y>>1)-1,-1] + p'[x-(y>>1),-1] + 1)>>1, row 0:
    //   (29+23+1)>>1 = 26, (23+23+1)>>1 = 23, (23+30+1)>>1 = 27, (30+40+1)>>1 = 35, ..
    // Odd zVR: [1 2 1] ending at p'[x-(y>>1),-1]: row 1 = DDR's x-y = 1..7 values.
    // zVR = -1: (p'[-1,0] + 2p'[-1,-1] + p'[0,-1] + 2)>>2 = 26.
    // zVR < -1: (p'[-1,y-2x-1] + 2p'[-1,y-2x-2] + p'[-1,y-2x-3] + 2)>>2:
    //   (0,2): (20+48+29+2)>>2 = 99>>2 = 24; (1,5): (28+40+24+2)>>2 = 94>>2 = 23;
    //   (1,7): (45+70+28+2)>>2 = 145>>2 = 36; (0,7): (65+110+45+2)>>2 = 222>>2 = 55.
    let want = [
        [26, 23, 27, 35, 45, 55, 65, 75],
        [26, 25, 25, 31, 40, 50, 60, 70],
        [24, 26, 23, 27, 35, 45, 55, 65],
        [23, 26, 25, 25, 31, 40, 50, 60],
        [28, 24, 26, 23, 27, 35, 45, 55],
        [36, 23, 26, 25, 25, 31, 40, 50],
        [45, 28, 24, 26, 23, 27, 35, 45],
        [55, 36, 23, 26, 25, 25, 31, 40],
    ];
    assert_eq!(pred(5, Avail::ALL), Some(want));
}

#[test]
fn horizontal_down() {
    // Even zHD: (p'[-1,y-(x>>1)-1] + p'[-1,y-(x>>1)] + 1)>>1:
    //   (0,0): (29+24+1)>>1 = 27; (0,1): (24+20+1)>>1 = 22; (0,7): (65+63+1)>>1 = 64.
    // Odd zHD: (1,1): (29+48+20+2)>>2 = 99>>2 = 24; (1,7): (55+130+63+2)>>2 = 62.
    // zHD = -1: 26. zHD < -1: (p'[x-2y-1,-1] + 2p'[x-2y-2,-1] + p'[x-2y-3,-1] + 2)>>2:
    //   (2,0): (23+46+29+2)>>2 = 25; (4,0): (40+60+23+2)>>2 = 125>>2 = 31;
    //   (7,0): (70+120+50+2)>>2 = 242>>2 = 60; (4,1): (23+46+29+2)>>2 = 25.
    let want = [
        [27, 26, 25, 25, 31, 40, 50, 60],
        [22, 24, 27, 26, 25, 25, 31, 40],
        [24, 23, 22, 24, 27, 26, 25, 25],
        [32, 28, 24, 23, 22, 24, 27, 26],
        [40, 36, 32, 28, 24, 23, 22, 24],
        [50, 45, 40, 36, 32, 28, 24, 23],
        [60, 55, 50, 45, 40, 36, 32, 28],
        [64, 62, 60, 55, 50, 45, 40, 36],
    ];
    assert_eq!(pred(6, Avail::ALL), Some(want));
}

#[test]
fn vertical_left() {
    // Even y: (p'[x+(y>>1),-1] + p'[x+(y>>1)+1,-1] + 1)>>1: row 0 = (23+23+1)>>1 = 23,
    //   (23+30+1)>>1 = 27, (30+40+1)>>1 = 35, .., (80+90+1)>>1 = 85; row 6 from
    //   (40+50+1)>>1 = 45 to (110+120+1)>>1 = 115.
    // Odd y: [1 2 1] from p'[x+(y>>1),-1]: row 1 = d0..d7 of DDL = 25 31 40 .. 100.
    let want = [
        [23, 27, 35, 45, 55, 65, 75, 85],
        [25, 31, 40, 50, 60, 70, 80, 90],
        [27, 35, 45, 55, 65, 75, 85, 95],
        [31, 40, 50, 60, 70, 80, 90, 100],
        [35, 45, 55, 65, 75, 85, 95, 105],
        [40, 50, 60, 70, 80, 90, 100, 110],
        [45, 55, 65, 75, 85, 95, 105, 115],
        [50, 60, 70, 80, 90, 100, 110, 120],
    ];
    assert_eq!(pred(7, Avail::ALL), Some(want));
}

#[test]
fn horizontal_up() {
    // zHU = x + 2y. Even < 13: (p'[-1,y+(x>>1)] + p'[-1,y+(x>>1)+1] + 1)>>1:
    //   (24+20+1)>>1 = 22, (20+28+1)>>1 = 24, (28+35+1)>>1 = 32, .., (65+63+1)>>1 = 64.
    // Odd < 13: (24+40+28+2)>>2 = 94>>2 = 23, (20+56+35+2)>>2 = 113>>2 = 28, ..,
    //   (45+110+65+2)>>2 = 222>>2 = 55, (55+130+63+2)>>2 = 62.
    // 13: (p'[-1,6] + 3p'[-1,7] + 2)>>2 = (65+189+2)>>2 = 256>>2 = 64. Above: p'[-1,7] = 63.
    let want = [
        [22, 23, 24, 28, 32, 36, 40, 45],
        [24, 28, 32, 36, 40, 45, 50, 55],
        [32, 36, 40, 45, 50, 55, 60, 62],
        [40, 45, 50, 55, 60, 62, 64, 64],
        [50, 55, 60, 62, 64, 64, 63, 63],
        [60, 62, 64, 64, 63, 63, 63, 63],
        [64, 64, 63, 63, 63, 63, 63, 63],
        [63; 8],
    ];
    assert_eq!(pred(8, Avail::ALL), Some(want));
}

#[test]
fn modes_needing_missing_neighbours_are_refused() {
    let no_corner = Avail {
        top_left: false,
        ..Avail::ALL
    };
    for mode in [4, 5, 6] {
        assert_eq!(pred(mode, no_corner), None);
    }
    assert_eq!(
        pred(
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
            8,
            Avail {
                left: false,
                ..Avail::ALL
            }
        ),
        None
    );
    assert_eq!(pred(9, Avail::ALL), None);
}
