//! `tensor-dec-report` (`make lane-report`): how fast the RTL tensor decoder `tensor_dec_top`
//! (13 decoder lanes, the rows merged, floats out) decodes whole sets of real weight tensors,
//! in Verilator simulation: every 2-D weight of stories260K and of MiniLM's first encoder
//! layer, each coded as `tricodec compress --bits B --slices S` codes one tensor, at 2, 2.5 and
//! 3 bits per value, with one slice a tile (the codec's default) and with one slice per lane.
//! All parts of a set go into one run (the host queues them: D35), BF16 out; the top's values
//! are checked equal to `tensor::codec::decode` before the cycles count. Also the cost of the
//! slices in quality: SQNR of the decoded set at the same byte budget.
//! Writes docs/results/tensor-decoder.md and tensor-decoder.json.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use golden::align::{sqnr_db, Dtype, FloatVec};
use serde_json::{json, Value};
use sim::report::{exit, lanes_for, write_results, TARGET_GHZ, VALUES_PER_S};
use sim::{dispatch, job, Rng, Stalls, TensorDecTop, TENSOR_DEC_LANES, TENSOR_DEC_MAX_WIDTH_MBS};
use tensor::codec::CodecParams;
use tensor::SafeTensors;
use vectors::streams::code_values;

const RATES: [f64; 3] = [2.0, 2.5, 3.0];

#[derive(Parser)]
#[command(about = "RTL tensor decoder speed in simulation (docs/results/tensor-decoder.md)")]
struct Args {
    /// Folder of the model files.
    #[arg(long, default_value = "build/models")]
    models: PathBuf,
    /// Output folder (tensor-decoder.md, tensor-decoder.json).
    #[arg(long, default_value = "docs/results")]
    out: PathBuf,
}

/// The sets: model file, which 2-D tensors (name prefix; "" for all).
const SETS: [(&str, &str, &str); 2] = [
    ("stories260K", "stories260K.safetensors", ""),
    (
        "MiniLM layer 0",
        "minilm/model.safetensors",
        "encoder.layer.0.",
    ),
];

/// One measured run: a set at one rate and slice count.
struct Run {
    set: String,
    slices: usize,
    bits_per_value: f64,
    tensors: usize,
    parts: usize,
    values: u64,
    cycles: u64,
    sqnr_db: f64,
}

impl Run {
    fn values_per_cycle(&self) -> f64 {
        self.values as f64 / self.cycles as f64
    }
    fn json(&self) -> Value {
        json!({
            "set": self.set, "slices": self.slices, "bits_per_value": self.bits_per_value,
            "tensors": self.tensors, "parts": self.parts, "values": self.values,
            "cycles": self.cycles, "values_per_cycle": self.values_per_cycle(),
            "sqnr_db": self.sqnr_db,
        })
    }
}

/// Each value of `v` as f64.
fn f64s(v: &FloatVec) -> Vec<f64> {
    let s = v.as_slice();
    (0..s.len()).map(|i| s.value_f64(i)).collect()
}

/// Codes every tensor of `tensors` at `bits` with `slices`, decodes them all in one run of the
/// top and checks the values against golden's.
fn measure(
    top: &mut TensorDecTop,
    set: &str,
    tensors: &[(String, Vec<usize>, FloatVec)],
    bits: f64,
    slices: usize,
) -> Result<Run, String> {
    let params = CodecParams {
        slices,
        ..CodecParams::default()
    };
    let mut coded = Vec::new();
    let mut reference = Vec::new();
    for (name, shape, values) in tensors {
        coded.push(code_values(name, values, shape, bits, &params).map_err(|e| e.detail())?);
        reference.extend(f64s(values));
    }
    let bytes: u64 = coded.iter().map(|c| c.bytes()).sum();
    let set_of: Vec<_> = coded
        .iter()
        .zip(tensors)
        .map(|(c, (_, shape, _))| (c, shape.as_slice()))
        .collect();
    let j = job(&set_of, Dtype::Bf16, TENSOR_DEC_MAX_WIDTH_MBS).map_err(|e| e.detail())?;
    let lanes = dispatch(&j.parts, TENSOR_DEC_LANES);
    let run = top.decode(&j.parts, &lanes, &j.row_len, Stalls::NONE, &mut Rng::new(1));
    if run.errors != 0 || run.values != j.want {
        return Err(format!(
            "{set} at {bits} bits/value, {slices} slice(s): the top's values differ from golden's"
        ));
    }
    // Golden's BF16 values, the ones the top gave.
    let decoded = f64s(&FloatVec::Bf16(j.want.iter().map(|&b| b as u16).collect()));
    let want = j.want;
    let all_parts = j.parts;
    Ok(Run {
        set: set.to_string(),
        slices,
        bits_per_value: 8.0 * bytes as f64 / want.len() as f64,
        tensors: tensors.len(),
        parts: all_parts.len(),
        values: want.len() as u64,
        cycles: run.cycles,
        sqnr_db: sqnr_db(&reference, &decoded),
    })
}

