// enc_decide_i16: the mode decision of the golden `i16x16` profile for one macroblock (golden:
// encoder::decision::decide_macroblock with Profile::I16X16_ONLY: luma16x16's best_mode over
// the Intra_16x16 modes, cost 16 * SATD16x16 + LAMBDA16[QP] * HDR_BITS_I16X16, the same
// lambda term for every mode, so the lowest SATD wins; and chroma's choice, the lowest
// SATD8x8(Cb) + SATD8x8(Cr); both ties to the lower mode number, unavailable modes skipped).
//
// Parameters:
//   Chroma  1: 4:2:0 support (chroma_i may be set); 0: 4:0:0 only (the chroma half is left out).
// Ports:
//   in: valid/ready; src_i the macroblock's source samples, raster order: luma 16x16 (sample
//   (x, y) in bits [(16 * y + x) * 8 +: 8]), then Cb 8x8 and Cr 8x8 from bit 2048 (sample
//   (x, y) of component c at 2048 + (64 * c + 8 * y + x) * 8); top_i / left_i the reconstructed
//   neighbours p[0..15, -1] / p[-1, 0..15] of luma, then p[0..7, -1] / p[-1, 0..7] of Cb and of
//   Cr; corner_i p[-1, -1] of luma, Cb, Cr; avail_i {top_left, left, top} of the macroblock
//   (MbNeighbors::avail_mb: neighbours of the same slice); chroma_i: the picture is 4:2:0.
//   out: valid/ready; luma_mode_o (0 V, 1 H, 2 DC, 3 plane), chroma_mode_o (0 DC, 1 H, 2 V,
//   3 plane; 0 for 4:0:0); luma_satd_o[m] = SATD16x16 of luma mode m, chroma_satd_o[m] = the
//   Cb + Cr SATD8x8 of chroma mode m (both meaningful only for the available modes).
// Schedule: accept, two setup cycles (Setup loads intra_mb_pred's terms, Terms waits for
// them: their latency is 2), then one 4x4 block a cycle through four predictions
// (intra_mb_pred) and SATDs at once (16 luma blocks, then 4 Cb and 4 Cr), two pipeline
// stages, the decision: 22 cycles from accept to out_valid for 4:0:0, 30 for 4:2:0; the next
// macroblock is accepted once the result is taken.
// Asserted: the result holds still while stalled; the chosen modes are available; the source
// select is k_q one-hot.
module enc_decide_i16 #(
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
  output logic               valid_o,
  input  logic               ready_i,
  output logic [1:0]         luma_mode_o,
  output logic [1:0]         chroma_mode_o,
  output logic [4*20-1:0]    luma_satd_o,
  output logic [4*20-1:0]    chroma_satd_o
);
  // The accepted macroblock.
  typedef enum logic [2:0] {Idle, Setup, Terms, Run, Done} state_e;
  state_e state_q;
  logic [384*8-1:0] src_q;
  logic [32*8-1:0]  top_q, left_q;
  logic [3*8-1:0]   corner_q;
  logic [2:0]       avail_q;
  logic             chroma_q;
  logic             accept;
  assign ready_o = (state_q == Idle);
  assign accept  = valid_i && ready_o;
  always_ff @(posedge clk_i) begin
    if (accept) begin
      src_q    <= src_i;
      top_q    <= top_i;
      left_q   <= left_i;
      corner_q <= corner_i;
      avail_q  <= avail_i;
      chroma_q <= chroma_i && Chroma;
    end
  end

  // Block counter: 0..15 luma (bx = k[1:0], by = k[3:2]), 16..23 chroma (component k[2],
  // bx = k[0], by = k[1]).
  logic [4:0] k_q;
  logic       last_blk;
  assign last_blk = chroma_q ? (k_q == 5'd23) : (k_q == 5'd15);

  // Stage 0: the block's source, neighbours and terms; four predictions.
  logic [1:0] plane;  // 0 luma, 1 Cb, 2 Cr
  logic [1:0] bx, by;
  assign plane = k_q[4] ? {k_q[2], !k_q[2]} : 2'd0;
  assign bx    = k_q[4] ? {1'b0, k_q[0]} : k_q[1:0];
  assign by    = k_q[4] ? {1'b0, k_q[1]} : k_q[3:2];
  // The block's source: each block's rows are constant wiring of src_q (a computed index
  // into it becomes a shifter over the whole vector in Yosys, D30), the block then selected
  // whole (prim_blk_mux).
  logic [24*128-1:0] src_blks;  // block k's samples, raster, at [k * 128 +: 128]
  for (genvar k = 0; k < 24; k++) begin : g_src_blk
    for (genvar j = 0; j < 4; j++) begin : g_row
      // The row's first sample in the src_i layout.
      localparam int unsigned R = (k < 16) ? 16 * (4 * (k / 4) + j) + 4 * (k % 4) :
                                  256 + 64 * ((k / 4) % 2) + 8 * (4 * ((k / 2) % 2) + j) +
                                  4 * (k % 2);
      assign src_blks[k*128 + j*32 +: 32] = src_q[R*8 +: 32];
    end
  end
  // The select is k_q one-hot, registered beside it (ksel_q[k] == (k_q == k) in Run): no
  // decoder between the counter and the 128-bit wide AND-OR (the stage's critical path, D30).
  logic [23:0]     ksel_q;
  logic [16*8-1:0] src_blk;
  always_ff @(posedge clk_i) begin
    if (state_q == Terms)    ksel_q <= 24'd1;
    else if (state_q == Run) ksel_q <= {ksel_q[22:0], 1'b0};
  end
  always_comb begin
    src_blk = '0;
    for (int k = 0; k < 24; k++) src_blk |= src_blks[k*128 +: 128] & {128{ksel_q[k]}};
  end
  // The four predictions of the block (the terms are loaded in Setup, valid from Run on).
  logic [4*16*8-1:0] pred;
  intra_mb_pred #(.Chroma(Chroma)) u_pred (
    .clk_i, .top_i (top_q), .left_i (left_q), .corner_i (corner_q), .avail_i (avail_q),
    .load_i (state_q == Setup), .plane_i (plane), .bx_i (bx), .by_i (by), .pred_o (pred)
  );

  // Stage 1: the block's differences from its four predictions registered (not the source
  // and the predictions: intra_satd4); four SATDs.
  logic [4*16*9-1:0]    diff;
  for (genvar m = 0; m < 4; m++) begin : g_diff
    for (genvar n = 0; n < 16; n++) begin : g_sample
      assign diff[(16*m + n)*9 +: 9] = 9'(src_blk[n*8 +: 8]) - 9'(pred[(16*m + n)*8 +: 8]);
    end
  end
  logic                 s1_valid_q, s1_chroma_q;
  logic [4*16*9-1:0]    s1_diff_q;
  logic [4*16*11-1:0]   half;  // the SATDs' terms (intra_satd4)
  logic [3:0]           odd;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      s1_valid_q <= 1'b0;
    end else begin
      s1_valid_q <= (state_q == Run);
    end
  end
  always_ff @(posedge clk_i) begin
    s1_chroma_q <= k_q[4];
    s1_diff_q   <= diff;
  end
  for (genvar m = 0; m < 4; m++) begin : g_satd
    intra_satd4 u_satd (.d_i (s1_diff_q[m*144 +: 144]), .half_o (half[m*176 +: 176]),
                        .odd_o (odd[m]));
  end

  // Stage 2: the SATDs' terms registered, then the SATDs (8 * odd + the sum of the terms, the
  // sum after the register: intra_satd4) added to the macroblock's sums.
  logic               s2_valid_q, s2_chroma_q;
  logic [4*16*11-1:0] s2_half_q;
  logic [3:0]         s2_odd_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      s2_valid_q <= 1'b0;
    end else begin
      s2_valid_q <= s1_valid_q;
    end
  end
  always_ff @(posedge clk_i) begin
    s2_chroma_q <= s1_chroma_q;
    s2_half_q   <= half;
    s2_odd_q    <= odd;
  end
  function automatic logic [14:0] satd_of(input logic [16*11-1:0] h, input logic o);
    satd_of = {11'd0, o, 3'd0};
    for (int n = 0; n < 16; n++) satd_of = satd_of + 15'(h[n*11 +: 11]);
  endfunction
  logic [4*15-1:0] s2_satd;
  for (genvar m = 0; m < 4; m++) begin : g_satd_sum
    assign s2_satd[m*15 +: 15] = satd_of(s2_half_q[m*176 +: 176], s2_odd_q[m]);
  end
  logic [4*20-1:0]  luma_sum_q, chroma_sum_q;
  always_ff @(posedge clk_i) begin
    if (state_q == Setup) begin
      luma_sum_q   <= '0;
      chroma_sum_q <= '0;
    end else if (s2_valid_q) begin
      for (int m = 0; m < 4; m++) begin
        if (s2_chroma_q) begin
          chroma_sum_q[m*20 +: 20] <= chroma_sum_q[m*20 +: 20] + 20'(s2_satd[m*15 +: 15]);
        end else begin
          luma_sum_q[m*20 +: 20] <= luma_sum_q[m*20 +: 20] + 20'(s2_satd[m*15 +: 15]);
        end
      end
    end
  end

  // Decision, once the last block's SATD is in the sums. Luma kinds are the luma modes;
  // chroma mode m uses kind {2, 1, 0, 3}[m].
  logic avail_top, avail_left, avail_all;
  assign avail_top  = avail_q[0];
  assign avail_left = avail_q[1];
  assign avail_all  = &avail_q;
  logic [3:0] luma_ok, chroma_ok;
  assign luma_ok   = {avail_all, 1'b1, avail_left, avail_top};      // V, H, DC, plane by bit
  assign chroma_ok = {avail_all, avail_top, avail_left, 1'b1};      // DC, H, V, plane by bit
  logic [4*20-1:0] chroma_by_mode;
  assign chroma_by_mode = {chroma_sum_q[3*20 +: 20], chroma_sum_q[0 +: 20], chroma_sum_q[20 +: 20],
                           chroma_sum_q[2*20 +: 20]};

  function automatic logic [1:0] argmin(input logic [4*20-1:0] cost, input logic [3:0] ok);
    logic [1:0]  best;
    logic [19:0] best_cost;
    logic        have;
    best = 2'd0;
    best_cost = '0;
    have = 1'b0;
    for (int m = 0; m < 4; m++) begin
      if (ok[m] && (!have || cost[m*20 +: 20] < best_cost)) begin
        best = 2'(m);
        best_cost = cost[m*20 +: 20];
        have = 1'b1;
      end
    end
    argmin = best;
  endfunction

  // The pipeline drains two cycles after the last block: Done waits for it.
  logic [1:0] drain_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= Idle;
      k_q     <= '0;
      drain_q <= '0;
      valid_o <= 1'b0;
    end else begin
      unique case (state_q)
        Idle: if (accept) state_q <= Setup;
        Setup: state_q <= Terms;
        Terms: begin
          state_q <= Run;
          k_q     <= '0;
        end
        Run: begin
          k_q <= k_q + 5'd1;
          if (last_blk) begin
            state_q <= Done;
            drain_q <= 2'd3;
          end
        end
        Done: begin
          if (drain_q != 2'd0) begin
            drain_q <= drain_q - 2'd1;
            if (drain_q == 2'd1) valid_o <= 1'b1;
          end else if (ready_i) begin
            valid_o <= 1'b0;
            state_q <= Idle;
          end
        end
        default: state_q <= Idle;
      endcase
    end
  end
  always_ff @(posedge clk_i) begin
    if (state_q == Done && drain_q == 2'd1) begin
      luma_mode_o   <= argmin(luma_sum_q, luma_ok);
      chroma_mode_o <= chroma_q ? argmin(chroma_by_mode, chroma_ok) : 2'd0;
      luma_satd_o   <= luma_sum_q;
      chroma_satd_o <= chroma_by_mode;
    end
  end

  `ASSERT_STABLE_STALL(OutStable_A, valid_o, ready_i,
                       {luma_mode_o, chroma_mode_o, luma_satd_o, chroma_satd_o})
  `ASSERT(KSelOneHot_A, state_q == Run |-> ksel_q == 24'(1) << k_q)
  `ASSERT(LumaModeAvailable_A, valid_o |-> luma_ok[luma_mode_o])
  `ASSERT(ChromaModeAvailable_A, valid_o && chroma_q |-> chroma_ok[chroma_mode_o])
endmodule
