//! What a tricodec command-line program does around its command: one line on stderr for every
//! failure (`NAME: error: ...`), exit status 1 for a failed run and 2 for a bad command line,
//! a panic reported as a bug on one line, broken pipes ended quietly. Shared by `tricodec`
//! (src/main.rs) and `tricodec-rtl` (sim/src/bin/tricodec_rtl.rs).

use std::process::ExitCode;

use clap::error::ErrorKind;

/// A failure that is the command line's fault although only the run found it (an option the
/// chosen encoder does not have): exit status 2 like a clap error.
#[derive(Debug)]
pub struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// Runs `command` with `args` parsed (`parsed`: clap's result) as program `name`: sets up the
/// panic hook and the signal cleanup, and turns the outcome into the exit status.
pub fn main<A>(
    name: &'static str,
    parsed: Result<A, clap::Error>,
    command: impl FnOnce(A) -> anyhow::Result<()>,
) -> ExitCode {
    install_panic_hook(name);
    let args = match parsed {
        Ok(args) => args,
        Err(e) => return usage_error(name, e),
    };
    if let Err(e) = tricodec_io::cleanup_on_signals() {
        eprintln!("{name}: warning: cannot watch for Ctrl-C: {e}");
    }
    match command(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) if tricodec_io::is_broken_pipe(e.as_ref()) => tricodec_io::exit_broken_pipe(),
        Err(e) => {
            eprintln!("{name}: error: {}", message(&e));
            if e.downcast_ref::<Usage>().is_some() {
                ExitCode::from(2)
            } else {
                ExitCode::FAILURE
            }
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
fn usage_error(name: &str, e: clap::Error) -> ExitCode {
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
            eprintln!("{name}: error: {} (see {name} --help)", one_line(msg));
            ExitCode::from(2)
        }
    }
}

/// A panic is a bug: report it on one line, without a backtrace.
fn install_panic_hook(name: &'static str) {
    std::panic::set_hook(Box::new(move |info| {
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
        eprintln!("{name}: internal error (a bug): {}{at}", one_line(&payload));
    }));
}

fn one_line(s: &str) -> String {
    s.split_whitespace().collect::<Vec<_>>().join(" ")
}
