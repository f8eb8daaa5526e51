// Residual lane, 8x8 (golden::lane::residual::lane8x8: levels = code8x8(res),
// recon = recon8x8(levels)): residual_lane_core with N = 8. Ports
// (lane_ports.sv): res_i 64 x 9-bit residuals, level_o 64 x 16-bit levels, recon_o 64 x 16-bit
// reconstructed residuals. Latency 12 cycles, one 8x8 block per cycle.
module residual_lane8x8 #(parameter int unsigned UserWidth = 8) (`LANE_PORTS(res_i, 64, 9, 16));
  residual_lane_core #(.N (8), .UserWidth (UserWidth)) u_lane (.*);
endmodule
