//! Safe outputs and inputs for the `tricodec` command line and the Python
//! bindings: a failed or interrupted run never destroys what the user had.
//!
//! - [`Output`]: a regular-file target (or a name that does not exist yet) is
//!   written to a temporary file in the same folder, which is synced and
//!   renamed over the target only by [`Output::finish`]; dropped unfinished,
//!   the temporary file is removed and the target is untouched. A target that
//!   is not a regular file (FIFO, pipe, character device, `-` for standard
//!   output) is written as a stream and never removed or renamed. An output
//!   that is one of the run's inputs (same device and inode) is refused.
//! - [`read_input`] / [`open_input`]: read a file, or standard input for `-`.
//! - [`cleanup_on_signals`] (feature `signals`): SIGINT, SIGTERM and SIGHUP
//!   remove the unfinished temporary files, then end the process as the
//!   signal would have.
//! - [`is_broken_pipe`] / [`exit_broken_pipe`]: a reader that went away ends
//!   the process quietly, as coreutils do (killed by SIGPIPE).

#![forbid(unsafe_code)]

mod error;
mod input;
mod output;
mod signals;

pub use error::{Error, ErrorKind};
pub use input::{open_input, read_input, same_file, Input};
pub use output::{check_distinct, Output};
pub use signals::{cleanup_on_signals, exit_broken_pipe, is_broken_pipe};

use std::path::Path;

/// Whether `path` names standard input/output (`-`).
pub fn is_std(path: &Path) -> bool {
    path.as_os_str() == "-"
}

/// How an input is named in messages: `-` is "standard input".
pub fn input_label(path: &Path) -> String {
    label(path, "standard input")
}

/// `detail` about the input `path`, the file named once: "x.tcz: truncated:
/// ...", or `detail` alone when it already names the file.
pub fn about(path: &Path, detail: &str) -> String {
    let name = input_label(path);
    if detail.contains(&name) {
        detail.to_string()
    } else {
        format!("{name}: {detail}")
    }
}

/// How a path is shown in messages: `-` is "standard input" or "standard
/// output", anything else its display form.
pub(crate) fn label(path: &Path, std_name: &str) -> String {
    if is_std(path) {
        std_name.to_string()
    } else {
        path.display().to_string()
    }
}
