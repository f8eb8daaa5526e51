// The quantiser's structure as data (golden: quant::tables and the rules of quant::quant4x4,
// quant8x8, quant_luma_dc, quant_chroma_dc and their dequant counterparts): which table, which
// shift and which position class a block kind uses. Constant functions of (n, dc), used at
// elaboration by quant_q_block, quant_dq_block and the lanes; no logic of its own.
//
//   n   coefficients per block: 16 or 64 (4x4 / 8x8 blocks), 16 or 4 (DC sets);
//   dc  1: a set of DC terms (Intra16x16 luma: n = 16, 4:2:0 chroma: n = 4).
package quant_pkg;

  // An 8x8 block uses MF8 / normAdjust8x8, everything else MF4 / normAdjust4x4.
  function automatic bit is_8x8(input int unsigned n, input bit dc);
    is_8x8 = (n == 64) && !dc;
  endfunction

  // qbits at qP/6 = 0: 15 (4x4), 16 (8x8; the DC quantisers' qbits + 1 with offset 2f).
  function automatic int unsigned q_bits(input int unsigned n, input bit dc);
    q_bits = (n == 16 && !dc) ? 15 : 16;
  endfunction

  // The forward quantiser's partial products (quant_q_coef's Parts) and pipeline stages: a DC
  // set (17-bit coefficients for luma) splits mf in 3 parts and sums them in a stage of its
  // own (4 stages), the 4x4 and 8x8 blocks take the two halves (3 stages).
  function automatic int unsigned q_parts(input int unsigned n, input bit dc);
    q_parts = (dc && n > 0) ? 3 : 2;
  endfunction
  function automatic int unsigned q_stages(input int unsigned n, input bit dc);
    q_stages = (q_parts(n, dc) > 2) ? 4 : 3;
  endfunction

  // Row of the MF table for one QP (quant_mf4: 3 classes of 14 bits, quant_mf8: 6 of 15).
  function automatic int unsigned mf_width(input int unsigned n, input bit dc);
    mf_width = is_8x8(n, dc) ? 15 : 14;
  endfunction
  function automatic int unsigned mf_classes(input int unsigned n, input bit dc);
    mf_classes = is_8x8(n, dc) ? 6 : 3;
  endfunction

  // Row of normAdjust for one QP as the scaling takes it (quant_v4: 3 classes of 5 bits,
  // quant_v8: 6 of 6; a DC set: class 0 of quant_v4 only).
  function automatic int unsigned v_width(input int unsigned n, input bit dc);
    v_width = is_8x8(n, dc) ? 6 : 5;
  endfunction
  function automatic int unsigned v_classes(input int unsigned n, input bit dc);
    if (dc) v_classes = 1;
    else v_classes = is_8x8(n, dc) ? 6 : 3;
  endfunction

  // Final right shift of the scaling rule d = ((c * V) << (qP/6) + round) >> shift
  // (quant_dq_block): 4x4 0, 8x8 2, luma DC 2, chroma DC 1; the rounding addend is 2 where the
  // shift is 2, else 0.
  function automatic int unsigned dq_shift(input int unsigned n, input bit dc);
    if (dc) dq_shift = (n == 16) ? 2 : 1;
    else dq_shift = is_8x8(n, dc) ? 2 : 0;
  endfunction
  function automatic int unsigned dq_round(input int unsigned n, input bit dc);
    dq_round = (dq_shift(n, dc) == 2) ? 2 : 0;
  endfunction

  // Position class of raster element k (quant::tables): 4x4 0 (even row, even column),
  // 1 (odd, odd), 2 otherwise; 8x8 the six classes of class8x8; every DC term class 0.
  function automatic int unsigned pos_class(input int unsigned n, input bit dc,
                                            input int unsigned k);
    int unsigned i, j;
    if (dc) begin
      pos_class = 0;
    end else if (is_8x8(n, dc)) begin
      i = k / 8;
      j = k % 8;
      if (i % 4 == 0 && j % 4 == 0) pos_class = 0;
      else if (i % 2 == 1 && j % 2 == 1) pos_class = 1;
      else if (i % 4 == 2 && j % 4 == 2) pos_class = 2;
      else if ((i % 4 == 0 && j % 2 == 1) || (i % 2 == 1 && j % 4 == 0)) pos_class = 3;
      else if ((i % 4 == 0 && j % 4 == 2) || (i % 4 == 2 && j % 4 == 0)) pos_class = 4;
      else pos_class = 5;
    end else begin
      i = k / 4;
      j = k % 4;
      if (i % 2 == 0 && j % 2 == 0) pos_class = 0;
      else if (i % 2 == 1 && j % 2 == 1) pos_class = 1;
      else pos_class = 2;
    end
  endfunction

  // The 4x4 zig-zag scan (Table 8-12, frame; golden quant::scan::ZIGZAG4X4): the raster
  // index of scan position k at [4k +: 4]. (A function, not a package parameter: Verilator
  // flags a package parameter that a module importing the package does not use.)
  function automatic logic [16*4-1:0] zigzag4x4();
    zigzag4x4 = {4'd15, 4'd14, 4'd11, 4'd7, 4'd10, 4'd13, 4'd12, 4'd9, 4'd6, 4'd3, 4'd2, 4'd5,
                 4'd8, 4'd4, 4'd1, 4'd0};
  endfunction

  // The 8x8 zig-zag scan (Table 8-13, frame; golden quant::scan::ZIGZAG8X8): the raster
  // index of scan position k at [6k +: 6].
  function automatic logic [64*6-1:0] zigzag8x8();
    zigzag8x8 = {6'd63, 6'd62, 6'd55, 6'd47, 6'd54, 6'd61, 6'd60, 6'd53, 6'd46, 6'd39, 6'd31,
                 6'd38, 6'd45, 6'd52, 6'd59, 6'd58, 6'd51, 6'd44, 6'd37, 6'd30, 6'd23, 6'd15,
                 6'd22, 6'd29, 6'd36, 6'd43, 6'd50, 6'd57, 6'd56, 6'd49, 6'd42, 6'd35, 6'd28,
                 6'd21, 6'd14, 6'd7, 6'd6, 6'd13, 6'd20, 6'd27, 6'd34, 6'd41, 6'd48, 6'd40,
                 6'd33, 6'd26, 6'd19, 6'd12, 6'd5, 6'd4, 6'd11, 6'd18, 6'd25, 6'd32, 6'd24,
                 6'd17, 6'd10, 6'd3, 6'd2, 6'd9, 6'd16, 6'd8, 6'd1, 6'd0};
  endfunction

endpackage
