//! One transfer into and out of each lane top, and what the golden model says the lane must
//! output: `golden::lane`, the functions the codec runs.

use golden::lane::{dc, residual};
use golden::quant::Deadzone;

/// One block into a lane: residuals (raster), QP, dead zone, user tag.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaneIn {
    /// 16 or 64 residuals, raster order, each in -256..=255.
    pub res: Vec<i32>,
    /// QP 0..=63 (the RTL treats 52..=63 as 51).
    pub qp: u8,
    /// Dead zone 0..=1023.
    pub dz: u16,
    /// User sideband (8 bits in the simulated tops).
    pub user: u8,
}

/// One block out of a lane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaneOut {
    /// Levels, raster order.
    pub levels: Vec<i32>,
    /// Reconstructed residuals, raster order.
    pub recon: Vec<i32>,
    /// The block's user sideband.
    pub user: u8,
}

/// One set of DC terms into a DC lane: 16 (luma) or 4 (chroma) values in -4096..=4095.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DcIn {
    /// DC terms, raster over the grid of 4x4 blocks.
    pub dc: Vec<i32>,
    /// QP 0..=63 (52..=63 act as 51); QP'C for chroma.
    pub qp: u8,
    /// Dead zone 0..=1023.
    pub dz: u16,
    /// User sideband.
    pub user: u8,
}

/// One set out of a DC lane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DcOut {
    /// Levels, raster.
    pub levels: Vec<i32>,
    /// Scaled DC values (d_00 of each 4x4 block).
    pub recon: Vec<i64>,
    /// The set's user sideband.
    pub user: u8,
}

/// QP as the RTL sees a 6-bit `qp_i`: 52..=63 act as 51.
fn rtl_qp(qp: u8) -> i32 {
    i32::from(qp).min(51)
}

impl LaneIn {
    /// The lane's output for this block: `golden::lane::residual::lane4x4` / `lane8x8`.
    pub fn expected(&self) -> LaneOut {
        let (qp, dz) = (rtl_qp(self.qp), Deadzone(u32::from(self.dz)));
        let (levels, recon) = match self.res.len() {
            16 => {
                let o = residual::lane4x4(&self.res.clone().try_into().unwrap(), qp, dz);
                (o.levels.to_vec(), o.recon.to_vec())
            }
            64 => {
                let o = residual::lane8x8(&self.res.clone().try_into().unwrap(), qp, dz);
                (o.levels.to_vec(), o.recon.to_vec())
            }
            n => panic!("a residual block has 16 or 64 samples, not {n}"),
        };
        LaneOut {
            levels,
            recon,
            user: self.user,
        }
    }
}

impl DcIn {
    /// The lane's output for this set: `golden::lane::dc::luma` / `chroma`.
    pub fn expected(&self) -> DcOut {
        let (qp, dz) = (rtl_qp(self.qp), Deadzone(u32::from(self.dz)));
        let (levels, dc) = match self.dc.len() {
            16 => {
                let o = dc::luma(&self.dc.clone().try_into().unwrap(), qp, dz);
                (o.levels.to_vec(), o.dc.to_vec())
            }
            4 => {
                let o = dc::chroma(&self.dc.clone().try_into().unwrap(), qp, dz);
                (o.levels.to_vec(), o.dc.to_vec())
            }
            n => panic!("a DC set has 16 or 4 terms, not {n}"),
        };
        DcOut {
            levels,
            recon: dc.into_iter().map(i64::from).collect(),
            user: self.user,
        }
    }
}
