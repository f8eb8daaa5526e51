// Align pass 2, stage 2 of 3: the scaling shift of N elements with round and sticky bits
// (docs/align.md section 7).
//
// |x| / 2^(E-6) = m / 2^sh; with t = sh + 6 (align_decode) both directions are one right
// shift of m << 6 by t: left shifts (sh <= 0, t <= 6) only drop the zeros appended, right
// shifts drop bits that decide the rounding. Out per lane: the low 7 bits of the kept value
// floor(m / 2^sh), big = the kept value is >= 128 (clamps to 127; not reached in a finite
// group, kept here as in the golden model), the round bit (the first dropped bit) and the
// sticky bit (OR of the bits below it).
//
// Parameters:
//   N   elements per beat.
//   UW  width of the user sideband that travels with the beat unchanged.
// Latency 1 cycle, one beat per cycle; valid/ready with backpressure (ready_o = the output
// register is empty or being drained).
module align_shift #(
  parameter int unsigned N  = 4,
  parameter int unsigned UW = 1
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            valid_i,
  output logic            ready_o,
  input  logic [N-1:0]    neg_i,
  input  logic [N*24-1:0] sig_i,
  input  logic [N*5-1:0]  sh_i,
  input  logic [UW-1:0]   user_i,
  output logic            valid_o,
  input  logic            ready_i,
  output logic [N-1:0]    neg_o,
  output logic [N*7-1:0]  kept_o,
  output logic [N-1:0]    big_o,
  output logic [N-1:0]    round_o,
  output logic [N-1:0]    sticky_o,
  output logic [UW-1:0]   user_o
);
  logic [N*7-1:0] kept_d, kept_q;
  logic [N-1:0]   big_d, big_q, round_d, round_q, sticky_d, sticky_q, neg_q;
  logic [UW-1:0]  user_q;
  logic           valid_q;

  for (genvar k = 0; k < N; k++) begin : g_lane
    // {kept, dropped}: m << 6 on 32 bits, then 32 fraction bits to catch what the shift drops.
    logic [63:0] w;
    assign w = {2'b00, sig_i[k*24 +: 24], 6'd0, 32'd0} >> sh_i[k*5 +: 5];
    assign kept_d[k*7 +: 7] = w[38:32];
    assign big_d[k]         = |w[63:39];
    assign round_d[k]       = w[31];
    assign sticky_d[k]      = |w[30:0];
  end

  assign ready_o = ~valid_q | ready_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
    end else if (ready_o) begin
      valid_q <= valid_i;
    end
  end

  // Data registers need no reset: valid_q qualifies them.
  always_ff @(posedge clk_i) begin
    if (ready_o && valid_i) begin
      neg_q    <= neg_i;
      kept_q   <= kept_d;
      big_q    <= big_d;
      round_q  <= round_d;
      sticky_q <= sticky_d;
      user_q   <= user_i;
    end
  end

  assign valid_o  = valid_q;
  assign neg_o    = neg_q;
  assign kept_o   = kept_q;
  assign big_o    = big_q;
  assign round_o  = round_q;
  assign sticky_o = sticky_q;
  assign user_o   = user_q;
endmodule
