//! `tricodec compress | decompress | inspect | eval`: whole models.

use std::io::IsTerminal;
use std::path::{Path, PathBuf};

use anyhow::{bail, Context, Result};
use clap::{Args, ValueEnum};
use golden::align::AlignMode;
use tensor::codec::CodecParams;
use tensor::container::{RecordKind, TczReader};
use tensor::model::{self, Alloc, ModelParams, TensorReport};
use tensor::{Dtype, SafeTensors};

/// Bit allocation rule between tensors.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum AllocArg {
    /// Same bits per value for every coded tensor.
    Uniform,
    /// Layer-linear (LLM.265): B = k * layer + b.
    Linear,
    /// Equal RD slope across tensors (minimum total float MSE).
    Rd,
}

/// Float alignment mode.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum AlignArg {
    /// Block floating point, one shared exponent per group of a row.
    Bfp,
    /// Per-row affine: FP16 scale and zero point per row.
    Affine,
}

/// Options shared by compress and eval.
#[derive(Args, Debug, Clone)]
struct CodecArgs {
    /// Bit allocation between tensors.
    #[arg(long, value_enum, default_value = "uniform")]
    alloc: AllocArg,
    /// Slope k of the linear allocation, bits per value per layer.
    #[arg(long, default_value = "0", allow_hyphen_values = true)]
    linear_k: String,
    /// Float alignment.
    #[arg(long, value_enum, default_value = "bfp")]
    align: AlignArg,
    /// Group size of BFP alignment: elements of a row sharing an exponent
    /// (default: the whole row).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    group: Option<u32>,
    /// Slices per tile picture (hardware lanes).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=65535))]
    slices: u32,
}

impl CodecArgs {
    fn params(&self, millibits: u32) -> Result<ModelParams> {
        let align = match self.align {
            AlignArg::Bfp => AlignMode::Bfp {
                group: self.group.unwrap_or(u32::MAX),
            },
            AlignArg::Affine => AlignMode::AffineRow,
        };
        let alloc = match self.alloc {
            AllocArg::Uniform => Alloc::Uniform,
            AllocArg::Rd => Alloc::Rd,
            AllocArg::Linear => Alloc::Linear {
                k_millibits: parse_millis_signed(&self.linear_k)?,
            },
        };
        let codec = CodecParams {
            align,
            slices: self.slices as usize,
            ..CodecParams::default()
        };
        Ok(ModelParams {
            millibits,
            alloc,
            codec,
        })
    }
}

/// Compress a safetensors model into a .tcz file at a target rate.
#[derive(Args, Debug)]
pub struct CompressArgs {
    /// Target bits per value over the whole model, every byte counted (e.g. 2.5).
    #[arg(long)]
    bits: String,
    #[command(flatten)]
    codec: CodecArgs,
    /// Output .tcz file.
    #[arg(short = 'o', value_name = "OUT.tcz")]
    output: PathBuf,
    /// Input safetensors file.
    #[arg(value_name = "IN.safetensors")]
    input: PathBuf,
}

/// Restore a safetensors file (names, dtypes, shapes, metadata) from a .tcz file.
#[derive(Args, Debug)]
pub struct DecompressArgs {
    /// Output safetensors file.
    #[arg(short = 'o', value_name = "OUT.safetensors")]
    output: PathBuf,
    /// Input .tcz file.
    #[arg(value_name = "IN.tcz")]
    input: PathBuf,
}

/// List the tensors of a .tcz file: bits per value, QP, sizes.
#[derive(Args, Debug)]
pub struct InspectArgs {
    /// Input .tcz file.
    #[arg(value_name = "IN.tcz")]
    input: PathBuf,
}

/// Compress at several rates and measure the error of every tensor.
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Comma-separated target rates in bits per value.
    #[arg(long, default_value = "2,2.5,3,4")]
    bits: String,
    #[command(flatten)]
    codec: CodecArgs,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Input safetensors file.
    #[arg(value_name = "IN.safetensors")]
    input: PathBuf,
}

/// Parses a non-negative decimal with at most 3 decimals into thousandths.
fn parse_millis(s: &str) -> Result<u32> {
    let v = parse_millis_signed(s)?;
    if v <= 0 {
        bail!("bits per value must be positive, got {s}");
    }
    Ok(v as u32)
}

