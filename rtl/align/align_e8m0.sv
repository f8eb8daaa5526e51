// Shared exponent of a BFP group or row as its E8M0 code (golden: align::align, AlignMode::Bfp;
// docs/align.md section 3): code = E + 127 with E = max(floor(log2 max|x|), -127), and 0 for an
// all-zero group. Combinational.
//
// It works from two pass-1 reductions instead of the largest magnitude itself:
// floor(log2 |x|) grows with the exponent field first and the mantissa field second, so the
// group's largest exponent field max_ef decides E whenever it is not 0. When it is 0 every
// element is zero or subnormal: one scale, so the largest significand has the same top bit
// as the OR of all significands (sub_or). FP32 and BF16 subnormals lie below 2^-127 (E
// clamps to -127, code 0 = max_ef), so only FP16 needs sub_or:
//   FP32, BF16: code = max_ef;
//   FP16: code = max_ef + 112 (E = ef - 15) if max_ef != 0, else msb(sub_or) + 103
//         (E = msb - 24), else 0.
// The shift offset that pass 2 needs is a function of the code and the format alone
// (align_apply works it out).
//
// Ports: fmt_i (0 FP32, 1 FP16, 2 BF16, 3 as FP32), max_ef_i the group's or row's largest
// exponent field (FP16: 5 bits, zero-extended), sub_or_i the OR of its FP16 mantissa fields
// (read only when max_ef_i = 0): align_reduce's reductions over the group or row.
module align_e8m0 (
  input  logic [1:0] fmt_i,
  input  logic [7:0] max_ef_i,
  input  logic [9:0] sub_or_i,
  output logic [7:0] code_o
);
  localparam logic [1:0] FMT_F16 = 2'd1;

  logic [7:0] code_f16;

  always_comb begin
    if (max_ef_i != 8'd0) begin
      code_f16 = max_ef_i + 8'd112;
    end else begin
      code_f16 = 8'd0;
      for (int unsigned i = 0; i < 10; i++) begin
        if (sub_or_i[i]) code_f16 = 8'(103 + i);
      end
    end
  end

  assign code_o = (fmt_i == FMT_F16) ? code_f16 : max_ef_i;
endmodule
