//! `tricodec compress | decompress | inspect | eval`: whole models.

use std::fs::File;
use std::io::{BufReader, Cursor, IsTerminal, Read, Seek, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, Result};
use clap::{Args, ValueEnum};
use golden::align::AlignMode;
use tensor::codec::{self, AlignScope, CodecParams};
use tensor::container::{self, RecordKind, TczReader};
use tensor::llama;
use tensor::model::{self, Alloc, ModelParams, TensorReport};
use tensor::{Dtype, SafeTensors, SafeTensorsFile, TensorData, TensorSource, TensorView};
use tricodec_io::Output;

use super::{create_output, file_label, in_file};

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

/// What shares one alignment scale.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum ScalePerArg {
    /// Whichever of `row` and `tensor` codes each tensor with the lower
    /// float error at its byte budget (`row` with `--alloc rd`).
    Auto,
    /// A scale per row (BFP: per group of a row).
    Row,
    /// One scale for the whole tensor.
    Tensor,
}

/// Options shared by compress and eval.
#[derive(Args, Debug, Clone)]
struct CodecArgs {
    /// Bit allocation between tensors.
    #[arg(long, value_enum, default_value = "uniform")]
    alloc: AllocArg,
    /// Slope k of the linear allocation, bits per value per layer
    /// (-64 to 64, at most 3 decimals; default 0). Only with `--alloc linear`.
    #[arg(long, allow_hyphen_values = true, value_parser = parse_linear_k)]
    linear_k: Option<i32>,
    /// Float alignment.
    #[arg(long, value_enum, default_value = "bfp")]
    align: AlignArg,
    /// Group size of BFP alignment: elements of a row sharing an exponent
    /// (default: the whole row). Only with `--align bfp`.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    group: Option<u32>,
    /// What shares one alignment scale: each row, the whole tensor, or the
    /// better of the two for each tensor.
    #[arg(long, value_enum, default_value = "auto")]
    scale_per: ScalePerArg,
    /// Slices per tile picture (hardware lanes).
    #[arg(long, default_value_t = 1, value_parser = clap::value_parser!(u32).range(1..=65535))]
    slices: u32,
    /// Quantize with plain dead-zone rounding instead of RDOQ (an encoder
    /// choice: the streams decode the same way; faster, lower quality).
    #[arg(long)]
    no_rdoq: bool,
}

impl CodecArgs {
    /// Refuses options that would do nothing with the chosen modes.
    fn check(&self) -> std::result::Result<(), String> {
        if self.group.is_some() && self.align != AlignArg::Bfp {
            return Err(
                "--group applies to --align bfp only (affine alignment has no groups)".into(),
            );
        }
        if self.group.is_some() && self.scale_per == ScalePerArg::Tensor {
            return Err(
                "--group applies to per-row scales (--scale-per tensor has one scale)".into(),
            );
        }
        if self.linear_k.is_some() && self.alloc != AllocArg::Linear {
            return Err("--linear-k applies to --alloc linear only".into());
        }
        Ok(())
    }

    fn params(&self, millibits: u32) -> ModelParams {
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
                k_millibits: self.linear_k.unwrap_or(0),
            },
        };
        let scope = match self.scale_per {
            ScalePerArg::Auto => AlignScope::Auto,
            ScalePerArg::Row => AlignScope::Row,
            ScalePerArg::Tensor => AlignScope::Tensor,
        };
        let codec = CodecParams {
            align,
            scope,
            slices: self.slices as usize,
            rdoq: if self.no_rdoq {
                None
            } else {
                CodecParams::default().rdoq
            },
            ..CodecParams::default()
        };
        ModelParams {
            millibits,
            alloc,
            codec,
        }
    }
}

