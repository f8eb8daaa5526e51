//! The summary on small hand-made measurements. Every expected number is
//! worked out by hand in the comments (points chosen so that interpolations
//! and means are exact in binary unless a tolerance is given).

use std::path::PathBuf;

use super::*;
use crate::published::{Figure, Goal, Published, Source};
use crate::rtn::Rtn;
use crate::{Diag, Meta, ModelInfo, Speed};

fn p(bits: f64, db: f64, setting: &str) -> Point {
    Point {
        bits,
        bytes: 0.0,
        db,
        nmse: 0.0,
        setting: setting.into(),
    }
}

/// Two points at 1 and 3 bits/value: the value at 2 is their mean, at 1.5
/// a quarter of the way, at 1.75 three eighths.
fn line(db1: f64, db3: f64) -> Vec<Point> {
    vec![p(1.0, db1, "b=1"), p(3.0, db3, "b=2")]
}

/// A tensor of `rows` x `cols` values with mean x^2 = 1 and unit row
/// variances, bounds 0 at one target rate, measured by nothing yet.
fn tensor(model: usize, name: &str, rows: usize, cols: usize) -> TensorResult {
    TensorResult {
        model,
        name: name.into(),
        shape: vec![rows, cols],
        group: Group::of(name),
        values: rows * cols,
        row_vars: vec![1.0; rows],
        sum_sq: (rows * cols) as f64,
        bound: vec![0.0],
        bound_1var: vec![0.0],
        rtn: Rtn {
            entropy: vec![],
            zstd: vec![],
        },
        x264: None,
        x264_tensor: None,
        x264_secs: Default::default(),
        x264_side_bytes: 0,
        tricodec: None,
        bound_at_tricodec: vec![],
        tricodec_secs: vec![],
        tricodec_base8: vec![],
        diag: None,
        ecsq: vec![],
        ecsq_at_tricodec: vec![],
    }
}

fn run(models: &[&str], rates: &[f64], results: Vec<TensorResult>) -> Run {
    Run {
        meta: Meta {
            command: "test".into(),
            date: "today".into(),
            machine: "none".into(),
            x264_version: String::new(),
            ffmpeg_version: String::new(),
            x264_args: vec![],
            alignment: String::new(),
            tricodec: String::new(),
            rates: rates.to_vec(),
            jobs: 1,
            diagnose_rate: rates[0],
            measure_secs: 0.0,
            total_secs: 0.0,
        },
        models: models
            .iter()
            .map(|m| ModelInfo {
                name: m.to_string(),
                path: PathBuf::from(m),
            })
            .collect(),
        results,
        speed: None,
        kld: vec![],
    }
}

fn published(model: &str, rate: f64, figures: Vec<Figure>) -> Published {
    Published {
        about: String::new(),
        sources: vec![Source {
            id: "paper".into(),
            title: "A paper".into(),
            location: "somewhere".into(),
        }],
        figures,
        kld_figures: vec![],
        goal: Goal {
            source: "paper".into(),
            model: model.into(),
            weights: "attention/FFN".into(),
            rate,
            within_bound_db: 1.0,
            gain_db: 0.5,
        },
    }
}

