// Chroma-DC transform, 4:2:0: the 2x2 Hadamard f = [[1,1],[1,-1]] c [[1,1],[1,-1]], exact, no
// scaling. The encoder's forward transform (golden: transform::forward_chroma_dc;
// quant_q_block absorbs the factor) and the decoder's inverse (8.5.11.1,
// transform::inverse_chroma_dc; quant_dq_block scales next) are the same transform.
//
// Input c = [c00, c01, c10, c11], the DC terms of the four 4x4 chroma blocks. Parameters:
// InWidth input width (13 forward, 16 inverse: levels), UserWidth sideband width.
// |out| <= 4 * 2^(InWidth-1): InWidth+2 bits signed. Latency 1, one set per cycle,
// valid/ready.
module transform_chroma_dc #(
  parameter int unsigned InWidth   = 13,
  parameter int unsigned UserWidth = 1
) (
  `TRANSFORM_PORTS(4, in_i, InWidth, out_o, InWidth + 2)
);
  localparam int unsigned InnerWidth = InWidth + 2;

  // 2x2 Hadamard [[1,1],[1,-1]] c [[1,1],[1,-1]] on c = [c00, c01, c10, c11].
  logic [4*InnerWidth-1:0]      c;
  logic signed [InnerWidth-1:0] c0, c1, c2, c3, s0, d0, s1, d1;
  transform_sext #(.N (4), .InWidth (InWidth), .OutWidth (InnerWidth)) u_sext (
    .in_i, .out_o (c)
  );
  assign {c3, c2, c1, c0} = c;
  assign s0 = c0 + c1;
  assign d0 = c0 - c1;
  assign s1 = c2 + c3;
  assign d1 = c2 - c3;

  logic [4*InnerWidth-1:0] y_d;
  assign y_d = {d0 - d1, s0 - s1, d0 + d1, s0 + s1};

  prim_pipe #(.Width (UserWidth + 4*InnerWidth), .Stages (1)) u_out (
    .clk_i, .rst_ni, .valid_i, .ready_o, .d_i ({user_i, y_d}), .valid_o, .ready_i,
    .q_o ({user_o, out_o})
  );
endmodule
