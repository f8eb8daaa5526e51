//! `dec-lane-report` (`make lane-report`): how fast the RTL decoder lane `dec_lane_i16` decodes,
//! in Verilator simulation, on the tensor codec's own streams: real weight tensors through
//! `tricodec compress`'s coding of one tensor (default parameters: per-row alignment, sorted
//! rows, per-macroblock QP, RDOQ) at 2, 2.5 and 3 bits per value, every tile stream decoded and
//! checked equal to golden's decoder before its cycles count; and one 4:2:0 picture across QP.
//! Writes docs/results/decoder-lane.md and decoder-lane.json: cycles per macroblock, output
//! values (visible samples) per cycle, golden's CABAC bins per macroblock and per cycle, and
//! what limits the rate; values per second at the 1 GHz target and at `decoder_lane`'s
//! synthesized fmax when synth/reports/summary.json has it. I_NxN streams too: golden's `full`
//! profile (Intra4x4 / Intra8x8) and x264's intra streams without deblocking (with deblocking
//! the lane does not decode them yet).

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use golden::decoder::Decoder;
use golden::encoder::{EncoderConfig, Profile};
use golden::picture::Picture;
use serde_json::{json, Value};
use sim::report::{
    exit, fmax_mhz, lanes_for, read_summary, write_results, LARGER, TARGET_GHZ, TENSORS,
    VALUES_PER_S,
};
use sim::{DecLane, DecStalls, Rng};
use vectors::cabac::dec::x264_stream;
use vectors::dec_front::golden_stream;
use vectors::intra::lane_config;
use vectors::stimulus::{luma_only, picture_420};
use vectors::streams::{code_tensor, stream_slices};

const RATES: [f64; 3] = [2.0, 2.5, 3.0];

#[derive(Parser)]
#[command(about = "RTL decoder lane speed in simulation (docs/results/decoder-lane.md)")]
struct Args {
    /// Folder of the model files.
    #[arg(long, default_value = "build/models")]
    models: PathBuf,
    /// make synth's summary (the decoder_lane block's fmax, when it has it).
    #[arg(long, default_value = "synth/reports/summary.json")]
    summary: PathBuf,
    /// Output folder (decoder-lane.md, decoder-lane.json).
    #[arg(long, default_value = "docs/results")]
    out: PathBuf,
}

/// One measured set of streams (a tensor's tiles, or one picture).
#[derive(Default)]
struct Run {
    what: String,
    bits_per_value: f64,
    mbs: u64,
    values: u64,
    bins: u64,
    cycles: u64,
    /// The shortest and longest intervals between consecutive macroblocks leaving the lane
    /// (within a stream).
    interval_min: u64,
    interval_max: u64,
}

impl Run {
    fn cycles_per_mb(&self) -> f64 {
        self.cycles as f64 / self.mbs as f64
    }
    fn values_per_cycle(&self) -> f64 {
        self.values as f64 / self.cycles as f64
    }
    fn bins_per_cycle(&self) -> f64 {
        self.bins as f64 / self.cycles as f64
    }
    fn json(&self) -> Value {
        json!({
            "what": self.what, "bits_per_value": self.bits_per_value, "macroblocks": self.mbs,
            "values": self.values, "bins": self.bins, "cycles": self.cycles,
            "cycles_per_macroblock": self.cycles_per_mb(),
            "values_per_cycle": self.values_per_cycle(),
            "bins_per_cycle": self.bins_per_cycle(),
            "interval_min": self.interval_min, "interval_max": self.interval_max,
        })
    }
}

/// Decodes `stream` on the lane, checks it against golden's decoder, and adds it to `run`.
fn measure(lane: &mut DecLane, run: &mut Run, stream: &[u8]) -> Result<(), String> {
    let want = Decoder::decode_stream(stream).map_err(|e| e.detail())?;
    let got = lane.decode(stream, DecStalls::NONE, &mut Rng::new(1));
    if got.error || got.pictures != want {
        return Err(format!(
            "{}: the RTL's pictures differ from golden's",
            run.what
        ));
    }
    let bins: usize = stream_slices(stream)
        .map_err(|e| e.detail())?
        .iter()
        .map(|s| s.bins.len())
        .sum();
    run.bins += bins as u64;
    for w in got.mb_done.windows(2) {
        let d = w[1] - w[0];
        run.interval_min = if run.interval_min == 0 {
            d
        } else {
            run.interval_min.min(d)
        };
        run.interval_max = run.interval_max.max(d);
    }
    run.mbs += got.mbs;
    run.cycles += got.cycles;
    run.values += want
        .iter()
        .map(|p: &Picture| p.format.frame_bytes(p.width, p.height) as u64)
        .sum::<u64>();
    Ok(())
}

