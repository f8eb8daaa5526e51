//! Rate estimation for the encoder's decisions (RDOQ, `encoder::rdoq`): the
//! cost of a bin given the state of its context, in 1/1024 bit, integer
//! only.
//!
//! The interface is one trait, [`BinRates`]: the cost of a context-coded bin
//! of value `bin` with context `ctx_idx`. [`ContextRates`] answers it from a
//! snapshot of context states (the live states of a slice's encoder at the
//! start of a macroblock, or the initial states at a slice QP);
//! [`RateCounter`] is a [`BinSink`], so the binarizations of
//! `cabac::residual` run unchanged into it and the estimate walks exactly
//! the syntax the encoder writes. Nothing here touches the bitstream.
//!
//! The model: state `s` (pStateIdx) stands for an LPS probability
//! `p(s) = 0.5 * alpha^s`, `alpha = (0.01875 / 0.5)^(1/63)` (the design rule
//! of the standard's state machine, clause 9.3.1.2's derivation); a bin
//! costs `-log2(p)` as the LPS and `-log2(1 - p)` as the MPS. The tables
//! hold those costs times 1024, rounded to nearest (test
//! `cost_tables_follow_their_formula` checks them in floating point; the
//! encoder only reads the integers). A bypass bin costs exactly 1024.

use super::context::{Context, NUM_CTX};
use super::engine::BinSink;

/// Cost in 1/1024 bit of a bypass bin.
pub const BYPASS_COST: u32 = 1024;

/// Cost in 1/1024 bit of the MPS at pStateIdx s: round(-1024 log2(1 - p(s))).
pub const MPS_COST: [u16; 64] = [
    1024, 951, 885, 824, 769, 719, 673, 630, 591, 554, 520, 489, 460, 433, 407, 384, 362, 341, 322,
    304, 287, 271, 256, 241, 228, 216, 204, 193, 182, 173, 163, 155, 146, 139, 131, 124, 118, 111,
    106, 100, 95, 90, 85, 81, 77, 73, 69, 65, 62, 59, 56, 53, 50, 47, 45, 43, 40, 38, 36, 35, 33,
    31, 29, 28,
];

/// Cost in 1/1024 bit of the LPS at pStateIdx s: round(-1024 log2(p(s))).
pub const LPS_COST: [u16; 64] = [
    1024, 1101, 1178, 1255, 1332, 1409, 1486, 1563, 1640, 1717, 1794, 1871, 1948, 2025, 2102, 2179,
    2256, 2333, 2410, 2487, 2564, 2641, 2718, 2795, 2872, 2949, 3026, 3103, 3180, 3257, 3334, 3411,
    3488, 3565, 3642, 3719, 3796, 3873, 3950, 4027, 4104, 4181, 4258, 4335, 4412, 4489, 4566, 4643,
    4720, 4797, 4874, 4951, 5028, 5105, 5182, 5259, 5336, 5413, 5490, 5567, 5644, 5721, 5798, 5875,
];

/// Cost of one context-coded bin in a given context state.
#[inline]
pub fn bin_cost(c: Context, bin: u32) -> u32 {
    let s = usize::from(c.state & 63);
    u32::from(if bin == u32::from(c.mps) {
        MPS_COST[s]
    } else {
        LPS_COST[s]
    })
}

/// The rate estimator the encoder's decisions use.
pub trait BinRates {
    /// Cost in 1/1024 bit of a context-coded bin `bin` with context `ctx_idx`.
    fn decision_cost(&self, ctx_idx: usize, bin: u32) -> u32;

    /// The costs of bin 0 and of bin 1 with context `ctx_idx` (RDOQ weighs
    /// both at every position).
    #[inline]
    fn decision_costs(&self, ctx_idx: usize) -> [u32; 2] {
        [
            self.decision_cost(ctx_idx, 0),
            self.decision_cost(ctx_idx, 1),
        ]
    }
}

/// Rates from a snapshot of context states; the states are not updated as
/// bins are counted (a macroblock's blocks are all estimated from the states
/// at its start).
#[derive(Clone, Debug)]
pub struct ContextRates {
    states: [Context; NUM_CTX],
}

impl ContextRates {
    /// Rates from the given states (`CabacEncoder::contexts`).
    pub fn new(states: &[Context; NUM_CTX]) -> Self {
        ContextRates { states: *states }
    }

    /// Rates from the initial states of an I slice at SliceQPY `slice_qp`.
    pub fn initial(slice_qp: i32) -> Self {
        ContextRates {
            states: super::context::init_contexts(slice_qp),
        }
    }

    /// Moves the states on as coding one residual_block_cabac
    /// (`cabac::encode_residual_block`'s arguments) would: each
    /// context-coded bin takes its context through the state transition of
    /// clause 9.3.3.2.1.1 (bypass bins change nothing).
    pub fn adapt(&mut self, coeffs: &[i32], cat: super::BlockCat, cbf_ctx_inc: Option<usize>) {
        struct Adapt<'a>(&'a mut [Context; NUM_CTX]);
        impl BinSink for Adapt<'_> {
            #[inline]
            fn decision(&mut self, ctx_idx: usize, bin: u32) {
                let c = &mut self.0[ctx_idx];
                *c = c.after(bin != u32::from(c.mps));
            }
            #[inline]
            fn bypass(&mut self, _bin: u32) {}
        }
        super::encode_residual_block(&mut Adapt(&mut self.states), coeffs, cat, cbf_ctx_inc);
    }
}

impl BinRates for ContextRates {
    #[inline]
    fn decision_cost(&self, ctx_idx: usize, bin: u32) -> u32 {
        bin_cost(self.states[ctx_idx], bin)
    }

