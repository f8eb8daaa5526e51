//! dealign (N = 16 samples a beat, 16-bit sideband) against golden::align::dequantize_sample
//! (what golden::align::dealign gives for each BFP sample), bit for bit: every sample under
//! every code 0..=254 in each format, with random stalls on both ports and each beat's tag
//! checked; a real tensor aligned by golden and dealigned by the RTL equals golden's dealign.

mod common;

use common::*;
use golden::align::{align, dealign, dequantize_sample, AlignMode, Dtype, FloatSlice, FloatVec};
use sim::{run_stream, Dealign, DealignBeat, DealignOut, Rng, Stalls, Stream, DEALIGN_N};

/// The golden output type of format code `fmt` (3 acts as FP32).
fn dtype(fmt: u8) -> Dtype {
    match fmt {
        1 => Dtype::F16,
        2 => Dtype::Bf16,
        _ => Dtype::F32,
    }
}

/// Every sample under each of `codes`: a code's 256 samples in a random order (so that each
/// lane meets many values), DEALIGN_N to a beat, beats tagged with their index.
fn all_samples(fmt: u8, codes: impl Iterator<Item = u8>, rng: &mut Rng) -> Vec<DealignBeat> {
    let mut beats = Vec::new();
    for code in codes {
        let mut s: Vec<u8> = (0..=255).collect();
        for i in (1..s.len()).rev() {
            s.swap(i, rng.range(0, i as i64) as usize);
        }
        for c in s.chunks(DEALIGN_N) {
            beats.push(DealignBeat {
                fmt,
                code,
                samples: std::array::from_fn(|k| c[k]),
                user: beats.len() as u16,
            });
        }
    }
    beats
}

/// Checks output beats against the golden function, beat by beat, and their tags. Returns the
/// number of samples checked.
fn check(beats: &[DealignBeat], got: &[DealignOut]) -> usize {
    assert_eq!(got.len(), beats.len(), "beats out != beats in");
    for (b, o) in beats.iter().zip(got) {
        assert_eq!(o.user, b.user, "beat tag");
        for k in 0..DEALIGN_N {
            let want = dequantize_sample(b.samples[k], b.code, dtype(b.fmt));
            assert_eq!(
                o.data[k], want,
                "fmt {} code {} sample {} (lane {k}): got {:#010x}, want {want:#010x}",
                b.fmt, b.code, b.samples[k], o.data[k]
            );
        }
    }
    beats.len() * DEALIGN_N
}

/// Every sample under every valid code (0..=254), in FP32, FP16, BF16 and format code 3 (as
/// FP32), through random stalls on both ports.
#[test]
fn exhaustive_all_formats() {
    let mut rng = seed("dealign exhaustive", 0xdea1_0001);
    let mut dut = Dealign::new();
    let mut n = 0;
    for fmt in 0..4u8 {
        let beats = all_samples(fmt, 0..=254, &mut rng);
        let got = run_stream(&mut dut, &beats, Stalls::new(70, 70), &mut rng);
        n += check(&beats, &got);
    }
    println!("{n} samples match");
    assert_eq!(n, 4 * 255 * 256);
}

/// Yosys reads dealign.sv with the same meaning as Verilator: the same exhaustive check, and
/// code 255 too (never valid, and asserted against in the RTL; the netlist has no assertions):
/// the unit gives the same formula's value, as the header of dealign.sv says.
#[test]
fn yosys_netlist_matches_golden() {
    let mut rng = seed("dealign yosys", 0xdea1_0002);
    let mut dut = Dealign::new_yosys();
    for fmt in 0..3u8 {
        let beats = all_samples(fmt, 0..=255, &mut rng);
        let got = run_stream(&mut dut, &beats, Stalls::new(80, 60), &mut rng);
        check(&beats, &got);
    }
}

/// The beats of an aligned tensor with one code per row: each row cut into beats of
/// DEALIGN_N samples, a short last beat padded with sample 128 (its outputs dropped).
fn row_beats(samples: &[u8], cols: usize, codes: &[u8], fmt: u8) -> Vec<DealignBeat> {
    let mut beats = Vec::new();
    for (row, &code) in samples.chunks(cols).zip(codes) {
        for c in row.chunks(DEALIGN_N) {
            beats.push(DealignBeat {
                fmt,
                code,
                samples: std::array::from_fn(|k| c.get(k).copied().unwrap_or(128)),
                user: beats.len() as u16,
            });
        }
    }
    beats
}

