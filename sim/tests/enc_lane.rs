//! enc_lane_i16, the whole encoder lane, against golden: the RTL's byte stream must be the one
//! golden's encoder writes in the `i16x16` profile (deblocking off) and its reconstruction
//! golden's, on real tensors as pictures, 4:2:0 pictures of every QP, sizes that are not
//! multiples of 16, one to one-per-row slices, per-macroblock QP maps, two pictures in a row
//! (parameter sets once, idr_pic_id alternating), the widest picture, and random stalls on the
//! input, the byte output and the reconstruction output.

mod common;

use common::*;
use golden::encoder::EncoderConfig;
use golden::picture::Picture;
use golden::quant::Deadzone;
use sim::{EncLane, LaneStalls, Rng, Stalls, ENC_LANE_MAX_WIDTH_MBS};
use vectors::intra::{lane_config, lane_expected, tensor_sweep};
use vectors::stimulus::{luma_only, picture_420, saturating_420};
use vectors::streams::tensor_qp_map_codings;

fn check(
    dut: &mut EncLane,
    pics: &[Picture],
    cfg: &EncoderConfig,
    stalls: LaneStalls,
    rng: &mut Rng,
    what: &str,
) {
    let cfg = lane_config(cfg);
    let (bytes, recon) = lane_expected(pics, &cfg).unwrap();
    let run = dut.encode(pics, &cfg, stalls, rng);
    if run.bytes != bytes {
        let at = run.bytes.iter().zip(&bytes).position(|(a, b)| a != b);
        panic!(
            "{what}: RTL stream ({} bytes) != golden's ({} bytes), first difference at {at:?}",
            run.bytes.len(),
            bytes.len()
        );
    }
    for (k, (got, want)) in run.recon.iter().zip(&recon).enumerate() {
        assert!(got == want, "{what}: reconstruction of picture {k}");
    }
}

/// Real tensors as pictures (stories260K, MiniLM; 4:0:0 and 4:2:0) across QP, dead zone and
/// slices, and with per-macroblock QP maps (vectors::intra::tensor_sweep, the codings the
/// stage tests use).
#[test]
fn tensor_pictures() {
    let mut rng = seed("enc_lane tensors", 0x1a4e_0001);
    let mut dut = EncLane::new();
    for (what, pic, cfg) in tensor_sweep(&models(), &mut rng).unwrap() {
        check(&mut dut, &[pic], &cfg, LaneStalls::NONE, &mut rng, &what);
    }
}

/// The per-macroblock QP maps of the tensor codec's rate control (each tile stream of
/// stories260K and MiniLM tensors at 2 and 3 bits/value: golden's reconstruction of the tile
/// with the QP of every macroblock, vectors::streams::tensor_qp_map_codings).
#[test]
fn tensor_codec_qp_maps() {
    let mut rng = seed("enc_lane tensor QP maps", 0x1a4e_0005);
    let mut dut = EncLane::new();
    let mut varied = 0;
    for (model, name) in [
        (
            "stories260K.safetensors",
            "model.layers.0.self_attn.q_proj.weight",
        ),
        (
            "stories260K.safetensors",
            "model.layers.2.mlp.up_proj.weight",
        ),
        (
            "minilm/model.safetensors",
            "encoder.layer.2.output.dense.weight",
        ),
    ] {
        for bits in [2.0, 3.0] {
            let codings = tensor_qp_map_codings(&models().join(model), name, bits).unwrap();
            for (k, (pic, cfg)) in codings.iter().enumerate() {
                let map = cfg.mb_qp.as_ref().unwrap();
                varied += usize::from(map.iter().any(|&q| q != map[0]));
                check(
                    &mut dut,
                    std::slice::from_ref(pic),
                    cfg,
                    LaneStalls::NONE,
                    &mut rng,
                    &format!("{name} at {bits} bits/value, tile {k}"),
                );
            }
        }
    }
    println!("{varied} maps vary");
    assert!(
        varied >= 2,
        "only {varied} of the maps vary: not the adaptive rate control"
    );
}

