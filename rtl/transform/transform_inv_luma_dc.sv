// Inverse luma-DC transform, H.264 8.5.10 (golden: transform::inverse_luma_dc): f = H c H,
// no scaling (quant_dq_luma_dc scales next).
//
// Parameters: IW input width (16: levels), UW sideband width. |f| <= 16 * 2^(IW-1): IW+4
// bits signed, exact. Latency 1, one set per cycle, valid/ready.
module transform_inv_luma_dc #(
  parameter int unsigned IW = 16,
  parameter int unsigned UW = 1
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              valid_i,
  output logic              ready_o,
  input  logic [16*IW-1:0]  in_i,
  input  logic [UW-1:0]     user_i,
  output logic              valid_o,
  input  logic              ready_i,
  output logic [16*(IW+4)-1:0]  out_o,
  output logic [UW-1:0]     user_o
);
  localparam int unsigned NW = IW + 4;

  // 1-D 4-point Hadamard with the row order of the 8.5.10 matrix
  // [[1,1,1,1],[1,1,-1,-1],[1,-1,-1,1],[1,-1,1,-1]].
  function automatic logic [4*NW-1:0] had4(input logic [4*NW-1:0] x);
    logic signed [NW-1:0] s01, s23, d01, d23;
    s01 = $signed(x[0*NW +: NW]) + $signed(x[1*NW +: NW]);
    s23 = $signed(x[2*NW +: NW]) + $signed(x[3*NW +: NW]);
    d01 = $signed(x[0*NW +: NW]) - $signed(x[1*NW +: NW]);
    d23 = $signed(x[2*NW +: NW]) - $signed(x[3*NW +: NW]);
    had4 = {d01 + d23, d01 - d23, s01 - s23, s01 + s23};
  endfunction

  logic [16*NW-1:0] x, t, f;
  for (genvar k = 0; k < 16; k++) begin : g_ext
    assign x[k*NW +: NW] = {{(NW-IW){in_i[k*IW+IW-1]}}, in_i[k*IW +: IW]};
  end
  for (genvar i = 0; i < 4; i++) begin : g_row
    assign t[i*4*NW +: 4*NW] = had4(x[i*4*NW +: 4*NW]);
  end
  for (genvar j = 0; j < 4; j++) begin : g_col
    logic [4*NW-1:0] col_in, col_out;
    for (genvar i = 0; i < 4; i++) begin : g_i
      assign col_in[i*NW +: NW]  = t[(i*4+j)*NW +: NW];
      assign f[(i*4+j)*NW +: NW] = col_out[i*NW +: NW];
    end
    assign col_out = had4(col_in);
  end

  logic [16*NW-1:0] f_q;
  logic [UW-1:0]    user_q;
  logic             valid_q;

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
      f_q <= f;
      user_q <= user_i;
    end
  end

  assign valid_o = valid_q;
  assign out_o  = f_q;
  assign user_o  = user_q;
endmodule
