// Scaling (dequantisation) of a 4x4 block of levels, H.264 8.5.12.1 with flat weights
// (golden: quant::dequant4x4).
//
// The standard's rule with LevelScale4x4 = 16 * V (V = normAdjust4x4[qP % 6][class]):
// qP >= 24: (c * 16V) << (qP/6 - 4), else (c * 16V + 2^(3 - qP/6)) >> (4 - qP/6).
// With flat weights both branches equal (c * V) << (qP/6) exactly: for qP/6 < 4 the numerator
// c * 16V * 2^(qP/6) is a multiple of 16, so the rounding term never reaches the result. The
// RTL computes that single form (one 5-bit multiply and a left shift).
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
// Latency 1 cycle, one block per cycle, valid/ready with backpressure; qp_i with the block.
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
  input  logic [5:0]       qp_i,
  input  logic [UW-1:0]    user_i,
  output logic             valid_o,
  input  logic             ready_i,
  output logic [16*OW-1:0] coef_o,
  output logic [UW-1:0]    user_o
);
  localparam int unsigned EW = LW + 13;

  // normAdjust4x4 (8.5.9, golden quant::tables::NORM_ADJUST4X4), rows written
  // {class 2, class 1, class 0}.
  function automatic logic [4:0] v4(input logic [2:0] rem, input int unsigned cls);
    logic [14:0] row;
    case (rem)
      3'd0:    row = {5'd13, 5'd16, 5'd10};
      3'd1:    row = {5'd14, 5'd18, 5'd11};
      3'd2:    row = {5'd16, 5'd20, 5'd13};
      3'd3:    row = {5'd18, 5'd23, 5'd14};
      3'd4:    row = {5'd20, 5'd25, 5'd16};
      default: row = {5'd23, 5'd29, 5'd18};  // rem 5
    endcase
    v4 = row[cls*5 +: 5];
  endfunction

  logic [2:0] rem;
  logic [3:0] per;
  quant_qp_split u_qp_split (
    .qp_i  (qp_i),
    .rem_o (rem),
    .per_o (per)
  );

  logic [16*OW-1:0] d_d, d_q;
  logic [UW-1:0]    user_q;
  logic             valid_q;

  for (genvar k = 0; k < 16; k++) begin : g_pos
    localparam int unsigned I   = k / 4;
    localparam int unsigned J   = k % 4;
    localparam int unsigned CLS = (I % 2 == 0 && J % 2 == 0) ? 0 :
                                  (I % 2 == 1 && J % 2 == 1) ? 1 : 2;
    logic signed [EW-1:0] c, v;
    assign c = {{(EW-LW){level_i[k*LW+LW-1]}}, level_i[k*LW +: LW]};
    assign v = {{(EW-5){1'b0}}, v4(rem, CLS)};
    assign d_d[k*OW +: OW] = OW'((c * v) <<< per);
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
