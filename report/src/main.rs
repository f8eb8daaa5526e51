//! rd-report: rate-distortion of tricodec against x264, per-row RTN (ideal
//! entropy coder and zstd), ECSQ+H and the Gaussian reverse water-filling
//! bound, on every 2-D float weight of stories260K and all-MiniLM-L6-v2, and
//! model-level quality (KL divergence) of stories260K (`kld`). Writes
//! docs/results/rd.md and rd.json (see scripts/rd_report.sh); progress on
//! stderr. Every number except the timings is deterministic: tensors are
//! measured independently (in parallel over `--jobs` threads, each x264 run
//! single-threaded) and reported in file order.
//!
//! Measure (`measure_all`, or `load` with `--render-from`) -> `summary`
//! (every number the report states, unit-tested) -> `render` (formatting
//! only). Figures from other sources: report/data/published.json
//! (`published`).

mod bound;
mod ecsq;
mod kld;
mod load;
mod measure;
mod published;
mod render;
mod rtn;
mod summary;
mod tricodec;
mod x264;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use clap::{ArgAction, Parser};
use golden::align::{self, AlignMode, FloatVec};
use tensor::codec::CodecParams;
use tensor::llama::Sampling;
use tensor::mapping::{self, Matrix};
use tensor::{Dtype as StDtype, SafeTensors};

use measure::Point;

/// RTN bit depths measured (the curve the target rates are read from).
pub const RTN_DEPTHS: &[u32] = &[1, 2, 3, 4, 5, 6, 7];

/// Command-line options.
#[derive(Parser, Debug)]
#[command(
    name = "rd-report",
    about = "Rate-distortion report: tricodec vs x264, per-row RTN and the Gaussian bound \
             on every 2-D weight of the models (docs/results/rd.md and rd.json)"
)]
pub struct Opts {
    /// A model to measure (repeatable); default: stories260K and
    /// all-MiniLM-L6-v2 under build/models.
    #[arg(long = "model", value_name = "NAME=PATH", value_parser = parse_model)]
    pub models: Vec<(String, PathBuf)>,
    /// Target rates in bits/value.
    #[arg(long, value_delimiter = ',', default_value = "2,2.5,3,4", value_parser = parse_rate)]
    pub rates: Vec<f64>,
    /// Tensors measured at once (each x264 run is single-threaded).
    #[arg(long, default_value_t = 2, value_parser = parse_jobs)]
    pub jobs: usize,
    /// Markdown report written.
    #[arg(long, value_name = "FILE", default_value = "docs/results/rd.md")]
    pub md: PathBuf,
    /// Machine-readable report written.
    #[arg(long, value_name = "FILE", default_value = "docs/results/rd.json")]
    pub json: PathBuf,
    /// How the run was started, as the report states it.
    #[arg(long, value_name = "TEXT", default_value = "rd-report")]
    pub command: String,
    /// Date of the run, as the report states it.
    #[arg(long, value_name = "TEXT", default_value = "(not given)")]
    pub date: String,
    /// Skip the x264 columns.
    #[arg(long = "no-x264", action = ArgAction::SetFalse)]
    pub x264: bool,
    /// Skip the tricodec column.
    #[arg(long = "no-tricodec", action = ArgAction::SetFalse)]
    pub tricodec: bool,
    /// Skip the whole-model speed measurement.
    #[arg(long = "no-speed", action = ArgAction::SetFalse)]
    pub speed: bool,
    /// Rate (bits/value) of the speed measurement; must be one of --rates
    /// for the one-pass tricodec figure.
    #[arg(long, value_name = "BITS", default_value_t = 2.5, value_parser = parse_rate)]
    pub speed_rate: f64,
    /// Skip the model-level quality section (KL divergence).
    #[arg(long = "no-kld", action = ArgAction::SetFalse)]
    pub kld: bool,
    /// Skip the baseline variants of the baselines section.
    #[arg(long = "no-diagnose", action = ArgAction::SetFalse)]
    pub diagnose: bool,
    /// Rate (bits/value) of the baseline variants.
    #[arg(long, value_name = "BITS", default_value_t = 2.5, value_parser = parse_rate)]
    pub diagnose_rate: f64,
    /// Measure only the tensors whose name contains this.
    #[arg(long, value_name = "SUBSTRING")]
    pub only: Option<String>,
    /// Measure nothing: render rd.md and rd.json again from the measurements
    /// of an earlier rd.json (the model files it names are read for the row
    /// statistics, which rd.json does not hold).
    #[arg(
        long,
        value_name = "RD_JSON",
        conflicts_with_all = [
            "models", "rates", "jobs", "command", "date", "x264", "tricodec", "speed",
            "speed_rate", "diagnose", "diagnose_rate", "only", "kld",
        ]
    )]
    pub render_from: Option<PathBuf>,
    /// Measure only the model-level section (with --rates, the models of the earlier run
    /// and the GGUF models) and take every other measurement from this earlier rd.json.
    #[arg(
        long,
        value_name = "RD_JSON",
        conflicts_with_all = ["render_from", "models", "only", "kld"]
    )]
    pub kld_from: Option<PathBuf>,
}

