// cabac_enc_low: the low stage of the encoding engine (codILow of
// golden::cabac::CabacEncoder), one group of up to K lanes per cycle, in carry form: instead of
// the standard's outstanding bits, low keeps 10 bits and every bit shifted out above them goes
// to the bit packer as a chunk, with the carry of the additions in its top bit (the packer
// adds it into the bits before, cabac_enc_pack). The group's operations come as S and T
// (cabac_enc_terms): L = (low << S) + T; chunk = L >> 10 (S bits and a carry), low = L[9:0].
// TERM 1 (flush_i, alone): L = low + a_0, and EncodeFlush's bits, the 7 renormalization
// shifts of codIRange 2, PutBit(L[9]) and (L[8:7] | 1) of the shifted low, are the chunk
// {L[10:1], 1} of 10 bits (align_o: then pad to a byte boundary); low = 0 for the restart.
// INIT: low = 0. PCM, END pass.
// Outputs: kind_o (0 chunk, 1 PCM byte in c_o[7:0], 2 END, 3 INIT), c_o / s_o the chunk.
// Latency 1 (registered outputs); moves when en_i is high.
//
// Parameters:
//   K  lanes.
module cabac_enc_low #(
  parameter  int unsigned K      = 4,
  localparam int unsigned LWidth = 11 + 8 * K,
  localparam int unsigned CWidth = (8 * K + 1 > 11) ? 8 * K + 1 : 11  // chunk
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              en_i,
  input  logic              valid_i,
  input  logic [2:0]        kind_i,
  input  logic [7:0]        val_i,
  input  logic [8:0]        a0_i,
  input  logic [5:0]        s_i,
  input  logic [LWidth-1:0] t_i,
  input  logic              flush_i,
  output logic              valid_o,
  output logic [1:0]        kind_o,
  output logic [CWidth-1:0] c_o,
  output logic [5:0]        s_o,
  output logic              align_o
);
  logic [9:0]        low_q, low_d;
  logic [LWidth-1:0] l;
  logic [10:0]       fbits;  // the flush chunk: (low + a_0) | 1
  logic [1:0]        kind;
  logic [CWidth-1:0] c;
  logic [5:0]        s;

  assign l     = (LWidth'(low_q) << s_i) + t_i;
  assign fbits = (11'(low_q) + 11'(a0_i)) | 11'd1;

  always_comb begin
    low_d = low_q;
    kind  = 2'd0;
    c     = CWidth'(l >> 10);
    s     = s_i;
    unique case (kind_i)
      `CABAC_CTX, `CABAC_BYPASS, `CABAC_TERM: begin
        if (flush_i) begin
          c     = CWidth'(fbits);
          s     = 6'd10;
          low_d = '0;
        end else begin
          low_d = l[9:0];
        end
      end
      `CABAC_PCM: begin
        kind = 2'd1;
        c    = CWidth'(val_i);
      end
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
      valid_o <= 1'b0;
      low_q   <= '0;
    end else if (en_i) begin
      valid_o <= valid_i;
      if (valid_i) low_q <= low_d;
    end
  end
  always_ff @(posedge clk_i) begin
    if (en_i && valid_i) begin
      kind_o  <= kind;
      c_o     <= c;
      s_o     <= s;
      align_o <= flush_i;
    end
  end
endmodule