/// One picture's I_NxN stream measured (as `measure`).
fn nxn_run(lane: &mut DecLane, what: String, pic: &Picture, stream: &[u8]) -> Result<Run, String> {
    let values = pic.format.frame_bytes(pic.width, pic.height);
    let mut r = Run {
        what,
        bits_per_value: 8.0 * stream.len() as f64 / values as f64,
        ..Default::default()
    };
    measure(lane, &mut r, stream)?;
    eprintln!(
        "dec-lane-report: {}: {:.1} cycles/MB",
        r.what,
        r.cycles_per_mb()
    );
    Ok(r)
}

fn table(runs: &[Run], loop_cycles: f64) -> String {
    let mut s = String::from(
        "| streams | bits/value | macroblocks | bins/MB | cycles/MB mean (min / max) | values/cycle | bins/cycle | limit |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for r in runs {
        let limit = if r.cycles_per_mb() > 1.15 * loop_cycles {
            "CABAC"
        } else {
            "reconstruction loop"
        };
        let _ = writeln!(
            s,
            "| {} | {:.3} | {} | {:.0} | {:.1} ({} / {}) | {:.2} | {:.2} | {limit} |",
            r.what,
            r.bits_per_value,
            r.mbs,
            r.bins as f64 / r.mbs as f64,
            r.cycles_per_mb(),
            r.interval_min,
            r.interval_max,
            r.values_per_cycle(),
            r.bins_per_cycle()
        );
    }
    s
}