fn run(args: &Args) -> Result<(), String> {
    let started = std::time::Instant::now();
    let mut top = TensorDecTop::new(TENSOR_DEC_LANES);
    let mut runs = Vec::new();
    for (set, file, prefix) in SETS {
        let st = SafeTensors::read(args.models.join(file)).map_err(|e| e.detail())?;
        let mut tensors = Vec::new();
        for v in st.tensors() {
            if v.shape.len() == 2 && v.name.starts_with(prefix) {
                let dtype = v.dtype.align().map_err(|e| e.detail())?;
                let values =
                    FloatVec::from_le_bytes(st.bytes(&v.name).map_err(|e| e.detail())?, dtype)
                        .map_err(|e| e.detail())?;
                tensors.push((v.name.clone(), v.shape.clone(), values));
            }
        }
        for bits in RATES {
            for slices in [1, TENSOR_DEC_LANES] {
                let r = measure(&mut top, set, &tensors, bits, slices)?;
                eprintln!(
                    "tensor-dec-report: {set} at {bits}, {slices} slice(s): {:.2} values/cycle",
                    r.values_per_cycle()
                );
                runs.push(r);
            }
        }
    }
    let mut md = String::new();
    let _ = writeln!(md, "# The RTL tensor decoder's speed in simulation\n");
    let _ = writeln!(
        md,
        "Generated by `make lane-report` (sim/src/bin/tensor_dec_report.rs). Verilator \
         simulation of `tensor_dec_top` ({TENSOR_DEC_LANES} decoder lanes, MaxWidthMbs = \
         {TENSOR_DEC_MAX_WIDTH_MBS}; docs/decisions.md D35), BF16 out, the output always \
         ready. Each set's 2-D weights are coded as `tricodec compress --bits B --slices S` \
         codes one tensor (default parameters otherwise: per-row or per-tensor alignment, \
         sorted rows, per-macroblock QP, RDOQ); the host cuts every tile stream into parts (one \
         slice each) and queues all parts of the set on the lanes, fewest bytes first; one run \
         decodes the whole set, and its values were checked equal to `tensor::codec::decode` \
         first. Values/cycle: the set's values over the run's cycles (first byte to last value \
         out). SQNR: the decoded set against the original weights (the slices' cost in \
         quality at the same byte budget). Run time {:.0} s.\n",
        started.elapsed().as_secs_f64()
    );
    let _ = writeln!(
        md,
        "| set | slices a tile | bits/value | tensors | parts | values | cycles | values/cycle | Gb/s of BF16 at 1 GHz | lanes of this rate for 100 Gb/s | SQNR (dB) |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |"
    );
    for r in &runs {
        let v = r.values_per_cycle();
        let _ = writeln!(
            md,
            "| {} | {} | {:.3} | {} | {} | {} | {} | {:.2} | {:.1} | {} | {:.2} |",
            r.set,
            r.slices,
            r.bits_per_value,
            r.tensors,
            r.parts,
            r.values,
            r.cycles,
            v,
            v * TARGET_GHZ * 16.0,
            lanes_for(v / TENSOR_DEC_LANES as f64, TARGET_GHZ),
            r.sqnr_db
        );
    }
    let _ = writeln!(
        md,
        "\n100 Gb/s of BF16 is {:.2} G values/s: {:.2} values/cycle at the 1 GHz target. \
         \"Lanes of this rate\": how many lanes of the measured rate per lane (values/cycle \
         over {TENSOR_DEC_LANES}) 100 Gb/s needs at 1 GHz. The decoder lane's synthesized \
         clock is below 1 GHz (docs/decisions.md D32).",
        VALUES_PER_S / 1e9,
        VALUES_PER_S / 1e9 / TARGET_GHZ
    );
    let j = json!({
        "lanes": TENSOR_DEC_LANES,
        "max_width_mbs": TENSOR_DEC_MAX_WIDTH_MBS,
        "runs": runs.iter().map(Run::json).collect::<Vec<_>>(),
    });
    write_results(&args.out, "tensor-decoder", &md, &j)
}

fn main() -> ExitCode {
    exit("tensor-dec-report", run(&Args::parse()))
}
