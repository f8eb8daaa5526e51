// tensor_dec_rows: one decoder lane's reconstructed macroblocks as rows of tensor samples, each
// with its place in the tensor and its alignment code (golden: the part of
// tensor::codec::decode after the tile's picture is decoded: mapping::insert of the tile,
// the row order undone, and align::dealign's choice of each row's E8M0 code; the float
// conversion itself is dealign's, after tensor_dec_top's merge).
//
// A band descriptor (desc_i, one beat per macroblock row of a part, in the part's order: D35)
// says, for the 16 picture rows of that macroblock row, which tensor row each one is
// (row k: desc_i[k*32 +: 32], the row order undone), its E8M0 code (desc_i[512 + k*8 +: 8];
// one code in all 16 for a tensor with one scale), and then: how many of the 16 are in the
// tile (nrows, 1..16: the bottom band of a tile whose height is not a multiple of 16), the
// tile's first column in the tensor (col0) and its width in samples (cols, 1..2048), the
// output format (fmt, dealign's encoding), the band's macroblock row (y), how many of the
// part's macroblocks lie in it (mbs, >= 1), and whether it is the part's first (first).
// Per macroblock: nrows row beats, one a cycle: the 16 luma samples of row k, the tensor row
// and code of row k, the column col0 + 16 x and the count of samples in the tile
// (min(16, cols - 16 x)); the macroblock is taken (mb_ready_o) with its last row's beat.
// The macroblocks must be the ones the bands describe: a band's first macroblock in its row
// y, starting a part (mb_first_i) exactly when the band says so, then mbs - 1 more of the same
// row. Anything else (a slice that ends early or runs long, corrupt data the lane did not
// catch) raises err_o, sticky until reset; from then on macroblocks and bands are taken and
// dropped, so that nothing upstream waits.
// Latency: a row beat the cycle after its band is there (rows from registers).
//
// Parameters:
//   XW  bits of the macroblock coordinates (the lane's; a band's y has 7: tiles of up to 128
//       macroblock rows).
// Ports: valid/ready on all three; the lane's output (mb_*) is held until its last row goes.
module tensor_dec_rows #(
  parameter  int unsigned XW = 7,
  localparam int unsigned DW = 16 * 40 + 5 + 12 + 32 + 2 + 7 + 8 + 1  // band descriptor
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            desc_valid_i,
  output logic            desc_ready_o,
  input  logic [DW-1:0]   desc_i,
  input  logic            mb_valid_i,
  output logic            mb_ready_o,
  input  logic [256*8-1:0] mb_luma_i,
  input  logic [XW-1:0]   mb_x_i,
  input  logic [XW-1:0]   mb_y_i,
  input  logic            mb_first_i,
  output logic            valid_o,
  input  logic            ready_i,
  output logic [1:0]      fmt_o,
  output logic [7:0]      code_o,
  output logic [31:0]     row_o,
  output logic [31:0]     col_o,
  output logic [4:0]      count_o,
  output logic [16*8-1:0] sample_o,
  output logic            err_o
);
  // The band held: its fields, and how many of its macroblocks are still to come.
  logic           band_v_q;
  logic [DW-1:0]  band_q;
  logic [1:0]     b_fmt;
  logic [31:0]    b_col0;
  logic [11:0]    b_cols;
  logic [4:0]     b_nrows;
  logic [6:0]     b_y, d_y;
  logic [7:0]     b_mbs, d_mbs;
  logic           b_first, d_first;
  assign {b_first, b_mbs, b_y, b_fmt, b_col0, b_cols, b_nrows} = band_q[DW-1:640];
  assign {d_first, d_mbs, d_y} = desc_i[DW-1 -: 16];
  logic [7:0]     left_q;
  logic           err_q;
  logic           unused_band;  // checked when the band was loaded
  assign unused_band = ^{b_mbs, b_first};

  // A macroblock continues the held band, or takes the next descriptor, which must be its.
  logic       busy_q;  // the macroblock's band is held: its rows go out
  logic [3:0] k_q;
  logic       cont, fresh, start, bad;
  assign cont         = band_v_q && left_q != '0;
  assign desc_ready_o = err_q || (mb_valid_i && !busy_q && !cont);
  assign fresh        = desc_valid_i && d_mbs != '0 && 7'(mb_y_i) == d_y &&
                        mb_first_i == d_first;
  assign start        = mb_valid_i && !busy_q && !err_q &&
                        (cont ? (!mb_first_i && 7'(mb_y_i) == b_y) : fresh);
  assign bad          = mb_valid_i && !busy_q && !err_q && !start && (cont || desc_valid_i);
  assign err_o        = err_q;

  // The beat of row k_q.
  logic [15:0] rest;  // samples from this macroblock's column to the tile's right edge
  assign rest     = 16'(b_cols) - 16'({mb_x_i, 4'd0});
  assign valid_o  = busy_q && !err_q;
  assign fmt_o    = b_fmt;
  assign row_o    = band_q[32 * k_q +: 32];
  assign code_o   = band_q[512 + 8 * k_q +: 8];
  assign col_o    = b_col0 + 32'({mb_x_i, 4'd0});
  assign count_o  = (rest >= 16'd16) ? 5'd16 : rest[4:0];
  assign sample_o = mb_luma_i[128 * k_q +: 128];
  logic last_row;
  assign last_row   = 5'(k_q) + 5'd1 >= b_nrows;  // nrows 0 (never sent) ends after one row
  assign mb_ready_o = err_q || (busy_q && ready_i && last_row);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      band_v_q <= 1'b0;
      busy_q   <= 1'b0;
      k_q      <= '0;
      left_q   <= '0;
      err_q    <= 1'b0;
    end else begin
      if (start && !cont) begin
        band_q   <= desc_i;
        band_v_q <= 1'b1;
        left_q   <= d_mbs - 8'd1;
      end else if (start) begin
        left_q <= left_q - 8'd1;
      end
      if (start) begin
        busy_q <= 1'b1;
        k_q    <= '0;
      end else if (busy_q && ready_i) begin
        k_q <= k_q + 4'd1;
        if (last_row) busy_q <= 1'b0;
      end
      if (bad) err_q <= 1'b1;
    end
  end

  `ASSERT(BandRows_A, busy_q && !err_q |-> b_nrows != '0 && b_nrows <= 5'd16)
  `ASSERT(BandInTile_A, busy_q && !err_q |-> 16'({mb_x_i, 4'd0}) < 16'(b_cols))
  `ASSERT_STABLE_STALL(RowStable_A, valid_o, ready_i, {row_o, col_o, count_o, sample_o})
endmodule
