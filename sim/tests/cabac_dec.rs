//! The CABAC decoder `cabac_dec` against golden's parse: golden streams of real tensors
//! (stories260K, MiniLM) and 4:2:0 pictures over QP 0..51, 4x4 and 8x8 transforms, several
//! slices and per-macroblock QPs; x264 intra streams; synthetic slices with I_PCM and random
//! syntax; random stalls on every port; corrupt and truncated slices (an ERROR beat within a
//! bound, then the next slice decodes). With two threads (`cabac_dec_t2`, C-slow: D25): two
//! slice streams at once under stalls, each thread against golden, an error in one thread
//! only, and the bins per cycle of both together on the tensor codec's streams. Stimulus and
//! expectations: `vectors::cabac::dec`.

use std::path::{Path, PathBuf};

use golden::encoder::EncoderConfig;
use golden::picture::Picture;
use golden::ChromaFormat;
use sim::{CabacDec, DecRun, Rng, Stalls};
use vectors::cabac::dec::{
    corrupt, encoder_slices, synthetic_slice, void_unfinished, DecSlice, SliceCfg,
};
use vectors::cabac::traces::tensor_image_picture;

/// Cycles after a corrupt slice's last byte within which the ERROR beat must come (with the
/// output always ready): bits past the end are zeros, and the decoder reads more than 16 of
/// them (golden's overread limit) within this many bins.
const ERR_BOUND: u64 = 2048;

fn models() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../build/models")
}

/// Runs `slices` and checks every slice's beats against golden's parse.
fn check(tag: &str, slices: &[DecSlice], stalls: Stalls, seed: u64) -> DecRun {
    check_model("cabac_dec", tag, slices, stalls, seed)
}

/// `check` on `model` (the RTL or its Yosys netlist).
fn check_model(model: &str, tag: &str, slices: &[DecSlice], stalls: Stalls, seed: u64) -> DecRun {
    let mut dut = CabacDec::model(model);
    let run = dut.run(slices, stalls, &mut Rng::new(seed));
    compare(tag, &run, slices);
    run
}

/// Runs `threads[t]` on thread t of the two-thread decoder (`cabac_dec_t2`), both at once,
/// and checks each thread's beats against golden's parse of its own slices.
fn check_threads(tag: &str, threads: [&[DecSlice]; 2], stalls: Stalls, seed: u64) -> Vec<DecRun> {
    let mut dut = CabacDec::model("cabac_dec_t2");
    let runs = dut.run_threads(&threads, stalls, &mut Rng::new(seed));
    for (t, (run, slices)) in runs.iter().zip(threads).enumerate() {
        compare(&format!("{tag}, thread {t}"), run, slices);
    }
    runs
}

