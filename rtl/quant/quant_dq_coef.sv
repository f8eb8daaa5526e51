// Scaling (dequantisation) of one level in two pipeline stages (golden: quant::scale and
// quant::dequant_chroma_dc): d = ((c * v) << per + RND) >>> SH, truncated to OW bits.
//
// Every scaling rule of the standard with flat weights takes this form, v = normAdjust (the
// LevelScale tables divided by 16): 4x4 (8.5.12.1): SH 0, RND 0; 8x8 (8.5.13.1) and the
// Intra16x16 luma DC (8.5.10): SH 2, RND 2; 4:2:0 chroma DC (8.5.11.2): SH 1, RND 0. The
// callers' headers say why each equals the standard's two-branch rule.
//
//   stage 1: the product c * v (v: the caller's table entry for qP % 6 and the position);
//   stage 2: the shift by per (stage-2 input from quant_dq_ctl), the rounding add, >>> SH.
//
// Parameters:
//   LW   width of the signed level.
//   VW   width of v (unsigned).
//   SH   final arithmetic right shift; RND its rounding addend (0 or 2^(SH-1)).
//   OW   output width; LW + VW + 8 - SH is exact for every input (|c * v| < 2^(LW+VW-1)
//        shifted by <= 8).
module quant_dq_coef #(
  parameter int unsigned LW  = 16,
  parameter int unsigned VW  = 5,
  parameter int unsigned SH  = 0,
  parameter int unsigned RND = 0,
  parameter int unsigned OW  = LW + VW + 8 - SH
) (
  input  logic          clk_i,
  input  logic [1:0]    en_i,
  input  logic [LW-1:0] c_i,
  input  logic [VW-1:0] v_i,
  input  logic [3:0]    per_i,
  output logic [OW-1:0] d_o
);
  localparam int unsigned PW = LW + VW + 1;  // signed product
  localparam int unsigned EW = PW + 8;       // shifted by <= 8
  localparam logic signed [EW-1:0] ROUND = EW'(RND);

  // Stage 1: signed product (v zero-extended, so it stays positive).
  logic signed [PW-1:0] c_ext, v_ext, p_q;
  assign c_ext = {{(PW-LW){c_i[LW-1]}}, c_i};
  assign v_ext = {{(PW-VW){1'b0}}, v_i};
  always_ff @(posedge clk_i) begin
    if (en_i[0]) begin
      p_q <= c_ext * v_ext;
    end
  end

  // Stage 2: shift, round, shift.
  logic signed [EW-1:0] p_ext, d;
  assign p_ext = {{(EW-PW){p_q[PW-1]}}, p_q};
  assign d     = ((p_ext <<< per_i) + ROUND) >>> SH;

  logic [OW-1:0] d_q;
  always_ff @(posedge clk_i) begin
    if (en_i[1]) begin
      d_q <= OW'(d);
    end
  end

  assign d_o = d_q;

  // d's top bits are sign copies beyond OW (or, where a caller narrows OW, unreachable).
  logic unused_d;
  assign unused_d = ^d;
endmodule
