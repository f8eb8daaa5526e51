//! The typed summary of a run: every number docs/results/rd.md and rd.json
//! state, computed from the measurements (`Run`) and the outside figures
//! (`Published`). The renderers only format it.

use crate::measure::{at_rate, AtRate, Point};
use crate::published::{self, Figure, Published};
use crate::{bound, Group, Run, TensorResult, RTN_DEPTHS};

/// Baselines re-read at the tricodec point's own rate (equal rate).
#[derive(Clone, Debug, PartialEq)]
pub struct Equal {
    pub bound: f64,
    pub rtn_h: f64,
    /// ECSQ+H at the tricodec rate (None: not measured or unreachable).
    pub ecsq: Option<f64>,
    pub x264: Option<f64>,
    pub x264_t: Option<f64>,
}

/// One tensor at one target rate, every column.
#[derive(Clone, Debug, PartialEq)]
pub struct TensorRow {
    pub target: f64,
    pub bound: f64,
    pub bound_1var: f64,
    /// RTN + ideal entropy and RTN + zstd at the target.
    pub rtn_h: AtRate,
    pub rtn_z: AtRate,
    /// x264 with the tricodec's alignment and with int8 per tensor.
    pub x264: Option<AtRate>,
    pub x264_t: Option<AtRate>,
    pub tri: Option<Point>,
    pub eq: Option<Equal>,
    /// ECSQ+H at the target (None: not measured or unreachable).
    pub ecsq: Option<Point>,
}

impl TensorRow {
    /// tricodec minus ECSQ+H at equal rate.
    pub fn tri_minus_ecsq(&self) -> Option<f64> {
        let e = self.eq.as_ref()?.ecsq?;
        Some(self.tri.as_ref()?.db - e)
    }

    /// tricodec minus RTN + ideal entropy at equal rate.
    pub fn tri_minus_rtn(&self) -> Option<f64> {
        self.tri
            .as_ref()
            .zip(self.eq.as_ref())
            .map(|(p, e)| p.db - e.rtn_h)
    }
}

fn tensor_row(r: &TensorResult, i: usize, target: f64) -> TensorRow {
    let tri = r.tricodec.as_ref().map(|p| p[i].clone());
    let eq = tri.as_ref().map(|p| Equal {
        bound: r.bound_at_tricodec[i],
        rtn_h: at_rate(&r.rtn.entropy, p.bits).db,
        ecsq: r.ecsq_at_tricodec.get(i).cloned().flatten().map(|p| p.db),
        x264: r.x264.as_ref().map(|x| at_rate(x, p.bits).db),
        x264_t: r.x264_tensor.as_ref().map(|x| at_rate(x, p.bits).db),
    });
    TensorRow {
        target,
        bound: r.bound[i],
        bound_1var: r.bound_1var[i],
        rtn_h: at_rate(&r.rtn.entropy, target),
        rtn_z: at_rate(&r.rtn.zstd, target),
        x264: r.x264.as_ref().map(|x| at_rate(x, target)),
        x264_t: r.x264_tensor.as_ref().map(|x| at_rate(x, target)),
        tri,
        eq,
        ecsq: r.ecsq.get(i).cloned().flatten(),
    }
}

/// Mean in iteration order (sum, then one division).
pub fn mean(v: impl Iterator<Item = f64>) -> f64 {
    let (mut s, mut n) = (0.0, 0usize);
    for x in v {
        s += x;
        n += 1;
    }
    s / n as f64
}

/// Means over a group's tensors at one rate (dB unless said otherwise).
#[derive(Clone, Debug, PartialEq)]
pub struct GroupMeans {
    pub target: f64,
    pub bound: f64,
    pub bound_1var: f64,
    pub rtn_h: f64,
    pub rtn_z: f64,
    pub x264: Option<f64>,
    pub x264_t: Option<f64>,
    /// ECSQ+H (None unless measured on every tensor of the group).
    pub ecsq: Option<f64>,
    /// tricodec (dB, bits/value).
    pub tri: Option<(f64, f64)>,
    /// Bound minus tricodec, both at the tricodec rate.
    pub gap_bound: Option<f64>,
    /// tricodec minus each baseline at equal rate.
    pub gain_x264: Option<f64>,
    pub gain_x264_t: Option<f64>,
    pub gain_rtn: Option<f64>,
    pub gain_ecsq: Option<f64>,
    /// The smallest tricodec minus RTN + ideal entropy, and its tensor.
    pub worst_rtn: Option<(f64, String)>,
}

