//! 8-bit planes through the golden H.264 encoder and decoder: frames (4:0:0, or
//! 4:2:0 with chroma planes) to an Annex B stream and back.

use golden::decoder::Decoder;
use golden::encoder::{Encoder, EncoderConfig, Profile};
use golden::quant::Deadzone;
use golden::{ChromaFormat, Picture};
use numpy::{PyArray1, PyArrayMethods, PyReadonlyArrayDyn, PyUntypedArrayMethods};
use pyo3::prelude::*;
use pyo3::types::PyBytes;

use crate::errors::{config, contiguous, to_py, InvalidDataError};
use crate::stages::DEADZONE_MAX;

/// The planes of `n` frames: (n, height, width) each, read in place.
struct Planes<'a> {
    n: usize,
    width: usize,
    height: usize,
    y: &'a [u8],
    uv: Option<(&'a [u8], &'a [u8])>,
}

/// (n, h, w) of a 3-D plane array.
fn dims(a: &PyReadonlyArrayDyn<'_, u8>, what: &str) -> PyResult<(usize, usize, usize)> {
    match *a.shape() {
        [n, h, w] => Ok((n, h, w)),
        _ => Err(config(format!(
            "{what}: expected a (frames, height, width) array, got shape {:?}",
            a.shape()
        ))),
    }
}

impl<'a> Planes<'a> {
    fn new(
        y: &'a PyReadonlyArrayDyn<'_, u8>,
        u: Option<&'a PyReadonlyArrayDyn<'_, u8>>,
        v: Option<&'a PyReadonlyArrayDyn<'_, u8>>,
    ) -> PyResult<Self> {
        let (n, height, width) = dims(y, "y")?;
        if n == 0 {
            return Err(config("no frames to encode"));
        }
        let uv = match (u, v) {
            (None, None) => None,
            (Some(u), Some(v)) => {
                let want = (n, height.div_ceil(2), width.div_ceil(2));
                for (a, what) in [(u, "u"), (v, "v")] {
                    if dims(a, what)? != want {
                        return Err(config(format!(
                            "{what}: 4:2:0 chroma of {n} frames of {width}x{height} needs shape \
                             {want:?}, got {:?}",
                            a.shape()
                        )));
                    }
                }
                Some((contiguous(u, "u")?, contiguous(v, "v")?))
            }
            _ => return Err(config("4:2:0 needs both chroma planes u and v")),
        };
        Ok(Planes {
            n,
            width,
            height,
            y: contiguous(y, "y")?,
            uv,
        })
    }

    fn format(&self) -> ChromaFormat {
        match self.uv {
            Some(_) => ChromaFormat::Yuv420,
            None => ChromaFormat::Monochrome,
        }
    }

    /// Frame `i` as one raw frame (luma, then the chroma planes for 4:2:0).
    fn raw(&self, i: usize) -> Vec<u8> {
        let ys = self.width * self.height;
        let mut raw = self.y[i * ys..(i + 1) * ys].to_vec();
        if let Some((u, v)) = self.uv {
            let cs = self.width.div_ceil(2) * self.height.div_ceil(2);
            raw.extend_from_slice(&u[i * cs..(i + 1) * cs]);
            raw.extend_from_slice(&v[i * cs..(i + 1) * cs]);
        }
        raw
    }
}

