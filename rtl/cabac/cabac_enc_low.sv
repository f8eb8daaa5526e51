// cabac_enc_low: the low stage of the encoding engine (codILow of
// golden::cabac::CabacEncoder), one operation per cycle, in carry form: instead of the
// standard's outstanding bits, low keeps 10 bits and every bit shifted out above them goes to
// the bit packer as a chunk, with the carry of the addition in its top bit (the packer adds it
// into the bits before, cabac_enc_pack):
//   L = ((low + a) << s) + b; chunk = L >> 10 (s bits and a carry); low = L[9:0]
// for CTX, BYPASS and TERM 0 (the range stage's a, b, s). TERM 1 (flush_i): L = low + a, and
// EncodeFlush's bits, the 7 renormalization shifts of codIRange 2, PutBit(L[9]) and
// (L[8:7] | 1) of the shifted low, are the chunk {L[10:1], 1} of 10 bits (align_o: then pad to
// a byte boundary); low = 0 for the restart. INIT: low = 0. PCM, END pass.
// Outputs: kind_o (0 chunk, 1 PCM byte in c_o[7:0], 2 END, 3 INIT), c_o / s_o the chunk.
// Latency 1 (registered outputs); moves when en_i is high.
module cabac_enc_low (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        en_i,
  input  logic        valid_i,
  input  logic [2:0]  kind_i,
  input  logic [7:0]  val_i,
  input  logic [8:0]  a_i,
  input  logic [16:0] b_i,
  input  logic [3:0]  s_i,
  input  logic        flush_i,
  output logic        valid_o,
  output logic [1:0]  kind_o,
  output logic [10:0] c_o,
  output logic [3:0]  s_o,
  output logic        align_o
);
  logic [9:0]  low_q, low_d;
  logic [10:0] sum;   // low + a
  logic [18:0] l;     // ((low + a) << s) + b: < 2^19 (a = 0 when b != 0)
  logic [1:0]  kind;
  logic [10:0] c;
  logic [3:0]  s;

  assign sum = 11'(low_q) + 11'(a_i);
  assign l   = (19'(sum) << s_i) + 19'(b_i);

  always_comb begin
    low_d = low_q;
    kind  = 2'd0;
    c     = 11'(l[18:10]);
    s     = s_i;
    unique case (kind_i)
      `CABAC_CTX, `CABAC_BYPASS, `CABAC_TERM: begin
        if (flush_i) begin
          c     = sum | 11'd1;
          s     = 4'd10;
          low_d = '0;
        end else begin
          low_d = l[9:0];
        end
      end
      `CABAC_PCM: begin
        kind = 2'd1;
        c    = 11'(val_i);
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
