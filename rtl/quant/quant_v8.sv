// normAdjust8x8[qP % 6] (H.264 8.5.9, golden quant::tables::NORM_ADJUST8X8): the 8x8 scaling
// factors of one QP (LevelScale8x8 = 16 V with flat weights), per position class as in
// quant_mf8. Combinational; rem_i 6 and 7 act as 5.
module quant_v8 (
  input  logic [2:0]     rem_i,
  output logic [6*6-1:0] v_o  // {class 5, 4, 3, 2, 1, 0}
);
  always_comb begin
    case (rem_i)
      3'd0:    v_o = {6'd24, 6'd25, 6'd19, 6'd32, 6'd18, 6'd20};
      3'd1:    v_o = {6'd26, 6'd28, 6'd21, 6'd35, 6'd19, 6'd22};
      3'd2:    v_o = {6'd31, 6'd33, 6'd24, 6'd42, 6'd23, 6'd26};
      3'd3:    v_o = {6'd33, 6'd35, 6'd26, 6'd45, 6'd25, 6'd28};
      3'd4:    v_o = {6'd38, 6'd40, 6'd30, 6'd51, 6'd28, 6'd32};
      default: v_o = {6'd43, 6'd46, 6'd34, 6'd58, 6'd32, 6'd36};
    endcase
  end
endmodule
