// Forward quantisation of one coefficient in three pipeline stages (golden: quant::quant_one):
// level = sign(c) * min(32767, (|c| * mf + f) >> (QB + per)).
//
//   stage 1: |c| and its sign; mf (the caller's table entry for this position and QP);
//   stage 2: the two half products |c| * mf_hi and |c| * mf_lo + f (mf = mf_hi * 2^H + mf_lo,
//            H = MFW / 2): two narrow multipliers side by side instead of one wide one, the
//            offset an extra row of the low one;
//   stage 3: (hi << H) + lo, the shift by QB + per, the symmetric clamp to 32767 and the sign.
// f (stage-2 input) and per (stage-3 input) come from quant_q_ctl's block-wide registers, en_i
// from its pipeline control. mf is registered with |c| (synthesis merges the mf registers of
// positions of one class into one).
//
// Parameters:
//   CW   width of the signed coefficient: |c| <= 2^(CW-1) fits CW bits unsigned.
//   MFW  width of mf (unsigned).
//   FW   width of f (unsigned).
//   QB   shift at per = 0 (15: 4x4, 16: 8x8 and DC).
// Widths: the high half product takes CW + MFW - H bits, the low one with f max(CW + H, FW) + 1,
// the sum max(CW + MFW, FW) + 1. The clamp keeps quant odd and exact for
// every CW-bit input even where a caller's coefficients cannot reach it.
module quant_q_coef #(
  parameter int unsigned CW  = 16,
  parameter int unsigned MFW = 14,
  parameter int unsigned FW  = 23,
  parameter int unsigned QB  = 15
) (
  input  logic           clk_i,
  input  logic [2:0]     en_i,
  input  logic [CW-1:0]  c_i,
  input  logic [MFW-1:0] mf_i,
  input  logic [FW-1:0]  f_i,
  input  logic [3:0]     per_i,
  output logic [15:0]    level_o
);
  localparam int unsigned H  = MFW / 2;  // width of mf's low half
  localparam int unsigned PW = CW + MFW;
  localparam int unsigned SW = ((PW > FW) ? PW : FW) + 1;
  localparam int unsigned LW = ((CW + H > FW) ? CW + H : FW) + 1;  // low half product + f
  localparam logic [SW-1:0] LEVEL_MAX = SW'(32767);

  // Stage 1: magnitude and sign (-2^(CW-1) gives 2^(CW-1), still CW bits unsigned).
  logic [CW-1:0]  mag_q;
  logic [MFW-1:0] mf_q;
  logic           neg1_q;
  always_ff @(posedge clk_i) begin
    if (en_i[0]) begin
      neg1_q <= c_i[CW-1];
      mag_q  <= c_i[CW-1] ? -c_i : c_i;
      mf_q   <= mf_i;
    end
  end

  // Stage 2: half products.
  logic [LW-1:0]       lo_q;
  logic [CW+MFW-H-1:0] hi_q;
  logic                neg2_q;
  always_ff @(posedge clk_i) begin
    if (en_i[1]) begin
      neg2_q <= neg1_q;
      lo_q   <= LW'(mag_q) * LW'(mf_q[H-1:0]) + LW'(f_i);
      hi_q   <= (CW+MFW-H)'(mag_q) * (CW+MFW-H)'(mf_q[MFW-1:H]);
    end
  end

  // Stage 3: product, shift, clamp, sign.
  logic [SW-1:0] sum, q;
  logic [15:0]   lvl;
  assign sum = (SW'(hi_q) << H) + SW'(lo_q);
  assign q   = (sum >> QB) >> per_i;
  assign lvl = (q > LEVEL_MAX) ? 16'd32767 : q[15:0];

  logic [15:0] level_q;
  always_ff @(posedge clk_i) begin
    if (en_i[2]) begin
      level_q <= neg2_q ? -lvl : lvl;
    end
  end

  assign level_o = level_q;
endmodule
