//! Side-by-side speed of the golden encoder and decoder against x264 and
//! ffmpeg, on one core, written as docs/results/golden-speed.md.
//!
//! Run it with `make bench-speed` (which builds the `tricodec` CLI first and
//! passes it in `TRICODEC_CLI`); `cargo bench -p tricodec-tensor --bench
//! speed -- --out FILE [--reps R] [--samples S]` runs it directly.
//!
//! Method (repeated in the report it writes):
//! - inputs: real weight tensors as 8-bit 4:0:0 images (`common`), each
//!   repeated as N frames so that a run codes about S samples;
//! - every measurement is taken R times, the repetitions interleaved (one of
//!   each per round), and the median kept;
//! - each run records wall time and CPU time (user + system, from
//!   /proc/self/stat: the process's own for in-process runs, its waited-for
//!   children's for tools, 10 ms resolution);
//! - external programs (x264, ffmpeg, the CLI) run on N frames and on 1
//!   frame: steady-state speed = (N - 1) frames / (t(N) - t(1)), which
//!   removes process start-up; "whole run" speed = N frames / t(N) includes it;
//! - the library runs in-process on the same N frames (no start-up).
//!
//! MB/s is millions of 8-bit samples per second.

mod common;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use clap::Parser;

use common::BenchImage;
use golden::bitstream::nal::split_annexb;
use golden::decoder::Decoder;
use golden::Picture;

/// Default samples coded per run (N frames of one image).
const DEFAULT_SAMPLES: usize = 24_000_000;
/// Default repetitions of every measurement.
const DEFAULT_REPS: usize = 5;

/// Wall and CPU time of one run.
#[derive(Clone, Copy, Debug, Default)]
struct Times {
    wall: Duration,
    cpu: Duration,
}

/// Fields `utime stime cutime cstime` of /proc/self/stat, in clock ticks.
fn proc_self_ticks() -> [u64; 4] {
    let stat = std::fs::read_to_string("/proc/self/stat").expect("/proc/self/stat");
    // The command name may hold spaces: fields resume after its ')'.
    let rest = &stat[stat.rfind(')').expect("stat format") + 1..];
    let f: Vec<u64> = rest
        .split_whitespace()
        .skip(11) // fields 3..=13: state .. majflt
        .take(4)
        .map(|v| v.parse().expect("stat field"))
        .collect();
    [f[0], f[1], f[2], f[3]]
}

/// Clock ticks per second of /proc times (USER_HZ, 100 on Linux).
const TICKS_PER_SECOND: u64 = 100;

fn ticks(t: u64) -> Duration {
    Duration::from_millis(t * 1000 / TICKS_PER_SECOND)
}

/// Times `f` in this process.
fn in_process(f: impl FnOnce()) -> Times {
    let c0 = proc_self_ticks();
    let t0 = Instant::now();
    f();
    let wall = t0.elapsed();
    let c1 = proc_self_ticks();
    Times {
        wall,
        cpu: ticks(c1[0] + c1[1] - c0[0] - c0[1]),
    }
}

/// Runs `cmd` to completion and times it (CPU time of the waited-for child).
fn tool(cmd: &mut Command) -> Times {
    let c0 = proc_self_ticks();
    let t0 = Instant::now();
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e} (run scripts/bootstrap.sh)"));
    let wall = t0.elapsed();
    let c1 = proc_self_ticks();
    assert!(
        out.status.success(),
        "{cmd:?} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    Times {
        wall,
        cpu: ticks(c1[2] + c1[3] - c0[2] - c0[3]),
    }
}

/// First line of `prog args`' output (tool versions for the report).
fn first_line(prog: &str, args: &[&str]) -> String {
    Command::new(prog)
        .args(args)
        .output()
        .ok()
        .and_then(|o| {
            let text = String::from_utf8_lossy(&o.stdout).into_owned();
            text.lines().next().map(str::to_string)
        })
        .unwrap_or_else(|| format!("{prog}: not found"))
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

/// Command-line settings of the driver.
#[derive(Parser, Debug)]
#[command(
    name = "speed",
    about = "Speed of the golden encoder and decoder against x264 and ffmpeg, on one core"
)]
struct Args {
    /// Write the Markdown report to this file (keeping its hand-written
    /// notes) instead of stdout.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Repetitions of every measurement (the median is kept).
    #[arg(long, value_name = "R", default_value_t = DEFAULT_REPS, value_parser = at_least_one)]
    reps: usize,
    /// About how many samples each run codes.
    #[arg(long, value_name = "S", default_value_t = DEFAULT_SAMPLES)]
    samples: usize,
    /// The `tricodec` CLI to time (the default is $TRICODEC_CLI when set).
    #[arg(long, value_name = "P", default_value_os_t = default_cli())]
    cli: PathBuf,
    /// Added by `cargo bench`; ignored.
    #[arg(long, hide = true)]
    bench: bool,
}

