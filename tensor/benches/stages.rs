//! Micro benchmarks of the codec's stages (criterion), on real tensor data
//! where the stage sees samples: CABAC bins, transform + quantization,
//! intra prediction and SATD, the deblocking filter. They locate where the
//! time of `codec` goes; throughput is per element named in each group.

mod common;

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use golden::cabac::{CabacDecoder, CabacEncoder};
use golden::deblock::{deblock_picture, MbFilterInfo, SliceFilterParams};
use golden::intra::{self, Avail};
use golden::quant::{self, Deadzone};
use golden::transform;

/// Bins coded per iteration of the CABAC benches.
const BINS: usize = 100_000;

/// A deterministic bin sequence over a few contexts, skewed like residual
/// data (about 1 in 4 bins is 1), from a xorshift generator.
fn bins() -> Vec<(usize, u32)> {
    let mut s = 0x9e37_79b9_7f4a_7c15u64;
    (0..BINS)
        .map(|i| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            (105 + i % 15, u32::from(s.is_multiple_of(4)))
        })
        .collect()
}

fn cabac(c: &mut Criterion) {
    let bins = bins();
    let mut enc = CabacEncoder::new(26);
    for &(ctx, b) in &bins {
        enc.encode_decision(ctx, b);
    }
    enc.encode_terminate(1);
    let stream = enc.finish();
    let mut g = c.benchmark_group("cabac");
    g.throughput(Throughput::Elements(BINS as u64));
    g.bench_function("encode_decision", |b| {
        b.iter(|| {
            let mut e = CabacEncoder::new(26);
            for &(ctx, bin) in &bins {
                e.encode_decision(ctx, bin);
            }
            e.encode_terminate(1);
            e.finish()
        })
    });
    g.bench_function("decode_decision", |b| {
        b.iter(|| {
            let mut d = CabacDecoder::new(black_box(&stream), 26).expect("init");
            let mut ones = 0;
            for &(ctx, _) in &bins {
                ones += d.decode_decision(ctx).expect("bin");
            }
            ones
        })
    });
    g.bench_function("encode_bypass", |b| {
        b.iter(|| {
            let mut e = CabacEncoder::new(26);
            for &(_, bin) in &bins {
                e.encode_bypass(bin);
            }
            e.encode_terminate(1);
            e.finish()
        })
    });
    g.finish();
}

/// The 4x4 and 8x8 blocks of a real tensor image minus a flat prediction
/// (128): residuals as the encoder sees them.
fn residual_blocks<const N: usize, const NN: usize>() -> Vec<[i32; NN]> {
    let img = &common::load_images()[1];
    let mut out = Vec::new();
    for by in (0..img.height - N + 1).step_by(N) {
        for bx in (0..img.width - N + 1).step_by(N) {
            let mut b = [0i32; NN];
            for (i, v) in b.iter_mut().enumerate() {
                *v = i32::from(img.samples[(by + i / N) * img.width + bx + i % N]) - 128;
            }
            out.push(b);
        }
    }
    out
}

fn transform_quant(c: &mut Criterion) {
    let b4 = residual_blocks::<4, 16>();
    let b8 = residual_blocks::<8, 64>();
    let qp = 26;
    let dz = Deadzone::INTRA;
    let mut g = c.benchmark_group("transform_quant");
    g.throughput(Throughput::Elements((b4.len() * 16) as u64));
    g.bench_function("forward_quant_4x4", |b| {
        b.iter(|| {
            for r in black_box(&b4) {
                black_box(quant::quant4x4(&transform::forward4x4(r), qp, dz));
            }
        })
    });
    let lv4: Vec<[i32; 16]> = b4
        .iter()
        .map(|r| quant::quant4x4(&transform::forward4x4(r), qp, dz))
        .collect();
    g.bench_function("dequant_inverse_4x4", |b| {
        b.iter(|| {
            for l in black_box(&lv4) {
                black_box(transform::inverse4x4(&quant::dequant4x4(l, qp)));
            }
        })
    });
    g.throughput(Throughput::Elements((b8.len() * 64) as u64));
    g.bench_function("forward_quant_8x8", |b| {
        b.iter(|| {
            for r in black_box(&b8) {
                black_box(quant::quant8x8(&transform::forward8x8(r), qp, dz));
            }
        })
    });
    let lv8: Vec<[i32; 64]> = b8
        .iter()
        .map(|r| quant::quant8x8(&transform::forward8x8(r), qp, dz))
        .collect();
    g.bench_function("dequant_inverse_8x8", |b| {
        b.iter(|| {
            for l in black_box(&lv8) {
                black_box(transform::inverse8x8(&quant::dequant8x8(l, qp)));
            }
        })
    });
    g.finish();
}

