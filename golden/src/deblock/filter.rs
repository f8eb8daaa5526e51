//! Filtering of the sample lines across one edge: the decision of 8.7.2.2,
//! then 8.7.2.3 (bS < 4) or 8.7.2.4 (bS == 4).
//!
//! All arithmetic is on `i32`; `>>` on a negative value is the standard's
//! arithmetic right shift (two's complement), which is what Rust's `>>` on
//! `i32` does.

use super::tables::{ALPHA, BETA, TC0};

/// Strength and thresholds of one edge, shared by all its sample lines.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct EdgeParams {
    /// bS: 4 on macroblock edges, 3 on internal edges (intra-only pictures).
    pub bs: u8,
    /// alpha (Table 8-16 at indexA; 8-bit, so alpha = alpha').
    pub alpha: i32,
    /// beta (Table 8-16 at indexB; 8-bit, so beta = beta').
    pub beta: i32,
    /// tC0 (Table 8-17 at indexA and bS; 0 for bS 4, where it is unused).
    pub tc0: i32,
}

impl EdgeParams {
    /// 8.7.2.2: indexA = Clip3(0, 51, qPav + filterOffsetA), indexB likewise
    /// with filterOffsetB, then the table look-ups. `bs` is 3 or 4.
    pub fn new(bs: u8, qp_av: i32, offset_a: i32, offset_b: i32) -> Self {
        let index_a = (qp_av + offset_a).clamp(0, 51) as usize;
        let index_b = (qp_av + offset_b).clamp(0, 51) as usize;
        let tc0 = match bs {
            1..=3 => i32::from(TC0[index_a][usize::from(bs) - 1]),
            _ => 0,
        };
        EdgeParams {
            bs,
            alpha: i32::from(ALPHA[index_a]),
            beta: i32::from(BETA[index_b]),
            tc0,
        }
    }

    /// True when no line can pass filterSamplesFlag: with alpha or beta 0,
    /// `|p0 - q0| < alpha` or `|p1 - p0| < beta` is always false.
    pub fn filters_nothing(&self) -> bool {
        self.alpha == 0 || self.beta == 0
    }
}

/// Where an edge lies in a plane's sample array.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct EdgeGeometry {
    /// Index of q0 on the first line.
    pub q0: usize,
    /// Step from one sample to the next across the edge (1 for a vertical
    /// edge, the stride for a horizontal one); p_i is at `q0 - (i + 1) * across`.
    pub across: usize,
    /// Step from one line to the next along the edge.
    pub along: usize,
    /// Number of lines (16 for luma, 8 for 4:2:0 chroma).
    pub lines: usize,
}

/// Filters every line of a luma edge (chromaStyleFilteringFlag = 0).
/// Reads p3..q3 and writes at most p2..q2.
pub(super) fn filter_luma_edge(d: &mut [u8], g: EdgeGeometry, e: EdgeParams) {
    for line in 0..g.lines {
        luma_line(d, g.q0 + line * g.along, g.across, e);
    }
}

/// Filters every line of a chroma edge (chromaStyleFilteringFlag = 1, as
/// chromaEdgeFlag = 1 and ChromaArrayType != 3). Reads p1..q1, writes p0, q0.
pub(super) fn filter_chroma_edge(d: &mut [u8], g: EdgeGeometry, e: EdgeParams) {
    for line in 0..g.lines {
        chroma_line(d, g.q0 + line * g.along, g.across, e);
    }
}

/// filterSamplesFlag of 8.7.2.2 (8-460): bS != 0 and the three thresholds. The picture
/// filter never passes bS 0; `super::filter_line` (the per-line view the RTL mirrors) may.
#[inline]
fn samples_filtered(p1: i32, p0: i32, q0: i32, q1: i32, e: EdgeParams) -> bool {
    e.bs != 0 && (p0 - q0).abs() < e.alpha && (p1 - p0).abs() < e.beta && (q1 - q0).abs() < e.beta
}

/// Clip1Y / Clip1C for 8-bit samples.
#[inline]
fn clip1(v: i32) -> u8 {
    v.clamp(0, 255) as u8
}

/// Stores a value that is in 0..=255 by construction (a weighted mean of
/// samples, or p1 moved towards a mean of samples; see the callers).
#[inline]
fn sample(v: i32) -> u8 {
    debug_assert!((0..=255).contains(&v), "deblock value {v} out of range");
    v as u8
}

