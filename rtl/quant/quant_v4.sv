// normAdjust4x4[qP % 6] (H.264 8.5.9, golden quant::tables::NORM_ADJUST4X4): the 4x4 scaling
// factors of one QP (LevelScale4x4 = 16 V with flat weights), per position class as in
// quant_mf4; the DC scaling uses class 0. Combinational; rem_i 6 and 7 act as 5.
module quant_v4 (
  input  logic [2:0]     rem_i,
  output logic [3*5-1:0] v_o  // {class 2, class 1, class 0}
);
  always_comb begin
    case (rem_i)
      3'd0:    v_o = {5'd13, 5'd16, 5'd10};
      3'd1:    v_o = {5'd14, 5'd18, 5'd11};
      3'd2:    v_o = {5'd16, 5'd20, 5'd13};
      3'd3:    v_o = {5'd18, 5'd23, 5'd14};
      3'd4:    v_o = {5'd20, 5'd25, 5'd16};
      default: v_o = {5'd23, 5'd29, 5'd18};
    endcase
  end
endmodule
