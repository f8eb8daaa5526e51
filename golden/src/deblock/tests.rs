//! Hand-worked examples of every filter branch, the edge selection rules and
//! properties of the whole-picture filter. Expected values come from the
//! equations of 8.7.2.2 - 8.7.2.4 worked by hand in the comments.

use super::filter::EdgeParams;
use super::*;
use proptest::prelude::*;

/// One line p3 p2 p1 p0 | q0 q1 q2 q3 filtered as a luma edge.
fn luma_line(samples: [u8; 8], bs: u8, qp_av: i32) -> [u8; 8] {
    filter_line(samples, false, bs, qp_av, 0, 0)
}

/// One line p3 p2 p1 p0 | q0 q1 q2 q3 filtered as a chroma edge.
fn chroma_line(samples: [u8; 8], bs: u8, qp_av: i32) -> [u8; 8] {
    filter_line(samples, true, bs, qp_av, 0, 0)
}

#[test]
fn thresholds_at_qp_36() {
    // Table 8-16 at indexA = indexB = 36: alpha' = 50, beta' = 11;
    // Table 8-17 at indexA = 36, bS = 3: tC0' = 4.
    assert_eq!(
        EdgeParams::new(3, 36, 0, 0),
        EdgeParams {
            bs: 3,
            alpha: 50,
            beta: 11,
            tc0: 4
        }
    );
    // indexA = Clip3(0, 51, 36 + 12) = 48: alpha' 203, tC0' 18; indexB = 36 - 12 = 24: beta' 4.
    assert_eq!(
        EdgeParams::new(3, 36, 12, -12),
        EdgeParams {
            bs: 3,
            alpha: 203,
            beta: 4,
            tc0: 18
        }
    );
    // indexA = Clip3(0, 51, 50 + 12) = 51: alpha' 255; indexB = 50 - 12 = 38: beta' 12.
    assert_eq!(
        EdgeParams::new(4, 50, 12, -12),
        EdgeParams {
            bs: 4,
            alpha: 255,
            beta: 12,
            tc0: 0
        }
    );
    assert!(EdgeParams::new(4, 15, 0, 0).filters_nothing()); // alpha'(15) = 0
    assert!(!EdgeParams::new(4, 16, 0, 0).filters_nothing()); // alpha'(16) = 4, beta'(16) = 2
}

#[test]
fn luma_bs4_strong_both_sides() {
    // qPav 36: alpha 50, beta 11. |p0-q0| = 7 < 50, |p1-p0| = 1, |q1-q0| = 1 < 11.
    // ap = |61-63| = 2 < 11, aq = |72-70| = 2 < 11, |p0-q0| = 7 < (50>>2)+2 = 14.
    // p'0 = (p2 + 2p1 + 2p0 + 2q0 + q1 + 4) >> 3 = (61+124+126+140+71+4) >> 3 = 526>>3 = 65
    // p'1 = (p2 + p1 + p0 + q0 + 2) >> 2 = (61+62+63+70+2) >> 2 = 258>>2 = 64
    // p'2 = (2p3 + 3p2 + p1 + p0 + q0 + 4) >> 3 = (120+183+62+63+70+4) >> 3 = 502>>3 = 62
    // q'0 = (p1 + 2p0 + 2q0 + 2q1 + q2 + 4) >> 3 = (62+126+140+142+72+4) >> 3 = 546>>3 = 68
    // q'1 = (p0 + q0 + q1 + q2 + 2) >> 2 = (63+70+71+72+2) >> 2 = 278>>2 = 69
    // q'2 = (2q3 + 3q2 + q1 + q0 + p0 + 4) >> 3 = (146+216+71+70+63+4) >> 3 = 570>>3 = 71
    let out = luma_line([60, 61, 62, 63, 70, 71, 72, 73], 4, 36);
    assert_eq!(out, [60, 62, 64, 65, 68, 69, 71, 73]);
}