/// `--reps`: a whole number of at least 1.
fn at_least_one(s: &str) -> Result<usize, String> {
    match s.parse::<usize>() {
        Ok(0) => Err("must be at least 1".to_string()),
        Ok(n) => Ok(n),
        Err(e) => Err(e.to_string()),
    }
}

/// The CLI timed by default: `TRICODEC_CLI`, else the workspace's release build.
fn default_cli() -> PathBuf {
    std::env::var_os("TRICODEC_CLI")
        .map(PathBuf::from)
        .unwrap_or_else(|| {
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../target/release/tricodec")
        })
}

fn parse_args() -> Args {
    let args = Args::parse();
    assert!(
        args.cli.is_file(),
        "{} missing: build it with `cargo build --release --bin tricodec` (make bench-speed does)",
        args.cli.display()
    );
    args
}

/// A fresh working folder, in memory (/dev/shm) when the machine has one so
/// that file writes cost no disk I/O.
fn work_dir() -> PathBuf {
    let base = if Path::new("/dev/shm").is_dir() {
        PathBuf::from("/dev/shm")
    } else {
        std::env::temp_dir()
    };
    let dir = base.join(format!("tricodec-bench-speed-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("work dir");
    dir
}

/// One benchmark image with its files and settings.
struct Case<'a> {
    img: &'a BenchImage,
    qp: i32,
    frames: usize,
    dir: PathBuf,
}

impl Case<'_> {
    fn path(&self, name: &str) -> PathBuf {
        self.dir.join(name)
    }

    /// The raw input of `n` frames (n = 1 or N).
    fn raw(&self, n: usize) -> PathBuf {
        self.path(&format!("in{n}.gray"))
    }

    fn x264(&self, n: usize) -> Command {
        let mut c = Command::new("x264");
        c.args([
            "--quiet",
            "--no-progress",
            "--preset",
            "medium",
            "--keyint",
            "1",
        ])
        // x264 codes I frames at QP - 6 log2(ipratio) (-3 at the default
        // 1.4); ratio 1 makes its I-slice QP the QP given.
        .args(["--ipratio", "1", "--threads", "1"])
        .args(["--input-csp", "i400", "--output-csp", "i400"])
        .args(["--qp", &self.qp.to_string()])
        .args([
            "--input-res",
            &format!("{}x{}", self.img.width, self.img.height),
        ])
        .arg("-o")
        .arg(self.path(&format!("x264_{n}.264")))
        .arg(self.raw(n));
        c
    }

    fn cli_encode(&self, cli: &Path, n: usize) -> Command {
        let mut c = Command::new(cli);
        c.args(["encode", "--chroma", "400", "--transform-8x8"])
            .args(["--qp", &self.qp.to_string()])
            .args(["--width", &self.img.width.to_string()])
            .args(["--height", &self.img.height.to_string()])
            .arg("-o")
            .arg(self.path(&format!("cli_{n}.264")))
            .arg(self.raw(n));
        c
    }

    fn ffmpeg_decode(&self, stream: &Path) -> Command {
        let mut c = Command::new("ffmpeg");
        c.args(["-v", "error", "-nostdin", "-threads", "1", "-i"])
            .arg(stream)
            .args(["-f", "null", "-"]);
        c
    }

    fn cli_decode(&self, cli: &Path, stream: &Path) -> Command {
        let mut c = Command::new(cli);
        c.arg("decode")
            .arg("-o")
            .arg(self.path("cli_decoded.gray"))
            .arg(stream);
        c
    }

    /// Our stream of `n` frames, encoded in-process.
    fn encode_lib(&self, n: usize) -> Vec<u8> {
        let pic = self.img.picture();
        let mut enc = common::encoder(self.img, self.qp);
        let mut out = Vec::new();
        for _ in 0..n {
            out.extend_from_slice(&enc.encode(&pic).expect("encode").bytes);
        }
        out
    }
}

