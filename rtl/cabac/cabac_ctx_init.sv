// cabac_ctx_init: initial state of one context variable from its (m, n) at SliceQPY (clause
// 9.3.1.1; golden::cabac::context::init_context): preCtxState = Clip3(1, 126,
// ((m * Clip3(0, 51, SliceQPY)) >> 4) + n), then (63 - pre, MPS 0) for pre <= 63, else
// (pre - 64, MPS 1). The >> is arithmetic (rounds toward minus infinity), as in golden.
// Two steps: the product m * Clip3(0, 51, qp) and n are registered (when en_i is high), the
// rest is combinational after the register. Latency 1. qp_i is SliceQPY (0..63 on the port;
// above 51 acts as 51).
module cabac_ctx_init (
  input  logic              clk_i,
  input  logic              en_i,
  input  logic signed [7:0] m_i,
  input  logic signed [7:0] n_i,
  input  logic        [5:0] qp_i,
  output logic        [5:0] state_o,
  output logic              mps_o
);
  logic signed [6:0]  qp;     // Clip3(0, 51, qp), non-negative
  logic signed [14:0] prod;   // m * qp: |m| <= 128, qp <= 51
  logic signed [14:0] prod_q;
  logic signed [7:0]  n_q;
  logic signed [10:0] pre;    // (prod >> 4) + n
  logic        [6:0]  clip;   // Clip3(1, 126, pre)

  assign qp   = (qp_i > 6'd51) ? 7'sd51 : $signed({1'b0, qp_i});
  assign prod = 15'(m_i) * 15'(qp);

  always_ff @(posedge clk_i) begin
    if (en_i) begin
      prod_q <= prod;
      n_q    <= n_i;
    end
  end

  assign pre  = 11'(prod_q >>> 4) + 11'(n_q);
  always_comb begin
    if (pre < 11'sd1) begin
      clip = 7'd1;
    end else if (pre > 11'sd126) begin
      clip = 7'd126;
    end else begin
      clip = pre[6:0];
    end
  end
  assign mps_o   = clip[6];                                     // pre >= 64
  assign state_o = clip[6] ? clip[5:0] : 6'(7'd63 - clip);
endmodule
