// cabac_enc_sigmap: the coded_block_flag and significance map of a residual block, up to P
// symbols a cycle (golden::cabac::residual::encode_residual_block: coded_block_flag unless
// ctxBlockCat 5, then significant_coeff_flag of each levelListIdx up to the last non-zero
// one or numCoeff - 2, each 1 followed by last_significant_coeff_flag).
//
// Combinational. A cycle covers the positions i.. whose sig (and last) bins fit the P slots
// behind the coded_block_flag (cbf_i: still to code): position i costs 1 + sig_i[i] symbols,
// so the positions taken come from a prefix sum of 1- and 2-symbol costs over a window of P
// positions (no chain of symbol steps). The state st_i = {win, i}: the first position not yet
// coded and the non-zero flags of the window's P positions from it, in registers; the next
// state (st_o, registered by the caller as the next st_i; {sig_i[P-1:0], 0} at the start of a
// block) is the first position not taken and the window and a prefetch of the next P flags
// (read from sig_i by i beside the sum) shifted by the positions taken: no 64:1 read in the
// loop.
//
// Ports: cat_i ctxBlockCat; cbf_inc_i ctxIdxInc of coded_block_flag (cabac_nb); sig_i the
// non-zero flags of the levels (scan order); last_i the last non-zero one; lim_i the last
// position with a significance bin, min(last_i, numCoeff - 2) (registered by the caller with
// the block, off the loop); coded_i sig_i != 0 (also registered with the block); done_o the
// map (or
// a block with coded_block_flag 0) ends in this cycle; sym_o / cnt_o this
// cycle's symbols (cnt_o >= 1).
//
// Parameters: P  symbols per cycle (and positions in the window), >= 2.
module cabac_enc_sigmap #(
  parameter  int unsigned P   = 8,
  localparam int unsigned CW  = $clog2(P + 1),
  localparam int unsigned SW  = $clog2(2 * P + 2),
  localparam int unsigned W   = `CABAC_SYM_W
) (
  input  logic [2:0]       cat_i,
  input  logic [1:0]       cbf_inc_i,
  input  logic             cbf_i,
  input  logic [63:0]      sig_i,
  input  logic [5:0]       last_i,
  input  logic [5:0]       lim_i,
  input  logic             coded_i,
  input  logic [P+5:0]     st_i,
  output logic [P+5:0]     st_o,
  output logic             done_o,
  output logic [P*W-1:0]   sym_o,
  output logic [CW-1:0]    cnt_o
);
  // Per ctxBlockCat (BlockCat::sig_base, last_base, cbf_base).
  logic [8:0] sig_base, last_base, cbf_base;
  always_comb begin
    unique case (cat_i)
      3'd0:    begin sig_base = 9'd105; last_base = 9'd166; end
      3'd1:    begin sig_base = 9'd120; last_base = 9'd181; end
      3'd2:    begin sig_base = 9'd134; last_base = 9'd195; end
      3'd3:    begin sig_base = 9'd149; last_base = 9'd210; end
      3'd4:    begin sig_base = 9'd152; last_base = 9'd213; end
      default: begin sig_base = 9'd402; last_base = 9'd417; end
    endcase
    cbf_base = 9'd85 + {4'd0, cat_i, 2'd0};
  end

  logic [5:0]   lim;  // the last position with a significance bin
  logic [P-1:0] win;  // sig_i of the window's positions
  logic [5:0]   i;    // the window's first position
  logic [P-1:0] pf;   // sig_i of the P positions after the window
  assign lim          = lim_i;
  assign {win, i}     = st_i;
  assign pf           = P'(sig_i >> (7'(i) + 7'(P)));


  // The window: position i + d, its cost (1 + sig, 0 past lim), the symbols before it
  // (prefix sum, cabac_psum, over the coded_block_flag and the costs) and whether it fits.
  logic [6:0]        pos  [P];
  logic [SW-1:0]     ahead[P];  // symbols of this cycle before position d
  logic [P-1:0]      valid, taken;
  logic [SW-1:0]     total;
  logic [(P+1)*SW-1:0] costs, sums;
  always_comb begin
    costs[0 +: SW] = SW'(cbf_i);
    for (int d = 0; d < P; d++) begin
      pos[d]   = {1'b0, i} + 7'(d);
      valid[d] = coded_i && (pos[d] <= {1'b0, lim});
      costs[(d+1)*SW +: SW] = valid[d] ? SW'(1) + SW'(win[d]) : '0;
    end
  end
  cabac_psum #(.N (P + 1), .W (SW)) u_psum (.v_i (costs), .s_o (sums));
  always_comb begin
    for (int d = 0; d < P; d++) begin
      ahead[d] = sums[d*SW +: SW];
      taken[d] = valid[d] && (sums[(d+1)*SW +: SW] <= SW'(P));
    end
    total = sums[P*SW +: SW];
  end

  // Context increments of each window position (Table 9-43 for ctxBlockCat 5, from the
  // generated ROMs; min(i, 2) for chroma DC; i otherwise).
  logic [3:0] sig8 [P];
  logic [3:0] last8[P];
  logic [8:0] sig_ctx[P], last_ctx[P];
  for (genvar d = 0; d < P; d++) begin : g_pos
    cabac_rom_sig8x8 u_sig (.pos_i (pos[d][5:0]), .inc_o (sig8[d]));
    cabac_rom_last8x8 u_last (.pos_i (pos[d][5:0]), .inc_o (last8[d]));
    logic [8:0] inc_sig, inc_last;
    always_comb begin
      if (cat_i == 3'd5) begin
        inc_sig  = {5'd0, sig8[d]};
        inc_last = {5'd0, last8[d]};
      end else if (cat_i == 3'd3) begin
        inc_sig  = (pos[d] > 7'd2) ? 9'd2 : {2'd0, pos[d]};
        inc_last = inc_sig;
      end else begin
        inc_sig  = {2'd0, pos[d]};
        inc_last = inc_sig;
      end
    end
    assign sig_ctx[d]  = sig_base + inc_sig;
    assign last_ctx[d] = last_base + inc_last;
  end

  // Slot s: the coded_block_flag (slot 0), or the sig bin of the position whose symbols
  // start at s, or the last bin of the significant one that starts at s - 1.
  always_comb begin
    sym_o = '0;
    if (cbf_i) sym_o[0 +: W] = {`CABAC_CTX, cbf_base + {7'd0, cbf_inc_i}, 7'd0, coded_i};
    for (int s = 0; s < P; s++) begin
      for (int d = 0; d < P; d++) begin
        if (taken[d] && ahead[d] == SW'(s))
          sym_o[s*W +: W] = {`CABAC_CTX, sig_ctx[d], 7'd0, win[d]};
        if (taken[d] && win[d] && ahead[d] + SW'(1) == SW'(s))
          sym_o[s*W +: W] = {`CABAC_CTX, last_ctx[d], 7'd0, pos[d] == {1'b0, last_i}};
      end
    end
  end

  // The positions taken are a prefix of the window: m of them (one-hot sel[m]).
  logic [P:0]    sel;
  logic [5:0]    next;
  logic [P-1:0]  next_win;
  logic [CW-1:0] used;
  always_comb begin
    next     = '0;
    next_win = '0;
    used     = '0;
    for (int m = 0; m <= P; m++) begin
      sel[m] = ((m == 0) || taken[(m == 0) ? 0 : m - 1]) && ((m == P) || !taken[(m == P) ? 0 : m]);
      if (sel[m]) begin
        next     |= i + 6'(m);
        next_win |= P'({pf, win} >> m);
        used |= CW'(sums[m*SW +: SW]);
      end
    end
  end
  assign st_o   = {next_win, next};
  // The window reaches lim and everything in it fits.
  assign done_o = !coded_i || (({1'b0, i} + 7'(P - 1) >= {1'b0, lim}) && (total <= SW'(P)));
  assign cnt_o  = used;
endmodule
