// Inverse 4x4 transform, H.264 8.5.12.2 (golden: transform::inverse4x4).
//
// Rows first (e, f), then columns (g, h), then r = (h + 32) >> 6. The pass order is normative:
// the `>> 1` truncations inside the butterfly make it matter. Raster order, row-major flat
// buses as in transform_fwd4x4. The + 32 is added to the DC coefficient d00 instead: d00
// reaches every output of both passes with weight +1 and through no `>> 1`, so each h gains
// exactly 32 and the final `>> 6` is wiring.
//
// Parameters:
//   DW  width of the signed scaled coefficients d (16: a conforming stream's range).
//   UW  width of the user sideband.
// Widths: each 1-D pass gives |out| <= 3.5 * max|in| (e0 + e3 with |e0| <= 2M, |e3| <= 1.5M),
// so two passes stay below 2^(DW+3) and the rounding add below 2^(DW+4): DW+5 bits signed is
// exact. The golden model wraps at 32 bits, so DW + 5 <= 32 keeps both exact and equal.
// |r| < 2^(DW-3) + 1, so the output width DW is ample.
// Pipeline (transform_pipe2): 2 stages (row pass, registered at DW + 2 bits; column pass),
// latency 2 cycles, one block per cycle, valid/ready with backpressure.
module transform_inv4x4 #(
  parameter int unsigned DW = 16,
  parameter int unsigned UW = 1
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              valid_i,
  output logic              ready_o,
  input  logic [16*DW-1:0]  coef_i,
  input  logic [UW-1:0]     user_i,
  output logic              valid_o,
  input  logic              ready_i,
  output logic [16*DW-1:0]  res_o,
  output logic [UW-1:0]     user_o
);
  localparam int unsigned NW = DW + 5;
  localparam int unsigned RW = DW + 2;  // row results: |f| < 3.5 * 2^(DW-1) + 32
  localparam logic signed [NW-1:0] RND = 32;

  // 1-D butterfly of 8.5.12.2 (identical for the row and the column pass).
  function automatic logic [4*NW-1:0] idct4(input logic [4*NW-1:0] d);
    logic signed [NW-1:0] d0, d1, d2, d3, e0, e1, e2, e3;
    d0 = $signed(d[0*NW +: NW]);
    d1 = $signed(d[1*NW +: NW]);
    d2 = $signed(d[2*NW +: NW]);
    d3 = $signed(d[3*NW +: NW]);
    e0 = d0 + d2;
    e1 = d0 - d2;
    e2 = (d1 >>> 1) - d3;
    e3 = d1 + (d3 >>> 1);
    idct4 = {e0 - e3, e1 - e2, e1 + e2, e0 + e3};
  endfunction

  // Stage 1: row pass, with the rounding term on d00.
  logic [16*NW-1:0] x, f, ft, h;
  for (genvar k = 0; k < 16; k++) begin : g_ext
    logic signed [NW-1:0] c;
    assign c = {{(NW-DW){coef_i[k*DW+DW-1]}}, coef_i[k*DW +: DW]};
    assign x[k*NW +: NW] = (k == 0) ? c + RND : c;
  end
  for (genvar i = 0; i < 4; i++) begin : g_row
    assign f[i*4*NW +: 4*NW] = idct4(x[i*4*NW +: 4*NW]);
  end

  // Stage 2: column pass over the transposed row results; r = h >> 6 (arithmetic: round half
  // up with the + 32 above).
  logic [16*DW-1:0] r;
  for (genvar j = 0; j < 4; j++) begin : g_col
    assign h[j*4*NW +: 4*NW] = idct4(ft[j*4*NW +: 4*NW]);
  end
  for (genvar k = 0; k < 16; k++) begin : g_rnd
    assign r[k*DW +: DW] = {h[k*NW+NW-1], h[k*NW+6 +: NW-6]};
  end

  transform_pipe2 #(
    .N  (4),
    .NW (NW),
    .RW (RW),
    .OW (DW),
    .UW (UW)
  ) u_pipe (
    .clk_i,
    .rst_ni,
    .valid_i,
    .ready_o,
    .row_i   (f),
    .user_i,
    .col_o   (ft),
    .col_i   (r),
    .valid_o,
    .ready_i,
    .res_o   (res_o),
    .user_o
  );

  // Bits 5:0 of each h are below the rounding point.
  logic unused_h;
  assign unused_h = ^h;
endmodule
