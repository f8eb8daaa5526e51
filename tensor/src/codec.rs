//! The tensor codec: one float tensor to H.264 streams and back.
//!
//! `align` turns the tensor's rows x cols matrix into 8-bit samples plus side
//! information; `mapping` cuts the samples into tiles, each a 4:0:0 picture;
//! each tile is one H.264 stream from the golden encoder, its macroblock QPs
//! set by `rate`. docs/tensor-codec.md specifies the parameter layout.

use super::mapping::{self, Matrix, Tile};
use super::rate::{self, log2_q8};
use golden::align::{self, AlignMode, Dtype, FloatVec, SideInfo};
use golden::decoder::Decoder;
use golden::encoder::{Encoder, EncoderConfig, Profile, Rdoq};
use golden::error::{Error, Result};
use golden::picture::{ChromaFormat, Picture};
use golden::quant::Deadzone;
use golden::{invalid, unsupported};
use rayon::prelude::*;
use std::sync::Arc;

/// Version byte of the parameter block written. Version 2 stores no row
/// order (the decoder derives it from the side information); version 1
/// blocks, which store it, are still read.
pub const PARAMS_VERSION: u8 = 2;

/// Encoder settings of the tensor codec.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodecParams {
    pub align: AlignMode,
    /// Slices per tile picture (lanes of a hardware encoder).
    pub slices: usize,
    pub transform_8x8: bool,
    pub profile: Profile,
    pub deadzone: Deadzone,
    /// Per-macroblock QP offsets that equalize the float-domain slope
    /// (rows or groups with larger steps get finer QPs).
    pub mb_qp_adapt: bool,
    /// Code the rows sorted by their step, so that a macroblock's 16 rows
    /// have similar steps and its QP offset fits all of them (the decoder
    /// derives the order from the side information; with a byte budget the
    /// unsorted version is coded too, and the better kept).
    pub sort_rows: bool,
    /// What shares one alignment scale: each row (or group of a row), the
    /// whole tensor, or whichever of the two codes the tensor with the lower
    /// error at its byte budget.
    pub scope: AlignScope,
    /// How a macroblock's step (for its QP offset) sums up the steps of its
    /// samples; `Auto` codes both ways with a scale per row and keeps the one
    /// with less error.
    pub mb_step: MbStep,
    /// RDOQ of the residual levels (an encoder decision: the streams and the
    /// parameter block do not record it).
    pub rdoq: Option<Rdoq>,
}

/// The step a macroblock's QP offset equalizes, from its samples' steps
/// (docs/tensor-codec.md, "Rate control").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MbStep {
    /// The mean of the log2 steps (their geometric mean).
    MeanLog2,
    /// The root mean square step: a row of much larger steps (outliers)
    /// weighs as its squared errors do, and its macroblocks get finer QPs.
    Rms,
    /// Both (with a scale per row), the better kept ([`Variants`]).
    Auto,
}

/// What shares one alignment scale (docs/tensor-codec.md, "Alignment scope").
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AlignScope {
    /// The `align` mode as given: a BFP exponent per group of a row, or an
    /// affine scale per row. (`prepare` also reads `Auto` as `Row`.)
    Row,
    /// One scale for the whole tensor: the `align` mode applied to all its
    /// values as one row (one BFP exponent, or one affine scale and zero
    /// point); every macroblock then has the same float step, so no row
    /// order and no QP offsets are needed.
    Tensor,
    /// Both, keeping the better ([`Variants`]).
    Auto,
}

/// Deadzone of the tensor codec: 450/1024 of a step, measured best on
/// MiniLM and stories260K weights at 2-4 bits/value (docs/results/rd.md).
pub const TENSOR_DEADZONE: Deadzone = Deadzone(450);

/// RDOQ of the tensor codec (on by default, docs/decisions.md D31): lambda
/// 6144 / 65536 = 3/32 Qstep^2 per bit, measured best at equal rate on
/// MiniLM and stories260K weights at 2.5 and 4 bits/value (docs/results/
/// tensor-tools.md; H.264's usual 0.136, `Rdoq::H264`, is worse there).
pub const TENSOR_RDOQ: Rdoq = Rdoq { lambda_q16: 6144 };

impl Default for CodecParams {
    /// The measured best settings for weights: one BFP exponent per row,
    /// Intra16x16 only (finer intra tools cost more side information than
    /// they save on noise-like data), sorted rows with QP adaptation, RDOQ.
    fn default() -> Self {
        CodecParams {
            align: AlignMode::Bfp { group: u32::MAX },
            slices: 1,
            transform_8x8: true,
            profile: Profile::I16X16_ONLY,
            deadzone: TENSOR_DEADZONE,
            mb_qp_adapt: true,
            sort_rows: true,
            scope: AlignScope::Auto,
            mb_step: MbStep::Auto,
            rdoq: Some(TENSOR_RDOQ),
        }
    }
}

/// The codec's output for one tensor: the parameter block (alignment mode,
/// side information, coding switches) and one H.264 stream per tile.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CodedTensor {
    pub params: Vec<u8>,
    pub streams: Vec<Vec<u8>>,
}

impl CodedTensor {
    /// Bytes of parameters and streams.
    pub fn bytes(&self) -> u64 {
        (self.params.len() + self.streams.iter().map(Vec::len).sum::<usize>()) as u64
    }
}

/// How the QPs of a tensor are chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum QpChoice {
    /// The smallest base QP whose parameters + streams fit this many bytes.
    Budget(u64),
    /// A fixed base QP in 1/8 units, with macroblock offsets relative to an
    /// absolute step reference (log2 step in Q8 = 0 means step 1.0): equal
    /// slopes across tensors, for model-level RD allocation.
    Global8(i32),
}

/// A tensor aligned and mapped, ready to be coded at any QP.
pub struct Prepared {
    pub matrix: Matrix,
    pub tiles: Vec<Tile>,
    /// Shared by variants that differ only in their macroblock steps.
    pub aligned: Arc<align::Aligned>,
    /// Log2 of the float step (Q8) of every macroblock of every tile, in
    /// coding order: the mean of its samples' log2 steps, or with
    /// `MbStep::Rms` the log2 of their RMS step.
    pub mb_step_log2: Vec<i32>,
    /// Row order when rows are sorted (row i of the pictures is row
    /// `order[i]` of the tensor); empty otherwise.
    order: Vec<u32>,
    /// One alignment scale for the whole tensor: `aligned.side` describes
    /// one row of all the values.
    per_tensor: bool,
    params_head: Vec<u8>,
    cfg: CodecParams,
}

/// Codes one tensor, choosing between the ways [`Variants`] lists.
pub fn compress(
    name: &str,
    values: &FloatVec,
    shape: &[usize],
    cfg: &CodecParams,
    choice: QpChoice,
) -> Result<CodedTensor> {
    let global = matches!(choice, QpChoice::Global8(_));
    Variants::new(name, values, shape, cfg, global)?.code(choice)
}

/// The ways the encoder may code one tensor, prepared once; [`Variants::code`]
/// codes each and keeps one.
///
/// - With a byte budget: with `sort_rows`, rows unsorted and rows sorted;
///   with `MbStep::Auto` (and QP adaptation), also the sorted rows with the
///   RMS macroblock step; with `AlignScope::Auto`, also one scale for the
///   whole tensor. The kept version has the lowest float-domain squared
///   error ([`Prepared::float_sse`]); ties keep the earlier in that order.
/// - With a global base QP (`rd` allocation): rows as `sort_rows` says and,
///   with `AlignScope::Auto`, one scale for the whole tensor; the kept
///   version has the lowest `D + lambda * R` ([`rd_lambda`]; ties keep rows).
pub struct Variants<'a> {
    values: &'a FloatVec,
    prepared: Vec<Prepared>,
}

