// cabac_se: the syntax-element beats into the CABAC binarizer (cabac_enc_bin), as macros (a
// file with no module, read before the modules: docs/rtl.md). One beat is one syntax element of
// the macroblock layer (golden::mb::trace::Se) or the slice start, in coding order; ctxIdxInc is
// never part of a beat: the binarizer derives it from its own neighbour state (cabac_nb).
//
// A beat is a flat bus of `CABAC_SE_W bits: a 16-bit header and a 256-bit payload.
//   header [3:0] kind, [6:4] ctxBlockCat (RES), [10:7] block index (RES), [12:11] part (RES,
//          ctxBlockCat 5: which 16 levels of the 64), [15:13] zero
//   payload [271:16]: by kind
//     SLICE   [5:0] SliceQPY, [6] chroma (ChromaArrayType != 0), [7] transform_8x8_mode_flag,
//             [31:16] x of first_mb_in_slice (first_mb % width), [47:32] width in macroblocks
//     MBTYPE  [4:0] mb_type (0 I_NxN, 1..24 I_16x16, 25 I_PCM)
//     T8      [0] transform_size_8x8_flag
//     PREV    [0] prev_intra4x4_pred_mode_flag / prev_intra8x8_pred_mode_flag
//     REM     [2:0] rem_intra4x4_pred_mode / rem_intra8x8_pred_mode
//     CHROMA  [1:0] intra_chroma_pred_mode
//     CBP     [5:0] coded_block_pattern
//     QPD     [15:0] mb_qp_delta, two's complement (-26..25)
//     RES     16 x 16-bit signed levels in scan order, level k at [16k+15:16k] (ctxBlockCat 1
//             and 4: 15 levels, slot 15 zero; 3: 4 levels, slots 4..15 zero; 5: four beats,
//             parts 0..3, levels 16 * part + k). Block index: cat 1, 2: luma4x4BlkIdx;
//             cat 5: luma8x8BlkIdx in [1:0]; cat 3: iCbCr in [0]; cat 4: 4 * iCbCr + blkIdx.
//     PCM     32 pcm_sample bytes, byte k at [8k+7:8k] (k = 0 first); 8 beats (4:0:0) or 12
//             (4:2:0) after mb_type I_PCM
//     EOS     [0] end_of_slice_flag
`ifndef CABAC_SE_SV
`define CABAC_SE_SV

`define CABAC_SE_W 272
`define CABAC_SE_KIND(s) s[3:0]
`define CABAC_SE_CAT(s) s[6:4]
`define CABAC_SE_IDX(s) s[10:7]
`define CABAC_SE_PART(s) s[12:11]
`define CABAC_SE_PAYLOAD(s) s[271:16]

// Kinds.
`define CABAC_SE_SLICE 4'd0
`define CABAC_SE_MBTYPE 4'd1
`define CABAC_SE_T8 4'd2
`define CABAC_SE_PREV 4'd3
`define CABAC_SE_REM 4'd4
`define CABAC_SE_CHROMA 4'd5
`define CABAC_SE_CBP 4'd6
`define CABAC_SE_QPD 4'd7
`define CABAC_SE_RES 4'd8
`define CABAC_SE_PCM 4'd9
`define CABAC_SE_EOS 4'd10

`endif
