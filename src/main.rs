//! `tricodec`: command-line front end of the golden encoder and decoder.
//!
//! Every failure ends as one line on stderr (`tricodec: error: ...`) and a
//! non-zero exit status: 1 for a failed run, 2 for a bad command line.

#![forbid(unsafe_code)]

mod cli;

use std::process::ExitCode;

use clap::error::ErrorKind;
use clap::Parser;

fn main() -> ExitCode {
    install_panic_hook();
    let args = match cli::Cli::try_parse().and_then(cli::Cli::checked) {
        Ok(args) => args,
        Err(e) => return usage_error(e),
    };
    if let Err(e) = tricodec_io::cleanup_on_signals() {
        eprintln!("tricodec: warning: cannot watch for Ctrl-C: {e}");
    }
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if tricodec_io::is_broken_pipe(e.as_ref()) => tricodec_io::exit_broken_pipe(),
        Err(e) => {
            eprintln!("tricodec: error: {}", message(&e));
            ExitCode::FAILURE
        }
    }
}

/// The error and its causes on one line, each said once: a cause whose text
/// the line already holds (an OS error its wrapper quoted) is left out.
fn message(e: &anyhow::Error) -> String {
    let mut line = String::new();
    for cause in e.chain() {
        let text = one_line(&cause.to_string());
        let plain = match text.rfind(" (os error ") {
            Some(i) if text.ends_with(')') => &text[..i],
            _ => &text,
        };
        if line.contains(plain) {
            continue;
        }
        if !line.is_empty() {
            line.push_str(": ");
        }
        line.push_str(&text);
    }
    line
}

/// Help and version go to stdout as clap writes them; any other command-line
/// error becomes one line.
fn usage_error(e: clap::Error) -> ExitCode {
    match e.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => {
            let _ = e.print();
            ExitCode::SUCCESS
        }
        ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand => {
            let _ = e.print();
            ExitCode::from(2)
        }
        _ => {
            let text = e.render().to_string();
            // The first paragraph is the message; usage and tips follow.
            let first = text.split("\n\n").next().unwrap_or("bad command line");
            let msg = first.strip_prefix("error: ").unwrap_or(first);
            eprintln!("tricodec: error: {} (see tricodec --help)", one_line(msg));
            ExitCode::from(2)
        }
    }
}

/// A panic is a bug in tricodec: report it on one line, without a backtrace.
fn install_panic_hook() {
    std::panic::set_hook(Box::new(|info| {
        let payload = info
            .payload()
            .downcast_ref::<&str>()
            .map(|s| s.to_string())
            .or_else(|| info.payload().downcast_ref::<String>().cloned())
            .unwrap_or_else(|| "panic".to_string());
        let at = info
            .location()
            .map(|l| format!(" at {}:{}", l.file(), l.line()))
            .unwrap_or_default();
        eprintln!(
            "tricodec: internal error (a bug): {}{at}",
            one_line(&payload)
        );
    }));
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
