// intra_satd4: the SATD of one 4x4 block (golden: intra::cost::satd, one term of its sum):
// d = src - pred, D = H d H^T (the unnormalised 4x4 Hadamard transform, rows then columns),
// (sum |D| + 1) >> 1. Combinational.
// Widths: d 9 bits signed, row pass 11, column pass 13 (|D| <= 16 * 255); sum |D| <= 65,280
// (16 bits), the SATD <= 32,640 (15 bits).
module intra_satd4 (
  input  logic [16*8-1:0] src_i,   // raster order, sample (i, j) in bits [(4 * j + i) * 8 +: 8]
  input  logic [16*8-1:0] pred_i,
  output logic [14:0]     satd_o
);
  // One 4-point butterfly (output order does not matter for the sum of magnitudes).
  function automatic logic [4*13-1:0] had4(input logic signed [12:0] a, input logic signed [12:0] b,
                                           input logic signed [12:0] c, input logic signed [12:0] d);
    logic signed [12:0] s0, s1, d0, d1;
    s0 = a + b;
    s1 = c + d;
    d0 = a - b;
    d1 = c - d;
    had4 = {d0 + d1, d0 - d1, s0 - s1, s0 + s1};
  endfunction

  // d, then the rows' and the columns' transforms; element (i, j) at bits [(4 * j + i) * 13 +: 13].
  logic [16*13-1:0] d, r, cf;
  always_comb begin
    for (int n = 0; n < 16; n++) begin
      d[n*13 +: 13] = 13'(src_i[n*8 +: 8]) - 13'(pred_i[n*8 +: 8]);
    end
    for (int j = 0; j < 4; j++) begin
      r[(4*j)*13 +: 4*13] = had4(d[(4*j)*13 +: 13], d[(4*j+1)*13 +: 13], d[(4*j+2)*13 +: 13],
                                 d[(4*j+3)*13 +: 13]);
    end
    for (int i = 0; i < 4; i++) begin
      {cf[(12+i)*13 +: 13], cf[(8+i)*13 +: 13], cf[(4+i)*13 +: 13], cf[i*13 +: 13]} =
          had4(r[i*13 +: 13], r[(4+i)*13 +: 13], r[(8+i)*13 +: 13], r[(12+i)*13 +: 13]);
    end
  end

  function automatic logic [12:0] abs13(input logic signed [12:0] x);
    abs13 = x[12] ? -x : x;
  endfunction
  logic [15:0] sum;
  always_comb begin
    sum = '0;
    for (int n = 0; n < 16; n++) begin
      sum = sum + 16'(abs13(cf[n*13 +: 13]));
    end
  end
  logic [16:0] sum1;
  assign sum1 = 17'(sum) + 17'd1;
  assign satd_o = sum1[15:1];
  logic unused_sum1;
  assign unused_sum1 = sum1[16] ^ sum1[0];
endmodule
