// Forward quantisation of an 8x8 block of transform_fwd8x8 coefficients (golden:
// quant::quant8x8): level = sign(c) * min(32767, (|c| * MF + f) >> qbits) with
// qbits = 16 + qP/6, MF = MF8[qP % 6][class] and the dead-zone offset f = dz << (qbits - 10).
//
// Raster order in and out (element k = row * 8 + col).
//
// Parameters:
//   CW  width of the signed input coefficients (16 = transform_fwd8x8 of 9-bit residuals).
//   UW  width of the user sideband.
// Widths: |c| * MF < 2^(CW+15), f < 2^24, the sum one bit more than the larger; levels 16 bits
// signed, clamped to +-32767 (exact for every CW-bit input). Pipeline: 3 stages
// (quant_q_coef), latency 3 cycles, one 8x8 block per cycle, valid/ready with backpressure;
// rem_i / per_i (qP split by quant_qp_split) and dz_i are sampled with the block.
module quant_q8x8 #(
  parameter int unsigned CW = 16,
  parameter int unsigned UW = 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             valid_i,
  output logic             ready_o,
  input  logic [64*CW-1:0] coef_i,
  input  logic [2:0]       rem_i,
  input  logic [3:0]       per_i,
  input  logic [9:0]       dz_i,
  input  logic [UW-1:0]    user_i,
  output logic             valid_o,
  input  logic             ready_i,
  output logic [64*16-1:0] level_o,
  output logic [UW-1:0]    user_o
);
  localparam int unsigned QB = 16;
  localparam int unsigned FW = QB + 8;

  // The MF row of this block's QP (registered per coefficient by quant_q_coef).
  logic [6*15-1:0] mf;
  quant_mf8 u_mf (
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


  for (genvar k = 0; k < 64; k++) begin : g_pos
    // Position class of quant::tables::class8x8.
    localparam int unsigned I   = k / 8;
    localparam int unsigned J   = k % 8;
    localparam int unsigned CLS =
        (I % 4 == 0 && J % 4 == 0) ? 0 :
        (I % 2 == 1 && J % 2 == 1) ? 1 :
        (I % 4 == 2 && J % 4 == 2) ? 2 :
        ((I % 4 == 0 && J % 2 == 1) || (I % 2 == 1 && J % 4 == 0)) ? 3 :
        ((I % 4 == 0 && J % 4 == 2) || (I % 4 == 2 && J % 4 == 0)) ? 4 : 5;
    quant_q_coef #(
      .CW  (CW),
      .MFW (15),
      .FW  (FW),
      .QB  (QB)
    ) u_coef (
      .clk_i,
      .en_i    (en),
      .c_i     (coef_i[k*CW +: CW]),
      .mf_i    (mf[CLS*15 +: 15]),
      .f_i     (f),
      .per_i   (per),
      .level_o (level_o[k*16 +: 16])
    );
  end
endmodule
