//! enc_syntax_i16 against golden: the element beats of every slice golden's encoder coded in
//! the i16x16 profile (its slice traces packed by se_beats), from golden's levels and decisions
//! macroblock by macroblock, under stalls.

mod common;

use common::*;
use golden::encoder::EncoderConfig;
use golden::picture::ChromaFormat;
use sim::{EncSyntax, Stalls};
use vectors::cabac::traces::tensor_image_picture;
use vectors::intra::syntax_cases;
use vectors::stimulus::{picture_420, saturating_420};

fn check(pic: &golden::Picture, cfg: EncoderConfig, stalls: Stalls, seed_value: u64, what: &str) {
    let (inputs, want) = syntax_cases(pic, cfg).unwrap();
    let mut rng = seed(what, seed_value);
    let got = EncSyntax::new().run(&inputs, want.len(), stalls, &mut rng);
    assert_eq!(got.len(), want.len(), "{what}: beats out");
    if let Some(k) = got.iter().zip(&want).position(|(g, w)| g != w) {
        panic!(
            "{what}: beat {k}: golden {:08x?}, RTL {:08x?}",
            want[k], got[k]
        );
    }
}

/// Tensor pictures (4:0:0 and 4:2:0) and 4:2:0 pictures across QP, slices (one, three, one per
/// macroblock) and per-macroblock QP maps (mb_qp_delta wrapping), under stalls.
#[test]
fn golden_slices() {
    let tensor = |format| {
        tensor_image_picture(
            &model_path("stories260K.safetensors"),
            "model.layers.1.self_attn.q_proj.weight",
            format,
            48,
            40,
        )
        .unwrap()
    };
    let pics = [
        tensor(ChromaFormat::Monochrome),
        tensor(ChromaFormat::Yuv420),
        picture_420(40, 24, 901),
        saturating_420(48, 32, 8),
    ];
    let mut rng = vectors::Rng::new(0x5e_0001);
    for (i, pic) in pics.iter().enumerate() {
        let mbs = pic.width_mbs() * pic.height_mbs();
        for (j, qp) in [0, 17, 30, 44, 51].into_iter().enumerate() {
            let cfg = EncoderConfig {
                qp,
                slices: [1, 3, mbs][(i + j) % 3],
                ..Default::default()
            };
            let stalls = Stalls::PATTERNS[(i + j) % Stalls::PATTERNS.len()];
            check(
                pic,
                cfg,
                stalls,
                10 * i as u64 + j as u64,
                &format!("picture {i} qp {qp}"),
            );
        }
        let cfg = EncoderConfig {
            mb_qp: Some((0..mbs).map(|_| rng.range(0, 51) as i32).collect()),
            slices: 2,
            ..Default::default()
        };
        check(pic, cfg, Stalls::NONE, 99, &format!("picture {i} QP map"));
        // Every wrap of mb_qp_delta: QP steps of +-51, +-27, +-26 and +-25.
        let steps = [0, 51, 0, 27, 0, 26, 0, 25, 0];
        let cfg = EncoderConfig {
            mb_qp: Some((0..mbs).map(|k| steps[k % steps.len()]).collect()),
            ..Default::default()
        };
        check(pic, cfg, Stalls::NONE, 98, &format!("picture {i} QP wraps"));
    }
}
