//! Real-tensor stimulus: a 2-D tensor of a safetensors file, aligned to 8-bit samples by the
//! golden aligner (BFP, groups of 32), cut into DC-predicted residual blocks.

use std::path::Path;

use ::tensor::SafeTensors;
use golden::align::{align, AlignMode, Aligned, FloatVec};
use golden::transform;

/// BFP group of the aligner that makes the 8-bit samples.
pub const SAMPLE_GROUP: u32 = 32;

/// A 2-D tensor: its raw values, shape and its golden alignment.
pub struct Tensor {
    /// The values as stored.
    pub values: FloatVec,
    /// Rows of the 2-D shape.
    pub rows: usize,
    /// Columns of the 2-D shape.
    pub cols: usize,
    /// golden::align BFP with groups of [`SAMPLE_GROUP`].
    pub aligned: Aligned,
}

impl Tensor {
    /// Reads tensor `name` of the safetensors file `path` and aligns it.
    pub fn load(path: &Path, name: &str) -> golden::Result<Tensor> {
        let st = SafeTensors::read(path)?;
        let view = st.get(name).ok_or_else(|| {
            golden::Error::Config(format!("no tensor {name} in {}", path.display()))
        })?;
        let (rows, cols) = match view.shape[..] {
            [r, c] => (r, c),
            _ => return Err(golden::Error::Config(format!("{name} is not 2-D"))),
        };
        let values = FloatVec::from_le_bytes(st.bytes(name)?, view.dtype.align()?)?;
        let mode = AlignMode::Bfp {
            group: SAMPLE_GROUP,
        };
        let aligned = align(name, values.as_slice(), rows, cols, mode)?;
        Ok(Tensor {
            values,
            rows,
            cols,
            aligned,
        })
    }

    /// Residuals of the `side` x `side` regions of the samples, in raster order of regions
    /// (at most `max`), each row-major: samples minus the region mean rounded half up
    /// (`(sum + n/2) / n`, a DC prediction), so -255..=255.
    pub fn residual_blocks(&self, side: usize, max: usize) -> Vec<Vec<i32>> {
        let s = &self.aligned.samples;
        let n = (side * side) as i32;
        let mut regions = Vec::new();
        for ry in 0..self.rows / side {
            for rx in 0..self.cols / side {
                if regions.len() == max {
                    return regions;
                }
                let r: Vec<i32> = (0..side * side)
                    .map(|k| {
                        i32::from(s[(ry * side + k / side) * self.cols + rx * side + k % side])
                    })
                    .collect();
                let mean = (r.iter().sum::<i32>() + n / 2) / n;
                regions.push(r.iter().map(|v| v - mean).collect());
            }
        }
        regions
    }

    /// DC terms of the `side` x `side` regions (16: luma, 8: chroma), at most `max` sets:
    /// coefficient 0 of the forward 4x4 transform of each 4x4 block of the region's residual,
    /// blocks in raster order.
    pub fn dc_sets(&self, side: usize, max: usize) -> Vec<Vec<i32>> {
        let blocks = side / 4;
        self.residual_blocks(side, max)
            .iter()
            .map(|r| {
                (0..blocks * blocks)
                    .map(|b| {
                        let (by, bx) = (b / blocks, b % blocks);
                        let blk: [i32; 16] =
                            std::array::from_fn(|k| r[(by * 4 + k / 4) * side + bx * 4 + k % 4]);
                        transform::forward4x4(&blk)[0]
                    })
                    .collect()
            })
            .collect()
    }
}
