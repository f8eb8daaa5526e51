// cabac_enc_elements: the bins of one syntax element other than a residual block, K a cycle
// (golden::cabac::elements: CabacEncoder::encode_mb_type_i, encode_transform_size_8x8_flag,
// encode_prev_intra_pred_mode_flag, encode_rem_intra_pred_mode, encode_intra_chroma_pred_mode,
// encode_coded_block_pattern, encode_mb_qp_delta, encode_end_of_slice_flag; plus the slice
// framing of rtl/cabac/cabac_sym.sv: INIT for the slice start, PCM bytes, END after
// end_of_slice_flag 1).
//
// Combinational. The element (kind_i, payload pl_i as in cabac_se.sv, inc_i: ctxIdxInc of bin
// 0, cbpnb_i: CbpNeighbours from cabac_nb, chroma_i: ChromaArrayType != 0) has len bins; this
// cycle gives bins b_i .. b_i + K - 1 of them in sym_o slots 0.. (cnt_o of them) and done_o
// when they include its last one.
//
// Parameters: K  symbols per cycle.
module cabac_enc_elements #(
  parameter  int unsigned K  = 4,
  localparam int unsigned CW = $clog2(K + 1)
) (
  input  logic [3:0]                kind_i,
  input  logic [255:0]              pl_i,
  input  logic [1:0]                inc_i,
  input  logic [11:0]               cbpnb_i,
  input  logic                      chroma_i,
  input  logic [5:0]                b_i,
  output logic [K*`CABAC_SYM_W-1:0] sym_o,
  output logic [CW-1:0]             cnt_o,
  output logic                      done_o
);
  function automatic logic [`CABAC_SYM_W-1:0] sym(input logic [2:0] kind, input logic [8:0] ctx,
                                                  input logic [7:0] val);
    sym = {kind, ctx, val};
  endfunction
  function automatic logic [`CABAC_SYM_W-1:0] ctx_bin(input logic [8:0] ctx, input logic bin);
    ctx_bin = {`CABAC_CTX, ctx, 7'd0, bin};
  endfunction

  // mb_type I_16x16 fields (Table 7-11): t = mb_type - 1 = pred + 4 * chroma + 12 * luma.
  logic [4:0] mbt, t;
  logic [1:0] pred, cpat;
  logic       luma;
  assign mbt = pl_i[4:0];
  assign t   = mbt - 5'd1;
  assign luma = (t >= 5'd12);
  assign pred = t[1:0];
  always_comb begin
    logic [4:0] r;
    r = luma ? t - 5'd12 : t;
    cpat = (r >= 5'd8) ? 2'd2 : (r >= 5'd4) ? 2'd1 : 2'd0;
  end

  // mb_qp_delta mapped to unsigned (9.3.2.7): k > 0 -> 2k - 1, else -2k.
  logic signed [15:0] dqp;
  logic        [5:0]  mapped;
  assign dqp = pl_i[15:0];
  assign mapped = 6'((dqp > 16'sd0) ? (dqp <<< 1) - 16'sd1 : -(dqp <<< 1));

  // coded_block_pattern ctxIdxInc (CbpNeighbours::luma_inc / chroma_inc).
  logic [3:0] luma_a, luma_b, cur;
  logic [1:0] chroma_a, chroma_b, cc;
  assign {chroma_b, chroma_a, luma_b, luma_a} = cbpnb_i;
  assign cur = pl_i[3:0];
  logic unused_nb;  // CbpNeighbours bits no ctxIdxInc reads
  assign unused_nb = ^{luma_a[2], luma_a[0], luma_b[1:0]};
  assign cc  = pl_i[5:4];
  // a: bits 3, 1 of A's luma CBP; b: bits 3, 2 of B's; c: bits 2..0 of the current one.
  function automatic logic [1:0] luma_inc(input logic [1:0] b8, input logic [1:0] a,
                                          input logic [1:0] b, input logic [2:0] c);
    logic fa, fb;
    unique case (b8)
      2'd0: begin fa = a[0]; fb = b[0]; end
      2'd1: begin fa = c[0]; fb = b[1]; end
      2'd2: begin fa = a[1]; fb = c[0]; end
      default: begin fa = c[2]; fb = c[1]; end
    endcase
    luma_inc = {1'b0, !fa} + {!fb, 1'b0};
  endfunction
  function automatic logic [2:0] chroma_inc(input logic bin, input logic [1:0] a,
                                            input logic [1:0] b);
    logic ca, cb;
    ca = bin ? (a == 2'd2) : (a != 2'd0);
    cb = bin ? (b == 2'd2) : (b != 2'd0);
    chroma_inc = {bin, 2'b00} + {2'b00, ca} + {1'b0, cb, 1'b0};
  endfunction

  // Number of bins of the element.
  logic [5:0] len;
  always_comb begin
    unique case (kind_i)
      `CABAC_SE_MBTYPE: len = (mbt == 5'd0) ? 6'd1 : (mbt == 5'd25) ? 6'd2 :
                              (cpat != 2'd0) ? 6'd7 : 6'd6;
      `CABAC_SE_REM:    len = 6'd3;
      `CABAC_SE_CHROMA: len = (pl_i[1:0] == 2'd0) ? 6'd1 : (pl_i[1:0] == 2'd1) ? 6'd2 : 6'd3;
      `CABAC_SE_CBP:    len = !chroma_i ? 6'd4 : (cc != 2'd0) ? 6'd6 : 6'd5;
      `CABAC_SE_QPD:    len = mapped + 6'd1;
      `CABAC_SE_PCM:    len = 6'd32;
      `CABAC_SE_EOS:    len = pl_i[0] ? 6'd2 : 6'd1;
      default:          len = 6'd1;  // SLICE (INIT), T8, PREV
    endcase
  end

  // Bin b of the element.
  function automatic logic [`CABAC_SYM_W-1:0] bin_of(input logic [5:0] b);
    logic [2:0] j;
    bin_of = '0;
    j = '0;
    unique case (kind_i)
      `CABAC_SE_SLICE: bin_of = sym(`CABAC_INIT, 9'd0, {2'b00, pl_i[5:0]});
      `CABAC_SE_MBTYPE: begin
        // Bins after the terminate bin: luma, chroma != 0, [chroma == 2], pred >> 1, pred & 1.
        j = b[2:0];
        if (j >= 3'd4 && cpat == 2'd0) j = j + 3'd1;
        unique case (j)
          3'd0:    bin_of = ctx_bin(9'd3 + {7'd0, inc_i}, mbt != 5'd0);
          3'd1:    bin_of = sym(`CABAC_TERM, 9'd0, {7'd0, mbt == 5'd25});
          3'd2:    bin_of = ctx_bin(9'd6, luma);
          3'd3:    bin_of = ctx_bin(9'd7, cpat != 2'd0);
          3'd4:    bin_of = ctx_bin(9'd8, cpat == 2'd2);
          3'd5:    bin_of = ctx_bin(9'd9, pred[1]);
          default: bin_of = ctx_bin(9'd10, pred[0]);
        endcase
      end
      `CABAC_SE_T8:   bin_of = ctx_bin(9'd399 + {7'd0, inc_i}, pl_i[0]);
      `CABAC_SE_PREV: bin_of = ctx_bin(9'd68, pl_i[0]);
      `CABAC_SE_REM:  bin_of = ctx_bin(9'd69, pl_i[{6'd0, b[1:0]}]);
      `CABAC_SE_CHROMA:
        if (b == 6'd0) bin_of = ctx_bin(9'd64 + {7'd0, inc_i}, pl_i[1:0] != 2'd0);
        else           bin_of = ctx_bin(9'd67, pl_i[1:0] > b[1:0]);
      `CABAC_SE_CBP:
        if (b < 6'd4) bin_of = ctx_bin(9'd73 + {7'd0, luma_inc(b[1:0], {luma_a[3], luma_a[1]},
                                                                 {luma_b[3], luma_b[2]}, cur[2:0])},
                                       cur[b[1:0]]);
        else if (b == 6'd4)
          bin_of = ctx_bin(9'd77 + {6'd0, chroma_inc(1'b0, chroma_a, chroma_b)}, cc != 2'd0);
        else
          bin_of = ctx_bin(9'd77 + {6'd0, chroma_inc(1'b1, chroma_a, chroma_b)}, cc == 2'd2);
      `CABAC_SE_QPD:
        bin_of = ctx_bin((b == 6'd0) ? 9'd60 + {7'd0, inc_i} : (b == 6'd1) ? 9'd62 : 9'd63,
                         b < mapped);
      `CABAC_SE_PCM: bin_of = sym(`CABAC_PCM, 9'd0, pl_i[{b[4:0], 3'd0} +: 8]);
      `CABAC_SE_EOS:
        if (b == 6'd0) bin_of = sym(`CABAC_TERM, 9'd0, {7'd0, pl_i[0]});
        else           bin_of = sym(`CABAC_END, 9'd0, 8'd0);
      default: ;
    endcase
  endfunction

  always_comb begin
    logic [6:0] b;
    cnt_o = '0;
    sym_o = '0;
    for (int j = 0; j < K; j++) begin
      b = {1'b0, b_i} + 7'(j);
      if (b < {1'b0, len}) begin
        sym_o[j*`CABAC_SYM_W +: `CABAC_SYM_W] = bin_of(b[5:0]);
        cnt_o = cnt_o + 1'b1;
      end
    end
  end
  assign done_o = ({1'b0, b_i} + 7'(K) >= {1'b0, len});
endmodule
