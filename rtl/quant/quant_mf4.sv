// MF4[qP % 6] (golden quant::tables::MF4): the 4x4 quantisation multipliers of one QP, per
// position class 0: (even row, even col), 1: (odd, odd), 2: otherwise; the DC quantisers use
// class 0. Combinational; rem_i is 0..5 (quant_qp_split), 6 and 7 act as 5.
module quant_mf4 (
  input  logic [2:0]      rem_i,
  output logic [3*14-1:0] mf_o  // {class 2, class 1, class 0}
);
  always_comb begin
    case (rem_i)
      3'd0:    mf_o = {14'd8066, 14'd5243, 14'd13107};
      3'd1:    mf_o = {14'd7490, 14'd4660, 14'd11916};
      3'd2:    mf_o = {14'd6554, 14'd4194, 14'd10082};
      3'd3:    mf_o = {14'd5825, 14'd3647, 14'd9362};
      3'd4:    mf_o = {14'd5243, 14'd3355, 14'd8192};
      default: mf_o = {14'd4559, 14'd2893, 14'd7282};
    endcase
  end
endmodule