#[test]
fn luma_bs4_weak_both_sides() {
    // qPav 36: alpha 50. |p0-q0| = 20 < 50 filters, but 20 >= (50>>2)+2 = 14: weak.
    // p'0 = (2p1 + p0 + q1 + 2) >> 2 = (120+60+80+2) >> 2 = 262>>2 = 65
    // q'0 = (2q1 + q0 + p1 + 2) >> 2 = (160+80+60+2) >> 2 = 302>>2 = 75
    let out = luma_line([60, 60, 60, 60, 80, 80, 80, 80], 4, 36);
    assert_eq!(out, [60, 60, 60, 65, 75, 80, 80, 80]);
}

#[test]
fn luma_bs4_weak_p_strong_q() {
    // qPav 36: alpha 50, beta 11. |p0-q0| = 4, |p1-p0| = 2, |q1-q0| = 0: filtered.
    // ap = |50-62| = 12 >= 11: p side weak. aq = |67-66| = 1 < 11 and 4 < 14: q side strong.
    // p'0 = (2p1 + p0 + q1 + 2) >> 2 = (120+62+66+2) >> 2 = 250>>2 = 62
    // q'0 = (p1 + 2p0 + 2q0 + 2q1 + q2 + 4) >> 3 = (60+124+132+132+67+4) >> 3 = 519>>3 = 64
    // q'1 = (p0 + q0 + q1 + q2 + 2) >> 2 = (62+66+66+67+2) >> 2 = 263>>2 = 65
    // q'2 = (2q3 + 3q2 + q1 + q0 + p0 + 4) >> 3 = (134+201+66+66+62+4) >> 3 = 533>>3 = 66
    let out = luma_line([40, 50, 60, 62, 66, 66, 67, 67], 4, 36);
    assert_eq!(out, [40, 50, 60, 62, 64, 65, 66, 67]);
}

#[test]
fn luma_bs3_delta_within_tc() {
    // qPav 36: alpha 50, beta 11, tC0 4. ap = |72-76| = 4, aq = |82-86| = 4: tC = 4+1+1 = 6.
    // delta = Clip3(-6, 6, ((10<<2) + (74-84) + 4) >> 3) = 34>>3 = 4.
    // p'0 = 76+4 = 80, q'0 = 86-4 = 82.
    // p'1 = 74 + Clip3(-4, 4, (72 + ((76+86+1)>>1) - 148) >> 1) = 74 + (5>>1) = 76.
    // q'1 = 84 + Clip3(-4, 4, (82 + 81 - 168) >> 1) = 84 + (-5>>1) = 84 - 3 = 81.
    let out = luma_line([70, 72, 74, 76, 86, 84, 82, 80], 3, 36);
    assert_eq!(out, [70, 72, 76, 80, 82, 81, 82, 80]);
}

#[test]
fn luma_bs3_clipped_by_tc() {
    // qPav 36: alpha 50, beta 11, tC0 4; ap = aq = 0: tC = 6.
    // delta = Clip3(-6, 6, ((30<<2) + 0 + 4) >> 3 = 15) = 6: p'0 = 66, q'0 = 84.
    // p'1 = 60 + Clip3(-4, 4, (60 + ((60+90+1)>>1) - 120) >> 1 = 15>>1 = 7) = 64.
    // q'1 = 90 + Clip3(-4, 4, (90 + 75 - 180) >> 1 = -15>>1 = -8) = 86.
    let out = luma_line([60, 60, 60, 60, 90, 90, 90, 90], 3, 36);
    assert_eq!(out, [60, 60, 64, 66, 84, 86, 90, 90]);
}

#[test]
fn luma_bs3_p1_kept_when_ap_reaches_beta() {
    // qPav 36: beta 11. ap = |48-60| = 12 >= 11: p1 kept and tC = 4 + 0 + 1 = 5.
    // delta = Clip3(-5, 5, ((20<<2) + (60-80) + 4) >> 3 = 64>>3 = 8) = 5.
    // q'1 = 80 + Clip3(-4, 4, (80 + ((60+80+1)>>1) - 160) >> 1 = -10>>1 = -5) = 76.
    let out = luma_line([48, 48, 60, 60, 80, 80, 80, 80], 3, 36);
    assert_eq!(out, [48, 48, 60, 65, 75, 76, 80, 80]);
}

