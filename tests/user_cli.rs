//! The `tricodec` binary as a user meets it (issue 10): outputs that never
//! destroy what was there (FIFOs, devices, a failed run, Ctrl-C, an input
//! named as output), quiet broken pipes, exit statuses and one-line messages,
//! kept or refused budgets, and corrupt `.tcz` files.

mod common;

use std::fs;
use std::io::{Read, Write};
use std::os::unix::fs::FileTypeExt;
use std::os::unix::process::ExitStatusExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

use common::*;
use tensor::safetensors::{serialize, TensorData};
use tensor::{Dtype, SafeTensors};

fn bin() -> Command {
    Command::new(env!("CARGO_BIN_EXE_tricodec"))
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Exit status `code` and exactly one stderr line `tricodec: error: ...`
/// holding `what`; returns the line.
fn error_line(out: &Output, code: i32, what: &str) -> String {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "stderr: {err}");
    assert_eq!(err.lines().count(), 1, "one line expected: {err}");
    assert!(err.starts_with("tricodec: error: "), "{err}");
    assert!(err.contains(what), "expected {what:?} in: {err}");
    err
}

fn ok(out: &Output) {
    assert!(out.status.success(), "{}: {}", out.status, stderr(out));
}

/// Files in `dir` other than `keep` (temporary files left behind, say).
fn others(dir: &Path, keep: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !keep.contains(&n.as_str()))
        .collect();
    v.sort();
    v
}

/// `tricodec encode` of `size` ("WxH") 4:0:0 frames: `extra` options, then
/// `-o out input` (`-` for standard output / input).
fn encode400(size: &str, extra: &[&str], out: &str, input: &str) -> Command {
    let (w, h) = size.split_once('x').expect("WxH");
    let mut c = bin();
    c.args(["encode", "--width", w, "--height", h, "--chroma", "400"])
        .args(extra)
        .args(["-o", out, input]);
    c
}

fn mkfifo(path: &Path) {
    let st = Command::new("mkfifo").arg(path).status().expect("mkfifo");
    assert!(st.success());
}

/// A safetensors file of float32 / int32 tensors.
fn model(path: &Path, tensors: &[(&str, Dtype, &[usize], Vec<u8>)]) {
    let list: Vec<TensorData> = tensors
        .iter()
        .map(|(name, dtype, shape, data)| TensorData {
            name,
            dtype: *dtype,
            shape,
            data,
        })
        .collect();
    fs::write(path, serialize(&list, &Default::default()).unwrap()).unwrap();
}

/// Weight-like float32 values (deterministic).
fn weights(n: usize, seed: u64) -> Vec<u8> {
    let mut s = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..n)
        .flat_map(|_| {
            s ^= s << 13;
            s ^= s >> 7;
            s ^= s << 17;
            // Sum of 4 uniforms: roughly Gaussian, scale ~0.02.
            let u: f32 = (0..4)
                .map(|k| ((s >> (16 * k)) & 0xffff) as f32 / 65536.0)
                .sum();
            ((u - 2.0) * 0.035).to_le_bytes()
        })
        .collect()
}

fn sqnr_db(a: &[f32], b: &[f32]) -> f64 {
    let s: f64 = a.iter().map(|&x| f64::from(x).powi(2)).sum();
    let e: f64 = a
        .iter()
        .zip(b)
        .map(|(&x, &y)| (f64::from(x) - f64::from(y)).powi(2))
        .sum();
    10.0 * (s / e).log10()
}

/// Runs `cmd` until `appeared` finds a file in `dir`, then sends `signal`
/// (by the `kill` command); returns the exit status.
fn interrupt_when(cmd: &mut Command, dir: &Path, signal: &str) -> std::process::ExitStatus {
    let mut child = cmd.stderr(Stdio::piped()).spawn().unwrap();
    let start = Instant::now();
    loop {
        if others(dir, &[]).iter().any(|n| n.ends_with(".tmp")) {
            break;
        }
        if let Some(st) = child.try_wait().unwrap() {
            panic!("ended ({st}) before its temporary output appeared");
        }
        assert!(
            start.elapsed() < Duration::from_secs(60),
            "no temporary file"
        );
        std::thread::sleep(Duration::from_millis(2));
    }
    let id = child.id().to_string();
    assert!(Command::new("kill")
        .args([signal, &id])
        .status()
        .unwrap()
        .success());
    let st = child.wait().unwrap();
    let mut err = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut err)
        .unwrap();
    assert!(!err.contains("internal error"), "{err}");
    st
}