/// Decodes `stream` in-process, keeping only the first picture and the count.
fn decode_lib(stream: &[u8]) -> (Picture, usize) {
    let mut dec = Decoder::new();
    let (mut first, mut count) = (None, 0);
    let mut keep = |p: Option<Picture>| {
        if let Some(p) = p {
            count += 1;
            first.get_or_insert(p);
        }
    };
    for unit in split_annexb(stream) {
        keep(dec.decode_nal(unit).expect("decode"));
    }
    keep(dec.flush().expect("flush"));
    (first.expect("a picture"), count)
}

/// PSNR of the visible luma of `rec` against `src`, in dB with 2 decimals.
fn psnr(src: &[u8], rec: &Picture) -> String {
    let raw = rec.to_raw();
    let sse: u64 = src
        .iter()
        .zip(&raw)
        .map(|(&a, &b)| u64::from(a.abs_diff(b)).pow(2))
        .sum();
    if sse == 0 {
        return "inf".into();
    }
    let mse = sse as f64 / src.len() as f64;
    format!("{:.2}", 10.0 * (255.0f64 * 255.0 / mse).log10())
}

/// Median times of every measurement of one case, by name.
type Medians = BTreeMap<String, Times>;

/// What the report says about one case besides its times.
struct Facts {
    bits_ours: f64,
    bits_x264: f64,
    psnr_ours: String,
    psnr_x264: String,
}

/// Prepares the files of `case`, checks the outputs agree, then runs every
/// measurement `reps` times, interleaved.
fn measure(case: &Case, cli: &Path, reps: usize) -> (Medians, Facts) {
    let (img, n) = (case.img, case.frames);
    std::fs::write(case.raw(1), &img.samples).expect("write input");
    std::fs::write(case.raw(n), img.samples.repeat(n)).expect("write input");
    let ours = [(1, case.encode_lib(1)), (n, case.encode_lib(n))];
    for (k, bytes) in &ours {
        std::fs::write(case.path(&format!("ours_{k}.264")), bytes).expect("write stream");
        tool(&mut case.x264(*k));
    }
    // The CLI must write exactly the library's stream.
    tool(&mut case.cli_encode(cli, 1));
    let cli_1 = std::fs::read(case.path("cli_1.264")).expect("cli stream");
    assert!(cli_1 == ours[0].1, "CLI and library streams differ");
    let x264_n = std::fs::read(case.path(&format!("x264_{n}.264"))).expect("x264 stream");
    let (x264_pic, x264_count) = decode_lib(&x264_n);
    let (ours_pic, ours_count) = decode_lib(&ours[1].1);
    assert_eq!((x264_count, ours_count), (n, n), "decoded frame counts");
    let samples = (n * img.len()) as f64;
    let facts = Facts {
        bits_ours: ours[1].1.len() as f64 * 8.0 / samples,
        bits_x264: x264_n.len() as f64 * 8.0 / samples,
        psnr_ours: psnr(&img.samples, &ours_pic),
        psnr_x264: psnr(&img.samples, &x264_pic),
    };

    let streams = |k: usize| {
        [
            ("x264", case.path(&format!("x264_{k}.264"))),
            ("ours", case.path(&format!("ours_{k}.264"))),
        ]
    };
    let mut runs: BTreeMap<String, Vec<Times>> = BTreeMap::new();
    let pic = img.picture();
    let stream_n = [x264_n.clone(), ours[1].1.clone()];
    for rep in 0..reps {
        eprint!("\r{}: round {}/{reps}", img.label, rep + 1);
        let mut put = |name: String, t: Times| runs.entry(name).or_default().push(t);
        put("x264 enc N".into(), tool(&mut case.x264(n)));
        put("x264 enc 1".into(), tool(&mut case.x264(1)));
        put(
            "lib enc N".into(),
            in_process(|| {
                let mut enc = common::encoder(img, case.qp);
                for _ in 0..n {
                    std::hint::black_box(enc.encode(&pic).expect("encode"));
                }
            }),
        );
        put("cli enc N".into(), tool(&mut case.cli_encode(cli, n)));
        put("cli enc 1".into(), tool(&mut case.cli_encode(cli, 1)));
        for (i, which) in ["x264", "ours"].into_iter().enumerate() {
            let (sn, s1) = (&streams(n)[i].1, &streams(1)[i].1);
            let name = |prog: &str, k: &str| format!("{prog} dec {which} {k}");
            put(name("ffmpeg", "N"), tool(&mut case.ffmpeg_decode(sn)));
            put(name("ffmpeg", "1"), tool(&mut case.ffmpeg_decode(s1)));
            let lib = in_process(|| {
                std::hint::black_box(decode_lib(&stream_n[i]));
            });
            put(name("lib", "N"), lib);
            put(name("cli", "N"), tool(&mut case.cli_decode(cli, sn)));
            put(name("cli", "1"), tool(&mut case.cli_decode(cli, s1)));
        }
    }
    eprintln!();
    let medians = runs
        .into_iter()
        .map(|(k, v)| {
            let t = Times {
                wall: median(v.iter().map(|t| t.wall).collect()),
                cpu: median(v.iter().map(|t| t.cpu).collect()),
            };
            (k, t)
        })
        .collect();
    (medians, facts)
}