/// Compress a safetensors model into a .tcz file at a target rate.
#[derive(Args, Debug)]
pub struct CompressArgs {
    /// Target bits per value over the whole model, every byte counted
    /// (0.001 to 64, at most 3 decimals, e.g. 2.5).
    #[arg(long, value_parser = parse_bits)]
    bits: u32,
    #[command(flatten)]
    codec: CodecArgs,
    /// Output .tcz file; `-` for standard output.
    #[arg(short = 'o', value_name = "OUT.tcz")]
    output: PathBuf,
    /// Input safetensors file; `-` for standard input.
    #[arg(value_name = "IN.safetensors")]
    input: PathBuf,
}

impl CompressArgs {
    pub(super) fn check(&self) -> std::result::Result<(), String> {
        self.codec.check()
    }
}

impl EvalArgs {
    pub(super) fn check(&self) -> std::result::Result<(), String> {
        if !self.kld && (self.heads.is_some() || self.kv_heads.is_some()) {
            return Err("--heads and --kv-heads apply to --kld only".into());
        }
        self.codec.check()
    }
}

/// Restore a safetensors file (names, dtypes, shapes, metadata) from a .tcz file.
#[derive(Args, Debug)]
pub struct DecompressArgs {
    /// Output safetensors file; `-` for standard output.
    #[arg(short = 'o', value_name = "OUT.safetensors")]
    output: PathBuf,
    /// Input .tcz file; `-` for standard input.
    #[arg(value_name = "IN.tcz")]
    input: PathBuf,
}

/// Convert a GGUF model to a safetensors file of f32 tensors: weights
/// dequantized, LLaMA tensors under Hugging Face names with their
/// configuration in the metadata (what `eval --kld` reads).
#[derive(Args, Debug)]
pub struct ConvertArgs {
    /// Output safetensors file; `-` for standard output.
    #[arg(short = 'o', value_name = "OUT.safetensors")]
    output: PathBuf,
    /// Input GGUF file (F32, F16, Q8_0 and Q4_1 tensors); `-` for standard input.
    #[arg(value_name = "IN.gguf")]
    input: PathBuf,
}

/// List the tensors of a .tcz file: bits per value, QP, sizes, and the total.
#[derive(Args, Debug)]
pub struct InspectArgs {
    /// Input .tcz file; `-` for standard input.
    #[arg(value_name = "IN.tcz")]
    input: PathBuf,
}

/// Compress at several rates and measure the error of every tensor.
#[derive(Args, Debug)]
pub struct EvalArgs {
    /// Comma-separated target rates in bits per value (each 0.001 to 64).
    #[arg(long, default_value = "2,2.5,3,4", value_delimiter = ',', value_parser = parse_bits)]
    bits: Vec<u32>,
    #[command(flatten)]
    codec: CodecArgs,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
    /// Also measure model-level quality of a LLaMA-architecture model: mean
    /// KL divergence of the compressed model's next-token distribution from
    /// the original's, top-1 agreement and both perplexities, on 32 sequences
    /// of 96 tokens the original samples from BOS (temperature 1, seeds 1-32).
    #[arg(long)]
    kld: bool,
    /// Query heads, where the file's metadata does not say (with --kld).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    heads: Option<u32>,
    /// Key/value heads (default: the metadata, else from k_proj's shape).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    kv_heads: Option<u32>,
    /// Rates measured at once, each on its own thread (default: the number of
    /// CPUs, at most the number of rates).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=256))]
    jobs: Option<u32>,
    /// Input safetensors file; `-` for standard input.
    #[arg(value_name = "IN.safetensors")]
    input: PathBuf,
}

/// Largest `--bits` and `--linear-k` magnitude, in thousandths: 64 bits per
/// value, an F64 stored raw.
const MAX_MILLIBITS: i64 = 64_000;

/// `--bits`: a decimal with at most 3 decimals, 0.001 to 64, in thousandths.
fn parse_bits(s: &str) -> std::result::Result<u32, String> {
    match parse_millis_signed(s)? {
        v if (1..=MAX_MILLIBITS).contains(&v) => Ok(v as u32),
        _ => Err(format!(
            "{s} bits per value is out of range: use 0.001 to {}",
            MAX_MILLIBITS / 1000
        )),
    }
}

