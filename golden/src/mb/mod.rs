//! The macroblock layer: what one intra macroblock carries (syntax), what
//! later macroblocks need to know about it (neighbour state), and the two
//! operations shared by the encoder and the decoder:
//!
//! - [`syntax::code_macroblock`] writes or reads the macroblock's syntax
//!   elements with CABAC (one function for both directions, so the two can
//!   never disagree on order or context selection);
//! - [`recon::reconstruct`] turns the syntax into samples (prediction plus
//!   dequantized, inverse-transformed residual).
//!
//! The encoder's choices (modes, levels) live in `encoder::decision`, apart
//! from the syntax.

pub mod coder;
pub mod neighbours;
pub mod recon;
pub mod syntax;
pub mod trace;

/// The kind of an intra macroblock (the part of `mb_type` that matters).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum MbKind {
    /// I_NxN with transform_size_8x8_flag = 0: sixteen 4x4 blocks.
    #[default]
    I4x4,
    /// I_NxN with transform_size_8x8_flag = 1: four 8x8 blocks.
    I8x8,
    /// I_16x16: one 16x16 prediction, Hadamard-coded DC.
    I16x16,
    /// I_PCM: raw samples.
    Pcm,
}

/// `mb_type` value of I_PCM in an I slice (Table 7-11).
pub const MB_TYPE_I_PCM: u32 = 25;

/// Number of luma sample bytes of an I_PCM macroblock.
pub const PCM_LUMA: usize = 256;
/// Number of chroma sample bytes of an I_PCM macroblock per component (4:2:0).
pub const PCM_CHROMA: usize = 64;

/// One intra macroblock as coded: modes, coded block pattern, QP delta and
/// quantized levels in scan order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Macroblock {
    pub kind: MbKind,
    /// Intra 4x4 modes per 4x4 block in decoding order (luma4x4BlkIdx). For
    /// I8x8 each 8x8 mode is repeated over its four 4x4 blocks, so that mode
    /// prediction reads one array for both sizes.
    pub modes: [u8; 16],
    /// Intra 16x16 prediction mode (0..=3), for I16x16.
    pub i16_mode: u8,
    /// intra_chroma_pred_mode (0 DC, 1 horizontal, 2 vertical, 3 plane).
    pub chroma_mode: u8,
    /// CodedBlockPatternLuma in bits 0..=3, CodedBlockPatternChroma in 4..=5.
    pub cbp: u8,
    /// mb_qp_delta (0 when not coded).
    pub qp_delta: i32,
    /// Luma levels in scan order. 4x4 transform: block `b` at `16*b..16*b+16`
    /// (for I16x16 index `16*b` is unused: the DC is in `luma_dc`).
    /// 8x8 transform: block `b8` at `64*b8..64*b8+64`.
    pub luma: [i32; 256],
    /// Intra16x16 DC levels in zig-zag order.
    pub luma_dc: [i32; 16],
    /// Chroma DC levels (2x2, raster) for Cb and Cr.
    pub chroma_dc: [[i32; 4]; 2],
    /// Chroma AC levels in scan order, blocks 0..=3 Cb then 4..=7 Cr; index 0
    /// of each block unused.
    pub chroma_ac: [[i32; 16]; 8],
    /// I_PCM samples: 256 luma, then 64 Cb and 64 Cr in 4:2:0.
    pub pcm: Vec<u8>,
}

impl Default for Macroblock {
    fn default() -> Self {
        Macroblock {
            kind: MbKind::I4x4,
            modes: [2; 16],
            i16_mode: 0,
            chroma_mode: 0,
            cbp: 0,
            qp_delta: 0,
            luma: [0; 256],
            luma_dc: [0; 16],
            chroma_dc: [[0; 4]; 2],
            chroma_ac: [[0; 16]; 8],
            pcm: Vec::new(),
        }
    }
}

impl Macroblock {
    /// CodedBlockPatternLuma.
    pub fn cbp_luma(&self) -> u8 {
        self.cbp & 15
    }

    /// CodedBlockPatternChroma.
    pub fn cbp_chroma(&self) -> u8 {
        self.cbp >> 4
    }

    /// `mb_type` of an I slice (Table 7-11).
    pub fn mb_type(&self) -> u32 {
        match self.kind {
            MbKind::I4x4 | MbKind::I8x8 => 0,
            MbKind::I16x16 => {
                let luma = u32::from(self.cbp_luma() != 0);
                1 + u32::from(self.i16_mode) + 4 * u32::from(self.cbp_chroma()) + 12 * luma
            }
            MbKind::Pcm => MB_TYPE_I_PCM,
        }
    }

    /// Whether mb_qp_delta is present (7.3.5).
    pub fn has_qp_delta(&self) -> bool {
        match self.kind {
            MbKind::I16x16 => true,
            MbKind::I4x4 | MbKind::I8x8 => self.cbp != 0,
            MbKind::Pcm => false,
        }
    }
}

/// What later macroblocks (and the deblocking filter) need to know about a
/// decoded macroblock.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct MbInfo {
    /// 1 + index of the slice that holds the macroblock; 0 = not decoded yet.
    pub slice: u32,
    pub kind: MbKind,
    pub transform_8x8: bool,
    /// Intra 4x4/8x8 modes per 4x4 block; 2 (DC) for I16x16 and I_PCM, as
    /// the mode prediction of 8.3.1.1 wants.
    pub modes: [u8; 16],
    pub chroma_mode: u8,
    pub cbp: u8,
    /// QPY of the macroblock.
    pub qp_y: u8,
    /// coded_block_flag of each luma 4x4 block (bit = luma4x4BlkIdx); for an
    /// 8x8-transform block all four bits carry its (inferred) flag.
    pub cbf_luma: u16,
    /// coded_block_flag of the Intra16x16 DC block.
    pub cbf_luma_dc: bool,
    /// coded_block_flag of the chroma DC blocks, bit 0 Cb, bit 1 Cr.
    pub cbf_chroma_dc: u8,
    /// coded_block_flag of the chroma AC blocks, bits 0..=3 Cb, 4..=7 Cr.
    pub cbf_chroma_ac: u8,
}

impl MbInfo {
    /// The state an I_PCM macroblock leaves: every flag set (9.3.3.1.1.9).
    pub fn pcm(slice: u32, qp_y: u8) -> Self {
        MbInfo {
            slice,
            kind: MbKind::Pcm,
            transform_8x8: false,
            modes: [2; 16],
            chroma_mode: 0,
            cbp: 0x2f,
            qp_y,
            cbf_luma: 0xffff,
            cbf_luma_dc: true,
            cbf_chroma_dc: 3,
            cbf_chroma_ac: 0xff,
        }
    }
}
