// cabac_enc_ctx: the context stage of the encoding engine (the context half of
// golden::cabac::CabacEncoder::encode_decision: pStateIdx / valMPS update by transIdxLPS /
// transIdxMPS, and the rLPS row rangeTabLPS[pStateIdx][0..3] for the range stage), up to K
// symbols (lanes) per cycle. In the encoder every bin value is known in advance, so this stage
// never waits on the range: it reads, updates and writes back the lanes' contexts in one cycle;
// a lane whose context an earlier lane of the same cycle also codes takes that lane's updated
// state (forwarding, match_i from cabac_enc_addr; the next cycle reads the written value).
// INIT (lane 0 alone) clears the context memory (lazy initialization, cabac_ctx_mem). Other
// symbols pass through.
// Latency 1 (registered outputs); moves when en_i is high (the engine's pipeline enable).
// Lane j: lv_i[j] (valid lanes are a prefix), sym_i[j*`CABAC_SYM_W +: `CABAC_SYM_W], and from
// cabac_enc_addr ctx_i, addr_i, init_i, match_i. Outputs per lane: the symbol, lps_o[j] (a CTX
// bin that is the LPS) and rlps_o[j*32 +: 32] (the four rLPS values of its context's state, q
// at [q*8 +: 8]).
//
// Parameters:
//   K  lanes.
module cabac_enc_ctx #(
  parameter int unsigned K = 4
) (
  `CABAC_ENC_GROUP_IN,
  input  logic [K-1:0]              ctx_i,
  input  logic [K*9-1:0]            addr_i,
  input  logic [K*7-1:0]            init_i,
  input  logic [K*K-1:0]            match_i,
  output logic                      valid_o,
  output logic [K-1:0]              lv_o,
  output logic [K*`CABAC_SYM_W-1:0] sym_o,
  output logic [K-1:0]              lps_o,
  output logic [K*32-1:0]           rlps_o
);
  logic [K-1:0]    we, lps;
  logic [K*7-1:0]  rd, upd;
  logic [K*32-1:0] rlps;
  logic            init;

  // `CABAC_SYM_KIND on the whole bus reads lane 0.
  assign init = valid_i && en_i && lv_i[0] && (`CABAC_SYM_KIND(sym_i) == `CABAC_INIT);

  for (genvar j = 0; j < K; j++) begin : g_lane
    logic       bin;
    logic [5:0] state, next_mps, next_lps, upd_state;  // the lane's state, after its bin
    logic       mps, upd_mps;
    assign bin = sym_i[j*`CABAC_SYM_W];  // `CABAC_SYM_VAL(lane j)[0]

    // Forwarding: the state is the latest earlier lane's update of the same context, or the
    // memory's (g_fwd[i]: after looking at lanes 0..i-1).
    for (genvar i = 0; i <= j; i++) begin : g_fwd
      logic [6:0] v;  // {pStateIdx, valMPS}
      if (i == 0) begin : g_mem
        assign v = rd[j*7 +: 7];
      end else begin : g_lane_before
        assign v = match_i[j*K + i - 1] ? {g_lane[i-1].upd_state, g_lane[i-1].upd_mps} :
                                         g_fwd[i-1].v;
      end
    end
    assign {state, mps} = g_fwd[j].v;

    cabac_rom_lps u_lps (.state_i (state), .lps_o (rlps[j*32 +: 32]));
    cabac_rom_trans u_trans (.state_i (state), .mps_o (next_mps), .lps_o (next_lps));
    assign lps[j]    = bin != mps;
    assign upd_state = lps[j] ? next_lps : next_mps;
    assign upd_mps   = (lps[j] && state == 6'd0) ? !mps : mps;

    assign we[j]          = valid_i && en_i && ctx_i[j];
    assign upd[j*7 +: 7]  = {upd_state, upd_mps};
  end

  cabac_ctx_mem #(.P (K)) u_mem (
    .clk_i, .rst_ni,
    .init_i    (init),
    .rd_addr_i (addr_i),
    .rd_init_i (init_i),
    .rd_o      (rd),
    .we_i      (we),
    .wr_addr_i (addr_i),
    .wr_i      (upd)
  );

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_o <= 1'b0;
    end else if (en_i) begin
      valid_o <= valid_i;
    end
  end
  always_ff @(posedge clk_i) begin
    if (en_i && valid_i) begin
      lv_o   <= lv_i;
      sym_o  <= sym_i;
      lps_o  <= lps;
      rlps_o <= rlps;
    end
  end
endmodule
