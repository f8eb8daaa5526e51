//! `tensor-enc-report` (`make lane-report`): how fast the RTL tensor encoder `tensor_enc_top`
//! (the row scan, then 6 encoder lanes on parts) codes whole sets of real weight tensors, in
//! Verilator simulation: every 2-D weight of stories260K and of MiniLM's first encoder layer,
//! BF16 in, each coded as `tricodec compress --no-rdoq --bits B --slices S` codes one tensor
//! (software's rate search and variant choice; the top codes the kept variant's plan), at 2,
//! 2.5 and 3 bits per value, with one slice a tile (the codec's default) and one per lane.
//! A set's scan is one run and its coding another (the host queues all parts: D36); the
//! codes are checked equal to golden's side information and the tile streams to golden's
//! before the cycles count. Also the set's SQNR at that budget (golden's decoder).
//! Writes docs/results/tensor-encoder.md and tensor-encoder.json.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use golden::align::{self, sqnr_db, Dtype, FloatVec};
use serde_json::json;
use sim::report::{
    exit, f64s, lanes_for, load_set, write_results, TopRun, TARGET_GHZ, TENSOR_SETS, VALUES_PER_S,
};
use sim::{
    enc_parts, scan_beats, tile_streams, Rng, Stalls, TensorEncTop, TENSOR_ENC_LANES,
    TENSOR_ENC_MAX_WIDTH_MBS,
};
use tensor::codec::{base_qp8, decode, CodecParams, QpChoice, Variants};
use tensor::mapping::Matrix;

const RATES: [f64; 3] = [2.0, 2.5, 3.0];

#[derive(Parser)]
#[command(about = "RTL tensor encoder speed in simulation (docs/results/tensor-encoder.md)")]
struct Args {
    /// Folder of the model files.
    #[arg(long, default_value = "build/models")]
    models: PathBuf,
    /// Output folder (tensor-encoder.md, tensor-encoder.json).
    #[arg(long, default_value = "docs/results")]
    out: PathBuf,
}

/// Codes every tensor of `tensors` at `bits` with `slices` in software (rate search, variant
/// choice), then scans and codes the whole set on the top in one run each, checking the
/// codes and streams against golden's.
fn measure(
    top: &mut TensorEncTop,
    set: &str,
    tensors: &[(String, Vec<usize>, FloatVec)],
    bits: f64,
    slices: usize,
) -> Result<TopRun, String> {
    let params = CodecParams {
        slices,
        rdoq: None,
        ..CodecParams::default()
    };
    let what = format!("{set} at {bits} bits/value, {slices} slice(s)");
    let (mut parts, mut want, mut scan, mut codes) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    let (mut reference, mut decoded, mut bytes) = (Vec::new(), Vec::new(), 0u64);
    for (name, shape, values) in tensors {
        let m = Matrix::of_shape(shape).map_err(|e| e.detail())?;
        let n = values.as_slice().len();
        let variants =
            Variants::new(name, values, shape, &params, false).map_err(|e| e.detail())?;
        let coded = variants
            .code(QpChoice::Budget((bits * n as f64 / 8.0).floor() as u64))
            .map_err(|e| e.detail())?;
        let plan = variants
            .kept(&coded)
            .and_then(|p| p.encode_plan(base_qp8(&coded)?, false))
            .map_err(|e| e.detail())?;
        // Each tensor's parts, tiles numbered on from the previous tensor's.
        let base = want.len();
        for mut p in enc_parts(&plan, values, TENSOR_ENC_MAX_WIDTH_MBS).map_err(|e| e.detail())? {
            p.tile += base;
            parts.push(p);
        }
        scan.extend(scan_beats(values, m.rows, m.cols));
        codes.push((plan.per_tensor, plan.codes));
        bytes += coded.bytes();
        want.extend(coded.streams.iter().cloned());
        reference.extend(f64s(values));
        decoded.extend(f64s(
            &decode(&coded, shape, Dtype::Bf16).map_err(|e| e.detail())?,
        ));
    }
    let mut rng = Rng::new(1);
    let (scanned, scan_cycles) = top.scan(Dtype::Bf16, &scan, Stalls::NONE, &mut rng);
    let mut at = 0;
    for (per_tensor, plan_codes) in &codes {
        let got: Vec<u8> = scanned[at..at + plan_codes.len()]
            .iter()
            .map(|c| c.0)
            .collect();
        at += plan_codes.len();
        let got = if *per_tensor {
            vec![got.iter().copied().max().unwrap_or(0); got.len()]
        } else {
            got
        };
        if got != *plan_codes {
            return Err(format!("{what}: the scan's codes differ from golden's"));
        }
    }
    let dz = params.deadzone.0;
    let run = top.code(
        Dtype::Bf16,
        dz,
        params.transform_8x8,
        &parts,
        Stalls::NONE,
        &mut rng,
    );
    if tile_streams(&parts, &run.bytes, want.len()) != want {
        return Err(format!("{what}: the top's streams differ from golden's"));
    }
    Ok(TopRun {
        set: set.to_string(),
        slices,
        bits_per_value: 8.0 * bytes as f64 / reference.len() as f64,
        tensors: tensors.len(),
        parts: parts.len(),
        values: reference.len() as u64,
        scan_cycles: Some(scan_cycles),
        cycles: run.cycles,
        sqnr_db: sqnr_db(&reference, &decoded),
    })
}

