//! RDOQ: rate-distortion optimized quantization of one residual block, an
//! encoder decision only (the levels it picks are coded with the usual
//! syntax; decoders see a standard stream).
//!
//! For each coefficient the candidates are the level rounded to nearest,
//! one less (when that is not below 1) and, when the rounded level is 1 or
//! 2, 0 ([`candidates`]), in the same sign; they include every dead-zone
//! rounding with an offset in 0..=1/2 of a step (the plain quantizer's
//! levels). Zeroing a coefficient of 2.5 steps or more adds at least
//! 6 Qstep^2 of distortion, some 60 bits' worth at the lambdas in use
//! (about 0.1 Qstep^2 per bit) where it saves a few, so 0 is not tried
//! there: one candidate less on the trellis's busiest positions. The
//! block's levels minimise
//!
//! `J = D * 2^10 + lambda_q16 * R`
//!
//! - D: squared error in the orthonormal transform domain in units of
//!   2^-16 Qstep^2. With `a = |c| * MF` (the quantizer's product: MF4 by
//!   position, `quant::tables`) and `shift` (15 + qP/6 for 4x4 blocks,
//!   16 + qP/6 for the luma and chroma DC), `a / 2^shift` is the
//!   coefficient in steps, exactly as the quantizer sees it (for 4x4 blocks,
//!   the luma DC and the chroma DC alike: MF folds in each position's norm),
//!   so a level `l` leaves `e = a - l * 2^shift` and
//!   `D = e^2 >> (2 * shift - 16)` (floor; e^2 < 2^62 in u64 for every level
//!   of 8-bit residuals). By Parseval, D is the sample-domain squared error
//!   in Qstep^2 units up to the decoder's rounding of the scaled values.
//! - R: the CABAC rate of the block in 1/1024 bit (`cabac::rate`): bins of
//!   coded_block_flag, the significance map, coeff_abs_level_minus1 and the
//!   signs, from context states given by the caller; each level's context
//!   is the one its (numDecodAbsLevelGt1, numDecodAbsLevelEq1) gives.
//! - lambda_q16: the Lagrange multiplier in Qstep^2 per bit, times 2^16. A
//!   QP-independent lambda in step units is the usual H.264 choice
//!   `lambda_SSE = c * 2^((QP - 12) / 3)`: Qstep^2 grows as 2^(QP/3) too
//!   (`c = 0.85` is `lambda_q16` 8913, [`Rdoq::H264`]).
//!
//! Both terms are in units of 2^-26 Qstep^2 (u64: D * 2^10 < 2^58 per
//! coefficient for 8-bit residuals).
//!
//! The search is exact for that cost: a Viterbi trellis over the scan
//! positions in reverse (the order the levels are coded), with one node per
//! level-context state (nothing coded yet; numDecodAbsLevelGt1 = 0 with
//! numDecodAbsLevelEq1 = 1, 2, >= 3; numDecodAbsLevelGt1 = 1, 2, 3, >= 4) --
//! the rate of every bin depends only on the position, on that state and on
//! whether a later level is non-zero (which the node "nothing coded yet"
//! tracks: its first non-zero level is the last significant one). So the
//! levels it returns have the least J of all combinations of candidates,
//! the plain quantizer's levels included (test
//! `rdoq_never_costs_more_than_plain_rounding`). Ties at a node keep level
//! 0, then the path found first: candidates in the order rounded,
//! rounded - 1, source nodes in the order above; at the end, the lowest
//! node.
//!
//! Hardware cost (docs/decisions.md D31): per coefficient up to 3 candidate
//! levels, each a distortion (one small multiply) and its bins' costs
//! (table reads), times 8 trellis nodes; the context states are a copy of
//! the encoder's taken at each macroblock and moved on by each block chosen
//! (the caller's `ContextRates::adapt`).

use crate::cabac::rate::{BinRates, BYPASS_COST};
use crate::cabac::BlockCat;
use crate::quant::tables::{MF4, MF4_POS};
use crate::quant::{LEVEL_MAX, ZIGZAG4X4};

