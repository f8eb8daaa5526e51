//! Tests of the container: layout by hand, round trips, and every kind of
//! corruption and truncation an error.

use std::collections::BTreeMap;
use std::io::{Read, Seek, SeekFrom, Write};

use super::crc::*;
use super::layout::*;
use super::reader::*;
use super::writer::*;
use crate::safetensors::Dtype;
use golden::error::{Error, Result};
use proptest::prelude::*;
use std::cell::Cell;
use std::io::Cursor;
use std::rc::Rc;

fn rec(
    name: &str,
    dtype: Dtype,
    shape: &[usize],
    kind: RecordKind,
    params: &[u8],
    streams: &[&[u8]],
) -> TensorRecord {
    TensorRecord {
        name: name.to_string(),
        dtype,
        shape: shape.to_vec(),
        kind,
        params: params.to_vec(),
        streams: streams.iter().map(|s| s.to_vec()).collect(),
    }
}

/// Deterministic filler bytes (a 32-bit LCG's high bytes).
fn filler(n: usize, seed: u32) -> Vec<u8> {
    let mut x = seed;
    (0..n)
        .map(|_| {
            x = x.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
            (x >> 24) as u8
        })
        .collect()
}

fn meta(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Records covering rank 0..4, UTF-8 names, no streams, empty streams,
/// many streams and both kinds.
fn sample_records() -> Vec<TensorRecord> {
    let many: Vec<Vec<u8>> = (0..300).map(|i| filler(i % 7, i as u32)).collect();
    let many: Vec<&[u8]> = many.iter().map(|s| s.as_slice()).collect();
    vec![
        rec(
            "scale",
            Dtype::F32,
            &[],
            RecordKind::Raw,
            &[],
            &[&[0, 0, 128, 63]],
        ),
        rec(
            "bias",
            Dtype::I64,
            &[2],
            RecordKind::Raw,
            &[],
            &[&filler(16, 1)],
        ),
        rec(
            "層.重み ✓",
            Dtype::BF16,
            &[3, 4],
            RecordKind::Codec,
            &[1, 2, 3],
            &[&[9; 5], &[]],
        ),
        rec("", Dtype::F16, &[0, 5, 1], RecordKind::Codec, &[], &[]),
        rec(
            "tiles",
            Dtype::F32,
            &[2, 3, 4, 5],
            RecordKind::Codec,
            &filler(40, 2),
            &many,
        ),
    ]
}

/// Writes `recs` to memory; returns the bytes and what each write returned.
fn write_mem(m: &BTreeMap<String, String>, recs: &[TensorRecord]) -> (Vec<u8>, Vec<u64>) {
    let mut buf = Vec::new();
    let mut w = TczWriter::new(&mut buf, m).unwrap();
    let sizes: Vec<u64> = recs.iter().map(|r| w.write(r).unwrap()).collect();
    let size = w.finish().unwrap();
    assert_eq!(size, buf.len() as u64);
    (buf, sizes)
}

/// Opens `bytes` and reads every record.
fn read_all(bytes: &[u8]) -> Result<(BTreeMap<String, String>, Vec<TensorRecord>)> {
    let mut r = TczReader::new(Cursor::new(bytes))?;
    let recs = r.records().collect::<Result<Vec<_>>>()?;
    Ok((r.metadata().clone(), recs))
}

fn small_file() -> Vec<u8> {
    let recs = vec![
        rec("a", Dtype::U8, &[3], RecordKind::Raw, &[], &[&[1, 2, 3]]),
        rec(
            "bé",
            Dtype::F16,
            &[1, 2],
            RecordKind::Codec,
            &[7],
            &[&[5, 6], &[]],
        ),
        rec("c", Dtype::Bool, &[], RecordKind::Codec, &[], &[]),
    ];
    write_mem(&meta(&[("k", "v")]), &recs).0
}

fn temp_path(tag: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("tcz-test-{}-{tag}.tcz", std::process::id()))
}

