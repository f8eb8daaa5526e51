//! `tricodec encode`: raw frames in, Annex B H.264 out.

use std::io::{BufReader, ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

use anyhow::{anyhow, bail, Result};
use clap::Args;
use golden::encoder::{EncodedPicture, Encoder, EncoderConfig, Profile};
use golden::picture::MAX_SIDE;
use golden::{ChromaFormat, Picture};

use super::{bits_per_sample, create_output, file_label, format_name, Chroma, Progress};

/// Encode raw planar 8-bit frames into an intra-only H.264 stream.
///
/// Frames are read one at a time, so memory stays bounded by one frame.
#[derive(Args, Debug)]
pub struct EncodeArgs {
    /// Picture width in luma samples.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=MAX_SIDE as i64))]
    width: u32,
    /// Picture height in luma samples.
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..=MAX_SIDE as i64))]
    height: u32,
    /// Chroma format of the input and of the stream.
    #[arg(long, value_enum, default_value = "420")]
    chroma: Chroma,
    /// Quantization parameter, 0 (finest) to 51 (default: the encoder's).
    #[arg(long, value_parser = clap::value_parser!(i32).range(0..=51))]
    qp: Option<i32>,
    /// QP of each macroblock: a file of one byte (0..51) per macroblock of a
    /// picture in raster order, applied to every picture (instead of --qp).
    #[arg(long, value_name = "MAP", conflicts_with = "qp")]
    qp_map: Option<PathBuf>,
    /// Slices per picture (default: the encoder's).
    #[arg(long, value_parser = clap::value_parser!(u32).range(1..))]
    slices: Option<u32>,
    /// Allow the 8x8 transform (High profile tool).
    #[arg(long)]
    transform_8x8: bool,
    /// Enable the in-loop deblocking filter.
    #[arg(long)]
    deblock: bool,
    /// Encoder profile: the intra tools the mode decision may use
    /// (`full`: every High-profile intra tool; `i16x16`: Intra16x16 only).
    #[arg(long, default_value = "full", value_parser = ["full", "i16x16"])]
    profile: String,
    /// Also write the encoder's reconstruction (what a decoder will output).
    #[arg(long, value_name = "R.yuv")]
    recon: Option<PathBuf>,
    /// Output stream (Annex B byte stream); `-` for standard output.
    #[arg(short = 'o', value_name = "OUT.264")]
    output: PathBuf,
    /// Input raw frames; `-` for standard input.
    #[arg(value_name = "IN.yuv")]
    input: PathBuf,
}

/// What codes the pictures of `encode`: golden's encoder (`tricodec`), or the RTL encoder lane
/// in simulation (`tricodec-rtl`, sim/src/bin/tricodec_rtl.rs).
pub trait PictureEncoder {
    /// Codes the next picture of the sequence.
    fn encode(&mut self, pic: &Picture) -> Result<EncodedPicture>;
    /// A line for stderr once every picture is coded (the RTL's cycle count), if any.
    fn summary(&self) -> Option<String> {
        None
    }
}

impl PictureEncoder for Encoder {
    fn encode(&mut self, pic: &Picture) -> Result<EncodedPicture> {
        Encoder::encode(self, pic).map_err(|e| anyhow!(e.detail()))
    }
}

/// Runs `tricodec encode`.
pub fn run(args: &EncodeArgs) -> Result<()> {
    run_with(args, "tricodec", |format, w, h, cfg| {
        Encoder::new(format, w, h, cfg).map_err(|e| anyhow!(e.detail()))
    })
}

