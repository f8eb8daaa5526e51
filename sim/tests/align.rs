//! align (BFP mode, N = 4 per beat, groups of 32) against golden::align::align with
//! AlignMode::Bfp { group: 32 }, bit for bit: samples, E8M0 codes, and the first Inf / NaN.

mod common;

use common::*;
use golden::align::{align, AlignMode, FloatSlice};
use sim::{run_stream, Align, AlignBeat, AlignOut, Rng, Stalls, ALIGN_G, ALIGN_N};

/// (exponent bits, mantissa bits) of format code 0 FP32, 1 FP16, 2 BF16.
fn fields(fmt: u8) -> (u32, u32) {
    match fmt {
        0 => (8, 23),
        1 => (5, 10),
        _ => (8, 7),
    }
}

/// A random finite group: a center exponent, elements spread below it (reaching subnormals),
/// zeros and -0, mantissas with round-half patterns (ties) and all-ones mantissas (which round
/// up to 128 and clamp).
fn random_group(rng: &mut Rng, fmt: u8) -> Vec<u32> {
    let (we, wm) = fields(fmt);
    let emax = (1i64 << we) - 2;
    let center = rng.range(0, emax);
    (0..ALIGN_G)
        .map(|_| {
            let sign = (rng.next_u64() & 1) as u32;
            let kind = rng.range(0, 19);
            let (ef, mf) = match kind {
                0 => (0, 0),                                       // +-0
                1 => (0, rng.next_u64() as u32 & ((1 << wm) - 1)), // subnormal
                2 => (rng.range(0, emax) as u32, (1 << wm) - 1),   // all-ones mantissa
                3 | 4 => {
                    // A tie for some shift: low k bits = 100..0.
                    let k = rng.range(1, i64::from(wm)) as u32;
                    let hi = (rng.next_u64() as u32) << k;
                    let ef = (center - rng.range(0, 8)).max(0) as u32;
                    (ef, (hi | (1 << (k - 1))) & ((1 << wm) - 1))
                }
                _ => {
                    let ef = (center - rng.range(0, 12)).max(0) as u32;
                    (ef, rng.next_u64() as u32 & ((1 << wm) - 1))
                }
            };
            (sign << (we + wm)) | (ef << wm) | mf
        })
        .collect()
}

/// Golden samples and codes of `groups` (one per row of a rows x 32 tensor).
fn golden_groups(fmt: u8, groups: &[Vec<u32>]) -> golden::Result<(Vec<u8>, Vec<u8>)> {
    let flat: Vec<u32> = groups.iter().flatten().copied().collect();
    let half: Vec<u16> = flat.iter().map(|&b| b as u16).collect();
    let input = match fmt {
        0 => FloatSlice::F32(&flat),
        1 => FloatSlice::F16(&half),
        _ => FloatSlice::Bf16(&half),
    };
    let a = align(
        "t",
        input,
        groups.len(),
        ALIGN_G,
        AlignMode::Bfp {
            group: ALIGN_G as u32,
        },
    )?;
    let codes = match a.side {
        golden::align::SideInfo::Bfp { exponents, .. } => exponents,
        _ => unreachable!(),
    };
    Ok((a.samples, codes))
}

/// The beats of `groups` in format `fmt`.
fn beats(fmt: u8, groups: &[Vec<u32>]) -> Vec<AlignBeat> {
    groups
        .iter()
        .flat_map(|g| g.chunks(ALIGN_N))
        .map(|c| AlignBeat {
            fmt,
            data: std::array::from_fn(|k| c[k]),
        })
        .collect()
}

/// Checks the RTL output beats of finite groups against the golden model.
fn check_groups(fmt: u8, groups: &[Vec<u32>], got: &[AlignOut]) {
    let (samples, codes) = golden_groups(fmt, groups).expect("finite groups");
    let per = ALIGN_G / ALIGN_N;
    assert_eq!(got.len(), groups.len() * per, "beats out != beats in");
    for (i, o) in got.iter().enumerate() {
        let g = i / per;
        let want: Vec<u8> = samples[i * ALIGN_N..(i + 1) * ALIGN_N].to_vec();
        assert_eq!(
            (o.samples.to_vec(), o.code, o.err, o.last),
            (want, codes[g], false, i % per == per - 1),
            "fmt {fmt} group {g} beat {} (bits {:08x?})",
            i % per,
            &groups[g]
        );
    }
}