/// Encodes `n` frames of 8-bit planes (`y`, and `u`, `v` for 4:2:0; uint8, C-contiguous,
/// (frames, height, width)) into one Annex B stream, every frame an IDR picture.
#[pyfunction]
#[pyo3(signature = (y, u, v, qp, slices, transform_8x8, deblock, profile, deadzone, mb_qp))]
#[allow(clippy::too_many_arguments)]
fn encode_frames<'py>(
    py: Python<'py>,
    y: PyReadonlyArrayDyn<'py, u8>,
    u: Option<PyReadonlyArrayDyn<'py, u8>>,
    v: Option<PyReadonlyArrayDyn<'py, u8>>,
    qp: i32,
    slices: usize,
    transform_8x8: bool,
    deblock: bool,
    profile: &str,
    deadzone: u32,
    mb_qp: Option<Vec<i32>>,
) -> PyResult<Bound<'py, PyBytes>> {
    let profile = Profile::by_name(profile).ok_or_else(|| {
        config(format!(
            "profile {profile:?} is not one of \"full\", \"i16x16\""
        ))
    })?;
    if deadzone > DEADZONE_MAX as u32 {
        return Err(config(format!(
            "deadzone {deadzone} is outside 0..={DEADZONE_MAX}"
        )));
    }
    let planes = Planes::new(&y, u.as_ref(), v.as_ref())?;
    let cfg = EncoderConfig {
        qp,
        slices,
        transform_8x8,
        deblock,
        profile,
        deadzone: Deadzone(deadzone),
        mb_qp,
        rdoq: None,
    };
    // Copies of the frames: the encoder runs without the GIL.
    let frames: Vec<Vec<u8>> = (0..planes.n).map(|i| planes.raw(i)).collect();
    let (fmt, w, h) = (planes.format(), planes.width, planes.height);
    let stream = py
        .detach(|| -> golden::Result<Vec<u8>> {
            let mut enc = Encoder::new(fmt, w, h, cfg)?;
            let mut out = Vec::new();
            for raw in &frames {
                let pic = Picture::from_raw(fmt, w, h, raw)?;
                out.extend_from_slice(&enc.encode(&pic)?.bytes);
            }
            Ok(out)
        })
        .map_err(to_py)?;
    Ok(PyBytes::new(py, &stream))
}

/// Decoded planes: y (n, h, w), and u, v (n, ceil(h/2), ceil(w/2)) for 4:2:0.
type Frames<'py> = (
    Bound<'py, PyAny>,
    Option<Bound<'py, PyAny>>,
    Option<Bound<'py, PyAny>>,
);

/// Decodes an Annex B stream (ours or x264's intra-only streams) into its frames.
#[pyfunction]
fn decode_frames<'py>(py: Python<'py>, stream: &[u8]) -> PyResult<Frames<'py>> {
    let pics = py
        .detach(|| Decoder::decode_stream(stream))
        .map_err(to_py)?;
    let first = &pics[0];
    let (fmt, w, h) = (first.format, first.width, first.height);
    if let Some(p) = pics
        .iter()
        .find(|p| (p.format, p.width, p.height) != (fmt, w, h))
    {
        return Err(InvalidDataError::new_err(format!(
            "the stream changes picture size or format ({w}x{h} {fmt:?}, then {}x{} {:?})",
            p.width, p.height, p.format
        )));
    }
    let n = pics.len();
    let (cw, ch) = (w.div_ceil(2), h.div_ceil(2));
    let mut y = Vec::with_capacity(n * w * h);
    let mut u = Vec::new();
    let mut v = Vec::new();
    for p in &pics {
        let raw = p.to_raw();
        y.extend_from_slice(&raw[..w * h]);
        if fmt == ChromaFormat::Yuv420 {
            u.extend_from_slice(&raw[w * h..w * h + cw * ch]);
            v.extend_from_slice(&raw[w * h + cw * ch..]);
        }
    }
    let y = PyArray1::from_vec(py, y).reshape([n, h, w])?.into_any();
    if fmt == ChromaFormat::Monochrome {
        return Ok((y, None, None));
    }
    let u = PyArray1::from_vec(py, u).reshape([n, ch, cw])?.into_any();
    let v = PyArray1::from_vec(py, v).reshape([n, ch, cw])?.into_any();
    Ok((y, Some(u), Some(v)))
}

/// Adds the frame functions to the module.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(encode_frames, m)?)?;
    m.add_function(wrap_pyfunction!(decode_frames, m)?)?;
    Ok(())
}
