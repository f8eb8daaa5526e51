//! `lane-report` (`make lane-report`): how fast the RTL encoder lane `enc_lane_i16` codes, in
//! Verilator simulation. Real weight tensors as 4:0:0 pictures (`tensor::image::tensor_image`:
//! one affine 8-bit mapping per tensor) at the QP whose `i16x16` stream is closest to 2.5 bits
//! per value from below, one of them across QP, and a 4:2:0 picture; every run is checked
//! byte for byte against golden's encoder before its cycles count. Writes
//! docs/results/encoder-lane.md and encoder-lane.json: cycles per macroblock (mean over the
//! picture; min / max of the intervals between macroblocks leaving the reconstruction loop),
//! input values (visible samples) per cycle, golden's CABAC bins per macroblock, and what
//! limits the rate; values per second at the 1 GHz target and at `encoder_lane`'s synthesized
//! fmax when synth/reports/summary.json has it.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use golden::encoder::{Encoder, EncoderConfig};
use golden::picture::{ChromaFormat, Picture};
use serde_json::{json, Value};
use sim::report::{
    exit, fmax_mhz, lanes_for, read_summary, write_results, LARGER, TARGET_GHZ, TENSORS,
    VALUES_PER_S,
};
use sim::{EncLane, LaneStalls, Rng};
use vectors::cabac::traces::tensor_image_picture;
use vectors::intra::{lane_config, lane_expected};
use vectors::stimulus::picture_420;

/// The tensor run across QP (index into TENSORS) and its QPs.
const SWEEP: usize = 2;
const SWEEP_QPS: [i32; 8] = [0, 10, 20, 26, 32, 38, 44, 51];

#[derive(Parser)]
#[command(about = "RTL encoder lane speed in simulation (docs/results/encoder-lane.md)")]
struct Args {
    /// Folder of the model files.
    #[arg(long, default_value = "build/models")]
    models: PathBuf,
    /// make synth's summary (the encoder_lane block's fmax, when it has it).
    #[arg(long, default_value = "synth/reports/summary.json")]
    summary: PathBuf,
    /// Target rate in bits per value.
    #[arg(long, default_value_t = 2.5)]
    bits: f64,
    /// Output folder (encoder-lane.md, encoder-lane.json).
    #[arg(long, default_value = "docs/results")]
    out: PathBuf,
}

/// One measured run.
struct Run {
    what: String,
    width: usize,
    height: usize,
    format: ChromaFormat,
    qp: i32,
    mbs: usize,
    bits_per_value: f64,
    bins_per_mb: f64,
    cycles: u64,
    interval_min: u64,
    interval_max: u64,
}

impl Run {
    fn cycles_per_mb(&self) -> f64 {
        self.cycles as f64 / self.mbs as f64
    }
    fn values_per_cycle(&self) -> f64 {
        let luma = (self.width * self.height) as f64;
        let chroma = if self.format == ChromaFormat::Yuv420 {
            2.0 * (self.width.div_ceil(2) * self.height.div_ceil(2)) as f64
        } else {
            0.0
        };
        (luma + chroma) / self.cycles as f64
    }
    fn json(&self) -> Value {
        json!({
            "what": self.what, "width": self.width, "height": self.height,
            "chroma": self.format == ChromaFormat::Yuv420, "qp": self.qp,
            "macroblocks": self.mbs, "bits_per_value": self.bits_per_value,
            "bins_per_macroblock": self.bins_per_mb, "cycles": self.cycles,
            "cycles_per_macroblock": self.cycles_per_mb(),
            "interval_min": self.interval_min, "interval_max": self.interval_max,
            "values_per_cycle": self.values_per_cycle(),
        })
    }
}

fn golden_cfg(qp: i32) -> EncoderConfig {
    lane_config(&EncoderConfig {
        qp,
        ..Default::default()
    })
}

/// Bits per value of golden's coding of `pic` at `qp`.
fn rate(pic: &Picture, qp: i32) -> Result<f64, String> {
    let mut enc =
        Encoder::new(pic.format, pic.width, pic.height, golden_cfg(qp)).map_err(|e| e.detail())?;
    let bytes = enc.encode(pic).map_err(|e| e.detail())?.bytes.len();
    let values = pic.format.frame_bytes(pic.width, pic.height);
    Ok(8.0 * bytes as f64 / values as f64)
}