fn group_means(tensors: &[&TensorResult], rows: &[&TensorRow], target: f64) -> GroupMeans {
    let has_x264 = rows.iter().all(|r| r.x264.is_some());
    let has_tri = rows.iter().all(|r| r.tri.is_some());
    let m = |f: &dyn Fn(&TensorRow) -> f64| mean(rows.iter().map(|r| f(r)));
    let mut s = GroupMeans {
        target,
        bound: m(&|r| r.bound),
        bound_1var: m(&|r| r.bound_1var),
        rtn_h: m(&|r| r.rtn_h.db),
        rtn_z: m(&|r| r.rtn_z.db),
        x264: has_x264.then(|| m(&|r| r.x264.as_ref().expect("x264").db)),
        x264_t: has_x264.then(|| m(&|r| r.x264_t.as_ref().expect("x264").db)),
        ecsq: rows
            .iter()
            .all(|r| r.ecsq.is_some())
            .then(|| m(&|r| r.ecsq.as_ref().expect("ecsq").db)),
        tri: None,
        gap_bound: None,
        gain_x264: None,
        gain_x264_t: None,
        gain_rtn: None,
        gain_ecsq: None,
        worst_rtn: None,
    };
    if has_tri {
        let t = |r: &TensorRow| r.tri.as_ref().expect("tricodec").db;
        fn e(r: &TensorRow) -> &Equal {
            r.eq.as_ref().expect("equal-rate baselines")
        }
        s.tri = Some((m(&|r| t(r)), m(&|r| r.tri.as_ref().expect("tricodec").bits)));
        s.gap_bound = Some(m(&|r| e(r).bound - t(r)));
        if has_x264 {
            s.gain_x264 = Some(m(&|r| t(r) - e(r).x264.expect("x264")));
            s.gain_x264_t = Some(m(&|r| t(r) - e(r).x264_t.expect("x264")));
        }
        s.gain_rtn = Some(m(&|r| t(r) - e(r).rtn_h));
        if rows.iter().all(|r| e(r).ecsq.is_some()) {
            s.gain_ecsq = Some(m(&|r| t(r) - e(r).ecsq.expect("ecsq")));
        }
        s.worst_rtn = rows
            .iter()
            .zip(tensors)
            .map(|(r, x)| (t(r) - e(r).rtn_h, x.name.clone()))
            .min_by(|a, b| a.0.total_cmp(&b.0));
    }
    s
}

/// One summary table: a model's group of weights at every target rate.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupTable {
    pub model: usize,
    pub label: &'static str,
    pub tensors: usize,
    pub rates: Vec<GroupMeans>,
}

/// The groups a model's summary shows, headline first.
fn summary_groups(model: &str) -> Vec<(&'static str, Option<Group>)> {
    if model.contains("MiniLM") {
        vec![
            ("attention/FFN weights (headline)", Some(Group::AttnFfn)),
            ("embeddings", Some(Group::Embedding)),
            ("other (pooler)", Some(Group::Other)),
            ("all 2-D weights", None),
        ]
    } else {
        vec![
            ("all 2-D weights (headline)", None),
            ("attention/FFN weights", Some(Group::AttnFfn)),
            ("embeddings", Some(Group::Embedding)),
        ]
    }
}

/// A (tensor, rate) where tricodec is below RTN + ideal entropy.
#[derive(Clone, Debug, PartialEq)]
pub struct Below {
    pub model: String,
    pub name: String,
    pub rate: f64,
    pub delta: f64,
}

/// "Never below RTN + ideal entropy at equal rate", checked on every
/// (tensor, rate).
#[derive(Clone, Debug, PartialEq)]
pub struct BelowRtn {
    /// (tensor, rate) pairs in the run.
    pub pairs: usize,
    /// Whether any tensor has a tricodec point.
    pub measured: bool,
    /// Every pair below, in report order (tensors in file order, rates in
    /// order).
    pub list: Vec<Below>,
    /// How many pairs are below at each target rate.
    pub per_rate: Vec<(f64, usize)>,
    /// The five lowest, lowest first.
    pub worst: Vec<Below>,
}

impl BelowRtn {
    /// Whether the goal holds (None: tricodec not run).
    pub fn met(&self) -> Option<bool> {
        self.measured.then_some(self.list.is_empty())
    }
}

