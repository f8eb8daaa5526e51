//! Tensor-to-frame mapping: N-D tensors to 2-D matrices, matrices to tiles,
//! tiles to 4:0:0 pictures.
//!
//! Rule (docs/tensor-codec.md):
//! - a tensor of shape `[d0, .., dk]` is a row-major matrix whose row is the
//!   last dimension, widened leftward (`dk`, `d(k-1) * dk`, ...) until it holds
//!   at least [`MIN_ROW`] values (a macroblock's width) or the dimensions run
//!   out; `rows` is the product of the dimensions left. For a linear layer
//!   `[out, in]` a row is one output channel, the unit the per-row aligner
//!   scales; a convolution `[out, in, 3, 3]` becomes `out x (in * 9)` (one row
//!   per output channel) instead of rows 3 samples wide, and `[n, 1]` a vector.
//! - a vector (one row) of at least [`MIN_FOLD`] values is folded into the
//!   most square exact matrix: `cols` the smallest divisor of n that is at
//!   least sqrt(n), `rows = n / cols` (a prime n stays one row). A vector
//!   would otherwise fill one macroblock row with 15 rows of padding.
//! - the matrix is cut into tiles of at most `MAX_TILE_ROWS` x
//!   `MAX_TILE_COLS`, row-major over the tile grid; each tile is one
//!   picture `cols` samples wide and `rows` high (pixel (x, y) = element
//!   (row0 + y, col0 + x)).
//! - pictures are padded to whole macroblocks by edge replication
//!   (`Picture::from_raw`); the padding is dropped on decode (SPS cropping).

use golden::error::{Error, Result};

/// Largest tile height in samples.
pub const MAX_TILE_ROWS: usize = 2048;
/// Largest tile width in samples.
pub const MAX_TILE_COLS: usize = 2048;

/// Narrowest row the mapping keeps when a tensor has dimensions to widen it
/// with: one macroblock.
pub const MIN_ROW: usize = 16;
/// Smallest vector folded into a matrix of several rows.
pub const MIN_FOLD: usize = 256;

/// The 2-D view of a tensor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Matrix {
    pub rows: usize,
    pub cols: usize,
}

impl Matrix {
    /// The matrix of a tensor shape (see the module documentation). Errors
    /// on an empty tensor or a size overflow.
    pub fn of_shape(shape: &[usize]) -> Result<Matrix> {
        let n = shape
            .iter()
            .try_fold(1usize, |a, &d| a.checked_mul(d))
            .ok_or_else(|| Error::Config(format!("shape {shape:?} overflows")))?;
        if n == 0 {
            return Err(Error::Config(format!("shape {shape:?} has no elements")));
        }
        let mut cols = 1;
        for (k, &d) in shape.iter().enumerate().rev() {
            if cols >= MIN_ROW && k + 1 < shape.len() {
                break;
            }
            cols *= d;
        }
        let mut m = Matrix {
            rows: n / cols,
            cols,
        };
        if m.rows == 1 && n >= MIN_FOLD {
            let r = (1..=n.isqrt()).rev().find(|r| n % r == 0).unwrap_or(1);
            m = Matrix {
                rows: r,
                cols: n / r,
            };
        }
        Ok(m)
    }

