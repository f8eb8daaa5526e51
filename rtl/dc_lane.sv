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
// Widths: the forward transform gives 13 + log2(N) bits (transform_luma_dc: 17, with its
// halving; transform_chroma_dc: 15), the inverse of 16-bit levels 16 + log2(N) (20 / 18).
// Pipeline (a stage ends in registers at every module's outputs): forward transform 2 (luma) /
// 1 (chroma), quant 3, inverse transform 2 / 1, scaling 2: latency 9 (luma) / 7 (chroma).
// valid/ready as residual_lane_core; asserted: the outputs hold still while stalled.
module dc_lane #(
  parameter  int unsigned N          = 16,
  parameter  int unsigned UserWidth  = 8,
  localparam int unsigned InWidth    = 13,  // DC terms
  localparam int unsigned ReconWidth = recon_width(N)
) (
  `LANE_PORTS(dc_i, N, InWidth, ReconWidth)
);
  localparam bit          Luma        = (N == 16);
  localparam int unsigned CoefWidth   = InWidth + $clog2(N);  // forward transform output
  localparam int unsigned InvWidth    = 16 + $clog2(N);       // inverse transform output
  localparam int unsigned VWidth      = quant_pkg::v_width(N, 1'b1);  // normAdjust4x4[qP % 6][0]
  localparam int unsigned LevelsWidth = N * 16;
  // Sidebands: {dz, qP / 6, qP % 6, V, user} through the forward transform, then
  // {levels, qP / 6, V, user} through the inverse one.
  localparam int unsigned FwdUserWidth = UserWidth + VWidth + 17;
  localparam int unsigned InvUserWidth = UserWidth + VWidth + 4 + LevelsWidth;

  // Width of the scaled DC values: the inverse transform's plus 13 (luma) / 12 (chroma)
  // (quant_dq_block; luma's two top bits are sign copies, kept so that the ports stay 33 wide).
  function automatic int unsigned recon_width(input int unsigned n);
    recon_width = 16 + $clog2(n) + ((n == 16) ? 13 : 12);
  endfunction

  logic [2:0] rem;
  logic [3:0] per;
  quant_qp_split u_qp_split (.qp_i, .rem_o (rem), .per_o (per));

  // The scaling factor of this QP (normAdjust4x4[qP % 6][0]), looked up here so that it reaches
  // the scaling multipliers straight from a register.
  logic [3*5-1:0]    v_row;
  logic [VWidth-1:0] v;
  quant_v4 u_v (.rem_i (rem), .v_o (v_row));
  assign v = v_row[VWidth-1:0];
  logic unused_v;
  assign unused_v = ^v_row;

  // Forward transform; the split QP and dead zone ride along in the sideband.
  logic                          q_valid, q_ready;
  logic [LevelsWidth-1:0]        q_level;
  logic [UserWidth+VWidth+4-1:0] q_user;
  logic                        fwd_valid, fwd_ready;
  logic [N*CoefWidth-1:0]      fwd_out;
  logic [9:0] fwd_dz;  // the sideband's fields: dead zone, qP / 6, qP % 6
  logic [3:0] fwd_per;
  logic [2:0] fwd_rem;
  logic [UserWidth+VWidth-1:0] fwd_v_user;
`define _FWD_PORTS .clk_i, .rst_ni, .valid_i, .ready_o, .in_i (dc_i), \
    .user_i ({dz_i, per, rem, v, user_i}), .valid_o (fwd_valid), .ready_i (fwd_ready), \
    .out_o (fwd_out), .user_o ({fwd_dz, fwd_per, fwd_rem, fwd_v_user})
  if (Luma) begin : g_fwd_luma
    transform_luma_dc #(
      .InWidth (InWidth), .Forward (1'b1), .UserWidth (FwdUserWidth)
    ) u_fwd (`_FWD_PORTS);
  end else begin : g_fwd_chroma
    transform_chroma_dc #(.InWidth (InWidth), .UserWidth (FwdUserWidth)) u_fwd (`_FWD_PORTS);
  end
`undef _FWD_PORTS

  // Quantisation (the DC rule: class 0, shift 16 + qP/6); qP / 6 and V go on for the scaling.
  quant_q_block #(
    .N (N), .Dc (1'b1), .CoefWidth (CoefWidth), .UserWidth (UserWidth + VWidth + 4)
  ) u_quant (
    .clk_i, .rst_ni, .valid_i (fwd_valid), .ready_o (fwd_ready), .coef_i (fwd_out),
    .rem_i (fwd_rem), .per_i (fwd_per), .dz_i (fwd_dz), .user_i ({fwd_per, fwd_v_user}),
    .valid_o (q_valid), .ready_i (q_ready), .level_o (q_level), .user_o (q_user)
  );

  // Decoder order: inverse transform first, then scaling; the levels ride along.
  logic                    inv_valid, inv_ready;
  logic [N*InvWidth-1:0]   inv_out;
  logic [InvUserWidth-1:0] inv_user_in, inv_user;
  assign inv_user_in = {q_level, q_user};
`define _INV_PORTS .clk_i, .rst_ni, .valid_i (q_valid), .ready_o (q_ready), .in_i (q_level), \
    .user_i (inv_user_in), .valid_o (inv_valid), .ready_i (inv_ready), .out_o (inv_out), \
    .user_o (inv_user)
  if (Luma) begin : g_inv_luma
    transform_luma_dc #(
      .InWidth (16), .Forward (1'b0), .UserWidth (InvUserWidth)
    ) u_inv (`_INV_PORTS);
  end else begin : g_inv_chroma
    transform_chroma_dc #(.InWidth (16), .UserWidth (InvUserWidth)) u_inv (`_INV_PORTS);
  end
`undef _INV_PORTS

  logic [UserWidth+LevelsWidth-1:0] dq_user;
  quant_dq_block #(
    .N (N), .Dc (1'b1), .LevelWidth (InvWidth), .OutWidth (ReconWidth),
    .UserWidth (UserWidth + LevelsWidth)
  ) u_dequant (
    .clk_i, .rst_ni, .valid_i (inv_valid), .ready_o (inv_ready), .level_i (inv_out),
    .v_i (inv_user[UserWidth +: VWidth]), .per_i (inv_user[UserWidth+VWidth +: 4]),
    .user_i ({inv_user[UserWidth+VWidth+4 +: LevelsWidth], inv_user[UserWidth-1:0]}),
    .valid_o, .ready_i, .coef_o (recon_o), .user_o (dq_user)
  );

  assign level_o = dq_user[UserWidth +: LevelsWidth];
  assign user_o  = dq_user[UserWidth-1:0];

  `ASSERT_STABLE_STALL(OutStableWhileStalled_A, valid_o, ready_i, {level_o, recon_o, user_o})
endmodule