/// `NAME=PATH` of `--model`.
fn parse_model(s: &str) -> Result<(String, PathBuf), String> {
    match s.split_once('=') {
        Some((n, p)) if !n.is_empty() && !p.is_empty() => Ok((n.to_string(), p.into())),
        _ => Err(format!("expected NAME=PATH, got {s:?}")),
    }
}

/// A rate in bits/value: finite and positive.
fn parse_rate(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(r) if r.is_finite() && r > 0.0 => Ok(r),
        _ => Err(format!(
            "expected a positive number of bits/value, got {s:?}"
        )),
    }
}

/// A number of threads: at least 1.
fn parse_jobs(s: &str) -> Result<usize, String> {
    match s.trim().parse::<usize>() {
        Ok(n) if n >= 1 => Ok(n),
        _ => Err(format!("expected a number of threads >= 1, got {s:?}")),
    }
}

/// What the report states about the run besides the measurements (from the
/// options and the tools when measuring, from rd.json with --render-from).
pub struct Meta {
    pub command: String,
    pub date: String,
    pub machine: String,
    pub x264_version: String,
    pub ffmpeg_version: String,
    /// The x264 options of every run.
    pub x264_args: Vec<String>,
    /// `Debug` of the alignment mode the x264 column uses.
    pub alignment: String,
    /// What the tricodec column runs.
    pub tricodec: String,
    pub rates: Vec<f64>,
    pub jobs: usize,
    pub diagnose_rate: f64,
    /// Seconds spent measuring the tensors, and in all.
    pub measure_secs: f64,
    pub total_secs: f64,
}

/// Which kind of weight a tensor is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Group {
    /// Attention and feed-forward weights of the transformer layers.
    AttnFfn,
    /// Token, position and type embeddings.
    Embedding,
    /// Anything else (MiniLM's pooler).
    Other,
}

impl Group {
    /// The group of a tensor by its name.
    fn of(name: &str) -> Group {
        if name.contains("layer.") || name.contains("layers.") {
            Group::AttnFfn
        } else if name.contains("embed") {
            Group::Embedding
        } else {
            Group::Other
        }
    }

    /// Label in the report.
    pub fn label(self) -> &'static str {
        match self {
            Group::AttnFfn => "attention/FFN",
            Group::Embedding => "embeddings",
            Group::Other => "other",
        }
    }
}

/// A loaded model.
pub struct Model {
    pub name: String,
    pub path: PathBuf,
    pub st: SafeTensors,
}

/// A model as the report names it.
#[derive(Clone, Debug, PartialEq)]
pub struct ModelInfo {
    pub name: String,
    pub path: PathBuf,
}