/// The lowest QP whose rate is at most `bits` (bisection: the rate falls with QP).
fn qp_for(pic: &Picture, bits: f64) -> Result<i32, String> {
    let (mut lo, mut hi) = (0, 51);
    while lo < hi {
        let mid = (lo + hi) / 2;
        if rate(pic, mid)? <= bits {
            hi = mid;
        } else {
            lo = mid + 1;
        }
    }
    Ok(lo)
}

fn measure(lane: &mut EncLane, what: &str, pic: &Picture, qp: i32) -> Result<Run, String> {
    let cfg = golden_cfg(qp);
    let (bytes, recon) = lane_expected(std::slice::from_ref(pic), &cfg).map_err(|e| e.detail())?;
    let mut rng = Rng::new(1);
    lane.start(pic.format, pic.width, pic.height, &cfg);
    let timed = lane.picture(pic, LaneStalls::NONE, &mut rng);
    if timed.bytes != bytes || timed.recon != recon[0] {
        return Err(format!(
            "{what} at QP {qp}: the RTL's stream differs from golden's"
        ));
    }
    let mut intervals = Vec::with_capacity(timed.mb_done.len());
    let mut last = 0;
    for &t in &timed.mb_done {
        intervals.push(t - last);
        last = t;
    }
    let mut enc = Encoder::new(pic.format, pic.width, pic.height, cfg).map_err(|e| e.detail())?;
    enc.record_traces();
    enc.encode(pic).map_err(|e| e.detail())?;
    let bins: usize = enc.take_traces().iter().map(|t| t.bins.len()).sum();
    let mbs = pic.width_mbs() * pic.height_mbs();
    let values = pic.format.frame_bytes(pic.width, pic.height);
    Ok(Run {
        what: what.to_string(),
        width: pic.width,
        height: pic.height,
        format: pic.format,
        qp,
        mbs,
        bits_per_value: 8.0 * bytes.len() as f64 / values as f64,
        bins_per_mb: bins as f64 / mbs as f64,
        cycles: timed.cycles,
        interval_min: intervals.iter().skip(1).copied().min().unwrap_or(0),
        interval_max: intervals.iter().skip(1).copied().max().unwrap_or(0),
    })
}

fn table(runs: &[Run], loop_cycles: f64) -> String {
    let mut s = String::from(
        "| picture | QP | bits/value | bins/MB | cycles/MB mean (min / max) | values/cycle | limit |\n\
         | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for r in runs {
        let limit = if r.cycles_per_mb() > 1.15 * loop_cycles {
            "CABAC"
        } else {
            "reconstruction loop"
        };
        let _ = writeln!(
            s,
            "| {} | {} | {:.3} | {:.0} | {:.1} ({} / {}) | {:.2} | {limit} |",
            r.what,
            r.qp,
            r.bits_per_value,
            r.bins_per_mb,
            r.cycles_per_mb(),
            r.interval_min,
            r.interval_max,
            r.values_per_cycle()
        );
    }
    s
}

