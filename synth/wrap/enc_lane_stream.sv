// enc_lane_stream: the synthesis block of the encoder lane (synth/blocks.toml, encoder_lane):
// rtl/encoder/enc_lane_i16.sv with its configuration and sample ports merged into one input
// stream, so that synth/tb/stream_tb.sv can drive it, and its byte stream as the one output
// (the reconstruction port is always ready: it also feeds the lane's own line buffer, so no
// logic goes away). The configuration beat is held in registers here (79 flops of wrapper).
//
// in_i (144 bits, verif::intra::lane_columns): bit 143 set: a configuration beat, width
// [13:0], height [27:14], chroma [28], slices [47:29], QP [53:48], QP map [54], dead zone
// [64:55]; clear: 16 samples [127:0] with the macroblock's QP [133:128].
// out: byte_o, last_o on each NAL unit's last byte.
//
// Latency: that of enc_lane_i16.
module enc_lane_stream #(
  parameter  bit          Chroma      = 1'b1,
  parameter  int unsigned MaxWidthMbs = 16,
  localparam int unsigned AW          = 2 * $clog2(MaxWidthMbs) + 1
) (
  input  logic         clk_i,
  input  logic         rst_ni,
  input  logic         valid_i,
  output logic         ready_o,
  input  logic [143:0] in_i,
  output logic         valid_o,
  input  logic         ready_i,
  output logic [7:0]   byte_o,
  output logic         last_o
);
  logic          is_cfg;
  logic [13:0]   width_q, height_q;
  logic          chroma_q, qp_map_q;
  logic [AW-1:0] slices_q;
  logic [5:0]    qp_q;
  logic [9:0]    dz_q;
  assign is_cfg = in_i[143];
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      width_q  <= '0;
      height_q <= '0;
      chroma_q <= 1'b0;
      slices_q <= '0;
      qp_q     <= '0;
      qp_map_q <= 1'b0;
      dz_q     <= '0;
    end else if (valid_i && is_cfg) begin
      width_q  <= in_i[13:0];
      height_q <= in_i[27:14];
      chroma_q <= in_i[28];
      slices_q <= in_i[29 +: AW];
      qp_q     <= in_i[53:48];
      qp_map_q <= in_i[54];
      dz_q     <= in_i[64:55];
    end
  end

  logic              in_ready, rec_valid, part_ready;
  logic [384*8-1:0]  rec;
  enc_lane_i16 #(.Chroma (Chroma), .MaxWidthMbs (MaxWidthMbs)) u_lane (
    .clk_i, .rst_ni, .cfg_width_i (width_q), .cfg_height_i (height_q), .cfg_chroma_i (chroma_q),
    .cfg_slices_i (slices_q), .cfg_qp_i (qp_q), .cfg_qp_map_i (qp_map_q), .cfg_dz_i (dz_q),
    .cfg_t8_i (1'b0), .part_valid_i (1'b0), .part_ready_o (part_ready), .part_width_i ('0),
    .part_height_i ('0), .part_first_i ('0), .part_x_i ('0), .part_y_i ('0), .part_count_i ('0),
    .part_ps_i (1'b0), .in_valid_i (valid_i && !is_cfg), .in_ready_o (in_ready), .in_data_i (in_i[127:0]),
    .in_qp_i (in_i[133:128]), .out_valid_o (valid_o), .out_ready_i (ready_i),
    .out_byte_o (byte_o), .out_last_o (last_o), .rec_valid_o (rec_valid), .rec_ready_i (1'b1),
    .rec_o (rec)
  );
  assign ready_o = is_cfg || in_ready;

  logic unused;
  assign unused = ^{in_i[142:134], in_i[29 + AW +: 19 - AW], rec_valid, rec, part_ready};
endmodule
