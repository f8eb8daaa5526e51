//! Context variables and their initialization for I slices (clause 9.3.1.1).
//!
//! The (m, n) pairs are those of Tables 9-12 to 9-24 in the column used when
//! slice_type is I (cabac_init_idc plays no part for I slices). Each segment
//! below is one run of ctxIdx; the index of the first pair is in its name and
//! a comment marks every syntax-element boundary inside it. ctxIdx 11..=59
//! (P/B-only elements) and 276 (the terminate bin) have no I-slice values.

use super::tables::{TRANS_IDX_LPS, TRANS_IDX_MPS};

/// Number of context variables kept: ctxIdx 0..=459 (all that 4:0:0 / 4:2:0
/// frame or field coding can reach; 460.. are 4:4:4 only).
pub const NUM_CTX: usize = 460;

/// ctxIdx of the terminate bin (end_of_slice_flag, bin 1 of I-slice mb_type).
pub const CTX_TERMINATE: usize = 276;

/// One context variable: probability state index and value of the MPS.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Context {
    /// pStateIdx, 0..=63 (63 only for the terminate context).
    pub state: u8,
    /// valMPS, 0 or 1.
    pub mps: u8,
}

impl Context {
    /// The state transition after a context-coded bin (clause 9.3.3.2.1.1):
    /// `lps` says whether the bin was the LPS. Table lookups and a bit
    /// flip, no branch: whether a bin is the LPS is data the branch
    /// predictor cannot guess (the engines' hot path).
    #[inline(always)]
    pub fn after(self, lps: bool) -> Context {
        let s = usize::from(self.state & 63);
        Context {
            state: TRANS_IDX[usize::from(lps)][s],
            mps: self.mps ^ u8::from(lps & (s == 0)),
        }
    }
}

/// transIdxMPS and transIdxLPS (Table 9-45), indexed by "the bin was the
/// LPS".
const TRANS_IDX: [[u8; 64]; 2] = [TRANS_IDX_MPS, TRANS_IDX_LPS];

/// ctxIdx 0..=10, Table 9-12 (mb_type of SI slices 0..=2, of I slices 3..=10).
#[rustfmt::skip]
const MN_0: [(i8, i8); 11] = [
    (20, -15), (2, 54), (3, 74), // 0..=2: mb_type SI prefix
    (20, -15), (2, 54), (3, 74), (-28, 127), (-23, 104), (-6, 53), (-1, 54), (7, 51), // 3..=10
];

/// ctxIdx 60..=69, Table 9-17.
#[rustfmt::skip]
const MN_60: [(i8, i8); 10] = [
    (0, 41), (0, 63), (0, 63), (0, 63), // 60..=63: mb_qp_delta
    (-9, 83), (4, 86), (0, 97), (-7, 72), // 64..=67: intra_chroma_pred_mode
    (13, 41), // 68: prev_intra4x4/8x8_pred_mode_flag
    (3, 62),  // 69: rem_intra4x4/8x8_pred_mode
];

/// ctxIdx 70..=104, Table 9-18.
#[rustfmt::skip]
const MN_70: [(i8, i8); 35] = [
    (0, 11), (1, 55), (0, 69), // 70..=72: mb_field_decoding_flag
    (-17, 127), (-13, 102), (0, 82), (-7, 74), // 73..=76: coded_block_pattern luma
    (-21, 107), (-27, 127), (-31, 127), (-24, 127), // 77..=80: cbp chroma bin 0
    (-18, 95), (-27, 127), (-21, 114), (-30, 127), // 81..=84: cbp chroma bin 1
    (-17, 123), (-12, 115), (-16, 122), (-11, 115), // 85..=88: coded_block_flag cat 0
    (-12, 63), (-2, 68), (-15, 84), (-13, 104), // 89..=92: cat 1
    (-3, 70), (-8, 93), (-10, 90), (-30, 127), // 93..=96: cat 2
    (-1, 74), (-6, 97), (-7, 91), (-20, 127), // 97..=100: cat 3
    (-4, 56), (-5, 82), (-7, 76), (-22, 125), // 101..=104: cat 4
];

