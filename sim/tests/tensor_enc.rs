//! tensor_enc_top, the tensor encoder (the scan pass's row codes, then encoder lanes on parts,
//! floats in, bytes out), against the tensor codec (`tensor::codec::Prepared::encode`, what
//! `tricodec compress --no-rdoq` runs for the variant it keeps): the scan's codes are golden's
//! side information and the tile streams put together from the lanes' bytes are golden's,
//! byte for byte, on real tensors in each input format (sorted rows with per-macroblock QPs,
//! one scale per row and one per tensor, several slices a tile), on a tensor of several tiles
//! with cropped edges, and with stalls on every port.

mod common;

use common::*;
use golden::align::{self, AlignMode, Dtype, FloatVec, SideInfo};
use sim::{enc_job, scan_beats, tile_streams, Rng, Stalls, TensorEncTop, TENSOR_ENC_TEST_LANES};
use tensor::codec::{prepare, AlignScope, CodecParams};
use tensor::mapping::Matrix;

/// `values` converted to `dtype` (round to nearest even).
fn in_format(values: &[f32], dtype: Dtype) -> FloatVec {
    let bits = values.iter().map(|v| v.to_bits());
    match dtype {
        Dtype::F32 => FloatVec::F32(bits.collect()),
        Dtype::F16 => FloatVec::F16(
            bits.map(|b| align::round_f32_bits(b, Dtype::F16) as u16)
                .collect(),
        ),
        Dtype::Bf16 => FloatVec::Bf16(
            bits.map(|b| align::round_f32_bits(b, Dtype::Bf16) as u16)
                .collect(),
        ),
    }
}

/// Golden's E8M0 code of each row of a `rows` x `cols` tensor (one exponent per row).
fn golden_row_codes(values: &FloatVec, rows: usize, cols: usize) -> Vec<u8> {
    let a = align::align(
        "t",
        values.as_slice(),
        rows,
        cols,
        AlignMode::Bfp { group: u32::MAX },
    )
    .expect("finite values");
    match a.side {
        SideInfo::Bfp { exponents, .. } => exponents,
        s => panic!("BFP side information, not {s:?}"),
    }
}

/// Scans and codes `values` (`shape`) with `params` at `bits` bits/value, with `stalls` on
/// every port; the codes and the tile streams must be golden's.
#[allow(clippy::too_many_arguments)]
fn check(
    dut: &mut TensorEncTop,
    values: &FloatVec,
    shape: &[usize],
    params: &CodecParams,
    bits: f64,
    stalls: Stalls,
    rng: &mut Rng,
    what: &str,
) {
    let m = Matrix::of_shape(shape).expect("shape");
    let dtype = values.dtype();
    let codes: Vec<u8> = dut
        .scan(dtype, &scan_beats(values, m.rows, m.cols), stalls, rng)
        .0
        .into_iter()
        .map(|(c, err)| {
            assert!(!err, "{what}: Inf / NaN flag on finite values");
            c
        })
        .collect();
    let want_codes = golden_row_codes(values, m.rows, m.cols);
    if let Some(r) = (0..m.rows).find(|&r| codes[r] != want_codes[r]) {
        panic!(
            "{what}: row {r}'s code is {}, golden's {}",
            codes[r], want_codes[r]
        );
    }

    let prepared = prepare("t", values, shape, params).expect("prepare");
    let budget = (bits * m.len() as f64 / 8.0).floor() as u64;
    let job = enc_job(&prepared, values, budget).unwrap_or_else(|e| panic!("{what}: {e}"));
    // The host's side information is the scan's: one scale per tensor is the largest code.
    let host_codes = if job.plan.per_tensor {
        vec![*codes.iter().max().expect("rows"); m.rows]
    } else {
        codes
    };
    assert_eq!(host_codes, job.plan.codes, "{what}: the plan's codes");
    let run = dut.code(
        dtype,
        job.plan.deadzone.0,
        job.plan.transform_8x8,
        &job.parts,
        stalls,
        rng,
    );
    let got = tile_streams(&job.parts, &run.bytes, job.plan.tiles.len());
    for (t, (g, w)) in got.iter().zip(&job.want).enumerate() {
        if g != w {
            let at = g
                .iter()
                .zip(w)
                .position(|(a, b)| a != b)
                .unwrap_or(g.len().min(w.len()));
            panic!(
                "{what}: tile {t}: {} bytes, golden {}; first difference at byte {at}",
                g.len(),
                w.len()
            );
        }
    }
    let lanes_used = run
        .lane
        .iter()
        .collect::<std::collections::BTreeSet<_>>()
        .len();
    assert!(
        job.parts.len() < 2 || lanes_used >= 2,
        "{what}: parts spread over the lanes"
    );
}

/// Real tensors in each input format, 5 slices a tile (more parts than lanes), sorted rows
/// with QP adaptation; one scale per row and one per tensor.
#[test]
fn real_tensors_every_format() {
    let mut rng = seed("tensor_enc real", 0x7e_e001);
    let mut dut = TensorEncTop::new(TENSOR_ENC_TEST_LANES);
    for (model, name, bits) in [
        (
            "stories260K.safetensors",
            "model.layers.2.self_attn.q_proj.weight",
            2.5,
        ),
        (
            "minilm/model.safetensors",
            "encoder.layer.0.attention.self.key.weight",
            3.0,
        ),
    ] {
        let (rows, cols, raw) = f32_tensor(model, name);
        let (f, shape): (Vec<f32>, _) =
            (raw.into_iter().map(f32::from_bits).collect(), [rows, cols]);
        for scope in [AlignScope::Row, AlignScope::Tensor] {
            let params = CodecParams {
                slices: 5,
                scope,
                rdoq: None,
                ..CodecParams::default()
            };
            for dtype in [Dtype::Bf16, Dtype::F32, Dtype::F16] {
                let what = format!("{name} at {bits} bits/value, {scope:?}, {dtype:?}");
                let values = in_format(&f, dtype);
                check(
                    &mut dut,
                    &values,
                    &shape,
                    &params,
                    bits,
                    Stalls::NONE,
                    &mut rng,
                    &what,
                );
            }
        }
    }
}

/// A tensor of several tiles (2100 rows: two tiles, 65.6 macroblocks high) 40 columns wide
/// (2.5 macroblocks: cropped), one slice per tile and several, with stalls on every port.
#[test]
fn tiles_crops_and_stalls() {
    let mut rng = seed("tensor_enc tiles", 0x7e_e002);
    let mut dut = TensorEncTop::new(TENSOR_ENC_TEST_LANES);
    let (rows, cols) = (2100, 40);
    let f: Vec<f32> = (0..rows * cols)
        .map(|i| (rng.range(0, 65535) as f32 / 65536.0 - 0.5) * (1 + i / cols % 7) as f32)
        .collect();
    let values = in_format(&f, Dtype::Bf16);
    for (slices, stalls) in [(1, Stalls::new(60, 70)), (3, Stalls::NONE)] {
        let params = CodecParams {
            slices,
            rdoq: None,
            ..CodecParams::default()
        };
        let what = format!("{rows}x{cols}, {slices} slices a tile");
        check(
            &mut dut,
            &values,
            &[rows, cols],
            &params,
            2.5,
            stalls,
            &mut rng,
            &what,
        );
    }
}
