// Pipeline control of the two-stage scaling modules (quant_dq4x4, quant_dq8x8, quant_dq_dc):
// the valid/ready control, qP / 6 delivered at the stage-2 input (quant_dq_coef's shift) and
// the user sideband. qP % 6 is used at the stage-1 input, straight from the caller.
//
// Parameters:
//   UW  width of the user sideband, carried through both stages.
// Latency 2 cycles, one block per cycle, valid/ready with backpressure (prim_pipe_ctrl).
module quant_dq_ctl #(
  parameter int unsigned UW = 1
) (
  input  logic          clk_i,
  input  logic          rst_ni,
  input  logic          valid_i,
  output logic          ready_o,
  input  logic [3:0]    per_i,
  input  logic [UW-1:0] user_i,
  output logic          valid_o,
  input  logic          ready_i,
  output logic [UW-1:0] user_o,
  output logic [1:0]    en_o,
  output logic [3:0]    per_o
);
  prim_pipe_ctrl #(
    .S (2)
  ) u_ctrl (
    .clk_i,
    .rst_ni,
    .valid_i,
    .ready_o,
    .valid_o,
    .ready_i,
    .en_o
  );

  prim_pipe_reg #(
    .W (4),
    .S (1)
  ) u_per (
    .clk_i,
    .en_i (en_o[0]),
    .d_i  (per_i),
    .q_o  (per_o)
  );

  prim_pipe_reg #(
    .W (UW),
    .S (2)
  ) u_user (
    .clk_i,
    .en_i (en_o),
    .d_i  (user_i),
    .q_o  (user_o)
  );
endmodule