/// Mode search as the encoder does it: neighbours gathered once per block,
/// every mode predicted from them and costed by SATD.
fn intra_pred(c: &mut Criterion) {
    let img = &common::load_images()[1];
    let pic = img.picture();
    let plane = &pic.planes[0];
    // Interior blocks, so that every mode is available.
    let blocks4: Vec<(usize, usize)> = (1..img.height / 4 - 1)
        .flat_map(|y| (1..img.width / 4 - 2).map(move |x| (4 * x, 4 * y)))
        .collect();
    let blocks8: Vec<(usize, usize)> = (1..img.height / 8 - 1)
        .flat_map(|y| (1..img.width / 8 - 2).map(move |x| (8 * x, 8 * y)))
        .collect();
    let mbs: Vec<(usize, usize)> = (1..img.height / 16)
        .flat_map(|y| (1..img.width / 16).map(move |x| (16 * x, 16 * y)))
        .collect();
    let mut g = c.benchmark_group("intra");
    g.throughput(Throughput::Elements((blocks4.len() * 9) as u64));
    g.bench_function("predict4x4_satd_9_modes", |b| {
        b.iter(|| {
            let mut total = 0;
            for &(x, y) in &blocks4 {
                let s: [[u8; 4]; 4] = plane.block(x, y);
                let e = intra::Edges4x4::gather(plane, x, y, Avail::ALL).expect("edges");
                for m in 0..9 {
                    let p = e.predict(m).expect("mode");
                    total += intra::satd4x4(&s, &p);
                }
            }
            total
        })
    });
    g.throughput(Throughput::Elements((blocks8.len() * 9) as u64));
    g.bench_function("predict8x8_satd_9_modes", |b| {
        b.iter(|| {
            let mut total = 0;
            for &(x, y) in &blocks8 {
                let s: [[u8; 8]; 8] = plane.block(x, y);
                let e = intra::Edges8x8::gather(plane, x, y, Avail::ALL).expect("edges");
                for m in 0..9 {
                    let p = e.predict(m).expect("mode");
                    total += intra::satd8x8(&s, &p);
                }
            }
            total
        })
    });
    g.throughput(Throughput::Elements((mbs.len() * 4) as u64));
    g.bench_function("predict16x16_satd_4_modes", |b| {
        b.iter(|| {
            let mut total = 0;
            for &(x, y) in &mbs {
                let s: [[u8; 16]; 16] = plane.block(x, y);
                let e = intra::Edges16x16::gather(plane, x, y, Avail::ALL).expect("edges");
                for m in 0..4 {
                    let p = e.predict(m).expect("mode");
                    total += intra::satd16x16(&s, &p);
                }
            }
            total
        })
    });
    g.finish();
}

fn deblock(c: &mut Criterion) {
    let img = &common::load_images()[1];
    let pic = img.picture();
    let mbs = vec![
        MbFilterInfo {
            qp_y: 26,
            transform_8x8: false,
            slice: 0,
        };
        pic.width_mbs() * pic.height_mbs()
    ];
    let slices = [SliceFilterParams::default()];
    let mut g = c.benchmark_group("deblock");
    g.throughput(Throughput::Elements(img.len() as u64));
    g.bench_function("picture_qp26", |b| {
        b.iter_batched_ref(
            || pic.clone(),
            |p| deblock_picture(p, &mbs, &slices).expect("deblock"),
            criterion::BatchSize::LargeInput,
        )
    });
    g.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = cabac, transform_quant, intra_pred, deblock
}
criterion_main!(benches);