#[test]
fn no_filtering_when_a_threshold_fails() {
    // qPav 36: alpha 50. |p0-q0| = 50 is not < 50: filterSamplesFlag = 0.
    let line = [60, 60, 60, 60, 110, 110, 110, 110];
    assert_eq!(luma_line(line, 4, 36), line);
    assert_eq!(luma_line(line, 3, 36), line);
    assert_eq!(chroma_line(line, 4, 36), line);
    // |p1-p0| = 11 is not < beta 11.
    let line = [60, 60, 49, 60, 70, 70, 70, 70];
    assert_eq!(luma_line(line, 4, 36), line);
    assert_eq!(chroma_line(line, 3, 36), line);
    // |q1-q0| = 11 likewise.
    let line = [60, 60, 60, 60, 70, 81, 70, 70];
    assert_eq!(luma_line(line, 3, 36), line);
    // qPav 15: alpha' 0, nothing is ever filtered.
    let line = [60, 60, 60, 60, 61, 61, 61, 61];
    assert_eq!(luma_line(line, 4, 15), line);
}

#[test]
fn chroma_bs4() {
    // qPav 32 (QPC of QPY 36 with offset -2): alpha 32, beta 9.
    // |p0-q0| = 20 < 32, |p1-p0| = 0, |q1-q0| = 4 < 9.
    // p'0 = (2p1 + p0 + q1 + 2) >> 2 = (200+100+124+2) >> 2 = 426>>2 = 106
    // q'0 = (2q1 + q0 + p1 + 2) >> 2 = (248+120+100+2) >> 2 = 470>>2 = 117
    // p1, q1 (and p2, q2) are never written for chroma.
    let out = chroma_line([1, 1, 100, 100, 120, 124, 9, 9], 4, 32);
    assert_eq!(out, [1, 1, 100, 106, 117, 124, 9, 9]);
}

#[test]
fn chroma_bs3() {
    // qPav 32: alpha 32, beta 9, tC0' (bS 3) = 3, tC = tC0 + 1 = 4.
    // delta = Clip3(-4, 4, ((20<<2) + (100-124) + 4) >> 3 = 60>>3 = 7) = 4.
    // p'0 = 104, q'0 = 116; p1 and q1 kept (chromaStyleFilteringFlag = 1).
    let out = chroma_line([1, 1, 100, 100, 120, 124, 9, 9], 3, 32);
    assert_eq!(out, [1, 1, 100, 104, 116, 124, 9, 9]);
    // Small step: delta = Clip3(-4, 4, ((3<<2) + (100-103) + 4) >> 3 = 13>>3 = 1) = 1.
    let out = chroma_line([1, 1, 100, 100, 103, 103, 9, 9], 3, 32);
    assert_eq!(out, [1, 1, 100, 101, 102, 103, 9, 9]);
}

/// A picture whose sample (x, y) of plane p is `f(p, x, y)`.
fn picture(
    format: ChromaFormat,
    w: usize,
    h: usize,
    f: impl Fn(usize, usize, usize) -> u8,
) -> Picture {
    let mut pic = Picture::new(format, w, h).unwrap();
    for (p, plane) in pic.planes.iter_mut().enumerate() {
        for y in 0..plane.height {
            for x in 0..plane.width {
                plane.set(x, y, f(p, x, y));
            }
        }
    }
    pic
}

/// Row `y` of plane `p`.
fn row(pic: &Picture, p: usize, y: usize) -> Vec<u8> {
    let pl = &pic.planes[p];
    pl.data[y * pl.width..(y + 1) * pl.width].to_vec()
}

fn mb(qp_y: u8, slice: u32) -> MbFilterInfo {
    MbFilterInfo {
        qp_y,
        transform_8x8: false,
        slice,
    }
}