/// The goal's numbers, measured.
#[derive(Clone, Debug, PartialEq)]
pub struct GoalMeasured {
    /// The goal model's goal weights at the goal rate.
    pub means: GroupMeans,
    /// Whether each part is met (None: not measured).
    pub met_bound: Option<bool>,
    pub met_x264: Option<bool>,
    pub met_x264_t: Option<bool>,
    pub met_rtn: Option<bool>,
}

/// The goal check.
#[derive(Clone, Debug, PartialEq)]
pub enum GoalCheck {
    /// The goal rate is not among the target rates.
    RateNotMeasured,
    /// The goal model or its weights were not measured.
    ModelNotMeasured,
    Measured(Box<GoalMeasured>),
}

/// A column of the baselines tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    Bound,
    RtnEntropy,
    RtnRowEntropy,
    RtnUncentred,
    RtnSymmetric,
    RtnZstd,
    X264,
    X264AffineRow,
    X264Int8PerTensor,
    Tricodec,
}

impl Method {
    /// Every method, in the order of the baselines tables.
    pub const ALL: [Method; 10] = [
        Method::Bound,
        Method::RtnEntropy,
        Method::RtnRowEntropy,
        Method::RtnUncentred,
        Method::RtnSymmetric,
        Method::RtnZstd,
        Method::X264,
        Method::X264AffineRow,
        Method::X264Int8PerTensor,
        Method::Tricodec,
    ];

    /// Name in report/data/published.json.
    pub fn id(self) -> &'static str {
        match self {
            Method::Bound => "bound",
            Method::RtnEntropy => "rtn_entropy",
            Method::RtnRowEntropy => "rtn_row_entropy",
            Method::RtnUncentred => "rtn_uncentred",
            Method::RtnSymmetric => "rtn_symmetric",
            Method::RtnZstd => "rtn_zstd",
            Method::X264 => "x264",
            Method::X264AffineRow => "x264_affine_row",
            Method::X264Int8PerTensor => "x264_int8_per_tensor",
            Method::Tricodec => "tricodec",
        }
    }

    /// The method named `id`.
    pub fn from_id(id: &str) -> Option<Method> {
        Method::ALL.into_iter().find(|m| m.id() == id)
    }

    /// Label in the baselines tables.
    pub fn label(self) -> &'static str {
        match self {
            Method::Bound => "Gaussian bound, water-filling over rows",
            Method::RtnEntropy => "RTN + ideal entropy (codes q - zp, one histogram per tensor)",
            Method::RtnRowEntropy => {
                "*variant*: RTN + ideal entropy, codes q, one histogram per row"
            }
            Method::RtnUncentred => {
                "*variant*: RTN + ideal entropy, codes q, one histogram per tensor"
            }
            Method::RtnSymmetric => {
                "*variant*: RTN symmetric (absmax, zero exact), one histogram per tensor"
            }
            Method::RtnZstd => "RTN + zstd",
            Method::X264 => "x264, tricodec's alignment (BFP, one exponent per row)",
            Method::X264AffineRow => {
                "*variant*: x264, affine per row (FP16 scale + zero point per row)"
            }
            Method::X264Int8PerTensor => "x264, int8 per tensor (one scale and zero point)",
            Method::Tricodec => "tricodec (at its own rate)",
        }
    }

    /// The method's SQNR on tensor `r` at `t` bits/value (`i`: index of `t`
    /// in the target rates; tricodec at its own rate). None: not measured.
    fn db(self, r: &TensorResult, i: usize, t: f64) -> Option<f64> {
        let at = |p: &[Point]| (!p.is_empty()).then(|| at_rate(p, t).db);
        let diag = r.diag.as_ref();
        match self {
            Method::Bound => Some(r.bound[i]),
            Method::RtnEntropy => Some(at_rate(&r.rtn.entropy, t).db),
            Method::RtnRowEntropy => diag.map(|x| at_rate(&x.rtn_row_entropy, t).db),
            Method::RtnUncentred => diag.map(|x| at_rate(&x.rtn_uncentred, t).db),
            Method::RtnSymmetric => diag.map(|x| at_rate(&x.rtn_symmetric, t).db),
            Method::RtnZstd => Some(at_rate(&r.rtn.zstd, t).db),
            Method::X264 => r.x264.as_deref().and_then(at),
            Method::X264AffineRow => diag.and_then(|x| at(&x.x264_affine_row)),
            Method::X264Int8PerTensor => r.x264_tensor.as_deref().and_then(at),
            Method::Tricodec => r.tricodec.as_ref().map(|p| p[i].db),
        }
    }
}

