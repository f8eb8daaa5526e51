// 4:2:0 chroma DC lane, qp_i = QP'C (golden: quant::quant_chroma_dc of
// transform::forward_chroma_dc; quant::dequant_chroma_dc of transform::inverse_chroma_dc):
// dc_lane with N = 4; ports and pipeline as described there (latency 7).
module chroma_dc_lane #(
  parameter int unsigned UW = 8
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              valid_i,
  output logic              ready_o,
  input  logic [4*13-1:0]    dc_i,
  input  logic [5:0]        qp_i,
  input  logic [9:0]        dz_i,
  input  logic [UW-1:0]     user_i,
  output logic              valid_o,
  input  logic              ready_i,
  output logic [4*16-1:0]    level_o,
  output logic [4*30-1:0]    recon_o,
  output logic [UW-1:0]     user_o
);
  dc_lane #(
    .N  (4),
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
