// cabac_ctx_mem: the context variables of the encoding engine (golden::cabac::CabacEncoder's
// ctx array), for the 258 contexts an I slice of a 4:0:0 / 4:2:0 frame picture codes
// (cabac_rom_ctx gives their compact addresses). Each entry is {pStateIdx, valMPS} in flops,
// plus a valid bit; INIT (init_i) clears every valid bit, and an entry not written since reads
// with its valid bit low (rd_vld_o), for which the reader takes the entry's initial value at
// SliceQPY (computed ahead by cabac_enc_addr): lazy initialization, so a slice starts in one
// cycle with one init unit per port instead of 258.
// P read ports (combinational: rd_o and rd_vld_o of rd_addr_i, port p at [p*7 +: 7],
// {pStateIdx, valMPS}) and P write ports (at the clock edge; two ports writing one entry: the higher port wins). A
// read in the cycle after a write or an INIT sees it; a write and INIT in one cycle: INIT wins.
//
// Parameters:
//   NCtx  entries (258: verif cabac::ctx_count()).
//   P     read and write ports.
module cabac_ctx_mem #(
  parameter int unsigned NCtx = 258,
  parameter int unsigned P    = 1
) (
  input  logic           clk_i,
  input  logic           rst_ni,
  input  logic           init_i,
  input  logic [P*9-1:0] rd_addr_i,
  output logic [P*7-1:0] rd_o,
  output logic [P-1:0]   rd_vld_o,
  input  logic [P-1:0]   we_i,
  input  logic [P*9-1:0] wr_addr_i,
  input  logic [P*7-1:0] wr_i
);
  logic [6:0]      mem_q [NCtx];
  logic [NCtx-1:0] vld_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      vld_q <= '0;
    end else if (init_i) begin
      vld_q <= '0;
    end else begin
      for (int p = 0; p < P; p++) begin
        if (we_i[p]) vld_q[wr_addr_i[p*9 +: 9]] <= 1'b1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!init_i) begin
      for (int p = 0; p < P; p++) begin
        if (we_i[p]) mem_q[wr_addr_i[p*9 +: 9]] <= wr_i[p*7 +: 7];
      end
    end
  end

  for (genvar p = 0; p < P; p++) begin : g_rd
    logic [8:0] addr;
    assign addr          = rd_addr_i[p*9 +: 9];
    assign rd_o[p*7 +: 7] = mem_q[addr];
    assign rd_vld_o[p]    = vld_q[addr];
    `ASSERT(AddrInRange_A, !we_i[p] || 32'(wr_addr_i[p*9 +: 9]) < NCtx)
  end
endmodule