// --- CRC-32C -----------------------------------------------------------

/// Bit-at-a-time CRC-32C straight from the definition (reflected
/// polynomial, preset and final inversion).
fn crc_bitwise(data: &[u8]) -> u32 {
    let mut c = !0u32;
    for &b in data {
        c ^= u32::from(b);
        for _ in 0..8 {
            c = if c & 1 != 0 {
                (c >> 1) ^ 0x82F6_3B78
            } else {
                c >> 1
            };
        }
    }
    !c
}

#[test]
fn crc32c_published_vectors() {
    // The catalogue check value of CRC-32/ISCSI.
    assert_eq!(crc32c(b"123456789"), 0xE306_9283);
    // RFC 3720, appendix B.4.
    assert_eq!(crc32c(&[0u8; 32]), 0x8A91_36AA);
    assert_eq!(crc32c(&[0xFFu8; 32]), 0x62A8_AB43);
    let inc: Vec<u8> = (0..32).collect();
    assert_eq!(crc32c(&inc), 0x46DD_794E);
    let dec: Vec<u8> = (0..32).rev().collect();
    assert_eq!(crc32c(&dec), 0x113F_DB5C);
    assert_eq!(crc32c(&[]), 0);
}

proptest! {
    #[test]
    fn crc32c_matches_bitwise_definition_in_any_split(
        data in proptest::collection::vec(any::<u8>(), 0..200),
        cut in any::<prop::sample::Index>(),
    ) {
        prop_assert_eq!(crc32c(&data), crc_bitwise(&data));
        let cut = cut.index(data.len() + 1);
        let mut c = Crc32c::new();
        c.update(&data[..cut]);
        c.update(&data[cut..]);
        prop_assert_eq!(c.value(), crc_bitwise(&data));
    }
}

#[test]
fn dtype_codes_cover_every_dtype_once() {
    for d in Dtype::ALL {
        assert_eq!(DTYPE_CODES.iter().filter(|e| e.0 == d).count(), 1);
        assert_eq!(dtype_from_code(dtype_code(d)), Some(d));
    }
    for (i, e) in DTYPE_CODES.iter().enumerate() {
        assert_eq!(e.1 as usize, i);
    }
    assert_eq!(dtype_from_code(15), None);
}

// --- hand-built files: the documented layout ------------------------------

fn le32(v: u32) -> [u8; 4] {
    v.to_le_bytes()
}

fn le64(v: u64) -> [u8; 8] {
    v.to_le_bytes()
}

fn with_crc(mut b: Vec<u8>) -> Vec<u8> {
    let c = crc32c(&b);
    b.extend_from_slice(&le32(c));
    b
}

/// Header as docs/container.md lays it out.
fn hb_header(version: u16, flags: u16, pairs: &[(&[u8], &[u8])]) -> Vec<u8> {
    let m: usize = pairs.iter().map(|(k, v)| 8 + k.len() + v.len()).sum();
    let mut b = b"TCZ\0".to_vec();
    b.extend_from_slice(&version.to_le_bytes());
    b.extend_from_slice(&flags.to_le_bytes());
    b.extend_from_slice(&le32(m as u32));
    b.extend_from_slice(&le32(pairs.len() as u32));
    for (k, v) in pairs {
        b.extend_from_slice(&le32(k.len() as u32));
        b.extend_from_slice(k);
        b.extend_from_slice(&le32(v.len() as u32));
        b.extend_from_slice(v);
    }
    with_crc(b)
}

/// Name, dtype code, kind code, rank, dims.
fn hb_head(name: &[u8], dtype: u8, kind: u8, dims: &[u64]) -> Vec<u8> {
    let mut b = le32(name.len() as u32).to_vec();
    b.extend_from_slice(name);
    b.extend_from_slice(&[dtype, kind, dims.len() as u8]);
    for &d in dims {
        b.extend_from_slice(&le64(d));
    }
    b
}