impl<'a> Variants<'a> {
    /// Prepares the variants for a byte budget (`global` false) or for a
    /// global base QP (`global` true).
    pub fn new(
        name: &str,
        values: &'a FloatVec,
        shape: &[usize],
        cfg: &CodecParams,
        global: bool,
    ) -> Result<Self> {
        let mut list = Vec::new();
        if cfg.scope != AlignScope::Tensor {
            let row = CodecParams {
                scope: AlignScope::Row,
                mb_step: match cfg.mb_step {
                    MbStep::Auto => MbStep::MeanLog2,
                    m => m,
                },
                ..cfg.clone()
            };
            if cfg.sort_rows && !global {
                list.push(CodecParams {
                    sort_rows: false,
                    ..row.clone()
                });
            }
            list.push(row.clone());
            if cfg.mb_step == MbStep::Auto && cfg.mb_qp_adapt && !global {
                list.push(CodecParams {
                    mb_step: MbStep::Rms,
                    ..row
                });
            }
        }
        if cfg.scope == AlignScope::Tensor
            || (cfg.scope == AlignScope::Auto && u32::try_from(values.as_slice().len()).is_ok())
        {
            list.push(CodecParams {
                scope: AlignScope::Tensor,
                ..cfg.clone()
            });
        }
        let mut prepared: Vec<Prepared> = Vec::with_capacity(list.len());
        for c in &list {
            // A variant that differs from the one before only in its
            // macroblock steps shares its samples.
            let p = match prepared.last() {
                Some(q) if same_but_mb_step(&q.cfg, c) => q.with_mb_step(c.mb_step),
                _ => prepare(name, values, shape, c)?,
            };
            prepared.push(p);
        }
        Ok(Variants { values, prepared })
    }

    /// Codes the variants as `choice` asks, on rayon's threads, and returns
    /// the one kept.
    ///
    /// With a budget, the first variant is searched to the budget from its
    /// [`rate::guess_base8`]; every other variant is then coded once at its
    /// own guess moved by what the first one's guess missed by. Its error at
    /// the budget is estimated from that coding's error and size at 6.02 dB
    /// per bit per value (`log2 D` falls by `2 * 8 * (budget - size) /
    /// values`), trusted to half that correction either way. A variant whose
    /// most optimistic estimate is more than [`PRUNE_MARGIN_Q16`] above the
    /// best most pessimistic one (the first variant's: its error at the
    /// budget, exactly) is not searched; the others are searched to the
    /// budget (from that coding, which is not redone). All integer but for
    /// the errors themselves ([`Prepared::float_sse`]; their log2 is taken
    /// exactly from the bits of the f64), so every machine keeps the same
    /// variants.
    pub fn code(&self, choice: QpChoice) -> Result<CodedTensor> {
        let lambda = match choice {
            QpChoice::Budget(budget) => return self.code_to_budget(budget),
            QpChoice::Global8(g) => rd_lambda(g),
        };
        // Every variant at the global base QP, kept by D + lambda R.
        let coded = self
            .prepared
            .par_iter()
            .map(|p| -> Result<(CodedTensor, f64)> {
                let (_, (c, recon)) = p.code_from(choice, None)?;
                let cost = p.float_sse(self.values, recon)? + lambda * (8 * c.bytes()) as f64;
                Ok((c, cost))
            })
            .collect::<Vec<_>>();
        let mut best: Option<(CodedTensor, f64)> = None;
        for o in coded {
            let (c, e) = o?;
            if best.as_ref().is_none_or(|b| e < b.1) {
                best = Some((c, e));
            }
        }
        Ok(best.expect("at least one variant").0)
    }

    /// The variant that codes `coded` (one of this list's codings: its base
    /// QP is read from its parameters): each variant at that base QP, the
    /// first whose parameters and streams are `coded`'s. For a hardware
    /// encoder's host, which takes the kept variant's decisions
    /// ([`Prepared::encode_plan`]) after software's rate search.
    pub fn kept(&self, coded: &CodedTensor) -> Result<&Prepared> {
        let base8 = base_qp8(coded)?;
        for p in &self.prepared {
            if p.encode(base8, false)?.0 == *coded {
                return Ok(p);
            }
        }
        Err(invalid!("no variant codes this tensor"))
    }

    /// [`Variants::code`] with a byte budget.
    fn code_to_budget(&self, budget: u64) -> Result<CodedTensor> {
        // Codings are held without their reconstructions (measured and
        // dropped at once): a tensor's samples are not held once per coding.
        type Coding = CodedTensor;
        let n = self.values.as_slice().len().max(1) as i128;
        let guess = |p: &Prepared| rate::guess_base8(&p.aligned.samples, budget, p.cfg.deadzone.0);
        // A rate search from `guess`, whose coding `first` (size, coding,
        // error) may be known already; returns the base found, its coding
        // and its error.
        let search = |p: &Prepared,
                      guess: i32,
                      first: Option<(u64, Coding, f64)>|
         -> Result<(i32, Coding, f64)> {
            let mut first = first;
            let (b, _, (c, d)) = rate::search_base8(budget, Some(guess), |b| {
                if b == guess {
                    if let Some((size, c, d)) = first.take() {
                        return Ok((size, (c, d)));
                    }
                }
                let (c, d) = p.encode_measured(self.values, b)?;
                Ok((c.bytes(), (c, d)))
            })?;
            Ok((b, c, d))
        };
        let (head, rest) = self.prepared.split_first().expect("a variant");
        // The first variant, searched; its answer less its guess calibrates
        // the others' guesses (the guess misses what prediction and the
        // transform save by about the same for every variant of a tensor).
        let g0 = guess(head);
        let (b0, c0, d0) = search(head, g0, None)?;
        // The others coded once at their calibrated guesses.
        let firsts = rest
            .par_iter()
            .map(|p| -> Result<(i32, Coding, f64)> {
                let g = (guess(p) + b0 - g0).clamp(0, rate::BASE8_MAX);
                let (c, d) = p.encode_measured(self.values, g)?;
                Ok((g, c, d))
            })
            .collect::<Result<Vec<_>>>()?;
        // log2 of each one's estimated error at the budget (Q16), and how far
        // that moved it from the coding's own error (the estimate is trusted
        // to half that move either way); the first variant's is exact.
        let est = |size: u64, d: f64| {
            let gap = i128::from(budget) - i128::from(size);
            let shift = (gap * 16 * 65536 / n) as i64;
            (log2_q16_f64(d) - shift, shift.abs() / 2)
        };
        let ests: Vec<(i64, i64)> = firsts.iter().map(|(_, c, d)| est(c.bytes(), *d)).collect();
        // The best pessimistic estimate.
        let bound = ests
            .iter()
            .map(|&(e, u)| e + u)
            .chain([log2_q16_f64(d0)])
            .min()
            .expect("a variant");
        let searched = rest
            .par_iter()
            .zip(firsts)
            .zip(&ests)
            .filter(|(_, &(e, u))| e - u <= bound + PRUNE_MARGIN_Q16)
            .map(|((p, (g, c, d)), _)| search(p, g, Some((c.bytes(), c, d))))
            .collect::<Result<Vec<_>>>()?;
        let mut kept = (c0, d0);
        for (_, c, d) in searched {
            if d < kept.1 {
                kept = (c, d);
            }
        }
        Ok(kept.0)
    }
}

/// Whether `a` and `b` differ at most in their macroblock step rule.
fn same_but_mb_step(a: &CodecParams, b: &CodecParams) -> bool {
    *a == CodecParams {
        mb_step: a.mb_step,
        ..b.clone()
    }
}

