// Pipeline control of the quantiser and scaling blocks (quant_q_block: Stages = 3,
// quant_dq_block: Stages = 2): the valid/ready control with its per-stage load enables, qP / 6
// delivered at the input of the last stage (where quant_q_coef and quant_dq_coef shift by it)
// and the user sideband carried through every stage. No golden function of its own (the
// blocks' rules use qP / 6 from quant::split_qp).
//
// Parameters:
//   Stages     pipeline stages, >= 2.
//   UserWidth  width of the user sideband.
// Latency Stages cycles, one block per cycle, valid/ready with backpressure (prim_pipe_ctrl).
module quant_ctl #(
  parameter int unsigned Stages    = 3,
  parameter int unsigned UserWidth = 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 valid_i,
  output logic                 ready_o,
  input  logic [3:0]           per_i,
  input  logic [UserWidth-1:0] user_i,
  output logic                 valid_o,
  input  logic                 ready_i,
  output logic [UserWidth-1:0] user_o,
  output logic [Stages-1:0]    en_o,
  output logic [3:0]           per_o
);
  prim_pipe_ctrl #(.Stages (Stages)) u_ctrl (
    .clk_i, .rst_ni, .valid_i, .ready_o, .valid_o, .ready_i, .en_o
  );
  prim_pipe_reg #(.Width (4), .Stages (Stages - 1)) u_per (
    .clk_i, .en_i (en_o[Stages-2:0]), .d_i (per_i), .q_o (per_o)
  );
  prim_pipe_reg #(.Width (UserWidth), .Stages (Stages)) u_user (
    .clk_i, .en_i (en_o), .d_i (user_i), .q_o (user_o)
  );
endmodule
