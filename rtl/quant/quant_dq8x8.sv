// Scaling (dequantisation) of an 8x8 block of levels, H.264 8.5.13.1 with flat weights
// (golden: quant::dequant8x8).
//
// The standard's rule with LevelScale8x8 = 16 * V (V = normAdjust8x8[qP % 6][class]):
// qP >= 36: (c * 16V) << (qP/6 - 6), else (c * 16V + 2^(5 - qP/6)) >> (6 - qP/6).
// With flat weights both branches equal ((c * V) << (qP/6) + 2) >> 2: scaling numerator and
// divisor of the second by 2^(qP/6 - 4) (or noting 16V is even for qP/6 = 5) gives the same
// floor, and for qP/6 >= 6 the shifted product is a multiple of 4. The RTL computes that
// single form (quant_dq_coef with SH = 2, RND = 2: a 6-bit multiply, a left shift, +2, an
// arithmetic right shift by 2).
//
// Raster order in and out (element k = row * 8 + col).
//
// Parameters:
//   LW  width of the signed input levels (16: the standard's level range).
//   OW  width of the signed outputs, at most LW + 13. LW + 13 is exact for every input
//       (|c * V| < 2^(LW+5), V <= 58; shifted by <= 8 then by -2). A caller whose levels are
//       bounded tighter may narrow it (residual_lane8x8: 16, see there).
//   UW  width of the user sideband.
// Pipeline: 2 stages (quant_dq_coef), latency 2 cycles, one 8x8 block per cycle, valid/ready
// with backpressure; v_i (the block's row of normAdjust, quant_v8 of qP % 6, looked up by the
// caller so that no table sits in front of the multipliers) and per_i (qP / 6) come with it.
module quant_dq8x8 #(
  parameter int unsigned LW = 16,
  parameter int unsigned OW = LW + 13,
  parameter int unsigned UW = 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             valid_i,
  output logic             ready_o,
  input  logic [64*LW-1:0] level_i,
  input  logic [6*6-1:0]   v_i,
  input  logic [3:0]       per_i,
  input  logic [UW-1:0]    user_i,
  output logic             valid_o,
  input  logic             ready_i,
  output logic [64*OW-1:0] coef_o,
  output logic [UW-1:0]    user_o
);
  logic [1:0] en;
  logic [3:0] per;
  quant_dq_ctl #(
    .UW (UW)
  ) u_ctl (
    .clk_i,
    .rst_ni,
    .valid_i,
    .ready_o,
    .per_i,
    .user_i,
    .valid_o,
    .ready_i,
    .user_o,
    .en_o  (en),
    .per_o (per)
  );


  for (genvar k = 0; k < 64; k++) begin : g_pos
    // Position class of quant::tables::class8x8 (as in quant_q8x8).
    localparam int unsigned I   = k / 8;
    localparam int unsigned J   = k % 8;
    localparam int unsigned CLS =
        (I % 4 == 0 && J % 4 == 0) ? 0 :
        (I % 2 == 1 && J % 2 == 1) ? 1 :
        (I % 4 == 2 && J % 4 == 2) ? 2 :
        ((I % 4 == 0 && J % 2 == 1) || (I % 2 == 1 && J % 4 == 0)) ? 3 :
        ((I % 4 == 0 && J % 4 == 2) || (I % 4 == 2 && J % 4 == 0)) ? 4 : 5;
    quant_dq_coef #(
      .LW  (LW),
      .VW  (6),
      .SH  (2),
      .RND (2),
      .OW  (OW)
    ) u_coef (
      .clk_i,
      .en_i  (en),
      .c_i   (level_i[k*LW +: LW]),
      .v_i   (v_i[CLS*6 +: 6]),
      .per_i (per),
      .d_o   (coef_o[k*OW +: OW])
    );
  end
endmodule