/// Panics with the first beat that differs when `run`'s beats are not golden's of `slices`.
fn compare(tag: &str, run: &DecRun, slices: &[DecSlice]) {
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

fn stories() -> PathBuf {
    models().join("stories260K.safetensors")
}

/// A 48 x 32 4:2:0 picture of stories260K's layer 0 gate projection (the stimulus shared
/// by the netlist test and the two-thread tests).
fn gate_proj_picture() -> Picture {
    tensor_image_picture(
        &stories(),
        "model.layers.0.mlp.gate_proj.weight",
        ChromaFormat::Yuv420,
        48,
        32,
    )
    .unwrap()
}

fn minilm() -> PathBuf {
    models().join("minilm/model.safetensors")
}

#[test]
fn yosys_netlist_matches_golden() {
    let mut rng = Rng::new(41);
    let mut slices = vec![
        synthetic_slice(&mut rng, cfg(0, 4, 3, 25, true, true), 8, 20),
        synthetic_slice(&mut rng, cfg(1, 3, 3, 40, false, true), 6, 20),
    ];
    let pic = gate_proj_picture();
    slices.extend(
        encoder_slices(
            &pic,
            EncoderConfig {
                qp: 18,
                transform_8x8: true,
                slices: 2,
                ..Default::default()
            },
        )
        .unwrap(),
    );
    let bad = corrupt(&mut rng, &slices[2], 0, Some(slices[2].data.len() / 2));
    slices.insert(1, bad);
    check_model(
        "cabac_dec_yosys",
        "yosys netlist",
        &slices,
        Stalls::new(70, 70),
        8,
    );
}

#[test]
fn golden_tensor_pictures() {
    let st = models().join("stories260K.safetensors");
    let pic = tensor_image_picture(
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
    // The tensor codec's own streams (tricodec compress at 2 and 3 bits/value).
    for bits in [2.0, 3.0] {
        let (s, _) = vectors::cabac::dec::tensor_codec_slices(
            &stories(),
            "model.layers.2.self_attn.q_proj.weight",
            bits,
        )
        .unwrap();
        slices.extend(s);
    }
    check("stories260K", &slices, Stalls::NONE, 2);
}

#[test]
fn golden_qp_sweep_transforms_and_slices() {
    // Every QP 0..=51 once, 4:0:0 and 4:2:0, 4x4 and 8x8, one to three slices.
    let mut slices = Vec::new();
    for (k, format) in [ChromaFormat::Monochrome, ChromaFormat::Yuv420]
        .into_iter()
        .enumerate()
    {
        let pic = tensor_image_picture(
            &minilm(),
            "embeddings.position_embeddings.weight",
            format,
            48,
            32,
        )
        .expect("MiniLM");
        for qp in (k as i32..52).step_by(2) {
            let c = EncoderConfig {
                qp,
                transform_8x8: qp % 4 < 2,
                slices: 1 + (qp as usize % 3),
                ..Default::default()
            };
            slices.extend(encoder_slices(&pic, c).unwrap());
        }
    }
    check("QP sweep", &slices, Stalls::NONE, 3);
}

#[test]
fn golden_per_macroblock_qp_maps() {
    let (w, h) = (80, 48);
    let mbs = (w / 16) * (h / 16);
    let map: Vec<i32> = (0..mbs).map(|i| ((i * 37 + 5) % 52) as i32).collect();
    let mut slices = Vec::new();
    for format in [ChromaFormat::Monochrome, ChromaFormat::Yuv420] {
        let pic =
            tensor_image_picture(&stories(), "model.embed_tokens.weight", format, w, h).unwrap();
        for t8 in [false, true] {
            let c = EncoderConfig {
                transform_8x8: t8,
                slices: 2,
                mb_qp: Some(map.clone()),
                ..Default::default()
            };
            slices.extend(encoder_slices(&pic, c).unwrap());
        }
    }
    check("mb QP maps", &slices, Stalls::NONE, 4);
}

#[test]
fn x264_intra_streams() {
    let mut slices = Vec::new();
    for format in [ChromaFormat::Monochrome, ChromaFormat::Yuv420] {
        let pic = tensor_image_picture(
            &minilm(),
            "encoder.layer.0.attention.self.query.weight",
            format,
            96,
            64,
        )
        .unwrap();
        for args in [
            &[][..],
            &["--no-8x8dct"][..],
            &["--slices", "4"][..],
            &["--crf", "30", "--aq-mode", "2"][..],
            &["--qp", "10"][..],
        ] {
            match vectors::cabac::dec::x264_slices(&pic, 2, args).unwrap() {
                Some(s) => slices.extend(s),
                None => {
                    eprintln!("x264 not found: x264 streams skipped");
                    return;
                }
            }
        }
    }
    check("x264", &slices, Stalls::NONE, 5);
}

#[test]
fn stalls_on_every_port() {
    let mut rng = Rng::new(21);
    let pic = tensor_image_picture(
        &stories(),
        "model.layers.0.attention.wq.weight",
        ChromaFormat::Yuv420,
        48,
        32,
    )
    .or_else(|_| {
        tensor_image_picture(
            &stories(),
            "model.layers.0.self_attn.q_proj.weight",
            ChromaFormat::Yuv420,
            48,
            32,
        )
    })
    .unwrap();
    let mut slices = encoder_slices(
        &pic,
        EncoderConfig {
            qp: 22,
            transform_8x8: true,
            slices: 2,
            ..Default::default()
        },
    )
    .unwrap();
    slices.push(synthetic_slice(
        &mut rng,
        cfg(2, 3, 3, 30, true, true),
        5,
        30,
    ));
    for (k, &st) in Stalls::PATTERNS.iter().enumerate() {
        check(&format!("stalls {st:?}"), &slices, st, 100 + k as u64);
    }
}

#[test]
fn corrupt_and_truncated_slices_raise_the_error_and_the_next_slice_decodes() {
    let mut rng = Rng::new(31);
    let pic = tensor_image_picture(
        &stories(),
        "model.embed_tokens.weight",
        ChromaFormat::Yuv420,
        48,
        32,
    )
    .unwrap();
    let good = encoder_slices(
        &pic,
        EncoderConfig {
            qp: 12,
            transform_8x8: true,
            ..Default::default()
        },
    )
    .unwrap()
    .remove(0);
    let pcm = synthetic_slice(&mut rng, cfg(0, 3, 2, 20, true, false), 6, 50);
    let mut slices = Vec::new();
    let mut errors = 0;
    for k in 0..60 {
        let base = if k % 3 == 0 { &pcm } else { &good };
        let len = base.data.len() as i64;
        let cut = rng.range(1, len - 1) as usize;
        let bad = match k % 4 {
            0 => corrupt(&mut rng, base, 1 + k % 5, None),
            1 => corrupt(&mut rng, base, 0, Some(cut)),
            2 => corrupt(&mut rng, base, 2, Some(cut + 1)),
            _ => corrupt(&mut rng, base, 0, Some(1)),
        };
        errors += usize::from(bad.expected.error);
        slices.push(bad);
        slices.push(good.clone());
    }
    // A picture wider than the line buffer (MaxWidthMbs 128) is refused.
    let mut wide = good.clone();
    wide.cfg.width_mbs = 200;
    wide.cfg.pic_mbs = 400;
    wide.expected = vectors::cabac::dec::Parse {
        elements: Vec::new(),
        error: true,
    };
    slices.push(wide);
    slices.push(good.clone());
    assert!(
        errors >= 30,
        "only {errors} of the corrupt slices are errors in golden"
    );
    let run = check("corrupt", &slices, Stalls::NONE, 6);
    let worst = run
        .err_after_last
        .iter()
        .flatten()
        .max()
        .copied()
        .unwrap_or(0);
    assert!(
        worst <= ERR_BOUND,
        "ERROR beat {worst} cycles after the last byte (bound {ERR_BOUND})"
    );
    eprintln!("corrupt: {errors} errors, ERROR at most {worst} cycles after the last byte");
    check("corrupt, stalled", &slices, Stalls::new(50, 50), 7);
}

/// Slices of every kind the one-thread tests use, in two different lists: the tensor codec's
/// streams and a golden 4:2:0 picture (thread 0); x264 streams (when x264 is installed), a
/// golden picture with several slices and 8x8 transforms, and synthetic slices with I_PCM
/// (thread 1).
fn two_streams() -> (Vec<DecSlice>, Vec<DecSlice>) {
    let mut rng = Rng::new(51);
    let (mut a, _) = vectors::cabac::dec::tensor_codec_slices(
        &stories(),
        "model.layers.2.self_attn.q_proj.weight",
        2.5,
    )
    .unwrap();
    let pic = gate_proj_picture();
    a.extend(encoder_slices(&pic, EncoderConfig::default()).unwrap());
    let mut b = Vec::new();
    let x = tensor_image_picture(
        &minilm(),
        "encoder.layer.0.attention.self.query.weight",
        ChromaFormat::Monochrome,
        64,
        32,
    )
    .unwrap();
    match vectors::cabac::dec::x264_slices(&x, 2, &["--slices", "2"]).unwrap() {
        Some(s) => b.extend(s),
        None => eprintln!("x264 not found: x264 streams left out"),
    }
    b.extend(
        encoder_slices(
            &x,
            EncoderConfig {
                qp: 30,
                transform_8x8: true,
                slices: 3,
                ..Default::default()
            },
        )
        .unwrap(),
    );
    for (k, qp) in [5u8, 45].into_iter().enumerate() {
        b.push(synthetic_slice(
            &mut rng,
            cfg(k, 4, 3, qp, k == 0, k == 1),
            8,
            40,
        ));
    }
    (a, b)
}

#[test]
fn two_threads_decode_two_slice_streams_at_once_under_stalls() {
    let (a, b) = two_streams();
    for (k, &st) in [Stalls::NONE, Stalls::new(50, 50), Stalls::new(90, 30)]
        .iter()
        .enumerate()
    {
        check_threads(&format!("two threads {st:?}"), [&a, &b], st, 200 + k as u64);
        check_threads(
            &format!("two threads, swapped {st:?}"),
            [&b, &a],
            st,
            210 + k as u64,
        );
    }
}

#[test]
fn two_threads_an_error_in_one_thread_leaves_the_other_decoding() {
    let mut rng = Rng::new(61);
    let (good, other) = two_streams();
    let mut bad = Vec::new();
    let mut errors = 0;
    for k in 0..12 {
        let base = &good[k % good.len()];
        let len = base.data.len() as i64;
        let cut = rng.range(1, len - 1) as usize;
        let s = match k % 3 {
            0 => corrupt(&mut rng, base, 1 + k % 5, None),
            1 => corrupt(&mut rng, base, 0, Some(cut)),
            _ => corrupt(&mut rng, base, 2, Some(cut + 1)),
        };
        errors += usize::from(s.expected.error);
        bad.push(s);
        bad.push(base.clone());
    }
    assert!(
        errors >= 4,
        "only {errors} corrupt slices are errors in golden"
    );
    for (k, st) in [Stalls::NONE, Stalls::new(50, 50)].into_iter().enumerate() {
        for t in 0..2 {
            let threads = if t == 0 {
                [&bad[..], &other[..]]
            } else {
                [&other[..], &bad[..]]
            };
            let runs = check_threads(
                &format!("errors in thread {t}"),
                threads,
                st,
                300 + k as u64,
            );
            assert!(runs[1 - t].err_after_last.iter().all(Option::is_none));
            let worst = runs[t].err_after_last.iter().flatten().max().copied();
            assert!(
                worst.unwrap_or(0) <= 2 * ERR_BOUND,
                "ERROR {worst:?} after the last byte"
            );
        }
    }
}

#[test]
fn two_threads_bins_per_cycle_on_the_tensor_streams() {
    // The tensor codec's streams at 2.5 bits/value (make cabac-report's tensors), input every
    // cycle, output always ready: one thread decodes them all, then two threads each decode
    // them all at once (thread 1 from the middle of the list on, so that the two run
    // different slices side by side): the bins of both threads over the cycles of the run.
    let mut bins = 0;
    let mut slices = Vec::new();
    for (model, name) in sim::report::TENSORS {
        let coded = vectors::streams::tensor_slices(&models().join(model), name, 2.5).unwrap();
        let (c, b, e) = coded.bin_counts();
        bins += c + b + e;
        slices.extend(vectors::cabac::dec::trace_slices(
            &coded.slices,
            u16::MAX as usize,
        ));
    }
    let one = check("bins per cycle, one thread", &slices, Stalls::NONE, 1).total_cycles;
    let mut rotated = slices.clone();
    rotated.rotate_left(slices.len() / 2);
    let runs = check_threads("bins per cycle", [&slices, &rotated], Stalls::NONE, 1);
    let two = runs[0].total_cycles;
    let (r1, r2) = (bins as f64 / one as f64, 2.0 * bins as f64 / two as f64);
    eprintln!(
        "bins per cycle at 2.5 bits/value ({bins} bins, {} slices): one thread {r1:.3} \
         ({one} cycles), two threads {r2:.3} (twice the bins in {two} cycles)",
        slices.len()
    );
    assert!(r2 >= 1.5, "two threads: {r2:.3} bins/cycle");
}
