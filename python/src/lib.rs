//! Python bindings of the tricodec golden model: the extension module
//! `tricodec._native`. The Python package `tricodec` (python/tricodec) wraps
//! it with argument conversion, defaults and docstrings; this layer checks
//! every value again, so a direct call can raise but never panic.
//!
//! Arrays come in as contiguous numpy arrays (read in place) and go out as
//! numpy arrays that own the Rust buffer (no copy). Long work (coding,
//! decoding) runs with the GIL released on data copied out of Python first,
//! so no other thread can change it meanwhile.

mod codec;
mod errors;
mod frames;
mod stages;

use pyo3::prelude::*;

/// The extension module: errors, codec, frames and stage functions.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    errors::register(m)?;
    codec::register(m)?;
    frames::register(m)?;
    stages::register(m)?;
    Ok(())
}
