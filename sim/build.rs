//! Verilates the RTL tops in `rtl/` and compiles them, the Verilator runtime and the C ABI
//! wrapper (`csrc/sim.cpp`) into one static library for the `sim` crate.
//!
//! Verilator runs with `-Wall` and warnings are errors, so a build of this crate is also the
//! RTL's lint check. A missing Verilator stops the build with a message saying how to get it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Verilated tops: (top module, files relative to `rtl/`).
const MODELS: &[(&str, &[&str])] = &[
    ("residual_lane", &["residual_lane.sv"]),
    ("residual_lane8x8", &["residual_lane8x8.sv"]),
];

/// Files every top may instantiate (relative to `rtl/`).
const COMMON: &[&str] = &[
    "transform/transform_fwd4x4.sv",
    "transform/transform_inv4x4.sv",
    "transform/transform_fwd8x8.sv",
    "transform/transform_inv8x8.sv",
    "quant/quant_qp_split.sv",
    "quant/quant_q4x4.sv",
    "quant/quant_dq4x4.sv",
    "quant/quant_q8x8.sv",
    "quant/quant_dq8x8.sv",
];

fn main() {
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let rtl = manifest.join("../rtl").canonicalize().expect("rtl/ next to sim/");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());

    let root = verilator_root();
    println!("cargo:rerun-if-changed=csrc/sim.cpp");
    println!("cargo:rerun-if-changed={}", rtl.display());
    println!("cargo:rerun-if-env-changed=VERILATOR");

    let mut build = cc::Build::new();
    build
        .cpp(true)
        .std("c++17")
        .include(root.join("include"))
        .include(root.join("include/vltstd"))
        .define("VM_COVERAGE", "0")
        .define("VM_SC", "0")
        .define("VM_TRACE", "0")
        .define("VM_TRACE_FST", "0")
        .define("VM_TRACE_VCD", "0")
        // Verilator's own flag set for generated code (verilated.mk, CFG_CXXFLAGS_NO_UNUSED).
        .flag_if_supported("-faligned-new")
        .flag_if_supported("-Wno-bool-operation")
        .flag_if_supported("-Wno-sign-compare")
        .flag_if_supported("-Wno-uninitialized")
        .flag_if_supported("-Wno-unused-but-set-variable")
        .flag_if_supported("-Wno-unused-parameter")
        .flag_if_supported("-Wno-unused-variable")
        .flag_if_supported("-Wno-shadow")
        // The generated code is large and straight-line: -O1 simulates nearly as fast as -O2
        // and compiles much faster (see docs/verification.md).
        .opt_level(1)
        .warnings(false);

    for (top, files) in MODELS {
        let mdir = out.join(top);
        verilate(&rtl, top, files, &mdir);
        build.include(&mdir);
        for cpp in cpp_files(&mdir) {
            build.file(cpp);
        }
    }
    build.file(root.join("include/verilated.cpp"));
    build.file(root.join("include/verilated_threads.cpp"));
    build.file(manifest.join("csrc/sim.cpp"));
    build.compile("tricodec_sim");
    println!("cargo:rustc-link-lib=pthread");
}

/// The `verilator` command (env `VERILATOR` overrides).
fn verilator() -> String {
    std::env::var("VERILATOR").unwrap_or_else(|_| "verilator".into())
}

/// VERILATOR_ROOT as the installed Verilator reports it; panics with a clear message when
/// Verilator is missing.
fn verilator_root() -> PathBuf {
    let v = verilator();
    let out = Command::new(&v).args(["--getenv", "VERILATOR_ROOT"]).output();
    let out = match out {
        Ok(o) if o.status.success() => o,
        _ => panic!(
            "\n\ntricodec-sim needs Verilator (>= 5.006) to build: `{v}` was not found or \
             failed.\nInstall it with scripts/bootstrap.sh (apt-get install verilator) or set \
             VERILATOR to its path.\n\n"
        ),
    };
    let root = PathBuf::from(String::from_utf8_lossy(&out.stdout).trim().to_string());
    assert!(
        root.join("include/verilated.cpp").is_file(),
        "Verilator's runtime sources not found under {} (VERILATOR_ROOT)",
        root.display()
    );
    root
}

/// Runs Verilator on one top into `mdir` (C++ only; compiled by `cc` above).
fn verilate(rtl: &Path, top: &str, files: &[&str], mdir: &Path) {
    let _ = std::fs::remove_dir_all(mdir);
    let mut cmd = Command::new(verilator());
    cmd.args(["--cc", "-Wall", "-O3", "--top-module", top])
        .arg("--prefix")
        .arg(format!("V{top}"))
        .arg("-Mdir")
        .arg(mdir);
    for f in files.iter().chain(COMMON) {
        cmd.arg(rtl.join(f));
    }
    let status = cmd.status().expect("running verilator");
    assert!(
        status.success(),
        "verilator failed on top {top} (lint warnings are errors: see the messages above)"
    );
}

/// The generated C++ sources of one model, sorted (deterministic build).
fn cpp_files(mdir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(mdir)
        .expect("verilator output dir")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "cpp"))
        .collect();
    v.sort();
    v
}
