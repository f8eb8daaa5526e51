// deblock_edge: the deblocking filter of H.264 8.7.2 on one 4-line segment of one edge a
// cycle (golden: deblock::filter_line, i.e. filter.rs EdgeParams::new, then luma_line or
// chroma_line; the lines of one edge are independent, so a segment is four calls). The
// arithmetic core of the decoder lane's deblocking stage: the stage walks the edges of 8.7
// and hands each one here as 16 (luma) or 8 (4:2:0 chroma) lines, four a beat.
//
// Latency 3, one segment per cycle, valid/ready (prim_pipe_ctrl). Stages:
//   1  indexA / indexB = Clip3(0, 51, qPav + FilterOffsetA / B) and the ROMs (deblock_rom:
//      alpha, beta, tC0 at bS); in parallel, per line, everything that needs only samples:
//      the five |differences| of 8.7.2.2, the unclipped delta of (8-467), the unclipped p1 / q1
//      steps of (8-470) / (8-472), the strong means of (8-477)..(8-479) / (8-484)..(8-486)
//      and the two [2 1 1] means of (8-480) / (8-487) (bS 4, and chroma bS 4).
//   2  filterSamplesFlag (8-460), ap / aq < beta, the strong gate |p0 - q0| < (alpha >> 2) + 2,
//      tC (8-465 / 8-466), delta clipped to +-tC, p'1 / q'1 = p1 / q1 + Clip3(+-tC0, step);
//      every output sample chosen except p'0 / q'0 of the bS < 4 path.
//   3  p'0 = Clip1(p0 + delta), q'0 = Clip1(q0 - delta) (8-468, 8-469) where bS < 4 filters.
//
// Ports:
//   valid_i, ready_o   one segment in
//   chroma_i           chromaEdgeFlag with ChromaArrayType 1 (chromaStyleFilteringFlag): only
//                      p0 / q0 change, from p1..q1; p3, p2, q2, q3 pass through
//   bs_i               bS, 0..4 (0: the lines pass through); 5..7 are not allowed (SVA)
//   qp_av_i            qPav, 0..63 (0..51 in a stream; chroma: the mean of the two QPC)
//   offset_a_i         FilterOffsetA, two's complement, -16..15 (-12..12 in a stream)
//   offset_b_i         FilterOffsetB, likewise
//   lines_i            4 lines p3 p2 p1 p0 q0 q1 q2 q3 across the edge: sample i (0: p3,
//                      3: p0, 4: q0, 7: q3) of line l in bits [(8*l + i)*8 +: 8]
//   valid_o, ready_i   the segment out
//   lines_o            the 4 filtered lines, same layout
//
// Assertions: bS in range on an offered segment; lines_o held while stalled.
module deblock_edge (
  input  logic           clk_i,
  input  logic           rst_ni,
  input  logic           valid_i,
  output logic           ready_o,
  input  logic           chroma_i,
  input  logic [2:0]     bs_i,
  input  logic [5:0]     qp_av_i,
  input  logic [4:0]     offset_a_i,
  input  logic [4:0]     offset_b_i,
  input  logic [4*64-1:0] lines_i,
  output logic           valid_o,
  input  logic           ready_i,
  output logic [4*64-1:0] lines_o
);
  logic [2:0] en;
  prim_pipe_ctrl #(.Stages (3)) u_ctrl (
    .clk_i, .rst_ni, .valid_i, .ready_o, .valid_o, .ready_i, .en_o (en)
  );

  // ---- Stage 1: edge parameters -------------------------------------------------------------
  // qPav + offset in -16..78: 8-bit two's complement, then Clip3(0, 51, .).
  logic [7:0] sum_a, sum_b;
  logic [5:0] index_a, index_b;
  assign sum_a = {2'b00, qp_av_i} + {{3{offset_a_i[4]}}, offset_a_i};
  assign sum_b = {2'b00, qp_av_i} + {{3{offset_b_i[4]}}, offset_b_i};
  assign index_a = sum_a[7] ? 6'd0 : (sum_a[6:0] > 7'd51) ? 6'd51 : sum_a[5:0];
  assign index_b = sum_b[7] ? 6'd0 : (sum_b[6:0] > 7'd51) ? 6'd51 : sum_b[5:0];

  logic [7:0]  alpha;
  logic [14:0] tc0_all;
  logic [4:0]  beta, tc0;
  deblock_rom u_rom (
    .index_a_i (index_a), .index_b_i (index_b), .alpha_o (alpha), .tc0_o (tc0_all),
    .beta_o (beta)
  );
  // tC0 of Table 8-17 at bS 1..3; bS 0 and 4 do not use it (golden: 0).
  always_comb begin
    unique case (bs_i)
      3'd1:    tc0 = tc0_all[4:0];
      3'd2:    tc0 = tc0_all[9:5];
      3'd3:    tc0 = tc0_all[14:10];
      default: tc0 = 5'd0;
    endcase
  end

  logic       chroma_q1, bs4_q1, bsnz_q1;
  logic [7:0] alpha_q1;
  logic [4:0] beta_q1, tc0_q1;
  always_ff @(posedge clk_i) begin
    if (en[0]) begin
      chroma_q1 <= chroma_i;
      bs4_q1    <= bs_i == 3'd4;
      bsnz_q1   <= bs_i != 3'd0;
      alpha_q1  <= alpha;
      beta_q1   <= beta;
      tc0_q1    <= tc0;
    end
  end

  // ---- Stage 2: shared decisions --------------------------------------------------------
  // (alpha >> 2) + 2 of the strong gate (8-476), 0..65.
  logic [6:0] alpha_sg;
  assign alpha_sg = {1'b0, alpha_q1[7:2]} + 7'd2;

  // ---- Per line -----------------------------------------------------------------------------
  for (genvar l = 0; l < 4; l++) begin : g_line
    // Stage 1: sample arithmetic.
    logic [7:0] p3, p2, p1, p0, q0, q1, q2, q3;
    assign {q3, q2, q1, q0, p0, p1, p2, p3} = lines_i[l*64 +: 64];

    logic [7:0]  ad_p0q0, ad_p1p0, ad_q1q0, ad_p2p0, ad_q2q0;
    assign ad_p0q0 = (p0 > q0) ? p0 - q0 : q0 - p0;
    assign ad_p1p0 = (p1 > p0) ? p1 - p0 : p0 - p1;
    assign ad_q1q0 = (q1 > q0) ? q1 - q0 : q0 - q1;
    assign ad_p2p0 = (p2 > p0) ? p2 - p0 : p0 - p2;
    assign ad_q2q0 = (q2 > q0) ? q2 - q0 : q0 - q2;

    // (8-467) before its clip: (((q0 - p0) << 2) + (p1 - q1) + 4) >> 3, in -159..159. The sum
    // (-1271..1279) is exact in 12-bit two's complement; >> 3 is its bits [11:3].
    logic [11:0] dsum;
    assign dsum = (({4'b0, q0} - {4'b0, p0}) << 2) + {4'b0, p1} - {4'b0, q1} + 12'd4;

    // (8-470) / (8-472) before the clip: (p2 + ((p0 + q0 + 1) >> 1) - (p1 << 1)) >> 1, in
    // -255..255; the sum (-510..510) is exact in 10 bits.
    logic [8:0] mean;
    logic [9:0] psum, qsum;
    assign mean = {1'b0, p0} + {1'b0, q0} + 9'd1;
    assign psum = {2'b0, p2} + {2'b0, mean[8:1]} - {1'b0, p1, 1'b0};
    assign qsum = {2'b0, q2} + {2'b0, mean[8:1]} - {1'b0, q1, 1'b0};

    // bS 4 (8.7.2.4): the strong means and the [2 1 1] means; all in 0..255.
    logic [10:0] p0s, q0s, p2s, q2s;
    logic [9:0]  p1s, q1s, p0w, q0w;
    assign p0s = {3'b0, p2} + {2'b0, p1, 1'b0} + {2'b0, p0, 1'b0} + {2'b0, q0, 1'b0}
               + {3'b0, q1} + 11'd4;
    assign p1s = {2'b0, p2} + {2'b0, p1} + {2'b0, p0} + {2'b0, q0} + 10'd2;
    assign p2s = {2'b0, p3, 1'b0} + {3'b0, p2} + {2'b0, p2, 1'b0} + {3'b0, p1} + {3'b0, p0}
               + {3'b0, q0} + 11'd4;
    assign q0s = {3'b0, p1} + {2'b0, p0, 1'b0} + {2'b0, q0, 1'b0} + {2'b0, q1, 1'b0}
               + {3'b0, q2} + 11'd4;
    assign q1s = {2'b0, p0} + {2'b0, q0} + {2'b0, q1} + {2'b0, q2} + 10'd2;
    assign q2s = {2'b0, q3, 1'b0} + {3'b0, q2} + {2'b0, q2, 1'b0} + {3'b0, q1} + {3'b0, q0}
               + {3'b0, p0} + 11'd4;
    assign p0w = {1'b0, p1, 1'b0} + {2'b0, p0} + {2'b0, q1} + 10'd2;
    assign q0w = {1'b0, q1, 1'b0} + {2'b0, q0} + {2'b0, p1} + 10'd2;

    logic unused_frac;  // the bits the >> of each equation drops
    assign unused_frac = ^{dsum[2:0], mean[0], psum[0], qsum[0], p0s[2:0], q0s[2:0], p2s[2:0],
                           q2s[2:0], p1s[1:0], q1s[1:0], p0w[1:0], q0w[1:0]};

    logic [63:0] line_q1;
    logic [7:0]  ad_p0q0_q1, ad_p1p0_q1, ad_q1q0_q1, ad_p2p0_q1, ad_q2q0_q1;
    logic [8:0]  delta0_q1, pstep_q1, qstep_q1;
    logic [7:0]  p0s_q1, p1s_q1, p2s_q1, q0s_q1, q1s_q1, q2s_q1, p0w_q1, q0w_q1;
    always_ff @(posedge clk_i) begin
      if (en[0]) begin
        line_q1    <= lines_i[l*64 +: 64];
        ad_p0q0_q1 <= ad_p0q0;
        ad_p1p0_q1 <= ad_p1p0;
        ad_q1q0_q1 <= ad_q1q0;
        ad_p2p0_q1 <= ad_p2p0;
        ad_q2q0_q1 <= ad_q2q0;
        delta0_q1  <= dsum[11:3];
        pstep_q1   <= psum[9:1];
        qstep_q1   <= qsum[9:1];
        p0s_q1     <= p0s[10:3];
        p1s_q1     <= p1s[9:2];
        p2s_q1     <= p2s[10:3];
        q0s_q1     <= q0s[10:3];
        q1s_q1     <= q1s[9:2];
        q2s_q1     <= q2s[10:3];
        p0w_q1     <= p0w[9:2];
        q0w_q1     <= q0w[9:2];
      end
    end

    // Stage 2: decisions, tC, the clips, the output choice.
    logic [7:0] p1_1, q1_1;
    assign p1_1 = line_q1[2*8 +: 8];
    assign q1_1 = line_q1[5*8 +: 8];

    logic filt, ap_lt, aq_lt, strong_gate;
    assign filt = bsnz_q1 && (ad_p0q0_q1 < alpha_q1) && (ad_p1p0_q1 < {3'b0, beta_q1})
               && (ad_q1q0_q1 < {3'b0, beta_q1});
    assign ap_lt = ad_p2p0_q1 < {3'b0, beta_q1};
    assign aq_lt = ad_q2q0_q1 < {3'b0, beta_q1};
    assign strong_gate = {1'b0, ad_p0q0_q1} < {2'b0, alpha_sg};

    // tC: tC0 + (ap < beta) + (aq < beta) for luma (8-465), tC0 + 1 for chroma (8-466).
    logic [4:0] tc;
    assign tc = tc0_q1 + {4'b0, chroma_q1 | ap_lt} + {4'b0, ~chroma_q1 & aq_lt};

    // delta = Clip3(-tC, tC, .) (8-467), in -27..27: 6-bit two's complement.
    logic signed [8:0] d0, tcs;
    logic [5:0] delta;
    assign d0  = $signed(delta0_q1);
    assign tcs = $signed({4'b0, tc});
    assign delta = (d0 > tcs) ? {1'b0, tc} : (d0 < -tcs) ? 6'd0 - {1'b0, tc} : delta0_q1[5:0];

    // p'1 = p1 + Clip3(-tC0, tC0, step) (8-470), q'1 likewise (8-472): in 0..255 (golden's
    // sample()), so the 8-bit sum is exact.
    logic signed [8:0] ps, qs, tc0s;
    logic [5:0] pc, qc;
    logic [7:0] p1_w, q1_w;
    assign ps   = $signed(pstep_q1);
    assign qs   = $signed(qstep_q1);
    assign tc0s = $signed({4'b0, tc0_q1});
    assign pc = (ps > tc0s) ? {1'b0, tc0_q1} : (ps < -tc0s) ? 6'd0 - {1'b0, tc0_q1}
              : pstep_q1[5:0];
    assign qc = (qs > tc0s) ? {1'b0, tc0_q1} : (qs < -tc0s) ? 6'd0 - {1'b0, tc0_q1}
              : qstep_q1[5:0];
    assign p1_w = p1_1 + {{2{pc[5]}}, pc};
    assign q1_w = q1_1 + {{2{qc[5]}}, qc};

    // Every output sample but p'0 / q'0 of the bS < 4 path (there p0 / q0 stay for stage 3).
    logic [63:0] line2;
    logic        tcp;
    always_comb begin
      line2 = line_q1;
      tcp = 1'b0;
      if (filt) begin
        if (bs4_q1) begin
          if (chroma_q1) begin
            line2[3*8 +: 8] = p0w_q1;
            line2[4*8 +: 8] = q0w_q1;
          end else begin
            if (ap_lt && strong_gate) begin
              line2[3*8 +: 8] = p0s_q1;
              line2[2*8 +: 8] = p1s_q1;
              line2[1*8 +: 8] = p2s_q1;
            end else begin
              line2[3*8 +: 8] = p0w_q1;
            end
            if (aq_lt && strong_gate) begin
              line2[4*8 +: 8] = q0s_q1;
              line2[5*8 +: 8] = q1s_q1;
              line2[6*8 +: 8] = q2s_q1;
            end else begin
              line2[4*8 +: 8] = q0w_q1;
            end
          end
        end else begin
          tcp = 1'b1;
          if (!chroma_q1 && ap_lt) begin
            line2[2*8 +: 8] = p1_w;
          end
          if (!chroma_q1 && aq_lt) begin
            line2[5*8 +: 8] = q1_w;
          end
        end
      end
    end

    logic [63:0] line_q2;
    logic        tcp_q2;
    logic [5:0]  delta_q2;
    always_ff @(posedge clk_i) begin
      if (en[1]) begin
        line_q2  <= line2;
        tcp_q2 <= tcp;
        delta_q2 <= delta;
      end
    end

    // Stage 3: p'0 = Clip1(p0 + delta), q'0 = Clip1(q0 - delta), sums in -27..282.
    logic [9:0] p0_sum, q0_sum;
    logic [7:0] p0_c, q0_c;
    assign p0_sum = {2'b0, line_q2[3*8 +: 8]} + {{4{delta_q2[5]}}, delta_q2};
    assign q0_sum = {2'b0, line_q2[4*8 +: 8]} - {{4{delta_q2[5]}}, delta_q2};
    assign p0_c = p0_sum[9] ? 8'd0 : p0_sum[8] ? 8'd255 : p0_sum[7:0];
    assign q0_c = q0_sum[9] ? 8'd0 : q0_sum[8] ? 8'd255 : q0_sum[7:0];

    logic [63:0] line3;
    assign line3 = tcp_q2 ? {line_q2[63:40], q0_c, p0_c, line_q2[23:0]} : line_q2;

    logic [63:0] line_q3;
    always_ff @(posedge clk_i) begin
      if (en[2]) begin
        line_q3 <= line3;
      end
    end
    assign lines_o[l*64 +: 64] = line_q3;
  end

  `ASSERT(BsInRange_A, !valid_i || bs_i <= 3'd4)
  `ASSERT_STABLE_STALL(OutStableWhileStalled_A, valid_o, ready_i, lines_o)
endmodule
