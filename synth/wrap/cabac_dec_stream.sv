// cabac_dec_stream: the synthesis block of the CABAC decoder (synth/blocks.toml, cabac_dec):
// rtl/cabac/cabac_dec.sv with its configuration and byte ports merged into one input stream,
// so that synth/tb/stream_tb.sv can drive it. Wiring only (a multiplexer on valid and ready):
// the decoder never takes a byte of a slice before its configuration beat, so one ordered
// stream of {configuration beat, the slice's bytes} per slice is what it consumes anyway.
//
// in_i (49 bits, verif::cabac_dec::stream_in): bit 48 set: a configuration beat, qp [47:42],
// first_mb [41:26], width [25:18], pic_mbs [17:2], chroma [1], t8x8 [0]; clear: a byte,
// last [8], data [7:0]. se_o: the decoder's element beats (rtl/cabac/cabac_dec_se.sv).
//
// Threads = 2 (cabac_dec's C-slow decoder, two slice streams): in_i bit 49 names the thread
// of an input beat (the beat goes to that thread's ports), and se_o's top bit the thread of an
// element beat (thread 0's first when both have one; err_o: either thread's). Wiring and a
// two-way choice only.
//
// Latency: that of cabac_dec.
module cabac_dec_stream #(
  parameter bit TwoBins = 1'b1,   // cabac_dec's variants
  parameter bit Prefetch = 1'b1,
  parameter int unsigned Threads = 1,
  localparam int unsigned TW = (Threads > 1) ? 1 : 0,  // the thread bit of in_i and se_o
  localparam int unsigned SeW = `CABAC_DEC_SE_W
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              valid_i,
  output logic              ready_o,
  input  logic [48+TW:0]    in_i,
  output logic              valid_o,
  input  logic              ready_i,
  output logic [SeW+TW-1:0] se_o,
  output logic              err_o
);

  logic [Threads-1:0] sel, cfg_ready, in_ready, se_valid, se_ready, err;
  logic [Threads*SeW-1:0] se;

  cabac_dec #(
    .MaxWidthMbs(128),
    .AddrWidth  (16),
    .TwoBins    (TwoBins),
    .Prefetch   (Prefetch),
    .Threads    (Threads)
  ) u_dec (
    .clk_i,
    .rst_ni,
    .cfg_valid_i   (sel & {Threads{valid_i && in_i[48]}}),
    .cfg_ready_o   (cfg_ready),
    .cfg_qp_i      ({Threads{in_i[47:42]}}),
    .cfg_first_mb_i({Threads{in_i[41:26]}}),
    .cfg_width_i   ({Threads{in_i[25:18]}}),
    .cfg_pic_mbs_i ({Threads{in_i[17:2]}}),
    .cfg_chroma_i  ({Threads{in_i[1]}}),
    .cfg_t8x8_i    ({Threads{in_i[0]}}),
    .in_valid_i    (sel & {Threads{valid_i && !in_i[48]}}),
    .in_data_i     ({Threads{in_i[7:0]}}),
    .in_last_i     ({Threads{in_i[8]}}),
    .in_ready_o    (in_ready),
    .se_valid_o    (se_valid),
    .se_ready_i    (se_ready),
    .se_o          (se),
    .err_o         (err)
  );

  if (Threads == 1) begin : g_one
    assign sel = 1'b1;
    assign ready_o = in_i[48] ? cfg_ready : in_ready;
    assign valid_o = se_valid;
    assign se_ready = ready_i;
    assign se_o = se;
    assign err_o = err;
  end else begin : g_two
    logic out_t;  // the thread whose element goes out
    assign sel = {in_i[49], !in_i[49]};
    assign ready_o = in_i[48] ? cfg_ready[in_i[49]] : in_ready[in_i[49]];
    assign out_t = !se_valid[0];
    assign valid_o = |se_valid;
    assign se_ready = {out_t && ready_i, !out_t && ready_i};
    assign se_o = {out_t, se[SeW*out_t +: SeW]};
    assign err_o = |err;
  end

endmodule
