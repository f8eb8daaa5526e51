//! External tools for the tests (ffmpeg, ffprobe) and their scratch directories, shared by the
//! top-level integration tests (tests/common) and the RTL tests (sim/tests). The tools are
//! installed by `scripts/bootstrap.sh`; a helper that cannot run one panics saying so.

use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::atomic::{AtomicU64, Ordering};

use golden::ChromaFormat;

/// A fresh directory under the system temp dir, removed with its contents on drop.
pub struct TempDir {
    path: PathBuf,
}

impl TempDir {
    /// The directory.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A path inside the directory.
    pub fn join(&self, name: &str) -> PathBuf {
        self.path.join(name)
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.path);
    }
}

/// Creates a unique [`TempDir`] whose name contains `tag`.
pub fn tmp_dir(tag: &str) -> TempDir {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let n = COUNTER.fetch_add(1, Ordering::Relaxed);
    let path = std::env::temp_dir().join(format!("tricodec-{tag}-{}-{n}", std::process::id()));
    let _ = std::fs::remove_dir_all(&path);
    std::fs::create_dir_all(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    TempDir { path }
}

/// Runs `cmd`, panicking with its stderr when it fails or cannot start.
pub fn run_tool(cmd: &mut Command) -> std::process::Output {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("cannot run {cmd:?}: {e} (run scripts/bootstrap.sh)"));
    assert!(
        out.status.success(),
        "{cmd:?} failed ({}):\n{}",
        out.status,
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// Pixel format, width and height of the first video stream, from ffprobe.
pub fn ffprobe_video(stream: &Path) -> (String, usize, usize) {
    let out = run_tool(
        Command::new("ffprobe")
            .args(["-v", "error", "-select_streams", "v:0"])
            .args([
                "-show_entries",
                "stream=pix_fmt,width,height",
                "-of",
                "default=nw=1",
            ])
            .arg(stream),
    );
    let text = String::from_utf8_lossy(&out.stdout).into_owned();
    let field = |key: &str| -> String {
        text.lines()
            .find_map(|l| l.strip_prefix(key).and_then(|r| r.strip_prefix('=')))
            .unwrap_or_else(|| panic!("ffprobe gave no {key} for {}: {text}", stream.display()))
            .to_string()
    };
    let num = |key: &str| field(key).parse::<usize>().expect("ffprobe size");
    (field("pix_fmt"), num("width"), num("height"))
}

/// Decodes `stream` with ffmpeg, bit-exactly: all frames concatenated, luma
/// only for 4:0:0, I420 for 4:2:0.
///
/// Rule: decode NATIVELY (`-f rawvideo`, no `-pix_fmt`). For a 4:0:0 stream
/// ffmpeg's H.264 decoder outputs yuv420p with flat chroma (128) (checked:
/// ffprobe reports `pix_fmt=yuv420p`); its luma plane is the decoded luma,
/// bit-exact. `-pix_fmt gray` would instead CONVERT yuv420p to gray, rescaling
/// limited to full range: not the decoder's output. Should ffmpeg ever output
/// `gray` natively, that is exact too and is accepted here.
pub fn ffmpeg_decode(stream: &Path, format: ChromaFormat, w: usize, h: usize) -> Vec<u8> {
    let (pix_fmt, sw, sh) = ffprobe_video(stream);
    assert_eq!((sw, sh), (w, h), "ffprobe size of {}", stream.display());
    let raw = stream.with_extension("ffmpeg.yuv");
    run_tool(
        Command::new("ffmpeg")
            .args(["-v", "error", "-y", "-i"])
            .arg(stream)
            .args(["-f", "rawvideo", "-fps_mode", "passthrough"])
            .arg(&raw),
    );
    let data = std::fs::read(&raw).expect("ffmpeg output");
    let luma = w * h;
    let frame = match pix_fmt.as_str() {
        "gray" => luma,
        // yuvj420p: same samples, only the range flag differs.
        "yuv420p" | "yuvj420p" => ChromaFormat::Yuv420.frame_bytes(w, h),
        other => panic!("{}: unexpected pix_fmt {other}", stream.display()),
    };
    assert!(
        !data.is_empty() && data.len() / frame * frame == data.len(),
        "ffmpeg output size {}",
        data.len()
    );
    let mut out = Vec::with_capacity(data.len());
    for (i, f) in data.chunks(frame).enumerate() {
        match (format, frame == luma) {
            (ChromaFormat::Monochrome, true) | (ChromaFormat::Yuv420, false) => {
                out.extend_from_slice(f)
            }
            (ChromaFormat::Monochrome, false) => {
                assert!(
                    f[luma..].iter().all(|&c| c == 128),
                    "{} frame {i}: chroma not flat, not a 4:0:0 stream?",
                    stream.display()
                );
                out.extend_from_slice(&f[..luma]);
            }
            (ChromaFormat::Yuv420, true) => {
                panic!(
                    "{}: ffmpeg decodes it as gray, expected 4:2:0",
                    stream.display()
                )
            }
        }
    }
    out
}
