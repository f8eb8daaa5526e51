// intra_pred_blk: one 4x4 block of a whole-block intra prediction, for one prediction kind
// (golden: intra::pred16x16::Edges16x16::predict for Intra_16x16 and intra::chroma's
// predict_chroma for 4:2:0 chroma, restricted to the 4x4 block at (4 * bx, 4 * by)).
//
// Parameters:
//   Kind   0 vertical, 1 horizontal, 2 DC, 3 plane (Intra_16x16 numbering, Table 8-4; chroma
//          modes map to these: chroma DC -> 2, horizontal -> 1, vertical -> 0, plane -> 3).
// Ports (combinational):
//   top_i    p[4 * bx + i, -1], i = 0..3;  left_i  p[-1, 4 * by + j], j = 0..3
//   dc_i     the block's DC prediction (intra_setup)
//   col_i, row_i   the block's plane terms (intra_setup's col_o[4 * bx + i], i = 0..3, and
//            row_o[4 * by + j], j = 0..3): the plane prediction of sample (i, j) is
//            Clip1((col[i] + row[j]) >>> 5), one add (the sum fits 16 bits signed)
//   pred_o   16 samples, raster order (sample (i, j) in bits [(4 * j + i) * 8 +: 8])
module intra_pred_blk #(
  parameter  int unsigned Kind     = 2,
  localparam int unsigned ColWidth = 14,
  localparam int unsigned RowWidth = 15
) (
  input  logic [4*8-1:0]        top_i,
  input  logic [4*8-1:0]        left_i,
  input  logic [7:0]            dc_i,
  input  logic [4*ColWidth-1:0] col_i,
  input  logic [4*RowWidth-1:0] row_i,
  output logic [16*8-1:0]       pred_o
);
  if (Kind == 0) begin : g_vertical
    for (genvar j = 0; j < 4; j++) begin : g_row
      assign pred_o[j*32 +: 32] = top_i;
    end
  end else if (Kind == 1) begin : g_horizontal
    for (genvar j = 0; j < 4; j++) begin : g_row
      assign pred_o[j*32 +: 32] = {4{left_i[j*8 +: 8]}};
    end
  end else if (Kind == 2) begin : g_dc
    assign pred_o = {16{dc_i}};
  end else begin : g_plane
    // (col[i] + row[j]) >>> 5, clipped to 0..255.
    for (genvar j = 0; j < 4; j++) begin : g_row
      for (genvar i = 0; i < 4; i++) begin : g_col
        logic signed [15:0] v;
        assign v = 16'($signed(col_i[i*ColWidth +: ColWidth])) +
                   16'($signed(row_i[j*RowWidth +: RowWidth]));
        // v >>> 5 is v[15:5]: negative -> 0, above 255 -> 255.
        assign pred_o[(4*j+i)*8 +: 8] = v[15] ? 8'd0 : (|v[14:13]) ? 8'd255 : v[12:5];
        logic unused_low;
        assign unused_low = ^v[4:0];
      end
    end
  end

  if (Kind != 0) begin : g_unused_top
    logic unused;
    assign unused = ^top_i;
  end
  if (Kind != 1) begin : g_unused_left
    logic unused;
    assign unused = ^left_i;
  end
  if (Kind != 2) begin : g_unused_dc
    logic unused;
    assign unused = ^dc_i;
  end
  if (Kind != 3) begin : g_unused_plane
    logic unused;
    assign unused = ^{col_i, row_i};
  end
endmodule
