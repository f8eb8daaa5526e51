// cabac_enc_range: the range stage of the encoding engine (codIRange of
// golden::cabac::CabacEncoder: encode_decision, encode_bypass, encode_terminate, the flush and
// the restart after I_PCM), one symbol per cycle. It turns each symbol into the low stage's
// operation low' = ((low + a) << s) + b (cabac_enc_low):
//   CTX     rLPS = rlps[q], q = codIRange[7:6]; MPS: codIRange -= rLPS, a = 0; LPS: a =
//           codIRange - rLPS, codIRange = rLPS; then s = the renormalization shift (codIRange
//           << s in 256..510)
//   BYPASS  n bins v: s = n, b = codIRange * v (codIRange unchanged)
//   TERM 0  codIRange -= 2, renormalized (s 0 or 1); TERM 1: a = codIRange - 2, flush_o (the
//           low stage writes the flush bits), codIRange = 510 for the engine's restart
//   INIT    codIRange = 510; PCM, END pass.
// Latency 1 (registered outputs); moves when en_i is high.
module cabac_enc_range (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        en_i,
  input  logic        valid_i,
  input  logic [2:0]  kind_i,
  input  logic [8:0]  ctx_i,
  input  logic [7:0]  val_i,
  input  logic        lps_i,
  input  logic [31:0] rlps_i,
  output logic        valid_o,
  output logic [2:0]  kind_o,
  output logic [7:0]  val_o,    // PCM byte
  output logic [8:0]  a_o,
  output logic [16:0] b_o,
  output logic [3:0]  s_o,
  output logic        flush_o
);
  // Renormalization shift of a codIRange value in 2..510: leading zeros of its 9 bits.
  function automatic logic [3:0] renorm_shift(input logic [8:0] r);
    renorm_shift = 4'd8;
    for (int i = 0; i < 9; i++) begin
      if (r[i]) renorm_shift = 4'(8 - i);
    end
  endfunction

  logic [8:0] range_q, range_d;
  logic [7:0] rlps;
  logic [8:0] rmps, rsel, rterm;
  logic [7:0] bits;
  logic [3:0] n;
  logic [8:0] a;
  logic [16:0] b;
  logic [3:0] s;
  logic       flush;

  assign rlps  = rlps_i[range_q[7:6]*8 +: 8];
  assign rmps  = range_q - 9'(rlps);
  assign rsel  = lps_i ? 9'(rlps) : rmps;
  assign rterm = range_q - 9'd2;
  assign n     = ctx_i[3:0];
  assign bits  = val_i & 8'((9'd1 << n) - 9'd1);

  always_comb begin
    range_d = range_q;
    a       = '0;
    b       = '0;
    s       = '0;
    flush   = 1'b0;
    unique case (kind_i)
      `CABAC_CTX: begin
        a       = lps_i ? rmps : 9'd0;
        s       = renorm_shift(rsel);
        range_d = rsel << s;
      end
      `CABAC_BYPASS: begin
        s = n;
        b = 17'(range_q) * 17'(bits);
      end
      `CABAC_TERM: begin
        if (val_i[0]) begin
          a       = rterm;
          flush   = 1'b1;
          range_d = 9'd510;
        end else begin
          s       = {3'd0, !rterm[8]};
          range_d = rterm << !rterm[8];
        end
      end
      `CABAC_INIT: range_d = 9'd510;
      default: ;
    endcase
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
      kind_o  <= kind_i;
      val_o   <= val_i;
      a_o     <= a;
      b_o     <= b;
      s_o     <= s;
      flush_o <= flush;
    end
  end

  logic unused;
  assign unused = ^ctx_i[8:4];
  `ASSERT(RangeNormalized_A, range_q >= 9'd256)
  `ASSERT(BypassCount_A, !(valid_i && en_i && kind_i == `CABAC_BYPASS) || (n >= 4'd1 && n <= 4'd8))
endmodule
