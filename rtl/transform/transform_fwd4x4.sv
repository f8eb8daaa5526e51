// Forward 4x4 core transform Y = Cf X Cf^T (golden: transform::forward4x4).
//
// Exact integer arithmetic, no rounding (the normalisation lives in quant). Blocks are raster
// order, row-major: element k = row * 4 + col sits at bits [k*W +: W] of a flat bus.
//
// Parameters:
//   InWidth    width of the signed input residuals (9: 8-bit video, -256..255).
//   UserWidth  width of the user sideband that travels with the block unchanged.
// Widths: the row pass grows |x| by at most 6 (L1 norm of Cf's rows 1 and 3), the column pass
// by 6 again, so |Y| <= 36 * 2^(InWidth-1) < 2^(InWidth+5): InWidth+6 bits signed out (15 for
// InWidth = 9).
// Latency 1 cycle, one block per cycle; valid/ready with backpressure (ready_o = the output
// register is empty or being drained).
module transform_fwd4x4 #(
  parameter int unsigned InWidth   = 9,
  parameter int unsigned UserWidth = 1
) (
  `TRANSFORM_PORTS(16, res_i, InWidth, coef_o, InWidth + 6)
);
  localparam int unsigned OutWidth = InWidth + 6;

  // 1-D forward butterfly: rows of Cf = [[1,1,1,1],[2,1,-1,-2],[1,-1,-1,1],[1,-2,2,-1]].
  // Computed at the output width OutWidth for both passes (exact; synthesis trims the row pass).
  function automatic logic [4*OutWidth-1:0] fdct4(input logic [4*OutWidth-1:0] x);
    logic signed [OutWidth-1:0] s0, s1, d0, d1;
    s0 = $signed(x[0*OutWidth +: OutWidth]) + $signed(x[3*OutWidth +: OutWidth]);
    s1 = $signed(x[1*OutWidth +: OutWidth]) + $signed(x[2*OutWidth +: OutWidth]);
    d0 = $signed(x[0*OutWidth +: OutWidth]) - $signed(x[3*OutWidth +: OutWidth]);
    d1 = $signed(x[1*OutWidth +: OutWidth]) - $signed(x[2*OutWidth +: OutWidth]);
    fdct4 = {d0 - (d1 <<< 1), s0 - s1, (d0 <<< 1) + d1, s0 + s1};
  endfunction

  logic [16*OutWidth-1:0] x, t, y_d;

  transform_sext #(.N (16), .InWidth (InWidth), .OutWidth (OutWidth)) u_sext (
    .in_i (res_i), .out_o (x)
  );

  // Rows first, then columns (the order does not matter here: no rounding inside).
  for (genvar i = 0; i < 4; i++) begin : g_row
    assign t[i*4*OutWidth +: 4*OutWidth] = fdct4(x[i*4*OutWidth +: 4*OutWidth]);
  end
  for (genvar j = 0; j < 4; j++) begin : g_col
    logic [4*OutWidth-1:0] col_in, col_out;
    for (genvar i = 0; i < 4; i++) begin : g_i
      assign col_in[i*OutWidth +: OutWidth]          = t[(i*4+j)*OutWidth +: OutWidth];
      assign y_d[(i*4+j)*OutWidth +: OutWidth]       = col_out[i*OutWidth +: OutWidth];
    end
    assign col_out = fdct4(col_in);
  end

  // The output register (data registers need no reset: the control's valid bit qualifies
  // them).
  prim_pipe #(.Width (UserWidth + 16*OutWidth), .Stages (1)) u_out (
    .clk_i, .rst_ni, .valid_i, .ready_o, .d_i ({user_i, y_d}), .valid_o, .ready_i,
    .q_o ({user_o, coef_o})
  );
endmodule
