// enc_mb_walk: where the encoder lane is in the picture: the macroblock it takes next, in
// raster order, and the slice that macroblock belongs to (golden: encoder::Encoder::encode's
// slices, macroblocks total * s / slices .. total * (s + 1) / slices of slice s).
//
// The slice ends come from a running difference instead of a division: for macroblock a of
// slice s, d = total * (s + 1) - (a + 1) * slices. Slice s ends at a + 1 = floor(total * (s +
// 1) / slices), that is where 0 <= d < slices; d >= 0 holds for every macroblock of the slice
// (a + 1 <= its end), and each slice has at least one macroblock (total >= slices). Stepping
// from a to a + 1 subtracts slices, and adds total when a ended slice s.
//
// A walk may also cover a part of a picture (the encoder lane's Parts mode, D36): one slice
// from macroblock start_addr_i (at start_x_i, start_y_i) to total_i - 1, with slices_i = 1;
// then d starts at total - (start + 1), the same formula for s = 0.
//
// Parameters:
//   XW, AW  bits of a macroblock coordinate and of a macroblock address.
// Ports:
//   width_i, total_i, slices_i: the picture (macroblocks; 1 <= slices_i <= total_i), held
//   while a picture is coded; total_i is where the walk ends (a part: its end address).
//   start_addr_i, start_x_i, start_y_i: where a walk starts (0 for whole pictures; with
//   slices_i = 1 otherwise), taken at reset, after a walk's last macroblock and on load_i.
//   load_i: start a walk now (the lane's Parts mode, between parts; never with step_i).
//   step_i: the current macroblock is done; the outputs move to the next one (after the
//   picture's last, to the first of the next picture).
//   x_o, y_o, addr_o: the current macroblock; first_o / last_o: it starts / ends its slice;
//   pic_last_o: it ends the picture; slice_first_o and slice_x_o: its slice's first_mb_in_slice
//   and that macroblock's x.
module enc_mb_walk #(
  parameter int unsigned XW = 9,
  parameter int unsigned AW = 19
) (
  input  logic          clk_i,
  input  logic          rst_ni,
  input  logic [XW-1:0] width_i,
  input  logic [AW-1:0] total_i,
  input  logic [AW-1:0] slices_i,
  input  logic [AW-1:0] start_addr_i,
  input  logic [XW-1:0] start_x_i,
  input  logic [XW-1:0] start_y_i,
  input  logic          load_i,
  input  logic          step_i,
  output logic [XW-1:0] x_o,
  output logic [XW-1:0] y_o,
  output logic [AW-1:0] addr_o,
  output logic          first_o,
  output logic          last_o,
  output logic          pic_last_o,
  output logic [AW-1:0] slice_first_o,
  output logic [XW-1:0] slice_x_o
);
  logic          pic_start_q;  // the current macroblock is the picture's first
  logic [AW:0]   d_q, d;
  assign d          = pic_start_q ? {1'b0, total_i - slices_i - start_addr_i} : d_q;
  assign last_o     = d < {1'b0, slices_i};
  assign pic_last_o = addr_o == total_i - AW'(1);
  assign first_o    = addr_o == slice_first_o;

  always_ff @(posedge clk_i) begin
    // Reset, the end of a picture and a load start the walk over (d_q is then unused:
    // pic_start_q).
    if (!rst_ni || (step_i && pic_last_o) || load_i) begin
      pic_start_q   <= 1'b1;
      x_o           <= start_x_i;
      y_o           <= start_y_i;
      addr_o        <= start_addr_i;
      slice_first_o <= start_addr_i;
      slice_x_o     <= start_x_i;
      d_q           <= '0;
    end else if (step_i) begin
      pic_start_q <= 1'b0;
      addr_o      <= addr_o + AW'(1);
      if (x_o == width_i - XW'(1)) begin
        x_o <= '0;
        y_o <= y_o + XW'(1);
      end else begin
        x_o <= x_o + XW'(1);
      end
      if (last_o) begin
        slice_first_o <= addr_o + AW'(1);
        slice_x_o     <= (x_o == width_i - XW'(1)) ? '0 : x_o + XW'(1);
      end
      d_q <= d + (last_o ? {1'b0, total_i} : '0) - {1'b0, slices_i};
    end
  end

  // Checked when a macroblock is taken (step_i), the only time the outputs are used: in the
  // lane's Parts mode they are stale between a part's end and the next part's load.
  `ASSERT(SliceEnd_A, !step_i || !pic_last_o || last_o)
  `ASSERT(PartOneSlice_A, start_addr_i == '0 || slices_i == AW'(1))
  `ASSERT(LoadNotStep_A, !(load_i && step_i))
  `ASSERT(NoUnderflow_A, !step_i || pic_last_o || d + (last_o ? {1'b0, total_i} : '0) >= {1'b0, slices_i})
endmodule