fn random_formats(mut dut: Align, groups_per_format: usize, seed_value: u64) {
    let mut rng = seed("align random groups", seed_value);
    for fmt in 0..3u8 {
        let groups: Vec<_> = (0..groups_per_format)
            .map(|_| random_group(&mut rng, fmt))
            .collect();
        for stalls in [
            Stalls::NONE,
            Stalls {
                valid_percent: 60,
                ready_percent: 60,
            },
        ] {
            let got = run_stream(&mut dut, &beats(fmt, &groups), stalls, &mut rng);
            check_groups(fmt, &groups, &got);
        }
    }
}

#[test]
fn random_groups_all_formats() {
    random_formats(Align::new(), 4000, 0xa11_0001);
}

/// Yosys reads align.sv with the same meaning as Verilator.
#[test]
fn yosys_netlist_matches_golden() {
    random_formats(Align::new_yosys(), 1500, 0xa11_0002);
}

/// Real weights: every row of each tensor cut into groups of 32, a short last group padded
/// with +0 (the padding's samples dropped); FP32 as stored and BF16 (the top half of each
/// FP32 pattern). Compared with golden align of the whole tensor.
#[test]
fn real_tensors() {
    let mut rng = seed("align real tensors", 0xa11_0003);
    for (model, name) in ALIGN_TENSORS {
        let (rows, cols, f32s) = f32_tensor(model, name);
        for fmt in [0u8, 2] {
            let bits: Vec<u32> = if fmt == 0 {
                f32s.clone()
            } else {
                f32s.iter().map(|b| b >> 16).collect()
            };
            let half: Vec<u16> = bits.iter().map(|&b| b as u16).collect();
            let input = if fmt == 0 {
                FloatSlice::F32(&bits)
            } else {
                FloatSlice::Bf16(&half)
            };
            let want = align(name, input, rows, cols, AlignMode::Bfp { group: 32 }).unwrap();
            let want_codes = match &want.side {
                golden::align::SideInfo::Bfp { exponents, .. } => exponents.clone(),
                _ => unreachable!(),
            };
            let gpr = cols.div_ceil(ALIGN_G);
            let mut groups = Vec::new();
            for r in 0..rows {
                for g in 0..gpr {
                    let mut v: Vec<u32> = bits[r * cols + g * ALIGN_G
                        ..(r * cols + (g + 1) * ALIGN_G).min((r + 1) * cols)]
                        .to_vec();
                    v.resize(ALIGN_G, 0);
                    groups.push(v);
                }
            }
            let got = run_stream(
                &mut Align::new(),
                &beats(fmt, &groups),
                Stalls {
                    valid_percent: 80,
                    ready_percent: 80,
                },
                &mut rng,
            );
            let per = ALIGN_G / ALIGN_N;
            assert_eq!(got.len(), groups.len() * per);
            let mut samples = Vec::with_capacity(rows * cols);
            for (gi, chunk) in got.chunks(per).enumerate() {
                let (r, g) = (gi / gpr, gi % gpr);
                assert!(
                    chunk.iter().all(|o| o.code == want_codes[gi] && !o.err),
                    "{name} row {r} group {g}"
                );
                let s: Vec<u8> = chunk.iter().flat_map(|o| o.samples).collect();
                let keep = (cols - g * ALIGN_G).min(ALIGN_G);
                samples.extend_from_slice(&s[..keep]);
            }
            assert_eq!(samples, want.samples, "{name} fmt {fmt}");
            println!(
                "{model} {name} ({rows}x{cols}) fmt {fmt}: {} groups match",
                groups.len()
            );
        }
    }
}

