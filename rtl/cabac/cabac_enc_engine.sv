// cabac_enc_engine: the CABAC arithmetic encoding engine of a slice (golden::cabac::engine::
// CabacEncoder: CabacEncoder::new, encode_decision, encode_bypass, encode_terminate,
// encode_pcm and finish, with the context variables of clause 9.3.1.1), taking the symbol
// stream of rtl/cabac/cabac_sym.sv and giving the slice_data bytes exactly as
// CabacEncoder::finish returns them (I_PCM alignment and samples included), last_o on each
// slice's last byte.
//
// Pipeline: input beat register and issue (up to K symbols a cycle as one group of lanes:
// the beat's next CTX / BYPASS / TERM 0 symbols; INIT, TERM 1, PCM and END alone), address
// stage (cabac_enc_addr: context addresses, their initial values at SliceQPY, same-context
// matches), context stage (cabac_enc_ctx: K context updates a cycle, the memory read a cycle
// ahead and written a cycle behind, forwarding between lanes and groups), range stage
// (cabac_enc_range: K range updates cascaded two lanes at a time, cabac_enc_rpair), terms
// stage (cabac_enc_terms: the low update's sum of shifted terms, in carry-save form), low
// stage (cabac_enc_low: low << S + T, the loop on low's 10 bits), bit packer (cabac_enc_pack:
// bits to bytes, a byte a cycle, an 8K + 32-bit buffer in carry-save form), carry resolution
// and output (cabac_enc_bytes). Issue to low move together on one enable (the packer takes the
// low stage's item, or it is empty); a BYPASS symbol (up to 8 bins) is one lane like a CTX
// bin.
// Latency: a symbol's bytes leave at the earliest 14 cycles after its beat is accepted (beat
// register, address 3, context, range 3, terms 2, low 2, packer, output); the slice's last
// byte leaves 14 cycles after END's beat, or later while earlier bytes drain.
//
// Parameters:
//   K         symbols per input beat (>= 1).
//   OutBytes  bytes per output beat (>= 1).
// Ports:
//   sym_i     K symbols, slot k at [k*`CABAC_SYM_W +: `CABAC_SYM_W], slot 0 first;
//   count_i   symbols in the beat, 1..K (slots count_i.. are ignored);
//   byte_o    OutBytes bytes, the first at [7:0]; count_o bytes valid (1..OutBytes);
//   last_o    the beat holds the slice's last byte (its last valid one).
// valid/ready on both sides; asserted: count_i in 1..K with valid_i, the output holds still
// while stalled.
module cabac_enc_engine #(
  parameter  int unsigned K          = 4,
  parameter  int unsigned OutBytes   = 4,
  localparam int unsigned InCount    = $clog2(K + 1),
  localparam int unsigned OutCount   = $clog2(OutBytes + 1),
  localparam int unsigned IdxWidth   = (K > 1) ? $clog2(K) : 1,
  localparam int unsigned CWidth     = (8 * K + 1 > 11) ? 8 * K + 1 : 11,  // low stage chunk
  localparam int unsigned LWidth     = 11 + 8 * K                          // terms stage sum
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       valid_i,
  output logic                       ready_o,
  input  logic [K*`CABAC_SYM_W-1:0]  sym_i,
  input  logic [InCount-1:0]         count_i,
  output logic                       valid_o,
  input  logic                       ready_i,
  output logic [OutBytes*8-1:0]      byte_o,
  output logic [OutCount-1:0]        count_o,
  output logic                       last_o
);
  // Input beat register and issue: each cycle the longest run (up to K) of the beat's next
  // symbols that are CTX, BYPASS or TERM 0 goes to the context stage as one group of lanes;
  // INIT, TERM 1, PCM and END go alone.
  logic [K*`CABAC_SYM_W-1:0] beat_q, rot;
  logic [InCount-1:0]        cnt_q;
  logic [IdxWidth-1:0]       idx_q;
  logic                      bv_q, adv, issue, at_last;
  logic [K-1:0]              lv;
  logic [InCount-1:0]        m;

  assign rot = beat_q >> (32'(idx_q) * `CABAC_SYM_W);
  always_comb begin
    logic [2:0] kind;
    logic       plain, more;
    lv   = '0;
    m    = '0;
    more = 1'b1;
    for (int j = 0; j < K; j++) begin
      kind  = rot[j*`CABAC_SYM_W + 17 +: 3];  // `CABAC_SYM_KIND of lane j
      plain = kind == `CABAC_CTX || kind == `CABAC_BYPASS ||
              (kind == `CABAC_TERM && !rot[j*`CABAC_SYM_W]);
      if (32'(idx_q) + j < 32'(cnt_q) && more && (plain || j == 0)) begin
        lv[j] = 1'b1;
        m     = m + InCount'(1);
      end
      more = more && plain;
    end
  end
  assign issue   = bv_q && adv;
  assign at_last = 32'(idx_q) + 32'(m) >= 32'(cnt_q);
  assign ready_o = !bv_q || (adv && at_last);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      bv_q  <= 1'b0;
      idx_q <= '0;
    end else if (valid_i && ready_o) begin
      bv_q  <= 1'b1;
      idx_q <= '0;
    end else if (issue) begin
      if (at_last) begin
        bv_q <= 1'b0;
      end else begin
        idx_q <= idx_q + IdxWidth'(m);
      end
    end
  end
  always_ff @(posedge clk_i) begin
    if (valid_i && ready_o) begin
      beat_q <= sym_i;
      cnt_q  <= count_i;
    end
  end

  // Address stage.
  logic                      d_valid;
  logic [K-1:0]              d_lv, d_ctx;
  logic [K*`CABAC_SYM_W-1:0] d_sym;
  logic [K*9-1:0]            d_addr;
  logic [K*K-1:0]            d_match;
  logic                      n_valid;
  logic [K-1:0]              n_ctx;
  logic [K*9-1:0]            n_addr;
  logic [K*7-1:0]            n_init;
  cabac_enc_addr #(.K (K)) u_addr (
    .clk_i, .rst_ni,
    .en_i    (adv),
    .valid_i (bv_q),
    .lv_i    (lv),
    .sym_i   (rot),
    .valid_o (d_valid),
    .lv_o    (d_lv),
    .sym_o   (d_sym),
    .ctx_o   (d_ctx),
    .addr_o  (d_addr),
    .match_o (d_match),
    .nvalid_o (n_valid),
    .nctx_o   (n_ctx),
    .naddr_o  (n_addr),
    .ninit_o  (n_init)
  );

  // Context stage.
  logic                      c_valid;
  logic [K-1:0]              c_lv, c_lps;
  logic [K*`CABAC_SYM_W-1:0] c_sym;
  logic [K*6-1:0]            c_state;
  cabac_enc_ctx #(.K (K)) u_ctx (
    .clk_i, .rst_ni,
    .en_i    (adv),
    .valid_i (d_valid),
    .lv_i    (d_lv),
    .sym_i   (d_sym),
    .ctx_i   (d_ctx),
    .addr_i  (d_addr),
    .match_i (d_match),
    .nvalid_i (n_valid),
    .nctx_i   (n_ctx),
    .naddr_i  (n_addr),
    .ninit_i  (n_init),
    .valid_o (c_valid),
    .lv_o    (c_lv),
    .sym_o   (c_sym),
    .lps_o   (c_lps),
    .state_o (c_state)
  );

  // Range stage.
  logic            r_valid, r_flush;
  logic [2:0]      r_kind;
  logic [7:0]      r_val;
  logic [K*9-1:0]  r_a;
  logic [K*17-1:0] r_b;
  logic [K*4-1:0]  r_s;
  cabac_enc_range #(.K (K)) u_range (
    .clk_i, .rst_ni,
    .en_i    (adv),
    .valid_i (c_valid),
    .lv_i    (c_lv),
    .sym_i   (c_sym),
    .lps_i   (c_lps),
    .state_i (c_state),
    .valid_o (r_valid),
    .kind_o  (r_kind),
    .val_o   (r_val),
    .a_o     (r_a),
    .b_o     (r_b),
    .s_o     (r_s),
    .flush_o (r_flush)
  );

  // Terms stage (the part of the low update that does not depend on low).
  logic              t_valid, t_flush;
  logic [2:0]        t_kind;
  logic [7:0]        t_val;
  logic [8:0]        t_a0;
  logic [5:0]        t_s;
  logic [LWidth-1:0] t_ts, t_tc;
  cabac_enc_terms #(.K (K)) u_terms (
    .clk_i, .rst_ni,
    .en_i    (adv),
    .valid_i (r_valid),
    .kind_i  (r_kind),
    .val_i   (r_val),
    .a_i     (r_a),
    .b_i     (r_b),
    .s_i     (r_s),
    .flush_i (r_flush),
    .valid_o (t_valid),
    .kind_o  (t_kind),
    .val_o   (t_val),
    .a0_o    (t_a0),
    .s_o     (t_s),
    .ts_o    (t_ts),
    .tc_o    (t_tc),
    .flush_o (t_flush)
  );

  // Low stage.
  logic              l_valid, l_align, l_ready;
  logic [1:0]        l_kind;
  logic [CWidth-1:0] l_c;
  logic [5:0]        l_s;
  cabac_enc_low #(.K (K)) u_low (
    .clk_i, .rst_ni,
    .en_i    (adv),
    .valid_i (t_valid),
    .kind_i  (t_kind),
    .val_i   (t_val),
    .a0_i    (t_a0),
    .s_i     (t_s),
    .ts_i    (t_ts),
    .tc_i    (t_tc),
    .flush_i (t_flush),
    .valid_o (l_valid),
    .kind_o  (l_kind),
    .c_o     (l_c),
    .s_o     (l_s),
    .align_o (l_align)
  );
  assign adv = !l_valid || l_ready;

  // Bit packer.
  logic       p_valid, p_ready, p_cy;
  logic [1:0] p_kind;
  logic [7:0] p_byte;
  cabac_enc_pack #(.K (K)) u_pack (
    .clk_i, .rst_ni,
    .valid_i (l_valid),
    .ready_o (l_ready),
    .kind_i  (l_kind),
    .c_i     (l_c),
    .s_i     (l_s),
    .align_i (l_align),
    .valid_o (p_valid),
    .ready_i (p_ready),
    .kind_o  (p_kind),
    .byte_o  (p_byte),
    .cy_o    (p_cy)
  );

  // Carry resolution and output beats.
  cabac_enc_bytes #(.OutBytes (OutBytes)) u_bytes (
    .clk_i, .rst_ni,
    .valid_i (p_valid),
    .ready_o (p_ready),
    .kind_i  (p_kind),
    .byte_i  (p_byte),
    .cy_i    (p_cy),
    .valid_o,
    .ready_i,
    .byte_o,
    .count_o,
    .last_o
  );

  `ASSERT(InCount_A, !valid_i || (count_i >= InCount'(1) && 32'(count_i) <= K))
  `ASSERT(OutCount_A, !valid_o || (count_o >= OutCount'(1) && 32'(count_o) <= OutBytes))
  `ASSERT_STABLE_STALL(OutStable_A, valid_o, ready_i, {byte_o, count_o, last_o})
endmodule
