// tensor_dec_top: the tensor decoder: Lanes decoder lanes, each decoding slices of tile
// pictures, their rows merged onto one port and converted back to floats (golden:
// tensor::codec::decode, for the BFP alignment with one exponent per row or one per tensor,
// the codec's default; D35).
//
// Work comes as parts (D35): a part is one slice of a tile's stream, given to a lane as that
// stream's SPS, PPS and the slice's NAL unit (Annex B bytes on the lane's in_* port; a lane
// takes its parts one after another as one byte stream, in_last_i on the last byte of its
// last part), with one band descriptor per macroblock row the slice touches on the lane's
// desc_* port (tensor_dec_rows: the tensor rows of the band's 16 picture rows, their E8M0
// codes, the tile's column offset and width, the output format). Which lane takes which
// part, the tile mapping, the row order and the codes are software's (parsed from the .tcz
// parameter block, as tensor::codec::decode parses it); everything from the bytes to the
// floats is here.
//
// Datapath: per lane dec_lane_i16 (Parts 1, Nxn 0, 4:0:0) -> tensor_dec_rows (macroblocks to row
// beats of 16 samples with their tensor row, column, count and code); prim_rr_arb (one row
// beat a cycle from the lanes, round robin) -> dealign (16 samples to FP32 / FP16 / BF16,
// golden align::dequantize_sample) -> out. Row beats leave in each lane's decoding order; the
// lanes interleave, so the output carries each beat's place (out_row_o, out_col_o: the
// tensor row and first column, out_count_o samples from data lane 0 on).
//
// Parameters:
//   Lanes        decoder lanes, >= 2.
//   MaxWidthMbs  the largest tile, in macroblocks each way (128: the codec's 2048 x 2048).
// Ports: valid/ready everywhere; err_o[l] is lane l's sticky error: dec_lane_i16's (a part the
// lane cannot decode, corrupt bytes) or tensor_dec_rows's (macroblocks that are not the ones
// the bands describe: a slice that ends early or runs long). After an error the lane drains.
module tensor_dec_top #(
  parameter  int unsigned Lanes       = 13,
  parameter  int unsigned MaxWidthMbs = 128,
  localparam int unsigned DW          = 16 * 40 + 5 + 12 + 32 + 2 + 7 + 8 + 1,
  localparam int unsigned XW          = $clog2(MaxWidthMbs)
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic [Lanes-1:0]    in_valid_i,
  output logic [Lanes-1:0]    in_ready_o,
  input  logic [Lanes*8-1:0]  in_byte_i,
  input  logic [Lanes-1:0]    in_last_i,
  input  logic [Lanes-1:0]    desc_valid_i,
  output logic [Lanes-1:0]    desc_ready_o,
  input  logic [Lanes*DW-1:0] desc_i,
  output logic                out_valid_o,
  input  logic                out_ready_i,
  output logic [16*32-1:0]    out_data_o,
  output logic [31:0]         out_row_o,
  output logic [31:0]         out_col_o,
  output logic [4:0]          out_count_o,
  output logic [Lanes-1:0]    err_o
);
  // Row beat: {fmt, code, row, col, count, samples}.
  localparam int unsigned RW = 2 + 8 + 32 + 32 + 5 + 128;
  logic [Lanes-1:0]    r_valid, r_ready;
  logic [Lanes*RW-1:0] r_beat;

  for (genvar l = 0; l < Lanes; l++) begin : g_lane
    logic             m_valid, m_ready, m_first;
    logic [384*8-1:0] m_mb;
    logic [XW-1:0]    m_x, m_y;
    logic [10:0]      m_w, m_h;
    logic [3:0]       m_cr, m_cb;
    logic             m_chroma, lane_err, rows_err;
    dec_lane_i16 #(
      .Chroma (1'b0), .Parts (1'b1), .Nxn (1'b0), .MaxWidthMbs (MaxWidthMbs)
    ) u_lane (
      .clk_i, .rst_ni, .in_valid_i (in_valid_i[l]), .in_ready_o (in_ready_o[l]),
      .in_byte_i (in_byte_i[l*8 +: 8]), .in_last_i (in_last_i[l]), .out_valid_o (m_valid),
      .out_ready_i (m_ready), .out_mb_o (m_mb), .out_x_o (m_x), .out_y_o (m_y),
      .out_first_o (m_first), .out_width_o (m_w), .out_height_o (m_h),
      .out_crop_right_o (m_cr), .out_crop_bottom_o (m_cb), .out_chroma_o (m_chroma),
      .err_o (lane_err)
    );
    // The tile's geometry comes with the band descriptors; chroma is zero in 4:0:0.
    logic unused;
    assign unused = ^{m_mb[384*8-1:256*8], m_w, m_h, m_cr, m_cb, m_chroma};

    logic [1:0]   f;
    logic [7:0]   c;
    logic [31:0]  row, col;
    logic [4:0]   n;
    logic [127:0] s;
    tensor_dec_rows #(.XW (XW)) u_rows (
      .clk_i, .rst_ni, .desc_valid_i (desc_valid_i[l]), .desc_ready_o (desc_ready_o[l]),
      .desc_i (desc_i[l*DW +: DW]), .mb_valid_i (m_valid), .mb_ready_o (m_ready),
      .mb_luma_i (m_mb[256*8-1:0]), .mb_x_i (m_x), .mb_y_i (m_y), .mb_first_i (m_first),
      .valid_o (r_valid[l]), .ready_i (r_ready[l]), .fmt_o (f), .code_o (c), .row_o (row),
      .col_o (col), .count_o (n), .sample_o (s), .err_o (rows_err)
    );
    assign err_o[l] = lane_err || rows_err;
    assign r_beat[l*RW +: RW] = {f, c, row, col, n, s};
  end

  // One row beat a cycle from the lanes.
  logic          a_valid, a_ready;
  logic [RW-1:0] a_beat;
  logic [$clog2(Lanes)-1:0] a_idx;
  prim_rr_arb #(.N (Lanes), .Width (RW)) u_arb (
    .clk_i, .rst_ni, .valid_i (r_valid), .ready_o (r_ready), .d_i (r_beat),
    .valid_o (a_valid), .ready_i (a_ready), .q_o (a_beat), .idx_o (a_idx)
  );
  logic unused_idx;
  assign unused_idx = ^a_idx;

  logic [1:0]   a_fmt;
  logic [7:0]   a_code;
  logic [68:0]  a_place;  // {row, col, count}
  logic [127:0] a_s;
  assign {a_fmt, a_code, a_place, a_s} = a_beat;
  dealign #(.N (16), .UserWidth (69)) u_dealign (
    .clk_i, .rst_ni, .valid_i (a_valid), .ready_o (a_ready), .fmt_i (a_fmt), .code_i (a_code),
    .sample_i (a_s), .user_i (a_place), .valid_o (out_valid_o), .ready_i (out_ready_i),
    .data_o (out_data_o), .user_o ({out_row_o, out_col_o, out_count_o})
  );
endmodule
