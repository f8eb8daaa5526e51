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
// Widths: |c| <= 2^(CW-1) (CW bits unsigned), MF < 2^14, so |c| * MF < 2^(CW+14); f < 2^23
// (dz < 2^10, qbits - 10 <= 13); the sum takes max(CW+14, 23) + 1 bits. The symmetric clamp
// to +-32767 keeps quant odd; it is unreachable from 9-bit residuals (largest level 3687 at
// qP 0, from |c| <= 9216) but kept so that the module is exact for every CW-bit input.
// Levels are 16 bits signed. Latency 1 cycle, one block per cycle, valid/ready with
// backpressure; qp_i and dz_i are sampled with the block.
module quant_q4x4 #(
  parameter int unsigned CW = 16,
  parameter int unsigned UW = 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             valid_i,
  output logic             ready_o,
  input  logic [16*CW-1:0] coef_i,
  input  logic [5:0]       qp_i,
  input  logic [9:0]       dz_i,
  input  logic [UW-1:0]    user_i,
  output logic             valid_o,
  input  logic             ready_i,
  output logic [16*16-1:0] level_o,
  output logic [UW-1:0]    user_o
);
  localparam int unsigned MFW = 14;
  localparam int unsigned PW  = CW + MFW;
  localparam int unsigned FW  = 23;
  localparam int unsigned SW  = ((PW > FW) ? PW : FW) + 1;
  localparam logic [SW-1:0] LEVEL_MAX = SW'(32767);

  // MF4[qP % 6] (golden quant::tables::MF4), per position class 0: (even, even),
  // 1: (odd, odd), 2: otherwise. Each row is written {class 2, class 1, class 0}.
  function automatic logic [MFW-1:0] mf4(input logic [2:0] rem, input int unsigned cls);
    logic [3*MFW-1:0] row;
    case (rem)
      3'd0:    row = {14'd8066, 14'd5243, 14'd13107};
      3'd1:    row = {14'd7490, 14'd4660, 14'd11916};
      3'd2:    row = {14'd6554, 14'd4194, 14'd10082};
      3'd3:    row = {14'd5825, 14'd3647, 14'd9362};
      3'd4:    row = {14'd5243, 14'd3355, 14'd8192};
      default: row = {14'd4559, 14'd2893, 14'd7282};  // rem 5 (quant_qp_split gives 0..5)
    endcase
    mf4 = row[cls*MFW +: MFW];
  endfunction

  logic [2:0] rem;
  logic [3:0] per;
  quant_qp_split u_qp_split (
    .qp_i  (qp_i),
    .rem_o (rem),
    .per_o (per)
  );

  // f = dz * 2^(qbits - 10) = dz << (5 + qP/6).
  logic [SW-1:0] f;
  assign f = SW'(dz_i) << (5 + per);

  logic [16*16-1:0] level_d, level_q;
  logic [UW-1:0]    user_q;
  logic             valid_q;

  for (genvar k = 0; k < 16; k++) begin : g_pos
    localparam int unsigned I   = k / 4;
    localparam int unsigned J   = k % 4;
    localparam int unsigned CLS = (I % 2 == 0 && J % 2 == 0) ? 0 :
                                  (I % 2 == 1 && J % 2 == 1) ? 1 : 2;
    logic [CW-1:0] c, mag;
    logic          neg;
    logic [SW-1:0] sum, q;
    logic [15:0]   lvl;
    assign c   = coef_i[k*CW +: CW];
    assign neg = c[CW-1];
    assign mag = neg ? -c : c;  // |c|; -2^(CW-1) gives 2^(CW-1), still CW bits unsigned
    assign sum = SW'(mag) * SW'(mf4(rem, CLS)) + f;
    assign q   = sum >> (15 + per);
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
