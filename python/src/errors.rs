//! Python exceptions for `golden::Error`, and the argument checks shared by
//! the modules.

use std::path::Path;

use numpy::{Element, PyReadonlyArrayDyn};
use pyo3::create_exception;
use pyo3::exceptions::{PyOSError, PyValueError};
use pyo3::prelude::*;

create_exception!(
    tricodec,
    TricodecError,
    PyValueError,
    "Base of every error the codec reports (a ValueError)."
);
create_exception!(
    tricodec,
    ConfigError,
    TricodecError,
    "An impossible request: bad size, bad setting, out-of-range value."
);
create_exception!(
    tricodec,
    InvalidDataError,
    TricodecError,
    "Corrupt or truncated input: a stream, container or side information the codec rejects."
);
create_exception!(
    tricodec,
    UnsupportedError,
    TricodecError,
    "Valid input that uses a feature the golden model does not implement."
);

/// Adds the exception types to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    let py = m.py();
    m.add("TricodecError", py.get_type::<TricodecError>())?;
    m.add("ConfigError", py.get_type::<ConfigError>())?;
    m.add("InvalidDataError", py.get_type::<InvalidDataError>())?;
    m.add("UnsupportedError", py.get_type::<UnsupportedError>())?;
    Ok(())
}

/// The Python exception of a golden model error, with its message.
pub fn to_py(e: golden::Error) -> PyErr {
    let msg = e.detail();
    exception(&e, msg)
}

fn exception(e: &golden::Error, msg: String) -> PyErr {
    match e {
        golden::Error::Config(_) => ConfigError::new_err(msg),
        golden::Error::Invalid(_) | golden::Error::Truncated(_) => InvalidDataError::new_err(msg),
        golden::Error::Unsupported(_) => UnsupportedError::new_err(msg),
    }
}

/// A golden model error about the file `path`: the command line's message
/// ("x.tcz: truncated: ..."), with the exception's `filename` set.
pub fn in_file(path: &Path, e: golden::Error) -> PyErr {
    let msg = tricodec_io::about(path, &e.detail());
    with_filename(exception(&e, msg), path)
}

/// An input/output error: an `OSError` of the errno's subclass
/// (`FileNotFoundError`, `PermissionError`, ...) with `errno`, `strerror` and
/// `filename`; an output that is an input is a `ConfigError` with `filename`.
pub fn io_to_py(e: tricodec_io::Error) -> PyErr {
    let file = e.path.display().to_string();
    match e.io_error().and_then(std::io::Error::raw_os_error) {
        Some(errno) => PyOSError::new_err((errno, e.reason(), file)),
        None if e.io_error().is_some() => PyOSError::new_err(e.to_string()),
        None => with_filename(config(e.to_string()), &e.path),
    }
}

fn with_filename(err: PyErr, path: &Path) -> PyErr {
    Python::attach(|py| {
        let _ = err
            .value(py)
            .setattr("filename", path.display().to_string());
    });
    err
}

/// A `ConfigError` with `msg`.
pub fn config(msg: impl Into<String>) -> PyErr {
    ConfigError::new_err(msg.into())
}

/// The elements of a C-contiguous array, read in place.
pub fn contiguous<'a, T: Element>(
    a: &'a PyReadonlyArrayDyn<'_, T>,
    what: &str,
) -> PyResult<&'a [T]> {
    a.as_slice()
        .map_err(|_| config(format!("{what}: the array must be C-contiguous")))
}

/// Checks that every value lies in `lo..=hi`.
pub fn check_range(values: &[i32], lo: i32, hi: i32, what: &str) -> PyResult<()> {
    match values.iter().position(|v| !(lo..=hi).contains(v)) {
        Some(i) => Err(config(format!(
            "{what}: value {} at flat index {i} is outside {lo}..={hi}",
            values[i]
        ))),
        None => Ok(()),
    }
}