impl Model {
    pub fn info(&self) -> ModelInfo {
        ModelInfo {
            name: self.name.clone(),
            path: self.path.clone(),
        }
    }
}

/// Everything measured on one tensor.
pub struct TensorResult {
    pub model: usize,
    pub name: String,
    pub shape: Vec<usize>,
    pub group: Group,
    pub values: usize,
    /// Variance of each row about its mean.
    pub row_vars: Vec<f64>,
    /// Sum of x^2 over the tensor.
    pub sum_sq: f64,
    /// Water-filling bound at each target rate.
    pub bound: Vec<f64>,
    /// Single-variance bound at each target rate.
    pub bound_1var: Vec<f64>,
    pub rtn: rtn::Rtn,
    /// Every x264 point coded by the QP searches, samples aligned as the
    /// tricodec column aligns them (None: x264 not run).
    pub x264: Option<Vec<Point>>,
    /// The same with one affine alignment for the whole tensor (golden::align
    /// AffineRow over all values as one row: one FP16 scale, one zero point;
    /// the int8 tensors of LLM.265).
    pub x264_tensor: Option<Vec<Point>>,
    /// Seconds x264 took per QP (all tiles).
    pub x264_secs: BTreeMap<i32, f64>,
    /// Bytes of the x264 column's alignment side information.
    pub x264_side_bytes: u64,
    /// The tricodec point at each target rate (None: not run).
    pub tricodec: Option<Vec<Point>>,
    /// Water-filling bound at each tricodec point's own rate.
    pub bound_at_tricodec: Vec<f64>,
    pub tricodec_secs: Vec<f64>,
    /// Base QP (1/8 units) of each tricodec point.
    pub tricodec_base8: Vec<i32>,
    /// Baseline variants that explain the gap to the figures.
    pub diag: Option<Diag>,
    /// ECSQ+H at each target rate (None: the side information alone
    /// exceeds it); empty when not measured.
    pub ecsq: Vec<Option<Point>>,
    /// ECSQ+H at each tricodec point's own rate.
    pub ecsq_at_tricodec: Vec<Option<Point>>,
}

/// Variants of the baselines, on attention/FFN weights at `--diagnose-rate`.
pub struct Diag {
    /// RTN with one order-0 entropy per row.
    pub rtn_row_entropy: Vec<Point>,
    /// RTN with one order-0 entropy per tensor of the uncentred codes.
    pub rtn_uncentred: Vec<Point>,
    /// Symmetric per-row absmax RTN, one entropy per tensor.
    pub rtn_symmetric: Vec<Point>,
    /// x264 on samples aligned by golden::align AffineRow (per-row FP16
    /// scale and zero point).
    pub x264_affine_row: Vec<Point>,
}

/// Whole-model compression speeds.
#[derive(Default)]
pub struct Speed {
    /// MiniLM's float bytes (every tensor) and those of the 2-D weights measured.
    pub model_bytes: u64,
    pub x264_input_bytes: u64,
    /// (seconds, bytes out) of the x264 pass.
    pub x264: Option<(f64, u64)>,
    /// (seconds, .tcz bytes) of tricodec's whole-model compress.
    pub tricodec: Option<(f64, u64)>,
    /// (seconds, bytes) of one tricodec pass over the 2-D weights at the
    /// base QPs found for `rate`.
    pub tricodec_pass: Option<(f64, u64)>,
    pub rate: f64,
}

/// The default models: stories260K and all-MiniLM-L6-v2 under build/models.
fn default_models() -> Vec<(String, PathBuf)> {
    vec![
        (
            "stories260K".into(),
            "build/models/stories260K.safetensors".into(),
        ),
        (
            "all-MiniLM-L6-v2".into(),
            "build/models/minilm/model.safetensors".into(),
        ),
    ]
}

