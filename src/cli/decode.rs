//! `tricodec decode`: Annex B H.264 in, raw frames out.

use std::io::Write;
use std::path::PathBuf;

use anyhow::{bail, Result};
use clap::Args;
use golden::bitstream::nal::split_annexb;
use golden::decoder::Decoder;
use golden::Picture;

use super::{bits_per_sample, create_output, file_label, format_name, Progress};
use tricodec_io::Output;

/// Decode an intra-only H.264 stream into raw planar 8-bit frames.
///
/// The stream file is read into memory whole; each picture is written out as
/// soon as it is complete.
#[derive(Args, Debug)]
pub struct DecodeArgs {
    /// Output raw frames (luma only for a 4:0:0 stream, I420 for 4:2:0);
    /// `-` for standard output.
    #[arg(short = 'o', value_name = "OUT.yuv")]
    output: PathBuf,
    /// Input stream (Annex B byte stream); `-` for standard input.
    #[arg(value_name = "IN.264")]
    input: PathBuf,
}

/// What `decode` runs a stream through: golden's decoder here, the RTL decoder lane in
/// `tricodec-rtl decode` (docs/decisions.md D33).
pub trait StreamDecoder {
    /// Decodes `stream`, handing each picture to `put` once it is complete. An error is the
    /// message after the file's name.
    fn decode(&mut self, stream: &[u8], put: &mut dyn FnMut(&Picture) -> Result<()>) -> Result<()>;

    /// A line for stderr after the summary (the RTL's cycle count), if any.
    fn summary(&self) -> Option<String> {
        None
    }
}

/// Golden's decoder, a NAL unit at a time.
pub struct GoldenDecoder;

impl StreamDecoder for GoldenDecoder {
    fn decode(&mut self, stream: &[u8], put: &mut dyn FnMut(&Picture) -> Result<()>) -> Result<()> {
        let mut decoder = Decoder::new();
        for (i, nal) in split_annexb(stream).iter().enumerate() {
            // Byte position of the NAL unit in the file, for the error message.
            let at = nal.as_ptr() as usize - stream.as_ptr() as usize;
            let pic = decoder
                .decode_nal(nal)
                .map_err(|e| anyhow::anyhow!("NAL unit {i} at byte {at}: {}", e.detail()))?;
            if let Some(pic) = pic {
                put(&pic)?;
            }
        }
        let last = decoder
            .flush()
            .map_err(|e| anyhow::anyhow!("end of stream: {}", e.detail()))?;
        if let Some(pic) = last {
            put(&pic)?;
        }
        Ok(())
    }
}

/// Runs `tricodec decode`.
pub fn run(args: &DecodeArgs) -> Result<()> {
    run_with(args, &mut GoldenDecoder)
}

/// `decode` with `decoder` in place of golden's: the same checks, output file and summary.
pub fn run_with<D: StreamDecoder>(args: &DecodeArgs, decoder: &mut D) -> Result<()> {
    let name = file_label(&args.input);
    let stream = tricodec_io::read_input(&args.input)?;
    if split_annexb(&stream).is_empty() {
        bail!("{name} is not an H.264 Annex B stream (no NAL unit found)");
    }
    let mut out = create_output(&args.output, &[&args.input])?;
    let mut sink = FrameSink {
        out: &mut out,
        first: None,
        frames: 0,
        raw_bytes: 0,
    };
    let progress = Progress::new("decoding");
    let mut put = |pic: &Picture| -> Result<()> {
        sink.put(pic)?;
        progress.frame(sink.frames);
        Ok(())
    };
    decoder
        .decode(&stream, &mut put)
        .map_err(|e| anyhow::anyhow!("{name}: {e}"))?;
    progress.done();
    let (frames, raw_bytes) = (sink.frames, sink.raw_bytes);
    let Some(what) = sink.first else {
        bail!("{name}: no picture in the stream");
    };
    out.finish()?;
    eprintln!(
        "tricodec: decoded {frames} frame{} {what}: {} bytes, {} bits/sample",
        if frames == 1 { "" } else { "s" },
        stream.len(),
        bits_per_sample(stream.len() as u64, raw_bytes)
    );
    if let Some(line) = decoder.summary() {
        eprintln!("{line}");
    }
    Ok(())
}

/// Writes decoded pictures, all of which must share one size and format.
struct FrameSink<'a> {
    out: &'a mut Output,
    /// Size and format of the first picture, e.g. "64x48 4:0:0".
    first: Option<String>,
    frames: u64,
    raw_bytes: u64,
}

impl FrameSink<'_> {
    fn put(&mut self, pic: &Picture) -> Result<()> {
        let what = format!("{}x{} {}", pic.width, pic.height, format_name(pic.format));
        match &self.first {
            None => self.first = Some(what),
            Some(first) if *first != what => bail!(
                "picture {} is {what} but the first was {first}: \
                 a raw file cannot hold both",
                self.frames
            ),
            Some(_) => {}
        }
        let raw = pic.to_raw();
        self.out.write_all(&raw)?;
        self.frames += 1;
        self.raw_bytes += raw.len() as u64;
        Ok(())
    }
}
