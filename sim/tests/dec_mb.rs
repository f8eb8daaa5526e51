//! dec_mb_i16, the decoder lane's macroblock stage, against golden: the element beats of
//! golden encoder streams in the `i16x16` profile (cabac_dec's beats, `vectors::cabac::dec`)
//! in, golden's parsed macroblocks (modes, QPY, levels in enc_resid_i16's raster layout:
//! `vectors::dec_mb`) out. Real tensors as pictures (stories260K, MiniLM; 4:0:0 and 4:2:0;
//! the encoder lane's stage sets), the tensor codec's own slices, 4:2:0 pictures at every QP
//! with one to one-per-macroblock slices and per-macroblock QP maps (every mb_qp_delta wrap),
//! random stalls on all three ports; ERROR beats mid-slice, corrupt slices, slices with I_NxN
//! or I_PCM macroblocks (golden's full profile, random syntax, x264): err_o, and the next
//! slice decodes. The Yosys netlist on a few of them.

mod common;

use common::*;
use golden::encoder::EncoderConfig;
use golden::picture::{ChromaFormat, Picture};
use sim::{DecMb, DecMbRun, Rng, Stalls};
use vectors::cabac::dec::{
    corrupt, encoder_slices, kind, synthetic_slice, tensor_codec_slices, x264_slices, DecSlice,
    SliceCfg,
};
use vectors::dec_mb::{DecMbOut, DecMbSlice};
use vectors::intra::{lane_config, tensor_sweep};
use vectors::stimulus::{luma_only, picture_420, saturating_420};

/// Runs `slices` and checks the macroblocks out and err_o at each slice's end against golden.
fn check(dut: &mut DecMb, slices: &[DecMbSlice], stalls: Stalls, rng: &mut Rng, what: &str) {
    let run = dut.run(slices, stalls, rng);
    let want: Vec<&DecMbOut> = slices.iter().flat_map(|s| &s.expected).collect();
    if let Some(k) =
        (0..want.len().max(run.mbs.len())).find(|&k| run.mbs.get(k) != want.get(k).copied())
    {
        panic!(
            "{what}: macroblock {k} of {} (RTL gave {}):\ngolden {:?}\nRTL    {:?}",
            want.len(),
            run.mbs.len(),
            want.get(k),
            run.mbs.get(k)
        );
    }
    let errors: Vec<bool> = slices.iter().map(|s| s.error).collect();
    assert_eq!(run.errors, errors, "{what}: err_o at the slices' ends");
    if stalls == Stalls::NONE {
        rate(&run, slices.len(), what);
    }
}

/// Without stalls the stage takes an element beat a cycle: one cycle more a slice for its
/// configuration beat, one for the last macroblock's beat to leave.
fn rate(run: &DecMbRun, slices: usize, what: &str) {
    let bound = run.beats + 2 * slices as u64 + 20;
    assert!(
        run.cycles <= bound,
        "{what}: {} cycles for {} beats in {slices} slices (bound {bound})",
        run.cycles,
        run.beats
    );
}

/// The stage's slices of golden's coding of `pic` with `cfg` in the encoder lane's mode.
fn lane_slices(pic: &Picture, cfg: &EncoderConfig) -> Vec<DecMbSlice> {
    encoder_slices(pic, lane_config(cfg))
        .unwrap()
        .iter()
        .map(DecMbSlice::new)
        .collect()
}

fn mb_count(slices: &[DecMbSlice]) -> usize {
    slices.iter().map(|s| s.expected.len()).sum()
}

/// Real tensors as pictures (stories260K, MiniLM; 4:0:0 and 4:2:0) across QP, dead zone and
/// slices, and with per-macroblock QP maps (vectors::intra::tensor_sweep, the codings the
/// encoder lane's stage tests use); the tensor codec's own slices at 2 and 3 bits/value.
#[test]
fn tensor_pictures() {
    let mut rng = seed("dec_mb tensors", 0xdec_0001);
    let mut dut = DecMb::new(false);
    for (what, pic, cfg) in tensor_sweep(&models(), &mut rng).unwrap() {
        let slices = lane_slices(&pic, &cfg);
        assert_eq!(mb_count(&slices), pic.width_mbs() * pic.height_mbs());
        check(&mut dut, &slices, Stalls::NONE, &mut rng, &what);
    }
    for (model, name) in [
        (
            "stories260K.safetensors",
            "model.layers.2.self_attn.q_proj.weight",
        ),
        (
            "minilm/model.safetensors",
            "encoder.layer.2.output.dense.weight",
        ),
    ] {
        for bits in [2.0, 3.0] {
            let (s, _) = tensor_codec_slices(&models().join(model), name, bits).unwrap();
            let slices: Vec<DecMbSlice> = s.iter().map(DecMbSlice::new).collect();
            assert!(
                slices.iter().all(|s| !s.error),
                "the tensor codec codes Intra16x16"
            );
            check(
                &mut dut,
                &slices,
                Stalls::PATTERNS[bits as usize],
                &mut rng,
                &format!("{name} at {bits} bits/value"),
            );
        }
    }
}