/// The float tensors of rank 2, in file order.
fn weights(st: &SafeTensors) -> Vec<(String, Vec<usize>)> {
    st.tensors()
        .iter()
        .filter(|v| {
            matches!(v.dtype, StDtype::F32 | StDtype::F16 | StDtype::BF16) && v.shape.len() == 2
        })
        .map(|v| (v.name.clone(), v.shape.clone()))
        .collect()
}

fn float_values(st: &SafeTensors, name: &str) -> Result<FloatVec, String> {
    let v = st.get(name).ok_or_else(|| format!("no tensor {name}"))?;
    let dtype = v.dtype.align().map_err(|e| e.to_string())?;
    FloatVec::from_le_bytes(st.bytes(name).map_err(|e| e.to_string())?, dtype)
        .map_err(|e| e.to_string())
}

/// A tensor's values as f64, in file order.
fn tensor_f64(st: &SafeTensors, name: &str) -> Result<Vec<f64>, String> {
    Ok(st
        .to_f32(name)
        .map_err(|e| e.to_string())?
        .iter()
        .map(|&v| f64::from(v))
        .collect())
}

/// The row statistics of a tensor and the bounds computed from them (cheap:
/// `--render-from` recomputes them from the model, as rd.json does not hold
/// the row variances).
pub struct Stats {
    /// Variance of each row about its mean.
    pub row_vars: Vec<f64>,
    /// Mean of x^2.
    pub mean_sq: f64,
    /// Water-filling bound at each target rate.
    pub bound: Vec<f64>,
    /// Single-variance bound at each target rate.
    pub bound_1var: Vec<f64>,
}

impl Stats {
    /// The statistics of `x` (rows of `cols` values) and its bounds at `rates`.
    pub fn of(x: &[f64], cols: usize, rates: &[f64]) -> Stats {
        let row_vars = bound::row_variances(x, cols);
        let mean_sq = bound::mean_square(x);
        let bound = rates
            .iter()
            .map(|&r| bound::water_filling_db(&row_vars, mean_sq, r))
            .collect();
        let bound_1var = rates
            .iter()
            .map(|&r| bound::single_variance_db(x, r))
            .collect();
        Stats {
            row_vars,
            mean_sq,
            bound,
            bound_1var,
        }
    }

    /// Water-filling bound at `rate` bits/value.
    pub fn bound_at(&self, rate: f64) -> f64 {
        bound::water_filling_db(&self.row_vars, self.mean_sq, rate)
    }
}

