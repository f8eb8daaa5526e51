//! The x264 column: the tensor aligned to 8-bit samples exactly as the
//! tricodec column aligns it (golden::align), cut into the same tiles
//! (tensor::mapping), each tile one 4:0:0 picture coded by the
//! x264 command line and decoded by ffmpeg (checked against the golden decoder).
//!
//! Bytes counted: every tile stream without its SEI NAL units (x264 writes
//! its version and option string there, ~550 bytes a stream, which no decoder
//! needs), plus the alignment side information (`SideInfo::byte_len`).

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use golden::align::{self, Aligned};
use golden::decoder::Decoder;
use tensor::mapping::{self, Matrix, Tile};

use crate::measure::Point;

/// The x264 options under test (besides size, colour space and QP).
pub const X264_ARGS: &[&str] = &[
    "--preset",
    "veryslow",
    "--tune",
    "psnr",
    "--no-psy",
    "--keyint",
    "1",
    "--input-csp",
    "i400",
    "--output-csp",
    "i400",
    "--threads",
    "1",
];

/// QP range searched: x264 codes QP 0 losslessly (transform bypass, a
/// profile the golden decoder does not take), far above 4 bits/value anyway.
pub const QP_MIN: i32 = 1;
/// Highest H.264 QP for 8-bit samples.
pub const QP_MAX: i32 = 51;

/// A tensor prepared for x264, with the points coded so far.
pub struct X264Tensor<'a> {
    aligned: &'a Aligned,
    matrix: Matrix,
    tiles: Vec<Tile>,
    reference: &'a [f64],
    dir: PathBuf,
    /// QP -> (point, seconds x264 took for all tiles).
    pub cache: BTreeMap<i32, (Point, f64)>,
}

impl<'a> X264Tensor<'a> {
    /// `aligned` holds the samples of the `matrix` (row-major; aligned as
    /// that matrix, or as one row of all its values for per-tensor alignment),
    /// `reference` the original values (f64), `dir` a scratch folder of this job.
    pub fn new(aligned: &'a Aligned, matrix: Matrix, reference: &'a [f64], dir: &Path) -> Self {
        X264Tensor {
            aligned,
            matrix,
            tiles: mapping::tiles(matrix),
            reference,
            dir: dir.to_path_buf(),
            cache: BTreeMap::new(),
        }
    }

    /// The point at `qp` (coded on first use).
    pub fn point(&mut self, qp: i32) -> Result<Point, String> {
        if let Some((p, _)) = self.cache.get(&qp) {
            return Ok(p.clone());
        }
        let mut bytes = self.aligned.side.byte_len();
        let mut samples = vec![0u8; self.matrix.len()];
        let mut secs = 0.0;
        for t in &self.tiles {
            let raw = mapping::extract(&self.aligned.samples, self.matrix, *t);
            let (stream, s) = encode(&raw, t.cols, t.rows, qp, &self.dir)?;
            secs += s;
            bytes += stream.len() as u64;
            let decoded = decode(&stream, t.cols, t.rows, &self.dir)?;
            mapping::insert(&mut samples, self.matrix, *t, &decoded);
        }
        let (m, a) = (self.matrix, self.aligned);
        let approx = align::dequantize_f64(&samples, a.rows, a.cols, &a.side)
            .map_err(|e| format!("dequantize: {e}"))?;
        let p = Point::new(
            bytes as f64,
            m.len(),
            self.reference,
            &approx,
            format!("qp={qp}"),
        );
        self.cache.insert(qp, (p.clone(), secs));
        Ok(p)
    }

