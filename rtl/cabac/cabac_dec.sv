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
// cycle, 1..4: a chain of compare-subtract steps on codIOffset).
module cabac_dec #(
  parameter int unsigned MaxWidthMbs = 128,
  parameter int unsigned AddrWidth = 16,
  parameter bit          TwoBins = 1'b1,
  parameter bit          Prefetch = 1'b1,
  parameter int unsigned BypassN = 2,
  localparam int unsigned WWidth = $clog2(MaxWidthMbs + 1)
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 cfg_valid_i,
  output logic                 cfg_ready_o,
  input  logic [5:0]           cfg_qp_i,
  input  logic [AddrWidth-1:0] cfg_first_mb_i,
  input  logic [WWidth-1:0]    cfg_width_i,
  input  logic [AddrWidth-1:0] cfg_pic_mbs_i,
  input  logic                 cfg_chroma_i,
  input  logic                 cfg_t8x8_i,
  input  logic                 in_valid_i,
  input  logic [7:0]           in_data_i,
  input  logic                 in_last_i,
  output logic                 in_ready_o,
  output logic                 se_valid_o,
  input  logic                 se_ready_i,
  output logic [`CABAC_DEC_SE_W-1:0] se_o,
  output logic                 err_o
);

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

  cabac_dec_engine #(
    .TwoBins (TwoBins),
    .Prefetch(Prefetch),
    .BypassN (BypassN)
  ) u_engine (
    .clk_i,
    .rst_ni,
    .start_i    (eng_start),
    .qp_i       (eng_qp),
    .init_busy_o(eng_init_busy),
    .in_valid_i,
    .in_data_i,
    .in_last_i,
    .in_ready_o,
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
    .BypassN    (BypassN)
  ) u_parse (
    .clk_i,
    .rst_ni,
    .cfg_valid_i,
    .cfg_ready_o,
    .cfg_qp_i,
    .cfg_first_mb_i,
    .cfg_width_i,
    .cfg_pic_mbs_i,
    .cfg_chroma_i,
    .cfg_t8x8_i,
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
    .se_valid_o,
    .se_ready_i,
    .se_o,
    .err_o
  );

endmodule
