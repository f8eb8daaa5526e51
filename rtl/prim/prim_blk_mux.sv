// Selects block sel_i of N blocks of Width bits (block k in in_i[k * Width +: Width]) as an
// AND-OR of whole blocks under a decoded select: every index is a constant, so synthesis
// builds N comparators and an OR of N blocks instead of a shifter over the whole vector (what
// in_i[sel_i * Width +: Width] becomes in Yosys). A select of N or more gives zero.
// Combinational.
//
// Parameters:
//   Width   block width, >= 1.
//   N       number of blocks, >= 2.
//   SelW    select width, >= $clog2(N).
module prim_blk_mux #(
  parameter int unsigned Width = 1,
  parameter int unsigned N     = 2,
  parameter int unsigned SelW  = $clog2(N)
) (
  input  logic [SelW-1:0]    sel_i,
  input  logic [N*Width-1:0] in_i,
  output logic [Width-1:0]   out_o
);
  always_comb begin
    out_o = '0;
    for (int k = 0; k < N; k++) begin
      out_o |= in_i[k*Width +: Width] & {Width{sel_i == SelW'(k)}};
    end
  end
endmodule
