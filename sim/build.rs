//! Verilates the RTL tops in `rtl/` and compiles them, the Verilator runtime and the C ABI
//! wrapper (`csrc/sim.cpp`) into one static library for the `sim` crate.
//!
//! Verilator runs with `-Wall` and warnings are errors, so a build of this crate is also the
//! RTL's lint check. A missing Verilator stops the build with a message saying how to get it.

use std::path::{Path, PathBuf};
use std::process::Command;

/// Verilated tops of the RTL (all files of rtl/files.f are read for each).
const TOPS: &[&str] = &[
    "residual_lane",
    "residual_lane8x8",
    "luma_dc_lane",
    "chroma_dc_lane",
    "align",
    "align_scan",
    "align_apply",
    "dealign",
    "cabac_enc_bin",
    "cabac_dec",
    "cabac_dec_t2",
    "cabac_enc_engine",
    "cabac_enc",
    "enc_decide_i16",
    "enc_resid_i16",
    "enc_syntax_i16",
    "intra_edges",
    "slice_header_write",
    "param_sets_write",
    "nal_write",
    "nal_read",
    "header_read",
    "dec_front",
    "enc_lane_i16",
    "dec_mb_i16",
    "dec_lane_i16",
    "intra_pred4x4",
    "intra_pred8x8",
    "deblock_edge",
    "tensor_dec_top",
    "tensor_enc_top",
    "loopback_i16",
];

/// Tops also simulated as the netlist Yosys reads from the same sources (model name
/// `<top>_yosys`): proves Yosys and Verilator give the SystemVerilog the same meaning.
const YOSYS_TOPS: &[&str] = &[
    "residual_lane",
    "luma_dc_lane",
    "chroma_dc_lane",
    "align",
    "dealign",
    "cabac_enc_bin",
    "cabac_dec",
    "cabac_enc_engine",
    "enc_decide_i16",
    "enc_resid_i16",
    "dec_mb_i16",
    "intra_pred4x4",
    "intra_pred8x8",
    "deblock_edge",
];

/// A model: its name, its top, the top's parameter overrides.
type Model = (&'static str, &'static str, &'static [(&'static str, u32)]);

/// Models simulated with parameters other than their top's defaults, or under a name of their
/// own: (model, top, parameters), applied as Verilator `-G` and, for a Yosys twin (whose model
/// is its top's name), Yosys `-chparam`. dealign's and align_apply's 1-bit default sidebands are
/// widened so that the tests tag every beat. Verilator 5.006 emits each instance's code again, so a tensor
/// decoder of 13 lanes is about 45 MB of C++ (13 times the lane's; D35): `cargo test` checks
/// `tensor_dec_top` with 3 lanes (the arbiter's wrap at a count that is not a power of two),
/// and the 13-lane model of `make lane-report` is built only on request (docs/decisions.md
/// D35). Likewise the tensor encoder: 2 lanes in `cargo test`, 6 (D36) on request.
/// `cabac_dec_t2` is the CABAC decoder with two threads (C-slow, D25).
const MODELS: &[Model] = &[
    ("dealign", "dealign", &[("UserWidth", 16)]),
    ("align_apply", "align_apply", &[("UserWidth", 16)]),
    ("cabac_dec_t2", "cabac_dec", &[("Threads", 2)]),
    ("tensor_dec_top", "tensor_dec_top", &[("Lanes", 3)]),
    ("tensor_dec_top_13", "tensor_dec_top", &[("Lanes", 13)]),
    ("tensor_enc_top", "tensor_enc_top", &[("Lanes", 2)]),
    ("tensor_enc_top_6", "tensor_enc_top", &[("Lanes", 6)]),
];

/// Models built only when TRICODEC_SIM_TOPS names them.
const ON_REQUEST: &[&str] = &["tensor_dec_top_13", "tensor_enc_top_6"];

/// The top of `model` and its parameter overrides (the model's own name and none for most).
fn model_top(model: &str) -> (&str, &'static [(&'static str, u32)]) {
    MODELS
        .iter()
        .find(|(m, _, _)| *m == model)
        .map_or((model, &[]), |(_, t, p)| (*t, *p))
}

