//! residual_block_cabac (clause 7.3.5.3.3) for 4:0:0 / 4:2:0 frame
//! macroblocks: coded_block_flag, the significance map, and the levels
//! (UEG0 binarization of coeff_abs_level_minus1, clause 9.3.2.3), with the
//! ctxIdx assignment of clauses 9.3.3.1.1.9 and 9.3.3.1.3.

use super::engine::{BinSink, CabacDecoder};
use super::tables::{LAST_8X8_CTX_INC, SIG_8X8_FRAME_CTX_INC};
use crate::error::{Error, Result};

/// ctxBlockCat of Table 9-42 (the 4:4:4 Cb/Cr categories are not used).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum BlockCat {
    /// Intra16x16DCLevel.
    LumaDc = 0,
    /// Intra16x16ACLevel (15 coefficients, scan positions 1..=15).
    LumaAc = 1,
    /// LumaLevel4x4.
    Luma4x4 = 2,
    /// ChromaDCLevel of 4:2:0 (4 coefficients).
    ChromaDc = 3,
    /// ChromaACLevel (15 coefficients).
    ChromaAc = 4,
    /// LumaLevel8x8.
    Luma8x8 = 5,
}

impl BlockCat {
    /// maxNumCoeff of the block.
    pub fn max_coeffs(self) -> usize {
        match self {
            BlockCat::LumaDc | BlockCat::Luma4x4 => 16,
            BlockCat::LumaAc | BlockCat::ChromaAc => 15,
            BlockCat::ChromaDc => 4,
            BlockCat::Luma8x8 => 64,
        }
    }

    /// ctxIdx of the first significant_coeff_flag context (frame coded):
    /// ctxIdxOffset (105, or 402 for cat 5) + ctxBlockCatOffset (Table 9-40).
    #[inline]
    pub(crate) fn sig_base(self) -> usize {
        // The tables are consts (here and below): an array literal indexed
        // in place was built on the stack at every call, in the residual
        // coder's and RDOQ's inner loops.
        const BASE: [usize; 6] = [105, 120, 134, 149, 152, 402];
        BASE[self as usize]
    }

    /// Same for last_significant_coeff_flag: 166 (417 for cat 5) + offset.
    #[inline]
    pub(crate) fn last_base(self) -> usize {
        const BASE: [usize; 6] = [166, 181, 195, 210, 213, 417];
        BASE[self as usize]
    }

    /// Same for coeff_abs_level_minus1: 227 (426 for cat 5) + 0/10/20/30/39.
    #[inline]
    pub(crate) fn abs_base(self) -> usize {
        const BASE: [usize; 6] = [227, 237, 247, 257, 266, 426];
        BASE[self as usize]
    }

    /// ctxIdx of coded_block_flag with ctxIdxInc 0: 85 + 4 * cat (cat < 5).
    #[inline]
    pub(crate) fn cbf_base(self) -> usize {
        85 + 4 * self as usize
    }

    /// ctxIdxInc of significant_coeff_flag at levelListIdx `i` (9.3.3.1.3).
    #[inline]
    pub(crate) fn sig_inc(self, i: usize) -> usize {
        match self {
            BlockCat::Luma8x8 => usize::from(SIG_8X8_FRAME_CTX_INC[i]),
            // Min(levelListIdx / NumC8x8, 2) with NumC8x8 = 1 for 4:2:0.
            BlockCat::ChromaDc => i.min(2),
            _ => i,
        }
    }

    /// ctxIdxInc of last_significant_coeff_flag at levelListIdx `i`.
    #[inline]
    pub(crate) fn last_inc(self, i: usize) -> usize {
        match self {
            BlockCat::Luma8x8 => usize::from(LAST_8X8_CTX_INC[i]),
            BlockCat::ChromaDc => i.min(2),
            _ => i,
        }
    }

