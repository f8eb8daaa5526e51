//! What each tensor-codec tool brings: SQNR at equal rate with one tool
//! switched off or changed at a time, on real weights. Writes a Markdown
//! table to stdout (`make tensor-tools` puts it in docs/results/).
//!
//! Usage: tensor_tools MODEL.safetensors BITS TENSOR...

use std::path::PathBuf;

use clap::Parser;
use golden::align::{self, AlignMode, Dtype, FloatVec};
use golden::encoder::{Profile, Rdoq};
use golden::quant::Deadzone;
use tensor::codec::{self, AlignScope, CodecParams, MbStep, QpChoice};
use tensor::SafeTensors;

/// Command line: the model, the rate and the tensors compared.
#[derive(Parser, Debug)]
#[command(
    name = "tensor_tools",
    about = "SQNR at equal rate with one tensor-codec tool changed at a time (Markdown table on stdout)"
)]
struct Args {
    /// The model's .safetensors file.
    #[arg(value_name = "MODEL.safetensors")]
    model: PathBuf,
    /// Byte budget of each tensor, in bits per value.
    #[arg(value_name = "BITS")]
    bits: f64,
    /// Names of the tensors compared, one table row each.
    #[arg(value_name = "TENSOR", required = true)]
    tensors: Vec<String>,
    /// RDOQ's lambda of every column that codes with RDOQ (all but
    /// "rdoq off"), in Qstep^2 per bit times 2^16 (default: the tensor
    /// codec's).
    #[arg(long)]
    rdoq_lambda: Option<u32>,
    /// Only the columns with these labels (comma separated; all by default).
    #[arg(long, value_delimiter = ',')]
    only: Vec<String>,
}

fn main() {
    let args = Args::parse();
    let st = SafeTensors::read(&args.model).expect("model");
    let millibits: u64 = (args.bits * 1000.0).round() as u64;
    let rdoq = Rdoq {
        lambda_q16: args.rdoq_lambda.unwrap_or(codec::TENSOR_RDOQ.lambda_q16),
    };
    let d = CodecParams {
        rdoq: Some(rdoq),
        ..CodecParams::default()
    };
    // The tools of per-row alignment, measured with a scale per row (with
    // `Auto`, one scale per tensor would hide them where it wins).
    let r = CodecParams {
        scope: AlignScope::Row,
        ..d.clone()
    };
    let mut variants: Vec<(&str, CodecParams)> = vec![
        ("default", d.clone()),
        ("row: scale per row", r.clone()),
        (
            "one scale per tensor",
            CodecParams {
                scope: AlignScope::Tensor,
                ..d.clone()
            },
        ),
        (
            "row: MB step mean log2 only",
            CodecParams {
                mb_step: MbStep::MeanLog2,
                ..r.clone()
            },
        ),
        (
            "row: rows not sorted",
            CodecParams {
                sort_rows: false,
                ..r.clone()
            },
        ),
        (
            "row: no MB QP adaptation",
            CodecParams {
                sort_rows: false,
                mb_qp_adapt: false,
                ..r.clone()
            },
        ),
        (
            "all intra tools",
            CodecParams {
                profile: Profile::FULL,
                ..d.clone()
            },
        ),
        (
            "rdoq off",
            CodecParams {
                rdoq: None,
                ..d.clone()
            },
        ),
        (
            "rdoq off, deadzone 341",
            CodecParams {
                rdoq: None,
                deadzone: Deadzone(341),
                ..d.clone()
            },
        ),
        (
            "rdoq off, deadzone 512",
            CodecParams {
                rdoq: None,
                deadzone: Deadzone(512),
                ..d.clone()
            },
        ),
        (
            "row: affine per row",
            CodecParams {
                align: AlignMode::AffineRow,
                ..r.clone()
            },
        ),
        (
            "row: BFP group 32",
            CodecParams {
                align: AlignMode::Bfp { group: 32 },
                ..r.clone()
            },
        ),
    ];
    if !args.only.is_empty() {
        variants.retain(|(label, _)| args.only.iter().any(|o| o == label));
    }
    print!("| tensor | shape |");
    for (label, _) in &variants {
        print!(" {label} |");
    }
    println!();
    print!("| --- | --- |");
    for _ in &variants {
        print!(" --- |");
    }
    println!();
    for name in &args.tensors {
        let v = st
            .get(name)
            .unwrap_or_else(|| panic!("no tensor {name}"))
            .clone();
        let values = FloatVec::from_le_bytes(st.bytes(name).unwrap(), Dtype::F32).unwrap();
        let x: Vec<f64> = st
            .to_f32(name)
            .unwrap()
            .iter()
            .map(|&f| f64::from(f))
            .collect();
        let budget = millibits * v.numel() as u64 / 8000;
        print!("| {name} | {:?} |", v.shape);
        for (_, cfg) in &variants {
            let c =
                codec::compress(name, &values, &v.shape, cfg, QpChoice::Budget(budget)).unwrap();
            let FloatVec::F32(b) = codec::decode(&c, &v.shape, Dtype::F32).unwrap() else {
                unreachable!()
            };
            let y: Vec<f64> = b.iter().map(|&u| f64::from(f32::from_bits(u))).collect();
            let rate = c.bytes() as f64 * 8.0 / v.numel() as f64;
            print!(" {:.2} dB @ {rate:.2} |", align::sqnr_db(&x, &y));
        }
        println!();
    }
}