fn slice(idc: u8) -> SliceFilterParams {
    SliceFilterParams {
        disable_deblocking_filter_idc: idc,
        ..Default::default()
    }
}

/// Two macroblocks side by side: luma 60 on the left, 80 on the right.
fn two_mb_step() -> Picture {
    picture(ChromaFormat::Monochrome, 32, 16, |_, x, _| {
        if x < 16 {
            60
        } else {
            80
        }
    })
}

/// Every row of [`two_mb_step`] after filtering the macroblock edge at qPav 36:
/// the bS 4 weak case (20 >= (50>>2)+2): x15 = (120+60+80+2)>>2 = 65,
/// x16 = (160+80+60+2)>>2 = 75. MB 1's internal edge at 20 then sees p0..p2 =
/// x19..x17 = 80 and q = 80: flat, unchanged (p3 = x16 is not read for bS 3).
fn two_mb_step_filtered() -> Vec<u8> {
    let mut r = vec![60u8; 15];
    r.extend([65, 75]);
    r.extend([80; 15]);
    r
}

#[test]
fn vertical_macroblock_edge() {
    let mut pic = two_mb_step();
    deblock_picture(&mut pic, &[mb(36, 0), mb(36, 0)], &[slice(0)]).unwrap();
    for y in 0..16 {
        assert_eq!(row(&pic, 0, y), two_mb_step_filtered(), "row {y}");
    }
}

#[test]
fn horizontal_macroblock_edge() {
    // The transpose of `vertical_macroblock_edge`: rows 15 and 16 become 65 and 75.
    let mut pic = picture(ChromaFormat::Monochrome, 16, 32, |_, _, y| {
        if y < 16 {
            60
        } else {
            80
        }
    });
    deblock_picture(&mut pic, &[mb(36, 0), mb(36, 0)], &[slice(0)]).unwrap();
    let expect = two_mb_step_filtered();
    for (y, &v) in expect.iter().enumerate() {
        assert_eq!(row(&pic, 0, y), vec![v; 16], "row {y}");
    }
}

#[test]
fn qp_average_rounds_half_up() {
    // qPav = (30 + 33 + 1) >> 1 = 32: alpha 32 > |60-90| = 30, so the edge is
    // filtered (rounding down to 31 would give alpha 28 and no filtering).
    // Weak (30 >= (32>>2)+2 = 10): x15 = (120+60+90+2)>>2 = 68, x16 = (180+90+60+2)>>2 = 83.
    // MB 1's edge 20 (QP 33, bS 3) sees flat p0..p2 and q: unchanged.
    let mut pic = picture(ChromaFormat::Monochrome, 32, 16, |_, x, _| {
        if x < 16 {
            60
        } else {
            90
        }
    });
    deblock_picture(&mut pic, &[mb(30, 0), mb(33, 0)], &[slice(0)]).unwrap();
    let mut expect = vec![60u8; 15];
    expect.extend([68, 83]);
    expect.extend([90; 15]);
    assert_eq!(row(&pic, 0, 7), expect);
}

#[test]
fn internal_edges_in_order_and_8x8_transform() {
    // One MB, QP 36, columns 0..=3 at 60 and 4..=15 at 90.
    let step = |_: usize, x: usize, _: usize| if x < 4 { 60 } else { 90 };
    // 4x4 transform: edge 4 (bS 3) gives, as in `luma_bs3_clipped_by_tc`,
    // x2..x5 = 64 66 84 86. Edge 8 then sees p0 = x7 = 90, p1 = x6 = 90,
    // p2 = x5 = 86, q = 90: ap = 4 < 11, delta = (0 + 0 + 4) >> 3 = 0, and
    // p'1 = 90 + Clip3(-4, 4, (86 + 90 - 180) >> 1 = -2) = 88 at x6.
    // Edge 12 and every horizontal edge see flat lines.
    let mut pic = picture(ChromaFormat::Monochrome, 16, 16, step);
    deblock_picture(&mut pic, &[mb(36, 0)], &[slice(0)]).unwrap();
    let expect = vec![
        60, 60, 64, 66, 84, 86, 88, 90, 90, 90, 90, 90, 90, 90, 90, 90,
    ];
    for y in 0..16 {
        assert_eq!(row(&pic, 0, y), expect, "row {y}");
    }
    // transform_size_8x8_flag: edge 4 is not an edge; edge 8 is flat.
    let mut pic = picture(ChromaFormat::Monochrome, 16, 16, step);
    let before = pic.clone();
    let info = MbFilterInfo {
        qp_y: 36,
        transform_8x8: true,
        slice: 0,
    };
    deblock_picture(&mut pic, &[info], &[slice(0)]).unwrap();
    assert_eq!(pic, before);
}

