//! `tricodec`: command-line front end of the golden encoder and decoder.
//!
//! Every failure ends as one line on stderr (`tricodec: error: ...`) and a
//! non-zero exit status: 1 for a failed run, 2 for a bad command line.

#![forbid(unsafe_code)]

use std::process::ExitCode;

use clap::Parser;
use tricodec::cli;

fn main() -> ExitCode {
    let parsed = cli::Cli::try_parse().and_then(cli::Cli::checked);
    tricodec::app::main("tricodec", parsed, cli::run)
}
