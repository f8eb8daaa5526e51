// A round-robin arbiter: N valid/ready inputs onto one output, the grant rotating so that each
// waiting input is served within N beats. The output is a register slice (prim_skid): ready_o
// of the chosen input depends on a register, not on ready_i. Latency 1.
// Choice: the first valid input at or after the one after the last granted, in index order
// (a priority encoder over the inputs rotated by the pointer).
// Assertions: at most one input is taken a cycle (by construction, checked).
//
// Parameters:
//   N      inputs, >= 2.
//   Width  data width of each input, >= 1.
module prim_rr_arb #(
  parameter  int unsigned N     = 4,
  parameter  int unsigned Width = 1,
  localparam int unsigned IW    = $clog2(N)
) (
  input  logic               clk_i,
  input  logic               rst_ni,
  input  logic [N-1:0]       valid_i,
  output logic [N-1:0]       ready_o,
  input  logic [N*Width-1:0] d_i,
  output logic               valid_o,
  input  logic               ready_i,
  output logic [Width-1:0]   q_o,
  output logic [IW-1:0]      idx_o
);
  logic [IW-1:0] ptr_q;  // the input after the last granted
  logic [IW-1:0] pick;
  logic          any;
  // Input r places after p, wrapping at N.
  function automatic logic [IW-1:0] after(input logic [IW-1:0] p, input logic [IW:0] r);
    logic [IW:0] i;
    i = (IW + 1)'(p) + r;
    if (i >= (IW + 1)'(N)) i = i - (IW + 1)'(N);
    after = i[IW-1:0];
  endfunction
  always_comb begin
    pick = '0;
    any  = 1'b0;
    for (int unsigned r = 0; r < N; r++) begin
      if (!any && valid_i[after(ptr_q, (IW + 1)'(r))]) begin
        pick = after(ptr_q, (IW + 1)'(r));
        any  = 1'b1;
      end
    end
  end

  logic skid_ready;
  always_comb begin
    ready_o = '0;
    ready_o[pick] = any && skid_ready;
  end

  logic [Width-1:0] d_pick;
  always_comb begin
    d_pick = '0;
    for (int unsigned i = 0; i < N; i++) begin
      if (pick == IW'(i)) d_pick = d_i[i*Width +: Width];
    end
  end

  prim_skid #(.Width (Width + IW)) u_out (
    .clk_i, .rst_ni, .valid_i (any), .ready_o (skid_ready), .d_i ({pick, d_pick}),
    .valid_o, .ready_i, .q_o ({idx_o, q_o})
  );

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      ptr_q <= '0;
    end else if (any && skid_ready) begin
      ptr_q <= (pick == IW'(N - 1)) ? '0 : pick + IW'(1);
    end
  end

  `ASSERT(OneTaken_A, $onehot0(ready_o & valid_i))
endmodule