/// Parses a decimal with at most 3 decimals into thousandths, exactly.
fn parse_millis_signed(s: &str) -> Result<i32> {
    let (neg, t) = match s.strip_prefix('-') {
        Some(t) => (true, t),
        None => (false, s),
    };
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let ok = !int.is_empty() && int.len() <= 5 && frac.len() <= 3;
    if !ok || !int.chars().chain(frac.chars()).all(|c| c.is_ascii_digit()) {
        bail!("`{s}` is not a decimal number with at most 3 decimals");
    }
    let v = int.parse::<i32>()? * 1000 + format!("{frac:0<3}").parse::<i32>()?;
    Ok(if neg { -v } else { v })
}

fn milli_text(m: u64) -> String {
    format!("{}.{:03}", m / 1000, m % 1000)
}

/// Progress on stderr when it is a terminal: `[i/n] name`.
struct TensorProgress {
    n: usize,
    i: usize,
    shown: bool,
}

impl TensorProgress {
    fn new(n: usize) -> Self {
        TensorProgress {
            n,
            i: 0,
            shown: std::io::stderr().is_terminal(),
        }
    }
    fn step(&mut self, name: &str) {
        self.i += 1;
        if self.shown {
            eprint!("\r\x1b[K[{}/{}] {name}", self.i, self.n);
        }
    }
    fn done(&self) {
        if self.shown {
            eprint!("\r\x1b[K");
        }
    }
}

fn read_model(path: &Path) -> Result<SafeTensors> {
    SafeTensors::read(path).with_context(|| format!("cannot read {}", path.display()))
}

/// Runs `tricodec compress`.
pub fn compress(args: &CompressArgs) -> Result<()> {
    let millibits = parse_millis(&args.bits)?;
    let st = read_model(&args.input)?;
    let params = args.codec.params(millibits)?;
    let mut progress = TensorProgress::new(st.tensors().len());
    let reports = model::compress(&st, &args.output, &params, |r: &TensorReport| {
        progress.step(&r.name)
    })
    .inspect_err(|_| {
        let _ = std::fs::remove_file(&args.output);
    })?;
    progress.done();
    let size = std::fs::metadata(&args.output)?.len();
    let values: u64 = reports.iter().map(|r| r.values).sum();
    eprintln!(
        "tricodec: compressed {} tensors, {values} values into {size} bytes: {} bits/value (target {})",
        reports.len(),
        milli_text((size * 8000).div_ceil(values.max(1))),
        milli_text(u64::from(millibits)),
    );
    Ok(())
}

/// Runs `tricodec decompress`.
pub fn decompress(args: &DecompressArgs) -> Result<()> {
    let n = TczReader::open(&args.input)?.index().len();
    let mut progress = TensorProgress::new(n);
    model::decompress(&args.input, &args.output, |name| progress.step(name)).inspect_err(|_| {
        let _ = std::fs::remove_file(&args.output);
    })?;
    progress.done();
    eprintln!(
        "tricodec: decompressed {n} tensors into {}",
        args.output.display()
    );
    Ok(())
}

/// Runs `tricodec inspect`.
pub fn inspect(args: &InspectArgs) -> Result<()> {
    let mut r = TczReader::open(&args.input)?;
    println!(
        "{:<48} {:>6} {:>16} {:>10} {:>9} {:>7}",
        "tensor", "dtype", "shape", "bytes", "bits/val", "QP"
    );
    for i in 0..r.index().len() {
        let rec = r.read(i)?;
        let numel: u64 = rec.shape.iter().map(|&d| d as u64).product();
        let bytes =
            rec.params.len() as u64 + rec.streams.iter().map(|s| s.len() as u64).sum::<u64>();
        let qp = match rec.kind {
            RecordKind::Codec => {
                let coded = tensor::codec::CodedTensor {
                    params: rec.params.clone(),
                    streams: Vec::new(),
                };
                let q8 = tensor::codec::base_qp8(&coded)?;
                format!("{}.{:03}", q8.div_euclid(8), q8.rem_euclid(8) * 125)
            }
            RecordKind::Raw => "raw".to_string(),
        };
        println!(
            "{:<48} {:>6} {:>16} {:>10} {:>9} {:>7}",
            rec.name,
            rec.dtype.name(),
            format!("{:?}", rec.shape),
            bytes,
            milli_text((bytes * 8000).div_ceil(numel.max(1))),
            qp
        );
    }
    Ok(())
}

