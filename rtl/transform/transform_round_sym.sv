// Division by 2^S rounded to nearest, ties away from zero: r = (y + 2^(S-1) - [y < 0]) >> S,
// odd in y (golden: transform::round_shift_sym). The forward 8x8 and luma-DC transforms end
// with it. Combinational.
//
// One carry chain instead of two: with w = y + 2^(S-1), y < 0 exactly when w < 2^(S-1) (w
// negative, or its bits above S-2 all zero), and subtracting [y < 0] before the shift only
// borrows into the shifted result when w's low S bits are all zero. So
// r = (w >> S) - ([y < 0] & (w mod 2^S == 0)): the decrement is on the narrow shifted value.
//
// Parameters:
//   IW  width of the signed input y; y + 2^(S-1) must fit (the callers' widths carry a spare
//       bit for it).
//   S   the shift, >= 1.
//   OW  width of the signed result (r is truncated to it: the callers size it exactly).
//   BIASED  1: y_i is already y + 2^(S-1) (a caller that folds the half into its own sum
//           saves a carry chain), 0: y itself.
module transform_round_sym #(
  parameter int unsigned IW = 22,
  parameter int unsigned S  = 6,
  parameter int unsigned OW = 16,
  parameter bit          BIASED = 1'b0
) (
  input  logic [IW-1:0] y_i,
  output logic [OW-1:0] r_o
);
  localparam logic signed [IW-1:0] HALF = IW'(1) <<< (S - 1);

  logic signed [IW-1:0] w, q;
  logic                 neg, exact;
  assign w     = BIASED ? $signed(y_i) : $signed(y_i) + HALF;
  assign neg   = w[IW-1] | (w[IW-2:S-1] == '0);
  assign exact = (w[S-1:0] == '0);
  assign q     = w >>> S;
  assign r_o   = OW'(q) - {{(OW-1){1'b0}}, neg & exact};

  // q's top bits are sign copies beyond the caller's exact output width.
  logic unused_q;
  assign unused_q = ^q;
endmodule
