//! Yosys (>= 0.23, installed by scripts/bootstrap.sh) reads every RTL source and elaborates
//! every top (`read_verilog -sv`, `hierarchy -check`, `proc`, `check -assert`): the synthesis
//! flow's front end accepts the RTL. Verilator's -Wall lint runs in build.rs.

use std::path::Path;
use std::process::Command;

fn rtl_files() -> Vec<String> {
    let rtl = Path::new(env!("CARGO_MANIFEST_DIR")).join("../rtl");
    std::fs::read_to_string(rtl.join("files.f"))
        .unwrap()
        .lines()
        .map(|l| l.split("//").next().unwrap().trim())
        .filter(|l| !l.is_empty())
        .map(|l| rtl.join(l).display().to_string())
        .collect()
}

#[test]
fn yosys_elaborates_every_top() {
    for top in [
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
        "cabac_enc_engine",
        "nal_read",
        "header_read",
        "dec_front",
        "intra_pred4x4",
        "intra_pred8x8",
        "intra_mode_edges",
        "mb_recon_nxn",
        "deblock_edge",
        "prim_rr_arb",
        "tensor_dec_rows",
        "prim_ram_fifo",
        "align_board",
    ] {
        let script = format!(
            "read_verilog -sv {}; hierarchy -check -top {top}; proc; check -assert",
            rtl_files().join(" ")
        );
        let out = Command::new("yosys")
            .args(["-q", "-p", &script])
            .output()
            .expect("yosys not found: run scripts/bootstrap.sh");
        assert!(
            out.status.success(),
            "yosys on {top}:\n{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
    }
}
