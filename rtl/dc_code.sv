// dc_code: the forward half of a DC lane (golden::lane::dc::code_luma for N = 16,
// levels = quant::quant_luma_dc(transform::forward_luma_dc(c)); code_chroma for N = 4, qp_i =
// QP'C): one set of N DC terms a cycle to their levels. dc_lane joins it to dc_recon; the
// encoder lane's residual stage runs it alone (the levels go to mb_recon_i16).
//
// Parameters:
//   N          DC terms per set: 16 (luma) or 4 (chroma).
//   UserWidth  width of the user sideband.
// Ports: dc_i N x 13-bit signed DC terms (index 0 of transform_fwd4x4 of 9-bit residuals:
// |c| <= 16 * 256), qp_i (larger than 51 acts as 51), dz_i per set; level_o N x 16-bit
// levels, raster (c00, c01, ...).
// Widths: the forward transform gives 13 + log2(N) bits (luma: the Hadamard f = H c H, 17
// bits, whose halving round(f / 2), ties away from zero, the quantizer's first stage does
// (quant_q_block's Halve); chroma: transform_chroma_dc, 15).
// Pipeline: forward transform 2 (luma) / 1 (chroma), quant 4: latency 6 / 5. valid/ready as
// residual_lane_core; asserted: the outputs hold still while stalled.
module dc_code #(
  parameter  int unsigned N         = 16,
  parameter  int unsigned UserWidth = 8,
  localparam int unsigned InWidth   = 13
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 valid_i,
  output logic                 ready_o,
  input  logic [N*InWidth-1:0] dc_i,
  input  logic [5:0]           qp_i,
  input  logic [9:0]           dz_i,
  input  logic [UserWidth-1:0] user_i,
  output logic                 valid_o,
  input  logic                 ready_i,
  output logic [N*16-1:0]      level_o,
  output logic [UserWidth-1:0] user_o
);
  localparam bit          Luma      = (N == 16);
  localparam int unsigned CoefWidth = InWidth + $clog2(N);  // forward transform output

  logic [2:0] rem;
  logic [3:0] per;
  quant_qp_split u_qp_split (.qp_i, .rem_o (rem), .per_o (per));

  // Forward transform; the split QP and dead zone ride along in the sideband.
  logic                   fwd_valid, fwd_ready;
  logic [N*CoefWidth-1:0] fwd_out;
  logic [9:0]             fwd_dz;
  logic [3:0]             fwd_per;
  logic [2:0]             fwd_rem;
  logic [UserWidth-1:0]   fwd_user;
`define _FWD_PORTS .clk_i, .rst_ni, .valid_i, .ready_o, .in_i (dc_i), \
    .user_i ({dz_i, per, rem, user_i}), .valid_o (fwd_valid), .ready_i (fwd_ready), \
    .out_o (fwd_out), .user_o ({fwd_dz, fwd_per, fwd_rem, fwd_user})
  if (Luma) begin : g_fwd_luma
    // The Hadamard f = H c H alone (transform_luma_dc's Forward = 0 form); round(f / 2) is
    // folded into the quantizer's magnitude (quant_q_block's Halve), out of the column stage.
    transform_luma_dc #(
      .InWidth (InWidth), .Forward (1'b0), .UserWidth (UserWidth + 17)
    ) u_fwd (`_FWD_PORTS);
  end else begin : g_fwd_chroma
    transform_chroma_dc #(.InWidth (InWidth), .UserWidth (UserWidth + 17)) u_fwd (`_FWD_PORTS);
  end
`undef _FWD_PORTS

  // Quantisation (the DC rule: class 0, shift 16 + qP/6).
  quant_q_block #(
    .N (N), .Dc (1'b1), .CoefWidth (CoefWidth), .Halve (Luma), .UserWidth (UserWidth)
  ) u_quant (
    .clk_i, .rst_ni, .valid_i (fwd_valid), .ready_o (fwd_ready), .coef_i (fwd_out),
    .rem_i (fwd_rem), .per_i (fwd_per), .dz_i (fwd_dz), .user_i (fwd_user), .valid_o,
    .ready_i, .level_o, .user_o
  );

  `ASSERT_STABLE_STALL(OutStableWhileStalled_A, valid_o, ready_i, {level_o, user_o})
endmodule