fn hb_record(head: &[u8], params: &[u8], streams: &[&[u8]]) -> Vec<u8> {
    let len = 4 + 8 + head.len() + 4 + 8 + 8 * streams.len() + params.len() + 4;
    let len = len + streams.iter().map(|s| s.len()).sum::<usize>();
    let mut b = b"TCZr".to_vec();
    b.extend_from_slice(&le64(len as u64));
    b.extend_from_slice(head);
    b.extend_from_slice(&le32(streams.len() as u32));
    b.extend_from_slice(&le64(params.len() as u64));
    for s in streams {
        b.extend_from_slice(&le64(s.len() as u64));
    }
    b.extend_from_slice(params);
    for s in streams {
        b.extend_from_slice(s);
    }
    with_crc(b)
}

/// Header, records back to back, index (entry `i` with head `heads[i]`
/// and record `i`'s offset, length and CRC), footer.
fn hb_file(header: &[u8], records: &[Vec<u8>], heads: &[Vec<u8>]) -> Vec<u8> {
    let mut file = header.to_vec();
    let mut index = b"TCZi".to_vec();
    index.extend_from_slice(&le32(heads.len() as u32));
    for (r, h) in records.iter().zip(heads) {
        index.extend_from_slice(h);
        index.extend_from_slice(&le64(file.len() as u64));
        index.extend_from_slice(&le64(r.len() as u64));
        index.extend_from_slice(&r[r.len() - 4..]);
        file.extend_from_slice(r);
    }
    let mut footer = le64(file.len() as u64).to_vec();
    footer.extend_from_slice(&le64(index.len() as u64));
    let mut crc = Crc32c::new();
    crc.update(&index);
    crc.update(&footer);
    footer.extend_from_slice(&le32(crc.value()));
    footer.extend_from_slice(b"TCZ!");
    file.extend_from_slice(&index);
    file.extend_from_slice(&footer);
    file
}

#[test]
fn writer_output_is_the_documented_layout() {
    let head = hb_head(b"w", 7, 1, &[2, 3]);
    let record = hb_record(&head, &[9], &[&[1, 2], &[]]);
    let want = hb_file(&hb_header(1, 0, &[(b"a", b"b")]), &[record], &[head]);
    // Sizes from the tables of docs/container.md: header 20 + 10, record
    // 35 + 1 + 16 + 2 * 8 + 1 + 2, index 8 + 27 + 1 + 16, footer 24.
    assert_eq!(want.len(), 30 + 71 + 52 + 24);
    let r = rec(
        "w",
        Dtype::F16,
        &[2, 3],
        RecordKind::Codec,
        &[9],
        &[&[1, 2], &[]],
    );
    let (got, sizes) = write_mem(&meta(&[("a", "b")]), std::slice::from_ref(&r));
    assert_eq!(got, want);
    assert_eq!(sizes, vec![71 + 27 + 1 + 16]);
    let (m, recs) = read_all(&want).unwrap();
    assert_eq!(m, meta(&[("a", "b")]));
    assert_eq!(recs, vec![r]);
    let rd = TczReader::new(Cursor::new(&want)).unwrap();
    let e = &rd.index()[0];
    assert_eq!((e.offset, e.length), (30, 71));
    assert_eq!(e.checksum.to_le_bytes(), want[97..101]);
}

/// A hand-built file with one record whose head is `head`.
fn one_record_file(pairs: &[(&[u8], &[u8])], head: Vec<u8>) -> Vec<u8> {
    let record = hb_record(&head, &[], &[&[1]]);
    hb_file(&hb_header(1, 0, pairs), &[record], &[head])
}

fn is_invalid_naming(e: &Error, what: &str) -> bool {
    matches!(e, Error::Invalid(m) if m.contains(what))
}

