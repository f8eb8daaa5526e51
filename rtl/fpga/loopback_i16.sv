// loopback_i16: the first board test (docs/decisions.md D37): the encoder lane's byte stream
// straight into the decoder lane, every decoded macroblock compared with the encoder's own
// reconstruction of it. The two must be equal bit for bit (both lanes are bit-exact with the
// golden model); mismatch_o rises, and stays, at the first beat that differs.
//
//   in -> enc_lane_i16 -- bytes (out_last_o on each NAL unit's last byte) --> dec_lane_i16
//                      \- rec: 24 beats of 128 bits a macroblock -> prim_ram_fifo -> compare
//
// The reconstruction waits in a queue (block RAM on an FPGA) until the decoder gives the same
// macroblock: Beats / 24 macroblocks (21 at the default 512), more than the decoder lags the
// encoder (a macroblock's bytes leave the encoder's CABAC within a few macroblocks; a slice's
// last bytes when it ends). Each NAL unit ends the decoder's stream (in_last_i): nal_read then
// ends the unit without waiting for the next start code. The encoder's reconstruction port
// takes a macroblock in 24 cycles and the comparison one in 24, fewer than the encoder's
// cycles a macroblock (about 78 for 4:0:0, 102 for 4:2:0), so the check costs no throughput.
// A 4:0:0 picture's chroma beats (the decoder's zero chroma) are not compared.
//
// Parameters: Chroma, MaxWidthMbs (both lanes'); Beats, the queue's depth in beats (a power of
//   two).
// Ports: cfg_* and in: enc_lane_i16's (whole pictures, Parts = 0). mbs_o: macroblocks compared;
//   bytes_o: stream bytes passed; mismatch_o: a compared beat differed (sticky); err_o: the
//   decoder lane's error flag (sticky). flip_i: a test input, tied low on a board: while it is
//   high, bit 0 of every beat written to the queue is inverted, a planted difference that the
//   comparison must catch (sim/tests/loopback.rs).
module loopback_i16 #(
  parameter  bit          Chroma      = 1'b1,
  parameter  int unsigned MaxWidthMbs = 16,
  parameter  int unsigned Beats       = 512,
  localparam int unsigned XW          = $clog2(MaxWidthMbs),
  localparam int unsigned AW          = 2 * XW + 1
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic [13:0]     cfg_width_i,
  input  logic [13:0]     cfg_height_i,
  input  logic            cfg_chroma_i,
  input  logic [AW-1:0]   cfg_slices_i,
  input  logic [5:0]      cfg_qp_i,
  input  logic            cfg_qp_map_i,
  input  logic [9:0]      cfg_dz_i,
  input  logic            in_valid_i,
  output logic            in_ready_o,
  input  logic [16*8-1:0] in_data_i,
  input  logic [5:0]      in_qp_i,
  input  logic            flip_i,
  output logic [31:0]     mbs_o,
  output logic [31:0]     bytes_o,
  output logic            mismatch_o,
  output logic            err_o
);
  localparam int unsigned MbBeats = 24;  // 384 samples, 16 a beat
  localparam int unsigned Luma    = 16;  // the luma beats come first

  // Encoder lane: bytes to the decoder lane, the reconstruction to the queue.
  logic             b_valid, b_ready, b_last, rec_valid, rec_ready, part_ready;
  logic [7:0]       b_byte;
  logic [384*8-1:0] rec;
  enc_lane_i16 #(.Chroma (Chroma), .MaxWidthMbs (MaxWidthMbs)) u_enc (
    .clk_i, .rst_ni, .cfg_width_i, .cfg_height_i, .cfg_chroma_i, .cfg_slices_i, .cfg_qp_i,
    .cfg_qp_map_i, .cfg_dz_i, .cfg_t8_i (1'b0), .part_valid_i (1'b0),
    .part_ready_o (part_ready), .part_width_i ('0), .part_height_i ('0), .part_first_i ('0),
    .part_x_i ('0), .part_y_i ('0), .part_count_i ('0), .part_ps_i (1'b0),
    .in_valid_i, .in_ready_o, .in_data_i, .in_qp_i,
    .out_valid_o (b_valid), .out_ready_i (b_ready), .out_byte_o (b_byte),
    .out_last_o (b_last), .rec_valid_o (rec_valid), .rec_ready_i (rec_ready), .rec_o (rec)
  );

  // Decoder lane.
  logic             d_valid, d_ready, d_first, d_chroma;
  logic [384*8-1:0] d_mb;
  logic [XW-1:0]    d_x, d_y;
  logic [10:0]      d_width, d_height;
  logic [3:0]       d_crop_right, d_crop_bottom;
  dec_lane_i16 #(.Chroma (Chroma), .Nxn (1'b0), .MaxWidthMbs (MaxWidthMbs)) u_dec (
    .clk_i, .rst_ni, .in_valid_i (b_valid), .in_ready_o (b_ready), .in_byte_i (b_byte),
    .in_last_i (b_last), .out_valid_o (d_valid), .out_ready_i (d_ready), .out_mb_o (d_mb),
    .out_x_o (d_x), .out_y_o (d_y), .out_first_o (d_first), .out_width_o (d_width),
    .out_height_o (d_height), .out_crop_right_o (d_crop_right),
    .out_crop_bottom_o (d_crop_bottom), .out_chroma_o (d_chroma), .err_o
  );

  // The reconstruction into the queue, a beat a cycle; the macroblock is taken with its last.
  logic [4:0]   wk_q, rk_q;  // beat of the macroblock going in / being compared
  logic         q_valid, q_ready, w_valid, w_ready;
  logic [127:0] q_beat;
  assign w_valid   = rec_valid;
  assign rec_ready = w_ready && wk_q == 5'(MbBeats - 1);
  prim_ram_fifo #(.Width (128), .Depth (Beats)) u_queue (
    .clk_i, .rst_ni, .valid_i (w_valid), .ready_o (w_ready), .d_i (rec[wk_q * 128 +: 128] ^ 128'(flip_i)),
    .valid_o (q_valid), .ready_i (q_ready), .q_o (q_beat)
  );

  // The decoded macroblock against the queue, a beat a cycle; it is taken with its last beat.
  logic compare;
  assign q_ready = d_valid;
  assign d_ready = q_valid && rk_q == 5'(MbBeats - 1);
  assign compare = d_valid && q_valid && (rk_q < 5'(Luma) || d_chroma);

  logic [31:0] mbs_q, bytes_q;
  logic        mismatch_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      wk_q       <= '0;
      rk_q       <= '0;
      mbs_q      <= '0;
      bytes_q    <= '0;
      mismatch_q <= 1'b0;
    end else begin
      if (w_valid && w_ready) wk_q <= wk_q == 5'(MbBeats - 1) ? '0 : wk_q + 5'd1;
      if (d_valid && q_valid) rk_q <= rk_q == 5'(MbBeats - 1) ? '0 : rk_q + 5'd1;
      if (d_valid && d_ready) mbs_q <= mbs_q + 32'd1;
      if (b_valid && b_ready) bytes_q <= bytes_q + 32'd1;
      if (compare && d_mb[rk_q * 128 +: 128] != q_beat) mismatch_q <= 1'b1;
    end
  end
  assign mbs_o      = mbs_q;
  assign bytes_o    = bytes_q;
  assign mismatch_o = mismatch_q;

  logic unused;
  assign unused = ^{part_ready, d_first, d_x, d_y, d_width, d_height, d_crop_right,
                    d_crop_bottom};

  `ASSERT(RecBeat_A, !(w_valid && w_ready) || wk_q < 5'(MbBeats))
endmodule
