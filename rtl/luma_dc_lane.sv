// Intra16x16 luma DC lane (golden::lane::dc::luma: code_luma, recon_luma): dc_lane with
// N = 16. Ports
// (lane_ports.sv): dc_i 16 x 13 bits, level_o 16 x 16, recon_o 16 x 33. Latency 9 cycles.
module luma_dc_lane #(parameter int unsigned UserWidth = 8) (`LANE_PORTS(dc_i, 16, 13, 33));
  dc_lane #(.N (16), .UserWidth (UserWidth)) u_lane (.*);
endmodule