#[test]
fn fifo_device_and_stdout_outputs_are_streams_never_removed() {
    let dir = tmp_dir("user-fifo");
    let raw = smooth_image(64, 48, 3);
    let input = dir.join("in.yuv");
    fs::write(&input, &raw).unwrap();
    let enc = |out: &str| -> Output { encode400("64x48", &[], out, p(&input)).output().unwrap() };
    let file = dir.join("ref.264");
    ok(&enc(p(&file)));
    let want = fs::read(&file).unwrap();

    // A FIFO with a reader: the stream goes through, the FIFO stays.
    let ff = dir.join("ff");
    mkfifo(&ff);
    let reader = {
        let ff = ff.clone();
        std::thread::spawn(move || fs::read(ff).unwrap())
    };
    ok(&enc(p(&ff)));
    assert_eq!(reader.join().unwrap(), want);
    assert!(fs::metadata(&ff).unwrap().file_type().is_fifo());

    // A run that fails after streaming a frame into the FIFO leaves it too:
    // 1.5 frames on standard input (a pipe, checked only at its end).
    let reader = {
        let ff = ff.clone();
        std::thread::spawn(move || fs::read(ff).unwrap())
    };
    let mut child = encode400("64x48", &[], p(&ff), "-")
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(&raw).unwrap();
    stdin.write_all(&raw[..raw.len() / 2]).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    error_line(
        &out,
        1,
        "standard input ends inside frame 1 (1536 of 3072 bytes)",
    );
    let got = reader.join().unwrap();
    assert_eq!(got, want, "the first frame went through");
    assert!(fs::metadata(&ff).unwrap().file_type().is_fifo());

    // A device, and `-` for standard output.
    ok(&enc("/dev/null"));
    assert!(fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    let out = enc("-");
    ok(&out);
    assert_eq!(out.stdout, want);
    assert_eq!(
        others(dir.path(), &["in.yuv", "ref.264", "ff"]),
        Vec::<String>::new()
    );
}

#[test]
fn a_failed_run_keeps_the_existing_output() {
    let dir = tmp_dir("user-keep");
    // NaN in a float tensor: compress fails after reading the model.
    let mut data = weights(64 * 64, 1);
    data[4 * 100..4 * 101].copy_from_slice(&f32::NAN.to_le_bytes());
    let nan = dir.join("nan.safetensors");
    model(&nan, &[("w", Dtype::F32, &[64, 64], data)]);
    let old = dir.join("old.tcz");
    fs::write(&old, b"precious\n").unwrap();
    let out = tricodec(&["compress", "--bits", "2", "-o", p(&old), p(&nan)]);
    error_line(
        &out,
        1,
        "nan.safetensors: tensor w: element 100 (row 1, col 36) is NaN",
    );
    assert_eq!(fs::read(&old).unwrap(), b"precious\n");

    // A truncated stream: decode fails part-way, after writing frames.
    let raw: Vec<u8> = [smooth_image(64, 48, 1), noise_image(64, 48, 2)].concat();
    let yuv = dir.join("in.yuv");
    fs::write(&yuv, &raw).unwrap();
    let stream = dir.join("s.264");
    ok(&encode400("64x48", &[], p(&stream), p(&yuv))
        .output()
        .unwrap());
    let s = fs::read(&stream).unwrap();
    let cut = dir.join("cut.264");
    fs::write(&cut, &s[..s.len() - 40]).unwrap();
    let keep = dir.join("old.yuv");
    fs::write(&keep, b"precious\n").unwrap();
    let out = tricodec(&["decode", "-o", p(&keep), p(&cut)]);
    error_line(&out, 1, "cut.264");
    assert_eq!(fs::read(&keep).unwrap(), b"precious\n");
    // Only what the user had: no temporary file left.
    let mut names = others(dir.path(), &[]);
    names.sort();
    assert_eq!(
        names,
        [
            "cut.264",
            "in.yuv",
            "nan.safetensors",
            "old.tcz",
            "old.yuv",
            "s.264"
        ]
    );
}

#[test]
fn an_input_never_becomes_its_own_output() {
    let dir = tmp_dir("user-same");
    let m = dir.join("m.safetensors");
    fs::copy(model_path("stories260K.safetensors"), &m).unwrap();
    let before = fs::read(&m).unwrap();
    let link = dir.join("link.safetensors");
    std::os::unix::fs::symlink(&m, &link).unwrap();
    for out in [&m, &link] {
        let o = tricodec(&["compress", "--bits", "2", "-o", p(out), p(&m)]);
        error_line(&o, 1, "it is the input");
    }
    assert_eq!(fs::read(&m).unwrap(), before);

    let yuv = dir.join("in.yuv");
    fs::write(&yuv, smooth_image(16, 16, 1)).unwrap();
    let o = encode400("16x16", &[], p(&yuv), p(&yuv)).output().unwrap();
    error_line(&o, 1, "it is the input");
    let out264 = dir.join("o.264");
    let o = encode400("16x16", &["--recon", p(&out264)], p(&out264), p(&yuv))
        .output()
        .unwrap();
    error_line(&o, 1, "it is also the output");
    assert_eq!(fs::read(&yuv).unwrap(), smooth_image(16, 16, 1));
}

#[test]
fn ctrl_c_leaves_the_old_file_or_nothing() {
    let dir = tmp_dir("user-sigint");
    // compress of a real model, interrupted while coding.
    let old = dir.join("old.tcz");
    fs::write(&old, b"precious\n").unwrap();
    let minilm = model_path("minilm/model.safetensors");
    let st = interrupt_when(
        bin().args(["compress", "--bits", "2.5", "-o", p(&old), p(&minilm)]),
        dir.path(),
        "-INT",
    );
    assert_eq!(st.signal(), Some(2), "{st}");
    assert_eq!(fs::read(&old).unwrap(), b"precious\n");
    assert_eq!(others(dir.path(), &["old.tcz"]), Vec::<String>::new());

    // encode reading a FIFO that has sent one frame and stays open: SIGTERM
    // while it waits for the next; no new file appears.
    let ff = dir.join("in.fifo");
    mkfifo(&ff);
    let new = dir.join("new.264");
    let mut cmd = encode400("16x16", &[], p(&new), p(&ff));
    let writer = {
        let ff = ff.clone();
        std::thread::spawn(move || {
            let mut w = fs::OpenOptions::new().write(true).open(ff).unwrap();
            w.write_all(&smooth_image(16, 16, 1)).unwrap();
            // Held open until the encoder is gone (the write of a second frame fails).
            std::thread::sleep(Duration::from_millis(500));
            let _ = w.write_all(&[0; 256]);
        })
    };
    let st = interrupt_when(&mut cmd, dir.path(), "-TERM");
    writer.join().unwrap();
    assert_eq!(st.signal(), Some(15), "{st}");
    assert_eq!(
        others(dir.path(), &["old.tcz", "in.fifo"]),
        Vec::<String>::new()
    );
}

#[test]
fn broken_pipes_end_quietly_as_coreutils_do() {
    let dir = tmp_dir("user-pipe");
    let tcz = dir.join("s.tcz");
    let stories = model_path("stories260K.safetensors");
    ok(&tricodec(&[
        "compress",
        "--bits",
        "2.5",
        "-o",
        p(&tcz),
        p(&stories),
    ]));
    // `tricodec decompress -o - s.tcz | head -c 10`: 1 MB into a reader that
    // takes 10 bytes and leaves.
    let mut child = bin()
        .args(["decompress", "-o", "-", p(&tcz)])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut head = [0u8; 10];
    child.stdout.take().unwrap().read_exact(&mut head).unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.signal(), Some(13), "{}", out.status);
    assert_eq!(stderr(&out), "");
    // `inspect` and `eval` into a pipe whose reader is already gone.
    for args in [
        vec!["inspect", p(&tcz)],
        vec!["eval", "--bits", "4", p(&stories)],
    ] {
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let out = bin()
            .args(&args)
            .stdout(writer)
            .stderr(Stdio::piped())
            .output()
            .unwrap();
        assert_eq!(out.status.signal(), Some(13), "{args:?}: {}", out.status);
        assert_eq!(stderr(&out), "", "{args:?}");
    }
}

