// A register slice with a registered ready: one output register and one skid register, so
// that ready_o is a flop and ready_i reaches only the load enables of this slice (it cuts the
// combinational ready path between a producer and a consumer). A beat taken while the output
// stalls waits in the skid register; ready_o falls while the skid register is full. Full
// throughput: one beat a cycle while ready_i stays high. Latency 1.
// Assertions: the output holds still while stalled.
//
// Parameters:
//   Width  data width, >= 1.
module prim_skid #(
  parameter int unsigned Width = 1
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
  logic             out_v_q, skid_v_q, load;
  logic [Width-1:0] skid_q;

  assign ready_o = !skid_v_q;
  assign valid_o = out_v_q;
  assign load    = !out_v_q || ready_i;  // the output register takes a beat this cycle

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      out_v_q  <= 1'b0;
      skid_v_q <= 1'b0;
    end else if (load) begin
      out_v_q  <= skid_v_q || valid_i;
      skid_v_q <= 1'b0;
    end else if (valid_i && !skid_v_q) begin
      skid_v_q <= 1'b1;
    end
  end
  always_ff @(posedge clk_i) begin
    if (load) begin
      q_o <= skid_v_q ? skid_q : d_i;
    end
    if (!load && valid_i && !skid_v_q) begin
      skid_q <= d_i;
    end
  end

  `ASSERT_STABLE_STALL(OutStable_A, valid_o, ready_i, q_o)
endmodule
