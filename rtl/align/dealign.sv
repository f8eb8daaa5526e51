// Float dealignment unit, the inverse of align in block floating point mode (golden:
// align::dequantize_sample, which is align::bfp::dequantize as align::dealign applies it to
// every sample with its row's or tensor's E8M0 code; docs/align.md sections 3 and 6).
//
// Per sample s (0..255) under code c (E8M0, 0..254) into format fmt: q = s - 128, the exact
// value q * 2^(c - 127 - 6) rounded once to fmt (round_to_format of docs/align.md section 6).
// All three formats in integers, with |q| = mag (0..128), L = floor(log2 mag) (0..7, for
// mag > 0) and the biased exponent field of the result f = L + c - 133 + bias (FP32 / BF16:
// L + c - 6, FP16: L + c - 118):
//   mag = 0 (s = 128):  +0.
//   f >= 1 (normal):    sign, f, the 7 bits of mag below its leading one, left-aligned in the
//                       mantissa field. Exact: mag has at most 7 bits below its leading one
//                       and every format keeps 7 fraction bits or more, so a normal result
//                       never rounds.
//   f above the largest finite field (FP32 / BF16: f >= 255, only mag = 128 (s = 0) under
//                       code 254; FP16: f >= 31): saturates to the largest finite magnitude
//                       with the sign (FP32 0x7f7fffff, FP16 0x7bff, BF16 0x7f7f), never Inf.
//   f <= 0 (subnormal): sign, exponent field 0, n = mag * 2^(c - 133) in units of the format's
//                       smallest subnormal: FP32 mag << (c + 16), BF16 mag << c (both exact:
//                       their subnormals reach 2^-149 / 2^-133, and the smallest value here is
//                       2^-133); FP16 mag * 2^(c - 109), rounded to nearest, ties to even (the
//                       one rounding of the unit: FP16's smallest subnormal is 2^-24), which
//                       may round up to 2^10, the smallest normal (exponent field 1: the same
//                       pattern), or down to 0, which keeps the sign (-0 for q < 0).
// Bit for bit golden's round_to_format, which the Verilator test checks exhaustively (every
// sample under every code 0..254, in each format).
//
// Code 255 (NaN in the MX specification) never occurs: golden's side information rejects it
// (SideInfo::check). Asserted on the input (CodeNotNan_A). Were it to come, the unit gives what
// the same formula gives for c = 255 (scale 2^122, not NaN): finite, saturating for
// mag >= 64 in FP32 / BF16 and for every mag > 0 in FP16 (the test checks this on the Yosys
// netlist, which has no assertions).
//
// Datapath, per sample lane (N of them, one code for the beat), one register: sign and
// magnitude of q, the leading one of mag (L) and the 7 bits below it, f = L + (c - 133 + bias)
// (the bracket once per beat); the subnormal significand from one left shift of mag by
// c mod 32, shared by the formats (FP32 / BF16 take its low bits as they are, FP16 its bits
// 22..13, rounded to even on bits 12..5); the choice zero / subnormal / saturated / normal.
// The 32-bit lanes leave from the register. The inputs are taken to come from registers (as
// the synthesis flow times them: input delay 0); a first version with a second register after
// f ran at 1965 MHz TT for 30% more area (docs/decisions.md D34).
//
// Parameters:
//   N          samples per beat (per cycle), >= 1.
//   UserWidth  width of the sideband that travels with each beat (the caller's address).
// Ports: fmt_i the output format with each beat (0: FP32, 1: FP16, 2: BF16; 3 acts as FP32:
// align.sv's encoding), code_i the beat's E8M0 code, sample_i N 8-bit samples (lane k in bits
// 8k+7..8k); data_o N 32-bit patterns (lane k in bits 32k+31..32k; FP16 / BF16 in the low half
// of a lane, upper half zero, as align takes them). valid/ready on both sides with backpressure
// (prim_pipe_ctrl: one beat per cycle, bubbles collapse; ready_o comes from ready_i through
// the control's closed-form ready). Latency 1 cycle (a beat taken in cycle t leaves in cycle
// t + 1 when not stalled). Asserted: no code 255 with valid_i; the outputs hold still while
// stalled.
module dealign #(
  parameter int unsigned N         = 16,
  parameter int unsigned UserWidth = 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 valid_i,
  output logic                 ready_o,
  input  logic [1:0]           fmt_i,
  input  logic [7:0]           code_i,
  input  logic [N*8-1:0]       sample_i,
  input  logic [UserWidth-1:0] user_i,
  output logic                 valid_o,
  input  logic                 ready_i,
  output logic [N*32-1:0]      data_o,
  output logic [UserWidth-1:0] user_o
);
  localparam logic [1:0] FMT_F16  = 2'd1;
  localparam logic [1:0] FMT_BF16 = 2'd2;

  logic en;
  prim_pipe_ctrl #(.Stages (1)) u_ctrl (
    .clk_i, .rst_ni, .valid_i, .ready_o, .valid_o, .ready_i, .en_o (en)
  );

  // Once per beat: the format flags, cb = c - 133 + bias (signed) and FP16's flush (c <= 100:
  // below a quarter of FP16's smallest subnormal, rounds to 0).
  logic              f16, f32, flush;
  logic signed [9:0] cb;
  assign f16   = (fmt_i == FMT_F16);
  assign f32   = (fmt_i != FMT_F16) && (fmt_i != FMT_BF16);
  assign cb    = $signed({2'b00, code_i}) - (f16 ? 10'sd118 : 10'sd6);
  assign flush = (code_i < 8'd101);

  logic [N*32-1:0] data_d;
  for (genvar k = 0; k < N; k++) begin : g_lane
    logic [7:0]        s, mag, norm;
    logic              neg, zero, sub, ovf, up;
    logic [2:0]        lead;
    logic signed [9:0] f;
    logic [22:0]       x;
    logic [10:0]       n16, n;
    logic [14:0]       normal, sat;
    logic [15:0]       half;
    assign s    = sample_i[k*8 +: 8];
    assign neg  = ~s[7];                              // q = s - 128 < 0
    assign mag  = neg ? 8'd128 - s : {1'b0, s[6:0]};  // |q|, 0..128
    assign zero = (mag == 8'd0);
    always_comb begin
      lead = 3'd0;
      for (int unsigned i = 1; i < 8; i++) begin
        if (mag[i]) lead = 3'(i);
      end
    end
    assign norm = mag << (3'd7 - lead);               // leading one at bit 7 (mag > 0)
    assign f    = cb + $signed({7'd0, lead});          // the result's exponent field
    assign sub  = (f <= 10'sd0);
    assign ovf  = f16 ? (f >= 10'sd31) : (f >= 10'sd255);
    // Subnormal significand from one shift, x = mag << c[4:0]. FP32 / BF16 (c <= 6): n = x,
    // exact. FP16 (c = 101..118, so c[4:0] = 5..22 and x = mag * 2^(c - 109) * 2^13): kept
    // bits 22..13, round bit 12, sticky bits 11..5 (bits 4..0 are zero); ties to even.
    assign x    = 23'(mag) << code_i[4:0];
    assign up   = x[12] & (x[13] | (|x[11:5]));
    assign n16  = flush ? 11'd0 : {1'b0, x[22:13]} + {10'd0, up};
    always_comb begin
      if (f16) begin
        n      = n16;
        normal = {f[4:0], norm[6:0], 3'd0};
        sat    = 15'h7bff;
      end else begin
        n      = {4'd0, x[6:0]};
        normal = {f[7:0], norm[6:0]};
        sat    = 15'h7f7f;
      end
      if (zero) begin
        half = 16'd0;
      end else if (sub) begin
        half = {neg, 4'd0, n};
      end else begin
        half = {neg, ovf ? sat : normal};
      end
    end
    // FP32's pattern is BF16's with 16 more mantissa bits (ones when saturated).
    assign data_d[k*32 +: 32] = f32 ? {half, {16{ovf & ~sub & ~zero}}} : {16'd0, half};
    logic unused_norm;  // norm[7] is the leading one itself
    assign unused_norm = norm[7];
  end

  prim_pipe_reg #(.Width (UserWidth + N*32), .Stages (1)) u_out_q (
    .clk_i, .en_i (en), .d_i ({user_i, data_d}), .q_o ({user_o, data_o})
  );

  `ASSERT(CodeNotNan_A, !valid_i || code_i != 8'hff)
  `ASSERT_STABLE_STALL(OutStableWhileStalled_A, valid_o, ready_i, {data_o, user_o})
endmodule
