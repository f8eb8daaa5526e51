// Scaling of a set of DC values after their inverse transform (golden:
// quant::dequant_luma_dc with N = 16, H.264 8.5.10, input transform_luma_dc (FWD 0);
// quant::dequant_chroma_dc with N = 4, 8.5.11.2, input transform_chroma_dc, qp = QP'C).
// V = normAdjust4x4[qP % 6][class 0] (LevelScale4x4(qP % 6, 0, 0) = 16 V).
//
// Luma: the standard's qP >= 36: (f * 16V) << (qP/6 - 6), else
// (f * 16V + 2^(5 - qP/6)) >> (6 - qP/6) equals ((f * V) << (qP/6) + 2) >> 2 exactly in both
// branches (as for 8x8, quant_dq8x8): quant_dq_coef with SH = 2, RND = 2.
// Chroma: dcC = ((f * 16V) << (qP/6)) >> 5 equals ((f * V) << (qP/6)) >> 1 exactly:
// SH = 1, RND = 0.
//
// Parameters:
//   N   DC values per set: 16 (luma) or 4 (chroma); it selects the rule above.
//   FW  input width (20 luma, 18 chroma: the inverse DC transforms of 16-bit levels).
//   UW  sideband width.
// Output OW = FW + 13 (luma) / FW + 12 (chroma) bits signed, exact for every input.
// Pipeline: 2 stages (quant_dq_coef), latency 2, one set per cycle, valid/ready; v_i
// (normAdjust4x4[qP % 6][0], quant_v4's class 0, looked up by the caller) and per_i (qP / 6)
// come with the set.
module quant_dq_dc #(
  parameter int unsigned N  = 16,
  parameter int unsigned FW = 20,
  parameter int unsigned UW = 1
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            valid_i,
  output logic            ready_o,
  input  logic [N*FW-1:0] in_i,
  input  logic [4:0]      v_i,
  input  logic [3:0]      per_i,
  input  logic [UW-1:0]   user_i,
  output logic            valid_o,
  input  logic            ready_i,
  output logic [N*((N == 16) ? FW + 13 : FW + 12)-1:0] out_o,
  output logic [UW-1:0]   user_o
);
  localparam int unsigned OW  = (N == 16) ? FW + 13 : FW + 12;
  localparam int unsigned SH  = (N == 16) ? 2 : 1;
  localparam int unsigned RND = (N == 16) ? 2 : 0;

  logic [1:0] en;
  logic [3:0] per;
  quant_dq_ctl #(
    .UW (UW)
  ) u_ctl (
    .clk_i,
    .rst_ni,
    .valid_i,
    .ready_o,
    .per_i,
    .user_i,
    .valid_o,
    .ready_i,
    .user_o,
    .en_o  (en),
    .per_o (per)
  );


  for (genvar k = 0; k < N; k++) begin : g_pos
    quant_dq_coef #(
      .LW  (FW),
      .VW  (5),
      .SH  (SH),
      .RND (RND),
      .OW  (OW)
    ) u_coef (
      .clk_i,
      .en_i  (en),
      .c_i   (in_i[k*FW +: FW]),
      .v_i   (v_i),
      .per_i (per),
      .d_o   (out_o[k*OW +: OW])
    );
  end
endmodule
