// Inverse 4x4 transform, H.264 8.5.12.2 (golden: transform::inverse4x4).
//
// Rows first (e, f), then columns (g, h), then r = (h + 32) >> 6. The pass order is normative:
// the `>> 1` truncations inside the butterfly make it matter. Raster order, row-major flat
// buses as in transform_fwd4x4. The + 32 is added to the DC coefficient d00 instead: d00
// reaches every output of both passes with weight +1 and through no `>> 1`, so each h gains
// exactly 32 and the final `>> 6` is wiring.
//
// Parameters:
//   Width      width of the signed scaled coefficients d (16: a conforming stream's range).
//   UserWidth  width of the user sideband.
// Widths: each 1-D pass gives |out| <= 3.5 * max|in| (e0 + e3 with |e0| <= 2M, |e3| <= 1.5M),
// so two passes stay below 2^(Width+3) and the rounding add below 2^(Width+4): Width+5 bits
// signed is exact. The golden model wraps at 32 bits, so Width + 5 <= 32 keeps both exact and
// equal. |r| < 2^(Width-3) + 1, so the output width Width is ample.
// Pipeline (transform_pipe2): 2 stages (row pass, registered at Width + 2 bits; column pass),
// latency 2 cycles, one block per cycle, valid/ready with backpressure.
module transform_inv4x4 #(
  parameter int unsigned Width     = 16,
  parameter int unsigned UserWidth = 1
) (
  `TRANSFORM_PORTS(16, coef_i, Width, res_o, Width)
);
  localparam int unsigned InnerWidth = Width + 5;
  localparam int unsigned RowWidth   = Width + 2;  // row results: |f| < 3.5 * 2^(Width-1) + 32

  // 1-D butterfly of 8.5.12.2 (identical for the row and the column pass).
  function automatic logic [4*InnerWidth-1:0] idct4(input logic [4*InnerWidth-1:0] d);
    logic signed [InnerWidth-1:0] d0, d1, d2, d3, e0, e1, e2, e3;
    {d3, d2, d1, d0} = d;
    e0 = d0 + d2;
    e1 = d0 - d2;
    e2 = (d1 >>> 1) - d3;
    e3 = d1 + (d3 >>> 1);
    idct4 = {e0 - e3, e1 - e2, e1 + e2, e0 + e3};
  endfunction

  // Stage 1: row pass, with the rounding term on d00.
  logic [16*InnerWidth-1:0] x, f, ft, h;
  transform_sext #(.N (16), .InWidth (Width), .OutWidth (InnerWidth), .Bias (32)) u_sext (
    .in_i (coef_i), .out_o (x)
  );
  for (genvar i = 0; i < 4; i++) begin : g_row
    assign f[i*4*InnerWidth +: 4*InnerWidth] = idct4(x[i*4*InnerWidth +: 4*InnerWidth]);
  end

  // Stage 2: column pass over the transposed row results; r = h >> 6 (arithmetic: round half
  // up with the + 32 above).
  logic [16*Width-1:0] r;
  for (genvar j = 0; j < 4; j++) begin : g_col
    assign h[j*4*InnerWidth +: 4*InnerWidth] = idct4(ft[j*4*InnerWidth +: 4*InnerWidth]);
  end
  for (genvar k = 0; k < 16; k++) begin : g_rnd
    assign r[k*Width +: Width] = {h[k*InnerWidth+InnerWidth-1], h[k*InnerWidth+6 +: InnerWidth-6]};
  end

  transform_pipe2 #(
    .N (4), .InnerWidth (InnerWidth), .RowWidth (RowWidth), .OutWidth (Width),
    .UserWidth (UserWidth)
  ) u_pipe (
    .clk_i, .rst_ni, .valid_i, .ready_o, .row_i (f), .user_i, .col_o (ft), .col_i (r), .valid_o,
    .ready_i, .res_o (res_o), .user_o
  );

  // Bits 5:0 of each h are below the rounding point.
  logic unused_h;
  assign unused_h = ^h;
endmodule
