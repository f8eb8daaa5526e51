// cabac_enc_ctx: the context stage of the encoding engine (the context half of
// golden::cabac::CabacEncoder::encode_decision: pStateIdx / valMPS update by transIdxLPS /
// transIdxMPS), up to K symbols (lanes) per cycle. In the encoder every bin value is known in
// advance, so this stage never waits on the range: it updates the lanes' contexts in one
// cycle; their updates are registered (with the write enables and addresses) and written to
// the memory in the next cycle, so the memory's fan-in is off the update's path. The memory is
// read a cycle early, while the group is still in the address stage (nvalid_i, nctx_i,
// naddr_i, ninit_i: cabac_enc_addr's registers and initial values a cycle behind), so the
// 258:1 read is off the update's path too: that read takes the registered writes not yet in
// the memory (the group two ahead) from their registers, and the lazy initialization
// (cabac_ctx_mem: an entry not written since INIT gives the initial value; all of them if the
// group ahead is an INIT) is resolved there too, into one registered start value per lane.
// What that read cannot see, the writes of the group in this stage at the time, is forwarded:
// the read registers keep, per lane, which lane of that group last wrote the same context, and
// the lane starts from that lane's registered update instead. Within the group, a lane whose context an
// earlier lane also codes takes the update of the last such lane (match_i from
// cabac_enc_addr; a one-hot select), and its own update is two transitions in one lookup
// (cabac_rom_trans2) from the value that lane started from, so a chain of lanes of one context
// is two lookups deep for K <= 4 (lane 0: one transition; lane 1: two from base; lanes 2, 3:
// two from lane 0's or lane 1's update), one more for every two lanes beyond.
// INIT (lane 0 alone) clears the context memory. Other symbols pass through.
// Latency 1 (registered outputs, the read a cycle before); moves when en_i is high (the
// engine's pipeline enable).
// Lane j: lv_i[j] (valid lanes are a prefix), sym_i[j*`CABAC_SYM_W +: `CABAC_SYM_W], and from
// cabac_enc_addr ctx_i, addr_i, match_i. Outputs per lane: the symbol, lps_o[j] (a CTX
// bin that is the LPS) and state_o[j*6 +: 6] (its context's pStateIdx before the bin).
//
// Parameters:
//   K  lanes.
module cabac_enc_ctx #(
  parameter int unsigned K = 4
) (
  `CABAC_ENC_GROUP_IN,
  input  logic [K-1:0]              ctx_i,
  input  logic [K*9-1:0]            addr_i,
  input  logic [K*K-1:0]            match_i,
  // The next group (a cycle behind, in the address stage): CTX lanes, their addresses and
  // initial values.
  input  logic                      nvalid_i,
  input  logic [K-1:0]              nctx_i,
  input  logic [K*9-1:0]            naddr_i,
  input  logic [K*7-1:0]            ninit_i,
  output logic                      valid_o,
  output logic [K-1:0]              lv_o,
  output logic [K*`CABAC_SYM_W-1:0] sym_o,
  output logic [K-1:0]              lps_o,
  output logic [K*6-1:0]            state_o
);
  logic [K-1:0]   we, we_q, lps, rvld;
  logic [K*9-1:0] waddr_q;
  logic [K*7-1:0] rd, upd, upd_q, base0, base0_q;
  logic [K*6-1:0] state;
  logic [K*K-1:0] pm, pm_q;   // pm[j*K + i]: lane i of this group last wrote the next's lane j
  logic [K-1:0]   nopm_q;     // no such lane: the next's lane j starts from its read value
  logic           init;

  // `CABAC_SYM_KIND on the whole bus reads lane 0.
  assign init = valid_i && lv_i[0] && (`CABAC_SYM_KIND(sym_i) == `CABAC_INIT);

  // The next group: its start values (the memory, the registered writes not yet in it, the
  // initial values), and its forwarding from this group.
  for (genvar j = 0; j < K; j++) begin : g_next
    logic [K-1:0] eq, weq;
    logic [6:0]   wv, rv;
    logic         vld;
    for (genvar i = 0; i < K; i++) begin : g_eq
      assign eq[i]  = valid_i && ctx_i[i] && nctx_i[j] && addr_i[i*9 +: 9] == naddr_i[j*9 +: 9];
      assign weq[i] = we_q[i] && waddr_q[i*9 +: 9] == naddr_i[j*9 +: 9];
    end
    for (genvar i = 0; i < K; i++) begin : g_last
      assign pm[j*K + i] = eq[i] && ((eq >> (i + 1)) == '0);
    end
    always_comb begin
      wv = '0;
      for (int i = 0; i < K; i++) begin
        if (weq[i]) wv = upd_q[i*7 +: 7];  // the last (highest) lane wins
      end
    end
    assign vld = rvld[j] || (weq != '0);
    assign rv  = (weq != '0) ? wv : rd[j*7 +: 7];
    assign base0[j*7 +: 7] = (init || !vld) ? ninit_i[j*7 +: 7] : rv;
  end

  for (genvar j = 0; j < K; j++) begin : g_lane
    logic       bin, mps, bl, e;
    logic [5:0] st, next_mps, next_lps, st2;
    logic       flip;
    logic [6:0] base, v, fwd, in2, upd_l;
    logic [K-1:0] last;  // the last earlier lane of this group with the same context
    assign bin = sym_i[j*`CABAC_SYM_W];  // `CABAC_SYM_VAL(lane j)[0]

    // Where the lane's context starts this cycle: the previous group's update, or the start
    // value read ahead (every lane of one context gets the same base).
    always_comb begin
      fwd = '0;
      for (int i = 0; i < K; i++) fwd |= pm_q[j*K + i] ? upd_q[i*7 +: 7] : 7'd0;
    end
    assign base = fwd | (nopm_q[j] ? base0_q[j*7 +: 7] : 7'd0);  // a one-hot select

    // Within the group: the last earlier lane that codes the same context (last, one-hot), and
    // per earlier lane its update (tu), the value it starts from (tv) and its bin (tb) if it is
    // that lane, else 0 (hierarchical names, so no lane reads a vector another lane drives).
    logic [K*7-1:0] tu, tv;
    logic [K-1:0]   tb;
    for (genvar i = 0; i < K; i++) begin : g_fwd
      if (i < j) begin : g_before
        logic later;
        always_comb begin
          later = 1'b0;
          for (int h = i + 1; h < j; h++) later |= match_i[j*K + h];
        end
        assign last[i]      = match_i[j*K + i] && !later;
        assign tu[i*7 +: 7] = last[i] ? g_lane[i].upd_l : 7'd0;
        assign tv[i*7 +: 7] = last[i] ? g_lane[i].v : 7'd0;
        assign tb[i]        = last[i] && sym_i[i*`CABAC_SYM_W];
      end else begin : g_none
        assign last[i]      = 1'b0;
        assign tu[i*7 +: 7] = 7'd0;
        assign tv[i*7 +: 7] = 7'd0;
        assign tb[i]        = 1'b0;
      end
    end
    assign e  = last != '0;
    assign bl = tb != '0;
    // The context before this lane's bin (v: that lane's update, or base), and before that
    // lane's bin (in2: the value that lane starts from).
    always_comb begin
      v   = e ? '0 : base;
      in2 = '0;
      for (int i = 0; i < K; i++) begin
        v   |= tu[i*7 +: 7];
        in2 |= tv[i*7 +: 7];
      end
    end
    assign {st, mps} = v;

    // The update: one transition from base, or two (that lane's bin and this one) from in2,
    // so the chain through a group's lanes is two lookups deep, not K.
    cabac_rom_trans u_trans (.state_i (base[6:1]), .mps_o (next_mps), .lps_o (next_lps));
    if (j > 0) begin : g_two
      cabac_rom_trans2 u_trans2 (
        .state_i (in2[6:1]),
        .lps_i   ({bl != in2[0], bin != in2[0]}),
        .state_o (st2),
        .flip_o  (flip)
      );
    end else begin : g_one
      assign st2  = '0;
      assign flip = 1'b0;
      logic unused;
      assign unused = ^{in2, bl};
    end
    always_comb begin
      if (e) begin
        upd_l = {st2, in2[0] ^ flip};
      end else if (bin != base[0]) begin
        upd_l = {next_lps, (base[6:1] == 6'd0) ? !base[0] : base[0]};
      end else begin
        upd_l = {next_mps, base[0]};
      end
    end
    assign lps[j] = bin != mps;

    assign we[j]           = valid_i && ctx_i[j];
    assign upd[j*7 +: 7]   = upd_l;
    assign state[j*6 +: 6] = st;
  end

  cabac_ctx_mem #(.P (K)) u_mem (
    .clk_i, .rst_ni,
    .init_i    (init && en_i),
    .rd_addr_i (naddr_i),
    .rd_o      (rd),
    .rd_vld_o  (rvld),
    .we_i      (we_q),
    .wr_addr_i (waddr_q),
    .wr_i      (upd_q)
  );

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_o <= 1'b0;
      we_q    <= '0;
    end else if (en_i) begin
      valid_o <= valid_i;
      we_q    <= we;
    end
  end
  always_ff @(posedge clk_i) begin
    // This group's writes (into the memory next cycle; forwarded to the next two groups).
    if (en_i) begin
      waddr_q <= addr_i;
      upd_q   <= upd;
    end
    // The read for the next group, and what this group writes that the read misses.
    if (en_i && nvalid_i) begin
      base0_q <= base0;
      pm_q    <= pm;
      for (int j = 0; j < K; j++) nopm_q[j] <= pm[j*K +: K] == '0;
    end
    if (en_i && valid_i) begin
      lv_o    <= lv_i;
      sym_o   <= sym_i;
      lps_o   <= lps;
      state_o <= state;
    end
  end
endmodule
