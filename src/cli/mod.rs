//! Command line: argument definitions and the pieces shared by the commands.

pub mod decode;
pub mod encode;
mod tensor;

use std::io::IsTerminal;
use std::path::Path;

use anyhow::Result;
use clap::{Parser, Subcommand, ValueEnum};
use golden::ChromaFormat;
use tricodec_io::Output;

/// tricodec: intra H.264 (High profile, CABAC) for tensors, images and video.
///
/// Raw files are planar 8-bit, frames concatenated: luma only for 4:0:0,
/// I420 (Y, then Cb, then Cr at half width and height) for 4:2:0.
#[derive(Parser, Debug)]
#[command(name = "tricodec", version, arg_required_else_help = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    Encode(encode::EncodeArgs),
    Decode(decode::DecodeArgs),
    Compress(tensor::CompressArgs),
    Decompress(tensor::DecompressArgs),
    Inspect(tensor::InspectArgs),
    Eval(tensor::EvalArgs),
    Convert(tensor::ConvertArgs),
}

impl Cli {
    /// Refuses combinations that clap cannot express: options that would do
    /// nothing in the chosen mode (a bad command line, exit status 2).
    pub fn checked(self) -> Result<Self, clap::Error> {
        let problem = match &self.command {
            Command::Compress(a) => a.check(),
            Command::Eval(a) => a.check(),
            _ => Ok(()),
        };
        match problem {
            Ok(()) => Ok(self),
            Err(msg) => {
                use clap::CommandFactory;
                Err(Cli::command().error(clap::error::ErrorKind::ArgumentConflict, msg))
            }
        }
    }
}

/// Runs the command line's command.
pub fn run(cli: Cli) -> Result<()> {
    match cli.command {
        Command::Encode(args) => encode::run(&args),
        Command::Decode(args) => decode::run(&args),
        Command::Compress(args) => tensor::compress(&args),
        Command::Decompress(args) => tensor::decompress(&args),
        Command::Inspect(args) => tensor::inspect(&args),
        Command::Eval(args) => tensor::eval(&args),
        Command::Convert(args) => tensor::convert(&args),
    }
}

/// Chroma format as written on the command line.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Chroma {
    /// 4:0:0, luma only (tensors).
    #[value(name = "400")]
    Mono,
    /// 4:2:0, I420 layout.
    #[value(name = "420")]
    Yuv420,
}

impl From<Chroma> for ChromaFormat {
    fn from(c: Chroma) -> Self {
        match c {
            Chroma::Mono => ChromaFormat::Monochrome,
            Chroma::Yuv420 => ChromaFormat::Yuv420,
        }
    }
}

/// Short name of a chroma format for messages.
fn format_name(f: ChromaFormat) -> &'static str {
    match f {
        ChromaFormat::Monochrome => "4:0:0",
        ChromaFormat::Yuv420 => "4:2:0",
    }
}

/// Opens an output (see `tricodec_io::Output`): a regular file is replaced
/// only when the command succeeds, anything else is written as a stream; an
/// input never becomes an output.
fn create_output(path: &Path, inputs: &[&Path]) -> Result<Output> {
    if tricodec_io::is_std(path) && std::io::stdout().is_terminal() {
        anyhow::bail!(
            "refusing to write binary data to a terminal: redirect standard output \
             (`-o - > FILE`, `| ...`) or name a file with -o"
        );
    }
    Ok(Output::create(path, inputs)?)
}

/// A golden-model error about the file `path`, naming it once.
fn in_file(path: &Path, e: golden::Error) -> anyhow::Error {
    anyhow::anyhow!(tricodec_io::about(path, &e.detail()))
}

/// How an input is named in messages (`-` is standard input).
fn file_label(path: &Path) -> String {
    tricodec_io::input_label(path)
}

/// Frame counter on stderr, shown only when stderr is a terminal.
struct Progress {
    verb: &'static str,
    shown: bool,
}

impl Progress {
    fn new(verb: &'static str) -> Self {
        Progress {
            verb,
            shown: std::io::stderr().is_terminal(),
        }
    }

    fn frame(&self, n: u64) {
        if self.shown {
            eprint!("\r{} frame {n}", self.verb);
        }
    }

    fn done(&self) {
        if self.shown {
            eprint!("\r\x1b[K");
        }
    }
}

/// Stream bits per raw sample (all planes), with three decimals, as text.
/// Integer arithmetic: round half up of `bits * 1000 / samples`.
fn bits_per_sample(stream_bytes: u64, raw_bytes: u64) -> String {
    if raw_bytes == 0 {
        return "-".to_string();
    }
    let (bits, samples) = (stream_bytes as u128 * 8, raw_bytes as u128);
    let milli = (bits * 1000 + samples / 2) / samples;
    format!("{}.{:03}", milli / 1000, milli % 1000)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bits_per_sample_rounds_half_up() {
        assert_eq!(bits_per_sample(1, 8), "1.000");
        assert_eq!(bits_per_sample(1, 3), "2.667"); // 2.6666..
        assert_eq!(bits_per_sample(1, 16000), "0.001"); // 0.0005 rounds up
        assert_eq!(bits_per_sample(1, 16001), "0.000");
        assert_eq!(bits_per_sample(5, 0), "-");
    }
}
