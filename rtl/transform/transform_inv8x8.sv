// Inverse 8x8 transform, H.264 8.5.13.2 (golden: transform::inverse8x8).
//
// Rows first (f), then columns (m), then r = (m + 32) >> 6; the order is normative (the `>> 1`
// and `>> 2` truncations inside the butterfly). Raster order, row-major flat buses. The + 32
// is added to the DC coefficient d00 instead: d00 reaches every output of both passes with
// weight +1 and through no `>> 1` / `>> 2`, so each m gains exactly 32 and `>> 6` is wiring.
//
// Parameters:
//   DW  width of the signed scaled coefficients d (16: a conforming stream's range).
//   UW  width of the user sideband.
// Widths: per 1-D pass |a1|, |a7| <= 3.5M, |b1|, |b7| <= 4.375M, |b0| <= 3.5M, so every output
// is below 7.875M < 8M (M = max|in|): two passes stay below 2^(DW+5), the rounding add below
// 2^(DW+6), and DW+7 bits signed is exact (the golden model wraps at 32 bits: DW + 7 <= 32 keeps
// both equal). |r| < 2^(DW-1) + 1 fits the DW-bit output.
// The row results are registered at DW + 3 bits (|f| < 7.875 * 2^(DW-1), the rounding term
// included), the column pass's first half (the a terms, |a| < 3.5 * 2^(DW+2)) at DW + 5.
// Pipeline: 3 stages (row pass; column a terms; column b terms and outputs; the first two in
// transform_pipe2), latency 3 cycles, one 8x8 block per cycle, valid/ready with backpressure.
module transform_inv8x8 #(
  parameter int unsigned DW = 16,
  parameter int unsigned UW = 1
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              valid_i,
  output logic              ready_o,
  input  logic [64*DW-1:0]  coef_i,
  input  logic [UW-1:0]     user_i,
  output logic              valid_o,
  input  logic              ready_i,
  output logic [64*DW-1:0]  res_o,
  output logic [UW-1:0]     user_o
);
  localparam int unsigned NW = DW + 7;
  localparam int unsigned RW = DW + 3;  // row-pass results
  localparam int unsigned AW = DW + 5;  // column a terms
  localparam logic signed [NW-1:0] RND = 32;

  // 1-D butterfly of 8.5.13.2 in two halves (identical for the row and the column pass): the a
  // terms from the inputs, then the b terms and the outputs from the a terms. Both halves
  // pass their 8 values in the order {a7, a5, a3, a1, a6, a2, a4, a0}.
  function automatic logic [8*NW-1:0] idct8_a(input logic [8*NW-1:0] d);
    logic signed [NW-1:0] d0, d1, d2, d3, d4, d5, d6, d7, a0, a1, a2, a3, a4, a5, a6, a7;
    d0 = $signed(d[0*NW +: NW]);
    d1 = $signed(d[1*NW +: NW]);
    d2 = $signed(d[2*NW +: NW]);
    d3 = $signed(d[3*NW +: NW]);
    d4 = $signed(d[4*NW +: NW]);
    d5 = $signed(d[5*NW +: NW]);
    d6 = $signed(d[6*NW +: NW]);
    d7 = $signed(d[7*NW +: NW]);
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

  function automatic logic [8*NW-1:0] idct8_b(input logic [8*NW-1:0] a);
    logic signed [NW-1:0] a0, a1, a2, a3, a4, a5, a6, a7, b0, b1, b2, b3, b4, b5, b6, b7;
    a0 = $signed(a[0*NW +: NW]);
    a4 = $signed(a[1*NW +: NW]);
    a2 = $signed(a[2*NW +: NW]);
    a6 = $signed(a[3*NW +: NW]);
    a1 = $signed(a[4*NW +: NW]);
    a3 = $signed(a[5*NW +: NW]);
    a5 = $signed(a[6*NW +: NW]);
    a7 = $signed(a[7*NW +: NW]);
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
  logic [64*NW-1:0] x, f, ft, at;
  for (genvar k = 0; k < 64; k++) begin : g_ext
    logic signed [NW-1:0] c;
    assign c = {{(NW-DW){coef_i[k*DW+DW-1]}}, coef_i[k*DW +: DW]};
    assign x[k*NW +: NW] = (k == 0) ? c + RND : c;
  end
  for (genvar i = 0; i < 8; i++) begin : g_row
    assign f[i*8*NW +: 8*NW] = idct8_b(idct8_a(x[i*8*NW +: 8*NW]));
  end

  // Stage 2: the column pass's a terms, over the transposed row results (column j's terms
  // come back registered at raster positions (0..7, j)).
  logic [64*AW-1:0] a_t, a_q;
  logic [UW-1:0]    a_user;
  logic             a_valid, a_ready;
  for (genvar j = 0; j < 8; j++) begin : g_col_a
    assign at[j*8*NW +: 8*NW] = idct8_a(ft[j*8*NW +: 8*NW]);
    for (genvar i = 0; i < 8; i++) begin : g_i
      assign a_t[(j*8+i)*AW +: AW] = at[(j*8+i)*NW +: AW];
    end
  end

  transform_pipe2 #(
    .N  (8),
    .NW (NW),
    .RW (RW),
    .OW (AW),
    .UW (UW)
  ) u_pipe (
    .clk_i,
    .rst_ni,
    .valid_i,
    .ready_o,
    .row_i   (f),
    .user_i,
    .col_o   (ft),
    .col_i   (a_t),
    .valid_o (a_valid),
    .ready_i (a_ready),
    .res_o   (a_q),
    .user_o  (a_user)
  );

  // Stage 3: the b terms and outputs of each column; r = m >> 6 (arithmetic: round half up
  // with the + 32 above).
  logic [64*NW-1:0] m;
  logic [64*DW-1:0] r;
  for (genvar j = 0; j < 8; j++) begin : g_col_b
    logic [8*NW-1:0] a_col, m_col;
    for (genvar i = 0; i < 8; i++) begin : g_i
      assign a_col[i*NW +: NW] = {{(NW-AW){a_q[(i*8+j)*AW+AW-1]}}, a_q[(i*8+j)*AW +: AW]};
      assign m[(i*8+j)*NW +: NW] = m_col[i*NW +: NW];
    end
    assign m_col = idct8_b(a_col);
  end
  for (genvar k = 0; k < 64; k++) begin : g_rnd
    assign r[k*DW +: DW] = m[k*NW+6 +: DW];
  end

  logic en;
  prim_pipe_ctrl #(
    .S (1)
  ) u_ctrl (
    .clk_i,
    .rst_ni,
    .valid_i (a_valid),
    .ready_o (a_ready),
    .valid_o,
    .ready_i,
    .en_o    (en)
  );

  prim_pipe_reg #(
    .W (UW + 64*DW),
    .S (1)
  ) u_out (
    .clk_i,
    .en_i (en),
    .d_i  ({a_user, r}),
    .q_o  ({user_o, res_o})
  );

  // Each m's bits 5:0 are below the rounding point and its top bit a sign copy (|r| <
  // 2^(DW-1) + 1); the a terms' top bits are sign copies of the AW kept.
  logic unused_bits;
  assign unused_bits = ^{m, at};
endmodule
