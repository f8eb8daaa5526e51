//! Mode decision and quantization of one macroblock: the encoder's choices,
//! kept apart from the bitstream syntax (`mb::syntax`) and from the shared
//! reconstruction (`mb::recon`).
//!
//! The rule, integer only (docs/bitstream.md gives it in full):
//! cost = 16 * SATD(source, prediction) + LAMBDA16[QP] * bits, where bits is
//! a fixed estimate of the side information: 1 for a 4x4/8x8 mode equal to
//! its predicted mode, 4 otherwise; `HDR_BITS_*` per macroblock type. Each
//! 4x4/8x8 block's mode is chosen on the reconstruction of the blocks before
//! it; the macroblock type with the lowest total cost wins, ties going to the
//! earlier of I16x16, I8x8, I4x4; chroma takes the mode with the lowest SATD
//! summed over Cb and Cr (ties to the lower mode number).
//!
//! With `rdoq` set, the levels of Intra16x16 (AC and DC) and chroma (AC and
//! DC) blocks are chosen by RDOQ instead (`encoder::rdoq`), from the rates of
//! the context states the caller gives (the slice's encoder at the start of
//! the macroblock; [`decide_macroblock`] alone uses the initial states at
//! the macroblock's QP); Intra4x4 and Intra8x8 blocks keep the plain
//! quantizer. Off (the default), every level is the lanes'.
//!
//! Residual coding goes through `lane` (the functions the RTL lanes are
//! checked against): Intra4x4 and Intra8x8 blocks through the whole residual
//! lane (levels and reconstruction), Intra16x16 and chroma blocks through its
//! coding half and the DC lanes' coding, reconstructed by `mb::recon` from
//! the lanes' reconstruction halves.

use super::profile::Profile;
use super::rdoq::{self, Rdoq};
use crate::cabac::rate::ContextRates;
use crate::cabac::BlockCat;
use crate::intra;
use crate::lane;
use crate::mb::neighbours::{MbNeighbors, BLK_X, BLK_Y};
use crate::mb::recon::{self, ChromaQpOffsets};
use crate::mb::{Macroblock, MbKind};
use crate::picture::{Picture, Plane};
use crate::quant::{self, Deadzone};

/// Lagrange multiplier in 1/16 units per QP:
/// round(16 * sqrt(0.85 * 2^((QP - 12) / 3))), the usual SATD-domain lambda.
pub const LAMBDA16: [u32; 52] = [
    4, 4, 5, 5, 6, 7, 7, 8, 9, 10, 12, 13, 15, 17, 19, 21, 23, 26, 30, 33, 37, 42, 47, 53, 59, 66,
    74, 83, 94, 105, 118, 132, 149, 167, 187, 210, 236, 265, 297, 334, 375, 421, 472, 530, 595,
    668, 749, 841, 944, 1060, 1189, 1335,
];

/// Side-information estimate of an I16x16 macroblock (mb_type), in bits.
pub const HDR_BITS_I16X16: u32 = 3;
/// Side-information estimate of an I_NxN macroblock (mb_type, 8x8 flag).
pub const HDR_BITS_NXN: u32 = 2;
/// Mode bits when the mode equals the predicted mode, and otherwise.
const MODE_BITS_PREDICTED: u32 = 1;
const MODE_BITS_OTHER: u32 = 4;

/// Settings of one macroblock decision.
#[derive(Clone, Copy, Debug)]
pub struct DecisionParams {
    pub qp: i32,
    pub profile: Profile,
    /// transform_8x8_mode_flag of the PPS (allows I8x8).
    pub transform_8x8: bool,
    pub deadzone: Deadzone,
    pub chroma_offsets: ChromaQpOffsets,
    /// RDOQ of the Intra16x16 and chroma residuals (None: the plain
    /// quantizer with `deadzone`).
    pub rdoq: Option<Rdoq>,
}

/// The quantizer of the Intra16x16 and chroma residuals: the lanes' plain
/// rounding, or RDOQ with rate estimates, whose context states follow the
/// blocks chosen so far (each luma candidate and the chroma start from the
/// macroblock's states: a clone each).
#[derive(Clone)]
struct Quantizer {
    deadzone: Deadzone,
    rdoq: Option<(Rdoq, ContextRates)>,
}

