//! `tricodec-vectors`: writes vector files (docs/verification.md, "Vector files") for the RTL
//! tops from a real tensor, the corner cases or seeded random stimulus.

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand, ValueEnum};
use vectors::cabac;
use vectors::hex::{write_columns, Column};
use vectors::sets::{align_columns, dc_columns, lane_columns, stage_columns};
use vectors::stimulus::{
    corner_blocks, corner_dc_sets, corner_sweep, cycled, random_block, random_dc_set,
};
use vectors::tensor::Tensor;
use vectors::{DcIn, LaneIn, Rng, Stalls};

#[derive(Parser)]
#[command(about = "Golden-model test vectors (hex files) for the tricodec RTL")]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

/// Where the stimulus comes from.
#[derive(clap::Args)]
struct Source {
    /// Safetensors file of the real tensor.
    #[arg(long, requires = "tensor", conflicts_with_all = ["corners", "random"])]
    model: Option<PathBuf>,
    /// Name of a 2-D tensor in --model.
    #[arg(long, requires = "model")]
    tensor: Option<String>,
    /// Instead of a tensor: the corner cases at every QP of --qps (dead zones cycling over
    /// 0, 1, 341, 512, 1022, 1023).
    #[arg(long, conflicts_with = "random")]
    corners: bool,
    /// QPs of the corner sweep, comma-separated (default 0..=63; 52..=63 act as 51 in the
    /// RTL).
    #[arg(long, value_delimiter = ',', requires = "corners")]
    qps: Option<Vec<u8>>,
    /// Instead of a tensor: this many random blocks / sets (seeded by --seed).
    #[arg(long)]
    random: Option<usize>,
    /// Seed of --random.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// At most this many blocks / sets from the tensor.
    #[arg(long, default_value_t = 1024)]
    count: usize,
}

