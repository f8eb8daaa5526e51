// Inverse 8x8 transform, H.264 8.5.13.2 (golden: transform::inverse8x8).
//
// Rows first (f), then columns (m), then r = (m + 32) >> 6; the order is normative (the `>> 1`
// and `>> 2` truncations inside the butterfly). Raster order, row-major flat buses. The + 32
// is added to the DC coefficient d00 instead: d00 reaches every output of both passes with
// weight +1 and through no `>> 1` / `>> 2`, so each m gains exactly 32 and `>> 6` is wiring.
//
// Parameters:
//   Width      width of the signed scaled coefficients d (16: a conforming stream's range).
//   UserWidth  width of the user sideband.
// Widths: per 1-D pass |a1|, |a7| <= 3.5M, |b1|, |b7| <= 4.375M, |b0| <= 3.5M, so every output
// is below 7.875M < 8M (M = max|in|): two passes stay below 2^(Width+5), the rounding add below
// 2^(Width+6), and Width+7 bits signed is exact (the golden model wraps at 32 bits:
// Width + 7 <= 32 keeps both equal). |r| < 2^(Width-1) + 1 fits the Width-bit output.
// The row results are registered at Width + 3 bits (|f| < 7.875 * 2^(Width-1), the rounding
// term included), the column pass's first half (the a terms, |a| < 3.5 * 2^(Width+2)) at
// Width + 5.
// Pipeline: 3 stages (row pass; column a terms; column b terms and outputs; the first two in
// transform_pipe2), latency 3 cycles, one 8x8 block per cycle, valid/ready with backpressure.
module transform_inv8x8 #(
  parameter int unsigned Width     = 16,
  parameter int unsigned UserWidth = 1
) (
  `TRANSFORM_PORTS(64, coef_i, Width, res_o, Width)
);
  localparam int unsigned InnerWidth = Width + 7;
  localparam int unsigned RowWidth   = Width + 3;  // row-pass results
  localparam int unsigned ATermWidth = Width + 5;  // column a terms

  // 1-D butterfly of 8.5.13.2 in two halves (identical for the row and the column pass): the a
  // terms from the inputs, then the b terms and the outputs from the a terms. Both halves
  // pass their 8 values in the order {a7, a5, a3, a1, a6, a2, a4, a0}.
  function automatic logic [8*InnerWidth-1:0] idct8_a(input logic [8*InnerWidth-1:0] d);
    logic signed [InnerWidth-1:0] d0, d1, d2, d3, d4, d5, d6, d7, a0, a1, a2, a3, a4, a5, a6, a7;
    {d7, d6, d5, d4, d3, d2, d1, d0} = d;
    // Even part.
    a0 = d0 + d4;
    a4 = d0 - d4;
    a2 = (d2 >>> 1) - d6;
    a6 = d2 + (d6 >>> 1);
    // Odd part.
    a1 = d5 - d3 - d7 - (d7 >>> 1);
    a3 = d1 + d7 - d3 - (d3 >>> 1);
    a5 = d7 - d1 + d5 + (d5 >>> 1);
    a7 = d3 + d5 + d1 + (d1 >>> 1);
    idct8_a = {a7, a5, a3, a1, a6, a2, a4, a0};
  endfunction

  function automatic logic [8*InnerWidth-1:0] idct8_b(input logic [8*InnerWidth-1:0] a);
    logic signed [InnerWidth-1:0] a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7;
    {a7, a5, a3, a1, a6, a2, a4, a0} = a;
    b0 = a0 + a6;
    b2 = a4 + a2;
    b4 = a4 - a2;
    b6 = a0 - a6;
    b1 = a1 + (a7 >>> 2);
    b7 = a7 - (a1 >>> 2);
    b3 = a3 + (a5 >>> 2);
    b5 = (a3 >>> 2) - a5;
    idct8_b = {b0 - b7, b2 - b5, b4 - b3, b6 - b1, b6 + b1, b4 + b3, b2 + b5, b0 + b7};
  endfunction

  // Stage 1: row pass, with the rounding term on d00.
  logic [64*InnerWidth-1:0] x, f, ft, at;
  transform_sext #(.N (64), .InWidth (Width), .OutWidth (InnerWidth), .Bias (32)) u_sext (
    .in_i (coef_i), .out_o (x)
  );
  for (genvar i = 0; i < 8; i++) begin : g_row
    assign f[i*8*InnerWidth +: 8*InnerWidth] = idct8_b(idct8_a(x[i*8*InnerWidth +: 8*InnerWidth]));
  end

  // Stage 2: the column pass's a terms, over the transposed row results (column j's terms
  // come back registered at raster positions (0..7, j)).
  logic [64*ATermWidth-1:0] a_t, a_q;
  logic [UserWidth-1:0]    a_user;
  logic             a_valid, a_ready;
  for (genvar j = 0; j < 8; j++) begin : g_col_a
    assign at[j*8*InnerWidth +: 8*InnerWidth] = idct8_a(ft[j*8*InnerWidth +: 8*InnerWidth]);
    for (genvar i = 0; i < 8; i++) begin : g_i
      assign a_t[(j*8+i)*ATermWidth +: ATermWidth] = at[(j*8+i)*InnerWidth +: ATermWidth];
    end
  end

  transform_pipe2 #(
    .N (8), .InnerWidth (InnerWidth), .RowWidth (RowWidth), .OutWidth (ATermWidth),
    .UserWidth (UserWidth)
  ) u_pipe (
    .clk_i, .rst_ni, .valid_i, .ready_o, .row_i (f), .user_i, .col_o (ft), .col_i (a_t),
    .valid_o (a_valid), .ready_i (a_ready), .res_o (a_q), .user_o (a_user)
  );

  // Stage 3: the b terms and outputs of each column; r = m >> 6 (arithmetic: round half up
  // with the + 32 above).
  logic [64*InnerWidth-1:0] m;
  logic [64*Width-1:0] r;
  for (genvar j = 0; j < 8; j++) begin : g_col_b
    logic [8*InnerWidth-1:0] a_col, m_col;
    for (genvar i = 0; i < 8; i++) begin : g_i
      localparam int unsigned K = i * 8 + j;
      assign a_col[i*InnerWidth +: InnerWidth] =
          {{(InnerWidth-ATermWidth){a_q[K*ATermWidth+ATermWidth-1]}},
           a_q[K*ATermWidth +: ATermWidth]};
      assign m[(i*8+j)*InnerWidth +: InnerWidth] = m_col[i*InnerWidth +: InnerWidth];
    end
    assign m_col = idct8_b(a_col);
  end
  for (genvar k = 0; k < 64; k++) begin : g_rnd
    assign r[k*Width +: Width] = m[k*InnerWidth+6 +: Width];
  end

  prim_pipe #(.Width (UserWidth + 64*Width), .Stages (1)) u_out (
    .clk_i, .rst_ni, .valid_i (a_valid), .ready_o (a_ready), .d_i ({a_user, r}), .valid_o,
    .ready_i, .q_o ({user_o, res_o})
  );

  // Each m's bits 5:0 are below the rounding point and its top bit a sign copy (|r| <
  // 2^(Width-1) + 1); the a terms' top bits are sign copies of the ATermWidth kept.
  logic unused_bits;
  assign unused_bits = ^{m, at};
endmodule
