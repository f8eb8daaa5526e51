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

/// SQNR (dB) of tensor `name` of `st` coded to `millibits` / 1000 bits per
/// value with `cfg` and decoded; the coding must fit the byte budget.
#[allow(dead_code)] // not every test file codes tensors to a budget
pub fn coded_sqnr(
    st: &SafeTensors,
    name: &str,
    millibits: u64,
    cfg: &tensor::codec::CodecParams,
) -> f64 {
    use golden::align::{Dtype, FloatVec};
    use tensor::codec::{self, QpChoice};
    let shape = st.get(name).unwrap().shape.clone();
    let x = st.to_f32(name).unwrap();
    let values = FloatVec::F32(x.iter().map(|v| v.to_bits()).collect());
    let budget = millibits * x.len() as u64 / 8000;
    let coded = codec::compress(name, &values, &shape, cfg, QpChoice::Budget(budget)).unwrap();
    assert!(coded.bytes() <= budget, "{name}: over the budget");
    let y = codec::decode(&coded, &shape, Dtype::F32).unwrap();
    let y = y.as_slice();
    let (mut s, mut e) = (0.0, 0.0);
    for (i, &v) in x.iter().enumerate() {
        s += f64::from(v).powi(2);
        e += (f64::from(v) - y.value_f64(i)).powi(2);
    }
    10.0 * (s / e).log10()
}