/// How far above the best estimate (log2 of the error, Q16) a variant's
/// estimated error at the budget may be and still be searched
/// ([`Variants::code`]): 0.25 dB (log2 10^0.025 = 0.0830).
pub const PRUNE_MARGIN_Q16: i64 = 5442;

/// floor(65536 * log2(x)) for a positive finite x, from its exponent and
/// mantissa bits (exact: [`rate::log2_fixed`] of the 53-bit significand);
/// zero and below give a value below any positive x's.
fn log2_q16_f64(x: f64) -> i64 {
    if x.is_nan() || x <= 0.0 {
        return i64::MIN / 4;
    }
    let bits = x.to_bits();
    let exp = ((bits >> 52) & 0x7FF) as i64;
    let frac = bits & ((1 << 52) - 1);
    // Normal: (2^52 + frac) * 2^(exp - 1075); subnormal: frac * 2^-1074.
    let (m, e) = if exp == 0 {
        (frac, -1074)
    } else {
        (frac | 1 << 52, exp - 1075)
    };
    rate::log2_fixed(m, 16) + (e << 16)
}

/// The Lagrange multiplier of the `rd` allocation's choice between
/// variants, in float-domain squared error per bit, at global base QP `g8`
/// (1/8 units). A macroblock of float step `s` is coded at
/// `QP = g8 / 8 - 6 log2(s)` (absolute offsets), where the usual H.264 mode
/// decision multiplier `0.85 * 2^((QP - 12) / 3)` (per squared sample
/// error) times `s^2` is `0.85 * 2^((g8 / 8 - 12) / 3)` for every `s`. The
/// exponent is rounded to the nearest half (`2^(h / 2)` from `powi` of 2 and
/// `SQRT_2`: exact, so the choice is the same on every machine).
pub fn rd_lambda(g8: i32) -> f64 {
    // (g8 / 8 - 12) / 3 = (g8 - 96) / 24 octaves; h half-octaves.
    let h = (g8 - 96 + 6).div_euclid(12);
    let odd = if h.rem_euclid(2) == 1 {
        std::f64::consts::SQRT_2
    } else {
        1.0
    };
    0.85 * 2f64.powi(h.div_euclid(2)) * odd
}

/// Aligns `values` (row-major, of `shape`) and prepares the tiles: one
/// variant, with `AlignScope::Auto` read as `Row` and `MbStep::Auto` as
/// `MeanLog2` ([`Variants`] lists them all).
pub fn prepare(
    name: &str,
    values: &FloatVec,
    shape: &[usize],
    cfg: &CodecParams,
) -> Result<Prepared> {
    let matrix = Matrix::of_shape(shape)?;
    if values.as_slice().len() != matrix.len() {
        return Err(Error::Config(format!(
            "tensor {name}: {} values for shape {shape:?}",
            values.as_slice().len()
        )));
    }
    let per_tensor = cfg.scope == AlignScope::Tensor;
    if per_tensor && u32::try_from(matrix.len()).is_err() {
        return Err(unsupported!(
            "tensor {name}: one alignment scale for {} values (at most 2^32 - 1)",
            matrix.len()
        ));
    }
    let mut aligned = if per_tensor {
        // All values as one row: one exponent (BFP) or one scale (affine).
        let mode = match cfg.align {
            AlignMode::Bfp { .. } => AlignMode::Bfp { group: u32::MAX },
            AlignMode::AffineRow => AlignMode::AffineRow,
        };
        let mut a = align::align(name, values.as_slice(), 1, matrix.len(), mode)?;
        (a.rows, a.cols) = (matrix.rows, matrix.cols);
        a
    } else {
        align::align(name, values.as_slice(), matrix.rows, matrix.cols, cfg.align)?
    };
    let order = if cfg.sort_rows && !per_tensor {
        row_order(&step_log2(&aligned.side, matrix), matrix.cols)
    } else {
        Vec::new()
    };
    if !order.is_empty() {
        aligned.samples = permute_rows(&aligned.samples, matrix.cols, &order);
    }
    let flags = u8::from(cfg.transform_8x8)
        | (u8::from(cfg.mb_qp_adapt) << 1)
        | (u8::from(!order.is_empty()) << 2)
        | (u8::from(per_tensor) << 3);
    let mut head = vec![PARAMS_VERSION, flags];
    head.extend_from_slice(&(cfg.slices as u16).to_le_bytes());
    let side = aligned.side.to_bytes();
    head.extend_from_slice(&(side.len() as u32).to_le_bytes());
    head.extend_from_slice(&side);
    let p = Prepared {
        matrix,
        tiles: mapping::tiles(matrix),
        aligned: Arc::new(aligned),
        mb_step_log2: Vec::new(),
        order,
        per_tensor,
        params_head: head,
        cfg: cfg.clone(),
    };
    Ok(p.with_mb_step(cfg.mb_step))
}

impl Prepared {
    /// The same samples (shared, not copied) with the macroblock steps of
    /// `mb_step` (`Auto` read as `MeanLog2`).
    fn with_mb_step(&self, mb_step: MbStep) -> Prepared {
        let m = self.matrix;
        // Each picture row's (first column, log2 step) runs.
        let row_log2 = if self.per_tensor {
            let all = Matrix {
                rows: 1,
                cols: m.len(),
            };
            vec![vec![(0, step_log2(&self.aligned.side, all)[0][0].1)]; m.rows]
        } else {
            let l = step_log2(&self.aligned.side, m);
            if self.order.is_empty() {
                l
            } else {
                self.order.iter().map(|&r| l[r as usize].clone()).collect()
            }
        };
        let mut mb_step_log2 = Vec::new();
        for t in &self.tiles {
            mb_step_log2.extend(tile_mb_log2(&row_log2, *t, mb_step == MbStep::Rms));
        }
        Prepared {
            matrix: m,
            tiles: self.tiles.clone(),
            aligned: Arc::clone(&self.aligned),
            mb_step_log2,
            order: self.order.clone(),
            per_tensor: self.per_tensor,
            params_head: self.params_head.clone(),
            cfg: CodecParams {
                mb_step,
                ..self.cfg.clone()
            },
        }
    }
}

/// Mean log2 step (Q8, floor) of one row's runs.
fn row_mean_log2(runs: &[(usize, i32)], cols: usize) -> i64 {
    let mut sum = 0i64;
    for (i, &(start, l)) in runs.iter().enumerate() {
        let end = runs.get(i + 1).map_or(cols, |x| x.0);
        sum += i64::from(l) * (end - start) as i64;
    }
    sum.div_euclid(cols.max(1) as i64)
}

/// Rows in increasing order of their mean log2 step (ties by index).
fn row_order(rows: &[Vec<(usize, i32)>], cols: usize) -> Vec<u32> {
    let keys: Vec<i64> = rows.iter().map(|r| row_mean_log2(r, cols)).collect();
    let mut order: Vec<u32> = (0..rows.len() as u32).collect();
    order.sort_by_key(|&r| (keys[r as usize], r));
    order
}

/// Row `i` of the result is row `order[i]` of `samples`.
fn permute_rows(samples: &[u8], cols: usize, order: &[u32]) -> Vec<u8> {
    let mut out = Vec::with_capacity(samples.len());
    for &r in order {
        out.extend_from_slice(&samples[r as usize * cols..(r as usize + 1) * cols]);
    }
    out
}