#[test]
fn well_formed_checksums_do_not_excuse_bad_content() {
    let ok = hb_head(b"t", 11, 0, &[1]);
    assert!(read_all(&one_record_file(&[], ok.clone())).is_ok());
    let cases: Vec<(Vec<u8>, &str)> = vec![
        (
            one_record_file(&[], hb_head(b"t", 15, 0, &[1])),
            "dtype code 15",
        ),
        (
            one_record_file(&[], hb_head(b"t", 11, 2, &[1])),
            "record kind 2",
        ),
        (
            one_record_file(&[], hb_head(b"t", 11, 0, &[1; 9])),
            "rank 9",
        ),
        (
            one_record_file(&[], hb_head(b"t", 11, 0, &[1 << 40, 1 << 40])),
            "overflows",
        ),
        (
            one_record_file(&[], hb_head(&[0xff, 0xfe], 11, 0, &[1])),
            "not UTF-8",
        ),
        (
            one_record_file(&[(b"b", b""), (b"a", b"")], ok.clone()),
            "out of order",
        ),
        (
            one_record_file(&[(b"a", b""), (b"a", b"")], ok.clone()),
            "out of order",
        ),
        (one_record_file(&[(b"a", &[0xc3])], ok.clone()), "not UTF-8"),
    ];
    for (file, what) in cases {
        let e = read_all(&file).unwrap_err();
        assert!(is_invalid_naming(&e, what), "{what}: {e}");
    }
    let long = vec![b'x'; MAX_NAME_BYTES + 1];
    let e = read_all(&one_record_file(&[], hb_head(&long, 11, 0, &[]))).unwrap_err();
    assert!(is_invalid_naming(&e, "name of 65537 bytes"), "{e}");
    // Two records with one name.
    let r = hb_record(&ok, &[], &[]);
    let file = hb_file(
        &hb_header(1, 0, &[]),
        &[r.clone(), r],
        &[ok.clone(), ok.clone()],
    );
    assert!(is_invalid_naming(
        &read_all(&file).unwrap_err(),
        "appears twice"
    ));
    // A record whose header differs from its index entry.
    let other = hb_head(b"t", 11, 0, &[2]);
    let file = hb_file(
        &hb_header(1, 0, &[]),
        &[hb_record(&other, &[], &[])],
        std::slice::from_ref(&ok),
    );
    let e = read_all(&file).unwrap_err();
    assert!(is_invalid_naming(&e, "differs from the index"), "{e}");
    // A record whose stream lengths do not fill it.
    let mut rec = hb_record(&ok, &[], &[&[1, 2]]);
    let at = 4 + 8 + ok.len() + 4 + 8;
    rec[at] = 1;
    let n = rec.len() - 4;
    let c = crc32c(&rec[..n]);
    rec[n..].copy_from_slice(&le32(c));
    let file = hb_file(&hb_header(1, 0, &[]), &[rec], &[ok]);
    let e = read_all(&file).unwrap_err();
    assert!(is_invalid_naming(&e, "do not add up"), "{e}");
}

#[test]
fn other_versions_and_flags_are_unsupported() {
    let head = hb_head(b"t", 11, 0, &[1]);
    let record = hb_record(&head, &[], &[&[1]]);
    for (version, flags) in [(2, 0), (0, 0), (u16::MAX, 0), (1, 1), (1, 0x8000)] {
        let file = hb_file(
            &hb_header(version, flags, &[]),
            std::slice::from_ref(&record),
            std::slice::from_ref(&head),
        );
        let e = read_all(&file).unwrap_err();
        assert!(matches!(e, Error::Unsupported(_)), "{version} {flags}: {e}");
    }
    // Version 2 is refused even when the rest is not a version 1 layout.
    let mut bytes = b"TCZ\0\x02\x00".to_vec();
    bytes.extend_from_slice(&[0xAA; 100]);
    assert!(matches!(read_all(&bytes), Err(Error::Unsupported(_))));
}

// --- round trips ------------------------------------------------------------

