// Residual lane, 4x4 (golden::lane::residual::lane4x4: levels = code4x4(res),
// recon = recon4x4(levels, qp, None)): residual_lane_core with N = 4. Ports (lane_ports.sv):
// res_i 16 x 9-bit residuals, level_o 16 x 16-bit levels, recon_o 16 x 16-bit reconstructed
// residuals. Latency 8 cycles, one 4x4 block per cycle.
module residual_lane #(parameter int unsigned UserWidth = 8) (`LANE_PORTS(res_i, 16, 9, 16));
  residual_lane_core #(.N (4), .UserWidth (UserWidth)) u_lane (.*);
endmodule