/// Which clock a table uses.
#[derive(Clone, Copy)]
enum Clock {
    Cpu,
    Wall,
}

impl Clock {
    fn of(self, t: Times) -> f64 {
        match self {
            Clock::Cpu => t.cpu.as_secs_f64(),
            Clock::Wall => t.wall.as_secs_f64(),
        }
    }
}

/// MB/s of samples.
fn mbs(samples: usize, seconds: f64) -> f64 {
    if seconds <= 0.0 {
        f64::NAN
    } else {
        samples as f64 / seconds / 1e6
    }
}

/// Steady-state MB/s of a program measured on N frames and on 1 frame.
fn steady(case: &Case, m: &Medians, prefix: &str, clock: Clock) -> f64 {
    let tn = clock.of(m[&format!("{prefix} N")]);
    let t1 = clock.of(m[&format!("{prefix} 1")]);
    mbs((case.frames - 1) * case.img.len(), tn - t1)
}

/// MB/s over a whole run of N frames (start-up included for programs).
fn whole(case: &Case, m: &Medians, name: &str, clock: Clock) -> f64 {
    mbs(case.frames * case.img.len(), clock.of(m[name]))
}

/// How the numbers are taken, for the report.
const METHOD: &str = "\
- inputs: real weight tensors as 8-bit 4:0:0 images (their matrix view, mapped by \
`tensor::image`), each repeated as N frames; QP per image: the one at which our \
encoder comes closest to 2.5 bits/sample;
- ours: `Encoder` with the default profile (`full`: I16x16, I8x8, I4x4) and `transform_8x8` \
on, deblocking off (the default): the library in-process, and the CLI \
(`tricodec encode --chroma 400 --transform-8x8 --qp Q`, `tricodec decode`);
- x264: `--preset medium --keyint 1 --ipratio 1 --input-csp i400 --output-csp i400 --qp Q \
--threads 1` (`--ipratio 1`: without it x264 codes I frames at QP - 3);
- ffmpeg: `ffmpeg -threads 1 -i S.264 -f null -`, on x264's stream and on ours;
- MB/s = millions of 8-bit samples per second. CPU = user + system time (the process's own \
for the library, the waited-for child's for programs; 10 ms resolution). Steady state of a \
program = (N - 1) frames / (t(N frames) - t(1 frame)), which removes its start-up; whole \
run = N frames / t(N frames), start-up included. The library has no start-up: N frames / t.
- the machine is shared: CPU time is the primary measure (wall time counts the time other \
jobs hold the core); every measurement is repeated, rounds interleaved, medians reported.
";

/// Marks the end of the generated part: hand-written notes after it are
/// kept when the report is regenerated.
const NOTES_MARKER: &str = "<!-- notes: hand-written below this line, kept by make bench-speed -->";

