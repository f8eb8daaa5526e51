// intra_mode_edges: the Intra_4x4 / Intra_8x8 prediction modes of each macroblock's neighbour
// blocks, kept beside intra_edges as the decoder lane decodes macroblocks in raster order
// (golden: the MbInfo::modes that MbNeighbors::predicted_mode reads of the macroblocks A and
// B: 4x4 blocks (3, y) of the left one, (x, 3) of the one above; an I8x8 macroblock's modes
// are repeated over its 4x4 blocks, Intra16x16 and I_PCM macroblocks give 2, DC).
// Availability is intra_edges' (the same macroblocks A and B).
//
// Storage: a line buffer of MaxWidthMbs entries of 16 bits (the bottom row's four modes of
// the macroblock above), an inferred memory with one read and one write port; the left
// macroblock's right column (four modes) in a register.
//
// Parameters:
//   MaxWidthMbs  the widest picture, in macroblocks.
// Ports:
//   rd_i with rd_x_i: one cycle later left_o (mode of 4x4 block (3, y) of the left macroblock
//   at [4y +: 4]) and top_o (block (x, 3) of the one above at [4x +: 4]); don't care where the
//   neighbour is not available. The previous macroblock of the row must have been written.
//   wr_i with wr_x_i and modes_i (the written macroblock's 16 modes in luma4x4BlkIdx order,
//   block b at [4b +: 4]).
// Bits: MaxWidthMbs x 16 in the line buffer (7,680 for 480), 16 in a register.
module intra_mode_edges #(
  parameter  int unsigned MaxWidthMbs = 480,
  localparam int unsigned XW          = $clog2(MaxWidthMbs)
) (
  input  logic            clk_i,
  input  logic            rst_ni,  // no state needs a reset
  input  logic            rd_i,
  input  logic [XW-1:0]   rd_x_i,
  output logic [4*4-1:0]  left_o,
  output logic [4*4-1:0]  top_o,
  input  logic            wr_i,
  input  logic [XW-1:0]   wr_x_i,
  input  logic [16*4-1:0] modes_i
);
  logic unused_in;  // the blocks inside the macroblock
  assign unused_in = ^{rst_ni, modes_i[12*4 +: 4], modes_i[8*4 +: 8], modes_i[6*4 +: 4],
                       modes_i[0 +: 5*4]};
  logic [4*4-1:0] line_q [MaxWidthMbs];
  logic [4*4-1:0] left_q;

  // The written macroblock's bottom row (blocks 10, 11, 14, 15) and right column (5, 7, 13, 15).
  logic [4*4-1:0] bottom, right;
  assign bottom = {modes_i[15*4 +: 4], modes_i[14*4 +: 4], modes_i[11*4 +: 4],
                   modes_i[10*4 +: 4]};
  assign right  = {modes_i[15*4 +: 4], modes_i[13*4 +: 4], modes_i[7*4 +: 4],
                   modes_i[5*4 +: 4]};
  always_ff @(posedge clk_i) begin
    if (rd_i) begin
      top_o  <= line_q[rd_x_i];
      left_o <= left_q;
    end
    if (wr_i) begin
      line_q[wr_x_i] <= bottom;
      left_q         <= right;
    end
  end
endmodule
