//! tricodec-vectors writes lane and stage vectors from a real tensor; reading the files back
//! gives the same buses, the stages chain (each stage's input file equals the previous stage's output file),
//! and the RTL lane fed from the files produces the files' outputs.

mod common;

use common::*;
use sim::bits::unpack_signed;
use sim::{run_stream, LaneIn, ResidualLane, Stalls};
use vectors::hex::{read_hex, write_columns};
use vectors::sets::{lane_columns, stage_columns};
use vectors::stimulus::lane_inputs;
use vectors::tensor::Tensor;

/// Reads `dir/<name>.hex` as `elems` elements of `width` bits per line (signed).
fn read_signed(dir: &std::path::Path, name: &str, width: u32, elems: usize) -> Vec<Vec<i32>> {
    let path = dir.join(format!("{name}.hex"));
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.starts_with("// tricodec vectors: "), "{name}: header");
    read_hex(&path)
        .unwrap()
        .iter()
        .map(|w| {
            let mut w = w.clone();
            w.resize((width as usize * elems).div_ceil(32), 0);
            unpack_signed(&w, width, elems)
        })
        .collect()
}

fn check(size: usize, tensor: &str, seed_value: u64) {
    let tmp = std::env::temp_dir().join(format!("tricodec-vectors-{size}-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&tmp);
    // What `tricodec-vectors residual --stages --model .. --tensor .. --count 300` writes.
    let t = Tensor::load(&model_path("stories260K.safetensors"), tensor).unwrap();
    let inputs = lane_inputs(&t.residual_blocks(size, 300));
    let mut cols = lane_columns(&inputs);
    cols.extend(stage_columns(&inputs));
    write_columns(&tmp, &cols).unwrap();
    let n = size * size;
    let tag = if size == 4 { "4x4" } else { "8x8" };
    let cw = if size == 4 { 15 } else { 16 };
    let rd = |name: &str, w: u32, e: usize| read_signed(&tmp, name, w, e);
    let res = rd(&format!("lane{tag}.res_i"), 9, n);
    assert!(res.len() >= 64);
    // Stages chain.
    assert_eq!(rd(&format!("fwd{tag}.res_i"), 9, n), res);
    assert_eq!(
        rd(&format!("fwd{tag}.coef_o"), cw, n),
        rd(&format!("q{tag}.coef_i"), cw, n)
    );
    assert_eq!(
        rd(&format!("q{tag}.level_o"), 16, n),
        rd(&format!("dq{tag}.level_i"), 16, n)
    );
    assert_eq!(
        rd(&format!("dq{tag}.coef_o"), 16, n),
        rd(&format!("inv{tag}.coef_i"), 16, n)
    );
    assert_eq!(
        rd(&format!("q{tag}.level_o"), 16, n),
        rd(&format!("lane{tag}.level_o"), 16, n)
    );
    assert_eq!(
        rd(&format!("inv{tag}.res_o"), 16, n),
        rd(&format!("lane{tag}.recon_o"), 16, n)
    );
    // Unsigned scalars: QP and dead zone.
    let qp: Vec<u8> = read_hex(&tmp.join(format!("lane{tag}.qp_i.hex")))
        .unwrap()
        .iter()
        .map(|w| w[0] as u8)
        .collect();
    let dz: Vec<u16> = read_hex(&tmp.join(format!("lane{tag}.dz_i.hex")))
        .unwrap()
        .iter()
        .map(|w| w[0] as u16)
        .collect();
    assert_eq!((qp.len(), dz.len()), (res.len(), res.len()));
    // The RTL reproduces the files' outputs.
    let inputs: Vec<LaneIn> = (0..res.len())
        .map(|k| LaneIn {
            res: res[k].clone(),
            qp: qp[k],
            dz: dz[k],
            user: k as u8,
        })
        .collect();
    let mut rng = seed(&format!("vectors {tag}"), seed_value);
    let mut lane = if size == 4 {
        ResidualLane::new4x4()
    } else {
        ResidualLane::new8x8()
    };
    let got = run_stream(
        &mut lane,
        &inputs,
        Stalls {
            valid_percent: 70,
            ready_percent: 70,
        },
        &mut rng,
    );
    let levels = rd(&format!("lane{tag}.level_o"), 16, n);
    let recon = rd(&format!("lane{tag}.recon_o"), 16, n);
    assert_eq!(got.len(), inputs.len());
    for k in 0..got.len() {
        assert_eq!(got[k].levels, levels[k], "vector {k} levels");
        assert_eq!(got[k].recon, recon[k], "vector {k} recon");
    }
    // And the files agree with the golden model (independent of the writer's code path).
    check_all(&inputs, &got);
    std::fs::remove_dir_all(&tmp).unwrap();
}

#[test]
fn vectors_4x4_round_trip() {
    check(4, "model.layers.1.self_attn.v_proj.weight", 0x7ec0_0004);
}

#[test]
fn vectors_8x8_round_trip() {
    check(8, "model.layers.2.mlp.up_proj.weight", 0x7ec0_0008);
}
