// Forward quantisation of one coefficient in three pipeline stages (golden: quant::quant_one):
// level = sign(c) * min(32767, (|c| * mf + f) >> (QBits + per)).
//
//   stage 1: |c| and its sign; mf (the caller's table entry for this position and QP);
//   stage 2: the two half products |c| * mf_hi and |c| * mf_lo + f (mf = mf_hi * 2^Half +
//            mf_lo, Half = MfWidth / 2): two narrow multipliers side by side instead of one
//            wide one, the offset an extra row of the low one;
//   stage 3: (hi << Half) + lo, the shift by QBits + per, the symmetric clamp to 32767 and the
//            sign.
// f (stage-2 input) and per (stage-3 input) come from quant_q_block's block-wide registers,
// en_i from its pipeline control. mf is registered with |c|, as 0 where c is 0 (the product is
// then 0 whatever mf): each position's mf register is its own (synthesis would merge equal ones
// into one register per class, whose fan-out to every multiplier of the class takes buffer
// levels on the way into stage 2). Latency 3 cycles.
//
// Parameters:
//   CoefWidth    width of the signed coefficient: |c| <= 2^(CoefWidth-1) fits CoefWidth bits
//                unsigned.
//   MfWidth      width of mf (unsigned).
//   OffsetWidth  width of f (unsigned).
//   QBits        shift at per = 0 (15: 4x4, 16: 8x8 and DC).
// Widths: the high half product takes CoefWidth + MfWidth - Half bits, the low one with f
// max(CoefWidth + Half, OffsetWidth) + 1, the sum max(CoefWidth + MfWidth, OffsetWidth) + 1.
// The clamp keeps quant odd and exact for every CoefWidth-bit input even where a caller's
// coefficients cannot reach it.
module quant_q_coef #(
  parameter int unsigned CoefWidth   = 16,
  parameter int unsigned MfWidth     = 14,
  parameter int unsigned OffsetWidth = 23,
  parameter int unsigned QBits       = 15
) (
  input  logic                   clk_i,
  input  logic [2:0]             en_i,
  input  logic [CoefWidth-1:0]   c_i,
  input  logic [MfWidth-1:0]     mf_i,
  input  logic [OffsetWidth-1:0] f_i,
  input  logic [3:0]             per_i,
  output logic [15:0]            level_o
);
  localparam int unsigned Half      = MfWidth / 2;  // width of mf's low half
  localparam int unsigned ProdWidth = CoefWidth + MfWidth;
  localparam int unsigned SumWidth  = max(ProdWidth, OffsetWidth) + 1;
  localparam int unsigned LoWidth   = max(CoefWidth + Half, OffsetWidth) + 1;  // low product + f
  localparam logic [SumWidth-1:0] LEVEL_MAX = SumWidth'(32767);

  function automatic int unsigned max(input int unsigned a, input int unsigned b);
    max = (a > b) ? a : b;
  endfunction

  // Stage 1: magnitude and sign (-2^(CoefWidth-1) gives 2^(CoefWidth-1), still CoefWidth bits
  // unsigned).
  logic [CoefWidth-1:0] mag_q;
  logic [MfWidth-1:0]   mf_q;
  logic                 neg1_q;
  always_ff @(posedge clk_i) begin
    if (en_i[0]) begin
      neg1_q <= c_i[CoefWidth-1];
      mag_q  <= c_i[CoefWidth-1] ? -c_i : c_i;
      mf_q   <= (c_i != '0) ? mf_i : '0;
    end
  end

  // Stage 2: half products.
  logic [LoWidth-1:0]       lo_q;
  logic [CoefWidth+MfWidth-Half-1:0] hi_q;
  logic                neg2_q;
  always_ff @(posedge clk_i) begin
    if (en_i[1]) begin
      neg2_q <= neg1_q;
      lo_q   <= LoWidth'(mag_q) * LoWidth'(mf_q[Half-1:0]) + LoWidth'(f_i);
      hi_q   <= (CoefWidth+MfWidth-Half)'(mag_q) * (CoefWidth+MfWidth-Half)'(mf_q[MfWidth-1:Half]);
    end
  end

  // Stage 3: product, shift, clamp, sign.
  logic [SumWidth-1:0] sum, q;
  logic [15:0]   lvl;
  assign sum = (SumWidth'(hi_q) << Half) + SumWidth'(lo_q);
  assign q   = (sum >> QBits) >> per_i;
  assign lvl = (q > LEVEL_MAX) ? 16'd32767 : q[15:0];

  logic [15:0] level_q;
  always_ff @(posedge clk_i) begin
    if (en_i[2]) begin
      level_q <= neg2_q ? -lvl : lvl;
    end
  end

  assign level_o = level_q;
endmodule
