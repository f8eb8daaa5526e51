//! Command line: argument definitions and the pieces shared by the commands.

mod decode;
mod encode;
mod tensor;

use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use clap::{Parser, Subcommand, ValueEnum};
use golden::ChromaFormat;

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

/// An output file that is removed again unless the command succeeds, so a
/// failed run leaves no half-written file behind.
struct OutputFile {
    path: PathBuf,
    writer: Option<BufWriter<File>>,
}

impl OutputFile {
    /// Creates `path`, refusing to overwrite `input` (which is still to be read).
    fn create(path: &Path, input: &Path) -> Result<Self> {
        if let (Ok(a), Ok(b)) = (path.canonicalize(), input.canonicalize()) {
            anyhow::ensure!(a != b, "output {} is the input file", path.display());
        }
        let file =
            File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
        Ok(OutputFile {
            path: path.to_path_buf(),
            writer: Some(BufWriter::new(file)),
        })
    }

    fn write(&mut self, bytes: &[u8]) -> Result<()> {
        let w = self.writer.as_mut().expect("written after finish");
        w.write_all(bytes)
            .with_context(|| format!("cannot write {}", self.path.display()))
    }

    /// Flushes the file and keeps it.
    fn finish(mut self) -> Result<()> {
        let w = self.writer.take().expect("finished twice");
        let file = w.into_inner().map_err(|e| e.into_error());
        file.and_then(|f| f.sync_all())
            .with_context(|| format!("cannot write {}", self.path.display()))?;
        self.path = PathBuf::new();
        Ok(())
    }
}

impl Drop for OutputFile {
    fn drop(&mut self) {
        if !self.path.as_os_str().is_empty() {
            self.writer.take();
            let _ = std::fs::remove_file(&self.path);
        }
    }
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

    #[test]
    fn failed_output_is_removed() {
        let dir = std::env::temp_dir().join(format!("tricodec-cli-unit-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let (kept, dropped) = (dir.join("kept"), dir.join("dropped"));
        let mut a = OutputFile::create(&kept, &dir.join("in")).unwrap();
        a.write(b"x").unwrap();
        a.finish().unwrap();
        let mut b = OutputFile::create(&dropped, &dir.join("in")).unwrap();
        b.write(b"y").unwrap();
        drop(b);
        assert_eq!(std::fs::read(&kept).unwrap(), b"x");
        assert!(!dropped.exists());
        assert!(OutputFile::create(&kept, &kept).is_err());
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
