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

/// The column of the default codec on the tensor's transpose.
const TRANSPOSED: &str = "transposed";

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
    // Not a codec setting: the default codec on the tensor's transpose (a row of the pictures
    // is a column of the tensor, so the scales per row are per column), the same budget.
    let transposed = args.only.is_empty() || args.only.iter().any(|o| o == TRANSPOSED);
    print!("| tensor | shape |");
    for (label, _) in &variants {
        print!(" {label} |");
    }
    if transposed {
        print!(" {TRANSPOSED} |");
    }
    println!();
    print!("| --- | --- |");
    for _ in 0..variants.len() + usize::from(transposed) {
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
        // SQNR and rate of `values` (shape `shape`, `x` as f64) coded with `cfg`.
        let cell = |values: &FloatVec, shape: &[usize], x: &[f64], cfg: &CodecParams| {
            let c = codec::compress(name, values, shape, cfg, QpChoice::Budget(budget)).unwrap();
            let FloatVec::F32(b) = codec::decode(&c, shape, Dtype::F32).unwrap() else {
                unreachable!()
            };
            let y: Vec<f64> = b.iter().map(|&u| f64::from(f32::from_bits(u))).collect();
            let rate = c.bytes() as f64 * 8.0 / v.numel() as f64;
            format!(" {:.2} dB @ {rate:.2} |", align::sqnr_db(x, &y))
        };
        for (_, cfg) in &variants {
            print!("{}", cell(&values, &v.shape, &x, cfg));
        }
        if let (true, &[rows, cols]) = (transposed, &v.shape[..]) {
            let FloatVec::F32(bits) = &values else {
                unreachable!()
            };
            let t = |i: usize| (i % rows) * cols + i / rows;
            let vt = FloatVec::F32((0..rows * cols).map(|i| bits[t(i)]).collect());
            let xt: Vec<f64> = (0..rows * cols).map(|i| x[t(i)]).collect();
            print!("{}", cell(&vt, &[cols, rows], &xt, &d));
        }
        println!();
    }
}
