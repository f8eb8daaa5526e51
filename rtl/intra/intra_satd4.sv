// intra_satd4: the terms of the SATD of one 4x4 block (golden: intra::cost::satd, one term of
// its sum) from its differences d = src - pred: D = H d H^T (the unnormalised 4x4 Hadamard transform, rows then
// columns); the SATD (sum |D| + 1) >> 1 is 8 * odd_o + the sum of the 16 half_o = |D| >> 1
// (every D has the parity odd_o of the sum of the d). Combinational.
// The caller adds the terms after a register: the sum in the same cone as the transform has a
// constant low bit (sum |D| is even) and high bits that random simulation never sets, which
// ABC's SAT sweep (&fraig) has to settle through the whole block; on the whole SATD it did
// not finish in 10 minutes, on the terms alone it takes a fraction of a second. The caller
// also registers d, not src and pred: Yosys merges a prediction's equal flops (the rows of a
// vertical prediction, the samples of a DC one), and the four SATDs then share differences
// such as (s0 - p) - (s1 - p) = (s0 - q) - (s1 - q) that the SAT sweep has to prove (the
// whole enc_decide_i16 stalled in it for over 10 minutes).
// Widths: d 9 bits signed, row pass 11, column pass 13 (|D| <= 16 * 255), |D| 12 bits
// unsigned, half_o 11; the SATD <= 32,640 (15 bits).
module intra_satd4 (
  input  logic [16*9-1:0]  d_i,     // src - pred, raster: (i, j) in bits [(4 * j + i) * 9 +: 9]
  output logic [16*11-1:0] half_o,  // |D| >> 1, D in raster order
  output logic             odd_o
);
  // One 4-point butterfly on 11-bit signed inputs, exact (sums of two at 12 bits, outputs at
  // 13); the row pass gives it 9-bit inputs and keeps 11 bits of the outputs (exact: |r| <=
  // 1020), so its upper bits are no logic. Output order does not matter for the magnitudes.
  function automatic logic [4*13-1:0] had4(input logic signed [10:0] a,
                                           input logic signed [10:0] b,
                                           input logic signed [10:0] c,
                                           input logic signed [10:0] d);
    logic signed [11:0] s0, s1, d0, d1;
    s0 = 12'(a) + 12'(b);
    s1 = 12'(c) + 12'(d);
    d0 = 12'(a) - 12'(b);
    d1 = 12'(c) - 12'(d);
    had4 = {13'(d0) + 13'(d1), 13'(d0) - 13'(d1), 13'(s0) - 13'(s1), 13'(s0) + 13'(s1)};
  endfunction
  function automatic logic signed [10:0] sext9(input logic [8:0] x);
    sext9 = 11'($signed(x));
  endfunction

  // d (9 bits), the rows' transforms (11), the columns' (13); element (i, j) at index 4 * j + i.
  logic [16*11-1:0] r;
  logic [16*13-1:0] rw, cf;  // rw: the row pass at the butterfly's 13 bits
  always_comb begin
    for (int j = 0; j < 4; j++) begin
      rw[(4*j)*13 +: 4*13] = had4(sext9(d_i[(4*j)*9 +: 9]), sext9(d_i[(4*j+1)*9 +: 9]),
                                  sext9(d_i[(4*j+2)*9 +: 9]), sext9(d_i[(4*j+3)*9 +: 9]));
    end
    for (int n = 0; n < 16; n++) begin
      r[n*11 +: 11] = rw[n*13 +: 11];
    end
    for (int i = 0; i < 4; i++) begin
      {cf[(12+i)*13 +: 13], cf[(8+i)*13 +: 13], cf[(4+i)*13 +: 13], cf[i*13 +: 13]} =
          had4(r[i*11 +: 11], r[(4+i)*11 +: 11], r[(8+i)*11 +: 11], r[(12+i)*11 +: 11]);
    end
  end

  // Every D has the parity of the sum of the 16 d (each D is a +/- sum of all of them), so
  // sum |D| = 2 * sum (|D| >> 1) + 16 * odd and (sum |D| + 1) >> 1 = sum (|D| >> 1) + 8 * odd.
  logic [15:0] lsb;
  for (genvar n = 0; n < 16; n++) begin : g_abs
    logic [11:0] a;  // |D| <= 4080
    assign a = cf[n*13 + 12] ? 12'(-cf[n*13 +: 13]) : cf[n*13 +: 12];
    assign half_o[n*11 +: 11] = a[11:1];
    assign lsb[n] = a[0];
  end
  logic unused_lsb;
  assign unused_lsb = ^lsb;
  assign odd_o = cf[0];
endmodule
