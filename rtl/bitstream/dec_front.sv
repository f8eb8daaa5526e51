// dec_front: the front end of the decoder lane, nal_read then header_read. golden: the unit
// loop of golden::decoder::Decoder::decode_stream (split_annexb, parse_nal) up to the slice
// data of each slice (Decoder::decode_nal / decode_slice: parameter sets, slice headers,
// cabac_alignment_one_bits).
//
// Ports:
//   in:   valid_i / ready_o; byte_i, one byte of the Annex B stream; last_i on its last byte.
//   cfg:  one configuration beat a slice (header_read's fields), then
//   data: its slice data bytes, data_last_o on the last (for cabac_dec).
//   err_o: header_read's sticky error flag (corrupt, truncated or unsupported headers);
//   err_ev_o: one cycle per error.
// Throughput: one stream byte a cycle through the slice data; header bits one a cycle.
// Latency: nal_read's (2 cycles after the next byte) plus header_read's (1 for data bytes).
module dec_front (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        valid_i,
  output logic        ready_o,
  input  logic [7:0]  byte_i,
  input  logic        last_i,
  output logic        cfg_valid_o,
  input  logic        cfg_ready_i,
  output logic        cfg_new_pic_o,
  output logic        cfg_idr_o,
  output logic [10:0] cfg_width_o,
  output logic [10:0] cfg_height_o,
  output logic [17:0] cfg_pic_mbs_o,
  output logic [3:0]  cfg_crop_right_o,
  output logic [3:0]  cfg_crop_bottom_o,
  output logic        cfg_chroma_o,
  output logic        cfg_t8x8_o,
  output logic [5:0]  cfg_qp_o,
  output logic [17:0] cfg_first_mb_o,
  output logic [1:0]  cfg_idc_o,
  output logic [3:0]  cfg_alpha_o,
  output logic [3:0]  cfg_beta_o,
  output logic [4:0]  cfg_cb_qp_o,
  output logic [4:0]  cfg_cr_qp_o,
  output logic        data_valid_o,
  input  logic        data_ready_i,
  output logic [7:0]  data_o,
  output logic        data_last_o,
  output logic        err_o,
  output logic        err_ev_o
);
  logic       u_valid, u_ready, u_first, u_last;
  logic [7:0] u_byte;

  nal_read u_nal (
    .clk_i, .rst_ni, .valid_i, .ready_o, .byte_i, .last_i,
    .valid_o (u_valid), .ready_i (u_ready), .byte_o (u_byte), .first_o (u_first),
    .last_o (u_last)
  );

  header_read u_hdr (
    .clk_i, .rst_ni,
    .valid_i (u_valid), .ready_o (u_ready), .byte_i (u_byte), .first_i (u_first),
    .last_i (u_last),
    .cfg_valid_o, .cfg_ready_i, .cfg_new_pic_o, .cfg_idr_o, .cfg_width_o, .cfg_height_o,
    .cfg_pic_mbs_o, .cfg_crop_right_o, .cfg_crop_bottom_o, .cfg_chroma_o, .cfg_t8x8_o,
    .cfg_qp_o, .cfg_first_mb_o, .cfg_idc_o, .cfg_alpha_o, .cfg_beta_o, .cfg_cb_qp_o,
    .cfg_cr_qp_o,
    .data_valid_o, .data_ready_i, .data_o, .data_last_o, .err_o, .err_ev_o
  );

  `ASSERT_STABLE_STALL(DataStable_A, data_valid_o, data_ready_i, {data_o, data_last_o})
endmodule
