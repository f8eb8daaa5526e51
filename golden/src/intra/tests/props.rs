//! Properties over random planes, positions and availabilities.

use proptest::prelude::*;

use crate::intra::{
    mode_available16x16, mode_available4x4, mode_available8x8, mode_available_chroma, predict16x16,
    predict4x4, predict8x8, predict_chroma, sad, satd, satd4x4, Avail,
};
use crate::picture::Plane;

/// The four predictors behind one signature: (block size, top-right width,
/// predict as rows of Vec, mode_available, plane mode if any).
#[derive(Clone, Copy, Debug)]
enum Kind {
    L4,
    L8,
    L16,
    Chroma,
}

const KINDS: [Kind; 4] = [Kind::L4, Kind::L8, Kind::L16, Kind::Chroma];

impl Kind {
    fn n(self) -> usize {
        match self {
            Kind::L4 => 4,
            Kind::L8 | Kind::Chroma => 8,
            Kind::L16 => 16,
        }
    }

    /// Width of the top neighbour row that may be read (2N with top-right).
    fn top_len(self) -> usize {
        match self {
            Kind::L4 | Kind::L8 => 2 * self.n(),
            _ => self.n(),
        }
    }

    fn available(self, mode: u8, a: Avail) -> bool {
        match self {
            Kind::L4 => mode_available4x4(mode, a),
            Kind::L8 => mode_available8x8(mode, a),
            Kind::L16 => mode_available16x16(mode, a),
            Kind::Chroma => mode_available_chroma(mode, a),
        }
    }

    /// Whether `mode` is a plane mode (its output is not bounded by the inputs).
    fn is_plane(self, mode: u8) -> bool {
        matches!(self, Kind::L16 | Kind::Chroma) && mode == 3
    }

    fn predict(self, p: &Plane, x: usize, y: usize, mode: u8, a: Avail) -> Option<Vec<u8>> {
        fn flat<const N: usize>(b: [[u8; N]; N]) -> Vec<u8> {
            b.iter().flatten().copied().collect()
        }
        match self {
            Kind::L4 => predict4x4(p, x, y, mode, a).map(flat),
            Kind::L8 => predict8x8(p, x, y, mode, a).map(flat),
            Kind::L16 => predict16x16(p, x, y, mode, a).map(flat),
            Kind::Chroma => predict_chroma(p, x, y, mode, a).map(flat),
        }
    }

    /// Positions of the samples a prediction may read under `a`.
    fn readable(self, x: usize, y: usize, a: Avail) -> Vec<(usize, usize)> {
        let n = self.n();
        let mut v = Vec::new();
        if a.left {
            v.extend((0..n).map(|i| (x - 1, y + i)));
        }
        if a.top {
            let w = if a.top_right { self.top_len() } else { n };
            v.extend((0..w).map(|i| (x + i, y - 1)));
        }
        if a.top_left {
            v.push((x - 1, y - 1));
        }
        v
    }
}

const SIDE: usize = 48;

fn avail() -> impl Strategy<Value = Avail> {
    (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
        |(left, top, top_right, top_left)| Avail {
            left,
            top,
            top_right,
            top_left,
        },
    )
}

fn plane() -> impl Strategy<Value = Plane> {
    prop::collection::vec(any::<u8>(), SIDE * SIDE).prop_map(|data| Plane {
        width: SIDE,
        height: SIDE,
        data,
    })
}

