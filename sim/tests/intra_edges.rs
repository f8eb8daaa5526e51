//! intra_edges against golden: driven with golden's macroblocks in coding order (each read,
//! then written with golden's reconstruction), it must give every macroblock the neighbours
//! and availability golden predicted from (vectors::intra::mb_cases), across slices and
//! picture widths.

mod common;

use common::*;
use golden::encoder::EncoderConfig;
use golden::picture::ChromaFormat;
use sim::IntraEdges;
use vectors::cabac::traces::tensor_image_picture;
use vectors::intra::mb_cases;
use vectors::stimulus::picture_420;

#[test]
fn golden_neighbours() {
    let pics = [
        tensor_image_picture(
            &model_path("stories260K.safetensors"),
            "model.layers.0.mlp.gate_proj.weight",
            ChromaFormat::Monochrome,
            64,
            48,
        )
        .unwrap(),
        picture_420(72, 40, 31),
        picture_420(16 * 40, 32, 32),
        // 5 x 4 macroblocks: 3 and 7 slices start mid-row and span a row, so the macroblock
        // below a slice's first has its top but not its top-left neighbour.
        picture_420(80, 64, 33),
    ];
    for (i, pic) in pics.iter().enumerate() {
        let mbs = pic.width_mbs() * pic.height_mbs();
        for slices in [1, 3, 7, mbs] {
            let cfg = EncoderConfig {
                qp: 20 + 7 * i as i32,
                slices,
                ..Default::default()
            };
            let cases = mb_cases(pic, cfg).unwrap();
            let got = IntraEdges::new().run(&cases);
            for (c, g) in cases.iter().zip(&got) {
                let w = &c.input;
                assert!(
                    (g.top, g.left, g.corner, g.avail) == (w.top, w.left, w.corner, w.avail),
                    "picture {i}, {slices} slices, macroblock {}: golden {:?} / {:?} / {:?} / {}, RTL {:?} / {:?} / {:?} / {}",
                    c.addr, w.top, w.left, w.corner, w.avail, g.top, g.left, g.corner, g.avail
                );
            }
        }
    }
}
