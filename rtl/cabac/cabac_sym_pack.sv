// cabac_sym_pack: repacks a stream of 1..P symbols a cycle into one of 1..K a cycle, K wide
// whenever enough symbols are buffered (no golden counterpart: the order of the symbols is
// kept, only their grouping into cycles changes).
//
// A buffer of D = P + 2K symbols and an output register of K. Each cycle the output register,
// when free (empty or taken), loads the first min(K, buffered) symbols; the input is accepted
// when its P slots fit behind what is buffered even if the output takes none this cycle, so
// ready_o is a compare on a register, not combinational from ready_i (the input side's load
// enables do not wait for it); the extra K of depth keeps K symbols ready behind the output
// register while P arrive.
// Latency 2: symbols accepted in cycle t are on sym_o in cycle t + 2 at the earliest.
//
// Parameters: P  input slots, K  output slots (cabac_sym.sv symbols, slot 0 first).
// Ports: sym_i / cnt_i (1..P while valid_i) / valid_i / ready_o; sym_o / cnt_o (1..K while
// valid_o = cnt_o != 0) / ready_i. Asserted: the output holds still while stalled.
module cabac_sym_pack #(
  parameter  int unsigned P   = 8,
  parameter  int unsigned K   = 4,
  localparam int unsigned PW  = $clog2(P + 1),
  localparam int unsigned KW  = $clog2(K + 1),
  localparam int unsigned D   = P + 2 * K,
  localparam int unsigned DW  = $clog2(D + 1),
  localparam int unsigned W   = `CABAC_SYM_W
) (
  input  logic           clk_i,
  input  logic           rst_ni,
  input  logic           valid_i,
  output logic           ready_o,
  input  logic [P*W-1:0] sym_i,
  input  logic [PW-1:0]  cnt_i,
  output logic           valid_o,
  input  logic           ready_i,
  output logic [K*W-1:0] sym_o,
  output logic [KW-1:0]  cnt_o
);
  logic [D*W-1:0] buf_q, buf_d;
  logic [DW-1:0]  n_q, n_d;
  logic [K*W-1:0] out_q;
  logic [KW-1:0]  out_cnt_q;

  logic          out_free;
  logic [DW-1:0] take, keep;
  assign out_free = (out_cnt_q == '0) || ready_i;
  assign take     = !out_free ? '0 : (n_q > DW'(K)) ? DW'(K) : n_q;
  assign keep     = n_q - take;
  assign ready_o  = (n_q <= DW'(D - P));

  always_comb begin
    buf_d = buf_q >> (32'(take) * W);
    n_d   = keep;
    if (valid_i && ready_o) begin
      for (int j = 0; j < P; j++) begin
        if (PW'(j) < cnt_i) buf_d[(32'(keep) + j)*W +: W] = sym_i[j*W +: W];
      end
      n_d = keep + DW'(cnt_i);
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      n_q       <= '0;
      out_cnt_q <= '0;
    end else begin
      n_q <= n_d;
      if (out_free) out_cnt_q <= KW'(take);
    end
  end
  always_ff @(posedge clk_i) begin
    buf_q <= buf_d;
    if (out_free) out_q <= buf_q[K*W-1:0];
  end

  assign valid_o = (out_cnt_q != '0);
  assign sym_o   = out_q;
  assign cnt_o   = out_cnt_q;

  `ASSERT_STABLE_STALL(OutStableWhileStalled_A, valid_o, ready_i, {sym_o, cnt_o})
  `ASSERT(InCount_A, !valid_i || (cnt_i != '0 && cnt_i <= PW'(P)))
endmodule
