// Scaling (dequantisation) of one level in two pipeline stages (golden: quant::scale and
// quant::dequant_chroma_dc): d = ((c * v) << per + Round) >>> Shift, truncated to OutWidth
// bits.
//
// Every scaling rule of the standard with flat weights takes this form, v = normAdjust (the
// LevelScale tables divided by 16): 4x4 (8.5.12.1): Shift 0, Round 0; 8x8 (8.5.13.1) and the
// Intra16x16 luma DC (8.5.10): Shift 2, Round 2; 4:2:0 chroma DC (8.5.11.2): Shift 1,
// Round 0. quant_dq_block's header says why each equals the standard's two-branch rule.
//
//   stage 1: the product c * v (v: the caller's table entry for qP % 6 and the position);
//   stage 2: the shift by per (stage-2 input from quant_dq_block), the rounding add,
//            >>> Shift.
// Latency 2 cycles.
//
// Parameters:
//   LevelWidth  width of the signed level.
//   VWidth      width of v (unsigned).
//   Shift       final arithmetic right shift; Round its rounding addend (0 or 2^(Shift-1)).
//   OutWidth    output width; LevelWidth + VWidth + 8 - Shift is exact for every input
//               (|c * v| < 2^(LevelWidth + VWidth - 1) shifted by <= 8).
module quant_dq_coef #(
  parameter int unsigned LevelWidth = 16,
  parameter int unsigned VWidth     = 5,
  parameter int unsigned Shift      = 0,
  parameter int unsigned Round      = 0,
  parameter int unsigned OutWidth   = LevelWidth + VWidth + 8 - Shift
) (
  input  logic                  clk_i,
  input  logic [1:0]            en_i,
  input  logic [LevelWidth-1:0] c_i,
  input  logic [VWidth-1:0]     v_i,
  input  logic [3:0]            per_i,
  output logic [OutWidth-1:0]   d_o
);
  localparam int unsigned ProdWidth = LevelWidth + VWidth + 1;  // signed product
  localparam int unsigned ExtWidth  = ProdWidth + 8;            // shifted by <= 8
  localparam logic signed [ExtWidth-1:0] ROUND_ADD = ExtWidth'(Round);

  // Stage 1: signed product (v zero-extended, so it stays positive).
  logic signed [ProdWidth-1:0] c_ext, v_ext, p_q;
  assign c_ext = {{(ProdWidth-LevelWidth){c_i[LevelWidth-1]}}, c_i};
  assign v_ext = {{(ProdWidth-VWidth){1'b0}}, v_i};
  always_ff @(posedge clk_i) begin
    if (en_i[0]) begin
      p_q <= c_ext * v_ext;
    end
  end

  // Stage 2: shift, round, shift.
  logic signed [ExtWidth-1:0] p_ext, d;
  assign p_ext = {{(ExtWidth-ProdWidth){p_q[ProdWidth-1]}}, p_q};
  assign d     = ((p_ext <<< per_i) + ROUND_ADD) >>> Shift;

  logic [OutWidth-1:0] d_q;
  always_ff @(posedge clk_i) begin
    if (en_i[1]) begin
      d_q <= OutWidth'(d);
    end
  end

  assign d_o = d_q;

  // d's top bits are sign copies beyond OutWidth (or, where a caller narrows OutWidth,
  // unreachable).
  logic unused_d;
  assign unused_d = ^d;
endmodule
