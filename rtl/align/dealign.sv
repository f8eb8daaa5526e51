// Float dealignment unit, the inverse of align in block floating point mode (golden:
// align::dequantize_sample, which is align::bfp::dequantize as align::dealign applies it to
// every sample with its row's or tensor's E8M0 code; docs/align.md sections 3 and 6).
//
// Per sample s (0..255) under code c (E8M0, 0..254) into format fmt: q = s - 128, the exact
// value q * 2^(c - 127 - 6) rounded once to fmt (round_to_format of docs/align.md section 6).
// All three formats in integers, with |q| = mag (1..128), L = floor(log2 mag) (0..7) and the
// biased exponent field of the result f = L + c - 133 + bias (FP32 / BF16: L + c - 6, FP16:
// L + c - 118):
//   mag = 0 (s = 128):  +0.
//   f >= 1 (normal):    sign, f, the 7 bits of mag below its leading one, left-aligned in the
//                       mantissa field. Exact: mag has 8 significant bits at most and every
//                       format keeps 7 fraction bits or more, so a normal result never rounds.
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
// mag >= 64 in FP32 / BF16 and for every mag > 0 in FP16.
//
// Datapath, per sample lane (N of them, one code for the beat), two registers:
//   stage 1: sign and magnitude of q, the leading one of mag (L) and the 7 bits below it, and
//            f = L + (c - 133 + bias) (the bracket once per beat);
//   stage 2: the subnormal significand, one left shift of mag shared by the formats (FP16:
//            by c - 101, then the round bit is bit 7 and the sticky bits 6..0; FP32 / BF16: by
//            c + 8, which leaves no bit below bit 8, so they never round), the round-to-even
//            increment, and the choice zero / subnormal / saturated / normal; the 32-bit lanes
//            leave from this register.
//
// Parameters:
//   N          samples per beat (per cycle), >= 1.
//   UserWidth  width of the sideband that travels with each beat (the caller's address).
// Ports: fmt_i the output format with each beat (0: FP32, 1: FP16, 2: BF16; 3 acts as FP32:
// align.sv's encoding), code_i the beat's E8M0 code, sample_i N 8-bit samples (lane k in bits
// 8k+7..8k); data_o N 32-bit patterns (lane k in bits 32k+31..32k; FP16 / BF16 in the low half
// of a lane, upper half zero, as align takes them). valid/ready on both sides with backpressure
// (prim_pipe_ctrl: one beat per cycle, bubbles collapse; ready_o comes from ready_i through
// the control's closed-form ready). Latency 2 cycles (a beat taken in cycle t leaves in cycle
// t + 2 when not stalled). Asserted: no code 255 with valid_i; the outputs hold still while
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
  // Lane fields of stage 1: neg, zero, mag (8), frac (7), f (10).
  localparam int unsigned LaneWidth = 27;
  // Beat fields of stage 1: f16, f32, sa (5), flush.
  localparam int unsigned BeatWidth = 8;

  logic [1:0] en;
  prim_pipe_ctrl #(.Stages (2)) u_ctrl (
    .clk_i, .rst_ni, .valid_i, .ready_o, .valid_o, .ready_i, .en_o (en)
  );

  // ---------------------------------------------------------------------------------------
  // Stage 1.
  // ---------------------------------------------------------------------------------------
  // Once per beat: the format flags, cb = c - 133 + bias (signed), the subnormal shift sa and
  // the FP16 flush (c <= 100: below a quarter of FP16's smallest subnormal, rounds to 0).
  logic              in_f16, in_f32, in_flush;
  logic signed [9:0] in_cb;
  logic [4:0]        in_sa;

  assign in_f16    = (fmt_i == FMT_F16);
  assign in_f32    = (fmt_i != FMT_F16) && (fmt_i != FMT_BF16);
  assign in_cb     = in_f16 ? $signed({2'b00, code_i}) - 10'sd118
                            : $signed({2'b00, code_i}) - 10'sd6;
  // FP16: c - 101 (0..17 for every subnormal result, c = 101..118); FP32 / BF16: c + 8 (8..14
  // for every subnormal result, c = 0..6). Other codes give normal results: sa unused. The low
  // 5 bits of c - 101 are those of c - 5 (101 = 3 * 32 + 5).
  assign in_sa     = in_f16 ? code_i[4:0] - 5'd5 : {2'b01, code_i[2:0]};
  assign in_flush  = in_f16 && (code_i < 8'd101);

  logic [N*LaneWidth-1:0] s1_lane_d, s1_lane;
  for (genvar k = 0; k < N; k++) begin : g_s1
    logic [7:0]        s, mag, norm;
    logic              neg;
    logic [2:0]        lead;
    logic signed [9:0] f;
    assign s   = sample_i[k*8 +: 8];
    assign neg = ~s[7];                              // q = s - 128 < 0
    assign mag = neg ? 8'd128 - s : {1'b0, s[6:0]};  // |q|, 0..128
    always_comb begin
      lead = 3'd0;
      for (int unsigned i = 1; i < 8; i++) begin
        if (mag[i]) lead = 3'(i);
      end
    end
    assign norm = mag << (3'd7 - lead);              // leading one at bit 7 (mag > 0)
    assign f    = in_cb + $signed({7'd0, lead});
    assign s1_lane_d[k*LaneWidth +: LaneWidth] = {neg, mag == 8'd0, mag, norm[6:0], f};
    logic unused_norm;  // norm[7] is the leading one itself
    assign unused_norm = norm[7];
  end

  logic [UserWidth-1:0] s1_user;
  logic                 s1_f16, s1_f32, s1_flush;
  logic [4:0]           s1_sa;
  prim_pipe_reg #(.Width (UserWidth + BeatWidth + N*LaneWidth), .Stages (1)) u_s1_q (
    .clk_i, .en_i (en[0]), .d_i ({user_i, in_f16, in_f32, in_sa, in_flush, s1_lane_d}),
    .q_o ({s1_user, s1_f16, s1_f32, s1_sa, s1_flush, s1_lane})
  );

  // ---------------------------------------------------------------------------------------
  // Stage 2: pack.
  // ---------------------------------------------------------------------------------------
  logic [N*32-1:0] data_d;
  for (genvar k = 0; k < N; k++) begin : g_s2
    logic              neg, zero, sub, ovf, up;
    logic [7:0]        mag;
    logic [6:0]        frac;
    logic signed [9:0] f;
    logic [17:0]       w;
    logic [10:0]       n;
    logic [14:0]       mag15;
    logic [15:0]       half;
    assign {neg, zero, mag, frac, f} = s1_lane[k*LaneWidth +: LaneWidth];
    // Subnormal significand: kept bits 17..8, round bit 7, sticky bits 6..0; ties to even.
    assign w   = s1_flush ? 18'd0 : {10'd0, mag} << s1_sa;
    assign up  = w[7] & (w[8] | (|w[6:0]));
    assign n   = {1'b0, w[17:8]} + {10'd0, up};
    assign sub = (f <= 10'sd0);
    assign ovf = s1_f16 ? (f >= 10'sd31) : (f >= 10'sd255);
    // The 16-bit pattern; FP32's is BF16's with 16 more mantissa bits (ones when saturated).
    always_comb begin
      if (s1_f16) begin
        mag15 = ovf ? 15'h7bff : {f[4:0], frac, 3'd0};
      end else begin
        mag15 = ovf ? 15'h7f7f : {f[7:0], frac};
      end
      if (zero) begin
        half = 16'd0;
      end else if (sub) begin
        half = {neg, 4'd0, n};
      end else begin
        half = {neg, mag15};
      end
    end
    assign data_d[k*32 +: 32] = s1_f32 ? {half, {16{ovf & ~sub & ~zero}}} : {16'd0, half};
  end

  prim_pipe_reg #(.Width (UserWidth + N*32), .Stages (1)) u_s2_q (
    .clk_i, .en_i (en[1]), .d_i ({s1_user, data_d}), .q_o ({user_o, data_o})
  );

  `ASSERT(CodeNotNan_A, !valid_i || code_i != 8'hff)
  `ASSERT_STABLE_STALL(OutStableWhileStalled_A, valid_o, ready_i, {data_o, user_o})
endmodule