#[test]
fn exit_statuses_and_messages() {
    let dir = tmp_dir("user-msg");
    let m = model_path("stories260K.safetensors");
    let o = dir.join("o.tcz");
    // A bad command line: status 2, one line, the value and the range.
    for (bits, what) in [
        (
            "abc",
            "`abc` is not a decimal number with at most 3 decimals",
        ),
        (
            "100000",
            "100000 bits per value is out of range: use 0.001 to 64",
        ),
        ("0", "0 bits per value is out of range"),
    ] {
        error_line(
            &tricodec(&["compress", "--bits", bits, "-o", p(&o), p(&m)]),
            2,
            what,
        );
    }
    error_line(
        &tricodec(&[
            "compress",
            "--bits",
            "2",
            "--align",
            "affine",
            "--group",
            "8",
            "-o",
            p(&o),
            p(&m),
        ]),
        2,
        "--group applies to --align bfp only",
    );
    error_line(
        &tricodec(&[
            "compress",
            "--bits",
            "2",
            "--linear-k",
            "1",
            "-o",
            p(&o),
            p(&m),
        ]),
        2,
        "--linear-k applies to --alloc linear only",
    );
    error_line(
        &tricodec(&[
            "compress",
            "--bits",
            "2",
            "--scale-per",
            "tensor",
            "--group",
            "32",
            "-o",
            p(&o),
            p(&m),
        ]),
        2,
        "--group applies to per-row scales (--scale-per tensor has one scale)",
    );
    // A failed run: status 1, the file named once, the OS's words.
    let missing = dir.join("missing.safetensors");
    let line = error_line(
        &tricodec(&["compress", "--bits", "2", "-o", p(&o), p(&missing)]),
        1,
        "",
    );
    assert_eq!(
        line.trim_end(),
        format!(
            "tricodec: error: cannot read {}: No such file or directory",
            missing.display()
        )
    );
    let text = dir.join("notes.txt");
    fs::write(&text, "Some notes, not a model at all.\n".repeat(10)).unwrap();
    let line = error_line(
        &tricodec(&["compress", "--bits", "2", "-o", p(&o), p(&text)]),
        1,
        &format!("{} is not a safetensors file (", text.display()),
    );
    assert!(!line.contains("bad argument"), "{line}");
    let line = error_line(
        &tricodec(&["decompress", "-o", p(&o), p(&dir.join("nope.tcz"))]),
        1,
        "nope.tcz: No such file or directory",
    );
    assert_eq!(line.matches("nope.tcz").count(), 1, "{line}");
    assert!(!o.exists());
    let v = tricodec(&["--version"]);
    ok(&v);
    assert_eq!(
        String::from_utf8_lossy(&v.stdout).trim(),
        format!("tricodec {}", env!("CARGO_PKG_VERSION"))
    );
}