/// `--linear-k`: a decimal with at most 3 decimals, -64 to 64, in thousandths.
fn parse_linear_k(s: &str) -> std::result::Result<i32, String> {
    match parse_millis_signed(s)? {
        v if (-MAX_MILLIBITS..=MAX_MILLIBITS).contains(&v) => Ok(v as i32),
        _ => Err(format!(
            "{s} is out of range: use -{0} to {0}",
            MAX_MILLIBITS / 1000
        )),
    }
}

/// Parses a decimal with at most 3 decimals into thousandths, exactly (any
/// size: the caller checks the range).
fn parse_millis_signed(s: &str) -> std::result::Result<i64, String> {
    let (neg, t) = match s.strip_prefix('-') {
        Some(t) => (true, t),
        None => (false, s),
    };
    let (int, frac) = t.split_once('.').unwrap_or((t, ""));
    let digits = |d: &str| d.chars().all(|c| c.is_ascii_digit());
    if int.is_empty() || !digits(int) || !digits(frac) || frac.len() > 3 {
        return Err(format!(
            "`{s}` is not a decimal number with at most 3 decimals"
        ));
    }
    // Past 10^12 the value is out of every range anyway.
    let whole = int.trim_start_matches('0');
    let int_v: i64 = if whole.len() > 12 {
        i64::MAX / 2000
    } else {
        whole.parse().unwrap_or(0)
    };
    let v = int_v * 1000 + format!("{frac:0<3}").parse::<i64>().unwrap_or(0);
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

/// Reads and parses the safetensors file at `path` (`-`: standard input).
fn read_model(path: &Path) -> Result<SafeTensors> {
    let bytes = tricodec_io::read_input(path)?;
    SafeTensors::from_bytes(bytes).map_err(|e| not_safetensors(path, e))
}

/// The error of a file whose header is not a safetensors header.
fn not_safetensors(path: &Path, e: golden::Error) -> anyhow::Error {
    match e {
        golden::Error::Unsupported(_) => in_file(path, e),
        _ => anyhow!(
            "{} is not a safetensors file ({})",
            file_label(path),
            e.detail()
        ),
    }
}

/// The safetensors file at `path` as `compress` reads it: in place, each
/// tensor read when it is coded; standard input is read into memory.
fn open_model(path: &Path) -> Result<Box<dyn TensorSource>> {
    if tricodec_io::is_std(path) {
        return Ok(Box::new(read_model(path)?));
    }
    // Opened here first so that a missing file is reported as such.
    drop(tricodec_io::open_input(path)?);
    let f = SafeTensorsFile::open(path).map_err(|e| match e {
        golden::Error::Config(_) => in_file(path, e),
        _ => not_safetensors(path, e),
    })?;
    Ok(Box::new(f))
}

/// Runs `tricodec convert`.
pub fn convert(args: &ConvertArgs) -> Result<()> {
    let bytes = tricodec_io::read_input(&args.input)?;
    let g = tensor::gguf::Gguf::from_bytes(bytes).map_err(|e| in_file(&args.input, e))?;
    let mut out = create_output(&args.output, &[&args.input])?;
    g.write_safetensors(&mut out)
        .map_err(|e| match out.write_error() {
            Some(io) => io.into(),
            None => in_file(&args.input, e),
        })?;
    out.finish()?;
    eprintln!(
        "tricodec: converted {} tensors into {}",
        g.tensors.len(),
        args.output.display()
    );
    Ok(())
}

/// An opened `.tcz` file: read in place, or from standard input into memory.
enum Tcz {
    File(TczReader<BufReader<File>>),
    Memory(TczReader<Cursor<Vec<u8>>>),
}

fn open_tcz(path: &Path) -> Result<Tcz> {
    if tricodec_io::is_std(path) {
        let bytes = tricodec_io::read_input(path)?;
        return Ok(Tcz::Memory(
            TczReader::new(Cursor::new(bytes)).map_err(|e| in_file(path, e))?,
        ));
    }
    // Opened here first so that a missing file is reported as such.
    drop(tricodec_io::open_input(path)?);
    Ok(Tcz::File(
        TczReader::open(path).map_err(|e| in_file(path, e))?,
    ))
}

/// Runs `tricodec compress`.
pub fn compress(args: &CompressArgs) -> Result<()> {
    let st = open_model(&args.input)?;
    let params = args.codec.params(args.bits);
    let mut out = create_output(&args.output, &[&args.input])?;
    let mut progress = TensorProgress::new(st.tensors().len());
    let res = model::compress_to(&*st, &mut out, &params, |r: &TensorReport| {
        progress.step(&r.name)
    });
    progress.done();
    let (reports, size) = res.map_err(|e| match out.write_error() {
        // The writer's own error cannot carry the OS error (a broken pipe).
        Some(io) => io.into(),
        None => in_file(&args.input, e),
    })?;
    out.finish()?;
    let r = Rates::of(st.tensors(), &reports, size);
    eprintln!(
        "tricodec: compressed {} tensors ({} stored raw) into {size} bytes: \
         {} bits/value over the coded tensors (target {}), {} over the whole file",
        reports.len(),
        reports.len() - r.coded_tensors,
        milli_text(r.coded_millibits),
        milli_text(u64::from(args.bits)),
        milli_text(r.file_millibits),
    );
    Ok(())
}

/// What `--bits` counts (docs/tensor-codec.md): the file less the records
/// of tensors stored raw by rule, per coded value; and the whole file per value.
struct Rates {
    coded_tensors: usize,
    coded_millibits: u64,
    file_millibits: u64,
}

impl Rates {
    fn of(tensors: &[TensorView], reports: &[TensorReport], size: u64) -> Rates {
        let (mut outside, mut coded_values, mut coded_tensors) = (0, 0, 0);
        for (v, r) in tensors.iter().zip(reports) {
            if model::is_coded(v.dtype, &v.shape) {
                coded_values += r.values;
            } else {
                outside += r.bytes;
            }
            coded_tensors += usize::from(r.raw_reason.is_none());
        }
        let values: u64 = reports.iter().map(|r| r.values).sum();
        Rates {
            coded_tensors,
            coded_millibits: ((size - outside) * 8000).div_ceil(coded_values.max(1)),
            file_millibits: (size * 8000).div_ceil(values.max(1)),
        }
    }
}

/// Runs `tricodec decompress`.
pub fn decompress(args: &DecompressArgs) -> Result<()> {
    let tcz = open_tcz(&args.input)?;
    let mut out = create_output(&args.output, &[&args.input])?;
    let n = match tcz {
        Tcz::File(r) => decompress_from(r, &mut out, &args.input),
        Tcz::Memory(r) => decompress_from(r, &mut out, &args.input),
    }?;
    out.finish()?;
    eprintln!(
        "tricodec: decompressed {n} tensors into {}",
        args.output.display()
    );
    Ok(())
}

fn decompress_from<R: Read + Seek>(
    r: TczReader<R>,
    out: &mut Output,
    input: &Path,
) -> Result<usize> {
    let n = r.index().len();
    let mut progress = TensorProgress::new(n);
    let res = model::decompress_to(r, &mut *out, |name| progress.step(name));
    progress.done();
    res.map_err(|e| match out.write_error() {
        Some(io) => io.into(),
        None => in_file(input, e),
    })?;
    Ok(n)
}

/// Runs `tricodec inspect`.
pub fn inspect(args: &InspectArgs) -> Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    match open_tcz(&args.input)? {
        Tcz::File(r) => inspect_from(r, &mut out, &args.input),
        Tcz::Memory(r) => inspect_from(r, &mut out, &args.input),
    }?;
    out.flush()?;
    Ok(())
}

