//! What the tensor crate's integration tests share: the real models that
//! scripts/bootstrap.sh fetches into build/models.

use std::path::{Path, PathBuf};

use tensor::SafeTensors;

/// The path of `build/models/NAME`; panics with what to run when it is missing.
pub fn model_file(name: &str) -> PathBuf {
    let p = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../build/models")
        .join(name);
    assert!(
        p.is_file(),
        "{} missing: run scripts/bootstrap.sh",
        p.display()
    );
    p
}

/// `build/models/NAME`, read.
#[allow(dead_code)] // not every test file reads whole models
pub fn model(name: &str) -> SafeTensors {
    SafeTensors::read(model_file(name)).unwrap()
}
