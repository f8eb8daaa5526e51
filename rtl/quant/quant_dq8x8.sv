// Scaling (dequantisation) of an 8x8 block of levels, H.264 8.5.13.1 with flat weights
// (golden: quant::dequant8x8).
//
// The standard's rule with LevelScale8x8 = 16 * V (V = normAdjust8x8[qP % 6][class]):
// qP >= 36: (c * 16V) << (qP/6 - 6), else (c * 16V + 2^(5 - qP/6)) >> (6 - qP/6).
// With flat weights both branches equal ((c * V) << (qP/6) + 2) >> 2: scaling numerator and
// divisor of the second by 2^(qP/6 - 4) (or noting 16V is even for qP/6 = 5) gives the same
// floor, and for qP/6 >= 6 the shifted product is a multiple of 4. The RTL computes that
// single form (one 6-bit multiply, a left shift, +2, an arithmetic right shift by 2).
//
// Raster order in and out (element k = row * 8 + col).
//
// Parameters:
//   LW  width of the signed input levels (16: the standard's level range).
//   OW  width of the signed outputs, at most LW + 13. LW + 13 is exact for every input
//       (|c * V| < 2^(LW+5), V <= 58; shifted by <= 8 then by -2). A caller whose levels are
//       bounded tighter may narrow it (residual_lane8x8: 16, see there).
//   UW  width of the user sideband.
// Latency 1 cycle, one 8x8 block per cycle, valid/ready with backpressure.
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
  input  logic [5:0]       qp_i,
  input  logic [UW-1:0]    user_i,
  output logic             valid_o,
  input  logic             ready_i,
  output logic [64*OW-1:0] coef_o,
  output logic [UW-1:0]    user_o
);
  localparam int unsigned EW = LW + 16;
  localparam logic signed [EW-1:0] TWO = 2;

  // normAdjust8x8 (8.5.9, golden quant::tables::NORM_ADJUST8X8), rows written
  // {class 5, 4, 3, 2, 1, 0}.
  function automatic logic [5:0] v8(input logic [2:0] rem, input int unsigned cls);
    logic [35:0] row;
    case (rem)
      3'd0:    row = {6'd24, 6'd25, 6'd19, 6'd32, 6'd18, 6'd20};
      3'd1:    row = {6'd26, 6'd28, 6'd21, 6'd35, 6'd19, 6'd22};
      3'd2:    row = {6'd31, 6'd33, 6'd24, 6'd42, 6'd23, 6'd26};
      3'd3:    row = {6'd33, 6'd35, 6'd26, 6'd45, 6'd25, 6'd28};
      3'd4:    row = {6'd38, 6'd40, 6'd30, 6'd51, 6'd28, 6'd32};
      default: row = {6'd43, 6'd46, 6'd34, 6'd58, 6'd32, 6'd36};  // rem 5
    endcase
    v8 = row[cls*6 +: 6];
  endfunction

  logic [2:0] rem;
  logic [3:0] per;
  quant_qp_split u_qp_split (
    .qp_i  (qp_i),
    .rem_o (rem),
    .per_o (per)
  );

  logic [64*OW-1:0] d_d, d_q;
  logic [UW-1:0]    user_q;
  logic             valid_q;

  for (genvar k = 0; k < 64; k++) begin : g_pos
    localparam int unsigned I   = k / 8;
    localparam int unsigned J   = k % 8;
    localparam int unsigned CLS =
        (I % 4 == 0 && J % 4 == 0) ? 0 :
        (I % 2 == 1 && J % 2 == 1) ? 1 :
        (I % 4 == 2 && J % 4 == 2) ? 2 :
        ((I % 4 == 0 && J % 2 == 1) || (I % 2 == 1 && J % 4 == 0)) ? 3 :
        ((I % 4 == 0 && J % 4 == 2) || (I % 4 == 2 && J % 4 == 0)) ? 4 : 5;
    logic signed [EW-1:0] c, v;
    assign c = {{(EW-LW){level_i[k*LW+LW-1]}}, level_i[k*LW +: LW]};
    assign v = {{(EW-6){1'b0}}, v8(rem, CLS)};
    assign d_d[k*OW +: OW] = OW'((((c * v) <<< per) + TWO) >>> 2);
  end

  assign ready_o = ~valid_q | ready_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
    end else if (ready_o) begin
      valid_q <= valid_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (ready_o && valid_i) begin
      d_q    <= d_d;
      user_q <= user_i;
    end
  end

  assign valid_o = valid_q;
  assign coef_o  = d_q;
  assign user_o  = user_q;
endmodule