fn inspect_from<R: Read + Seek>(
    mut r: TczReader<R>,
    out: &mut impl Write,
    input: &Path,
) -> Result<()> {
    let row = |out: &mut dyn Write, cols: [&str; 6]| -> std::io::Result<()> {
        writeln!(
            out,
            "{:<48} {:>6} {:>16} {:>10} {:>9} {:>7}",
            cols[0], cols[1], cols[2], cols[3], cols[4], cols[5]
        )
    };
    row(out, ["tensor", "dtype", "shape", "bytes", "bits/val", "QP"])?;
    let (mut total_bytes, mut total_values) = (0u64, 0u64);
    for i in 0..r.index().len() {
        let rec = r.read(i).map_err(|e| in_file(input, e))?;
        let numel: u64 = rec.shape.iter().map(|&d| d as u64).product();
        let bytes = model::record_bytes(&rec);
        let qp = match rec.kind {
            RecordKind::Codec => {
                let coded = codec::CodedTensor {
                    params: rec.params.clone(),
                    streams: Vec::new(),
                };
                let q8 = codec::base_qp8(&coded).map_err(|e| in_file(input, e))?;
                format!("{}.{:03}", q8.div_euclid(8), q8.rem_euclid(8) * 125)
            }
            RecordKind::Raw => "raw".to_string(),
        };
        row(
            out,
            [
                &rec.name,
                rec.dtype.name(),
                &format!("{:?}", rec.shape),
                &bytes.to_string(),
                &milli_text((bytes * 8000).div_ceil(numel.max(1))),
                &qp,
            ],
        )?;
        total_bytes += bytes;
        total_values += numel;
    }
    // Header, metadata, index head and footer belong to no tensor.
    total_bytes += container::file_overhead(r.metadata(), r.index().len()) as u64;
    row(
        out,
        [
            &format!("total ({} tensors, whole file)", r.index().len()),
            "",
            &format!("{total_values} values"),
            &total_bytes.to_string(),
            &milli_text((total_bytes * 8000).div_ceil(total_values.max(1))),
            "",
        ],
    )?;
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

/// One rate of `tricodec eval`: sizes and the error of every float tensor.
struct Measured {
    millibits: u32,
    size: u64,
    rates: Rates,
    /// (name, bits per value of its record, signal energy, error energy).
    rows: Vec<(String, f64, f64, f64)>,
    /// Model-level quality (with --kld).
    quality: Option<llama::Quality>,
}

/// Compresses `st` at `millibits` in memory, decodes it and measures.
fn measure(
    st: &SafeTensors,
    args: &EvalArgs,
    reference: Option<&KldReference>,
    millibits: u32,
    shown: bool,
) -> Result<Measured> {
    let params = args.codec.params(millibits);
    let mut progress = TensorProgress::new(st.tensors().len());
    progress.shown &= shown;
    let mut tcz = Vec::new();
    let res = model::compress_to(st, &mut tcz, &params, |r: &TensorReport| {
        progress.step(&r.name)
    });
    progress.done();
    let (reports, size) = res.map_err(|e| in_file(&args.input, e))?;
    let mut r = TczReader::new(Cursor::new(&tcz)).map_err(|e| anyhow!(e.detail()))?;
    let mut rows = Vec::new();
    let mut decoded = Vec::new();
    for (i, rep) in reports.iter().enumerate() {
        let rec = r.read(i).map_err(|e| anyhow!(e.detail()))?;
        let back = model::decode_record(&rec).map_err(|e| anyhow!(e.detail()))?;
        if reference.is_some() {
            decoded.push((rec.name.clone(), rec.dtype, rec.shape.clone(), back.clone()));
        }
        let orig = st.bytes(&rec.name).map_err(|e| anyhow!(e.detail()))?;
        let Some(orig) = values_f64(rec.dtype, orig) else {
            continue;
        };
        let dec = values_f64(rec.dtype, &back).expect("same dtype");
        let s: f64 = orig.iter().map(|x| x * x).sum();
        let e: f64 = orig.iter().zip(&dec).map(|(x, y)| (x - y) * (x - y)).sum();
        let bits = rep.bytes as f64 * 8.0 / rep.values.max(1) as f64;
        rows.push((rec.name.clone(), bits, s, e));
    }
    let quality = match reference {
        Some(k) => Some(k.compare(&decoded)?),
        None => None,
    };
    Ok(Measured {
        millibits,
        size,
        rates: Rates::of(st.tensors(), &reports, size),
        rows,
        quality,
    })
}

/// The original model and its sampled sequences (`--kld`).
struct KldReference {
    cfg: llama::Config,
    reference: llama::Reference,
}

impl KldReference {
    fn new(st: &SafeTensors, args: &EvalArgs) -> Result<KldReference> {
        let label = file_label(&args.input);
        let fail = |e: llama::Error| anyhow!("{label}: {e}");
        let cfg = llama::Config::from_safetensors(
            st,
            args.heads.map(|h| h as usize),
            args.kv_heads.map(|h| h as usize),
        )
        .map_err(fail)?;
        let model = llama::Model::load(st, &cfg).map_err(fail)?;
        let reference =
            llama::Reference::sample(&model, llama::Sampling::default()).map_err(fail)?;
        Ok(KldReference { cfg, reference })
    }

    /// The decoded tensors (name, dtype, shape, bytes) as a model, against
    /// the original.
    fn compare(&self, decoded: &[(String, Dtype, Vec<usize>, Vec<u8>)]) -> Result<llama::Quality> {
        let data: Vec<TensorData> = decoded
            .iter()
            .map(|(name, dtype, shape, bytes)| TensorData {
                name,
                dtype: *dtype,
                shape,
                data: bytes,
            })
            .collect();
        let bytes = tensor::safetensors::serialize(&data, &Default::default())
            .map_err(|e| anyhow!(e.detail()))?;
        let st = SafeTensors::from_bytes(bytes).map_err(|e| anyhow!(e.detail()))?;
        let model = llama::Model::load(&st, &self.cfg).map_err(|e| anyhow!("{e}"))?;
        self.reference.compare(&model).map_err(|e| anyhow!("{e}"))
    }
}

/// Measures every rate of `args`, `jobs` at a time, in the order given.
fn measure_all(
    st: &SafeTensors,
    args: &EvalArgs,
    reference: Option<&KldReference>,
) -> Result<Vec<Measured>> {
    let jobs = args
        .jobs
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get() as u32));
    let jobs = (jobs as usize).clamp(1, args.bits.len().max(1));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let results: Vec<std::sync::Mutex<Option<Result<Measured>>>> = args
        .bits
        .iter()
        .map(|_| std::sync::Mutex::new(None))
        .collect();
    std::thread::scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                let Some(&mb) = args.bits.get(i) else { break };
                // Progress lines only when one rate runs at a time.
                let m = measure(st, args, reference, mb, jobs == 1);
                *results[i].lock().unwrap_or_else(|p| p.into_inner()) = Some(m);
            });
        }
    });
    results
        .into_iter()
        .map(|m| {
            m.into_inner()
                .unwrap_or_else(|p| p.into_inner())
                .expect("every rate ran")
        })
        .collect()
}