/// Float values of a tensor as f64 (F32/F16/BF16), for error measurement.
fn values_f64(dtype: Dtype, data: &[u8]) -> Option<Vec<f64>> {
    use golden::align::{bf16_bits_to_f32, f16_bits_to_f32};
    match dtype {
        Dtype::F32 => Some(
            data.chunks_exact(4)
                .map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]]) as f64)
                .collect(),
        ),
        Dtype::F16 => Some(
            data.chunks_exact(2)
                .map(|b| f16_bits_to_f32(u16::from_le_bytes([b[0], b[1]])) as f64)
                .collect(),
        ),
        Dtype::BF16 => Some(
            data.chunks_exact(2)
                .map(|b| bf16_bits_to_f32(u16::from_le_bytes([b[0], b[1]])) as f64)
                .collect(),
        ),
        _ => None,
    }
}

/// Runs `tricodec eval`.
pub fn eval(args: &EvalArgs) -> Result<()> {
    let st = read_model(&args.input)?;
    let rates: Vec<u32> = args
        .bits
        .split(',')
        .map(|b| parse_millis(b.trim()))
        .collect::<Result<_>>()?;
    let dir = std::env::temp_dir().join(format!("tricodec-eval-{}", std::process::id()));
    std::fs::create_dir_all(&dir)?;
    let mut json_rates = Vec::new();
    for &mb in &rates {
        let tcz = dir.join(format!("{mb}.tcz"));
        let params = args.codec.params(mb)?;
        let mut progress = TensorProgress::new(st.tensors().len());
        let res = model::compress(&st, &tcz, &params, |r: &TensorReport| {
            progress.step(&r.name)
        });
        progress.done();
        let reports = res?;
        let size = std::fs::metadata(&tcz)?.len();
        let mut r = TczReader::open(&tcz)?;
        let (mut sig, mut err) = (0f64, 0f64);
        let mut rows = Vec::new();
        for (i, rep) in reports.iter().enumerate() {
            let rec = r.read(i)?;
            let back = model::decode_record(&rec)?;
            let Some(orig) = values_f64(rec.dtype, st.bytes(&rec.name)?) else {
                continue;
            };
            let dec = values_f64(rec.dtype, &back).expect("same dtype");
            let s: f64 = orig.iter().map(|x| x * x).sum();
            let e: f64 = orig.iter().zip(&dec).map(|(x, y)| (x - y) * (x - y)).sum();
            sig += s;
            err += e;
            let bits = rep.bytes as f64 * 8.0 / rep.values as f64;
            rows.push((rec.name.clone(), bits, s, e));
        }
        let total_values: u64 = reports.iter().map(|r| r.values).sum();
        let overall_bits = size as f64 * 8.0 / total_values as f64;
        let db = |s: f64, e: f64| {
            if e == 0.0 {
                f64::INFINITY
            } else {
                10.0 * (s / e).log10()
            }
        };
        if args.json {
            let tensors: Vec<serde_json::Value> = rows
                .iter()
                .map(|(n, b, s, e)| {
                    serde_json::json!({
                        "name": n, "bits_per_value": b, "sqnr_db": db(*s, *e), "nmse": e / s,
                    })
                })
                .collect();
            json_rates.push(serde_json::json!({
                "target_bits": f64::from(mb) / 1000.0, "bits_per_value": overall_bits,
                "bytes": size, "sqnr_db": db(sig, err), "nmse": err / sig, "tensors": tensors,
            }));
        } else {
            println!(
                "target {} bits/value: {overall_bits:.3} bits/value ({size} bytes), \
                 SQNR {:.2} dB, NMSE {:.3e}",
                milli_text(u64::from(mb)),
                db(sig, err),
                err / sig
            );
            println!(
                "  {:<48} {:>9} {:>9} {:>10}",
                "tensor", "bits/val", "SQNR dB", "NMSE"
            );
            for (n, b, s, e) in &rows {
                println!("  {n:<48} {b:>9.3} {:>9.2} {:>10.3e}", db(*s, *e), e / s);
            }
        }
        let _ = std::fs::remove_file(&tcz);
    }
    let _ = std::fs::remove_dir(&dir);
    if args.json {
        let out =
            serde_json::json!({ "model": args.input.display().to_string(), "rates": json_rates });
        println!("{out}");
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millis_parse_exactly() {
        assert_eq!(parse_millis("2.5").unwrap(), 2500);
        assert_eq!(parse_millis("3").unwrap(), 3000);
        assert_eq!(parse_millis("0.125").unwrap(), 125);
        assert_eq!(parse_millis_signed("-0.05").unwrap(), -50);
        for bad in ["", "2.5.1", "1e3", "0.1234", "abc", "0", "-1"] {
            assert!(parse_millis(bad).is_err(), "{bad}");
        }
    }
}
