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
    deblock_picture_observed(pic, mbs, slices, None)
}

/// One sample line of one filtered edge as [`deblock_picture`] met it: the per-line
/// parameters of [`filter_line`] and the samples before and after. Lets a per-line filter
/// (the RTL's deblock_edge) be checked on the edges of real pictures.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct EdgeLine {
    /// chromaEdgeFlag (4:2:0 chroma: chroma-style filtering).
    pub chroma: bool,
    /// bS: 4 on macroblock edges, 3 inside.
    pub bs: u8,
    /// qPav = (qPp + qPq + 1) >> 1 (chroma: of the two QPC).
    pub qp_av: i32,
    /// FilterOffsetA of the slice of the q macroblock.
    pub offset_a: i32,
    /// FilterOffsetB of the slice of the q macroblock.
    pub offset_b: i32,
    /// p3 p2 p1 p0 q0 q1 q2 q3 before the edge was filtered (earlier edges applied).
    pub before: [u8; 8],
    /// The same samples after the edge was filtered.
    pub after: [u8; 8],
}

/// [`deblock_picture`], handing every line of every edge that can change a sample (in the
/// filter's order) to `observe` when given.
pub fn deblock_picture_observed(
    pic: &mut Picture,
    mbs: &[MbFilterInfo],
    slices: &[SliceFilterParams],
    mut observe: Option<&mut dyn FnMut(&EdgeLine)>,
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
        filter_luma_mb(&mut pic.planes[0], mbx, mby, &mb, &mut observe);
        if pic.format == ChromaFormat::Yuv420 {
            let offsets = [sp.chroma_qp_index_offset, sp.second_chroma_qp_index_offset];
            for (plane, offset) in pic.planes[1..3].iter_mut().zip(offsets) {
                filter_chroma_mb(plane, mbx, mby, &mb, offset, &mut observe);
            }
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
    /// cannot change a sample, with its qPav. `qp` maps a macroblock to its qPp / qPq.
    fn edge_params(
        &self,
        k: usize,
        neighbour: Option<MbFilterInfo>,
        qp: impl Fn(MbFilterInfo) -> i32,
    ) -> Option<(EdgeParams, i32)> {
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
        (!e.filters_nothing()).then_some((e, qp_av))
    }

    /// Filters the edge `g` with `e` (qPav `qp_av`), luma or chroma, and hands its lines to
    /// `observe` when given.
    fn filter_edge(
        &self,
        data: &mut [u8],
        g: EdgeGeometry,
        (e, qp_av): (EdgeParams, i32),
        chroma: bool,
        observe: &mut Option<&mut dyn FnMut(&EdgeLine)>,
    ) {
        let filter = if chroma {
            filter_chroma_edge
        } else {
            filter_luma_edge
        };
        let Some(observe) = observe else {
            filter(data, g, e);
            return;
        };
        let line = |d: &[u8], l: usize| -> [u8; 8] {
            let q0 = g.q0 + l * g.along;
            std::array::from_fn(|i| d[q0 + i * g.across - 4 * g.across])
        };
        let before: Vec<[u8; 8]> = (0..g.lines).map(|l| line(data, l)).collect();
        filter(data, g, e);
        for (l, before) in before.into_iter().enumerate() {
            observe(&EdgeLine {
                chroma,
                bs: e.bs,
                qp_av,
                offset_a: self.slice.filter_offset_a,
                offset_b: self.slice.filter_offset_b,
                before,
                after: line(data, l),
            });
        }
    }
}

/// One line p3 p2 p1 p0 | q0 q1 q2 q3 (q0 at index 4) filtered across one edge exactly as
/// [`deblock_picture`] filters it: 8.7.2.2's thresholds from `qp_av` and the offsets
/// (EdgeParams::new), then 8.7.2.3 (bS < 4) or 8.7.2.4 (bS 4), luma or chroma style
/// (`chroma`: only p0 and q0 change, from p1..q1). bS 0 filters nothing (8-460). The view
/// of the filter that the RTL's deblock_edge mirrors.
pub fn filter_line(
    samples: [u8; 8],
    chroma: bool,
    bs: u8,
    qp_av: i32,
    offset_a: i32,
    offset_b: i32,
) -> [u8; 8] {
    let mut d = samples;
    let g = EdgeGeometry {
        q0: 4,
        across: 1,
        along: 0,
        lines: 1,
    };
    let e = EdgeParams::new(bs, qp_av, offset_a, offset_b);
    if chroma {
        filter_chroma_edge(&mut d, g, e);
    } else {
        filter_luma_edge(&mut d, g, e);
    }
    d
}

/// (alpha, beta, tC0) of an edge: Tables 8-16 and 8-17 at indexA / indexB from `qp_av` and
/// the offsets (EdgeParams::new; tC0 is 0 for bS 0 and 4). For building sample lines at the
/// thresholds.
pub fn edge_thresholds(bs: u8, qp_av: i32, offset_a: i32, offset_b: i32) -> (i32, i32, i32) {
    let e = EdgeParams::new(bs, qp_av, offset_a, offset_b);
    (e.alpha, e.beta, e.tc0)
}

/// Luma edges of one macroblock: vertical ones left to right, then
/// horizontal ones top to bottom.
fn filter_luma_mb(
    plane: &mut Plane,
    mbx: usize,
    mby: usize,
    mb: &MbEdges,
    observe: &mut Option<&mut dyn FnMut(&EdgeLine)>,
) {
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
            mb.filter_edge(&mut plane.data, g, e, false, observe);
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
            mb.filter_edge(&mut plane.data, g, e, false, observe);
        }
    }
}

/// 4:2:0 chroma edges of one macroblock in one chroma plane, whose QP
/// offset is `offset`: vertical edges 0 and 4, then horizontal edges 0 and 4.
fn filter_chroma_mb(
    plane: &mut Plane,
    mbx: usize,
    mby: usize,
    mb: &MbEdges,
    offset: i32,
    observe: &mut Option<&mut dyn FnMut(&EdgeLine)>,
) {
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
            mb.filter_edge(&mut plane.data, g, e, true, observe);
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
            mb.filter_edge(&mut plane.data, g, e, true, observe);
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
