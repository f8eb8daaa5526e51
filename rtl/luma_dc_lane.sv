// Intra16x16 luma DC lane (golden: levels = quant::quant_luma_dc(transform::forward_luma_dc(c)),
// dc = quant::dequant_luma_dc(transform::inverse_luma_dc(levels))): the DC half of the
// encoder's residual path and its reconstruction, one set of 16 DC terms per cycle.
//
// Ports: dc_i 16 x 13-bit signed DC terms (index 0 of transform_fwd4x4 of 9-bit residuals:
// |c| <= 16 * 256), qp_i, dz_i per set; level_o 16 x 16-bit levels, raster (c00, c01, ...);
// recon_o 16 x 33-bit scaled DC values (d_00 of each 4x4 block, for its inverse transform;
// exact for any 16-bit levels). Pipeline: 4 stages, latency 4, valid/ready as residual_lane.
module luma_dc_lane #(
  parameter int unsigned UW = 8
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              valid_i,
  output logic              ready_o,
  input  logic [16*13-1:0]   dc_i,
  input  logic [5:0]        qp_i,
  input  logic [9:0]        dz_i,
  input  logic [UW-1:0]     user_i,
  output logic              valid_o,
  input  logic              ready_i,
  output logic [16*16-1:0]   level_o,
  output logic [16*33-1:0]   recon_o,
  output logic [UW-1:0]     user_o
);
  logic                  fwd_valid, fwd_ready;
  logic [16*17-1:0]     fwd_out;
  logic [UW+16-1:0]      fwd_user;
  transform_fwd_luma_dc #(
    .IW (13),
    .UW (UW + 16)
  ) u_fwd (
    .clk_i,
    .rst_ni,
    .valid_i,
    .ready_o,
    .in_i    (dc_i),
    .user_i  ({dz_i, qp_i, user_i}),
    .valid_o (fwd_valid),
    .ready_i (fwd_ready),
    .out_o   (fwd_out),
    .user_o  (fwd_user)
  );

  logic                  q_valid, q_ready;
  logic [16*16-1:0]       q_level;
  logic [UW+6-1:0]       q_user;
  quant_q_luma_dc #(
    .CW (17),
    .UW (UW + 6)
  ) u_quant (
    .clk_i,
    .rst_ni,
    .valid_i (fwd_valid),
    .ready_o (fwd_ready),
    .coef_i  (fwd_out),
    .qp_i    (fwd_user[UW +: 6]),
    .dz_i    (fwd_user[UW+6 +: 10]),
    .user_i  (fwd_user[UW+6-1:0]),
    .valid_o (q_valid),
    .ready_i (q_ready),
    .level_o (q_level),
    .user_o  (q_user)
  );

  // Decoder order: inverse transform first, then scaling; the levels ride along.
  logic                  inv_valid, inv_ready;
  logic [16*20-1:0]     inv_out;
  logic [UW+6+16*16-1:0]  inv_user;
  transform_inv_luma_dc #(
    .IW (16),
    .UW (UW + 6 + 16*16)
  ) u_inv (
    .clk_i,
    .rst_ni,
    .valid_i (q_valid),
    .ready_o (q_ready),
    .in_i    (q_level),
    .user_i  ({q_level, q_user}),
    .valid_o (inv_valid),
    .ready_i (inv_ready),
    .out_o   (inv_out),
    .user_o  (inv_user)
  );

  logic [UW+16*16-1:0]    dq_user;
  quant_dq_luma_dc #(
    .FW (20),
    .UW (UW + 16*16)
  ) u_dequant (
    .clk_i,
    .rst_ni,
    .valid_i (inv_valid),
    .ready_o (inv_ready),
    .in_i    (inv_out),
    .qp_i    (inv_user[UW +: 6]),
    .user_i  ({inv_user[UW+6 +: 16*16], inv_user[UW-1:0]}),
    .valid_o,
    .ready_i,
    .out_o   (recon_o),
    .user_o  (dq_user)
  );

  assign level_o = dq_user[UW +: 16*16];
  assign user_o  = dq_user[UW-1:0];
endmodule
