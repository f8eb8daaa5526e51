//! Reconstruction of an intra macroblock: prediction plus residual
//! (8.3 and 8.5), shared by the encoder and the decoder so that the
//! encoder's reconstruction is the decoder's output by construction.
//!
//! Each `add_*` function takes a prediction and the levels in scan order,
//! reconstructs the residual with the lanes' reconstruction halves
//! (`lane::residual::recon4x4` / `recon8x8`, `lane::dc::recon_luma` /
//! `recon_chroma`: what the RTL lanes are checked against) and writes
//! Clip1(pred + residual) into the plane (8.5.14).

use super::neighbours::{MbNeighbors, BLK_X, BLK_Y};
use super::{Macroblock, MbKind, PCM_CHROMA, PCM_LUMA};
use crate::error::Result;
use crate::intra;
use crate::lane;
use crate::picture::{Picture, Plane};
use crate::quant;

/// QP offsets of the chroma components (PPS chroma_qp_index_offset and
/// second_chroma_qp_index_offset).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ChromaQpOffsets {
    pub cb: i32,
    pub cr: i32,
}

#[inline]
fn clip1(v: i32) -> u8 {
    v.clamp(0, 255) as u8
}

fn add_block<const N: usize>(
    plane: &mut Plane,
    x: usize,
    y: usize,
    pred: &[[u8; N]; N],
    res: &[i32],
) {
    let mut out = [[0u8; N]; N];
    for r in 0..N {
        for c in 0..N {
            out[r][c] = clip1(i32::from(pred[r][c]) + res[r * N + c]);
        }
    }
    plane.put_block(x, y, &out);
}

/// Writes pred + residual of a 4x4 block.
pub fn add4x4(plane: &mut Plane, x: usize, y: usize, pred: &[[u8; 4]; 4], res: &[i32; 16]) {
    add_block(plane, x, y, pred, res);
}

/// Writes pred + residual of an 8x8 block.
pub fn add8x8(plane: &mut Plane, x: usize, y: usize, pred: &[[u8; 8]; 8], res: &[i32; 64]) {
    add_block(plane, x, y, pred, res);
}

/// Scan-order levels of 4x4 block `blk` of `luma`.
fn levels4(luma: &[i32; 256], blk: usize) -> [i32; 16] {
    luma[16 * blk..16 * blk + 16].try_into().expect("16 levels")
}

/// Writes pred + residual for the 16x16 luma of an Intra16x16 macroblock.
pub fn add16x16(
    plane: &mut Plane,
    x: usize,
    y: usize,
    pred: &[[u8; 16]; 16],
    mb: &Macroblock,
    qp: i32,
) {
    // Scaled DC of each 4x4 block, raster over the 4x4 grid (8.5.10).
    let dc = lane::dc::recon_luma(&quant::unscan4x4(&mb.luma_dc), qp);
    for blk in 0..16 {
        let (bx, by) = (BLK_X[blk] as usize, BLK_Y[blk] as usize);
        let lv = quant::unscan4x4(&levels4(&mb.luma, blk));
        let res = lane::residual::recon4x4(&lv, qp, Some(dc[4 * by + bx]));
        let mut p = [[0u8; 4]; 4];
        for (r, row) in p.iter_mut().enumerate() {
            row.copy_from_slice(&pred[4 * by + r][4 * bx..4 * bx + 4]);
        }
        add4x4(plane, x + 4 * bx, y + 4 * by, &p, &res);
    }
}

/// Writes pred + residual for one 8x8 chroma block of component `comp`.
pub fn add_chroma(
    plane: &mut Plane,
    x: usize,
    y: usize,
    pred: &[[u8; 8]; 8],
    mb: &Macroblock,
    comp: usize,
    qpc: i32,
) {
    // Scaled DC of the four 4x4 blocks (8.5.11).
    let dc = lane::dc::recon_chroma(&mb.chroma_dc[comp], qpc);
    for (blk, &dcv) in dc.iter().enumerate() {
        let (bx, by) = (blk % 2, blk / 2);
        let lv = quant::unscan4x4(&mb.chroma_ac[4 * comp + blk]);
        let res = lane::residual::recon4x4(&lv, qpc, Some(dcv));
        let mut p = [[0u8; 4]; 4];
        for (r, row) in p.iter_mut().enumerate() {
            row.copy_from_slice(&pred[4 * by + r][4 * bx..4 * bx + 4]);
        }
        add4x4(plane, x + 4 * bx, y + 4 * by, &p, &res);
    }
}

