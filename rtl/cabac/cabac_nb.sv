// cabac_nb: the neighbour state of the CABAC binarizer and every ctxIdxInc it needs
// (golden::mb::neighbours::MbNeighbors: mb_type_inc, transform_8x8_inc, chroma_mode_inc,
// cbp_summaries, cbf_inc_luma / cbf_inc_luma_dc / cbf_inc_chroma_dc / cbf_inc_chroma_ac; and
// the previous macroblock's mb_qp_delta rule of golden::mb::syntax::MbSyntaxCtx).
//
// The current macroblock's state is built as its elements are loaded (ld_i with the beat on
// se_i); end_of_slice_flag closes the macroblock: its state moves to the left registers and
// its bottom edge into the above line buffer (MaxWidthMbs entries of AboveW = 18 bits:
// not-I_NxN, transform_size_8x8_flag, chroma mode != 0, coded_block_pattern luma bits 2..3
// and chroma, coded_block_flag of luma blocks 10, 11, 14, 15, of the Intra16x16 DC, of the
// two chroma DC and of chroma AC blocks 2, 3 of each component). Availability needs no slice
// tags: with n the macroblocks of this slice so far (saturating at the width) and x the
// current column, left = x > 0 && n > 0 and above = n >= width.
//
// Inputs: the beat's kind, ctxBlockCat, block index, payload bits 47..0 and whether any of
// its levels is non-zero (cabac_se.sv), loaded on ld_i.
// Combinational: inc_o (ctxIdxInc of bin 0 of that element: mb_type,
// transform_size_8x8_flag, intra_chroma_pred_mode, mb_qp_delta, coded_block_flag),
// cbpnb_o (golden::cabac::CbpNeighbours {chroma_b, chroma_a, luma_b, luma_a}, 2+2+4+4 bits)
// and chroma_o (the slice's ChromaArrayType != 0) for the same beat. State updates on ld_i.
//
// Parameters: MaxWidthMbs  the widest picture in macroblocks (line buffer depth).
module cabac_nb #(
  parameter  int unsigned MaxWidthMbs = 256,
  localparam int unsigned XW          = $clog2(MaxWidthMbs),
  localparam int unsigned WW          = $clog2(MaxWidthMbs + 1)
) (
  input  logic                   clk_i,
  input  logic                   rst_ni,
  input  logic                   ld_i,
  input  logic [3:0]             kind_i,
  input  logic [2:0]             cat_i,
  input  logic [3:0]             idx_i,
  input  logic [47:0]            val_i,
  input  logic                   coded_i,
  output logic [1:0]             inc_o,
  output logic [11:0]            cbpnb_o,
  output logic                   chroma_o
);
  localparam int unsigned AboveW = 18;

  logic [3:0]  kind, idx;
  logic [2:0]  cat;
  logic [47:0] pl;
  logic        coded;  // any level of the beat non-zero (coded_block_flag)
  assign {kind, cat, idx, pl, coded} = {kind_i, cat_i, idx_i, val_i, coded_i};
  logic unused_pl;  // bits no field of any kind uses (x and width above XW / WW bits)
  assign unused_pl = ^pl;

  // Slice and position.
  logic [XW-1:0] x_q;
  logic [WW-1:0] width_q, n_q;
  logic          chroma_q;
  // The current macroblock (c*) and the left one (l*): not I_NxN, transform_size_8x8_flag,
  // chroma mode != 0 (0 for I_PCM), coded_block_pattern (I_PCM: 0x2f), coded_block_flags.
  logic        cnnxn_q, ct8_q, ccnz_q, lnnxn_q, lt8_q, lcnz_q;
  logic [5:0]  ccbp_q, lcbp_q;
  logic [15:0] ccbf_q, lcbf_q;
  logic        cdc_q, ldc_q;
  logic [1:0]  ccdc_q, lcdc_q;
  logic [7:0]  ccac_q, lcac_q;
  logic        cdqp_q, pdqp_q;  // mb_qp_delta != 0 in this / the previous macroblock
  logic [AboveW-1:0] mem_q [MaxWidthMbs];

  // The above macroblock's entry (valid while the current macroblock is coded: written at its
  // end of slice flag).
  logic [AboveW-1:0] ab;
  logic ab_nnxn, ab_t8, ab_cnz, ab_dc;
  logic [1:0] ab_cbpl, ab_cbpc, ab_cdc;
  logic [3:0] ab_cbf, ab_cac;
  assign ab = mem_q[x_q];
  assign {ab_cac, ab_cdc, ab_dc, ab_cbf, ab_cbpc, ab_cbpl, ab_cnz, ab_t8, ab_nnxn} = ab;

  logic la, ba;  // left / above macroblock available
  assign la = (x_q != '0) && (n_q != '0);
  assign ba = (n_q >= width_q);

  // luma4x4BlkIdx of the 4x4 block at (bx, by) (golden blk_at).
  function automatic logic [3:0] blk_at(input logic [1:0] bx, input logic [1:0] by);
    blk_at = {by[1], bx[1], by[0], bx[0]};
  endfunction

  // coded_block_flag ctxIdxInc parts (MbNeighbors::cbf_inc: an unavailable macroblock is 1).
  logic [1:0] bx, by;
  assign bx = {idx[2], idx[0]};
  assign by = {idx[3], idx[1]};
  logic fa, fb;
  always_comb begin
    fa = 1'b1;
    fb = 1'b1;
    unique case (cat)
      3'd0: begin
        fa = la ? ldc_q : 1'b1;
        fb = ba ? ab_dc : 1'b1;
      end
      3'd3: begin
        fa = la ? lcdc_q[idx[0]] : 1'b1;
        fb = ba ? ab_cdc[idx[0]] : 1'b1;
      end
      3'd4: begin
        if (idx[0]) fa = ccac_q[idx[2:0] - 3'd1];
        else        fa = la ? lcac_q[idx[2:0] + 3'd1] : 1'b1;
        if (idx[1]) fb = ccac_q[idx[2:0] - 3'd2];
        else        fb = ba ? ab_cac[{idx[2], idx[0]}] : 1'b1;
      end
      default: begin  // 1, 2 (5 has no coded_block_flag)
        if (bx != 2'd0) fa = ccbf_q[blk_at(bx - 2'd1, by)];
        else            fa = la ? lcbf_q[blk_at(2'd3, by)] : 1'b1;
        if (by != 2'd0) fb = ccbf_q[blk_at(bx, by - 2'd1)];
        else            fb = ba ? ab_cbf[bx] : 1'b1;
      end
    endcase
  end

  always_comb begin
    unique case (kind)
      `CABAC_SE_MBTYPE: inc_o = {1'b0, la & lnnxn_q} + {1'b0, ba & ab_nnxn};
      `CABAC_SE_T8:     inc_o = {1'b0, la & lt8_q} + {1'b0, ba & ab_t8};
      `CABAC_SE_CHROMA: inc_o = {1'b0, la & lcnz_q} + {1'b0, ba & ab_cnz};
      `CABAC_SE_QPD:    inc_o = {1'b0, pdqp_q};
      default:          inc_o = {fb, fa};
    endcase
  end
  // CbpNeighbours: luma of an unavailable neighbour 0b1111, chroma 0 (I_PCM is stored as 0x2f).
  assign cbpnb_o = {ba ? ab_cbpc : 2'd0, la ? lcbp_q[5:4] : 2'd0,
                    ba ? {ab_cbpl, 2'b11} : 4'hf, la ? lcbp_q[3:0] : 4'hf};
  assign chroma_o = chroma_q;
  logic unused_left;  // only the left macroblock's right column is read
  assign unused_left = ^{lcbf_q, lcac_q};

  logic [4:0] mbt;
  logic       pcm;
  assign mbt = pl[4:0];
  assign pcm = (mbt == 5'd25);
  logic [XW:0] x_inc;
  assign x_inc = {1'b0, x_q} + 1'b1;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      x_q      <= '0;
      width_q  <= '0;
      n_q      <= '0;
      chroma_q <= 1'b0;
      cdqp_q   <= 1'b0;
      pdqp_q   <= 1'b0;
    end else if (ld_i) begin
      unique case (kind)
        `CABAC_SE_SLICE: begin
          x_q      <= pl[16 +: XW];
          width_q  <= pl[32 +: WW];
          n_q      <= '0;
          chroma_q <= pl[6];
          cdqp_q   <= 1'b0;
          pdqp_q   <= 1'b0;
        end
        `CABAC_SE_MBTYPE: begin
          pdqp_q <= cdqp_q;
          cdqp_q <= 1'b0;
        end
        `CABAC_SE_QPD: cdqp_q <= (pl[15:0] != 16'd0);
        `CABAC_SE_EOS: begin
          x_q <= (x_inc == (XW+1)'(width_q)) ? '0 : x_inc[XW-1:0];
          if (n_q != width_q) n_q <= n_q + 1'b1;
        end
        default: ;
      endcase
    end
  end

  // Macroblock state (data registers: defined by the slice's first mb_type before use).
  always_ff @(posedge clk_i) begin
    if (ld_i) begin
      unique case (kind)
        `CABAC_SE_MBTYPE: begin
          cnnxn_q <= (mbt != 5'd0);
          ct8_q   <= 1'b0;
          ccnz_q  <= 1'b0;
          // I_16x16: 1 + pred + 4 * chroma + 12 * (luma != 0).
          if (pcm)                ccbp_q <= 6'h2f;
          else if (mbt == 5'd0)   ccbp_q <= 6'h00;
          else if (mbt <= 5'd4)   ccbp_q <= 6'h00;
          else if (mbt <= 5'd8)   ccbp_q <= 6'h10;
          else if (mbt <= 5'd12)  ccbp_q <= 6'h20;
          else if (mbt <= 5'd16)  ccbp_q <= 6'h0f;
          else if (mbt <= 5'd20)  ccbp_q <= 6'h1f;
          else                    ccbp_q <= 6'h2f;
          ccbf_q <= {16{pcm}};
          cdc_q  <= pcm;
          ccdc_q <= {2{pcm}};
          ccac_q <= {8{pcm}};
        end
        `CABAC_SE_T8:     ct8_q  <= pl[0];
        `CABAC_SE_CHROMA: ccnz_q <= (pl[1:0] != 2'd0);
        `CABAC_SE_CBP:    ccbp_q <= pl[5:0];
        `CABAC_SE_RES: begin
          unique case (cat)
            3'd0:    cdc_q <= coded;
            3'd3:    ccdc_q[idx[0]] <= coded;
            3'd4:    ccac_q[idx[2:0]] <= coded;
            3'd5:    ccbf_q[{idx[1:0], 2'd0} +: 4] <= 4'hf;
            default: ccbf_q[idx] <= coded;
          endcase
        end
        `CABAC_SE_EOS: begin
          lnnxn_q <= cnnxn_q;
          lt8_q   <= ct8_q;
          lcnz_q  <= ccnz_q;
          lcbp_q  <= ccbp_q;
          lcbf_q  <= ccbf_q;
          ldc_q   <= cdc_q;
          lcdc_q  <= ccdc_q;
          lcac_q  <= ccac_q;
          mem_q[x_q] <= {ccac_q[7:6], ccac_q[3:2], ccdc_q, cdc_q,
                         ccbf_q[15], ccbf_q[14], ccbf_q[11], ccbf_q[10],
                         ccbp_q[5:4], ccbp_q[3:2], ccnz_q, ct8_q, cnnxn_q};
        end
        default: ;
      endcase
    end
  end

  // A slice fits the line buffer and starts inside its picture.
  `ASSERT(SliceWidth_A, !(ld_i && kind == `CABAC_SE_SLICE) ||
                        (pl[47:32] != 16'd0 && pl[47:32] <= 16'(MaxWidthMbs) &&
                         pl[31:16] < pl[47:32]))
endmodule
