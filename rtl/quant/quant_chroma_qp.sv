// Chroma QP from luma QP (golden: quant::chroma_qp with offset 0; 8.5.8 and Table 8-15 for
// 8-bit video, QpBdOffsetC = 0): qPI = qp_i (above 51 acts as 51), QPC = qPI below 30, else
// Table 8-15 (golden quant::tables::QPC_FROM_QPI_30). Combinational.
module quant_chroma_qp (
  input  logic [5:0] qp_i,
  output logic [5:0] qpc_o
);
  logic [5:0] qpi;
  assign qpi = (qp_i > 6'd51) ? 6'd51 : qp_i;
  always_comb begin
    unique case (qpi)
      6'd30: qpc_o = 6'd29;
      6'd31: qpc_o = 6'd30;
      6'd32: qpc_o = 6'd31;
      6'd33: qpc_o = 6'd32;
      6'd34: qpc_o = 6'd32;
      6'd35: qpc_o = 6'd33;
      6'd36: qpc_o = 6'd34;
      6'd37: qpc_o = 6'd34;
      6'd38: qpc_o = 6'd35;
      6'd39: qpc_o = 6'd35;
      6'd40: qpc_o = 6'd36;
      6'd41: qpc_o = 6'd36;
      6'd42: qpc_o = 6'd37;
      6'd43: qpc_o = 6'd37;
      6'd44: qpc_o = 6'd37;
      6'd45: qpc_o = 6'd38;
      6'd46: qpc_o = 6'd38;
      6'd47: qpc_o = 6'd38;
      6'd48: qpc_o = 6'd39;
      6'd49: qpc_o = 6'd39;
      6'd50: qpc_o = 6'd39;
      6'd51: qpc_o = 6'd39;
      default: qpc_o = qpi;
    endcase
  end
endmodule