    /// One state read for both bins: the MPS costs MPS_COST, the other
    /// LPS_COST (what `bin_cost` gives each).
    #[inline]
    fn decision_costs(&self, ctx_idx: usize) -> [u32; 2] {
        let c = self.states[ctx_idx];
        let s = usize::from(c.state & 63);
        let (mps, lps) = (u32::from(MPS_COST[s]), u32::from(LPS_COST[s]));
        if c.mps == 0 {
            [mps, lps]
        } else {
            [lps, mps]
        }
    }
}

/// A [`BinSink`] that adds up the estimated cost of the bins given to it.
pub struct RateCounter<'a, R: BinRates> {
    rates: &'a R,
    /// Sum so far, in 1/1024 bit.
    pub cost: u64,
}

impl<'a, R: BinRates> RateCounter<'a, R> {
    /// A counter at zero.
    pub fn new(rates: &'a R) -> Self {
        RateCounter { rates, cost: 0 }
    }
}

impl<R: BinRates> BinSink for RateCounter<'_, R> {
    #[inline]
    fn decision(&mut self, ctx_idx: usize, bin: u32) {
        self.cost += u64::from(self.rates.decision_cost(ctx_idx, bin));
    }
    #[inline]
    fn bypass(&mut self, _bin: u32) {
        self.cost += u64::from(BYPASS_COST);
    }
}

/// Estimated cost in 1/1024 bit of one residual_block_cabac
/// (`cabac::encode_residual_block`'s arguments).
pub fn residual_block_cost<R: BinRates>(
    rates: &R,
    coeffs: &[i32],
    cat: super::BlockCat,
    cbf_ctx_inc: Option<usize>,
) -> u64 {
    let mut counter = RateCounter::new(rates);
    super::encode_residual_block(&mut counter, coeffs, cat, cbf_ctx_inc);
    counter.cost
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cabac::{BlockCat, CabacEncoder};

    #[test]
    fn cost_tables_follow_their_formula() {
        // The tables are data; this checks them against the formula they
        // document (floating point only here, never in the encoder).
        let alpha = (0.01875f64 / 0.5).powf(1.0 / 63.0);
        for s in 0..64 {
            let p = 0.5 * alpha.powi(s as i32);
            assert_eq!(
                u32::from(LPS_COST[s]),
                (-1024.0 * p.log2()).round() as u32,
                "{s}"
            );
            assert_eq!(
                u32::from(MPS_COST[s]),
                (-1024.0 * (1.0 - p).log2()).round() as u32,
                "{s}"
            );
        }
    }

    /// The estimate of a long run of bins in one context follows the bits
    /// the engine really writes: both adapt, and the table's costs are the
    /// ideal code lengths of the state machine's probabilities.
    #[test]
    fn counted_rate_tracks_the_engine() {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut enc = CabacEncoder::new(26);
        let mut est = 0u64;
        let n = 20_000;
        for _ in 0..n {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            // About 1 in 8 ones.
            let bin = u32::from(state.is_multiple_of(8));
            let ctx = 105 + (state >> 32) as usize % 3;
            est += u64::from(bin_cost(enc.context(ctx), bin));
            enc.encode_decision(ctx, bin);
        }
        enc.encode_terminate(1);
        let bits = enc.finish().len() as u64 * 8;
        let est_bits = est / 1024;
        // Entropy of p = 1/8: 0.544 bit per bin; the adaptive coder and the
        // estimate both land within a few percent of it.
        assert!(
            est_bits.abs_diff(bits) * 50 < bits,
            "estimated {est_bits} bits, written {bits}"
        );
    }

    /// Adapting the states by a block leaves them where the engine's are
    /// after coding it.
    #[test]
    fn adapt_follows_the_engine() {
        let mut enc = CabacEncoder::new(33);
        let mut r = ContextRates::new(enc.contexts());
        let blocks: [(&[i32], BlockCat); 4] = [
            (
                &[3, -1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 2],
                BlockCat::LumaAc,
            ),
            (&[0; 15], BlockCat::LumaAc),
            (&[20, 0, -1, 1], BlockCat::ChromaDc),
            (
                &[1, 1, 1, 1, 1, -1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 17],
                BlockCat::LumaDc,
            ),
        ];
        for (i, (c, cat)) in blocks.into_iter().enumerate() {
            crate::cabac::encode_residual_block(&mut enc, c, cat, Some(i % 4));
            r.adapt(c, cat, Some(i % 4));
            assert_eq!(&r.states, enc.contexts(), "block {i}");
        }
    }

    #[test]
    fn block_cost_counts_every_bin() {
        // All-zero block: only coded_block_flag 0.
        let r = ContextRates::initial(30);
        let zero = [0i32; 15];
        let c0 = residual_block_cost(&r, &zero, BlockCat::LumaAc, Some(0));
        assert_eq!(
            c0,
            u64::from(r.decision_cost(BlockCat::LumaAc.cbf_base(), 0))
        );
        // One level 1 at scan position 0: cbf 1, sig 1, last 1, abs bin 0,
        // sign.
        let mut one = zero;
        one[0] = -1;
        let c1 = residual_block_cost(&r, &one, BlockCat::LumaAc, Some(0));
        let cat = BlockCat::LumaAc;
        let (ctx0, _) = cat.abs_ctx(0, 0);
        let want = r.decision_cost(cat.cbf_base(), 1)
            + r.decision_cost(cat.sig_base(), 1)
            + r.decision_cost(cat.last_base(), 1)
            + r.decision_cost(ctx0, 0)
            + BYPASS_COST;
        assert_eq!(c1, u64::from(want));
    }
}
