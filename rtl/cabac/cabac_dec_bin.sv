// cabac_dec_bin: one bin of the CABAC arithmetic decoder, combinational: golden::cabac::
// CabacDecoder::decode_decision (with renorm), decode_bypass, decode_terminate. The engine
// (cabac_dec_engine) cascades two of these per cycle. path_*_o give a decision's result for
// both outcomes before the comparison that picks one ([8:0] / [3:0]: the MPS path, the upper
// half the LPS path), so that the next bin can start on both.
//
// The offset is kept as its distance below the range, ev = codIRange - codIOffset - 1 (0 ..
// codIRange - 1), not as codIOffset: a decision is then LPS when rLPS > ev (one comparison of
// a table value with a register, made for the four qCodIRangeIdx beside the range's pick
// instead of a subtraction followed by a comparison); the MPS path is ev - rLPS (renormalized:
// 2 ev + 1 - bit), the LPS path ev shifted with the inverted stream bits below it (no
// arithmetic); a bypass bin is 1 when {ev, !bit} < codIRange.
//
// Latency: combinational.
module cabac_dec_bin (
  input  logic [2:0] op_i,      // `CABAC_DEC_OP_DEC / _BYP / _TERM
  input  logic [8:0] range_i,   // codIRange
  input  logic [8:0] ev_i,      // codIRange - codIOffset - 1
  input  logic [8:0] win_i,     // the next 9 bits of the stream, MSB first
  input  logic [5:0] state_i,   // pStateIdx of the context (DEC)
  input  logic       mps_i,     // valMPS of the context (DEC)
  input  logic [31:0] lps_row_i, // rangeTabLPS of state_i (cabac_rom_lps), looked up by the caller
  output logic       bin_o,
  output logic [8:0] range_o,
  output logic [8:0] ev_o,
  output logic [3:0] take_o,    // bits consumed
  output logic [5:0] state_o,   // next pStateIdx (DEC)
  output logic       mps_o,     // next valMPS (DEC)
  output logic [17:0] path_range_o,
  output logic [17:0] path_ev_o,
  output logic [7:0]  path_take_o
);

  logic [7:0]  lps;
  logic [5:0]  st_mps, st_lps;
  logic [8:0]  rmps, emps;
  logic [3:0]  gt;
  logic        lps_path;
  logic [3:0]  mps_shift, lps_shift;
  logic [9:0]  byp_f;
  logic [8:0]  term_range, term_ev;

  cabac_rom_trans u_rom_trans (
    .state_i(state_i),
    .mps_o  (st_mps),
    .lps_o  (st_lps)
  );

  // Leading zeros of a 9-bit range (renormalization shift; 0 when range >= 256).
  function automatic logic [3:0] lzc9(input logic [8:0] r);
    lzc9 = 4'd9;
    for (int i = 0; i < 9; i++) begin
      if (r[i]) lzc9 = 4'(8 - i);
    end
  endfunction

  always_comb begin
    lps = lps_row_i[8*range_i[7:6] +: 8];
    // LPS when rLPS > ev (codIOffset >= codIRange - rLPS), compared for each q and picked.
    for (int j = 0; j < 4; j++) gt[j] = {1'b0, lps_row_i[8*j +: 8]} > ev_i;
    lps_path = gt[range_i[7:6]];
    rmps = range_i - {1'b0, lps};
    emps = ev_i - {1'b0, lps};
    // With codIRange in 256..510 (a decision always sees a renormalized range), the MPS path's
    // range - rLPS is at least 128: it renormalizes by one bit at most.
    mps_shift = {3'd0, !rmps[8]};
    lps_shift = lzc9({1'b0, lps});
    path_range_o = {9'({1'b0, lps} << lps_shift), rmps[8] ? rmps : {rmps[7:0], 1'b0}};
    // LPS: ev << shift with the shift's stream bits inverted below it (ev < rLPS, so it fits).
    path_ev_o = {9'({ev_i, ~win_i} >> (4'd9 - lps_shift)),
                 rmps[8] ? emps : {emps[7:0], !win_i[8]}};
    path_take_o = {lps_shift, mps_shift};
    byp_f = {ev_i, !win_i[8]};
    term_range = range_i - 9'd2;
    term_ev = ev_i - 9'd2;
    bin_o = 1'b0;
    range_o = range_i;
    ev_o = ev_i;
    take_o = 4'd0;
    state_o = state_i;
    mps_o = mps_i;
    unique case (op_i)
      `CABAC_DEC_OP_DEC: begin
        bin_o = lps_path ? !mps_i : mps_i;
        take_o = path_take_o[4*lps_path +: 4];
        range_o = path_range_o[9*lps_path +: 9];
        ev_o = path_ev_o[9*lps_path +: 9];
        state_o = lps_path ? st_lps : st_mps;
        mps_o = (lps_path && state_i == 6'd0) ? !mps_i : mps_i;
      end
      `CABAC_DEC_OP_BYP: begin
        // codIOffset' = 2 codIOffset + bit: ev' = {ev, !bit} - codIRange, or {ev, !bit} when
        // that is below codIRange (codIOffset' >= codIRange: bin 1, codIRange subtracted).
        take_o = 4'd1;
        if (byp_f < {1'b0, range_i}) begin
          bin_o = 1'b1;
          ev_o = byp_f[8:0];
        end else begin
          ev_o = 9'(byp_f - {1'b0, range_i});
        end
      end
      `CABAC_DEC_OP_TERM: begin
        // codIOffset >= codIRange - 2 when ev <= 1 (ev is left as is then: the slice or the
        // macroblock ends, INIT follows an I_PCM).
        range_o = term_range;
        if (ev_i <= 9'd1) begin
          bin_o = 1'b1;
        end else begin
          ev_o = term_ev;
          if (!term_range[8]) begin
            take_o = 4'd1;
            range_o = {term_range[7:0], 1'b0};
            ev_o = {term_ev[7:0], !win_i[8]};
          end
        end
      end
      default: ;
    endcase
  end

endmodule