/// Writes a markdown table header.
fn table(r: &mut String, columns: &[&str]) {
    let _ = writeln!(r, "| {} |", columns.join(" | "));
    let _ = writeln!(r, "|{}", " --- |".repeat(columns.len()));
}

/// The machine facts of the report header.
fn machine_facts(started: &str) -> String {
    let cpu_model = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with("model name"))
                .and_then(|l| l.split(':').nth(1))
                .map(|v| v.trim().to_string())
        })
        .unwrap_or_else(|| "unknown".into());
    let nproc = std::thread::available_parallelism().map_or(0, |n| n.get());
    let load = std::fs::read_to_string("/proc/loadavg").unwrap_or_default();
    let load: Vec<&str> = load.split_whitespace().take(3).collect();
    let commit = first_line("git", &["rev-parse", "--short", "HEAD"]);
    format!(
        "- date: {started} (UTC), commit {commit}\n\
         - machine: `nproc` {nproc}, CPU \"{cpu_model}\" (/proc/cpuinfo), shared with other \
         jobs: load average {} at the end\n\
         - {}\n- {}\n- {}\n",
        load.join(" "),
        first_line("rustc", &["-V"]),
        first_line("x264", &["--version"]),
        first_line("ffmpeg", &["-version"]),
    )
}

fn write_report(args: &Args, cases: &[(Case, Medians, Facts)], started: &str) -> String {
    let mut r = String::new();
    let _ = writeln!(r, "# Golden model speed vs x264 and ffmpeg\n");
    let _ = writeln!(
        r,
        "Generated by `make bench-speed` (tensor/benches/speed.rs), {} rounds; \
         the part above the notes marker is rewritten on every run.\n",
        args.reps
    );
    r.push_str(&machine_facts(started));
    let _ = writeln!(r, "\n## Method\n\n{METHOD}");
    let _ = writeln!(r, "## Inputs\n");
    table(
        &mut r,
        &[
            "image",
            "tensor",
            "size",
            "QP",
            "N",
            "bits/sample ours",
            "bits/sample x264",
            "PSNR ours",
            "PSNR x264",
        ],
    );
    for (c, _, f) in cases {
        let _ = writeln!(
            r,
            "| {} | {} `{}` | {}x{} | {} | {} | {:.3} | {:.3} | {} dB | {} dB |",
            c.img.label,
            c.img.model,
            c.img.tensor,
            c.img.width,
            c.img.height,
            c.qp,
            c.frames,
            f.bits_ours,
            f.bits_x264,
            f.psnr_ours,
            f.psnr_x264
        );
    }
    let (mut enc_ratios, mut dec_ratios) = (Vec::new(), Vec::new());
    for (clock, title) in [(Clock::Cpu, "CPU time"), (Clock::Wall, "wall time")] {
        let _ = writeln!(r, "\n## Encoder, steady state, {title} (MB/s)\n");
        table(
            &mut r,
            &[
                "image",
                "x264",
                "ours (library)",
                "library / x264",
                "ours (CLI)",
                "CLI / x264",
            ],
        );
        for (c, m, _) in cases {
            let x = steady(c, m, "x264 enc", clock);
            let lib = whole(c, m, "lib enc N", clock);
            let cli = steady(c, m, "cli enc", clock);
            if matches!(clock, Clock::Cpu) {
                enc_ratios.push(lib / x);
            }
            let _ = writeln!(
                r,
                "| {} | {x:.2} | {lib:.2} | {:.3} | {cli:.2} | {:.3} |",
                c.img.label,
                lib / x,
                cli / x
            );
        }
        let _ = writeln!(r, "\n## Decoder, steady state, {title} (MB/s)\n");
        table(
            &mut r,
            &[
                "image",
                "stream",
                "ffmpeg",
                "ours (library)",
                "library / ffmpeg",
                "ours (CLI)",
                "CLI / ffmpeg",
            ],
        );
        for (c, m, _) in cases {
            for which in ["x264", "ours"] {
                let f = steady(c, m, &format!("ffmpeg dec {which}"), clock);
                let lib = whole(c, m, &format!("lib dec {which} N"), clock);
                let cli = steady(c, m, &format!("cli dec {which}"), clock);
                if matches!(clock, Clock::Cpu) {
                    dec_ratios.push(lib / f);
                }
                let _ = writeln!(
                    r,
                    "| {} | {which} | {f:.2} | {lib:.2} | {:.3} | {cli:.2} | {:.3} |",
                    c.img.label,
                    lib / f,
                    cli / f
                );
            }
        }
    }
    let _ = writeln!(
        r,
        "\n## Whole runs of N frames, wall time, start-up included (MB/s)\n"
    );
    table(
        &mut r,
        &[
            "image",
            "x264 enc",
            "CLI enc",
            "CLI / x264",
            "stream",
            "ffmpeg dec",
            "CLI dec",
            "CLI / ffmpeg",
        ],
    );
    for (c, m, _) in cases {
        let x = whole(c, m, "x264 enc N", Clock::Wall);
        let cli = whole(c, m, "cli enc N", Clock::Wall);
        for which in ["x264", "ours"] {
            let f = whole(c, m, &format!("ffmpeg dec {which} N"), Clock::Wall);
            let d = whole(c, m, &format!("cli dec {which} N"), Clock::Wall);
            let _ = writeln!(
                r,
                "| {} | {x:.2} | {cli:.2} | {:.3} | {which} | {f:.2} | {d:.2} | {:.3} |",
                c.img.label,
                cli / x,
                d / f
            );
        }
    }
    if let Some((c, m, _)) = cases.first() {
        let ms = |key: &str| m[key].wall.as_secs_f64() * 1e3;
        let _ = writeln!(
            r,
            "\nStart-up, as the median wall time of a 1-frame run of {}: x264 {:.0} ms, \
             ffmpeg {:.0} ms, `tricodec encode` {:.0} ms, `tricodec decode` {:.0} ms.",
            c.img.label,
            ms("x264 enc 1"),
            ms("ffmpeg dec x264 1"),
            ms("cli enc 1"),
            ms("cli dec x264 1")
        );
    }
    let min = |v: &[f64]| v.iter().copied().fold(f64::INFINITY, f64::min);
    let verdict = |v: f64, goal: f64| if v >= goal { "met" } else { "not met" };
    let (enc, dec) = (min(&enc_ratios), min(&dec_ratios));
    let _ = writeln!(r, "\n## Goals (library, steady state, CPU time)\n");
    let _ = writeln!(
        r,
        "- encoder >= 0.25 x x264: lowest ratio over the images {enc:.3} ({})",
        verdict(enc, 0.25)
    );
    let _ = writeln!(
        r,
        "- decoder >= 0.5 x ffmpeg: lowest ratio over images and streams {dec:.3} ({})",
        verdict(dec, 0.5)
    );
    r
}

