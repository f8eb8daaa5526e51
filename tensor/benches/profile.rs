//! A fixed workload for instruction-count profiling, e.g.
//!
//! ```text
//! cargo bench -p tricodec-tensor --bench profile --no-run   # prints the binary
//! valgrind --tool=callgrind --toggle-collect='profile::workload' \
//!     target/release/deps/profile-HASH enc 1 2
//! ```
//!
//! (`--toggle-collect` counts only the timed loop, not loading the model.)
//!
//! Arguments: `enc` or `dec`, the image index into `common::IMAGES` (default
//! 1, the MiniLM attention matrix) and the number of pictures (default 2).
//! Each picture is encoded (or our stream of it decoded) at the QP giving
//! about 2.5 bits/sample. Instruction counts are deterministic, so they
//! compare builds on a noisy machine where times cannot.

mod common;

use std::hint::black_box;

use clap::error::ErrorKind;
use clap::{CommandFactory, Parser, ValueEnum};

use golden::decoder::Decoder;

/// Command line of the profiling workload.
#[derive(Parser, Debug)]
#[command(
    name = "profile",
    about = "A fixed encode or decode workload for instruction-count profiling"
)]
struct Args {
    /// What to run: encode the picture, or decode our stream of it.
    #[arg(value_enum, default_value_t = What::Enc)]
    what: What,
    /// Index of the image in `common::IMAGES` (1: the MiniLM attention matrix).
    #[arg(default_value_t = 1)]
    index: usize,
    /// Number of pictures coded.
    #[arg(default_value_t = 2)]
    count: usize,
    /// Added by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

/// The workload run.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum What {
    /// Encode.
    Enc,
    /// Decode.
    Dec,
}

fn main() {
    let args = Args::parse();
    let (what, index, count) = (args.what, args.index, args.count);
    if index >= common::IMAGES.len() {
        Args::command()
            .error(
                ErrorKind::InvalidValue,
                format!(
                    "image index {index} out of range: 0 to {}",
                    common::IMAGES.len() - 1
                ),
            )
            .exit();
    }
    let img = common::load_images().swap_remove(index);
    let qp = common::choose_qp(&img);
    let pic = img.picture();
    let stream = common::encoder(&img, qp)
        .encode(&pic)
        .expect("encode")
        .bytes;
    let name = what.to_possible_value().expect("named");
    eprintln!("{} at QP {qp}: {} x {count}", img.label, name.get_name());
    workload(what, &img, qp, count, &stream);
}

/// The measured loop.
#[inline(never)]
fn workload(what: What, img: &common::BenchImage, qp: i32, count: usize, stream: &[u8]) {
    let pic = img.picture();
    match what {
        What::Enc => {
            let mut enc = common::encoder(img, qp);
            for _ in 0..count {
                black_box(enc.encode(black_box(&pic)).expect("encode"));
            }
        }
        What::Dec => {
            for _ in 0..count {
                black_box(Decoder::decode_stream(black_box(stream)).expect("decode"));
            }
        }
    }
}
