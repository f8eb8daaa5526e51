// cabac_enc_bin: the CABAC binarizer and context selection of the encoder: syntax-element
// beats (cabac_se.sv) in, engine symbols (cabac_sym.sv) out, up to K a cycle, in exactly the
// order golden's CabacEncoder receives them (golden::mb::syntax::code_macroblock through
// golden::mb::coder::EncCoder, with the framing of golden::encoder: CabacEncoder::new ->
// INIT, end_of_slice_flag 1 -> TERM 1 then END). Every ctxIdxInc comes from cabac_nb.
//
// Structure (docs/decisions.md D24): an accepted beat goes into a two-entry FIFO with the
// ctxIdxInc cabac_nb derives for it (cabac_nb updates the neighbour state as beats are
// accepted, in element order), so ready_o is a register compare; from the FIFO head it is
// loaded into the element register (an 8x8 block, ctxBlockCat 5, is collected from its four
// beats first), a residual block's levels with their costs in symbols and |level| > 1 flags
// (cabac_enc_coef, 16 a beat) and its last significance position. Each cycle the generator
// gives the element's next symbols, up to P, into the stage register: cabac_enc_elements
// (bins b..b+P-1 by index) for the elements other than residual blocks; for a residual block
// first cabac_enc_sigmap (coded_block_flag and the significance map: the positions that fit,
// by a prefix sum of their 1- or 2-symbol costs), then cabac_enc_levels (the levels from the
// last one down: a window of P positions in registers, taken by a prefix sum of their costs
// and refilled from a prefetch, as coefficient records and a slot map). cabac_enc_lvlsym
// makes the symbols of the records into the symbol register, which feeds cabac_sym_pack; it
// regroups them into K-wide output cycles. No symbol waits on the one before it in the same
// cycle: the loops are a position or a window through a prefix sum and a shift. An element
// takes at least a cycle, so short elements give fewer than P symbols a cycle; P > K lets
// residual blocks make up for them (measured on real tensors: D24).
// Latency 6: a beat accepted in cycle t has its first symbols on sym_o in cycle t + 6 (FIFO,
// element register, stage register, symbol register, packer buffer, output register); one
// beat a cycle while the output keeps up.
//
// Parameters: K            symbols per cycle out (output slots).
//             P            symbols generated per cycle (and the residual windows), P >= K.
//             MaxWidthMbs  widest picture in macroblocks (cabac_nb's line buffer).
// Ports: se_i one element beat (valid_i / ready_o); sym_o K symbols, slot 0 first, cnt_o of
// them valid (1..K while valid_o), valid_o / ready_i. Asserted: the output holds still while
// stalled.
module cabac_enc_bin #(
  parameter  int unsigned K           = 4,
  parameter  int unsigned P           = 8,
  parameter  int unsigned MaxWidthMbs = 256,
  localparam int unsigned CW          = $clog2(K + 1),
  localparam int unsigned PW          = $clog2(P + 1)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      valid_i,
  output logic                      ready_o,
  input  logic [`CABAC_SE_W-1:0]    se_i,
  output logic                      valid_o,
  input  logic                      ready_i,
  output logic [K*`CABAC_SYM_W-1:0] sym_o,
  output logic [CW-1:0]             cnt_o
);
  localparam int unsigned EW = $clog2(P);
  localparam int unsigned MW = EW + 5;
  localparam int unsigned RW = 60;
  localparam int unsigned LSW = 7 + 5 + 3 + 3 + P * (5 + 2 + 16);

  logic         ld;
  logic [3:0]   kind;
  logic [2:0]   cat;
  logic [1:0]   part;
  logic [255:0] pl;
  logic [15:0]  nz;
  assign kind = `CABAC_SE_KIND(se_i);
  assign cat  = `CABAC_SE_CAT(se_i);
  assign part = `CABAC_SE_PART(se_i);
  assign pl   = `CABAC_SE_PAYLOAD(se_i);
  assign ld   = valid_i && ready_o;
  logic unused_hdr;  // reserved header bits
  assign unused_hdr = ^se_i[15:13];

  // Neighbour state and ctxIdxInc of the beat on se_i.
  logic [1:0]  inc;
  logic [11:0] cbpnb;
  logic        chroma;
  cabac_nb #(.MaxWidthMbs (MaxWidthMbs)) u_nb (
    .clk_i, .rst_ni, .ld_i (ld), .kind_i (kind), .cat_i (cat), .idx_i (`CABAC_SE_IDX(se_i)),
    .val_i (pl[47:0]), .coded_i (nz != '0), .inc_o (inc), .cbpnb_o (cbpnb), .chroma_o (chroma)
  );

  // The beat's non-zero levels.
  always_comb begin
    for (int k = 0; k < 16; k++) nz[k] = (pl[16*k +: 16] != 16'd0);
  end

  // Beat FIFO, two entries (ready_o is a register compare): the beat decoded, with the
  // ctxIdxInc and neighbour summaries cabac_nb gave it when it was accepted.
  localparam int unsigned FW = 4 + 3 + 2 + 2 + 12 + 1 + 256 + 16;
  logic [FW-1:0] f_q [2];
  logic [1:0]    f_cnt_q;
  logic          f_wr_q, f_rd_q, pop;
  assign ready_o = (f_cnt_q != 2'd2);
  logic [3:0]   h_kind;
  logic [2:0]   h_cat;
  logic [1:0]   h_part, h_inc;
  logic [11:0]  h_cbpnb;
  logic         h_chroma;
  logic [255:0] h_pl;
  logic [15:0]  h_nz;
  assign {h_kind, h_cat, h_part, h_inc, h_cbpnb, h_chroma, h_pl, h_nz} = f_q[f_rd_q];
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      f_cnt_q <= '0;
      f_wr_q  <= 1'b0;
      f_rd_q  <= 1'b0;
    end else begin
      f_cnt_q <= f_cnt_q + {1'b0, ld} - {1'b0, pop};
      if (ld)  f_wr_q <= !f_wr_q;
      if (pop) f_rd_q <= !f_rd_q;
    end
  end
  always_ff @(posedge clk_i) begin
    if (ld) f_q[f_wr_q] <= {kind, cat, part, inc, cbpnb, chroma, pl, nz};
  end

  logic        is8;   // the FIFO head is a beat of an 8x8 block
  logic        full;  // the FIFO head completes an element
  assign is8  = (h_kind == `CABAC_SE_RES) && (h_cat == 3'd5);
  assign full = !is8 || (h_part == 2'd3);

  // The FIFO head's levels: cost in symbols and |level| > 1.
  logic [16*5-1:0] h_n;
  logic [15:0]     h_gt1;
  logic [15:0]     unused_coef;  // the records are made again in cabac_enc_levels
  for (genvar k = 0; k < 16; k++) begin : g_coef
    logic        c_nz, big;
    logic [3:0]  nrest;
    logic [31:0] tail;
    logic [4:0]  tlen;
    cabac_enc_coef u_coef (
      .lv_i (h_pl[16*k +: 16]), .nz_o (c_nz), .gt1_o (h_gt1[k]), .nrest_o (nrest), .big_o (big),
      .tail_o (tail), .tlen_o (tlen), .cnt_o (h_n[5*k +: 5])
    );
    assign unused_coef[k] = ^{c_nz, big, nrest, tail, tlen};
  end

  // Element register.
  logic          e_valid_q;
  logic [3:0]    e_kind_q;
  logic [2:0]    e_cat_q;
  logic [1:0]    e_inc_q;
  logic [11:0]   e_cbpnb_q;
  logic          e_chroma_q;
  logic [1023:0] e_lv_q;
  logic [63:0]   e_sig_q, e_gt1_q;
  logic [319:0]  e_n_q;
  logic [5:0]    e_last_q, e_lim_q;
  logic          e_coded_q;  // any level non-zero

  // The last non-zero level of the element being loaded.
  logic [63:0] sig_ld;
  logic [5:0]  last_ld;
  assign sig_ld = is8 ? {h_nz, e_sig_q[47:0]} : {48'd0, h_nz};
  always_comb begin
    last_ld = '0;
    for (int k = 0; k < 64; k++) if (sig_ld[k]) last_ld = 6'(k);
  end
  // Its last position with a significance bin: min(last, numCoeff - 2) (BlockCat::max_coeffs).
  logic [5:0] end_ld, lim_ld;
  always_comb begin
    unique case (h_cat)
      3'd1, 3'd4: end_ld = 6'd13;
      3'd3:       end_ld = 6'd2;
      3'd5:       end_ld = 6'd62;
      default:    end_ld = 6'd14;
    endcase
  end
  assign lim_ld = (last_ld < end_ld) ? last_ld : end_ld;
  logic [6:0] c_ld;  // the levels' start pointer (cabac_enc_levels)
  assign c_ld = {1'b0, last_ld} + 7'(P);

  // Generator state: bin index b (elements); for a residual block the phase (significance
  // map, then levels), coded_block_flag still to code, the map's position i, the levels'
  // position c, offset o into it and numDecodAbsLevelGt1 / Eq1 so far.
  logic [5:0]     e_b_q;
  logic [P+5:0]   g_sst_q, sm_st;  // cabac_enc_sigmap's state (window flags, position)
  logic           g_lvl_q, g_cbf_q;
  logic [LSW-1:0] g_lst_q, lv_st;  // cabac_enc_levels' state (window, pointer in [6:0])

  logic is_res;
  assign is_res = (e_kind_q == `CABAC_SE_RES);

  logic [P*`CABAC_SYM_W-1:0] el_sym, sm_sym;
  logic [PW-1:0]             el_cnt, sm_cnt, lv_cnt;
  logic                      el_done, sm_done, lv_done;
  logic [P*RW-1:0]           lv_rec;
  logic [P*MW-1:0]           lv_map;
  cabac_enc_elements #(.K (P)) u_elements (
    .kind_i (e_kind_q), .pl_i (e_lv_q[255:0]), .inc_i (e_inc_q), .cbpnb_i (e_cbpnb_q),
    .chroma_i (e_chroma_q), .b_i (e_b_q), .sym_o (el_sym), .cnt_o (el_cnt), .done_o (el_done)
  );
  cabac_enc_sigmap #(.P (P)) u_sigmap (
    .cat_i (e_cat_q), .cbf_inc_i (e_inc_q), .cbf_i (g_cbf_q), .sig_i (e_sig_q),
    .last_i (e_last_q), .lim_i (e_lim_q), .coded_i (e_coded_q), .st_i (g_sst_q), .st_o (sm_st),
    .done_o (sm_done),
    .sym_o (sm_sym), .cnt_o (sm_cnt)
  );
  cabac_enc_levels #(.P (P)) u_levels (
    .cat_i (e_cat_q), .lv_i (e_lv_q), .sig_i (e_sig_q), .gt1_i (e_gt1_q), .n_i (e_n_q),
    .st_i (g_lst_q), .st_o (lv_st), .done_o (lv_done), .cnt_o (lv_cnt), .rec_o (lv_rec),
    .map_o (lv_map)
  );

  logic [PW-1:0] gen_cnt;
  logic          gen_done;
  assign gen_cnt  = !is_res ? el_cnt : g_lvl_q ? lv_cnt : sm_cnt;
  assign gen_done = !is_res ? el_done : g_lvl_q ? lv_done : (sm_done && !e_coded_q);

  // Stage register: this cycle's symbols (levels: records and slot map).
  logic                      r_valid_q, r_lvl_q;
  logic [PW-1:0]             r_cnt_q;
  logic [P*`CABAC_SYM_W-1:0] r_sym_q, ls_sym;
  logic [P*RW-1:0]           r_rec_q;
  logic [P*MW-1:0]           r_map_q;
  cabac_enc_lvlsym #(.P (P)) u_lvlsym (.rec_i (r_rec_q), .map_i (r_map_q), .sym_o (ls_sym));

  // Symbol register: the stage's symbols.
  logic                      s_valid_q;
  logic [PW-1:0]             s_cnt_q;
  logic [P*`CABAC_SYM_W-1:0] s_sym_q;

  // Repacking into K-wide output cycles (its ready depends on its registers only).
  logic pk_ready, s_adv, adv, go, e_done;
  cabac_sym_pack #(.P (P), .K (K)) u_pack (
    .clk_i, .rst_ni, .valid_i (s_valid_q), .ready_o (pk_ready), .sym_i (s_sym_q),
    .cnt_i (s_cnt_q), .valid_o, .ready_i, .sym_o, .cnt_o
  );
  assign s_adv  = !s_valid_q || pk_ready;
  assign adv    = !r_valid_q || s_adv;
  assign go     = adv && e_valid_q;
  assign e_done = go && gen_done;
  assign pop    = (f_cnt_q != 2'd0) && (!e_valid_q || e_done);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      e_valid_q <= 1'b0;
      r_valid_q <= 1'b0;
      s_valid_q <= 1'b0;
    end else begin
      if (s_adv) s_valid_q <= r_valid_q;
      if (pop) e_valid_q <= full;
      else if (e_done) e_valid_q <= 1'b0;
      if (adv) r_valid_q <= go && (gen_cnt != '0);
    end
  end

  always_ff @(posedge clk_i) begin
    if (s_adv) begin
      s_cnt_q <= r_cnt_q;
      s_sym_q <= r_lvl_q ? ls_sym : r_sym_q;
    end
    if (adv) begin
      r_lvl_q <= is_res && g_lvl_q;
      r_cnt_q <= gen_cnt;
      r_sym_q <= is_res ? sm_sym : el_sym;
      r_rec_q <= lv_rec;
      r_map_q <= lv_map;
    end
    if (go) begin
      e_b_q <= e_b_q + 6'(P);
      if (is_res && !g_lvl_q) begin
        g_sst_q <= sm_st;
        g_cbf_q <= 1'b0;
        if (sm_done) g_lvl_q <= 1'b1;
      end
      // The levels' state moves in their cycles and, from the all-zero window, in the map's
      // last one (which loads the first window).
      if (is_res && (g_lvl_q || sm_done)) g_lst_q <= lv_st;
    end
    if (pop) begin
      e_kind_q   <= h_kind;
      e_cat_q    <= h_cat;
      e_inc_q    <= h_inc;
      e_cbpnb_q  <= h_cbpnb;
      e_chroma_q <= h_chroma;
      e_last_q   <= last_ld;
      e_lim_q    <= lim_ld;
      e_coded_q  <= (sig_ld != 64'd0);
      e_b_q      <= '0;
      g_lvl_q    <= 1'b0;
      g_cbf_q    <= (h_cat != 3'd5);
      g_sst_q    <= {sig_ld[P-1:0], 6'd0};
      g_lst_q    <= {{(LSW - 7){1'b0}}, c_ld};  // pointer last + P, the rest zero
      if (is8) begin
        e_lv_q[{h_part, 8'd0} +: 256] <= h_pl;
        e_sig_q[{h_part, 4'd0} +: 16] <= h_nz;
        e_gt1_q[{h_part, 4'd0} +: 16] <= h_gt1;
        e_n_q[{h_part, 4'd0} * 5 +: 80] <= h_n;
      end else begin
        e_lv_q[255:0] <= h_pl;
        e_sig_q       <= {48'd0, h_nz};
        e_gt1_q       <= {48'd0, h_gt1};
        e_n_q         <= {240'd0, h_n};
      end
    end
  end

  `ASSERT(CntAtMostK_A, !valid_o || (cnt_o != '0 && cnt_o <= CW'(K)))
  `ASSERT(StageCnt_A, !r_valid_q || (r_cnt_q != '0 && r_cnt_q <= PW'(P)))
  `ASSERT_STABLE_STALL(StageStable_A, s_valid_q, pk_ready, {s_sym_q, s_cnt_q})
  // The significance map always makes progress; the levels' offset stays inside the
  // coefficient at c.
  `ASSERT(SigProgress_A, !(e_valid_q && is_res && !g_lvl_q) || sm_cnt != '0)
  // The levels' pointer, offset and place 0's cost ({.., wn, eq1c, gt1c, o, c}), for the
  // assertion.
  logic [5:0] a_c;
  logic [4:0] a_o, a_n;
  assign {a_n, a_o, a_c} = {g_lst_q[22:18], g_lst_q[11:7], g_lst_q[5:0]};
  `ASSERT(LevelOffset_A, !(e_valid_q && is_res && g_lvl_q) ||
                         (e_sig_q[a_c] && a_o + a_n == e_n_q[a_c*5 +: 5]) ||
                         (a_o == '0 && a_n == '0))
endmodule
