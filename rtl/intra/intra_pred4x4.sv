// intra_pred4x4: the Intra_4x4 prediction of one 4x4 luma block in one mode (golden:
// intra::pred4x4, Edges4x4::predict, with the gather's top-right substitution of 8.3.1.2 and
// mode_available4x4), for the decoder lane's per-block reconstruction loop.
//
// Latency 1 (the prediction is registered), one block per cycle, valid/ready (prim_pipe).
// Logic before the register: the top-right substitution (one mux), then intra_directional
// (the [1 2 1] / [1 1] lines or the DC sum, and a nine-way AND-OR under the decoded mode).
//
// Ports:
//   valid_i, ready_o   one block in
//   mode_i             Intra4x4PredMode, 0..8 (Table 8-2); 9..15 are errors
//   top_i              p[0..7, -1]: top (0..3) and top-right (4..7), sample x in bits [x*8 +: 8]
//   left_i             p[-1, 0..3], sample y in bits [y*8 +: 8]
//   corner_i           p[-1, -1]
//   avail_i            {top_right, top_left, left, top}; samples not available are ignored
//                      (top-right not available while top is: p[4..7, -1] = p[3, -1])
//   valid_o, ready_i   the prediction out
//   pred_o             16 samples, raster order (sample (x, y) in bits [(4*y + x)*8 +: 8]);
//                      don't care when err_o
//   err_o              the mode is not available with avail_i (golden predict: None)
module intra_pred4x4 (
  input  logic           clk_i,
  input  logic           rst_ni,
  input  logic           valid_i,
  output logic           ready_o,
  input  logic [3:0]     mode_i,
  input  logic [8*8-1:0] top_i,
  input  logic [4*8-1:0] left_i,
  input  logic [7:0]     corner_i,
  input  logic [3:0]     avail_i,
  output logic           valid_o,
  input  logic           ready_i,
  output logic [16*8-1:0] pred_o,
  output logic           err_o
);
  // The edge line of intra_directional: left bottom up, corner, top, top-right (substituted).
  logic [4*8-1:0] top_right, left_rev;
  assign top_right = avail_i[3] ? top_i[32 +: 32] : {4{top_i[24 +: 8]}};
  for (genvar y = 0; y < 4; y++) begin : g_left
    assign left_rev[(3-y)*8 +: 8] = left_i[y*8 +: 8];
  end

  logic [16*8-1:0] pred;
  logic            err;
  intra_directional #(.N (4)) u_dir (
    .e_i     ({top_right, top_i[0 +: 32], corner_i, left_rev}),
    .mode_i,
    .avail_i (avail_i[2:0]),
    .pred_o  (pred),
    .err_o   (err)
  );

  prim_pipe #(.Width (16*8 + 1), .Stages (1)) u_pipe (
    .clk_i, .rst_ni, .valid_i, .ready_o, .d_i ({err, pred}), .valid_o, .ready_i,
    .q_o ({err_o, pred_o})
  );

  `ASSERT_STABLE_STALL(OutStableWhileStalled_A, valid_o, ready_i, {pred_o, err_o})
endmodule
