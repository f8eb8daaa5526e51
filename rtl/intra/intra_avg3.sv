// intra_avg3: the [1 2 1] / 4 filter (a + 2b + c + 2) >> 2 of intra prediction (golden:
// intra::neighbours::avg3; end3(a, b) is avg3(a, a, b)). Combinational.
module intra_avg3 (
  input  logic [7:0] a_i,
  input  logic [7:0] b_i,
  input  logic [7:0] c_i,
  output logic [7:0] avg_o
);
  logic [1:0] unused_frac;
  assign {avg_o, unused_frac} = 10'(a_i) + {1'b0, b_i, 1'b0} + 10'(c_i) + 10'd2;
endmodule
