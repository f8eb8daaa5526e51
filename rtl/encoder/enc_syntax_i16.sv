// enc_syntax_i16: the syntax elements of Intra16x16 macroblocks, as the CABAC binarizer's
// element beats (golden: encoder::slice::code_slice with mb::syntax::code_macroblock for
// Intra16x16 macroblocks, the elements its slice traces record, packed by
// vectors::cabac::bin::se_beats; beat layout: rtl/cabac/cabac_se.sv).
//
// Per macroblock: the slice start (first_i: SliceQPY = this macroblock's QP, so its
// mb_qp_delta is 0), mb_type = 1 + mode + 4 * CodedBlockPatternChroma + 12 * (luma AC coded),
// intra_chroma_pred_mode (4:2:0), mb_qp_delta = (QP - QPpred + 26) mod 52 - 26, the luma DC
// block, the 16 luma AC blocks when any AC level is non-zero, the two chroma DC blocks when
// any chroma level is non-zero, the eight chroma AC blocks when any chroma AC level is
// non-zero, end_of_slice_flag (last_i). Levels go from raster to the zig-zag scan
// (Table 8-12, frame; quant_pkg::zigzag4x4, golden quant::scan::ZIGZAG4X4); AC blocks carry scan
// positions 1..15.
// Ports: in: valid/ready; the levels as enc_resid_i16 gives them, the modes, chroma_i, qp_i,
// first_i / last_i (slice boundaries), mb_x_i (first_mb_in_slice % width, for the slice
// beat) and width_i (macroblocks), sampled with the beat. out: valid/ready; se_o, one beat.
// Rate: one beat a cycle (skipped elements cost no cycle); the next macroblock is taken with
// its last beat. Latency: the first beat one cycle after the macroblock is taken.
// Asserted: the output holds still while stalled.
module enc_syntax_i16 (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic                valid_i,
  output logic                ready_o,
  input  logic [16*256-1:0]   luma_ac_i,
  input  logic [16*16-1:0]    luma_dc_i,
  input  logic [8*16-1:0]     chroma_dc_i,
  input  logic [8*256-1:0]    chroma_ac_i,
  input  logic [1:0]          luma_mode_i,
  input  logic [1:0]          chroma_mode_i,
  input  logic                chroma_i,
  input  logic [5:0]          qp_i,
  input  logic                first_i,
  input  logic                last_i,
  input  logic [15:0]         mb_x_i,
  input  logic [15:0]         width_i,
  output logic                valid_o,
  input  logic                ready_i,
  output logic [`CABAC_SE_W-1:0] se_o
);
  localparam logic [16*4-1:0] ZIGZAG4X4 = quant_pkg::zigzag4x4();
  // Steps: 0 slice, 1 mb_type, 2 chroma mode, 3 mb_qp_delta, 4 luma DC, 5..20 luma AC,
  // 21..22 chroma DC, 23..30 chroma AC, 31 end_of_slice_flag.
  localparam int unsigned Steps = 32;

  // The macroblock being emitted.
  logic                 have_q;
  logic [16*256-1:0]    luma_ac_q;
  logic [16*16-1:0]     luma_dc_q;
  logic [8*16-1:0]      chroma_dc_q;
  logic [8*256-1:0]     chroma_ac_q;
  logic [1:0]           luma_mode_q, chroma_mode_q;
  logic                 chroma_q, first_q, last_q;
  logic [5:0]           qp_q, qp_pred_q;
  logic [15:0]          mb_x_q, width_q;
  logic [4:0]           step_q;

  logic any_luma_ac, any_chroma_ac, any_chroma_dc;
  assign any_luma_ac   = |luma_ac_q;
  assign any_chroma_ac = chroma_q && |chroma_ac_q;
  assign any_chroma_dc = chroma_q && |chroma_dc_q;
  logic [1:0] cbp_chroma;
  assign cbp_chroma = any_chroma_ac ? 2'd2 : any_chroma_dc ? 2'd1 : 2'd0;

  logic [Steps-1:0] enabled;
  always_comb begin
    enabled        = '0;
    enabled[0]     = first_q;
    enabled[1]     = 1'b1;
    enabled[2]     = chroma_q;
    enabled[3]     = 1'b1;
    enabled[4]     = 1'b1;
    enabled[20:5]  = {16{any_luma_ac}};
    enabled[22:21] = {2{cbp_chroma != 2'd0}};
    enabled[30:23] = {8{cbp_chroma == 2'd2}};
    enabled[31]    = 1'b1;
  end
  // The first enabled step at or after step_q, and the one after it.
  logic [4:0] cur, nxt;
  logic       cur_last;
  always_comb begin
    cur = 5'd31;
    for (int s = Steps - 1; s >= 0; s--) begin
      if (enabled[s] && 5'(s) >= step_q) cur = 5'(s);
    end
    nxt = 5'd31;
    for (int s = Steps - 1; s >= 0; s--) begin
      if (enabled[s] && 5'(s) > cur) nxt = 5'(s);
    end
    cur_last = (cur == 5'd31);
  end

  // mb_qp_delta, wrapped into -26..25.
  logic signed [7:0] dqp_raw, dqp;
  assign dqp_raw = 8'(qp_q) - 8'(qp_pred_q);
  assign dqp     = (dqp_raw > 8'sd25) ? dqp_raw - 8'sd52 :
                   (dqp_raw < -8'sd26) ? dqp_raw + 8'sd52 : dqp_raw;

  // The beat of step `cur`.
  function automatic logic [15:0] header(input logic [3:0] kind, input logic [2:0] cat,
                                         input logic [3:0] idx);
    header = {3'd0, 2'd0, idx, cat, kind};
  endfunction
  logic [4:0] ac_blk, cac_blk;  // block index of a luma AC / chroma AC step
  logic [3:0] cdc_blk;          // and of a chroma DC step
  assign ac_blk  = cur - 5'd5;
  assign cdc_blk = 4'(cur - 5'd21);
  assign cac_blk = cur - 5'd23;
  // The AC block of a luma or chroma AC step, selected whole (prim_blk_mux: a computed index
  // into the levels becomes a shifter over the whole vector in Yosys, D30), then its levels
  // in scan order by constant wiring: luma blocks 0..15 then chroma 16..23.
  logic [4:0]       ac_sel;
  logic [255:0]     ac_levels;
  logic [15*16-1:0] ac_scan;  // scan positions 1..15
  assign ac_sel = (cur <= 5'd20) ? ac_blk : cac_blk + 5'd16;
  prim_blk_mux #(.Width (256), .N (24), .SelW (5)) u_ac_mux (
    .sel_i (ac_sel), .in_i ({chroma_ac_q, luma_ac_q}), .out_o (ac_levels)
  );
  logic unused_level0;  // coefficient 0 of an AC block (the DC blocks carry it)
  assign unused_level0 = ^ac_levels[15:0];
  for (genvar k = 0; k < 15; k++) begin : g_scan
    assign ac_scan[16*k +: 16] = ac_levels[32'(ZIGZAG4X4[4*(k+1) +: 4]) * 16 +: 16];
  end
  logic [`CABAC_SE_W-1:0] beat;
  always_comb begin
    beat = '0;
    if (cur == 5'd0) begin
      beat[15:0]  = header(`CABAC_SE_SLICE, 3'd0, 4'd0);
      beat[16 +: 6] = qp_q;
      beat[22]      = chroma_q;
      beat[23]      = 1'b0;
      beat[32 +: 16] = mb_x_q;
      beat[48 +: 16] = width_q;
    end else if (cur == 5'd1) begin
      beat[15:0]   = header(`CABAC_SE_MBTYPE, 3'd0, 4'd0);
      beat[16 +: 5] = 5'd1 + 5'(luma_mode_q) + 5'd4 * 5'(cbp_chroma) + (any_luma_ac ? 5'd12 : 5'd0);
    end else if (cur == 5'd2) begin
      beat[15:0]   = header(`CABAC_SE_CHROMA, 3'd0, 4'd0);
      beat[16 +: 2] = chroma_mode_q;
    end else if (cur == 5'd3) begin
      beat[15:0]    = header(`CABAC_SE_QPD, 3'd0, 4'd0);
      beat[16 +: 16] = 16'($signed(dqp));
    end else if (cur == 5'd4) begin
      beat[15:0] = header(`CABAC_SE_RES, 3'd0, 4'd0);
      for (int k = 0; k < 16; k++) begin
        beat[16 + 16*k +: 16] = luma_dc_q[32'(ZIGZAG4X4[4*k +: 4]) * 16 +: 16];
      end
    end else if (cur <= 5'd20) begin
      beat[15:0] = header(`CABAC_SE_RES, 3'd1, ac_blk[3:0]);
      beat[16 +: 15*16] = ac_scan;
    end else if (cur <= 5'd22) begin
      beat[15:0] = header(`CABAC_SE_RES, 3'd3, cdc_blk[3:0]);
      beat[16 +: 64] = cdc_blk[0] ? chroma_dc_q[64 +: 64] : chroma_dc_q[0 +: 64];
    end else if (cur <= 5'd30) begin
      beat[15:0] = header(`CABAC_SE_RES, 3'd4, cac_blk[3:0]);
      beat[16 +: 15*16] = ac_scan;
    end else begin
      beat[15:0] = header(`CABAC_SE_EOS, 3'd0, 4'd0);
      beat[16]   = last_q;
    end
  end

  // The output register (a beat a cycle; the macroblock register refills with its last beat).
  logic take_out, load;
  assign take_out = have_q && (!valid_o || ready_i);
  assign load     = !have_q || (take_out && cur_last);
  assign ready_o  = load;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      have_q  <= 1'b0;
      valid_o <= 1'b0;
      step_q  <= '0;
    end else begin
      if (take_out) begin
        valid_o <= 1'b1;
        step_q  <= nxt;
      end else if (ready_i) begin
        valid_o <= 1'b0;
      end
      if (load) begin
        have_q <= valid_i;
        step_q <= '0;
      end
    end
  end
  always_ff @(posedge clk_i) begin
    if (take_out) se_o <= beat;
    if (load && valid_i) begin
      luma_ac_q     <= luma_ac_i;
      luma_dc_q     <= luma_dc_i;
      chroma_dc_q   <= chroma_dc_i;
      chroma_ac_q   <= chroma_ac_i;
      luma_mode_q   <= luma_mode_i;
      chroma_mode_q <= chroma_mode_i;
      chroma_q      <= chroma_i;
      first_q       <= first_i;
      last_q        <= last_i;
      qp_q          <= qp_i;
      mb_x_q        <= mb_x_i;
      width_q       <= width_i;
    end
    // QPpred: SliceQPY at a slice's first macroblock, then the previous macroblock's QP.
    if (take_out && cur == 5'd1) qp_pred_q <= first_q ? qp_q : qp_pred_q;
    if (take_out && cur_last) qp_pred_q <= qp_q;
  end

  `ASSERT_STABLE_STALL(OutStable_A, valid_o, ready_i, se_o)
endmodule
