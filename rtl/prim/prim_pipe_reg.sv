// S pipeline registers of W bits in a row, stage k loaded by en_i[k] (from prim_pipe_ctrl):
// carries a block's data or sideband through S stages in step with its valid bit.
// No reset: the valid bits of prim_pipe_ctrl qualify the contents.
//
// Parameters:
//   W  width, >= 1.
//   S  number of stages, >= 1.
module prim_pipe_reg #(
  parameter int unsigned W = 1,
  parameter int unsigned S = 1
) (
  input  logic         clk_i,
  input  logic [S-1:0] en_i,
  input  logic [W-1:0] d_i,
  output logic [W-1:0] q_o
);
  logic [S*W-1:0]     chain_q;
  logic [(S+1)*W-1:0] chain;

  assign chain = {chain_q, d_i};

  for (genvar k = 0; k < S; k++) begin : g_stage
    always_ff @(posedge clk_i) begin
      if (en_i[k]) begin
        chain_q[k*W +: W] <= chain[k*W +: W];
      end
    end
  end

  assign q_o = chain[S*W +: W];
endmodule
