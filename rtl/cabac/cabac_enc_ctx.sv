// cabac_enc_ctx: the context stage of the encoding engine (the context half of
// golden::cabac::CabacEncoder::encode_decision: pStateIdx / valMPS update by transIdxLPS /
// transIdxMPS, and the rLPS row rangeTabLPS[pStateIdx][0..3] for the range stage), one symbol
// per cycle. In the encoder every bin value is known in advance, so this stage never waits on
// the range: it reads, updates and writes back the symbol's context in one cycle (the next
// symbol, also of the same context, reads the written value). INIT clears the context memory
// (lazy initialization, cabac_ctx_mem) and latches SliceQPY. Other symbols pass through.
// Latency 1 (registered outputs); moves when en_i is high (the engine's pipeline enable).
// Outputs: the symbol's kind, ctx and val fields, lps_o (a CTX bin that is the LPS) and
// rlps_o (the four rLPS values of the context's state, q at [q*8 +: 8]).
module cabac_enc_ctx (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   en_i,
  input  logic                   valid_i,
  input  logic [`CABAC_SYM_W-1:0] sym_i,
  output logic                   valid_o,
  output logic [2:0]             kind_o,
  output logic [8:0]             ctx_o,
  output logic [7:0]             val_o,
  output logic                   lps_o,
  output logic [31:0]            rlps_o
);
  logic [2:0] kind;
  logic [8:0] ctx;
  logic [7:0] val;
  assign kind = `CABAC_SYM_KIND(sym_i);
  assign ctx  = `CABAC_SYM_CTX(sym_i);
  assign val  = `CABAC_SYM_VAL(sym_i);

  logic [8:0] addr;
  logic       hit;
  cabac_ctx_map u_map (.ctx_idx_i (ctx), .addr_o (addr), .hit_o (hit));

  logic [5:0]  state, next_lps;
  logic        mps, lps;
  logic [31:0] rlps;
  logic        is_ctx, init;
  assign is_ctx = valid_i && en_i && (kind == `CABAC_CTX);
  assign init   = valid_i && en_i && (kind == `CABAC_INIT);

  cabac_ctx_mem u_mem (
    .clk_i, .rst_ni,
    .init_i     (init),
    .qp_i       (val[5:0]),
    .rd_addr_i  (addr),
    .rd_state_o (state),
    .rd_mps_o   (mps),
    .we_i       (is_ctx),
    .wr_addr_i  (addr),
    .wr_state_i (lps ? next_lps : ((state == 6'd62) ? 6'd62 : state + 6'd1)),
    .wr_mps_i   ((lps && state == 6'd0) ? !mps : mps)
  );
  cabac_lps_rom u_lps (.state_i (state), .rlps_o (rlps), .next_lps_o (next_lps));
  assign lps = val[0] != mps;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_o <= 1'b0;
    end else if (en_i) begin
      valid_o <= valid_i;
    end
  end
  always_ff @(posedge clk_i) begin
    if (en_i && valid_i) begin
      kind_o <= kind;
      ctx_o  <= ctx;
      val_o  <= val;
      lps_o  <= lps;
      rlps_o <= rlps;
    end
  end

  `ASSERT(CtxHeld_A, !is_ctx || hit)
endmodule
