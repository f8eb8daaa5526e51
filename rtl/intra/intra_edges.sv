// intra_edges: the reconstructed neighbours of each macroblock for the whole-block intra
// predictions, kept as either lane (enc_lane_i16, dec_lane_i16) codes macroblocks in raster
// order (golden:
// intra::neighbours::gather for 16x16 luma and 8x8 chroma blocks, with
// MbNeighbors::avail_mb's availability: a neighbour macroblock is available when it lies in
// the picture and in the current slice).
//
// Storage: a line buffer of MaxWidthMbs entries, each the bottom row of the macroblock above
// (16 luma, 8 Cb, 8 Cr samples: 256 bits), an inferred memory with one read and one write
// port; the left column (32 samples) and the three corner samples in registers. The corner of
// macroblock (x, y) is sample 15 (7) of line entry x - 1 as it was before macroblock (x - 1,
// y) replaced it: kept aside when macroblock (x - 1, y) read that entry as its top row.
//
// Parameters:
//   MaxWidthMbs  the widest picture, in macroblocks (480: 7680 luma samples).
// Ports:
//   rd_i with rd_x_i, rd_y_i (macroblock coordinates), rd_addr_i (its address) and
//   slice_first_i (first_mb_in_slice of its slice): one cycle later top_o, left_o, corner_o
//   and avail_o {top_left, left, top} hold its neighbours, in enc_decide_i16's layout, zero
//   where not available. The previous macroblock of the same row must have been written.
//   rd_tr_i, the cycle after rd_i (or later, before the next rd_i and any wr_i): one cycle
//   later top_right_o holds the first 8 luma samples of the bottom row of the macroblock
//   above and to the right (line entry rd_x_i + 1: the top-right samples of Intra_4x4 /
//   Intra_8x8 blocks on the macroblock's top edge; golden MbNeighbors' c) and avail_tr_o
//   its availability (zero samples where not available). One read port: rd_tr_i reads the
//   line buffer in a cycle of its own.
//   wr_i with wr_x_i and recon_i (the reconstructed macroblock, enc_resid_i16's recon_o
//   layout): stores its bottom row and right column.
// Bits: MaxWidthMbs x 256 in the line buffer (122,880 for 480), 256 + 24 in registers.
module intra_edges #(
  parameter  int unsigned MaxWidthMbs = 480,
  localparam int unsigned XW          = $clog2(MaxWidthMbs),
  localparam int unsigned AW          = 2 * XW + 1  // macroblock addresses (MaxWidthMbs^2)
) (
  input  logic              clk_i,
  input  logic              rst_ni,  // no state needs a reset (the tops' common port list)
  input  logic              rd_i,
  input  logic [XW-1:0]     rd_x_i,
  input  logic [XW-1:0]     rd_y_i,
  input  logic [AW-1:0]     rd_addr_i,
  input  logic [AW-1:0]     slice_first_i,
  input  logic [XW-1:0]     width_i,
  output logic [32*8-1:0]   top_o,
  output logic [32*8-1:0]   left_o,
  output logic [3*8-1:0]    corner_o,
  output logic [2:0]        avail_o,
  input  logic              rd_tr_i,
  output logic [8*8-1:0]    top_right_o,
  output logic              avail_tr_o,
  input  logic              wr_i,
  input  logic [XW-1:0]     wr_x_i,
  input  logic [384*8-1:0]  recon_i
);
  logic unused_rst;
  assign unused_rst = rst_ni;
  logic [255:0]    line_q [MaxWidthMbs];
  logic [32*8-1:0] left_q;

  // The bottom row of the written macroblock, and its right column.
  logic [255:0]    bottom;
  logic [32*8-1:0] right;
  always_comb begin
    for (int i = 0; i < 16; i++) begin
      bottom[i*8 +: 8] = recon_i[(16 * 15 + i) * 8 +: 8];
      right[i*8 +: 8]  = recon_i[(16 * i + 15) * 8 +: 8];
    end
    for (int c = 0; c < 2; c++) begin
      for (int i = 0; i < 8; i++) begin
        bottom[(16 + 8 * c + i) * 8 +: 8] = recon_i[(256 + 64 * c + 8 * 7 + i) * 8 +: 8];
        right[(16 + 8 * c + i) * 8 +: 8]  = recon_i[(256 + 64 * c + 8 * i + 7) * 8 +: 8];
      end
    end
  end

  // Availability (MbNeighbors::of + avail_mb): in the picture and not before the slice.
  logic [AW-1:0] w_ext;
  logic          top, left, top_left, top_right;
  assign w_ext    = AW'(width_i);
  assign top      = rd_y_i != '0 && rd_addr_i >= slice_first_i + w_ext;
  assign left     = rd_x_i != '0 && rd_addr_i >= slice_first_i + AW'(1);
  assign top_left = rd_x_i != '0 && rd_y_i != '0 && rd_addr_i >= slice_first_i + w_ext + AW'(1);
  assign top_right = rd_y_i != '0 && 32'(rd_x_i) + 1 < 32'(width_i) &&
                     rd_addr_i + AW'(1) >= slice_first_i + w_ext;

  logic [255:0]   line;
  logic [3*8-1:0] corner_next_q;  // the corner of the macroblock to the right of the last read
  logic [XW-1:0]  tr_x_q;         // the entry rd_tr_i reads
  logic           tr_avail_q;
  assign line = line_q[rd_i ? rd_x_i : tr_x_q];
  always_ff @(posedge clk_i) begin
    if (rd_tr_i) begin
      avail_tr_o  <= tr_avail_q;
      top_right_o <= tr_avail_q ? line[0 +: 64] : '0;
    end
    if (rd_i) begin
      tr_x_q        <= rd_x_i + XW'(1);
      tr_avail_q    <= top_right;
      avail_o       <= {top_left, left, top};
      top_o         <= top ? line : '0;
      left_o        <= left ? left_q : '0;
      corner_o      <= top_left ? corner_next_q : '0;
      corner_next_q <= {line[(16 + 8 + 7) * 8 +: 8], line[(16 + 7) * 8 +: 8], line[15 * 8 +: 8]};
    end
    if (wr_i) begin
      line_q[wr_x_i] <= bottom;
      left_q         <= right;
    end
  end
endmodule
