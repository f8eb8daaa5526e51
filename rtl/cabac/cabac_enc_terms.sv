// cabac_enc_terms: the part of the low update of golden::cabac::CabacEncoder (codILow after
// encode_decision, encode_bypass, encode_terminate) that does not depend on codILow, for one
// group of up to K lanes: lane j's operation is low = ((low + a_j) << s_j) + b_j, with b_j =
// codIRange * bits for a BYPASS lane (from the range stage), so the group gives
//   low << S + T,  T = sum_j a_j << (S - P_j) + sum_j b_j << (S - P_j - s_j),
// S = sum of s_j, P_j = s_0 + .. + s_(j-1); this stage computes S and T (the low stage then
// adds low << S): the shifted terms in its first cycle, and in its second their sum in carry-save
// form, T = ts_o + tc_o (modulo 2^LWidth; rows of 3:2 counters, no carry chain: the low stage
// adds the two words). Other symbols and the flush pass (a_0 with them).
// Latency 2 (registered outputs); moves when en_i is high.
//
// Parameters:
//   K  lanes.
module cabac_enc_terms #(
  parameter  int unsigned K      = 4,
  localparam int unsigned LWidth = 11 + 8 * K  // low << S + T < 2^(11 + S), S <= 8K
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              en_i,
  input  logic              valid_i,
  input  logic [2:0]        kind_i,
  input  logic [7:0]        val_i,
  input  logic [K*9-1:0]    a_i,
  input  logic [K*17-1:0]   b_i,
  input  logic [K*4-1:0]    s_i,
  input  logic              flush_i,
  output logic              valid_o,
  output logic [2:0]        kind_o,
  output logic [7:0]        val_o,
  output logic [8:0]        a0_o,
  output logic [5:0]        s_o,
  output logic [LWidth-1:0] ts_o,     // T = ts_o + tc_o
  output logic [LWidth-1:0] tc_o,
  output logic              flush_o
);
  localparam int unsigned NTerms = 2 * K;

  // Cycle 1: S and the terms a_j << (S - P_j), b_j << (S - P_j - s_j).
  logic [5:0]               stot;
  logic [NTerms*LWidth-1:0] terms, terms_q;
  logic                     valid_q, flush_q;
  logic [2:0]               kind_q;
  logic [7:0]               val_q;
  logic [8:0]               a0_q;
  logic [5:0]               stot_q;

  always_comb begin
    logic [5:0] p;
    stot = '0;
    for (int j = 0; j < K; j++) stot = stot + 6'(s_i[j*4 +: 4]);
    p = '0;
    for (int j = 0; j < K; j++) begin
      terms[(2*j)*LWidth +: LWidth] = LWidth'(a_i[j*9 +: 9]) << (stot - p);
      p = p + 6'(s_i[j*4 +: 4]);
      terms[(2*j+1)*LWidth +: LWidth] = LWidth'(b_i[j*17 +: 17]) << (stot - p);
    end
  end

  // Cycle 2: T in carry-save form: the 2K terms reduced to two words by rows of 3:2 counters
  // (each row takes three words to a sum and a carry word, w words -> w - 1 per row).
  logic [LWidth-1:0] ts, tc;
  always_comb begin
    logic [LWidth-1:0] w [NTerms];
    logic [LWidth-1:0] x, y, z;
    for (int k = 0; k < NTerms; k++) w[k] = terms_q[k*LWidth +: LWidth];
    for (int n = NTerms; n > 2; n--) begin
      x = w[n-3];
      y = w[n-2];
      z = w[n-1];
      w[n-3] = x ^ y ^ z;
      w[n-2] = ((x & y) | (x & z) | (y & z)) << 1;
    end
    ts = w[0];
    tc = (NTerms > 1) ? w[1] : '0;
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
      valid_o <= 1'b0;
    end else if (en_i) begin
      valid_q <= valid_i;
      valid_o <= valid_q;
    end
  end
  always_ff @(posedge clk_i) begin
    if (en_i && valid_i) begin
      kind_q  <= kind_i;
      val_q   <= val_i;
      a0_q    <= a_i[8:0];
      stot_q  <= stot;
      terms_q <= terms;
      flush_q <= flush_i;
    end
    if (en_i && valid_q) begin
      kind_o  <= kind_q;
      val_o   <= val_q;
      a0_o    <= a0_q;
      s_o     <= stot_q;
      ts_o    <= ts;
      tc_o    <= tc;
      flush_o <= flush_q;
    end
  end
endmodule
