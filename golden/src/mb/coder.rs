//! The two [`SeCoder`]s: CABAC encoding and CABAC decoding of the
//! macroblock syntax elements.

use super::syntax::SeCoder;
use crate::cabac::{
    decode_residual_block, encode_residual_block, BlockCat, CabacDecoder, CabacEncoder,
    CbpNeighbours,
};
use crate::error::Result;

/// Writes each syntax element it is given.
pub struct EncCoder(pub CabacEncoder);

/// Reads each syntax element from the stream.
pub struct DecCoder(pub CabacDecoder);

impl SeCoder for EncCoder {
    fn mb_type(&mut self, v: &mut u32, inc: usize) -> Result<()> {
        self.0.encode_mb_type_i(*v, inc);
        Ok(())
    }
    fn transform_8x8_flag(&mut self, v: &mut bool, inc: usize) -> Result<()> {
        self.0.encode_transform_size_8x8_flag(*v, inc);
        Ok(())
    }
    fn prev_mode_flag(&mut self, v: &mut bool) -> Result<()> {
        self.0.encode_prev_intra_pred_mode_flag(*v);
        Ok(())
    }
    fn rem_mode(&mut self, v: &mut u8) -> Result<()> {
        self.0.encode_rem_intra_pred_mode(u32::from(*v));
        Ok(())
    }
    fn chroma_pred_mode(&mut self, v: &mut u8, inc: usize) -> Result<()> {
        self.0.encode_intra_chroma_pred_mode(u32::from(*v), inc);
        Ok(())
    }
    fn cbp(&mut self, v: &mut u8, nb: CbpNeighbours, chroma: bool) -> Result<()> {
        self.0.encode_coded_block_pattern(u32::from(*v), chroma, nb);
        Ok(())
    }
    fn qp_delta(&mut self, v: &mut i32, inc: usize) -> Result<()> {
        self.0.encode_mb_qp_delta(*v, inc);
        Ok(())
    }
    fn residual(&mut self, c: &mut [i32], cat: BlockCat, cbf_inc: Option<usize>) -> Result<bool> {
        encode_residual_block(&mut self.0, c, cat, cbf_inc);
        Ok(cbf_inc.is_none() || c.iter().any(|&l| l != 0))
    }
    fn pcm(&mut self, samples: &mut Vec<u8>, n: usize) -> Result<()> {
        debug_assert_eq!(samples.len(), n);
        // mb_type I_PCM ended with the terminate bin 1; the engine flushes here.
        self.0.encode_pcm(samples);
        Ok(())
    }
}

impl SeCoder for DecCoder {
    fn mb_type(&mut self, v: &mut u32, inc: usize) -> Result<()> {
        *v = self.0.decode_mb_type_i(inc)?;
        Ok(())
    }
    fn transform_8x8_flag(&mut self, v: &mut bool, inc: usize) -> Result<()> {
        *v = self.0.decode_transform_size_8x8_flag(inc)?;
        Ok(())
    }
    fn prev_mode_flag(&mut self, v: &mut bool) -> Result<()> {
        *v = self.0.decode_prev_intra_pred_mode_flag()?;
        Ok(())
    }
    fn rem_mode(&mut self, v: &mut u8) -> Result<()> {
        *v = self.0.decode_rem_intra_pred_mode()? as u8;
        Ok(())
    }
    fn chroma_pred_mode(&mut self, v: &mut u8, inc: usize) -> Result<()> {
        *v = self.0.decode_intra_chroma_pred_mode(inc)? as u8;
        Ok(())
    }
    fn cbp(&mut self, v: &mut u8, nb: CbpNeighbours, chroma: bool) -> Result<()> {
        *v = self.0.decode_coded_block_pattern(chroma, nb)? as u8;
        Ok(())
    }
    fn qp_delta(&mut self, v: &mut i32, inc: usize) -> Result<()> {
        *v = self.0.decode_mb_qp_delta(inc)?;
        Ok(())
    }
    fn residual(&mut self, c: &mut [i32], cat: BlockCat, cbf_inc: Option<usize>) -> Result<bool> {
        decode_residual_block(&mut self.0, c, cat, cbf_inc)
    }
    fn pcm(&mut self, samples: &mut Vec<u8>, n: usize) -> Result<()> {
        *samples = self.0.decode_pcm(n)?;
        Ok(())
    }
}
