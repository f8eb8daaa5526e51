//! The tensor encoder's two alignment passes (docs/decisions.md D36) against golden
//! `align::align` with `AlignMode::Bfp { group: u32::MAX }` (one E8M0 exponent per row, the
//! tensor codec's default), bit for bit: align_scan's code per row equals golden's side
//! information, align_apply's samples (given golden's codes) equal golden's samples; Inf / NaN
//! rows raise align_scan's err_o; random stalls on both ports; a property test of align_apply
//! (and of align_scan) over random bit patterns against golden's per-element quantization
//! (`align::quantize_sample`).

mod common;

use common::*;
use golden::align::{align, quantize_sample, round_f32_bits, AlignMode, Dtype, FloatSlice};
use proptest::prelude::*;
use sim::{
    run_stream, run_stream_drain, AlignApply, AlignScan, ApplyBeat, ApplyOut, Rng, ScanBeat,
    ScanOut, Stalls, Stream, ALIGN_ROW_N,
};

const N: usize = ALIGN_ROW_N;

/// The dtype of format code 0 FP32, 1 FP16, 2 BF16.
fn dtype(fmt: u8) -> Dtype {
    match fmt {
        0 => Dtype::F32,
        1 => Dtype::F16,
        _ => Dtype::Bf16,
    }
}

/// (exponent bits, mantissa bits) of a format code.
fn fields(fmt: u8) -> (u32, u32) {
    match fmt {
        0 => (8, 23),
        1 => (5, 10),
        _ => (8, 7),
    }
}

/// Golden's samples and per-row codes of the rows x cols tensor `bits` (format `fmt`, 16-bit
/// patterns in the low half), one exponent per row.
fn golden_rows(
    fmt: u8,
    bits: &[u32],
    rows: usize,
    cols: usize,
) -> golden::Result<(Vec<u8>, Vec<u8>)> {
    let half: Vec<u16> = bits.iter().map(|&b| b as u16).collect();
    let input = match fmt {
        0 => FloatSlice::F32(bits),
        1 => FloatSlice::F16(&half),
        _ => FloatSlice::Bf16(&half),
    };
    let a = align("t", input, rows, cols, AlignMode::Bfp { group: u32::MAX })?;
    match a.side {
        golden::align::SideInfo::Bfp { exponents, .. } => Ok((a.samples, exponents)),
        _ => unreachable!(),
    }
}

/// A row's beats of N patterns, the last one padded with +0.
fn row_chunks(row: &[u32]) -> impl Iterator<Item = [u32; N]> + '_ {
    row.chunks(N)
        .map(|c| std::array::from_fn(|k| c.get(k).copied().unwrap_or(0)))
}

/// align_scan's input: every row as beats, last on its final beat.
fn scan_beats(fmt: u8, bits: &[u32], cols: usize) -> Vec<ScanBeat> {
    bits.chunks(cols)
        .flat_map(|row| {
            let n = row.len().div_ceil(N);
            row_chunks(row).enumerate().map(move |(i, data)| ScanBeat {
                fmt,
                data,
                last: i + 1 == n,
            })
        })
        .collect()
}

/// align_scan's outputs for `beats` under `stalls` (one a row: the stream drained until
/// quiet).
fn scan(beats: &[ScanBeat], stalls: Stalls, rng: &mut Rng) -> Vec<ScanOut> {
    run_stream_drain(&mut AlignScan::new(), beats, stalls, rng, 16).0
}

/// align_apply's input: every row as beats with the row's code, each beat tagged with its
/// number.
fn apply_beats(fmt: u8, bits: &[u32], cols: usize, codes: &[u8]) -> Vec<ApplyBeat> {
    let mut beats = Vec::new();
    for (row, &code) in bits.chunks(cols).zip(codes) {
        for data in row_chunks(row) {
            beats.push(ApplyBeat {
                fmt,
                code,
                data,
                user: beats.len() as u16,
            });
        }
    }
    beats
}

/// Samples of the rows out of align_apply's beats (the padding dropped), checking the tags.
fn apply_samples(beats: &[ApplyBeat], got: &[ApplyOut], cols: usize) -> Vec<u8> {
    assert_eq!(got.len(), beats.len(), "beats out != beats in");
    let per_row = cols.div_ceil(N);
    let mut out = Vec::new();
    for (i, (b, o)) in beats.iter().zip(got).enumerate() {
        assert_eq!(o.user, b.user, "beat {i} tag");
        let keep = (cols - (i % per_row) * N).min(N);
        out.extend_from_slice(&o.samples[..keep]);
    }
    out
}

/// Both passes on a finite rows x cols tensor against golden, with random stalls; returns
/// golden's codes.
fn check_tensor(label: &str, fmt: u8, bits: &[u32], cols: usize, rng: &mut Rng) -> Vec<u8> {
    let rows = bits.len() / cols;
    let (samples, codes) = golden_rows(fmt, bits, rows, cols).expect("finite tensor");
    let got = scan(&scan_beats(fmt, bits, cols), Stalls::new(70, 70), rng);
    let want: Vec<ScanOut> = codes
        .iter()
        .map(|&code| ScanOut { code, err: false })
        .collect();
    assert_eq!(got, want, "{label} fmt {fmt}: align_scan codes");
    let beats = apply_beats(fmt, bits, cols, &codes);
    let got = run_stream(&mut AlignApply::new(), &beats, Stalls::new(70, 70), rng);
    assert_eq!(
        apply_samples(&beats, &got, cols),
        samples,
        "{label} fmt {fmt}: align_apply"
    );
    codes
}