/// 4:2:0 and 4:0:0 pictures (gradients, edges, noise; saturating content) at every QP with
/// one, three and one-per-macroblock slices under the stall patterns; per-macroblock QP maps,
/// random and one that steps through every wrap of mb_qp_delta.
#[test]
fn pictures_every_qp_under_stalls() {
    let mut rng = seed("dec_mb pictures", 0xdec_0002);
    let mut dut = DecMb::new(false);
    let pics = [
        picture_420(48, 32, 7),
        saturating_420(48, 32, 8),
        luma_only(&picture_420(40, 24, 9)),
    ];
    for qp in 0..52usize {
        let pic = &pics[qp % 3];
        let mbs = pic.width_mbs() * pic.height_mbs();
        let cfg = EncoderConfig {
            qp: qp as i32,
            slices: [1, 3, mbs][(qp / 3) % 3],
            ..Default::default()
        };
        let stalls = Stalls::PATTERNS[qp % Stalls::PATTERNS.len()];
        check(
            &mut dut,
            &lane_slices(pic, &cfg),
            stalls,
            &mut rng,
            &format!("picture {} qp {qp}", qp % 3),
        );
    }
    for (i, pic) in pics.iter().enumerate() {
        let mbs = pic.width_mbs() * pic.height_mbs();
        let random = EncoderConfig {
            mb_qp: Some((0..mbs).map(|_| rng.range(0, 51) as i32).collect()),
            slices: 2,
            ..Default::default()
        };
        // QP steps of +-51, +-27, +-26 and +-25.
        let steps = [0, 51, 0, 27, 0, 26, 0, 25, 0];
        let wraps = EncoderConfig {
            mb_qp: Some((0..mbs).map(|k| steps[k % steps.len()]).collect()),
            ..Default::default()
        };
        for (j, cfg) in [random, wraps].iter().enumerate() {
            let slices = lane_slices(pic, cfg);
            check(
                &mut dut,
                &slices,
                Stalls::NONE,
                &mut rng,
                &format!("picture {i} map {j}"),
            );
            check(
                &mut dut,
                &slices,
                Stalls::new(60, 60),
                &mut rng,
                &format!("picture {i} map {j}, stalls"),
            );
        }
    }
}

