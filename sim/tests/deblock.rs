//! deblock_edge (the deblocking filter's core, 8.7.2) against golden, bit for bit. Every
//! expected line comes from golden: `deblock::filter_line` (filter.rs EdgeParams::new, then
//! luma_line / chroma_line) for synthetic lines, and the lines `deblock_picture` filtered
//! (`Decoder::record_deblock_lines`: the samples before and after each edge, with the
//! parameters it used) for the edges of real decoded pictures.
//!
//! Cases: random segments over bS 0..4, qPav 0..63, FilterOffsetA / B -16..15, luma and
//! chroma, with lines built around the thresholds of golden's `edge_thresholds` (|p0 - q0|,
//! |p1 - p0|, |q1 - q0|, |p2 - p0|, |q2 - q0| at beta / alpha - 1, at, + 1; |p0 - q0| at the
//! strong gate (alpha >> 2) + 2), saturating lines (0 / 255) and uniform noise; every qPav
//! 0..51 x bS 0..4 x luma / chroma at its thresholds (so every ROM entry decides some line);
//! and every filtered line of x264's intra streams and golden's encoder with the filter on.

mod common;

use common::*;
use golden::bitstream::split_annexb;
use golden::deblock::{edge_thresholds, filter_line, EdgeLine};
use golden::decoder::Decoder;
use golden::encoder::EncoderConfig;
use sim::{run_stream, DeblockEdge, DeblockSeg, Rng, Stalls, Stream};
use vectors::dec_front::{golden_stream, x264_streams};
use vectors::stimulus::{picture_420, saturating_420};

/// Golden's four lines of `seg`.
fn golden(seg: &DeblockSeg) -> [[u8; 8]; 4] {
    seg.lines.map(|l| {
        filter_line(
            l,
            seg.chroma,
            seg.bs,
            i32::from(seg.qp_av),
            i32::from(seg.offset_a),
            i32::from(seg.offset_b),
        )
    })
}

/// Branches of 8.7.2.3 / 8.7.2.4 the expected lines took (read off golden's output).
#[derive(Default, Debug)]
struct Coverage {
    lines: usize,
    changed: usize,
    /// luma bS 4 with p2 or q2 changed (the strong filter).
    strong: usize,
    /// luma bS 4 with p0 changed, p1 kept (the [2 1 1] mean).
    bs4_weak: usize,
    /// luma bS < 4 with p1 or q1 changed.
    p1_moved: usize,
    /// p'0 or q'0 clipped to 0 or 255 on the bS < 4 path.
    clipped: usize,
    chroma_changed: usize,
}

impl Coverage {
    fn add(&mut self, seg: &DeblockSeg, want: &[[u8; 8]; 4]) {
        for (a, b) in seg.lines.iter().zip(want) {
            self.lines += 1;
            if a == b {
                continue;
            }
            self.changed += 1;
            if seg.chroma {
                self.chroma_changed += 1;
            } else if seg.bs == 4 {
                if a[1] != b[1] || a[6] != b[6] {
                    self.strong += 1;
                } else if a[3] != b[3] && a[2] == b[2] {
                    self.bs4_weak += 1;
                }
            } else if a[2] != b[2] || a[5] != b[5] {
                self.p1_moved += 1;
            }
            if seg.bs < 4 && [b[3], b[4]].iter().any(|&v| v == 0 || v == 255) {
                self.clipped += 1;
            }
        }
    }

    fn assert_all(&self, what: &str) {
        println!("{what}: {self:?}");
        for (name, n) in [
            ("changed", self.changed),
            ("strong", self.strong),
            ("bs4_weak", self.bs4_weak),
            ("p1_moved", self.p1_moved),
            ("clipped", self.clipped),
            ("chroma_changed", self.chroma_changed),
        ] {
            assert!(n > 0, "{what}: no line of class {name}");
        }
    }
}

/// Streams `segs` through `dut` under `stalls` and checks every output against golden.
fn check(dut: &mut DeblockEdge, segs: &[DeblockSeg], stalls: Stalls, rng: &mut Rng, what: &str) {
    dut.reset();
    let got = run_stream(dut, segs, stalls, rng);
    assert_eq!(got.len(), segs.len(), "{what}: segments out != segments in");
    for (k, (seg, g)) in segs.iter().zip(&got).enumerate() {
        let want = golden(seg);
        assert_eq!(
            &want, g,
            "{what}: segment {k}: {seg:?}\n golden {want:?}\n RTL    {g:?}"
        );
    }
}

fn clamp_u8(v: i32) -> u8 {
    v.clamp(0, 255) as u8
}