/// RDOQ settings.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rdoq {
    /// Lagrange multiplier in Qstep^2 per bit, times 2^16 (see module doc).
    pub lambda_q16: u32,
}

impl Rdoq {
    /// lambda = 0.85 / 16 / 0.625^2 Qstep^2 per bit: the H.264 mode-decision
    /// multiplier 0.85 * 2^((QP - 12) / 3) in step units (Qstep = 0.625 *
    /// 2^(QP/6)), round(0.136 * 2^16).
    pub const H264: Rdoq = Rdoq { lambda_q16: 8913 };
}

/// Trellis nodes: the level-context state before the next level in reverse
/// scan order (see module doc).
const NODES: usize = 8;

/// The trellis's back pointers (`from << 2 | candidate index`, see
/// `Block::quantize`) of level 0 at candidate index `i`, in every node: it
/// keeps the node.
const ZERO_BACK: [[u8; NODES]; 3] = {
    let mut t = [[0u8; NODES]; 3];
    let mut i = 0;
    while i < 3 {
        let mut node = 0;
        while node < NODES {
            t[i][node] = (node << 2 | i) as u8;
            node += 1;
        }
        i += 1;
    }
    t
};

/// (numDecodAbsLevelGt1, numDecodAbsLevelEq1) of a node.
#[inline]
fn node_counts(node: usize) -> (usize, usize) {
    if node < 4 {
        (0, node)
    } else {
        (node - 3, 0)
    }
}

/// The node after coding a level of magnitude `mag` >= 1 in `node`.
#[inline]
fn next_node(node: usize, mag: u32) -> usize {
    let (gt1, eq1) = node_counts(node);
    if mag > 1 {
        3 + (gt1 + 1).min(4)
    } else if gt1 == 0 {
        (eq1 + 1).min(3)
    } else {
        node
    }
}

/// Squared error of level magnitude `l` for `a = |c| * MF` (module doc).
#[inline]
fn distortion(a: i64, l: i32, shift: u32) -> u64 {
    let e = (a - (i64::from(l) << shift)).unsigned_abs();
    (e * e) >> (2 * shift - 16)
}

/// The costs of the level bins of one block per trellis node, times lambda
/// (the trellis adds `lambda * rate` term by term: exact in integers).
struct LevelCosts {
    /// A level of magnitude 1: bin 0 of coeff_abs_level_minus1 = 0 and the
    /// sign.
    one: [u64; NODES],
    /// Magnitudes above 1: bin 0 = 1 and the sign, ...
    many: [u64; NODES],
    /// ... each further prefix bin 1 (bins 1..=13 share a context) ...
    rest1: [u64; NODES],
    /// ... and the prefix's closing 0 (coeff_abs_level_minus1 < 14).
    rest0: [u64; NODES],
    /// lambda times one bypass bin.
    bypass: u64,
}

impl LevelCosts {
    fn new<R: BinRates>(rates: &R, cat: BlockCat, lambda: u64) -> Self {
        let mut c = LevelCosts {
            one: [0; NODES],
            many: [0; NODES],
            rest1: [0; NODES],
            rest0: [0; NODES],
            bypass: lambda * u64::from(BYPASS_COST),
        };
        for node in 0..NODES {
            let (gt1, eq1) = node_counts(node);
            let (ctx0, ctx_rest) = cat.abs_ctx(gt1, eq1);
            let [zero, one] = rates.decision_costs(ctx0).map(|r| lambda * u64::from(r));
            c.one[node] = zero + c.bypass;
            c.many[node] = one + c.bypass;
            let [zero, one] = rates
                .decision_costs(ctx_rest)
                .map(|r| lambda * u64::from(r));
            c.rest1[node] = one;
            c.rest0[node] = zero;
        }
        c
    }