    /// Codes the QPs that bracket `target` bits/value: the smallest QP whose
    /// rate is at most the target and the QP below it. Bisection over
    /// 1..=51 (rate taken as non-increasing in QP) between the bracket the
    /// points coded so far give; QP 0 and 52 stand for "rate above any
    /// target" and "rate 0" and are never coded.
    pub fn search(&mut self, target: f64) -> Result<(), String> {
        // bits(lo) > target >= bits(hi)
        let lo = self
            .cache
            .iter()
            .filter(|(_, (p, _))| p.bits > target)
            .map(|(&q, _)| q)
            .max()
            .unwrap_or(QP_MIN - 1);
        let hi = self
            .cache
            .iter()
            .filter(|(&q, (p, _))| q > lo && p.bits <= target)
            .map(|(&q, _)| q)
            .min()
            .unwrap_or(QP_MAX + 1);
        let (mut lo, mut hi) = (lo, hi);
        while hi - lo > 1 {
            let mid = (lo + hi) / 2;
            if self.point(mid)?.bits <= target {
                hi = mid;
            } else {
                lo = mid;
            }
        }
        Ok(())
    }

    /// Every point coded so far.
    pub fn points(&self) -> Vec<Point> {
        self.cache.values().map(|(p, _)| p.clone()).collect()
    }
}