fn run(args: &Args) -> Result<(), String> {
    let started = std::time::Instant::now();
    let mut top = TensorEncTop::new(TENSOR_ENC_LANES);
    let mut runs = Vec::new();
    for (set, file, prefix) in TENSOR_SETS {
        // BF16 in, as a model ships (round to nearest even).
        let tensors: Vec<_> = load_set(&args.models, file, prefix)?
            .into_iter()
            .map(|(name, shape, values)| {
                let bf16 = f64s(&values)
                    .into_iter()
                    .map(|v| align::round_f32_bits((v as f32).to_bits(), Dtype::Bf16) as u16);
                (name, shape, FloatVec::Bf16(bf16.collect()))
            })
            .collect();
        for bits in RATES {
            for slices in [1, TENSOR_ENC_LANES] {
                let r = measure(&mut top, set, &tensors, bits, slices)?;
                eprintln!(
                    "tensor-enc-report: {set} at {bits}, {slices} slice(s): {:.2} values/cycle",
                    r.values_per_cycle()
                );
                runs.push(r);
            }
        }
    }
    let mut md = String::new();
    let _ = writeln!(md, "# The RTL tensor encoder's speed in simulation\n");
    let _ = writeln!(
        md,
        "Generated by `make lane-report` (sim/src/bin/tensor_enc_report.rs). Verilator \
         simulation of `tensor_enc_top` ({TENSOR_ENC_LANES} encoder lanes, MaxWidthMbs = \
         {TENSOR_ENC_MAX_WIDTH_MBS}; docs/decisions.md D36), BF16 in (the models' FP32 \
         weights rounded to BF16), every output always ready. Each set's 2-D weights are \
         coded as `tricodec compress --no-rdoq --bits B --slices S` codes one tensor: software \
         searches the rate and picks the variant (row or tensor scale, row order, macroblock \
         steps), the top codes the kept variant's plan. The scan pass (every row, 16 floats a \
         beat, through align_scan) is one run, the coding pass (all parts of the set queued, \
         each to the next free lane) another; the scan's codes were checked equal to golden's \
         side information and the tile streams equal to golden's first. Values/cycle: the \
         set's values over the coding pass's cycles (first part offered to last byte out); \
         the scan runs beside the coding of the tensor before (its own unit and port), at 16 \
         values a cycle. SQNR: golden's decoding of the set against the BF16 weights. Run \
         time {:.0} s.\n",
        started.elapsed().as_secs_f64()
    );
    let _ = writeln!(
        md,
        "| set | slices a tile | bits/value | tensors | parts | values | scan cycles | coding cycles | values/cycle | Gb/s of BF16 at 1 GHz | lanes of this rate for 100 Gb/s | SQNR (dB) |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    );
    for r in &runs {
        let v = r.values_per_cycle();
        let _ = writeln!(
            md,
            "| {} | {} | {:.3} | {} | {} | {} | {} | {} | {:.2} | {:.1} | {} | {:.2} |",
            r.set,
            r.slices,
            r.bits_per_value,
            r.tensors,
            r.parts,
            r.values,
            r.scan_cycles.unwrap_or(0),
            r.cycles,
            v,
            v * TARGET_GHZ * 16.0,
            lanes_for(v / TENSOR_ENC_LANES as f64, TARGET_GHZ),
            r.sqnr_db
        );
    }
    let _ = writeln!(
        md,
        "\n100 Gb/s of BF16 is {:.2} G values/s: {:.2} values/cycle at the 1 GHz target. \
         \"Lanes of this rate\": how many lanes of the measured rate per lane (values/cycle \
         over {TENSOR_ENC_LANES}) 100 Gb/s needs at 1 GHz.",
        VALUES_PER_S / 1e9,
        VALUES_PER_S / 1e9 / TARGET_GHZ
    );
    let j = json!({
        "lanes": TENSOR_ENC_LANES,
        "max_width_mbs": TENSOR_ENC_MAX_WIDTH_MBS,
        "runs": runs.iter().map(TopRun::json).collect::<Vec<_>>(),
    });
    write_results(&args.out, "tensor-encoder", &md, &j)
}

fn main() -> ExitCode {
    exit("tensor-enc-report", run(&Args::parse()))
}
