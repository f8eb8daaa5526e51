// The second register of a C-slow ring (D25, cabac_dec's Threads): a module of Threads
// interleaved threads keeps each state register twice, the register its logic writes (w_i,
// the thread that leaves this cycle's logic) and the one its logic reads (q_o, the thread in
// this cycle), q_o taking w_i every cycle. With Threads = 1 there is one thread and one
// register: q_o is w_i, a wire, and the module is its logic unchanged.
//
// Parameters:
//   Width    width, >= 1.
//   Threads  1 or 2.
module prim_cslow #(
  parameter int unsigned Width   = 1,
  parameter int unsigned Threads = 1
) (
  input  logic             clk_i,
  input  logic [Width-1:0] w_i,
  output logic [Width-1:0] q_o
);
  if (Threads == 1) begin : g_one
    logic unused_clk;
    assign unused_clk = clk_i;
    assign q_o = w_i;
  end else begin : g_two
    always_ff @(posedge clk_i) q_o <= w_i;
  end
endmodule
