// Forward quantisation of one block of coefficients (golden: quant::quant4x4 (N = 16),
// quant::quant8x8 (N = 64), quant::quant_luma_dc (Dc, N = 16), quant::quant_chroma_dc
// (Dc, N = 4, qp = QP'C)):
//   level = sign(c) * min(32767, (|c| * MF + f) >> (QBits + qP/6)),
//   f = dz << (QBits - 10 + qP/6) (quant::Deadzone::offset; exact since QBits >= 10),
// with MF = MF4[qP % 6][class] (4x4 and DC: class 0 for every DC term) or MF8[qP % 6][class]
// (8x8), QBits = 15 (4x4) or 16 (8x8; the DC quantisers' qbits + 1, their offset 2f).
//
// Raster order in and out (element k = row * side + col at bits [k*W +: W]); all positions are
// quantised alike (index 0 of a 4x4 block included; an Intra16x16 / chroma caller ignores it).
//
// Parameters:
//   N          coefficients per block: 16 or 64 (4x4 / 8x8 blocks), 16 or 4 (DC sets).
//   Dc         1: a set of DC terms (luma, chroma), 0: a 4x4 or 8x8 block.
//   CoefWidth  width of the signed input coefficients (transform_fwd4x4: 15, transform_fwd8x8:
//              16, transform_luma_dc: 17, transform_chroma_dc: 15 for the lanes' inputs).
//   Halve      1: coef_i are twice the coefficients, unrounded: each is round(coef_i / 2), ties
//              away from zero (quant_q_coef folds it into the magnitude; the luma DC set).
//   UserWidth  width of the user sideband.
// Widths (quant_q_coef): |c| * MF < 2^(CoefWidth + MfWidth), f < 2^(QBits + 8), the sum one bit
// more than the larger; levels 16 bits signed. The symmetric clamp to +-32767 keeps the module
// exact for every CoefWidth-bit input although the lanes cannot reach it.
// Pipeline: 3 stages (quant_q_coef; a DC set 4: quant_pkg::q_stages), latency 3 (DC 4) cycles,
// one block per cycle, valid/ready with backpressure (prim_pipe_ctrl). rem_i / per_i (qP % 6, qP / 6 from quant_qp_split) and dz_i
// are sampled with the block; f and qP / 6 are registered once per block and reach the stage
// that uses them, MF with each coefficient (quant_q_coef).
module quant_q_block #(
  parameter int unsigned N         = 16,
  parameter bit          Dc        = 1'b0,
  parameter int unsigned CoefWidth = 16,
  parameter bit          Halve     = 1'b0,
  parameter int unsigned UserWidth = 1
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   valid_i,
  output logic                   ready_o,
  input  logic [N*CoefWidth-1:0] coef_i,
  input  logic [2:0]             rem_i,
  input  logic [3:0]             per_i,
  input  logic [9:0]             dz_i,
  input  logic [UserWidth-1:0]   user_i,
  output logic                   valid_o,
  input  logic                   ready_i,
  output logic [N*16-1:0]        level_o,
  output logic [UserWidth-1:0]   user_o
);
  localparam bit          Is8x8       = quant_pkg::is_8x8(N, Dc);
  localparam int unsigned QBits       = quant_pkg::q_bits(N, Dc);
  localparam int unsigned OffsetWidth = QBits + 8;  // dz < 2^10 shifted by QBits - 10 + 8
  localparam int unsigned MfWidth     = quant_pkg::mf_width(N, Dc);
  localparam int unsigned MfClasses   = quant_pkg::mf_classes(N, Dc);
  localparam int unsigned Parts       = quant_pkg::q_parts(N, Dc);
  localparam int unsigned Stages      = quant_pkg::q_stages(N, Dc);

  // The MF row of this block's QP (registered per coefficient by quant_q_coef, each position's
  // register its own; positions of one class take the same entry, and a DC set uses class 0
  // only).
  logic [MfClasses*MfWidth-1:0] mf;
  if (Is8x8) begin : g_mf8
    quant_mf8 u_mf (.rem_i, .mf_o (mf));
  end else begin : g_mf4
    quant_mf4 u_mf (.rem_i, .mf_o (mf));
  end
  logic unused_mf;
  assign unused_mf = ^mf;

  logic [Stages-1:0] en;
  logic [3:0]        per;
  quant_ctl #(.Stages (Stages), .UserWidth (UserWidth)) u_ctl (
    .clk_i, .rst_ni, .valid_i, .ready_o, .per_i, .user_i, .valid_o, .ready_i, .user_o,
    .en_o (en), .per_o (per)
  );

  // f = dz * 2^(QBits - 10 + qP/6), registered once per block with stage 1 (it joins the low
  // half product, or part 0's, at stage 2).
  logic [OffsetWidth-1:0] f_d, f;
  assign f_d = (OffsetWidth'(dz_i) << (QBits - 10)) << per_i;
  prim_pipe_reg #(.Width (OffsetWidth), .Stages (1)) u_f (
    .clk_i, .en_i (en[0]), .d_i (f_d), .q_o (f)
  );

  for (genvar k = 0; k < N; k++) begin : g_pos
    localparam int unsigned Class = quant_pkg::pos_class(N, Dc, k);
    quant_q_coef #(
      .CoefWidth (CoefWidth), .MfWidth (MfWidth), .OffsetWidth (OffsetWidth), .QBits (QBits),
      .Parts (Parts), .Halve (Halve)
    ) u_coef (
      .clk_i, .en_i (en), .c_i (coef_i[k*CoefWidth +: CoefWidth]),
      .mf_i (mf[Class*MfWidth +: MfWidth]), .f_i (f), .per_i (per),
      .level_o (level_o[k*16 +: 16])
    );
  end
endmodule
