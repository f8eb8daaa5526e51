// DC lane (golden::lane::dc, what the encoder and decoder call: N = 16 is dc::luma,
// levels = code_luma(c) = quant::quant_luma_dc(transform::forward_luma_dc(c)),
// dc = recon_luma(levels) = quant::dequant_luma_dc(transform::inverse_luma_dc(levels));
// N = 4 (qp_i = QP'C) is dc::chroma, with code_chroma / recon_chroma): the DC half of
// the encoder's Intra16x16 luma or 4:2:0 chroma residual path and its reconstruction, one set
// of N DC terms per cycle. The tops luma_dc_lane and chroma_dc_lane fix N.
//
// Parameters:
//   N          DC terms per set: 16 (luma) or 4 (chroma).
//   UserWidth  width of the user sideband.
// Ports (lane_ports.sv): dc_i N x 13-bit signed DC terms (index 0 of transform_fwd4x4 of 9-bit
// residuals: |c| <= 16 * 256), qp_i (larger than 51 acts as 51), dz_i per set; level_o N x
// 16-bit levels, raster (c00, c01, ...); recon_o N x ReconWidth-bit scaled DC values (d_00 of
// each 4x4 block, for its inverse transform; exact for any 16-bit levels), ReconWidth = 33
// (luma) / 30 (chroma).
// Widths: the forward transform gives 13 + log2(N) bits (luma: H c H, 17, halved in the
// quantizer; transform_chroma_dc: 15), the inverse of 16-bit levels 16 + log2(N) (20 / 18).
// Pipeline: dc_code (forward transform 2 (luma) / 1 (chroma), quant 4), then dc_recon (inverse
// transform 2 / 1, scaling 2): latency 10 (luma) / 8 (chroma).
// valid/ready as residual_lane_core; asserted: the outputs hold still while stalled.
module dc_lane #(
  parameter  int unsigned N          = 16,
  parameter  int unsigned UserWidth  = 8,
  localparam int unsigned InWidth    = 13,  // DC terms
  localparam int unsigned ReconWidth = 16 + $clog2(N) + ((N == 16) ? 13 : 12)
) (
  `LANE_PORTS(dc_i, N, InWidth, ReconWidth)
);
  // The forward half; QP rides along for the inverse half.
  logic                 c_valid, c_ready;
  logic [N*16-1:0]      c_level;
  logic [5:0]           c_qp;
  logic [UserWidth-1:0] c_user;
  dc_code #(.N (N), .UserWidth (UserWidth + 6)) u_code (
    .clk_i, .rst_ni, .valid_i, .ready_o, .dc_i, .qp_i, .dz_i, .user_i ({qp_i, user_i}),
    .valid_o (c_valid), .ready_i (c_ready), .level_o (c_level), .user_o ({c_qp, c_user})
  );

  // The inverse half; the levels ride along.
  dc_recon #(.N (N), .UserWidth (UserWidth + N * 16)) u_recon (
    .clk_i, .rst_ni, .valid_i (c_valid), .ready_o (c_ready), .level_i (c_level),
    .qp_i (c_qp), .user_i ({c_level, c_user}), .valid_o, .ready_i, .recon_o,
    .user_o ({level_o, user_o})
  );

  `ASSERT_STABLE_STALL(OutStableWhileStalled_A, valid_o, ready_i, {level_o, recon_o, user_o})
endmodule