/// One luma line across the edge; `q` indexes q0, `s` is the step across.
#[inline]
fn luma_line(d: &mut [u8], q: usize, s: usize, e: EdgeParams) {
    let p0 = i32::from(d[q - s]);
    let p1 = i32::from(d[q - 2 * s]);
    let q0 = i32::from(d[q]);
    let q1 = i32::from(d[q + s]);
    if !samples_filtered(p1, p0, q0, q1, e) {
        return;
    }
    let p2 = i32::from(d[q - 3 * s]);
    let q2 = i32::from(d[q + 2 * s]);
    // (8-460), (8-461)
    let ap = (p2 - p0).abs();
    let aq = (q2 - q0).abs();
    if e.bs == 4 {
        // 8.7.2.4. All results are weighted means of samples: in 0..=255.
        let strong_gate = (p0 - q0).abs() < (e.alpha >> 2) + 2;
        if ap < e.beta && strong_gate {
            let p3 = i32::from(d[q - 4 * s]);
            d[q - s] = sample((p2 + 2 * p1 + 2 * p0 + 2 * q0 + q1 + 4) >> 3);
            d[q - 2 * s] = sample((p2 + p1 + p0 + q0 + 2) >> 2);
            d[q - 3 * s] = sample((2 * p3 + 3 * p2 + p1 + p0 + q0 + 4) >> 3);
        } else {
            d[q - s] = sample((2 * p1 + p0 + q1 + 2) >> 2);
        }
        if aq < e.beta && strong_gate {
            let q3 = i32::from(d[q + 3 * s]);
            d[q] = sample((p1 + 2 * p0 + 2 * q0 + 2 * q1 + q2 + 4) >> 3);
            d[q + s] = sample((p0 + q0 + q1 + q2 + 2) >> 2);
            d[q + 2 * s] = sample((2 * q3 + 3 * q2 + q1 + q0 + p0 + 4) >> 3);
        } else {
            d[q] = sample((2 * q1 + q0 + p1 + 2) >> 2);
        }
    } else {
        // 8.7.2.3 with chromaStyleFilteringFlag = 0.
        let tc = e.tc0 + i32::from(ap < e.beta) + i32::from(aq < e.beta);
        let delta = ((((q0 - p0) << 2) + (p1 - q1) + 4) >> 3).clamp(-tc, tc);
        d[q - s] = clip1(p0 + delta);
        d[q] = clip1(q0 - delta);
        // p'1 = p1 + Clip3(-tC0, tC0, (p2 + ((p0 + q0 + 1) >> 1) - (p1 << 1)) >> 1).
        // The unclipped step lies in [-p1, 255 - p1], so p'1 stays a sample.
        let mean = (p0 + q0 + 1) >> 1;
        if ap < e.beta {
            d[q - 2 * s] = sample(p1 + ((p2 + mean - (p1 << 1)) >> 1).clamp(-e.tc0, e.tc0));
        }
        if aq < e.beta {
            d[q + s] = sample(q1 + ((q2 + mean - (q1 << 1)) >> 1).clamp(-e.tc0, e.tc0));
        }
    }
}

/// One chroma line across the edge; `q` indexes q0, `s` is the step across.
#[inline]
fn chroma_line(d: &mut [u8], q: usize, s: usize, e: EdgeParams) {
    let p0 = i32::from(d[q - s]);
    let p1 = i32::from(d[q - 2 * s]);
    let q0 = i32::from(d[q]);
    let q1 = i32::from(d[q + s]);
    if !samples_filtered(p1, p0, q0, q1, e) {
        return;
    }
    if e.bs == 4 {
        // 8.7.2.4 with chromaStyleFilteringFlag = 1: weighted means.
        d[q - s] = sample((2 * p1 + p0 + q1 + 2) >> 2);
        d[q] = sample((2 * q1 + q0 + p1 + 2) >> 2);
    } else {
        // 8.7.2.3 with chromaStyleFilteringFlag = 1: tC = tC0 + 1, p1/q1 kept.
        let tc = e.tc0 + 1;
        let delta = ((((q0 - p0) << 2) + (p1 - q1) + 4) >> 3).clamp(-tc, tc);
        d[q - s] = clip1(p0 + delta);
        d[q] = clip1(q0 - delta);
    }
}
