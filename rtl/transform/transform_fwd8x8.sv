// Forward 8x8 transform Y = round(T X T^T / 64) (golden: transform::forward8x8).
//
// T is 8 x the basis of the 8.5.13.2 inverse (see golden/src/transform/mod.rs). Both passes are
// exact; the only rounding is the final division by 64, to nearest with ties away from zero:
// (y + 32 - [y < 0]) >> 6 (transform_round_sym). Raster order, row-major flat buses (element
// k = row * 8 + col).
//
// Parameters:
//   InWidth    width of the signed input residuals (9: -256..255).
//   UserWidth  width of the user sideband.
// Widths: the largest row L1 norm of T is 64, so the row pass stays within 2^(InWidth+5) and
// the column pass within 2^(InWidth+11): InWidth+13 bits signed hold every intermediate (22 for
// InWidth = 9); the rounded output |Y| <= 2^(InWidth+5) needs InWidth+7 bits signed (16).
// The constant multiplies are shift-adds. Pipeline: 4 stages (row pass, registered at
// InWidth+7 bits; the column pass's butterflies (|e| <= 4 * 2^(InWidth+5)), registered at
// InWidth+9; its weighted sums, at InWidth+13; the rounding; the first two in
// transform_pipe2), latency 4 cycles, one 8x8 block per cycle, valid/ready with backpressure.
module transform_fwd8x8 #(
  parameter int unsigned InWidth   = 9,
  parameter int unsigned UserWidth = 1
) (
  `TRANSFORM_PORTS(64, res_i, InWidth, coef_o, InWidth + 7)
);
  localparam int unsigned InnerWidth     = InWidth + 13;
  localparam int unsigned OutWidth       = InWidth + 7;
  localparam int unsigned RowWidth       = InWidth + 7;  // row-pass results, |t| <= 2^(InWidth+5)
  localparam int unsigned ButterflyWidth = InWidth + 9;  // column butterflies
  // The rounding half of the division by 64.
  localparam logic signed [InnerWidth-1:0] HALF = 32;

  // 1-D forward transform with the rows of T:
  //  8  8  8  8  8  8  8  8 / 12 10 6 3 -3 -6 -10 -12 / 8 4 -4 -8 -8 -4 4 8 /
  //  10 -3 -12 -6 6 12 3 -10 / 8 -8 -8 8 8 -8 -8 8 / 6 -12 3 10 -10 -3 12 -6 /
  //  4 -8 8 -4 -4 8 -8 4 / 3 -6 10 -12 12 -10 6 -3.  Even/odd split as in the golden model,
  // in two halves: the butterflies (e0..e3, d0..d3, passed in that order), then the weighted
  // sums, each plus `bias` (the column pass's rounding half, folded into its sums).
  function automatic logic [8*InnerWidth-1:0] fdct8_a(input logic [8*InnerWidth-1:0] x);
    logic signed [InnerWidth-1:0] s0, s1, s2, s3, d0, d1, d2, d3, e0, e1, e2, e3;
    s0 = $signed(x[0*InnerWidth +: InnerWidth]) + $signed(x[7*InnerWidth +: InnerWidth]);
    s1 = $signed(x[1*InnerWidth +: InnerWidth]) + $signed(x[6*InnerWidth +: InnerWidth]);
    s2 = $signed(x[2*InnerWidth +: InnerWidth]) + $signed(x[5*InnerWidth +: InnerWidth]);
    s3 = $signed(x[3*InnerWidth +: InnerWidth]) + $signed(x[4*InnerWidth +: InnerWidth]);
    d0 = $signed(x[0*InnerWidth +: InnerWidth]) - $signed(x[7*InnerWidth +: InnerWidth]);
    d1 = $signed(x[1*InnerWidth +: InnerWidth]) - $signed(x[6*InnerWidth +: InnerWidth]);
    d2 = $signed(x[2*InnerWidth +: InnerWidth]) - $signed(x[5*InnerWidth +: InnerWidth]);
    d3 = $signed(x[3*InnerWidth +: InnerWidth]) - $signed(x[4*InnerWidth +: InnerWidth]);
    e0 = s0 + s3;
    e1 = s1 + s2;
    e2 = s0 - s3;
    e3 = s1 - s2;
    fdct8_a = {d3, d2, d1, d0, e3, e2, e1, e0};
  endfunction

  function automatic logic [8*InnerWidth-1:0] fdct8_b(input logic [8*InnerWidth-1:0] ed,
                                              input logic signed [InnerWidth-1:0] bias);
    logic signed [InnerWidth-1:0] d0, d1, d2, d3, e0, e1, e2, e3;
    logic signed [InnerWidth-1:0] y0, y1, y2, y3, y4, y5, y6, y7;
    {d3, d2, d1, d0, e3, e2, e1, e0} = ed;
    // 12a = 8a + 4a, 10a = 8a + 2a, 6a = 4a + 2a, 3a = 2a + a.
    y0 = ((e0 + e1) <<< 3) + bias;
    y1 = (d0 <<< 3) + (d0 <<< 2) + (d1 <<< 3) + (d1 <<< 1) + (d2 <<< 2) + (d2 <<< 1)
       + (d3 <<< 1) + d3 + bias;
    y2 = (e2 <<< 3) + (e3 <<< 2) + bias;
    y3 = (d0 <<< 3) + (d0 <<< 1) - (d1 <<< 1) - d1 - (d2 <<< 3) - (d2 <<< 2) - (d3 <<< 2)
       - (d3 <<< 1) + bias;
    y4 = ((e0 - e1) <<< 3) + bias;
    y5 = (d0 <<< 2) + (d0 <<< 1) - (d1 <<< 3) - (d1 <<< 2) + (d2 <<< 1) + d2 + (d3 <<< 3)
       + (d3 <<< 1) + bias;
    y6 = (e2 <<< 2) - (e3 <<< 3) + bias;
    y7 = (d0 <<< 1) + d0 - (d1 <<< 2) - (d1 <<< 1) + (d2 <<< 3) + (d2 <<< 1) - (d3 <<< 3)
       - (d3 <<< 2) + bias;
    fdct8_b = {y7, y6, y5, y4, y3, y2, y1, y0};
  endfunction

  // Stage 1: row pass.
  logic [64*InnerWidth-1:0] x, t, tt, et;
  transform_sext #(.N (64), .InWidth (InWidth), .OutWidth (InnerWidth)) u_sext (
    .in_i (res_i), .out_o (x)
  );
  for (genvar i = 0; i < 8; i++) begin : g_row
    assign t[i*8*InnerWidth +: 8*InnerWidth] =
        fdct8_b(fdct8_a(x[i*8*InnerWidth +: 8*InnerWidth]), '0);
  end

  // Stage 2: the column pass's butterflies, over the transposed row results (column j's come
  // back registered at raster positions (0..7, j)).
  logic [64*ButterflyWidth-1:0] e_t, e_q;
  logic [UserWidth-1:0]         e_user;
  logic                         e_valid, e_ready;
  for (genvar j = 0; j < 8; j++) begin : g_col_a
    assign et[j*8*InnerWidth +: 8*InnerWidth] = fdct8_a(tt[j*8*InnerWidth +: 8*InnerWidth]);
    for (genvar i = 0; i < 8; i++) begin : g_i
      assign e_t[(j*8+i)*ButterflyWidth +: ButterflyWidth] =
          et[(j*8+i)*InnerWidth +: ButterflyWidth];
    end
  end

  transform_pipe2 #(
    .N (8), .InnerWidth (InnerWidth), .RowWidth (RowWidth), .OutWidth (ButterflyWidth),
    .UserWidth (UserWidth)
  ) u_pipe (
    .clk_i, .rst_ni, .valid_i, .ready_o, .row_i (t), .user_i, .col_o (tt), .col_i (e_t),
    .valid_o (e_valid), .ready_i (e_ready), .res_o (e_q), .user_o (e_user)
  );

  // Stage 3: each column's weighted sums plus 32 (the rounding half, folded into the sums).
  logic [64*InnerWidth-1:0] c, c_q;
  logic [64*OutWidth-1:0] y;
  logic [UserWidth-1:0]    c_user;
  for (genvar j = 0; j < 8; j++) begin : g_col_b
    logic [8*InnerWidth-1:0] e_col, c_col;
    for (genvar i = 0; i < 8; i++) begin : g_i
      localparam int unsigned K = i * 8 + j;
      assign e_col[i*InnerWidth +: InnerWidth] =
          {{(InnerWidth-ButterflyWidth){e_q[K*ButterflyWidth+ButterflyWidth-1]}},
           e_q[K*ButterflyWidth +: ButterflyWidth]};
      assign c[(i*8+j)*InnerWidth +: InnerWidth] = c_col[i*InnerWidth +: InnerWidth];
    end
    assign c_col = fdct8_b(e_col, HALF);
  end

  logic [1:0] en;
  prim_pipe_ctrl #(.Stages (2)) u_ctrl (
    .clk_i, .rst_ni, .valid_i (e_valid), .ready_o (e_ready), .valid_o, .ready_i, .en_o (en)
  );
  prim_pipe_reg #(.Width (UserWidth + 64*InnerWidth), .Stages (1)) u_sums (
    .clk_i, .en_i (en[0]), .d_i ({e_user, c}), .q_o ({c_user, c_q})
  );

  // Stage 4: the division by 64 (its sign and zero tests need the whole sum: a stage of its
  // own).
  for (genvar k = 0; k < 64; k++) begin : g_rnd
    transform_round_sym #(
      .InWidth  (InnerWidth),
      .Shift    (6),
      .OutWidth (OutWidth),
      .Biased   (1'b1)
    ) u_round (
      .y_i (c_q[k*InnerWidth +: InnerWidth]),
      .r_o (y[k*OutWidth +: OutWidth])
    );
  end

  prim_pipe_reg #(.Width (UserWidth + 64*OutWidth), .Stages (1)) u_out (
    .clk_i, .en_i (en[1]), .d_i ({c_user, y}), .q_o ({user_o, coef_o})
  );

  // The column butterflies' top bits are sign copies of the ButterflyWidth kept.
  logic unused_et;
  assign unused_et = ^et;
endmodule
