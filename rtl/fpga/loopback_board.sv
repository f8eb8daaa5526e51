// loopback_board: loopback_i16 on a board (docs/decisions.md D37: the bitstream of `make
// fpga`, pins of a ULX3S, synth/fpga/ulx3s.lpf): pictures from a generator of its own, coded
// by the encoder lane, decoded by the decoder lane and compared, without end; the status on
// eight LEDs.
//
// Pictures: 64 x 48, 4:2:0, two slices, dead zone 0, each macroblock's QP from the map
// (16..47, cycling); samples a gradient plus noise from a 32-bit Galois LFSR stepped every
// beat, so no two pictures are the same.
// Reset: rst_ni (a button, active low) and at power-up (board_reset).
// LEDs: [0] pass (macroblocks compared, none differed, no decoder error), [1] mismatch, [2]
//   decoder error, [3] bit 17 of the compared macroblocks (toggles about twice a second
//   at 25 MHz), [7:4] the stream bytes passed, bits 22..25 (progress).
module loopback_board (
  input  logic       clk_i,
  input  logic       rst_ni,
  output logic [7:0] led_o
);
  localparam int unsigned WidthMbs  = 4;
  localparam int unsigned HeightMbs = 3;
  localparam int unsigned MbBeats   = 24;  // 16 luma beats, 4 Cb, 4 Cr

  logic rst_n;
  board_reset u_reset (.clk_i, .rst_ni, .rst_no (rst_n));

  // The generator: beat k of macroblock (x, y), the LFSR's noise on a gradient.
  logic [4:0]  beat_q;
  logic [1:0]  x_q;
  logic [1:0]  y_q;
  logic [5:0]  qp_q;
  logic [31:0] lfsr_q;
  logic        in_ready;
  logic [127:0] data;
  for (genvar k = 0; k < 16; k++) begin : g_sample
    assign data[8 * k +: 8] = ({x_q, 4'(k), 2'b0} + {y_q, beat_q[3:0], 2'b0}) ^ {4'b0, lfsr_q[k +: 4]};
  end
  always_ff @(posedge clk_i) begin
    if (!rst_n) begin
      beat_q <= '0;
      x_q    <= '0;
      y_q    <= '0;
      qp_q   <= 6'd16;
      lfsr_q <= 32'h1;
    end else if (in_ready) begin
      lfsr_q <= {1'b0, lfsr_q[31:1]} ^ (lfsr_q[0] ? 32'h8020_0003 : 32'h0);
      if (beat_q != 5'(MbBeats - 1)) begin
        beat_q <= beat_q + 5'd1;
      end else begin
        beat_q <= '0;
        qp_q   <= qp_q == 6'd47 ? 6'd16 : qp_q + 6'd1;
        if (x_q != 2'(WidthMbs - 1)) begin
          x_q <= x_q + 2'd1;
        end else begin
          x_q <= '0;
          y_q <= y_q == 2'(HeightMbs - 1) ? '0 : y_q + 2'd1;
        end
      end
    end
  end

  logic [31:0] mbs, bytes;
  logic        mismatch, err;
  loopback_i16 #(.Chroma (1'b1), .MaxWidthMbs (16)) u_loop (
    .clk_i, .rst_ni (rst_n), .cfg_width_i (14'(WidthMbs * 16)),
    .cfg_height_i (14'(HeightMbs * 16)), .cfg_chroma_i (1'b1), .cfg_slices_i (9'd2),
    .cfg_qp_i (6'd26), .cfg_qp_map_i (1'b1), .cfg_dz_i (10'd0), .in_valid_i (rst_n),
    .in_ready_o (in_ready), .in_data_i (data), .in_qp_i (qp_q), .flip_i (1'b0), .mbs_o (mbs),
    .bytes_o (bytes), .mismatch_o (mismatch), .err_o (err)
  );
  assign led_o = {bytes[25:22], mbs[17], err, mismatch, mbs != '0 && !mismatch && !err};

  logic unused;
  assign unused = ^{mbs[31:18], mbs[16:0], bytes[31:26], bytes[21:0]};
endmodule