/// Measures one tensor with every method.
fn measure(
    o: &Opts,
    models: &[Model],
    model: usize,
    name: &str,
    shape: &[usize],
    dir: &Path,
) -> Result<TensorResult, String> {
    let st = &models[model].st;
    let values = float_values(st, name)?;
    let x = tensor_f64(st, name)?;
    let (rows, cols) = (shape[0], shape[1]);
    let stats = Stats::of(&x, cols, &o.rates);
    let max_rate = o.rates.iter().copied().fold(0.0, f64::max);
    let rtn = rtn::curves(&x, rows, cols, RTN_DEPTHS, max_rate);
    let m = Matrix { rows, cols };
    // x264 on samples aligned as `shape` (rows x cols, or 1 x N for one
    // alignment per tensor) in `mode`, QP searched for `rates`.
    let run_x264 = |mode: AlignMode, shape: (usize, usize), rates: &[f64]| {
        let aligned = align::align(name, values.as_slice(), shape.0, shape.1, mode)
            .map_err(|e| e.to_string())?;
        let mut enc = x264::X264Tensor::new(&aligned, m, &x, dir);
        for &r in rates {
            enc.search(r)?;
        }
        let secs: BTreeMap<i32, f64> = enc.cache.iter().map(|(&q, (_, s))| (q, *s)).collect();
        Ok::<_, String>((enc.points(), secs, aligned.side.byte_len()))
    };
    let (mut x264_points, mut x264_tensor, mut x264_secs, mut x264_side_bytes) =
        (None, None, BTreeMap::new(), 0);
    if o.x264 {
        let (p, secs, side) = run_x264(CodecParams::default().align, (rows, cols), &o.rates)?;
        (x264_points, x264_secs, x264_side_bytes) = (Some(p), secs, side);
        x264_tensor = Some(run_x264(AlignMode::AffineRow, (1, rows * cols), &o.rates)?.0);
    }
    let (mut tri, mut bound_at_tri, mut tri_secs, mut tri_base8) =
        (None, Vec::new(), Vec::new(), Vec::new());
    if o.tricodec {
        let mut pts = Vec::new();
        for &r in &o.rates {
            let (p, s, base8) = tricodec::point(name, &values, shape, &x, r)?;
            bound_at_tri.push(stats.bound_at(p.bits));
            pts.push(p);
            tri_secs.push(s);
            tri_base8.push(base8);
        }
        tri = Some(pts);
    }
    let ecsq = ecsq::points(&x, cols, &o.rates);
    let tri_rates: Vec<f64> = tri.iter().flatten().map(|p| p.bits).collect();
    let ecsq_at_tricodec = ecsq::points(&x, cols, &tri_rates);
    let mut diag = None;
    if o.diagnose && Group::of(name) == Group::AttnFfn {
        let [rtn_row_entropy, rtn_uncentred, rtn_symmetric] =
            rtn::variants(&x, rows, cols, RTN_DEPTHS);
        let mut x264_affine_row = Vec::new();
        if o.x264 {
            x264_affine_row = run_x264(AlignMode::AffineRow, (rows, cols), &[o.diagnose_rate])?.0;
        }
        diag = Some(Diag {
            rtn_row_entropy,
            rtn_uncentred,
            rtn_symmetric,
            x264_affine_row,
        });
    }
    Ok(TensorResult {
        model,
        name: name.to_string(),
        shape: shape.to_vec(),
        group: Group::of(name),
        values: x.len(),
        sum_sq: stats.mean_sq * x.len() as f64,
        bound: stats.bound,
        bound_1var: stats.bound_1var,
        row_vars: stats.row_vars,
        rtn,
        x264: x264_points,
        x264_tensor,
        x264_secs,
        x264_side_bytes,
        tricodec: tri,
        bound_at_tricodec: bound_at_tri,
        tricodec_secs: tri_secs,
        tricodec_base8: tri_base8,
        diag,
        ecsq,
        ecsq_at_tricodec,
    })
}

/// One line of progress for a finished tensor.
fn progress_line(o: &Opts, r: &TensorResult, secs: f64) -> String {
    let i = o.rates.iter().position(|&t| t == o.speed_rate).unwrap_or(0);
    let t = o.rates[i];
    let mut s = format!(
        "{}: bound {:.2}, RTN+H {:.2}",
        r.name,
        r.bound[i],
        measure::at_rate(&r.rtn.entropy, t).db
    );
    if let (Some(p), Some(q)) = (&r.x264, &r.x264_tensor) {
        s += &format!(
            ", x264 {:.2} (per tensor {:.2})",
            measure::at_rate(p, t).db,
            measure::at_rate(q, t).db
        );
    }
    if let Some(p) = &r.tricodec {
        s += &format!(", tricodec {:.2} @ {:.3}", p[i].db, p[i].bits);
    }
    if let Some(d) = &r.diag {
        let t = o.diagnose_rate;
        s += &format!(
            "; diag at {t}: RTN row-H {:.2}, RTN sym {:.2}",
            measure::at_rate(&d.rtn_row_entropy, t).db,
            measure::at_rate(&d.rtn_symmetric, t).db
        );
        if !d.x264_affine_row.is_empty() {
            s += &format!(
                ", x264 affine per row {:.2}",
                measure::at_rate(&d.x264_affine_row, t).db
            );
        }
    }
    format!("{s} dB at {t} bits/value ({secs:.1} s)")
}