    /// ctxIdx of bin 0 and of bins 1..=13 of coeff_abs_level_minus1 given
    /// the counts of levels already coded in this block (9.3.3.1.3).
    #[inline]
    pub(crate) fn abs_ctx(self, num_gt1: usize, num_eq1: usize) -> (usize, usize) {
        let base = self.abs_base();
        let bin0 = if num_gt1 != 0 {
            0
        } else {
            (1 + num_eq1).min(4)
        };
        let cap = if self == BlockCat::ChromaDc { 3 } else { 4 };
        (base + bin0, base + 5 + num_gt1.min(cap))
    }
}

/// uCoff of the UEG0 binarization of coeff_abs_level_minus1.
const UCOFF: u32 = 14;

/// Largest Exp-Golomb prefix length a legal level can need: the suffix
/// value is at most 32767 - 14 < 2^15 - 1, so k never reaches 15.
const MAX_EG0_PREFIX: u32 = 14;

/// Level range for 8-bit video: -2^15 ..= 2^15 - 1.
const LEVEL_MIN: i64 = -(1 << 15);
const LEVEL_MAX: i64 = (1 << 15) - 1;

/// Writes coeff_abs_level_minus1 = `v`: TU prefix (cMax 14) in contexts,
/// then the EG0 suffix in bypass bins.
pub(crate) fn encode_abs_level_minus1<E: BinSink>(
    enc: &mut E,
    v: u32,
    ctx0: usize,
    ctx_rest: usize,
) {
    enc.decision(ctx0, u32::from(v > 0));
    if v == 0 {
        return;
    }
    let prefix = v.min(UCOFF);
    for _ in 1..prefix {
        enc.decision(ctx_rest, 1);
    }
    if v < UCOFF {
        enc.decision(ctx_rest, 0);
        return;
    }
    // k-th order Exp-Golomb suffix with k = 0 (clause 9.3.2.3).
    let mut s = v - UCOFF;
    let mut k = 0;
    while s >= (1u32 << k) {
        enc.bypass(1);
        s -= 1 << k;
        k += 1;
    }
    enc.bypass(0);
    while k > 0 {
        k -= 1;
        enc.bypass((s >> k) & 1);
    }
}

/// Reads coeff_abs_level_minus1, refusing suffixes no legal level needs.
fn decode_abs_level_minus1(dec: &mut CabacDecoder, ctx0: usize, ctx_rest: usize) -> Result<u32> {
    if dec.decode_decision(ctx0)? == 0 {
        return Ok(0);
    }
    let mut v = 1;
    while v < UCOFF && dec.decode_decision(ctx_rest)? == 1 {
        v += 1;
    }
    if v < UCOFF {
        return Ok(v);
    }
    let mut k = 0;
    let mut base = 0u32;
    while dec.decode_bypass()? == 1 {
        base += 1 << k;
        k += 1;
        if k > MAX_EG0_PREFIX {
            return Err(crate::invalid!("coeff_abs_level_minus1 suffix too long"));
        }
    }
    let mut s = 0u32;
    for _ in 0..k {
        s = (s << 1) | dec.decode_bypass()?;
    }
    Ok(UCOFF + base + s)
}