#[test]
fn round_trip_and_random_access() {
    let recs = sample_records();
    let m = meta(&[("format", "pt"), ("ключ", "значение"), ("", "")]);
    let (bytes, sizes) = write_mem(&m, &recs);
    // Every byte is accounted for by the overhead functions.
    let mut want = file_overhead(&m, recs.len()) as u64;
    for (r, &s) in recs.iter().zip(&sizes) {
        let own = record_overhead(&r.name, r.shape.len())
            + r.params.len()
            + r.streams
                .iter()
                .map(|s| STREAM_OVERHEAD + s.len())
                .sum::<usize>();
        assert_eq!(s, own as u64);
        want += s;
    }
    assert_eq!(bytes.len() as u64, want);
    let (got_meta, got) = read_all(&bytes).unwrap();
    assert_eq!(got_meta, m);
    assert_eq!(got, recs);
    let mut r = TczReader::new(Cursor::new(&bytes)).unwrap();
    for i in [4, 0, 3, 3, 1, 2, 0, 4] {
        assert_eq!(r.read(i).unwrap(), recs[i]);
        assert_eq!(r.find(&recs[i].name), Some(i));
        let e = &r.index()[i];
        let header = (&e.name, e.dtype, &e.shape, e.kind);
        assert_eq!(
            header,
            (&recs[i].name, recs[i].dtype, &recs[i].shape, recs[i].kind)
        );
    }
    assert_eq!(r.find("missing"), None);
    assert!(matches!(r.read(5), Err(Error::Config(_))));
}

#[test]
fn empty_model_round_trips() {
    let (bytes, _) = write_mem(&BTreeMap::new(), &[]);
    assert_eq!(bytes.len(), file_overhead(&BTreeMap::new(), 0));
    let (m, recs) = read_all(&bytes).unwrap();
    assert!(m.is_empty() && recs.is_empty());
}

#[test]
fn large_payloads_through_a_file() {
    let path = temp_path("large");
    let big: Vec<Vec<u8>> = (0..24).map(|i| filler(100_000 + i, i as u32)).collect();
    let big: Vec<&[u8]> = big.iter().map(|s| s.as_slice()).collect();
    let recs = vec![
        rec(
            "raw",
            Dtype::F32,
            &[1024, 1536],
            RecordKind::Raw,
            &[],
            &[&filler(6 << 20, 9)],
        ),
        rec(
            "coded",
            Dtype::BF16,
            &[4096, 4096],
            RecordKind::Codec,
            &filler(70_000, 3),
            &big,
        ),
        rec("x", Dtype::U8, &[], RecordKind::Raw, &[], &[&[42]]),
    ];
    let m = meta(&[("model", "test")]);
    let mut w = TczWriter::create(&path, &m).unwrap();
    let mut total = file_overhead(&m, recs.len()) as u64;
    for r in &recs {
        total += w.write(r).unwrap();
    }
    assert_eq!(w.finish().unwrap(), total);
    assert_eq!(std::fs::metadata(&path).unwrap().len(), total);
    let mut r = TczReader::open(&path).unwrap();
    assert_eq!(r.metadata(), &m);
    for i in [2, 0, 1] {
        assert_eq!(r.read(i).unwrap(), recs[i]);
    }
    let all: Vec<TensorRecord> = r.records().map(|x| x.unwrap()).collect();
    assert_eq!(all, recs);
    std::fs::remove_file(&path).unwrap();
}

/// Counts the bytes read through it.
struct Counting<R> {
    inner: R,
    count: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.set(self.count.get() + n as u64);
        Ok(n)
    }
}

impl<R: Seek> Seek for Counting<R> {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.inner.seek(pos)
    }
}

