// cabac_enc_range: the range stage of the encoding engine (codIRange of
// golden::cabac::CabacEncoder: encode_decision, encode_bypass, encode_terminate, the flush and
// the restart after I_PCM), up to K symbols (lanes) per cycle, the range passed from lane to
// lane. It turns each lane into an operation of the low stage, low' = ((low + a) << s) + b
// (cabac_enc_terms, cabac_enc_low):
//   CTX     q = codIRange[7:6], rLPS = rangeTabLPS[pStateIdx][q]; MPS: codIRange -= rLPS
//           (renormalized by 0 or 1 shift), a = 0; LPS: a = codIRange - rLPS, codIRange =
//           rLPS renormalized; s = the renormalization shift; with m (0..2) bypass bins v
//           after it (cabac_sym.sv): s += m, b = codIRange' * v, codIRange' the range after
//           the bin (the next lane's input: bypass bins keep the range)
//   BYPASS  n bins v: s = n, b = codIRange * v (codIRange unchanged)
//   TERM 0  codIRange -= 2, renormalized (s 0 or 1)
// Lane 0 alone (the serializer issues them alone): TERM 1: a = codIRange - 2, flush_o (the
// low stage writes the flush bits), codIRange = 510 for the engine's restart; INIT: codIRange
// = 510; PCM, END pass. Lanes not valid give a = b = s = 0.
// Three cycles:
//   1 (setup)  per lane, what the cascade needs of it, from its symbol and its context's
//              rLPS row (none of it depends on the range): a lane either subtracts c[q] (the
//              rLPS of an MPS bin, 2 for TERM 0, 0 for a lane that keeps the range) or sets the
//              range to n[q] (the LPS bin's rLPS renormalized, cabac_rom_lpsn; 510 for INIT
//              and the flush);
//              per pair of lanes (A, B) and each q: lane A's t0[q] = 256 + 64q - cA[q],
//              lane B's segments (cabac_enc_rseg: in each of the at most three segments of
//              lo = r[5:0] where lane B's input's shift and q hold still, its input less
//              its c as a register plus lo), and the range after lane B when lane A sets
//              (c2[q], from nA[q]) (cabac_enc_rpair).
//   2 (cascade) the range through the K lanes, two at a time (cabac_enc_rpair); each lane's
//              input range registered.
//   3 (ops)    each lane's (a, s, b) from its input range (b = codIRange * v, multiplied here;
//              a CTX lane's bypass bins from its output range, the next lane's input).
// Latency 3 (registered outputs); moves when en_i is high.
//
// Parameters:
//   K  lanes.
module cabac_enc_range #(
  parameter  int unsigned K  = 4,
  localparam int unsigned NP = (K + 1) / 2  // pairs of lanes (an odd K: a last lane that keeps)
) (
  `CABAC_ENC_GROUP_IN,
  input  logic [K-1:0]              lps_i,
  input  logic [K*6-1:0]            state_i,
  output logic                      valid_o,
  output logic [2:0]                kind_o,   // lane 0's kind
  output logic [7:0]                val_o,    // lane 0's val (the PCM byte)
  output logic [K*9-1:0]            a_o,
  output logic [K*17-1:0]           b_o,
  output logic [K*4-1:0]            s_o,
  output logic                      flush_o
);
  // Renormalization shift of a codIRange value in 2..510: leading zeros of its 9 bits.
  function automatic logic [3:0] renorm_shift(input logic [8:0] r);
    renorm_shift = 4'd8;
    for (int i = 0; i < 9; i++) begin
      if (r[i]) renorm_shift = 4'(8 - i);
    end
  endfunction

  // Cycle 1: setup.
  logic [2:0]  kind0;
  logic        flush;
  logic [2*NP-1:0] set;       // lane j sets the range (else subtracts c)
  logic [2*NP*32-1:0] c;      // c[q] of lane j at [j*32 + q*8 +: 8]
  logic [2*NP*36-1:0] n;      // n[q] of lane j at [j*36 + q*9 +: 9]

  // The macros on the whole bus read lane 0 (bits [`CABAC_SYM_W-1:0]).
  assign kind0 = `CABAC_SYM_KIND(sym_i);
  assign flush = lv_i[0] && kind0 == `CABAC_TERM && sym_i[0];  // `CABAC_SYM_VAL(lane 0)[0]

  for (genvar j = 0; j < 2 * NP; j++) begin : g_set
    if (j < K) begin : g_lane
      logic [`CABAC_SYM_W-1:0] sym;
      logic [2:0]  kind;
      logic [7:0]  val;
      logic [31:0] row, rown;
      logic [5:0]  st;
      assign sym  = sym_i[j*`CABAC_SYM_W +: `CABAC_SYM_W];
      assign kind = `CABAC_SYM_KIND(sym);
      assign val  = `CABAC_SYM_VAL(sym);
      // The ROM's address is not a register's output, so that Yosys keeps the ROM here
      // rather than merging the context stage's register into it (moving the ROM there).
      // The LPS bin's range, renormalized, from a table of its own (not rLPS shifted here):
      // lane A's n[q] is on the set case's path to c2 (nA -> its q -> cB[q] -> subtract).
      assign st = lv_i[j] ? state_i[j*6 +: 6] : 6'd0;
      cabac_rom_lps  u_lps  (.state_i (st), .lps_o (row));
      cabac_rom_lpsn u_lpsn (.state_i (st), .lpsn_o (rown));
      assign set[j] = lv_i[j] && ((kind == `CABAC_CTX && lps_i[j]) || (kind == `CABAC_INIT) ||
                                  (kind == `CABAC_TERM && val[0]));
      logic unused;
      assign unused = ^{sym[16:8], val[7:1]};
      for (genvar q = 0; q < 4; q++) begin : g_q
        logic [7:0] rlps;
        assign rlps = row[q*8 +: 8];
        assign c[j*32 + q*8 +: 8] =
            !lv_i[j]                                ? 8'd0 :
            (kind == `CABAC_CTX)                    ? rlps :
            (kind == `CABAC_TERM)                   ? 8'd2 : 8'd0;
        assign n[j*36 + q*9 +: 9] = (kind == `CABAC_CTX) ? {1'b1, rown[q*8 +: 8]} : 9'd510;
      end
    end else begin : g_keep
      assign set[j]      = 1'b0;
      assign c[j*32 +: 32] = '0;
      assign n[j*36 +: 36] = '0;
    end
  end

  // Per pair: lane A's t0[q] = 256 + 64q - cA[q], and for each q the segments of lane B
  // (cabac_enc_rseg).
  logic [NP*36-1:0]  t0;
  logic [NP*56-1:0]  th;
  logic [NP*120-1:0] k;
  logic [NP*12-1:0]  sh, odd;
  logic [NP*24-1:0]  q1;
  logic [NP*36-1:0]  c2;     // lane A setting to nA[q]: the range after lane B
  for (genvar p = 0; p < NP; p++) begin : g_t0
    for (genvar q = 0; q < 4; q++) begin : g_q
      logic [8:0] na, raw;
      logic [1:0] qb;
      assign na  = n[(2*p)*36 + q*9 +: 9];
      assign qb  = na[7:6];
      assign raw = na - 9'(c[(2*p+1)*32 + qb*8 +: 8]);
      assign c2[p*36 + q*9 +: 9] = set[2*p+1] ? n[(2*p+1)*36 + qb*9 +: 9] :
                                   raw[8] ? raw : {raw[7:0], 1'b0};
      assign t0[p*36 + q*9 +: 9] = 9'(256 + 64 * q) - 9'(c[(2*p)*32 + q*8 +: 8]);
      cabac_enc_rseg u_seg (
        .t0_i (t0[p*36 + q*9 +: 9]),
        .cb_i (c[(2*p+1)*32 +: 32]),
        .th_o (th[p*56 + q*14 +: 14]),
        .k_o  (k[p*120 + q*30 +: 30]),
        .sh_o (sh[p*12 + q*3 +: 3]),
        .odd_o (odd[p*12 + q*3 +: 3]),
        .q_o  (q1[p*24 + q*6 +: 6])
      );
    end
  end

  logic              valid_q, flush_q;
  logic [K-1:0]      lv_q, lps_q;
  logic [K*`CABAC_SYM_W-1:0] sym_q;
  logic [K*6-1:0]    state_q;
  logic [2*NP-1:0]   set_q;
  logic [2*NP*36-1:0] n_q;
  logic [NP*36-1:0]  t0_q;
  logic [NP*56-1:0]  th_q;
  logic [NP*120-1:0] k_q;
  logic [NP*12-1:0]  sh_q, odd_q;
  logic [NP*36-1:0]  c2_q;
  logic [NP*24-1:0]  q1_q;

  // Cycle 2: the cascade.
  logic [8:0] range_q;
  logic [(2*NP+1)*9-1:0] rr;  // the range into lane j at [j*9 +: 9]; after the last at 2*NP
  assign rr[8:0] = range_q;
  for (genvar p = 0; p < NP; p++) begin : g_pair
    cabac_enc_rpair u_pair (
      .r_i     (rr[(2*p)*9 +: 9]),
      .a_set_i (set_q[2*p]),
      .b_set_i (set_q[2*p+1]),
      .t0_i    (t0_q[p*36 +: 36]),
      .th_i    (th_q[p*56 +: 56]),
      .k_i     (k_q[p*120 +: 120]),
      .sh_i    (sh_q[p*12 +: 12]),
      .odd_i   (odd_q[p*12 +: 12]),
      .q_i     (q1_q[p*24 +: 24]),
      .na_i    (n_q[(2*p)*36 +: 36]),
      .c2_i    (c2_q[p*36 +: 36]),
      .nb_i    (n_q[(2*p+1)*36 +: 36]),
      .mid_o   (rr[(2*p+1)*9 +: 9]),
      .r_o     (rr[(2*p+2)*9 +: 9])
    );
  end

  logic              valid_q2, flush_q2;
  logic [K-1:0]      lv_q2, lps_q2;
  logic [K*`CABAC_SYM_W-1:0] sym_q2;
  logic [K*6-1:0]    state_q2;
  logic [K*9-1:0]    rin_q2;
  logic [8:0]        rlast_q2;  // the last lane's output range
  logic [K*9-1:0]    rout;      // lane j's output range (lane j + 1's input)
  assign rout = (K*9)'({rlast_q2, rin_q2} >> 9);

  // Cycle 3: each lane's operation from its input range.
  logic [K*9-1:0]  a;
  logic [K*17-1:0] b;
  logic [K*4-1:0]  s;
  for (genvar j = 0; j < K; j++) begin : g_op
    logic [`CABAC_SYM_W-1:0] sym;
    logic [2:0]  kind;
    logic [7:0]  val, bits;
    logic [3:0]  n_bins;
    logic [1:0]  m_bins, m_bits;  // a CTX lane's bypass bins after its bin, their values
    logic [8:0]  r_out;
    logic [8:0]  ctx;
    logic [8:0]  r_in, rmps, rterm;
    logic [31:0] row;
    logic [7:0]  rlps;
    logic [8:0]  la;
    logic [16:0] lb;
    logic [3:0]  ls;

    assign sym    = sym_q2[j*`CABAC_SYM_W +: `CABAC_SYM_W];
    assign kind   = `CABAC_SYM_KIND(sym);
    assign val    = `CABAC_SYM_VAL(sym);
    assign ctx    = `CABAC_SYM_CTX(sym);
    assign n_bins = ctx[3:0];
    assign bits   = val & 8'((9'd1 << n_bins) - 9'd1);
    assign r_in   = rin_q2[j*9 +: 9];
    assign r_out  = rout[j*9 +: 9];
    assign m_bins = val[2:1];
    assign m_bits = val[4:3] & ~(2'b11 << m_bins);

    cabac_rom_lps u_lps (.state_i (state_q2[j*6 +: 6]), .lps_o (row));
    assign rlps  = row[8*r_in[7:6] +: 8];
    assign rmps  = r_in - 9'(rlps);
    assign rterm = r_in - 9'd2;

    always_comb begin
      la = '0;
      lb = '0;
      ls = '0;
      if (lv_q2[j]) begin
        unique case (kind)
          `CABAC_CTX: begin
            if (lps_q2[j]) begin
              la = rmps;
              ls = renorm_shift({1'b0, rlps}) + 4'(m_bins);
            end else begin
              ls = {3'd0, !rmps[8]} + 4'(m_bins);
            end
            lb = (m_bits[1] ? {7'd0, r_out, 1'b0} : 17'd0) + (m_bits[0] ? 17'(r_out) : 17'd0);
          end
          `CABAC_BYPASS: begin
            ls = n_bins;
            lb = 17'(r_in) * 17'(bits);
          end
          `CABAC_TERM: begin
            if (!val[0]) begin
              ls = {3'd0, !rterm[8]};
            end else begin
              la = rterm;
            end
          end
          default: ;
        endcase
      end
    end
    assign a[j*9 +: 9]   = la;
    assign b[j*17 +: 17] = lb;
    assign s[j*4 +: 4]   = ls;
    logic unused;
    assign unused = ^ctx[8:4];
  end

  for (genvar j = 0; j < K; j++) begin : g_check
    `ASSERT(BypassCount_A, !(valid_i && lv_i[j] &&
                             `CABAC_SYM_KIND(sym_i[j*`CABAC_SYM_W +: `CABAC_SYM_W]) ==
                             `CABAC_BYPASS) ||
                           (sym_i[j*`CABAC_SYM_W + 8 +: 4] >= 4'd1 &&
                            sym_i[j*`CABAC_SYM_W + 8 +: 4] <= 4'd8))
    // A CTX symbol's bypass bins: at most 2, so that a lane shifts low by at most 8.
    `ASSERT(CtxBypass_A, !(valid_i && lv_i[j] &&
                           `CABAC_SYM_KIND(sym_i[j*`CABAC_SYM_W +: `CABAC_SYM_W]) ==
                           `CABAC_CTX) ||
                         (sym_i[j*`CABAC_SYM_W + 1 +: 2] != 2'd3 &&
                          sym_i[j*`CABAC_SYM_W + 5 +: 3] == 3'd0))
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q  <= 1'b0;
      valid_q2 <= 1'b0;
      valid_o  <= 1'b0;
      range_q  <= 9'd510;
    end else if (en_i) begin
      valid_q  <= valid_i;
      valid_q2 <= valid_q;
      valid_o  <= valid_q2;
      if (valid_q) range_q <= rr[(2*NP)*9 +: 9];
    end
  end
  always_ff @(posedge clk_i) begin
    if (en_i && valid_i) begin
      flush_q <= flush;
      lv_q    <= lv_i;
      lps_q   <= lps_i;
      sym_q   <= sym_i;
      state_q <= state_i;
      set_q   <= set;
      n_q     <= n;
      t0_q    <= t0;
      th_q    <= th;
      k_q     <= k;
      sh_q    <= sh;
      odd_q   <= odd;
      c2_q    <= c2;
      q1_q    <= q1;
    end
    if (en_i && valid_q) begin
      flush_q2 <= flush_q;
      lv_q2    <= lv_q;
      lps_q2   <= lps_q;
      sym_q2   <= sym_q;
      state_q2 <= state_q;
      rin_q2   <= rr[K*9-1:0];
      rlast_q2 <= rr[K*9 +: 9];
    end
    if (en_i && valid_q2) begin
      kind_o  <= `CABAC_SYM_KIND(sym_q2);
      val_o   <= `CABAC_SYM_VAL(sym_q2);
      a_o     <= a;
      b_o     <= b;
      s_o     <= s;
      flush_o <= flush_q2;
    end
  end

  `ASSERT(RangeNormalized_A, range_q >= 9'd256)
  `ASSERT(SpecialAlone_A, !(valid_i && lv_i[0] && (flush || kind0 == `CABAC_INIT ||
                            kind0 == `CABAC_PCM || kind0 == `CABAC_END)) || (lv_i >> 1) == '0)
endmodule