#[test]
fn chroma_internal_edge_ignores_8x8_transform() {
    // 4:2:0, one MB, luma flat; Cb columns 0..=3 at 100 and 4..=7 at 120.
    // QPY 36, chroma_qp_index_offset -2: QPC 32, internal edge 4 has bS 3: as in
    // `chroma_bs3`, x3 = 104 and x4 = 116. The 8x8 transform flag changes nothing.
    for transform_8x8 in [false, true] {
        let mut pic = picture(ChromaFormat::Yuv420, 16, 16, |p, x, _| match (p, x < 4) {
            (0, _) => 128,
            (_, true) => 100,
            (_, false) => 120,
        });
        let sp = SliceFilterParams {
            chroma_qp_index_offset: -2,
            ..slice(0)
        };
        let info = MbFilterInfo {
            qp_y: 36,
            transform_8x8,
            slice: 0,
        };
        deblock_picture(&mut pic, &[info], &[sp]).unwrap();
        for y in 0..8 {
            assert_eq!(row(&pic, 1, y), [100, 100, 100, 104, 116, 120, 120, 120]);
        }
        assert!(pic.planes[0].data.iter().all(|&v| v == 128));
    }
}

#[test]
fn chroma_macroblock_edge_uses_each_planes_offset() {
    // 4:2:0, two MBs at QPY 36, luma flat. Cb 100 | 120, Cr 100 | 140.
    // Cb, offset -2: QPC 32, alpha 32 > 20: bS 4 chroma, x7 = (200+100+120+2)>>2 = 105,
    // x8 = (240+120+100+2)>>2 = 115. MB 1's chroma edge 4 (x12) is flat.
    // Cr, second offset +12: qPI 48, QPC 39, alpha'(39) = 71 > 40:
    // x7 = (200+100+140+2)>>2 = 110, x8 = (280+140+100+2)>>2 = 130.
    // (With Cb's offset, alpha 32 <= 40 would leave Cr untouched.)
    let mut pic = picture(ChromaFormat::Yuv420, 32, 16, |p, x, _| match p {
        0 => 128,
        1 => [100, 120][x / 8],
        _ => [100, 140][x / 8],
    });
    let sp = SliceFilterParams {
        chroma_qp_index_offset: -2,
        second_chroma_qp_index_offset: 12,
        ..slice(0)
    };
    deblock_picture(&mut pic, &[mb(36, 0), mb(36, 0)], &[sp]).unwrap();
    let mut cb = vec![100u8; 7];
    cb.extend([105, 115]);
    cb.extend([120; 7]);
    let mut cr = vec![100u8; 7];
    cr.extend([110, 130]);
    cr.extend([140; 7]);
    for y in 0..8 {
        assert_eq!(row(&pic, 1, y), cb, "Cb row {y}");
        assert_eq!(row(&pic, 2, y), cr, "Cr row {y}");
    }
}

