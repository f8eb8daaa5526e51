// cabac_enc_coef: what the binarizer needs of one level of a residual block
// (golden::cabac::residual::encode_residual_block, the coeff_abs_level_minus1 and
// coeff_sign_flag part of one coefficient): coeff_abs_level_minus1 v as its TU prefix
// (cMax 14: 1 + min(v, 13) context-coded bins) and the bypass string of its EG0 suffix
// (v >= 14) and sign, 2k + 2 bins with a suffix (k its order), 1 without.
//
// Combinational. Ports: lv_i the signed level; nz_o lv_i != 0; gt1_o |lv_i| > 1; nrest_o
// min(v, 13) (the prefix's 1-bins after the first; v != 0 iff nrest_o != 0); big_o v >= 14;
// tail_o the bypass string, first bin in bit 31, tlen_o its length (1..30); cnt_o the symbols
// of the coefficient (cabac_sym.sv: one per prefix bin, one BYPASS per 8 bins of the string
// unless the string has at most 2 bins, which ride on the last prefix bin's CTX symbol), 0 for
// a zero level.
module cabac_enc_coef (
  input  logic signed [15:0] lv_i,
  output logic               nz_o,
  output logic               gt1_o,
  output logic [3:0]         nrest_o,
  output logic               big_o,
  output logic [31:0]        tail_o,
  output logic [4:0]         tlen_o,
  output logic [4:0]         cnt_o
);
  // Index of the most significant set bit of a 15-bit value (k of the EG0 suffix).
  function automatic logic [3:0] msb15(input logic [14:0] v);
    msb15 = '0;
    for (int k = 0; k < 15; k++) if (v[k]) msb15 = 4'(k);
  endfunction

  logic [15:0] v;
  logic [14:0] s1;
  logic [3:0]  k;
  assign v  = (lv_i[15] ? 16'(-lv_i) : 16'(lv_i)) - 16'd1;
  assign s1 = 15'(v - 16'd13);  // (v - 14) + 1 when v >= 14
  assign k  = msb15(s1);

  assign nz_o    = (lv_i != 16'sd0);
  assign gt1_o   = nz_o && (v != 16'd0);
  assign big_o   = (v >= 16'd14);
  assign nrest_o = big_o ? 4'd13 : v[3:0];
  always_comb begin
    if (big_o) begin
      tail_o = ~(32'hffff_ffff >> k)
             | ({17'd0, s1 & ~(15'd1 << k)} << (6'd31 - {1'b0, k, 1'b0}))
             | ({31'd0, lv_i[15]} << (6'd30 - {1'b0, k, 1'b0}));
      tlen_o = {k, 1'b0} + 5'd2;
    end else begin
      tail_o = {lv_i[15], 31'd0};
      tlen_o = 5'd1;
    end
  end
  logic [2:0] groups;  // BYPASS symbols of the string: ceil(tlen / 8), 1..4
  assign groups = (tlen_o <= 5'd8) ? 3'd1 : (tlen_o <= 5'd16) ? 3'd2 :
                  (tlen_o <= 5'd24) ? 3'd3 : 3'd4;
  // A string of at most 2 bins rides on the last prefix bin's symbol (cabac_enc_lvlsym).
  assign cnt_o = !nz_o ? 5'd0 :
                 5'd1 + {1'b0, nrest_o} + ((tlen_o <= 5'd2) ? 5'd0 : {2'd0, groups});
endmodule
