//! The CABAC encoding engine (`cabac_enc_engine`) against golden's `CabacEncoder`: the engine
//! symbols of golden slices (real tensors of stories260K and MiniLM coded as 4:2:0 and 4:0:0
//! pictures at every QP, 4x4 and 8x8 transforms, several slices, per-macroblock QP maps;
//! random-syntax slices with I_PCM), framed INIT .. TERM 1, END with bypass bins in random groups of
//! 1..=8 after a random 0..=2 of them rode on the CTX symbol before them (vectors::cabac::engine),
//! random beat sizes and random stalls on both sides: the RTL's bytes
//! must equal the slice's data, and last_o must mark each slice's last byte.

mod common;

use common::*;
use golden::encoder::EncoderConfig;
use golden::ChromaFormat;
use sim::{CabacEncEngine, Rng, Stalls, CABAC_K};
use vectors::cabac::engine::{beats, ff_run_case, pcm_case, slice_symbols, EngineCase};
use vectors::cabac::traces::{encoder_traces, tensor_picture};
use vectors::tensor::Tensor;

const TENSORS: &[(&str, &str)] = &[
    ("stories260K.safetensors", "model.embed_tokens.weight"),
    (
        "stories260K.safetensors",
        "model.layers.0.self_attn.q_proj.weight",
    ),
    (
        "minilm/model.safetensors",
        "encoder.layer.0.attention.self.key.weight",
    ),
    (
        "minilm/model.safetensors",
        "embeddings.position_embeddings.weight",
    ),
];

/// Runs the cases as one stream (slice after slice) and checks every slice's bytes.
fn check(cases: &[EngineCase], stalls: Stalls, full_beats: bool, rng: &mut Rng) {
    check_on(&mut CabacEncEngine::new(), cases, stalls, full_beats, rng);
}

fn check_on(
    dut: &mut CabacEncEngine,
    cases: &[EngineCase],
    stalls: Stalls,
    full_beats: bool,
    rng: &mut Rng,
) {
    let mut syms = Vec::new();
    for c in cases {
        syms.extend(slice_symbols(c.slice_qp, &c.bins, rng));
    }
    let beats = beats(&syms, CABAC_K, full_beats, rng);
    // The longest run of 0xFF bytes (what cabac_enc_bytes holds back; longer than 4 drains
    // over several cycles), printed for the record.
    let ff = cases
        .iter()
        .flat_map(|c| c.data.split(|&b| b != 0xff).map(<[u8]>::len))
        .max()
        .unwrap_or(0);
    println!("{} slices, longest 0xFF run {ff}", cases.len());
    let run = dut.run(&beats, stalls, rng);
    assert!(
        run.trailing.is_empty(),
        "bytes after the last slice's last_o"
    );
    assert_eq!(run.slices.len(), cases.len(), "slices out");
    for (c, got) in cases.iter().zip(&run.slices) {
        assert!(
            got == &c.data,
            "{}: {} bytes, want {}; first difference at byte {:?}",
            c.name,
            got.len(),
            c.data.len(),
            got.iter().zip(&c.data).position(|(a, b)| a != b)
        );
    }
}

fn tensor_cases(
    k: usize,
    format: ChromaFormat,
    mbs: (usize, usize),
    cfg: EncoderConfig,
) -> Vec<EngineCase> {
    let (model, tensor) = TENSORS[k % TENSORS.len()];
    let t = Tensor::load(&model_path(model), tensor).unwrap_or_else(|e| panic!("{tensor}: {e}"));
    let pic = tensor_picture(&t, format, 16 * mbs.0, 16 * mbs.1, 0);
    let name = format!("{tensor} qp {} 8x8 {}", cfg.qp, cfg.transform_8x8);
    encoder_traces(&pic, cfg)
        .unwrap()
        .iter()
        .map(|t| EngineCase::from_trace(&name, t))
        .collect()
}

/// Every QP 0..=51, 4:2:0, 4x4 and 8x8 transforms, two slices a picture, stalls.
#[test]
fn tensor_pictures_every_qp() {
    let mut rng = seed("cabac tensors every qp", 0xcabac);
    for qp in 0..=51 {
        let cfg = EncoderConfig {
            qp,
            slices: 2,
            transform_8x8: qp % 2 == 1,
            ..Default::default()
        };
        let cases = tensor_cases(qp as usize, ChromaFormat::Yuv420, (3, 2), cfg);
        let stalls = Stalls::PATTERNS[qp as usize % Stalls::PATTERNS.len()];
        check(&cases, stalls, false, &mut rng);
    }
}

