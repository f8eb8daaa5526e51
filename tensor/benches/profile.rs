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

use golden::decoder::Decoder;

fn main() {
    // `cargo bench` passes --bench; ignore flags.
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with("--"))
        .collect();
    let what = args.first().map_or("enc", String::as_str);
    let index: usize = args.get(1).map_or(1, |v| v.parse().expect("image index"));
    let count: usize = args.get(2).map_or(2, |v| v.parse().expect("picture count"));
    let img = common::load_images().swap_remove(index);
    let qp = common::choose_qp(&img);
    let pic = img.picture();
    let stream = common::encoder(&img, qp)
        .encode(&pic)
        .expect("encode")
        .bytes;
    eprintln!("{} at QP {qp}: {what} x {count}", img.label);
    workload(what, &img, qp, count, &stream);
}

/// The measured loop.
#[inline(never)]
fn workload(what: &str, img: &common::BenchImage, qp: i32, count: usize, stream: &[u8]) {
    let pic = img.picture();
    match what {
        "enc" => {
            let mut enc = common::encoder(img, qp);
            for _ in 0..count {
                black_box(enc.encode(black_box(&pic)).expect("encode"));
            }
        }
        "dec" => {
            for _ in 0..count {
                black_box(Decoder::decode_stream(black_box(stream)).expect("decode"));
            }
        }
        other => panic!("unknown workload {other}: enc or dec"),
    }
}