/// Runs x264 on one 8-bit 4:0:0 picture at `qp`: the stream with its SEI
/// NAL units removed, and the seconds x264 took.
pub fn encode(
    raw: &[u8],
    w: usize,
    h: usize,
    qp: i32,
    dir: &Path,
) -> Result<(Vec<u8>, f64), String> {
    let input = dir.join("tile.yuv");
    let output = dir.join("tile.264");
    std::fs::write(&input, raw).map_err(|e| format!("{}: {e}", input.display()))?;
    let start = Instant::now();
    let status = Command::new("x264")
        .args(X264_ARGS)
        .args([
            "--quiet",
            "--no-progress",
            "--input-res",
            &format!("{w}x{h}"),
        ])
        .args(["--qp", &qp.to_string(), "-o"])
        .arg(&output)
        .arg(&input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .map_err(|e| format!("x264: {e}"))?;
    let secs = start.elapsed().as_secs_f64();
    if !status.success() {
        return Err(format!(
            "x264 failed ({status}) on a {w}x{h} tile at QP {qp}"
        ));
    }
    let stream = std::fs::read(&output).map_err(|e| format!("{}: {e}", output.display()))?;
    Ok((strip_sei(&stream), secs))
}

/// Decodes an Annex B stream with ffmpeg to its `w` x `h` luma plane, and
/// checks it against the golden decoder (which decodes x264's intra streams
/// to ffmpeg's output, tests/interop.rs).
///
/// ffmpeg writes its native output format (yuv420p with flat chroma for a
/// 4:0:0 stream) and the luma plane is its first `w * h` bytes: asking for
/// `-pix_fmt gray` would rescale limited to full range.
pub fn decode(stream: &[u8], w: usize, h: usize, dir: &Path) -> Result<Vec<u8>, String> {
    let input = dir.join("tile-nosei.264");
    std::fs::write(&input, stream).map_err(|e| format!("{}: {e}", input.display()))?;
    let out = Command::new("ffmpeg")
        .args(["-nostdin", "-v", "error", "-f", "h264", "-i"])
        .arg(&input)
        .args(["-f", "rawvideo", "-"])
        .stderr(Stdio::piped())
        .output()
        .map_err(|e| format!("ffmpeg: {e}"))?;
    let chroma = 2 * w.div_ceil(2) * h.div_ceil(2);
    if !out.status.success() || (out.stdout.len() != w * h && out.stdout.len() != w * h + chroma) {
        let _ = std::io::stderr().write_all(&out.stderr);
        return Err(format!(
            "ffmpeg decoded {} bytes for a {w}x{h} picture",
            out.stdout.len()
        ));
    }
    let luma = out.stdout[..w * h].to_vec();
    let pics = Decoder::decode_stream(stream).map_err(|e| format!("golden decoder: {e}"))?;
    match pics.as_slice() {
        [p] if p.width == w && p.height == h && p.to_raw()[..w * h] == luma[..] => Ok(luma),
        _ => Err(format!(
            "ffmpeg and the golden decoder disagree on a {w}x{h} x264 stream"
        )),
    }
}

/// The Annex B stream without NAL units of type 6 (SEI); every other byte
/// (start codes included) is kept as it was.
pub fn strip_sei(stream: &[u8]) -> Vec<u8> {
    // Each unit's region starts at its start code (00 00 01, or 00 00 00 01)
    // and runs to the next region; `nal` is the unit header's position.
    let mut regions = Vec::new();
    let mut i = 0;
    while i + 3 <= stream.len() {
        if stream[i] == 0 && stream[i + 1] == 0 && stream[i + 2] == 1 {
            let begin = if i > 0 && stream[i - 1] == 0 {
                i - 1
            } else {
                i
            };
            regions.push((begin, i + 3));
            i += 3;
        } else {
            i += 1;
        }
    }
    let mut out = Vec::with_capacity(stream.len());
    if let Some(&(first, _)) = regions.first() {
        out.extend_from_slice(&stream[..first]);
    }
    for (k, &(begin, nal)) in regions.iter().enumerate() {
        let end = regions.get(k + 1).map_or(stream.len(), |r| r.0);
        if nal >= stream.len() || stream[nal] & 0x1f != 6 {
            out.extend_from_slice(&stream[begin..end]);
        }
    }
    out
}

/// First line of `x264 --version`.
pub fn version() -> String {
    Command::new("x264")
        .arg("--version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().next().map(str::to_string))
        .unwrap_or_else(|| "x264 not found".into())
}

/// First line of `ffmpeg -version`.
pub fn ffmpeg_version() -> String {
    Command::new("ffmpeg")
        .arg("-version")
        .output()
        .ok()
        .and_then(|o| String::from_utf8(o.stdout).ok())
        .and_then(|s| s.lines().next().map(str::to_string))
        .unwrap_or_else(|| "ffmpeg not found".into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::measure::at_rate;
    use golden::align::{AlignMode, FloatVec};

    #[test]
    fn strips_only_sei() {
        let s = [
            0, 0, 0, 1, 0x67, 1, 2, 0, 0, 1, 0x06, 9, 9, 0, 0, 0, 1, 0x65, 7,
        ];
        assert_eq!(
            strip_sei(&s),
            vec![0, 0, 0, 1, 0x67, 1, 2, 0, 0, 0, 1, 0x65, 7]
        );
        let t = [0, 0, 1, 0x06, 5, 0, 0, 1, 0x65, 7];
        assert_eq!(strip_sei(&t), vec![0, 0, 1, 0x65, 7]);
    }

    #[test]
    fn search_brackets_the_target_with_adjacent_qps() {
        // 40 x 72 values from an LCG, rows of different scales.
        let mut state = 7u32;
        let x: Vec<f32> = (0..40 * 72)
            .map(|i| {
                state = state.wrapping_mul(1_664_525).wrapping_add(1_013_904_223);
                ((state >> 8) as f32 / (1 << 24) as f32 - 0.5) * (1 + i / 72 % 5) as f32
            })
            .collect();
        let reference: Vec<f64> = x.iter().map(|&v| f64::from(v)).collect();
        let bits = FloatVec::F32(x.iter().map(|v| v.to_bits()).collect());
        let aligned = align::align("t", bits.as_slice(), 40, 72, AlignMode::AffineRow).unwrap();
        let dir = std::env::temp_dir().join(format!("rd-report-test-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let mut enc = X264Tensor::new(&aligned, Matrix { rows: 40, cols: 72 }, &reference, &dir);
        enc.search(3.0).unwrap();
        let a = at_rate(&enc.points(), 3.0);
        let (lo, hi) = (a.lo.unwrap(), a.hi.unwrap());
        let qp = |p: &Point| p.setting.trim_start_matches("qp=").parse::<i32>().unwrap();
        assert!(lo.bits <= 3.0 && hi.bits > 3.0);
        assert_eq!(qp(&lo), qp(&hi) + 1, "adjacent QPs bracket the target");
        assert!(lo.db < hi.db && lo.db <= a.db && a.db <= hi.db);
        // Every byte counted: side information is part of the rate.
        assert!(lo.bytes > aligned.side.byte_len() as f64);
        let _ = std::fs::remove_dir_all(&dir);
    }
}
