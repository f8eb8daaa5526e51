// Align pass 2, stage 2 of 3: the scaling shift of N elements with round and sticky bits
// (docs/align.md section 7).
//
// |x| / 2^(E-6) = m / 2^sh; with t = sh + 6 (align_decode) both directions are one right
// shift of m << 6 by t: left shifts (sh <= 0, t <= 6) only drop the zeros appended, right
// shifts drop bits that decide the rounding. Out per lane: the low 7 bits of the kept value
// floor(m / 2^sh), big = the kept value is >= 128 (clamps to 127; not reached in a finite
// group, kept here as in the golden model), the round bit (the first dropped bit) and the
// sticky bit (OR of the bits below it).
//
// Parameters: N elements per beat.
// Combinational: align registers the result (pass 2, stage 2 of its pipeline).
module align_shift #(
  parameter int unsigned N = 4
) (
  input  logic [N*24-1:0] sig_i,
  input  logic [N*5-1:0]  sh_i,
  output logic [N*7-1:0]  kept_o,
  output logic [N-1:0]    big_o,
  output logic [N-1:0]    round_o,
  output logic [N-1:0]    sticky_o
);
  for (genvar k = 0; k < N; k++) begin : g_lane
    // {kept, dropped}: m << 6 on 32 bits, then 32 fraction bits to catch what the shift drops.
    logic [63:0] w;
    assign w = {2'b00, sig_i[k*24 +: 24], 6'd0, 32'd0} >> sh_i[k*5 +: 5];
    assign kept_o[k*7 +: 7] = w[38:32];
    assign big_o[k]         = |w[63:39];
    assign round_o[k]       = w[31];
    assign sticky_o[k]      = |w[30:0];
  end
endmodule
