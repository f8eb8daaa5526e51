//! Neighbour derivation (6.4.x): which macroblocks and blocks around the
//! current one are available, and the per-block facts taken from them.
//!
//! Only frame pictures without slice groups: macroblock addresses run in
//! raster order and a neighbour is available when it lies inside the picture
//! and in the current slice (every earlier macroblock of the slice is
//! already decoded).

use super::{MbInfo, MbKind};
use crate::cabac::CbpNeighbours;
use crate::intra::Avail;

/// x of each luma4x4BlkIdx in 4x4-block units (6.4.3).
pub const BLK_X: [u8; 16] = [0, 1, 0, 1, 2, 3, 2, 3, 0, 1, 0, 1, 2, 3, 2, 3];
/// y of each luma4x4BlkIdx in 4x4-block units (6.4.3).
pub const BLK_Y: [u8; 16] = [0, 0, 1, 1, 0, 0, 1, 1, 2, 2, 3, 3, 2, 2, 3, 3];

/// luma4x4BlkIdx of the 4x4 block at (`bx`, `by`) inside a macroblock.
#[inline]
pub fn blk_at(bx: usize, by: usize) -> usize {
    8 * (by / 2) + 4 * (bx / 2) + 2 * (by % 2) + (bx % 2)
}

/// The macroblocks around the current one: A left, B above, C above-right,
/// D above-left (6.4.9). A and B carry their state; for C and D only
/// availability matters to intra prediction.
#[derive(Clone, Copy, Debug, Default)]
pub struct MbNeighbors {
    pub a: Option<MbInfo>,
    pub b: Option<MbInfo>,
    pub c: bool,
    pub d: bool,
}

impl MbNeighbors {
    /// Neighbours of macroblock `addr` in a picture `width_mbs` wide, where
    /// `infos` holds every macroblock's state and `slice` is the current
    /// slice's tag (`MbInfo::slice`).
    pub fn of(infos: &[MbInfo], width_mbs: usize, addr: usize, slice: u32) -> Self {
        let (x, y) = (addr % width_mbs, addr / width_mbs);
        let get = |ok: bool, a: usize| -> Option<MbInfo> {
            if ok && infos[a].slice == slice {
                Some(infos[a])
            } else {
                None
            }
        };
        let a = get(x > 0, addr.wrapping_sub(1));
        let b = get(y > 0, addr.wrapping_sub(width_mbs));
        let c = get(
            y > 0 && x + 1 < width_mbs,
            addr.wrapping_sub(width_mbs).wrapping_add(1),
        )
        .is_some();
        let d = get(y > 0 && x > 0, addr.wrapping_sub(width_mbs + 1)).is_some();
        MbNeighbors { a, b, c, d }
    }

    /// Availability for whole-macroblock prediction (Intra16x16, chroma).
    pub fn avail_mb(&self) -> Avail {
        Avail {
            left: self.a.is_some(),
            top: self.b.is_some(),
            top_right: self.c,
            top_left: self.d,
        }
    }

    /// Availability of the samples around 4x4 block `blk` (8.3.1.2): inside
    /// the macroblock a neighbour block is available when it comes earlier in
    /// decoding order.
    pub fn avail4x4(&self, blk: usize) -> Avail {
        let (bx, by) = (BLK_X[blk] as usize, BLK_Y[blk] as usize);
        self.avail_block(bx, by, 1, |nx, ny| blk_at(nx, ny) < blk)
    }

    /// Availability of the samples around 8x8 block `b8` (8.3.2.2).
    pub fn avail8x8(&self, b8: usize) -> Avail {
        let (bx, by) = (2 * (b8 % 2), 2 * (b8 / 2));
        self.avail_block(bx, by, 2, |nx, ny| blk_at(nx, ny) < 4 * b8)
    }

    /// Shared rule for a block `size` 4x4-units wide at (`bx`, `by`):
    /// `earlier(nx, ny)` says whether the block at that 4x4 position inside
    /// the current macroblock is decoded before this one.
    fn avail_block(
        &self,
        bx: usize,
        by: usize,
        size: usize,
        earlier: impl Fn(usize, usize) -> bool,
    ) -> Avail {
        let (a, b) = (self.a.is_some(), self.b.is_some());
        let left = bx > 0 || a;
        let top = by > 0 || b;
        let top_left = match (bx > 0, by > 0) {
            (true, true) => true,
            (false, true) => a,
            (true, false) => b,
            (false, false) => self.d,
        };
        let right = bx + size;
        let top_right = if by == 0 {
            if right < 4 {
                b
            } else {
                self.c
            }
        } else {
            right < 4 && earlier(right, by - 1)
        };
        Avail {
            left,
            top,
            top_right,
            top_left,
        }
    }

