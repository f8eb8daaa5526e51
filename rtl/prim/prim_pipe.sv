// A pipeline of Stages register stages of Width bits with its valid/ready control
// (prim_pipe_ctrl and prim_pipe_reg together): the output end of a module whose last stage
// only registers what its logic computed. Latency Stages cycles, one block per cycle.
//
// Parameters:
//   Width   width of the data (a block and its sideband), >= 1.
//   Stages  number of register stages, >= 1.
module prim_pipe #(
  parameter int unsigned Width  = 1,
  parameter int unsigned Stages = 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             valid_i,
  output logic             ready_o,
  input  logic [Width-1:0] d_i,
  output logic             valid_o,
  input  logic             ready_i,
  output logic [Width-1:0] q_o
);
  logic [Stages-1:0] en;
  prim_pipe_ctrl #(.Stages (Stages)) u_ctrl (
    .clk_i, .rst_ni, .valid_i, .ready_o, .valid_o, .ready_i, .en_o (en)
  );
  prim_pipe_reg #(.Width (Width), .Stages (Stages)) u_reg (
    .clk_i, .en_i (en), .d_i, .q_o
  );
endmodule