/// FP32 patterns as rows of `cols` in format `fmt`, with some rows changed: every 7th row
/// (from row 3) all zero, every 7th (from row 5) scaled by 2^-16 (FP16: into its subnormal
/// range, under 2^-14), every 7th (from row 6) by 2^8 (larger codes).
fn variant(f32_bits: &[u32], cols: usize, fmt: u8) -> Vec<u32> {
    f32_bits
        .iter()
        .enumerate()
        .map(|(i, &b)| {
            let v = f32::from_bits(b);
            let v = match (i / cols) % 7 {
                3 => 0.0,
                5 => v * (-16f32).exp2(),
                6 => v * 256.0,
                _ => v,
            };
            match fmt {
                0 => v.to_bits(),
                _ => round_f32_bits(v.to_bits(), dtype(fmt)),
            }
        })
        .collect()
}

/// Real weights (stories260K, MiniLM) in FP32, FP16 and BF16: each tensor in its own shape
/// and re-cut into rows of 37 (not a multiple of 16), 17 (a one-element last beat) and 1, with
/// all-zero rows and rows scaled into FP16's subnormal range.
#[test]
fn real_tensors() {
    let mut rng = seed("align_rows real tensors", 0xa1e0_0001);
    for (model, name) in ALIGN_TENSORS {
        let (rows, cols, bits) = f32_tensor(model, name);
        for fmt in 0..3u8 {
            for (c, n) in [
                (cols, rows * cols),
                (37, 37 * 200),
                (17, 17 * 120),
                (1, 400),
            ] {
                let v = variant(&bits[..n], c, fmt);
                let codes = check_tensor(&format!("{name} rows of {c}"), fmt, &v, c, &mut rng);
                // All-zero rows (code 0) and, in FP16, rows whose largest value is subnormal
                // (codes 103..=112: align_e8m0's mantissa-OR path).
                assert!(codes.contains(&0), "{name} rows of {c}: no zero row");
                if fmt == 1 {
                    assert!(
                        codes.iter().any(|&k| (103..113).contains(&k)),
                        "{name} rows of {c}: no FP16 subnormal row"
                    );
                }
                println!("{model} {name}: {} rows of {c}, fmt {fmt}: match", n / c);
            }
        }
    }
}

/// Rows with Inf or NaN (each format, anywhere in the row, one or several): align_scan's
/// err_o marks exactly those rows, the first of them is the row golden's error names, and
/// the finite rows keep golden's codes.
#[test]
fn non_finite_rows() {
    let mut rng = seed("align_rows non-finite", 0xa1e0_0002);
    let (_, _, f32_bits) = f32_tensor(ALIGN_TENSORS[0].0, ALIGN_TENSORS[0].1);
    let cols = 45;
    let rows = 90;
    for fmt in 0..3u8 {
        let (we, wm) = fields(fmt);
        let mut bits = variant(&f32_bits[..rows * cols], cols, fmt);
        let mut bad = vec![false; rows];
        for r in (2..rows).step_by(5) {
            for _ in 0..rng.range(1, 2) {
                let pos = r * cols + rng.range(0, cols as i64 - 1) as usize;
                let sign = (rng.next_u64() & 1) as u32;
                // +-Inf, a quiet NaN, a signalling NaN.
                let man = [0, 1 << (wm - 1), 1][rng.range(0, 2) as usize];
                bits[pos] = (sign << (we + wm)) | (((1 << we) - 1) << wm) | man;
            }
            bad[r] = true;
        }
        let got = scan(&scan_beats(fmt, &bits, cols), Stalls::new(70, 70), &mut rng);
        assert_eq!(got.len(), rows);
        for (r, o) in got.iter().enumerate() {
            assert_eq!(o.err, bad[r], "fmt {fmt} row {r} err");
            if !bad[r] {
                let row = &bits[r * cols..(r + 1) * cols];
                let (_, code) = golden_rows(fmt, row, 1, cols).unwrap();
                assert_eq!(o.code, code[0], "fmt {fmt} row {r} code");
            }
        }
        let msg = golden_rows(fmt, &bits, rows, cols)
            .expect_err("non-finite tensor")
            .to_string();
        let first = got.iter().position(|o| o.err).unwrap();
        assert!(
            msg.contains(&format!("(row {first},")),
            "golden: {msg}; RTL: row {first}"
        );
        println!("fmt {fmt}: {msg}");
    }
}

/// Cycles from a row's last beat to its code (align_scan: the row register, the code
/// register) and from a beat to its samples (align_apply: decode, shift, round).
const SCAN_LATENCY: usize = 2;
const APPLY_LATENCY: usize = 3;