fn main() {
    // Under clippy (`make lint`) nothing is linked, so the models are not needed: building them
    // again (a separate build-script run from `cargo test`'s) would repeat the whole Verilator
    // and C++ build, about ten minutes of CI. `make test` builds them and is the RTL's lint.
    let wrapper = std::env::var("RUSTC_WORKSPACE_WRAPPER").unwrap_or_default();
    if Path::new(&wrapper)
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("clippy-driver"))
    {
        println!("cargo:rerun-if-env-changed=RUSTC_WORKSPACE_WRAPPER");
        return;
    }
    let manifest = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap());
    let rtl = manifest
        .join("../rtl")
        .canonicalize()
        .expect("rtl/ next to sim/");
    let out = PathBuf::from(std::env::var("OUT_DIR").unwrap());

    let root = verilator_root();
    println!("cargo:rerun-if-changed=csrc/sim.cpp");
    println!("cargo:rerun-if-changed={}", rtl.display());
    println!("cargo:rerun-if-env-changed=VERILATOR");
    println!("cargo:rerun-if-env-changed=YOSYS");
    println!("cargo:rerun-if-env-changed=TRICODEC_SIM_TOPS");
    // TRICODEC_SIM_TOPS=a,b builds only those tops (and their Yosys twins): a faster edit-test
    // loop while working on one block. The tests of the others then fail to open their model.
    let only: Option<Vec<String>> = std::env::var("TRICODEC_SIM_TOPS")
        .ok()
        .map(|v| v.split(',').map(|t| t.trim().to_string()).collect());
    let wanted = |top: &str| only.as_ref().is_none_or(|o| o.iter().any(|t| t == top));

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

    let files = rtl_files(&rtl);
    let requested = |m: &&&str| only.as_ref().is_some_and(|o| o.iter().any(|t| t == **m));
    for model in TOPS
        .iter()
        .filter(|t| wanted(t))
        .chain(ON_REQUEST.iter().filter(requested))
    {
        let (top, params) = model_top(model);
        build.define(&format!("TC_HAVE_{model}"), None);
        let mdir = out.join(model);
        verilate(top, model, &files, params, &mdir, true);
        build.include(&mdir);
        for cpp in cpp_files(&mdir) {
            build.file(cpp);
        }
    }
    for top in YOSYS_TOPS.iter().filter(|t| wanted(t)) {
        let model = format!("{top}_yosys");
        build.define(&format!("TC_HAVE_{model}"), None);
        let netlist = out.join(format!("{model}.v"));
        yosys_netlist(top, &files, &netlist);
        let mdir = out.join(&model);
        verilate(top, &model, &[netlist], &[], &mdir, false);
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
    let out = Command::new(&v)
        .args(["--getenv", "VERILATOR_ROOT"])
        .output();
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

/// The RTL sources listed in rtl/files.f, read by the one parser of the format,
/// synth/filelist.py (`python3`, or env `PYTHON`).
fn rtl_files(rtl: &Path) -> Vec<PathBuf> {
    let parser = rtl.join("../synth/filelist.py");
    println!("cargo:rerun-if-changed={}", parser.display());
    let python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".into());
    let out = Command::new(&python)
        .arg(&parser)
        .arg(rtl.join("files.f"))
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python} (needed to read rtl/files.f): {e}"));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout)
        .expect("file list paths are UTF-8")
        .lines()
        .map(PathBuf::from)
        .collect()
}

/// Runs Verilator on `top` into `mdir` as model `V<model>` (C++ only; compiled by `cc`), with
/// the parameter overrides `params`. `lint`: -Wall with warnings as errors (the RTL's lint
/// check) and the assertions on; both off for Yosys netlists (whose parameters Yosys applied,
/// `yosys_netlist`).
fn verilate(
    top: &str,
    model: &str,
    files: &[PathBuf],
    params: &[(&str, u32)],
    mdir: &Path,
    lint: bool,
) {
    let _ = std::fs::remove_dir_all(mdir);
    let mut cmd = Command::new(verilator());
    cmd.args(["--cc", "-O3", "--top-module", top])
        .arg("--prefix")
        .arg(format!("V{model}"))
        .arg("-Mdir")
        .arg(mdir);
    for (name, value) in params {
        cmd.arg(format!("-G{name}={value}"));
    }
    if lint {
        // --assert: the RTL's SVA (rtl/prim/prim_assert.sv) run in the model; a failure stops
        // the simulation ($error, then Verilator's fatal stop), which fails the test.
        cmd.args(["-Wall", "--assert"]);
    } else {
        cmd.args(["-Wno-fatal", "-Wno-lint", "-Wno-style", "-Wno-UNOPTFLAT"]);
    }
    cmd.args(files);
    let status = cmd.status().expect("running verilator");
    assert!(
        status.success(),
        "verilator failed on top {top} (lint warnings are errors: see the messages above)"
    );
}

/// Has Yosys read the sources and write `top` back as a flat Verilog netlist (after `proc`,
/// before technology mapping).
fn yosys_netlist(top: &str, files: &[PathBuf], out: &Path) {
    let yosys = std::env::var("YOSYS").unwrap_or_else(|_| "yosys".into());
    let mut script = String::from("read_verilog -sv");
    for f in files {
        script.push(' ');
        script.push_str(&f.display().to_string());
    }
    let chparam: String = model_top(top)
        .1
        .iter()
        .map(|(name, value)| format!(" -chparam {name} {value}"))
        .collect();
    script.push_str(&format!(
        "; hierarchy -check -top {top}{chparam}; proc; flatten; opt -fast; write_verilog \
         -noattr {}",
        out.display()
    ));
    let status = Command::new(&yosys).args(["-q", "-p", &script]).status();
    match status {
        Ok(s) if s.success() => {}
        Ok(_) => panic!("yosys failed to read the RTL for top {top} (see the messages above)"),
        Err(_) => panic!(
            "\n\ntricodec-sim needs Yosys (>= 0.23) to build: `{yosys}` was not found.\n\
             Install it with scripts/bootstrap.sh (apt-get install yosys) or set YOSYS.\n\n"
        ),
    }
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
