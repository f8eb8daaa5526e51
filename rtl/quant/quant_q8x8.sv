// Forward quantisation of an 8x8 block of transform_fwd8x8 coefficients (golden:
// quant::quant8x8): level = sign(c) * min(32767, (|c| * MF + f) >> qbits) with
// qbits = 16 + qP/6, MF = MF8[qP % 6][class] and the dead-zone offset
// f = (dz << qbits) >> 10 = dz << (qbits - 10) (exact: qbits >= 16).
//
// Raster order in and out (element k = row * 8 + col).
//
// Parameters:
//   CW  width of the signed input coefficients (16 = transform_fwd8x8 of 9-bit residuals).
//   UW  width of the user sideband.
// Widths: |c| <= 2^(CW-1) (CW bits unsigned), MF < 2^15, so |c| * MF < 2^(CW+15); f < 2^24
// (dz < 2^10, qbits - 10 <= 14); the sum takes max(CW+15, 24) + 1 bits. The symmetric clamp
// to +-32767 is unreachable from 9-bit residuals (|c| <= 16384, level <= 5243) but kept so
// that the module is exact for every CW-bit input.
// Levels are 16 bits signed. Latency 1 cycle, one block per cycle, valid/ready with
// backpressure; qp_i and dz_i are sampled with the block.
module quant_q8x8 #(
  parameter int unsigned CW = 16,
  parameter int unsigned UW = 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             valid_i,
  output logic             ready_o,
  input  logic [64*CW-1:0] coef_i,
  input  logic [5:0]       qp_i,
  input  logic [9:0]       dz_i,
  input  logic [UW-1:0]    user_i,
  output logic             valid_o,
  input  logic             ready_i,
  output logic [64*16-1:0] level_o,
  output logic [UW-1:0]    user_o
);
  localparam int unsigned MFW = 15;
  localparam int unsigned PW  = CW + MFW;
  localparam int unsigned FW  = 24;
  localparam int unsigned SW  = ((PW > FW) ? PW : FW) + 1;
  localparam logic [SW-1:0] LEVEL_MAX = SW'(32767);

  // MF8[qP % 6] (golden quant::tables::MF8), per position class 0..5 of quant::tables::class8x8.
  // Each row is written {class 5, 4, 3, 2, 1, 0}.
  function automatic logic [MFW-1:0] mf8(input logic [2:0] rem, input int unsigned cls);
    logic [6*MFW-1:0] row;
    case (rem)
      3'd0:    row = {15'd15481, 15'd16777, 15'd12222, 15'd20972, 15'd11428, 15'd13107};
      3'd1:    row = {15'd14290, 15'd14980, 15'd11058, 15'd19174, 15'd10826, 15'd11916};
      3'd2:    row = {15'd11985, 15'd12710, 15'd9675, 15'd15978, 15'd8943, 15'd10082};
      3'd3:    row = {15'd11259, 15'd11984, 15'd8931, 15'd14913, 15'd8228, 15'd9362};
      3'd4:    row = {15'd9777, 15'd10486, 15'd7740, 15'd13159, 15'd7346, 15'd8192};
      default: row = {15'd8640, 15'd9118, 15'd6830, 15'd11570, 15'd6428, 15'd7282};  // rem 5
    endcase
    mf8 = row[cls*MFW +: MFW];
  endfunction

  logic [2:0] rem;
  logic [3:0] per;
  quant_qp_split u_qp_split (
    .qp_i  (qp_i),
    .rem_o (rem),
    .per_o (per)
  );

  // f = dz * 2^(qbits - 10) = dz << (6 + qP/6).
  logic [SW-1:0] f;
  assign f = SW'(dz_i) << (6 + per);

  logic [64*16-1:0] level_d, level_q;
  logic [UW-1:0]    user_q;
  logic             valid_q;

  for (genvar k = 0; k < 64; k++) begin : g_pos
    localparam int unsigned I   = k / 8;
    localparam int unsigned J   = k % 8;
    localparam int unsigned CLS =
        (I % 4 == 0 && J % 4 == 0) ? 0 :
        (I % 2 == 1 && J % 2 == 1) ? 1 :
        (I % 4 == 2 && J % 4 == 2) ? 2 :
        ((I % 4 == 0 && J % 2 == 1) || (I % 2 == 1 && J % 4 == 0)) ? 3 :
        ((I % 4 == 0 && J % 4 == 2) || (I % 4 == 2 && J % 4 == 0)) ? 4 : 5;
    logic [CW-1:0] c, mag;
    logic          neg;
    logic [SW-1:0] sum, q;
    logic [15:0]   lvl;
    assign c   = coef_i[k*CW +: CW];
    assign neg = c[CW-1];
    assign mag = neg ? -c : c;  // |c|; -2^(CW-1) gives 2^(CW-1), still CW bits unsigned
    assign sum = SW'(mag) * SW'(mf8(rem, CLS)) + f;
    assign q   = sum >> (16 + per);
    assign lvl = (q > LEVEL_MAX) ? 16'd32767 : q[15:0];
    assign level_d[k*16 +: 16] = neg ? -lvl : lvl;
  end

  assign ready_o = ~valid_q | ready_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
    end else if (ready_o) begin
      valid_q <= valid_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (ready_o && valid_i) begin
      level_q <= level_d;
      user_q  <= user_i;
    end
  end

  assign valid_o = valid_q;
  assign level_o = level_q;
  assign user_o  = user_q;
endmodule
