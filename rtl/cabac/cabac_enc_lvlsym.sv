// cabac_enc_lvlsym: the symbols of a cycle of levels from cabac_enc_levels' records and slot
// map (golden::cabac::residual::encode_residual_block, one coefficient's
// coeff_abs_level_minus1 and coeff_sign_flag: symbol 0 the first prefix bin (ctx0, 1 iff
// v != 0), 1..nrest the other prefix bins (ctxr, 1 unless the last of a prefix shorter than
// 14), then the suffix and sign string as BYPASS groups of up to 8 bins; a string of at most
// 2 bins, the sign alone or the suffix 0 and the sign, rides on the last prefix bin's CTX
// symbol instead, cabac_sym.sv).
//
// Combinational. Ports: rec_i one record per window place, map_i per slot its place and the
// symbol's index in that coefficient (cabac_enc_levels); sym_o P symbols (the caller counts
// the valid ones).
//
// Parameters: P  slots and window places.
module cabac_enc_lvlsym #(
  parameter  int unsigned P  = 8,
  localparam int unsigned EW = $clog2(P),
  localparam int unsigned MW = EW + 5,
  localparam int unsigned RW = 60,
  localparam int unsigned W  = `CABAC_SYM_W
) (
  input  logic [P*RW-1:0] rec_i,
  input  logic [P*MW-1:0] map_i,
  output logic [P*W-1:0]  sym_o
);
  always_comb begin
    logic [EW-1:0] e;
    logic [4:0]    off, g8;
    logic [1:0]    g;
    logic [8:0]    ctx0, ctxr;
    logic [3:0]    nrest;
    logic          big;
    logic [31:0]   tail;
    logic [4:0]    tlen, left;
    logic [3:0]    n;
    logic [7:0]    bits;
    logic          merge;
    logic [1:0]    m, mbits;
    for (int s = 0; s < P; s++) begin
      {e, off} = map_i[s*MW +: MW];
      {ctx0, ctxr, nrest, big, tail, tlen} = rec_i[e*RW +: RW];
      g    = 2'(off - 5'd1 - {1'b0, nrest});  // the bypass group (symbols after the prefix)
      g8   = {g, 3'd0};
      left = tlen - g8;
      n    = (left > 5'd8) ? 4'd8 : left[3:0];
      bits = tail[5'd31 - g8 -: 8];
      // The last prefix bin carries a string of at most 2 bins (cabac_enc_coef counts so).
      merge = (off[3:0] == nrest) && (tlen <= 5'd2);
      m     = merge ? tlen[1:0] : 2'd0;
      mbits = merge ? tail[31:30] >> (2'd2 - tlen[1:0]) : 2'd0;
      if (off == 5'd0)
        sym_o[s*W +: W] = {`CABAC_CTX, ctx0, 3'd0, mbits, m, nrest != 4'd0};
      else if (off <= {1'b0, nrest})
        sym_o[s*W +: W] = {`CABAC_CTX, ctxr, 3'd0, mbits, m, (off[3:0] != nrest) || big};
      else
        sym_o[s*W +: W] = {`CABAC_BYPASS, 5'd0, n, bits >> (4'd8 - n)};
    end
  end
endmodule
