//! One error type for the whole golden model. A corrupt stream is an `Err`,
//! never a panic.

/// Errors of the golden encoder and decoder.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Error {
    /// The data ended before the named syntax element was complete.
    #[error("truncated stream: {0}")]
    Truncated(&'static str),
    /// A syntax element holds a value the standard forbids.
    #[error("invalid stream: {0}")]
    Invalid(String),
    /// A legal stream uses a feature this decoder does not implement.
    #[error("unsupported stream: {0}")]
    Unsupported(String),
    /// The caller asked for something impossible (bad size, bad setting).
    #[error("bad argument: {0}")]
    Config(String),
}

impl Error {
    /// The message without the category word, for a caller that puts it after
    /// a file name ("x.tcz: truncated: ...", where "bad argument:" would
    /// mislead about an I/O failure).
    pub fn detail(&self) -> String {
        match self {
            Error::Config(m) | Error::Invalid(m) => m.clone(),
            Error::Truncated(m) => format!("truncated: {m}"),
            Error::Unsupported(m) => format!("unsupported: {m}"),
        }
    }
}

pub type Result<T> = std::result::Result<T, Error>;

/// Shorthand for `Err(Error::Invalid(..))` with `format!` arguments.
#[macro_export]
macro_rules! invalid {
    ($($arg:tt)*) => { $crate::error::Error::Invalid(format!($($arg)*)) };
}

/// Shorthand for `Err(Error::Unsupported(..))` with `format!` arguments.
#[macro_export]
macro_rules! unsupported {
    ($($arg:tt)*) => { $crate::error::Error::Unsupported(format!($($arg)*)) };
}
