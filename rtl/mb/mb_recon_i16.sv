// mb_recon_i16: the reconstruction of one Intra16x16 macroblock from its levels, shared by the
// encoder lane (enc_resid_i16, after its forward phase) and the decoder lane (golden:
// mb::recon::add16x16 and add_chroma: lane::dc::recon_luma / recon_chroma of the DC levels,
// lane::residual::recon4x4 of each 4x4 block with its scaled DC in place of coefficient 0,
// Clip1(pred + residual) with the Intra16x16 / chroma prediction of intra::pred16x16 and
// intra::chroma). It holds the macroblock's prediction unit (intra_mb_pred), which the
// encoder's forward phase reads through the prediction port before the levels exist.
//
// Parameters:
//   Chroma  1: 4:2:0 support (chroma_i may be set); 0: 4:0:0 only.
// Ports:
//   load_i (only while idle_o) takes the macroblock's neighbours top_i, left_i, corner_i,
//   avail_i, chroma_i (enc_decide_i16's layout), luma_mode_i (0 V, 1 H, 2 DC, 3 plane) and
//   chroma_mode_i (intra_chroma_pred_mode: 0 DC, 1 H, 2 V, 3 plane), both available for
//   avail_i.
//   pred_valid_o: from then on pred_o is the prediction (chosen modes) of block pred_k_i
//   (combinational; blocks numbered as the levels: 0..15 luma4x4BlkIdx, 16..19 Cb, 20..23 Cr),
//   until the levels are taken.
//   valid_i / ready_o: the levels in enc_resid_i16's output layout (luma_ac_i, luma_dc_i,
//   chroma_dc_i, chroma_ac_i; raster levels, index 0 of the AC blocks unused), qp_i (QPY) and
//   qpc_i ({QP'C of Cr, QP'C of Cb}). Late accept: the module reads them while valid_i is
//   high and raises ready_o once it has read the last of them, so the caller holds them (as
//   valid/ready requires) and no copy is kept here (but qp_i's and qpc_i's normAdjust rows and
//   qP / 6, registered every cycle for the dequantizer).
//   valid_o / ready_i: recon_o, the reconstructed macroblock, luma 16x16 then Cb and Cr 8x8,
//   raster (zero where 4:0:0).
// Schedule: load; two setup cycles (the prediction terms: intra_mb_pred's latency is 2);
// then, with valid_i: the DC sets (dc_recon, luma and Cb / Cr on one chroma unit, 4 / 3
// cycles), then one 4x4 block a cycle through quant_dq_block, the scaled DC,
// transform_inv4x4 (the block's prediction, made at its input, travels with it), +
// prediction and clip. The next macroblock is loaded once the result is taken.
// Widths: AC scaled coefficients 16 bits (residual_lane_core's bound; for a decoded stream,
// the conformance range of 8.5.12.1 for 8-bit samples); the scaled DC values and the inverse
// transform 21 bits signed (asserted: the DC values fit; transform_inv4x4 is exact and equal
// to golden's 32-bit arithmetic for Width + 5 <= 32).
// Asserted: the result holds still while stalled; the levels' valid holds until taken; the
// internal pipelines never stall; the DC values fit.
module mb_recon_i16 #(
  parameter bit Chroma = 1'b1
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              load_i,
  output logic              idle_o,
  input  logic [32*8-1:0]   top_i,
  input  logic [32*8-1:0]   left_i,
  input  logic [3*8-1:0]    corner_i,
  input  logic [2:0]        avail_i,
  input  logic              chroma_i,
  input  logic [1:0]        luma_mode_i,
  input  logic [1:0]        chroma_mode_i,
  output logic              pred_valid_o,
  input  logic [4:0]        pred_k_i,
  output logic [16*8-1:0]   pred_o,
  input  logic              valid_i,
  output logic              ready_o,
  input  logic [5:0]        qp_i,
  input  logic [11:0]       qpc_i,
  input  logic [16*256-1:0] luma_ac_i,
  input  logic [16*16-1:0]  luma_dc_i,
  input  logic [8*16-1:0]   chroma_dc_i,
  input  logic [8*256-1:0]  chroma_ac_i,
  output logic              valid_o,
  input  logic              ready_i,
  output logic [384*8-1:0]  recon_o
);
  localparam int unsigned DcW = 21;  // scaled DC values and the inverse transform

  typedef enum logic [2:0] {Idle, Setup, Terms, Ready, Dc, Inv, Done} state_e;
  state_e state_q;

  // The loaded macroblock's prediction inputs.
  logic [32*8-1:0] top_q, left_q;
  logic [3*8-1:0]  corner_q;
  logic [2:0]      avail_q;
  logic            chroma_q;
  logic [1:0]      luma_kind_q, chroma_kind_q;
  assign idle_o       = (state_q == Idle);
  assign pred_valid_o = (state_q == Ready);
  always_ff @(posedge clk_i) begin
    if (load_i && idle_o) begin
      top_q         <= top_i;
      left_q        <= left_i;
      corner_q      <= corner_i;
      avail_q       <= avail_i;
      chroma_q      <= chroma_i && Chroma;
      luma_kind_q   <= luma_mode_i;
      // Chroma mode -> prediction kind: DC -> 2, H -> 1, V -> 0, plane -> 3.
      chroma_kind_q <= (chroma_mode_i == 2'd0) ? 2'd2 : (chroma_mode_i == 2'd1) ? 2'd1 :
                       (chroma_mode_i == 2'd2) ? 2'd0 : 2'd3;
    end
  end
  logic [4:0] nblk;
  assign nblk = chroma_q ? 5'd24 : 5'd16;


  // ---- The prediction unit: the caller's block while it reads, then the inverse path's.
  logic [4:0]       d_k;   // the block leaving the scaling this cycle
  logic [4:0]       pk;
  logic [5:0]       ppos;
  logic [4*128-1:0] pred4;
  assign pk   = (state_q == Inv) ? d_k : pred_k_i;
  assign ppos = mb_pkg::blk_pos(pk);
  intra_mb_pred #(.Chroma(Chroma)) u_pred (
    .clk_i, .top_i (top_q), .left_i (left_q), .corner_i (corner_q), .avail_i (avail_q),
    .load_i (state_q == Setup), .plane_i (ppos[5:4]), .bx_i (ppos[3:2]), .by_i (ppos[1:0]),
    .pred_o (pred4)
  );
  logic [1:0] kind;
  assign kind = pk[4] ? chroma_kind_q : luma_kind_q;
  prim_blk_mux #(.Width (128), .N (4)) u_kind_mux (.sel_i (kind), .in_i (pred4), .out_o (pred_o));

  // ---- DC sets: luma (QPY), then Cb and Cr (QP'C each) on one chroma unit.
  logic             dl_issue, dl_valid, dl_ready_unused;
  assign dl_issue = (state_q == Ready) && valid_i;
  logic [16*33-1:0] dl_recon;
  logic [7:0]       dl_user_unused;
  dc_recon #(.N (16)) u_dc_luma (
    .clk_i, .rst_ni, .valid_i (dl_issue), .ready_o (dl_ready_unused), .level_i (luma_dc_i),
    .qp_i, .user_i (8'd0), .valid_o (dl_valid), .ready_i (1'b1), .recon_o (dl_recon),
    .user_o (dl_user_unused)
  );
  logic            dc_issue, dc_comp_q, dc_valid, dc_ready_unused;
  assign dc_issue = (dl_issue && chroma_q) || dc_comp_q;  // Cb with luma, Cr the next cycle
  logic [4*30-1:0] dc_recon_v;
  logic [7:0]      dc_user;
  dc_recon #(.N (4)) u_dc_chroma (
    .clk_i, .rst_ni, .valid_i (dc_issue), .ready_o (dc_ready_unused),
    .level_i (dc_comp_q ? chroma_dc_i[64 +: 64] : chroma_dc_i[0 +: 64]),
    .qp_i (dc_comp_q ? qpc_i[11:6] : qpc_i[5:0]), .user_i ({7'd0, dc_comp_q}),
    .valid_o (dc_valid), .ready_i (1'b1), .recon_o (dc_recon_v), .user_o (dc_user)
  );
  logic unused_dc_user;
  assign unused_dc_user = ^dc_user[7:1];
  // Scaled DC per block k (raster grid -> block order for luma).
  logic [24*DcW-1:0] sdc_q;
  always_ff @(posedge clk_i) begin
    if (dl_valid) begin
      for (int g = 0; g < 16; g++) begin
        sdc_q[(((g / 8) % 2) * 8 + ((g % 4) / 2) * 4 + ((g / 4) % 2) * 2 + (g % 2)) * DcW +: DcW]
            <= dl_recon[g*33 +: DcW];
      end
    end
    for (int c = 0; c < 2; c++) begin
      if (dc_valid && dc_user[0] == 1'(c)) begin
        for (int g = 0; g < 4; g++) begin
          sdc_q[(16 + 4 * c + g) * DcW +: DcW] <= dc_recon_v[g*30 +: DcW];
        end
      end
    end
  end

  // ---- Inverse: scaling, the scaled DC, the inverse transform, + prediction.
  logic [4:0] ik_q;
  logic       inv_issue;
  assign inv_issue = (state_q == Inv) && ik_q < nblk;
  // The normAdjust row and qP / 6 of QPY, Cb's and Cr's QP'C, registered every cycle (qp_i
  // and qpc_i hold from the cycle valid_i rises, before state Dc, through Inv), so that the
  // dequantizer's products start from a register instead of behind qP % 6 and the table.
  logic [17:0]     qps;
  logic [3*15-1:0] cv_q;
  logic [3*4-1:0]  cper_q;
  assign qps = {qpc_i, qp_i};
  for (genvar c = 0; c < 3; c++) begin : g_qpv
    logic [2:0]  rem;
    logic [3:0]  per;
    logic [14:0] v;
    quant_qp_split u_split (.qp_i (qps[c*6 +: 6]), .rem_o (rem), .per_o (per));
    quant_v4 u_v (.rem_i (rem), .v_o (v));
    always_ff @(posedge clk_i) begin
      cv_q[c*15 +: 15] <= v;
      cper_q[c*4 +: 4] <= per;
    end
  end
  logic [3:0]  i_per;  // block ik_q's component: luma, Cb (16..19), Cr (20..23)
  logic [14:0] i_v;
  assign i_v   = !ik_q[4] ? cv_q[0 +: 15] : ik_q[2] ? cv_q[30 +: 15] : cv_q[15 +: 15];
  assign i_per = !ik_q[4] ? cper_q[0 +: 4] : ik_q[2] ? cper_q[8 +: 4] : cper_q[4 +: 4];
  logic [255:0] ac_sel;  // block ik_q's levels
  prim_blk_mux #(.Width (256), .N (24), .SelW (5)) u_ac_mux (
    .sel_i (ik_q), .in_i ({chroma_ac_i, luma_ac_i}), .out_o (ac_sel)
  );
  // Block ik_q's scaled DC, selected at the issue and carried through the scaling beside the
  // block number, so that the inverse transform's row stage starts from a register.
  logic [DcW-1:0] sdc_issue, sdc_sel;
  prim_blk_mux #(.Width (DcW), .N (24), .SelW (5)) u_sdc_mux (
    .sel_i (ik_q), .in_i (sdc_q), .out_o (sdc_issue)
  );
  logic             d_valid, d_ready;
  logic [16*16-1:0] d_coef;
  quant_dq_block #(
    .N (16), .Dc (1'b0), .LevelWidth (16), .OutWidth (16), .UserWidth (DcW + 5)
  ) u_dq (
    .clk_i, .rst_ni, .valid_i (inv_issue), .ready_o (d_ready), .level_i (ac_sel),
    .v_i (i_v), .per_i (i_per), .user_i ({sdc_issue, ik_q}), .valid_o (d_valid), .ready_i (1'b1),
    .coef_o (d_coef), .user_o ({sdc_sel, d_k})
  );
  logic [16*DcW-1:0] t_in;
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
    .user_i ({pred_o, d_k}), .valid_o (t_valid), .ready_i (1'b1), .res_o (t_res),
    .user_o ({t_pred, t_k})
  );
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
      localparam int unsigned S = mb_pkg::blk_sample(k, n);
      always_ff @(posedge clk_i) begin
        if (t_valid && t_k == 5'(k)) recon_q[S*8 +: 8] <= recon4[n*8 +: 8];
      end
    end
  end

  // ---- Control.
  logic [1:0] ndc_q;  // DC sets back
  // The levels are read for the last time when the last block is issued (the DC sets are
  // back by then).
  assign ready_o = inv_issue && ik_q == nblk - 5'd1;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q   <= Idle;
      valid_o   <= 1'b0;
      ik_q      <= '0;
      ni_q      <= '0;
      ndc_q     <= '0;
      dc_comp_q <= 1'b0;
    end else begin
      dc_comp_q <= dl_issue && chroma_q;
      if (t_valid) ni_q <= ni_q + 5'd1;
      ndc_q <= ndc_q + 2'(dl_valid) + 2'(dc_valid);
      unique case (state_q)
        Idle:  if (load_i) state_q <= Setup;
        Setup: state_q <= Terms;
        Terms: state_q <= Ready;
        Ready: if (valid_i) begin
          state_q <= Dc;
          ndc_q   <= '0;
        end
        Dc: begin
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

  assign recon_o = chroma_q ? recon_q : {1024'd0, recon_q[0 +: 256*8]};

  // The result is the buffer, written only by the inverse path: nothing arrives while it is
  // offered, so it holds still while stalled. (A $stable over the 3,072 output bits trips a
  // code generation bug of Verilator 5.006.)
  `ASSERT(OutStable_A, valid_o |-> !(t_valid || load_i))
  `ASSERT(OutHeld_A, valid_o && !ready_i |=> valid_o)
  `ASSERT(LevelsHeld_A, state_q == Dc || inv_issue |-> valid_i)
  `ASSERT(LoadIdle_A, load_i |-> idle_o)
  `ASSERT(NoInternalStall_A, (!inv_issue || d_ready) && (!d_valid || t_ready))
`ifndef SYNTHESIS
  // The DC sets' scaled values fit DcW bits signed (the bound in the header).
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
  `ASSERT(ChromaDcFits_A, dc_valid |-> chroma_fits(dc_recon_v))
`endif
endmodule
