// Forward 4x4 core transform Y = Cf X Cf^T (golden: transform::forward4x4).
//
// Exact integer arithmetic, no rounding (the normalisation lives in quant). Blocks are raster
// order, row-major: element k = row * 4 + col sits at bits [k*W +: W] of a flat bus.
//
// Parameters:
//   IW  width of the signed input residuals (9: 8-bit video, -256..255).
//   UW  width of the user sideband that travels with the block unchanged.
// Widths: the row pass grows |x| by at most 6 (L1 norm of Cf's rows 1 and 3), the column pass
// by 6 again, so |Y| <= 36 * 2^(IW-1) < 2^(IW+5): IW+6 bits signed out (15 for IW = 9).
// Latency 1 cycle, one block per cycle; valid/ready with backpressure (ready_o = the output
// register is empty or being drained).
module transform_fwd4x4 #(
  parameter int unsigned IW = 9,
  parameter int unsigned UW = 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 valid_i,
  output logic                 ready_o,
  input  logic [16*IW-1:0]     res_i,
  input  logic [UW-1:0]        user_i,
  output logic                 valid_o,
  input  logic                 ready_i,
  output logic [16*(IW+6)-1:0] coef_o,
  output logic [UW-1:0]        user_o
);
  localparam int unsigned OW = IW + 6;

  // 1-D forward butterfly: rows of Cf = [[1,1,1,1],[2,1,-1,-2],[1,-1,-1,1],[1,-2,2,-1]].
  // Computed at the output width OW for both passes (exact; synthesis trims the row pass).
  function automatic logic [4*OW-1:0] fdct4(input logic [4*OW-1:0] x);
    logic signed [OW-1:0] s0, s1, d0, d1;
    s0 = $signed(x[0*OW +: OW]) + $signed(x[3*OW +: OW]);
    s1 = $signed(x[1*OW +: OW]) + $signed(x[2*OW +: OW]);
    d0 = $signed(x[0*OW +: OW]) - $signed(x[3*OW +: OW]);
    d1 = $signed(x[1*OW +: OW]) - $signed(x[2*OW +: OW]);
    fdct4 = {d0 - (d1 <<< 1), s0 - s1, (d0 <<< 1) + d1, s0 + s1};
  endfunction

  logic [16*OW-1:0] x, t, y_d;

  for (genvar k = 0; k < 16; k++) begin : g_ext
    // Explicit sign extension (no size casts of signed values: tools disagree on those).
    assign x[k*OW +: OW] = {{(OW-IW){res_i[k*IW+IW-1]}}, res_i[k*IW +: IW]};
  end

  // Rows first, then columns (the order does not matter here: no rounding inside).
  for (genvar i = 0; i < 4; i++) begin : g_row
    assign t[i*4*OW +: 4*OW] = fdct4(x[i*4*OW +: 4*OW]);
  end
  for (genvar j = 0; j < 4; j++) begin : g_col
    logic [4*OW-1:0] col_in, col_out;
    for (genvar i = 0; i < 4; i++) begin : g_i
      assign col_in[i*OW +: OW]          = t[(i*4+j)*OW +: OW];
      assign y_d[(i*4+j)*OW +: OW]       = col_out[i*OW +: OW];
    end
    assign col_out = fdct4(col_in);
  end

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

  // Data registers need no reset: the control's valid bit qualifies them.
  prim_pipe_reg #(
    .W (UW + 16*OW),
    .S (1)
  ) u_out (
    .clk_i,
    .en_i (en),
    .d_i  ({user_i, y_d}),
    .q_o  ({user_o, coef_o})
  );
endmodule
