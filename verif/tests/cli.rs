//! The `tricodec-vectors` binary: the files it writes hold the library's stimulus and the
//! golden lanes' outputs, and bad arguments are clear errors that write nothing.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use vectors::bits::unpack_signed64;
use vectors::hex::read_hex;
use vectors::stimulus::{corner_blocks, corner_dc_sets};

fn run(args: &[&str], out: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tricodec-vectors"))
        .args(args)
        .arg("--out")
        .arg(out)
        .output()
        .expect("run tricodec-vectors")
}

fn tmp(name: &str) -> PathBuf {
    let d = std::env::temp_dir().join(format!(
        "tricodec-vectors-cli-{name}-{}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&d);
    d
}

/// Column `name` of `dir` as `elems` signed elements of `width` bits per line.
fn column(dir: &Path, name: &str, width: u32, elems: usize) -> Vec<Vec<i64>> {
    read_hex(&dir.join(format!("{name}.hex")))
        .unwrap()
        .into_iter()
        .map(|mut w| {
            w.resize((width as usize * elems).div_ceil(32), 0);
            unpack_signed64(&w, width, elems)
        })
        .collect()
}

#[test]
fn corner_sweep_files_hold_the_golden_lane_outputs() {
    let dir = tmp("corners");
    let out = run(
        &["residual", "--size", "4", "--corners", "--qps", "0,51,63"],
        &dir,
    );
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let corners = corner_blocks(16);
    let res = column(&dir, "lane4x4.res_i", 9, 16);
    let qp = column(&dir, "lane4x4.qp_i", 6, 1);
    let levels = column(&dir, "lane4x4.level_o", 16, 16);
    let recon = column(&dir, "lane4x4.recon_o", 16, 16);
    assert_eq!(res.len(), 3 * corners.len());
    for (k, r) in res.iter().enumerate() {
        let want: Vec<i64> = corners[k / 3].iter().map(|&v| i64::from(v)).collect();
        assert_eq!(r, &want, "vector {k} input");
        // qp_i is unsigned 6 bits: 63 reads back as -1 when unpacked signed.
        let q = [0, 51, 63][k % 3];
        assert_eq!(qp[k][0] & 63, q);
        // QP 51 and 63 act alike in the RTL, so their outputs agree.
        if k % 3 == 2 {
            assert_eq!(levels[k], levels[k - 1]);
            assert_eq!(recon[k], recon[k - 1]);
        }
    }
    // Zero block: zero levels and recon; the worst 4x4 blocks at QP 0 reach |level| 1639
    // with dead zone 341 (corner j at QP 0 has dz CORNER_DEAD_ZONES[j % 6]).
    assert!(levels[0].iter().chain(&recon[0]).all(|&v| v == 0));
    let max = levels.iter().flatten().map(|v| v.abs()).max().unwrap();
    assert!(max > 1000, "largest level {max}");
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn dc_corner_files_have_wide_recon() {
    let dir = tmp("dc");
    let out = run(&["dc", "--kind", "luma", "--corners", "--qps", "0"], &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let n = corner_dc_sets(16).len();
    let dc = column(&dir, "lumadc.dc_i", 13, 16);
    let recon = column(&dir, "lumadc.recon_o", 33, 16);
    assert_eq!((dc.len(), recon.len()), (n, n));
    assert_eq!(dc[2], vec![-4096; 16]);
    // All -4096 at QP 0: every scaled DC is the same negative value.
    assert!(recon[2].iter().all(|&v| v == recon[2][0] && v < 0));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn stall_patterns_are_written_per_pattern() {
    let dir = tmp("stalls");
    let out = run(&["stalls", "--cycles", "100"], &dir);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "stalls.v100r10.hex",
            "stalls.v10r100.hex",
            "stalls.v30r90.hex",
            "stalls.v50r50.hex",
            "stalls.v75r75.hex",
            "stalls.v90r30.hex"
        ]
    );
    let bits = read_hex(&dir.join("stalls.v100r10.hex")).unwrap();
    assert_eq!(bits.len(), 100);
    // valid 100 %: bit 1 always set.
    assert!(bits.iter().all(|w| w[0] & 2 != 0));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn bad_arguments_are_clear_errors_and_write_nothing() {
    let dir = tmp("bad");
    for (args, msg) in [
        (
            &["residual", "--size", "5", "--random", "3"][..],
            "--size is 4 or 8, not 5",
        ),
        (
            &["residual"][..],
            "give --model and --tensor, --corners or --random N",
        ),
        (
            &["residual", "--corners", "--qps", "64"][..],
            "--qps: 64 does not fit the 6-bit qp_i",
        ),
        (
            &["stalls", "--valid", "101", "--ready", "5"][..],
            "percentages",
        ),
        (
            &[
                "dc",
                "--kind",
                "luma",
                "--model",
                "/nonexistent.safetensors",
                "--tensor",
                "t",
            ][..],
            "/nonexistent.safetensors",
        ),
    ] {
        let out = run(args, &dir);
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!out.status.success(), "{args:?} succeeded");
        assert!(err.contains(msg), "{args:?}: {err}");
        assert!(!dir.exists(), "{args:?} wrote {}", dir.display());
    }
}
