// Align pass 2, stage 1 of 3: exact decode of N finite elements and each element's shift
// against the group's shared exponent (docs/align.md sections 2 and 7).
//
// The elements come in the align_unpack layout {s, ef, mf}, format-free: x = (-1)^s m 2^e
// with m = (ef != 0) << 23 | mf and e = max(ef, 1) - bias - 23 (no normalisation). The
// element is scaled by 2^-sh with sh = (E - 6) - e; this stage gives t = sh + 6 =
// tofs_i - max(ef, 1) (align_e8m0 folds E and the bias into tofs), so that align_shift can
// take one right shift of m << 6 for both directions. t is saturated to 0..31: t >= 31
// (m / 2^sh < 2^-1) gives 0 as the golden rne_shift does, and t >= 0 holds in every finite
// group (|x| < 2^(E+1) makes -sh <= 6); in a group with Inf / NaN the samples are void.
//
// Parameters: N elements per beat.
// Ports: elem_i N elements (align_unpack layout), tofs_i the group's signed 10-bit offset;
// out per lane k: neg_o[k], sig_o[k*24 +: 24] = m, sh_o[k*5 +: 5] = t.
// Combinational: align registers the result (pass 2, stage 1 of its pipeline).
module align_decode #(
  parameter int unsigned N = 4
) (
  input  logic [N*32-1:0] elem_i,
  input  logic [9:0]      tofs_i,
  output logic [N-1:0]    neg_o,
  output logic [N*24-1:0] sig_o,
  output logic [N*5-1:0]  sh_o
);

  for (genvar k = 0; k < N; k++) begin : g_lane
    logic [7:0]        ef, eb;
    logic signed [9:0] t;
    assign ef                = elem_i[k*32+23 +: 8];
    assign eb                = (ef == 8'd0) ? 8'd1 : ef;
    assign neg_o[k]          = elem_i[k*32+31];
    assign sig_o[k*24 +: 24] = {ef != 8'd0, elem_i[k*32 +: 23]};
    assign t                 = $signed(tofs_i) - $signed({2'b00, eb});
    assign sh_o[k*5 +: 5]    = (t < $signed(10'd0))  ? 5'd0 :
                               (t > $signed(10'd31)) ? 5'd31 : t[4:0];
  end
endmodule