fn run(args: &Args) -> Result<(), String> {
    let started = std::time::Instant::now();
    let mut lane = EncLane::new();
    let mut at_target = Vec::new();
    let mut sweep = Vec::new();
    for (i, (model, name)) in TENSORS.iter().chain([&LARGER]).enumerate() {
        let path = args.models.join(model);
        let st = tensor::SafeTensors::read(&path).map_err(|e| e.detail())?;
        let view = st
            .get(name)
            .ok_or_else(|| format!("{model} has no {name}"))?;
        let cols = *view.shape.last().expect("2-D");
        let rows = view.numel() / cols;
        let pic = tensor_image_picture(&path, name, ChromaFormat::Monochrome, cols, rows)
            .map_err(|e| e.detail())?;
        let what = format!("{name} {cols}x{rows} 4:0:0");
        let qp = qp_for(&pic, args.bits)?;
        eprintln!("lane-report: {what}: QP {qp}");
        at_target.push(measure(&mut lane, &what, &pic, qp)?);
        if i == SWEEP {
            for qp in SWEEP_QPS {
                sweep.push(measure(&mut lane, &what, &pic, qp)?);
            }
        }
    }
    let pic = picture_420(320, 176, 1);
    let mut pictures = Vec::new();
    for qp in [26, 36, 51] {
        pictures.push(measure(&mut lane, "picture_420 320x176 4:2:0", &pic, qp)?);
    }
    // The loop's own rate: the sweep's QP 51 run, where CABAC has almost nothing to code.
    let loop_cycles = sweep.last().map_or(0.0, Run::cycles_per_mb);
    let loop_420 = pictures.last().map_or(0.0, Run::cycles_per_mb);

    let fmax = fmax_mhz(&read_summary(&args.summary), "encoder_lane").map(|mhz| mhz / 1000.0);
    let mean_vpc =
        at_target.iter().map(Run::values_per_cycle).sum::<f64>() / at_target.len() as f64;
    let mut md = String::new();
    let _ = writeln!(md, "# The RTL encoder lane's speed in simulation\n");
    let _ = writeln!(
        md,
        "Generated by `make lane-report` (sim/src/bin/lane_report.rs). Verilator \
         simulation of `enc_lane_i16` (Chroma = 1, MaxWidthMbs = 480) with every port always \
         ready; every run's bytes and reconstruction were checked equal to golden's \
         `i16x16` encoder first. Pictures: real weight tensors as 4:0:0 pictures (one affine \
         8-bit mapping per tensor, `tensor::image::tensor_image`), each at the lowest QP whose \
         stream is at most {} bits/value, and `picture_420` (gradients, edges, noise). \
         Cycles/MB: the picture's cycles (first input beat to last byte) over its \
         macroblocks; min / max: the intervals between consecutive macroblocks leaving the \
         reconstruction loop. Values/cycle: visible samples (tensor values) per cycle. \
         Bins/MB: golden's CABAC bins per macroblock. Limit: \"reconstruction loop\" where a \
         macroblock costs within 15% of the loop's own rate ({loop_cycles:.1} cycles/MB for \
         4:0:0 and {loop_420:.1} for 4:2:0, each measured at QP 51 where CABAC has almost \
         nothing to code), else CABAC. Run time {:.0} s.\n",
        args.bits,
        started.elapsed().as_secs_f64()
    );
    let _ = writeln!(md, "## Real tensors at about {} bits/value\n", args.bits);
    md.push_str(&table(&at_target, loop_cycles));
    let _ = writeln!(
        md,
        "\nMean over these tensors: {mean_vpc:.2} values/cycle: {:.2} G values/s at the 1 GHz \
         target, so {} lanes for 100 Gb/s of BF16 ({:.2} G values/s){}.\n",
        mean_vpc * TARGET_GHZ,
        lanes_for(mean_vpc, TARGET_GHZ),
        VALUES_PER_S / 1e9,
        match fmax {
            Some(f) => format!(
                "; at encoder_lane's synthesized TT fmax of {:.0} MHz, {} lanes",
                f * 1000.0,
                lanes_for(mean_vpc, f)
            ),
            None => "; synth/reports/summary.json has no encoder_lane row yet".to_string(),
        }
    );
    let _ = writeln!(
        md,
        "## Across QP ({})\n",
        sweep.first().map_or("", |r| &r.what)
    );
    md.push_str(&table(&sweep, loop_cycles));
    let _ = writeln!(md, "\n## A 4:2:0 picture\n");
    md.push_str(&table(&pictures, loop_420));
    let all: Vec<Value> = at_target
        .iter()
        .chain(&sweep)
        .chain(&pictures)
        .map(Run::json)
        .collect();
    let j = json!({
        "bits_target": args.bits,
        "loop_cycles_per_macroblock_400": loop_cycles,
        "loop_cycles_per_macroblock_420": loop_420,
        "mean_values_per_cycle_at_target": mean_vpc,
        "encoder_lane_fmax_ghz": fmax,
        "runs": all,
    });
    write_results(&args.out, "encoder-lane", &md, &j)
}

fn main() -> ExitCode {
    exit("lane-report", run(&Args::parse()))
}