impl Quantizer {
    /// Forward transform of one 4x4 block of residuals and its AC levels
    /// (raster, index 0 zero) at `qp`; `cat` and `cbf_inc` (its
    /// coded_block_flag's ctxIdxInc) serve RDOQ.
    fn ac(
        &mut self,
        res: &[i32; 16],
        qp: i32,
        cat: BlockCat,
        cbf_inc: usize,
    ) -> lane::residual::Coded4x4 {
        let mut coded = match &mut self.rdoq {
            None => lane::residual::code4x4(res, qp, self.deadzone),
            Some((r, rates)) => {
                let coef = crate::transform::forward4x4(res);
                let levels = rdoq::quant4x4_ac(&coef, qp, cat, cbf_inc, rates, *r);
                rates.adapt(&quant::scan4x4(&levels)[1..], cat, Some(cbf_inc));
                lane::residual::Coded4x4 {
                    dc: coef[0],
                    levels,
                }
            }
        };
        coded.levels[0] = 0;
        coded
    }

    /// DC levels (raster) from each block's coefficient 0 (raster): the
    /// lane's `plain` coding, or RDOQ of the DC block `kind`.
    fn dc<const N: usize>(
        &mut self,
        dc: &[i32; N],
        qp: i32,
        cbf_inc: usize,
        plain: fn(&[i32; N], i32, Deadzone) -> [i32; N],
        kind: rdoq::DcKind<N>,
    ) -> [i32; N] {
        match &mut self.rdoq {
            None => plain(dc, qp, self.deadzone),
            Some((r, rates)) => {
                let lv = rdoq::quant_dc(dc, qp, kind, cbf_inc, rates, *r);
                let coded = kind.scan.map(|p| lv[usize::from(p)]);
                rates.adapt(&coded, kind.cat, Some(cbf_inc));
                lv
            }
        }
    }
}

/// src - pred, row-major, for an `N` x `N` block of `NN` = N * N samples.
fn diff<const N: usize, const NN: usize>(src: &[[u8; N]; N], pred: &[[u8; N]; N]) -> [i32; NN] {
    const { assert!(N * N == NN) };
    let mut d = [0i32; NN];
    for (i, v) in d.iter_mut().enumerate() {
        *v = i32::from(src[i / N][i % N]) - i32::from(pred[i / N][i % N]);
    }
    d
}

fn diff4(src: &[[u8; 4]; 4], pred: &[[u8; 4]; 4]) -> [i32; 16] {
    diff(src, pred)
}

fn mode_bits(mode: u8, predicted: u8) -> u32 {
    if mode == predicted {
        MODE_BITS_PREDICTED
    } else {
        MODE_BITS_OTHER
    }
}

/// Best mode of a block: lowest cost, ties to the lower mode number.
fn best_mode<P>(
    mask: u16,
    mut predict: impl FnMut(u8) -> Option<P>,
    mut cost: impl FnMut(u8, &P) -> u64,
) -> Option<(u8, P, u64)> {
    let mut best: Option<(u8, P, u64)> = None;
    for mode in 0..16u8 {
        if mask & (1 << mode) == 0 {
            continue;
        }
        if let Some(p) = predict(mode) {
            let c = cost(mode, &p);
            if best.as_ref().is_none_or(|b| c < b.2) {
                best = Some((mode, p, c));
            }
        }
    }
    best
}

/// A luma candidate: its syntax, its cost, and the reconstructed 16x16
/// samples it leaves.
struct Candidate {
    mb: Macroblock,
    cost: u64,
    recon: [[u8; 16]; 16],
}

/// Decides, quantizes and reconstructs macroblock `addr`: on return `rec`
/// holds its reconstruction and the result holds its syntax (qp_delta is
/// left for the caller). With `p.rdoq`, RDOQ estimates rates from the
/// initial context states at `p.qp`.
pub fn decide_macroblock(
    src: &Picture,
    rec: &mut Picture,
    addr: usize,
    n: &MbNeighbors,
    p: &DecisionParams,
) -> Macroblock {
    let initial = p.rdoq.map(|_| ContextRates::initial(p.qp));
    decide_macroblock_with(src, rec, addr, n, p, initial)
}