/// Runs `tricodec eval`.
pub fn eval(args: &EvalArgs) -> Result<()> {
    let st = read_model(&args.input)?;
    let reference = if args.kld {
        Some(KldReference::new(&st, args)?)
    } else {
        None
    };
    let measured = measure_all(&st, args, reference.as_ref())?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let db = |s: f64, e: f64| {
        if e == 0.0 {
            f64::INFINITY
        } else {
            10.0 * (s / e).log10()
        }
    };
    let mut json_rates = Vec::new();
    for m in &measured {
        let (sig, err) = m
            .rows
            .iter()
            .fold((0.0, 0.0), |(s, e), r| (s + r.2, e + r.3));
        let overall_bits = m.rates.file_millibits as f64 / 1000.0;
        let coded_bits = m.rates.coded_millibits as f64 / 1000.0;
        let size = m.size;
        if args.json {
            let tensors: Vec<serde_json::Value> = m
                .rows
                .iter()
                .map(|(n, b, s, e)| {
                    serde_json::json!({
                        "name": n, "bits_per_value": b, "sqnr_db": db(*s, *e), "nmse": e / s,
                    })
                })
                .collect();
            let mut rate = serde_json::json!({
                "target_bits": f64::from(m.millibits) / 1000.0,
                "coded_bits_per_value": coded_bits, "bits_per_value": overall_bits,
                "bytes": size, "sqnr_db": db(sig, err), "nmse": err / sig, "tensors": tensors,
            });
            if let Some(q) = &m.quality {
                rate["kld"] = q.kld.into();
                rate["top1_agreement"] = q.top1.into();
                rate["perplexity"] = q.perplexity.into();
            }
            json_rates.push(rate);
        } else {
            writeln!(
                out,
                "target {} bits/value: {coded_bits:.3} bits/value over the coded tensors, \
                 {overall_bits:.3} over the whole file ({size} bytes), SQNR {:.2} dB, NMSE {:.3e}",
                milli_text(u64::from(m.millibits)),
                db(sig, err),
                err / sig
            )?;
            writeln!(
                out,
                "  {:<48} {:>9} {:>9} {:>10}",
                "tensor", "bits/val", "SQNR dB", "NMSE"
            )?;
            for (n, b, s, e) in &m.rows {
                writeln!(
                    out,
                    "  {n:<48} {b:>9.3} {:>9.2} {:>10.3e}",
                    db(*s, *e),
                    e / s
                )?;
            }
            if let Some(q) = &m.quality {
                writeln!(
                    out,
                    "  model: KL divergence {:.4} nats/token, top-1 agreement {:.3}, \
                     perplexity {:.2} (original {:.2}) over {} positions",
                    q.kld, q.top1, q.perplexity, q.perplexity_original, q.positions
                )?;
            }
        }
    }
    if args.json {
        let model = file_label(&args.input);
        writeln!(out, "{}", kld_json(model, json_rates, reference.as_ref()))?;
    }
    out.flush()?;
    Ok(())
}