#[test]
fn chroma_qp_is_averaged_after_mapping_each_side() {
    // 4:2:0, MB 0 at QPY 30, MB 1 at QPY 44, offsets 0, luma flat.
    // qPp = QPC(30) = 29, qPq = QPC(44) = 37: qPav = (29 + 37 + 1) >> 1 = 33,
    // alpha'(33) = 36, beta'(33) = 9. (Mapping the mean QPY instead would give
    // QPC((30 + 44 + 1) >> 1 = 37) = 34 and alpha 40.)
    // Cb 100 | 138: |p0 - q0| = 38 >= 36, untouched.
    // Cr 100 | 130: 30 < 36, bS 4 chroma: x7 = (200+100+130+2)>>2 = 432>>2 = 108,
    // x8 = (260+130+100+2)>>2 = 492>>2 = 123; MB 1's chroma edge 4 is flat.
    let mut pic = picture(ChromaFormat::Yuv420, 32, 16, |p, x, _| match p {
        0 => 128,
        1 => [100, 138][x / 8],
        _ => [100, 130][x / 8],
    });
    let before = pic.clone();
    deblock_picture(&mut pic, &[mb(30, 0), mb(44, 0)], &[slice(0)]).unwrap();
    let mut cr = vec![100u8; 7];
    cr.extend([108, 123]);
    cr.extend([130; 7]);
    for y in 0..8 {
        assert_eq!(row(&pic, 2, y), cr, "Cr row {y}");
    }
    assert_eq!(pic.planes[..2], before.planes[..2]);
}

#[test]
fn idc_1_filters_nothing() {
    let mut pic = picture(ChromaFormat::Yuv420, 48, 32, |p, x, y| {
        (x * 37 + y * 11 + p * 50) as u8
    });
    let before = pic.clone();
    deblock_picture(&mut pic, &[mb(40, 0); 6], &[slice(1)]).unwrap();
    assert_eq!(pic, before);
}

#[test]
fn idc_2_stops_at_slice_boundaries_only() {
    // Two slices: the macroblock edge between them is not filtered.
    let mut pic = two_mb_step();
    deblock_picture(&mut pic, &[mb(36, 0), mb(36, 1)], &[slice(2), slice(2)]).unwrap();
    assert_eq!(pic, two_mb_step());
    // One slice with idc 2: filtered as with idc 0.
    let mut pic = two_mb_step();
    deblock_picture(&mut pic, &[mb(36, 0), mb(36, 0)], &[slice(2)]).unwrap();
    assert_eq!(row(&pic, 0, 3), two_mb_step_filtered());
    // idc 0 filters across slices.
    let mut pic = two_mb_step();
    deblock_picture(&mut pic, &[mb(36, 0), mb(36, 1)], &[slice(0), slice(0)]).unwrap();
    assert_eq!(row(&pic, 0, 3), two_mb_step_filtered());
}

#[test]
fn edge_follows_the_slice_of_macroblock_q() {
    // The edge between MB 0 and MB 1 belongs to MB 1 (q): its slice decides.
    let mut pic = two_mb_step();
    deblock_picture(&mut pic, &[mb(36, 0), mb(36, 1)], &[slice(1), slice(0)]).unwrap();
    assert_eq!(row(&pic, 0, 3), two_mb_step_filtered());
    let mut pic = two_mb_step();
    deblock_picture(&mut pic, &[mb(36, 0), mb(36, 1)], &[slice(0), slice(1)]).unwrap();
    assert_eq!(pic, two_mb_step());
    // FilterOffsetA of q's slice: -12 gives indexA 24, alpha 12 <= 20: no filtering.
    let harsh = SliceFilterParams {
        filter_offset_a: -12,
        ..slice(0)
    };
    let mut pic = two_mb_step();
    deblock_picture(&mut pic, &[mb(36, 0), mb(36, 1)], &[slice(0), harsh]).unwrap();
    assert_eq!(pic, two_mb_step());
    let mut pic = two_mb_step();
    deblock_picture(&mut pic, &[mb(36, 0), mb(36, 1)], &[harsh, slice(0)]).unwrap();
    assert_eq!(row(&pic, 0, 3), two_mb_step_filtered());
}

