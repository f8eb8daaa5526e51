//! Intra sample prediction (ITU-T H.264 clause 8.3) for 8-bit samples.
//!
//! Intra_4x4 (8.3.1.2), Intra_8x8 with its reference sample filtering
//! (8.3.2.2), Intra_16x16 (8.3.3) and 4:2:0 chroma (8.3.4), each reading its
//! neighbours straight from a reconstructed [`Plane`](crate::picture::Plane).
//! The caller decides which neighbours are available ([`Avail`]); the
//! predictors only apply the standard's substitution rules. `mode_available*` tells which modes are legal
//! for a given [`Avail`], and `predict*` returns `None` exactly for those that
//! are not (plus calls that are malformed, see [`predict4x4`]).
//!
//! [`cost`] holds the SAD / SATD the encoder's mode decision uses.

mod chroma;
pub mod cost;
mod directional;
mod neighbours;
mod pred16x16;
mod pred4x4;
mod pred8x8;
#[cfg(test)]
mod tests;

pub use chroma::{mode_available_chroma, predict_chroma};
pub use cost::{sad, satd, satd16x16, satd4x4, satd8x8};
pub use pred16x16::{mode_available16x16, predict16x16, Edges16x16};
pub use pred4x4::{mode_available4x4, predict4x4, Edges4x4};
pub use pred8x8::{mode_available8x8, predict8x8, Edges8x8};

/// Which neighbouring samples of a block may be used (decided by the caller).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Avail {
    /// The column left of the block, p[-1, 0..N-1].
    pub left: bool,
    /// The row above the block, p[0..N-1, -1].
    pub top: bool,
    /// The row above and right of the block, p[N..2N-1, -1] (4x4 and 8x8 only).
    pub top_right: bool,
    /// The corner sample p[-1, -1].
    pub top_left: bool,
}

impl Avail {
    /// Every neighbour available.
    pub const ALL: Avail = Avail {
        left: true,
        top: true,
        top_right: true,
        top_left: true,
    };
    /// No neighbour available.
    pub const NONE: Avail = Avail {
        left: false,
        top: false,
        top_right: false,
        top_left: false,
    };
}

/// Intra_4x4 / Intra_8x8 prediction modes (Table 8-2 / 8-3).
pub mod nxn_mode {
    /// Intra_NxN_Vertical.
    pub const VERTICAL: u8 = 0;
    /// Intra_NxN_Horizontal.
    pub const HORIZONTAL: u8 = 1;
    /// Intra_NxN_DC.
    pub const DC: u8 = 2;
    /// Intra_NxN_Diagonal_Down_Left.
    pub const DIAGONAL_DOWN_LEFT: u8 = 3;
    /// Intra_NxN_Diagonal_Down_Right.
    pub const DIAGONAL_DOWN_RIGHT: u8 = 4;
    /// Intra_NxN_Vertical_Right.
    pub const VERTICAL_RIGHT: u8 = 5;
    /// Intra_NxN_Horizontal_Down.
    pub const HORIZONTAL_DOWN: u8 = 6;
    /// Intra_NxN_Vertical_Left.
    pub const VERTICAL_LEFT: u8 = 7;
    /// Intra_NxN_Horizontal_Up.
    pub const HORIZONTAL_UP: u8 = 8;
}

/// Intra_16x16 prediction modes (Table 8-4).
pub mod i16_mode {
    /// Intra_16x16_Vertical.
    pub const VERTICAL: u8 = 0;
    /// Intra_16x16_Horizontal.
    pub const HORIZONTAL: u8 = 1;
    /// Intra_16x16_DC.
    pub const DC: u8 = 2;
    /// Intra_16x16_Plane.
    pub const PLANE: u8 = 3;
}

/// intra_chroma_pred_mode values (Table 8-5).
pub mod chroma_mode {
    /// Intra_Chroma_DC.
    pub const DC: u8 = 0;
    /// Intra_Chroma_Horizontal.
    pub const HORIZONTAL: u8 = 1;
    /// Intra_Chroma_Vertical.
    pub const VERTICAL: u8 = 2;
    /// Intra_Chroma_Plane.
    pub const PLANE: u8 = 3;
}