#[test]
fn standard_input_and_output_as_dash() {
    let dir = tmp_dir("user-dash");
    let m = model_path("stories260K.safetensors");
    let file = dir.join("f.tcz");
    ok(&tricodec(&[
        "compress",
        "--bits",
        "3",
        "-o",
        p(&file),
        p(&m),
    ]));
    let mut child = bin()
        .args(["compress", "--bits", "3", "-o", "-", "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let bytes = fs::read(&m).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let feeder = std::thread::spawn(move || stdin.write_all(&bytes).unwrap());
    let out = child.wait_with_output().unwrap();
    feeder.join().unwrap();
    ok(&out);
    assert_eq!(out.stdout, fs::read(&file).unwrap());
}

#[test]
fn budgets_are_kept_or_refused() {
    let dir = tmp_dir("user-budget");
    let st = |name: &str| dir.join(name);
    let ints: Vec<u8> = (0..64 * 64)
        .flat_map(|i: i32| (i * 7919 % 2001 - 1000).to_le_bytes())
        .collect();
    let w = weights(64 * 64, 5);
    model(
        &st("int.safetensors"),
        &[
            ("a.int", Dtype::I32, &[64, 64], ints.clone()),
            ("b.w", Dtype::F32, &[64, 64], w.clone()),
        ],
    );
    // The raw int tensor is outside the budget: the float tensor gets 2.5 bits.
    let tcz = st("int.tcz");
    let out = tricodec(&[
        "compress",
        "--bits",
        "2.5",
        "-o",
        p(&tcz),
        p(&st("int.safetensors")),
    ]);
    ok(&out);
    assert!(stderr(&out).contains("(1 stored raw)"), "{}", stderr(&out));
    let back = st("back.safetensors");
    ok(&tricodec(&["decompress", "-o", p(&back), p(&tcz)]));
    let b = SafeTensors::read(&back).unwrap();
    assert_eq!(b.bytes("a.int").unwrap(), &ints[..]);
    let orig: Vec<f32> = w
        .chunks(4)
        .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
        .collect();
    let q = sqnr_db(&orig, &b.to_f32("b.w").unwrap());
    assert!(q > 8.0, "float tensor beside an int tensor: {q:.2} dB");
    // The record of b.w and the container within 2.5 bits per coded value.
    let size = fs::metadata(&tcz).unwrap().len();
    let raw = (tensor::container::record_overhead("a.int", 2)
        + tensor::container::STREAM_OVERHEAD
        + ints.len()) as u64;
    assert!((size - raw) * 8 <= 64 * 64 * 5 / 2, "{size} - {raw}");

    // Unreachable targets fail with the least reachable rate; the old file stays.
    fs::write(&tcz, b"precious\n").unwrap();
    let stories = model_path("stories260K.safetensors");
    // (`--group 1`: an exponent per value, 8 bits/value of side information.)
    let group1 = vec!["--bits", "2.5", "--group", "1", "--scale-per", "row"];
    for args in [vec!["--bits", "0.3"], group1] {
        let mut a = vec!["compress"];
        a.extend(&args);
        a.extend(["-o", p(&tcz), p(&stories)]);
        let line = error_line(&tricodec(&a), 1, "bits/value cannot be met");
        assert!(line.contains("the least it reaches is"), "{line}");
        assert_eq!(fs::read(&tcz).unwrap(), b"precious\n");
    }

    // An empty tensor is stored as it is; the rest is coded.
    model(
        &st("empty.safetensors"),
        &[
            ("e", Dtype::F32, &[0, 64], Vec::new()),
            ("b.w", Dtype::F32, &[64, 64], w.clone()),
        ],
    );
    let e = st("empty.tcz");
    ok(&tricodec(&[
        "compress",
        "--bits",
        "2.5",
        "-o",
        p(&e),
        p(&st("empty.safetensors")),
    ]));
    ok(&tricodec(&["decompress", "-o", p(&back), p(&e)]));
    let b = SafeTensors::read(&back).unwrap();
    assert_eq!(b.get("e").unwrap().shape, [0, 64]);
    assert_eq!(b.tensors().len(), 2);

    // A convolution and an N x 1 column get the target, with real quality.
    let conv = weights(64 * 32 * 9, 7);
    let col = weights(5000, 8);
    model(
        &st("shapes.safetensors"),
        &[
            ("conv", Dtype::F32, &[64, 32, 3, 3], conv.clone()),
            ("col", Dtype::F32, &[5000, 1], col.clone()),
        ],
    );
    let s = st("shapes.tcz");
    ok(&tricodec(&[
        "compress",
        "--bits",
        "2.5",
        "-o",
        p(&s),
        p(&st("shapes.safetensors")),
    ]));
    let size = fs::metadata(&s).unwrap().len();
    assert!(size * 8 <= (64 * 32 * 9 + 5000) * 5 / 2, "{size}");
    ok(&tricodec(&["decompress", "-o", p(&back), p(&s)]));
    let b = SafeTensors::read(&back).unwrap();
    for (name, data) in [("conv", &conv), ("col", &col)] {
        let orig: Vec<f32> = data
            .chunks(4)
            .map(|c| f32::from_le_bytes(c.try_into().unwrap()))
            .collect();
        let q = sqnr_db(&orig, &b.to_f32(name).unwrap());
        assert!(q > 5.0, "{name}: {q:.2} dB");
    }
}

#[test]
fn corrupt_tcz_files_are_one_line_errors_and_write_nothing() {
    let dir = tmp_dir("user-tcz");
    let tcz = dir.join("m.tcz");
    ok(&tricodec(&[
        "compress",
        "--bits",
        "2",
        "-o",
        p(&tcz),
        p(&model_path("stories260K.safetensors")),
    ]));
    let good = fs::read(&tcz).unwrap();
    let bad = dir.join("bad.tcz");
    let out: PathBuf = dir.join("out.safetensors");
    fs::write(&out, b"precious\n").unwrap();
    // A flipped bit in the header, a record, the index and the footer.
    for at in [
        5,
        40,
        good.len() / 3,
        good.len() / 2,
        good.len() - 60,
        good.len() - 3,
    ] {
        let mut f = good.clone();
        f[at] ^= 0x04;
        fs::write(&bad, &f).unwrap();
        let o = tricodec(&["decompress", "-o", p(&out), p(&bad)]);
        let line = error_line(&o, 1, &bad.display().to_string());
        if at == good.len() / 2 {
            // Inside a tensor's stream: its record's checksum says so.
            assert!(line.contains("checksum"), "{line}");
        }
        assert_eq!(fs::read(&out).unwrap(), b"precious\n", "flip at {at}");
    }
    // Cut anywhere: the file is named and nothing is written.
    for len in [0, 7, 30, good.len() / 2, good.len() - 1] {
        fs::write(&bad, &good[..len]).unwrap();
        let o = tricodec(&["decompress", "-o", p(&out), p(&bad)]);
        error_line(&o, 1, &bad.display().to_string());
        let o = tricodec(&["inspect", p(&bad)]);
        error_line(&o, 1, &bad.display().to_string());
        assert_eq!(fs::read(&out).unwrap(), b"precious\n", "cut at {len}");
    }
    assert_eq!(
        others(dir.path(), &["m.tcz", "bad.tcz", "out.safetensors"]),
        Vec::<String>::new()
    );
}

/// `convert`: a GGUF model in, a safetensors file that `eval --kld` reads
/// out (the LLaMA configuration from the GGUF metadata, no --heads needed);
/// a file that is not GGUF is a one-line error and writes nothing.
#[test]
fn convert_gguf_to_safetensors() {
    let dir = tmp_dir("convert");
    let out = dir.join("smol.safetensors");
    let gguf = model_path("smollm2/SmolLM2-135M-Instruct.Q4_1.gguf");
    ok(&bin()
        .args(["convert", "-o"])
        .arg(&out)
        .arg(&gguf)
        .output()
        .unwrap());
    let st = SafeTensors::read(&out).unwrap();
    assert_eq!(st.tensors().len(), 272);
    let cfg = tensor::llama::Config::from_safetensors(&st, None, None).unwrap();
    assert_eq!((cfg.heads, cfg.kv_heads, cfg.layers), (9, 3, 30));

    let bad = dir.join("bad.safetensors");
    let r = bin()
        .args(["convert", "-o"])
        .arg(&bad)
        .arg(repo_root().join("README.md"))
        .output()
        .unwrap();
    error_line(&r, 1, "gguf: bad magic");
    assert!(!bad.exists());
}
