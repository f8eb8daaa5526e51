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
// Latency: that of cabac_dec.
module cabac_dec_stream #(
  parameter bit TwoBins = 1'b1,   // cabac_dec's variants
  parameter bit Prefetch = 1'b1
) (
  input  logic                       clk_i,
  input  logic                       rst_ni,
  input  logic                       valid_i,
  output logic                       ready_o,
  input  logic [48:0]                in_i,
  output logic                       valid_o,
  input  logic                       ready_i,
  output logic [`CABAC_DEC_SE_W-1:0] se_o,
  output logic                       err_o
);

  logic cfg_ready, in_ready;

  cabac_dec #(
    .MaxWidthMbs(128),
    .AddrWidth  (16),
    .TwoBins    (TwoBins),
    .Prefetch   (Prefetch)
  ) u_dec (
    .clk_i,
    .rst_ni,
    .cfg_valid_i   (valid_i && in_i[48]),
    .cfg_ready_o   (cfg_ready),
    .cfg_qp_i      (in_i[47:42]),
    .cfg_first_mb_i(in_i[41:26]),
    .cfg_width_i   (in_i[25:18]),
    .cfg_pic_mbs_i (in_i[17:2]),
    .cfg_chroma_i  (in_i[1]),
    .cfg_t8x8_i    (in_i[0]),
    .in_valid_i    (valid_i && !in_i[48]),
    .in_data_i     (in_i[7:0]),
    .in_last_i     (in_i[8]),
    .in_ready_o    (in_ready),
    .se_valid_o    (valid_o),
    .se_ready_i    (ready_i),
    .se_o,
    .err_o
  );

  assign ready_o = in_i[48] ? cfg_ready : in_ready;

endmodule
