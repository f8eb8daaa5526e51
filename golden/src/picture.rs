//! Planar 8-bit pictures, padded to whole macroblocks.
//!
//! A [`Picture`] always holds whole macroblocks (16x16 luma, 8x8 chroma in
//! 4:2:0). `width`/`height` are the visible size; the padding on the right and
//! bottom is filled by edge replication on input and dropped on output (the
//! stream's SPS carries the cropping window).

use crate::error::{Error, Result};

/// Chroma sampling of a picture (`chroma_format_idc` 0 or 1).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ChromaFormat {
    /// 4:0:0, luma only: the tensor case.
    Monochrome,
    /// 4:2:0, chroma planes at half width and half height.
    Yuv420,
}

impl ChromaFormat {
    /// The `chroma_format_idc` of the SPS.
    pub fn idc(self) -> u32 {
        match self {
            ChromaFormat::Monochrome => 0,
            ChromaFormat::Yuv420 => 1,
        }
    }

    /// Inverse of [`ChromaFormat::idc`]; other formats are unsupported.
    pub fn from_idc(idc: u32) -> Result<Self> {
        match idc {
            0 => Ok(ChromaFormat::Monochrome),
            1 => Ok(ChromaFormat::Yuv420),
            _ => Err(Error::Unsupported(format!("chroma_format_idc {idc}"))),
        }
    }

    /// Number of planes (1 or 3).
    pub fn planes(self) -> usize {
        match self {
            ChromaFormat::Monochrome => 1,
            ChromaFormat::Yuv420 => 3,
        }
    }

    /// Bytes of one raw frame of visible size `w` x `h` (I420 layout for 4:2:0).
    pub fn frame_bytes(self, w: usize, h: usize) -> usize {
        match self {
            ChromaFormat::Monochrome => w * h,
            ChromaFormat::Yuv420 => w * h + 2 * w.div_ceil(2) * h.div_ceil(2),
        }
    }
}

/// One plane of 8-bit samples, row-major, `stride == width`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Plane {
    pub width: usize,
    pub height: usize,
    pub data: Vec<u8>,
}

impl Plane {
    /// A plane filled with `value`.
    pub fn new(width: usize, height: usize, value: u8) -> Self {
        Plane {
            width,
            height,
            data: vec![value; width * height],
        }
    }

    #[inline]
    pub fn at(&self, x: usize, y: usize) -> u8 {
        self.data[y * self.width + x]
    }

    #[inline]
    pub fn set(&mut self, x: usize, y: usize, v: u8) {
        self.data[y * self.width + x] = v;
    }

    /// Copies an `n` x `n` block at (`x`, `y`) into a row-major array.
    pub fn block<const N: usize>(&self, x: usize, y: usize) -> [[u8; N]; N] {
        let mut out = [[0u8; N]; N];
        for (r, row) in out.iter_mut().enumerate() {
            let s = (y + r) * self.width + x;
            row.copy_from_slice(&self.data[s..s + N]);
        }
        out
    }

    /// Writes a row-major `n` x `n` block at (`x`, `y`).
    pub fn put_block<const N: usize>(&mut self, x: usize, y: usize, b: &[[u8; N]; N]) {
        for (r, row) in b.iter().enumerate() {
            let s = (y + r) * self.width + x;
            self.data[s..s + N].copy_from_slice(row);
        }
    }
}

/// A picture of whole macroblocks with its visible size.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Picture {
    pub format: ChromaFormat,
    /// Visible width in luma samples.
    pub width: usize,
    /// Visible height in luma samples.
    pub height: usize,
    /// Luma, then Cb and Cr for 4:2:0; each padded to whole macroblocks.
    pub planes: Vec<Plane>,
}

/// Largest picture side accepted, in luma samples (H.264 level 6.2 allows
/// 8192x4320; we bound each side to keep allocation tied to sane headers).
pub const MAX_SIDE: usize = 16384;

