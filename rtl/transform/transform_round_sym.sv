// Division by 2^Shift rounded to nearest, ties away from zero:
// r = (y + 2^(Shift-1) - [y < 0]) >> Shift, odd in y (golden: transform::round_shift_sym). The
// forward 8x8 and luma-DC transforms end with it. Combinational.
//
// One carry chain instead of two: with w = y + 2^(Shift-1), y < 0 exactly when
// w < 2^(Shift-1) (w negative, or its bits above Shift-2 all zero), and subtracting [y < 0]
// before the shift only borrows into the shifted result when w's low Shift bits are all zero.
// So r = (w >> Shift) - ([y < 0] & (w mod 2^Shift == 0)): the decrement is on the narrow
// shifted value.
//
// Parameters:
//   InWidth   width of the signed input y; y + 2^(Shift-1) must fit (the callers' widths carry
//             a spare bit for it).
//   Shift     the shift, >= 1.
//   OutWidth  width of the signed result (r is truncated to it: the callers size it exactly).
//   Biased    1: y_i is already y + 2^(Shift-1) (a caller that folds the half into its own sum
//             saves a carry chain), 0: y itself.
module transform_round_sym #(
  parameter int unsigned InWidth  = 22,
  parameter int unsigned Shift    = 6,
  parameter int unsigned OutWidth = 16,
  parameter bit          Biased   = 1'b0
) (
  input  logic [InWidth-1:0]  y_i,
  output logic [OutWidth-1:0] r_o
);
  localparam logic signed [InWidth-1:0] HALF = InWidth'(1) <<< (Shift - 1);

  logic signed [InWidth-1:0] w, q;
  logic                      neg, exact;
  assign w     = Biased ? $signed(y_i) : $signed(y_i) + HALF;
  assign neg   = w[InWidth-1] | (w[InWidth-2:Shift-1] == '0);
  assign exact = (w[Shift-1:0] == '0);
  assign q     = w >>> Shift;
  assign r_o   = OutWidth'(q) - {{(OutWidth-1){1'b0}}, neg & exact};

  // q's top bits are sign copies beyond the caller's exact output width.
  logic unused_q;
  assign unused_q = ^q;
endmodule