/// A real weight tensor: golden align (BFP, one exponent per row) of stories260K's FP32
/// weights, then the RTL's dealign into FP32, FP16 and BF16 equals golden dealign of the same
/// samples and side information.
#[test]
fn real_tensor_round_trip() {
    let mut rng = seed("dealign real tensors", 0xdea1_0003);
    let mut dut = Dealign::new();
    for (model, name) in &ALIGN_TENSORS[..2] {
        let (rows, cols, bits) = f32_tensor(model, name);
        let mode = AlignMode::Bfp { group: cols as u32 };
        let a = align(name, FloatSlice::F32(&bits), rows, cols, mode).unwrap();
        let codes = match &a.side {
            golden::align::SideInfo::Bfp { exponents, .. } => exponents.clone(),
            _ => unreachable!(),
        };
        assert_eq!(codes.len(), rows);
        for fmt in 0..3u8 {
            let want: Vec<u32> = match dealign(&a.samples, rows, cols, &a.side, dtype(fmt)) {
                Ok(FloatVec::F32(v)) => v,
                Ok(FloatVec::F16(v) | FloatVec::Bf16(v)) => v.into_iter().map(u32::from).collect(),
                Err(e) => panic!("{name}: {e}"),
            };
            let beats = row_beats(&a.samples, cols, &codes, fmt);
            let got = run_stream(&mut dut, &beats, Stalls::new(75, 75), &mut rng);
            assert_eq!(got.len(), beats.len());
            let per_row = cols.div_ceil(DEALIGN_N);
            let mut out = Vec::with_capacity(rows * cols);
            for (i, (b, o)) in beats.iter().zip(&got).enumerate() {
                assert_eq!(o.user, b.user, "{name} beat {i} tag");
                let keep = (cols - (i % per_row) * DEALIGN_N).min(DEALIGN_N);
                out.extend_from_slice(&o.data[..keep]);
            }
            assert_eq!(out, want, "{name} fmt {fmt}");
            println!(
                "{name} ({rows}x{cols}) fmt {fmt}: {} values match",
                out.len()
            );
        }
    }
}

/// Code 255 with valid_i trips the RTL's assertion CodeNotNan_A, which stops the simulation:
/// the test runs itself in a child process (env DEALIGN_CODE_255) and expects it to abort
/// naming the assertion.
#[test]
fn code_255_trips_the_assertion() {
    let beat = DealignBeat {
        fmt: 0,
        code: 255,
        samples: [129; DEALIGN_N],
        user: 0,
    };
    if std::env::var_os("DEALIGN_CODE_255").is_some() {
        let mut rng = Rng::new(1);
        run_stream(&mut Dealign::new(), &[beat], Stalls::NONE, &mut rng);
        return;
    }
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["code_255_trips_the_assertion", "--exact", "--nocapture"])
        .env("DEALIGN_CODE_255", "1")
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&out.stdout) + String::from_utf8_lossy(&out.stderr);
    assert!(
        !out.status.success() && text.contains("CodeNotNan_A"),
        "code 255 did not stop the simulation: {}\n{text}",
        out.status
    );
}

/// Cycles from a beat's input to its output (rtl/align/dealign.sv: one register).
const LATENCY: usize = 1;

/// Throughput and latency: with valid_i and ready_i always high, every beat is accepted (N
/// samples per cycle) and beat j leaves in cycle j + LATENCY, back to back.
#[test]
fn one_beat_per_cycle() {
    let mut rng = seed("dealign throughput", 0xdea1_0004);
    let beats = all_samples(1, 96..=130, &mut rng);
    let mut dut = Dealign::new();
    dut.reset();
    let mut outs = Vec::new();
    for t in 0..beats.len() + LATENCY {
        let (accepted, out) = dut.cycle(beats.get(t), true);
        assert_eq!(accepted, t < beats.len(), "cycle {t}: beat not accepted");
        assert_eq!(out.is_some(), t >= LATENCY, "cycle {t}: output timing");
        outs.extend(out);
    }
    check(&beats, &outs);
}
