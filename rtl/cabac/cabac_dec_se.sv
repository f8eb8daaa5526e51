// cabac_dec_se: the syntax-element stream the CABAC decoder (cabac_dec) hands out, as macros
// (a file with no module, read before the modules: docs/rtl.md). One element of
// golden::mb::trace::Se per beat, except residual blocks of ctxBlockCat 5 (4 beats of 16
// levels) and I_PCM samples (16 or 24 beats of 16 bytes). A flat bus of `CABAC_DEC_SE_W bits:
//   [3:0] kind, [4] last beat of the element, [9:5] beat index, [25:10] value (two's
//   complement where signed), [28:26] inc, [40:29] nb, [43:41] cat, [299:44] data
// Fields by kind (all others zero):
//   MB_TYPE      value = mb_type (0..25), inc = ctxIdxInc of bin 0
//   T8X8         value = transform_size_8x8_flag, inc
//   PREV_FLAG    value = prev_intra{4x4,8x8}_pred_mode_flag
//   REM_MODE     value = rem_intra{4x4,8x8}_pred_mode
//   CHROMA_MODE  value = intra_chroma_pred_mode, inc
//   CBP          value = coded_block_pattern, inc[0] = chroma bins coded, nb = {chroma_b[1:0],
//                chroma_a[1:0], luma_b[3:0], luma_a[3:0]} (golden CbpNeighbours)
//   QP_DELTA     value = mb_qp_delta (signed), inc
//   RESIDUAL     cat = ctxBlockCat, inc = coded_block_flag ctxIdxInc (`CABAC_DEC_INC_NONE: not
//                coded, inferred 1), data = 16 levels x 16 bits in scan order, level k of the
//                beat at [16k +: 16] (beat b of an 8x8 block holds levels 16b..16b+15; blocks
//                of 15 or 4 levels leave the upper lanes zero)
//   PCM          data = 16 samples, sample k of the beat in bits [16k +: 8] (beat b holds bytes
//                16b..16b+15 of pcm_sample_luma then pcm_sample_chroma)
//   END_OF_SLICE value = end_of_slice_flag
//   ERROR        the slice data is corrupt or truncated (last beat of the slice; the beats of
//                an element whose last beat had not come yet are void)
`ifndef CABAC_DEC_SE_SV
`define CABAC_DEC_SE_SV

`define CABAC_DEC_SE_W 300
`define CABAC_DEC_SE_KIND(s) s[3:0]
`define CABAC_DEC_SE_LAST(s) s[4]
`define CABAC_DEC_SE_BEAT(s) s[9:5]
`define CABAC_DEC_SE_VALUE(s) s[25:10]
`define CABAC_DEC_SE_INC(s) s[28:26]
`define CABAC_DEC_SE_NB(s) s[40:29]
`define CABAC_DEC_SE_CAT(s) s[43:41]
`define CABAC_DEC_SE_DATA(s) s[299:44]

// Kinds.
`define CABAC_DEC_MB_TYPE 4'd0
`define CABAC_DEC_T8X8 4'd1
`define CABAC_DEC_PREV_FLAG 4'd2
`define CABAC_DEC_REM_MODE 4'd3
`define CABAC_DEC_CHROMA_MODE 4'd4
`define CABAC_DEC_CBP 4'd5
`define CABAC_DEC_QP_DELTA 4'd6
`define CABAC_DEC_RESIDUAL 4'd7
`define CABAC_DEC_PCM 4'd8
`define CABAC_DEC_END_OF_SLICE 4'd9
`define CABAC_DEC_ERROR 4'd15

// inc of a residual block whose coded_block_flag is not coded.
`define CABAC_DEC_INC_NONE 3'd7

// Engine operations (cabac_dec_engine op_i).
`define CABAC_DEC_OP_DEC 3'd0   // DecodeDecision with ctx_i
`define CABAC_DEC_OP_BYP 3'd1   // DecodeBypass
`define CABAC_DEC_OP_TERM 3'd2  // DecodeTerminate
`define CABAC_DEC_OP_INIT 3'd3  // engine init: codIRange 510, codIOffset from 9 bits
`define CABAC_DEC_OP_ALIGN 3'd4 // I_PCM: drop the bits up to the next byte boundary
`define CABAC_DEC_OP_BYTE 3'd5  // I_PCM: one byte
`define CABAC_DEC_OP_BYPN 3'd6  // n_i (1..4) bypass bins in one cycle, the first in bins_o[0]

`endif  // CABAC_DEC_SE_SV