fn bad_mode(what: &str, mode: u8) -> crate::Error {
    crate::invalid!("{what} prediction mode {mode} uses unavailable neighbours")
}

/// Reconstructs macroblock `addr` of `pic` from its syntax. `qp_y` is the
/// macroblock's QPY.
pub fn reconstruct(
    pic: &mut Picture,
    addr: usize,
    mb: &Macroblock,
    n: &MbNeighbors,
    qp_y: i32,
    cqp: ChromaQpOffsets,
) -> Result<()> {
    let w = pic.width_mbs();
    let (x, y) = (16 * (addr % w), 16 * (addr / w));
    if mb.kind == MbKind::Pcm {
        write_pcm(pic, x, y, &mb.pcm);
        return Ok(());
    }
    let luma = &mut pic.planes[0];
    match mb.kind {
        MbKind::I4x4 => {
            for blk in 0..16 {
                let (bx, by) = (x + 4 * BLK_X[blk] as usize, y + 4 * BLK_Y[blk] as usize);
                let mode = mb.modes[blk];
                let pred = intra::predict4x4(luma, bx, by, mode, n.avail4x4(blk))
                    .ok_or_else(|| bad_mode("Intra4x4", mode))?;
                let lv = quant::unscan4x4(&levels4(&mb.luma, blk));
                let res = lane::residual::recon4x4(&lv, qp_y, None);
                add4x4(luma, bx, by, &pred, &res);
            }
        }
        MbKind::I8x8 => {
            for b8 in 0..4 {
                let (bx, by) = (x + 8 * (b8 % 2), y + 8 * (b8 / 2));
                let mode = mb.modes[4 * b8];
                let pred = intra::predict8x8(luma, bx, by, mode, n.avail8x8(b8))
                    .ok_or_else(|| bad_mode("Intra8x8", mode))?;
                let lv: [i32; 64] = mb.luma[64 * b8..64 * b8 + 64]
                    .try_into()
                    .expect("64 levels");
                let res = lane::residual::recon8x8(&quant::unscan8x8(&lv), qp_y);
                add8x8(luma, bx, by, &pred, &res);
            }
        }
        MbKind::I16x16 => {
            let pred = intra::predict16x16(luma, x, y, mb.i16_mode, n.avail_mb())
                .ok_or_else(|| bad_mode("Intra16x16", mb.i16_mode))?;
            add16x16(luma, x, y, &pred, mb, qp_y);
        }
        MbKind::Pcm => unreachable!("handled above"),
    }
    if pic.planes.len() == 3 {
        let offsets = [cqp.cb, cqp.cr];
        for comp in 0..2 {
            let plane = &mut pic.planes[1 + comp];
            let (cx, cy) = (x / 2, y / 2);
            let pred = intra::predict_chroma(plane, cx, cy, mb.chroma_mode, n.avail_mb())
                .ok_or_else(|| bad_mode("chroma", mb.chroma_mode))?;
            let qpc = quant::chroma_qp(qp_y, offsets[comp]);
            add_chroma(plane, cx, cy, &pred, mb, comp, qpc);
        }
    }
    Ok(())
}

/// Copies I_PCM samples into the picture (8.3.5).
fn write_pcm(pic: &mut Picture, x: usize, y: usize, pcm: &[u8]) {
    let luma = &mut pic.planes[0];
    for r in 0..16 {
        for c in 0..16 {
            luma.set(x + c, y + r, pcm[16 * r + c]);
        }
    }
    if pic.planes.len() == 3 {
        for comp in 0..2 {
            let base = PCM_LUMA + comp * PCM_CHROMA;
            let plane = &mut pic.planes[1 + comp];
            for r in 0..8 {
                for c in 0..8 {
                    plane.set(x / 2 + c, y / 2 + r, pcm[base + 8 * r + c]);
                }
            }
        }
    }
}