/// A difference near `t` (t - 2 ..= t + 1, or small), with a random sign.
fn near(rng: &mut Rng, t: i32) -> i32 {
    let d = match rng.range(0, 5) {
        0 => t - 1,
        1 => t,
        2 => t - 2,
        3 => t + 1,
        4 => rng.range(0, i64::from(t.max(1))) as i32,
        _ => rng.range(0, 255) as i32,
    }
    .max(0);
    if rng.percent(50) {
        d
    } else {
        -d
    }
}

/// One line p3..q3 for an edge with `alpha` / `beta`, of a random kind.
fn line(rng: &mut Rng, alpha: i32, beta: i32) -> [u8; 8] {
    match rng.range(0, 9) {
        // Uniform noise.
        0 => std::array::from_fn(|_| rng.range(0, 255) as u8),
        // Saturating: samples at or next to 0 / 255.
        1 => std::array::from_fn(|_| [0, 1, 2, 253, 254, 255][rng.range(0, 5) as usize]),
        // A step across the edge between two flat sides, near 0 or 255.
        2 => {
            let lo = rng.range(0, 6) as u8;
            let hi = 255 - rng.range(0, 6) as u8;
            let (a, b) = if rng.percent(50) { (lo, hi) } else { (hi, lo) };
            let step = near(rng, alpha).unsigned_abs() as i32;
            let b = if a < b {
                clamp_u8(i32::from(a) + step)
            } else {
                clamp_u8(i32::from(a) - step)
            };
            std::array::from_fn(|i| if i < 4 { a } else { b })
        }
        // Around the thresholds: the differences of 8.7.2.2 each near its limit.
        _ => {
            let base = rng.range(0, 255) as i32;
            let p0 = base;
            let q0 = p0 + near(rng, alpha);
            let sg = (alpha >> 2) + 2;
            let q0 = if rng.percent(30) {
                p0 + near(rng, sg)
            } else {
                q0
            };
            let p1 = p0 + near(rng, beta);
            let q1 = q0 + near(rng, beta);
            let p2 = p0 + near(rng, beta);
            let q2 = q0 + near(rng, beta);
            let p3 = p2 + rng.range(-20, 20) as i32;
            let q3 = q2 + rng.range(-20, 20) as i32;
            [p3, p2, p1, p0, q0, q1, q2, q3].map(clamp_u8)
        }
    }
}

/// A random segment: four lines of one edge with random parameters.
fn random_seg(rng: &mut Rng) -> DeblockSeg {
    let bs = rng.range(0, 4) as u8;
    let chroma = rng.percent(40);
    // Mostly the stream's ranges (qPav 0..51, even offsets -12..12), sometimes the ports' whole.
    let (qp_av, offset_a, offset_b) = if rng.percent(90) {
        (
            rng.range(0, 51) as u8,
            2 * rng.range(-6, 6) as i8,
            2 * rng.range(-6, 6) as i8,
        )
    } else {
        (
            rng.range(0, 63) as u8,
            rng.range(-16, 15) as i8,
            rng.range(-16, 15) as i8,
        )
    };
    let (alpha, beta, _) = edge_thresholds(
        bs,
        i32::from(qp_av),
        i32::from(offset_a),
        i32::from(offset_b),
    );
    DeblockSeg {
        chroma,
        bs,
        qp_av,
        offset_a,
        offset_b,
        lines: std::array::from_fn(|_| line(rng, alpha, beta)),
    }
}

/// 24,000 random segments (96,000 lines) under each stall pattern in turn; the Yosys netlist
/// on 3,000 of them.
#[test]
fn random_segments() {
    let mut rng = seed("deblock random", 0xdeb1_0001);
    let segs: Vec<DeblockSeg> = (0..24_000).map(|_| random_seg(&mut rng)).collect();
    let mut cov = Coverage::default();
    for s in &segs {
        cov.add(s, &golden(s));
    }
    cov.assert_all("random");
    let mut dut = DeblockEdge::new(false);
    for (i, chunk) in segs.chunks(2000).enumerate() {
        let stalls = if i % 2 == 0 {
            Stalls::NONE
        } else {
            Stalls::PATTERNS[i % Stalls::PATTERNS.len()]
        };
        check(&mut dut, chunk, stalls, &mut rng, &format!("chunk {i}"));
    }
    let mut yosys = DeblockEdge::new(true);
    check(
        &mut yosys,
        &segs[..3000],
        Stalls::PATTERNS[1],
        &mut rng,
        "yosys",
    );
}