/// 4:2:0 and 4:0:0 pictures (gradients, edges, noise; 40x40 and 34x18 / 33x17) at every QP,
/// two pictures a run, one slice, three, and one per macroblock row, the stall patterns on all
/// three ports.
#[test]
fn pictures_every_qp_under_stalls() {
    let mut rng = seed("enc_lane pictures", 0x1a4e_0002);
    let mut dut = EncLane::new();
    let a = [picture_420(40, 40, 7), picture_420(40, 40, 8)];
    let b = [picture_420(34, 18, 9), picture_420(34, 18, 10)];
    for qp in 0..52usize {
        let (pics, format) = match qp % 4 {
            0 => (a.to_vec(), "4:2:0 40x40"),
            1 => (b.to_vec(), "4:2:0 34x18"),
            2 => (a.iter().map(luma_only).collect(), "4:0:0 40x40"),
            _ => (
                b.iter()
                    .map(|p| {
                        let mut l = luma_only(p);
                        l.width = 33;
                        l.height = 17;
                        l
                    })
                    .collect(),
                "4:0:0 33x17",
            ),
        };
        let rows = pics[0].height_mbs();
        let slices = [1, 3, rows][qp % 3];
        let n = Stalls::PATTERNS.len();
        let stalls = LaneStalls {
            input: Stalls::PATTERNS[qp % n],
            output: Stalls::PATTERNS[(qp + 1) % n],
            recon: Stalls::PATTERNS[(qp + 2) % n],
        };
        let cfg = EncoderConfig {
            qp: qp as i32,
            slices,
            deadzone: Deadzone([341, 512, 100, 1023][qp % 4]),
            ..Default::default()
        };
        check(
            &mut dut,
            &pics,
            &cfg,
            stalls,
            &mut rng,
            &format!("{format} qp {qp}, {slices} slices"),
        );
    }
}

/// Per-macroblock QP maps (random, and one jumping between the extremes: mb_qp_delta wraps)
/// with one slice per macroblock and three slices; saturating content.
#[test]
fn qp_maps_and_saturation() {
    let mut rng = seed("enc_lane qp maps", 0x1a4e_0003);
    let mut dut = EncLane::new();
    let pic = picture_420(48, 32, 11);
    let mbs = pic.width_mbs() * pic.height_mbs();
    let random: Vec<i32> = (0..mbs).map(|_| rng.range(0, 51) as i32).collect();
    let extremes: Vec<i32> = (0..mbs).map(|i| if i % 2 == 0 { 0 } else { 51 }).collect();
    for (map, slices) in [(random, mbs), (extremes, 3)] {
        let cfg = EncoderConfig {
            mb_qp: Some(map),
            slices,
            ..Default::default()
        };
        check(
            &mut dut,
            std::slice::from_ref(&pic),
            &cfg,
            LaneStalls {
                input: Stalls::new(80, 80),
                output: Stalls::new(60, 60),
                recon: Stalls::new(90, 90),
            },
            &mut rng,
            &format!("QP map, {slices} slices"),
        );
    }
    let sat = saturating_420(48, 32, 8);
    for qp in [0, 20, 51] {
        let cfg = EncoderConfig {
            qp,
            deadzone: Deadzone(1023),
            ..Default::default()
        };
        check(
            &mut dut,
            std::slice::from_ref(&sat),
            &cfg,
            LaneStalls::NONE,
            &mut rng,
            &format!("saturating qp {qp}"),
        );
    }
}

/// The widest picture the lane's line buffers hold (MaxWidthMbs = 480: 7680 luma samples),
/// two macroblock rows, two slices (the second starts in the middle of the first row).
#[test]
fn widest_picture() {
    let mut rng = seed("enc_lane widest", 0x1a4e_0004);
    let mut dut = EncLane::new();
    let pic = luma_only(&picture_420(16 * ENC_LANE_MAX_WIDTH_MBS, 32, 12));
    let cfg = EncoderConfig {
        qp: 30,
        slices: 2,
        ..Default::default()
    };
    check(
        &mut dut,
        &[pic],
        &cfg,
        LaneStalls::NONE,
        &mut rng,
        "7680x32 4:0:0",
    );
}
