// Align pass 2, stage 1 of 3: exact decode of N finite elements and each element's shift
// against the group's shared exponent (docs/align.md sections 2 and 7).
//
// The elements come in the align_unpack layout {s, ef, mf}, format-free: x = (-1)^s m 2^e
// with m = (ef != 0) << 23 | mf and e = max(ef, 1) - bias - 23 (no normalisation). The
// element is scaled by 2^-sh with sh = (E - 6) - e; this stage gives t = sh + 6 =
// tofs_i - max(ef, 1) (align_e8m0 folds E and the bias into tofs), so that align_shift can
// take one right shift of m << 6 for both directions. t is saturated to 0..31: t >= 31
// (m / 2^sh < 2^-1) gives 0 as the golden rne_shift does, and t >= 0 holds in every finite
// group (|x| < 2^(E+1) makes -sh <= 6); in a group with Inf / NaN the samples are void.
//
// Parameters:
//   N   elements per beat.
//   UW  width of the user sideband that travels with the beat unchanged.
// Ports: elem_i N elements (align_unpack layout), tofs_i the group's signed 10-bit offset;
// out per lane k: neg_o[k], sig_o[k*24 +: 24] = m, sh_o[k*5 +: 5] = t.
// Latency 1 cycle, one beat per cycle; valid/ready with backpressure (ready_o = the output
// register is empty or being drained).
module align_decode #(
  parameter int unsigned N  = 4,
  parameter int unsigned UW = 1
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            valid_i,
  output logic            ready_o,
  input  logic [N*32-1:0] elem_i,
  input  logic [9:0]      tofs_i,
  input  logic [UW-1:0]   user_i,
  output logic            valid_o,
  input  logic            ready_i,
  output logic [N-1:0]    neg_o,
  output logic [N*24-1:0] sig_o,
  output logic [N*5-1:0]  sh_o,
  output logic [UW-1:0]   user_o
);
  logic [N-1:0]    neg_d, neg_q;
  logic [N*24-1:0] sig_d, sig_q;
  logic [N*5-1:0]  sh_d, sh_q;
  logic [UW-1:0]   user_q;
  logic            valid_q;

  for (genvar k = 0; k < N; k++) begin : g_lane
    logic [7:0]        ef, eb;
    logic signed [9:0] t;
    assign ef                = elem_i[k*32+23 +: 8];
    assign eb                = (ef == 8'd0) ? 8'd1 : ef;
    assign neg_d[k]          = elem_i[k*32+31];
    assign sig_d[k*24 +: 24] = {ef != 8'd0, elem_i[k*32 +: 23]};
    assign t                 = $signed(tofs_i) - $signed({2'b00, eb});
    assign sh_d[k*5 +: 5]    = (t < $signed(10'd0))  ? 5'd0 :
                               (t > $signed(10'd31)) ? 5'd31 : t[4:0];
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
      neg_q  <= neg_d;
      sig_q  <= sig_d;
      sh_q   <= sh_d;
      user_q <= user_i;
    end
  end

  assign valid_o = valid_q;
  assign neg_o   = neg_q;
  assign sig_o   = sig_q;
  assign sh_o    = sh_q;
  assign user_o  = user_q;
endmodule
