// Forward quantisation of a 4x4 block of transform_fwd4x4 coefficients (golden:
// quant::quant4x4): level = sign(c) * min(32767, (|c| * MF + f) >> qbits) with
// qbits = 15 + qP/6, MF = MF4[qP % 6][class] and the dead-zone offset
// f = (dz << qbits) >> 10 = dz << (qbits - 10) (exact: qbits >= 15).
//
// Raster order in and out (element k = row * 4 + col); all 16 positions are quantised alike
// (index 0 included; an Intra16x16 / chroma caller ignores it).
//
// Parameters:
//   CW  width of the signed input coefficients (15 = transform_fwd4x4 of 9-bit residuals).
//   UW  width of the user sideband.
// Widths: |c| * MF < 2^(CW+14), f < 2^23, the sum one bit more than the larger (quant_q_coef).
// The symmetric clamp to +-32767 is unreachable from 9-bit residuals (largest level 3687 at
// qP 0, from |c| <= 9216) but kept so that the module is exact for every CW-bit input.
// Levels are 16 bits signed. Pipeline: 3 stages (quant_q_coef), latency 3 cycles, one block
// per cycle, valid/ready with backpressure; rem_i / per_i (qP split by
// quant_qp_split) and dz_i are sampled with the block.
module quant_q4x4 #(
  parameter int unsigned CW = 16,
  parameter int unsigned UW = 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             valid_i,
  output logic             ready_o,
  input  logic [16*CW-1:0] coef_i,
  input  logic [2:0]       rem_i,
  input  logic [3:0]       per_i,
  input  logic [9:0]       dz_i,
  input  logic [UW-1:0]    user_i,
  output logic             valid_o,
  input  logic             ready_i,
  output logic [16*16-1:0] level_o,
  output logic [UW-1:0]    user_o
);
  localparam int unsigned QB = 15;
  localparam int unsigned FW = QB + 8;

  // The MF row of this block's QP (registered per coefficient by quant_q_coef).
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


  for (genvar k = 0; k < 16; k++) begin : g_pos
    localparam int unsigned I   = k / 4;
    localparam int unsigned J   = k % 4;
    localparam int unsigned CLS = (I % 2 == 0 && J % 2 == 0) ? 0 :
                                  (I % 2 == 1 && J % 2 == 1) ? 1 : 2;
    quant_q_coef #(
      .CW  (CW),
      .MFW (14),
      .FW  (FW),
      .QB  (QB)
    ) u_coef (
      .clk_i,
      .en_i    (en),
      .c_i     (coef_i[k*CW +: CW]),
      .mf_i    (mf[CLS*14 +: 14]),
      .f_i     (f),
      .per_i   (per),
      .level_o (level_o[k*16 +: 16])
    );
  end
endmodule
