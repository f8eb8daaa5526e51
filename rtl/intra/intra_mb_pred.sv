// intra_mb_pred: the whole-block intra predictions of one macroblock, a 4x4 block at a time
// (golden: intra::pred16x16's Edges16x16::predict for luma, intra::chroma's predict_chroma for
// 4:2:0 Cb and Cr), for all four prediction kinds at once (0 V, 1 H, 2 DC, 3 plane: the
// Intra_16x16 numbering; chroma modes map DC -> 2, H -> 1, V -> 0, plane -> 3).
//
// Parameters:
//   Chroma  1: the Cb and Cr terms are built (4:2:0 support); 0: luma only.
// Ports:
//   top_i, left_i, corner_i, avail_i  the macroblock's neighbours as enc_decide_i16 takes them,
//                                     held by the caller for the whole macroblock (the
//                                     vertical and horizontal predictions read them per block)
//   load_i    starts the per-macroblock terms (intra_setup of luma, Cb, Cr) from them (the
//             terms read them in load_i's cycle only)
//   plane_i   0 luma, 1 Cb, 2 Cr; bx_i, by_i the 4x4 block in it (chroma: 0..1)
//   pred_o    the block's four predictions, kind m at [m * 128 +: 128], raster order
// Latency: the terms 2 cycles after load_i (intra_setup's two registered cycles: the caller
// waits two setup cycles: load_i in the first, the first block in the third); pred_o is
// combinational from the terms, the neighbours and the block select: the terms' groups
// selected, then one add and a clip a sample (intra_pred_blk).
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
  localparam int unsigned ColWidth = 14;  // intra_setup's terms
  localparam int unsigned RowWidth = 15;

  // The per-macroblock terms (intra_setup, registered there: valid 2 cycles after load_i), in
  // 4-sample groups as top_i and left_i hold the samples: luma's groups 0..3, then Cb's 4..5
  // and Cr's 6..7; 4 DC values per plane (luma's all equal).
  logic [3*4*8-1:0]        dc_q;
  logic [8*4*ColWidth-1:0] col_q;
  logic [8*4*RowWidth-1:0] row_q;
  intra_setup #(.N(16)) u_setup_y (
    .clk_i, .load_i, .top_i (top_i[0 +: 128]), .left_i (left_i[0 +: 128]),
    .corner_i (corner_i[0 +: 8]), .avail_i, .dc_o (dc_q[0 +: 32]),
    .col_o (col_q[0 +: 16*ColWidth]), .row_o (row_q[0 +: 16*RowWidth])
  );
  for (genvar comp = 0; comp < 2; comp++) begin : g_setup_c
    if (Chroma) begin : g_on
      intra_setup #(.N(8)) u_setup (
        .clk_i, .load_i, .top_i (top_i[128 + 64*comp +: 64]),
        .left_i (left_i[128 + 64*comp +: 64]), .corner_i (corner_i[8 + 8*comp +: 8]), .avail_i,
        .dc_o (dc_q[32*(1+comp) +: 32]),
        .col_o (col_q[(16 + 8*comp)*ColWidth +: 8*ColWidth]),
        .row_o (row_q[(16 + 8*comp)*RowWidth +: 8*RowWidth])
      );
    end else begin : g_off
      logic unused_corner;
      assign unused_corner = ^corner_i[8 + 8*comp +: 8];
      assign dc_q[32*(1+comp) +: 32]                        = '0;
      assign col_q[(16 + 8*comp)*ColWidth +: 8*ColWidth] = '0;
      assign row_q[(16 + 8*comp)*RowWidth +: 8*RowWidth] = '0;
    end
  end

  // The block's neighbours and terms, selected as whole 4-sample groups (prim_blk_mux).
  logic [2:0] grp_x, grp_y;
  logic [3:0] dc_sel;
  assign grp_x  = (plane_i == 2'd0) ? {1'b0, bx_i} : {1'b1, plane_i[1], bx_i[0]};
  assign grp_y  = (plane_i == 2'd0) ? {1'b0, by_i} : {1'b1, plane_i[1], by_i[0]};
  assign dc_sel = {plane_i, by_i[0], bx_i[0]};
  logic [4*8-1:0]        top4, left4;
  logic [7:0]            dc;
  logic [4*ColWidth-1:0] col4;
  logic [4*RowWidth-1:0] row4;
  prim_blk_mux #(.Width (32), .N (8)) u_top_mux (.sel_i (grp_x), .in_i (top_i), .out_o (top4));
  prim_blk_mux #(.Width (32), .N (8)) u_left_mux (.sel_i (grp_y), .in_i (left_i), .out_o (left4));
  prim_blk_mux #(.Width (8), .N (12), .SelW (4)) u_dc_mux (
    .sel_i (dc_sel), .in_i (dc_q), .out_o (dc)
  );
  prim_blk_mux #(.Width (4*ColWidth), .N (8)) u_col_mux (
    .sel_i (grp_x), .in_i (col_q), .out_o (col4)
  );
  prim_blk_mux #(.Width (4*RowWidth), .N (8)) u_row_mux (
    .sel_i (grp_y), .in_i (row_q), .out_o (row4)
  );
  for (genvar m = 0; m < 4; m++) begin : g_pred
    intra_pred_blk #(.Kind(m)) u_pred (
      .top_i (top4), .left_i (left4), .dc_i (dc), .col_i (col4), .row_i (row4),
      .pred_o (pred_o[m*128 +: 128])
    );
  end
endmodule