/// [`decide_macroblock`] with RDOQ's rates from the given context states
/// (`rates` is only read when `p.rdoq` is set, and must then be given;
/// taken, not copied: the states are a copy per macroblock already).
pub fn decide_macroblock_with(
    src: &Picture,
    rec: &mut Picture,
    addr: usize,
    n: &MbNeighbors,
    p: &DecisionParams,
    rates: Option<ContextRates>,
) -> Macroblock {
    let q = Quantizer {
        deadzone: p.deadzone,
        rdoq: p
            .rdoq
            .map(|r| (r, rates.expect("RDOQ needs context rates"))),
    };
    // The chroma's quantizer starts from the macroblock's states too: a
    // copy only when there is chroma.
    let (q_luma, q_chroma) = if rec.planes.len() == 3 {
        (q.clone(), Some(q))
    } else {
        (q, None)
    };
    let w = src.width_mbs();
    let (x, y) = (16 * (addr % w), 16 * (addr / w));
    let lambda = u64::from(LAMBDA16[p.qp as usize]);
    // Candidates in the order I16x16, I8x8, I4x4; a later one replaces the
    // best so far only when strictly cheaper.
    let mut best: Option<Candidate> = None;
    let mut consider = |c: Candidate| {
        if best.as_ref().is_none_or(|b| c.cost < b.cost) {
            best = Some(c);
        }
    };
    if p.profile.modes16x16 != 0 {
        consider(luma16x16(src, rec, x, y, n, p, lambda, q_luma));
    }
    if p.transform_8x8 && p.profile.modes8x8 != 0 {
        consider(luma8x8(src, rec, x, y, n, p, lambda));
    }
    if p.profile.modes4x4 != 0 {
        consider(luma4x4(src, rec, x, y, n, p, lambda));
    }
    let best = best.expect("Profile::validate guarantees a luma tool");
    rec.planes[0].put_block(x, y, &best.recon);
    let mut mb = best.mb;
    if let Some(q) = q_chroma {
        chroma(src, rec, x / 2, y / 2, n, p, q, &mut mb);
    }
    mb
}

#[allow(clippy::too_many_arguments)]
fn luma16x16(
    src: &Picture,
    rec: &mut Picture,
    x: usize,
    y: usize,
    n: &MbNeighbors,
    p: &DecisionParams,
    lambda: u64,
    mut q: Quantizer,
) -> Candidate {
    let s: [[u8; 16]; 16] = src.planes[0].block(x, y);
    let plane = &mut rec.planes[0];
    let edges = intra::Edges16x16::gather(plane, x, y, n.avail_mb());
    let (mode, pred, satd_cost) = best_mode(
        u16::from(p.profile.modes16x16),
        |m| edges.as_ref()?.predict(m),
        |_, pr| 16 * u64::from(intra::satd16x16(&s, pr)),
    )
    .expect("DC is always available");
    let mut mb = Macroblock {
        kind: MbKind::I16x16,
        i16_mode: mode,
        ..Default::default()
    };
    let mut dc = [0i32; 16];
    // coded_block_flags of the AC blocks so far (RDOQ's contexts).
    let mut cbf = 0u16;
    for blk in 0..16 {
        let (bx, by) = (BLK_X[blk] as usize, BLK_Y[blk] as usize);
        let sb: [[u8; 4]; 4] = sub_block(&s, 4 * bx, 4 * by);
        let pb: [[u8; 4]; 4] = sub_block(&pred, 4 * bx, 4 * by);
        let inc = n.cbf_inc_luma(cbf, blk);
        let coded = q.ac(&diff4(&sb, &pb), p.qp, BlockCat::LumaAc, inc);
        dc[4 * by + bx] = coded.dc;
        let scanned = quant::scan4x4(&coded.levels);
        cbf |= u16::from(scanned.iter().any(|&l| l != 0)) << blk;
        mb.luma[16 * blk..16 * blk + 16].copy_from_slice(&scanned);
    }
    let any_ac = cbf != 0;
    let dc_lv = q.dc(
        &dc,
        p.qp,
        n.cbf_inc_luma_dc(),
        lane::dc::code_luma,
        rdoq::LUMA_DC,
    );
    mb.luma_dc = quant::scan4x4(&dc_lv);
    mb.cbp = if any_ac { 15 } else { 0 };
    recon::add16x16(plane, x, y, &pred, &mb, p.qp);
    let recon = plane.block(x, y);
    Candidate {
        mb,
        cost: satd_cost + lambda * u64::from(HDR_BITS_I16X16),
        recon,
    }
}

