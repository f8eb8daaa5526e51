//! Writes stage-level test vectors of the residual path from a real tensor, as hex text files
//! that any simulator can read (format: docs/verification.md, "Vector files").
//!
//! ```text
//! gen_vectors --model build/models/stories260K.safetensors \
//!             --tensor model.layers.0.self_attn.q_proj.weight --size 4 --blocks 256 --out DIR
//! ```

use std::path::PathBuf;
use std::process::ExitCode;

use sim::vectors::{lane_inputs, stage_columns, tensor_blocks, write_columns};

const USAGE: &str = "usage: gen_vectors --model FILE.safetensors --tensor NAME [--size 4|8] \
                     [--blocks N] --out DIR";

struct Args {
    model: PathBuf,
    tensor: String,
    size: usize,
    blocks: usize,
    out: PathBuf,
}

fn parse() -> Result<Args, String> {
    let mut model = None;
    let mut tensor = None;
    let mut size = 4;
    let mut blocks = 1024;
    let mut out = None;
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut val = || it.next().ok_or(format!("{flag} needs a value"));
        match flag.as_str() {
            "--model" => model = Some(PathBuf::from(val()?)),
            "--tensor" => tensor = Some(val()?),
            "--size" => size = val()?.parse().map_err(|e| format!("--size: {e}"))?,
            "--blocks" => blocks = val()?.parse().map_err(|e| format!("--blocks: {e}"))?,
            "--out" => out = Some(PathBuf::from(val()?)),
            "-h" | "--help" => return Err(USAGE.into()),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    if size != 4 && size != 8 {
        return Err("--size must be 4 or 8".into());
    }
    Ok(Args {
        model: model.ok_or(USAGE)?,
        tensor: tensor.ok_or(USAGE)?,
        size,
        blocks,
        out: out.ok_or(USAGE)?,
    })
}

fn main() -> ExitCode {
    let args = match parse() {
        Ok(a) => a,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let blocks = match tensor_blocks(&args.model, &args.tensor, args.size, args.blocks) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("gen_vectors: {}: {e}", args.model.display());
            return ExitCode::FAILURE;
        }
    };
    let cols = stage_columns(&lane_inputs(&blocks));
    match write_columns(&args.out, &cols) {
        Ok(paths) => {
            println!(
                "gen_vectors: {} blocks of {}x{} from {}, {} files in {}",
                blocks.len(),
                args.size,
                args.size,
                args.tensor,
                paths.len(),
                args.out.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("gen_vectors: {}: {e}", args.out.display());
            ExitCode::FAILURE
        }
    }
}
