// cabac_enc_levels: the levels of a residual block in reverse scan order, up to P symbols a
// cycle, as coefficient records and a slot map (golden::cabac::residual::encode_residual_block:
// for each non-zero level from the last one down, coeff_abs_level_minus1 (TU prefix with
// ctxIdxInc from numDecodAbsLevelGt1 / Eq1 so far, EG0 suffix) and coeff_sign_flag);
// cabac_enc_lvlsym turns the registered records and map into the symbols.
//
// Combinational. A cycle covers the positions c_i, c_i - 1, .. (a window of P) whose symbols
// fit the P slots: each position costs n_i symbols (cabac_enc_coef, computed when the block
// was loaded; 0 for a zero level, so zeros cost a window place but no slot), the first
// o_i less (symbols of it already sent). A prefix sum of the costs gives which positions are
// finished in this cycle and the offset into the one cut by the end of the slots; the
// numDecodAbsLevelGt1 / Eq1 counts (saturated at 4: no ctxIdxInc tells 4 from more) advance by
// the finished ones. The caller registers c_o, o_o, gt1c_o, eq1c_o as the next cycle's inputs
// (c_i = last non-zero position, the rest 0, at the start of the levels).
//
// Ports: cat_i ctxBlockCat; lv_i 64 x 16-bit levels in scan order; sig_i their non-zero
// flags, gt1_i their |level| > 1 flags, n_i their costs (5 bits each); done_o position 0 is
// finished in this cycle; cnt_o symbols of this cycle (0..P); rec_o one record per window
// place (ctx0, ctxr: ctxIdx of the first and of the other prefix bins; nrest, big, tail,
// tlen: cabac_enc_coef's); map_o per slot: window place (EW bits) and the symbol's index in
// that coefficient (5 bits).
//
// Parameters: P  symbols per cycle and window places, >= 2.
module cabac_enc_levels #(
  parameter  int unsigned P  = 8,
  localparam int unsigned CW = $clog2(P + 1),
  localparam int unsigned EW = $clog2(P),
  localparam int unsigned MW = EW + 5,
  localparam int unsigned RW = 60,
  localparam int unsigned SW = $clog2(18 * P + 1)
) (
  input  logic [2:0]        cat_i,
  input  logic [64*16-1:0]  lv_i,
  input  logic [63:0]       sig_i,
  input  logic [63:0]       gt1_i,
  input  logic [64*5-1:0]   n_i,
  input  logic [5:0]        c_i,
  input  logic [4:0]        o_i,
  input  logic [2:0]        gt1c_i,
  input  logic [2:0]        eq1c_i,
  output logic [5:0]        c_o,
  output logic [4:0]        o_o,
  output logic [2:0]        gt1c_o,
  output logic [2:0]        eq1c_o,
  output logic              done_o,
  output logic [CW-1:0]     cnt_o,
  output logic [P*RW-1:0]   rec_o,
  output logic [P*MW-1:0]   map_o
);
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

  // The window: place d is position c_i - d (none below 0).
  logic [6:0]    pos  [P];
  logic [P-1:0]  valid, isgt, iseq, full;
  logic [SW-1:0] after[P];  // symbols of this cycle up to and with place d
  logic [SW-1:0] total;
  logic [2:0]    gb[P], eb[P];  // numDecodAbsLevelGt1 / Eq1 ahead of place d
  always_comb begin
    logic [3:0] g, e;
    logic [4:0] n;
    total = '0;
    g = {1'b0, gt1c_i};
    e = {1'b0, eq1c_i};
    for (int d = 0; d < P; d++) begin
      pos[d]   = {1'b0, c_i} - 7'(d);
      valid[d] = !pos[d][6];
      n        = valid[d] ? n_i[pos[d][5:0]*5 +: 5] : 5'd0;
      if (d == 0) n = n - o_i;
      isgt[d]  = valid[d] && gt1_i[pos[d][5:0]];
      iseq[d]  = valid[d] && sig_i[pos[d][5:0]] && !gt1_i[pos[d][5:0]];
      gb[d]    = g[2:0];
      eb[d]    = e[2:0];
      total    = total + SW'(n);
      after[d] = total;
      full[d]  = (total <= SW'(P));
      g        = {1'b0, sat4(g + {3'd0, isgt[d]})};
      e        = {1'b0, sat4(e + {3'd0, iseq[d]})};
    end
  end

  // Places finished in this cycle (a prefix of the window), the next state: the place after
  // the last finished one is cut after P - after[d] of its symbols (none finished: o_i + P).
  always_comb begin
    logic [3:0] g, e;
    c_o    = c_i;
    o_o    = o_i + 5'(P);
    done_o = 1'b0;
    g      = {1'b0, gt1c_i};
    e      = {1'b0, eq1c_i};
    for (int d = 0; d < P; d++) begin
      if (full[d]) begin
        c_o    = pos[d][5:0] - 6'd1;
        o_o    = (d == P - 1) ? 5'd0 : 5'(SW'(P) - after[d]);
        done_o = !valid[d] || (pos[d] == 7'd0);
        g      = {1'b0, sat4(g + {3'd0, isgt[d]})};
        e      = {1'b0, sat4(e + {3'd0, iseq[d]})};
      end
    end
    gt1c_o = g[2:0];
    eq1c_o = e[2:0];
  end
  assign cnt_o = (total > SW'(P)) ? CW'(P) : CW'(total);

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
      .lv_i (lv_i[pos[d][5:0]*16 +: 16]), .nz_o (nz), .gt1_o (gt1), .nrest_o (nrest),
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
      off = 5'(s) + o_i;
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
