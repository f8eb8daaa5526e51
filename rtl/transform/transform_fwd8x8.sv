// Forward 8x8 transform Y = round(T X T^T / 64) (golden: transform::forward8x8).
//
// T is 8 x the basis of the 8.5.13.2 inverse (see golden/src/transform/mod.rs). Both passes are
// exact; the only rounding is the final division by 64, to nearest with ties away from zero:
// (y + 32 - [y < 0]) >> 6 (transform_round_sym). Raster order, row-major flat buses (element
// k = row * 8 + col).
//
// Parameters:
//   IW  width of the signed input residuals (9: -256..255).
//   UW  width of the user sideband.
// Widths: the largest row L1 norm of T is 64, so the row pass stays within 2^(IW+5) and the
// column pass within 2^(IW+11): IW+13 bits signed hold every intermediate (22 for IW = 9);
// the rounded output |Y| <= 2^(IW+5) needs IW+7 bits signed (16 for IW = 9).
// The constant multiplies are shift-adds. Pipeline: 4 stages (row pass, registered at IW+7
// bits; the column pass's butterflies (|e| <= 4 * 2^(IW+5)), registered at IW+9; its weighted
// sums, at IW+13; the rounding; the first two in transform_pipe2), latency 4 cycles, one 8x8
// block per cycle, valid/ready with backpressure.
module transform_fwd8x8 #(
  parameter int unsigned IW = 9,
  parameter int unsigned UW = 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 valid_i,
  output logic                 ready_o,
  input  logic [64*IW-1:0]     res_i,
  input  logic [UW-1:0]        user_i,
  output logic                 valid_o,
  input  logic                 ready_i,
  output logic [64*(IW+7)-1:0] coef_o,
  output logic [UW-1:0]        user_o
);
  localparam int unsigned NW = IW + 13;
  localparam int unsigned OW = IW + 7;
  localparam int unsigned RW = IW + 7;  // row-pass results, |t| <= 2^(IW+5)
  localparam int unsigned BW = IW + 9;  // column butterflies
  localparam logic signed [NW-1:0] HALF = 32;  // the rounding half of the division by 64

  // 1-D forward transform with the rows of T:
  //  8  8  8  8  8  8  8  8 / 12 10 6 3 -3 -6 -10 -12 / 8 4 -4 -8 -8 -4 4 8 /
  //  10 -3 -12 -6 6 12 3 -10 / 8 -8 -8 8 8 -8 -8 8 / 6 -12 3 10 -10 -3 12 -6 /
  //  4 -8 8 -4 -4 8 -8 4 / 3 -6 10 -12 12 -10 6 -3.  Even/odd split as in the golden model,
  // in two halves: the butterflies (e0..e3, d0..d3, passed in that order), then the weighted
  // sums, each plus `bias` (the column pass's rounding half, folded into its sums).
  function automatic logic [8*NW-1:0] fdct8_a(input logic [8*NW-1:0] x);
    logic signed [NW-1:0] s0, s1, s2, s3, d0, d1, d2, d3, e0, e1, e2, e3;
    s0 = $signed(x[0*NW +: NW]) + $signed(x[7*NW +: NW]);
    s1 = $signed(x[1*NW +: NW]) + $signed(x[6*NW +: NW]);
    s2 = $signed(x[2*NW +: NW]) + $signed(x[5*NW +: NW]);
    s3 = $signed(x[3*NW +: NW]) + $signed(x[4*NW +: NW]);
    d0 = $signed(x[0*NW +: NW]) - $signed(x[7*NW +: NW]);
    d1 = $signed(x[1*NW +: NW]) - $signed(x[6*NW +: NW]);
    d2 = $signed(x[2*NW +: NW]) - $signed(x[5*NW +: NW]);
    d3 = $signed(x[3*NW +: NW]) - $signed(x[4*NW +: NW]);
    e0 = s0 + s3;
    e1 = s1 + s2;
    e2 = s0 - s3;
    e3 = s1 - s2;
    fdct8_a = {d3, d2, d1, d0, e3, e2, e1, e0};
  endfunction

  function automatic logic [8*NW-1:0] fdct8_b(input logic [8*NW-1:0] ed,
                                              input logic signed [NW-1:0] bias);
    logic signed [NW-1:0] d0, d1, d2, d3, e0, e1, e2, e3;
    logic signed [NW-1:0] y0, y1, y2, y3, y4, y5, y6, y7;
    e0 = $signed(ed[0*NW +: NW]);
    e1 = $signed(ed[1*NW +: NW]);
    e2 = $signed(ed[2*NW +: NW]);
    e3 = $signed(ed[3*NW +: NW]);
    d0 = $signed(ed[4*NW +: NW]);
    d1 = $signed(ed[5*NW +: NW]);
    d2 = $signed(ed[6*NW +: NW]);
    d3 = $signed(ed[7*NW +: NW]);
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
  logic [64*NW-1:0] x, t, tt, et;
  for (genvar k = 0; k < 64; k++) begin : g_ext
    assign x[k*NW +: NW] = {{(NW-IW){res_i[k*IW+IW-1]}}, res_i[k*IW +: IW]};
  end
  for (genvar i = 0; i < 8; i++) begin : g_row
    assign t[i*8*NW +: 8*NW] = fdct8_b(fdct8_a(x[i*8*NW +: 8*NW]), '0);
  end

  // Stage 2: the column pass's butterflies, over the transposed row results (column j's come
  // back registered at raster positions (0..7, j)).
  logic [64*BW-1:0] e_t, e_q;
  logic [UW-1:0]    e_user;
  logic             e_valid, e_ready;
  for (genvar j = 0; j < 8; j++) begin : g_col_a
    assign et[j*8*NW +: 8*NW] = fdct8_a(tt[j*8*NW +: 8*NW]);
    for (genvar i = 0; i < 8; i++) begin : g_i
      assign e_t[(j*8+i)*BW +: BW] = et[(j*8+i)*NW +: BW];
    end
  end

  transform_pipe2 #(
    .N  (8),
    .NW (NW),
    .RW (RW),
    .OW (BW),
    .UW (UW)
  ) u_pipe (
    .clk_i,
    .rst_ni,
    .valid_i,
    .ready_o,
    .row_i   (t),
    .user_i,
    .col_o   (tt),
    .col_i   (e_t),
    .valid_o (e_valid),
    .ready_i (e_ready),
    .res_o   (e_q),
    .user_o  (e_user)
  );

  // Stage 3: each column's weighted sums plus 32 (the rounding half, folded into the sums).
  logic [64*NW-1:0] c, c_q;
  logic [64*OW-1:0] y;
  logic [UW-1:0]    c_user;
  for (genvar j = 0; j < 8; j++) begin : g_col_b
    logic [8*NW-1:0] e_col, c_col;
    for (genvar i = 0; i < 8; i++) begin : g_i
      assign e_col[i*NW +: NW] = {{(NW-BW){e_q[(i*8+j)*BW+BW-1]}}, e_q[(i*8+j)*BW +: BW]};
      assign c[(i*8+j)*NW +: NW] = c_col[i*NW +: NW];
    end
    assign c_col = fdct8_b(e_col, HALF);
  end

  logic [1:0] en;
  prim_pipe_ctrl #(
    .S (2)
  ) u_ctrl (
    .clk_i,
    .rst_ni,
    .valid_i (e_valid),
    .ready_o (e_ready),
    .valid_o,
    .ready_i,
    .en_o    (en)
  );

  prim_pipe_reg #(
    .W (UW + 64*NW),
    .S (1)
  ) u_sums (
    .clk_i,
    .en_i (en[0]),
    .d_i  ({e_user, c}),
    .q_o  ({c_user, c_q})
  );

  // Stage 4: the division by 64 (its sign and zero tests need the whole sum: a stage of its
  // own).
  for (genvar k = 0; k < 64; k++) begin : g_rnd
    transform_round_sym #(
      .IW     (NW),
      .S      (6),
      .OW     (OW),
      .BIASED (1'b1)
    ) u_round (
      .y_i (c_q[k*NW +: NW]),
      .r_o (y[k*OW +: OW])
    );
  end

  prim_pipe_reg #(
    .W (UW + 64*OW),
    .S (1)
  ) u_out (
    .clk_i,
    .en_i (en[1]),
    .d_i  ({c_user, y}),
    .q_o  ({user_o, coef_o})
  );

  // The column butterflies' top bits are sign copies of the BW kept.
  logic unused_et;
  assign unused_et = ^et;
endmodule