#[test]
fn inconsistent_arguments_are_errors() {
    let mut pic = two_mb_step();
    assert!(deblock_picture(&mut pic, &[mb(36, 0)], &[slice(0)]).is_err());
    assert!(deblock_picture(&mut pic, &[mb(36, 0), mb(36, 1)], &[slice(0)]).is_err());
    assert!(deblock_picture(&mut pic, &[mb(52, 0), mb(36, 0)], &[slice(0)]).is_err());
    assert!(deblock_picture(&mut pic, &[mb(36, 0), mb(36, 0)], &[slice(3)]).is_err());
    pic.planes[0].data.pop();
    assert!(deblock_picture(&mut pic, &[mb(36, 0), mb(36, 0)], &[slice(0)]).is_err());
    let mut pic = two_mb_step();
    pic.format = ChromaFormat::Yuv420;
    assert!(deblock_picture(&mut pic, &[mb(36, 0), mb(36, 0)], &[slice(0)]).is_err());
}

/// Random filter inputs for a picture of `wm` x `hm` macroblocks.
#[derive(Clone, Debug)]
struct Case {
    format: ChromaFormat,
    wm: usize,
    hm: usize,
    seed: u64,
    mbs: Vec<MbFilterInfo>,
    slices: Vec<SliceFilterParams>,
}

fn any_slice() -> impl Strategy<Value = SliceFilterParams> {
    (0u8..=2, -6i32..=6, -6i32..=6, -12i32..=12, -12i32..=12).prop_map(|(idc, a, b, c1, c2)| {
        SliceFilterParams {
            disable_deblocking_filter_idc: idc,
            filter_offset_a: a << 1,
            filter_offset_b: b << 1,
            chroma_qp_index_offset: c1,
            second_chroma_qp_index_offset: c2,
        }
    })
}

fn any_case() -> impl Strategy<Value = Case> {
    (
        any::<bool>(),
        1usize..=3,
        1usize..=3,
        any::<u64>(),
        prop::collection::vec(any_slice(), 1..=3),
    )
        .prop_flat_map(|(yuv, wm, hm, seed, slices)| {
            let n = slices.len() as u32;
            let one = (0u8..=51, any::<bool>(), 0..n).prop_map(|(qp_y, transform_8x8, slice)| {
                MbFilterInfo {
                    qp_y,
                    transform_8x8,
                    slice,
                }
            });
            prop::collection::vec(one, wm * hm).prop_map(move |mbs| Case {
                format: if yuv {
                    ChromaFormat::Yuv420
                } else {
                    ChromaFormat::Monochrome
                },
                wm,
                hm,
                seed,
                mbs,
                slices: slices.clone(),
            })
        })
}

/// Blocky content: a random level per 4x4 block plus small noise, so that
/// edges get filtered often. A linear congruential generator keeps it cheap.
fn blocky_picture(c: &Case) -> Picture {
    let mut state = c.seed | 1;
    let mut next = move || {
        state = state
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (state >> 33) as u32
    };
    let mut pic = Picture::new(c.format, c.wm * 16, c.hm * 16).unwrap();
    for plane in pic.planes.iter_mut() {
        let bw = plane.width / 4;
        let levels: Vec<u32> = (0..bw * plane.height / 4).map(|_| next() % 256).collect();
        for y in 0..plane.height {
            for x in 0..plane.width {
                let v = levels[(y / 4) * bw + x / 4] + next() % 5;
                plane.set(x, y, v.min(255) as u8);
            }
        }
    }
    pic
}