/// One method over the baselines subgroups.
#[derive(Clone, Debug, PartialEq)]
pub struct MethodRow {
    pub method: Method,
    /// The outside figure for this method, model, weights and rate, if any.
    pub reference: Option<Figure>,
    /// Mean over each subgroup's tensors of each tensor's SQNR (None: the
    /// subgroup is empty or a tensor lacks the method).
    pub mean: Vec<Option<f64>>,
    /// One SQNR over all the subgroup's tensors: 10 log10(sum of x^2 / sum
    /// of squared errors).
    pub pooled: Vec<Option<f64>>,
}

/// The subgroups of the baselines tables.
pub const SUBGROUPS: [&str; 4] = [
    "attention (q, k, v, o)",
    "FFN up (intermediate)",
    "FFN down (output.dense)",
    "all attention/FFN",
];

/// Index of the FFN down subgroup and of all attention/FFN weights.
pub const FFN_DOWN: usize = 2;
pub const ALL_ATTN_FFN: usize = 3;

fn in_subgroup(k: usize, name: &str) -> bool {
    match k {
        0 => name.contains("attention."),
        1 => name.contains("intermediate."),
        2 => name.contains("output.dense") && !name.contains("attention."),
        _ => true,
    }
}

/// The baselines, with their variants, against the outside figures.
#[derive(Clone, Debug, PartialEq)]
pub struct Baselines {
    pub model: String,
    pub rate: f64,
    /// Tensors in each of `SUBGROUPS`.
    pub counts: Vec<usize>,
    pub methods: Vec<MethodRow>,
    /// Water-filling jointly over all rows of each subgroup (None: empty).
    pub joint_bound: Vec<Option<f64>>,
    /// RTN + entropy of uncentred minus centred codes (all attention/FFN).
    pub uncentred_minus_centred: Option<f64>,
    /// x264 with per-row alignment minus int8 per tensor, on all
    /// attention/FFN weights and on the FFN down projections.
    pub x264_row_minus_int8: Option<f64>,
    pub x264_row_minus_int8_ffn_down: Option<f64>,
}

impl Baselines {
    /// The mean of `method` over subgroup `k`.
    pub fn mean(&self, method: Method, k: usize) -> Option<f64> {
        self.methods
            .iter()
            .find(|m| m.method == method)
            .and_then(|m| m.mean[k])
    }

    /// The outside figure for `method`.
    pub fn reference(&self, method: Method) -> Option<&Figure> {
        self.methods
            .iter()
            .find(|m| m.method == method)
            .and_then(|m| m.reference.as_ref())
    }
}

/// Water-filling bound (dB) jointly over every row of `set` at `rate`.
fn joint_bound(set: &[&TensorResult], rate: f64) -> f64 {
    let rows: Vec<(f64, f64)> = set
        .iter()
        .flat_map(|r| r.row_vars.iter().map(|&v| (v, r.shape[1] as f64)))
        .collect();
    let n: f64 = set.iter().map(|r| r.values as f64).sum();
    let sum_sq: f64 = set.iter().map(|r| r.sum_sq).sum();
    bound::water_filling_weighted_db(&rows, sum_sq / n, rate)
}

/// One SQNR over `set` whose tensors have SQNRs `db`: the noise of a tensor
/// is its sum of x^2 / 10^(dB/10).
fn pooled_db(set: &[&TensorResult], db: &[f64]) -> f64 {
    let (sig, noise) = set.iter().zip(db).fold((0.0, 0.0), |(s, e), (r, db)| {
        (s + r.sum_sq, e + r.sum_sq / 10f64.powf(db / 10.0))
    });
    10.0 * (sig / noise).log10()
}

