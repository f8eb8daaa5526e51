// Scaling of the Intra16x16 luma DC, H.264 8.5.10; input f = transform_inv_luma_dc output (golden: quant::dequant_luma_dc).
//
// The standard's qP >= 36: (f * 16V) << (qP/6 - 6), else (f * 16V + 2^(5 - qP/6)) >> (6 - qP/6)
// equals ((f * V) << (qP/6) + 2) >> 2 exactly in both branches (as for 8x8, quant_dq8x8).
// V = normAdjust4x4[qP % 6][class 0] (LevelScale4x4(qP % 6, 0, 0) = 16 V).
//
// Parameters: FW input width (20: transform_inv_luma_dc of 16-bit levels),
// UW sideband width. Output FW+13 bits signed, exact for every input (internal FW+15).
// Latency 1, one set per cycle, valid/ready; qp_i with the set.
module quant_dq_luma_dc #(
  parameter int unsigned FW = 20,
  parameter int unsigned UW = 1
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  valid_i,
  output logic                  ready_o,
  input  logic [16*FW-1:0]      in_i,
  input  logic [5:0]            qp_i,
  input  logic [UW-1:0]         user_i,
  output logic                  valid_o,
  input  logic                  ready_i,
  output logic [16*(FW+13)-1:0] out_o,
  output logic [UW-1:0]         user_o
);
  localparam int unsigned EW = FW + 15;
  localparam int unsigned OW = FW + 13;
  localparam logic signed [EW-1:0] TWO = 2;

  logic [2:0] rem;
  logic [3:0] per;
  quant_qp_split u_qp_split (
    .qp_i  (qp_i),
    .rem_o (rem),
    .per_o (per)
  );

  // normAdjust4x4[qP % 6][class 0].
  logic [4:0] v0;
  always_comb begin
    case (rem)
      3'd0:    v0 = 5'd10;
      3'd1:    v0 = 5'd11;
      3'd2:    v0 = 5'd13;
      3'd3:    v0 = 5'd14;
      3'd4:    v0 = 5'd16;
      default: v0 = 5'd18;
    endcase
  end

  logic [16*OW-1:0] d_d, d_q;
  logic [UW-1:0]    user_q;
  logic             valid_q;
  for (genvar k = 0; k < 16; k++) begin : g_pos
    logic signed [EW-1:0] c, v;
    assign c = {{(EW-FW){in_i[k*FW+FW-1]}}, in_i[k*FW +: FW]};
    assign v = {{(EW-5){1'b0}}, v0};
    assign d_d[k*OW +: OW] = OW'((((c * v) <<< per) + TWO) >>> 2);
  end
  // TWO is used by the luma form only.
  logic unused_two;
  assign unused_two = ^TWO;

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
      d_q <= d_d;
      user_q <= user_i;
    end
  end

  assign valid_o = valid_q;
  assign out_o   = d_q;
  assign user_o  = user_q;
endmodule