/// The inverse of [`permute_rows`], in place: row `i` of `samples` moves to
/// row `order[i]` (an empty order leaves them as they are). Follows each
/// cycle of the permutation with one row of scratch, so a tensor's samples
/// are never held twice.
fn unpermute_rows(samples: &mut [u8], cols: usize, order: &[u32]) {
    let mut done = vec![false; order.len()];
    let mut carry = vec![0u8; cols];
    for start in 0..order.len() {
        if done[start] {
            continue;
        }
        done[start] = true;
        carry.copy_from_slice(&samples[start * cols..(start + 1) * cols]);
        let mut j = order[start] as usize;
        while j != start {
            // `carry` holds the row that belongs at `j`; take out the one there.
            carry.swap_with_slice(&mut samples[j * cols..(j + 1) * cols]);
            done[j] = true;
            j = order[j] as usize;
        }
        samples[start * cols..(start + 1) * cols].copy_from_slice(&carry);
    }
}

/// Bits per row index: ceil(log2(rows)), at least 1.
fn index_bits(rows: usize) -> u32 {
    (usize::BITS - (rows.max(2) - 1).leading_zeros()).max(1)
}

/// The row order packed MSB-first, `index_bits(rows)` bits per entry (as
/// version 1 parameter blocks store it).
#[cfg(test)]
fn pack_order(order: &[u32]) -> Vec<u8> {
    let b = index_bits(order.len());
    let mut w = golden::bitstream::BitWriter::new();
    for &r in order {
        w.put_bits(r, b);
    }
    while !w.is_aligned() {
        w.put_bits(0, 1);
    }
    w.into_bytes()
}

/// Reads and checks a packed row order of `rows` entries (a permutation).
fn unpack_order(bytes: &[u8], rows: usize) -> Result<Vec<u32>> {
    let b = index_bits(rows);
    if bytes.len() as u64 != (rows as u64 * u64::from(b)).div_ceil(8) {
        return Err(invalid!(
            "row order of {} bytes for {rows} rows",
            bytes.len()
        ));
    }
    let mut r = golden::bitstream::BitReader::new(bytes);
    let mut seen = vec![false; rows];
    let mut order = Vec::with_capacity(rows);
    for _ in 0..rows {
        let i = r.read_bits(b)? as usize;
        if i >= rows || seen[i] {
            return Err(invalid!("row order is not a permutation"));
        }
        seen[i] = true;
        order.push(i as u32);
    }
    Ok(order)
}

/// Log2 of the float value of one sample step (Q8) for each (row, group)
/// cell: returns, per row, the list of (first column, log2) runs.
fn step_log2(side: &SideInfo, m: Matrix) -> Vec<Vec<(usize, i32)>> {
    match side {
        SideInfo::AffineRow { rows } => rows
            .iter()
            .map(|p| vec![(0, fp16_log2_q8(p.scale))])
            .collect(),
        SideInfo::Bfp { group, exponents } => {
            let g = *group as usize;
            let per_row = align::groups_per_row(m.cols, *group);
            (0..m.rows)
                .map(|r| {
                    (0..per_row)
                        .map(|k| {
                            // Sample step = 2^(code - 127 - ELEMENT_FRAC_BITS).
                            let code = i32::from(exponents[r * per_row + k]);
                            let e = code - align::E8M0_BIAS - align::ELEMENT_FRAC_BITS;
                            (k * g, 256 * e)
                        })
                        .collect()
                })
                .collect()
        }
    }
}

/// floor(256 * log2(v)) of a positive FP16 value; a zero scale (constant
/// row) counts as the smallest step, 2^-40.
fn fp16_log2_q8(bits: u16) -> i32 {
    let (e, m) = (i32::from((bits >> 10) & 31), u64::from(bits & 1023));
    match (e, m) {
        (0, 0) => -40 * 256,
        (0, m) => log2_q8(m) - 24 * 256,
        (e, m) => log2_q8(1024 + m) + 256 * (e - 25),
    }
}

/// The log2 step (Q8) of each macroblock of a tile (raster order), over the
/// tile's samples it covers: the mean of their log2 steps (floor), or with
/// `rms` the log2 of their root mean square step,
/// `floor(128 * (h0 + log2(sum 2^(h - h0)) - log2(n)))` with `h =
/// floor(l / 128)` each sample's log2 step in half octaves (exact for BFP's
/// power-of-two steps), `h0` the macroblock's smallest, differences capped at
/// 62 (integer: `rate::log2_q8`).
fn tile_mb_log2(rows: &[Vec<(usize, i32)>], t: Tile, rms: bool) -> Vec<i32> {
    let (wm, hm) = (t.cols.div_ceil(16), t.rows.div_ceil(16));
    let mut out = Vec::with_capacity(wm * hm);
    let mut cells = Vec::new();
    for my in 0..hm {
        for mx in 0..wm {
            let (c0, c1) = (
                t.col0 + 16 * mx,
                (t.col0 + 16 * mx + 16).min(t.col0 + t.cols),
            );
            // (log2 step in Q8, samples) of the macroblock's runs.
            cells.clear();
            for r in (t.row0 + 16 * my)..(t.row0 + 16 * my + 16).min(t.row0 + t.rows) {
                let runs = &rows[r];
                for (i, &(start, l)) in runs.iter().enumerate() {
                    let end = runs.get(i + 1).map_or(usize::MAX, |x| x.0);
                    let (a, b) = (start.max(c0), end.min(c1));
                    if a < b {
                        cells.push((l, (b - a) as u64));
                    }
                }
            }
            let n: u64 = cells.iter().map(|c| c.1).sum::<u64>().max(1);
            out.push(if rms && !cells.is_empty() {
                let h0 = cells.iter().map(|c| c.0.div_euclid(128)).min().unwrap_or(0);
                let sum: u128 = cells
                    .iter()
                    .map(|&(l, k)| u128::from(k) << (l.div_euclid(128) - h0).min(62))
                    .sum();
                // log2 of a u128 sum: its top 64 bits, shifted back.
                let shift = (128 - sum.leading_zeros()).saturating_sub(64);
                let log_sum = rate::log2_q8((sum >> shift) as u64) + 256 * shift as i32;
                128 * h0 + (log_sum - rate::log2_q8(n)) / 2
            } else {
                let sum: i64 = cells.iter().map(|&(l, k)| i64::from(l) * k as i64).sum();
                sum.div_euclid(n as i64) as i32
            });
        }
    }
    out
}

impl Prepared {
    /// QP offsets (1/8 units) of every macroblock for `choice`.
    fn offsets8(&self, global: bool) -> Vec<i32> {
        if !self.cfg.mb_qp_adapt && !global {
            return vec![0; self.mb_step_log2.len()];
        }
        if global {
            // Absolute: QP_m = G - 6 * log2(step_m).
            self.mb_step_log2
                .iter()
                .map(|&l| (-48 * i64::from(l) + 128).div_euclid(256) as i32)
                .collect()
        } else {
            rate::equal_slope_offsets8(&self.mb_step_log2)
        }
    }

    /// The macroblock QPs of every tile (raster order) at base QP `base8`
    /// (1/8 units): error diffusion runs on across tiles.
    fn tile_qps(&self, base8: i32, global: bool) -> Vec<Vec<i32>> {
        let offsets = self.offsets8(global);
        let mut carry = 0;
        let mut k = 0;
        self.tiles
            .iter()
            .map(|t| {
                let n = t.cols.div_ceil(16) * t.rows.div_ceil(16);
                k += n;
                rate::mb_qps(base8, &offsets[k - n..k], &mut carry)
            })
            .collect()
    }

