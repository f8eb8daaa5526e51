// DC lane (golden, N = 16: levels = quant::quant_luma_dc(transform::forward_luma_dc(c)),
// dc = quant::dequant_luma_dc(transform::inverse_luma_dc(levels)); N = 4, qp_i = QP'C:
// quant_chroma_dc / forward_chroma_dc, dequant_chroma_dc / inverse_chroma_dc): the DC half of
// the encoder's Intra16x16 luma or 4:2:0 chroma residual path and its reconstruction, one set
// of N DC terms per cycle. The tops luma_dc_lane and chroma_dc_lane fix N.
//
// Ports: dc_i N x 13-bit signed DC terms (index 0 of transform_fwd4x4 of 9-bit residuals:
// |c| <= 16 * 256), qp_i (larger than 51 acts as 51), dz_i per set; level_o N x 16-bit levels,
// raster (c00, c01, ...); recon_o N x RW-bit scaled DC values (d_00 of each 4x4 block, for its
// inverse transform; exact for any 16-bit levels), RW = 33 (luma) / 30 (chroma).
// Pipeline (a stage ends in registers at every module's outputs): forward transform 2 (luma) /
// 1 (chroma), quant 3, inverse transform 2 / 1, scaling 2: latency 9 (luma) / 7 (chroma).
// valid/ready as residual_lane.
module dc_lane #(
  parameter int unsigned N  = 16,
  parameter int unsigned UW = 8
) (
  input  logic                                 clk_i,
  input  logic                                 rst_ni,
  input  logic                                 valid_i,
  output logic                                 ready_o,
  input  logic [N*13-1:0]                      dc_i,
  input  logic [5:0]                           qp_i,
  input  logic [9:0]                           dz_i,
  input  logic [UW-1:0]                        user_i,
  output logic                                 valid_o,
  input  logic                                 ready_i,
  output logic [N*16-1:0]                      level_o,
  output logic [N*((N == 16) ? 33 : 30)-1:0]   recon_o,
  output logic [UW-1:0]                        user_o
);
  localparam bit          LUMA = (N == 16);
  localparam int unsigned CW   = LUMA ? 17 : 15;  // forward transform output
  localparam int unsigned FW   = LUMA ? 20 : 18;  // inverse transform output
  localparam int unsigned VR   = 5;               // normAdjust4x4[qP % 6][0]

  logic [2:0] rem;
  logic [3:0] per;
  quant_qp_split u_qp_split (
    .qp_i,
    .rem_o (rem),
    .per_o (per)
  );

  // The scaling factor of this QP (normAdjust4x4[qP % 6][0]), looked up here so that it reaches
  // the scaling multipliers straight from a register.
  logic [3*5-1:0] v_row;
  logic [4:0]     v;
  quant_v4 u_v (
    .rem_i (rem),
    .v_o   (v_row)
  );
  assign v = v_row[4:0];
  logic unused_v;
  assign unused_v = ^v_row[3*5-1:5];

  // Forward transform; the split QP and dead zone ride along in the sideband.
  logic             fwd_valid, fwd_ready;
  logic [N*CW-1:0]  fwd_out;
  logic [UW+VR+17-1:0] fwd_user;
  if (LUMA) begin : g_fwd_luma
    transform_luma_dc #(
      .IW  (13),
      .FWD (1'b1),
      .UW  (UW + VR + 17)
    ) u_fwd (
      .clk_i,
      .rst_ni,
      .valid_i,
      .ready_o,
      .in_i    (dc_i),
      .user_i  ({dz_i, per, rem, v, user_i}),
      .valid_o (fwd_valid),
      .ready_i (fwd_ready),
      .out_o   (fwd_out),
      .user_o  (fwd_user)
    );
  end else begin : g_fwd_chroma
    transform_chroma_dc #(
      .IW (13),
      .UW (UW + VR + 17)
    ) u_fwd (
      .clk_i,
      .rst_ni,
      .valid_i,
      .ready_o,
      .in_i    (dc_i),
      .user_i  ({dz_i, per, rem, v, user_i}),
      .valid_o (fwd_valid),
      .ready_i (fwd_ready),
      .out_o   (fwd_out),
      .user_o  (fwd_user)
    );
  end

  logic            q_valid, q_ready;
  logic [N*16-1:0] q_level;
  logic [UW+VR+4-1:0] q_user;
  quant_q_dc #(
    .N  (N),
    .CW (CW),
    .UW (UW + VR + 4)
  ) u_quant (
    .clk_i,
    .rst_ni,
    .valid_i (fwd_valid),
    .ready_o (fwd_ready),
    .coef_i  (fwd_out),
    .rem_i   (fwd_user[UW+VR +: 3]),
    .per_i   (fwd_user[UW+VR+3 +: 4]),
    .dz_i    (fwd_user[UW+VR+7 +: 10]),
    .user_i  ({fwd_user[UW+VR+3 +: 4], fwd_user[UW+VR-1:0]}),
    .valid_o (q_valid),
    .ready_i (q_ready),
    .level_o (q_level),
    .user_o  (q_user)
  );

  // Decoder order: inverse transform first, then scaling; the levels ride along.
  logic                 inv_valid, inv_ready;
  logic [N*FW-1:0]      inv_out;
  logic [UW+VR+4+N*16-1:0] inv_user;
  if (LUMA) begin : g_inv_luma
    transform_luma_dc #(
      .IW  (16),
      .FWD (1'b0),
      .UW  (UW + VR + 4 + N*16)
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
  end else begin : g_inv_chroma
    transform_chroma_dc #(
      .IW (16),
      .UW (UW + VR + 4 + N*16)
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
  end

  logic [UW+N*16-1:0] dq_user;
  quant_dq_dc #(
    .N  (N),
    .FW (FW),
    .UW (UW + N*16)
  ) u_dequant (
    .clk_i,
    .rst_ni,
    .valid_i (inv_valid),
    .ready_o (inv_ready),
    .in_i    (inv_out),
    .v_i     (inv_user[UW +: VR]),
    .per_i   (inv_user[UW+VR +: 4]),
    .user_i  ({inv_user[UW+VR+4 +: N*16], inv_user[UW-1:0]}),
    .valid_o,
    .ready_i,
    .out_o   (recon_o),
    .user_o  (dq_user)
  );

  assign level_o = dq_user[UW +: N*16];
  assign user_o  = dq_user[UW-1:0];
endmodule