/// Runs `encode` as program `name` with the encoder `make` gives for the format, size and
/// settings (called once the inputs are checked, before any output is created).
pub fn run_with<E: PictureEncoder>(
    args: &EncodeArgs,
    name: &str,
    make: impl FnOnce(ChromaFormat, usize, usize, EncoderConfig) -> Result<E>,
) -> Result<()> {
    let format: ChromaFormat = args.chroma.into();
    let (w, h) = (args.width as usize, args.height as usize);
    let frame_bytes = format.frame_bytes(w, h);
    let what = format!("{w}x{h} {}", format_name(format));

    let file = tricodec_io::open_input(&args.input)?;
    // Check a regular file's size up front; a pipe is checked at its end.
    if let Some(len) = file.len {
        check_size(len, frame_bytes as u64, &what, &args.input)?;
    }
    let mut input = BufReader::new(file);

    let mut cfg = EncoderConfig::default();
    if let Some(qp) = args.qp {
        cfg.qp = qp;
    }
    if let Some(slices) = args.slices {
        cfg.slices = slices as usize;
    }
    if let Some(path) = &args.qp_map {
        if tricodec_io::is_std(path) && tricodec_io::is_std(&args.input) {
            bail!("--qp-map and the input cannot both be standard input");
        }
        cfg.mb_qp = Some(read_qp_map(path, w.div_ceil(16) * h.div_ceil(16))?);
    }
    cfg.transform_8x8 = args.transform_8x8;
    cfg.deblock = args.deblock;
    cfg.profile = Profile::by_name(&args.profile).expect("clap checked the name");
    let mut encoder = make(format, w, h, cfg)?;

    let mut inputs: Vec<&Path> = vec![&args.input];
    inputs.extend(args.qp_map.as_deref());
    if let Some(recon) = &args.recon {
        tricodec_io::check_distinct(&[&args.output, recon])?;
    }
    let mut out = create_output(&args.output, &inputs)?;
    let mut recon = match &args.recon {
        Some(path) => Some(create_output(path, &inputs)?),
        None => None,
    };
    let progress = Progress::new("encoding");
    let mut raw = vec![0u8; frame_bytes];
    let (mut frames, mut stream_bytes) = (0u64, 0u64);
    while read_frame(&mut input, &mut raw, &args.input, frames)? {
        let pic = Picture::from_raw(format, w, h, &raw).map_err(|e| anyhow!(e.detail()))?;
        let coded = encoder
            .encode(&pic)
            .map_err(|e| e.context(format!("encoding frame {frames}")))?;
        out.write_all(&coded.bytes)?;
        if let Some(r) = recon.as_mut() {
            r.write_all(&coded.recon.to_raw())?;
        }
        frames += 1;
        stream_bytes += coded.bytes.len() as u64;
        progress.frame(frames);
    }
    progress.done();
    if frames == 0 {
        bail!("{} is empty: no frame to encode", file_label(&args.input));
    }
    out.finish()?;
    if let Some(r) = recon {
        r.finish()?;
    }
    eprintln!(
        "{name}: encoded {frames} frame{} {what}: {stream_bytes} bytes, {} bits/sample",
        if frames == 1 { "" } else { "s" },
        bits_per_sample(stream_bytes, frames * frame_bytes as u64)
    );
    if let Some(line) = encoder.summary() {
        eprintln!("{name}: {line}");
    }
    Ok(())
}

/// Reads a `--qp-map` file: exactly `mbs` bytes, each a QP in 0..=51.
fn read_qp_map(path: &Path, mbs: usize) -> Result<Vec<i32>> {
    // Read at most one byte more than needed, so a huge file is not loaded.
    let file = tricodec_io::open_input(path)?;
    let mut bytes = Vec::with_capacity(mbs + 1);
    file.take(mbs as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(|e| tricodec_io::Error::io(path, "read", e))?;
    if bytes.len() != mbs {
        let got = if bytes.len() > mbs {
            "more".to_string()
        } else {
            bytes.len().to_string()
        };
        bail!(
            "{}: a QP map needs one byte per macroblock, {mbs} for this picture size; it has {got}",
            file_label(path)
        );
    }
    if let Some(i) = bytes.iter().position(|&q| q > 51) {
        bail!(
            "{}: macroblock {i} has QP {}, outside 0..=51",
            file_label(path),
            bytes[i]
        );
    }
    Ok(bytes.into_iter().map(i32::from).collect())
}

fn check_size(len: u64, frame: u64, what: &str, path: &Path) -> Result<()> {
    if len == 0 {
        bail!("{} is empty: no frame to encode", file_label(path));
    }
    let (whole, rest) = (len / frame, len % frame);
    if rest > 0 {
        bail!(
            "{} has {len} bytes, not a whole number of {what} frames of {frame} bytes \
             ({whole} frames and {rest} bytes left over)",
            path.display()
        );
    }
    Ok(())
}

/// Fills `buf` with frame `frame` of `path`: `Ok(false)` at a clean end of
/// input, an error when the input ends inside a frame.
fn read_frame(input: &mut impl Read, buf: &mut [u8], path: &Path, frame: u64) -> Result<bool> {
    let mut filled = 0;
    while filled < buf.len() {
        match input.read(&mut buf[filled..]) {
            Ok(0) if filled == 0 => return Ok(false),
            Ok(0) => bail!(
                "{} ends inside frame {frame} ({filled} of {} bytes): \
                 not a whole number of frames",
                file_label(path),
                buf.len()
            ),
            Ok(n) => filled += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) => return Err(tricodec_io::Error::io(path, "read", e).into()),
        }
    }
    Ok(true)
}
