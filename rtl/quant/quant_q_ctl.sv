// Pipeline control and block-wide operands of the three-stage quantisers (quant_q4x4,
// quant_q8x8, quant_q_dc): the valid/ready control and the values every coefficient of a
// block shares, registered once per block and delivered at the stage that uses them
// (quant_q_coef); the MF multipliers are registered with each coefficient there.
//
//   f_o    the rounding offset f = dz << (QB - 10 + qP/6) at the stage-2 input (golden
//          quant::Deadzone::offset; exact since QB >= 10).
//   per_o  qP / 6 at the stage-3 input (the shift).
//
// Parameters:
//   QB  the quantiser's shift at qP/6 = 0: 15 (4x4) or 16 (8x8, DC); >= 10.
//   FW  width of f_o: QB + 8 holds dz < 2^10 shifted by up to QB - 10 + 8.
//   UW  width of the user sideband, carried through the three stages.
// Input per_i: qP / 6 from quant_qp_split (<= 8). Latency 3 cycles, one block per cycle,
// valid/ready with backpressure (prim_pipe_ctrl).
module quant_q_ctl #(
  parameter int unsigned QB = 15,
  parameter int unsigned FW = QB + 8,
  parameter int unsigned UW = 1
) (
  input  logic          clk_i,
  input  logic          rst_ni,
  input  logic          valid_i,
  output logic          ready_o,
  input  logic [3:0]    per_i,
  input  logic [9:0]    dz_i,
  input  logic [UW-1:0] user_i,
  output logic          valid_o,
  input  logic          ready_i,
  output logic [UW-1:0] user_o,
  output logic [2:0]    en_o,
  output logic [FW-1:0] f_o,
  output logic [3:0]    per_o
);
  prim_pipe_ctrl #(
    .S (3)
  ) u_ctrl (
    .clk_i,
    .rst_ni,
    .valid_i,
    .ready_o,
    .valid_o,
    .ready_i,
    .en_o
  );

  // f = dz * 2^(QB - 10 + per), registered with stage 1 (it joins the low half product).
  logic [FW-1:0] f_d;
  assign f_d = (FW'(dz_i) << (QB - 10)) << per_i;

  prim_pipe_reg #(
    .W (FW),
    .S (1)
  ) u_f (
    .clk_i,
    .en_i (en_o[0]),
    .d_i  (f_d),
    .q_o  (f_o)
  );

  prim_pipe_reg #(
    .W (4),
    .S (2)
  ) u_per (
    .clk_i,
    .en_i (en_o[1:0]),
    .d_i  (per_i),
    .q_o  (per_o)
  );

  prim_pipe_reg #(
    .W (UW),
    .S (3)
  ) u_user (
    .clk_i,
    .en_i (en_o),
    .d_i  (user_i),
    .q_o  (user_o)
  );
endmodule
