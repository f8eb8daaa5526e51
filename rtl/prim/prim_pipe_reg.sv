// Stages pipeline registers of Width bits in a row, stage k loaded by en_i[k] (from
// prim_pipe_ctrl): carries a block's data or sideband through the stages in step with its
// valid bit. No reset: the valid bits of prim_pipe_ctrl qualify the contents.
//
// Parameters:
//   Width   width, >= 1.
//   Stages  number of stages, >= 1.
module prim_pipe_reg #(
  parameter int unsigned Width  = 1,
  parameter int unsigned Stages = 1
) (
  input  logic              clk_i,
  input  logic [Stages-1:0] en_i,
  input  logic [Width-1:0]  d_i,
  output logic [Width-1:0]  q_o
);
  logic [Stages*Width-1:0]     chain_q;
  logic [(Stages+1)*Width-1:0] chain;

  assign chain = {chain_q, d_i};

  for (genvar k = 0; k < Stages; k++) begin : g_stage
    always_ff @(posedge clk_i) begin
      if (en_i[k]) begin
        chain_q[k*Width +: Width] <= chain[k*Width +: Width];
      end
    end
  end

  assign q_o = chain[Stages*Width +: Width];
endmodule
