// Residual lane, 8x8: forward 8x8 transform -> quant -> dequant -> inverse 8x8 transform for
// one 8x8 block per cycle (golden: levels = quant::quant8x8(transform::forward8x8(res)),
// recon = quant::recon_residual8x8(levels)).
//
// All blocks are raster order, row-major (element k = row * 8 + col at bits [k*W +: W]);
// levels come out in raster order like quant::quant8x8 (quant::scan8x8 is wiring).
//
// Throughput: one 8x8 block per cycle, fully parallel (16 1-D forward and 16 1-D inverse
// butterflies, 64 quant and 64 scaling multipliers). This is 4x what the 4x4 lane's
// 16 samples per cycle would need; a folded variant (2 rows per cycle with transpose buffers)
// trades that area for a 4-cycle initiation interval and is not built yet.
//
// Parameters:
//   UW  width of the user sideband (e.g. a block tag) that leaves with the block's results.
// Ports and widths:
//   res_i    64 x 9-bit signed residuals (-256..255).
//   qp_i     QP 0..51 (larger values act as 51), dz_i dead zone 0..1023: per block.
//   level_o  64 x 16-bit signed levels (|level| <= 5243 here: |c| <= 16384 at qP 0).
//   recon_o  64 x 16-bit signed reconstructed residuals.
// Internal widths: coefficients 16 bits (|Y| <= 16384, transform_fwd8x8 with IW = 9); scaled
// coefficients 16 bits: |dequant(quant(Y))| <= 25920 < 2^15 for every position, qP and dz
// (checked exhaustively against the golden model by sim/tests/widths.rs); inverse internals
// 23 bits.
// Pipeline: 12 stages, latency 12 cycles, one 8x8 block per cycle: forward transform 4, quant 3,
// scaling 2, inverse transform 3. Handshake as residual_lane (valid/ready with backpressure,
// bubbles collapse).
module residual_lane8x8 #(
  parameter int unsigned UW = 8
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              valid_i,
  output logic              ready_o,
  input  logic [64*9-1:0]   res_i,
  input  logic [5:0]        qp_i,
  input  logic [9:0]        dz_i,
  input  logic [UW-1:0]     user_i,
  output logic              valid_o,
  input  logic              ready_i,
  output logic [64*16-1:0]  level_o,
  output logic [64*16-1:0]  recon_o,
  output logic [UW-1:0]     user_o
);
  localparam int unsigned CW = 16;  // transform_fwd8x8 output width for 9-bit input
  localparam int unsigned DW = 16;  // scaled coefficient width (bound above)
  localparam int unsigned VR = 6*6;  // the normAdjust8x8 row of the block's QP

  // The QP split (qP % 6, qP / 6) every quant and scaling stage needs, once per block.
  logic [2:0] rem;
  logic [3:0] per;
  quant_qp_split u_qp_split (
    .qp_i,
    .rem_o (rem),
    .per_o (per)
  );

  // The scaling factors of this QP (quant_v8), looked up here so that they reach the scaling
  // multipliers straight from a register.
  logic [6*6-1:0] v;
  quant_v8 u_v (
    .rem_i (rem),
    .v_o   (v)
  );

  // Forward transform; the split QP and dead zone ride along in the sideband.
  logic                  fwd_valid, fwd_ready;
  logic [64*CW-1:0]      fwd_coef;
  logic [UW+VR+17-1:0]      fwd_user;
  transform_fwd8x8 #(
    .IW (9),
    .UW (UW + VR + 17)
  ) u_fwd (
    .clk_i,
    .rst_ni,
    .valid_i,
    .ready_o,
    .res_i,
    .user_i  ({dz_i, per, rem, v, user_i}),
    .valid_o (fwd_valid),
    .ready_i (fwd_ready),
    .coef_o  (fwd_coef),
    .user_o  (fwd_user)
  );

  // Quantisation; the split QP goes on for the scaling.
  logic                  q_valid, q_ready;
  logic [64*16-1:0]      q_level;
  logic [UW+VR+4-1:0]    q_user;
  quant_q8x8 #(
    .CW (CW),
    .UW (UW + VR + 4)
  ) u_quant (
    .clk_i,
    .rst_ni,
    .valid_i (fwd_valid),
    .ready_o (fwd_ready),
    .coef_i  (fwd_coef),
    .rem_i   (fwd_user[UW+VR +: 3]),
    .per_i   (fwd_user[UW+VR+3 +: 4]),
    .dz_i    (fwd_user[UW+VR+7 +: 10]),
    .user_i  ({fwd_user[UW+VR+3 +: 4], fwd_user[UW+VR-1:0]}),
    .valid_o (q_valid),
    .ready_i (q_ready),
    .level_o (q_level),
    .user_o  (q_user)
  );

  // Scaling; the levels ride along to leave with their reconstruction.
  logic                  dq_valid, dq_ready;
  logic [64*DW-1:0]      dq_coef;
  logic [UW+1024-1:0]     dq_user;
  quant_dq8x8 #(
    .LW (16),
    .OW (DW),
    .UW (UW + 1024)
  ) u_dequant (
    .clk_i,
    .rst_ni,
    .valid_i (q_valid),
    .ready_o (q_ready),
    .level_i (q_level),
    .v_i     (q_user[UW +: VR]),
    .per_i   (q_user[UW+VR +: 4]),
    .user_i  ({q_level, q_user[UW-1:0]}),
    .valid_o (dq_valid),
    .ready_i (dq_ready),
    .coef_o  (dq_coef),
    .user_o  (dq_user)
  );

  // Inverse transform.
  logic [UW+1024-1:0]     inv_user;
  transform_inv8x8 #(
    .DW (DW),
    .UW (UW + 1024)
  ) u_inv (
    .clk_i,
    .rst_ni,
    .valid_i (dq_valid),
    .ready_o (dq_ready),
    .coef_i  (dq_coef),
    .user_i  (dq_user),
    .valid_o,
    .ready_i,
    .res_o   (recon_o),
    .user_o  (inv_user)
  );

  assign level_o = inv_user[UW +: 1024];
  assign user_o  = inv_user[UW-1:0];
endmodule
