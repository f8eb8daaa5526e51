// cabac_enc_addr: the address stage of the encoding engine, ahead of the context stage
// (cabac_enc_ctx), for one group of up to K lanes: each CTX lane's compact context address
// (cabac_rom_ctx), the initial value of its context at SliceQPY (cabac_rom_mn,
// cabac_ctx_init: what the context memory gives for an entry not written since INIT,
// golden::cabac::context::init_context), and which earlier lanes of the group code the same
// context (match_o[j*K + i], i < j: the context stage forwards lane i's update to lane j).
// None of it depends on the context states, so it is computed here, before they are read:
// addresses and (m, n) in the first cycle, m * SliceQPY in the second (cabac_ctx_init's
// register), the initial values and matches in the third. The initial values leave
// unregistered (ninit_o) with the second cycle's registers (nvalid_o, nctx_o, naddr_o): the
// context stage reads the memory a cycle ahead and resolves the lazy initialization there.
// INIT (lane 0 alone) latches SliceQPY here for the groups after it.
// Latency 3 (registered outputs); moves when en_i is high.
//
// Parameters:
//   K  lanes.
module cabac_enc_addr #(
  parameter int unsigned K = 4
) (
  `CABAC_ENC_GROUP_IN,
  output logic                      valid_o,
  output logic [K-1:0]              lv_o,
  output logic [K*`CABAC_SYM_W-1:0] sym_o,
  output logic [K-1:0]              ctx_o,     // lane j is a CTX bin
  output logic [K*9-1:0]            addr_o,
  output logic [K*K-1:0]            match_o,
  // The second cycle's registers (the group a cycle behind the outputs): for the context
  // stage's early memory read.
  output logic                      nvalid_o,
  output logic [K-1:0]              nctx_o,
  output logic [K*9-1:0]            naddr_o,
  // lane j's {pStateIdx, valMPS} at SliceQPY, a cycle ahead of the other outputs
  output logic [K*7-1:0]            ninit_o
);
  logic [5:0]     qp_q;
  // Cycle 1: addresses, CTX lanes, (m, n).
  logic [K-1:0]   is_ctx, ctx_q;
  logic [K*9-1:0] addr, addr_q;
  logic [K*16-1:0] mn, mn_q;
  logic           valid_q;
  logic [K-1:0]   lv_q;
  logic [K*`CABAC_SYM_W-1:0] sym_q;
  // Cycle 2: (the product in cabac_ctx_init).
  logic           valid_q2;
  logic [K-1:0]   lv_q2, ctx_q2;
  logic [K*9-1:0] addr_q2;
  logic [K*`CABAC_SYM_W-1:0] sym_q2;
  // Cycle 3: initial values, matches.
  logic [K*7-1:0] init;
  logic [K*K-1:0] match;

  for (genvar j = 0; j < K; j++) begin : g_lane
    logic [2:0] kind;
    logic [8:0] ctx;
    logic       hit;
    // The fields of lane j (`CABAC_SYM_KIND, `CABAC_SYM_CTX).
    assign kind      = sym_i[j*`CABAC_SYM_W + 17 +: 3];
    assign ctx       = sym_i[j*`CABAC_SYM_W + 8 +: 9];
    assign is_ctx[j] = lv_i[j] && (kind == `CABAC_CTX);
    cabac_rom_ctx u_map (.ctx_idx_i (ctx), .idx_o (addr[j*9 +: 9]), .hit_o (hit));
    cabac_rom_mn u_mn (.idx_i (addr[j*9 +: 9]), .m_o (mn[j*16+8 +: 8]), .n_o (mn[j*16 +: 8]));
    cabac_ctx_init u_init (
      .clk_i, .en_i (en_i && valid_q),
      .m_i (mn_q[j*16+8 +: 8]), .n_i (mn_q[j*16 +: 8]), .qp_i (qp_q),
      .state_o (init[j*7+1 +: 6]), .mps_o (init[j*7])
    );
    for (genvar i = 0; i < K; i++) begin : g_match
      if (i < j) begin : g_before
        assign match[j*K + i] = ctx_q2[i] && ctx_q2[j] &&
                                addr_q2[i*9 +: 9] == addr_q2[j*9 +: 9];
      end else begin : g_none
        assign match[j*K + i] = 1'b0;
      end
    end
    `ASSERT(CtxHeld_A, !(valid_i && is_ctx[j]) || hit)
  end

  assign nvalid_o = valid_q2;
  assign nctx_o   = ctx_q2;
  assign naddr_o  = addr_q2;
  assign ninit_o  = init;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q  <= 1'b0;
      valid_q2 <= 1'b0;
      valid_o  <= 1'b0;
      qp_q     <= '0;
    end else if (en_i) begin
      valid_q  <= valid_i;
      valid_q2 <= valid_q;
      valid_o  <= valid_q2;
      // `CABAC_SYM_KIND / `CABAC_SYM_VAL of lane 0: INIT and its SliceQPY.
      if (valid_i && lv_i[0] && `CABAC_SYM_KIND(sym_i) == `CABAC_INIT) qp_q <= sym_i[5:0];
    end
  end
  always_ff @(posedge clk_i) begin
    if (en_i && valid_i) begin
      lv_q   <= lv_i;
      sym_q  <= sym_i;
      ctx_q  <= is_ctx;
      addr_q <= addr;
      mn_q   <= mn;
    end
    if (en_i && valid_q) begin
      lv_q2   <= lv_q;
      sym_q2  <= sym_q;
      ctx_q2  <= ctx_q;
      addr_q2 <= addr_q;
    end
    if (en_i && valid_q2) begin
      lv_o    <= lv_q2;
      sym_o   <= sym_q2;
      ctx_o   <= ctx_q2;
      addr_o  <= addr_q2;
      match_o <= match;
    end
  end
endmodule
