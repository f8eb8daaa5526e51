// Align pass 2, stage 1 of 3: exact decode of N finite patterns and each element's shift
// against the group's shared exponent (docs/align.md sections 2 and 7).
//
// x = (-1)^s m 2^e with m = (ef != 0) << wm | mf and e = max(ef, 1) - bias - wm (no
// normalisation). The element is scaled by 2^-(sh) with sh = (E - 6) - e; this stage gives
// t = sh + 6 = tofs_i - max(ef, 1) (align_e8m0), so that align_shift can take one right shift
// of m << 6 for both directions. t is saturated to 0..31: t >= 31 (sh >= 25) gives 0 as the
// golden rne_shift does (m < 2^24), and t >= 0 holds in every finite group (|x| < 2^(E+1)
// makes -sh <= 6); in a group with Inf / NaN the samples are void anyway.
//
// Parameters:
//   N   elements per beat.
//   UW  width of the user sideband that travels with the beat unchanged.
// Ports: fmt_i (0 FP32, 1 FP16, 2 BF16, 3 as FP32) and the signed 10-bit offset tofs_i per
// beat; out per lane k: neg_o[k], sig_o[k*24 +: 24] = m, sh_o[k*5 +: 5] = t.
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
  input  logic [N*32-1:0] data_i,
  input  logic [1:0]      fmt_i,
  input  logic [9:0]      tofs_i,
  input  logic [UW-1:0]   user_i,
  output logic            valid_o,
  input  logic            ready_i,
  output logic [N-1:0]    neg_o,
  output logic [N*24-1:0] sig_o,
  output logic [N*5-1:0]  sh_o,
  output logic [UW-1:0]   user_o
);
  localparam logic [1:0] FMT_F16  = 2'd1;
  localparam logic [1:0] FMT_BF16 = 2'd2;

  logic [N-1:0]    neg_d, neg_q;
  logic [N*24-1:0] sig_d, sig_q;
  logic [N*5-1:0]  sh_d, sh_q;
  logic [UW-1:0]   user_q;
  logic            valid_q;

  for (genvar k = 0; k < N; k++) begin : g_lane
    // Each format reads only some bits of its 32-bit lane.
    /* verilator lint_off UNUSEDSIGNAL */
    logic [31:0]       bits;
    /* verilator lint_on UNUSEDSIGNAL */
    logic [7:0]        ef, eb;
    logic signed [9:0] t;
    assign bits = data_i[k*32 +: 32];

    always_comb begin
      case (fmt_i)
        FMT_F16: begin
          neg_d[k]         = bits[15];
          ef               = {3'd0, bits[14:10]};
          sig_d[k*24 +: 24] = {13'd0, ef != 8'd0, bits[9:0]};
        end
        FMT_BF16: begin
          neg_d[k]         = bits[15];
          ef               = bits[14:7];
          sig_d[k*24 +: 24] = {16'd0, ef != 8'd0, bits[6:0]};
        end
        default: begin
          neg_d[k]         = bits[31];
          ef               = bits[30:23];
          sig_d[k*24 +: 24] = {ef != 8'd0, bits[22:0]};
        end
      endcase
      eb = (ef == 8'd0) ? 8'd1 : ef;
      t  = $signed(tofs_i) - $signed({2'b00, eb});
      if (t < $signed(10'd0)) begin
        sh_d[k*5 +: 5] = 5'd0;
      end else if (t > $signed(10'd31)) begin
        sh_d[k*5 +: 5] = 5'd31;
      end else begin
        sh_d[k*5 +: 5] = t[4:0];
      end
    end
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
