// Scaling (dequantisation) of one block of levels with flat weights (golden:
// quant::dequant4x4 (N = 16, H.264 8.5.12.1), quant::dequant8x8 (N = 64, 8.5.13.1),
// quant::dequant_luma_dc (Dc, N = 16, 8.5.10; input: transform_luma_dc with Forward = 0),
// quant::dequant_chroma_dc (Dc, N = 4, 8.5.11.2; input: transform_chroma_dc, qp = QP'C)).
//
// Every rule is d = ((c * V) << (qP/6) + Round) >> Shift (quant_dq_coef), V = normAdjust
// (the LevelScale tables divided by 16) of the position's class and qP % 6:
//   4x4: Shift 0, Round 0. The standard's qP >= 24: (c * 16V) << (qP/6 - 4), else
//        (c * 16V + 2^(3 - qP/6)) >> (4 - qP/6): for qP/6 < 4 c * 16V * 2^(qP/6) is a
//        multiple of 16, so the rounding term never reaches the result.
//   8x8 and luma DC: Shift 2, Round 2. The standard's qP >= 36: (c * 16V) << (qP/6 - 6), else
//        (c * 16V + 2^(5 - qP/6)) >> (6 - qP/6): scaling numerator and divisor of the second
//        by 2^(qP/6 - 4) (or noting 16V is even for qP/6 = 5) gives the same floor, and for
//        qP/6 >= 6 the shifted product is a multiple of 4.
//   chroma DC: Shift 1, Round 0: dcC = ((f * 16V) << (qP/6)) >> 5 = ((f * V) << (qP/6)) >> 1.
//
// Raster order in and out; all positions of a 4x4 block are scaled (an Intra16x16 / chroma
// caller replaces index 0 with the DC path's value).
//
// Parameters:
//   N           levels per block: 16 or 64 (4x4 / 8x8 blocks), 16 or 4 (DC sets).
//   Dc          1: a set of DC values (luma, chroma), 0: a 4x4 or 8x8 block.
//   LevelWidth  width of the signed inputs (16: levels; 20 / 18: the luma / chroma inverse DC
//               transforms of 16-bit levels).
//   OutWidth    width of the signed outputs, at most LevelWidth + 13. LevelWidth + VWidth + 8 -
//               Shift is exact for every input (|c * V| < 2^(LevelWidth + VWidth - 1), shifted
//               by <= 8); the default LevelWidth + 13 covers every rule. A caller whose inputs
//               are bounded tighter may narrow it (the residual lanes: 16).
//   UserWidth   width of the user sideband.
// Ports: v_i is the block's row of normAdjust (quant_v4 / quant_v8 of qP % 6; a DC set: class
// 0 only), looked up by the caller so that no table sits in front of the multipliers; per_i is
// qP / 6. Pipeline: 2 stages (quant_dq_coef), latency 2 cycles, one block per cycle,
// valid/ready with backpressure (prim_pipe_ctrl).
module quant_dq_block #(
  parameter  int unsigned N          = 16,
  parameter  bit          Dc         = 1'b0,
  parameter  int unsigned LevelWidth = 16,
  parameter  int unsigned OutWidth   = LevelWidth + 13,
  parameter  int unsigned UserWidth  = 1,
  // normAdjust row: six 6-bit classes (quant_v8) for an 8x8 block, three 5-bit ones (quant_v4)
  // for a 4x4 block, class 0 of quant_v4 for a DC set.
  localparam int unsigned VWidth     = quant_pkg::v_width(N, Dc),
  localparam int unsigned VClasses   = quant_pkg::v_classes(N, Dc)
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       valid_i,
  output logic                       ready_o,
  input  logic [N*LevelWidth-1:0]    level_i,
  input  logic [VClasses*VWidth-1:0] v_i,
  input  logic [3:0]                 per_i,
  input  logic [UserWidth-1:0]       user_i,
  output logic                       valid_o,
  input  logic                       ready_i,
  output logic [N*OutWidth-1:0]      coef_o,
  output logic [UserWidth-1:0]       user_o
);
  localparam int unsigned Shift = quant_pkg::dq_shift(N, Dc);
  localparam int unsigned Round = quant_pkg::dq_round(N, Dc);

  // qP % 6 acts at stage 1 through v_i, qP / 6 at stage 2.
  logic [1:0] en;
  logic [3:0] per;
  quant_ctl #(.Stages (2), .UserWidth (UserWidth)) u_ctl (
    .clk_i, .rst_ni, .valid_i, .ready_o, .per_i, .user_i, .valid_o, .ready_i, .user_o,
    .en_o (en), .per_o (per)
  );

  for (genvar k = 0; k < N; k++) begin : g_pos
    localparam int unsigned Class = quant_pkg::pos_class(N, Dc, k);
    quant_dq_coef #(
      .LevelWidth (LevelWidth), .VWidth (VWidth), .Shift (Shift), .Round (Round),
      .OutWidth (OutWidth)
    ) u_coef (
      .clk_i, .en_i (en), .c_i (level_i[k*LevelWidth +: LevelWidth]),
      .v_i (v_i[Class*VWidth +: VWidth]), .per_i (per), .d_o (coef_o[k*OutWidth +: OutWidth])
    );
  end
endmodule