/// ctxIdx 105..=165, Table 9-19: significant_coeff_flag, frame coded, cat 0..=4.
#[rustfmt::skip]
const MN_105: [(i8, i8); 61] = [
    // 105..=119: cat 0
    (-7, 93), (-11, 87), (-3, 77), (-5, 71), (-4, 63), (-4, 68), (-12, 84), (-7, 62),
    (-7, 65), (8, 61), (5, 56), (-2, 66), (1, 64), (0, 61), (-2, 78),
    // 120..=133: cat 1
    (1, 50), (7, 52), (10, 35), (0, 44), (11, 38), (1, 45), (0, 46), (5, 44),
    (31, 17), (1, 51), (7, 50), (28, 19), (16, 33), (14, 62),
    // 134..=148: cat 2
    (-13, 108), (-15, 100), (-13, 101), (-13, 91), (-12, 94), (-10, 88), (-16, 84), (-10, 86),
    (-7, 83), (-13, 87), (-19, 94), (1, 70), (0, 72), (-5, 74), (18, 59),
    // 149..=151: cat 3
    (-8, 102), (-15, 100), (0, 95),
    // 152..=165: cat 4
    (-4, 75), (2, 72), (-11, 75), (-3, 71), (15, 46), (-13, 69), (0, 62), (0, 65),
    (21, 37), (-15, 72), (9, 57), (16, 54), (0, 62), (12, 72),
];

/// ctxIdx 166..=226, Table 9-20: last_significant_coeff_flag, frame coded.
#[rustfmt::skip]
const MN_166: [(i8, i8); 61] = [
    // 166..=180: cat 0
    (24, 0), (15, 9), (8, 25), (13, 18), (15, 9), (13, 19), (10, 37), (12, 18),
    (6, 29), (20, 33), (15, 30), (4, 45), (1, 58), (0, 62), (7, 61),
    // 181..=194: cat 1
    (12, 38), (11, 45), (15, 39), (11, 42), (13, 44), (16, 45), (12, 41), (10, 49),
    (30, 34), (18, 42), (10, 55), (17, 51), (17, 46), (0, 89),
    // 195..=209: cat 2
    (26, -19), (22, -17), (26, -17), (30, -25), (28, -20), (33, -23), (37, -27), (33, -23),
    (40, -28), (38, -17), (33, -11), (40, -15), (41, -6), (38, 1), (41, 17),
    // 210..=212: cat 3
    (30, -6), (27, 3), (26, 22),
    // 213..=226: cat 4
    (37, -16), (35, -4), (38, -8), (38, -3), (37, 3), (38, 5), (42, 0), (35, 16),
    (39, 22), (14, 48), (27, 37), (21, 60), (12, 68), (2, 97),
];

/// ctxIdx 227..=275, Table 9-21: coeff_abs_level_minus1, cat 0..=4
/// (ctxIdxInc 0..=4 for bin 0, 5..=9 for the other prefix bins; cat 3 has 5..=8).
#[rustfmt::skip]
const MN_227: [(i8, i8); 49] = [
    // 227..=236: cat 0
    (-3, 71), (-6, 42), (-5, 50), (-3, 54), (-2, 62),
    (0, 58), (1, 63), (-2, 72), (-1, 74), (-9, 91),
    // 237..=246: cat 1
    (-5, 67), (-5, 27), (-3, 39), (-2, 44), (0, 46),
    (-16, 64), (-8, 68), (-10, 78), (-6, 77), (-10, 86),
    // 247..=256: cat 2
    (-12, 92), (-15, 55), (-10, 60), (-6, 62), (-4, 65),
    (-12, 73), (-8, 76), (-7, 80), (-9, 88), (-17, 110),
    // 257..=265: cat 3
    (-11, 97), (-20, 84), (-11, 79), (-6, 73), (-4, 74),
    (-13, 86), (-13, 96), (-11, 97), (-19, 117),
    // 266..=275: cat 4
    (-8, 78), (-5, 33), (-4, 48), (-2, 53), (-3, 62),
    (-13, 71), (-10, 79), (-12, 86), (-13, 90), (-14, 97),
];

/// ctxIdx 277..=337, Table 9-22: significant_coeff_flag, field coded (kept
/// for completeness; frame pictures never use it).
#[rustfmt::skip]
const MN_277: [(i8, i8); 61] = [
    // 277..=291: cat 0
    (-6, 93), (-6, 84), (-8, 79), (0, 66), (-1, 71), (0, 62), (-2, 60), (-2, 59),
    (-5, 75), (-3, 62), (-4, 58), (-9, 66), (-1, 79), (0, 71), (3, 68),
    // 292..=305: cat 1
    (10, 44), (-7, 62), (15, 36), (14, 40), (16, 27), (12, 29), (1, 44), (20, 36),
    (18, 32), (5, 42), (1, 48), (10, 62), (17, 46), (9, 64),
    // 306..=320: cat 2
    (-12, 104), (-11, 97), (-16, 96), (-7, 88), (-8, 85), (-7, 85), (-9, 85), (-13, 88),
    (4, 66), (-3, 77), (-3, 76), (-6, 76), (10, 58), (-1, 76), (-1, 83),
    // 321..=323: cat 3
    (-7, 99), (-14, 95), (2, 95),
    // 324..=337: cat 4
    (0, 76), (-5, 74), (0, 70), (-11, 75), (1, 68), (0, 65), (-14, 73), (3, 62),
    (4, 62), (-1, 68), (-13, 75), (11, 55), (5, 64), (12, 70),
];