/// Throughput and latency with valid_i and ready_i always high: every beat is accepted (N
/// elements a cycle), align_scan's code of a row leaves SCAN_LATENCY cycles after its last
/// beat, align_apply's beat j in cycle j + APPLY_LATENCY.
#[test]
fn one_beat_per_cycle() {
    let (_, _, f32_bits) = f32_tensor(ALIGN_TENSORS[0].0, ALIGN_TENSORS[0].1);
    let cols = 40; // 3 beats a row
    let bits = &f32_bits[..cols * 60];
    let (_, codes) = golden_rows(0, bits, 60, cols).unwrap();

    let input = scan_beats(0, bits, cols);
    let mut dut = AlignScan::new();
    dut.reset();
    let mut outs = Vec::new();
    for t in 0..input.len() + SCAN_LATENCY {
        let (accepted, out) = dut.cycle(input.get(t), true);
        assert_eq!(
            accepted,
            t < input.len(),
            "align_scan cycle {t}: beat not accepted"
        );
        let due = t >= SCAN_LATENCY && input[t - SCAN_LATENCY].last;
        assert_eq!(out.is_some(), due, "align_scan cycle {t}: output timing");
        outs.extend(out.map(|o| o.code));
    }
    assert_eq!(outs, codes);

    let input = apply_beats(0, bits, cols, &codes);
    let mut dut = AlignApply::new();
    dut.reset();
    let mut outs = Vec::new();
    for t in 0..input.len() + APPLY_LATENCY {
        let (accepted, out) = dut.cycle(input.get(t), true);
        assert_eq!(
            accepted,
            t < input.len(),
            "align_apply cycle {t}: beat not accepted"
        );
        assert_eq!(
            out.is_some(),
            t >= APPLY_LATENCY,
            "align_apply cycle {t}: output timing"
        );
        outs.extend(out);
    }
    let (samples, _) = golden_rows(0, bits, 60, cols).unwrap();
    assert_eq!(apply_samples(&input, &outs, cols), samples);
}

/// A random pattern of format `fmt` made finite (an all-ones exponent field loses its top
/// bit); the upper half of a 16-bit format's lane is left random (the RTL ignores it).
fn finite(raw: u32, fmt: u8) -> u32 {
    let (we, wm) = fields(fmt);
    let top = 1u32 << (we + wm - 1);
    let ones = ((1u32 << we) - 1) << wm;
    if raw & ones == ones {
        raw & !top
    } else {
        raw
    }
}

/// The low `width` bits of a pattern: golden's view of a 16-bit lane.
fn low(bits: u32, fmt: u8) -> u32 {
    if fmt == 0 {
        bits
    } else {
        bits & 0xffff
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// align_apply over random patterns: each beat quantized with a code at or above the
    /// beat's own (golden's code of the beat as a row, plus a random step up to 254), each
    /// element against golden's `quantize_sample`; random stalls on both ports.
    #[test]
    fn apply_random_patterns(
        fmt in 0u8..3,
        lanes in prop::collection::vec((any::<[u32; N]>(), any::<u8>()), 1..40),
        stall_seed in any::<u64>(),
    ) {
        let beats: Vec<ApplyBeat> = lanes
            .iter()
            .enumerate()
            .map(|(i, (raw, up))| {
                let data = raw.map(|b| finite(b, fmt));
                let own: Vec<u32> = data.iter().map(|&b| low(b, fmt)).collect();
                let (_, code) = golden_rows(fmt, &own, 1, N).unwrap();
                // Half the beats at their own code, the others above it.
                let step = if up & 1 == 0 { 0 } else { up >> 1 };
                let code = code[0].saturating_add(step).min(254);
                ApplyBeat { fmt, code, data, user: i as u16 }
            })
            .collect();
        let mut rng = Rng::new(stall_seed);
        let got = run_stream(&mut AlignApply::new(), &beats, Stalls::new(60, 60), &mut rng);
        prop_assert_eq!(got.len(), beats.len());
        for (b, o) in beats.iter().zip(&got) {
            let want: Vec<u8> = b
                .data
                .iter()
                .map(|&x| quantize_sample(low(x, fmt), b.code, dtype(fmt)))
                .collect();
            prop_assert_eq!((o.samples.to_vec(), o.user), (want, b.user), "code {}", b.code);
        }
    }

    /// align_scan over random rows of random patterns (lengths 1..100) against golden's codes.
    #[test]
    fn scan_random_rows(
        fmt in 0u8..3,
        rows in prop::collection::vec(prop::collection::vec(any::<u32>(), 1..100), 1..12),
        stall_seed in any::<u64>(),
    ) {
        let mut beats = Vec::new();
        let mut want = Vec::new();
        for row in &rows {
            let row: Vec<u32> = row.iter().map(|&b| low(finite(b, fmt), fmt)).collect();
            let (_, code) = golden_rows(fmt, &row, 1, row.len()).unwrap();
            want.push(ScanOut { code: code[0], err: false });
            beats.extend(scan_beats(fmt, &row, row.len()));
        }
        let mut rng = Rng::new(stall_seed);
        let got = scan(&beats, Stalls::new(60, 60), &mut rng);
        prop_assert_eq!(got, want);
    }
}
