// cabac_enc_levels: the levels of a residual block in reverse scan order, up to P symbols a
// cycle, as coefficient records and a slot map (golden::cabac::residual::encode_residual_block:
// for each non-zero level from the last one down, coeff_abs_level_minus1 (TU prefix with
// ctxIdxInc from numDecodAbsLevelGt1 / Eq1 so far, EG0 suffix) and coeff_sign_flag);
// cabac_enc_lvlsym turns the registered records and map into the symbols.
//
// Combinational; the caller registers st_o as the next cycle's st_i. The window holds P
// places, place d position c - d: its cost in symbols (cabac_enc_coef's, place 0 less the
// o of its symbols already sent; 0 for a zero level and for places below position 0), its
// |level| > 1 and == 1 flags and its level. A prefix sum of the costs (cabac_psum) says which
// places finish in this cycle (F of them, a prefix) and where the slots cut the next one; the
// next window is the current one and the prefetch (positions c - P - k, read from the
// block's arrays by c in parallel with the sum) shifted by F, so the loop is registers,
// prefix sum, one F-way select: no 64:1 read in it. numDecodAbsLevelGt1 / Eq1 (saturated at 4:
// no ctxIdxInc tells 4 from more) advance by the finished places. Start: c = last + P, the
// rest zero (every place finishes: the next window is the last P positions).
//
// Ports: cat_i ctxBlockCat; lv_i 64 x 16-bit levels in scan order, sig_i their non-zero flags,
// gt1_i their |level| > 1 flags, n_i their costs (5 bits each), read for the prefetch; st_i
// the state {wlv, wf, wn, eq1c, gt1c, o, c} (c in bits 6:0), st_o the next one; done_o position 0 finishes in this cycle (the window reaches it
// and all its costs fit); cnt_o symbols of this cycle (0..P); rec_o one record per place
// (ctx0, ctxr: ctxIdx of the first and of the other prefix bins; nrest, big, tail, tlen:
// cabac_enc_coef's); map_o per slot: place (EW bits) and the symbol's index in that
// coefficient (5 bits).
//
// Parameters: P  symbols per cycle and window places, >= 2.
module cabac_enc_levels #(
  parameter  int unsigned P  = 8,
  localparam int unsigned CW = $clog2(P + 1),
  localparam int unsigned EW = $clog2(P),
  localparam int unsigned MW = EW + 5,
  localparam int unsigned RW = 60,
  localparam int unsigned SW = $clog2(18 * P + 1),
  localparam int unsigned StW = 7 + 5 + 3 + 3 + P * (5 + 2 + 16)
) (
  input  logic [2:0]        cat_i,
  input  logic [64*16-1:0]  lv_i,
  input  logic [63:0]       sig_i,
  input  logic [63:0]       gt1_i,
  input  logic [64*5-1:0]   n_i,
  input  logic [StW-1:0]    st_i,
  output logic [StW-1:0]    st_o,
  output logic              done_o,
  output logic [CW-1:0]     cnt_o,
  output logic [P*RW-1:0]   rec_o,
  output logic [P*MW-1:0]   map_o
);
  // The state: place 0's position c, the symbols of it already sent o, numDecodAbsLevelGt1 /
  // Eq1 so far, and per place its cost wn, flags wf {> 1, == 1} and level wlv; *_d the next.
  logic [6:0]      c, c_d;
  logic [4:0]      o, o_d;
  logic [2:0]      gt1c, gt1c_d, eq1c, eq1c_d;
  logic [P*5-1:0]  wn, wn_d;
  logic [P*2-1:0]  wf, wf_d;
  logic [P*16-1:0] wlv, wlv_d;
  assign {wlv, wf, wn, eq1c, gt1c, o, c} = st_i;
  assign st_o = {wlv_d, wf_d, wn_d, eq1c_d, gt1c_d, o_d, c_d};

  logic [8:0] abs_base;  // BlockCat::abs_base
  always_comb begin
    unique case (cat_i)
      3'd0:    abs_base = 9'd227;
      3'd1:    abs_base = 9'd237;
      3'd2:    abs_base = 9'd247;
      3'd3:    abs_base = 9'd257;
      3'd4:    abs_base = 9'd266;
      default: abs_base = 9'd426;
    endcase
  end

  function automatic logic [2:0] sat4(input logic [3:0] v);
    sat4 = (v > 4'd4) ? 3'd4 : v[2:0];
  endfunction

  // Prefetch: positions c - P - k (none below 0) in the same form as the window.
  logic [P*5-1:0]  pn;
  logic [P*2-1:0]  pf;
  logic [P*16-1:0] plv;
  always_comb begin
    logic [6:0] q;  // c <= 63 + P: q is below 64, q[6] its sign
    for (int k = 0; k < P; k++) begin
      q = c - 7'(P + k);
      pn[k*5 +: 5]    = q[6] ? 5'd0 : n_i[q[5:0]*5 +: 5];
      pf[k*2 +: 2]    = q[6] ? 2'd0 : {gt1_i[q[5:0]], sig_i[q[5:0]] && !gt1_i[q[5:0]]};
      plv[k*16 +: 16] = q[6] ? 16'd0 : lv_i[q[5:0]*16 +: 16];
    end
  end

  // Prefix sum of the window's costs (cabac_psum: log2 P levels of adds).
  logic [SW-1:0] after[P];  // symbols of this cycle up to and with place d
  logic [P-1:0]  full;      // place d finishes in this cycle
  logic [SW-1:0] total;
  logic [P*SW-1:0] costs, sums;
  always_comb begin
    for (int d = 0; d < P; d++) costs[d*SW +: SW] = SW'(wn[d*5 +: 5]);
  end
  cabac_psum #(.N (P), .W (SW)) u_psum (.v_i (costs), .s_o (sums));
  always_comb begin
    for (int d = 0; d < P; d++) begin
      after[d] = sums[d*SW +: SW];
      full[d]  = (after[d] <= SW'(P));
    end
    total = after[P-1];
  end

  // numDecodAbsLevelGt1 / Eq1 ahead of each place (index P: after the window; for the
  // records: every place ahead of one with symbols in this cycle finishes in it).
  logic [2:0] gb[P+1], eb[P+1];
  always_comb begin
    logic [3:0] g, e;
    g = {1'b0, gt1c};
    e = {1'b0, eq1c};
    for (int d = 0; d <= P; d++) begin
      gb[d] = g[2:0];
      eb[d] = e[2:0];
      if (d < P) begin
        g = {1'b0, sat4(g + {3'd0, wf[2*d + 1]})};
        e = {1'b0, sat4(e + {3'd0, wf[2*d]})};
      end
    end
  end

  // The next state, by F = the places finished (one-hot sel[F]: full is a prefix): the window
  // and prefetch shifted by F; the first unfinished place keeps after[F] - P of its symbols
  // and is cut after P - after[F - 1] of them (o_d; F = 0: o + P; F = P: 0).
  logic [P:0] sel;
  always_comb begin
    for (int f = 0; f <= P; f++) begin
      sel[f] = ((f == 0) || full[(f == 0) ? 0 : f - 1]) && ((f == P) || !full[(f == P) ? 0 : f]);
    end
  end
  always_comb begin
    logic [2*P*5-1:0]  sn;
    logic [2*P*2-1:0]  sf;
    logic [2*P*16-1:0] slv;
    logic [4:0]        n0;
    sn     = {pn, wn};
    sf     = {pf, wf};
    slv    = {plv, wlv};
    n0     = '0;
    c_d    = '0;
    o_d    = '0;
    gt1c_d = '0;
    eq1c_d = '0;
    wn_d   = '0;
    wf_d   = '0;
    wlv_d  = '0;
    for (int f = 0; f <= P; f++) begin
      if (sel[f]) begin
        n0      = (f == P) ? pn[4:0] : 5'(after[(f == P) ? 0 : f] - SW'(P));
        c_d    |= c - 7'(f);
        o_d    |= (f == 0) ? o + 5'(P) : (f == P) ? 5'd0 : 5'(SW'(P) - after[(f == 0) ? 0 : f - 1]);
        gt1c_d |= gb[f];
        eq1c_d |= eb[f];
        wn_d   |= {sn[(f + 1)*5 +: (P - 1)*5], n0};
        wf_d   |= sf[f*2 +: P*2];
        wlv_d  |= slv[f*16 +: P*16];
      end
    end
  end
  assign cnt_o = (total > SW'(P)) ? CW'(P) : CW'(total);
  // Position 0 is in the window and everything from c down fits.
  assign done_o = (c < 7'(P)) && (total <= SW'(P));

  // One record per place.
  for (genvar d = 0; d < P; d++) begin : g_rec
    logic [3:0]  nrest;
    logic        big;
    logic [31:0] tail;
    logic [4:0]  tlen;
    logic        unused_coef;  // flags and cost the window reads from sig_i, gt1_i, n_i
    logic        nz, gt1;
    logic [4:0]  cnt;
    cabac_enc_coef u_coef (
      .lv_i (wlv[d*16 +: 16]), .nz_o (nz), .gt1_o (gt1), .nrest_o (nrest),
      .big_o (big), .tail_o (tail), .tlen_o (tlen), .cnt_o (cnt)
    );
    assign unused_coef = ^{nz, gt1, cnt};
    logic [8:0] ctx0, ctxr;
    assign ctx0 = abs_base + ((gb[d] != 3'd0) ? 9'd0 : (eb[d] >= 3'd3) ? 9'd4 : {6'd0, eb[d]} + 9'd1);
    assign ctxr = abs_base + 9'd5 + ((cat_i == 3'd3 && gb[d] >= 3'd3) ? 9'd3 :
                                      (gb[d] >= 3'd4) ? 9'd4 : {6'd0, gb[d]});
    assign rec_o[d*RW +: RW] = {ctx0, ctxr, nrest, big, tail, tlen};
  end

  // Slot s: the first place whose symbols end after s, and the symbol's index in it.
  always_comb begin
    logic [EW-1:0] e;
    logic [4:0]    off;
    for (int s = 0; s < P; s++) begin
      e   = '0;
      off = 5'(s) + o;
      for (int d = 0; d < P - 1; d++) begin
        if (after[d] <= SW'(s)) begin
          e   = EW'(d + 1);
          off = 5'(SW'(s) - after[d]);
        end
      end
      map_o[s*MW +: MW] = {e, off};
    end
  end
endmodule