impl Picture {
    /// A mid-grey picture of visible size `width` x `height`.
    pub fn new(format: ChromaFormat, width: usize, height: usize) -> Result<Self> {
        if width == 0 || height == 0 || width > MAX_SIDE || height > MAX_SIDE {
            return Err(Error::Config(format!(
                "picture size {width}x{height} outside 1..={MAX_SIDE}"
            )));
        }
        let (wm, hm) = (width.div_ceil(16), height.div_ceil(16));
        let mut planes = vec![Plane::new(wm * 16, hm * 16, 128)];
        if format == ChromaFormat::Yuv420 {
            planes.push(Plane::new(wm * 8, hm * 8, 128));
            planes.push(Plane::new(wm * 8, hm * 8, 128));
        }
        Ok(Picture {
            format,
            width,
            height,
            planes,
        })
    }

    /// Width in macroblocks.
    pub fn width_mbs(&self) -> usize {
        self.planes[0].width / 16
    }

    /// Height in macroblocks.
    pub fn height_mbs(&self) -> usize {
        self.planes[0].height / 16
    }

    /// Visible size of plane `p` (chroma rounds up).
    pub fn visible(&self, p: usize) -> (usize, usize) {
        if p == 0 {
            (self.width, self.height)
        } else {
            (self.width.div_ceil(2), self.height.div_ceil(2))
        }
    }

    /// Reads one raw frame (luma only for 4:0:0, I420 for 4:2:0) and pads
    /// it to whole macroblocks by replicating the last column and row.
    pub fn from_raw(format: ChromaFormat, width: usize, height: usize, raw: &[u8]) -> Result<Self> {
        let mut pic = Picture::new(format, width, height)?;
        let need = format.frame_bytes(width, height);
        if raw.len() != need {
            return Err(Error::Config(format!(
                "raw frame of {width}x{height} {format:?} needs {need} bytes, got {}",
                raw.len()
            )));
        }
        let mut off = 0;
        for p in 0..format.planes() {
            let (vw, vh) = pic.visible(p);
            let plane = &mut pic.planes[p];
            // Row by row: the visible samples copied, the last one repeated.
            for (y, row) in plane.data.chunks_mut(plane.width).enumerate() {
                let src = &raw[off + y.min(vh - 1) * vw..][..vw];
                row[..vw].copy_from_slice(src);
                row[vw..].fill(src[vw - 1]);
            }
            off += vw * vh;
        }
        Ok(pic)
    }

    /// Writes the visible part as one raw frame (the layout `from_raw` reads).
    pub fn to_raw(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.format.frame_bytes(self.width, self.height));
        for p in 0..self.format.planes() {
            let (vw, vh) = self.visible(p);
            let plane = &self.planes[p];
            for y in 0..vh {
                out.extend_from_slice(&plane.data[y * plane.width..y * plane.width + vw]);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_round_trip_odd_size_420() {
        let (w, h) = (17, 9);
        let n = ChromaFormat::Yuv420.frame_bytes(w, h);
        assert_eq!(n, 17 * 9 + 2 * 9 * 5);
        let raw: Vec<u8> = (0..n).map(|i| (i * 7 % 251) as u8).collect();
        let pic = Picture::from_raw(ChromaFormat::Yuv420, w, h, &raw).unwrap();
        assert_eq!((pic.width_mbs(), pic.height_mbs()), (2, 1));
        assert_eq!(pic.planes[1].width, 16);
        // Padding replicates the last visible column.
        assert_eq!(pic.planes[0].at(31, 0), raw[16]);
        assert_eq!(pic.to_raw(), raw);
    }

    #[test]
    fn wrong_raw_size_is_an_error() {
        assert!(Picture::from_raw(ChromaFormat::Monochrome, 4, 4, &[0; 15]).is_err());
        assert!(Picture::new(ChromaFormat::Monochrome, 0, 4).is_err());
    }
}