    /// Codes every tile with base QP `base8` (1/8 units). Also returns the
    /// reconstructed samples (the pictures' rows, in coding order).
    pub fn encode(&self, base8: i32, global: bool) -> Result<(CodedTensor, Vec<u8>)> {
        // The macroblock QPs of every tile first, then the tiles in parallel
        // (rayon).
        let tile_qps = self.tile_qps(base8, global);
        // Each tile's reconstruction goes into the tensor's as soon as the
        // tile is coded (the tiles' pictures are not all held at once).
        let recon = std::sync::Mutex::new(vec![0u8; self.matrix.len()]);
        let streams = self
            .tiles
            .par_iter()
            .zip(tile_qps)
            .map(|(t, qps)| {
                let samples = mapping::extract(&self.aligned.samples, self.matrix, *t);
                let pic = Picture::from_raw(ChromaFormat::Monochrome, t.cols, t.rows, &samples)?;
                let cfg = EncoderConfig {
                    qp: qps[0],
                    slices: self.cfg.slices.min(qps.len()),
                    transform_8x8: self.cfg.transform_8x8,
                    deblock: false,
                    profile: self.cfg.profile,
                    deadzone: self.cfg.deadzone,
                    mb_qp: Some(qps),
                    rdoq: self.cfg.rdoq,
                };
                let mut enc = Encoder::new(ChromaFormat::Monochrome, t.cols, t.rows, cfg)?;
                let out = enc.encode(&pic)?;
                let tile = out.recon.to_raw();
                let mut all = recon.lock().expect("no tile panicked");
                mapping::insert(&mut all, self.matrix, *t, &tile);
                Ok(out.bytes)
            })
            .collect::<Result<Vec<_>>>()?;
        let recon = recon.into_inner().expect("no tile panicked");
        let mut params = self.params_head.clone();
        params.extend_from_slice(&base8.to_le_bytes());
        Ok((CodedTensor { params, streams }, recon))
    }

    /// The float-domain squared error of a reconstruction `recon` (samples
    /// in coding order, as `encode` returns them) against the tensor's
    /// `values`: the sum over elements, in row-major order, of
    /// `(x - y)^2` in binary64, `y` the exact dequantized value. It includes
    /// the alignment's own rounding, so variants with different scales
    /// compare fairly. A measurement in f64 (deterministic: one rounding per
    /// operation, fixed order), used only to choose between variants.
    /// Takes `recon` to put its rows back in tensor order in place.
    pub fn float_sse(&self, values: &FloatVec, mut recon: Vec<u8>) -> Result<f64> {
        let cols = self.matrix.cols;
        if recon.len() != self.matrix.len() {
            return Err(Error::Config(format!(
                "{} reconstructed samples for {} values",
                recon.len(),
                self.matrix.len()
            )));
        }
        unpermute_rows(&mut recon, cols, &self.order);
        let (rows, cols) = if self.per_tensor {
            (1, self.matrix.len())
        } else {
            (self.matrix.rows, cols)
        };
        align::squared_error_f64(&values.as_slice(), &recon, rows, cols, &self.aligned.side)
    }

    /// [`Prepared::encode`] with a byte budget, the reconstruction measured
    /// ([`Prepared::float_sse`]) and dropped: the coding and its error.
    fn encode_measured(&self, values: &FloatVec, base8: i32) -> Result<(CodedTensor, f64)> {
        let (c, recon) = self.encode(base8, false)?;
        let d = self.float_sse(values, recon)?;
        Ok((c, d))
    }

    /// Codes the tensor as `choice` asks; returns it with its reconstructed
    /// samples (coding order).
    pub fn code(&self, choice: QpChoice) -> Result<(CodedTensor, Vec<u8>)> {
        Ok(self.code_from(choice, None)?.1)
    }

    /// As [`Prepared::code`], the rate search starting from `guess` (a base
    /// QP in 1/8 units, [`rate::search_base8`]); also returns the base QP.
    pub fn code_from(
        &self,
        choice: QpChoice,
        guess: Option<i32>,
    ) -> Result<(i32, (CodedTensor, Vec<u8>))> {
        match choice {
            QpChoice::Global8(g) => Ok((g, self.encode(g, true)?)),
            QpChoice::Budget(bytes) => {
                let (base8, _, coded) = rate::search_base8(bytes, guess, |b| {
                    let c = self.encode(b, false)?;
                    Ok((c.0.bytes(), c))
                })?;
                Ok((base8, coded))
            }
        }
    }
}

/// What a hardware tensor encoder is given beside the tensor's floats (the
/// RTL's `tensor_enc_top`, docs/decisions.md D36): the decisions software
/// makes (row order, macroblock QPs, slices) and the row codes it checks the
/// hardware's scan against. [`Prepared::encode`] codes each tile with exactly
/// these: picture row `i` is tensor row `rows[i]` aligned with `codes[rows[i]]`,
/// tile `t` is coded with `qps[t]` in `slices[t]` slices.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncodePlan {
    pub matrix: Matrix,
    pub tiles: Vec<Tile>,
    /// The tensor row of each coded row (over the whole matrix).
    pub rows: Vec<u32>,
    /// The E8M0 code of each tensor row (all equal with one scale for the
    /// whole tensor).
    pub codes: Vec<u8>,
    /// One scale for the whole tensor.
    pub per_tensor: bool,
    /// Each tile's macroblock QPs, raster order.
    pub qps: Vec<Vec<i32>>,
    /// Each tile's slices.
    pub slices: Vec<usize>,
    /// The PPS's transform_8x8_mode_flag, the dead zone and RDOQ (which a
    /// hardware encoder without it cannot follow).
    pub transform_8x8: bool,
    pub deadzone: Deadzone,
    pub rdoq: Option<Rdoq>,
}

impl Prepared {
    /// The [`EncodePlan`] of coding this variant at base QP `base8` (1/8
    /// units). Supported: BFP with one exponent per row or one for the whole
    /// tensor, Intra16x16 only; anything else is `Unsupported`.
    pub fn encode_plan(&self, base8: i32, global: bool) -> Result<EncodePlan> {
        let m = self.matrix;
        let codes = match &self.aligned.side {
            SideInfo::Bfp { exponents, .. } if self.per_tensor => vec![exponents[0]; m.rows],
            SideInfo::Bfp { exponents, .. } if exponents.len() == m.rows => exponents.clone(),
            side => {
                return Err(unsupported!(
                "hardware encoding of {:?} alignment (one BFP exponent per row or per tensor only)",
                side.mode()
            ))
            }
        };
        if self.cfg.profile != Profile::I16X16_ONLY {
            return Err(unsupported!(
                "hardware encoding of the {:?} profile (Intra16x16 only)",
                self.cfg.profile
            ));
        }
        let qps = self.tile_qps(base8, global);
        Ok(EncodePlan {
            matrix: m,
            tiles: self.tiles.clone(),
            rows: if self.order.is_empty() {
                (0..m.rows as u32).collect()
            } else {
                self.order.clone()
            },
            codes,
            per_tensor: self.per_tensor,
            slices: qps.iter().map(|q| self.cfg.slices.min(q.len())).collect(),
            qps,
            transform_8x8: self.cfg.transform_8x8,
            deadzone: self.cfg.deadzone,
            rdoq: self.cfg.rdoq,
        })
    }
}

/// The fields of a parameter block.
struct Params {
    side: SideInfo,
    /// Row order when rows were sorted (row i of the pictures is row
    /// `order[i]` of the tensor).
    order: Option<Vec<u32>>,
    /// One alignment scale for the whole tensor (flag bit 3).
    per_tensor: bool,
}