/// Inf and NaN: a group with non-finite elements raises err_o with the index of its first
/// one; the first such group locates the element golden align names in its error; finite
/// groups around it are unaffected.
#[test]
fn non_finite_elements() {
    let mut rng = seed("align non-finite", 0xa11_0004);
    for fmt in 0..3u8 {
        let (we, wm) = fields(fmt);
        let ones = ((1u32 << we) - 1) << wm;
        let mut groups: Vec<_> = (0..600).map(|_| random_group(&mut rng, fmt)).collect();
        let mut first_bad = vec![None; groups.len()];
        for (g, grp) in groups.iter_mut().enumerate() {
            if g % 3 != 1 {
                continue;
            }
            for _ in 0..rng.range(1, 3) {
                let pos = rng.range(0, ALIGN_G as i64 - 1) as usize;
                let sign = (rng.next_u64() & 1) as u32;
                // +-Inf or a NaN (quiet or signalling payload).
                let man = match rng.range(0, 2) {
                    0 => 0,
                    1 => 1 << (wm - 1),
                    _ => 1,
                };
                grp[pos] = (sign << (we + wm)) | ones | man;
                first_bad[g] = Some(first_bad[g].map_or(pos, |p: usize| p.min(pos)));
            }
        }
        let got = run_stream(
            &mut Align::new(),
            &beats(fmt, &groups),
            Stalls {
                valid_percent: 70,
                ready_percent: 70,
            },
            &mut rng,
        );
        let per = ALIGN_G / ALIGN_N;
        assert_eq!(got.len(), groups.len() * per);
        for (g, chunk) in got.chunks(per).enumerate() {
            for o in chunk {
                assert_eq!(o.err, first_bad[g].is_some(), "fmt {fmt} group {g} err");
                if let Some(p) = first_bad[g] {
                    assert_eq!(usize::from(o.err_idx), p, "fmt {fmt} group {g} first index");
                }
            }
            if first_bad[g].is_none() {
                // Finite groups: same as golden.
                check_groups(fmt, &groups[g..g + 1], chunk);
            }
        }
        // The whole tensor: golden names element (first bad group) * 32 + index.
        let err = golden_groups(fmt, &groups).expect_err("non-finite tensor");
        let msg = err.to_string();
        let g = first_bad.iter().position(|p| p.is_some()).unwrap();
        let want = g * ALIGN_G + usize::from(got[g * per].err_idx);
        assert!(
            msg.contains(&format!("element {want} ")),
            "golden says {msg}, RTL {want}"
        );
        println!("fmt {fmt}: {msg}");
    }
}

/// Values worked out by hand from docs/align.md section 3 (FP32, one group): the maximum
/// 0x3fffffff (just below 2) gives E = 0 (code 127) and rounds to 128 steps of 2^-6, clamped
/// to 127 (sample 255; its negative 1); 1.0 is 64 steps (192); 0.5 is 32 (160), -0.5 is -32
/// (96); 2^-7 is half a step, a tie to even 0 (128); 3 * 2^-7 is 1.5 steps, a tie to even 2
/// (130); 5 * 2^-8 is 1.25 steps, 1 (129); +0 and -0 give 128. An all-zero group has code 0.
#[test]
fn by_hand() {
    let mut g = vec![0u32; ALIGN_G];
    let cases: [(u32, u8); 10] = [
        (0x3fff_ffff, 255),
        (0xbfff_ffff, 1),
        (0x3f80_0000, 192),
        (0x3f00_0000, 160),
        (0xbf00_0000, 96),
        (0x3c00_0000, 128),
        (0x3cc0_0000, 130),
        (0x3ca0_0000, 129),
        (0x0000_0000, 128),
        (0x8000_0000, 128),
    ];
    for (k, &(bits, _)) in cases.iter().enumerate() {
        g[k] = bits;
    }
    let groups = vec![g, vec![0; ALIGN_G]];
    let mut rng = seed("align by hand", 0xa11_0005);
    let got = run_stream(
        &mut Align::new(),
        &beats(0, &groups),
        Stalls::NONE,
        &mut rng,
    );
    let per = ALIGN_G / ALIGN_N;
    let s: Vec<u8> = got[..per].iter().flat_map(|o| o.samples).collect();
    for (k, &(bits, want)) in cases.iter().enumerate() {
        assert_eq!(s[k], want, "element {k} bits {bits:08x}");
    }
    assert!(s[cases.len()..].iter().all(|&v| v == 128));
    assert!(got[..per].iter().all(|o| o.code == 127 && !o.err));
    assert!(got[per..]
        .iter()
        .all(|o| o.code == 0 && o.samples == [128; ALIGN_N]));
}

/// Cycles from a group's last input beat to its first output beat (rtl/align/align.sv: one to
/// fill the bank, then the read, decode, shift and round registers).
const LATENCY: usize = 5;

/// Throughput and latency: with valid_i and ready_i always high, every beat is accepted (N
/// elements per cycle) and output beat j appears at cycle j + G/N - 1 + LATENCY, back to back.
#[test]
fn n_elements_per_cycle() {
    use sim::Stream;
    let mut rng = seed("align throughput", 0xa11_0006);
    let groups: Vec<_> = (0..50).map(|_| random_group(&mut rng, 0)).collect();
    let input = beats(0, &groups);
    let first = ALIGN_G / ALIGN_N - 1 + LATENCY;
    let mut dut = Align::new();
    dut.reset();
    let mut outs = Vec::new();
    for t in 0..input.len() + first {
        let (accepted, out) = dut.cycle(input.get(t), true);
        assert_eq!(accepted, t < input.len(), "cycle {t}: beat not accepted");
        assert_eq!(out.is_some(), t >= first, "cycle {t}: output timing");
        outs.extend(out);
    }
    check_groups(0, &groups, &outs);
}