/// Per-macroblock QP maps (mb_qp_delta), several slices, 4:0:0 and 4:2:0, full beats, no
/// stalls and stalls.
#[test]
fn tensor_pictures_mb_qp_maps() {
    let mut rng = seed("cabac mb qp maps", 0x5eed);
    for k in 0..8 {
        let format = if k % 2 == 0 {
            ChromaFormat::Yuv420
        } else {
            ChromaFormat::Monochrome
        };
        let cfg = EncoderConfig {
            qp: 26,
            slices: 1 + k % 4,
            transform_8x8: k % 3 != 0,
            mb_qp: Some(
                (0..16)
                    .map(|i| ((i * 13 + k * 7) % 46) as i32 + 4)
                    .collect(),
            ),
            ..Default::default()
        };
        let cases = tensor_cases(k, format, (4, 4), cfg);
        let stalls = if k < 2 {
            Stalls::NONE
        } else {
            Stalls::PATTERNS[k % Stalls::PATTERNS.len()]
        };
        check(&cases, stalls, k % 2 == 0, &mut rng);
    }
}

/// Random-syntax slices with I_PCM macroblocks (`vectors::cabac::traces::random_slice`:
/// mb_type I_PCM, pcm_alignment_zero_bits, samples, engine restart) among random macroblocks.
#[test]
fn pcm_slices() {
    let mut rng = seed("cabac pcm", 0x9c3);
    for s in 0..12u64 {
        let cases: Vec<EngineCase> = (0..3)
            .map(|k| {
                pcm_case(
                    s * 3 + k,
                    ((s * 17 + k * 5) % 52) as i32,
                    1 + (s + k) as usize % 5,
                )
            })
            .collect();
        let stalls = Stalls::PATTERNS[s as usize % Stalls::PATTERNS.len()];
        check(&cases, stalls, s % 3 == 0, &mut rng);
    }
}

/// Long runs of 0xFF bytes, settled by a later byte or turned into 0x00 bytes by a carry
/// (cabac_enc_bytes drains runs longer than a beat over several cycles), at several bit
/// offsets, with stalls.
#[test]
fn ff_runs() {
    let mut rng = seed("cabac 0xff runs", 0xff);
    let mut cases = Vec::new();
    for ones in [40, 57, 80, 96] {
        for offset in [0, 3, 7] {
            for carry in [false, true] {
                let c = ff_run_case(ones, offset, carry);
                let ff = c.data.split(|&b| b != 0xff).map(<[u8]>::len).max();
                let zeros = c.data.split(|&b| b != 0).map(<[u8]>::len).max();
                assert!(
                    ff.unwrap_or(0).max(zeros.unwrap_or(0)) >= (ones as usize - 24) / 8,
                    "{}: {:02x?}",
                    c.name,
                    c.data
                );
                cases.push(c);
            }
        }
    }
    for (k, stalls) in Stalls::PATTERNS.iter().enumerate() {
        check(&cases, *stalls, k % 2 == 0, &mut rng);
    }
}

/// The Yosys netlist of the engine (Yosys and Verilator read the RTL alike): tensor slices
/// at a few QPs and I_PCM slices, with stalls.
#[test]
fn yosys_netlist() {
    let mut rng = seed("cabac yosys", 0x7051);
    let mut dut = CabacEncEngine::new_yosys();
    for (k, qp) in [4, 22, 30, 45].into_iter().enumerate() {
        let cfg = EncoderConfig {
            qp,
            slices: 2,
            transform_8x8: k % 2 == 0,
            ..Default::default()
        };
        let mut cases = tensor_cases(k, ChromaFormat::Yuv420, (2, 2), cfg);
        cases.push(pcm_case(100 + k as u64, qp, 3));
        cases.push(ff_run_case(80, k as u32, k % 2 == 1));
        let stalls = Stalls::PATTERNS[k % Stalls::PATTERNS.len()];
        check_on(&mut dut, &cases, stalls, false, &mut rng);
    }
}
