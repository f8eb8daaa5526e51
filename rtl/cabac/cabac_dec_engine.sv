// cabac_dec_engine: the CABAC arithmetic decoding engine of one slice, golden::cabac::CabacDecoder
// (decode_decision, decode_bypass, decode_terminate, init_engine, decode_pcm's byte alignment and
// reads, check_overread) with the I-slice context memory and its initialization from SliceQPY
// (golden::cabac::context::init_contexts, clause 9.3.1.1).
//
// Latency: an operation takes effect in the cycle it fires (op_valid_i & op_ready_o); its
// result (bin_o, byte_o, err_o) is combinational in that cycle. Context initialization after
// start_i takes CtxCount (258) cycles (init_busy_o).
//
// Two bins a cycle: a decision (op_i DEC) may be followed in the same cycle by a second
// operation (DEC or BYP) chosen by the first bin's value: op2_en{0,1}_i / op2_{0,1}_i /
// ctx2_{0,1}_i say what follows a 0 and a 1. Both candidate contexts are read while the first
// bin resolves (the context prefetch), and a second decision on the first's context sees its
// updated state. did2_o says the second ran (it needs 12 bits in the buffer or the last byte
// in), bin2_o is its value. cabac_dec_bin for the first bin, and two for the second (one on
// each path of the first; the first bin selects).
//
// Context memory: CtxCount registers of 7 bits (pStateIdx, valMPS), indexed by the compact
// context index (cabac_rom_mn: the ctxIdx ranges 3..10, 60..69, 73..104, 105..275, 399..435 one
// after the other); the terminate bin has none. Bit input: a 24-bit buffer, MSB first, filled
// one byte per cycle while it holds at most 16 bits; an operation fires when the buffer holds
// 9 bits or the slice's last byte is in. Past the last byte it reads zeros and counts them:
// more than 16 (golden's OVERREAD_SLACK_BITS) is an error, as is a codIOffset >= 510 at init,
// and an I_PCM alignment or byte past the end. drain_i discards the buffer and accepts bytes
// until the last one (eos_o).
//
// Threads = 2 (C-slow by two, with TwoBins and Prefetch): two slices in one engine, tid_i
// naming the one whose operation fires this cycle (the ports above are that thread's). Its
// bins were decided in the cycle before, from the registers as that thread's last cycle wrote
// them (stage 1: cabac_dec_bin x 3 and the escape bins, on x_w and the parser's s1_op*_i) and
// held in a register (u_cs_bins); this cycle selects by them (stage 2: the range, offset,
// buffer, contexts, prefetch and lanes, and the parser's step). The contexts sit in one bank
// per thread, every other register twice (prim_cslow). Latency per thread as above, in the
// thread's own cycles (every other cycle).
module cabac_dec_engine #(
  parameter int unsigned CtxCount = 258,
  parameter bit          TwoBins = 1'b1,  // 0: one bin a cycle (did2_o stays low)
  parameter bit          Prefetch = 1'b0, // the first decision's context prefetched
  parameter int unsigned BypassN = 2,      // most bins of a BYPN operation (1..4)
  parameter int unsigned Threads = 1       // 2: C-slow, two slices interleaved (below)
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  // Threads = 2: the thread of this cycle (0 with one). Its operation for the bins of the next
  // cycle (the other thread's, decided in this one: s1_*, from the parser's written registers).
  input  logic       tid_i,
  input  logic [2:0] s1_op_i,
  input  logic [2:0] s1_op2_0_i,
  input  logic [2:0] s1_op2_1_i,
  // Slice start: clears the buffer, initializes the contexts from qp_i.
  input  logic       start_i,
  input  logic [5:0] qp_i,
  output logic       init_busy_o,
  // Slice data bytes.
  input  logic       in_valid_i,
  input  logic [7:0] in_data_i,
  input  logic       in_last_i,
  output logic       in_ready_o,
  // Discard the rest of the slice's bytes; eos_o: its last byte is in.
  input  logic       drain_i,
  output logic       eos_o,
  // One operation (`CABAC_DEC_OP_*).
  input  logic       op_valid_i,
  input  logic [2:0] op_i,
  input  logic [8:0] ctx_i,
  input  logic [2:0] n_i,       // bins of a BYPN operation (1..BypassN)
  output logic       op_ready_o,
  output logic [3:0] bins_o,    // the bins of a BYPN operation, the first in bit 0
  output logic       bin_o,
  // Second operation of the cycle, by the first bin's value.
  input  logic       op2_en0_i,
  input  logic [2:0] op2_0_i,
  input  logic [8:0] ctx2_0_i,
  input  logic       op2_en1_i,
  input  logic [2:0] op2_1_i,
  input  logic [8:0] ctx2_1_i,
  output logic       did2_o,
  output logic       bin2_o,
  // Prefetch: the next decision's context when no second bin runs, by the first bin's value
  // (nx_en{0,1}_i, the context of source c2_i[4v +: 4]: ctx2_{0,1}_i), after a pair by
  // {bin, bin2} (op3_en_i[k], source c3_i[4k +: 4]), and pre_i: a cycle without an operation
  // that loads ctx_i's state. src_i names twelve contexts (9 bits each), read without a choice
  // in front.
  input  logic       nx_en0_i,
  input  logic       nx_en1_i,
  input  logic [3:0] op3_en_i,
  input  logic [15:0] c3_i,
  input  logic [7:0] c2_i,
  input  logic       pre_i,
  input  logic [107:0] src_i,
  // The second bin's contexts of the next cycle (with TwoBins and Prefetch: read a cycle ahead
  // into lane registers, like the first): for each outcome of this cycle (slot 0/1: one bin of
  // value 0/1; slot 2 + 2 bin + bin2: a pair), lane_i[4 (2 slot + v) +: 4] = {named, source
  // 0..7} is the next cycle's second bin after a first bin of value v.
  input  logic [47:0] lane_i,
  output logic [7:0] byte_o,
  output logic       err_o
);

  localparam int unsigned BufW = 24;

  // ---------------------------------------------------------------- state
  // With Threads = 2 every register is kept per thread: the contexts in one bank per thread
  // (interleaved, context c of thread t at 2 c + t: ca(), no adder in front of a read), the
  // others as a C-slow ring (prim_cslow: the logic reads x_q, the thread of this cycle, and
  // writes x_w, which holds the other thread's state in the next).
  localparam bit CS = Threads > 1;
  logic [5:0] state_q [Threads*CtxCount];
  logic       mps_q   [Threads*CtxCount];
  localparam int unsigned CtxAW = $clog2(Threads * CtxCount);
  function automatic logic [CtxAW-1:0] ca(input logic [8:0] idx, input logic tid);
    ca = CS ? CtxAW'({idx, tid}) : CtxAW'(idx);
  endfunction
  logic [8:0] range_q, range_d, range_w;
  logic [8:0] ev_q, ev_d, ev_w;  // codIRange - codIOffset - 1 (cabac_dec_bin)
  logic [BufW-1:0] buf_q, buf_d, buf_w;
  logic [4:0] cnt_q, cnt_d, cnt_w;
  logic [4:0] over_q, over_d, over_w;
  logic       eos_q, eos_d, eos_w;
  logic       ibusy_q, ibusy_w;
  logic [8:0] icnt_q, icnt_w;
  logic [5:0] qp_q, qp_w;
  prim_cslow #(.Width(9), .Threads(Threads)) u_cs_range (.clk_i, .w_i(range_w), .q_o(range_q));
  prim_cslow #(.Width(9), .Threads(Threads)) u_cs_ev (.clk_i, .w_i(ev_w), .q_o(ev_q));
  prim_cslow #(.Width(BufW), .Threads(Threads)) u_cs_buf (.clk_i, .w_i(buf_w), .q_o(buf_q));
  prim_cslow #(.Width(5), .Threads(Threads)) u_cs_cnt (.clk_i, .w_i(cnt_w), .q_o(cnt_q));
  prim_cslow #(.Width(5), .Threads(Threads)) u_cs_over (.clk_i, .w_i(over_w), .q_o(over_q));
  prim_cslow #(.Width(1), .Threads(Threads)) u_cs_eos (.clk_i, .w_i(eos_w), .q_o(eos_q));
  prim_cslow #(.Width(1), .Threads(Threads)) u_cs_ibusy (.clk_i, .w_i(ibusy_w), .q_o(ibusy_q));
  prim_cslow #(.Width(9), .Threads(Threads)) u_cs_icnt (.clk_i, .w_i(icnt_w), .q_o(icnt_q));
  prim_cslow #(.Width(6), .Threads(Threads)) u_cs_qp (.clk_i, .w_i(qp_w), .q_o(qp_q));

  assign init_busy_o = ibusy_q;
  assign eos_o = eos_q;

  // ---------------------------------------------------------------- context initialization
  logic signed [7:0]  rom_m, rom_n;
  logic signed [15:0] prod, pre;
  logic [5:0]         qpc;
  logic [6:0]         pre_c;
  logic [5:0]         init_state;
  logic               init_mps;

  cabac_rom_mn u_rom_mn (
    .idx_i(icnt_q),
    .m_o  (rom_m),
    .n_o  (rom_n)
  );

  always_comb begin
    qpc = (qp_q > 6'd51) ? 6'd51 : qp_q;
    prod = $signed({{8{rom_m[7]}}, rom_m}) * $signed({10'd0, qpc});
    pre = (prod >>> 4) + $signed({{8{rom_n[7]}}, rom_n});
    if (pre < 16'sd1) begin
      pre_c = 7'd1;
    end else if (pre > 16'sd126) begin
      pre_c = 7'd126;
    end else begin
      pre_c = pre[6:0];
    end
    if (pre_c <= 7'd63) begin
      init_state = 6'(7'd63 - pre_c);
      init_mps = 1'b0;
    end else begin
      init_state = 6'(pre_c - 7'd64);
      init_mps = 1'b1;
    end
  end

  // ---------------------------------------------------------------- two bins
  // Threads = 2 (C-slow by two): the bins of a thread are decided in the cycle before its
  // state's other logic runs (stage 1, from the registers that logic wrote, x_w, and the
  // parser's s1_* operations), and cross a register (u_cs_bins: the bins and each bin's
  // next range, offset, bits and context state) into that cycle (stage 2: everything the bins
  // select, from x_q). Each thread then runs every other cycle, one stage a cycle. With one
  // thread the two stages are one cycle (the register is a wire, x_w is x_q).
  logic       fire, is_dec;
  logic [17:0] path_range1, path_ev1;
  logic [7:0]  path_take1;
  logic [3:0] take, take1;
  logic [8:0] win;
  logic [8:0] range1, ev1, range2, ev2;
  logic [5:0] st1_n, st2_n;
  logic       mps1, mps1_n, mps2_n, bin1;
  logic [2:0] op2;
  logic [8:0] ctx2;
  logic       en2;

  // Prefetch: a decision reads its context from pst_q/pmps_q (pv_q), loaded at the previous
  // fire from the candidate the parser named for the bins that came out (nx_en{0,1}_i with
  // c2_i after one bin, op3_en_i / c3_i after a pair), in a cycle without an
  // operation (pre_i), or, without any, in a load cycle before the decision (op_ready_o low
  // for that cycle). Nothing writes the contexts between a prefetch and its use (only fires
  // do, and a fire's writes are forwarded into the prefetch).
  logic       pv_q, pmps_q, pv_w, pmps_w;
  logic [5:0] pst_q, pst_w;
  logic [31:0] prow_q, prow_w;  // rangeTabLPS of pst_q, looked up before the register
  logic [8:0] pctx_q, pctx_w;
  // Lanes (TwoBins and Prefetch): the second bin's context for each value of the first, loaded
  // at the previous fire like the first context (p2v_q: named; g_prefetch drives them).
  localparam bit Lanes = TwoBins && Prefetch;
  logic [1:0] p2v_q, p2v_w;
  logic       p2mps_q [2], p2mps_w [2];
  logic [8:0] p2ctx_q [2], p2ctx_w [2];
  logic [5:0] p2st_q [2], p2st_w [2];

  assign is_dec = op_i == `CABAC_DEC_OP_DEC;
  assign op_ready_o = !ibusy_q && (cnt_q >= 5'd9 || eos_q) &&
                      (!Prefetch || !is_dec || pv_q);
  assign fire = op_valid_i && op_ready_o;
  assign win = buf_q[BufW-1 -: 9];
  assign byte_o = buf_q[BufW-1 -: 8];
  logic [8:0] wctx;  // the decision's context (its write-back address)
  assign wctx = Prefetch ? pctx_q : ctx_i;
  // rangeTabLPS rows: of the context ctx_i names (read without Prefetch, loaded with it).
  logic [31:0] row_ld;
  cabac_rom_lps u_rom_ld (
    .state_i(state_q[ca(ctx_i, tid_i)]),
    .lps_o  (row_ld)
  );

  // ------------------------------------------------ stage 1: the bins (from x_w)
  logic [2:0]  op_s, op2s [2];
  logic        is_dec_s, bin1_s, mps1_s, mps1n_s;
  logic [8:0]  win_s, wctx_s, range1_s, ev1_s;
  logic [5:0]  st1_s, st1n_s;
  logic [31:0] row1_s;
  logic [3:0]  take1_s;
  assign op_s = CS ? s1_op_i : op_i;
  always_comb begin
    op2s[0] = CS ? s1_op2_0_i : op2_0_i;
    op2s[1] = CS ? s1_op2_1_i : op2_1_i;
  end
  assign is_dec_s = op_s == `CABAC_DEC_OP_DEC;
  assign win_s = buf_w[BufW-1 -: 9];
  assign wctx_s = Prefetch ? pctx_w : ctx_i;
  assign st1_s = Prefetch ? pst_w : state_q[ca(ctx_i, tid_i)];
  assign mps1_s = Prefetch ? pmps_w : mps_q[ca(ctx_i, tid_i)];
  assign row1_s = Prefetch ? prow_w : row_ld;

  cabac_dec_bin u_bin1 (
    .op_i    (op_s),
    .range_i (range_w),
    .ev_i    (ev_w),
    .win_i   (win_s),
    .state_i (st1_s),
    .mps_i   (mps1_s),
    .lps_row_i(row1_s),
    .bin_o   (bin1_s),
    .range_o (range1_s),
    .ev_o    (ev1_s),
    .take_o  (take1_s),
    .state_o (st1n_s),
    .mps_o   (mps1n_s),
    .path_range_o (path_range1),
    .path_ev_o    (path_ev1),
    .path_take_o  (path_take1)
  );

  // The first context's next state for each bin value, beside the decision (the forwarding
  // into the second bin and the prefetch then waits on the bin only through a select): of
  // stage 1 (upd_*_s) and of stage 2 (upd_*: the same with one thread).
  logic [5:0] tr1s_mps, tr1s_lps, tr1_mps, tr1_lps;
  logic [5:0] upd_st_s [2], upd_st [2];
  logic       upd_mps_s [2], upd_mps [2];
  cabac_rom_trans u_rom_trans1 (
    .state_i(st1_s),
    .mps_o  (tr1s_mps),
    .lps_o  (tr1s_lps)
  );
  always_comb begin
    for (int v = 0; v < 2; v++) begin
      upd_st_s[v] = (1'(v) == mps1_s) ? tr1s_mps : tr1s_lps;
      upd_mps_s[v] = (1'(v) != mps1_s && st1_s == 6'd0) ? !mps1_s : mps1_s;
    end
  end

  // The second bin's context: both candidates read in parallel, each with the first
  // context's update for its bin value forwarded when they are the same. The second bin runs
  // for both values of the first on their paths (MPS or LPS, known before the decision); the
  // first bin picks one.
  logic [5:0] st2c_s [2], st2c [2], st2r [2];
  logic       mps2c_s [2], mps2c [2], mps2r [2];
  logic [8:0] range1v [2], ev1v [2], win2v [2];
  logic [3:0] take1v_s [2], take1v [2];
  logic [2:0] op2v [2];
  logic       bin2v_s [2], mps2vn_s [2], bin2v [2], mps2v_n [2];
  logic [8:0] range2v_s [2], ev2v_s [2], range2v [2], ev2v [2];
  logic [3:0] take2v_s [2], take2v [2];
  logic [5:0] st2vn_s [2], st2v_n [2];
  logic [1:0] hit2, en2v;
  always_comb begin
    // The candidates as read in the cycle: the second bin's without lanes (one thread).
    st2r[0] = state_q[ca(ctx2_0_i, tid_i)];
    mps2r[0] = mps_q[ca(ctx2_0_i, tid_i)];
    st2r[1] = state_q[ca(ctx2_1_i, tid_i)];
    mps2r[1] = mps_q[ca(ctx2_1_i, tid_i)];
    if (is_dec_s && ctx2_0_i == wctx_s) begin
      st2r[0] = upd_st_s[0];
      mps2r[0] = upd_mps_s[0];
    end
    if (is_dec_s && ctx2_1_i == wctx_s) begin
      st2r[1] = upd_st_s[1];
      mps2r[1] = upd_mps_s[1];
    end
    for (int v = 0; v < 2; v++) begin
      // With lanes a second decision runs only when its lane is named (the parser names them
      // all on the tensor streams; an unnamed lane costs the pair). A named lane is the
      // context ctx2_v (LaneCtx*_A), so no index compare is on the path.
      if (Lanes) begin
        st2c_s[v] = p2st_w[v];
        mps2c_s[v] = p2mps_w[v];
        if (is_dec_s && p2ctx_w[v] == wctx_s) begin
          st2c_s[v] = upd_st_s[v];
          mps2c_s[v] = upd_mps_s[v];
        end
      end else begin
        st2c_s[v] = st2r[v];
        mps2c_s[v] = mps2r[v];
      end
      // Bin value v is the MPS path when it equals valMPS.
      range1v[v] = path_range1[9*(1'(v) != mps1_s) +: 9];
      ev1v[v] = path_ev1[9*(1'(v) != mps1_s) +: 9];
      take1v_s[v] = path_take1[4*(1'(v) != mps1_s) +: 4];
      win2v[v] = 9'(buf_w >> (5'(BufW - 9) - 5'(take1v_s[v])));
    end
  end

  logic [63:0] rowc2;  // rangeTabLPS rows of the second bin's candidates
  // The second bin's outcomes before its comparison (Threads = 2: registered, the bin picking
  // them in stage 2): a decision's MPS / LPS paths, a bypass bin's offset for 0 / 1.
  logic [17:0] pr2_s [2], pe2_s [2], eb2_s [2];
  logic [7:0]  pt2_s [2];
  for (genvar v = 0; v < 2; v++) begin : g_bin2
    cabac_rom_lps u_rom2 (
      .state_i(st2c_s[v]),
      .lps_o  (rowc2[32*v +: 32])
    );
    cabac_dec_bin u_bin2 (
      .op_i    (op2s[v]),
      .range_i (range1v[v]),
      .ev_i    (ev1v[v]),
      .win_i   (win2v[v]),
      .state_i (st2c_s[v]),
      .mps_i   (mps2c_s[v]),
      .lps_row_i(rowc2[32*v +: 32]),
      .bin_o   (bin2v_s[v]),
      .range_o (range2v_s[v]),
      .ev_o    (ev2v_s[v]),
      .take_o  (take2v_s[v]),
      .state_o (st2vn_s[v]),
      .mps_o   (mps2vn_s[v]),
      .path_range_o (pr2_s[v]),
      .path_ev_o    (pe2_s[v]),
      .path_take_o  (pt2_s[v])
    );
    // {ev, !bit} less codIRange for 0, itself for 1 (cabac_dec_bin's BYP).
    always_comb begin
      eb2_s[v] = {9'({ev1v[v], !win2v[v][8]}), 9'({ev1v[v], !win2v[v][8]} - {1'b0, range1v[v]})};
    end
  end

  // Several bypass bins (BYPN): codIOffset doubles and takes the next bit n_i times, each
  // step a 10-bit compare and subtract (BypassN of them in a chain): in ev terms {ev, !bit},
  // less codIRange unless below it (bin 1, cabac_dec_bin).
  logic [8:0] evn_s [5], evn [5];
  logic [9:0] evn2 [4];
  logic [3:0] bins_s;
  always_comb begin
    evn_s[0] = ev_w;
    for (int j = 0; j < 4; j++) begin
      evn2[j] = {evn_s[j], !win_s[8-j]};
      bins_s[j] = (j < BypassN) && evn2[j] < {1'b0, range_w};
      evn_s[j+1] = (j >= BypassN) ? evn_s[j] :
                   bins_s[j] ? evn2[j][8:0] : 9'(evn2[j] - {1'b0, range_w});
    end
  end

  // ------------------------------------------------ the bins' register (Threads = 2)
  localparam int unsigned BinsW = 1 + 9 + 9 + 4 + 6 + 1 + 2 * (4 + 1 + 9 + 9 + 4 + 6 + 1) +
                                  4 + 4 * 9;
  // With Threads = 2, the second bin's outcomes, beside the bins' register.
  localparam int unsigned B2W = 18 + 18 + 18 + 8 + 9;
  logic [2*B2W-1:0] b2_w, b2_q;
  logic [17:0] pr2 [2], pe2 [2], eb2 [2];
  logic [7:0]  pt2 [2];
  logic [8:0]  rb2 [2];
  logic [1:0]  lps2;
  logic [5:0]  tr2q_mps [2], tr2q_lps [2];
  // (Packed on both sides in always_comb: Yosys takes no unpacked array element on the left
  // of a continuous assignment.)
  logic [BinsW-1:0] bins_w, bins_q;
  always_comb begin
    bins_w = {bin1_s, range1_s, ev1_s, take1_s, st1n_s, mps1n_s,
              take1v_s[1], take1v_s[0], bin2v_s[1], bin2v_s[0], range2v_s[1], range2v_s[0],
              ev2v_s[1], ev2v_s[0], take2v_s[1], take2v_s[0], st2vn_s[1], st2vn_s[0],
              mps2vn_s[1], mps2vn_s[0], bins_s, evn_s[4], evn_s[3], evn_s[2], evn_s[1]};
  end
  prim_cslow #(.Width(BinsW), .Threads(Threads)) u_cs_bins (
    .clk_i,
    .w_i(bins_w),
    .q_o(bins_q)
  );
  always_comb begin
    {bin1, range1, ev1, take1, st1_n, mps1_n} = bins_q[BinsW-1 -: 30];
    for (int v = 0; v < 2; v++) begin
      take1v[v] = bins_q[BinsW-31-4*(1-v) -: 4];
      bin2v[v] = bins_q[BinsW-39-(1-v)];
      range2v[v] = bins_q[BinsW-41-9*(1-v) -: 9];
      ev2v[v] = bins_q[BinsW-59-9*(1-v) -: 9];
      take2v[v] = bins_q[BinsW-77-4*(1-v) -: 4];
      st2v_n[v] = bins_q[BinsW-85-6*(1-v) -: 6];
      mps2v_n[v] = bins_q[BinsW-97-(1-v)];
    end
    bins_o = bins_q[39:36];
    evn[0] = ev_q;
    for (int j = 1; j < 5; j++) evn[j] = bins_q[9*(j-1) +: 9];
    if (CS) begin
      // The second bin's results picked by its registered bin from its registered outcomes
      // (stage 1 ends at the bin, not at the choice it makes).
      for (int v = 0; v < 2; v++) begin
        {pr2[v], pe2[v], eb2[v], pt2[v], rb2[v]} = b2_q[B2W*v +: B2W];
        lps2[v] = bin2v[v] != mps2c[v];
        if (op2v[v] == `CABAC_DEC_OP_DEC) begin
          range2v[v] = pr2[v][9*lps2[v] +: 9];
          ev2v[v] = pe2[v][9*lps2[v] +: 9];
          take2v[v] = pt2[v][4*lps2[v] +: 4];
        end else begin
          range2v[v] = rb2[v];
          ev2v[v] = eb2[v][9*bin2v[v] +: 9];
          take2v[v] = 4'd1;
        end
        st2v_n[v] = lps2[v] ? tr2q_lps[v] : tr2q_mps[v];
        mps2v_n[v] = (lps2[v] && st2c[v] == 6'd0) ? !mps2c[v] : mps2c[v];
      end
    end
  end
  always_comb begin
    for (int v = 0; v < 2; v++) begin
      b2_w[B2W*v +: B2W] = {pr2_s[v], pe2_s[v], eb2_s[v], pt2_s[v], range1v[v]};
    end
  end
  if (CS) begin : g_b2
    prim_cslow #(.Width(2 * B2W), .Threads(Threads)) u_cs_b2 (.clk_i, .w_i(b2_w), .q_o(b2_q));
    for (genvar v = 0; v < 2; v++) begin : g_tr2q
      cabac_rom_trans u_rom_trans2q (
        .state_i(st2c[v]),
        .mps_o  (tr2q_mps[v]),
        .lps_o  (tr2q_lps[v])
      );
    end
  end else begin : g_no_b2
    logic unused_b2;
    assign unused_b2 = ^b2_w;
    assign b2_q = '0;
    always_comb begin
      for (int v = 0; v < 2; v++) begin
        tr2q_mps[v] = '0;
        tr2q_lps[v] = '0;
      end
    end
  end

  // ------------------------------------------------ stage 2: what the bins select (from x_q)
  if (CS) begin : g_s2
    // The first context and the second bin's candidates again, from the registers of this
    // cycle's thread (stage 1 saw the same values a cycle ago, in x_w).
    logic [5:0] st1;
    assign st1 = pst_q;
    assign mps1 = pmps_q;
    cabac_rom_trans u_rom_trans1q (
      .state_i(st1),
      .mps_o  (tr1_mps),
      .lps_o  (tr1_lps)
    );
    always_comb begin
      for (int v = 0; v < 2; v++) begin
        upd_st[v] = (1'(v) == mps1) ? tr1_mps : tr1_lps;
        upd_mps[v] = (1'(v) != mps1 && st1 == 6'd0) ? !mps1 : mps1;
        st2c[v] = p2st_q[v];
        mps2c[v] = p2mps_q[v];
        if (is_dec && p2ctx_q[v] == wctx) begin
          st2c[v] = upd_st[v];
          mps2c[v] = upd_mps[v];
        end
      end
    end
    // The stages' operations are one thread's a cycle apart.
    `ASSERT(StageOp_A, op_i == $past(op_s))
  end else begin : g_s1
    assign mps1 = mps1_s;
    assign tr1_mps = tr1s_mps;
    assign tr1_lps = tr1s_lps;
    always_comb begin
      for (int v = 0; v < 2; v++) begin
        upd_st[v] = upd_st_s[v];
        upd_mps[v] = upd_mps_s[v];
        st2c[v] = st2c_s[v];
        mps2c[v] = mps2c_s[v];
      end
    end
  end

  always_comb begin
    op2v[0] = op2_0_i;
    op2v[1] = op2_1_i;
    for (int v = 0; v < 2; v++) begin
      hit2[v] = !Lanes || op2v[v] != `CABAC_DEC_OP_DEC || p2v_q[v];
    end
    en2v[0] = TwoBins && op2_en0_i && is_dec && (cnt_q >= 5'd12 || eos_q) && hit2[0];
    en2v[1] = TwoBins && op2_en1_i && is_dec && (cnt_q >= 5'd12 || eos_q) && hit2[1];
    op2 = bin1 ? op2_1_i : op2_0_i;
    ctx2 = bin1 ? ctx2_1_i : ctx2_0_i;
    en2 = en2v[bin1];
    bin2_o = bin1 ? bin2v[1] : bin2v[0];
    range2 = bin1 ? range2v[1] : range2v[0];
    ev2 = bin1 ? ev2v[1] : ev2v[0];
    st2_n = bin1 ? st2v_n[1] : st2v_n[0];
    mps2_n = bin1 ? mps2v_n[1] : mps2v_n[0];
  end

  assign did2_o = en2;

  // A decision sees a renormalized range (cabac_dec_bin's one-bit MPS renormalization) and an
  // offset below it (ev < range: a valid stream's invariant; a corrupt one fails INIT before).
  `ASSERT(DecRange_A, fire && is_dec |-> range_q[8] && ev_q < range_q)
  `ASSERT(BypnCount_A, fire && op_i == `CABAC_DEC_OP_BYPN |-> n_i != 3'd0 && n_i <= 3'(BypassN))
  // The overread error (below).
  logic       ovr, ovr_dec;
  logic [5:0] ovr_lim;
  logic signed [6:0] ovr_limv [2];
  logic [1:0] ovr_pair, ovr_one;
  logic [3:0] take_nd;  // the bits of an operation other than DEC
  always_comb begin
    bin_o = bin1;
    range_d = en2 ? range2 : range1;
    ev_d = en2 ? ev2 : ev1;
    take = en2 ? (bin1 ? take1v[1] + take2v[1] : take1v[0] + take2v[0]) : take1;
    err_o = 1'b0;
    unique case (op_i)
      `CABAC_DEC_OP_BYPN: begin
        take = {1'b0, n_i};
        ev_d = evn[n_i];
      end
      `CABAC_DEC_OP_INIT: begin
        take = 4'd9;
        range_d = 9'd510;
        ev_d = 9'(9'd509 - win);
        err_o = win >= 9'd510;
      end
      `CABAC_DEC_OP_ALIGN: begin
        take = {1'b0, cnt_q[2:0]};
        err_o = over_q != 5'd0;
      end
      `CABAC_DEC_OP_BYTE: begin
        take = 4'd8;
        err_o = cnt_q < 5'd8;
      end
      default: ;
    endcase
    // Bits past the last byte: counted; more than 16 is an error (golden check_overread).
    over_d = over_q;
    if ({1'b0, take} > cnt_q) begin
      over_d = (over_q + 5'(take) - cnt_q > 5'd16) ? 5'd17 : over_q + 5'(take) - cnt_q;
    end
    if (op_i != `CABAC_DEC_OP_ALIGN && op_i != `CABAC_DEC_OP_BYTE && ovr) begin
      err_o = 1'b1;
    end
  end

  // The overread error without the bins' bit count: more than lim = cnt + 16 - over bits read,
  // compared per first-bin value against what is left after its bits (a pair) or its bits
  // alone, the bins selecting the result (OverErr_A: over_d > 16).
  always_comb begin
    ovr_lim = 6'(cnt_q) + 6'd16 - 6'(over_q);
    for (int v = 0; v < 2; v++) begin
      ovr_limv[v] = $signed({1'b0, ovr_lim}) - $signed({3'b0, take1v[v]});
      ovr_pair[v] = $signed({3'b0, take2v[v]}) > ovr_limv[v];
      ovr_one[v] = 6'(take1v[v]) > ovr_lim;
    end
    ovr_dec = en2 ? ovr_pair[bin1] : ovr_one[bin1];
    unique case (op_i)
      `CABAC_DEC_OP_BYPN: take_nd = {1'b0, n_i};
      `CABAC_DEC_OP_INIT: take_nd = 4'd9;
      `CABAC_DEC_OP_ALIGN: take_nd = {1'b0, cnt_q[2:0]};
      `CABAC_DEC_OP_BYTE: take_nd = 4'd8;
      default: take_nd = take1;
    endcase
    ovr = over_q > 5'd16 || (is_dec ? ovr_dec : 6'(take_nd) > ovr_lim);
  end
  `ASSERT(OverErr_A, fire && op_i != `CABAC_DEC_OP_ALIGN && op_i != `CABAC_DEC_OP_BYTE |->
          ovr == (over_d > 5'd16))

  // Buffer: consume `take` bits of a fired operation, then append an accepted byte.
  logic       in_fire;
  logic [4:0] cnt_c;

  assign in_ready_o = !eos_q && (drain_i || cnt_q <= 5'd16);
  assign in_fire = in_valid_i && in_ready_o;

  // The byte goes in at its place in the buffer before the shift (a byte is taken only while
  // cnt_q <= 16, and never with more bits read than held), and the shift by the bins' bits is
  // made on each first-bin value's path (its bits, then the second bin's), the bins selecting
  // the shifted buffers instead of waiting for their sum.
  logic [BufW-1:0] buf_in, buf_sh;
  logic [BufW-1:0] buf_sh1 [2], buf_sh2 [2];
  always_comb begin
    buf_in = buf_q;
    if (in_fire) buf_in = buf_q | (BufW'(in_data_i) << (5'(BufW - 8) - cnt_q));
    for (int v = 0; v < 2; v++) begin
      buf_sh1[v] = buf_in << take1v[v];
      buf_sh2[v] = buf_sh1[v] << take2v[v];
    end
    if (en2) buf_sh = buf_sh2[bin1];
    else if (is_dec) buf_sh = buf_sh1[bin1];
    else buf_sh = buf_in << take_nd;
  end
  `ASSERT(InTakeFits_A, fire && in_fire && !drain_i |-> {1'b0, take} <= cnt_q)

  always_comb begin
    cnt_c = cnt_q;
    if (drain_i) begin
      cnt_c = '0;
    end else if (fire) begin
      cnt_c = ({1'b0, take} > cnt_q) ? 5'd0 : cnt_q - 5'(take);
    end
    buf_d = drain_i ? '0 : fire ? buf_sh : buf_in;
    cnt_d = cnt_c;
    eos_d = eos_q;
    if (in_fire) begin
      eos_d = in_last_i;
      if (!drain_i) cnt_d = cnt_c + 5'd8;
    end
  end

  always_ff @(posedge clk_i) begin
    ibusy_w <= ibusy_q;
    icnt_w <= icnt_q;
    eos_w <= eos_q;
    cnt_w <= cnt_q;
    over_w <= over_q;
    if (!rst_ni) begin
      // The contexts are initialized (from QP 0) after reset too, so none is ever unknown.
      ibusy_w <= 1'b1;
      icnt_w <= '0;
      eos_w <= 1'b1;
      cnt_w <= '0;
      over_w <= '0;
    end else if (start_i) begin
      ibusy_w <= 1'b1;
      icnt_w <= '0;
      eos_w <= 1'b0;
      cnt_w <= '0;
      over_w <= '0;
    end else begin
      if (ibusy_q) begin
        icnt_w <= icnt_q + 9'd1;
        if (icnt_q == 9'(CtxCount - 1)) ibusy_w <= 1'b0;
      end
      eos_w <= eos_d;
      cnt_w <= cnt_d;
      if (fire && !drain_i) over_w <= over_d;
    end
  end

  always_ff @(posedge clk_i) begin
    qp_w <= qp_q;
    buf_w <= buf_q;
    range_w <= range_q;
    ev_w <= ev_q;
    if (!rst_ni) begin
      qp_w <= '0;
      buf_w <= '0;
    end else if (start_i) begin
      qp_w <= qp_i;
      buf_w <= '0;
    end else begin
      buf_w <= buf_d;
    end
    if (!rst_ni) begin
      range_w <= '0;
      ev_w <= '0;
    end else if (fire && !drain_i) begin
      range_w <= range_d;
      ev_w <= ev_d;
    end
  end

  // Context memory: the initialization writes one context a cycle; a decision writes back
  // its context's next state (the second bin of a cycle its own: a second write port, only
  // with TwoBins, as Yosys would keep a dead port at an X address).
  if (TwoBins) begin : g_ctx_wr2
    always_ff @(posedge clk_i) begin
      if (ibusy_q) begin
        state_q[ca(icnt_q, tid_i)] <= init_state;
        mps_q[ca(icnt_q, tid_i)] <= init_mps;
      end else if (fire && !drain_i) begin
        if (op_i == `CABAC_DEC_OP_DEC) begin
          state_q[ca(wctx, tid_i)] <= st1_n;
          mps_q[ca(wctx, tid_i)] <= mps1_n;
        end
        if (en2 && op2 == `CABAC_DEC_OP_DEC) begin
          state_q[ca(ctx2, tid_i)] <= st2_n;
          mps_q[ca(ctx2, tid_i)] <= mps2_n;
        end
      end
    end
  end else begin : g_ctx_wr1
    logic unused_st2;  // the second bin's next state: never decided with one bin a cycle
    assign unused_st2 = ^{st2_n, mps2_n, op2, ctx2};
    always_ff @(posedge clk_i) begin
      if (ibusy_q) begin
        state_q[ca(icnt_q, tid_i)] <= init_state;
        mps_q[ca(icnt_q, tid_i)] <= init_mps;
      end else if (fire && !drain_i && op_i == `CABAC_DEC_OP_DEC) begin
        state_q[ca(wctx, tid_i)] <= st1_n;
        mps_q[ca(wctx, tid_i)] <= mps1_n;
      end
    end
  end

  if (!Lanes) begin : g_lanes_off
    always_comb begin
      for (int l = 0; l < 2; l++) begin
        p2v_q[l] = 1'b0;
        p2ctx_q[l] = '0;
        p2st_q[l] = '0;
        p2mps_q[l] = 1'b0;
        p2v_w[l] = 1'b0;
        p2ctx_w[l] = '0;
        p2st_w[l] = '0;
        p2mps_w[l] = 1'b0;
      end
    end
  end

  if (Prefetch) begin : g_prefetch
    // The context of the next decision: the candidate of the bins that came out, the writes of
    // this fire forwarded (the second bin's over the first's).
    logic       nx_en, nx_mps, load;
    logic [8:0] nx_ctx;
    logic [5:0] nx_st;
    logic [5:0] st3c [4], st2n [2];
    logic       mps3c [4], mps2n [2];
    logic [8:0] idx3 [4], idx2n [2];
    logic [3:0] hp3;  // the pair candidate is the lane's context (the second bin's write)
    // The sources, read each cycle.
    logic [5:0] srst [12];
    logic       srmps [12];
    logic [8:0] srcx [12];
    // The rangeTabLPS row of each candidate, looked up before the selection: the pair's
    // candidates, and the second bin's context after either transition.
    logic [31:0] nx_row;
    logic [31:0] rowc3 [4], rowr2 [2];
    logic [63:0] row2m, row2l;
    logic [5:0] tr2_mps [2], tr2_lps [2];
    // Per source, from registers beside the decisions: whether it is the context the first
    // decision writes (hw) or a lane's (hp[v]), and its rangeTabLPS row; the candidates then
    // take these by their codes, so that no index compare or row lookup follows the choice.
    logic [11:0] hw, hp [2];
    logic [31:0] srow [12];
    logic [31:0] row1m, row1l, rowu [2];  // rows of the first context's next states
    for (genvar k = 0; k < 12; k++) begin : g_srow
      cabac_rom_lps u_rom_s (
        .state_i(srst[k]),
        .lps_o  (srow[k])
      );
    end
    cabac_rom_lps u_rom_u1m (
      .state_i(tr1_mps),
      .lps_o  (row1m)
    );
    cabac_rom_lps u_rom_u1l (
      .state_i(tr1_lps),
      .lps_o  (row1l)
    );
    for (genvar v = 0; v < 2; v++) begin : g_row2n
      cabac_rom_trans u_rom_trans2 (
        .state_i(st2c[v]),
        .mps_o  (tr2_mps[v]),
        .lps_o  (tr2_lps[v])
      );
      cabac_rom_lps u_rom_m (
        .state_i(tr2_mps[v]),
        .lps_o  (row2m[32*v +: 32])
      );
      cabac_rom_lps u_rom_l (
        .state_i(tr2_lps[v]),
        .lps_o  (row2l[32*v +: 32])
      );
    end
    assign load = !ibusy_q && (pre_i || (op_valid_i && is_dec && !pv_q));
    always_comb begin
      for (int k = 0; k < 12; k++) begin
        srcx[k] = src_i[9*k +: 9];
        srst[k] = state_q[ca(srcx[k], tid_i)];
        srmps[k] = mps_q[ca(srcx[k], tid_i)];
        hw[k] = is_dec && srcx[k] == wctx;
        hp[0][k] = srcx[k] == p2ctx_q[0];
        hp[1][k] = srcx[k] == p2ctx_q[1];
      end
    end
    always_comb begin
      for (int v = 0; v < 2; v++) begin
        rowu[v] = (1'(v) == mps1) ? row1m : row1l;
      end
      for (int j = 0; j < 4; j++) begin
        idx3[j] = srcx[c3_i[4*j +: 4]];
        hp3[j] = hp[j / 2][c3_i[4*j +: 4]];
        if (hw[c3_i[4*j +: 4]]) begin
          st3c[j] = upd_st[j / 2];
          mps3c[j] = upd_mps[j / 2];
          rowc3[j] = rowu[j / 2];
        end else begin
          st3c[j] = srst[c3_i[4*j +: 4]];
          mps3c[j] = srmps[c3_i[4*j +: 4]];
          rowc3[j] = srow[c3_i[4*j +: 4]];
        end
      end
      for (int v = 0; v < 2; v++) begin
        idx2n[v] = srcx[c2_i[4*v +: 4]];
        if (hw[c2_i[4*v +: 4]]) begin
          st2n[v] = upd_st[v];
          mps2n[v] = upd_mps[v];
          rowr2[v] = rowu[v];
        end else begin
          st2n[v] = srst[c2_i[4*v +: 4]];
          mps2n[v] = srmps[c2_i[4*v +: 4]];
          rowr2[v] = srow[c2_i[4*v +: 4]];
        end
      end
    end
    // For each value v of the first bin, the candidate its second bin selects (the pair ran)
    // or its own (no pair); the first bin then picks one (it resolves before the second).
    logic       nxv_en [2], nxv_mps [2];
    logic [8:0] nxv_ctx [2];
    logic [5:0] nxv_st [2];
    logic [31:0] nxv_row [2];
    always_comb begin
      for (int v = 0; v < 2; v++) begin
        if (en2v[v]) begin
          nxv_en[v] = op3_en_i[{1'(v), bin2v[v]}];
          nxv_ctx[v] = idx3[{1'(v), bin2v[v]}];
          nxv_st[v] = st3c[{1'(v), bin2v[v]}];
          nxv_mps[v] = mps3c[{1'(v), bin2v[v]}];
          nxv_row[v] = rowc3[{1'(v), bin2v[v]}];
          if (op2v[v] == `CABAC_DEC_OP_DEC && hp3[{1'(v), bin2v[v]}]) begin
            nxv_st[v] = st2v_n[v];
            nxv_mps[v] = mps2v_n[v];
            nxv_row[v] = (bin2v[v] != mps2c[v]) ? row2l[32*v +: 32] : row2m[32*v +: 32];
          end
        end else begin
          nxv_en[v] = (v == 0) ? nx_en0_i : nx_en1_i;
          nxv_ctx[v] = idx2n[v];
          nxv_st[v] = st2n[v];
          nxv_mps[v] = mps2n[v];
          nxv_row[v] = rowr2[v];
        end
      end
      nx_en = nxv_en[bin1];
      nx_ctx = nxv_ctx[bin1];
      nx_st = nxv_st[bin1];
      nx_mps = nxv_mps[bin1];
      nx_row = nxv_row[bin1];
    end
    if (TwoBins) begin : g_lanes
      // The next cycle's second-bin contexts: for each outcome slot and lane, the named source
      // read (eight reads), this fire's writes forwarded (a pair slot's second bin over the
      // first); the bins select as for the first context.
      logic       ln_en [6][2], ln_mps [6][2];
      logic [8:0] ln_ctx [6][2];
      logic [5:0] ln_st [6][2];
      logic       nl_en [2][2], nl_mps [2][2];
      logic [8:0] nl_ctx [2][2];
      logic [5:0] nl_st [2][2];
      logic [3:0] code;  // a lane's {named, source}
      logic       sv;    // the first bin's value before a slot
      always_comb begin
        for (int s = 0; s < 6; s++) begin
          for (int l = 0; l < 2; l++) begin
            // Slot s follows a first bin of value sv; a pair slot's second bin is s[0].
            sv = (s < 2) ? 1'(s) : 1'(s >= 4);
            code = lane_i[4*(2*s+l) +: 4];
            ln_en[s][l] = code[3];
            ln_ctx[s][l] = srcx[{1'b0, code[2:0]}];
            ln_st[s][l] = srst[{1'b0, code[2:0]}];
            ln_mps[s][l] = srmps[{1'b0, code[2:0]}];
            if (hw[{1'b0, code[2:0]}]) begin
              ln_st[s][l] = upd_st[sv];
              ln_mps[s][l] = upd_mps[sv];
            end
            if (s >= 2 && op2v[sv] == `CABAC_DEC_OP_DEC && hp[sv][{1'b0, code[2:0]}]) begin
              ln_st[s][l] = (1'(s) == mps2c[sv]) ? tr2_mps[sv] : tr2_lps[sv];
              ln_mps[s][l] = (1'(s) != mps2c[sv] && st2c[sv] == 6'd0) ? !mps2c[sv] :
                                                                         mps2c[sv];
            end
          end
        end
        for (int v = 0; v < 2; v++) begin
          for (int l = 0; l < 2; l++) begin
            if (!en2v[v]) begin
              nl_en[v][l] = ln_en[v][l];
              nl_ctx[v][l] = ln_ctx[v][l];
              nl_st[v][l] = ln_st[v][l];
              nl_mps[v][l] = ln_mps[v][l];
            end else if (bin2v[v]) begin
              nl_en[v][l] = ln_en[3 + 2*v][l];
              nl_ctx[v][l] = ln_ctx[3 + 2*v][l];
              nl_st[v][l] = ln_st[3 + 2*v][l];
              nl_mps[v][l] = ln_mps[3 + 2*v][l];
            end else begin
              nl_en[v][l] = ln_en[2 + 2*v][l];
              nl_ctx[v][l] = ln_ctx[2 + 2*v][l];
              nl_st[v][l] = ln_st[2 + 2*v][l];
              nl_mps[v][l] = ln_mps[2 + 2*v][l];
            end
          end
        end
      end
      prim_cslow #(.Width(2), .Threads(Threads)) u_cs_p2v (.clk_i, .w_i(p2v_w), .q_o(p2v_q));
      logic [31:0] p2_w, p2_q;  // {lane 1, lane 0} x {ctx, state, mps}, packed
      always_comb begin
        for (int l = 0; l < 2; l++) begin
          p2_w[16*l +: 16] = {p2ctx_w[l], p2st_w[l], p2mps_w[l]};
          {p2ctx_q[l], p2st_q[l], p2mps_q[l]} = p2_q[16*l +: 16];
        end
      end
      prim_cslow #(.Width(32), .Threads(Threads)) u_cs_p2 (.clk_i, .w_i(p2_w), .q_o(p2_q));
      always_ff @(posedge clk_i) begin
        for (int l = 0; l < 2; l++) begin
          p2v_w[l] <= p2v_q[l];
          p2ctx_w[l] <= p2ctx_q[l];
          p2st_w[l] <= p2st_q[l];
          p2mps_w[l] <= p2mps_q[l];
          if (!rst_ni || start_i || ibusy_q || load) begin
            p2v_w[l] <= 1'b0;
          end else if (fire && !drain_i) begin
            p2v_w[l] <= nl_en[bin1][l];
          end
          if (!rst_ni) begin
            p2ctx_w[l] <= '0;
            p2st_w[l] <= '0;
            p2mps_w[l] <= 1'b0;
          end else if (fire && !drain_i) begin
            p2ctx_w[l] <= nl_ctx[bin1][l];
            p2st_w[l] <= nl_st[bin1][l];
            p2mps_w[l] <= nl_mps[bin1][l];
          end
        end
      end
      // A named lane is the context the parser asks for (misses only where none is named).
      logic [17:0] p2ctx_chk;
      assign p2ctx_chk = {p2ctx_q[1], p2ctx_q[0]};
      `ASSERT(LaneCtx0_A, fire && is_dec && p2v_q[0] && op2_en0_i &&
              op2_0_i == `CABAC_DEC_OP_DEC |-> p2ctx_chk[8:0] == ctx2_0_i)
      `ASSERT(LaneCtx1_A, fire && is_dec && p2v_q[1] && op2_en1_i &&
              op2_1_i == `CABAC_DEC_OP_DEC |-> p2ctx_chk[17:9] == ctx2_1_i)
    end else begin : g_no_lanes
      logic unused_lanes;
      assign unused_lanes = ^{lane_i, tr2_mps[0], tr2_mps[1], tr2_lps[0], tr2_lps[1]};
    end
    prim_cslow #(.Width(1 + 9 + 6 + 1 + 32), .Threads(Threads)) u_cs_pre (
      .clk_i,
      .w_i({pv_w, pctx_w, pst_w, pmps_w, prow_w}),
      .q_o({pv_q, pctx_q, pst_q, pmps_q, prow_q})
    );
    always_ff @(posedge clk_i) begin
      pv_w <= pv_q;
      pctx_w <= pctx_q;
      pst_w <= pst_q;
      pmps_w <= pmps_q;
      prow_w <= prow_q;
      if (!rst_ni || start_i || ibusy_q) begin
        pv_w <= 1'b0;
      end else if (load) begin
        pv_w <= 1'b1;
      end else if (fire && !drain_i) begin
        pv_w <= nx_en;
      end
      if (!rst_ni) begin
        pctx_w <= '0;
        pst_w <= '0;
        pmps_w <= 1'b0;
        prow_w <= '0;
      end else if (load) begin
        pctx_w <= ctx_i;
        pst_w <= state_q[ca(ctx_i, tid_i)];
        pmps_w <= mps_q[ca(ctx_i, tid_i)];
        prow_w <= row_ld;
      end else if (fire && !drain_i) begin
        pctx_w <= nx_ctx;
        pst_w <= nx_st;
        pmps_w <= nx_mps;
        prow_w <= nx_row;
      end
    end
    // The parser's decision is the prefetched context.
    `ASSERT(PrefetchCtx_A, fire && is_dec |-> pv_q && ctx_i == pctx_q)
    // A cycle without an operation loads; none fires in it.
    `ASSERT(PreNoOp_A, pre_i |-> !op_valid_i)
  end else begin : g_no_prefetch
    logic unused_nx;
    assign unused_nx = ^{nx_en0_i, nx_en1_i, op3_en_i, c3_i, c2_i, pre_i, src_i, lane_i};
    assign pv_q = 1'b0;
    assign pctx_q = '0;
    assign pst_q = '0;
    assign prow_q = '0;
    assign pmps_q = 1'b0;
    assign pv_w = 1'b0;
    assign pctx_w = '0;
    assign pst_w = '0;
    assign prow_w = '0;
    assign pmps_w = 1'b0;
  end

endmodule
