// MF8[qP % 6] (golden quant::tables::MF8): the 8x8 quantisation multipliers of one QP, per
// position class 0..5 of quant::tables::class8x8 (quant_pkg::pos_class maps positions to classes).
// Combinational; rem_i is 0..5 (quant_qp_split), 6 and 7 act as 5.
module quant_mf8 (
  input  logic [2:0]      rem_i,
  output logic [6*15-1:0] mf_o  // {class 5, 4, 3, 2, 1, 0}
);
  always_comb begin
    case (rem_i)
      3'd0:    mf_o = {15'd15481, 15'd16777, 15'd12222, 15'd20972, 15'd11428, 15'd13107};
      3'd1:    mf_o = {15'd14290, 15'd14980, 15'd11058, 15'd19174, 15'd10826, 15'd11916};
      3'd2:    mf_o = {15'd11985, 15'd12710, 15'd9675, 15'd15978, 15'd8943, 15'd10082};
      3'd3:    mf_o = {15'd11259, 15'd11984, 15'd8931, 15'd14913, 15'd8228, 15'd9362};
      3'd4:    mf_o = {15'd9777, 15'd10486, 15'd7740, 15'd13159, 15'd7346, 15'd8192};
      default: mf_o = {15'd8640, 15'd9118, 15'd6830, 15'd11570, 15'd6428, 15'd7282};
    endcase
  end
endmodule
