// intra_pred8x8: the Intra_8x8 prediction of one 8x8 luma block in one mode (golden:
// intra::pred8x8, Edges8x8::predict: the gather's top-right substitution, the reference sample
// filtering of 8.3.2.2.1 (filter_reference), then the nine modes on p'; mode_available8x8),
// for the decoder lane's per-block reconstruction loop.
//
// Latency 2, one block per cycle, valid/ready (prim_pipe_ctrl, two stages):
//   stage 0  top-right substitution and the filter -> p' (25 samples), mode and availability
//            registered (a [1 2 1] sum: two filters in a row, then the DC sum of 16 filtered
//            samples, would be about twice the logic depth of one 1 GHz cycle)
//   stage 1  intra_directional on p' -> the prediction registered
// The filter is the same [1 2 1] line on the raw edge (left column bottom up, corner, top,
// top-right) with a missing neighbour replaced by the sample itself: at the line's ends
// ((3 p[14] + p[15] + 2) >> 2 is [1 2 1] on p[14], p[15], p[15]), beside an unavailable
// corner (p'[0, -1], p'[-1, 0]) and, at the corner, towards an unavailable side (8.3.2.2.1's
// [3 1] cases; with neither side the corner stays p[-1, -1]).
//
// Ports:
//   valid_i, ready_o   one block in
//   mode_i             Intra8x8PredMode, 0..8 (Table 8-3); 9..15 are errors
//   top_i              p[0..15, -1]: top (0..7) and top-right (8..15), sample x in bits [x*8 +: 8]
//   left_i             p[-1, 0..7], sample y in bits [y*8 +: 8]
//   corner_i           p[-1, -1]
//   avail_i            {top_right, top_left, left, top}; samples not available are ignored
//                      (top-right not available while top is: p[8..15, -1] = p[7, -1])
//   valid_o, ready_i   the prediction out
//   pred_o             64 samples, raster order (sample (x, y) in bits [(8*y + x)*8 +: 8]);
//                      don't care when err_o
//   err_o              the mode is not available with avail_i (golden predict: None)
module intra_pred8x8 (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            valid_i,
  output logic            ready_o,
  input  logic [3:0]      mode_i,
  input  logic [16*8-1:0] top_i,
  input  logic [8*8-1:0]  left_i,
  input  logic [7:0]      corner_i,
  input  logic [3:0]      avail_i,
  output logic            valid_o,
  input  logic            ready_i,
  output logic [64*8-1:0] pred_o,
  output logic            err_o
);
  localparam int unsigned N = 8;
  localparam int unsigned E = 3 * N + 1;

  logic [1:0] en;
  prim_pipe_ctrl #(.Stages (2)) u_ctrl (
    .clk_i, .rst_ni, .valid_i, .ready_o, .valid_o, .ready_i, .en_o (en)
  );

  // Stage 0: the raw edge line (intra_directional's layout), then p'.
  logic avail_top, avail_left, avail_corner;
  assign {avail_corner, avail_left, avail_top} = avail_i[2:0];
  logic [8*8-1:0] top_right, left_rev;
  assign top_right = avail_i[3] ? top_i[64 +: 64] : {8{top_i[56 +: 8]}};
  for (genvar y = 0; y < 8; y++) begin : g_left
    assign left_rev[(7-y)*8 +: 8] = left_i[y*8 +: 8];
  end
  logic [E*8-1:0] raw, filt;
  assign raw = {top_right, top_i[0 +: 64], corner_i, left_rev};

  for (genvar k = 0; k < E; k++) begin : g_filter
    logic [7:0] lo, hi;
    if (k == 0) begin : g_end_lo
      assign lo = raw[k*8 +: 8];
    end else if (k == N + 1) begin : g_top0        // p[0, -1]: the corner if available
      assign lo = avail_corner ? raw[(k-1)*8 +: 8] : raw[k*8 +: 8];
    end else if (k == N) begin : g_corner_lo       // the corner towards the left column
      assign lo = avail_left ? raw[(k-1)*8 +: 8] : raw[k*8 +: 8];
    end else begin : g_lo
      assign lo = raw[(k-1)*8 +: 8];
    end
    if (k == E - 1) begin : g_end_hi
      assign hi = raw[k*8 +: 8];
    end else if (k == N - 1) begin : g_left0       // p[-1, 0]: the corner if available
      assign hi = avail_corner ? raw[(k+1)*8 +: 8] : raw[k*8 +: 8];
    end else if (k == N) begin : g_corner_hi       // the corner towards the top row
      assign hi = avail_top ? raw[(k+1)*8 +: 8] : raw[k*8 +: 8];
    end else begin : g_hi
      assign hi = raw[(k+1)*8 +: 8];
    end
    intra_avg3 u_avg3 (.a_i (lo), .b_i (raw[k*8 +: 8]), .c_i (hi), .avg_o (filt[k*8 +: 8]));
  end

  logic [E*8-1:0] filt_q;
  logic [3:0]     mode_q;
  logic [2:0]     avail_q;
  prim_pipe_reg #(.Width (E*8 + 4 + 3), .Stages (1)) u_reg0 (
    .clk_i, .en_i (en[0]), .d_i ({filt, mode_i, avail_i[2:0]}), .q_o ({filt_q, mode_q, avail_q})
  );

  // Stage 1: the nine modes on p'.
  logic [64*8-1:0] pred;
  logic            err;
  intra_directional #(.N (N)) u_dir (
    .e_i     (filt_q),
    .mode_i  (mode_q),
    .avail_i (avail_q),
    .pred_o  (pred),
    .err_o   (err)
  );
  prim_pipe_reg #(.Width (64*8 + 1), .Stages (1)) u_reg1 (
    .clk_i, .en_i (en[1]), .d_i ({err, pred}), .q_o ({err_o, pred_o})
  );

  `ASSERT_STABLE_STALL(OutStableWhileStalled_A, valid_o, ready_i, {pred_o, err_o})
endmodule
