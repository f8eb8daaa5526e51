// mb_recon_nxn: the luma of one I_NxN macroblock, reconstructed block by block (the decoder
// lane's per-block loop, D38; golden: mb::recon::reconstruct's I4x4 and I8x8 arms with the
// prediction modes of mb::syntax (MbNeighbors::predicted_mode, then prev_intra_pred_mode_flag
// / rem_intra_pred_mode, 8.3.1.1 / 8.3.2.1): for each 4x4 block in luma4x4BlkIdx order (or
// each 8x8 block) its mode, intra::predict4x4 / predict8x8 from the samples decoded so far
// with MbNeighbors::avail4x4 / avail8x8, lane::residual::recon4x4 (no DC path) / recon8x8
// of its levels (flat scaling lists), Clip1(pred + residual) written back before the next
// block's prediction reads it). Chroma is not here: the lane's mb_recon_i16 reconstructs it.
//
// Ports:
//   load_i (only while idle_o) takes the macroblock's neighbours: top_i p[0..23, -1] (the
//   macroblock above's bottom row, then the first 8 samples of the one above and to the
//   right), left_i p[-1, 0..15], corner_i p[-1, -1], avail_i {above-right (C), above-left
//   (D), left (A), above (B)} (golden MbNeighbors' c, d, a, b; samples of a missing
//   neighbour are don't care), left_modes_i / top_modes_i (intra_mode_edges' left_o /
//   top_o: the neighbour macroblocks' modes next to this one) and t8x8_i
//   (transform_size_8x8_flag).
//   From load_i until the result is taken the caller holds qp_i (QPY), modes_i and levels_i
//   (dec_mb_i16's modes_o and luma_ac_o of an I_NxN macroblock): they are read as the blocks
//   go.
//   valid_o / ready_i: luma_o (16x16, raster), modes_o (the 16 Intra4x4PredMode values in
//   luma4x4BlkIdx order; an 8x8 block's over its four 4x4 blocks, as golden's MbInfo::modes)
//   and err_o (a block's mode uses samples that are not available: golden's bad_mode).
// Schedule: the residuals flow through quant_dq_block and transform_inv4x4 / 8x8 (latency 4
// / 5) one block a cycle, ahead of the predictions, which wait in the pipelines' registers.
// A block's prediction starts once the block before it is written: intra_pred4x4 (latency
// 1) or intra_pred8x8 (latency 2), then + residual, clip, write in the cycle its prediction
// leaves. Latency from load_i to valid_o: 36 cycles for sixteen 4x4 blocks (the first
// block's residual after 5, then 2 cycles a block), 16 for four 8x8 blocks (6, then 3 a
// block).
// Widths: the scaled coefficients 16 bits (the conformance range of 8.5.12.1 / 8.5.13.1 for
// 8-bit samples, as the residual lanes), the inverse transforms' results 16 bits.
// Asserted: the result holds still while stalled; load only while idle.
module mb_recon_nxn (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              load_i,
  output logic              idle_o,
  input  logic [24*8-1:0]   top_i,
  input  logic [16*8-1:0]   left_i,
  input  logic [7:0]        corner_i,
  input  logic [3:0]        avail_i,
  input  logic [4*4-1:0]    left_modes_i,
  input  logic [4*4-1:0]    top_modes_i,
  input  logic              t8x8_i,
  input  logic [5:0]        qp_i,
  input  logic [16*4-1:0]   modes_i,
  input  logic [16*256-1:0] levels_i,
  output logic              valid_o,
  input  logic              ready_i,
  output logic [256*8-1:0]  luma_o,
  output logic [16*4-1:0]   modes_o,
  output logic              err_o
);
  localparam int unsigned RW = 16;  // scaled coefficients and residuals

  typedef enum logic [1:0] {Idle, Run, Done} state_e;
  state_e state_q;
  assign idle_o  = state_q == Idle;
  assign valid_o = state_q == Done;

  // The loaded neighbours.
  logic [24*8-1:0] top_q;
  logic [16*8-1:0] left_q;
  logic [7:0]      corner_q;
  logic            av_b, av_a, av_d, av_c;
  logic [4*4-1:0]  lmodes_q, tmodes_q;
  logic            t8_q;
  always_ff @(posedge clk_i) begin
    if (load_i && idle_o) begin
      top_q                    <= top_i;
      left_q                   <= left_i;
      corner_q                 <= corner_i;
      {av_c, av_d, av_a, av_b} <= avail_i;
      lmodes_q                 <= left_modes_i;
      tmodes_q                 <= top_modes_i;
      t8_q                     <= t8x8_i;
    end
  end
  logic [4:0] nblk;
  assign nblk = t8_q ? 5'd4 : 5'd16;

  // The reconstructed samples so far and the modes so far.
  logic [256*8-1:0] rec_q;
  logic [16*4-1:0]  cur_q;
  assign luma_o  = rec_q;
  assign modes_o = cur_q;

  // luma4x4BlkIdx of the 4x4 block at (bx, by) (golden blk_at).
  function automatic int unsigned blk_at(input int unsigned bx, input int unsigned by);
    blk_at = 8 * (by / 2) + 4 * (bx / 2) + 2 * (by % 2) + (bx % 2);
  endfunction
  // The bit offset of sample (x, y) in the reconstructed luma.
  function automatic int unsigned rec_at(input int unsigned x, input int unsigned y);
    rec_at = (16 * y + x) * 8;
  endfunction

  // ---- Each block's prediction inputs, by constant wiring; then the block in turn's.
  // {top, left, corner, avail {tr, tl, l, t}, predicted mode}
  localparam int unsigned G4 = 8*8 + 4*8 + 8 + 4 + 4;
  localparam int unsigned G8 = 16*8 + 8*8 + 8 + 4 + 4;
  logic [16*G4-1:0] g4;
  logic [4*G8-1:0]  g8;
  for (genvar k = 0; k < 20; k++) begin : g_gather
    // Blocks 0..15: 4x4 (size 1, in 4x4 units); 16..19: 8x8 block k - 16 (size 2).
    localparam int unsigned S  = k < 16 ? 1 : 2;
    localparam int unsigned BX = k < 16 ? ((k / 4) % 2) * 2 + k % 2 : 2 * ((k - 16) % 2);
    localparam int unsigned BY = k < 16 ? ((k / 8) % 2) * 2 + (k / 2) % 2 : 2 * ((k - 16) / 2);
    localparam int unsigned K4 = k < 16 ? k : 4 * (k - 16);  // its first 4x4 block
    localparam int unsigned N  = 4 * S;                      // samples a side
    logic [2*N*8-1:0] top;
    logic [N*8-1:0]   left;
    logic [7:0]       corner;
    logic             a_t, a_l, a_tl, a_tr;
    for (genvar j = 0; j < 2 * N; j++) begin : g_top
      localparam int unsigned X = 4 * BX + j;
      if (BY == 0) begin : g_nb
        assign top[j*8 +: 8] = top_q[X*8 +: 8];
      end else if (X < 16) begin : g_in
        assign top[j*8 +: 8] = rec_q[rec_at(X, 4 * BY - 1) +: 8];
      end else begin : g_none  // top-right outside the macroblock below its top edge
        assign top[j*8 +: 8] = 8'd0;
      end
    end
    for (genvar i = 0; i < N; i++) begin : g_left
      if (BX == 0) begin : g_nb
        assign left[i*8 +: 8] = left_q[(4 * BY + i)*8 +: 8];
      end else begin : g_in
        assign left[i*8 +: 8] = rec_q[rec_at(4 * BX - 1, 4 * BY + i) +: 8];
      end
    end
    if (BX == 0 && BY == 0) begin : g_c_nb
      assign corner = corner_q;
      assign a_tl   = av_d;
    end else if (BX == 0) begin : g_c_left
      assign corner = left_q[(4 * BY - 1)*8 +: 8];
      assign a_tl   = av_a;
    end else if (BY == 0) begin : g_c_top
      assign corner = top_q[(4 * BX - 1)*8 +: 8];
      assign a_tl   = av_b;
    end else begin : g_c_in
      assign corner = rec_q[rec_at(4 * BX - 1, 4 * BY - 1) +: 8];
      assign a_tl   = 1'b1;
    end
    assign a_l = BX > 0 || av_a;
    assign a_t = BY > 0 || av_b;
    if (BY == 0) begin : g_tr_top
      assign a_tr = (BX + S < 4) ? av_b : av_c;
    end else begin : g_tr_in
      assign a_tr = BX + S < 4 && blk_at(BX + S, BY - 1) < K4;
    end
    // The predicted mode (8.3.1.1 / 8.3.2.1 as golden's predicted_mode): min of the left and
    // upper 4x4 blocks' modes, 2 when either macroblock is missing.
    logic [3:0] m_l, m_t, pm;
    if (BX > 0) begin : g_ml_in
      assign m_l = cur_q[blk_at(BX - 1, BY)*4 +: 4];
    end else begin : g_ml_nb
      assign m_l = lmodes_q[BY*4 +: 4];
    end
    if (BY > 0) begin : g_mt_in
      assign m_t = cur_q[blk_at(BX, BY - 1)*4 +: 4];
    end else begin : g_mt_nb
      assign m_t = tmodes_q[BX*4 +: 4];
    end
    assign pm = (a_l && a_t) ? ((m_l < m_t) ? m_l : m_t) : 4'd2;
    if (k < 16) begin : g_4
      assign g4[k*G4 +: G4] = {top, left, corner, a_tr, a_tl, a_l, a_t, pm};
    end else begin : g_8
      assign g8[(k-16)*G8 +: G8] = {top, left, corner, a_tr, a_tl, a_l, a_t, pm};
    end
  end

  // The block whose prediction is next (pk_q: 0..15 or 0..3) and its inputs.
  logic [4:0]    pk_q;
  logic [3:0]    k4;  // its first 4x4 block
  assign k4 = t8_q ? {pk_q[1:0], 2'b00} : pk_q[3:0];
  logic [G4-1:0] s4;
  logic [G8-1:0] s8;
  prim_blk_mux #(.Width (G4), .N (16)) u_g4_mux (.sel_i (pk_q[3:0]), .in_i (g4), .out_o (s4));
  prim_blk_mux #(.Width (G8), .N (4)) u_g8_mux (.sel_i (pk_q[1:0]), .in_i (g8), .out_o (s8));
  logic [3:0] raw, pm, mode;
  prim_blk_mux #(.Width (4), .N (16)) u_raw_mux (.sel_i (k4), .in_i (modes_i), .out_o (raw));
  assign pm   = t8_q ? s8[3:0] : s4[3:0];
  // prev_intra_pred_mode_flag ? predIntra : rem < predIntra ? rem : rem + 1
  assign mode = raw[3] ? pm :
                ({1'b0, raw[2:0]} < pm) ? {1'b0, raw[2:0]} : {1'b0, raw[2:0]} + 4'd1;

  // ---- Predictions: one block in flight; the next starts after the block is written.
  logic pbusy_q, p_issue, p4_ready, p8_ready;
  assign p_issue = state_q == Run && !pbusy_q && pk_q < nblk;
  logic             p4_valid, p8_valid, p4_err, p8_err, comb4, comb8;
  logic [16*8-1:0]  p4;
  logic [64*8-1:0]  p8;
  intra_pred4x4 u_p4 (
    .clk_i, .rst_ni, .valid_i (p_issue && !t8_q), .ready_o (p4_ready), .mode_i (mode),
    .top_i (s4[G4-1 -: 64]), .left_i (s4[G4-65 -: 32]), .corner_i (s4[G4-97 -: 8]),
    .avail_i (s4[7:4]), .valid_o (p4_valid), .ready_i (comb4), .pred_o (p4), .err_o (p4_err)
  );
  intra_pred8x8 u_p8 (
    .clk_i, .rst_ni, .valid_i (p_issue && t8_q), .ready_o (p8_ready), .mode_i (mode),
    .top_i (s8[G8-1 -: 128]), .left_i (s8[G8-129 -: 64]), .corner_i (s8[G8-193 -: 8]),
    .avail_i (s8[7:4]), .valid_o (p8_valid), .ready_i (comb8), .pred_o (p8), .err_o (p8_err)
  );

  // ---- Residuals: levels -> scaling -> inverse transform, in block order.
  logic [4:0] ri_q;  // blocks issued
  logic [2:0] rem;
  logic [3:0] per;
  logic [3*5-1:0] v4;
  logic [6*6-1:0] v8;
  quant_qp_split u_split (.qp_i (qp_i), .rem_o (rem), .per_o (per));
  quant_v4 u_v4 (.rem_i (rem), .v_o (v4));
  quant_v8 u_v8 (.rem_i (rem), .v_o (v8));
  logic [3*5-1:0] v4_q;
  logic [6*6-1:0] v8_q;
  logic [3:0]     per_q;
  always_ff @(posedge clk_i) begin
    if (load_i && idle_o) begin
      v4_q  <= v4;
      v8_q  <= v8;
      per_q <= per;
    end
  end
  logic [255:0]  lv4;
  logic [1023:0] lv8s, lv8;  // an 8x8 block's levels, scan order, then raster
  prim_blk_mux #(.Width (256), .N (16)) u_lv4_mux (
    .sel_i (ri_q[3:0]), .in_i (levels_i), .out_o (lv4)
  );
  prim_blk_mux #(.Width (1024), .N (4)) u_lv8_mux (
    .sel_i (ri_q[1:0]), .in_i (levels_i), .out_o (lv8s)
  );
  localparam logic [64*6-1:0] ZigZag8 = quant_pkg::zigzag8x8();
  for (genvar q = 0; q < 64; q++) begin : g_unscan8
    assign lv8[32'(ZigZag8[6*q +: 6])*16 +: 16] = lv8s[q*16 +: 16];
  end
  logic r_more, dq4_ready, dq8_ready, r_issue;
  assign r_more  = state_q == Run && ri_q < nblk;
  assign r_issue = r_more && (t8_q ? dq8_ready : dq4_ready);

  logic              dq4_valid, inv4_ready, inv4_valid;
  logic [16*RW-1:0]  dq4_coef, res4;
  logic              unused_u4;
  quant_dq_block #(.N (16), .LevelWidth (16), .OutWidth (RW)) u_dq4 (
    .clk_i, .rst_ni, .valid_i (r_more && !t8_q), .ready_o (dq4_ready), .level_i (lv4),
    .v_i (v4_q), .per_i (per_q), .user_i (1'b0), .valid_o (dq4_valid), .ready_i (inv4_ready),
    .coef_o (dq4_coef), .user_o (unused_u4)
  );
  logic unused_iu4;
  transform_inv4x4 #(.Width (RW)) u_inv4 (
    .clk_i, .rst_ni, .valid_i (dq4_valid), .ready_o (inv4_ready), .coef_i (dq4_coef),
    .user_i (1'b0), .valid_o (inv4_valid), .ready_i (comb4), .res_o (res4), .user_o (unused_iu4)
  );
  logic              dq8_valid, inv8_ready, inv8_valid;
  logic [64*RW-1:0]  dq8_coef, res8;
  logic              unused_u8, unused_iu8;
  quant_dq_block #(.N (64), .LevelWidth (16), .OutWidth (RW)) u_dq8 (
    .clk_i, .rst_ni, .valid_i (r_more && t8_q), .ready_o (dq8_ready), .level_i (lv8),
    .v_i (v8_q), .per_i (per_q), .user_i (1'b0), .valid_o (dq8_valid), .ready_i (inv8_ready),
    .coef_o (dq8_coef), .user_o (unused_u8)
  );
  transform_inv8x8 #(.Width (RW)) u_inv8 (
    .clk_i, .rst_ni, .valid_i (dq8_valid), .ready_o (inv8_ready), .coef_i (dq8_coef),
    .user_i (1'b0), .valid_o (inv8_valid), .ready_i (comb8), .res_o (res8), .user_o (unused_iu8)
  );

  // ---- Prediction + residual, clipped, written back.
  assign comb4 = state_q == Run && !t8_q && p4_valid && inv4_valid;
  assign comb8 = state_q == Run && t8_q && p8_valid && inv8_valid;
  function automatic logic [7:0] clip_add(input logic [7:0] p, input logic [RW-1:0] r);
    logic signed [RW:0] v;
    v = $signed({{(RW - 7){1'b0}}, p}) + $signed({r[RW-1], r});
    clip_add = v[RW] ? 8'd0 : (|v[RW-1:8]) ? 8'd255 : v[7:0];
  endfunction
  logic [16*8-1:0] rec4;
  logic [64*8-1:0] rec8;
  for (genvar n = 0; n < 16; n++) begin : g_rec4
    assign rec4[n*8 +: 8] = clip_add(p4[n*8 +: 8], res4[n*RW +: RW]);
  end
  for (genvar n = 0; n < 64; n++) begin : g_rec8
    assign rec8[n*8 +: 8] = clip_add(p8[n*8 +: 8], res8[n*RW +: RW]);
  end
  for (genvar s = 0; s < 256; s++) begin : g_write
    localparam int unsigned X = s % 16, Y = s / 16;
    localparam int unsigned K = blk_at(X / 4, Y / 4), B8 = 2 * (Y / 8) + X / 8;
    always_ff @(posedge clk_i) begin
      if (comb4 && pk_q == 5'(K))       rec_q[s*8 +: 8] <= rec4[(4 * (Y % 4) + X % 4)*8 +: 8];
      else if (comb8 && pk_q == 5'(B8)) rec_q[s*8 +: 8] <= rec8[(8 * (Y % 8) + X % 8)*8 +: 8];
    end
  end
  // The modes, as each block's prediction starts (an 8x8 block's over its four 4x4 blocks).
  for (genvar b = 0; b < 16; b++) begin : g_mode
    always_ff @(posedge clk_i) begin
      if (p_issue && (t8_q ? pk_q[1:0] == 2'(b / 4) : pk_q[3:0] == 4'(b))) begin
        cur_q[b*4 +: 4] <= mode;
      end
    end
  end

  // ---- Control.
  logic comb;
  assign comb = comb4 || comb8;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= Idle;
      pbusy_q <= 1'b0;
      pk_q    <= '0;
      ri_q    <= '0;
      err_o   <= 1'b0;
    end else begin
      if (p_issue) pbusy_q <= 1'b1;
      if (r_issue) ri_q <= ri_q + 5'd1;
      if (comb) begin
        pbusy_q <= 1'b0;
        pk_q    <= pk_q + 5'd1;
        err_o   <= err_o || (t8_q ? p8_err : p4_err);
      end
      unique case (state_q)
        Idle: if (load_i) begin
          state_q <= Run;
          pk_q    <= '0;
          ri_q    <= '0;
          err_o   <= 1'b0;
        end
        Run:  if (comb && pk_q + 5'd1 == nblk) state_q <= Done;
        Done: if (ready_i) state_q <= Idle;
        default: state_q <= Idle;
      endcase
    end
  end

  `ASSERT(LoadIdle_A, load_i |-> idle_o)
  `ASSERT(OutStable_A, valid_o |-> !comb)
  `ASSERT(OutHeld_A, valid_o && !ready_i |=> valid_o)
  `ASSERT(PredReady_A, p_issue |-> (t8_q ? p8_ready : p4_ready))
endmodule