/// One tensor at one target rate: (model, name), bound, single-variance
/// bound, RTN + entropy, RTN + zstd, x264 and x264 int8 per tensor as dB at
/// 1 and 3 bits/value (see `line`; no x264: not run), the tricodec point
/// (bits/value, dB) and the bound at its rate.
type Spec = (
    (usize, &'static str),
    f64,
    f64,
    (f64, f64),
    (f64, f64),
    Option<[(f64, f64); 2]>,
    (f64, f64),
    f64,
);

fn measured(spec: Spec) -> TensorResult {
    let ((model, name), bound, bound_1var, rtn, zstd, x264, tri, bound_at_tri) = spec;
    let mut t = tensor(model, name, 2, 4);
    t.bound = vec![bound];
    t.bound_1var = vec![bound_1var];
    t.rtn = Rtn {
        entropy: line(rtn.0, rtn.1),
        zstd: line(zstd.0, zstd.1),
    };
    t.x264 = x264.map(|[x, _]| line(x.0, x.1));
    t.x264_tensor = x264.map(|[_, x]| line(x.0, x.1));
    t.tricodec = Some(vec![p(tri.0, tri.1, "base_qp=20")]);
    t.bound_at_tricodec = vec![bound_at_tri];
    t
}

/// Model "m": A and B (attention/FFN) at 2 bits/value; model "e": one
/// embedding E without x264.
fn two_models() -> Run {
    let specs: [Spec; 3] = [
        // A: RTN+H 7 at 2, 5.5 at 1.5; zstd 6; x264 7 (6 at 1.5);
        // int8/tensor 8 (7 at 1.5); tricodec 8 dB at 1.5 bits/value, bound
        // there 11: gap 3, gains +2, +1, +2.5.
        (
            (0, "layers.0.a"),
            12.0,
            11.0,
            (4.0, 10.0),
            (3.0, 9.0),
            Some([(5.0, 9.0), (6.0, 10.0)]),
            (1.5, 8.0),
            11.0,
        ),
        // B: RTN+H 7 (6.75 at 1.75); zstd 6; x264 8 (7 at 1.75);
        // int8/tensor 7 (6.5 at 1.75); tricodec 6 dB at 1.75, bound there
        // 10: gap 4, gains -1, -0.5, -0.75.
        (
            (0, "layers.0.b"),
            14.0,
            13.0,
            (6.0, 8.0),
            (5.0, 7.0),
            Some([(4.0, 12.0), (5.0, 9.0)]),
            (1.75, 6.0),
            10.0,
        ),
        // E: RTN+H 1 at 2; zstd 0; tricodec 10 dB at 2, bound 12: gap 2,
        // gain over RTN +9.
        (
            (1, "embed_tokens.weight"),
            10.0,
            9.0,
            (0.0, 2.0),
            (0.0, 0.0),
            None,
            (2.0, 10.0),
            12.0,
        ),
    ];
    run(
        &["m", "e"],
        &[2.0],
        specs.into_iter().map(measured).collect(),
    )
}

#[test]
fn tensor_rows_read_baselines_at_target_and_at_tricodec_rate() {
    let s = compute(&two_models(), &published("m", 2.0, vec![]));
    let a = &s.rows[0][0];
    assert_eq!((a.rtn_h.db, a.rtn_z.db), (7.0, 6.0));
    assert_eq!(a.x264.as_ref().map(|x| x.db), Some(7.0));
    assert_eq!(a.x264_t.as_ref().map(|x| x.db), Some(8.0));
    assert_eq!(
        a.eq,
        Some(Equal {
            bound: 11.0,
            rtn_h: 5.5,
            ecsq: None,
            x264: Some(6.0),
            x264_t: Some(7.0),
        })
    );
    assert_eq!(a.tri_minus_rtn(), Some(2.5));
    assert_eq!(s.rows[1][0].tri_minus_rtn(), Some(-0.75));
    assert_eq!(s.rows[2][0].x264, None);
    assert_eq!(s.rows[2][0].tri_minus_rtn(), Some(9.0));
}

#[test]
fn group_means_gaps_and_worst_tensor() {
    let s = compute(&two_models(), &published("m", 2.0, vec![]));
    // Model m: "all" and attention/FFN (both A and B; no embeddings);
    // model e: "all" and embeddings.
    let labels: Vec<(usize, &str, usize)> = s
        .groups
        .iter()
        .map(|g| (g.model, g.label, g.tensors))
        .collect();
    assert_eq!(
        labels,
        [
            (0, "all 2-D weights (headline)", 2),
            (0, "attention/FFN weights", 2),
            (1, "all 2-D weights (headline)", 1),
            (1, "embeddings", 1),
        ]
    );
    let ab = &s.groups[1].rates[0];
    assert_eq!(
        *ab,
        GroupMeans {
            target: 2.0,
            bound: 13.0,
            bound_1var: 12.0,
            rtn_h: 7.0,
            rtn_z: 6.0,
            x264: Some(7.5),
            x264_t: Some(7.5),
            ecsq: None,
            // (8 + 6) / 2 dB at (1.5 + 1.75) / 2 bits/value.
            tri: Some((7.0, 1.625)),
            gap_bound: Some(3.5),
            // (2 - 1) / 2, (1 - 0.5) / 2, (2.5 - 0.75) / 2.
            gain_x264: Some(0.5),
            gain_x264_t: Some(0.25),
            gain_rtn: Some(0.875),
            gain_ecsq: None,
            worst_rtn: Some((-0.75, "layers.0.b".into())),
        }
    );
    assert_eq!(s.groups[0].rates[0], *ab);
    // No x264 on E: its groups have no x264 column and no gain over it.
    let e = &s.groups[3].rates[0];
    assert_eq!((e.x264, e.gain_x264, e.gain_x264_t), (None, None, None));
    assert_eq!((e.gap_bound, e.gain_rtn), (Some(2.0), Some(9.0)));
}

#[test]
fn below_rtn_lists_every_pair_below() {
    let s = compute(&two_models(), &published("m", 2.0, vec![]));
    let b = &s.below_rtn;
    let below_b = Below {
        model: "m".into(),
        name: "layers.0.b".into(),
        rate: 2.0,
        delta: -0.75,
    };
    assert_eq!(b.pairs, 3);
    assert_eq!(b.list, std::slice::from_ref(&below_b));
    assert_eq!(b.per_rate, [(2.0, 1)]);
    assert_eq!(b.worst, [below_b]);
    assert_eq!(b.met(), Some(false));
    // Without tricodec the check is pending.
    let mut r = two_models();
    for t in &mut r.results {
        t.tricodec = None;
    }
    let s = compute(&r, &published("m", 2.0, vec![]));
    assert_eq!(s.below_rtn.met(), None);
    assert_eq!(s.groups[1].rates[0].gain_rtn, None);
}

#[test]
fn goal_compares_with_the_published_thresholds() {
    let s = compute(&two_models(), &published("m", 2.0, vec![]));
    let GoalCheck::Measured(g) = s.goal else {
        panic!("goal not measured: {:?}", s.goal)
    };
    // Gap 3.5 > 1.0; gains 0.5 >= 0.5, 0.25 < 0.5, 0.875 >= 0.5.
    assert_eq!(g.means.gap_bound, Some(3.5));
    assert_eq!(
        (g.met_bound, g.met_x264, g.met_x264_t, g.met_rtn),
        (Some(false), Some(true), Some(false), Some(true))
    );
    let s = compute(&two_models(), &published("m", 2.5, vec![]));
    assert_eq!(s.goal, GoalCheck::RateNotMeasured);
    let s = compute(&two_models(), &published("other", 2.0, vec![]));
    assert_eq!(s.goal, GoalCheck::ModelNotMeasured);
    // Model e has no attention/FFN weights.
    let s = compute(&two_models(), &published("e", 2.0, vec![]));
    assert_eq!(s.goal, GoalCheck::ModelNotMeasured);
}

fn figure(method: &str, rate: f64, db: f64) -> Figure {
    Figure {
        source: "paper".into(),
        model: "mini".into(),
        weights: "attention/FFN".into(),
        rate,
        method: method.into(),
        as_stated: method.into(),
        sqnr_db: db,
        approximate: true,
    }
}

/// Model "mini", 2 bits/value: one 1x1 tensor in each subgroup
/// (attention, FFN up, FFN down), unit row variance, sum of x^2 1, 1, 2.
fn subgroups_run() -> Run {
    let names = [
        "encoder.layer.0.attention.self.query.weight",
        "encoder.layer.0.intermediate.dense.weight",
        "encoder.layer.0.output.dense.weight",
    ];
    // Bound 10, 20, 10 dB; RTN+H 12, 14, 16 at 2; uncentred RTN 11, 13,
    // 12; x264 per row 8, 9, 4 and int8 per tensor 9, 9, 6 at 2.
    let specs = [
        (1.0, 10.0, 12.0, 11.0, 8.0, 9.0),
        (1.0, 20.0, 14.0, 13.0, 9.0, 9.0),
        (2.0, 10.0, 16.0, 12.0, 4.0, 6.0),
    ];
    let results = names
        .iter()
        .zip(specs)
        .map(|(name, (sum_sq, bound, rtn, unc, x, xt))| {
            let mut t = tensor(0, name, 1, 1);
            t.sum_sq = sum_sq;
            t.bound = vec![bound];
            t.bound_1var = vec![bound];
            t.rtn = Rtn {
                entropy: line(rtn - 1.0, rtn + 1.0),
                zstd: line(rtn - 2.0, rtn),
            };
            t.x264 = Some(line(x - 1.0, x + 1.0));
            t.x264_tensor = Some(line(xt - 1.0, xt + 1.0));
            t.diag = Some(Diag {
                rtn_row_entropy: line(rtn, rtn),
                rtn_uncentred: line(unc, unc),
                rtn_symmetric: line(rtn, rtn),
                // x264 affine per row not run.
                x264_affine_row: vec![],
            });
            t
        })
        .collect();
    run(&["mini"], &[2.0], results)
}

#[test]
fn baselines_means_pooled_sqnr_and_joint_bound() {
    let figs = vec![figure("bound", 2.0, 15.6), figure("x264", 2.5, 12.8)];
    let s = compute(&subgroups_run(), &published("mini", 2.0, figs));
    let b = s.baselines.as_ref().expect("baselines");
    assert_eq!((b.model.as_str(), b.rate), ("mini", 2.0));
    assert_eq!(b.counts, [1, 1, 1, 3]);
    let bound = &b.methods[0];
    assert_eq!(bound.method, Method::Bound);
    // Means 10, 20, 10 and (10 + 20 + 10) / 3.
    assert_eq!(
        bound.mean,
        [Some(10.0), Some(20.0), Some(10.0), Some(40.0 / 3.0)]
    );
    // Noise = sum x^2 / 10^(dB/10): 0.1, 0.01, 0.2; over all three
    // 10 log10(4 / 0.31) = 11.106982974936898.
    let pooled: Vec<f64> = bound.pooled.iter().map(|v| v.expect("pooled")).collect();
    for (v, want) in pooled.iter().zip([10.0, 20.0, 10.0, 11.106982974936898]) {
        assert!((v - want).abs() < 1e-12, "pooled {v} != {want}");
    }
    // Unit row variances, mean x^2 = 4 / 3 over three values: at 2
    // bits/value theta = 2^-4, 10 log10(16 * 4 / 3) = 13.290587192642247;
    // each 1x1 subgroup alone: 10 log10(16 * sum x^2).
    let want = [
        10.0 * 16f64.log10(),
        10.0 * 16f64.log10(),
        10.0 * 32f64.log10(),
        13.290587192642247,
    ];
    for (v, want) in b.joint_bound.iter().zip(want) {
        let v = v.expect("joint bound");
        assert!((v - want).abs() < 1e-9, "joint bound {v} != {want}");
    }
    assert_eq!(b.mean(Method::RtnEntropy, ALL_ATTN_FFN), Some(14.0));
    // Uncentred (11 + 13 + 12) / 3 = 12 minus centred 14.
    assert_eq!(b.uncentred_minus_centred, Some(-2.0));
    // x264 per row (8 + 9 + 4) / 3 = 7 minus int8 (9 + 9 + 6) / 3 = 8; on
    // FFN down 4 - 6.
    assert_eq!(b.x264_row_minus_int8, Some(-1.0));
    assert_eq!(b.x264_row_minus_int8_ffn_down, Some(-2.0));
    // Affine per row was not run: n/a everywhere.
    assert_eq!(b.mean(Method::X264AffineRow, 0), None);
    // Tricodec not run.
    assert_eq!(b.mean(Method::Tricodec, ALL_ATTN_FFN), None);
    // The bound figure is at this rate; the x264 one is not.
    assert_eq!(b.reference(Method::Bound).map(|f| f.sqnr_db), Some(15.6));
    assert_eq!(b.reference(Method::X264), None);
    assert_eq!(s.figures.len(), 2);
    assert_eq!(s.figures[0].measured, Some(40.0 / 3.0));
    assert_eq!(s.figures[1].measured, None);
}

#[test]
fn empty_subgroups_have_no_values() {
    // Without the FFN down tensor: means of the others, n/a for it.
    let mut r = subgroups_run();
    r.results.pop();
    let s = compute(&r, &published("mini", 2.0, vec![]));
    let b = s.baselines.expect("baselines");
    assert_eq!(b.counts, [1, 1, 0, 2]);
    assert_eq!(
        b.methods[0].mean,
        [Some(10.0), Some(20.0), None, Some(15.0)]
    );
    assert_eq!(b.methods[0].pooled[FFN_DOWN], None);
    assert_eq!(b.joint_bound[FFN_DOWN], None);
    // x264 per row on FFN down is missing, so is its difference there.
    assert_eq!(b.x264_row_minus_int8_ffn_down, None);
    assert_eq!(b.x264_row_minus_int8, Some(-0.5));
}

#[test]
fn baselines_need_the_goal_model_at_the_diagnose_rate() {
    let s = compute(&subgroups_run(), &published("other", 2.0, vec![]));
    assert_eq!(s.baselines, None);
    let mut r = subgroups_run();
    r.meta.diagnose_rate = 2.5;
    assert_eq!(compute(&r, &published("mini", 2.0, vec![])).baselines, None);
}

#[test]
fn speed_in_megabytes_per_second() {
    let mut r = two_models();
    r.speed = Some(Speed {
        model_bytes: 16_000_000,
        x264_input_bytes: 8_000_000,
        x264: Some((0.5, 250_000)),
        tricodec: Some((4.0, 1_000_000)),
        tricodec_pass: Some((2.0, 500_000)),
        rate: 2.0,
    });
    let s = compute(&r, &published("m", 2.0, vec![]))
        .speed
        .expect("speed");
    assert_eq!((s.model_mb, s.input_mb), (16.0, 8.0));
    let t = |secs, mb_per_s, out_mb| {
        Some(Throughput {
            secs,
            mb_per_s,
            out_mb,
        })
    };
    // 16 MB / 4 s; 8 MB / 2 s; 8 MB / 0.5 s.
    assert_eq!(s.tricodec, t(4.0, 4.0, 1.0));
    assert_eq!(s.tricodec_pass, t(2.0, 4.0, 0.5));
    assert_eq!(s.x264, t(0.5, 16.0, 0.25));
    // 10^6 bytes * 8 bits over 16 * 10^6 / 4 float32 values.
    assert_eq!(s.tricodec_bits, Some(2.0));
}

#[test]
fn rtn_depth_means_skip_unmeasured_depths() {
    let pts = |v: &[(f64, f64)]| -> Vec<Point> {
        v.iter()
            .enumerate()
            .map(|(k, &(bits, db))| p(bits, db, &format!("b={}", k + 1)))
            .collect()
    };
    let mut a = tensor(0, "layers.0.a", 1, 1);
    a.rtn = Rtn {
        entropy: pts(&[(0.5, 1.0), (1.5, 6.0), (2.5, 12.0)]),
        zstd: pts(&[(1.0, 1.0), (2.0, 6.0), (3.0, 12.0)]),
    };
    let mut b = tensor(0, "layers.0.b", 1, 1);
    b.rtn = Rtn {
        entropy: pts(&[(0.5, 2.0), (1.0, 8.0)]),
        zstd: pts(&[(1.0, 2.0), (1.5, 8.0)]),
    };
    let s = compute(
        &run(&["m"], &[2.0], vec![a, b]),
        &published("m", 2.0, vec![]),
    );
    // Depth 1 is not shown; depth 3 is missing on b.
    assert_eq!(
        s.rtn_depths,
        [RtnDepth {
            model: 0,
            depth: 2,
            bits_entropy: 1.25,
            bits_zstd: 1.75,
            db: 7.0,
        }]
    );
}

#[test]
fn ecsq_goal_checks_large_tensors_at_its_rates_only() {
    // Two tensors at 2 and 4 bits/value: a 64x64 (4096 values, in the goal)
    // and a 32x64 (2048 values, not).
    let mut big = tensor(0, "layers.0.big", 64, 64);
    let mut small = tensor(0, "layers.0.small", 32, 64);
    for t in [&mut big, &mut small] {
        t.bound = vec![0.0, 0.0];
        t.bound_1var = vec![0.0, 0.0];
        t.rtn.entropy = line(1.0, 3.0);
        t.rtn.zstd = line(1.0, 3.0);
        t.tricodec = Some(vec![p(2.0, 10.0, "base_qp=30"), p(4.0, 20.0, "base_qp=20")]);
        t.bound_at_tricodec = vec![0.0, 0.0];
        t.ecsq = vec![Some(p(2.0, 11.0, "s")), Some(p(4.0, 21.0, "s"))];
        // ECSQ+H at tricodec's rates: above tricodec at 2, below at 4.
        t.ecsq_at_tricodec = vec![Some(p(2.0, 10.5, "s")), Some(p(4.0, 19.0, "s"))];
    }
    let s = compute(
        &run(&["m"], &[2.0, 4.0], vec![big, small]),
        &published("m", 2.0, vec![]),
    );
    let e = &s.below_ecsq;
    // 4 bits/value is not a goal rate, the small tensor not a goal tensor.
    assert_eq!((e.pairs, e.measured, e.met()), (1, true, Some(false)));
    assert_eq!(e.list.len(), 1);
    assert_eq!(
        (e.list[0].name.as_str(), e.list[0].rate, e.list[0].delta),
        ("layers.0.big", 2.0, -0.5)
    );
    assert_eq!(e.per_rate, vec![(2.0, 1)]);
    assert_eq!(s.rows[0][1].tri_minus_ecsq(), Some(1.0));
    let g = &s.groups[0].rates[0];
    assert_eq!((g.ecsq, g.gain_ecsq), (Some(11.0), Some(-0.5)));
}
