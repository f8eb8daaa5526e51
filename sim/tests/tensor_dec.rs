//! tensor_dec_top, the tensor decoder (decoder lanes, their rows merged, floats out), against
//! the tensor codec's own decoder (`tensor::codec::decode`, what `tricodec decompress` runs):
//! every value's bits must be golden's, in each output format, on real tensors coded as
//! `tricodec compress --bits B --slices S` codes them (RDOQ, per-macroblock QP, sorted rows,
//! one scale per row or per tensor), on a tensor of several tiles with cropped edges, and with
//! stalls on the output; a corrupt part raises its lane's error flag and never hangs.

mod common;

use common::*;
use golden::align::{Dtype, FloatVec};
use sim::{
    dispatch, job, Rng, Stalls, TensorDecTop, TENSOR_DEC_MAX_WIDTH_MBS, TENSOR_DEC_TEST_LANES,
};
use tensor::codec::{AlignScope, CodecParams, CodedTensor};
use vectors::streams::{code_tensor_with, code_values};

/// Decodes `tensors` (coded tensor, shape) in one run of the top into `dtype` with `stalls` on
/// the output; every value must be golden's.
fn check(
    dut: &mut TensorDecTop,
    tensors: &[(&CodedTensor, &[usize])],
    dtype: Dtype,
    stalls: Stalls,
    rng: &mut Rng,
    what: &str,
) {
    let j = job(tensors, dtype, TENSOR_DEC_MAX_WIDTH_MBS).unwrap_or_else(|e| panic!("{what}: {e}"));
    let lanes = dispatch(&j.parts, dut.lanes());
    let run = dut.decode(&j.parts, &lanes, &j.row_len, stalls, rng);
    assert_eq!(run.errors, 0, "{what}: error flags");
    assert_eq!(run.written, j.want.len(), "{what}: values out");
    if let Some(i) = (0..j.want.len()).find(|&i| run.values[i] != j.want[i]) {
        panic!(
            "{what}: value {i} is {:#x}, golden {:#x}",
            run.values[i], j.want[i]
        );
    }
}

/// Real tensors as the codec codes them with 7 slices a tile (more parts than lanes), each
/// output format; one scale per row and one per tensor.
#[test]
fn real_tensors_every_format() {
    let mut rng = seed("tensor_dec real", 0x7e_d001);
    let mut dut = TensorDecTop::new(TENSOR_DEC_TEST_LANES);
    for (model, name, bits) in [
        (
            "stories260K.safetensors",
            "model.layers.2.self_attn.q_proj.weight",
            2.5,
        ),
        (
            "stories260K.safetensors",
            "model.layers.0.mlp.down_proj.weight",
            2.0,
        ),
        (
            "minilm/model.safetensors",
            "encoder.layer.0.attention.self.key.weight",
            3.0,
        ),
    ] {
        for scope in [AlignScope::Row, AlignScope::Tensor] {
            let params = CodecParams {
                slices: 7,
                scope,
                ..CodecParams::default()
            };
            let (coded, shape) = code_tensor_with(&model_path(model), name, bits, &params).unwrap();
            for dtype in [Dtype::Bf16, Dtype::F32, Dtype::F16] {
                let what = format!("{name} at {bits} bits/value, {scope:?}, {dtype:?}");
                check(
                    &mut dut,
                    &[(&coded, &shape)],
                    dtype,
                    Stalls::NONE,
                    &mut rng,
                    &what,
                );
            }
        }
    }
}

/// A tensor of several tiles (2100 rows: two bands of 1050, 65.6 macroblocks high) 40 columns
/// wide (2.5 macroblocks: cropped), one slice per tile and several, under output stalls.
#[test]
fn tiles_crops_and_stalls() {
    let mut rng = seed("tensor_dec tiles", 0x7e_d002);
    let mut dut = TensorDecTop::new(TENSOR_DEC_TEST_LANES);
    let (rows, cols) = (2100, 40);
    let values: Vec<u32> = (0..rows * cols)
        .map(|i| {
            // Rows of different scales, values from the seeded generator.
            let x = (rng.range(0, 65535) as f32 / 65536.0 - 0.5) * (1 + i / cols % 7) as f32;
            x.to_bits()
        })
        .collect();
    let values = FloatVec::F32(values);
    for slices in [1, 5] {
        let params = CodecParams {
            slices,
            ..CodecParams::default()
        };
        let coded = code_values("t", &values, &[rows, cols], 2.5, &params).unwrap();
        assert!(coded.streams.len() >= 2, "several tiles");
        for (k, stalls) in [Stalls::NONE, Stalls::new(100, 30)].into_iter().enumerate() {
            let what = format!("{rows}x{cols}, {slices} slices a tile, stalls {k}");
            check(
                &mut dut,
                &[(&coded, &[rows, cols])],
                Dtype::Bf16,
                stalls,
                &mut rng,
                &what,
            );
        }
    }
}

/// Two tensors in one run, the second's rows numbered after the first's (as the report queues a
/// whole set): each value lands in its own tensor's rows and equals golden's.
#[test]
fn two_tensors_in_one_run() {
    let mut rng = seed("tensor_dec two tensors", 0x7e_d004);
    let mut dut = TensorDecTop::new(TENSOR_DEC_TEST_LANES);
    let params = CodecParams {
        slices: 3,
        ..CodecParams::default()
    };
    let coded: Vec<_> = [
        "model.layers.1.self_attn.k_proj.weight",
        "model.layers.3.mlp.down_proj.weight",
    ]
    .iter()
    .map(|name| {
        code_tensor_with(&model_path("stories260K.safetensors"), name, 2.5, &params).unwrap()
    })
    .collect();
    let tensors: Vec<_> = coded.iter().map(|(c, s)| (c, s.as_slice())).collect();
    check(
        &mut dut,
        &tensors,
        Dtype::F16,
        Stalls::new(100, 60),
        &mut rng,
        "two tensors",
    );
}

/// A part whose slice data is damaged (its tail replaced; cut in half): its lane's error flag
/// rises, nothing hangs.
#[test]
fn damaged_part_raises_the_error() {
    let mut rng = seed("tensor_dec damaged", 0x7e_d003);
    let mut dut = TensorDecTop::new(TENSOR_DEC_TEST_LANES);
    let params = CodecParams {
        slices: 7,
        ..CodecParams::default()
    };
    let (coded, shape) = code_tensor_with(
        &model_path("stories260K.safetensors"),
        "model.layers.2.self_attn.q_proj.weight",
        2.5,
        &params,
    )
    .unwrap();
    let good = job(&[(&coded, &shape)], Dtype::Bf16, TENSOR_DEC_MAX_WIDTH_MBS).unwrap();
    for damage in ["tail", "half"] {
        let mut ps = good.parts.clone();
        let p = ps.last_mut().expect("parts");
        let n = p.bytes.len();
        if damage == "tail" {
            // The last bytes become a run of 0xff.
            p.bytes.truncate(n - 3);
            p.bytes.extend_from_slice(&[0xff; 2]);
        } else {
            p.bytes.truncate(n - (n - 40) / 2);
        }
        let lanes = dispatch(&ps, dut.lanes());
        let run = dut.decode(&ps, &lanes, &good.row_len, Stalls::NONE, &mut rng);
        assert_ne!(run.errors, 0, "{damage}: no error flag");
    }
}
