// cabac_enc_range: the range stage of the encoding engine (codIRange of
// golden::cabac::CabacEncoder: encode_decision, encode_bypass, encode_terminate, the flush and
// the restart after I_PCM), up to K symbols (lanes) per cycle, the range passed from lane to
// lane. It turns each lane into an operation of the low stage, low' = ((low + a) << s) + b
// (cabac_enc_terms, cabac_enc_low):
//   CTX     q = codIRange[7:6], rLPS = rangeTabLPS[state_i][q]; MPS: codIRange -= rLPS (renormalized by 0 or
//           1 shift), a = 0; LPS: a = codIRange - rLPS, codIRange = rLPS renormalized (its
//           shift depends on the context's state and q only, so it is looked up beside the
//           chain); s = the renormalization shift
//   BYPASS  n bins v: s = n, b = codIRange * v (codIRange unchanged; r_o and bits_o carry
//           codIRange and v, the terms stage multiplies)
//   TERM 0  codIRange -= 2, renormalized (s 0 or 1)
// Lane 0 alone (the serializer issues them alone): TERM 1: a = codIRange - 2, flush_o (the
// low stage writes the flush bits), codIRange = 510 for the engine's restart; INIT: codIRange
// = 510; PCM, END pass. Lanes not valid give a = bits = s = 0.
// Latency 1 (registered outputs); moves when en_i is high.
//
// Parameters:
//   K  lanes.
module cabac_enc_range #(
  parameter int unsigned K = 4
) (
  `CABAC_ENC_GROUP_IN,
  input  logic [K-1:0]              lps_i,
  input  logic [K*6-1:0]            state_i,
  output logic                      valid_o,
  output logic [2:0]                kind_o,   // lane 0's kind
  output logic [7:0]                val_o,    // lane 0's val (the PCM byte)
  output logic [K*9-1:0]            a_o,
  output logic [K*9-1:0]            r_o,
  output logic [K*8-1:0]            bits_o,
  output logic [K*4-1:0]            s_o,
  output logic                      flush_o
);
  // Renormalization shift of a codIRange value in 2..510: leading zeros of its 9 bits.
  function automatic logic [3:0] renorm_shift(input logic [8:0] r);
    renorm_shift = 4'd8;
    for (int i = 0; i < 9; i++) begin
      if (r[i]) renorm_shift = 4'(8 - i);
    end
  endfunction

  logic [8:0] range_q, range_d;
  logic [2:0] kind0;
  logic [7:0] val0;
  logic       flush;
  logic [K*9-1:0]  a;
  logic [K*9-1:0]  r;
  logic [K*8-1:0]  bv;
  logic [K*4-1:0]  s;
  logic [K*32-1:0] rlps_i;

  // The macros on the whole bus read lane 0 (bits [`CABAC_SYM_W-1:0]).
  assign kind0 = `CABAC_SYM_KIND(sym_i);
  assign val0  = `CABAC_SYM_VAL(sym_i);
  assign flush = lv_i[0] && kind0 == `CABAC_TERM && val0[0];

  for (genvar j = 0; j < K; j++) begin : g_lane
    logic [`CABAC_SYM_W-1:0] sym;
    logic [2:0]  kind;
    logic [7:0]  val, bits;
    logic [3:0]  n;
    logic [8:0]  ctx;
    logic [8:0]  r_in, r_out, rmps, rterm;
    logic [7:0]  rlps;
    logic [8:0]  lps_norm;   // rLPS renormalized
    logic [3:0]  lps_shift;
    logic [8:0]  la;
    logic [7:0]  lb;
    logic [3:0]  ls;

    cabac_rom_lps u_lps (.state_i (state_i[j*6 +: 6]), .lps_o (rlps_i[j*32 +: 32]));
    assign sym  = sym_i[j*`CABAC_SYM_W +: `CABAC_SYM_W];
    assign kind = `CABAC_SYM_KIND(sym);
    assign val  = `CABAC_SYM_VAL(sym);
    assign ctx  = `CABAC_SYM_CTX(sym);
    assign n    = ctx[3:0];
    assign bits = val & 8'((9'd1 << n) - 9'd1);
    if (j == 0) begin : g_first
      assign r_in = range_q;
    end else begin : g_next
      assign r_in = g_lane[j-1].r_out;
    end

    assign rlps      = rlps_i[j*32 + 8*r_in[7:6] +: 8];
    assign lps_shift = renorm_shift({1'b0, rlps});
    assign lps_norm  = 9'(rlps) << lps_shift;
    assign rmps      = r_in - 9'(rlps);
    assign rterm     = r_in - 9'd2;

    always_comb begin
      r_out = r_in;
      la    = '0;
      lb    = '0;
      ls    = '0;
      if (lv_i[j]) begin
        unique case (kind)
          `CABAC_CTX: begin
            if (lps_i[j]) begin
              la    = rmps;
              ls    = lps_shift;
              r_out = lps_norm;
            end else begin
              ls    = {3'd0, !rmps[8]};
              r_out = rmps << !rmps[8];
            end
          end
          `CABAC_BYPASS: begin
            ls = n;
            lb = bits;
          end
          `CABAC_TERM: begin
            if (!val[0]) begin
              ls    = {3'd0, !rterm[8]};
              r_out = rterm << !rterm[8];
            end else begin
              la = rterm;
            end
          end
          default: ;
        endcase
      end
    end
    assign a[j*9 +: 9]   = la;
    assign r[j*9 +: 9]   = r_in;
    assign bv[j*8 +: 8]  = lb;
    assign s[j*4 +: 4]   = ls;
    logic unused;
    assign unused = ^ctx[8:4];
    `ASSERT(BypassCount_A, !(valid_i && lv_i[j] && kind == `CABAC_BYPASS) ||
                           (n >= 4'd1 && n <= 4'd8))
  end

  always_comb begin
    range_d = g_lane[K-1].r_out;
    if (lv_i[0] && (flush || kind0 == `CABAC_INIT)) range_d = 9'd510;
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_o <= 1'b0;
      range_q <= 9'd510;
    end else if (en_i) begin
      valid_o <= valid_i;
      if (valid_i) range_q <= range_d;
    end
  end
  always_ff @(posedge clk_i) begin
    if (en_i && valid_i) begin
      kind_o  <= kind0;
      val_o   <= val0;
      a_o     <= a;
      r_o     <= r;
      bits_o  <= bv;
      s_o     <= s;
      flush_o <= flush;
    end
  end

  `ASSERT(RangeNormalized_A, range_q >= 9'd256)
  `ASSERT(SpecialAlone_A, !(valid_i && lv_i[0] && (flush || kind0 == `CABAC_INIT ||
                            kind0 == `CABAC_PCM || kind0 == `CABAC_END)) || (lv_i >> 1) == '0)
endmodule
