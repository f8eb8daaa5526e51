//! `cabac-report` (`make cabac-report`): what the RTL CABAC engines sustain on the tensor
//! codec's own streams, and what 100 Gb/s of BF16 then needs. For real weight tensors coded as
//! `tricodec compress` codes them (`vectors::streams::tensor_slices`) at 2, 2.5, 3 and 4
//! bits/value it counts golden's bins per value, runs the RTL encoder `cabac_enc` (binarizer +
//! engine) and decoder `cabac_dec` over every slice (output always ready, input every cycle;
//! both checked bit for bit on the way; the decoder also with two threads, `cabac_dec_t2`, each
//! thread decoding every slice at once with the other), and writes docs/results/cabac.md and
//! cabac.json: bins per cycle, G bins/s at the 1 GHz target and at the synthesized fmax when
//! synth/reports/summary.json has the blocks, engines (slices in parallel) for 6.25 G BF16
//! values/s, beside the published engines of sim/data/cabac-published.json.

use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

use clap::Parser;
use serde_json::{json, Value};
use sim::report::{fmax_mhz, read_summary, TARGET_GHZ, TENSORS, VALUES_PER_S};
use sim::{CabacDec, CabacEnc, Rng, Stalls};
use vectors::cabac::bin::se_beats;
use vectors::cabac::dec::{trace_slices, void_unfinished};
use vectors::streams::tensor_slices;

#[derive(Parser)]
#[command(about = "RTL CABAC throughput on the tensor codec's streams (docs/results/cabac.md)")]
struct Args {
    /// Folder of the model files.
    #[arg(long, default_value = "build/models")]
    models: PathBuf,
    /// make synth's summary (fmax and area of the CABAC blocks, when it has them).
    #[arg(long, default_value = "synth/reports/summary.json")]
    summary: PathBuf,
    /// The published engines.
    #[arg(long, default_value = "sim/data/cabac-published.json")]
    published: PathBuf,
    /// Target rates in bits per value, comma-separated.
    #[arg(long, value_delimiter = ',', default_value = "2,2.5,3,4")]
    bits: Vec<f64>,
    /// Output folder (cabac.md, cabac.json).
    #[arg(long, default_value = "docs/results")]
    out: PathBuf,
}

/// Totals of one rate over the tensors.
#[derive(Default)]
struct Totals {
    values: u64,
    bits: f64,
    bins: [u64; 3],
    enc_cycles: u64,
    dec_cycles: u64,
    /// Cycles of the two-thread decoder with each thread decoding every slice.
    dec2_cycles: u64,
    slices: u64,
}

fn measure(
    args: &Args,
    bits: f64,
    enc: &mut CabacEnc,
    dec: &mut CabacDec,
    dec2: &mut CabacDec,
) -> Result<Totals, String> {
    let mut t = Totals::default();
    let mut rng = Rng::new(1);
    for (model, name) in TENSORS {
        let coded = tensor_slices(&args.models.join(model), name, bits)
            .map_err(|e| format!("{model} {name}: {e}"))?;
        let (c, b, e) = coded.bin_counts();
        t.values += coded.values as u64;
        t.bits += coded.bits_per_value() * coded.values as f64;
        t.bins[0] += c;
        t.bins[1] += b;
        t.bins[2] += e;
        t.slices += coded.slices.len() as u64;
        let beats: Vec<_> = coded.slices.iter().flat_map(se_beats).collect();
        let run = enc.run(&beats, coded.slices.len(), Stalls::NONE, &mut rng);
        let want: Vec<&Vec<u8>> = coded.slices.iter().map(|s| &s.data).collect();
        if run.slices.iter().collect::<Vec<_>>() != want {
            return Err(format!(
                "cabac_enc differs from golden on {name} at {bits} bits/value"
            ));
        }
        t.enc_cycles += run.cycles;
        let slices = trace_slices(&coded.slices, u16::MAX as usize);
        let run = dec.run(&slices, Stalls::NONE, &mut rng);
        let mut rotated = slices.clone();
        rotated.rotate_left(slices.len() / 2);
        let runs = dec2.run_threads(&[&slices, &rotated], Stalls::NONE, &mut rng);
        for (run, want) in
            std::iter::once((&run, &slices)).chain(runs.iter().zip([&slices, &rotated]))
        {
            for (got, s) in run.beats.iter().zip(want) {
                if void_unfinished(got) != s.expected_beats() {
                    return Err(format!(
                        "cabac_dec differs from golden on {name} at {bits} bits/value"
                    ));
                }
            }
        }
        t.dec_cycles += run.total_cycles;
        t.dec2_cycles += runs[0].total_cycles;
    }
    Ok(t)
}