    /// Cost of a level of magnitude `mag` >= 1 in every node: the bins of
    /// coeff_abs_level_minus1 = v (clause 9.3.2.3: TU prefix with cMax 14,
    /// then for v >= 14 the EG0 suffix of v - 14 in 2k + 1 bypass bins,
    /// k = floor(log2(v - 13))) and the sign's bypass bin. The same count
    /// as walking `cabac::residual`'s binarization (test
    /// `level_costs_match_the_binarization`), without the walk.
    #[inline]
    fn level(&self, mag: u32) -> [u64; NODES] {
        let v = mag - 1;
        if v == 0 {
            return self.one;
        }
        let ones = u64::from(v.min(14) - 1);
        let tail = if v < 14 {
            self.rest0
        } else {
            let k = u64::from((v - 13).ilog2());
            [(2 * k + 1) * self.bypass; NODES]
        };
        std::array::from_fn(|n| self.many[n] + ones * self.rest1[n] + tail[n])
    }
}

/// The candidate magnitudes of a coefficient whose level rounds to
/// `rounded`, in the order ties favour, and how many there are: rounded,
/// rounded - 1 (when >= 1), and 0 when rounded is 1 or 2.
#[inline]
pub fn candidates(rounded: u32) -> ([u32; 3], usize) {
    match rounded {
        0 => ([0, 0, 0], 1),
        1 => ([1, 0, 0], 2),
        2 => ([2, 1, 0], 3),
        r => ([r, r - 1, 0], 2),
    }
}

/// One residual block to quantize: coefficients and their MF in coding
/// (scan) order, the quantizer's shift, the block's category and the
/// ctxIdxInc of its coded_block_flag.
#[derive(Clone, Copy, Debug)]
pub struct Block<'a> {
    pub coefs: &'a [i32],
    pub mf: &'a [i32],
    pub shift: u32,
    pub cat: BlockCat,
    pub cbf_inc: usize,
}