fn sub_block<const N: usize, const M: usize>(b: &[[u8; M]; M], x: usize, y: usize) -> [[u8; N]; N] {
    let mut out = [[0u8; N]; N];
    for (r, row) in out.iter_mut().enumerate() {
        row.copy_from_slice(&b[y + r][x..x + N]);
    }
    out
}

fn luma4x4(
    src: &Picture,
    rec: &mut Picture,
    x: usize,
    y: usize,
    n: &MbNeighbors,
    p: &DecisionParams,
    lambda: u64,
) -> Candidate {
    let plane: &mut Plane = &mut rec.planes[0];
    let mut mb = Macroblock {
        kind: MbKind::I4x4,
        ..Default::default()
    };
    let mut cost = lambda * u64::from(HDR_BITS_NXN);
    for blk in 0..16 {
        let (bx, by) = (x + 4 * BLK_X[blk] as usize, y + 4 * BLK_Y[blk] as usize);
        let s: [[u8; 4]; 4] = src.planes[0].block(bx, by);
        let predicted = n.predicted_mode(&mb.modes, blk);
        let edges = intra::Edges4x4::gather(plane, bx, by, n.avail4x4(blk));
        let (mode, pred, c) = best_mode(
            p.profile.modes4x4,
            |m| edges.as_ref()?.predict(m),
            |m, pr| {
                16 * u64::from(intra::satd4x4(&s, pr)) + lambda * u64::from(mode_bits(m, predicted))
            },
        )
        .expect("DC is always available");
        cost += c;
        mb.modes[blk] = mode;
        let out = lane::residual::lane4x4(&diff4(&s, &pred), p.qp, p.deadzone);
        let lv = quant::scan4x4(&out.levels);
        if lv.iter().any(|&l| l != 0) {
            mb.cbp |= 1 << (blk / 4);
        }
        mb.luma[16 * blk..16 * blk + 16].copy_from_slice(&lv);
        recon::add4x4(plane, bx, by, &pred, &out.recon);
    }
    Candidate {
        mb,
        cost,
        recon: plane.block(x, y),
    }
}

fn luma8x8(
    src: &Picture,
    rec: &mut Picture,
    x: usize,
    y: usize,
    n: &MbNeighbors,
    p: &DecisionParams,
    lambda: u64,
) -> Candidate {
    let plane: &mut Plane = &mut rec.planes[0];
    let mut mb = Macroblock {
        kind: MbKind::I8x8,
        ..Default::default()
    };
    let mut cost = lambda * u64::from(HDR_BITS_NXN);
    for b8 in 0..4 {
        let (bx, by) = (x + 8 * (b8 % 2), y + 8 * (b8 / 2));
        let s: [[u8; 8]; 8] = src.planes[0].block(bx, by);
        let predicted = n.predicted_mode(&mb.modes, 4 * b8);
        let edges = intra::Edges8x8::gather(plane, bx, by, n.avail8x8(b8));
        let (mode, pred, c) = best_mode(
            p.profile.modes8x8,
            |m| edges.as_ref()?.predict(m),
            |m, pr| {
                16 * u64::from(intra::satd8x8(&s, pr)) + lambda * u64::from(mode_bits(m, predicted))
            },
        )
        .expect("DC is always available");
        cost += c;
        mb.modes[4 * b8..4 * b8 + 4].fill(mode);
        let d: [i32; 64] = diff(&s, &pred);
        let out = lane::residual::lane8x8(&d, p.qp, p.deadzone);
        let lv = quant::scan8x8(&out.levels);
        if lv.iter().any(|&l| l != 0) {
            mb.cbp |= 1 << b8;
        }
        mb.luma[64 * b8..64 * b8 + 64].copy_from_slice(&lv);
        recon::add8x8(plane, bx, by, &pred, &out.recon);
    }
    Candidate {
        mb,
        cost,
        recon: plane.block(x, y),
    }
}