/// Reads a parameter block for a matrix of `rows` rows.
fn parse_params(p: &[u8], matrix: Matrix) -> Result<Params> {
    let bad = || invalid!("tensor parameter block truncated or corrupt");
    if p.len() < 12 {
        return Err(bad());
    }
    let version = p[0];
    if version != 1 && version != PARAMS_VERSION {
        return Err(unsupported!("tensor parameter block version {version}"));
    }
    let flags = p[1];
    let known = if version == 1 { 0b0111 } else { 0b1111 };
    if flags & !known != 0 || flags & 0b1100 == 0b1100 {
        return Err(invalid!("tensor parameter flags {flags:#x}"));
    }
    let per_tensor = flags & 8 != 0;
    let side_len = u32::from_le_bytes(p[4..8].try_into().expect("4 bytes")) as usize;
    // The last four bytes are the informative base QP (`base_qp8`).
    let body = &p[8..p.len() - 4];
    if side_len > body.len() {
        return Err(bad());
    }
    let (side, rest) = body.split_at(side_len);
    let side = SideInfo::from_bytes(side)?;
    // The shape the side information describes: one row of all values when
    // the whole tensor shares one scale.
    if per_tensor {
        side.check_shape(1, matrix.len())?;
    } else {
        side.check_shape(matrix.rows, matrix.cols)?;
    }
    let order = match (flags & 4 != 0, version) {
        (true, 1) => Some(unpack_order(rest, matrix.rows)?),
        (true, _) if rest.is_empty() => Some(row_order(&step_log2(&side, matrix), matrix.cols)),
        (false, _) if rest.is_empty() => None,
        _ => return Err(bad()),
    };
    Ok(Params {
        side,
        order,
        per_tensor,
    })
}

/// The tiles of `matrix`, one per stream of `coded` (an error when the counts differ).
fn stream_tiles(coded: &CodedTensor, matrix: Matrix) -> Result<Vec<Tile>> {
    let tiles = mapping::tiles(matrix);
    if tiles.len() != coded.streams.len() {
        return Err(invalid!(
            "{} streams for {} tiles",
            coded.streams.len(),
            tiles.len()
        ));
    }
    Ok(tiles)
}

/// Decodes a coded tensor of `shape` back to `dtype` values.
pub fn decode(coded: &CodedTensor, shape: &[usize], dtype: Dtype) -> Result<FloatVec> {
    let matrix = Matrix::of_shape(shape)?;
    let params = parse_params(&coded.params, matrix)?;
    let (side_rows, side_cols) = if params.per_tensor {
        (1, matrix.len())
    } else {
        (matrix.rows, matrix.cols)
    };
    let tiles = stream_tiles(coded, matrix)?;
    // Tiles are independent streams: decoded in parallel (rayon).
    let pictures = tiles
        .par_iter()
        .zip(&coded.streams)
        .map(|(t, s)| {
            let pics = Decoder::decode_stream(s)?;
            let [pic] = pics.as_slice() else {
                return Err(invalid!("tile stream holds {} pictures, not 1", pics.len()));
            };
            if pic.format != ChromaFormat::Monochrome || pic.width != t.cols || pic.height != t.rows
            {
                return Err(invalid!(
                    "tile picture is {}x{} {:?}, expected {}x{} 4:0:0",
                    pic.width,
                    pic.height,
                    pic.format,
                    t.cols,
                    t.rows
                ));
            }
            Ok(pic.to_raw())
        })
        .collect::<Vec<Result<_>>>()
        .into_iter()
        .collect::<Result<Vec<_>>>()?; // the first error in tile order
    let mut samples = vec![0u8; matrix.len()];
    for (t, raw) in tiles.iter().zip(&pictures) {
        mapping::insert(&mut samples, matrix, *t, raw);
    }
    if let Some(order) = &params.order {
        unpermute_rows(&mut samples, matrix.cols, order);
    }
    align::dealign(&samples, side_rows, side_cols, &params.side, dtype)
}

/// What a hardware tensor decoder needs beside the tile streams (the RTL's
/// `tensor_dec_top`, docs/decisions.md D35): the tiles, where each picture row
/// goes, and each tensor row's E8M0 code. Software parses the parameter block
/// and derives the row order, as [`decode`] does; the streams, the float
/// conversion and the placement are the hardware's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecodePlan {
    pub matrix: Matrix,
    pub tiles: Vec<Tile>,
    /// The tensor row of each coded row (row `i` of the tiles' pictures,
    /// counted over the whole matrix): the row order undone.
    pub rows: Vec<u32>,
    /// The E8M0 code of each tensor row (all equal with one scale for the
    /// whole tensor).
    pub codes: Vec<u8>,
}

/// The [`DecodePlan`] of a coded tensor of `shape`. Supported: BFP with one
/// exponent per row or one for the whole tensor (the codec's default);
/// affine alignment and BFP groups shorter than a row are `Unsupported`.
pub fn decode_plan(coded: &CodedTensor, shape: &[usize]) -> Result<DecodePlan> {
    let matrix = Matrix::of_shape(shape)?;
    let params = parse_params(&coded.params, matrix)?;
    let codes = match &params.side {
        SideInfo::Bfp { exponents, .. } if params.per_tensor => vec![exponents[0]; matrix.rows],
        SideInfo::Bfp { exponents, .. } if exponents.len() == matrix.rows => exponents.clone(),
        _ => {
            return Err(unsupported!(
                "hardware decoding of {:?} alignment (one BFP exponent per row or per tensor only)",
                params.side.mode()
            ))
        }
    };
    let tiles = stream_tiles(coded, matrix)?;
    let rows = params
        .order
        .unwrap_or_else(|| (0..matrix.rows as u32).collect());
    Ok(DecodePlan {
        matrix,
        tiles,
        rows,
        codes,
    })
}

