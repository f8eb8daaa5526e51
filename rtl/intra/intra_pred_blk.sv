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
//   xterm_i, yterm_i, b_i, c_i   the block's plane terms (intra_setup)
//   pred_o   16 samples, raster order (sample (i, j) in bits [(4 * j + i) * 8 +: 8])
module intra_pred_blk #(
  parameter  int unsigned Kind      = 2,
  localparam int unsigned TermWidth = 18
) (
  input  logic [4*8-1:0]                top_i,
  input  logic [4*8-1:0]                left_i,
  input  logic [7:0]                    dc_i,
  input  logic signed [TermWidth-1:0]   xterm_i,
  input  logic signed [TermWidth-1:0]   yterm_i,
  input  logic signed [11:0]            b_i,
  input  logic signed [11:0]            c_i,
  output logic [16*8-1:0]               pred_o
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
    // (xterm + yterm + b * i + c * j) >>> 5, clipped to 0..255.
    logic signed [TermWidth-1:0] base;
    assign base = xterm_i + yterm_i;
    for (genvar j = 0; j < 4; j++) begin : g_row
      logic signed [TermWidth-1:0] row;
      assign row = base + TermWidth'(c_i) * TermWidth'(j);
      for (genvar i = 0; i < 4; i++) begin : g_col
        logic signed [TermWidth-1:0] v, q;
        assign v = row + TermWidth'(b_i) * TermWidth'(i);
        assign q = v >>> 5;
        assign pred_o[(4*j+i)*8 +: 8] =
            q[TermWidth-1] ? 8'd0 : (|q[TermWidth-2:8]) ? 8'd255 : q[7:0];
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
    assign unused = ^{xterm_i, yterm_i, b_i, c_i};
  end
endmodule
