//! rd-report: rate-distortion of tricodec against x264, per-row RTN (ideal
//! entropy coder and zstd) and the Gaussian reverse water-filling bound, on
//! every 2-D float weight of stories260K and all-MiniLM-L6-v2. Writes
//! docs/results/rd.md and rd.json (see scripts/rd_report.sh); progress on
//! stderr. Every number except the timings is deterministic: tensors are
//! measured independently (in parallel over `--jobs` threads, each x264 run
//! single-threaded) and reported in file order.

mod bound;
mod measure;
mod render;
mod rtn;
mod tricodec;
mod x264;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::Instant;

use golden::align::{self, AlignMode, FloatVec};
use tensor::codec::CodecParams;
use tensor::mapping::{self, Matrix};
use tensor::{Dtype as StDtype, SafeTensors};

use measure::Point;

/// RTN bit depths measured (the curve the target rates are read from).
pub const RTN_DEPTHS: &[u32] = &[1, 2, 3, 4, 5, 6, 7];

/// Command-line options.
pub struct Opts {
    pub models: Vec<(String, PathBuf)>,
    pub rates: Vec<f64>,
    pub jobs: usize,
    pub md: PathBuf,
    pub json: PathBuf,
    pub command: String,
    pub date: String,
    pub x264: bool,
    pub tricodec: bool,
    pub speed: bool,
    pub speed_rate: f64,
    pub diagnose: bool,
    pub diagnose_rate: f64,
    pub only: Option<String>,
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

fn usage() -> ! {
    eprintln!(
        "usage: rd-report [--model NAME=PATH]... [--rates 2,2.5,3,4] [--jobs N] \
         [--md FILE] [--json FILE] [--command TEXT] [--date TEXT] [--no-x264] \
         [--no-tricodec] [--no-speed] [--speed-rate 2.5] [--no-diagnose] \
         [--diagnose-rate 2.5] [--only SUBSTRING]"
    );
    std::process::exit(2)
}

fn parse_args() -> Opts {
    let mut o = Opts {
        models: Vec::new(),
        rates: vec![2.0, 2.5, 3.0, 4.0],
        jobs: 2,
        md: "docs/results/rd.md".into(),
        json: "docs/results/rd.json".into(),
        command: "rd-report".into(),
        date: "(not given)".into(),
        x264: true,
        tricodec: true,
        speed: true,
        speed_rate: 2.5,
        diagnose: true,
        diagnose_rate: 2.5,
        only: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut val = || args.next().unwrap_or_else(|| usage());
        match a.as_str() {
            "--model" => {
                let v = val();
                let (n, p) = v.split_once('=').unwrap_or_else(|| usage());
                o.models.push((n.to_string(), p.into()));
            }
            "--rates" => {
                o.rates = val()
                    .split(',')
                    .map(|r| r.trim().parse().unwrap_or_else(|_| usage()))
                    .collect()
            }
            "--jobs" => o.jobs = val().parse().unwrap_or_else(|_| usage()),
            "--md" => o.md = val().into(),
            "--json" => o.json = val().into(),
            "--command" => o.command = val(),
            "--date" => o.date = val(),
            "--no-x264" => o.x264 = false,
            "--no-tricodec" => o.tricodec = false,
            "--no-speed" => o.speed = false,
            "--speed-rate" => o.speed_rate = val().parse().unwrap_or_else(|_| usage()),
            "--no-diagnose" => o.diagnose = false,
            "--diagnose-rate" => o.diagnose_rate = val().parse().unwrap_or_else(|_| usage()),
            "--only" => o.only = Some(val()),
            _ => usage(),
        }
    }
    if o.models.is_empty() {
        o.models = vec![
            (
                "stories260K".into(),
                "build/models/stories260K.safetensors".into(),
            ),
            (
                "all-MiniLM-L6-v2".into(),
                "build/models/minilm/model.safetensors".into(),
            ),
        ];
    }
    o
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
    let x: Vec<f64> = st
        .to_f32(name)
        .map_err(|e| e.to_string())?
        .iter()
        .map(|&v| f64::from(v))
        .collect();
    let (rows, cols) = (shape[0], shape[1]);
    let vars = bound::row_variances(&x, cols);
    let ms = bound::mean_square(&x);
    let bound: Vec<f64> = o
        .rates
        .iter()
        .map(|&r| bound::water_filling_db(&vars, ms, r))
        .collect();
    let bound_1var = o
        .rates
        .iter()
        .map(|&r| bound::single_variance_db(&x, r))
        .collect();
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
            bound_at_tri.push(bound::water_filling_db(&vars, ms, p.bits));
            pts.push(p);
            tri_secs.push(s);
            tri_base8.push(base8);
        }
        tri = Some(pts);
    }
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
        sum_sq: ms * x.len() as f64,
        row_vars: vars,
        bound,
        bound_1var,
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

fn run(o: &Opts) -> Result<(), String> {
    let mut models = Vec::new();
    for (name, path) in &o.models {
        let st = SafeTensors::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
        models.push(Model {
            name: name.clone(),
            path: path.clone(),
            st,
        });
    }
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
    let total_secs = start.elapsed().as_secs_f64();
    let doc = render::Doc {
        o,
        models: &models,
        results: &results,
        speed: speed.as_ref(),
        measure_secs,
        total_secs,
    };
    for (path, text) in [
        (&o.md, render::markdown(&doc)),
        (&o.json, render::json(&doc)),
    ] {
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| e.to_string())?;
        }
        std::fs::write(path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("rd-report: wrote {}", path.display());
    }
    Ok(())
}

fn main() {
    let o = parse_args();
    if let Err(e) = run(&o) {
        eprintln!("rd-report: error: {e}");
        std::process::exit(1);
    }
}