impl Source {
    /// The QPs of the corner sweep.
    fn qps(&self) -> Result<Vec<u8>, String> {
        let qps = self.qps.clone().unwrap_or_else(|| (0..=63).collect());
        match qps.iter().find(|&&q| q > 63) {
            Some(q) => Err(format!("--qps: {q} does not fit the 6-bit qp_i")),
            None => Ok(qps),
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum DcKind {
    Luma,
    Chroma,
}

/// One tensor coded by the tensor codec at a rate (the CABAC and encoder-lane blocks' vectors).
#[derive(clap::Args)]
struct CodedTensor {
    /// Safetensors file.
    #[arg(long)]
    model: PathBuf,
    /// Tensor name in --model.
    #[arg(long)]
    tensor: String,
    /// Bits per value of the tensor codec's rate.
    #[arg(long, default_value_t = 2.5)]
    bits: f64,
    /// Output folder.
    #[arg(long)]
    out: PathBuf,
}

/// The slices of one coded tensor (the CABAC blocks' vectors).
#[derive(clap::Args)]
struct CodedSlices {
    #[command(flatten)]
    coded: CodedTensor,
    /// Slices to write, the first ones (default: all).
    #[arg(long)]
    slices: Option<usize>,
}

#[derive(Subcommand)]
enum Cmd {
    /// The residual lane (`lane4x4.*` or `lane8x8.*`).
    Residual {
        /// Block side, 4 or 8.
        #[arg(long, default_value_t = 4)]
        size: usize,
        /// Also the stage files of the lane's modules (`fwd`, `q`, `dq`, `inv`).
        #[arg(long)]
        stages: bool,
        #[command(flatten)]
        src: Source,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
    },
    /// A DC lane (`lumadc.*` or `chromadc.*`).
    Dc {
        #[arg(long, value_enum)]
        kind: DcKind,
        #[command(flatten)]
        src: Source,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
    },
    /// Backpressure patterns (`stalls.v<V>r<R>.hex`, 2 bits a cycle: valid, ready): the one
    /// given by --valid and --ready, else every pattern of the stall tests.
    Stalls {
        /// Chance (percent) of the valid bit.
        #[arg(long, requires = "ready")]
        valid: Option<u32>,
        /// Chance (percent) of the ready bit.
        #[arg(long, requires = "valid")]
        ready: Option<u32>,
        /// Cycles in each file.
        #[arg(long, default_value_t = 4096)]
        cycles: usize,
        /// Seed of the draws.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
    },
    /// The CABAC binarizer (`cabac_bin.se`: element beats, `cabac_bin.sym`: expected
    /// symbols) of a real tensor coded as a 4:0:0 picture by golden's encoder.
    CabacBin {
        /// Safetensors file of the tensor.
        #[arg(long)]
        model: PathBuf,
        /// Name of a 2-D tensor in --model.
        #[arg(long)]
        tensor: String,
        /// Picture width and height (samples read in raster order from the tensor's).
        #[arg(long, default_value_t = 64)]
        width: usize,
        #[arg(long, default_value_t = 64)]
        height: usize,
        /// QP (0..=51).
        #[arg(long, default_value_t = 33)]
        qp: i32,
        /// Slices per picture.
        #[arg(long, default_value_t = 1)]
        slices: usize,
        /// Allow the 8x8 transform.
        #[arg(long)]
        transform_8x8: bool,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
    },
    /// The float aligner (`align.*`, FP32, BFP groups of 32).
    Align {
        /// Safetensors file of an FP32 tensor.
        #[arg(long)]
        model: PathBuf,
        /// Name of a 2-D tensor in --model.
        #[arg(long)]
        tensor: String,
        /// Groups to write.
        #[arg(long, default_value_t = 512)]
        groups: usize,
        /// Elements per beat.
        #[arg(long, default_value_t = 4)]
        n: usize,
        /// Elements per group.
        #[arg(long, default_value_t = 32)]
        g: usize,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
    },
    /// The CABAC decoder's synthesis block (`cabac_dec.in_i`, `cabac_dec.se_o`; the merged
    /// stream of synth/tb/cabac_dec_stream.sv): the first --slices slices of tensor --tensor
    /// coded by the tensor codec at --bits bits/value (verif::streams::tensor_slices).
    CabacDec {
        #[command(flatten)]
        src: CodedSlices,
    },
    /// The CABAC encoder's synthesis block (`cabac_enc.se_i` element beats in; `byte_o`,
    /// `count_o`, `last_o` out, OutBytes = 1): the first --slices slices of tensor --tensor
    /// coded by the tensor codec at --bits bits/value (verif::streams::tensor_slices).
    CabacEnc {
        #[command(flatten)]
        src: CodedSlices,
    },
    /// The encoder lane's synthesis block (`enc_lane.in_i` in; `byte_o`, `last_o` out; the
    /// merged stream of synth/wrap/enc_lane_stream.sv): the first tile of tensor --tensor as
    /// the tensor codec codes it at --bits bits/value (its reconstruction with the rate
    /// control's per-macroblock QP map, verif::streams::tensor_qp_map_codings), 4:0:0.
    EncLane {
        #[command(flatten)]
        src: CodedTensor,
        /// Only the tile's top-left WxH macroblocks (e.g. 2x2), with their QPs
        /// (verif::streams::crop_coding): a smaller real-tensor picture for a gate-level run.
        #[arg(long, value_name = "WxH")]
        crop_mbs: Option<String>,
    },
    /// The CABAC ROMs of all CABAC blocks (rangeTabLPS, transIdx, (m, n), ctxIdx -> compact
    /// index, 8x8 ctxIdxInc) as SystemVerilog modules:
    /// written into --out (rtl/cabac), else printed.
    CabacRoms {
        /// Output folder.
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The CABAC encoding engine (`cabacenc.*`, K = 4, OutBytes = 1): the slices of a 4:2:0
    /// picture cut from a real tensor (two slices, 8x8 transforms) and an I_PCM slice.
    CabacEngine {
        /// Safetensors file of the tensor.
        #[arg(long)]
        model: PathBuf,
        /// Name of a 2-D tensor in --model.
        #[arg(long)]
        tensor: String,
        /// SliceQPY.
        #[arg(long, default_value_t = 30)]
        qp: i32,
        /// Picture width and height in macroblocks.
        #[arg(long, default_value_t = 2)]
        mbs: usize,
        /// Seed of the bypass groups and the I_PCM slice.
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Output folder.
        #[arg(long)]
        out: PathBuf,
    },
}

fn load(model: &std::path::Path, tensor: &str) -> Result<Tensor, String> {
    Tensor::load(model, tensor).map_err(|e| format!("{}: {e}", model.display()))
}

/// One vector's input terms, QP and dead zone.
type Triple = (Vec<i32>, u8, u16);

/// The stimulus of `src`: the blocks or sets of a tensor (`from_tensor`, QP and dead zone
/// per `cycled`), the corner sweep of `corners`, or `random` seeded ones.
fn stimulus(
    src: &Source,
    from_tensor: impl FnOnce(&Tensor) -> Vec<Vec<i32>>,
    corners: Vec<Vec<i32>>,
    mut random: impl FnMut(&mut Rng) -> Triple,
) -> Result<Vec<Triple>, String> {
    Ok(match (&src.model, src.corners, src.random) {
        (Some(m), _, _) => {
            let t = load(m, src.tensor.as_deref().unwrap_or_default())?;
            from_tensor(&t)
                .into_iter()
                .enumerate()
                .map(|(k, v)| {
                    let (qp, dz) = cycled(k);
                    (v, qp, dz)
                })
                .collect()
        }
        (None, true, _) => corner_sweep(&corners, &src.qps()?),
        (None, false, Some(count)) => {
            let mut rng = Rng::new(src.seed);
            (0..count).map(|_| random(&mut rng)).collect()
        }
        _ => return Err("give --model and --tensor, --corners or --random N".into()),
    })
}

fn residual(size: usize, stages: bool, src: &Source) -> Result<Vec<Column>, String> {
    if size != 4 && size != 8 {
        return Err(format!("--size is 4 or 8, not {size}"));
    }
    let n = size * size;
    let inputs: Vec<LaneIn> = stimulus(
        src,
        |t| t.residual_blocks(size, src.count),
        corner_blocks(n),
        |rng| {
            let b = random_block(rng, n, 0);
            (b.res, b.qp, b.dz)
        },
    )?
    .into_iter()
    .enumerate()
    .map(|(k, (res, qp, dz))| LaneIn {
        res,
        qp,
        dz,
        user: k as u8,
    })
    .collect();
    let mut cols = lane_columns(&inputs);
    if stages {
        cols.extend(stage_columns(&inputs));
    }
    Ok(cols)
}

fn dc(kind: DcKind, src: &Source) -> Result<Vec<Column>, String> {
    let (n, side) = match kind {
        DcKind::Luma => (16, 16),
        DcKind::Chroma => (4, 8),
    };
    let inputs: Vec<DcIn> = stimulus(
        src,
        |t| t.dc_sets(side, src.count),
        corner_dc_sets(n),
        |rng| {
            let b = random_dc_set(rng, n, 0);
            (b.dc, b.qp, b.dz)
        },
    )?
    .into_iter()
    .enumerate()
    .map(|(k, (dc, qp, dz))| DcIn {
        dc,
        qp,
        dz,
        user: k as u8,
    })
    .collect();
    Ok(dc_columns(&inputs))
}

/// `cabac-roms`: the ROM files into `out`, or printed.
fn cabac_roms(out: Option<PathBuf>) -> Result<String, String> {
    let files = cabac::roms::cabac_roms();
    let Some(dir) = out else {
        let text: String = files.iter().map(|(_, t)| t.as_str()).collect();
        print!("{text}");
        return Ok(format!("{} ROM modules", files.len()));
    };
    for (name, text) in &files {
        let p = dir.join(name);
        std::fs::write(&p, text).map_err(|e| format!("{}: {e}", p.display()))?;
    }
    Ok(format!("{} ROM files in {}", files.len(), dir.display()))
}

fn cabac_engine(
    model: &std::path::Path,
    tensor: &str,
    qp: i32,
    mbs: usize,
    seed: u64,
) -> Result<Vec<Column>, String> {
    use golden::{encoder::EncoderConfig, ChromaFormat};
    use vectors::cabac::engine::{engine_columns, pcm_case, EngineCase};
    use vectors::cabac::traces::{encoder_traces, tensor_picture};
    let side = 16 * mbs;
    let pic = tensor_picture(&load(model, tensor)?, ChromaFormat::Yuv420, side, side, 0);
    let cfg = EncoderConfig {
        qp,
        slices: 2,
        transform_8x8: true,
        ..Default::default()
    };
    let traces = encoder_traces(&pic, cfg).map_err(|e| e.to_string())?;
    let mut cases: Vec<EngineCase> = traces
        .iter()
        .map(|t| EngineCase::from_trace(tensor, t))
        .collect();
    cases.push(pcm_case(seed, qp, 2));
    Ok(engine_columns(&cases, 4, &mut Rng::new(seed)))
}

/// Writes the columns of a block whose inputs and outputs are not paired one to one (the
/// first column an input, the second an output).
fn unpaired(out: &std::path::Path, cols: &[Column]) -> Result<String, String> {
    let paths = write_columns(out, cols)?;
    Ok(format!(
        "{} input and {} output vectors in {} files in {}",
        cols[0].rows.len(),
        cols[1].rows.len(),
        paths.len(),
        out.display()
    ))
}

fn run(cli: Cli) -> Result<String, String> {
    let (cols, out) = match cli.cmd {
        Cmd::CabacRoms { out } => return cabac_roms(out),
        Cmd::CabacDec {
            src: CodedSlices { coded: src, slices },
        } => {
            let (all, _) =
                vectors::cabac::dec::tensor_codec_slices(&src.model, &src.tensor, src.bits)
                    .map_err(|e| format!("{}: {e}", src.model.display()))?;
            let n = slices.unwrap_or(all.len()).min(all.len());
            return unpaired(&src.out, &vectors::cabac::dec::stream_columns(&all[..n]));
        }
        Cmd::CabacEnc {
            src: CodedSlices { coded: src, slices },
        } => {
            let t = vectors::streams::tensor_slices(&src.model, &src.tensor, src.bits)
                .map_err(|e| format!("{}: {e}", src.model.display()))?;
            let n = slices.unwrap_or(t.slices.len()).min(t.slices.len());
            return unpaired(&src.out, &cabac::bin::encoder_columns(&t.slices[..n]));
        }
        Cmd::EncLane { src, crop_mbs } => {
            let codings =
                vectors::streams::tensor_qp_map_codings(&src.model, &src.tensor, src.bits)
                    .map_err(|e| format!("{}: {e}", src.model.display()))?;
            let (pic, cfg) = codings.first().ok_or("no tile")?;
            let (pic, cfg) = match crop_mbs {
                Some(c) => {
                    let (w, h) = c
                        .split_once('x')
                        .and_then(|(w, h)| Some((w.parse().ok()?, h.parse().ok()?)))
                        .ok_or_else(|| format!("--crop-mbs {c}: expected WxH, e.g. 2x2"))?;
                    vectors::streams::crop_coding(pic, cfg, w, h).map_err(|e| e.to_string())?
                }
                None => (pic.clone(), cfg.clone()),
            };
            let cols = vectors::intra::lane_columns(std::slice::from_ref(&pic), &cfg)
                .map_err(|e| e.to_string())?;
            return unpaired(&src.out, &cols);
        }
        Cmd::Residual {
            size,
            stages,
            src,
            out,
        } => (residual(size, stages, &src)?, out),
        Cmd::Dc { kind, src, out } => (dc(kind, &src)?, out),
        Cmd::Stalls {
            valid,
            ready,
            cycles,
            seed,
            out,
        } => {
            let patterns = match (valid, ready) {
                (Some(v), Some(r)) if v <= 100 && r <= 100 => vec![Stalls::new(v, r)],
                (Some(_), Some(_)) => return Err("--valid and --ready are percentages".into()),
                _ => Stalls::PATTERNS.to_vec(),
            };
            let cols = patterns.iter().map(|p| p.column(seed, cycles)).collect();
            (cols, out)
        }
        Cmd::CabacBin {
            model,
            tensor,
            width,
            height,
            qp,
            slices,
            transform_8x8,
            out,
        } => {
            let t = load(&model, &tensor)?;
            let src = cabac::traces::tensor_picture(
                &t,
                golden::ChromaFormat::Monochrome,
                width,
                height,
                0,
            );
            let cfg = golden::encoder::EncoderConfig {
                qp,
                slices,
                transform_8x8,
                ..Default::default()
            };
            let traces = cabac::traces::encoder_traces(&src, cfg).map_err(|e| e.to_string())?;
            (cabac::bin::columns(&traces), out)
        }
        Cmd::Align {
            model,
            tensor,
            groups,
            n,
            g,
            out,
        } => (align_columns(&load(&model, &tensor)?, n, g, groups)?, out),
        Cmd::CabacEngine {
            model,
            tensor,
            qp,
            mbs,
            seed,
            out,
        } => (cabac_engine(&model, &tensor, qp, mbs, seed)?, out),
    };
    let paths = write_columns(&out, &cols)?;
    let vectors = cols.first().map_or(0, |c| c.rows.len());
    Ok(format!(
        "{vectors} vectors in {} files in {}",
        paths.len(),
        out.display()
    ))
}

fn main() -> ExitCode {
    match run(Cli::parse()) {
        Ok(msg) => {
            println!("tricodec-vectors: {msg}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tricodec-vectors: {e}");
            ExitCode::FAILURE
        }
    }
}
