// Quantisation of a set of DC coefficients (golden: quant::quant_luma_dc with N = 16, the
// Intra16x16 luma DC from transform_luma_dc; quant::quant_chroma_dc with N = 4, the 4:2:0
// chroma DC from transform_chroma_dc, qp = QP'C): MF4[qP % 6] at (0, 0), shift
// qbits + 1 = 16 + qP/6, offset 2f = dz << (6 + qP/6):
// level = sign(c) * min(32767, (|c| * MF + 2f) >> (16 + qP/6)).
//
// Parameters:
//   N   DC terms per set: 16 (luma) or 4 (chroma).
//   CW  coefficient width (17 luma / 15 chroma from the forward DC transforms of 13-bit DCs).
//   UW  sideband width.
// Widths: |c| * MF < 2^(CW+14), offset < 2^24, sum one bit more; levels 16 bits signed (the
// clamp keeps it exact on every CW-bit input). Pipeline: 3 stages (quant_q_coef), latency 3,
// one set per cycle, valid/ready; rem_i / per_i (qP split by quant_qp_split) and
// dz_i with the set.
module quant_q_dc #(
  parameter int unsigned N  = 16,
  parameter int unsigned CW = 17,
  parameter int unsigned UW = 1
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            valid_i,
  output logic            ready_o,
  input  logic [N*CW-1:0] coef_i,
  input  logic [2:0]      rem_i,
  input  logic [3:0]      per_i,
  input  logic [9:0]      dz_i,
  input  logic [UW-1:0]   user_i,
  output logic            valid_o,
  input  logic            ready_i,
  output logic [N*16-1:0] level_o,
  output logic [UW-1:0]   user_o
);
  localparam int unsigned QB = 16;
  localparam int unsigned FW = QB + 8;

  // MF4 at (0, 0) for this block's QP (registered per coefficient by quant_q_coef; the other
  // classes' multipliers are left unused).
  logic [3*14-1:0] mf;
  quant_mf4 u_mf (
    .rem_i,
    .mf_o  (mf)
  );

  logic [2:0]    en;
  logic [FW-1:0] f;
  logic [3:0]    per;
  quant_q_ctl #(
    .QB (QB),
    .FW (FW),
    .UW (UW)
  ) u_ctl (
    .clk_i,
    .rst_ni,
    .valid_i,
    .ready_o,
    .per_i,
    .dz_i,
    .user_i,
    .valid_o,
    .ready_i,
    .user_o,
    .en_o  (en),
    .f_o   (f),
    .per_o (per)
  );

  logic unused_mf;
  assign unused_mf = ^mf[3*14-1:14];

  for (genvar k = 0; k < N; k++) begin : g_pos
    quant_q_coef #(
      .CW  (CW),
      .MFW (14),
      .FW  (FW),
      .QB  (QB)
    ) u_coef (
      .clk_i,
      .en_i    (en),
      .c_i     (coef_i[k*CW +: CW]),
      .mf_i    (mf[13:0]),
      .f_i     (f),
      .per_i   (per),
      .level_o (level_o[k*16 +: 16])
    );
  end
endmodule
