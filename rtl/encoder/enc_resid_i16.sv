// enc_resid_i16: the residual coding and reconstruction of one Intra16x16 macroblock with its
// chosen modes (golden: encoder::decision's luma16x16 and chroma after the mode choice:
// lane::residual::code4x4 of each 4x4 block's src - pred, lane::dc::code_luma / code_chroma of
// the blocks' DC coefficients, then mb::recon::add16x16 / add_chroma in mb_recon_i16, the
// reconstruction the decoder lane shares).
//
// Parameters:
//   Chroma  1: 4:2:0 support (chroma_i may be set); 0: 4:0:0 only.
// Ports:
//   in: valid/ready; src_i, top_i, left_i, corner_i, avail_i, chroma_i as enc_decide_i16;
//   luma_mode_i (0 V, 1 H, 2 DC, 3 plane) and chroma_mode_i (0 DC, 1 H, 2 V, 3 plane), both
//   available for avail_i; qp_i the macroblock's QPY (chroma QP'C = quant_chroma_qp); dz_i the
//   dead zone.
//   out: valid/ready; luma_ac_o: the 16 AC blocks in luma4x4BlkIdx order, block b at
//   [b * 256 +: 256], 16 raster levels of 16 bits (index 0 is 0: the DC goes to luma_dc_o);
//   luma_dc_o: the Intra16x16 DC levels, raster over the 4x4 grid of blocks; chroma_dc_o: Cb's
//   four DC levels (raster 2x2) then Cr's; chroma_ac_o: blocks 0..3 of Cb then of Cr (raster
//   2x2), as luma_ac_o; recon_o: the reconstructed macroblock, luma 16x16 then Cb and Cr 8x8,
//   raster (enc_decide_i16's src_i layout). Levels are raster: the zig-zag scan is wiring left
//   to the syntax stage. Chroma outputs are zero for 4:0:0.
// Schedule: accept (mb_recon_i16 loads the neighbours and modes); its two setup cycles;
// forward: one 4x4 block a cycle (16 luma in luma4x4BlkIdx order, then 4 Cb, 4 Cr) through
// mb_recon's prediction (the residual registered), transform_fwd4x4 and quant_q_block; the
// DC sets (dc_code: luma, Cb, Cr) go once the last block's DC coefficient is out of the
// transform, beside the last AC blocks in the quantizer; then mb_recon_i16 reconstructs from
// the levels held here. Measured in sim/tests/enc_resid.rs: 54 cycles from accept to valid for
// 4:0:0, 70 for 4:2:0; the next macroblock is accepted once the result is taken.
// Widths: residuals 9 bits; forward coefficients 15 (the DC coefficient fits 13: |Y00| <=
// 16 * 256); levels 16.
// Asserted: the levels hold still while offered (no buffer write while valid_o); the internal
// pipelines never stall.
module enc_resid_i16 #(
  parameter bit Chroma = 1'b1
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic               valid_i,
  output logic               ready_o,
  input  logic [384*8-1:0]   src_i,
  input  logic [32*8-1:0]    top_i,
  input  logic [32*8-1:0]    left_i,
  input  logic [3*8-1:0]     corner_i,
  input  logic [2:0]         avail_i,
  input  logic               chroma_i,
  input  logic [1:0]         luma_mode_i,
  input  logic [1:0]         chroma_mode_i,
  input  logic [5:0]         qp_i,
  input  logic [9:0]         dz_i,
  output logic               valid_o,
  input  logic               ready_i,
  output logic [16*256-1:0]  luma_ac_o,
  output logic [16*16-1:0]   luma_dc_o,
  output logic [8*16-1:0]    chroma_dc_o,
  output logic [8*256-1:0]   chroma_ac_o,
  output logic [384*8-1:0]   recon_o
);
  typedef enum logic [2:0] {Idle, Setup, Fwd, Dc, Recon} state_e;
  state_e state_q;

  // The accepted macroblock (its neighbours and modes go to mb_recon_i16).
  logic [384*8-1:0] src_q;
  logic             chroma_q;
  logic [5:0]       qp_q, qpc_q, qpc;
  logic [9:0]       dz_q;
  logic             accept, m_idle;
  assign ready_o = (state_q == Idle) && m_idle;
  assign accept  = valid_i && ready_o;
  quant_chroma_qp u_qpc (.qp_i, .qpc_o (qpc));
  always_ff @(posedge clk_i) begin
    if (accept) begin
      src_q    <= src_i;
      chroma_q <= chroma_i && Chroma;
      qp_q     <= qp_i;
      qpc_q    <= qpc;
      dz_q     <= dz_i;
    end
  end

  // Every index into the wide buffers below is a constant (Yosys expands a computed index
  // into a shifter over the whole vector, D30): per-block views and registers by generate
  // loops, written under a decoded enable, read through prim_blk_mux.
  logic [24*128-1:0] src_blk;  // block k's source samples, raster, at [k * 128 +: 128]
  for (genvar k = 0; k < 24; k++) begin : g_src_blk
    for (genvar n = 0; n < 16; n++) begin : g_sample
      localparam int unsigned S = mb_pkg::blk_sample(k, n);
      assign src_blk[k*128 + n*8 +: 8] = src_q[S*8 +: 8];
    end
  end
  logic [4:0] nblk;
  assign nblk = chroma_q ? 5'd24 : 5'd16;

  // ---- Forward: residual (registered), transform, quantization.
  logic [4:0] fk_q;          // next block to issue
  logic       issue, m_pred_valid;
  logic [16*8-1:0] pred;     // block fk_q's prediction (mb_recon_i16's prediction unit)
  assign issue = (state_q == Fwd) && fk_q < nblk;
  logic            r_valid_q;
  logic [4:0]      r_k_q;
  logic [16*9-1:0] r_res_q;
  logic [16*8-1:0] src4;  // the issued block's source samples
  prim_blk_mux #(.Width (128), .N (24), .SelW (5)) u_src_mux (
    .sel_i (fk_q), .in_i (src_blk), .out_o (src4)
  );
  always_ff @(posedge clk_i) begin
    if (!rst_ni) r_valid_q <= 1'b0;
    else         r_valid_q <= issue;
  end
  always_ff @(posedge clk_i) begin
    if (issue) begin
      r_k_q <= fk_q;
      for (int n = 0; n < 16; n++) begin
        r_res_q[n*9 +: 9] <= 9'(src4[n*8 +: 8]) - 9'(pred[n*8 +: 8]);
      end
    end
  end

  logic             f_valid, f_ready;
  logic [16*15-1:0] f_coef;
  logic [4:0]       f_k;
  transform_fwd4x4 #(.InWidth (9), .UserWidth (5)) u_fwd (
    .clk_i, .rst_ni, .valid_i (r_valid_q), .ready_o (f_ready), .res_i (r_res_q), .user_i (r_k_q),
    .valid_o (f_valid), .ready_i (1'b1), .coef_o (f_coef), .user_o (f_k)
  );
  logic [2:0] f_rem;
  logic [3:0] f_per;
  quant_qp_split u_fsplit (.qp_i (f_k[4] ? qpc_q : qp_q), .rem_o (f_rem), .per_o (f_per));
  logic             q_valid, q_ready;
  logic [16*16-1:0] q_level;
  logic [4:0]       q_k;
  quant_q_block #(.N (16), .Dc (1'b0), .CoefWidth (15), .UserWidth (5)) u_quant (
    .clk_i, .rst_ni, .valid_i (f_valid), .ready_o (q_ready), .coef_i (f_coef), .rem_i (f_rem),
    .per_i (f_per), .dz_i (dz_q), .user_i (f_k), .valid_o (q_valid), .ready_i (1'b1),
    .level_o (q_level), .user_o (q_k)
  );

  // The blocks' DC coefficients and AC levels.
  logic [24*13-1:0]  dcoef_q;
  logic [24*256-1:0] ac_q;
  logic [4:0]        nq_q;   // blocks quantized so far
  logic [4:0]        nf_q;   // blocks through the forward transform so far (their DC is held)
  for (genvar k = 0; k < 24; k++) begin : g_blk_buf
    always_ff @(posedge clk_i) begin
      if (f_valid && f_k == 5'(k)) dcoef_q[k*13 +: 13] <= f_coef[0 +: 13];
      if (q_valid && q_k == 5'(k)) ac_q[k*256 +: 256] <= {q_level[255:16], 16'd0};
    end
  end

  // Coefficient 0's level: the DC sets code the DC.
  logic unused_level0;
  assign unused_level0 = ^q_level[15:0];

  // ---- DC sets: luma (16 terms, QPY), then Cb and Cr (4 terms each, QP'C) on one unit.
  logic [16*13-1:0] dc_luma_in;
  for (genvar g = 0; g < 16; g++) begin : g_dc_in
    // Raster over the 4x4 grid: grid (x, y) is block luma4x4BlkIdx {y[1], x[1], y[0], x[0]}.
    localparam int unsigned Blk = ((g / 8) % 2) * 8 + ((g % 4) / 2) * 4 + ((g / 4) % 2) * 2 +
                                  (g % 2);
    assign dc_luma_in[g*13 +: 13] = dcoef_q[Blk*13 +: 13];
  end
  logic             dl_issue, dl_valid, dl_ready_unused;
  logic [16*16-1:0] dl_level;
  logic [7:0]       dl_user_unused;
  dc_code #(.N (16)) u_dc_luma (
    .clk_i, .rst_ni, .valid_i (dl_issue), .ready_o (dl_ready_unused), .dc_i (dc_luma_in),
    .qp_i (qp_q), .dz_i (dz_q), .user_i (8'd0), .valid_o (dl_valid), .ready_i (1'b1),
    .level_o (dl_level), .user_o (dl_user_unused)
  );
  logic            dc_issue_c, dc_comp_q, dc_valid, dc_ready_unused;
  logic [4*16-1:0] dc_level;
  logic [7:0]      dc_user;
  dc_code #(.N (4)) u_dc_chroma (
    .clk_i, .rst_ni, .valid_i (dc_issue_c), .ready_o (dc_ready_unused),
    .dc_i (dc_comp_q ? dcoef_q[20*13 +: 4*13] : dcoef_q[16*13 +: 4*13]), .qp_i (qpc_q),
    .dz_i (dz_q), .user_i ({7'd0, dc_comp_q}), .valid_o (dc_valid), .ready_i (1'b1),
    .level_o (dc_level), .user_o (dc_user)
  );
  logic unused_dc_user;
  assign unused_dc_user = ^dc_user[7:1];
  logic [16*16-1:0] luma_dc_q;
  logic [8*16-1:0]  chroma_dc_q;
  logic [1:0]       ndc_q;  // DC sets back
  always_ff @(posedge clk_i) begin
    if (dl_valid) luma_dc_q <= dl_level;
    for (int c = 0; c < 2; c++) begin
      if (dc_valid && dc_user[0] == 1'(c)) chroma_dc_q[c*64 +: 64] <= dc_level;
    end
  end

  // ---- Reconstruction from the levels held here (mb_recon_i16 reads them in place).
  logic m_valid, m_ready_unused, m_out_valid;
  assign m_valid = (state_q == Recon);
  mb_recon_i16 #(.Chroma (Chroma)) u_recon (
    .clk_i, .rst_ni, .load_i (accept), .idle_o (m_idle), .top_i, .left_i, .corner_i, .avail_i,
    .chroma_i, .luma_mode_i, .chroma_mode_i, .pred_valid_o (m_pred_valid), .pred_k_i (fk_q),
    .pred_o (pred), .valid_i (m_valid), .ready_o (m_ready_unused), .qp_i (qp_q),
    .qpc_i ({qpc_q, qpc_q}), .luma_ac_i (luma_ac_o), .luma_dc_i (luma_dc_q),
    .chroma_dc_i (chroma_dc_o), .chroma_ac_i (chroma_ac_o), .valid_o (m_out_valid),
    .ready_i, .recon_o
  );
  assign valid_o = m_out_valid;

  // ---- Control.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q    <= Idle;
      fk_q       <= '0;
      nq_q       <= '0;
      nf_q       <= '0;
      ndc_q      <= '0;
      dl_issue   <= 1'b0;
      dc_issue_c <= 1'b0;
      dc_comp_q  <= 1'b0;
    end else begin
      dl_issue   <= 1'b0;
      dc_issue_c <= 1'b0;
      if (q_valid) nq_q <= nq_q + 5'd1;
      if (f_valid) nf_q <= nf_q + 5'd1;
      ndc_q <= ndc_q + 2'(dl_valid) + 2'(dc_valid);
      unique case (state_q)
        Idle: if (accept) state_q <= Setup;
        Setup: if (m_pred_valid) begin
          state_q <= Fwd;
          fk_q    <= '0;
          nq_q    <= '0;
          nf_q    <= '0;
        end
        Fwd: begin
          if (issue) fk_q <= fk_q + 5'd1;
          // All blocks' DC coefficients held (this cycle's included): the DC sets go while the
          // last AC blocks are still in the quantizer.
          if (nf_q + 5'(f_valid) == nblk) begin
            state_q    <= Dc;
            dl_issue   <= 1'b1;
            dc_issue_c <= chroma_q;
            dc_comp_q  <= 1'b0;
            ndc_q      <= '0;
          end
        end
        Dc: begin
          // Cr's chroma DC set follows Cb's.
          if (dc_issue_c && !dc_comp_q) begin
            dc_issue_c <= 1'b1;
            dc_comp_q  <= 1'b1;
          end
          // The DC sets back and every block quantized (this cycle's included).
          if (ndc_q + 2'(dl_valid) + 2'(dc_valid) == (chroma_q ? 2'd3 : 2'd1) &&
              nq_q + 5'(q_valid) == nblk) begin
            state_q <= Recon;
          end
        end
        Recon: if (m_out_valid && ready_i) state_q <= Idle;
        default: state_q <= Idle;
      endcase
    end
  end

  assign luma_ac_o   = ac_q[0 +: 16*256];
  assign luma_dc_o   = luma_dc_q;
  assign chroma_dc_o = chroma_q ? chroma_dc_q : '0;
  assign chroma_ac_o = chroma_q ? ac_q[16*256 +: 8*256] : '0;

  // The levels are buffers written only by the forward pipelines, which are done before the
  // result is offered: they hold still while stalled (and while mb_recon_i16 reads them).
  `ASSERT(OutStable_A, state_q == Recon |-> !(q_valid || f_valid || dl_valid || dc_valid ||
                                             accept))
  `ASSERT(ValidInRecon_A, valid_o |-> state_q == Recon)
  `ASSERT(NoInternalStall_A, (!r_valid_q || f_ready) && (!f_valid || q_ready))
  `ASSERT(DcCoefFits_A, f_valid |-> $signed(f_coef[0 +: 15]) == 15'($signed(f_coef[0 +: 13])))
endmodule