/// Times x264 alone on every 2-D weight of a model at the QP that met
/// `rate` for that tensor (one thread, one process per tile, alignment
/// included). Returns (seconds, stream + side bytes).
fn x264_speed(
    models: &[Model],
    results: &[TensorResult],
    model: usize,
    rate: f64,
    dir: &Path,
) -> Result<(f64, u64), String> {
    let st = &models[model].st;
    let mut secs = 0.0;
    let mut bytes = 0u64;
    for r in results.iter().filter(|r| r.model == model) {
        let Some(points) = &r.x264 else { continue };
        let a = measure::at_rate(points, rate);
        let p = a.lo.or(a.hi).expect("a point");
        let qp: i32 = p
            .setting
            .trim_start_matches("qp=")
            .parse()
            .map_err(|_| "qp setting")?;
        let values = float_values(st, &r.name)?;
        let m = Matrix {
            rows: r.shape[0],
            cols: r.shape[1],
        };
        let start = Instant::now();
        let aligned = align::align(
            &r.name,
            values.as_slice(),
            m.rows,
            m.cols,
            CodecParams::default().align,
        )
        .map_err(|e| e.to_string())?;
        bytes += aligned.side.byte_len();
        for t in mapping::tiles(m) {
            let raw = mapping::extract(&aligned.samples, m, t);
            bytes += x264::encode(&raw, t.cols, t.rows, qp, dir)?.0.len() as u64;
        }
        secs += start.elapsed().as_secs_f64();
    }
    Ok((secs, bytes))
}

/// Reads the model files named in `list`.
pub fn read_models(list: &[(String, PathBuf)]) -> Result<Vec<Model>, String> {
    let mut models = Vec::new();
    for (name, path) in list {
        let st = SafeTensors::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        models.push(Model {
            name: name.clone(),
            path: path.clone(),
            st,
        });
    }
    Ok(models)
}

/// The machine the report was measured on.
fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split_once(':'))
                .map(|(_, v)| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown CPU".into());
    let cores = std::thread::available_parallelism().map_or(0, |n| n.get());
    let os = std::process::Command::new("uname")
        .arg("-srm")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .map(|s| s.trim().to_string())
        .unwrap_or_default();
    format!("{cpu}, {cores} cores available (shared with other jobs), {os}")
}

/// Everything a report is rendered from.
pub struct Run {
    pub meta: Meta,
    pub models: Vec<ModelInfo>,
    pub results: Vec<TensorResult>,
    pub speed: Option<Speed>,
    /// Model-level quality of the LLaMA models measured.
    pub kld: Vec<kld::KldRun>,
}

/// The model-level section: the RD models that `kld::MODELS` names, at `o.rates`, then the
/// GGUF models of `kld::GGUF_MODELS` whose files are there, at the target rates among
/// `o.rates`.
fn measure_kld(o: &Opts, models: &[Model]) -> Result<Vec<kld::KldRun>, String> {
    let progress = |line: &str| eprintln!("rd-report: {line}");
    let mut klds = Vec::new();
    for m in models {
        let Some(&(_, heads, kv_heads)) = kld::MODELS.iter().find(|k| k.0 == m.name) else {
            continue;
        };
        eprintln!("rd-report: model-level quality of {}", m.name);
        let setup = kld::Setup {
            name: &m.name,
            heads,
            kv_heads,
            weights: "",
            sampling: Sampling::default(),
            rtn: true,
        };
        klds.push(kld::measure(
            &setup, &m.st, &o.rates, o.tricodec, &progress,
        )?);
    }
    let rates: Vec<f64> = kld::TARGET_RATES
        .into_iter()
        .filter(|t| o.rates.contains(t))
        .collect();
    for &(name, path, heads, kv_heads, sampling) in kld::GGUF_MODELS {
        if rates.is_empty() {
            break;
        }
        let path = PathBuf::from(path);
        if !path.exists() {
            eprintln!(
                "rd-report: no {} (scripts/bootstrap.sh fetches it): {name} not measured",
                path.display()
            );
            continue;
        }
        eprintln!("rd-report: model-level quality of {name}");
        let st = kld::load_gguf(&path)?;
        let setup = kld::Setup {
            name,
            heads,
            kv_heads,
            weights: kld::GGUF_WEIGHTS,
            sampling,
            rtn: false,
        };
        klds.push(kld::measure(&setup, &st, &rates, o.tricodec, &progress)?);
    }
    Ok(klds)
}