#[test]
fn reader_reads_only_what_it_needs() {
    let payloads: Vec<Vec<u8>> = (0..5).map(|i| filler(200_000, i)).collect();
    let recs: Vec<TensorRecord> = payloads
        .iter()
        .enumerate()
        .map(|(i, p)| {
            rec(
                &format!("t{i}"),
                Dtype::U8,
                &[p.len()],
                RecordKind::Raw,
                &[],
                &[p],
            )
        })
        .collect();
    let (bytes, _) = write_mem(&meta(&[("k", "v")]), &recs);
    let count = Rc::new(Cell::new(0));
    let inner = Cursor::new(&bytes);
    let mut r = TczReader::new(Counting {
        inner,
        count: count.clone(),
    })
    .unwrap();
    // Opening reads header, index and footer (header and index twice:
    // once for the CRC, once to parse), not the records.
    assert!(count.get() < 1000, "open read {} bytes", count.get());
    for i in [3, 1, 4, 0, 2] {
        let before = count.get();
        r.read(i).unwrap();
        assert_eq!(count.get() - before, r.index()[i].length);
    }
    let before = count.get();
    let mut it = r.records();
    it.next().unwrap().unwrap();
    assert_eq!(count.get() - before, record_length(&recs[0]).unwrap());
}

// --- corruption -------------------------------------------------------------

#[test]
fn every_truncation_is_an_error() {
    let bytes = small_file();
    for cut in 0..bytes.len() {
        assert!(
            TczReader::new(Cursor::new(&bytes[..cut])).is_err(),
            "cut at {cut}"
        );
    }
    let mut longer = bytes.clone();
    longer.push(0);
    assert!(TczReader::new(Cursor::new(&longer)).is_err());
    let mut longer = bytes[..bytes.len() - 24].to_vec();
    longer.push(0);
    longer.extend_from_slice(&bytes[bytes.len() - 24..]);
    assert!(TczReader::new(Cursor::new(&longer)).is_err());
}

#[test]
fn every_bit_flip_is_an_error() {
    let bytes = small_file();
    assert!(read_all(&bytes).is_ok());
    for i in 0..bytes.len() * 8 {
        let mut b = bytes.clone();
        b[i / 8] ^= 1 << (i % 8);
        assert!(
            read_all(&b).is_err(),
            "flip of bit {} of byte {}",
            i % 8,
            i / 8
        );
    }
}

#[test]
fn unfinished_writers_leave_unreadable_files() {
    let recs = sample_records();
    // In memory: dropped after two records, or before any.
    for n in [0, 2] {
        let mut buf = Vec::new();
        let mut w = TczWriter::new(&mut buf, &BTreeMap::new()).unwrap();
        for r in &recs[..n] {
            w.write(r).unwrap();
        }
        drop(w);
        assert!(matches!(
            TczReader::new(Cursor::new(&buf)),
            Err(Error::Truncated(_))
        ));
    }
    // On disk.
    let path = temp_path("unfinished");
    let mut w = TczWriter::create(&path, &meta(&[("a", "b")])).unwrap();
    w.write(&recs[1]).unwrap();
    drop(w);
    assert!(matches!(TczReader::open(&path), Err(Error::Truncated(_))));
    std::fs::remove_file(&path).unwrap();
    assert!(matches!(TczReader::open(&path), Err(Error::Config(m)) if m.contains("unfinished")));
}

/// Accepts `limit` bytes, then fails.
struct Failing {
    limit: usize,
}

