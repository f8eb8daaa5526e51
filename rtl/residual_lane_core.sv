// Residual lane of N x N blocks, N = 4 or 8: forward transform -> quant -> dequant -> inverse
// transform, the encoder's residual coding and reconstruction path for one block per cycle
// (golden::lane::residual::lane4x4 for N = 4, lane8x8 for N = 8, the functions the encoder
// calls: levels = code4x4(res) = quant::quant4x4(transform::forward4x4(res)) and
// recon = recon4x4(levels, qp, None); likewise code8x8 / recon8x8). The tops residual_lane
// (N = 4) and residual_lane8x8 (N = 8) fix N.
//
// All blocks are raster order, row-major (element k = row * N + col at bits [k*W +: W]):
// levels come out in raster order like quant::quant4x4 / quant8x8; the zig-zag scans
// (quant::scan4x4 / scan8x8) are wiring left to the entropy coder side.
//
// Parameters:
//   N          block side: 4 or 8.
//   UserWidth  width of the user sideband (e.g. a block tag) that leaves with the block.
// Ports (lane_ports.sv): res_i N*N x 9-bit signed residuals (-256..255; 8-bit video gives
// -255..255); qp_i, dz_i per block; level_o N*N x 16-bit signed levels (|level| <= 3687 (4x4) /
// 5243 (8x8) here: |c| <= 9216 / 16384 at qP 0); recon_o N*N x 16-bit signed reconstructed
// residuals.
// Internal widths, from the bounds in golden/src/transform and golden/src/quant: coefficients
// 9 + 6 = 15 bits (4x4, |Y| <= 36 * 256) / 9 + 7 = 16 bits (8x8, |Y| <= 16384); scaled
// coefficients 16 bits: for every position, qP and dead zone |dequant(quant(Y))| <= 27648
// (4x4) / 25920 (8x8) < 2^15 (checked exhaustively against the golden model by
// sim/tests/widths.rs), which is also the standard's 16-bit limit for conforming streams;
// inverse transform internals 21 (4x4) / 23 (8x8) bits.
// Pipeline (a stage ends in registers at every module's outputs): forward transform 1 / 4,
// quant 3, scaling 2, inverse transform 2 / 3: latency 8 (4x4) / 12 (8x8) cycles, one block per
// cycle. The 8x8 lane is fully parallel (16 1-D forward and 16 1-D inverse butterflies, 64
// quant and 64 scaling multipliers): 4x what the 4x4 lane's 16 samples per cycle would need;
// a folded variant is not built yet.
// Handshake: valid/ready on both sides; a block transfers when valid and ready are both high at
// a rising edge. Each stage accepts when it is empty or its content leaves, so bubbles collapse
// and ready_i low stalls the pipe without losing or duplicating blocks; ready_o depends
// combinationally on ready_i. Asserted (prim_assert.sv): the outputs hold still while stalled.
module residual_lane_core #(
  parameter  int unsigned N          = 4,
  parameter  int unsigned UserWidth  = 8,
  localparam int unsigned InWidth    = 9,   // residuals
  localparam int unsigned ReconWidth = 16   // reconstructed residuals
) (
  `LANE_PORTS(res_i, N*N, InWidth, ReconWidth)
);
  localparam int unsigned Size        = N * N;
  localparam int unsigned CoefWidth   = InWidth + fwd_growth(N);  // forward transform output
  localparam int unsigned ScaledWidth = 16;                       // the bound above
  localparam int unsigned VRowWidth   =
      quant_pkg::v_classes(Size, 1'b0) * quant_pkg::v_width(Size, 1'b0);
  localparam int unsigned LevelsWidth = Size * 16;
  // The sideband through the forward transform: {dz, qP / 6, qP % 6, V row, user}.
  localparam int unsigned FwdUserWidth = UserWidth + VRowWidth + 17;

  // Bits the forward transform adds: |Y| <= G * 2^(InWidth-1) with G = 36 (4x4: the square of
  // Cf's largest row L1 norm, 6) or 64 (8x8: 64^2 / 64, the rounded division included), so
  // Y needs InWidth + clog2(G + 1) bits signed.
  function automatic int unsigned fwd_growth(input int unsigned n);
    fwd_growth = (n == 4) ? $clog2(36 + 1) : $clog2(64 + 1);
  endfunction

  // The QP split (qP % 6, qP / 6) every quant and scaling stage needs, once per block, and the
  // scaling factors of this QP (normAdjust row), looked up here so that they reach the
  // scaling multipliers straight from a register.
  logic [2:0]           rem;
  logic [3:0]           per;
  logic [VRowWidth-1:0] v;
  quant_qp_split u_qp_split (.qp_i, .rem_o (rem), .per_o (per));
  if (N == 4) begin : g_v4
    quant_v4 u_v (.rem_i (rem), .v_o (v));
  end else begin : g_v8
    quant_v8 u_v (.rem_i (rem), .v_o (v));
  end

  // The stages' outputs.
  logic                             q_valid, q_ready, dq_valid, dq_ready;
  logic [LevelsWidth-1:0]           q_level;
  logic [UserWidth+VRowWidth+4-1:0] q_user;
  logic [Size*ScaledWidth-1:0]      dq_coef;
  logic [UserWidth+LevelsWidth-1:0] dq_user, inv_user;

  // Forward transform; the split QP and dead zone ride along in the sideband.
  logic                           fwd_valid, fwd_ready;
  logic [Size*CoefWidth-1:0]      fwd_coef;
  logic [9:0]                     fwd_dz;
  logic [3:0]                     fwd_per;
  logic [2:0]                     fwd_rem;
  logic [UserWidth+VRowWidth-1:0] fwd_v_user;
`define _FWD_PORTS .clk_i, .rst_ni, .valid_i, .ready_o, .res_i, \
    .user_i ({dz_i, per, rem, v, user_i}), .valid_o (fwd_valid), .ready_i (fwd_ready), \
    .coef_o (fwd_coef), .user_o ({fwd_dz, fwd_per, fwd_rem, fwd_v_user})
  if (N == 4) begin : g_fwd4
    transform_fwd4x4 #(.InWidth (InWidth), .UserWidth (FwdUserWidth)) u_fwd (`_FWD_PORTS);
  end else begin : g_fwd8
    transform_fwd8x8 #(.InWidth (InWidth), .UserWidth (FwdUserWidth)) u_fwd (`_FWD_PORTS);
  end
`undef _FWD_PORTS

  // Quantisation; qP / 6 and the V row go on for the scaling.
  quant_q_block #(
    .N (Size), .CoefWidth (CoefWidth), .UserWidth (UserWidth + VRowWidth + 4)
  ) u_quant (
    .clk_i, .rst_ni, .valid_i (fwd_valid), .ready_o (fwd_ready), .coef_i (fwd_coef),
    .rem_i (fwd_rem), .per_i (fwd_per), .dz_i (fwd_dz), .user_i ({fwd_per, fwd_v_user}),
    .valid_o (q_valid), .ready_i (q_ready), .level_o (q_level), .user_o (q_user)
  );

  // Scaling; the levels ride along to leave with their reconstruction.
  quant_dq_block #(
    .N (Size), .LevelWidth (16), .OutWidth (ScaledWidth), .UserWidth (UserWidth + LevelsWidth)
  ) u_dequant (
    .clk_i, .rst_ni, .valid_i (q_valid), .ready_o (q_ready), .level_i (q_level),
    .v_i (q_user[UserWidth +: VRowWidth]), .per_i (q_user[UserWidth+VRowWidth +: 4]),
    .user_i ({q_level, q_user[UserWidth-1:0]}), .valid_o (dq_valid), .ready_i (dq_ready),
    .coef_o (dq_coef), .user_o (dq_user)
  );

  // Inverse transform.
`define _INV_PORTS .clk_i, .rst_ni, .valid_i (dq_valid), .ready_o (dq_ready), \
    .coef_i (dq_coef), .user_i (dq_user), .valid_o, .ready_i, .res_o (recon_o), \
    .user_o (inv_user)
  if (N == 4) begin : g_inv4
    transform_inv4x4 #(.Width (ScaledWidth), .UserWidth (UserWidth + LevelsWidth)) u_inv (
      `_INV_PORTS
    );
  end else begin : g_inv8
    transform_inv8x8 #(.Width (ScaledWidth), .UserWidth (UserWidth + LevelsWidth)) u_inv (
      `_INV_PORTS
    );
  end
`undef _INV_PORTS

  assign level_o = inv_user[UserWidth +: LevelsWidth];
  assign user_o  = inv_user[UserWidth-1:0];

  `ASSERT_STABLE_STALL(OutStableWhileStalled_A, valid_o, ready_i, {level_o, recon_o, user_o})
endmodule
