// cabac_enc_bin: the CABAC binarizer and context selection of the encoder: syntax-element
// beats (cabac_se.sv) in, engine symbols (cabac_sym.sv) out, up to K a cycle, in exactly the
// order golden's CabacEncoder receives them (golden::mb::syntax::code_macroblock through
// golden::mb::coder::EncCoder, with the framing of golden::encoder: CabacEncoder::new ->
// INIT, end_of_slice_flag 1 -> TERM 1 then END). Every ctxIdxInc comes from cabac_nb.
//
// Structure: an accepted beat goes into a two-entry FIFO with the ctxIdxInc cabac_nb derives
// for it (cabac_nb updates the neighbour state as beats are accepted, in element order), so
// ready_o is a register compare; from the FIFO head it is loaded into the element register (an
// 8x8 block, ctxBlockCat 5, is collected from its four beats first). Each cycle the element's next P symbols (cabac_enc_residual for a residual
// block, cabac_enc_elements for the others: P chained steps) go into cabac_sym_pack, which
// regroups them into K-wide output cycles. An element takes at least a cycle, so short
// elements give fewer than P symbols a cycle; P > K lets residual blocks make up for them
// (measured on real tensors at 2.5 bits/value: P = 4: 3.64 symbols/cycle out of K = 4,
// P = 6: 3.74, P = 8: 3.74; docs/decisions.md D24).
// Latency 4: a beat accepted in cycle t has its first symbols on sym_o in cycle t + 4 (FIFO,
// element register, packer buffer, output register); one beat a cycle while the output keeps
// up.
//
// Parameters: K            symbols per cycle out (output slots).
//             P            symbols produced per cycle (chained steps), P >= K.
//             MaxWidthMbs  widest picture in macroblocks (cabac_nb's line buffer).
// Ports: se_i one element beat (valid_i / ready_o); sym_o K symbols, slot 0 first, cnt_o of
// them valid (1..K while valid_o), valid_o / ready_i. Asserted: the output holds still while
// stalled.
module cabac_enc_bin #(
  parameter  int unsigned K           = 4,
  parameter  int unsigned P           = 6,
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
  localparam int unsigned StW = 28;

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

  // Element register.
  logic          e_valid_q;
  logic [3:0]    e_kind_q;
  logic [2:0]    e_cat_q;
  logic [1:0]    e_inc_q;
  logic [11:0]   e_cbpnb_q;
  logic          e_chroma_q;
  logic [1023:0] e_lv_q;
  logic [63:0]   e_sig_q;
  logic [5:0]    e_last_q;
  logic [5:0]    e_b_q;
  logic [StW-1:0] e_st_q;

  // The last non-zero level of the element being loaded.
  logic [63:0] sig_ld;
  logic [5:0]  last_ld;
  assign sig_ld = is8 ? {h_nz, e_sig_q[47:0]} : {48'd0, h_nz};
  always_comb begin
    last_ld = '0;
    for (int k = 0; k < 64; k++) if (sig_ld[k]) last_ld = 6'(k);
  end

  // This cycle's symbols, up to P.
  logic [P*`CABAC_SYM_W-1:0] el_sym, rs_sym;
  logic [PW-1:0]             el_cnt, rs_cnt;
  logic                      el_done, rs_done;
  logic [StW-1:0]            rs_st;
  cabac_enc_elements #(.K (P)) u_elements (
    .kind_i (e_kind_q), .pl_i (e_lv_q[255:0]), .inc_i (e_inc_q), .cbpnb_i (e_cbpnb_q),
    .chroma_i (e_chroma_q), .b_i (e_b_q), .sym_o (el_sym), .cnt_o (el_cnt), .done_o (el_done)
  );
  cabac_enc_residual #(.K (P)) u_residual (
    .cat_i (e_cat_q), .cbf_inc_i (e_inc_q), .lv_i (e_lv_q), .sig_i (e_sig_q),
    .last_i (e_last_q), .st_i (e_st_q), .st_o (rs_st), .sym_o (rs_sym), .cnt_o (rs_cnt),
    .done_o (rs_done)
  );
  logic is_res;
  assign is_res = (e_kind_q == `CABAC_SE_RES);

  // Repacking into K-wide output cycles.
  logic adv, e_done;
  cabac_sym_pack #(.P (P), .K (K)) u_pack (
    .clk_i, .rst_ni, .valid_i (e_valid_q), .ready_o (adv),
    .sym_i (is_res ? rs_sym : el_sym), .cnt_i (is_res ? rs_cnt : el_cnt),
    .valid_o, .ready_i, .sym_o, .cnt_o
  );
  assign e_done = adv && e_valid_q && (is_res ? rs_done : el_done);
  assign pop    = (f_cnt_q != 2'd0) && (!e_valid_q || e_done);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      e_valid_q <= 1'b0;
    end else begin
      if (pop) e_valid_q <= full;
      else if (e_done) e_valid_q <= 1'b0;
    end
  end

  always_ff @(posedge clk_i) begin
    if (adv && e_valid_q) begin
      e_b_q  <= e_b_q + 6'(P);
      e_st_q <= rs_st;
    end
    if (pop) begin
      e_kind_q   <= h_kind;
      e_cat_q    <= h_cat;
      e_inc_q    <= h_inc;
      e_cbpnb_q  <= h_cbpnb;
      e_chroma_q <= h_chroma;
      e_b_q      <= '0;
      e_st_q     <= '0;
      e_last_q   <= last_ld;
      if (is8) begin
        e_lv_q[{h_part, 8'd0} +: 256] <= h_pl;
        e_sig_q[{h_part, 4'd0} +: 16] <= h_nz;
      end else begin
        e_lv_q[255:0] <= h_pl;
        e_sig_q       <= {48'd0, h_nz};
      end
    end
  end

  `ASSERT(CntAtMostK_A, !valid_o || (cnt_o != '0 && cnt_o <= CW'(K)))
endmodule
