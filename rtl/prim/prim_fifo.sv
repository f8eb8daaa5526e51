// A small first-in first-out queue in registers: Depth entries of Width bits, valid/ready on
// both sides, the head readable while valid_o (first word falls through: no latency beyond the
// register a beat is written to). A beat can be written and another read in the same cycle,
// also when the queue is full (ready_o is the queue having room or being read).
// Assertions: the head holds still while stalled; the count never passes Depth.
//
// Parameters:
//   Width  data width, >= 1.
//   Depth  entries, a power of two >= 2.
module prim_fifo #(
  parameter  int unsigned Width = 1,
  parameter  int unsigned Depth = 4,
  localparam int unsigned PW    = $clog2(Depth)
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
  logic [Width-1:0] mem_q [Depth];
  logic [PW-1:0]    wr_q, rd_q;
  logic [PW:0]      count_q;
  logic             push, pop;

  assign valid_o = count_q != '0;
  assign pop     = valid_o && ready_i;
  assign ready_o = count_q != (PW + 1)'(Depth) || pop;
  assign push    = valid_i && ready_o;
  assign q_o     = mem_q[rd_q];

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      wr_q    <= '0;
      rd_q    <= '0;
      count_q <= '0;
    end else begin
      if (push) wr_q <= wr_q + PW'(1);
      if (pop) rd_q <= rd_q + PW'(1);
      count_q <= count_q + (PW + 1)'(push) - (PW + 1)'(pop);
    end
  end
  for (genvar e = 0; e < Depth; e++) begin : g_entry
    always_ff @(posedge clk_i) begin
      if (push && wr_q == PW'(e)) mem_q[e] <= d_i;
    end
  end

  `ASSERT_STABLE_STALL(OutStable_A, valid_o, ready_i, q_o)
  `ASSERT(Count_A, 32'(count_q) <= Depth)
endmodule