/// Errors: ERROR beats mid-slice (after any element), corrupt slices (golden's parse ends in an
/// error), slices holding I_NxN or I_PCM macroblocks (golden's full profile with 4x4 and 8x8
/// transforms, random syntax with I_PCM, x264's intra streams); each is followed by a good
/// slice, which must decode. Without and with stalls.
#[test]
fn errors_and_recovery() {
    let mut rng = seed("dec_mb errors", 0xdec_0003);
    let pic = tensor_image(ChromaFormat::Yuv420);
    let good: Vec<DecMbSlice> = lane_slices(
        &pic,
        &EncoderConfig {
            qp: 20,
            slices: 2,
            ..Default::default()
        },
    );
    let good_bytes = encoder_slices(
        &pic,
        lane_config(&EncoderConfig {
            qp: 20,
            ..Default::default()
        }),
    )
    .unwrap()
    .remove(0);
    let mut bad: Vec<DecMbSlice> = Vec::new();
    // ERROR beats mid-slice: after mb_type, intra_chroma_pred_mode, mb_qp_delta, residual
    // blocks, the first macroblock's end_of_slice_flag, the last residual block.
    for s in &good {
        let eos = 1 + s
            .beats
            .iter()
            .position(|b| b.kind == kind::END_OF_SLICE)
            .unwrap();
        for n in [1, 2, 3, 5, 9, eos, s.beats.len() / 2, s.beats.len() - 1] {
            bad.push(s.cut(n));
        }
    }
    // Corrupt and truncated bytes.
    for k in 0..12 {
        let len = good_bytes.data.len() as i64;
        let c = if k % 2 == 0 {
            corrupt(&mut rng, &good_bytes, 1 + k % 3, None)
        } else {
            let cut = rng.range(1, len - 1) as usize;
            corrupt(&mut rng, &good_bytes, 0, Some(cut))
        };
        bad.push(DecMbSlice::new(&c));
    }
    // I_NxN (4x4 and 8x8 transforms) from golden's full profile.
    for (qp, t8) in [(10, false), (28, true), (40, false)] {
        let cfg = EncoderConfig {
            qp,
            transform_8x8: t8,
            slices: 2,
            ..Default::default()
        };
        bad.extend(
            encoder_slices(&pic, cfg)
                .unwrap()
                .iter()
                .map(DecMbSlice::new),
        );
        let mono = tensor_image(ChromaFormat::Monochrome);
        bad.extend(
            encoder_slices(
                &mono,
                EncoderConfig {
                    qp,
                    ..Default::default()
                },
            )
            .unwrap()
            .iter()
            .map(DecMbSlice::new),
        );
    }
    // Random syntax with I_PCM.
    for (k, chroma) in [false, true, true].into_iter().enumerate() {
        let cfg = SliceCfg {
            qp: 26,
            first_mb: k,
            width_mbs: 4,
            pic_mbs: 12,
            chroma,
            t8x8: k == 2,
        };
        bad.push(DecMbSlice::new(&synthetic_slice(&mut rng, cfg, 8, 40)));
    }
    // x264's intra streams (mostly I_NxN).
    match x264_slices(&pic, 1, &["--qp", "24"]).unwrap() {
        Some(s) => bad.extend(s.iter().map(DecMbSlice::new)),
        None => eprintln!("x264 not found: x264 streams skipped"),
    }
    let unsupported = bad.iter().filter(|s| s.has_unsupported()).count();
    let errors = bad.iter().filter(|s| s.error).count();
    let partial = bad
        .iter()
        .filter(|s| s.error && !s.expected.is_empty())
        .count();
    eprintln!("{} bad slices: {errors} errors, {unsupported} with I_NxN / I_PCM, {partial} with macroblocks before the error", bad.len());
    assert!(unsupported >= 6 && errors >= bad.len() - 12 && partial >= 10);
    let slices: Vec<DecMbSlice> = bad
        .iter()
        .enumerate()
        .flat_map(|(k, b)| [b.clone(), good[k % good.len()].clone()])
        .collect();
    let mut dut = DecMb::new(false);
    check(&mut dut, &slices, Stalls::NONE, &mut rng, "errors");
    for (k, &st) in Stalls::PATTERNS.iter().enumerate() {
        check(
            &mut dut,
            &slices,
            st,
            &mut rng,
            &format!("errors, stalls {k}"),
        );
    }
}

/// A stories260K tensor as a 48x32 picture.
fn tensor_image(format: ChromaFormat) -> Picture {
    vectors::cabac::traces::tensor_image_picture(
        &model_path("stories260K.safetensors"),
        "model.layers.0.mlp.gate_proj.weight",
        format,
        48,
        32,
    )
    .unwrap()
}

/// The netlist Yosys reads from the RTL: good slices (4:0:0 and 4:2:0, a QP map) and an
/// unsupported and a cut slice between them, under stalls.
#[test]
fn yosys_netlist_matches_golden() {
    let mut rng = seed("dec_mb yosys", 0xdec_0004);
    let pic = tensor_image(ChromaFormat::Yuv420);
    let mbs = pic.width_mbs() * pic.height_mbs();
    let mut slices = lane_slices(
        &pic,
        &EncoderConfig {
            mb_qp: Some((0..mbs).map(|_| rng.range(0, 51) as i32).collect()),
            slices: 2,
            ..Default::default()
        },
    );
    let full: Vec<DecSlice> = encoder_slices(&pic, EncoderConfig::default()).unwrap();
    slices.insert(1, DecMbSlice::new(&full[0]));
    slices.insert(2, slices[0].cut(7));
    slices.extend(lane_slices(
        &tensor_image(ChromaFormat::Monochrome),
        &EncoderConfig {
            qp: 33,
            ..Default::default()
        },
    ));
    assert!(slices[1].error && slices[2].error);
    let mut dut = DecMb::new(true);
    check(
        &mut dut,
        &slices,
        Stalls::new(70, 70),
        &mut rng,
        "yosys netlist",
    );
}