/// A block position with every neighbour (incl. 2N of top row) inside the plane.
fn inner_pos(k: Kind, fx: usize, fy: usize) -> (usize, usize) {
    let n = k.n();
    (1 + fx % (SIDE - 2 * n), 1 + fy % (SIDE - n))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn some_exactly_when_mode_available(
        p in plane(), a in avail(), mode in 0u8..12, fx in 0usize..1000, fy in 0usize..1000,
    ) {
        for k in KINDS {
            let (x, y) = inner_pos(k, fx, fy);
            prop_assert_eq!(k.predict(&p, x, y, mode, a).is_some(), k.available(mode, a),
                "{:?} mode {} {:?}", k, mode, a);
        }
    }

    #[test]
    fn never_panics_anywhere(
        w in 1usize..40, h in 1usize..40, seed in any::<u8>(), a in avail(), mode in 0u8..12,
        x in 0usize..44, y in 0usize..44,
    ) {
        let data = (0..w * h).map(|i| (i as u8).wrapping_mul(31).wrapping_add(seed)).collect();
        let p = Plane { width: w, height: h, data };
        for k in KINDS {
            if k.predict(&p, x, y, mode, a).is_some() {
                prop_assert!(k.available(mode, a));
            }
        }
        // A plane whose data is shorter than its size is refused, not indexed.
        let short = Plane { width: w, height: h, data: vec![0; w * h - 1] };
        prop_assert!(predict4x4(&short, 0, 0, 2, Avail::NONE).is_none());
    }

    #[test]
    fn unavailable_samples_are_never_read(
        p in plane(), noise in plane(), a in avail(), mode in 0u8..9,
        fx in 0usize..1000, fy in 0usize..1000,
    ) {
        for k in KINDS {
            let (x, y) = inner_pos(k, fx, fy);
            let Some(want) = k.predict(&p, x, y, mode, a) else { continue };
            // Replace every sample outside the readable set by noise.
            let mut q = noise.clone();
            for (sx, sy) in k.readable(x, y, a) {
                q.set(sx, sy, p.at(sx, sy));
            }
            prop_assert_eq!(k.predict(&q, x, y, mode, a), Some(want), "{:?} {:?}", k, a);
        }
    }

    #[test]
    fn missing_top_right_is_the_last_top_sample_repeated(
        p in plane(), a in avail(), mode in 0u8..9, fx in 0usize..1000, fy in 0usize..1000,
    ) {
        let a = Avail { top: true, top_right: false, ..a };
        for k in [Kind::L4, Kind::L8] {
            let (x, y) = inner_pos(k, fx, fy);
            let n = k.n();
            let mut q = p.clone();
            for i in n..2 * n {
                q.set(x + i, y - 1, p.at(x + n - 1, y - 1));
            }
            let with_tr = Avail { top_right: true, ..a };
            prop_assert_eq!(k.predict(&p, x, y, mode, a), k.predict(&q, x, y, mode, with_tr));
        }
    }

    #[test]
    fn flat_neighbours_give_a_flat_prediction(
        v in any::<u8>(), a in avail(), mode in 0u8..9, fx in 0usize..1000, fy in 0usize..1000,
    ) {
        let p = Plane::new(SIDE, SIDE, v);
        for k in KINDS {
            let (x, y) = inner_pos(k, fx, fy);
            if let Some(b) = k.predict(&p, x, y, mode, a) {
                // Only DC without top and left falls back to 128.
                let want = if a.top || a.left { v } else { 128 };
                prop_assert!(b.iter().all(|&s| s == want), "{:?} mode {}", k, mode);
            }
        }
    }

    #[test]
    fn non_plane_predictions_stay_within_the_neighbours(
        p in plane(), a in avail(), mode in 0u8..9, fx in 0usize..1000, fy in 0usize..1000,
    ) {
        for k in KINDS {
            let (x, y) = inner_pos(k, fx, fy);
            let read = k.readable(x, y, a);
            let Some(b) = k.predict(&p, x, y, mode, a) else { continue };
            if k.is_plane(mode) || !(a.top || a.left) {
                continue;
            }
            let lo = read.iter().map(|&(sx, sy)| p.at(sx, sy)).min().unwrap();
            let hi = read.iter().map(|&(sx, sy)| p.at(sx, sy)).max().unwrap();
            prop_assert!(b.iter().all(|&s| lo <= s && s <= hi), "{:?} mode {}", k, mode);
        }
    }

    #[test]
    fn satd_is_zero_only_for_equal_blocks_and_bounded_by_sad(
        s in prop::array::uniform8(prop::array::uniform8(any::<u8>())),
        q in prop::array::uniform8(prop::array::uniform8(any::<u8>())),
    ) {
        let (st, sa) = (satd(&s, &q), sad(&s, &q));
        prop_assert_eq!(st, satd(&q, &s));
        prop_assert_eq!(st == 0, s == q);
        // H d H^T with H H^T = 4I: sum|D| >= |D|_2 = 4 |d|_2 >= |d|_1 and
        // sum|D| <= 4 |D|_2 = 16 |d|_2 <= 16 |d|_1, per 4x4, so SAD <= 2 SATD <= 16 SAD.
        prop_assert!(sa <= 2 * st && 2 * st <= 16 * sa);
        let q4: [[u8; 4]; 4] = std::array::from_fn(|r| std::array::from_fn(|c| q[r][c]));
        let s4: [[u8; 4]; 4] = std::array::from_fn(|r| std::array::from_fn(|c| s[r][c]));
        prop_assert!(satd4x4(&s4, &q4) <= st);
    }
}