impl Block<'_> {
    fn a(&self, k: usize) -> i64 {
        i64::from(self.coefs[k]).abs() * i64::from(self.mf[k])
    }

    /// J of the given levels (scan order): the sum of the distortions and
    /// lambda times the rate of the whole block, counted by walking its
    /// syntax (`cabac::rate::residual_block_cost`), independently of the
    /// trellis.
    pub fn cost<R: BinRates>(&self, levels: &[i32], rates: &R, rdoq: Rdoq) -> u64 {
        let d: u64 = (0..self.coefs.len())
            .map(|k| distortion(self.a(k), levels[k].abs(), self.shift))
            .sum();
        let r =
            crate::cabac::rate::residual_block_cost(rates, levels, self.cat, Some(self.cbf_inc));
        (d << 10) + u64::from(rdoq.lambda_q16) * r
    }

    /// The plain quantizer's levels: sign(c) * min(LEVEL_MAX, (a + f) >> shift)
    /// with f = dz * 2^(shift - 10) (`quant::quant4x4` and the DC quantizers).
    pub fn plain(&self, dz: crate::quant::Deadzone) -> [i32; 16] {
        let f = (i64::from(dz.0) << self.shift) >> 10;
        let mut out = [0i32; 16];
        for (k, o) in out.iter_mut().enumerate().take(self.coefs.len()) {
            let m = ((self.a(k) + f) >> self.shift).min(i64::from(LEVEL_MAX)) as i32;
            *o = if self.coefs[k] < 0 { -m } else { m };
        }
        out
    }

    /// The levels of least J (scan order; entries past the block's length
    /// are 0).
    pub fn quantize<R: BinRates>(&self, rates: &R, rdoq: Rdoq) -> [i32; 16] {
        let n = self.coefs.len();
        debug_assert!(n == self.cat.max_coeffs() && n <= 16 && self.mf.len() == n);
        let half = 1i64 << (self.shift - 1);
        let mut a = [0i64; 16];
        let mut rounded = [0u32; 16];
        // Past the last coefficient that rounds to non-zero, 0 is the only
        // candidate: those positions stay in the node "nothing coded yet"
        // at no rate, and their distortion is the same on every path, so
        // the trellis starts at that coefficient.
        let mut top = None;
        for k in 0..n {
            a[k] = self.a(k);
            rounded[k] = ((a[k] + half) >> self.shift).min(i64::from(LEVEL_MAX)) as u32;
            if rounded[k] != 0 {
                top = Some(k);
            }
        }
        let Some(top) = top else {
            return [0; 16];
        };
        let lambda = u64::from(rdoq.lambda_q16);
        let cat = self.cat;
        let levels = LevelCosts::new(rates, cat, lambda);
        // A node not reached costs UNREACHED or more, a reached one less:
        // a position adds below 2^58 of distortion (module doc) and below
        // 2^49 of lambda times rate, at most 16 positions. So no sum
        // overflows, an offer from an unreached node never replaces a
        // reached one's nor the UNREACHED each node starts a position
        // with, and a reached node's always does: the choices of skipping
        // the unreached nodes, without a test per node.
        const UNREACHED: u64 = 1 << 63;
        let mut cost = [UNREACHED; NODES];
        cost[0] = 0;
        // back[k][node]: the node before position k and the index of the
        // level chosen at k in its `candidates`, as `from << 2 | index`.
        let mut back = [[0u8; NODES]; 16];
        let (sig_base, last_base) = (cat.sig_base(), cat.last_base());
        for k in (0..=top).rev() {
            let (cands, ncand) = candidates(rounded[k]);
            // Significance map bins: sig 0; sig 1 with last 0 / last 1
            // (none at the block's last position).
            let (sig0, sig1_more, sig1_last) = if k + 1 < n {
                let [s0, s1] = rates.decision_costs(sig_base + cat.sig_inc(k));
                let [l0, l1] = rates.decision_costs(last_base + cat.last_inc(k));
                (
                    lambda * u64::from(s0),
                    lambda * u64::from(s1 + l0),
                    lambda * u64::from(s1 + l1),
                )
            } else {
                (0, 0, 0)
            };
            let back = &mut back[k];
            // Level 0 keeps the node (the zero candidate is last in
            // `cands`): it is written first, and a non-zero level replaces
            // it only when strictly cheaper.
            let mut next = [UNREACHED; NODES];
            let nonzero = if cands[ncand - 1] == 0 {
                let d0 = distortion(a[k], 0, self.shift) << 10;
                next[0] = cost[0] + d0;
                for from in 1..NODES {
                    next[from] = cost[from] + d0 + sig0;
                }
                *back = ZERO_BACK[ncand - 1];
                ncand - 1
            } else {
                ncand
            };
            for (i, &mag) in cands[..nonzero].iter().enumerate() {
                let d = distortion(a[k], mag as i32, self.shift) << 10;
                let level = levels.level(mag);
                let mut offer = |from: usize, to: usize| {
                    let map = if from == 0 { sig1_last } else { sig1_more };
                    let j = cost[from] + d + map + level[from];
                    // Selects, not a branch: which offer wins is data, and
                    // mispredicted branches were much of the trellis's time.
                    let better = j < next[to];
                    next[to] = if better { j } else { next[to] };
                    back[to] = if better {
                        (from << 2 | i) as u8
                    } else {
                        back[to]
                    };
                };
                // The node transitions as constants (`next_node` folds).
                if mag == 1 {
                    for from in 0..NODES {
                        offer(from, next_node(from, 1));
                    }
                } else {
                    for from in 0..NODES {
                        offer(from, next_node(from, 2));
                    }
                }
            }
            cost = next;
        }
        // coded_block_flag: 0 for the empty block, 1 otherwise.
        let cbf_ctx = cat.cbf_base() + self.cbf_inc;
        let mut best = (u64::MAX, 0);
        for (node, &c) in cost.iter().enumerate() {
            let j = c + lambda * u64::from(rates.decision_cost(cbf_ctx, u32::from(node != 0)));
            if j < best.0 {
                best = (j, node);
            }
        }
        let mut out = [0i32; 16];
        let mut node = best.1;
        for k in 0..=top {
            let b = back[k][node];
            let mag = candidates(rounded[k]).0[usize::from(b & 3)] as i32;
            out[k] = if self.coefs[k] < 0 { -mag } else { mag };
            node = usize::from(b >> 2);
        }
        out
    }
}

