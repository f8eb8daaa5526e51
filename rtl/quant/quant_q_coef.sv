// Forward quantisation of one coefficient (golden: quant::quant_one):
// level = sign(c) * min(32767, (|c| * mf + f) >> (QBits + per)).
//
// Parts = 2 (three pipeline stages, latency 3):
//   stage 1: |c| and its sign; mf (the caller's table entry for this position and QP);
//   stage 2: the two half products |c| * mf_hi and |c| * mf_lo + f (mf = mf_hi * 2^Half +
//            mf_lo, Half = MfWidth / 2): two narrow multipliers side by side instead of one
//            wide one, the offset an extra row of the low one;
//   stage 3: (hi << Half) + lo, the shift by QBits + per, the symmetric clamp to 32767 and the
//            sign.
// Parts > 2 (four stages, latency 4; the DC sets, whose 17-bit coefficients made stage 2 the
// deepest cone of the encoder lane):
//   stage 1: as above;
//   stage 2: Parts partial products |c| * mf[i * PartWidth +: PartWidth] (PartWidth =
//            ceil(MfWidth / Parts) bits of mf each: a few rows of partial products apiece),
//            f an extra row of part 0;
//   stage 3: their sum, shifted into place; only the bits from QBits up are registered (the
//            shift drops the rest);
//   stage 4: the shift by per, the clamp and the sign.
// Halve = 1: c_i is twice the coefficient before its rounding, c = round(c_i / 2) to nearest,
// ties away from zero (transform_round_sym, Shift 1), which stage 1 folds into the magnitude:
// |c| = (|c_i| + 1) >> 1, one adder (~c_i + 2 or c_i + 1), and sign(c) = sign(c_i) wherever c
// is not 0 (the luma DC set: the forward Hadamard's halving, out of its column stage).
// f (the input of the stage that adds it) and per (last-stage input) come from quant_q_block's
// block-wide registers, en_i from its pipeline control. mf is registered with |c|, as 0 where c
// is 0 (the product is then 0 whatever mf): each position's mf register is its own (synthesis
// would merge equal ones into one register per class, whose fan-out to every multiplier of the
// class takes buffer levels on the way into stage 2).
//
// Parameters:
//   CoefWidth    width of the signed coefficient: |c| <= 2^(CoefWidth-1) fits CoefWidth bits
//                unsigned.
//   MfWidth      width of mf (unsigned).
//   OffsetWidth  width of f (unsigned).
//   QBits        shift at per = 0 (15: 4x4, 16: 8x8 and DC).
//   Parts        2: the half products (three stages); 3 or more (with (Parts - 1) *
//                ceil(MfWidth / Parts) < MfWidth): that many partial products and a stage of
//                their own for the sum (four stages). quant_pkg::q_parts gives each block
//                kind's, quant_pkg::q_stages the stages.
//   Halve        1: c_i is the coefficient times 2, unrounded (above).
// Widths: the high half product takes CoefWidth + MfWidth - Half bits, the low one with f
// max(CoefWidth + Half, OffsetWidth) + 1, the sum max(CoefWidth + MfWidth, OffsetWidth) + 1.
// The clamp keeps quant odd and exact for every CoefWidth-bit input even where a caller's
// coefficients cannot reach it.
module quant_q_coef #(
  parameter int unsigned CoefWidth   = 16,
  parameter int unsigned MfWidth     = 14,
  parameter int unsigned OffsetWidth = 23,
  parameter int unsigned QBits       = 15,
  parameter int unsigned Parts       = 2,
  parameter bit          Halve       = 1'b0,
  localparam int unsigned Stages     = (Parts > 2) ? 4 : 3
) (
  input  logic                   clk_i,
  input  logic [Stages-1:0]      en_i,
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
  localparam int unsigned HiWidth   = SumWidth - QBits;  // the sum's bits above the shift
  localparam logic [SumWidth-1:0] LEVEL_MAX = SumWidth'(32767);

  function automatic int unsigned max(input int unsigned a, input int unsigned b);
    max = (a > b) ? a : b;
  endfunction

  // Stage 1: magnitude and sign (-2^(CoefWidth-1) gives 2^(CoefWidth-1), still CoefWidth bits
  // unsigned).
  logic [CoefWidth-1:0] mag_q;
  logic [MfWidth-1:0]   mf_q;
  logic                 neg1_q;
  logic [CoefWidth-1:0] mag;
  if (Halve) begin : g_halve
    // (|c_i| + 1) >> 1 in one add: -c_i + 1 = ~c_i + 2.
    logic [CoefWidth:0] m2;
    assign m2  = {1'b0, c_i[CoefWidth-1] ? ~c_i : c_i} +
                 (c_i[CoefWidth-1] ? (CoefWidth+1)'(2) : (CoefWidth+1)'(1));
    assign mag = m2[CoefWidth:1];
    logic unused_m2;
    assign unused_m2 = m2[0];
  end else begin : g_whole
    assign mag = c_i[CoefWidth-1] ? -c_i : c_i;
  end
  always_ff @(posedge clk_i) begin
    if (en_i[0]) begin
      neg1_q <= c_i[CoefWidth-1];
      mag_q  <= mag;
      mf_q   <= (c_i != '0) ? mf_i : '0;
    end
  end

  // The last stage from the sum's bits above QBits: the shift by per, the clamp, the sign.
  function automatic logic [15:0] finish(input logic [HiWidth-1:0] hi, input logic [3:0] per,
                                         input logic neg);
    logic [SumWidth-1:0] q;
    logic [15:0]         lvl;
    q      = SumWidth'(hi) >> per;
    lvl    = (q > LEVEL_MAX) ? 16'd32767 : q[15:0];
    finish = neg ? -lvl : lvl;
  endfunction

  logic [15:0] level_q;
  if (Parts <= 2) begin : g_halves
    // Stage 2: half products.
    logic [LoWidth-1:0]                lo_q;
    logic [CoefWidth+MfWidth-Half-1:0] hi_q;
    logic                              neg2_q;
    always_ff @(posedge clk_i) begin
      if (en_i[1]) begin
        neg2_q <= neg1_q;
        lo_q   <= LoWidth'(mag_q) * LoWidth'(mf_q[Half-1:0]) + LoWidth'(f_i);
        hi_q   <= (CoefWidth+MfWidth-Half)'(mag_q) *
                  (CoefWidth+MfWidth-Half)'(mf_q[MfWidth-1:Half]);
      end
    end

    // Stage 3: product, shift, clamp, sign.
    logic [SumWidth-1:0] sum;
    assign sum = (SumWidth'(hi_q) << Half) + SumWidth'(lo_q);
    logic unused_sum;
    assign unused_sum = ^sum[QBits-1:0];
    always_ff @(posedge clk_i) begin
      if (en_i[2]) begin
        level_q <= finish(sum[SumWidth-1:QBits], per_i, neg2_q);
      end
    end
  end else begin : g_parts
    localparam int unsigned PartWidth = (MfWidth + Parts - 1) / Parts;
    // Each part's product; part 0 with f.
    localparam int unsigned PpWidth   = max(CoefWidth + PartWidth, OffsetWidth) + 1;

    // Stage 2: partial products (the last part may hold fewer bits of mf), f with part 0.
    logic [Parts*PpWidth-1:0] pp_q;
    logic                     neg2_q;
    for (genvar i = 0; i < Parts; i++) begin : g_pp
      localparam int unsigned Lsb = i * PartWidth;
      localparam int unsigned W   = (MfWidth - Lsb < PartWidth) ? MfWidth - Lsb : PartWidth;
      logic [PpWidth-1:0] add;
      assign add = (i == 0) ? PpWidth'(f_i) : '0;
      always_ff @(posedge clk_i) begin
        if (en_i[1]) begin
          pp_q[i*PpWidth +: PpWidth] <= PpWidth'(mag_q) * PpWidth'(mf_q[Lsb +: W]) + add;
        end
      end
    end
    always_ff @(posedge clk_i) begin
      if (en_i[1]) neg2_q <= neg1_q;
    end

    // Stage 3: the sum of the parts (bits below QBits are dropped by the shift).
    logic [SumWidth-1:0] sum;
    always_comb begin
      sum = '0;
      for (int i = 0; i < Parts; i++) begin
        sum = sum + (SumWidth'(pp_q[i*PpWidth +: PpWidth]) << (i * PartWidth));
      end
    end
    logic [HiWidth-1:0] hi_q;
    logic               neg3_q;
    always_ff @(posedge clk_i) begin
      if (en_i[2]) begin
        hi_q   <= sum[SumWidth-1:QBits];
        neg3_q <= neg2_q;
      end
    end
    logic unused_sum;
    assign unused_sum = ^sum[QBits-1:0];

    // Stage 4: shift, clamp, sign.
    always_ff @(posedge clk_i) begin
      if (en_i[3]) begin
        level_q <= finish(hi_q, per_i, neg3_q);
      end
    end
  end

  assign level_o = level_q;
endmodule