impl Write for Failing {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if buf.len() > self.limit {
            return Err(std::io::Error::other("disk full"));
        }
        self.limit -= buf.len();
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[test]
fn writer_refuses_bad_records_and_stops_after_io_errors() {
    let good = rec("a", Dtype::U8, &[1], RecordKind::Raw, &[], &[&[1]]);
    let mut buf = Vec::new();
    let mut w = TczWriter::new(&mut buf, &BTreeMap::new()).unwrap();
    w.write(&good).unwrap();
    let long = "x".repeat(MAX_NAME_BYTES + 1);
    let bad = [
        rec("a", Dtype::U8, &[1], RecordKind::Raw, &[], &[]),
        rec(&long, Dtype::U8, &[1], RecordKind::Raw, &[], &[]),
        rec("r", Dtype::U8, &[1; 9], RecordKind::Raw, &[], &[]),
        rec("o", Dtype::U8, &[usize::MAX, 2], RecordKind::Raw, &[], &[]),
    ];
    for b in &bad {
        assert!(matches!(w.write(b), Err(Error::Config(_))), "{:?}", b.shape);
    }
    w.finish().unwrap();
    assert_eq!(read_all(&buf).unwrap().1, vec![good.clone()]);

    let huge = meta(&[(long.as_str(), "")]);
    assert!(matches!(
        TczWriter::new(Vec::new(), &huge),
        Err(Error::Config(_))
    ));
    assert!(TczWriter::new(Failing { limit: 10 }, &BTreeMap::new()).is_err());
    let mut w = TczWriter::new(Failing { limit: 40 }, &BTreeMap::new()).unwrap();
    assert!(matches!(w.write(&good), Err(Error::Config(_))));
    let g2 = rec("b", Dtype::U8, &[], RecordKind::Raw, &[], &[]);
    assert!(matches!(w.write(&g2), Err(Error::Config(m)) if m.contains("earlier")));
    assert!(matches!(w.finish(), Err(Error::Config(_))));
}

fn arb_record() -> impl Strategy<Value = TensorRecord> {
    (
        ".{0,12}",
        0..Dtype::ALL.len(),
        proptest::collection::vec(0usize..9, 0..5),
        any::<bool>(),
        proptest::collection::vec(any::<u8>(), 0..40),
        proptest::collection::vec(proptest::collection::vec(any::<u8>(), 0..40), 0..6),
    )
        .prop_map(|(name, d, shape, coded, params, streams)| TensorRecord {
            name,
            dtype: Dtype::ALL[d],
            shape,
            kind: if coded {
                RecordKind::Codec
            } else {
                RecordKind::Raw
            },
            params,
            streams,
        })
}

proptest! {
    #[test]
    fn random_models_round_trip_in_any_order(
        recs in proptest::collection::vec(arb_record(), 0..6),
        m in proptest::collection::btree_map(".{0,6}", ".{0,10}", 0..4),
        order in Just((0..6).collect::<Vec<usize>>()).prop_shuffle(),
    ) {
        // Distinct names: suffix the position.
        let recs: Vec<TensorRecord> = recs
            .into_iter()
            .enumerate()
            .map(|(i, mut r)| { r.name = format!("{}#{i}", r.name); r })
            .collect();
        let (bytes, sizes) = write_mem(&m, &recs);
        let total = file_overhead(&m, recs.len()) as u64 + sizes.iter().sum::<u64>();
        prop_assert_eq!(bytes.len() as u64, total);
        let mut r = TczReader::new(Cursor::new(&bytes)).unwrap();
        prop_assert_eq!(r.metadata(), &m);
        for &i in order.iter().filter(|&&i| i < recs.len()) {
            prop_assert_eq!(&r.read(i).unwrap(), &recs[i]);
        }
    }

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let _ = read_all(&bytes);
        let mut prefixed = b"TCZ\0\x01\x00".to_vec();
        prefixed.extend_from_slice(&bytes);
        let _ = read_all(&prefixed);
    }

    #[test]
    fn any_changed_byte_is_an_error(pos in any::<prop::sample::Index>(), x in 1u8..=255) {
        let mut bytes = small_file();
        let i = pos.index(bytes.len());
        bytes[i] ^= x;
        prop_assert!(read_all(&bytes).is_err());
    }

    #[test]
    fn random_footer_and_header_fields_never_panic(
        fields in proptest::collection::vec(any::<u64>(), 4),
        at in proptest::collection::vec(any::<prop::sample::Index>(), 4),
    ) {
        let mut bytes = small_file();
        for (v, a) in fields.iter().zip(&at) {
            let i = a.index(bytes.len() - 7);
            bytes[i..i + 8].copy_from_slice(&v.to_le_bytes());
        }
        let _ = read_all(&bytes);
    }
}