fn run(args: &Args) -> Result<String, String> {
    let summary = read_summary(&args.summary);
    let published: Value = serde_json::from_str(
        &std::fs::read_to_string(&args.published)
            .map_err(|e| format!("{}: {e}", args.published.display()))?,
    )
    .map_err(|e| format!("{}: {e}", args.published.display()))?;
    let enc_mhz = fmax_mhz(&summary, "cabac_enc");
    let dec_mhz = fmax_mhz(&summary, "cabac_dec");
    let (mut enc, mut dec) = (CabacEnc::new(), CabacDec::new());
    let mut dec2 = CabacDec::model("cabac_dec_t2");
    let mut md = String::from(
        "# RTL CABAC throughput on the tensor codec's streams\n\n\
         Written by `make cabac-report` (sim/src/bin/cabac_report.rs); do not edit.\n\n",
    );
    let _ = writeln!(
        md,
        "Streams: {} coded as `tricodec compress --bits B` codes one tensor, every slice run \
         through the RTL encoder `cabac_enc` (binarizer + engine, K = 4) and decoder \
         `cabac_dec` (TwoBins) with the input offered every cycle and the output always ready, \
         both checked against golden on the way. Decoder cycles include its context \
         initialization (258 cycles a slice). dec x2: the decoder with two threads \
         (`Threads = 2`, C-slow: D25), each thread decoding all the slices at once with the \
         other (thread 1 from the middle of the list on), bins of both over the cycles. Engines for 100 Gb/s = 6.25 G BF16 values/s x \
         bins/value / (bins/cycle x clock).\n",
        TENSORS
            .iter()
            .map(|(_, n)| format!("`{n}`"))
            .collect::<Vec<_>>()
            .join(", ")
    );
    let clock = |mhz: Option<f64>| {
        mhz.map_or(
            "(no row in synth/reports/summary.json yet)".to_string(),
            |m| format!("{m:.0} MHz"),
        )
    };
    let _ = writeln!(
        md,
        "Clocks (ASAP7 RVT TT fmax, make synth): encoder `cabac_enc` {}, decoder \
         `cabac_dec` {}. The 1 GHz columns are the target, not a measurement.\n",
        clock(enc_mhz),
        clock(dec_mhz)
    );
    md.push_str(
        "| bits/value (target) | measured | bins/value (ctx / bypass / term) | enc bins/cycle | dec bins/cycle | dec x2 bins/cycle | enc engines @1 GHz | dec engines @1 GHz | enc engines @fmax | dec engines @fmax |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    let mut rows = Vec::new();
    for &bits in &args.bits {
        eprintln!("cabac-report: {bits} bits/value");
        let t = measure(args, bits, &mut enc, &mut dec, &mut dec2)?;
        let v = t.values as f64;
        let bins: u64 = t.bins.iter().sum();
        let per_value = bins as f64 / v;
        let enc_bpc = bins as f64 / t.enc_cycles as f64;
        let dec_bpc = bins as f64 / t.dec_cycles as f64;
        let dec2_bpc = 2.0 * bins as f64 / t.dec2_cycles as f64;
        let engines = |bpc: f64, ghz: f64| (VALUES_PER_S * per_value / (bpc * ghz * 1e9)).ceil();
        let at = |bpc: f64, mhz: Option<f64>| {
            mhz.map_or("-".to_string(), |m| format!("{}", engines(bpc, m / 1000.0)))
        };
        let _ = writeln!(
            md,
            "| {bits} | {:.3} | {per_value:.3} ({:.3} / {:.3} / {:.4}) | {enc_bpc:.2} | {dec_bpc:.2} | {dec2_bpc:.2} | {} | {} | {} | {} |",
            t.bits / v,
            t.bins[0] as f64 / v,
            t.bins[1] as f64 / v,
            t.bins[2] as f64 / v,
            engines(enc_bpc, TARGET_GHZ),
            engines(dec_bpc, TARGET_GHZ),
            at(enc_bpc, enc_mhz),
            at(dec_bpc, dec_mhz),
        );
        rows.push(json!({
            "target_bits_per_value": bits,
            "bits_per_value": t.bits / v,
            "values": t.values,
            "slices": t.slices,
            "bins": {"ctx": t.bins[0], "bypass": t.bins[1], "term": t.bins[2]},
            "bins_per_value": per_value,
            "enc_cycles": t.enc_cycles,
            "dec_cycles": t.dec_cycles,
            "enc_bins_per_cycle": enc_bpc,
            "dec_bins_per_cycle": dec_bpc,
            "dec2_cycles": t.dec2_cycles,
            "dec2_bins_per_cycle": dec2_bpc,
            "enc_engines_at_1ghz": engines(enc_bpc, TARGET_GHZ),
            "dec_engines_at_1ghz": engines(dec_bpc, TARGET_GHZ),
        }));
    }
    md.push_str("\n## Published engines\n\n| engine | venue | side | node | clock (MHz) | bins/cycle | G bins/s | notes |\n| --- | --- | --- | --- | --- | --- | --- | --- |\n");
    let cell = |v: &Value| match v {
        Value::Null => "-".to_string(),
        Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    for e in published["engines"].as_array().into_iter().flatten() {
        let _ = writeln!(
            md,
            "| {} | {} | {} | {} | {} | {} | {} | {} |",
            cell(&e["name"]),
            cell(&e["venue"]),
            cell(&e["side"]),
            cell(&e["node"]),
            cell(&e["clock_mhz"]),
            cell(&e["bins_per_cycle"]),
            cell(&e["gbins_per_s"]),
            cell(&e["notes"])
        );
    }
    let _ = writeln!(md, "\nSource: {}", cell(&published["_source"]));
    let out_json = json!({
        "generated_by": "make cabac-report (sim/src/bin/cabac_report.rs)",
        "tensors": TENSORS.iter().map(|(m, n)| format!("{m}:{n}")).collect::<Vec<_>>(),
        "values_per_s": VALUES_PER_S,
        "enc_fmax_mhz": enc_mhz,
        "dec_fmax_mhz": dec_mhz,
        "rates": rows,
    });
    std::fs::create_dir_all(&args.out).map_err(|e| format!("{}: {e}", args.out.display()))?;
    let md_path = args.out.join("cabac.md");
    let json_path = args.out.join("cabac.json");
    std::fs::write(&md_path, md).map_err(|e| format!("{}: {e}", md_path.display()))?;
    let text = serde_json::to_string_pretty(&out_json).map_err(|e| e.to_string())? + "\n";
    std::fs::write(&json_path, text).map_err(|e| format!("{}: {e}", json_path.display()))?;
    Ok(format!(
        "wrote {} and {}",
        md_path.display(),
        json_path.display()
    ))
}

fn main() -> ExitCode {
    let args = Args::parse();
    match run(&args) {
        Ok(msg) => {
            eprintln!("cabac-report: {msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cabac-report: {e}");
            ExitCode::FAILURE
        }
    }
}
