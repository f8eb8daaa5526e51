// dec_mb_i16: the decoder lane's macroblock stage between cabac_dec and the reconstruction:
// the element beats of one slice (rtl/cabac/cabac_dec_se.sv) in, one beat a macroblock out
// with its modes, QP and levels in enc_resid_i16's output layout, so that one reconstruction
// (mb_recon_i16) serves both lanes. golden: the macroblock loop of
// golden::decoder::slice::parse_slice (QPY = (QPY,PRED + mb_qp_delta + 52) % 52, QPY,PRED =
// SliceQPY at the slice start, then the previous macroblock's) over the Intra16x16 branch of
// golden::mb::syntax::code_macroblock / code_residual, with the levels of the
// golden::mb::Macroblock it fills put from scan order to raster (quant::scan::unscan4x4;
// the mapping of vectors::dec_mb::expected_mb).
//
// Parameters:
//   Nxn  1: I_NxN macroblocks too (the decoder lane's per-block loop, D38): mb_type 0, its
//        transform_size_8x8_flag, prediction mode elements, coded_block_pattern and its 4x4
//        (ctxBlockCat 2) or 8x8 (ctxBlockCat 5) luma blocks (golden: code_macroblock's I_NxN
//        branch); 0: they are errors (unsupported), as I_PCM is in both builds.
// Ports:
//   cfg: valid/ready, one beat a slice before its elements: cfg_qp_i (SliceQPY), cfg_chroma_i
//   (ChromaArrayType 1: 4:2:0; 0: 4:0:0). Taken only between slices (at reset, after a
//   slice's last beat).
//   se: valid/ready, cabac_dec's element beats (se_i, `CABAC_DEC_SE_W bits).
//   out: valid/ready, one beat a macroblock: kind_o (golden MbKind: 0 I4x4, 1 I8x8, 2 I16x16,
//   3 I_PCM; 2, or with Nxn 0 / 1 for I_NxN: I_PCM is an error),
//   luma_mode_o (Intra16x16PredMode: 0 V, 1 H, 2 DC, 3 plane; 2 for I_NxN), chroma_mode_o
//   (intra_chroma_pred_mode: 0 DC, 1 H, 2 V, 3 plane; 0 for 4:0:0), qp_o (QPY), last_o
//   (end_of_slice_flag); the levels as enc_resid_i16 gives them: luma_ac_o the 16 AC blocks
//   in luma4x4BlkIdx order, block b at [b * 256 +: 256], 16 raster levels of 16 bits (the
//   inverse zig-zag scan, frame, of the block's 15 levels into positions 1..15; index 0 is 0);
//   luma_dc_o the Intra16x16 DC levels, raster over the 4x4 grid of blocks (the inverse scan
//   of the DC block); chroma_dc_o Cb's four DC levels (raster 2x2, as coded) then Cr's;
//   chroma_ac_o blocks 0..3 of Cb then of Cr (raster 2x2), as luma_ac_o. Blocks that
//   coded_block_pattern leaves out or whose coded_block_flag is 0 are zero; chroma is zero
//   for 4:0:0. I_NxN (Nxn): luma_ac_o holds the 4x4 blocks in luma4x4BlkIdx order, block b
//   at [b * 256 +: 256], all 16 levels raster (the inverse zig-zag scan), or the 8x8 blocks,
//   block b8 at [b8 * 1024 +: 1024], its 64 levels in 8x8 zig-zag scan order (level k at
//   [16k +: 16]: the beats of ctxBlockCat 5 as they come; the reconstruction unscans);
//   modes_o the prediction mode elements, {prev_intra_pred_mode_flag,
//   rem_intra_pred_mode} of 4x4 block b at [b * 4 +: 4] (8x8 block b8 at block 4 * b8;
//   the others zero); luma_dc_o zero. Blocks that coded_block_pattern leaves out are zero.
//   err_o: set by an ERROR beat and by a macroblock this stage does not decode (I_NxN,
//   mb_type 0, without Nxn, and I_PCM, mb_type 25: unsupported; also any element or block
//   category the macroblock's syntax does not have); it stays set until the next configuration
//   beat. After an error the slice's remaining beats are dropped up to its last one
//   (end_of_slice_flag 1, or the ERROR beat: cabac_dec ends every slice with one), and the
//   macroblock under way is not handed out.
// Schedule: one element beat a cycle; the macroblock's beat is valid the cycle after its
// end_of_slice_flag beat is taken (latency 1). Levels are written into the output registers
// as their blocks come (one buffer: a macroblock's mb_type waits until the previous
// macroblock's beat is taken, in the same cycle at the earliest; a second buffer, 6.6 kbit of
// flops, would only help while the reconstruction stalls, and CABAC sets the lane's rate).
// Every index into the wide registers is a constant (per-block registers under decoded
// enables, the scan by constant wiring: D30).
// Asserted: the output holds still while stalled (no write while it is offered and not
// taken); beats are taken only in a slice.
module dec_mb_i16 #(
  parameter bit Nxn = 1'b0
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       cfg_valid_i,
  output logic                       cfg_ready_o,
  input  logic [5:0]                 cfg_qp_i,
  input  logic                       cfg_chroma_i,
  input  logic                       se_valid_i,
  output logic                       se_ready_o,
  input  logic [`CABAC_DEC_SE_W-1:0] se_i,
  output logic                       valid_o,
  input  logic                       ready_i,
  output logic [1:0]                 kind_o,
  output logic [1:0]                 luma_mode_o,
  output logic [1:0]                 chroma_mode_o,
  output logic [5:0]                 qp_o,
  output logic                       last_o,
  output logic [16*256-1:0]          luma_ac_o,
  output logic [16*16-1:0]           luma_dc_o,
  output logic [8*16-1:0]            chroma_dc_o,
  output logic [8*256-1:0]           chroma_ac_o,
  output logic [16*4-1:0]            modes_o,
  output logic                       err_o
);
  // golden MbKind order: I4x4, I8x8, I16x16, Pcm.
  localparam logic [1:0] KindI4x4 = 2'd0, KindI8x8 = 2'd1, KindI16x16 = 2'd2;

  // Idle: waiting for a slice's configuration; Run: decoding its macroblocks; Drop: after an
  // error, dropping the slice's remaining beats.
  typedef enum logic [1:0] {Idle, Run, Drop} state_e;
  state_e state_q;
  logic   chroma_q;  // the slice is 4:2:0
  logic   nxn_q;     // the macroblock is I_NxN (Nxn)
  logic   t8_q;      // its transform_size_8x8_flag

  // ---- The element beat.
  logic [3:0]   se_kind;
  logic [15:0]  se_value;
  logic [2:0]   se_cat;
  logic [255:0] se_data;
  assign se_kind  = `CABAC_DEC_SE_KIND(se_i);
  assign se_value = `CABAC_DEC_SE_VALUE(se_i);
  assign se_cat   = `CABAC_DEC_SE_CAT(se_i);
  assign se_data  = `CABAC_DEC_SE_DATA(se_i);
  logic unused_se;  // ctxIdxInc, neighbours: the parser's, not ours
  assign unused_se = ^{`CABAC_DEC_SE_INC(se_i), `CABAC_DEC_SE_NB(se_i)};

  logic take, take_cfg, run;
  assign se_ready_o  = (state_q == Drop) || (state_q == Run && (!valid_o || ready_i));
  assign cfg_ready_o = (state_q == Idle);
  assign take        = se_valid_i && se_ready_o;
  assign take_cfg    = cfg_valid_i && cfg_ready_o;
  assign run         = take && state_q == Run;

  // What the beat is (in Run). A slice's terminator: end_of_slice_flag 1 or ERROR.
  logic is_mbtype, is_res, is_eos, is_term, is_err;
  logic mb_ok;       // mb_type 1..24: I_16x16
  logic mb_nxn;      // mb_type 0: I_NxN (Nxn)
  logic nxn_el;      // an element of I_NxN only, in an I_NxN macroblock
  logic res_ok;      // a block category of the macroblock (Intra16x16: 0 DC, 1 AC; I_NxN: 2
                     // or 5 by the transform size; 4:2:0: 3 chroma DC, 4 AC)
  assign is_mbtype = (se_kind == `CABAC_DEC_MB_TYPE);
  assign is_res    = (se_kind == `CABAC_DEC_RESIDUAL);
  assign is_eos    = (se_kind == `CABAC_DEC_END_OF_SLICE);
  assign is_term   = (is_eos && se_value[0]) || se_kind == `CABAC_DEC_ERROR;
  assign mb_ok     = se_value >= 16'd1 && se_value <= 16'd24;
  assign mb_nxn    = Nxn && se_value == 16'd0;
  assign nxn_el    = Nxn && nxn_q;
  assign res_ok    = (nxn_el ? (se_cat == (t8_q ? 3'd5 : 3'd2)) :
                               (se_cat == 3'd0 || se_cat == 3'd1)) ||
                     (chroma_q && (se_cat == 3'd3 || se_cat == 3'd4));
  always_comb begin
    unique case (se_kind)
      `CABAC_DEC_MB_TYPE:      is_err = !mb_ok && !mb_nxn;
      `CABAC_DEC_T8X8,
      `CABAC_DEC_PREV_FLAG,
      `CABAC_DEC_REM_MODE,
      `CABAC_DEC_CBP:          is_err = !nxn_el;
      `CABAC_DEC_CHROMA_MODE:  is_err = !chroma_q;
      `CABAC_DEC_QP_DELTA,
      `CABAC_DEC_END_OF_SLICE: is_err = 1'b0;
      `CABAC_DEC_RESIDUAL:     is_err = !res_ok;
      default:                 is_err = 1'b1;  // ERROR; I_PCM elements; unknown kinds
    endcase
  end

  // ---- Slice state and the macroblock's header fields.
  logic [5:0] qp_pred_q;  // QPY,PRED
  // QPY = (QPY,PRED + mb_qp_delta + 52) % 52; mb_qp_delta is -26..25 (cabac_dec bounds it).
  logic signed [7:0] qp_sum;
  logic [5:0]        qp_new;
  assign qp_sum = $signed({2'b00, qp_pred_q}) + $signed(se_value[7:0]);
  assign qp_new = (qp_sum < 8'sd0) ? 6'(qp_sum + 8'sd52) :
                  (qp_sum > 8'sd51) ? 6'(qp_sum - 8'sd52) : 6'(qp_sum);

  logic new_mb;  // an accepted mb_type: the output registers start over
  assign new_mb = run && is_mbtype && (mb_ok || mb_nxn);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= Idle;
      valid_o <= 1'b0;
      err_o   <= 1'b0;
    end else begin
      if (run && is_eos) valid_o <= 1'b1;
      else if (ready_i)  valid_o <= 1'b0;
      if (take_cfg) begin
        state_q <= Run;
        err_o   <= 1'b0;
      end else if (run && is_err) begin
        state_q <= is_term ? Idle : Drop;
        err_o   <= 1'b1;
      end else if (take && is_term) begin
        state_q <= Idle;
      end
    end
  end
  always_ff @(posedge clk_i) begin
    if (take_cfg) begin
      chroma_q  <= cfg_chroma_i;
      qp_pred_q <= cfg_qp_i;
    end
    if (new_mb) begin
      // mb_type 1..24 = 1 + mode + 4 * cbp terms
      luma_mode_o   <= mb_nxn ? 2'd2 : 2'(se_value - 16'd1);
      chroma_mode_o <= 2'd0;
      qp_o          <= qp_pred_q;             // no mb_qp_delta: QPY,PRED
      kind_o        <= mb_nxn ? KindI4x4 : KindI16x16;
      nxn_q         <= mb_nxn;
      t8_q          <= 1'b0;
    end
    if (run && se_kind == `CABAC_DEC_T8X8) begin
      t8_q   <= se_value[0];
      kind_o <= se_value[0] ? KindI8x8 : KindI4x4;
    end
    if (run && se_kind == `CABAC_DEC_CHROMA_MODE) chroma_mode_o <= se_value[1:0];
    if (run && se_kind == `CABAC_DEC_QP_DELTA) begin
      qp_o      <= qp_new;
      qp_pred_q <= qp_new;
    end
    if (run && is_eos) last_o <= se_value[0];
  end

  // ---- Residual blocks: which one this beat is (blocks come in coding order, each present
  // block as one beat, coded_block_flag 0 included), and its levels in raster order.
  localparam logic [16*4-1:0] ZigZag = quant_pkg::zigzag4x4();
  logic [3:0] lac_q;  // luma AC blocks so far (luma4x4BlkIdx of the next)
  logic       cdc_q;  // chroma DC blocks so far (0 Cb, 1 Cr)
  logic [2:0] cac_q;  // chroma AC blocks so far (Cb 0..3, then Cr)
  // I_NxN: the luma4x4BlkIdx of the next coded luma block (16: none left; an 8x8 block is
  // its first 4x4 block), coded_block_pattern's luma bits, the next prediction mode's block.
  logic [4:0] nb_q;
  logic [3:0] cbp_q;
  logic [3:0] mi_q;
  logic we_dc, we_ac, we_cdc, we_cac, we_4, we_8;
  assign we_dc  = run && is_res && se_cat == 3'd0;
  assign we_ac  = run && is_res && se_cat == 3'd1;
  assign we_cdc = run && is_res && se_cat == 3'd3;
  assign we_cac = run && is_res && se_cat == 3'd4;
  assign we_4   = run && is_res && se_cat == 3'd2;
  assign we_8   = run && is_res && se_cat == 3'd5;
  // The first coded 4x4 block at or after `from` (coded_block_pattern bit b / 4), 16 if none.
  function automatic logic [4:0] next_coded(input logic [4:0] from, input logic [3:0] cbp);
    next_coded = 5'd16;
    for (int b = 15; b >= 0; b--) begin
      if (5'(b) >= from && cbp[b / 4]) next_coded = 5'(b);
    end
  endfunction
  logic [1:0] se_beat;  // the beat of an 8x8 block (0..3)
  logic [2:0] unused_beat;
  assign {unused_beat, se_beat} = `CABAC_DEC_SE_BEAT(se_i);
  logic       is_mode;  // prev_intra_pred_mode_flag or rem_intra_pred_mode
  logic [3:0] mi_next;  // the next mode's block (4x4: the next; 8x8: the next 8x8)
  assign is_mode = run && (se_kind == `CABAC_DEC_PREV_FLAG || se_kind == `CABAC_DEC_REM_MODE);
  assign mi_next = mi_q + (t8_q ? 4'd4 : 4'd1);
  always_ff @(posedge clk_i) begin
    if (new_mb) begin
      lac_q <= '0;
      cdc_q <= 1'b0;
      cac_q <= '0;
    end else begin
      if (we_ac)  lac_q <= lac_q + 4'd1;
      if (we_cdc) cdc_q <= 1'b1;
      if (we_cac) cac_q <= cac_q + 3'd1;
    end
    if (new_mb) begin
      mi_q <= '0;
      nb_q <= '0;
    end else begin
      if (is_mode && (se_kind == `CABAC_DEC_REM_MODE || se_value[0])) mi_q <= mi_next;
      if (run && se_kind == `CABAC_DEC_CBP) begin
        cbp_q <= se_value[3:0];
        nb_q  <= next_coded(5'd0, se_value[3:0]);
      end
      if (we_4) nb_q <= next_coded(nb_q + 5'd1, cbp_q);
      if (we_8 && `CABAC_DEC_SE_LAST(se_i)) nb_q <= next_coded(nb_q + 5'd4, cbp_q);
    end
  end
  for (genvar b = 0; b < 16; b++) begin : g_modes
    always_ff @(posedge clk_i) begin
      if (new_mb) modes_o[b*4 +: 4] <= '0;
      else if (is_mode && mi_q == 4'(b)) begin
        if (se_kind == `CABAC_DEC_PREV_FLAG) modes_o[b*4 + 3] <= se_value[0];
        else                                 modes_o[b*4 +: 3] <= se_value[2:0];
      end
    end
  end

  logic [255:0] dc_raster, ac_raster;  // the beat's 16 (DC) or 15 (AC) levels, raster
  for (genvar k = 0; k < 16; k++) begin : g_unscan
    localparam int unsigned P = 32'(ZigZag[4*k +: 4]);  // raster position of scan position k
    assign dc_raster[P*16 +: 16] = se_data[k*16 +: 16];
    if (k == 0) begin : g_ac0
      assign ac_raster[0 +: 16] = 16'd0;  // the DC term, coded in the DC block
    end else begin : g_ac
      assign ac_raster[P*16 +: 16] = se_data[(k-1)*16 +: 16];
    end
  end

  always_ff @(posedge clk_i) begin
    if (new_mb)     luma_dc_o <= '0;
    else if (we_dc) luma_dc_o <= dc_raster;
  end
  for (genvar b = 0; b < 16; b++) begin : g_luma_ac
    always_ff @(posedge clk_i) begin
      if (new_mb)                         luma_ac_o[b*256 +: 256] <= '0;
      else if (we_ac && lac_q == 4'(b))   luma_ac_o[b*256 +: 256] <= ac_raster;
      else if (we_4 && nb_q == 5'(b))     luma_ac_o[b*256 +: 256] <= dc_raster;
      else if (we_8 && {nb_q[3:2], se_beat} == 4'(b) && !nb_q[4])
                                          luma_ac_o[b*256 +: 256] <= se_data;
    end
  end
  for (genvar c = 0; c < 2; c++) begin : g_chroma_dc
    always_ff @(posedge clk_i) begin
      if (new_mb)                         chroma_dc_o[c*64 +: 64] <= '0;
      else if (we_cdc && cdc_q == 1'(c))  chroma_dc_o[c*64 +: 64] <= se_data[63:0];
    end
  end
  for (genvar b = 0; b < 8; b++) begin : g_chroma_ac
    always_ff @(posedge clk_i) begin
      if (new_mb)                         chroma_ac_o[b*256 +: 256] <= '0;
      else if (we_cac && cac_q == 3'(b))  chroma_ac_o[b*256 +: 256] <= ac_raster;
    end
  end

  // The output holds still while stalled: every write of the output registers is under `run`
  // (the levels' wide $stable is not asserted directly: Verilator 5.006 emits C++ that does
  // not compile for the sampled copy of a 2048-bit port).
  `ASSERT(OutNoWrite_A, valid_o && !ready_i |-> !run)
  `ASSERT(OutHeld_A, valid_o && !ready_i |=> valid_o)
  `ASSERT_STABLE_STALL(OutStable_A, valid_o, ready_i,
                       {kind_o, luma_mode_o, chroma_mode_o, qp_o, last_o, modes_o})
  `ASSERT(SeInSlice_A, take |-> state_q != Idle)
endmodule