fn run(args: &Args) -> Result<(), String> {
    let started = std::time::Instant::now();
    let mut lane = DecLane::new();
    let mut tensors = Vec::new();
    for (model, name) in TENSORS.iter().chain([&LARGER]) {
        for bits in RATES {
            let (coded, n) =
                code_tensor(&args.models.join(model), name, bits).map_err(|e| e.detail())?;
            let mut r = Run {
                what: format!("{name}, {} tile stream(s)", coded.streams.len()),
                bits_per_value: 8.0 * coded.bytes() as f64 / n as f64,
                ..Default::default()
            };
            for s in &coded.streams {
                measure(&mut lane, &mut r, s)?;
            }
            eprintln!(
                "dec-lane-report: {name} at {bits}: {:.1} cycles/MB",
                r.cycles_per_mb()
            );
            tensors.push(r);
        }
    }
    let pic = picture_420(320, 176, 1);
    let mut pictures = Vec::new();
    for qp in [26, 36, 51] {
        let stream = golden_stream(
            &pic,
            lane_config(&EncoderConfig {
                qp,
                ..Default::default()
            }),
            1,
        );
        let values = pic.format.frame_bytes(pic.width, pic.height);
        let mut r = Run {
            what: format!("picture_420 320x176 4:2:0, QP {qp}"),
            bits_per_value: 8.0 * stream.len() as f64 / values as f64,
            ..Default::default()
        };
        measure(&mut lane, &mut r, &stream)?;
        pictures.push(r);
    }
    // I_NxN: golden's full profile (8x8 transform allowed) and x264 --no-deblock, on the same
    // picture.
    let mut nxn = Vec::new();
    for qp in [26, 36, 51] {
        let stream = golden_stream(
            &pic,
            EncoderConfig {
                qp,
                transform_8x8: true,
                profile: Profile::FULL,
                ..Default::default()
            },
            1,
        );
        nxn.push(nxn_run(
            &mut lane,
            format!("golden `full` profile, picture_420 320x176 4:2:0, QP {qp}"),
            &pic,
            &stream,
        )?);
    }
    for (p, csp) in [(pic.clone(), "4:2:0"), (luma_only(&pic), "4:0:0")] {
        for args in [
            &["--no-deblock"][..],
            &["--no-deblock", "--no-8x8dct"],
            &["--no-deblock", "--qp", "40"],
        ] {
            let stream = x264_stream(&p, 1, args)?.ok_or("x264 not found")?;
            nxn.push(nxn_run(
                &mut lane,
                format!("x264 {}, picture_420 320x176 {csp}", args.join(" ")),
                &p,
                &stream,
            )?);
        }
    }
    // The reconstruction loop's own rate: the shortest interval between macroblocks of the
    // QP 51 picture, whose macroblocks have the fewest bins (CABAC still takes most of the
    // mean there: its slice's context initialization and about 1.1 bins a cycle).
    let loop_420 = pictures.last().map_or(0.0, |r| r.interval_min as f64);

    let fmax = fmax_mhz(&read_summary(&args.summary), "decoder_lane").map(|mhz| mhz / 1000.0);
    let at = |bits: f64| -> f64 {
        let v: Vec<f64> = tensors
            .iter()
            .enumerate()
            .filter(|(i, _)| RATES[i % RATES.len()] == bits)
            .map(|(_, r)| r.values_per_cycle())
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    let mut md = String::new();
    let _ = writeln!(md, "# The RTL decoder lane's speed in simulation\n");
    let _ = writeln!(
        md,
        "Generated by `make lane-report` (sim/src/bin/dec_lane_report.rs). Verilator \
         simulation of `dec_lane_i16` (Chroma = 1, MaxWidthMbs = 480) with both ports always \
         ready; every stream's pictures were checked equal to golden's decoder first. \
         Streams: the tensor codec's own coding of one tensor (`tricodec compress --bits B`: \
         per-row alignment, sorted rows, per-macroblock QP, RDOQ; one stream per tile), and \
         golden's `i16x16` encoder on `picture_420` (gradients, edges, noise). Cycles/MB: \
         cycles from the first byte offered to the last macroblock out, over the macroblocks \
         (summed over a tensor's tiles); min / max: the intervals between consecutive \
         macroblocks out. Values/cycle: visible samples (tensor values) per \
         cycle. Bins: golden's CABAC bins of the streams. Limit: \"reconstruction loop\" where \
         a macroblock costs within 15% of the loop's own rate ({loop_420:.0} cycles/MB for \
         4:2:0: the shortest interval between macroblocks at QP 51), else CABAC (for I_NxN \
         streams the per-block loop's own cost is in the min column: CABAC still bounds \
         most macroblocks). x264's streams with deblocking are not decoded by this lane yet. \
         Run time {:.0} s.\n",
        started.elapsed().as_secs_f64()
    );
    let _ = writeln!(md, "## The tensor codec's streams\n");
    md.push_str(&table(&tensors, loop_420));
    let _ = writeln!(md);
    for bits in RATES {
        let v = at(bits);
        let _ = writeln!(
            md,
            "At {bits} bits/value: mean {v:.3} values/cycle, {:.2} G values/s per lane at the \
             1 GHz target: {} lanes for 100 Gb/s of BF16 ({:.2} G values/s){}.  ",
            v * TARGET_GHZ,
            lanes_for(v, TARGET_GHZ),
            VALUES_PER_S / 1e9,
            match fmax {
                Some(f) => format!(
                    "; at decoder_lane's synthesized TT fmax of {:.0} MHz, {} lanes",
                    f * 1000.0,
                    lanes_for(v, f)
                ),
                None => "; synth/reports/summary.json has no decoder_lane row yet".to_string(),
            }
        );
    }
    let _ = writeln!(md, "\n## A 4:2:0 picture across QP\n");
    md.push_str(&table(&pictures, loop_420));
    let _ = writeln!(
        md,
        "\n## I_NxN streams (Intra4x4 / Intra8x8; deblocking off)\n\nThe same picture: \
         golden's `full` profile with transform_8x8_mode_flag (its decision picks Intra4x4, \
         Intra8x8 or Intra16x16 per macroblock), and x264's intra coding with --no-deblock \
         (default analysis: Intra4x4 / 8x8 / 16x16; --no-8x8dct; QP 40), 4:2:0 and its luma \
         as 4:0:0.\n"
    );
    md.push_str(&table(&nxn, loop_420));
    let j = json!({
        "loop_cycles_per_macroblock_420": loop_420,
        "mean_values_per_cycle": RATES.iter().map(|&b| json!({"bits": b, "values_per_cycle": at(b)})).collect::<Vec<_>>(),
        "decoder_lane_fmax_ghz": fmax,
        "runs": tensors.iter().chain(&pictures).map(Run::json).collect::<Vec<_>>(),
        "nxn_runs": nxn.iter().map(Run::json).collect::<Vec<_>>(),
    });
    write_results(&args.out, "decoder-lane", &md, &j)
}

fn main() -> ExitCode {
    exit("dec-lane-report", run(&Args::parse()))
}