/// Every qPav 0..51 (offsets 0, then the extreme offsets) x bS 0..4 x luma / chroma, 16
/// segments of lines at its thresholds each: each entry of alpha / beta / tC0 decides lines
/// on both sides of its limits.
#[test]
fn thresholds_every_index() {
    let mut rng = seed("deblock thresholds", 0xdeb1_0002);
    let mut segs = Vec::new();
    for (offset_a, offset_b) in [(0, 0), (12, -12), (-12, 12)] {
        for qp_av in 0..=51u8 {
            for bs in 0..=4u8 {
                for chroma in [false, true] {
                    let (alpha, beta, _) =
                        edge_thresholds(bs, i32::from(qp_av), offset_a, offset_b);
                    for _ in 0..16 {
                        segs.push(DeblockSeg {
                            chroma,
                            bs,
                            qp_av,
                            offset_a: offset_a as i8,
                            offset_b: offset_b as i8,
                            lines: std::array::from_fn(|_| line(&mut rng, alpha, beta)),
                        });
                    }
                }
            }
        }
    }
    let mut cov = Coverage::default();
    for s in &segs {
        cov.add(s, &golden(s));
    }
    cov.assert_all("thresholds");
    let mut dut = DeblockEdge::new(false);
    check(&mut dut, &segs, Stalls::NONE, &mut rng, "thresholds");
}

/// The segments of a decoded stream's filtered edges: golden's picture filter's lines, four
/// at a time (an edge has 16 or 8 lines, all with its parameters), with what it wrote.
fn stream_segments(stream: &[u8]) -> Vec<(DeblockSeg, [[u8; 8]; 4])> {
    let mut dec = Decoder::new();
    dec.record_deblock_lines();
    for unit in split_annexb(stream) {
        dec.decode_nal(unit).expect("golden decodes it");
    }
    dec.flush().expect("golden decodes it");
    let lines: Vec<EdgeLine> = dec.take_deblock_lines();
    assert_eq!(lines.len() % 4, 0);
    lines
        .chunks(4)
        .map(|c| {
            let e = c[0];
            for l in c {
                assert_eq!(
                    (l.chroma, l.bs, l.qp_av, l.offset_a, l.offset_b),
                    (e.chroma, e.bs, e.qp_av, e.offset_a, e.offset_b),
                    "four lines of one edge"
                );
            }
            let seg = DeblockSeg {
                chroma: e.chroma,
                bs: e.bs,
                qp_av: e.qp_av as u8,
                offset_a: e.offset_a as i8,
                offset_b: e.offset_b as i8,
                lines: std::array::from_fn(|k| c[k].before),
            };
            (seg, std::array::from_fn(|k| c[k].after))
        })
        .collect()
}

/// Every filtered line of x264's intra streams (vectors::dec_front::x264_streams: default,
/// --no-8x8dct, 4 slices, --deblock -2:1, a chroma QP offset, CRF with AQ, QP 1) and of
/// golden's encoder with the filter on at QP 30 / 40 / 51: the RTL on the samples before
/// each edge (earlier edges applied) gives what golden's deblock_picture wrote.
#[test]
fn decoded_picture_edges() {
    let mut rng = seed("deblock pictures", 0xdeb1_0003);
    let mut streams = x264_streams();
    for (k, qp) in [30, 40, 51].into_iter().enumerate() {
        let pic = if k == 1 {
            saturating_420(48, 32, 4)
        } else {
            picture_420(48, 32, 50 + k as u64)
        };
        let cfg = EncoderConfig {
            qp,
            deblock: true,
            transform_8x8: k == 2,
            ..EncoderConfig::default()
        };
        streams.push((format!("golden qp {qp}"), golden_stream(&pic, cfg, 1)));
    }
    let mut dut = DeblockEdge::new(false);
    let mut total = 0;
    let mut cov = Coverage::default();
    for (i, (name, stream)) in streams.iter().enumerate() {
        let cases = stream_segments(stream);
        println!("{name}: {} segments", cases.len());
        total += cases.len();
        for (seg, want) in &cases {
            // The per-line view is the picture filter's.
            assert_eq!(&golden(seg), want, "{name}: filter_line != deblock_picture");
            cov.add(seg, want);
        }
        let segs: Vec<DeblockSeg> = cases.iter().map(|c| c.0.clone()).collect();
        let stalls = Stalls::PATTERNS[i % Stalls::PATTERNS.len()];
        check(&mut dut, &segs, stalls, &mut rng, name);
    }
    println!("pictures: {cov:?}");
    assert!(total > 0, "no filtered edge");
    assert!(cov.changed > 0 && cov.chroma_changed > 0);
}