/// ctxIdx 338..=398, Table 9-23: last_significant_coeff_flag, field coded.
#[rustfmt::skip]
const MN_338: [(i8, i8); 61] = [
    // 338..=352: cat 0
    (15, 6), (6, 19), (7, 16), (12, 14), (18, 13), (13, 11), (13, 15), (15, 16),
    (12, 23), (13, 23), (15, 20), (14, 26), (14, 44), (17, 40), (17, 47),
    // 353..=366: cat 1
    (24, 17), (21, 21), (25, 22), (31, 27), (22, 29), (19, 35), (14, 50), (10, 57),
    (7, 63), (-2, 77), (-4, 82), (-3, 94), (9, 69), (-12, 109),
    // 367..=381: cat 2
    (36, -35), (36, -34), (32, -26), (37, -30), (44, -32), (34, -18), (34, -15), (40, -15),
    (33, -7), (35, -5), (33, 0), (38, 2), (33, 13), (23, 35), (13, 58),
    // 382..=384: cat 3
    (29, -3), (26, 0), (22, 30),
    // 385..=398: cat 4
    (31, -7), (35, -15), (34, -3), (34, 3), (36, -1), (34, 5), (32, 11), (35, 5),
    (34, 12), (39, 11), (30, 29), (34, 26), (29, 39), (19, 66),
];

/// ctxIdx 399..=401, Table 9-16: transform_size_8x8_flag.
#[rustfmt::skip]
const MN_399: [(i8, i8); 3] = [(31, 21), (31, 31), (25, 50)];

/// ctxIdx 402..=459, Table 9-24: cat 5 (8x8 luma) residual contexts.
#[rustfmt::skip]
const MN_402: [(i8, i8); 58] = [
    // 402..=416: significant_coeff_flag, frame coded
    (-17, 120), (-20, 112), (-18, 114), (-11, 85), (-15, 92), (-14, 89), (-26, 71), (-15, 81),
    (-14, 80), (0, 68), (-14, 70), (-24, 56), (-23, 68), (-24, 50), (-11, 74),
    // 417..=425: last_significant_coeff_flag (frame coded)
    (23, -13), (26, -13), (40, -15), (49, -14), (44, 3), (45, 6), (44, 34), (33, 54), (19, 82),
    // 426..=435: coeff_abs_level_minus1
    (-3, 75), (-1, 23), (1, 34), (1, 43), (0, 54),
    (-2, 55), (0, 61), (1, 64), (0, 68), (-9, 92),
    // 436..=450: significant_coeff_flag, field coded
    (-14, 106), (-13, 97), (-15, 90), (-12, 90), (-18, 88), (-10, 73), (-9, 79), (-14, 86),
    (-10, 73), (-10, 70), (-10, 69), (-5, 66), (-9, 64), (-5, 58), (2, 59),
    // 451..=459: last_significant_coeff_flag, field coded
    (21, -10), (24, -11), (28, -8), (28, -1), (29, 3), (29, 9), (35, 20), (29, 36), (14, 67),
];

/// Copies `seg` into `table` starting at ctxIdx `first` (const-evaluable).
const fn place<const N: usize>(
    mut table: [(i8, i8); NUM_CTX],
    first: usize,
    seg: &[(i8, i8); N],
) -> [(i8, i8); NUM_CTX] {
    let mut i = 0;
    while i < N {
        table[first + i] = seg[i];
        i += 1;
    }
    table
}

/// (m, n) of every ctxIdx for I slices; (0, 0) where I slices have no value.
pub const INIT_MN_I: [(i8, i8); NUM_CTX] = {
    let t = [(0, 0); NUM_CTX];
    let t = place(t, 0, &MN_0);
    let t = place(t, 60, &MN_60);
    let t = place(t, 70, &MN_70);
    let t = place(t, 105, &MN_105);
    let t = place(t, 166, &MN_166);
    let t = place(t, 227, &MN_227);
    let t = place(t, 277, &MN_277);
    let t = place(t, 338, &MN_338);
    let t = place(t, 399, &MN_399);
    place(t, 402, &MN_402)
};