/// Whether sample (x, y) of plane `p` lies within reach of an edge the
/// filter may process: luma p2..q2 of a vertical or horizontal edge, chroma
/// p0..q0. An edge at coordinate e (multiple of 4) belongs to the macroblock
/// holding q0; it is a candidate unless that macroblock's slice has idc 1,
/// it is on the picture border, it is a macroblock edge to another slice
/// under idc 2, or it is luma edge 4 or 12 of an 8x8-transform macroblock.
fn near_filtered_edge(c: &Case, p: usize, x: usize, y: usize) -> bool {
    let mb_size = if p == 0 { 16 } else { 8 };
    let (before, after) = if p == 0 { (3, 2) } else { (1, 0) };
    let candidate = |e: usize, other: usize, vertical: bool| -> bool {
        let (mbx, mby) = if vertical {
            (e / mb_size, other / mb_size)
        } else {
            (other / mb_size, e / mb_size)
        };
        let q = c.mbs[mby * c.wm + mbx];
        let sp = c.slices[q.slice as usize];
        let k = e % mb_size;
        if sp.disable_deblocking_filter_idc == 1 {
            return false;
        }
        if k == 0 {
            if e == 0 {
                return false;
            }
            let n = if vertical {
                c.mbs[mby * c.wm + mbx - 1]
            } else {
                c.mbs[(mby - 1) * c.wm + mbx]
            };
            return sp.disable_deblocking_filter_idc != 2 || n.slice == q.slice;
        }
        !(p == 0 && q.transform_8x8 && k != 8)
    };
    let near = |pos: usize, other: usize, limit: usize, vertical: bool| {
        // Edges lie on multiples of 4 in [pos - after, pos + before].
        (pos.saturating_sub(after).div_ceil(4) * 4..=pos + before)
            .step_by(4)
            .filter(|&e| e < limit)
            .any(|e| candidate(e, other, vertical))
    };
    let plane_w = c.wm * mb_size;
    let plane_h = c.hm * mb_size;
    near(x, y, plane_w, true) || near(y, x, plane_h, false)
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(200))]

    #[test]
    fn changes_stay_next_to_filtered_edges(c in any_case()) {
        let mut pic = blocky_picture(&c);
        let before = pic.clone();
        prop_assert!(deblock_picture(&mut pic, &c.mbs, &c.slices).is_ok());
        for p in 0..pic.planes.len() {
            let (a, b) = (&before.planes[p], &pic.planes[p]);
            for y in 0..a.height {
                for x in 0..a.width {
                    if a.at(x, y) != b.at(x, y) {
                        prop_assert!(near_filtered_edge(&c, p, x, y), "plane {p} ({x}, {y})");
                    }
                }
            }
        }
    }

    #[test]
    fn flat_picture_stays_flat(c in any_case(), level in any::<u8>()) {
        let mut pic = Picture::new(c.format, c.wm * 16, c.hm * 16).unwrap();
        for plane in pic.planes.iter_mut() {
            plane.data.fill(level);
        }
        let before = pic.clone();
        deblock_picture(&mut pic, &c.mbs, &c.slices).unwrap();
        prop_assert_eq!(pic, before);
    }

    #[test]
    fn all_idc_1_changes_nothing(c in any_case()) {
        let slices: Vec<_> = c.slices.iter().map(|s| SliceFilterParams {
            disable_deblocking_filter_idc: 1, ..*s
        }).collect();
        let mut pic = blocky_picture(&c);
        let before = pic.clone();
        deblock_picture(&mut pic, &c.mbs, &slices).unwrap();
        prop_assert_eq!(pic, before);
    }

    #[test]
    fn never_panics_on_any_arguments(
        c in any_case(),
        extra in 0usize..3,
        qp_y in any::<u8>(),
        slice in 0u32..5,
        idc in any::<u8>(),
    ) {
        // Corrupt one macroblock, one slice and maybe the count: Ok or Err, no panic.
        let mut mbs = c.mbs.clone();
        mbs[0] = MbFilterInfo { qp_y, transform_8x8: true, slice };
        mbs.resize(mbs.len() + extra, MbFilterInfo::default());
        let mut slices = c.slices.clone();
        slices[0].disable_deblocking_filter_idc = idc;
        slices[0].filter_offset_a = i32::from(idc) - 128;
        let mut pic = blocky_picture(&c);
        let before = pic.clone();
        if deblock_picture(&mut pic, &mbs, &slices).is_err() {
            prop_assert_eq!(pic, before);
        }
    }
}
