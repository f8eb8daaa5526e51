// enc_resid_i16: the residual coding and reconstruction of one Intra16x16 macroblock with its
// chosen modes (golden: encoder::decision's luma16x16 and chroma after the mode choice:
// lane::residual::code4x4 of each 4x4 block's src - pred, lane::dc::code_luma / code_chroma of
// the blocks' DC coefficients, then mb::recon::add16x16 / add_chroma: recon4x4 with the DC
// lane's scaled DC in place of coefficient 0, Clip1(pred + residual)).
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
// Schedule: accept; one setup cycle; forward: one 4x4 block a cycle (16 luma in
// luma4x4BlkIdx order, then 4 Cb, 4 Cr) through prediction (registered), transform_fwd4x4 and
// quant_q_block; then the DC lanes (luma, Cb, Cr); then inverse: one block a cycle through
// quant_dq_block, the scaled DC, transform_inv4x4 (the block's prediction, made at its input,
// travels with it), + prediction and clip. Measured in
// sim/tests/enc_resid.rs: 53 cycles from accept to valid for 4:0:0, 69 for 4:2:0; the next
// macroblock is accepted once the result is taken.
// Widths: residuals 9 bits; forward coefficients 15 (the DC coefficient fits 13: |Y00| <=
// 16 * 256); levels 16; AC scaled coefficients 16 (residual_lane_core's bound, sim/tests/
// widths.rs); the scaled DC values and the inverse transform 21 bits signed (asserted: the DC
// lanes' values fit; transform_inv4x4 is exact and equal to golden's 32-bit arithmetic for
// Width + 5 <= 32).
// Asserted: the result holds still while stalled (no buffer write while it is offered); the
// internal pipelines never stall; the DC values fit the widths below.
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
  localparam int unsigned DcW = 21;  // scaled DC values and the inverse transform

  typedef enum logic [2:0] {Idle, Setup, Fwd, Dc, Inv, Done} state_e;
  state_e state_q;

  // The accepted macroblock.
  logic [384*8-1:0] src_q;
  logic [32*8-1:0]  top_q, left_q;
  logic [3*8-1:0]   corner_q;
  logic [2:0]       avail_q;
  logic             chroma_q;
  logic [1:0]       luma_kind_q, chroma_kind_q;
  logic [5:0]       qp_q, qpc_q, qpc;
  logic [9:0]       dz_q;
  logic             accept;
  assign ready_o = (state_q == Idle);
  assign accept  = valid_i && ready_o;
  quant_chroma_qp u_qpc (.qp_i, .qpc_o (qpc));
  always_ff @(posedge clk_i) begin
    if (accept) begin
      src_q         <= src_i;
      top_q         <= top_i;
      left_q        <= left_i;
      corner_q      <= corner_i;
      avail_q       <= avail_i;
      chroma_q      <= chroma_i && Chroma;
      luma_kind_q   <= luma_mode_i;
      // Chroma mode -> prediction kind: DC -> 2, H -> 1, V -> 0, plane -> 3.
      chroma_kind_q <= (chroma_mode_i == 2'd0) ? 2'd2 : (chroma_mode_i == 2'd1) ? 2'd1 :
                       (chroma_mode_i == 2'd2) ? 2'd0 : 2'd3;
      qp_q          <= qp_i;
      qpc_q         <= qpc;
      dz_q          <= dz_i;
    end
  end

  // Block k: 0..15 luma in luma4x4BlkIdx order (bx = {k[2], k[0]}, by = {k[3], k[1]}),
  // 16..23 chroma (component k[2], bx = k[0], by = k[1]).
  function automatic logic [5:0] blk_pos(input logic [4:0] k);  // {plane, bx, by}
    if (k[4]) blk_pos = {k[2] ? 2'd2 : 2'd1, 1'b0, k[0], 1'b0, k[1]};
    else      blk_pos = {2'd0, k[2], k[0], k[3], k[1]};
  endfunction
  // Sample n (raster in the block) of block k (blk_pos's placement): its byte index in the
  // src_i layout. Called with constants only: the per-block views below are wiring.
  function automatic int unsigned blk_sample(input int unsigned k, input int unsigned n);
    int unsigned bx, by;
    if (k < 16) begin
      bx = ((k / 4) % 2) * 2 + k % 2;
      by = ((k / 8) % 2) * 2 + (k / 2) % 2;
      blk_sample = 16 * (4 * by + n / 4) + 4 * bx + n % 4;
    end else begin
      bx = k % 2;
      by = (k / 2) % 2;
      blk_sample = 256 + 64 * ((k / 4) % 2) + 8 * (4 * by + n / 4) + 4 * bx + n % 4;
    end
  endfunction
  // Every index into the wide buffers below is a constant (Yosys expands a computed index
  // into a shifter over the whole vector, D30): per-block views and registers by generate
  // loops, written under a decoded enable, read through prim_blk_mux.
  logic [24*128-1:0] src_blk;  // block k's source samples, raster, at [k * 128 +: 128]
  for (genvar k = 0; k < 24; k++) begin : g_src_blk
    for (genvar n = 0; n < 16; n++) begin : g_sample
      localparam int unsigned S = blk_sample(k, n);
      assign src_blk[k*128 + n*8 +: 8] = src_q[S*8 +: 8];
    end
  end
  logic [4:0] nblk;
  assign nblk = chroma_q ? 5'd24 : 5'd16;

  // The prediction unit serves the forward issue, then the inverse transform's inputs (the
  // prediction travels through the transform with the block: the inverse outputs' adds do not
  // wait for it).
  logic [4:0]        pk;           // the block predicted this cycle
  logic [5:0]        ppos;
  logic [4*128-1:0]  pred4;
  logic [16*8-1:0]   pred;
  assign ppos = blk_pos(pk);
  intra_mb_pred #(.Chroma(Chroma)) u_pred (
    .clk_i, .top_i (top_q), .left_i (left_q), .corner_i (corner_q), .avail_i (avail_q),
    .load_i (state_q == Setup), .plane_i (ppos[5:4]), .bx_i (ppos[3:2]), .by_i (ppos[1:0]),
    .pred_o (pred4)
  );
  logic [1:0] kind;
  assign kind = pk[4] ? chroma_kind_q : luma_kind_q;
  prim_blk_mux #(.Width (128), .N (4)) u_kind_mux (.sel_i (kind), .in_i (pred4), .out_o (pred));

  // ---- Forward: residual (registered), transform, quantization.
  logic [4:0] fk_q;          // next block to issue
  logic       issue;
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
  for (genvar k = 0; k < 24; k++) begin : g_blk_buf
    always_ff @(posedge clk_i) begin
      if (f_valid && f_k == 5'(k)) dcoef_q[k*13 +: 13] <= f_coef[0 +: 13];
      if (q_valid && q_k == 5'(k)) ac_q[k*256 +: 256] <= {q_level[255:16], 16'd0};
    end
  end

  // Coefficient 0's level: the DC lanes code the DC.
  logic unused_level0;
  assign unused_level0 = ^q_level[15:0];

  // ---- DC lanes: luma (16 terms, QPY), then Cb and Cr (4 terms each, QP'C) on one lane.
  logic [16*13-1:0] dc_luma_in;
  for (genvar g = 0; g < 16; g++) begin : g_dc_in
    // Raster over the 4x4 grid: grid (x, y) is block luma4x4BlkIdx {y[1], x[1], y[0], x[0]}.
    localparam int unsigned Blk = ((g / 8) % 2) * 8 + ((g % 4) / 2) * 4 + ((g / 4) % 2) * 2 +
                                  (g % 2);
    assign dc_luma_in[g*13 +: 13] = dcoef_q[Blk*13 +: 13];
  end
  logic             dl_issue, dl_valid;
  logic [16*16-1:0] dl_level;
  logic [16*33-1:0] dl_recon;
  logic             dl_ready_unused;
  logic [7:0]       dl_user_unused;
  luma_dc_lane u_dc_luma (
    .clk_i, .rst_ni, .valid_i (dl_issue), .ready_o (dl_ready_unused), .dc_i (dc_luma_in),
    .qp_i (qp_q), .dz_i (dz_q), .user_i (8'd0), .valid_o (dl_valid), .ready_i (1'b1),
    .level_o (dl_level), .recon_o (dl_recon), .user_o (dl_user_unused)
  );
  logic             dc_issue_c, dc_comp_q, dc_valid;
  logic [4*16-1:0]  dc_level;
  logic [4*30-1:0]  dc_recon;
  logic             dc_ready_unused;
  logic [7:0]       dc_user;
  chroma_dc_lane u_dc_chroma (
    .clk_i, .rst_ni, .valid_i (dc_issue_c), .ready_o (dc_ready_unused),
    .dc_i (dc_comp_q ? dcoef_q[20*13 +: 4*13] : dcoef_q[16*13 +: 4*13]), .qp_i (qpc_q),
    .dz_i (dz_q), .user_i ({7'd0, dc_comp_q}), .valid_o (dc_valid), .ready_i (1'b1),
    .level_o (dc_level), .recon_o (dc_recon), .user_o (dc_user)
  );
  logic unused_dc_user;
  assign unused_dc_user = ^dc_user[7:1];
  // Scaled DC per block k (raster grid -> block order for luma), and the DC levels.
  logic [24*DcW-1:0] sdc_q;
  logic [16*16-1:0]  luma_dc_q;
  logic [8*16-1:0]   chroma_dc_q;
  logic [1:0]        ndc_q;  // DC sets back
  always_ff @(posedge clk_i) begin
    if (dl_valid) begin
      luma_dc_q <= dl_level;
      for (int g = 0; g < 16; g++) begin
        sdc_q[(((g / 8) % 2) * 8 + ((g % 4) / 2) * 4 + ((g / 4) % 2) * 2 + (g % 2)) * DcW +: DcW]
            <= dl_recon[g*33 +: DcW];
      end
    end
    for (int c = 0; c < 2; c++) begin
      if (dc_valid && dc_user[0] == 1'(c)) begin
        chroma_dc_q[c*64 +: 64] <= dc_level;
        for (int g = 0; g < 4; g++) begin
          sdc_q[(16 + 4 * c + g) * DcW +: DcW] <= dc_recon[g*30 +: DcW];
        end
      end
    end
  end

  // ---- Inverse: scaling, the scaled DC, the inverse transform, + prediction.
  logic [4:0] ik_q;
  logic       inv_issue;
  assign inv_issue = (state_q == Inv) && ik_q < nblk;
  logic [2:0]  i_rem;
  logic [3:0]  i_per;
  logic [14:0] i_v;
  quant_qp_split u_isplit (.qp_i (ik_q[4] ? qpc_q : qp_q), .rem_o (i_rem), .per_o (i_per));
  quant_v4 u_iv (.rem_i (i_rem), .v_o (i_v));
  logic [255:0] ac_sel;  // block ik_q's levels
  prim_blk_mux #(.Width (256), .N (24), .SelW (5)) u_ac_mux (
    .sel_i (ik_q), .in_i (ac_q), .out_o (ac_sel)
  );
  logic             d_valid, d_ready;
  logic [16*16-1:0] d_coef;
  logic [4:0]       d_k;
  quant_dq_block #(.N (16), .Dc (1'b0), .LevelWidth (16), .OutWidth (16), .UserWidth (5)) u_dq (
    .clk_i, .rst_ni, .valid_i (inv_issue), .ready_o (d_ready), .level_i (ac_sel),
    .v_i (i_v), .per_i (i_per), .user_i (ik_q), .valid_o (d_valid), .ready_i (1'b1),
    .coef_o (d_coef), .user_o (d_k)
  );
  logic [16*DcW-1:0] t_in;
  logic [DcW-1:0]    sdc_sel;  // block d_k's scaled DC
  prim_blk_mux #(.Width (DcW), .N (24), .SelW (5)) u_sdc_mux (
    .sel_i (d_k), .in_i (sdc_q), .out_o (sdc_sel)
  );
  always_comb begin
    t_in[0 +: DcW] = sdc_sel;
    for (int n = 1; n < 16; n++) begin
      t_in[n*DcW +: DcW] = DcW'($signed(d_coef[n*16 +: 16]));
    end
  end
  logic              t_valid, t_ready;
  logic [16*DcW-1:0] t_res;
  logic [4:0]        t_k;
  logic [16*8-1:0]   t_pred;  // the block's prediction
  transform_inv4x4 #(.Width (DcW), .UserWidth (16*8 + 5)) u_inv (
    .clk_i, .rst_ni, .valid_i (d_valid), .ready_o (t_ready), .coef_i (t_in),
    .user_i ({pred, d_k}), .valid_o (t_valid), .ready_i (1'b1), .res_o (t_res),
    .user_o ({t_pred, t_k})
  );
  assign pk = (state_q == Fwd) ? fk_q : d_k;
  logic [384*8-1:0] recon_q;
  logic [4:0]       ni_q;   // blocks reconstructed so far
  function automatic logic [7:0] clip_add(input logic [7:0] p, input logic [DcW-1:0] r);
    logic signed [DcW:0] v;
    v = $signed({{(DcW - 7){1'b0}}, p}) + $signed({r[DcW-1], r});
    clip_add = v[DcW] ? 8'd0 : (|v[DcW-1:8]) ? 8'd255 : v[7:0];
  endfunction
  logic [16*8-1:0] recon4;  // the inverse output's samples
  for (genvar n = 0; n < 16; n++) begin : g_recon4
    assign recon4[n*8 +: 8] = clip_add(t_pred[n*8 +: 8], t_res[n*DcW +: DcW]);
  end
  for (genvar k = 0; k < 24; k++) begin : g_recon_buf
    for (genvar n = 0; n < 16; n++) begin : g_sample
      localparam int unsigned S = blk_sample(k, n);
      always_ff @(posedge clk_i) begin
        if (t_valid && t_k == 5'(k)) recon_q[S*8 +: 8] <= recon4[n*8 +: 8];
      end
    end
  end

  // ---- Control.
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q    <= Idle;
      valid_o    <= 1'b0;
      fk_q       <= '0;
      ik_q       <= '0;
      nq_q       <= '0;
      ni_q       <= '0;
      ndc_q      <= '0;
      dl_issue   <= 1'b0;
      dc_issue_c <= 1'b0;
      dc_comp_q  <= 1'b0;
    end else begin
      dl_issue   <= 1'b0;
      dc_issue_c <= 1'b0;
      if (q_valid) nq_q <= nq_q + 5'd1;
      if (t_valid) ni_q <= ni_q + 5'd1;
      ndc_q <= ndc_q + 2'(dl_valid) + 2'(dc_valid);
      unique case (state_q)
        Idle: if (accept) state_q <= Setup;
        Setup: begin
          state_q <= Fwd;
          fk_q    <= '0;
          nq_q    <= '0;
        end
        Fwd: begin
          if (issue) fk_q <= fk_q + 5'd1;
          // All blocks quantized (this cycle's included): the DC sets go.
          if (nq_q + 5'(q_valid) == nblk) begin
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
          if (ndc_q + 2'(dl_valid) + 2'(dc_valid) == (chroma_q ? 2'd3 : 2'd1)) begin
            state_q <= Inv;
            ik_q    <= '0;
            ni_q    <= '0;
          end
        end
        Inv: begin
          if (inv_issue) ik_q <= ik_q + 5'd1;
          if (ni_q + 5'(t_valid) == nblk) begin
            state_q <= Done;
            valid_o <= 1'b1;
          end
        end
        Done: begin
          if (ready_i) begin
            valid_o <= 1'b0;
            state_q <= Idle;
          end
        end
        default: state_q <= Idle;
      endcase
    end
  end

  assign luma_ac_o   = ac_q[0 +: 16*256];
  assign luma_dc_o   = luma_dc_q;
  assign chroma_dc_o = chroma_q ? chroma_dc_q : '0;
  assign chroma_ac_o = chroma_q ? ac_q[16*256 +: 8*256] : '0;
  assign recon_o     = chroma_q ? recon_q : {1024'd0, recon_q[0 +: 256*8]};

  // The outputs are the buffers, written only by the pipelines' results (and chroma_q only on
  // accept): none arrives while the result is offered, so it holds still while stalled. (A
  // $stable over the 9,600 output bits trips a code generation bug of Verilator 5.006.)
  `ASSERT(OutStable_A, valid_o |-> !(q_valid || f_valid || dl_valid || dc_valid || t_valid ||
                                     accept))
  `ASSERT(OutHeld_A, valid_o && !ready_i |=> valid_o)
  `ASSERT(NoInternalStall_A, (!r_valid_q || f_ready) && (!f_valid || q_ready) &&
                             (!inv_issue || d_ready) && (!d_valid || t_ready))
  `ASSERT(DcCoefFits_A, f_valid |-> $signed(f_coef[0 +: 15]) == 15'($signed(f_coef[0 +: 13])))
`ifndef SYNTHESIS
  // The DC lanes' scaled values fit DcW bits signed (the bound in the header).
  function automatic logic fits(input logic [32:0] v, input int unsigned w);
    fits = $signed(v) == ($signed(v << (33 - w)) >>> (33 - w));
  endfunction
  function automatic logic luma_fits(input logic [16*33-1:0] r);
    luma_fits = 1'b1;
    for (int g = 0; g < 16; g++) luma_fits &= fits(r[g*33 +: 33], DcW);
  endfunction
  function automatic logic chroma_fits(input logic [4*30-1:0] r);
    chroma_fits = 1'b1;
    for (int g = 0; g < 4; g++) chroma_fits &= fits({{3{r[g*30 + 29]}}, r[g*30 +: 30]}, DcW);
  endfunction
  `ASSERT(LumaDcFits_A, dl_valid |-> luma_fits(dl_recon))
  `ASSERT(ChromaDcFits_A, dc_valid |-> chroma_fits(dc_recon))
`endif
endmodule
