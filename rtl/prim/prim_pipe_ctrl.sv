// Valid/ready control of an S-stage pipeline whose stages move independently.
//
// Stage k takes a block when it is empty or its block leaves in the same cycle
// (ready[k] = ~valid_q[k] | ready[k+1]), so a chain runs at one block per cycle, bubbles
// collapse, and ready_i low stalls it without losing or duplicating a block. en_o[k] loads
// stage k's data registers (ready, and a block to take); data registers need no reset since
// valid_q qualifies them, and they hold still in bubbles (no switching power).
// ready_o is combinational from ready_i (one OR).
//
// Parameters:
//   S  number of register stages, >= 1.
module prim_pipe_ctrl #(
  parameter int unsigned S = 1
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         valid_i,
  output logic         ready_o,
  output logic         valid_o,
  input  logic         ready_i,
  output logic [S-1:0] en_o
);
  logic [S-1:0] valid_q, valid_in, ready;
  logic [S:0]   valid_chain;

  assign valid_chain = {valid_q, valid_i};
  assign valid_in    = valid_chain[S-1:0];

  // Stage k can take a block unless it and every stage after it are full and stalled. The
  // closed form (no bit of `ready` feeds another) keeps the chain shallow and loop-free.
  for (genvar k = 0; k < S; k++) begin : g_ready
    assign ready[k] = ready_i | ~(&valid_q[S-1:k]);
  end

  assign en_o = ready & valid_in;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q <= '0;
    end else begin
      for (int unsigned k = 0; k < S; k++) begin
        if (ready[k]) begin
          valid_q[k] <= valid_in[k];
        end
      end
    end
  end

  assign ready_o = ready[0];
  assign valid_o = valid_chain[S];
endmodule