/// Chroma mode decision, quantization and reconstruction for both
/// components; sets the chroma part of `mb.cbp`.
#[allow(clippy::too_many_arguments)]
fn chroma(
    src: &Picture,
    rec: &mut Picture,
    cx: usize,
    cy: usize,
    n: &MbNeighbors,
    p: &DecisionParams,
    mut q: Quantizer,
    mb: &mut Macroblock,
) {
    let srcs: [[[u8; 8]; 8]; 2] = [src.planes[1].block(cx, cy), src.planes[2].block(cx, cy)];
    let avail = n.avail_mb();
    let mut best: Option<(u8, u64)> = None;
    for mode in 0..4u8 {
        if p.profile.modes_chroma & (1 << mode) == 0 {
            continue;
        }
        let mut cost = 0u64;
        let mut ok = true;
        for comp in 0..2 {
            match intra::predict_chroma(&rec.planes[1 + comp], cx, cy, mode, avail) {
                Some(pr) => cost += u64::from(intra::satd8x8(&srcs[comp], &pr)),
                None => ok = false,
            }
        }
        if ok && best.is_none_or(|b| cost < b.1) {
            best = Some((mode, cost));
        }
    }
    let mode = best.expect("DC is always available").0;
    mb.chroma_mode = mode;
    let offsets = [p.chroma_offsets.cb, p.chroma_offsets.cr];
    let mut any_dc = false;
    // coded_block_flags of the AC blocks so far (RDOQ's contexts).
    let mut cbf_ac = 0u8;
    let mut preds = [[[0u8; 8]; 8]; 2];
    for comp in 0..2 {
        let qpc = quant::chroma_qp(p.qp, offsets[comp]);
        let pred =
            intra::predict_chroma(&rec.planes[1 + comp], cx, cy, mode, avail).expect("checked");
        preds[comp] = pred;
        let mut dc = [0i32; 4];
        for blk in 0..4 {
            let (bx, by) = (4 * (blk % 2), 4 * (blk / 2));
            let s: [[u8; 4]; 4] = sub_block(&srcs[comp], bx, by);
            let pb: [[u8; 4]; 4] = sub_block(&pred, bx, by);
            let inc = n.cbf_inc_chroma_ac(cbf_ac, comp, blk);
            let coded = q.ac(&diff4(&s, &pb), qpc, BlockCat::ChromaAc, inc);
            dc[blk] = coded.dc;
            let scanned = quant::scan4x4(&coded.levels);
            cbf_ac |= u8::from(scanned.iter().any(|&l| l != 0)) << (4 * comp + blk);
            mb.chroma_ac[4 * comp + blk] = scanned;
        }
        let dc_lv = q.dc(
            &dc,
            qpc,
            n.cbf_inc_chroma_dc(comp),
            lane::dc::code_chroma,
            rdoq::CHROMA_DC,
        );
        any_dc |= dc_lv.iter().any(|&l| l != 0);
        mb.chroma_dc[comp] = dc_lv;
    }
    let cbp_chroma = if cbf_ac != 0 { 2 } else { u8::from(any_dc) };
    mb.cbp = (mb.cbp & 15) | (cbp_chroma << 4);
    for comp in 0..2 {
        let qpc = quant::chroma_qp(p.qp, offsets[comp]);
        recon::add_chroma(
            &mut rec.planes[1 + comp],
            cx,
            cy,
            &preds[comp],
            mb,
            comp,
            qpc,
        );
    }
}

#[cfg(test)]
mod tests {
    use super::LAMBDA16;

    #[test]
    fn lambda_table_follows_its_formula() {
        // The table is data; this checks it against the formula it documents
        // (floating point only here, never in the encoder).
        for (qp, &l) in LAMBDA16.iter().enumerate() {
            let f = 16.0 * (0.85 * 2f64.powf((qp as f64 - 12.0) / 3.0)).sqrt();
            assert_eq!(l, f.round() as u32, "qp {qp}");
        }
    }
}
