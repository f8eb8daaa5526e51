// Scaling (dequantisation) of a 4x4 block of levels, H.264 8.5.12.1 with flat weights
// (golden: quant::dequant4x4).
//
// The standard's rule with LevelScale4x4 = 16 * V (V = normAdjust4x4[qP % 6][class]):
// qP >= 24: (c * 16V) << (qP/6 - 4), else (c * 16V + 2^(3 - qP/6)) >> (4 - qP/6).
// With flat weights both branches equal (c * V) << (qP/6) exactly: for qP/6 < 4 the numerator
// c * 16V * 2^(qP/6) is a multiple of 16, so the rounding term never reaches the result. The
// RTL computes that single form (quant_dq_coef with SH = 0: a 5-bit multiply, a left shift).
//
// Raster order in and out; all 16 positions are scaled (an Intra16x16 / chroma caller replaces
// index 0 with the DC path's value).
//
// Parameters:
//   LW  width of the signed input levels (16: the standard's level range).
//   OW  width of the signed outputs, at most LW + 13. LW + 13 is exact for every input
//       (|c * V| < 2^(LW+4), V <= 29; shifted by <= 8). A caller whose levels are bounded
//       tighter may narrow it (residual_lane: 16, see there).
//   UW  width of the user sideband.
// Pipeline: 2 stages (quant_dq_coef), latency 2 cycles, one block per cycle, valid/ready with
// backpressure; v_i (the block's row of normAdjust, quant_v4 of qP % 6, looked up by the
// caller so that no table sits in front of the multipliers) and per_i (qP / 6) come with it.
module quant_dq4x4 #(
  parameter int unsigned LW = 16,
  parameter int unsigned OW = LW + 13,
  parameter int unsigned UW = 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             valid_i,
  output logic             ready_o,
  input  logic [16*LW-1:0] level_i,
  input  logic [3*5-1:0]   v_i,
  input  logic [3:0]       per_i,
  input  logic [UW-1:0]    user_i,
  output logic             valid_o,
  input  logic             ready_i,
  output logic [16*OW-1:0] coef_o,
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


  for (genvar k = 0; k < 16; k++) begin : g_pos
    localparam int unsigned I   = k / 4;
    localparam int unsigned J   = k % 4;
    localparam int unsigned CLS = (I % 2 == 0 && J % 2 == 0) ? 0 :
                                  (I % 2 == 1 && J % 2 == 1) ? 1 : 2;
    quant_dq_coef #(
      .LW  (LW),
      .VW  (5),
      .SH  (0),
      .RND (0),
      .OW  (OW)
    ) u_coef (
      .clk_i,
      .en_i  (en),
      .c_i   (level_i[k*LW +: LW]),
      .v_i   (v_i[CLS*5 +: 5]),
      .per_i (per),
      .d_o   (coef_o[k*OW +: OW])
    );
  end
endmodule