fn baselines(run: &Run, published: &Published, model: usize) -> Option<Baselines> {
    let t = run.meta.diagnose_rate;
    let i = run.meta.rates.iter().position(|&r| (r - t).abs() < 1e-9)?;
    let name = &run.models[model].name;
    let sets: Vec<Vec<&TensorResult>> = (0..SUBGROUPS.len())
        .map(|k| {
            run.results
                .iter()
                .filter(|r| {
                    r.model == model && r.group == Group::AttnFfn && in_subgroup(k, &r.name)
                })
                .collect()
        })
        .collect();
    if sets[ALL_ATTN_FFN].is_empty() {
        return None;
    }
    let methods: Vec<MethodRow> = Method::ALL
        .into_iter()
        .map(|method| {
            // None: an empty subgroup (a partial run) or a tensor that
            // lacks the method.
            let per_set: Vec<Option<Vec<f64>>> = sets
                .iter()
                .map(|set| {
                    let v: Option<Vec<f64>> = set.iter().map(|r| method.db(r, i, t)).collect();
                    v.filter(|v| !v.is_empty())
                })
                .collect();
            MethodRow {
                method,
                reference: published
                    .figures
                    .iter()
                    .find(|f| {
                        f.method == method.id()
                            && &f.model == name
                            && published::group(&f.weights) == Some(Group::AttnFfn)
                            && (f.rate - t).abs() < 1e-9
                    })
                    .cloned(),
                mean: per_set
                    .iter()
                    .map(|v| v.as_ref().map(|v| mean(v.iter().copied())))
                    .collect(),
                pooled: per_set
                    .iter()
                    .zip(&sets)
                    .map(|(v, set)| v.as_ref().map(|v| pooled_db(set, v)))
                    .collect(),
            }
        })
        .collect();
    let mut b = Baselines {
        model: name.clone(),
        rate: t,
        counts: sets.iter().map(Vec::len).collect(),
        methods,
        joint_bound: sets
            .iter()
            .map(|s| (!s.is_empty()).then(|| joint_bound(s, t)))
            .collect(),
        uncentred_minus_centred: None,
        x264_row_minus_int8: None,
        x264_row_minus_int8_ffn_down: None,
    };
    let diff = |a: Option<f64>, c: Option<f64>| a.zip(c).map(|(a, c)| a - c);
    b.uncentred_minus_centred = diff(
        b.mean(Method::RtnUncentred, ALL_ATTN_FFN),
        b.mean(Method::RtnEntropy, ALL_ATTN_FFN),
    );
    b.x264_row_minus_int8 = diff(
        b.mean(Method::X264, ALL_ATTN_FFN),
        b.mean(Method::X264Int8PerTensor, ALL_ATTN_FFN),
    );
    b.x264_row_minus_int8_ffn_down = diff(
        b.mean(Method::X264, FFN_DOWN),
        b.mean(Method::X264Int8PerTensor, FFN_DOWN),
    );
    Some(b)
}

/// An outside figure next to this run's value for the same model, weights,
/// rate and method (mean over the tensors).
#[derive(Clone, Debug, PartialEq)]
pub struct FigureRow {
    pub figure: Figure,
    /// None: not measured in this run.
    pub measured: Option<f64>,
}

/// Encoding speed of one encoder.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Throughput {
    pub secs: f64,
    /// MB (10^6 bytes) of float input per second.
    pub mb_per_s: f64,
    /// MB out.
    pub out_mb: f64,
}

/// Whole-model speed.
#[derive(Clone, Debug, PartialEq)]
pub struct SpeedSummary {
    pub rate: f64,
    /// MB of every tensor, and of the 2-D float weights.
    pub model_mb: f64,
    pub input_mb: f64,
    /// Whole-model compress (every tensor) and its .tcz rate in bits/value.
    pub tricodec: Option<Throughput>,
    pub tricodec_bits: Option<f64>,
    /// One pass over the 2-D weights at the base QPs found.
    pub tricodec_pass: Option<Throughput>,
    pub x264: Option<Throughput>,
}

fn speed(sp: &crate::Speed) -> SpeedSummary {
    let mb = |b: u64| b as f64 / 1e6;
    let thr = |input: u64, (secs, bytes): (f64, u64)| Throughput {
        secs,
        mb_per_s: mb(input) / secs,
        out_mb: mb(bytes),
    };
    SpeedSummary {
        rate: sp.rate,
        model_mb: mb(sp.model_bytes),
        input_mb: mb(sp.x264_input_bytes),
        tricodec: sp.tricodec.map(|x| thr(sp.model_bytes, x)),
        tricodec_bits: sp
            .tricodec
            .map(|(_, bytes)| bytes as f64 * 8.0 * 4.0 / sp.model_bytes as f64),
        tricodec_pass: sp.tricodec_pass.map(|x| thr(sp.x264_input_bytes, x)),
        x264: sp.x264.map(|x| thr(sp.x264_input_bytes, x)),
    }
}