/// Measures every 2-D weight of the models of `o`.
fn measure_all(o: &Opts) -> Result<Run, String> {
    let model_list = if o.models.is_empty() {
        default_models()
    } else {
        o.models.clone()
    };
    let models = read_models(&model_list)?;
    let mut jobs = Vec::new();
    for (m, model) in models.iter().enumerate() {
        for (name, shape) in weights(&model.st) {
            if o.only.as_ref().is_none_or(|s| name.contains(s.as_str())) {
                jobs.push((m, name, shape));
            }
        }
    }
    // Largest tensors first so that the threads finish together; results
    // are stored by job index, so the order of completion does not matter.
    let mut order: Vec<usize> = (0..jobs.len()).collect();
    order.sort_by_key(|&j| (std::cmp::Reverse(jobs[j].2.iter().product::<usize>()), j));
    let scratch = std::env::temp_dir().join(format!("tricodec-rd-{}", std::process::id()));
    let next = AtomicUsize::new(0);
    let done = AtomicUsize::new(0);
    let slots: Mutex<Vec<Option<Result<TensorResult, String>>>> =
        Mutex::new((0..jobs.len()).map(|_| None).collect());
    let start = Instant::now();
    eprintln!("rd-report: {} tensors, {} threads", jobs.len(), o.jobs);
    std::thread::scope(|s| {
        for w in 0..o.jobs.max(1) {
            let (jobs, order, next, done, slots, models, scratch) =
                (&jobs, &order, &next, &done, &slots, &models, &scratch);
            s.spawn(move || {
                let dir = scratch.join(format!("worker-{w}"));
                std::fs::create_dir_all(&dir).expect("scratch folder");
                loop {
                    let k = next.fetch_add(1, Ordering::SeqCst);
                    let Some(&j) = order.get(k) else { break };
                    let (m, name, shape) = &jobs[j];
                    let t = Instant::now();
                    let r = measure(o, models, *m, name, shape, &dir);
                    let n = done.fetch_add(1, Ordering::SeqCst) + 1;
                    match &r {
                        Ok(r) => eprintln!(
                            "[{n}/{}] {}",
                            jobs.len(),
                            progress_line(o, r, t.elapsed().as_secs_f64())
                        ),
                        Err(e) => eprintln!("[{n}/{}] {name}: error: {e}", jobs.len()),
                    }
                    slots.lock().expect("no poisoned lock")[j] = Some(r);
                }
            });
        }
    });
    let mut results = Vec::new();
    for r in slots.into_inner().expect("no poisoned lock") {
        results.push(r.expect("every job ran")?);
    }
    let measure_secs = start.elapsed().as_secs_f64();
    eprintln!("rd-report: measured in {measure_secs:.0} s");
    let mut speed = None;
    if o.speed {
        if let Some(m) = models.iter().position(|m| m.name.contains("MiniLM")) {
            let dir = scratch.join("speed");
            std::fs::create_dir_all(&dir).map_err(|e| e.to_string())?;
            let st = &models[m].st;
            let mut sp = Speed {
                rate: o.speed_rate,
                ..Default::default()
            };
            sp.model_bytes = st.tensors().iter().map(|v| st.data(v).len() as u64).sum();
            // The 2-D weights measured (all of them unless --only).
            sp.x264_input_bytes = results
                .iter()
                .filter(|r| r.model == m)
                .map(|r| st.bytes(&r.name).map_or(0, |b| b.len() as u64))
                .sum();
            if o.x264 {
                eprintln!(
                    "rd-report: timing x264 on {} at {} bits/value",
                    models[m].name, o.speed_rate
                );
                sp.x264 = Some(x264_speed(&models, &results, m, o.speed_rate, &dir)?);
            }
            if o.tricodec {
                eprintln!(
                    "rd-report: timing tricodec on {} at {} bits/value",
                    models[m].name, o.speed_rate
                );
                sp.tricodec = Some(tricodec::model_speed(
                    st,
                    &dir,
                    (o.speed_rate * 1000.0).round() as u32,
                )?);
                if let Some(k) = o.rates.iter().position(|&t| t == o.speed_rate) {
                    let list: Vec<(String, Vec<usize>, i32)> = results
                        .iter()
                        .filter(|r| r.model == m)
                        .map(|r| (r.name.clone(), r.shape.clone(), r.tricodec_base8[k]))
                        .collect();
                    sp.tricodec_pass = Some(tricodec::single_pass(st, &list)?);
                }
            }
            speed = Some(sp);
        }
    }
    let _ = std::fs::remove_dir_all(&scratch);
    let klds = if o.kld && o.only.is_none() {
        measure_kld(o, &models)?
    } else {
        Vec::new()
    };
    let meta = Meta {
        command: o.command.clone(),
        date: o.date.clone(),
        machine: machine(),
        x264_version: x264::version(),
        ffmpeg_version: x264::ffmpeg_version(),
        x264_args: x264::X264_ARGS.iter().map(|a| a.to_string()).collect(),
        alignment: format!("{:?}", CodecParams::default().align),
        tricodec: tricodec::DESCRIPTION.to_string(),
        rates: o.rates.clone(),
        jobs: o.jobs,
        diagnose_rate: o.diagnose_rate,
        measure_secs,
        total_secs: start.elapsed().as_secs_f64(),
    };
    Ok(Run {
        meta,
        models: models.iter().map(Model::info).collect(),
        results,
        speed,
        kld: klds,
    })
}

