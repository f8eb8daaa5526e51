//! `tricodec-rtl`: the `tricodec` command line on the RTL in simulation (Verilator).
//!
//! `tricodec-rtl encode` takes `tricodec encode`'s arguments and codes the pictures on the
//! encoder lane `enc_lane_i16`: the same bytes as `tricodec encode --profile i16x16`, and the
//! same reconstruction. An option the lane does not have is one line on stderr and exit
//! status 2; the cycle count and samples per cycle follow the usual summary on stderr.
//!
//! `tricodec-rtl decode -o OUT.yuv IN.264` decodes on the decoder lane `dec_lane_i16`: the same
//! output file as `tricodec decode` for the streams the lane decodes (Intra16x16, Intra4x4 and
//! Intra8x8 macroblocks, deblocking off: what our encoders and the tensor codec write, x264
//! with --no-deblock). Any other stream, and a
//! corrupt or truncated one, is one line `error: ...`, a non-zero exit status and no output
//! file.

use std::process::ExitCode;

use anyhow::Result;
use clap::{Parser, Subcommand};
use golden::encoder::{EncodedPicture, EncoderConfig};
use golden::picture::{ChromaFormat, Picture};
use sim::{DecLane, DecStalls, EncLane, LaneStalls, Rng};
use tricodec::app::{self, Usage};
use tricodec::cli::decode::{self, DecodeArgs, StreamDecoder};
use tricodec::cli::encode::{self, EncodeArgs, PictureEncoder};

/// tricodec-rtl: the tricodec commands on the RTL (Verilator simulation of rtl/).
#[derive(Parser, Debug)]
#[command(name = "tricodec-rtl", version, arg_required_else_help = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Encode raw frames on the encoder lane (tricodec encode's arguments; the lane codes the
    /// i16x16 profile without the 8x8 transform and the deblocking filter).
    Encode(EncodeArgs),
    /// Decode an H.264 stream on the decoder lane (intra streams without deblocking: what
    /// `encode` and `tricodec compress` write, x264 --no-deblock) into raw frames.
    Decode(DecodeArgs),
}

/// The encoder lane as `encode`'s picture encoder.
struct Lane {
    lane: EncLane,
    rng: Rng,
    /// Cycles, macroblocks and input samples of the pictures coded so far.
    cycles: u64,
    mbs: u64,
    samples: u64,
}

impl Lane {
    fn new(format: ChromaFormat, w: usize, h: usize, cfg: EncoderConfig) -> Result<Lane> {
        if let Some(why) = EncLane::unsupported(&cfg, w) {
            return Err(Usage(why).into());
        }
        // golden's checks of the settings (QP, slices, QP map, size), with its messages.
        golden::encoder::Encoder::new(format, w, h, cfg.clone())
            .map_err(|e| anyhow::anyhow!(e.detail()))?;
        let mut lane = EncLane::new();
        lane.start(format, w, h, &cfg);
        Ok(Lane {
            lane,
            rng: Rng::new(1),
            cycles: 0,
            mbs: 0,
            samples: 0,
        })
    }
}

impl PictureEncoder for Lane {
    fn encode(&mut self, pic: &Picture) -> Result<EncodedPicture> {
        let out = self.lane.picture(pic, LaneStalls::NONE, &mut self.rng);
        self.cycles += out.cycles;
        self.mbs += (pic.width_mbs() * pic.height_mbs()) as u64;
        self.samples += pic.planes.iter().map(|p| p.data.len() as u64).sum::<u64>();
        Ok(EncodedPicture {
            bytes: out.bytes,
            recon: out.recon,
        })
    }

    fn summary(&self) -> Option<String> {
        let per = |a: u64, b: u64| a as f64 / b.max(1) as f64;
        Some(format!(
            "{} cycles for {} macroblocks: {:.1} cycles/macroblock, {:.3} input samples/cycle \
             (padded to whole macroblocks; no stalls)",
            self.cycles,
            self.mbs,
            per(self.cycles, self.mbs),
            per(self.samples, self.cycles)
        ))
    }
}

/// The decoder lane as `decode`'s stream decoder.
struct DecodeLane {
    lane: DecLane,
    rng: Rng,
    cycles: u64,
    mbs: u64,
    samples: u64,
}

impl StreamDecoder for DecodeLane {
    fn decode(&mut self, stream: &[u8], put: &mut dyn FnMut(&Picture) -> Result<()>) -> Result<()> {
        let run = self.lane.decode(stream, DecStalls::NONE, &mut self.rng);
        if run.error {
            anyhow::bail!(
                "the decoder lane raised its error flag after {} of {} bytes: the stream is \
                 corrupt or truncated, or holds what the lane does not decode (I_PCM \
                 macroblocks, the deblocking filter, pictures over {} \
                 luma samples wide)",
                run.error_at,
                stream.len(),
                16 * sim::DEC_LANE_MAX_WIDTH_MBS
            );
        }
        if run.partial_mbs > 0 {
            anyhow::bail!(
                "the stream ends inside a picture ({} of its macroblocks decoded)",
                run.partial_mbs
            );
        }
        self.cycles = run.cycles;
        self.mbs = run.mbs;
        for p in &run.pictures {
            self.samples += p.planes.iter().map(|q| q.data.len() as u64).sum::<u64>();
            put(p)?;
        }
        Ok(())
    }

    fn summary(&self) -> Option<String> {
        let per = |a: u64, b: u64| a as f64 / b.max(1) as f64;
        Some(format!(
            "{} cycles for {} macroblocks: {:.1} cycles/macroblock, {:.3} output samples/cycle \
             (whole macroblocks; no stalls)",
            self.cycles,
            self.mbs,
            per(self.cycles, self.mbs),
            per(self.samples, self.cycles)
        ))
    }
}

fn main() -> ExitCode {
    app::main("tricodec-rtl", Cli::try_parse(), |cli| match cli.command {
        Command::Encode(args) => encode::run_with(&args, "tricodec-rtl", Lane::new),
        Command::Decode(args) => decode::run_with(
            &args,
            &mut DecodeLane {
                lane: DecLane::new(),
                rng: Rng::new(1),
                cycles: 0,
                mbs: 0,
                samples: 0,
            },
        ),
    })
}