    /// Predicted Intra4x4/8x8 mode of the block whose top-left 4x4 block is
    /// `blk` (8.3.1.1 / 8.3.2.1), given the modes decoded so far in the
    /// current macroblock. Neighbour modes are read per 4x4 block: an I8x8
    /// macroblock stores each 8x8 mode in all four of its 4x4 entries, which
    /// gives the standard's choice of 4x4 block (n = 1 for A, 2 for B) too.
    pub fn predicted_mode(&self, cur: &[u8; 16], blk: usize) -> u8 {
        let (bx, by) = (BLK_X[blk] as usize, BLK_Y[blk] as usize);
        let left = if bx > 0 {
            Some(cur[blk_at(bx - 1, by)])
        } else {
            self.a.map(|m| Self::mode_of(&m, blk_at(3, by)))
        };
        let above = if by > 0 {
            Some(cur[blk_at(bx, by - 1)])
        } else {
            self.b.map(|m| Self::mode_of(&m, blk_at(bx, 3)))
        };
        match (left, above) {
            (Some(l), Some(a)) => l.min(a),
            // dcPredModePredictedFlag = 1: either neighbour macroblock missing.
            _ => 2,
        }
    }

    fn mode_of(m: &MbInfo, blk: usize) -> u8 {
        match m.kind {
            MbKind::I4x4 | MbKind::I8x8 => m.modes[blk],
            MbKind::I16x16 | MbKind::Pcm => 2,
        }
    }

    /// ctxIdxInc of mb_type bin 0 in an I slice (9.3.3.1.1.3): a neighbour
    /// counts when it is available and not I_NxN.
    pub fn mb_type_inc(&self) -> usize {
        let t = |m: &Option<MbInfo>| {
            usize::from(m.is_some_and(|m| !matches!(m.kind, MbKind::I4x4 | MbKind::I8x8)))
        };
        t(&self.a) + t(&self.b)
    }

    /// ctxIdxInc of transform_size_8x8_flag (9.3.3.1.1.10).
    pub fn transform_8x8_inc(&self) -> usize {
        let t = |m: &Option<MbInfo>| usize::from(m.is_some_and(|m| m.transform_8x8));
        t(&self.a) + t(&self.b)
    }

    /// ctxIdxInc of intra_chroma_pred_mode bin 0 (9.3.3.1.1.8).
    pub fn chroma_mode_inc(&self) -> usize {
        let t = |m: &Option<MbInfo>| {
            usize::from(m.is_some_and(|m| m.kind != MbKind::Pcm && m.chroma_mode != 0))
        };
        t(&self.a) + t(&self.b)
    }

    /// Neighbour summaries for coded_block_pattern (9.3.3.1.1.4): luma CBP of
    /// A and B with "not available" and I_PCM read as 0b1111, and chroma CBP
    /// with "not available" read as 0 and I_PCM as 2.
    pub fn cbp_summaries(&self) -> CbpNeighbours {
        let luma = |m: &Option<MbInfo>| match m {
            Some(m) if m.kind != MbKind::Pcm => m.cbp & 15,
            _ => 15,
        };
        let chroma = |m: &Option<MbInfo>| match m {
            Some(m) if m.kind == MbKind::Pcm => 2,
            Some(m) => m.cbp >> 4,
            None => 0,
        };
        CbpNeighbours {
            luma_a: luma(&self.a),
            luma_b: luma(&self.b),
            chroma_a: chroma(&self.a),
            chroma_b: chroma(&self.b),
        }
    }

    /// ctxIdxInc of coded_block_flag (9.3.3.1.1.9) from the flags of the
    /// neighbouring blocks: `flag_a` / `flag_b` read a neighbour macroblock's
    /// state; `None` means the macroblock is not available, which counts as 1
    /// for an intra macroblock. An I_PCM neighbour stores all flags set.
    pub fn cbf_inc(flag_a: Option<bool>, flag_b: Option<bool>) -> usize {
        usize::from(flag_a.unwrap_or(true)) + 2 * usize::from(flag_b.unwrap_or(true))
    }