/// The JSON document of `tricodec eval`; with --kld it also states how the
/// sequences were made, the sequences and the original's perplexity.
fn kld_json(
    model: String,
    rates: Vec<serde_json::Value>,
    reference: Option<&KldReference>,
) -> serde_json::Value {
    let mut doc = serde_json::json!({ "model": model, "rates": rates });
    if let Some(k) = reference {
        let r = &k.reference;
        let c = &k.cfg;
        doc["kld_reference"] = serde_json::json!({
            "config": {
                "dim": c.dim, "hidden": c.hidden, "layers": c.layers, "heads": c.heads,
                "kv_heads": c.kv_heads, "vocab": c.vocab, "rope_theta": c.rope_theta,
                "rms_norm_eps": c.eps,
            },
            "sequences": r.sampling.sequences, "tokens": r.sampling.tokens,
            "temperature": r.sampling.temperature, "first_seed": r.sampling.seed0,
            "perplexity": r.perplexity(), "token_ids": r.sequences,
        });
    }
    doc
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn millis_parse_exactly() {
        assert_eq!(parse_bits("2.5").unwrap(), 2500);
        assert_eq!(parse_bits("3").unwrap(), 3000);
        assert_eq!(parse_bits("0.125").unwrap(), 125);
        assert_eq!(parse_bits("64").unwrap(), 64_000);
        assert_eq!(parse_linear_k("-0.05").unwrap(), -50);
        assert_eq!(parse_linear_k("-64").unwrap(), -64_000);
        for bad in ["", "2.5.1", "1e3", "0.1234", "abc", "-", "."] {
            let e = parse_bits(bad).unwrap_err();
            assert!(e.contains("not a decimal number"), "{bad}: {e}");
        }
        for far in ["0", "-1", "64.001", "100000", "99999999999999999999999"] {
            let e = parse_bits(far).unwrap_err();
            assert_eq!(
                e,
                format!("{far} bits per value is out of range: use 0.001 to 64")
            );
        }
        assert!(parse_linear_k("64.5").unwrap_err().contains("out of range"));
    }
}
