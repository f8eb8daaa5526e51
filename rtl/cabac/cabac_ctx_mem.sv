// cabac_ctx_mem: the context variables of the encoding engine (golden::cabac::CabacEncoder's
// ctx array), for the 258 contexts an I slice of a 4:0:0 / 4:2:0 frame picture codes
// (cabac_ctx_map gives their compact addresses). Each entry is {pStateIdx, valMPS} in flops,
// plus a valid bit; INIT (init_i) clears every valid bit and latches SliceQPY, and a read of
// an entry not written since gives its initial value (cabac_ctx_init of the entry's (m, n),
// cabac_mn_rom): lazy initialization, so a slice starts in one cycle with one init unit per
// read port instead of 258.
// P read ports (combinational: rd_state_o / rd_mps_o of rd_addr_i, port p at [p*W +: W]) and
// P write ports (at the clock edge; two ports writing one entry: the higher port wins). A read
// in the cycle after a write or an INIT sees it; a write and INIT in one cycle: INIT wins.
//
// Parameters:
//   NCtx  entries (258: verif cabac::ctx_count()).
//   P     read and write ports.
module cabac_ctx_mem #(
  parameter int unsigned NCtx = 258,
  parameter int unsigned P    = 1
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         init_i,
  input  logic [5:0]   qp_i,
  input  logic [P*9-1:0] rd_addr_i,
  output logic [P*6-1:0] rd_state_o,
  output logic [P-1:0]   rd_mps_o,
  input  logic [P-1:0]   we_i,
  input  logic [P*9-1:0] wr_addr_i,
  input  logic [P*6-1:0] wr_state_i,
  input  logic [P-1:0]   wr_mps_i
);
  logic [6:0]      mem_q [NCtx];
  logic [NCtx-1:0] vld_q;
  logic [5:0]      qp_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      vld_q <= '0;
      qp_q  <= '0;
    end else if (init_i) begin
      vld_q <= '0;
      qp_q  <= qp_i;
    end else begin
      for (int p = 0; p < P; p++) begin
        if (we_i[p]) vld_q[wr_addr_i[p*9 +: 9]] <= 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!init_i) begin
      for (int p = 0; p < P; p++) begin
        if (we_i[p]) mem_q[wr_addr_i[p*9 +: 9]] <= {wr_state_i[p*6 +: 6], wr_mps_i[p]};
      end
    end
  end

  for (genvar p = 0; p < P; p++) begin : g_rd
    logic [8:0]        addr;
    logic signed [7:0] m, n;
    logic [5:0]        init_state;
    logic              init_mps;
    logic [6:0]        stored;
    assign addr = rd_addr_i[p*9 +: 9];
    cabac_mn_rom u_mn (.addr_i (addr), .m_o (m), .n_o (n));
    cabac_ctx_init u_init (
      .m_i (m), .n_i (n), .qp_i (qp_q), .state_o (init_state), .mps_o (init_mps)
    );
    assign stored = mem_q[addr];
    assign rd_state_o[p*6 +: 6] = vld_q[addr] ? stored[6:1] : init_state;
    assign rd_mps_o[p]          = vld_q[addr] ? stored[0] : init_mps;
    `ASSERT(AddrInRange_A, !we_i[p] || 32'(wr_addr_i[p*9 +: 9]) < NCtx)
  end
endmodule