    /// ctxIdxInc of coded_block_flag for luma 4x4 block `blk` (Intra16x16 AC
    /// or Intra4x4), with `cur` the flags decoded so far in this macroblock.
    pub fn cbf_inc_luma(&self, cur: u16, blk: usize) -> usize {
        let (bx, by) = (BLK_X[blk] as usize, BLK_Y[blk] as usize);
        let bit = |f: u16, b: usize| (f >> b) & 1 != 0;
        let a = if bx > 0 {
            Some(bit(cur, blk_at(bx - 1, by)))
        } else {
            self.a.map(|m| bit(m.cbf_luma, blk_at(3, by)))
        };
        let b = if by > 0 {
            Some(bit(cur, blk_at(bx, by - 1)))
        } else {
            self.b.map(|m| bit(m.cbf_luma, blk_at(bx, 3)))
        };
        Self::cbf_inc(a, b)
    }

    /// ctxIdxInc of coded_block_flag for the Intra16x16 DC block.
    pub fn cbf_inc_luma_dc(&self) -> usize {
        Self::cbf_inc(self.a.map(|m| m.cbf_luma_dc), self.b.map(|m| m.cbf_luma_dc))
    }

    /// ctxIdxInc of coded_block_flag for the chroma DC block of `comp` (0 Cb, 1 Cr).
    pub fn cbf_inc_chroma_dc(&self, comp: usize) -> usize {
        let f = |m: &MbInfo| (m.cbf_chroma_dc >> comp) & 1 != 0;
        Self::cbf_inc(self.a.as_ref().map(f), self.b.as_ref().map(f))
    }

    /// ctxIdxInc of coded_block_flag for chroma AC block `blk` (0..=3, raster
    /// in the 2x2 grid) of component `comp`, with `cur` this macroblock's
    /// chroma AC flags so far.
    pub fn cbf_inc_chroma_ac(&self, cur: u8, comp: usize, blk: usize) -> usize {
        let (bx, by) = (blk % 2, blk / 2);
        let bit = |f: u8, b: usize| (f >> (4 * comp + b)) & 1 != 0;
        let a = if bx > 0 {
            Some(bit(cur, blk - 1))
        } else {
            self.a.map(|m| bit(m.cbf_chroma_ac, blk + 1))
        };
        let b = if by > 0 {
            Some(bit(cur, blk - 2))
        } else {
            self.b.map(|m| bit(m.cbf_chroma_ac, blk + 2))
        };
        Self::cbf_inc(a, b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blk_at_inverts_blk_xy() {
        for blk in 0..16 {
            assert_eq!(blk_at(BLK_X[blk] as usize, BLK_Y[blk] as usize), blk);
        }
    }

    #[test]
    fn top_right_of_4x4_blocks_inside_a_full_neighbourhood() {
        let info = MbInfo {
            slice: 1,
            ..Default::default()
        };
        let n = MbNeighbors {
            a: Some(info),
            b: Some(info),
            c: true,
            d: true,
        };
        // 6.4.11.4: blocks 3, 7, 11, 13 and 15 have no top-right neighbour
        // (it is decoded later); block 5 takes it from macroblock C.
        let missing: Vec<usize> = (0..16).filter(|&b| !n.avail4x4(b).top_right).collect();
        assert_eq!(missing, vec![3, 7, 11, 13, 15]);
        let missing8: Vec<usize> = (0..4).filter(|&b| !n.avail8x8(b).top_right).collect();
        assert_eq!(missing8, vec![3]);
        // Without the above-right macroblock, block 5 and 8x8 block 1 lose it too.
        let n = MbNeighbors { c: false, ..n };
        assert!(!n.avail4x4(5).top_right && !n.avail8x8(1).top_right);
        assert!(n.avail4x4(4).top_right);
    }

    #[test]
    fn mode_prediction_uses_dc_when_a_neighbour_macroblock_is_missing() {
        let mut left = MbInfo {
            slice: 1,
            kind: MbKind::I4x4,
            ..Default::default()
        };
        left.modes = [7; 16];
        let n = MbNeighbors {
            a: Some(left),
            b: None,
            c: false,
            d: false,
        };
        let cur = [0u8; 16];
        assert_eq!(n.predicted_mode(&cur, 0), 2);
        // Block 2 has block 0 above it inside the macroblock, and A to its left.
        assert_eq!(n.predicted_mode(&cur, 2), 0);
        let n = MbNeighbors {
            b: Some(MbInfo {
                slice: 1,
                kind: MbKind::I16x16,
                ..left
            }),
            ..n
        };
        assert_eq!(n.predicted_mode(&cur, 0), 2); // min(7, DC of I16x16)
        assert_eq!(n.predicted_mode(&[8; 16], 1), 2);
    }
}
