//! Whole-codec benchmarks on real weight tensors (criterion): `encode` and
//! `decode` of one 4:0:0 picture at the QP giving about 2.5 bits/sample.
//! Throughput is in samples (criterion prints it as bytes: one byte per
//! 8-bit sample).

mod common;

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use golden::decoder::Decoder;
use std::hint::black_box;

fn codec(c: &mut Criterion) {
    let images = common::load_images();
    let qps: Vec<i32> = images.iter().map(common::choose_qp).collect();
    let mut enc = c.benchmark_group("encode");
    for (img, &qp) in images.iter().zip(&qps) {
        let pic = img.picture();
        enc.throughput(Throughput::Bytes(img.len() as u64));
        let id = BenchmarkId::new(img.label, format!("qp{qp}"));
        enc.bench_function(id, |b| {
            let mut e = common::encoder(img, qp);
            b.iter(|| e.encode(black_box(&pic)).expect("encode"))
        });
    }
    enc.finish();
    let mut dec = c.benchmark_group("decode");
    for (img, &qp) in images.iter().zip(&qps) {
        let stream = common::encoder(img, qp)
            .encode(&img.picture())
            .expect("encode")
            .bytes;
        dec.throughput(Throughput::Bytes(img.len() as u64));
        let id = BenchmarkId::new(img.label, format!("qp{qp}"));
        dec.bench_function(id, |b| {
            b.iter(|| Decoder::decode_stream(black_box(&stream)).expect("decode"))
        });
    }
    dec.finish();
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(10);
    targets = codec
}
criterion_main!(benches);
