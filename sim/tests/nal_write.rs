//! nal_write against golden's NAL framing: the RTL's bytes must be golden's encoder streams
//! byte for byte (their units read back by golden's parser), and golden's write_nal of random
//! units dense in emulation-prevention cases, under random stalls.

mod common;

use common::*;
use golden::encoder::{Encoder, EncoderConfig, Profile};
use golden::picture::ChromaFormat;
use sim::{run_stream, NalWrite, Stalls};
use vectors::cabac::traces::tensor_image_picture;
use vectors::nal::{nal_expected, nal_inputs, random_units, stream_units, NalOut, Unit};
use vectors::stimulus::picture_420;

fn check(units: &[Unit], stalls: Stalls, seed_value: u64, what: &str) -> Vec<NalOut> {
    let mut rng = seed(what, seed_value);
    let got = run_stream(&mut NalWrite::new(), &nal_inputs(units), stalls, &mut rng);
    let want = nal_expected(units);
    assert_eq!(got.len(), want.len(), "{what}: bytes out");
    if let Some(k) = got.iter().zip(&want).position(|(g, w)| g != w) {
        panic!("{what}: byte {k}: golden {:?}, RTL {:?}", want[k], got[k]);
    }
    got
}

/// Golden's encoder streams (SPS, PPS, slices) of tensor and 4:2:0 pictures at QP 0 (long
/// slices, many zero runs) to 51, several slices: the RTL rebuilds each stream exactly.
#[test]
fn golden_streams() {
    let pics = [
        tensor_image_picture(
            &model_path("stories260K.safetensors"),
            "model.layers.0.mlp.gate_proj.weight",
            ChromaFormat::Monochrome,
            64,
            48,
        )
        .unwrap(),
        picture_420(40, 24, 77),
    ];
    for (i, pic) in pics.iter().enumerate() {
        for qp in [0, 26, 51] {
            let cfg = EncoderConfig {
                qp,
                slices: 1 + (qp as usize % 3),
                profile: [Profile::FULL, Profile::I16X16_ONLY][i],
                ..Default::default()
            };
            let mut enc = Encoder::new(pic.format, pic.width, pic.height, cfg).unwrap();
            let stream = enc.encode(pic).unwrap().bytes;
            let units = stream_units(&stream).unwrap();
            assert!(units.len() >= 3, "SPS, PPS and a slice");
            let what = format!("picture {i} qp {qp}");
            let got = check(
                &units,
                Stalls::PATTERNS[(i + qp as usize) % 6],
                0x4a1 + qp as u64,
                &what,
            );
            let bytes: Vec<u8> = got.iter().map(|o| o.byte).collect();
            assert!(bytes == stream, "{what}: not the encoder's stream");
        }
    }
}

/// Random units: zero runs followed by 00..03, one-byte units, units ending in zero pairs
/// (the final 03), with and without stalls.
#[test]
fn random_units_and_stalls() {
    let mut rng = seed("nal units", 0x4a1_0002);
    let units = random_units(&mut rng, 400);
    assert!(
        nal_expected(&units).len() > nal_inputs(&units).len() + 5 * units.len() + 100,
        "the units exercise emulation prevention"
    );
    check(&units, Stalls::NONE, 1, "random units");
    for (k, stalls) in Stalls::PATTERNS.iter().enumerate() {
        check(&units, *stalls, 10 + k as u64, "random units, stalls");
    }
}

/// One byte a cycle: with no stalls the unit's bytes leave back to back (5 prefix bytes, the
/// RBSP and its inserted 03s), one cycle after the first is offered.
#[test]
fn one_byte_a_cycle() {
    use sim::Stream;
    let units = vec![(0x65u8, vec![0x88, 0, 0, 1, 0, 0, 0, 0])];
    let inputs = nal_inputs(&units);
    let want = nal_expected(&units);
    let mut dut = NalWrite::new();
    dut.reset();
    let (mut next, mut out, mut cycles) = (0, Vec::new(), 0);
    while out.len() < want.len() {
        let (acc, o) = dut.cycle(inputs.get(next), true);
        next += usize::from(acc);
        out.extend(o);
        cycles += 1;
        assert!(cycles < 100);
    }
    assert_eq!(out, want);
    assert_eq!(
        cycles,
        want.len() + 1,
        "one byte a cycle after one cycle of latency"
    );
}

/// slice_header_write: the header bytes of every slice golden wrote, over two frames (both
/// idr_pic_id values), slices starting anywhere (first_mb_in_slice up to a 2-byte ue(v)),
/// QP 0..51 (slice_qp_delta -26..25), deblocking on and off, under output stalls.
#[test]
fn slice_headers() {
    use vectors::nal::slice_header_cases;
    let mut cases = Vec::new();
    let wide = picture_420(16 * 80, 32, 78); // 160 macroblocks: first_mb up to 159
    let mbs = wide.width_mbs() * wide.height_mbs();
    for (k, qp) in [0, 13, 25, 26, 27, 40, 51].into_iter().enumerate() {
        let cfg = EncoderConfig {
            qp,
            slices: [1, 7, mbs][k % 3],
            deblock: k % 2 == 1,
            profile: Profile::I16X16_ONLY,
            ..Default::default()
        };
        cases.extend(slice_header_cases(&wide, cfg, 2).unwrap());
    }
    let inputs: Vec<_> = cases.iter().map(|c| c.0).collect();
    for (n, stalls) in [Stalls::NONE, Stalls::PATTERNS[2], Stalls::PATTERNS[5]]
        .into_iter()
        .enumerate()
    {
        let mut rng = seed("slice headers", 0x5a_0001 + n as u64);
        let got = sim::SliceHeaderWrite::new().run(&inputs, stalls, &mut rng);
        for (k, ((h, want), g)) in cases.iter().zip(&got).enumerate() {
            assert_eq!(g, want, "header {k} ({h:?})");
        }
    }
}

/// param_sets_write: golden's SPS and PPS for 4:0:0 and 4:2:0 pictures from one macroblock to
/// 8K, sizes that crop (not multiples of 16), every level the sizes reach, both 8x8 flags,
/// with the output ready every cycle and every third.
#[test]
fn parameter_sets() {
    use vectors::nal::{param_sets_expected, ParamSetsIn};
    let sizes = [
        (16, 16),
        (34, 18),
        (176, 144),
        (352, 288),
        (640, 480),
        (1280, 720),
        (1920, 1080),
        (2560, 1600),
        (3840, 2160),
        (7680, 4320),
        (8192, 64),
        (64, 8192),
        (16, 4096),
    ];
    let mut dut = sim::ParamSetsWrite::new();
    for (k, &(w, h)) in sizes.iter().enumerate() {
        for chroma in [false, true] {
            let f = ParamSetsIn {
                width: w - if chroma { 0 } else { k as u32 % 2 },
                height: h,
                chroma,
                t8: k % 3 == 1,
            };
            let want = param_sets_expected(&f).unwrap();
            for ready_every in [1, 3] {
                assert_eq!(
                    dut.run(&f, ready_every),
                    want,
                    "{f:?}, ready every {ready_every}"
                );
            }
        }
    }
}
