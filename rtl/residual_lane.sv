// Residual lane, 4x4: forward transform -> quant -> dequant -> inverse transform, the
// encoder's residual coding and reconstruction path for one 4x4 block per cycle (golden:
// transform::forward4x4, quant::quant4x4, quant::dequant4x4, transform::inverse4x4, i.e.
// levels = quant4x4(forward4x4(res)) and recon = recon_residual4x4(levels)).
//
// All blocks are raster order, row-major (element k = row * 4 + col at bits [k*W +: W]):
// levels come out in raster order like quant::quant4x4; quant::scan4x4 (zig-zag) is wiring
// left to the entropy coder side.
//
// Parameters:
//   UW  width of the user sideband (e.g. a block tag) that leaves with the block's results.
// Ports and widths:
//   res_i    16 x 9-bit signed residuals (-256..255; 8-bit video gives -255..255).
//   qp_i     QP 0..51 (larger values act as 51), dz_i dead zone 0..1023 (quant::Deadzone):
//            both per block, sampled with it.
//   level_o  16 x 16-bit signed levels (|level| <= 3687 here: |c| <= 9216 at qP 0).
//   recon_o  16 x 16-bit signed reconstructed residuals.
// Internal widths, from the bounds in golden/src/transform and golden/src/quant: coefficients
// 15 bits (|Y| <= 9216); scaled coefficients 16 bits: for every position, qP and dead zone,
// |dequant(quant(Y))| <= 27648 < 2^15 (checked
// exhaustively against the golden model by sim/tests/widths.rs), which is also the
// standard's 16-bit limit for conforming streams; inverse transform internals 21 bits.
// Pipeline: 8 stages, latency 8 cycles, one block per cycle: forward transform 1, quant 3,
// scaling 2, inverse transform 2 (a stage ends in registers at every module's outputs).
// Handshake: valid/ready on both sides; a block transfers when valid and ready are both
// high at a rising edge. Each stage accepts when it is empty or its content leaves
// (ready = ~valid_q | ready_next), so bubbles collapse and ready_i low stalls the pipe
// without losing or duplicating blocks; ready_o depends combinationally on ready_i.
module residual_lane #(
  parameter int unsigned UW = 8
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              valid_i,
  output logic              ready_o,
  input  logic [16*9-1:0]   res_i,
  input  logic [5:0]        qp_i,
  input  logic [9:0]        dz_i,
  input  logic [UW-1:0]     user_i,
  output logic              valid_o,
  input  logic              ready_i,
  output logic [16*16-1:0]  level_o,
  output logic [16*16-1:0]  recon_o,
  output logic [UW-1:0]     user_o
);
  localparam int unsigned CW = 15;  // transform_fwd4x4 output width for 9-bit input
  localparam int unsigned DW = 16;  // scaled coefficient width (bound above)
  localparam int unsigned VR = 3*5; // the normAdjust4x4 row of the block's QP

  // The QP split (qP % 6, qP / 6) every quant and scaling stage needs, once per block.
  logic [2:0] rem;
  logic [3:0] per;
  quant_qp_split u_qp_split (
    .qp_i,
    .rem_o (rem),
    .per_o (per)
  );

  // The scaling factors of this QP (quant_v4), looked up here so that they reach the scaling
  // multipliers straight from a register.
  logic [3*5-1:0] v;
  quant_v4 u_v (
    .rem_i (rem),
    .v_o   (v)
  );

  // Forward transform; the split QP and dead zone ride along in the sideband.
  logic                  fwd_valid, fwd_ready;
  logic [16*CW-1:0]      fwd_coef;
  logic [UW+VR+17-1:0]      fwd_user;
  transform_fwd4x4 #(
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
  logic [16*16-1:0]      q_level;
  logic [UW+VR+4-1:0]    q_user;
  quant_q4x4 #(
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
  logic [16*DW-1:0]      dq_coef;
  logic [UW+256-1:0]     dq_user;
  quant_dq4x4 #(
    .LW (16),
    .OW (DW),
    .UW (UW + 256)
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
  logic [UW+256-1:0]     inv_user;
  transform_inv4x4 #(
    .DW (DW),
    .UW (UW + 256)
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

  assign level_o = inv_user[UW +: 256];
  assign user_o  = inv_user[UW-1:0];
endmodule