    pub fn len(&self) -> usize {
        self.rows * self.cols
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A rectangle of the matrix coded as one picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Tile {
    pub row0: usize,
    pub col0: usize,
    pub rows: usize,
    pub cols: usize,
}

/// The tiles of a matrix, row-major over the tile grid. Tiles are as even as
/// possible: `ceil(rows / MAX_TILE_ROWS)` bands of near-equal height (and
/// likewise for columns), so no tile is a thin sliver.
pub fn tiles(m: Matrix) -> Vec<Tile> {
    let split = |n: usize, max: usize| -> Vec<(usize, usize)> {
        let k = n.div_ceil(max);
        (0..k)
            .map(|i| (n * i / k, n * (i + 1) / k - n * i / k))
            .collect()
    };
    let mut out = Vec::new();
    for (row0, rows) in split(m.rows, MAX_TILE_ROWS) {
        for &(col0, cols) in &split(m.cols, MAX_TILE_COLS) {
            out.push(Tile {
                row0,
                col0,
                rows,
                cols,
            });
        }
    }
    out
}

/// Copies a tile out of a row-major matrix of samples.
pub fn extract(samples: &[u8], m: Matrix, t: Tile) -> Vec<u8> {
    let mut out = Vec::with_capacity(t.rows * t.cols);
    for r in t.row0..t.row0 + t.rows {
        out.extend_from_slice(&samples[r * m.cols + t.col0..r * m.cols + t.col0 + t.cols]);
    }
    out
}

/// Writes a tile back into a row-major matrix of samples.
pub fn insert(samples: &mut [u8], m: Matrix, t: Tile, tile: &[u8]) {
    for (i, r) in (t.row0..t.row0 + t.rows).enumerate() {
        samples[r * m.cols + t.col0..r * m.cols + t.col0 + t.cols]
            .copy_from_slice(&tile[i * t.cols..(i + 1) * t.cols]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn shapes_map_to_matrices() {
        assert_eq!(Matrix::of_shape(&[]).unwrap(), Matrix { rows: 1, cols: 1 });
        assert_eq!(
            Matrix::of_shape(&[384]).unwrap(),
            Matrix { rows: 16, cols: 24 }
        );
        assert_eq!(
            Matrix::of_shape(&[1536, 384]).unwrap(),
            Matrix {
                rows: 1536,
                cols: 384
            }
        );
        // Narrow rows widen leftward to a macroblock's width.
        assert_eq!(
            Matrix::of_shape(&[2, 3, 4]).unwrap(),
            Matrix { rows: 1, cols: 24 }
        );
        assert_eq!(
            Matrix::of_shape(&[64, 32, 3, 3]).unwrap(),
            Matrix {
                rows: 64,
                cols: 288
            }
        );
        assert_eq!(
            Matrix::of_shape(&[3, 40, 48]).unwrap(),
            Matrix {
                rows: 120,
                cols: 48
            }
        );
        // Vectors (also [n, 1]) fold into the most square exact matrix.
        assert_eq!(
            Matrix::of_shape(&[10_000]).unwrap(),
            Matrix {
                rows: 100,
                cols: 100
            }
        );
        assert_eq!(
            Matrix::of_shape(&[5000, 1]).unwrap(),
            Matrix {
                rows: 50,
                cols: 100
            }
        );
        assert_eq!(
            Matrix::of_shape(&[257]).unwrap(),
            Matrix { rows: 1, cols: 257 }
        );
        assert_eq!(
            Matrix::of_shape(&[5, 1, 7]).unwrap(),
            Matrix { rows: 1, cols: 35 }
        );
        assert!(Matrix::of_shape(&[0, 4]).is_err());
        assert!(Matrix::of_shape(&[usize::MAX, 2]).is_err());
    }

    #[test]
    fn large_matrices_split_evenly() {
        let t = tiles(Matrix {
            rows: 30522,
            cols: 384,
        });
        assert_eq!(t.len(), 15); // ceil(30522 / 2048)
        assert!(t.iter().all(|t| t.rows == 2034 || t.rows == 2035));
        assert_eq!(t.iter().map(|t| t.rows).sum::<usize>(), 30522);
    }

    fn cover_once(m: Matrix) -> std::result::Result<(), TestCaseError> {
        let samples: Vec<u8> = (0..m.len()).map(|i| (i * 31 % 251) as u8).collect();
        let mut back = vec![0u8; m.len()];
        let mut covered = 0;
        for t in tiles(m) {
            prop_assert!(t.rows <= MAX_TILE_ROWS && t.cols <= MAX_TILE_COLS && t.rows > 0);
            covered += t.rows * t.cols;
            insert(&mut back, m, t, &extract(&samples, m, t));
        }
        prop_assert_eq!(covered, m.len());
        prop_assert_eq!(back, samples);
        Ok(())
    }

    #[test]
    fn a_matrix_split_both_ways_is_covered_once() {
        cover_once(Matrix {
            rows: 4100,
            cols: 2100,
        })
        .unwrap();
    }

    proptest! {
        #[test]
        fn tall_matrices_are_covered_once(rows in 1usize..6000, cols in 1usize..40) {
            cover_once(Matrix { rows, cols })?;
        }

        #[test]
        fn wide_matrices_are_covered_once(rows in 1usize..40, cols in 1usize..6000) {
            cover_once(Matrix { rows, cols })?;
        }
    }
}
