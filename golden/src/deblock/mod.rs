//! Deblocking filter (H.264 clause 8.7) for frame pictures of I slices.
//!
//! Every macroblock is intra and every picture is a frame, so the boundary
//! strength is fixed (8.7.2.1, mixedModeEdgeFlag = 0): bS = 4 on macroblock
//! edges and bS = 3 on internal edges. The filter runs on a whole decoded
//! picture, macroblock by macroblock in increasing address order; for each
//! one, the luma vertical edges left to right, then the luma horizontal edges
//! top to bottom, then the same for Cb and for Cr. The planes do not interact,
//! so only the order within a plane matters.
//!
//! Edges, in samples from the macroblock's top-left corner:
//! - luma: 0 (macroblock edge), 4, 8, 12; with transform_size_8x8_flag, 4
//!   and 12 are skipped (no transform block edge there);
//! - 4:2:0 chroma: 0 (macroblock edge) and 4. Chroma always uses 4x4
//!   transforms in 4:2:0, and 8.7 skips the internal chroma edges for
//!   transform_size_8x8_flag only when ChromaArrayType == 3, so edge 4 is
//!   filtered whatever the flag (its bS is that of luma edge 8: 3).

mod filter;
mod tables;

#[cfg(test)]
mod tests;

use crate::error::{Error, Result};
use crate::picture::{ChromaFormat, Picture, Plane};
use filter::{filter_chroma_edge, filter_luma_edge, EdgeGeometry, EdgeParams};

/// What the filter needs to know about one macroblock (raster order in the picture).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MbFilterInfo {
    /// QPY of the macroblock (0 for I_PCM, as 8.7.2.2 requires: qPp of an I_PCM MB is 0).
    pub qp_y: u8,
    /// transform_size_8x8_flag: when set, the internal luma edges 1 and 3 are not filtered.
    pub transform_8x8: bool,
    /// Index of the slice containing the MB (into the `slices` table).
    pub slice: u32,
}

/// Per-slice filter controls from the slice header / PPS.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct SliceFilterParams {
    /// disable_deblocking_filter_idc: 0 filter all edges, 1 filter nothing,
    /// 2 do not filter edges to macroblocks of another slice.
    pub disable_deblocking_filter_idc: u8,
    /// FilterOffsetA = slice_alpha_c0_offset_div2 << 1.
    pub filter_offset_a: i32,
    /// FilterOffsetB = slice_beta_offset_div2 << 1.
    pub filter_offset_b: i32,
    /// chroma_qp_index_offset (Cb), from the PPS.
    pub chroma_qp_index_offset: i32,
    /// second_chroma_qp_index_offset (Cr), from the PPS.
    pub second_chroma_qp_index_offset: i32,
}

/// Runs the deblocking filter over a whole reconstructed picture in place.
///
/// `mbs` holds one entry per macroblock in raster order; `slices` the filter
/// controls each `MbFilterInfo::slice` indexes. Errors only on inconsistent
/// arguments (wrong counts or plane sizes, a slice index out of range, a QP
/// above 51, an idc above 2); the picture is untouched then.
pub fn deblock_picture(
    pic: &mut Picture,
    mbs: &[MbFilterInfo],
    slices: &[SliceFilterParams],
) -> Result<()> {
    check_arguments(pic, mbs, slices)?;
    let wm = pic.width_mbs();
    for (addr, &cur) in mbs.iter().enumerate() {
        // The controls are those of the slice of the current macroblock (q).
        let sp = slices[cur.slice as usize];
        if sp.disable_deblocking_filter_idc == 1 {
            // filterLeftMbEdgeFlag = filterTopMbEdgeFlag = filterInternalEdgesFlag = 0.
            continue;
        }
        let (mbx, mby) = (addr % wm, addr / wm);
        // A neighbour gives a filtered macroblock edge when it exists in the
        // picture and, for idc 2, lies in the same slice (is "available").
        let usable =
            |n: MbFilterInfo| sp.disable_deblocking_filter_idc != 2 || n.slice == cur.slice;
        let mb = MbEdges {
            cur,
            left: (mbx > 0).then(|| mbs[addr - 1]).filter(|&n| usable(n)),
            top: (mby > 0).then(|| mbs[addr - wm]).filter(|&n| usable(n)),
            slice: sp,
        };
        filter_luma_mb(&mut pic.planes[0], mbx, mby, &mb);
        if pic.format == ChromaFormat::Yuv420 {
            filter_chroma_mb(&mut pic.planes[1], mbx, mby, &mb, sp.chroma_qp_index_offset);
            filter_chroma_mb(
                &mut pic.planes[2],
                mbx,
                mby,
                &mb,
                sp.second_chroma_qp_index_offset,
            );
        }
    }
    Ok(())
}

/// One macroblock with the neighbours across its filtered macroblock edges.
struct MbEdges {
    cur: MbFilterInfo,
    /// Left neighbour when filterLeftMbEdgeFlag is 1.
    left: Option<MbFilterInfo>,
    /// Upper neighbour when filterTopMbEdgeFlag is 1.
    top: Option<MbFilterInfo>,
    slice: SliceFilterParams,
}