/// (qP % 6, qP / 6), qp clamped into 0..=51.
fn split_qp(qp: i32) -> (usize, u32) {
    let qp = qp.clamp(0, 51) as u32;
    ((qp % 6) as usize, qp / 6)
}

/// The AC levels of a 4x4 block (Intra16x16 luma or chroma AC: `cat` LumaAc
/// or ChromaAc) from its `forward4x4` coefficients (raster); the result is
/// raster with index 0 left 0 (the DC goes through the DC lanes).
pub fn quant4x4_ac<R: BinRates>(
    coef: &[i32; 16],
    qp: i32,
    cat: BlockCat,
    cbf_inc: usize,
    rates: &R,
    rdoq: Rdoq,
) -> [i32; 16] {
    let (rem, per) = split_qp(qp);
    let mut c = [0i32; 15];
    let mut mf = [0i32; 15];
    for k in 1..16 {
        let pos = usize::from(ZIGZAG4X4[k]);
        c[k - 1] = coef[pos];
        mf[k - 1] = MF4_POS[rem][pos];
    }
    let block = Block {
        coefs: &c,
        mf: &mf,
        shift: 15 + per,
        cat,
        cbf_inc,
    };
    let lv = block.quantize(rates, rdoq);
    let mut out = [0i32; 16];
    for k in 1..16 {
        out[usize::from(ZIGZAG4X4[k])] = lv[k - 1];
    }
    out
}

/// A DC block: its forward transform (of the blocks' coefficients 0,
/// raster), its coding order and its category.
#[derive(Clone, Copy, Debug)]
pub struct DcKind<const N: usize> {
    pub forward: fn(&[i32; N]) -> [i32; N],
    /// Raster index of each coded position.
    pub scan: [u8; N],
    pub cat: BlockCat,
}

/// The Intra16x16 luma DC: `forward_luma_dc`, zig-zag order.
pub const LUMA_DC: DcKind<16> = DcKind {
    forward: crate::transform::forward_luma_dc,
    scan: ZIGZAG4X4,
    cat: BlockCat::LumaDc,
};

/// The 4:2:0 chroma DC: `forward_chroma_dc`, raster order.
pub const CHROMA_DC: DcKind<4> = DcKind {
    forward: crate::transform::forward_chroma_dc,
    scan: [0, 1, 2, 3],
    cat: BlockCat::ChromaDc,
};

/// The DC levels (raster, as `quant::quant_luma_dc` / `quant_chroma_dc`
/// give them) of a macroblock's luma or one chroma component, from each
/// block's coefficient 0 (`dc`, raster), at QP `qp` (QP'C for chroma):
/// MF4 at (0, 0), shift 16 + qP/6.
pub fn quant_dc<const N: usize, R: BinRates>(
    dc: &[i32; N],
    qp: i32,
    kind: DcKind<N>,
    cbf_inc: usize,
    rates: &R,
    rdoq: Rdoq,
) -> [i32; N] {
    let (rem, per) = split_qp(qp);
    let c = (kind.forward)(dc);
    let scanned = kind.scan.map(|p| c[usize::from(p)]);
    let block = Block {
        coefs: &scanned,
        mf: &[MF4[rem][0]; N],
        shift: 16 + per,
        cat: kind.cat,
        cbf_inc,
    };
    let lv = block.quantize(rates, rdoq);
    let mut out = [0i32; N];
    for (k, &p) in kind.scan.iter().enumerate() {
        out[usize::from(p)] = lv[k];
    }
    out
}

#[cfg(test)]
mod tests;
