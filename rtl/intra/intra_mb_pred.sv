// intra_mb_pred: the whole-block intra predictions of one macroblock, a 4x4 block at a time
// (golden: intra::pred16x16's Edges16x16::predict for luma, intra::chroma's predict_chroma for
// 4:2:0 Cb and Cr), for all four prediction kinds at once (0 V, 1 H, 2 DC, 3 plane: the
// Intra_16x16 numbering; chroma modes map DC -> 2, H -> 1, V -> 0, plane -> 3).
//
// Parameters:
//   Chroma  1: the Cb and Cr terms are built (4:2:0 support); 0: luma only.
// Ports:
//   top_i, left_i, corner_i, avail_i  the macroblock's neighbours as enc_decide_i16 takes them,
//                                     held by the caller for the whole macroblock
//   load_i    registers the per-macroblock terms (intra_setup of luma, Cb, Cr) from them
//   plane_i   0 luma, 1 Cb, 2 Cr; bx_i, by_i the 4x4 block in it (chroma: 0..1)
//   pred_o    the block's four predictions, kind m at [m * 128 +: 128], raster order
// Latency: the terms one cycle after load_i; pred_o is combinational from them and the
// block select.
module intra_mb_pred #(
  parameter bit Chroma = 1'b1
) (
  input  logic             clk_i,
  input  logic [32*8-1:0]  top_i,
  input  logic [32*8-1:0]  left_i,
  input  logic [3*8-1:0]   corner_i,
  input  logic [2:0]       avail_i,
  input  logic             load_i,
  input  logic [1:0]       plane_i,
  input  logic [1:0]       bx_i,
  input  logic [1:0]       by_i,
  output logic [4*128-1:0] pred_o
);
  localparam int unsigned TermWidth = 18;

  // Per plane p (0 luma, 1 Cb, 2 Cr): 4 DC values, 4 x / y terms (2 for chroma), b and c.
  logic [3*4*8-1:0]         dc_d, dc_q;
  logic [3*4*TermWidth-1:0] xterm_d, yterm_d, xterm_q, yterm_q;
  logic [3*12-1:0]          b_d, c_d, b_q, c_q;
  intra_setup #(.N(16)) u_setup_y (
    .top_i (top_i[0 +: 128]), .left_i (left_i[0 +: 128]), .corner_i (corner_i[0 +: 8]),
    .avail_i, .dc_o (dc_d[0 +: 32]), .xterm_o (xterm_d[0 +: 4*TermWidth]),
    .yterm_o (yterm_d[0 +: 4*TermWidth]), .b_o (b_d[0 +: 12]), .c_o (c_d[0 +: 12])
  );
  for (genvar comp = 0; comp < 2; comp++) begin : g_setup_c
    if (Chroma) begin : g_on
      intra_setup #(.N(8)) u_setup (
        .top_i (top_i[128 + 64*comp +: 64]), .left_i (left_i[128 + 64*comp +: 64]),
        .corner_i (corner_i[8 + 8*comp +: 8]), .avail_i,
        .dc_o (dc_d[32*(1+comp) +: 32]),
        .xterm_o (xterm_d[4*TermWidth*(1+comp) +: 2*TermWidth]),
        .yterm_o (yterm_d[4*TermWidth*(1+comp) +: 2*TermWidth]),
        .b_o (b_d[12*(1+comp) +: 12]), .c_o (c_d[12*(1+comp) +: 12])
      );
      assign xterm_d[4*TermWidth*(1+comp) + 2*TermWidth +: 2*TermWidth] = '0;
      assign yterm_d[4*TermWidth*(1+comp) + 2*TermWidth +: 2*TermWidth] = '0;
    end else begin : g_off
      logic unused_corner;
      assign unused_corner = ^corner_i[8 + 8*comp +: 8];
      assign dc_d[32*(1+comp) +: 32]                      = '0;
      assign xterm_d[4*TermWidth*(1+comp) +: 4*TermWidth] = '0;
      assign yterm_d[4*TermWidth*(1+comp) +: 4*TermWidth] = '0;
      assign b_d[12*(1+comp) +: 12]                       = '0;
      assign c_d[12*(1+comp) +: 12]                       = '0;
    end
  end
  always_ff @(posedge clk_i) begin
    if (load_i) begin
      dc_q    <= dc_d;
      xterm_q <= xterm_d;
      yterm_q <= yterm_d;
      b_q     <= b_d;
      c_q     <= c_d;
    end
  end

  // The block's neighbours and terms, selected as whole blocks (prim_blk_mux). top_i and
  // left_i hold 4-sample groups: luma's 0..3, then Cb's 4..5 and Cr's 6..7; the terms are
  // per plane, 4 each (chroma uses 2 x / y terms), b and c one each.
  logic [2:0] grp_x, grp_y;
  logic [3:0] dc_sel, x_sel, y_sel;
  assign grp_x  = (plane_i == 2'd0) ? {1'b0, bx_i} : {1'b1, plane_i[1], bx_i[0]};
  assign grp_y  = (plane_i == 2'd0) ? {1'b0, by_i} : {1'b1, plane_i[1], by_i[0]};
  assign dc_sel = {plane_i, by_i[0], bx_i[0]};
  assign x_sel  = {plane_i, bx_i};
  assign y_sel  = {plane_i, by_i};
  logic [4*8-1:0]       top4, left4;
  logic [7:0]           dc;
  logic [TermWidth-1:0] xterm, yterm;
  logic [11:0]          b, c;
  prim_blk_mux #(.Width (32), .N (8)) u_top_mux (.sel_i (grp_x), .in_i (top_i), .out_o (top4));
  prim_blk_mux #(.Width (32), .N (8)) u_left_mux (.sel_i (grp_y), .in_i (left_i), .out_o (left4));
  prim_blk_mux #(.Width (8), .N (12), .SelW (4)) u_dc_mux (
    .sel_i (dc_sel), .in_i (dc_q), .out_o (dc)
  );
  prim_blk_mux #(.Width (TermWidth), .N (12), .SelW (4)) u_x_mux (
    .sel_i (x_sel), .in_i (xterm_q), .out_o (xterm)
  );
  prim_blk_mux #(.Width (TermWidth), .N (12), .SelW (4)) u_y_mux (
    .sel_i (y_sel), .in_i (yterm_q), .out_o (yterm)
  );
  prim_blk_mux #(.Width (12), .N (3), .SelW (2)) u_b_mux (
    .sel_i (plane_i), .in_i (b_q), .out_o (b)
  );
  prim_blk_mux #(.Width (12), .N (3), .SelW (2)) u_c_mux (
    .sel_i (plane_i), .in_i (c_q), .out_o (c)
  );
  for (genvar m = 0; m < 4; m++) begin : g_pred
    intra_pred_blk #(.Kind(m)) u_pred (
      .top_i (top4), .left_i (left4), .dc_i (dc), .xterm_i (xterm), .yterm_i (yterm),
      .b_i (b), .c_i (c), .pred_o (pred_o[m*128 +: 128])
    );
  end
endmodule
