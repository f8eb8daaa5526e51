// A first-in first-out queue in a memory with one write port and one registered read port, the
// shape FPGA block RAM has (Yosys infers an ECP5 DP16KD from it; prim_fifo's registers and
// combinational read do not map to block RAM). valid/ready on both sides; the head is an
// output register loaded from the memory, so a beat written into an empty queue comes out two
// cycles later. A beat a cycle in and out while neither side stalls. The queue holds Depth
// beats in the memory plus the one in the output register.
// Assertions: the head holds still while stalled; the count never passes Depth.
//
// Parameters:
//   Width  data width, >= 1.
//   Depth  memory entries, a power of two >= 2.
module prim_ram_fifo #(
  parameter  int unsigned Width = 1,
  parameter  int unsigned Depth = 512,
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
  logic [PW:0]      count_q;   // beats in the memory
  logic             head_v_q;  // q_o holds a beat
  logic             push, fetch;

  assign ready_o = count_q != (PW + 1)'(Depth);
  assign push    = valid_i && ready_o;
  assign fetch   = count_q != '0 && (!head_v_q || ready_i);  // the memory's next beat to q_o
  assign valid_o = head_v_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      wr_q     <= '0;
      rd_q     <= '0;
      count_q  <= '0;
      head_v_q <= 1'b0;
    end else begin
      if (push) wr_q <= wr_q + PW'(1);
      if (fetch) rd_q <= rd_q + PW'(1);
      count_q <= count_q + (PW + 1)'(push) - (PW + 1)'(fetch);
      if (fetch) head_v_q <= 1'b1;
      else if (ready_i) head_v_q <= 1'b0;
    end
  end
  // The memory: no reset, one write port, one read port with a register (block RAM).
  always_ff @(posedge clk_i) begin
    if (push) mem_q[wr_q] <= d_i;
  end
  always_ff @(posedge clk_i) begin
    if (fetch) q_o <= mem_q[rd_q];
  end

  `ASSERT_STABLE_STALL(OutStable_A, valid_o, ready_i, q_o)
  `ASSERT(Count_A, 32'(count_q) <= Depth)
endmodule
