// Chroma-DC transform, 4:2:0: the 2x2 Hadamard f = [[1,1],[1,-1]] c [[1,1],[1,-1]], exact, no
// scaling. The encoder's forward transform (golden: transform::forward_chroma_dc; quant_q_dc
// absorbs the factor) and the decoder's inverse (8.5.11.1, transform::inverse_chroma_dc;
// quant_dq_dc scales next) are the same transform.
//
// Input c = [c00, c01, c10, c11], the DC terms of the four 4x4 chroma blocks. Parameters: IW
// input width (13 forward, 16 inverse: levels), UW sideband width. |out| <= 4 * 2^(IW-1):
// IW+2 bits signed. Latency 1, one set per cycle, valid/ready.
module transform_chroma_dc #(
  parameter int unsigned IW = 13,
  parameter int unsigned UW = 1
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              valid_i,
  output logic              ready_o,
  input  logic [4*IW-1:0]  in_i,
  input  logic [UW-1:0]     user_i,
  output logic              valid_o,
  input  logic              ready_i,
  output logic [4*(IW+2)-1:0]  out_o,
  output logic [UW-1:0]     user_o
);
  localparam int unsigned NW = IW + 2;

  // 2x2 Hadamard [[1,1],[1,-1]] c [[1,1],[1,-1]] on c = [c00, c01, c10, c11].
  logic signed [NW-1:0] c0, c1, c2, c3, s0, d0, s1, d1;
  assign c0 = {{(NW-IW){in_i[0*IW+IW-1]}}, in_i[0*IW +: IW]};
  assign c1 = {{(NW-IW){in_i[1*IW+IW-1]}}, in_i[1*IW +: IW]};
  assign c2 = {{(NW-IW){in_i[2*IW+IW-1]}}, in_i[2*IW +: IW]};
  assign c3 = {{(NW-IW){in_i[3*IW+IW-1]}}, in_i[3*IW +: IW]};
  assign s0 = c0 + c1;
  assign d0 = c0 - c1;
  assign s1 = c2 + c3;
  assign d1 = c2 - c3;

  logic [4*NW-1:0] y_d;
  assign y_d = {d0 - d1, s0 - s1, d0 + d1, s0 + s1};

  logic en;
  prim_pipe_ctrl #(
    .S (1)
  ) u_ctrl (
    .clk_i,
    .rst_ni,
    .valid_i,
    .ready_o,
    .valid_o,
    .ready_i,
    .en_o (en)
  );

  prim_pipe_reg #(
    .W (UW + 4*NW),
    .S (1)
  ) u_out (
    .clk_i,
    .en_i (en),
    .d_i  ({user_i, y_d}),
    .q_o  ({user_o, out_o})
  );
endmodule
