// cabac_dec: the CABAC decoder of I slices (4:0:0 / 4:2:0 frame pictures): slice_data bytes in,
// syntax elements out (rtl/cabac/cabac_dec_se.sv). golden: the slice loop of
// golden::decoder::decode_slice_data with golden::mb::syntax::code_macroblock over
// golden::mb::coder::DecCoder (golden::cabac::CabacDecoder), without reconstruction.
//
// Per slice: one configuration beat (cfg_*), then the slice's bytes from the first CABAC byte
// (after cabac_alignment_one_bit) to its end, in_last_i on the last. The elements of the slice
// follow in coding order, end_of_slice_flag last, or an ERROR beat when the data is corrupt or
// truncated; err_o then stays high until the next configuration beat. Bytes after
// end_of_slice_flag (or an error) up to in_last_i are dropped; the decoder never takes a byte
// of the next slice before its configuration beat.
//
// Latency: cabac_dec_parse (up to two bins per cycle, an element one cycle after its last
// bin; 258 cycles of context initialization per slice).
//
// Parameters: MaxWidthMbs (line buffer entries: the widest picture in macroblocks),
// AddrWidth (macroblock address bits), TwoBins (two bins a cycle; 0: one, a shorter loop),
// Prefetch (the first decision's context from a register loaded a cycle ahead from the
// parser's candidates for the bins that come out, the context index and read out of the bin
// loop; a decision without a candidate costs a load cycle), BypassN (escape suffix bins a
// cycle, 1..4: a chain of compare-subtract steps on codIOffset), Threads (below).
//
// Threads = 2 (C-slow by two; needs TwoBins and Prefetch): two slices decoded at once,
// interleaved in one engine and parser, every port once per thread (thread t: bit t of the
// 1-bit ports, the t-th field of the wider ones, each a valid/ready port of its own). Every
// state register is kept per thread (the contexts, line buffer, levels and I_PCM bytes in a
// bank per thread, the rest in prim_cslow rings), and a register after the bins splits the
// cycle: a thread's bins are decided in one cycle (from its state as written at the end of
// the last), everything they select in the next (its state, the next contexts, the element
// out). A thread advances every other cycle (tid_q: the thread of this cycle's second
// stage); its ports take or give a beat only in its cycles (cfg_ready_o / in_ready_o low in
// the other thread's; se_valid_o and se_o held), so each thread decodes at half the rate of
// Threads = 1 and the two together at about its rate, on a shorter cycle.
module cabac_dec #(
  parameter int unsigned MaxWidthMbs = 128,
  parameter int unsigned AddrWidth = 16,
  parameter bit          TwoBins = 1'b1,
  parameter bit          Prefetch = 1'b1,
  parameter int unsigned BypassN = 2,
  parameter int unsigned Threads = 1,
  localparam int unsigned WWidth = $clog2(MaxWidthMbs + 1),
  localparam int unsigned SeW = `CABAC_DEC_SE_W
) (
  input  logic                         clk_i,
  input  logic                         rst_ni,
  input  logic [Threads-1:0]           cfg_valid_i,
  output logic [Threads-1:0]           cfg_ready_o,
  input  logic [Threads*6-1:0]         cfg_qp_i,
  input  logic [Threads*AddrWidth-1:0] cfg_first_mb_i,
  input  logic [Threads*WWidth-1:0]    cfg_width_i,
  input  logic [Threads*AddrWidth-1:0] cfg_pic_mbs_i,
  input  logic [Threads-1:0]           cfg_chroma_i,
  input  logic [Threads-1:0]           cfg_t8x8_i,
  input  logic [Threads-1:0]           in_valid_i,
  input  logic [Threads*8-1:0]         in_data_i,
  input  logic [Threads-1:0]           in_last_i,
  output logic [Threads-1:0]           in_ready_o,
  output logic [Threads-1:0]           se_valid_o,
  input  logic [Threads-1:0]           se_ready_i,
  output logic [Threads*SeW-1:0]       se_o,
  output logic [Threads-1:0]           err_o
);

  // The ports of this cycle's thread.
  logic                 tid;
  logic                 c_cfg_valid, c_cfg_ready, c_cfg_chroma, c_cfg_t8x8;
  logic [5:0]           c_cfg_qp;
  logic [AddrWidth-1:0] c_cfg_first_mb, c_cfg_pic_mbs;
  logic [WWidth-1:0]    c_cfg_width;
  logic                 c_in_valid, c_in_last, c_in_ready;
  logic [7:0]           c_in_data;
  logic                 c_se_valid, c_se_ready, c_err;
  logic [SeW-1:0]       c_se;
  logic                 oth_se_ready, oth_se_valid, oth_err;
  logic [SeW-1:0]       oth_se;

  if (Threads == 1) begin : g_one
    assign tid = 1'b0;
    assign c_cfg_valid = cfg_valid_i;
    assign cfg_ready_o = c_cfg_ready;
    assign c_cfg_qp = cfg_qp_i;
    assign c_cfg_first_mb = cfg_first_mb_i;
    assign c_cfg_width = cfg_width_i;
    assign c_cfg_pic_mbs = cfg_pic_mbs_i;
    assign c_cfg_chroma = cfg_chroma_i;
    assign c_cfg_t8x8 = cfg_t8x8_i;
    assign c_in_valid = in_valid_i;
    assign c_in_data = in_data_i;
    assign c_in_last = in_last_i;
    assign in_ready_o = c_in_ready;
    assign se_valid_o = c_se_valid;
    assign c_se_ready = se_ready_i;
    assign se_o = c_se;
    assign err_o = c_err;
    assign oth_se_ready = 1'b0;
    logic unused_oth;
    assign unused_oth = ^{oth_se_valid, oth_se, oth_err};
  end else begin : g_two
    // Threads = 2 needs the prefetched contexts and lanes (cabac_dec_engine's stage 1).
    if (Threads != 2 || !TwoBins || !Prefetch) begin : g_bad
      $error("cabac_dec: Threads must be 1, or 2 with TwoBins and Prefetch");
    end
    logic tid_q;
    always_ff @(posedge clk_i) tid_q <= rst_ni && !tid_q;
    assign tid = tid_q;
    assign c_cfg_valid = cfg_valid_i[tid];
    assign c_cfg_qp = cfg_qp_i[6*tid +: 6];
    assign c_cfg_first_mb = cfg_first_mb_i[AddrWidth*tid +: AddrWidth];
    assign c_cfg_width = cfg_width_i[WWidth*tid +: WWidth];
    assign c_cfg_pic_mbs = cfg_pic_mbs_i[AddrWidth*tid +: AddrWidth];
    assign c_cfg_chroma = cfg_chroma_i[tid];
    assign c_cfg_t8x8 = cfg_t8x8_i[tid];
    assign c_in_valid = in_valid_i[tid];
    assign c_in_data = in_data_i[8*tid +: 8];
    assign c_in_last = in_last_i[tid];
    assign c_se_ready = se_ready_i[tid];
    assign oth_se_ready = se_ready_i[!tid];
    for (genvar t = 0; t < 2; t++) begin : g_port
      logic mine;
      assign mine = tid == 1'(t);
      assign cfg_ready_o[t] = mine && c_cfg_ready;
      assign in_ready_o[t] = mine && c_in_ready;
      assign se_valid_o[t] = mine ? c_se_valid : oth_se_valid;
      assign se_o[SeW*t +: SeW] = mine ? c_se : oth_se;
      assign err_o[t] = mine ? c_err : oth_err;
      // Each thread's ports are valid/ready streams of their own.
      `ASSERT_STABLE_STALL(SeStall_A, se_valid_o[t], se_ready_i[t], se_o[SeW*t +: SeW])
      `ASSERT_STABLE_STALL(InStall_A, in_valid_i[t], in_ready_o[t],
                           {in_data_i[8*t +: 8], in_last_i[t]})
      `ASSERT_STABLE_STALL(CfgStall_A, cfg_valid_i[t], cfg_ready_o[t],
                           {cfg_qp_i[6*t +: 6], cfg_first_mb_i[AddrWidth*t +: AddrWidth],
                            cfg_width_i[WWidth*t +: WWidth],
                            cfg_pic_mbs_i[AddrWidth*t +: AddrWidth], cfg_chroma_i[t],
                            cfg_t8x8_i[t]})
    end
  end

  logic       eng_start, eng_init_busy, eng_drain, eng_eos;
  logic [5:0] eng_qp;
  logic       eng_op_valid, eng_op_ready, eng_bin, eng_err;
  logic [2:0] eng_op;
  logic [8:0] eng_ctx;
  logic [7:0] eng_byte;
  logic [2:0] eng_n;
  logic [3:0] eng_bins;
  logic       eng_op2_en0, eng_op2_en1, eng_did2, eng_bin2;
  logic [2:0] eng_op2_0, eng_op2_1;
  logic [8:0] eng_ctx2_0, eng_ctx2_1;
  logic       eng_nx_en0, eng_nx_en1, eng_pre;
  logic [3:0] eng_op3_en;
  logic [15:0] eng_c3;
  logic [7:0]  eng_c2;
  logic [107:0] eng_src;
  logic [47:0] eng_lane;

  logic [2:0] eng_s1_op, eng_s1_op2_0, eng_s1_op2_1;

  cabac_dec_engine #(
    .TwoBins (TwoBins),
    .Prefetch(Prefetch),
    .BypassN (BypassN),
    .Threads (Threads)
  ) u_engine (
    .clk_i,
    .rst_ni,
    .tid_i      (tid),
    .s1_op_i    (eng_s1_op),
    .s1_op2_0_i (eng_s1_op2_0),
    .s1_op2_1_i (eng_s1_op2_1),
    .start_i    (eng_start),
    .qp_i       (eng_qp),
    .init_busy_o(eng_init_busy),
    .in_valid_i (c_in_valid),
    .in_data_i  (c_in_data),
    .in_last_i  (c_in_last),
    .in_ready_o (c_in_ready),
    .drain_i    (eng_drain),
    .eos_o      (eng_eos),
    .op_valid_i (eng_op_valid),
    .op_i       (eng_op),
    .ctx_i      (eng_ctx),
    .op_ready_o (eng_op_ready),
    .n_i        (eng_n),
    .bins_o     (eng_bins),
    .bin_o      (eng_bin),
    .op2_en0_i  (eng_op2_en0),
    .op2_0_i    (eng_op2_0),
    .ctx2_0_i   (eng_ctx2_0),
    .op2_en1_i  (eng_op2_en1),
    .op2_1_i    (eng_op2_1),
    .ctx2_1_i   (eng_ctx2_1),
    .nx_en0_i   (eng_nx_en0),
    .nx_en1_i   (eng_nx_en1),
    .op3_en_i   (eng_op3_en),
    .c3_i       (eng_c3),
    .c2_i       (eng_c2),
    .pre_i      (eng_pre),
    .src_i      (eng_src),
    .lane_i     (eng_lane),
    .did2_o     (eng_did2),
    .bin2_o     (eng_bin2),
    .byte_o     (eng_byte),
    .err_o      (eng_err)
  );

  cabac_dec_parse #(
    .MaxWidthMbs(MaxWidthMbs),
    .AddrWidth  (AddrWidth),
    .BypassN    (BypassN),
    .Threads    (Threads)
  ) u_parse (
    .clk_i,
    .rst_ni,
    .tid_i          (tid),
    .oth_se_ready_i (oth_se_ready),
    .oth_se_valid_o (oth_se_valid),
    .oth_se_o       (oth_se),
    .oth_err_o      (oth_err),
    .cfg_valid_i    (c_cfg_valid),
    .cfg_ready_o    (c_cfg_ready),
    .cfg_qp_i       (c_cfg_qp),
    .cfg_first_mb_i (c_cfg_first_mb),
    .cfg_width_i    (c_cfg_width),
    .cfg_pic_mbs_i  (c_cfg_pic_mbs),
    .cfg_chroma_i   (c_cfg_chroma),
    .cfg_t8x8_i     (c_cfg_t8x8),
    .eng_start_o    (eng_start),
    .eng_qp_o       (eng_qp),
    .eng_init_busy_i(eng_init_busy),
    .eng_drain_o    (eng_drain),
    .eng_eos_i      (eng_eos),
    .eng_op_valid_o (eng_op_valid),
    .eng_op_o       (eng_op),
    .eng_ctx_o      (eng_ctx),
    .eng_op_ready_i (eng_op_ready),
    .eng_bin_i      (eng_bin),
    .eng_n_o        (eng_n),
    .eng_bins_i     (eng_bins),
    .eng_s1_op_o    (eng_s1_op),
    .eng_s1_op2_0_o (eng_s1_op2_0),
    .eng_s1_op2_1_o (eng_s1_op2_1),
    .eng_op2_en0_o  (eng_op2_en0),
    .eng_op2_0_o    (eng_op2_0),
    .eng_ctx2_0_o   (eng_ctx2_0),
    .eng_op2_en1_o  (eng_op2_en1),
    .eng_op2_1_o    (eng_op2_1),
    .eng_ctx2_1_o   (eng_ctx2_1),
    .eng_nx_en0_o   (eng_nx_en0),
    .eng_nx_en1_o   (eng_nx_en1),
    .eng_op3_en_o   (eng_op3_en),
    .eng_c3_o       (eng_c3),
    .eng_c2_o       (eng_c2),
    .eng_pre_o      (eng_pre),
    .eng_src_o      (eng_src),
    .eng_lane_o     (eng_lane),
    .eng_did2_i     (eng_did2),
    .eng_bin2_i     (eng_bin2),
    .eng_byte_i     (eng_byte),
    .eng_err_i      (eng_err),
    .se_valid_o     (c_se_valid),
    .se_ready_i     (c_se_ready),
    .se_o           (c_se),
    .err_o          (c_err)
  );

endmodule
