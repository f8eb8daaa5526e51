// 4:2:0 chroma DC lane, qp_i = QP'C (golden::lane::dc::chroma: code_chroma, recon_chroma):
// dc_lane with N = 4. Ports (lane_ports.sv): dc_i 4 x 13 bits, level_o 4 x 16, recon_o 4 x 30.
// Latency 7 cycles.
module chroma_dc_lane #(parameter int unsigned UserWidth = 8) (`LANE_PORTS(dc_i, 4, 13, 30));
  dc_lane #(.N (4), .UserWidth (UserWidth)) u_lane (.*);
endmodule
