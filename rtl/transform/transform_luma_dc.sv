// Intra16x16 luma-DC transform: the 4x4 Hadamard f = H c H with
// H = [[1,1,1,1],[1,1,-1,-1],[1,-1,-1,1],[1,-1,1,-1]] (8.5.10) over the raster 4x4 grid of the
// macroblock's DC terms.
//   Forward = 1: the encoder's forward transform (golden: transform::forward_luma_dc),
//                round(f / 2) to nearest, ties away from zero (transform_round_sym, Shift 1);
//   Forward = 0: the decoder's inverse (golden: transform::inverse_luma_dc), f itself, no
//                scaling (quant_dq_block scales next).
//
// Parameters:
//   InWidth    input width (13 forward: |c| <= 16 * 256; 16 inverse: levels).
//   Forward    1 forward, 0 inverse.
//   UserWidth  sideband width.
// Widths: the row pass gives |t| <= 4 * 2^(InWidth-1) (registered at InWidth+2 bits),
// |f| <= 16 * 2^(InWidth-1) fits InWidth+4 bits signed, and InWidth+5 inside holds the
// rounding add; both outputs are InWidth+4 bits (the forward's |round(f / 2)| <= 2^(InWidth+2)).
// Pipeline (transform_pipe2): 2 stages (row pass; column pass and the rounding), latency 2,
// one set per cycle, valid/ready with backpressure.
module transform_luma_dc #(
  parameter int unsigned InWidth   = 13,
  parameter bit          Forward   = 1'b1,
  parameter int unsigned UserWidth = 1
) (
  `TRANSFORM_PORTS(16, in_i, InWidth, out_o, InWidth + 4)
);
  localparam int unsigned InnerWidth = InWidth + 5;
  localparam int unsigned RowWidth   = InWidth + 2;  // row-pass results
  localparam int unsigned OutWidth   = InWidth + 4;

  // 1-D 4-point Hadamard with the row order of H.
  function automatic logic [4*InnerWidth-1:0] had4(input logic [4*InnerWidth-1:0] x);
    logic signed [InnerWidth-1:0] s01, s23, d01, d23;
    s01 = $signed(x[0*InnerWidth +: InnerWidth]) + $signed(x[1*InnerWidth +: InnerWidth]);
    s23 = $signed(x[2*InnerWidth +: InnerWidth]) + $signed(x[3*InnerWidth +: InnerWidth]);
    d01 = $signed(x[0*InnerWidth +: InnerWidth]) - $signed(x[1*InnerWidth +: InnerWidth]);
    d23 = $signed(x[2*InnerWidth +: InnerWidth]) - $signed(x[3*InnerWidth +: InnerWidth]);
    had4 = {d01 + d23, d01 - d23, s01 - s23, s01 + s23};
  endfunction

  // Stage 1: row pass.
  logic [16*InnerWidth-1:0] x, t, tt, f;
  transform_sext #(.N (16), .InWidth (InWidth), .OutWidth (InnerWidth)) u_sext (
    .in_i, .out_o (x)
  );
  for (genvar i = 0; i < 4; i++) begin : g_row
    assign t[i*4*InnerWidth +: 4*InnerWidth] = had4(x[i*4*InnerWidth +: 4*InnerWidth]);
  end

  // Stage 2: column pass over the transposed row results (and the forward's halving).
  logic [16*OutWidth-1:0] y;
  for (genvar j = 0; j < 4; j++) begin : g_col
    assign f[j*4*InnerWidth +: 4*InnerWidth] = had4(tt[j*4*InnerWidth +: 4*InnerWidth]);
  end
  for (genvar k = 0; k < 16; k++) begin : g_out
    if (Forward) begin : g_fwd
      transform_round_sym #(
        .InWidth (InnerWidth),
        .Shift  (1),
        .OutWidth (OutWidth)
      ) u_round (
        .y_i (f[k*InnerWidth +: InnerWidth]),
        .r_o (y[k*OutWidth +: OutWidth])
      );
    end else begin : g_inv
      assign y[k*OutWidth +: OutWidth] = f[k*InnerWidth +: OutWidth];
    end
  end

  transform_pipe2 #(
    .N (4), .InnerWidth (InnerWidth), .RowWidth (RowWidth), .OutWidth (OutWidth),
    .UserWidth (UserWidth)
  ) u_pipe (
    .clk_i, .rst_ni, .valid_i, .ready_o, .row_i (t), .user_i, .col_o (tt), .col_i (y), .valid_o,
    .ready_i, .res_o (out_o), .user_o
  );

  // The inverse's column results: the top bit is a sign copy.
  logic unused_f;
  assign unused_f = ^f;
endmodule