/// Writes `text` to `path` through a temporary file in the same folder, so
/// that a failed write leaves an existing file as it was.
fn write_atomic(path: &Path, text: &str) -> Result<(), String> {
    let err = |e: std::io::Error| format!("{}: {e}", path.display());
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(parent).map_err(err)?;
    let name = path
        .file_name()
        .ok_or_else(|| format!("{}: not a file name", path.display()))?;
    let tmp = parent.join(format!(
        ".{}.tmp-{}",
        name.to_string_lossy(),
        std::process::id()
    ));
    let res = std::fs::write(&tmp, text).and_then(|()| std::fs::rename(&tmp, path));
    if res.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    res.map_err(err)
}

fn run(o: &Opts) -> Result<(), String> {
    let published = published::load()?;
    let run = match (&o.render_from, &o.kld_from) {
        (Some(path), _) => load::run(path)?,
        (None, Some(path)) => {
            let mut run = load::run(path)?;
            let list: Vec<(String, PathBuf)> = run
                .models
                .iter()
                .map(|m| (m.name.clone(), m.path.clone()))
                .collect();
            run.kld = measure_kld(o, &read_models(&list)?)?;
            run.meta.command = format!(
                "{} on {} (the model-level section; the rest: {} on {})",
                o.command, o.date, run.meta.command, run.meta.date
            );
            run
        }
        (None, None) => measure_all(o)?,
    };
    let summary = summary::compute(&run, &published);
    let doc = render::Doc {
        run: &run,
        summary: &summary,
        published: &published,
    };
    for (path, text) in [
        (&o.md, render::markdown(&doc)),
        (&o.json, render::json(&doc)),
    ] {
        write_atomic(path, &text)?;
        eprintln!("rd-report: wrote {}", path.display());
    }
    Ok(())
}

fn main() {
    let o = Opts::parse();
    if let Err(e) = run(&o) {
        eprintln!("rd-report: error: {e}");
        std::process::exit(1);
    }
}