/// Base QP (1/8 units) recorded in a coded tensor's parameters (the last
/// four bytes of the block).
pub fn base_qp8(coded: &CodedTensor) -> Result<i32> {
    let p = &coded.params;
    if p.len() < 12 {
        return Err(invalid!("tensor parameter block truncated"));
    }
    Ok(i32::from_le_bytes(
        p[p.len() - 4..].try_into().expect("4 bytes"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ramp(rows: usize, cols: usize) -> FloatVec {
        // Rows with different scales, values from a deterministic LCG.
        let mut s = 12345u32;
        let v = (0..rows * cols)
            .map(|i| {
                s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                let x = ((s >> 8) as f32 / (1 << 24) as f32 - 0.5) * (1 + i / cols) as f32;
                x.to_bits()
            })
            .collect();
        FloatVec::F32(v)
    }

    #[test]
    fn log2_of_f64_errors_is_exact() {
        assert_eq!(log2_q16_f64(1.0), 0);
        assert_eq!(log2_q16_f64(2.0), 65536);
        assert_eq!(log2_q16_f64(0.5), -65536);
        // log2(3) = 1.5849625..., * 65536 = 103872.5 -> 103872.
        assert_eq!(log2_q16_f64(3.0), 103872);
        // Within one unit of the float value (a test-only reference).
        for x in [1e300f64, 7.25e-9, 123.456] {
            let f = x.log2() * 65536.0;
            let l = log2_q16_f64(x) as f64;
            assert!(l <= f + 1e-6 && f < l + 1.0, "{x}: {l} vs {f}");
        }
        assert_eq!(log2_q16_f64(f64::from_bits(1)), -1074 * 65536);
        assert!(log2_q16_f64(0.0) < log2_q16_f64(f64::from_bits(1)));
    }

    #[test]
    fn fp16_log2_of_exact_powers() {
        assert_eq!(fp16_log2_q8(0x3c00), 0); // 1.0
        assert_eq!(fp16_log2_q8(0x4000), 256); // 2.0
        assert_eq!(fp16_log2_q8(0x3800), -256); // 0.5
        assert_eq!(fp16_log2_q8(0x0001), -24 * 256); // 2^-24
    }

    /// The plan a hardware decoder gets (where each picture row goes, each row's code) with
    /// golden's decoder and per-sample dealignment gives `decode`'s values, with sorted rows
    /// (one scale per row) and with one scale for the tensor; affine alignment is refused.
    #[test]
    fn decode_plan_places_rows_and_codes_as_decode_does() {
        let (rows, cols) = (40, 72);
        // Row scales out of order, so that the rows are coded sorted.
        let mut s = 777u32;
        let v = FloatVec::F32(
            (0..rows * cols)
                .map(|i| {
                    s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    let x = (s >> 8) as f32 / (1 << 24) as f32 - 0.5;
                    (x * (1 + (7 * (i / cols)) % 11) as f32).to_bits()
                })
                .collect(),
        );
        let code = |cfg: CodecParams| {
            let p = prepare("t", &v, &[rows, cols], &cfg).unwrap();
            p.code(QpChoice::Budget((rows * cols * 3 / 8) as u64))
                .unwrap()
                .0
        };
        for scope in [AlignScope::Row, AlignScope::Tensor] {
            let coded = code(CodecParams {
                scope,
                slices: 3,
                ..Default::default()
            });
            let plan = decode_plan(&coded, &[rows, cols]).unwrap();
            if scope == AlignScope::Row {
                assert!(plan.rows.windows(2).any(|w| w[0] > w[1]), "rows sorted");
            }
            let mut got = vec![0u16; rows * cols];
            for (t, stream) in plan.tiles.iter().zip(&coded.streams) {
                let raw = Decoder::decode_stream(stream).unwrap()[0].to_raw();
                for y in 0..t.rows {
                    let r = plan.rows[t.row0 + y] as usize;
                    for x in 0..t.cols {
                        let b = align::dequantize_sample(
                            raw[y * t.cols + x],
                            plan.codes[r],
                            Dtype::Bf16,
                        );
                        got[r * cols + t.col0 + x] = b as u16;
                    }
                }
            }
            assert_eq!(
                FloatVec::Bf16(got),
                decode(&coded, &[rows, cols], Dtype::Bf16).unwrap(),
                "{scope:?}"
            );
        }
        let coded = code(CodecParams {
            align: AlignMode::AffineRow,
            ..Default::default()
        });
        assert!(matches!(
            decode_plan(&coded, &[rows, cols]),
            Err(Error::Unsupported(_))
        ));
    }

    /// The plan a hardware encoder gets (row order, row codes, macroblock QPs, slices) codes
    /// the tensor as `encode` does: picture row `i` holds tensor row `rows[i]` aligned with
    /// its code, and golden's encoder given the plan's QPs and slices writes `encode`'s
    /// streams; with one scale per row (sorted) and per tensor; affine alignment is refused.
    #[test]
    fn encode_plan_codes_tiles_as_encode_does() {
        let (rows, cols) = (40, 72);
        let mut s = 991u32;
        let v = FloatVec::F32(
            (0..rows * cols)
                .map(|i| {
                    s = s.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                    let x = (s >> 8) as f32 / (1 << 24) as f32 - 0.5;
                    (x * (1 + (5 * (i / cols)) % 13) as f32).to_bits()
                })
                .collect(),
        );
        for scope in [AlignScope::Row, AlignScope::Tensor] {
            let cfg = CodecParams {
                scope,
                slices: 3,
                rdoq: None,
                ..Default::default()
            };
            let p = prepare("t", &v, &[rows, cols], &cfg).unwrap();
            let base8 = 26 * 8 + 3;
            let plan = p.encode_plan(base8, false).unwrap();
            let want = p.encode(base8, false).unwrap().0;
            // Each tensor row aligned alone: its code and samples.
            let FloatVec::F32(bits) = &v else {
                unreachable!("FP32")
            };
            let row_align: Vec<align::Aligned> = (0..rows)
                .map(|r| {
                    let row = FloatVec::F32(bits[r * cols..(r + 1) * cols].to_vec());
                    align::align(
                        "r",
                        row.as_slice(),
                        1,
                        cols,
                        AlignMode::Bfp { group: u32::MAX },
                    )
                    .unwrap()
                })
                .collect();
            let row_code = |r: usize| match &row_align[r].side {
                SideInfo::Bfp { exponents, .. } => exponents[0],
                _ => unreachable!("BFP"),
            };
            if scope == AlignScope::Row {
                assert!(plan.rows.windows(2).any(|w| w[0] > w[1]), "rows sorted");
                for (i, &r) in plan.rows.iter().enumerate() {
                    let r = r as usize;
                    assert_eq!(plan.codes[r], row_code(r), "row {r}'s code");
                    assert_eq!(
                        p.aligned.samples[i * cols..(i + 1) * cols],
                        row_align[r].samples[..],
                        "picture row {i} is tensor row {r}"
                    );
                }
            } else {
                let top = (0..rows).map(row_code).max().unwrap();
                assert!(
                    plan.codes.iter().all(|&c| c == top),
                    "one code, the largest"
                );
            }
            for (k, t) in plan.tiles.iter().enumerate() {
                let samples = mapping::extract(&p.aligned.samples, plan.matrix, *t);
                let pic =
                    Picture::from_raw(ChromaFormat::Monochrome, t.cols, t.rows, &samples).unwrap();
                let ecfg = EncoderConfig {
                    qp: plan.qps[k][0],
                    slices: plan.slices[k],
                    transform_8x8: plan.transform_8x8,
                    deblock: false,
                    profile: Profile::I16X16_ONLY,
                    deadzone: plan.deadzone,
                    mb_qp: Some(plan.qps[k].clone()),
                    rdoq: plan.rdoq,
                };
                let mut enc = Encoder::new(ChromaFormat::Monochrome, t.cols, t.rows, ecfg).unwrap();
                assert_eq!(enc.encode(&pic).unwrap().bytes, want.streams[k], "tile {k}");
            }
        }
        let p = prepare(
            "t",
            &v,
            &[rows, cols],
            &CodecParams {
                align: AlignMode::AffineRow,
                ..Default::default()
            },
        )
        .unwrap();
        assert!(matches!(
            p.encode_plan(200, false),
            Err(Error::Unsupported(_))
        ));
    }

    #[test]
    fn round_trip_meets_the_budget_and_keeps_shape() {
        for mode in [AlignMode::AffineRow, AlignMode::Bfp { group: 32 }] {
            let shape = [40, 72];
            let v = ramp(40, 72);
            let cfg = CodecParams {
                align: mode,
                ..Default::default()
            };
            let p = prepare("t", &v, &shape, &cfg).unwrap();
            let budget = 40 * 72 * 3 / 8; // 3 bits per value
            let coded = p.code(QpChoice::Budget(budget as u64)).unwrap().0;
            assert!(
                coded.bytes() <= budget as u64,
                "{mode:?}: {} > {budget}",
                coded.bytes()
            );
            let back = decode(&coded, &shape, Dtype::F32).unwrap();
            assert_eq!(back.as_slice().len(), 40 * 72);
        }
    }

    /// Float-domain squared error of `decode(coded)` against `v`, computed
    /// from the decoder's output (not from `Prepared`).
    fn decoded_sse(coded: &CodedTensor, shape: &[usize], v: &FloatVec) -> f64 {
        let back = decode(coded, shape, Dtype::F32).unwrap();
        let (x, y) = (v.as_slice(), back.as_slice());
        (0..x.len())
            .map(|i| (x.value_f64(i) - y.value_f64(i)).powi(2))
            .sum()
    }

    #[test]
    fn one_scale_per_tensor_round_trips() {
        for align in [AlignMode::AffineRow, AlignMode::Bfp { group: 32 }] {
            let (shape, v) = ([40, 72], ramp(40, 72));
            let cfg = CodecParams {
                align,
                scope: AlignScope::Tensor,
                ..Default::default()
            };
            let p = prepare("t", &v, &shape, &cfg).unwrap();
            assert_eq!(p.params_head[1] & 0b1100, 0b1000, "{align:?}: flags");
            let budget = 40 * 72 * 3 / 8;
            let (coded, recon) = p.code(QpChoice::Budget(budget)).unwrap();
            assert!(coded.bytes() <= budget, "{align:?}: {}", coded.bytes());
            // One scale: the side information is one exponent / one row.
            let side = SideInfo::from_bytes(&coded.params[8..coded.params.len() - 4]).unwrap();
            side.check_shape(1, 40 * 72).unwrap();
            // The encoder's measure is the decoder's error, exactly.
            let e = p.float_sse(&v, recon).unwrap();
            assert_eq!(e, decoded_sse(&coded, &shape, &v), "{align:?}");
        }
    }

    #[test]
    fn auto_scope_keeps_the_variant_with_least_error() {
        // Rows of one scale, and the same with one outlier 60 times the
        // largest other value. One scale wins both: with a scale per row the
        // outlier's row shares its macroblocks' QP with 15 rows of 64 times
        // finer steps, and the budget wipes the outlier out.
        let flat = FloatVec::F32(match ramp(64, 64) {
            FloatVec::F32(v) => v
                .iter()
                .enumerate()
                .map(|(i, &b)| (f32::from_bits(b) / (1 + i / 64) as f32).to_bits())
                .collect(),
            _ => unreachable!(),
        });
        let outlier = FloatVec::F32(match &flat {
            FloatVec::F32(v) => {
                let mut v = v.clone();
                v[100] = 30f32.to_bits();
                v
            }
            _ => unreachable!(),
        });
        let budget = QpChoice::Budget(64 * 64 * 5 / 16); // 2.5 bits/value
        let mut winners = Vec::new();
        for v in [&flat, &outlier] {
            let sse = |scope| {
                let cfg = CodecParams {
                    scope,
                    ..Default::default()
                };
                decoded_sse(
                    &compress("t", v, &[64, 64], &cfg, budget).unwrap(),
                    &[64, 64],
                    v,
                )
            };
            let (row, tensor, auto) = (
                sse(AlignScope::Row),
                sse(AlignScope::Tensor),
                sse(AlignScope::Auto),
            );
            assert_eq!(auto, row.min(tensor));
            winners.push(if tensor < row { "tensor" } else { "row" });
        }
        assert_eq!(winners, ["tensor", "tensor"]);
    }

    /// Undoing a row order in place (cycles of every length, fixed rows)
    /// gives back the rows `permute_rows` took.
    #[test]
    fn rows_are_unpermuted_in_place() {
        let (rows, cols) = (23usize, 5usize);
        let samples: Vec<u8> = (0..rows * cols).map(|i| (i * 37 % 251) as u8).collect();
        for k in [1usize, 2, 5, 7, 22] {
            // A permutation with cycles of several lengths: i -> i * k mod 23.
            let order: Vec<u32> = (0..rows).map(|i| (i * k % rows) as u32).collect();
            let mut back = permute_rows(&samples, cols, &order);
            unpermute_rows(&mut back, cols, &order);
            assert_eq!(back, samples, "k = {k}");
        }
        let mut same = samples.clone();
        unpermute_rows(&mut same, cols, &[]);
        assert_eq!(same, samples);
    }

    #[test]
    fn row_order_is_derived_from_the_side_information() {
        // Rows of different scales, sorted: version 2 stores no order, and
        // the same block in version 1 form (order stored) decodes the same.
        let shape = [48, 40];
        let FloatVec::F32(up) = ramp(48, 40) else {
            unreachable!()
        };
        // Row scales falling, then rising: the sorted order is not the identity.
        let v = FloatVec::F32(
            (0..48)
                .flat_map(|r| {
                    let src = if r % 2 == 0 { 47 - r / 2 } else { r / 2 };
                    up[src * 40..(src + 1) * 40].to_vec()
                })
                .collect(),
        );
        let cfg = CodecParams {
            scope: AlignScope::Row,
            ..Default::default()
        };
        let p = prepare("t", &v, &shape, &cfg).unwrap();
        assert!(!p.order.is_empty() && p.order.windows(2).any(|w| w[0] > w[1]));
        let coded = p.encode(24 * 8, false).unwrap().0;
        assert_eq!(coded.params[0], 2);
        let side_end = 8 + u32::from_le_bytes(coded.params[4..8].try_into().unwrap()) as usize;
        assert_eq!(coded.params.len(), side_end + 4, "no stored order");
        let mut v1 = coded.clone();
        v1.params[0] = 1;
        v1.params.splice(side_end..side_end, pack_order(&p.order));
        let a = decode(&coded, &shape, Dtype::F32).unwrap();
        assert_eq!(decode(&v1, &shape, Dtype::F32).unwrap(), a);
        // The rows come back in tensor order: the error is that of the
        // reconstruction the encoder measured.
        let (_, recon) = p.encode(24 * 8, false).unwrap();
        assert_eq!(
            p.float_sse(&v, recon).unwrap(),
            decoded_sse(&coded, &shape, &v)
        );
        // Version 1 with an order that is not a permutation.
        let mut bad = v1.clone();
        bad.params[side_end] ^= 0xff;
        assert!(decode(&bad, &shape, Dtype::F32).is_err());
    }

    #[test]
    fn macroblock_steps_mean_log2_or_rms() {
        // One 16x16 macroblock: 8 rows of step 1, 8 rows of step 16.
        let rows: Vec<Vec<(usize, i32)>> = (0..16)
            .map(|r| vec![(0, if r < 8 { 0 } else { 4 * 256 })])
            .collect();
        let t = Tile {
            row0: 0,
            col0: 0,
            rows: 16,
            cols: 16,
        };
        // Mean of log2: 2 octaves.
        assert_eq!(tile_mb_log2(&rows, t, false), [512]);
        // RMS: sqrt((8 * 1 + 8 * 256) / 16) = 2^3.5028: floor(256 * 3.5028) = 896.
        assert_eq!(tile_mb_log2(&rows, t, true), [896]);
        // Equal steps: both give the step.
        let flat = vec![vec![(0, -7 * 256)]; 16];
        assert_eq!(tile_mb_log2(&flat, t, true), [-7 * 256]);
        assert_eq!(tile_mb_log2(&flat, t, false), [-7 * 256]);
    }

    #[test]
    fn corrupt_params_are_errors() {
        let v = ramp(16, 16);
        let p = prepare("t", &v, &[16, 16], &CodecParams::default()).unwrap();
        let mut coded = p.encode(26 * 8, false).unwrap().0;
        for n in 0..coded.params.len() {
            let c = CodedTensor {
                params: coded.params[..n].to_vec(),
                streams: coded.streams.clone(),
            };
            assert!(decode(&c, &[16, 16], Dtype::F32).is_err());
        }
        coded.streams.push(Vec::new());
        assert!(decode(&coded, &[16, 16], Dtype::F32).is_err());
        coded.streams.pop();
        // Sorted rows with one scale per tensor, or an unknown flag.
        for flags in [0b1100, 0b1_0000] {
            let mut c = coded.clone();
            c.params[1] |= flags;
            assert!(decode(&c, &[16, 16], Dtype::F32).is_err(), "{flags:#b}");
        }
    }
}
