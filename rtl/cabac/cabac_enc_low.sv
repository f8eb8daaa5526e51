// cabac_enc_low: the low stage of the encoding engine (codILow of
// golden::cabac::CabacEncoder), one group of up to K lanes per cycle, in carry form: instead of
// the standard's outstanding bits, low keeps 10 bits and every bit shifted out above them goes
// to the bit packer as a chunk, with the carry of the additions in its top bit (the packer
// adds it into the bits before, cabac_enc_pack). The group's operations come as S and T =
// ts_i + tc_i (cabac_enc_terms, carry-save): L = (low << S) + T; chunk = L >> 10 (S bits and a
// carry), low = L[9:0]. The loop on low is only the bottom 10 bits: the first cycle takes the
// three words to two by a row of 3:2 counters, adds their bits 9..0 (low = that sum's bits
// 9..0) and registers their upper parts and the carry out of bit 9; the second adds those
// into the chunk.
// TERM 1 (flush_i, alone): L = low + a_0, and EncodeFlush's bits, the 7 renormalization
// shifts of codIRange 2, PutBit(L[9]) and (L[8:7] | 1) of the shifted low, are the chunk
// {L[10:1], 1} of 10 bits (align_o: then pad to a byte boundary); low = 0 for the restart.
// INIT: low = 0. PCM, END pass.
// Outputs: kind_o (0 chunk, 1 PCM byte in c_o[7:0], 2 END, 3 INIT), c_o / s_o the chunk.
// Latency 2 (registered outputs); moves when en_i is high.
//
// Parameters:
//   K  lanes.
module cabac_enc_low #(
  parameter  int unsigned K      = 4,
  localparam int unsigned LWidth = 11 + 8 * K,
  localparam int unsigned CWidth = (8 * K + 1 > 11) ? 8 * K + 1 : 11,  // chunk
  localparam int unsigned HWidth = LWidth - 10                          // L >> 10
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              en_i,
  input  logic              valid_i,
  input  logic [2:0]        kind_i,
  input  logic [7:0]        val_i,
  input  logic [8:0]        a0_i,
  input  logic [5:0]        s_i,
  input  logic [LWidth-1:0] ts_i,
  input  logic [LWidth-1:0] tc_i,
  input  logic              flush_i,
  output logic              valid_o,
  output logic [1:0]        kind_o,
  output logic [CWidth-1:0] c_o,
  output logic [5:0]        s_o,
  output logic              align_o
);
  // Cycle 1: low's loop, the upper words registered.
  logic [9:0]        low_q, low_d;
  logic [LWidth-1:0] sh;     // low << S
  logic [LWidth-1:0] ws, wc;  // sh + ts_i + tc_i = ws + wc (modulo 2^LWidth)
  logic [10:0]       lsum;   // bits 9..0 of ws and wc added (the carry out at [10])
  logic [10:0]       fbits;  // the flush chunk: (low + a_0) | 1
  logic [1:0]        kind;
  logic              valid_q, flush_q;
  logic [1:0]        kind_q;
  logic [7:0]        val_q;
  logic [5:0]        s_q;
  logic [10:0]       fbits_q;
  logic [HWidth-1:0] hs_q, hc_q;
  logic              cin_q;

  assign sh    = LWidth'(low_q) << s_i;
  assign ws    = sh ^ ts_i ^ tc_i;
  assign wc    = ((sh & ts_i) | (sh & tc_i) | (ts_i & tc_i)) << 1;
  assign lsum  = 11'(ws[9:0]) + 11'(wc[9:0]);
  assign fbits = (11'(low_q) + 11'(a0_i)) | 11'd1;

  always_comb begin
    low_d = low_q;
    kind  = 2'd0;
    unique case (kind_i)
      `CABAC_CTX, `CABAC_BYPASS, `CABAC_TERM: begin
        low_d = flush_i ? '0 : lsum[9:0];
      end
      `CABAC_PCM:  kind = 2'd1;
      `CABAC_END:  kind = 2'd2;
      `CABAC_INIT: begin
        kind  = 2'd3;
        low_d = '0;
      end
      default: ;
    endcase
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
      valid_o <= 1'b0;
      low_q   <= '0;
    end else if (en_i) begin
      valid_q <= valid_i;
      valid_o <= valid_q;
      if (valid_i) low_q <= low_d;
    end
  end

  // Cycle 2: the chunk, L >> 10 = the upper words and the carry out of bit 9, or the flush
  // bits, or the PCM byte.
  logic [CWidth-1:0] c;
  logic [5:0]        s;
  always_comb begin
    c = CWidth'(hs_q + hc_q + HWidth'(cin_q));
    s = s_q;
    if (kind_q == 2'd1) begin
      c = CWidth'(val_q);
    end else if (flush_q) begin
      c = CWidth'(fbits_q);
      s = 6'd10;
    end
  end

  always_ff @(posedge clk_i) begin
    if (en_i && valid_i) begin
      kind_q  <= kind;
      val_q   <= val_i;
      s_q     <= s_i;
      flush_q <= flush_i;
      fbits_q <= fbits;
      hs_q    <= ws[LWidth-1:10];
      hc_q    <= wc[LWidth-1:10];
      cin_q   <= lsum[10];
    end
    if (en_i && valid_q) begin
      kind_o  <= kind_q;
      c_o     <= c;
      s_o     <= s;
      align_o <= flush_q;
    end
  end
endmodule