/// Per-row RTN at one integer bit depth: means over a model's 2-D weights.
#[derive(Clone, Debug, PartialEq)]
pub struct RtnDepth {
    pub model: usize,
    pub depth: u32,
    pub bits_entropy: f64,
    pub bits_zstd: f64,
    pub db: f64,
}

/// The bit depths the RTN table shows.
const RTN_TABLE_DEPTHS: std::ops::RangeInclusive<u32> = 2..=5;

fn rtn_depths(run: &Run) -> Vec<RtnDepth> {
    let mut out = Vec::new();
    for mi in 0..run.models.len() {
        let rs: Vec<&TensorResult> = run.results.iter().filter(|r| r.model == mi).collect();
        if rs.is_empty() {
            continue;
        }
        for (k, &b) in RTN_DEPTHS.iter().enumerate() {
            // Depths above the highest target may not have been measured.
            if !RTN_TABLE_DEPTHS.contains(&b) || rs.iter().any(|r| r.rtn.entropy.len() <= k) {
                continue;
            }
            out.push(RtnDepth {
                model: mi,
                depth: b,
                bits_entropy: mean(rs.iter().map(|r| r.rtn.entropy[k].bits)),
                bits_zstd: mean(rs.iter().map(|r| r.rtn.zstd[k].bits)),
                db: mean(rs.iter().map(|r| r.rtn.entropy[k].db)),
            });
        }
    }
    out
}

/// Every number of the report.
#[derive(Clone, Debug, PartialEq)]
pub struct Summary {
    /// `rows[j][i]`: tensor `run.results[j]` at target rate `i`.
    pub rows: Vec<Vec<TensorRow>>,
    pub groups: Vec<GroupTable>,
    pub goal: GoalCheck,
    pub below_rtn: BelowRtn,
    /// The ECSQ+H goal: (tensor, rate) pairs of `ECSQ_GOAL_RATES` and
    /// tensors of at least `ECSQ_GOAL_MIN_VALUES` values where tricodec is
    /// below ECSQ+H at equal rate.
    pub below_ecsq: BelowRtn,
    pub baselines: Option<Baselines>,
    pub figures: Vec<FigureRow>,
    pub speed: Option<SpeedSummary>,
    pub rtn_depths: Vec<RtnDepth>,
}

/// Issue 15's goal: at these rates, every 2-D tensor of at least
/// `ECSQ_GOAL_MIN_VALUES` values of the models measured (stories260K and
/// MiniLM by default): tricodec >= ECSQ+H at equal rate.
pub const ECSQ_GOAL_RATES: [f64; 3] = [2.0, 2.5, 3.0];
pub const ECSQ_GOAL_MIN_VALUES: usize = 4096;

fn below_rtn(run: &Run, rows: &[Vec<TensorRow>]) -> BelowRtn {
    below(run, rows, &|_, _| true, &TensorRow::tri_minus_rtn)
}

fn below_ecsq(run: &Run, rows: &[Vec<TensorRow>]) -> BelowRtn {
    let mut b = below(
        run,
        rows,
        &|r, t| {
            r.values >= ECSQ_GOAL_MIN_VALUES && ECSQ_GOAL_RATES.iter().any(|g| (g - t).abs() < 1e-9)
        },
        &TensorRow::tri_minus_ecsq,
    );
    b.measured &= rows
        .iter()
        .flatten()
        .any(|rw| rw.tri_minus_ecsq().is_some());
    b.per_rate
        .retain(|(t, _)| ECSQ_GOAL_RATES.iter().any(|g| (g - t).abs() < 1e-9));
    b
}

