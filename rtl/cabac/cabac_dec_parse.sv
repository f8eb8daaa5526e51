// cabac_dec_parse: the macroblock-layer syntax parser of the CABAC decoder for I slices of
// 4:0:0 / 4:2:0 frame pictures: golden::mb::syntax::code_macroblock driven by
// golden::mb::coder::DecCoder, the slice loop of golden::decoder::decode_slice_data
// (end_of_slice_flag, QP-delta context, the picture-end check), the binarizations of
// golden::cabac::elements (decode_*), golden::cabac::residual::decode_residual_block and the
// ctxIdxInc rules of golden::mb::neighbours. It drives one cabac_dec_engine operation per cycle
// and hands out the elements (rtl/cabac/cabac_dec_se.sv).
//
// Latency: one engine operation (one bin) per cycle while the output is free and the engine has
// bits; an element leaves one cycle after its last bin. Structural steps take one cycle each:
// the macroblock start, the choice of the next residual block, its output (1 beat, 4 for an
// 8x8 block), the macroblock end. A slice start initializes the contexts (CtxCount cycles).
//
// Neighbour state: the left macroblock in registers, the above row in a line buffer of
// MaxWidthMbs entries (20 bits each: what the ctxIdxInc rules read of a neighbour).
//
// Errors (golden's Err): a codIOffset >= 510 at an engine init, more than 16 bits read past the
// slice data, an I_PCM past its end, mb_qp_delta out of range, an escape suffix too long, a
// level out of 16 bits, chroma coded in 4:0:0, a macroblock at or past pic_mbs; a width of 0
// or above MaxWidthMbs in the configuration beat. The ERROR beat
// follows, then the rest of the slice's bytes are dropped and the next slice is accepted.
//
// Threads = 2 (cabac_dec's C-slow decoder): the state of two slices, tid_i naming the one this
// cycle steps (its ports above); every register kept twice (prim_cslow: read as x_q, written
// as x_w), the line buffer, levels and I_PCM bytes in a bank per thread. The other thread's
// element and err_o are those of the written registers (oth_*), and eng_s1_* its operations,
// for the engine's bins, which it decides a cycle ahead.
module cabac_dec_parse #(
  parameter int unsigned MaxWidthMbs = 128,  // widest picture, in macroblocks
  parameter int unsigned AddrWidth = 16,     // macroblock address width
  parameter int unsigned BypassN = 2,        // escape suffix bins a cycle (1..4)
  parameter int unsigned Threads = 1,        // 2: two slices interleaved (C-slow, below)
  localparam int unsigned XWidth = $clog2(MaxWidthMbs),
  localparam int unsigned WWidth = $clog2(MaxWidthMbs + 1),
  localparam int unsigned AIdx = $clog2(AddrWidth)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  // Threads = 2: the thread of this cycle (0 with one); the other thread's element taken in
  // this cycle (its copy in the written registers: oth_*_o).
  input  logic                 tid_i,
  input  logic                 oth_se_ready_i,
  output logic                 oth_se_valid_o,
  output logic [`CABAC_DEC_SE_W-1:0] oth_se_o,
  output logic                 oth_err_o,
  // Slice start.
  input  logic                 cfg_valid_i,
  output logic                 cfg_ready_o,
  input  logic [5:0]           cfg_qp_i,        // SliceQPY (above 51 acts as 51)
  input  logic [AddrWidth-1:0] cfg_first_mb_i,  // first_mb_in_slice
  input  logic [WWidth-1:0]    cfg_width_i,     // picture width in macroblocks (1..MaxWidthMbs)
  input  logic [AddrWidth-1:0] cfg_pic_mbs_i,   // macroblocks in the picture
  input  logic                 cfg_chroma_i,    // 4:2:0 (else 4:0:0)
  input  logic                 cfg_t8x8_i,      // transform_8x8_mode_flag
  // Engine.
  output logic                 eng_start_o,
  output logic [5:0]           eng_qp_o,
  input  logic                 eng_init_busy_i,
  output logic                 eng_drain_o,
  input  logic                 eng_eos_i,
  output logic                 eng_op_valid_o,
  output logic [2:0]           eng_op_o,
  output logic [8:0]           eng_ctx_o,
  input  logic                 eng_op_ready_i,
  input  logic                 eng_bin_i,
  output logic [2:0]           eng_n_o,
  input  logic [3:0]           eng_bins_i,
  // The other thread's operations (its bins are decided in this cycle; Threads = 2).
  output logic [2:0]           eng_s1_op_o,
  output logic [2:0]           eng_s1_op2_0_o,
  output logic [2:0]           eng_s1_op2_1_o,
  output logic                 eng_op2_en0_o,
  output logic [2:0]           eng_op2_0_o,
  output logic [8:0]           eng_ctx2_0_o,
  output logic                 eng_op2_en1_o,
  output logic [2:0]           eng_op2_1_o,
  output logic [8:0]           eng_ctx2_1_o,
  output logic                 eng_nx_en0_o,
  output logic                 eng_nx_en1_o,
  output logic [3:0]           eng_op3_en_o,
  output logic [15:0]          eng_c3_o,
  output logic [7:0]           eng_c2_o,
  output logic                 eng_pre_o,
  output logic [107:0]         eng_src_o,
  output logic [47:0]          eng_lane_o,
  input  logic                 eng_did2_i,
  input  logic                 eng_bin2_i,
  input  logic [7:0]           eng_byte_i,
  input  logic                 eng_err_i,
  // Syntax elements.
  output logic                 se_valid_o,
  input  logic                 se_ready_i,
  output logic [`CABAC_DEC_SE_W-1:0] se_o,
  output logic                 err_o
);

  // ---------------------------------------------------------------- states
  localparam logic [5:0] S_IDLE = 6'd0, S_CTXINIT = 6'd1, S_EINIT = 6'd2, S_MB = 6'd3,
    S_MBT0 = 6'd4, S_MBT_TERM = 6'd5, S_MBT_L = 6'd6, S_MBT_C0 = 6'd7, S_MBT_C1 = 6'd8,
    S_MBT_P0 = 6'd9, S_MBT_P1 = 6'd10, S_T8 = 6'd11, S_PMF = 6'd12, S_REM = 6'd13,
    S_CPM0 = 6'd14, S_CPM1 = 6'd15, S_CBP_L = 6'd16, S_CBP_C0 = 6'd17, S_CBP_C1 = 6'd18,
    S_QPD = 6'd19, S_RNEXT = 6'd20, S_CBF = 6'd21, S_SIG = 6'd22, S_LAST = 6'd23,
    S_ABS0 = 6'd24, S_ABSU = 6'd25, S_EGP = 6'd26, S_EGS = 6'd27, S_SIGN = 6'd28,
    S_ROUT = 6'd29, S_MBEND = 6'd30, S_EOS = 6'd31, S_PCM_ALIGN = 6'd32, S_PCM_BYTE = 6'd33,
    S_PCM_INIT = 6'd34, S_ERR = 6'd35, S_DRAIN = 6'd36;

  localparam logic [1:0] K_I4 = 2'd0, K_I8 = 2'd1, K_I16 = 2'd2, K_PCM = 2'd3;

  // Neighbour summary bits: [0] not I_NxN, [1] transform_8x8, [2] chroma mode != 0,
  // [6:3] cbp luma, [8:7] cbp chroma, [9] cbf luma DC, [11:10] cbf chroma DC,
  // [15:12] cbf of the four luma 4x4 blocks on the shared edge, [19:16] cbf of the chroma AC
  // blocks on the shared edge (index 2 * comp + position along the edge).
  localparam int unsigned SumW = 20;
  // An unavailable neighbour, as golden reads None.
  localparam logic [SumW-1:0] UNAVAIL = {4'hf, 4'hf, 2'b11, 1'b1, 2'b00, 4'hf, 3'b000};

  // Compact context indices (cabac_rom_mn).
  localparam logic [8:0] C_MBT = 9'd0, C_QPD = 9'd8, C_CPM = 9'd12, C_PMF = 9'd16,
    C_REM = 9'd17, C_CBPL = 9'd18, C_CBPC = 9'd22, C_CBF = 9'd30, C_T8 = 9'd221;

  // First compact context of significant_coeff_flag, last_significant_coeff_flag and
  // coeff_abs_level_minus1 of each ctxBlockCat 0..5 (ctxIdx 105/166/227, 120/181/237,
  // 134/195/247, 149/210/257, 152/213/266, 402/417/426, mapped as cabac_rom_mn).
  localparam logic [3*6*9-1:0] CAT_BASE = {
    9'd248, 9'd239, 9'd224,  // cat 5
    9'd211, 9'd158, 9'd97,   // cat 4
    9'd202, 9'd155, 9'd94,   // cat 3
    9'd192, 9'd140, 9'd79,   // cat 2
    9'd182, 9'd126, 9'd65,   // cat 1
    9'd172, 9'd111, 9'd50    // cat 0
  };
  function automatic logic [8:0] sig_base(input logic [2:0] cat);
    sig_base = CAT_BASE[27*cat +: 9];
  endfunction
  function automatic logic [8:0] last_base(input logic [2:0] cat);
    last_base = CAT_BASE[27*cat + 9 +: 9];
  endfunction
  function automatic logic [8:0] abs_base(input logic [2:0] cat);
    abs_base = CAT_BASE[27*cat + 18 +: 9];
  endfunction

  // ---------------------------------------------------------------- registers
  logic [5:0]           st_q, st_d;
  logic [5:0]           st_w;
  // One-hot flags of the states the engine's candidates depend on (registered with st_q, so
  // that no decode of st_q is in front of the candidate choice; StFlags_A).
  logic f_sig_q, f_last_q, f_abs0_q, f_absu_q, f_sign_q, f_cbf_q, f_rnext_q;
  logic f_sig_w, f_last_w, f_abs0_w, f_absu_w, f_sign_w, f_cbf_w, f_rnext_w;
  logic [AddrWidth-1:0] addr_q, first_q, pic_q;
  logic [AddrWidth-1:0] first_w, addr_w, pic_w;
  logic [WWidth-1:0]    width_q;
  logic [WWidth-1:0]    width_w;
  logic [XWidth-1:0]    x_q;
  logic [XWidth-1:0]    x_w;
  logic [WWidth-1:0]    since_q;   // macroblocks of the slice so far, saturating at width
  logic [WWidth-1:0]    since_w;
  logic                 chroma_q, t8m_q, err_q;
  logic                 err_w, chroma_w, t8m_w;
  // Division first_mb % width at slice start (restoring, one bit a cycle).
  logic [WWidth-1:0]    rem_q;
  logic [WWidth-1:0]    rem_w;
  logic [WWidth:0]      rem_sh;
  logic [4:0]           divc_q;
  logic [4:0]           divc_w;
  logic                 divdone_q;
  logic                 divdone_w;

  // Current macroblock.
  logic [1:0]  kind_q;
  logic [1:0]  kind_w;
  logic        i16l_q;
  logic        i16l_w;
  logic [1:0]  i16c_q;
  logic [1:0]  i16c_w;
  logic        i16p_q;
  logic        i16p_w;
  logic [1:0]  cmode_q;
  logic [1:0]  cmode_w;
  logic [5:0]  cbp_q;
  logic [5:0]  cbp_w;
  logic [15:0] cbfl_q;
  logic [15:0] cbfl_w;
  logic        cbfdc_q;
  logic        cbfdc_w;
  logic [1:0]  cbfcdc_q;
  logic [1:0]  cbfcdc_w;
  logic [7:0]  cbfcac_q;
  logic [7:0]  cbfcac_w;
  logic        qpnz_q, curnz_q;
  logic        qpnz_w, curnz_w;
  logic [3:0]  blk_q;    // prediction-mode block / cbp b8
  logic [3:0]  blk_w;
  logic [1:0]  remk_q;
  logic [1:0]  remk_w;
  logic [1:0]  rem_q2;
  logic [1:0]  rem_q2_w;
  logic [5:0]  mapped_q;
  logic [5:0]  mapped_w;
  logic [SumW-1:0] lsum_q, asum_q;
  logic [SumW-1:0] asum_w, lsum_w;
  localparam int unsigned LbAW = $clog2(Threads * MaxWidthMbs);
  logic [SumW-1:0] lb_q [Threads*MaxWidthMbs];
  logic [LbAW-1:0] lbo;
  assign lbo = tid_i ? LbAW'(MaxWidthMbs) : '0;

  // Residual block.
  logic [4:0]  seq_q;
  logic [4:0]  seq_w;
  logic [2:0]  cat_q, cinc_q;
  logic [2:0]  cat_w, cinc_w;
  logic [6:0]  max_q;
  logic [6:0]  max_w;
  logic [5:0]  i_q;
  logic [5:0]  i_w;
  logic [63:0] sig_q;
  logic [63:0] sig_w;
  logic [2:0]  gt1_q, eq1_q;
  logic [2:0]  gt1_w, eq1_w;
  logic [3:0]  v_q, k_q;
  logic [3:0]  k_w, v_w;
  logic [15:0] absm1_q;
  logic [15:0] absm1_w;
  logic [1:0]  beat_q;
  logic [1:0]  beat_w;
  localparam int unsigned LvAW = $clog2(Threads * 64);
  localparam int unsigned PbAW = $clog2(Threads * 16);
  logic [15:0] lv_q [Threads*64];
  logic [LvAW-1:0] lvo;
  logic [8:0]  pcnt_q;
  logic [8:0]  pcnt_w;
  logic [7:0]  pb_q [Threads*16];
  logic [PbAW-1:0] pbo;
  assign lvo = tid_i ? LvAW'(64) : '0;
  assign pbo = tid_i ? PbAW'(16) : '0;

  // Output register.
  logic                        se_valid_q;
  logic [`CABAC_DEC_SE_W-1:0]  se_q;
  logic [`CABAC_DEC_SE_W-1:0]  se_w;
  logic                        out_free;

  assign se_valid_o = se_valid_q;
  assign se_o = se_q;
  assign err_o = err_q;
  assign out_free = !se_valid_q || se_ready_i;
  // The other thread's output (in the written registers this cycle): taken now, it is gone
  // when the thread comes back.
  logic se_valid_w;
  assign oth_se_valid_o = se_valid_w;
  if (Threads == 1) begin : g_se_one
    logic unused_oth;
    assign unused_oth = oth_se_ready_i;
    assign se_valid_q = se_valid_w;
  end else begin : g_se_two
    always_ff @(posedge clk_i) se_valid_q <= se_valid_w && !oth_se_ready_i;
  end

  // ---------------------------------------------------------------- neighbours
  logic            avail_a;
  logic [SumW-1:0] na, nb;
  logic [SumW-1:0] sum_bottom, sum_right;

  assign avail_a = (x_q != '0) && (since_q != '0);
  assign na = avail_a ? lsum_q : UNAVAIL;
  assign nb = asum_q;  // UNAVAIL when B is not available (loaded at S_MB)
  logic unused_nab;  // the bits only the residual block choice reads (of na_w, asum_w)
  assign unused_nab = ^{na[SumW-1:9], nb[SumW-1:9]};

  always_comb begin
    sum_bottom = '0;
    sum_bottom[0] = kind_q[1];
    sum_bottom[1] = kind_q == K_I8;
    sum_bottom[2] = (cmode_q != 2'd0) && (kind_q != K_PCM);
    sum_bottom[6:3] = cbp_q[3:0];
    sum_bottom[8:7] = cbp_q[5:4];
    sum_bottom[9] = cbfdc_q;
    sum_bottom[11:10] = cbfcdc_q;
    sum_right = sum_bottom;
    sum_bottom[15:12] = {cbfl_q[15], cbfl_q[14], cbfl_q[11], cbfl_q[10]};
    sum_bottom[19:16] = {cbfcac_q[7], cbfcac_q[6], cbfcac_q[3], cbfcac_q[2]};
    sum_right[15:12] = {cbfl_q[15], cbfl_q[13], cbfl_q[7], cbfl_q[5]};
    sum_right[19:16] = {cbfcac_q[7], cbfcac_q[5], cbfcac_q[3], cbfcac_q[1]};
  end

  // ---------------------------------------------------------------- residual block choice
  // The next residual block of the macroblock from seq on (its index, ctxBlockCat, size and the
  // coded_block_flag of neighbours A and B): a function of registers only, so that with
  // Threads = 2 it is evaluated a cycle ahead, on the thread's written registers, and held in
  // a register (u_cs_rc) for the cycle that uses it (the choice and the next block's context
  // index are then no logic in front of the engine's 258:1 read; with one thread a wire).
  function automatic logic [17:0] rchoice(input logic [4:0] seq, input logic [1:0] kind,
                                          input logic [5:0] cbp, input logic [15:0] cbfl,
                                          input logic [7:0] cbfcac,
                                          input logic [SumW-1:0] fna,
                                          input logic [SumW-1:0] fnb);
    logic [26:0] app;
    logic [4:0]  nxt_seq;
    logic        nxt_any;
    logic [3:0]  rblk;       // luma 4x4 block of seq
    logic [2:0]  rk;         // chroma AC index of seq (4 * comp + blk)
    logic        ca, cb;     // coded_block_flag of neighbours A, B
    logic [2:0]  nxt_cat;
    logic [1:0]  bx, by, bxm, bym;
    logic [6:0]  nxt_max;
    begin
      app = '0;
      app[0] = kind == K_I16;
      for (int b = 0; b < 16; b++) begin
        app[1+b] = cbp[b/4] && (kind != K_I8 || (b % 4) == 0);
      end
      app[17] = cbp[5:4] != 2'd0;
      app[18] = cbp[5:4] != 2'd0;
      for (int b = 19; b < 27; b++) app[b] = cbp[5:4] == 2'd2;
      nxt_any = 1'b0;
      nxt_seq = '0;
      for (int s = 26; s >= 0; s--) begin
        if (5'(s) >= seq && app[s]) begin
          nxt_any = 1'b1;
          nxt_seq = 5'(s);
        end
      end
      rblk = 4'(nxt_seq - 5'd1);
      rk = 3'(nxt_seq - 5'd19);
      ca = 1'b1;
      cb = 1'b1;
      bx = '0;
      by = '0;
      bxm = '0;
      bym = '0;
      nxt_cat = 3'd0;
      nxt_max = 7'd16;
      if (nxt_seq == 5'd0) begin
        ca = fna[9];
        cb = fnb[9];
      end else if (nxt_seq <= 5'd16) begin
        nxt_cat = (kind == K_I8) ? 3'd5 : (kind == K_I16) ? 3'd1 : 3'd2;
        nxt_max = (kind == K_I8) ? 7'd64 : (kind == K_I16) ? 7'd15 : 7'd16;
        // bx = {blk[2], blk[0]}, by = {blk[3], blk[1]}; blk_at(bx, by) = {by1, bx1, by0, bx0}.
        bx = {rblk[2], rblk[0]};
        by = {rblk[3], rblk[1]};
        bxm = bx - 2'd1;
        bym = by - 2'd1;
        if (bx != 2'd0) ca = cbfl[{by[1], bxm[1], by[0], bxm[0]}];
        else ca = fna[5'd12 + 5'(by)];
        if (by != 2'd0) cb = cbfl[{bym[1], bx[1], bym[0], bx[0]}];
        else cb = fnb[5'd12 + 5'(bx)];
      end else if (nxt_seq <= 5'd18) begin
        nxt_cat = 3'd3;
        nxt_max = 7'd4;
        ca = nxt_seq[0] ? fna[10] : fna[11];
        cb = nxt_seq[0] ? fnb[10] : fnb[11];
      end else begin
        nxt_cat = 3'd4;
        nxt_max = 7'd15;
        // rk = 4 * comp + blk, blk = 2 * by + bx.
        if (rk[0]) ca = cbfcac[rk - 3'd1];
        else ca = fna[5'd16 + 5'({rk[2], rk[1]})];
        if (rk[1]) cb = cbfcac[rk - 3'd2];
        else cb = fnb[5'd16 + 5'({rk[2], rk[0]})];
      end
      rchoice = {nxt_any, nxt_seq, nxt_cat, nxt_max, ca, cb};
    end
  endfunction
  logic [4:0]  nxt_seq;
  logic        nxt_any;
  logic        ca, cb;     // coded_block_flag of neighbours A, B
  logic [2:0]  nxt_cat;
  logic [6:0]  nxt_max;

  // ---------------------------------------------------------------- contexts of this step
  logic [3:0]  rom_sig, rom_last;
  logic [5:0]  msb;        // highest significant position left
  logic [6:0]  nsig_q;     // significant positions left (without msb's chain)
  logic [6:0]  nsig_w;
  logic        lastlv_q;   // nsig_q == 1: the block's last level
  logic        lastlv_w;
  logic [2:0]  cbp_inc;
  logic        cbp_a, cbp_b;

  cabac_rom_sig8x8 u_rom_sig (
    .pos_i(i_q),
    .inc_o(rom_sig)
  );
  cabac_rom_last8x8 u_rom_last (
    .pos_i(i_q),
    .inc_o(rom_last)
  );

  // The candidates' contexts (the engine's second bin and its prefetch): significant of
  // i + 1, i + 2, last of i, i + 1, the rest of coeff_abs_level_minus1's prefix.
  logic [5:0] i1;
  assign i1 = i_q + 6'd1;
  logic [8:0] ctx_sig1, ctx_last, ctx_rest;
  // coeff_abs_level_minus1's first bin: now, after a level of 1, after a level above 1.
  logic [8:0] ctx_abs0, ctx_abs0_eq1, ctx_abs0_gt1;
  // ... and of its later bins now and after a level above 1; the references the registers
  // are checked against.
  logic [8:0] ctx_rest_gt1, ctx_abs0_ref, ctx_rest_ref, ctx_abs0_eq1_ref, ctx_abs0_eq2;

  // Context windows of the significance map, in registers so that the engine's candidates
  // need no arithmetic: the significant_coeff_flag contexts of positions i + 1 .. i + 3
  // (wsig_q[9j +: 9]: i + 1 + j), the last_significant_coeff_flag contexts of i .. i + 2
  // (wlast_q[9j +: 9]: i + j), whether i + 2 / i + 3 is the block's size (end2_q, end3_q), and
  // the block's coeff_abs_level_minus1 base (absb_q). Loaded at the block's start, shifted
  // by 1 or 2 as i advances, with the positions that come in (i + 3 .. i + 5) computed from
  // i_q beside the bins.
  logic [26:0] wsig_q, wlast_q;
  logic [26:0] wsig_w, wlast_w;
  logic        end2_q, end3_q, end4_q;  // i + 2 / 3 / 4 is the block's size
  logic        end2_w, end3_w, end4_w;
  logic [8:0]  absb_q;
  logic [8:0]  absb_w;
  // The level contexts in registers too (set at the block's start and by each level):
  // coeff_abs_level_minus1's first bin (cabs0_q) and its later bins (crest_q); and
  // significant_coeff_flag of position 0 (sig0_q), the candidate after coded_block_flag.
  logic [8:0]  cabs0_q, crest_q, sig0_q;
  logic [8:0]  cabs0_w, crest_w, sig0_w;
  logic [8:0]  cabs0e_q;  // the first bin's context after one more level of 1
  logic [8:0]  cabs0e_w;
  logic [8:0]  crestg_q;  // the later bins' context after one more level above 1
  logic [8:0]  crestg_w;
  // coeff_abs_level_minus1's later-bin ctxIdxInc - 5 after g levels above 1 (Table 9-43).
  function automatic logic [8:0] rest_inc(input logic [2:0] cat, input logic [3:0] g);
    rest_inc = (cat == 3'd3) ? ((g >= 4'd3) ? 9'd3 : 9'(g)) : ((g >= 4'd4) ? 9'd4 : 9'(g));
  endfunction
  logic        absz_q;    // absm1_q == 0 (set with it: a level of 1)
  logic        absz_w;
  function automatic logic [8:0] sig_ctx(input logic [2:0] cat, input logic [5:0] pos,
                                         input logic [3:0] inc8x8);
    sig_ctx = sig_base(cat) + ((cat == 3'd5) ? 9'(inc8x8) :
                               (cat == 3'd3) ? ((pos > 6'd2) ? 9'd2 : 9'(pos)) : 9'(pos));
  endfunction
  function automatic logic [8:0] last_ctx(input logic [2:0] cat, input logic [5:0] pos,
                                          input logic [3:0] inc8x8);
    last_ctx = last_base(cat) + ((cat == 3'd5) ? 9'(inc8x8) :
                                 (cat == 3'd3) ? ((pos > 6'd2) ? 9'd2 : 9'(pos)) : 9'(pos));
  endfunction
  // The positions that come in: significant of i + 4, i + 5, last of i + 3, i + 4 (this
  // block), and the first window of the next block (positions 1..3 and 0..2).
  logic [3:0] rom_win [9];
  logic [5:0] i3, i4, i5;
  logic [8:0] sig4, sig5, last3, last4;
  logic [26:0] wsig_new, wlast_new;
  assign i3 = i_q + 6'd3;
  assign i4 = i_q + 6'd4;
  assign i5 = i_q + 6'd5;
  cabac_rom_sig8x8 u_rom_win_s4 (.pos_i(i4), .inc_o(rom_win[0]));
  cabac_rom_sig8x8 u_rom_win_s5 (.pos_i(i5), .inc_o(rom_win[1]));
  cabac_rom_last8x8 u_rom_win_l3 (.pos_i(i3), .inc_o(rom_win[2]));
  cabac_rom_last8x8 u_rom_win_l4 (.pos_i(i4), .inc_o(rom_win[3]));
  cabac_rom_sig8x8 u_rom_win_s1 (.pos_i(6'd1), .inc_o(rom_win[4]));
  cabac_rom_sig8x8 u_rom_win_s2 (.pos_i(6'd2), .inc_o(rom_win[5]));
  cabac_rom_sig8x8 u_rom_win_s3 (.pos_i(6'd3), .inc_o(rom_win[6]));
  cabac_rom_last8x8 u_rom_win_l1 (.pos_i(6'd1), .inc_o(rom_win[7]));
  cabac_rom_last8x8 u_rom_win_l2 (.pos_i(6'd2), .inc_o(rom_win[8]));
  always_comb begin
    sig4 = sig_ctx(cat_q, i4, rom_win[0]);
    sig5 = sig_ctx(cat_q, i5, rom_win[1]);
    last3 = last_ctx(cat_q, i3, rom_win[2]);
    last4 = last_ctx(cat_q, i4, rom_win[3]);
    // (Table 9-43: last_significant_coeff_flag's ctxIdxInc at position 0 is 0.)
    wsig_new = {sig_ctx(nxt_cat, 6'd3, rom_win[6]), sig_ctx(nxt_cat, 6'd2, rom_win[5]),
                sig_ctx(nxt_cat, 6'd1, rom_win[4])};
    wlast_new = {last_ctx(nxt_cat, 6'd2, rom_win[8]), last_ctx(nxt_cat, 6'd1, rom_win[7]),
                 last_ctx(nxt_cat, 6'd0, 4'd0)};
  end
  // The windows against the contexts computed from i_q (assertions only).
  logic [3:0]  rom_ref [6];
  logic [26:0] wsig_ref, wlast_ref;
  cabac_rom_sig8x8 u_rom_ref_s1 (.pos_i(i_q + 6'd1), .inc_o(rom_ref[0]));
  cabac_rom_sig8x8 u_rom_ref_s2 (.pos_i(i_q + 6'd2), .inc_o(rom_ref[1]));
  cabac_rom_sig8x8 u_rom_ref_s3 (.pos_i(i3), .inc_o(rom_ref[2]));
  cabac_rom_last8x8 u_rom_ref_l1 (.pos_i(i_q + 6'd1), .inc_o(rom_ref[3]));
  cabac_rom_last8x8 u_rom_ref_l2 (.pos_i(i_q + 6'd2), .inc_o(rom_ref[4]));
  assign rom_ref[5] = rom_last;
  assign wsig_ref = {sig_ctx(cat_q, i3, rom_ref[2]), sig_ctx(cat_q, i_q + 6'd2, rom_ref[1]),
                     sig_ctx(cat_q, i_q + 6'd1, rom_ref[0])};
  assign wlast_ref = {last_ctx(cat_q, i_q + 6'd2, rom_ref[4]),
                      last_ctx(cat_q, i_q + 6'd1, rom_ref[3]), last_ctx(cat_q, i_q, rom_ref[5])};
  `ASSERT(SigWindow_A, (st_q == S_SIG || st_q == S_LAST) |->
          wsig_q == wsig_ref && wlast_q == wlast_ref &&
          end2_q == (7'(i_q) + 7'd2 == max_q) && end3_q == (7'(i_q) + 7'd3 == max_q))
  `ASSERT(AbsBase_A, (st_q == S_ABS0 || st_q == S_ABSU || st_q == S_SIGN || st_q == S_SIG ||
                      st_q == S_LAST) |-> absb_q == abs_base(cat_q) &&
          cabs0_q == ctx_abs0_ref && cabs0e_q == ctx_abs0_eq1_ref && crest_q == ctx_rest_ref &&
          crestg_q == absb_q + 9'd5 + rest_inc(cat_q, {1'b0, gt1_q} + 4'd1))
  `ASSERT(AbsZero_A, st_q == S_SIGN |-> absz_q == (absm1_q == 16'd0))
  `ASSERT(Sig0_A, st_q == S_CBF |-> sig0_q == sig_ctx(cat_q, 6'd0, 4'd0))

  always_comb begin
    msb = '0;
    for (int p = 0; p < 64; p++) begin
      if (sig_q[p]) msb = 6'(p);
    end
    unique case (blk_q[1:0])
      2'd0: begin cbp_a = na[3 + 1]; cbp_b = nb[3 + 2]; end
      2'd1: begin cbp_a = cbp_q[0];  cbp_b = nb[3 + 3]; end
      2'd2: begin cbp_a = na[3 + 3]; cbp_b = cbp_q[0];  end
      default: begin cbp_a = cbp_q[2]; cbp_b = cbp_q[1]; end
    endcase
    cbp_inc = {1'b0, !cbp_b, !cbp_a};
  end

  // The engine reads the candidates' contexts from twelve sources (eng_src_o: the
  // significance-map windows, the level contexts, significant of 0) and takes each candidate
  // by its source code (eng_c2_o, eng_c3_o, eng_lane_o), so that no state-dependent choice is
  // in front of a context read; eng_ctx2_{0,1}_o name the second bins' contexts as indices.
  localparam logic [3:0] SRC_S1 = 4'd0, SRC_S2 = 4'd1, SRC_S3 = 4'd2, SRC_L0 = 4'd3,
    SRC_L1 = 4'd4, SRC_L2 = 4'd5, SRC_R = 4'd6, SRC_RG = 4'd7, SRC_A0 = 4'd8, SRC_A0E = 4'd9,
    SRC_AG = 4'd10, SRC_SIG0 = 4'd11;
  logic [2:0] mbt_inc, t8_inc, cpm_inc;
  assign mbt_inc = 3'(na[0]) + 3'(nb[0]);
  assign t8_inc = 3'(na[1]) + 3'(nb[1]);
  assign cpm_inc = 3'(na[2]) + 3'(nb[2]);

  logic op_req;

  always_comb begin
    ctx_sig1 = wsig_q[8:0];
    ctx_last = wlast_q[8:0];
    ctx_rest = crest_q;
    ctx_rest_gt1 = crestg_q;
    ctx_rest_ref = absb_q + 9'd5 + rest_inc(cat_q, {1'b0, gt1_q});
    ctx_abs0 = cabs0_q;
    ctx_abs0_ref = absb_q + ((gt1_q != 3'd0) ? 9'd0 :
                             (eq1_q >= 3'd3) ? 9'd4 : 9'(eq1_q) + 9'd1);
    ctx_abs0_eq1 = cabs0e_q;
    ctx_abs0_eq1_ref = absb_q + ((gt1_q != 3'd0) ? 9'd0 :
                                 (eq1_q >= 3'd2) ? 9'd4 : 9'(eq1_q) + 9'd2);
    // After a level of 1, the context two levels of 1 on.
    ctx_abs0_eq2 = absb_q + ((gt1_q != 3'd0) ? 9'd0 : (eq1_q >= 3'd1) ? 9'd4 : 9'd3);
    ctx_abs0_gt1 = absb_q;
    // The second bin of the cycle, by the first bin's value.
    eng_op2_en0_o = 1'b0;
    eng_op2_0_o = `CABAC_DEC_OP_DEC;
    eng_ctx2_0_o = ctx_sig1;
    eng_op2_en1_o = 1'b0;
    eng_op2_1_o = `CABAC_DEC_OP_DEC;
    eng_ctx2_1_o = ctx_last;
    // The engine's prefetch: the decision that follows the bins of this cycle (golden's next
    // decode_decision), by the first bin's value when no second bin runs (nx_en: a decision
    // on ctx2_{0,1}), by {bin, bin2} after a pair (op3_en, ctx3); in a cycle without an
    // operation, the next decision's context (pre, on eng_ctx_o).
    eng_nx_en0_o = 1'b0;
    eng_nx_en1_o = 1'b0;
    eng_op3_en_o = '0;
    eng_c3_o = '0;
    eng_c2_o = {SRC_L0, SRC_S1};
    eng_pre_o = 1'b0;
    if (f_sig_q || f_last_q) begin
      // 0: significant of i + 1 (a pair) or, at the block's end, the first level.
      eng_op2_en0_o = !end2_q;
      eng_nx_en0_o = 1'b1;
      if (end2_q) begin
        eng_ctx2_0_o = ctx_abs0;
        eng_c2_o[3:0] = SRC_A0;
      end
      // 1: last of i (a pair) in S_SIG, the first level in S_LAST.
      eng_op2_en1_o = f_sig_q;
      eng_nx_en1_o = 1'b1;
      if (f_last_q) begin
        eng_ctx2_1_o = ctx_abs0;
        eng_c2_o[7:4] = SRC_A0;
      end
      // After significant 0, significant of i + 1: last of i + 1, or significant of i + 2
      // or the first level.
      eng_op3_en_o = 4'hf;
      eng_c3_o[4*1 +: 4] = SRC_L1;
      eng_c3_o[4*0 +: 4] = end3_q ? SRC_A0 : SRC_S2;
      // After significant 1, last: the first level, or significant of i + 1 (the first
      // level at the block's end).
      eng_c3_o[4*3 +: 4] = SRC_A0;
      eng_c3_o[4*2 +: 4] = end2_q ? SRC_A0 : SRC_S1;
    end else if (f_abs0_q || f_absu_q) begin
      eng_op2_en0_o = 1'b1;
      eng_op2_0_o = `CABAC_DEC_OP_BYP;
      eng_op2_en1_o = f_abs0_q || v_q != 4'd13;
      eng_nx_en1_o = eng_op2_en1_o;
      eng_ctx2_1_o = ctx_rest;
      eng_c2_o[7:4] = SRC_R;
      // After a prefix 0 and the sign: the next level's first bin (none after the block's
      // last level).
      eng_op3_en_o[1:0] = {2{!lastlv_q}};
      eng_c3_o[4*0 +: 4] = f_abs0_q ? SRC_A0E : SRC_AG;
      eng_c3_o[4*1 +: 4] = eng_c3_o[4*0 +: 4];
      // After two prefix 1s: the next prefix bin (the escape at 14).
      eng_op3_en_o[3] = f_abs0_q || v_q != 4'd12;
      eng_c3_o[4*3 +: 4] = SRC_R;
    end else if (f_sign_q) begin
      // The next level's first bin.
      eng_nx_en0_o = !lastlv_q;
      eng_nx_en1_o = eng_nx_en0_o;
      eng_ctx2_0_o = absz_q ? ctx_abs0_eq1 : ctx_abs0_gt1;
      eng_ctx2_1_o = eng_ctx2_0_o;
      eng_c2_o = {2{absz_q ? SRC_A0E : SRC_AG}};
    end else if (f_cbf_q) begin
      // Coded: significant of 0.
      eng_nx_en1_o = 1'b1;
      eng_ctx2_1_o = sig0_q;
      eng_c2_o[7:4] = SRC_SIG0;
    end else if (f_rnext_q) begin
      // The next block's coded_block_flag (significant of 0 in ctxBlockCat 5).
      // (Table 9-43 gives ctxIdxInc 0 at position 0.) On eng_ctx_o: no operation here.
      eng_pre_o = nxt_any;
    end
  end

  // The engine's lanes: the second bin's contexts of the next cycle, named for each outcome of
  // this one (slot 0/1: one bin of that value; 2 + 2 bin + bin2: a pair) as the state that
  // follows would name ctx2_{0,1} (eng_lane_o[4 (2 slot + v) +: 4] = {named, source}), from
  // eight sources: the significance-map windows, the level's later-bin context and the one it
  // takes after a level above 1. Unnamed lanes cost the pair, never a wrong bin.
  // {lane 1, lane 0} of S_SIG (sig) or S_LAST at a position whose end2 is e2.
  function automatic logic [7:0] lanes_map(input logic sig, input logic e2,
                                           input logic [2:0] s, input logic [2:0] l);
    lanes_map = {sig, l, !e2, s};
  endfunction
  // Of S_ABS0 / S_ABSU (lane 0: the sign, a bypass bin).
  function automatic logic [7:0] lanes_abs(input logic en, input logic [2:0] r);
    lanes_abs = {en, r, 4'd0};
  endfunction
  logic [3:0] v_q_eff;   // prefix ones so far (0 in S_ABS0)
  `ASSERT(End4_A, (st_q == S_SIG || st_q == S_LAST) |-> end4_q == (7'(i_q) + 7'd4 == max_q))
  `ASSERT(LastLv_A, lastlv_q == (nsig_q == 7'd1))
  `ASSERT(StFlags_A, {f_sig_q, f_last_q, f_abs0_q, f_absu_q, f_sign_q, f_cbf_q, f_rnext_q} ==
          {st_q == S_SIG, st_q == S_LAST, st_q == S_ABS0, st_q == S_ABSU, st_q == S_SIGN,
           st_q == S_CBF, st_q == S_RNEXT})
  `ASSERT(NSig_A, st_q == S_ABS0 || st_q == S_ABSU || st_q == S_SIGN |->
          32'(nsig_q) == $countones(sig_q))
  assign v_q_eff = f_abs0_q ? 4'd0 : v_q;
  assign eng_src_o = {sig0_q, absb_q, cabs0e_q, cabs0_q, ctx_rest_gt1, crest_q, wlast_q, wsig_q};
  // The codes name the indices of eng_ctx2_{0,1}_o.
  `ASSERT(SrcCode_A, (!eng_nx_en0_o || eng_src_o[9*eng_c2_o[3:0] +: 9] == eng_ctx2_0_o) &&
          (!eng_nx_en1_o || eng_src_o[9*eng_c2_o[7:4] +: 9] == eng_ctx2_1_o))
  always_comb begin
    eng_lane_o = '0;
    if (f_sig_q || f_last_q) begin
      eng_lane_o[8*0 +: 8] = end2_q ? lanes_abs(1'b1, SRC_R[2:0]) :
                             lanes_map(1'b1, end3_q, SRC_S2[2:0], SRC_L1[2:0]);
      eng_lane_o[8*1 +: 8] = f_sig_q ? lanes_map(1'b0, end2_q, SRC_S1[2:0], SRC_L0[2:0]) :
                                       lanes_abs(1'b1, SRC_R[2:0]);
      eng_lane_o[8*2 +: 8] = end3_q ? lanes_abs(1'b1, SRC_R[2:0]) :
                             lanes_map(1'b1, end4_q, SRC_S3[2:0], SRC_L2[2:0]);
      eng_lane_o[8*3 +: 8] = lanes_map(1'b0, end3_q, SRC_S2[2:0], SRC_L1[2:0]);
      eng_lane_o[8*4 +: 8] = end2_q ? lanes_abs(1'b1, SRC_R[2:0]) :
                             lanes_map(1'b1, end3_q, SRC_S2[2:0], SRC_L1[2:0]);
      eng_lane_o[8*5 +: 8] = lanes_abs(1'b1, SRC_R[2:0]);
    end else if (f_abs0_q || f_absu_q) begin
      // Prefix 0 and the sign: the next level's first bin, after a level above 1 in S_ABSU.
      eng_lane_o[8*2 +: 8] = lanes_abs(!lastlv_q, f_absu_q ? SRC_RG[2:0] : SRC_R[2:0]);
      eng_lane_o[8*3 +: 8] = eng_lane_o[8*2 +: 8];
      // Prefix 1 (and 1): the next prefix bin of S_ABSU, none into the escape.
      eng_lane_o[8*1 +: 8] = lanes_abs(!(f_absu_q && v_q == 4'd13) && v_q_eff != 4'd12,
                                       SRC_R[2:0]);
      eng_lane_o[8*5 +: 8] = lanes_abs(!(f_absu_q && v_q == 4'd12) && v_q_eff != 4'd11,
                                       SRC_R[2:0]);
    end else if (f_sign_q) begin
      eng_lane_o[8*0 +: 8] = lanes_abs(!lastlv_q, absz_q ? SRC_R[2:0] : SRC_RG[2:0]);
      eng_lane_o[8*1 +: 8] = eng_lane_o[8*0 +: 8];
    end else if (f_cbf_q) begin
      eng_lane_o[8*1 +: 8] = lanes_map(1'b1, end2_q, SRC_S1[2:0], SRC_L0[2:0]);
    end
  end

  // The operation of each state ({valid, op}): registered as opv_q / op_q with the state, so
  // that the engine's operation (and the decision's bin mux) is no decode of st_q.
  function automatic logic [3:0] st_op(input logic [5:0] s);
    unique case (s)
      S_EINIT, S_PCM_INIT: st_op = {1'b1, `CABAC_DEC_OP_INIT};
      S_MBT_TERM, S_EOS: st_op = {1'b1, `CABAC_DEC_OP_TERM};
      S_MBT0, S_MBT_L, S_MBT_C0, S_MBT_C1, S_MBT_P0, S_MBT_P1, S_T8, S_PMF, S_REM, S_CPM0,
      S_CPM1, S_CBP_L, S_CBP_C0, S_CBP_C1, S_QPD, S_CBF, S_SIG, S_LAST, S_ABS0,
      S_ABSU: st_op = {1'b1, `CABAC_DEC_OP_DEC};
      S_EGP, S_SIGN: st_op = {1'b1, `CABAC_DEC_OP_BYP};
      S_EGS: st_op = {1'b1, `CABAC_DEC_OP_BYPN};
      S_PCM_ALIGN: st_op = {1'b1, `CABAC_DEC_OP_ALIGN};
      S_PCM_BYTE: st_op = {1'b1, `CABAC_DEC_OP_BYTE};
      default: st_op = {1'b0, `CABAC_DEC_OP_DEC};
    endcase
  endfunction
  logic       opv_q;
  logic       opv_w;
  logic [2:0] op_q;
  logic [2:0] op_w;
  `ASSERT(StOp_A, {opv_q, op_q} == st_op(st_q))

  always_comb begin
    eng_ctx_o = '0;
    unique case (st_q)
      S_MBT0: eng_ctx_o = C_MBT + 9'(mbt_inc);
      S_MBT_L: eng_ctx_o = C_MBT + 9'd3;
      S_MBT_C0: eng_ctx_o = C_MBT + 9'd4;
      S_MBT_C1: eng_ctx_o = C_MBT + 9'd5;
      S_MBT_P0: eng_ctx_o = C_MBT + 9'd6;
      S_MBT_P1: eng_ctx_o = C_MBT + 9'd7;
      S_T8: eng_ctx_o = C_T8 + 9'(t8_inc);
      S_PMF: eng_ctx_o = C_PMF;
      S_REM: eng_ctx_o = C_REM;
      S_CPM0: eng_ctx_o = C_CPM + 9'(cpm_inc);
      S_CPM1: eng_ctx_o = C_CPM + 9'd3;
      S_CBP_L: eng_ctx_o = C_CBPL + 9'(cbp_inc);
      S_CBP_C0: eng_ctx_o = C_CBPC + 9'(na[8:7] != 2'd0) + 9'(2 * (nb[8:7] != 2'd0));
      S_CBP_C1: eng_ctx_o = C_CBPC + 9'd4 + 9'(na[8:7] == 2'd2) + 9'(2 * (nb[8:7] == 2'd2));
      S_QPD: begin
        eng_ctx_o = (mapped_q == 6'd0) ? C_QPD + 9'(qpnz_q) :
                    (mapped_q == 6'd1) ? C_QPD + 9'd2 : C_QPD + 9'd3;
      end
      S_CBF: eng_ctx_o = C_CBF + 9'(4 * cat_q) + 9'(cinc_q);
      S_SIG: eng_ctx_o = sig_ctx(cat_q, i_q, rom_sig);
      S_LAST: eng_ctx_o = ctx_last;
      S_ABS0: eng_ctx_o = ctx_abs0;
      S_ABSU: eng_ctx_o = ctx_rest;
      S_RNEXT: begin
        // No operation here: the next block's first context, loaded (eng_pre_o).
        eng_ctx_o = (nxt_cat == 3'd5) ? sig_base(3'd5) :
                                        C_CBF + 9'(4 * nxt_cat) + 9'({cb, ca});
      end
      default: ;
    endcase
    eng_op_o = op_q;
    op_req = opv_q;
    eng_op_valid_o = opv_q && out_free;
  end

  // ---------------------------------------------------------------- step
  logic        needs_op, go, bin;
  logic        emit;
  logic [3:0]  e_kind;
  logic        e_last;
  logic [4:0]  e_beat;
  logic [15:0] e_value;
  logic [2:0]  e_inc;
  logic [11:0] e_nb;
  logic [2:0]  e_cat;
  logic [255:0] e_data;
  logic [16:0] mag;
  logic [4:0]  i16_val;

  logic bin2;
  assign bin = eng_bin_i;
  assign bin2 = eng_bin2_i;
  assign needs_op = op_req;
  assign go = out_free && (!needs_op || eng_op_ready_i);
  assign mag = {1'b0, absm1_q} + 17'd1;
  logic       pmf_last;
  logic [5:0] cbp_new;
  assign pmf_last = blk_q == ((kind_q == K_I8) ? 4'd12 : 4'd15);
  always_comb begin
    cbp_new = cbp_q;
    if (st_q == S_CBP_L) cbp_new[{1'b0, blk_q[1:0]}] = bin;
    if (st_q == S_CBP_C0) cbp_new[5:4] = {1'b0, bin};
    if (st_q == S_CBP_C1) cbp_new[5:4] = bin ? 2'd2 : 2'd1;
  end
  assign i16_val = 5'd1 + {3'd0, i16p_q, bin} + 5'(4 * i16c_q) + (i16l_q ? 5'd12 : 5'd0);

  // A configuration beat is taken once the engine's contexts are initialized (also the
  // initialization after reset: no register of the decision path is ever unknown).
  logic cfg_take;
  assign cfg_take = cfg_valid_i && !eng_init_busy_i;
  assign cfg_ready_o = st_q == S_IDLE && !eng_init_busy_i;
  assign eng_start_o = cfg_take && st_q == S_IDLE;
  assign eng_qp_o = cfg_qp_i;
  assign eng_drain_o = st_q == S_DRAIN;

  always_comb begin
    st_d = st_q;
    emit = 1'b0;
    e_kind = '0;
    e_last = 1'b1;
    e_beat = '0;
    e_value = '0;
    e_inc = '0;
    e_nb = '0;
    e_cat = '0;
    e_data = '0;
    if (go) begin
      unique case (st_q)
        S_IDLE: begin
          // A width of 0 or above the line buffer is refused with an ERROR beat.
          if (cfg_take) begin
            st_d = (cfg_width_i == '0 || cfg_width_i > WWidth'(MaxWidthMbs)) ? S_ERR : S_CTXINIT;
          end
        end
        S_CTXINIT: if (!eng_init_busy_i && divdone_q) st_d = S_EINIT;
        S_EINIT: st_d = eng_err_i ? S_ERR : S_MB;
        S_MB: st_d = (addr_q >= pic_q) ? S_ERR : S_MBT0;
        S_MBT0: begin
          if (!bin) begin
            emit = 1'b1;
            e_kind = `CABAC_DEC_MB_TYPE;
            e_inc = mbt_inc;
            st_d = t8m_q ? S_T8 : S_PMF;
          end else begin
            st_d = S_MBT_TERM;
          end
        end
        S_MBT_TERM: begin
          if (bin) begin
            emit = 1'b1;
            e_kind = `CABAC_DEC_MB_TYPE;
            e_value = 16'd25;
            e_inc = mbt_inc;
            st_d = S_PCM_ALIGN;
          end else begin
            st_d = S_MBT_L;
          end
        end
        S_MBT_L: st_d = S_MBT_C0;
        S_MBT_C0: st_d = bin ? S_MBT_C1 : S_MBT_P0;
        S_MBT_C1: st_d = S_MBT_P0;
        S_MBT_P0: st_d = S_MBT_P1;
        S_MBT_P1: begin
          emit = 1'b1;
          e_kind = `CABAC_DEC_MB_TYPE;
          e_value = 16'(i16_val);
          e_inc = mbt_inc;
          st_d = (i16c_q != 2'd0 && !chroma_q) ? S_ERR : chroma_q ? S_CPM0 : S_QPD;
        end
        S_T8: begin
          emit = 1'b1;
          e_kind = `CABAC_DEC_T8X8;
          e_value = 16'(bin);
          e_inc = t8_inc;
          st_d = S_PMF;
        end
        S_PMF: begin
          emit = 1'b1;
          e_kind = `CABAC_DEC_PREV_FLAG;
          e_value = 16'(bin);
          st_d = !bin ? S_REM : pmf_last ? (chroma_q ? S_CPM0 : S_CBP_L) : S_PMF;
        end
        S_REM: begin
          if (remk_q == 2'd2) begin
            emit = 1'b1;
            e_kind = `CABAC_DEC_REM_MODE;
            e_value = 16'({bin, rem_q2[1:0]});
            st_d = pmf_last ? (chroma_q ? S_CPM0 : S_CBP_L) : S_PMF;
          end
        end
        S_CPM0, S_CPM1: begin
          if (st_q == S_CPM0 && !bin) begin
            emit = 1'b1;
            e_value = 16'd0;
          end else if (st_q == S_CPM1 && !bin) begin
            emit = 1'b1;
            e_value = 16'(cmode_q);
          end else if (st_q == S_CPM1 && cmode_q == 2'd2) begin
            emit = 1'b1;
            e_value = 16'd3;
          end
          e_kind = `CABAC_DEC_CHROMA_MODE;
          e_inc = cpm_inc;
          st_d = emit ? ((kind_q == K_I16) ? S_QPD : S_CBP_L) : S_CPM1;
        end
        S_CBP_L, S_CBP_C0, S_CBP_C1: begin
          e_kind = `CABAC_DEC_CBP;
          e_inc = {2'd0, chroma_q};
          e_nb = {nb[8:7], na[8:7], nb[6:3], na[6:3]};
          e_value = 16'(cbp_new);
          if (st_q == S_CBP_L && blk_q[1:0] != 2'd3) begin
            st_d = S_CBP_L;
          end else if (st_q == S_CBP_L && chroma_q) begin
            st_d = S_CBP_C0;
          end else if (st_q == S_CBP_C0 && bin) begin
            st_d = S_CBP_C1;
          end else begin
            emit = 1'b1;
            st_d = (cbp_new != 6'd0) ? S_QPD : S_MBEND;
          end
        end
        S_QPD: begin
          if (bin) begin
            if (mapped_q == 6'd52) st_d = S_ERR;
          end else if (mapped_q == 6'd51) begin
            st_d = S_ERR;
          end else begin
            emit = 1'b1;
            e_kind = `CABAC_DEC_QP_DELTA;
            e_value = mapped_q[0] ? {10'd0, (mapped_q + 6'd1) >> 1} : -{10'd0, mapped_q >> 1};
            e_inc = {2'd0, qpnz_q};
            st_d = S_RNEXT;
          end
        end
        S_RNEXT: st_d = !nxt_any ? S_MBEND : (nxt_cat == 3'd5) ? S_SIG : S_CBF;
        S_CBF: begin
          if (!bin) begin
            emit = 1'b1;
            e_kind = `CABAC_DEC_RESIDUAL;
            e_cat = cat_q;
            e_inc = cinc_q;
            st_d = S_RNEXT;
          end else begin
            st_d = S_SIG;
          end
        end
        S_SIG, S_LAST: begin
          if (bin && st_q == S_LAST) begin
            st_d = S_ABS0;
          end else if (bin) begin
            // significant; the second bin is its last flag.
            if (!eng_did2_i) st_d = S_LAST;
            else if (bin2 || end2_q) st_d = S_ABS0;
            else st_d = S_SIG;
          end else if (end2_q) begin
            st_d = S_ABS0;
          end else if (!eng_did2_i) begin
            st_d = S_SIG;
          end else begin
            // The second bin is significant_coeff_flag of i + 1.
            if (bin2) st_d = S_LAST;
            else if (end3_q) st_d = S_ABS0;
            else st_d = S_SIG;
          end
        end
        S_ABS0, S_ABSU: begin
          if (!bin) begin
            // The second bin is the sign.
            st_d = !eng_did2_i ? S_SIGN : lastlv_q ? S_ROUT : S_ABS0;
          end else if (st_q == S_ABSU && v_q == 4'd13) begin
            st_d = S_EGP;
          end else if (!eng_did2_i) begin
            st_d = S_ABSU;
          end else if (!bin2) begin
            st_d = S_SIGN;
          end else begin
            st_d = (st_q == S_ABSU && v_q == 4'd12) ? S_EGP : S_ABSU;
          end
        end
        S_EGP: begin
          if (bin) begin
            if (k_q == 4'd14) st_d = S_ERR;
          end else begin
            st_d = (k_q == 4'd0) ? S_SIGN : S_EGS;
          end
        end
        S_EGS: if (k_q == 4'(egs_n)) st_d = S_SIGN;
        S_SIGN: begin
          if ((bin && mag > 17'd32768) || (!bin && mag > 17'd32767)) begin
            st_d = S_ERR;
          end else if (lastlv_q) begin
            st_d = S_ROUT;
          end else begin
            st_d = S_ABS0;
          end
        end
        S_ROUT: begin
          emit = 1'b1;
          e_kind = `CABAC_DEC_RESIDUAL;
          e_cat = cat_q;
          e_inc = cinc_q;
          e_beat = 5'(beat_q);
          e_last = (cat_q != 3'd5) || beat_q == 2'd3;
          for (int l = 0; l < 16; l++) begin
            e_data[16*l +: 16] = lv_q[lvo + LvAW'({beat_q, 4'(l)})];
          end
          if (e_last) st_d = S_RNEXT;
        end
        S_MBEND: st_d = S_EOS;
        S_EOS: begin
          emit = 1'b1;
          e_kind = `CABAC_DEC_END_OF_SLICE;
          e_value = 16'(bin);
          st_d = bin ? S_DRAIN : S_MB;
        end
        S_PCM_ALIGN: st_d = eng_err_i ? S_ERR : S_PCM_BYTE;
        S_PCM_BYTE: begin
          if (eng_err_i) begin
            st_d = S_ERR;
          end else begin
            if (pcnt_q[3:0] == 4'hf &&
                pcnt_q != (chroma_q ? 9'd383 : 9'd255)) begin
              emit = 1'b1;
              e_last = 1'b0;
            end
            if (pcnt_q == (chroma_q ? 9'd383 : 9'd255)) st_d = S_PCM_INIT;
          end
          e_kind = `CABAC_DEC_PCM;
          e_beat = 5'(pcnt_q >> 4);
          for (int l = 0; l < 16; l++) begin
            e_data[16*l +: 16] = {8'd0, (4'(l) == pcnt_q[3:0]) ? eng_byte_i :
                                                                 pb_q[pbo + PbAW'(l)]};
          end
        end
        S_PCM_INIT: begin
          if (eng_err_i) begin
            st_d = S_ERR;
          end else begin
            emit = 1'b1;
            e_kind = `CABAC_DEC_PCM;
            e_beat = chroma_q ? 5'd23 : 5'd15;
            for (int l = 0; l < 16; l++) e_data[16*l +: 16] = {8'd0, pb_q[pbo + PbAW'(l)]};
            st_d = S_MBEND;
          end
        end
        S_ERR: begin
          emit = 1'b1;
          e_kind = `CABAC_DEC_ERROR;
          st_d = S_DRAIN;
        end
        S_DRAIN: if (eng_eos_i) st_d = S_IDLE;
        default: st_d = S_IDLE;
      endcase
      // Engine errors (overread, init) end the slice wherever they come.
      if (needs_op && eng_err_i) begin
        st_d = S_ERR;
        emit = 1'b0;
      end
    end
  end

  // ---------------------------------------------------------------- registers
  // i of the significance map advances by 1 or 2 (the bins of the cycle).
  logic step1, step2;
  always_comb begin
    step1 = 1'b0;
    step2 = 1'b0;
    if (go && (f_sig_q || f_last_q)) begin
      if (bin && f_sig_q) begin
        step1 = eng_did2_i && !bin2 && !end2_q;
      end else if (!bin && !end2_q) begin
        step1 = !eng_did2_i || bin2;
        step2 = eng_did2_i && !bin2 && !end3_q;
      end
    end
  end

  logic [15:0] s2_mag;
  // Positions the significance map sets in this step (S_SIG, S_LAST).
  logic [6:0]  nsig_add;
  always_comb begin
    nsig_add = '0;
    if (bin && f_sig_q) begin
      nsig_add = (eng_did2_i && !bin2 && end2_q) ? 7'd2 : 7'd1;
    end else if (!bin) begin
      nsig_add = {6'd0, end2_q || (eng_did2_i && (bin2 || end3_q))};
    end
  end    // magnitude of a level whose sign is the second bin
  assign s2_mag = (st_q == S_ABS0) ? 16'd1 : absm1_q + 16'd1;
  // A level with its sign: from the sign bin (S_SIGN) or the second bin of S_ABS*.
  logic [15:0] lv_new;
  assign lv_new = (st_q == S_SIGN) ? (bin ? 16'(-mag) : 16'(mag)) :
                                     (bin2 ? 16'(-s2_mag) : s2_mag);

  // Escape suffix bits: up to BypassN a cycle (BYPN), MSB first.
  logic [2:0]  egs_n;
  logic [15:0] egs_v;
  assign egs_n = (k_q >= 4'(BypassN)) ? 3'(BypassN) : 3'(k_q);
  assign eng_n_o = egs_n;
  always_comb begin
    egs_v = '0;
    for (int j = 0; j < 4; j++) begin
      if (3'(j) < egs_n) egs_v = {egs_v[14:0], eng_bins_i[j]};
    end
  end

  logic [3:0] pmf_step;
  logic       coded;
  logic [3:0] sblk;
  assign pmf_step = (kind_q == K_I8) ? 4'd4 : 4'd1;
  assign sblk = 4'(seq_q - 5'd1);
  // coded_block_flag of the block that ends in this step.
  assign coded = st_q != S_CBF;

  // ---------------------------------------------------------------- registers per thread
  // With Threads = 2 the parser is C-slow (cabac_dec_engine): each register of the ring below is
  // written as x_w by the thread of this cycle and read as x_q a cycle later (prim_cslow); the line
  // buffer, the levels and the I_PCM bytes are banked by the thread (lbo, lvo, pbo).
  localparam int unsigned RegW = 332 + `CABAC_DEC_SE_W + XWidth + WWidth + AddrWidth + AddrWidth +
    WWidth + AddrWidth + WWidth + SumW + SumW;
  prim_cslow #(.Width(RegW), .Threads(Threads)) u_cs_regs (
    .clk_i,
    .w_i({st_w, err_w, f_sig_w, f_last_w, f_abs0_w, f_absu_w, f_sign_w, f_cbf_w, f_rnext_w, opv_w,
          op_w, se_w, divdone_w, x_w, rem_w, divc_w, first_w, addr_w, width_w, pic_w, chroma_w,
          t8m_w, since_w, qpnz_w, kind_w, cmode_w, cbp_w, cbfl_w, cbfdc_w, cbfcdc_w, cbfcac_w,
          curnz_w, blk_w, seq_w, mapped_w, i16l_w, i16c_w, i16p_w, remk_w, asum_w, pcnt_w,
          rem_q2_w, cat_w, max_w, cinc_w, i_w, wsig_w, wlast_w, end2_w, end3_w, end4_w, absb_w,
          cabs0_w, cabs0e_w, crest_w, crestg_w, sig0_w, sig_w, nsig_w, lastlv_w, gt1_w, eq1_w,
          beat_w, absm1_w, absz_w, k_w, v_w, lsum_w}),
    .q_o({st_q, err_q, f_sig_q, f_last_q, f_abs0_q, f_absu_q, f_sign_q, f_cbf_q, f_rnext_q, opv_q,
          op_q, se_q, divdone_q, x_q, rem_q, divc_q, first_q, addr_q, width_q, pic_q, chroma_q,
          t8m_q, since_q, qpnz_q, kind_q, cmode_q, cbp_q, cbfl_q, cbfdc_q, cbfcdc_q, cbfcac_q,
          curnz_q, blk_q, seq_q, mapped_q, i16l_q, i16c_q, i16p_q, remk_q, asum_q, pcnt_q, rem_q2,
          cat_q, max_q, cinc_q, i_q, wsig_q, wlast_q, end2_q, end3_q, end4_q, absb_q, cabs0_q,
          cabs0e_q, crest_q, crestg_q, sig0_q, sig_q, nsig_q, lastlv_q, gt1_q, eq1_q, beat_q,
          absm1_q, absz_q, k_q, v_q, lsum_q})
  );

  // The residual block choice of the thread in the written registers (rchoice): neighbour A
  // as na of its next cycle.
  logic [17:0] rc_w;
  logic [SumW-1:0] na_w;
  assign na_w = (x_w != '0) && (since_w != '0) ? lsum_w : UNAVAIL;
  assign rc_w = rchoice(seq_w, kind_w, cbp_w, cbfl_w, cbfcac_w, na_w, asum_w);
  prim_cslow #(.Width(18), .Threads(Threads)) u_cs_rc (
    .clk_i,
    .w_i(rc_w),
    .q_o({nxt_any, nxt_seq, nxt_cat, nxt_max, ca, cb})
  );

  assign oth_se_o = se_w;
  assign oth_err_o = err_w;
  // The operations of the thread in the written registers (the engine's stage 1, decided a
  // cycle ahead): its operation, and its second bin's after a 0 (a sign after a level prefix
  // bin, else a decision) and after a 1 (always a decision; eng_op2_{0,1}_o of that state).
  assign eng_s1_op_o = op_w;
  assign eng_s1_op2_0_o = (f_abs0_w || f_absu_w) ? `CABAC_DEC_OP_BYP : `CABAC_DEC_OP_DEC;
  assign eng_s1_op2_1_o = `CABAC_DEC_OP_DEC;
  logic [5:0] s1_op2_q;  // the stage-1 second-bin operations of this cycle's thread
  if (Threads == 1) begin : g_s1_one
    assign s1_op2_q = {eng_s1_op2_1_o, eng_s1_op2_0_o};
  end else begin : g_s1_two
    always_ff @(posedge clk_i) s1_op2_q <= {eng_s1_op2_1_o, eng_s1_op2_0_o};
  end
  `ASSERT(S1Op2_A, s1_op2_q == {eng_op2_1_o, eng_op2_0_o})

  always_ff @(posedge clk_i) begin
    // Every register holds its thread's value unless written below.
    st_w <= st_q;
    se_valid_w <= se_valid_q;
    err_w <= err_q;
    f_sig_w <= f_sig_q;
    f_last_w <= f_last_q;
    f_abs0_w <= f_abs0_q;
    f_absu_w <= f_absu_q;
    f_sign_w <= f_sign_q;
    f_cbf_w <= f_cbf_q;
    f_rnext_w <= f_rnext_q;
    opv_w <= opv_q;
    op_w <= op_q;
    if (!rst_ni) begin
      st_w <= S_IDLE;
      {f_sig_w, f_last_w, f_abs0_w, f_absu_w, f_sign_w, f_cbf_w, f_rnext_w} <= '0;
      {opv_w, op_w} <= st_op(S_IDLE);
      se_valid_w <= 1'b0;
      err_w <= 1'b0;
    end else begin
      if (se_ready_i) se_valid_w <= 1'b0;
      if (go) begin
        st_w <= st_d;
        f_sig_w <= st_d == S_SIG;
        f_last_w <= st_d == S_LAST;
        f_abs0_w <= st_d == S_ABS0;
        f_absu_w <= st_d == S_ABSU;
        f_sign_w <= st_d == S_SIGN;
        f_cbf_w <= st_d == S_CBF;
        f_rnext_w <= st_d == S_RNEXT;
        {opv_w, op_w} <= st_op(st_d);
        if (emit) se_valid_w <= 1'b1;
        if (st_q == S_IDLE && cfg_take) err_w <= 1'b0;
        if (st_q == S_ERR) err_w <= 1'b1;
      end
    end
  end

  assign rem_sh = {rem_q, first_q[AIdx'(divc_q - 5'd1)]};

  always_ff @(posedge clk_i) begin
    // Every register holds its thread's value unless written below.
    se_w <= se_q;
    divdone_w <= divdone_q;
    x_w <= x_q;
    rem_w <= rem_q;
    divc_w <= divc_q;
    first_w <= first_q;
    addr_w <= addr_q;
    width_w <= width_q;
    pic_w <= pic_q;
    chroma_w <= chroma_q;
    t8m_w <= t8m_q;
    since_w <= since_q;
    qpnz_w <= qpnz_q;
    kind_w <= kind_q;
    cmode_w <= cmode_q;
    cbp_w <= cbp_q;
    cbfl_w <= cbfl_q;
    cbfdc_w <= cbfdc_q;
    cbfcdc_w <= cbfcdc_q;
    cbfcac_w <= cbfcac_q;
    curnz_w <= curnz_q;
    blk_w <= blk_q;
    seq_w <= seq_q;
    mapped_w <= mapped_q;
    i16l_w <= i16l_q;
    i16c_w <= i16c_q;
    i16p_w <= i16p_q;
    remk_w <= remk_q;
    asum_w <= asum_q;
    pcnt_w <= pcnt_q;
    rem_q2_w <= rem_q2;
    cat_w <= cat_q;
    max_w <= max_q;
    cinc_w <= cinc_q;
    i_w <= i_q;
    wsig_w <= wsig_q;
    wlast_w <= wlast_q;
    end2_w <= end2_q;
    end3_w <= end3_q;
    end4_w <= end4_q;
    absb_w <= absb_q;
    cabs0_w <= cabs0_q;
    cabs0e_w <= cabs0e_q;
    crest_w <= crest_q;
    crestg_w <= crestg_q;
    sig0_w <= sig0_q;
    sig_w <= sig_q;
    nsig_w <= nsig_q;
    lastlv_w <= lastlv_q;
    gt1_w <= gt1_q;
    eq1_w <= eq1_q;
    beat_w <= beat_q;
    absm1_w <= absm1_q;
    absz_w <= absz_q;
    k_w <= k_q;
    v_w <= v_q;
    lsum_w <= lsum_q;
    // The output register loads whenever the step goes (the output is free then), so that its
    // 300-bit enable does not wait on the bins; se_valid_q says whether it holds an element.
    if (go) begin
      se_w <= '0;
      `CABAC_DEC_SE_KIND(se_w) <= e_kind;
      `CABAC_DEC_SE_LAST(se_w) <= e_last;
      `CABAC_DEC_SE_BEAT(se_w) <= e_beat;
      `CABAC_DEC_SE_VALUE(se_w) <= e_value;
      `CABAC_DEC_SE_INC(se_w) <= e_inc;
      `CABAC_DEC_SE_NB(se_w) <= e_nb;
      `CABAC_DEC_SE_CAT(se_w) <= e_cat;
      `CABAC_DEC_SE_DATA(se_w) <= e_data;
    end
    // first_mb % width, one quotient bit a cycle while the contexts initialize.
    if (st_q == S_CTXINIT && !divdone_q) begin
      if (divc_q == 5'd0) begin
        divdone_w <= 1'b1;
        x_w <= XWidth'(rem_q);
      end else begin
        if (rem_sh >= {1'b0, width_q}) rem_w <= WWidth'(rem_sh - {1'b0, width_q});
        else rem_w <= WWidth'(rem_sh);
        divc_w <= divc_q - 5'd1;
      end
    end
    if (go) begin
      unique case (st_q)
        S_IDLE: begin
          if (cfg_take) begin
            first_w <= cfg_first_mb_i;
            addr_w <= cfg_first_mb_i;
            width_w <= cfg_width_i;
            pic_w <= cfg_pic_mbs_i;
            chroma_w <= cfg_chroma_i;
            t8m_w <= cfg_t8x8_i;
            since_w <= '0;
            qpnz_w <= 1'b0;
            rem_w <= '0;
            divc_w <= 5'(AddrWidth);
            divdone_w <= 1'b0;
            for (int p = 0; p < 64; p++) lv_q[lvo + LvAW'(p)] <= '0;
          end
        end
        S_MB: begin
          kind_w <= K_I4;
          cmode_w <= '0;
          cbp_w <= '0;
          cbfl_w <= '0;
          cbfdc_w <= 1'b0;
          cbfcdc_w <= '0;
          cbfcac_w <= '0;
          curnz_w <= 1'b0;
          blk_w <= '0;
          seq_w <= '0;
          mapped_w <= '0;
          i16l_w <= 1'b0;
          i16c_w <= '0;
          i16p_w <= '0;
          remk_w <= '0;
          // An unavailable neighbour B as golden reads None (nb is asum_q): an entry not yet
          // written this picture is never read.
          asum_w <= (since_q >= width_q) ? lb_q[lbo + LbAW'(x_q)] : UNAVAIL;
        end
        S_MBT_TERM: pcnt_w <= '0;
        S_MBT_L: i16l_w <= bin;
        S_MBT_C0: i16c_w <= {1'b0, bin};
        S_MBT_C1: i16c_w <= bin ? 2'd2 : 2'd1;
        S_MBT_P0: i16p_w <= bin;
        S_MBT_P1: begin
          kind_w <= K_I16;
          cbp_w <= {i16c_q, i16l_q ? 4'hf : 4'h0};
        end
        S_T8: kind_w <= bin ? K_I8 : K_I4;
        S_PMF: begin
          remk_w <= '0;
          rem_q2_w <= '0;
          if (bin) blk_w <= pmf_last ? 4'd0 : blk_q + pmf_step;
        end
        S_REM: begin
          if (remk_q != 2'd2) rem_q2_w[remk_q[0]] <= bin;
          remk_w <= remk_q + 2'd1;
          if (remk_q == 2'd2) blk_w <= pmf_last ? 4'd0 : blk_q + pmf_step;
        end
        S_CPM0: if (bin) cmode_w <= 2'd1;
        S_CPM1: if (bin && cmode_q != 2'd3) cmode_w <= cmode_q + 2'd1;
        S_CBP_L, S_CBP_C0, S_CBP_C1: begin
          cbp_w <= cbp_new;
          blk_w <= blk_q + 4'd1;
        end
        S_QPD: begin
          if (bin) mapped_w <= mapped_q + 6'd1;
          else curnz_w <= mapped_q != 6'd0;
        end
        S_RNEXT: begin
          if (nxt_any) begin
            seq_w <= nxt_seq;
            cat_w <= nxt_cat;
            max_w <= nxt_max;
            cinc_w <= (nxt_cat == 3'd5) ? `CABAC_DEC_INC_NONE : {1'b0, cb, ca};
            i_w <= '0;
            wsig_w <= wsig_new;
            wlast_w <= wlast_new;
            end2_w <= nxt_max == 7'd2;
            end3_w <= nxt_max == 7'd3;
            end4_w <= nxt_max == 7'd4;
            absb_w <= abs_base(nxt_cat);
            cabs0_w <= abs_base(nxt_cat) + 9'd1;
            cabs0e_w <= abs_base(nxt_cat) + 9'd2;
            crest_w <= abs_base(nxt_cat) + 9'd5;
            crestg_w <= abs_base(nxt_cat) + 9'd6;
            sig0_w <= sig_ctx(nxt_cat, 6'd0, 4'd0);
            sig_w <= '0;
            nsig_w <= '0;
            lastlv_w <= 1'b0;
            gt1_w <= '0;
            eq1_w <= '0;
            beat_w <= '0;
          end
        end
        S_SIG, S_LAST: begin
          if (bin && st_q == S_SIG) begin
            sig_w[i_q] <= 1'b1;
            if (eng_did2_i && !bin2 && end2_q) sig_w[6'(max_q - 7'd1)] <= 1'b1;
          end else if (!bin) begin
            if (end2_q) begin
              sig_w[6'(max_q - 7'd1)] <= 1'b1;
            end else if (eng_did2_i && bin2) begin
              sig_w[i1] <= 1'b1;
            end else if (eng_did2_i && end3_q) begin
              sig_w[6'(max_q - 7'd1)] <= 1'b1;
            end
          end
          nsig_w <= nsig_q + nsig_add;
          if (nsig_add != 7'd0) lastlv_w <= nsig_add == 7'd1 && nsig_q == 7'd0;
          // i advances by 1 or 2, the windows with it.
          if (step1) begin
            i_w <= i1;
            wsig_w <= {sig4, wsig_q[26:9]};
            wlast_w <= {last3, wlast_q[26:9]};
            end2_w <= end3_q;
            end3_w <= end4_q;
            end4_w <= 7'(i_q) + 7'd5 == max_q;
          end
          if (step2) begin
            i_w <= i_q + 6'd2;
            wsig_w <= {sig5, sig4, wsig_q[26:18]};
            wlast_w <= {last4, last3, wlast_q[26:18]};
            end2_w <= end4_q;
            end3_w <= 7'(i_q) + 7'd5 == max_q;
            end4_w <= 7'(i_q) + 7'd6 == max_q;
          end
        end
        S_ABS0, S_ABSU: begin
          if (!bin) begin
            if (eng_did2_i) begin
              // Sign of a level of magnitude absm1 + 1 <= 14 (no range error).
              sig_w[msb] <= 1'b0;
              nsig_w <= nsig_q - 7'd1;
              lastlv_w <= nsig_q == 7'd2;
              if (st_q == S_ABS0) begin
                if (eq1_q != 3'd4) eq1_w <= eq1_q + 3'd1;
                cabs0_w <= ctx_abs0_eq1;
                cabs0e_w <= ctx_abs0_eq2;
              end else begin
                if (gt1_q != 3'd4) gt1_w <= gt1_q + 3'd1;
                cabs0_w <= ctx_abs0_gt1;
                cabs0e_w <= ctx_abs0_gt1;
                crest_w <= ctx_rest_gt1;
                crestg_w <= absb_q + 9'd5 + rest_inc(cat_q, {1'b0, gt1_q} + 4'd2);
              end
            end
            if (st_q == S_ABS0) begin
              absm1_w <= '0;
              absz_w <= 1'b1;
            end
          end else begin
            k_w <= '0;
            if (eng_did2_i && bin2) begin
              v_w <= v_q_eff + 4'd2;
              absm1_w <= 16'(v_q_eff) + 16'd2;
              absz_w <= 1'b0;
            end else begin
              v_w <= v_q_eff + 4'd1;
              absm1_w <= 16'(v_q_eff) + 16'd1;
              absz_w <= 1'b0;
            end
          end
        end
        S_EGP: begin
          if (bin) begin
            absm1_w <= absm1_q + (16'd1 << k_q);
            k_w <= k_q + 4'd1;
          end
        end
        S_EGS: begin
          absm1_w <= absm1_q + (egs_v << (k_q - 4'(egs_n)));
          k_w <= k_q - 4'(egs_n);
        end
        S_SIGN: begin
          sig_w[msb] <= 1'b0;
          nsig_w <= nsig_q - 7'd1;
          lastlv_w <= nsig_q == 7'd2;
          if (absm1_q == 16'd0) begin
            if (eq1_q != 3'd4) eq1_w <= eq1_q + 3'd1;
            cabs0_w <= ctx_abs0_eq1;
            cabs0e_w <= ctx_abs0_eq2;
          end else begin
            if (gt1_q != 3'd4) gt1_w <= gt1_q + 3'd1;
            cabs0_w <= ctx_abs0_gt1;
            cabs0e_w <= ctx_abs0_gt1;
            crest_w <= ctx_rest_gt1;
            crestg_w <= absb_q + 9'd5 + rest_inc(cat_q, {1'b0, gt1_q} + 4'd2);
          end
        end
        S_ROUT: begin
          for (int l = 0; l < 16; l++) lv_q[lvo + LvAW'({beat_q, 4'(l)})] <= '0;
          beat_w <= beat_q + 2'd1;
        end
        S_MBEND: begin
          lb_q[lbo + LbAW'(x_q)] <= sum_bottom;
          lsum_w <= sum_right;
          qpnz_w <= curnz_q;
        end
        S_EOS: begin
          if (!bin) begin
            addr_w <= addr_q + 1'b1;
            x_w <= (WWidth'(x_q) + 1'b1 == width_q) ? '0 : x_q + 1'b1;
            if (since_q != width_q) since_w <= since_q + 1'b1;
          end
        end
        S_PCM_BYTE: begin
          pb_q[pbo + PbAW'(pcnt_q[3:0])] <= eng_byte_i;
          pcnt_w <= pcnt_q + 9'd1;
        end
        S_PCM_INIT: begin
          kind_w <= K_PCM;
          cbp_w <= 6'h2f;
          cbfl_w <= 16'hffff;
          cbfdc_w <= 1'b1;
          cbfcdc_w <= 2'b11;
          cbfcac_w <= 8'hff;
          cmode_w <= '0;
          curnz_w <= 1'b0;
        end
        default: ;
      endcase
      // A level with its sign: from the sign bin, or from the second bin after the last
      // prefix bin. One write port (with one bin a cycle the second is never taken, and
      // Yosys would keep it as a dead port at an X address).
      if (st_q == S_SIGN || ((st_q == S_ABS0 || st_q == S_ABSU) && !bin && eng_did2_i)) begin
        lv_q[lvo + LvAW'(msb)] <= lv_new;
      end
      // A residual block ends: its coded_block_flag into the macroblock's state.
      if ((st_q == S_CBF && !bin) || (st_q == S_ROUT && e_last)) begin
        seq_w <= seq_q + 5'd1;
        if (seq_q == 5'd0) begin
          cbfdc_w <= coded;
        end else if (seq_q <= 5'd16) begin
          if (cat_q == 3'd5) cbfl_w[sblk +: 4] <= 4'hf;
          else cbfl_w[sblk] <= coded;
        end else if (seq_q <= 5'd18) begin
          cbfcdc_w[!seq_q[0]] <= coded;
        end else begin
          cbfcac_w[3'(seq_q - 5'd19)] <= coded;
        end
      end
    end
    // Reset: the registers the context index and the decision path read, so that nothing
    // unknown reaches the engine before a slice sets them (the gate-level check is 4-state).
    if (!rst_ni) begin
      since_w <= '0;
      x_w <= '0;
      width_w <= '0;
      first_w <= '0;
      addr_w <= '0;
      pic_w <= '0;
      lsum_w <= UNAVAIL;
      asum_w <= UNAVAIL;
      rem_w <= '0;
      divc_w <= '0;
      divdone_w <= 1'b1;
      kind_w <= K_I4;
      cbp_w <= '0;
      blk_w <= '0;
      mapped_w <= '0;
      qpnz_w <= 1'b0;
      seq_w <= '0;
      cat_w <= '0;
      cinc_w <= '0;
      max_w <= '0;
      i_w <= '0;
      wsig_w <= '0;
      wlast_w <= '0;
      end2_w <= 1'b0;
      end3_w <= 1'b0;
      end4_w <= 1'b0;
      absb_w <= '0;
      cabs0_w <= '0;
      cabs0e_w <= '0;
      absz_w <= 1'b1;
      absm1_w <= '0;
      crest_w <= '0;
      crestg_w <= '0;
      sig0_w <= '0;
      sig_w <= '0;
      nsig_w <= '0;
      lastlv_w <= 1'b0;
      gt1_w <= '0;
      eq1_w <= '0;
      v_w <= '0;
      k_w <= '0;
    end
  end

  if (Threads == 1) begin : g_se_sva
    `ASSERT(SeStableWhileStalled_A, se_valid_o && !se_ready_i |=> se_valid_o && $stable(se_o))
  end

endmodule
