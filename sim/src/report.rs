//! What the report binaries (`cabac-report`, `lane-report`) share: the real tensors they run,
//! the throughput target, and what they read from `make synth`'s summary.

use golden::align::FloatVec;
use serde_json::{json, Value};
use tensor::SafeTensors;

/// BF16 values per second in 100 Gb/s.
pub const VALUES_PER_S: f64 = 100e9 / 16.0;
/// The target clock of every block (synth/blocks.toml).
pub const TARGET_GHZ: f64 = 1.0;
/// The real tensors of the reports: model file (under build/models), tensor name.
pub const TENSORS: [(&str, &str); 3] = [
    (
        "stories260K.safetensors",
        "model.layers.2.self_attn.q_proj.weight",
    ),
    (
        "stories260K.safetensors",
        "model.layers.2.mlp.up_proj.weight",
    ),
    (
        "minilm/model.safetensors",
        "encoder.layer.0.attention.self.key.weight",
    ),
];

/// A larger MiniLM tensor the lane reports run beside [`TENSORS`].
pub const LARGER: (&str, &str) = (
    "minilm/model.safetensors",
    "encoder.layer.3.intermediate.dense.weight",
);

/// The sets of weights the tensor tops' reports code whole: name, model file (under the
/// models folder), which 2-D tensors (name prefix; "" for all).
pub const TENSOR_SETS: [(&str, &str, &str); 2] = [
    ("stories260K", "stories260K.safetensors", ""),
    (
        "MiniLM layer 0",
        "minilm/model.safetensors",
        "encoder.layer.0.",
    ),
];

/// The 2-D tensors of `file` whose names start with `prefix`: (name, shape, values as
/// stored).
pub fn load_set(
    models: &std::path::Path,
    file: &str,
    prefix: &str,
) -> Result<Vec<(String, Vec<usize>, FloatVec)>, String> {
    let st = SafeTensors::read(models.join(file)).map_err(|e| e.detail())?;
    let mut tensors = Vec::new();
    for v in st.tensors() {
        if v.shape.len() == 2 && v.name.starts_with(prefix) {
            let dtype = v.dtype.align().map_err(|e| e.detail())?;
            let values = FloatVec::from_le_bytes(st.bytes(&v.name).map_err(|e| e.detail())?, dtype)
                .map_err(|e| e.detail())?;
            tensors.push((v.name.clone(), v.shape.clone(), values));
        }
    }
    Ok(tensors)
}

/// Each value of `v` as f64.
pub fn f64s(v: &FloatVec) -> Vec<f64> {
    let s = v.as_slice();
    (0..s.len()).map(|i| s.value_f64(i)).collect()
}

/// synth/reports/summary.json (or `Value::Null` when there is none or it does not parse).
pub fn read_summary(path: &std::path::Path) -> Value {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|s| serde_json::from_str(&s).ok())
        .unwrap_or(Value::Null)
}

/// TT fmax (MHz) of `block` in make synth's summary, if there.
pub fn fmax_mhz(summary: &Value, block: &str) -> Option<f64> {
    summary["blocks"].as_array()?.iter().find_map(|b| {
        (b["block"] == block && b["corner"].as_str().is_some_and(|c| c.contains(" TT ")))
            .then(|| b["fmax_mhz"].as_f64())
            .flatten()
    })
}

/// Lanes (engines) of `values_per_cycle` each that 100 Gb/s of BF16 needs at `ghz`.
pub fn lanes_for(values_per_cycle: f64, ghz: f64) -> f64 {
    (VALUES_PER_S / 1e9 / (values_per_cycle * ghz)).ceil()
}

/// Writes `out/stem.md` and `out/stem.json` (pretty, newline-terminated).
pub fn write_results(out: &std::path::Path, stem: &str, md: &str, j: &Value) -> Result<(), String> {
    std::fs::create_dir_all(out).map_err(|e| e.to_string())?;
    std::fs::write(out.join(format!("{stem}.md")), md).map_err(|e| e.to_string())?;
    std::fs::write(
        out.join(format!("{stem}.json")),
        serde_json::to_string_pretty(j).expect("json") + "\n",
    )
    .map_err(|e| e.to_string())
}

/// A report binary's exit: success, or `name: error: ...` on stderr and failure.
pub fn exit(name: &str, result: Result<(), String>) -> std::process::ExitCode {
    match result {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{name}: error: {e}");
            std::process::ExitCode::FAILURE
        }
    }
}

/// One measured run of a tensor top (tensor-enc-report, tensor-dec-report): a set at one rate
/// and slice count.
pub struct TopRun {
    pub set: String,
    pub slices: usize,
    pub bits_per_value: f64,
    pub tensors: usize,
    pub parts: usize,
    pub values: u64,
    /// The encoder's scan pass (the row codes), apart from `cycles`; none for the decoder.
    pub scan_cycles: Option<u64>,
    pub cycles: u64,
    pub sqnr_db: f64,
}

impl TopRun {
    pub fn values_per_cycle(&self) -> f64 {
        self.values as f64 / self.cycles as f64
    }

    pub fn json(&self) -> Value {
        let mut j = json!({
            "set": self.set, "slices": self.slices, "bits_per_value": self.bits_per_value,
            "tensors": self.tensors, "parts": self.parts, "values": self.values,
            "cycles": self.cycles, "values_per_cycle": self.values_per_cycle(),
            "sqnr_db": self.sqnr_db,
        });
        if let Some(c) = self.scan_cycles {
            j["scan_cycles"] = json!(c);
        }
        j
    }
}