/// The (tensor, rate) pairs selected by `keep` where `delta` is negative.
fn below(
    run: &Run,
    rows: &[Vec<TensorRow>],
    keep: &dyn Fn(&TensorResult, f64) -> bool,
    delta: &dyn Fn(&TensorRow) -> Option<f64>,
) -> BelowRtn {
    let mut list = Vec::new();
    let mut pairs = 0;
    for (r, rates) in run.results.iter().zip(rows) {
        for rw in rates {
            if !keep(r, rw.target) {
                continue;
            }
            pairs += 1;
            if let Some(delta) = delta(rw).filter(|&d| d < 0.0) {
                list.push(Below {
                    model: run.models[r.model].name.clone(),
                    name: r.name.clone(),
                    rate: rw.target,
                    delta,
                });
            }
        }
    }
    let mut worst = list.clone();
    worst.sort_by(|a, b| a.delta.total_cmp(&b.delta));
    worst.truncate(5);
    BelowRtn {
        pairs,
        measured: run.results.iter().any(|r| r.tricodec.is_some()),
        per_rate: run
            .meta
            .rates
            .iter()
            .map(|&t| (t, list.iter().filter(|b| b.rate == t).count()))
            .collect(),
        list,
        worst,
    }
}

fn goal(run: &Run, published: &Published, rows: &[Vec<TensorRow>]) -> GoalCheck {
    let g = &published.goal;
    let Some(i) = run
        .meta
        .rates
        .iter()
        .position(|&t| (t - g.rate).abs() < 1e-9)
    else {
        return GoalCheck::RateNotMeasured;
    };
    let Some(mi) = run.models.iter().position(|m| m.name == g.model) else {
        return GoalCheck::ModelNotMeasured;
    };
    let group = published::group(&g.weights);
    let (tensors, sel): (Vec<&TensorResult>, Vec<&TensorRow>) = run
        .results
        .iter()
        .zip(rows)
        .filter(|(r, _)| r.model == mi && Some(r.group) == group)
        .map(|(r, rw)| (r, &rw[i]))
        .unzip();
    if tensors.is_empty() {
        return GoalCheck::ModelNotMeasured;
    }
    let means = group_means(&tensors, &sel, g.rate);
    let gain = |v: Option<f64>| v.map(|v| v >= g.gain_db);
    GoalCheck::Measured(Box::new(GoalMeasured {
        met_bound: means.gap_bound.map(|v| v <= g.within_bound_db),
        met_x264: gain(means.gain_x264),
        met_x264_t: gain(means.gain_x264_t),
        met_rtn: gain(means.gain_rtn),
        means,
    }))
}

/// The summary of `run`, compared with `published`.
pub fn compute(run: &Run, published: &Published) -> Summary {
    let rows: Vec<Vec<TensorRow>> = run
        .results
        .iter()
        .map(|r| {
            run.meta
                .rates
                .iter()
                .enumerate()
                .map(|(i, &t)| tensor_row(r, i, t))
                .collect()
        })
        .collect();
    let mut groups = Vec::new();
    for (mi, model) in run.models.iter().enumerate() {
        for (label, g) in summary_groups(&model.name) {
            let (tensors, idx): (Vec<&TensorResult>, Vec<usize>) = run
                .results
                .iter()
                .enumerate()
                .filter(|(_, r)| r.model == mi && g.is_none_or(|g| r.group == g))
                .map(|(j, r)| (r, j))
                .unzip();
            if tensors.is_empty() {
                continue;
            }
            let rates = (0..run.meta.rates.len())
                .map(|i| {
                    let sel: Vec<&TensorRow> = idx.iter().map(|&j| &rows[j][i]).collect();
                    group_means(&tensors, &sel, run.meta.rates[i])
                })
                .collect();
            groups.push(GroupTable {
                model: mi,
                label,
                tensors: tensors.len(),
                rates,
            });
        }
    }
    let goal_model = run
        .models
        .iter()
        .position(|m| m.name == published.goal.model);
    let baselines = goal_model.and_then(|mi| baselines(run, published, mi));
    let figures = published
        .figures
        .iter()
        .map(|f| FigureRow {
            figure: f.clone(),
            measured: baselines.as_ref().and_then(|b| {
                let method = Method::from_id(&f.method)?;
                let same = b.model == f.model
                    && (b.rate - f.rate).abs() < 1e-9
                    && published::group(&f.weights) == Some(Group::AttnFfn);
                same.then(|| b.mean(method, ALL_ATTN_FFN)).flatten()
            }),
        })
        .collect();
    Summary {
        below_rtn: below_rtn(run, &rows),
        below_ecsq: below_ecsq(run, &rows),
        goal: goal(run, published, &rows),
        rows,
        groups,
        baselines,
        figures,
        speed: run.speed.as_ref().map(speed),
        rtn_depths: rtn_depths(run),
    }
}

#[cfg(test)]
mod tests;
