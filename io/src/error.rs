//! One error type: what was being done, to which file, and why.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};

/// Why an input or output failed.
#[derive(Debug)]
pub enum ErrorKind {
    /// The operating system refused (the `io::Error` holds the errno).
    Io(io::Error),
    /// The output is the same file as the named input.
    SameFile { input: PathBuf },
}

/// An input or output error: `cannot read x: No such file or directory`,
/// `refusing to write x: it is the input x`.
#[derive(Debug)]
pub struct Error {
    /// The file as the user named it (`-` for standard input/output).
    pub path: PathBuf,
    /// What was being done: "read", "create", "write".
    pub action: &'static str,
    pub kind: ErrorKind,
}

impl Error {
    /// `cannot {action} {path}: {e}`.
    pub fn io(path: &Path, action: &'static str, e: io::Error) -> Self {
        Error {
            path: path.to_path_buf(),
            action,
            kind: ErrorKind::Io(e),
        }
    }

    /// Why, without the action and the path: the operating system's text
    /// ("No such file or directory") or the refusal.
    pub fn reason(&self) -> String {
        match &self.kind {
            ErrorKind::Io(e) => plain(e),
            ErrorKind::SameFile { input } => format!("it is the input {}", input.display()),
        }
    }

    /// The operating system error, when there is one (for errno and the
    /// exception type of the Python bindings).
    pub fn io_error(&self) -> Option<&io::Error> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            ErrorKind::SameFile { .. } => None,
        }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let std_name = if self.action == "read" {
            "standard input"
        } else {
            "standard output"
        };
        let path = crate::label(&self.path, std_name);
        match &self.kind {
            ErrorKind::Io(e) => write!(f, "cannot {} {path}: {}", self.action, plain(e)),
            ErrorKind::SameFile { input } => write!(
                f,
                "refusing to write {path}: it is the input {} (choose another output)",
                input.display()
            ),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            ErrorKind::Io(e) => Some(e),
            ErrorKind::SameFile { .. } => None,
        }
    }
}

impl From<Error> for io::Error {
    fn from(e: Error) -> io::Error {
        let kind = match &e.kind {
            ErrorKind::Io(io) => io.kind(),
            ErrorKind::SameFile { .. } => io::ErrorKind::InvalidInput,
        };
        io::Error::new(kind, e)
    }
}

/// The operating system's text without Rust's " (os error N)" suffix:
/// "No such file or directory".
pub(crate) fn plain(e: &io::Error) -> String {
    let s = e.to_string();
    match (e.raw_os_error(), s.rfind(" (os error ")) {
        (Some(_), Some(i)) => s[..i].to_string(),
        _ => s,
    }
}
