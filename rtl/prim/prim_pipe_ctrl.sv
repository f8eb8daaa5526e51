// Valid/ready control of a pipeline of Stages register stages that move independently.
//
// Stage k takes a block when it is empty or its block leaves in the same cycle
// (ready[k] = ~valid_q[k] | ready[k+1]), so a chain runs at one block per cycle, bubbles
// collapse, and ready_i low stalls it without losing or duplicating a block. en_o[k] loads
// stage k's data registers (ready, and a block to take); data registers need no reset since
// valid_q qualifies them, and they hold still in bubbles (no switching power).
// ready_o is combinational from ready_i (one OR). Latency Stages cycles, one block per cycle.
//
// Assertions (prim_assert.sv) on the output handshake: valid_o, once high, stays high until
// ready_i takes the block; valid_o is never X out of reset. The input side may withdraw
// valid_i before ready_o (the lanes accept that; their testbenches do it).
//
// Parameters:
//   Stages  number of register stages, >= 1.
module prim_pipe_ctrl #(
  parameter int unsigned Stages = 1
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              valid_i,
  output logic              ready_o,
  output logic              valid_o,
  input  logic              ready_i,
  output logic [Stages-1:0] en_o
);
  logic [Stages-1:0] valid_q, valid_in, ready;
  logic [Stages:0]   valid_chain;

  assign valid_chain = {valid_q, valid_i};
  assign valid_in    = valid_chain[Stages-1:0];

  // Stage k can take a block unless it and every stage after it are full and stalled. The
  // closed form (no bit of `ready` feeds another) keeps the chain shallow and loop-free.
  for (genvar k = 0; k < Stages; k++) begin : g_ready
    assign ready[k] = ready_i | ~(&valid_q[Stages-1:k]);
  end

  assign en_o = ready & valid_in;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q <= '0;
    end else begin
      for (int unsigned k = 0; k < Stages; k++) begin
        if (ready[k]) begin
          valid_q[k] <= valid_in[k];
        end
      end
    end
  end

  assign ready_o = ready[0];
  assign valid_o = valid_chain[Stages];

  `ASSERT(ValidHeldUntilReady_A, valid_o && !ready_i |=> valid_o)
  `ASSERT_KNOWN(ValidKnown_A, valid_o)
endmodule
