// Intra16x16 luma DC lane (golden: quant::quant_luma_dc of transform::forward_luma_dc;
// quant::dequant_luma_dc of transform::inverse_luma_dc): dc_lane with N = 16; ports and
// pipeline as described there (latency 9).
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
  dc_lane #(
    .N  (16),
    .UW (UW)
  ) u_lane (
    .clk_i,
    .rst_ni,
    .valid_i,
    .ready_o,
    .dc_i,
    .qp_i,
    .dz_i,
    .user_i,
    .valid_o,
    .ready_i,
    .level_o,
    .recon_o,
    .user_o
  );
endmodule
