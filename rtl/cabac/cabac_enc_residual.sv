// cabac_enc_residual: the bins of one residual block, K a cycle
// (golden::cabac::residual::encode_residual_block: coded_block_flag, the significance map,
// coeff_abs_level_minus1 as TU prefix (cMax 14, ctxIdx by numDecodAbsLevelGt1 / Eq1) and EG0
// suffix, coeff_sign_flag).
//
// Combinational: K steps of one symbol each, chained; the caller registers st_o as the next
// cycle's st_i (all zero at the start of a block). The EG0 suffix and the sign of a coefficient
// are one bypass string of 2k + 2 bins (1 bin without a suffix), sent as BYPASS groups of up to
// 8 bins (cabac_sym.sv).
//
// Ports: cat_i ctxBlockCat; cbf_inc_i ctxIdxInc of coded_block_flag (cabac_nb; unused for 5);
// lv_i 64 x 16-bit levels in scan order (cat 5; the others in the first 16); sig_i their
// non-zero flags; last_i the index of the last non-zero one; st_i / st_o the step state;
// sym_o / cnt_o this cycle's symbols; done_o the block's last symbol is among them.
//
// Parameters: K  symbols per cycle.
module cabac_enc_residual #(
  parameter  int unsigned K   = 4,
  localparam int unsigned CW  = $clog2(K + 1),
  localparam int unsigned StW = 28
) (
  input  logic [2:0]                cat_i,
  input  logic [1:0]                cbf_inc_i,
  input  logic [64*16-1:0]          lv_i,
  input  logic [63:0]               sig_i,
  input  logic [5:0]                last_i,
  input  logic [StW-1:0]            st_i,
  output logic [StW-1:0]            st_o,
  output logic [K*`CABAC_SYM_W-1:0] sym_o,
  output logic [CW-1:0]             cnt_o,
  output logic                      done_o
);
  localparam logic [1:0] PH_CBF = 2'd0, PH_SIG = 2'd1, PH_LVL = 2'd2, PH_DONE = 2'd3;

  // Table 9-43, ctxBlockCat 5 frame coded: ctxIdxInc of significant_coeff_flag and
  // last_significant_coeff_flag by levelListIdx, from the generated ROMs (constant inputs: the
  // tables as wires).
  logic [63*4-1:0] sig_tab, last_tab;
  for (genvar k = 0; k < 63; k++) begin : g_rom8x8
    cabac_rom_sig8x8 u_sig (.pos_i (6'(k)), .inc_o (sig_tab[k*4 +: 4]));
    cabac_rom_last8x8 u_last (.pos_i (6'(k)), .inc_o (last_tab[k*4 +: 4]));
  end

  // Per ctxBlockCat (BlockCat::sig_base, last_base, abs_base, cbf_base, max_coeffs - 2).
  logic [8:0] sig_base, last_base, abs_base, cbf_base;
  logic [5:0] end_i;  // the last levelListIdx with a significance bin
  always_comb begin
    unique case (cat_i)
      3'd0:    begin sig_base = 9'd105; last_base = 9'd166; abs_base = 9'd227; end_i = 6'd14; end
      3'd1:    begin sig_base = 9'd120; last_base = 9'd181; abs_base = 9'd237; end_i = 6'd13; end
      3'd2:    begin sig_base = 9'd134; last_base = 9'd195; abs_base = 9'd247; end_i = 6'd14; end
      3'd3:    begin sig_base = 9'd149; last_base = 9'd210; abs_base = 9'd257; end_i = 6'd2;  end
      3'd4:    begin sig_base = 9'd152; last_base = 9'd213; abs_base = 9'd266; end_i = 6'd13; end
      default: begin sig_base = 9'd402; last_base = 9'd417; abs_base = 9'd426; end_i = 6'd62; end
    endcase
    cbf_base = 9'd85 + {4'd0, cat_i, 2'd0};
  end
  function automatic logic [8:0] pos_inc(input logic [2:0] cat, input logic [5:0] i,
                                         input logic last);
    if (cat == 3'd5)
      pos_inc = {5'd0, last ? last_tab[{i, 2'b00} +: 4] : sig_tab[{i, 2'b00} +: 4]};
    else if (cat == 3'd3) pos_inc = (i > 6'd2) ? 9'd2 : {3'd0, i};
    else                  pos_inc = {3'd0, i};
  endfunction

  // Highest set bit of v below position c (valid: any).
  function automatic logic [6:0] next_below(input logic [63:0] v, input logic [5:0] c);
    next_below = '0;
    for (int k = 0; k < 64; k++) begin
      if (v[k] && 6'(k) < c) next_below = {1'b1, 6'(k)};
    end
  endfunction

  // Index of the most significant set bit of a 15-bit value (k of the EG0 suffix).
  function automatic logic [3:0] msb15(input logic [14:0] v);
    msb15 = '0;
    for (int k = 0; k < 15; k++) if (v[k]) msb15 = 4'(k);
  endfunction

  always_comb begin
    logic [1:0]  ph;
    logic [5:0]  i, c;
    logic        h, t;
    logic [3:0]  p;
    logic [1:0]  g;
    logic [2:0]  gt1, eq1;
    logic signed [15:0] lv;
    logic [15:0] v;
    logic [14:0] s1;
    logic [3:0]  k;
    logic [3:0]  nrest;
    logic [31:0] tail;
    logic [5:0]  tlen, left;
    logic [3:0]  n;
    logic [7:0]  byte_bits;
    logic [8:0]  ctx0, ctxr;
    logic [6:0]  nb;
    {ph, i, h, c, p, t, g, gt1, eq1} = st_i;
    sym_o = '0;
    cnt_o = '0;
    for (int j = 0; j < K; j++) begin
      left = '0;
      n = '0;
      byte_bits = '0;
      nb = '0;
      if (ph == PH_CBF && cat_i == 3'd5) ph = PH_SIG;  // no coded_block_flag: inferred 1
      if (ph != PH_DONE) cnt_o = cnt_o + 1'b1;  // every step before the end is one symbol
      // The level at c, its coeff_abs_level_minus1 and its bypass string.
      lv = lv_i[{c, 4'd0} +: 16];
      v  = (lv[15] ? 16'(-lv) : 16'(lv)) - 16'd1;
      s1 = 15'(v - 16'd13);  // (v - 14) + 1 when v >= 14
      k  = msb15(s1);
      if (v >= 16'd14) begin
        tail = ~(32'hffff_ffff >> k)
             | ({17'd0, s1 & ~(15'd1 << k)} << (6'd31 - {1'b0, k, 1'b0}))
             | ({31'd0, lv[15]} << (6'd30 - {1'b0, k, 1'b0}));
        tlen = {1'b0, k, 1'b0} + 6'd2;
      end else begin
        tail = {lv[15], 31'd0};
        tlen = 6'd1;
      end
      nrest = (v < 16'd14) ? v[3:0] : 4'd13;
      ctx0 = abs_base + ((gt1 != 3'd0) ? 9'd0 : (eq1 >= 3'd3) ? 9'd4 : {6'd0, eq1} + 9'd1);
      ctxr = abs_base + 9'd5 + ((cat_i == 3'd3 && gt1 >= 3'd3) ? 9'd3 :
                                (gt1 >= 3'd4) ? 9'd4 : {6'd0, gt1});
      unique case (ph)
        PH_CBF: begin
          sym_o[j*`CABAC_SYM_W +: `CABAC_SYM_W] =
              {`CABAC_CTX, cbf_base + {7'd0, cbf_inc_i}, 7'd0, sig_i != 64'd0};
          ph = (sig_i != 64'd0) ? PH_SIG : PH_DONE;
        end
        PH_SIG: begin
          sym_o[j*`CABAC_SYM_W +: `CABAC_SYM_W] =
              {`CABAC_CTX, (h ? last_base : sig_base) + pos_inc(cat_i, i, h), 7'd0,
               h ? (i == last_i) : sig_i[i]};
          if (!h && sig_i[i]) begin
            h = 1'b1;
          end else begin
            h = 1'b0;
            if (i == end_i || i == last_i) begin
              ph = PH_LVL;
              c  = last_i;
            end else begin
              i = i + 6'd1;
            end
          end
        end
        PH_LVL: begin
          if (!t) begin
            if (p == 4'd0) begin
              sym_o[j*`CABAC_SYM_W +: `CABAC_SYM_W] = {`CABAC_CTX, ctx0, 7'd0, v != 16'd0};
              if (v == 16'd0) t = 1'b1;
              else            p = 4'd1;
            end else begin
              sym_o[j*`CABAC_SYM_W +: `CABAC_SYM_W] = {`CABAC_CTX, ctxr, 7'd0, {12'd0, p} < v};
              if (p == nrest) t = 1'b1;
              else            p = p + 4'd1;
            end
          end else begin
            left = tlen - {1'b0, g, 3'd0};
            n = (left > 6'd8) ? 4'd8 : left[3:0];
            byte_bits = tail[31 - {g, 3'd0} -: 8];
            sym_o[j*`CABAC_SYM_W +: `CABAC_SYM_W] =
                {`CABAC_BYPASS, 5'd0, n, byte_bits >> (4'd8 - n)};
            if (left > 6'd8) begin
              g = g + 2'd1;
            end else begin
              if (v == 16'd0) eq1 = (eq1 == 3'd7) ? eq1 : eq1 + 3'd1;
              else            gt1 = (gt1 == 3'd7) ? gt1 : gt1 + 3'd1;
              nb = next_below(sig_i, c);
              p = 4'd0;
              t = 1'b0;
              g = 2'd0;
              if (nb[6]) c = nb[5:0];
              else       ph = PH_DONE;
            end
          end
        end
        default: ;
      endcase
    end
    st_o = {ph, i, h, c, p, t, g, gt1, eq1};
    done_o = (ph == PH_DONE);
  end
endmodule
