// cabac_enc_terms: the part of the low update of golden::cabac::CabacEncoder (codILow after
// encode_decision, encode_bypass, encode_terminate) that does not depend on codILow, for one
// group of up to K lanes: lane j's operation is low = ((low + a_j) << s_j) + b_j, with b_j =
// codIRange * bits for a BYPASS lane (the range stage's r_j and bits_j), so the group gives
//   low << S + T,  T = sum_j a_j << (S - P_j) + sum_j b_j << (S - P_j - s_j),
// S = sum of s_j, P_j = s_0 + .. + s_(j-1); this stage computes S and T (the low stage then
// adds low << S). Other symbols and the flush pass (a_0 with them).
// Latency 1 (registered outputs); moves when en_i is high.
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
  input  logic [K*9-1:0]    r_i,
  input  logic [K*8-1:0]    bits_i,
  input  logic [K*4-1:0]    s_i,
  input  logic              flush_i,
  output logic              valid_o,
  output logic [2:0]        kind_o,
  output logic [7:0]        val_o,
  output logic [8:0]        a0_o,
  output logic [5:0]        s_o,
  output logic [LWidth-1:0] t_o,
  output logic              flush_o
);
  logic [5:0]        stot;
  logic [LWidth-1:0] t;

  always_comb begin
    logic [5:0] p;
    stot = '0;
    for (int j = 0; j < K; j++) stot = stot + 6'(s_i[j*4 +: 4]);
    t = '0;
    p = '0;
    for (int j = 0; j < K; j++) begin
      t = t + (LWidth'(a_i[j*9 +: 9]) << (stot - p));
      p = p + 6'(s_i[j*4 +: 4]);
      t = t + (LWidth'(17'(r_i[j*9 +: 9]) * 17'(bits_i[j*8 +: 8])) << (stot - p));
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_o <= 1'b0;
    end else if (en_i) begin
      valid_o <= valid_i;
    end
  end
  always_ff @(posedge clk_i) begin
    if (en_i && valid_i) begin
      kind_o  <= kind_i;
      val_o   <= val_i;
      a0_o    <= a_i[8:0];
      s_o     <= stot;
      t_o     <= t;
      flush_o <= flush_i;
    end
  end
endmodule
