//! The two [`SeCoder`]s: CABAC encoding and CABAC decoding of the
//! macroblock syntax elements.

use super::syntax::SeCoder;
use crate::cabac::{elements, residual, BlockCat, CabacDecoder, CabacEncoder};
use crate::error::Result;

/// Writes each syntax element it is given.
pub struct EncCoder(pub CabacEncoder);

/// Reads each syntax element from the stream.
pub struct DecCoder<'a>(pub CabacDecoder<'a>);

impl SeCoder for EncCoder {
    fn mb_type(&mut self, v: &mut u32, inc: usize) -> Result<()> {
        elements::encode_mb_type_i(&mut self.0, *v, inc);
        Ok(())
    }
    fn transform_8x8_flag(&mut self, v: &mut bool, inc: usize) -> Result<()> {
        elements::encode_transform_size_8x8_flag(&mut self.0, *v, inc);
        Ok(())
    }
    fn prev_mode_flag(&mut self, v: &mut bool) -> Result<()> {
        elements::encode_prev_intra_pred_mode_flag(&mut self.0, *v);
        Ok(())
    }
    fn rem_mode(&mut self, v: &mut u8) -> Result<()> {
        elements::encode_rem_intra_pred_mode(&mut self.0, u32::from(*v));
        Ok(())
    }
    fn chroma_pred_mode(&mut self, v: &mut u8, inc: usize) -> Result<()> {
        elements::encode_intra_chroma_pred_mode(&mut self.0, u32::from(*v), inc);
        Ok(())
    }
    fn cbp(&mut self, v: &mut u8, nb: (u8, u8, u8, u8), chroma: bool) -> Result<()> {
        elements::encode_coded_block_pattern(&mut self.0, u32::from(*v), nb.0, nb.1, nb.2, nb.3, chroma);
        Ok(())
    }
    fn qp_delta(&mut self, v: &mut i32, inc: usize) -> Result<()> {
        elements::encode_mb_qp_delta(&mut self.0, *v, inc);
        Ok(())
    }
    fn residual(&mut self, c: &mut [i32], cat: BlockCat, cbf_inc: Option<usize>) -> Result<bool> {
        residual::encode_residual_block(&mut self.0, c, cat, cbf_inc);
        Ok(cbf_inc.is_none() || c.iter().any(|&l| l != 0))
    }
    fn pcm(&mut self, samples: &mut Vec<u8>, n: usize) -> Result<()> {
        debug_assert_eq!(samples.len(), n);
        // mb_type I_PCM ended with the terminate bin 1; the engine flushes here.
        self.0.encode_pcm(samples);
        Ok(())
    }
}

impl SeCoder for DecCoder<'_> {
    fn mb_type(&mut self, v: &mut u32, inc: usize) -> Result<()> {
        *v = elements::decode_mb_type_i(&mut self.0, inc)?;
        Ok(())
    }
    fn transform_8x8_flag(&mut self, v: &mut bool, inc: usize) -> Result<()> {
        *v = elements::decode_transform_size_8x8_flag(&mut self.0, inc)?;
        Ok(())
    }
    fn prev_mode_flag(&mut self, v: &mut bool) -> Result<()> {
        *v = elements::decode_prev_intra_pred_mode_flag(&mut self.0)?;
        Ok(())
    }
    fn rem_mode(&mut self, v: &mut u8) -> Result<()> {
        *v = elements::decode_rem_intra_pred_mode(&mut self.0)? as u8;
        Ok(())
    }
    fn chroma_pred_mode(&mut self, v: &mut u8, inc: usize) -> Result<()> {
        *v = elements::decode_intra_chroma_pred_mode(&mut self.0, inc)? as u8;
        Ok(())
    }
    fn cbp(&mut self, v: &mut u8, nb: (u8, u8, u8, u8), chroma: bool) -> Result<()> {
        *v = elements::decode_coded_block_pattern(&mut self.0, nb.0, nb.1, nb.2, nb.3, chroma)? as u8;
        Ok(())
    }
    fn qp_delta(&mut self, v: &mut i32, inc: usize) -> Result<()> {
        *v = elements::decode_mb_qp_delta(&mut self.0, inc)?;
        Ok(())
    }
    fn residual(&mut self, c: &mut [i32], cat: BlockCat, cbf_inc: Option<usize>) -> Result<bool> {
        residual::decode_residual_block(&mut self.0, c, cat, cbf_inc)
    }
    fn pcm(&mut self, samples: &mut Vec<u8>, n: usize) -> Result<()> {
        *samples = self.0.decode_pcm(n)?;
        Ok(())
    }
}