/// Clip3(lo, hi, x) of clause 5.7.
#[inline]
fn clip3(lo: i32, hi: i32, x: i32) -> i32 {
    x.max(lo).min(hi)
}

/// Initial state of one context from its (m, n) at SliceQPY (clause 9.3.1.1).
pub fn init_context(m: i8, n: i8, slice_qp: i32) -> Context {
    // `>>` on a negative product is the standard's arithmetic shift: it rounds
    // toward minus infinity (Rust's i32 >> does the same).
    let pre = clip3(
        1,
        126,
        ((i32::from(m) * clip3(0, 51, slice_qp)) >> 4) + i32::from(n),
    );
    if pre <= 63 {
        Context {
            state: (63 - pre) as u8,
            mps: 0,
        }
    } else {
        Context {
            state: (pre - 64) as u8,
            mps: 1,
        }
    }
}

/// All context variables of an I slice at SliceQPY, including the terminate
/// context (pStateIdx 63, valMPS 0, clause 9.3.1.2).
pub fn init_contexts(slice_qp: i32) -> [Context; NUM_CTX] {
    let mut ctx = [Context::default(); NUM_CTX];
    for (c, &(m, n)) in ctx.iter_mut().zip(INIT_MN_I.iter()) {
        *c = init_context(m, n, slice_qp);
    }
    ctx[CTX_TERMINATE] = Context { state: 63, mps: 0 };
    ctx
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Hand-computed from (m, n) with preCtxState = Clip3(1, 126,
    /// ((m * Clip3(0, 51, QP)) >> 4) + n); pre <= 63: (63 - pre, MPS 0),
    /// else (pre - 64, MPS 1).
    #[test]
    fn init_matches_hand_computation() {
        let cases: [(usize, i32, u8, u8); 16] = [
            // ctx 0 (20, -15): QP 26: 520 >> 4 = 32, 32 - 15 = 17 -> (46, 0)
            (0, 26, 46, 0),
            // QP 0: 0 - 15 = -15 -> clip 1 -> (62, 0)
            (0, 0, 62, 0),
            // QP 51: 1020 >> 4 = 63, 63 - 15 = 48 -> (15, 0)
            (0, 51, 15, 0),
            // ctx 60 (0, 41): 41 at any QP -> (22, 0)
            (60, 26, 22, 0),
            (60, 51, 22, 0),
            // ctx 73 (-17, 127): QP 26: -442 >> 4 = -28 (floor of -27.625), 99 -> (35, 1)
            (73, 26, 35, 1),
            // QP 0: 127 -> clip 126 -> (62, 1)
            (73, 0, 62, 1),
            // QP 51: -867 >> 4 = -55 (floor of -54.19), 72 -> (8, 1)
            (73, 51, 8, 1),
            // ctx 399 (31, 21): QP 26: 806 >> 4 = 50, 71 -> (7, 1)
            (399, 26, 7, 1),
            // QP 0: 21 -> (42, 0)
            (399, 0, 42, 0),
            // QP 51: 1581 >> 4 = 98, 119 -> (55, 1)
            (399, 51, 55, 1),
            // ctx 227 (-3, 71): QP 26: -78 >> 4 = -5, 66 -> (2, 1)
            (227, 26, 2, 1),
            // ctx 166 (24, 0): QP 26: 624 >> 4 = 39 -> (24, 0)
            (166, 26, 24, 0),
            // ctx 417 (23, -13): QP 51: 1173 >> 4 = 73, 60 -> (3, 0)
            (417, 51, 3, 0),
            // ctx 436 (-14, 106): QP 40: -560 >> 4 = -35, 71 -> (7, 1)
            (436, 40, 7, 1),
            // QP -12 clips to 0: ctx 0 -> (62, 0) as for QP 0
            (0, -12, 62, 0),
        ];
        for (idx, qp, state, mps) in cases {
            let c = init_contexts(qp)[idx];
            assert_eq!((c.state, c.mps), (state, mps), "ctxIdx {idx} at QP {qp}");
        }
    }

    #[test]
    fn terminate_context_is_state_63() {
        let c = init_contexts(30)[CTX_TERMINATE];
        assert_eq!((c.state, c.mps), (63, 0));
    }

    #[test]
    fn initialized_states_stay_below_63() {
        // Clip3(1, 126, ..) keeps every table-initialized state in 0..=62.
        for qp in 0..=51 {
            for (i, c) in init_contexts(qp).iter().enumerate() {
                if i != CTX_TERMINATE {
                    assert!(c.state <= 62 && c.mps <= 1, "ctxIdx {i} QP {qp}");
                }
            }
        }
    }
}