/// The generated report followed by the notes kept from `old` (the previous
/// file), if it has any.
fn with_notes(report: &str, old: Option<&str>) -> String {
    let notes = old
        .and_then(|o| o.find(NOTES_MARKER).map(|i| &o[i..]))
        .unwrap_or(NOTES_MARKER);
    format!("{report}\n{}", notes.trim_end()) + "\n"
}

fn main() {
    let args = parse_args();
    let started = first_line("date", &["-u", "+%Y-%m-%d %H:%M"]);
    let dir = work_dir();
    let images = common::load_images();
    let mut cases = Vec::new();
    for img in &images {
        let qp = common::choose_qp(img);
        let frames = args.samples.div_ceil(img.len()).max(2);
        let case_dir = dir.join(img.label);
        std::fs::create_dir_all(&case_dir).expect("case dir");
        let case = Case {
            img,
            qp,
            frames,
            dir: case_dir,
        };
        eprintln!(
            "{}: {}x{}, QP {qp}, {frames} frames",
            img.label, img.width, img.height
        );
        let (m, f) = measure(&case, &args.cli, args.reps);
        cases.push((case, m, f));
    }
    let report = write_report(&args, &cases, &started);
    let _ = std::fs::remove_dir_all(&dir);
    match &args.out {
        Some(path) => {
            if let Some(parent) = path.parent() {
                std::fs::create_dir_all(parent).expect("report folder");
            }
            let old = std::fs::read_to_string(path).ok();
            std::fs::write(path, with_notes(&report, old.as_deref())).expect("write report");
            eprintln!("wrote {}", path.display());
        }
        None => print!("{report}"),
    }
}