impl MbEdges {
    /// Parameters of the edge `k` samples into the macroblock (k = 0 is the
    /// macroblock edge to `neighbour`), or `None` when it is not filtered or
    /// cannot change a sample. `qp` maps a macroblock to its qPp / qPq.
    fn edge_params(
        &self,
        k: usize,
        neighbour: Option<MbFilterInfo>,
        qp: impl Fn(MbFilterInfo) -> i32,
    ) -> Option<EdgeParams> {
        let (bs, p_mb) = if k == 0 {
            (4, neighbour?)
        } else {
            (3, self.cur)
        };
        // qPav = (qPp + qPq + 1) >> 1: the mean rounded half up.
        let qp_av = (qp(p_mb) + qp(self.cur) + 1) >> 1;
        let e = EdgeParams::new(
            bs,
            qp_av,
            self.slice.filter_offset_a,
            self.slice.filter_offset_b,
        );
        (!e.filters_nothing()).then_some(e)
    }
}

/// Luma edges of one macroblock: vertical ones left to right, then
/// horizontal ones top to bottom.
fn filter_luma_mb(plane: &mut Plane, mbx: usize, mby: usize, mb: &MbEdges) {
    let stride = plane.width;
    let origin = mby * 16 * stride + mbx * 16;
    let qp = |m: MbFilterInfo| i32::from(m.qp_y);
    // transform_size_8x8_flag: only edges 0 and 8 are transform block edges.
    let edges: &[usize] = if mb.cur.transform_8x8 {
        &[0, 8]
    } else {
        &[0, 4, 8, 12]
    };
    for &k in edges {
        if let Some(e) = mb.edge_params(k, mb.left, qp) {
            let g = EdgeGeometry {
                q0: origin + k,
                across: 1,
                along: stride,
                lines: 16,
            };
            filter_luma_edge(&mut plane.data, g, e);
        }
    }
    for &k in edges {
        if let Some(e) = mb.edge_params(k, mb.top, qp) {
            let g = EdgeGeometry {
                q0: origin + k * stride,
                across: stride,
                along: 1,
                lines: 16,
            };
            filter_luma_edge(&mut plane.data, g, e);
        }
    }
}

/// 4:2:0 chroma edges of one macroblock in one chroma plane, whose QP
/// offset is `offset`: vertical edges 0 and 4, then horizontal edges 0 and 4.
fn filter_chroma_mb(plane: &mut Plane, mbx: usize, mby: usize, mb: &MbEdges, offset: i32) {
    let stride = plane.width;
    let origin = mby * 8 * stride + mbx * 8;
    // qPp / qPq of a chroma edge are the QPC of each side's QPY (8.7.2.2).
    let qp = |m: MbFilterInfo| crate::quant::chroma_qp(i32::from(m.qp_y), offset);
    for k in [0, 4] {
        if let Some(e) = mb.edge_params(k, mb.left, qp) {
            let g = EdgeGeometry {
                q0: origin + k,
                across: 1,
                along: stride,
                lines: 8,
            };
            filter_chroma_edge(&mut plane.data, g, e);
        }
    }
    for k in [0, 4] {
        if let Some(e) = mb.edge_params(k, mb.top, qp) {
            let g = EdgeGeometry {
                q0: origin + k * stride,
                across: stride,
                along: 1,
                lines: 8,
            };
            filter_chroma_edge(&mut plane.data, g, e);
        }
    }
}

/// Rejects arguments that do not describe one consistent picture.
fn check_arguments(
    pic: &Picture,
    mbs: &[MbFilterInfo],
    slices: &[SliceFilterParams],
) -> Result<()> {
    let bad = |msg: String| Err(Error::Config(format!("deblock: {msg}")));
    if pic.planes.len() != pic.format.planes() {
        return bad(format!("{} planes for {:?}", pic.planes.len(), pic.format));
    }
    let luma = &pic.planes[0];
    let (w, h) = (luma.width, luma.height);
    if w == 0 || h == 0 || w % 16 != 0 || h % 16 != 0 {
        return bad(format!("luma plane {w}x{h} is not whole macroblocks"));
    }
    for (p, plane) in pic.planes.iter().enumerate() {
        let (pw, ph) = if p == 0 { (w, h) } else { (w / 2, h / 2) };
        if plane.width != pw || plane.height != ph || plane.data.len() != pw * ph {
            return bad(format!("plane {p} is not {pw}x{ph}"));
        }
    }
    let count = (w / 16) * (h / 16);
    if mbs.len() != count {
        return bad(format!(
            "{} macroblock entries for {count} macroblocks",
            mbs.len()
        ));
    }
    if let Some((addr, mb)) = mbs.iter().enumerate().find(|(_, m)| m.qp_y > 51) {
        return bad(format!("macroblock {addr} has QPY {}", mb.qp_y));
    }
    if let Some((addr, mb)) = mbs
        .iter()
        .enumerate()
        .find(|(_, m)| m.slice as usize >= slices.len())
    {
        return bad(format!(
            "macroblock {addr} in slice {} of {}",
            mb.slice,
            slices.len()
        ));
    }
    if let Some((i, s)) = slices
        .iter()
        .enumerate()
        .find(|(_, s)| s.disable_deblocking_filter_idc > 2)
    {
        return bad(format!(
            "slice {i} has disable_deblocking_filter_idc {}",
            s.disable_deblocking_filter_idc
        ));
    }
    Ok(())
}