/// Encodes one residual_block_cabac. `coeffs` holds the block's levels in
/// scan order (`cat.max_coeffs()` of them; for AC blocks scan positions
/// 1..=15). With `cbf_ctx_inc = Some(condTermFlagA + 2 * condTermFlagB)`
/// coded_block_flag is written first; with `None` (8x8 blocks outside 4:4:4)
/// it is inferred to be 1 and `coeffs` must hold a nonzero level.
pub fn encode_residual_block<E: BinSink>(
    enc: &mut E,
    coeffs: &[i32],
    cat: BlockCat,
    cbf_ctx_inc: Option<usize>,
) {
    let max = cat.max_coeffs();
    assert_eq!(coeffs.len(), max, "residual block length for {cat:?}");
    let last = coeffs.iter().rposition(|&c| c != 0);
    if let Some(inc) = cbf_ctx_inc {
        debug_assert!(inc <= 3 && cat != BlockCat::Luma8x8);
        enc.decision(cat.cbf_base() + inc, u32::from(last.is_some()));
    }
    let Some(last) = last else {
        assert!(
            cbf_ctx_inc.is_some(),
            "coded_block_flag inferred 1 but block is all zero"
        );
        return;
    };

    // Significance map: positions 0..max-1; the one at max-1 is implied.
    let (sig_base, last_base) = (cat.sig_base(), cat.last_base());
    for (i, &c) in coeffs.iter().enumerate().take(max - 1) {
        let sig = c != 0;
        enc.decision(sig_base + cat.sig_inc(i), u32::from(sig));
        if sig {
            let is_last = i == last;
            enc.decision(last_base + cat.last_inc(i), u32::from(is_last));
            if is_last {
                break;
            }
        }
    }

    // Levels in reverse scan order.
    let (mut num_gt1, mut num_eq1) = (0, 0);
    for &c in coeffs[..=last].iter().rev().filter(|&&c| c != 0) {
        let abs_minus1 = c.unsigned_abs() - 1;
        let (ctx0, ctx_rest) = cat.abs_ctx(num_gt1, num_eq1);
        encode_abs_level_minus1(enc, abs_minus1, ctx0, ctx_rest);
        enc.bypass(u32::from(c < 0));
        if abs_minus1 == 0 {
            num_eq1 += 1;
        } else {
            num_gt1 += 1;
        }
    }
}

/// Decodes one residual_block_cabac into `out` (levels in scan order, zeros
/// elsewhere; `out.len()` must be `cat.max_coeffs()`). Returns the
/// coded_block_flag (`true` when `cbf_ctx_inc` is `None`: inferred 1).
pub fn decode_residual_block(
    dec: &mut CabacDecoder,
    out: &mut [i32],
    cat: BlockCat,
    cbf_ctx_inc: Option<usize>,
) -> Result<bool> {
    let max = cat.max_coeffs();
    if out.len() != max {
        return Err(Error::Config(format!(
            "residual {cat:?}: {} != {max} levels",
            out.len()
        )));
    }
    out.fill(0);
    if let Some(inc) = cbf_ctx_inc {
        if inc > 3 || cat == BlockCat::Luma8x8 {
            return Err(Error::Config(format!(
                "coded_block_flag ctxIdxInc {inc} for {cat:?}"
            )));
        }
        if dec.decode_decision(cat.cbf_base() + inc)? == 0 {
            return Ok(false);
        }
    }

    // Significance map, remembering the significant positions in scan order.
    let mut positions = [0u8; 64];
    let mut count = 0;
    let mut ended_by_last = false;
    let (sig_base, last_base) = (cat.sig_base(), cat.last_base());
    for i in 0..max - 1 {
        if dec.decode_decision(sig_base + cat.sig_inc(i))? == 1 {
            positions[count] = i as u8;
            count += 1;
            if dec.decode_decision(last_base + cat.last_inc(i))? == 1 {
                ended_by_last = true;
                break;
            }
        }
    }
    if !ended_by_last {
        positions[count] = (max - 1) as u8;
        count += 1;
    }

    // Levels in reverse scan order.
    let (mut num_gt1, mut num_eq1) = (0, 0);
    for &p in positions[..count].iter().rev() {
        let (ctx0, ctx_rest) = cat.abs_ctx(num_gt1, num_eq1);
        let abs_minus1 = decode_abs_level_minus1(dec, ctx0, ctx_rest)?;
        let negative = dec.decode_bypass()? == 1;
        let magnitude = i64::from(abs_minus1) + 1;
        let level = if negative { -magnitude } else { magnitude };
        if !(LEVEL_MIN..=LEVEL_MAX).contains(&level) {
            return Err(crate::invalid!(
                "coefficient level {level} out of 16-bit range"
            ));
        }
        out[usize::from(p)] = level as i32;
        if abs_minus1 == 0 {
            num_eq1 += 1;
        } else {
            num_gt1 += 1;
        }
    }
    Ok(true)
}
