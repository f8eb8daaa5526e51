// Align pass 2: N elements quantized against a given E8M0 code (golden: the per-element step
// of align::bfp::quantize_group, align::quantize_sample; docs/align.md sections 3 and 7).
//
// Per beat: N raw FP32 / FP16 / BF16 patterns (16-bit formats in the low half of each 32-bit
// lane), their format and the E8M0 code of the group or row they belong to (align: the group's,
// from its pass 1; the tensor encoder: the row's, from align_scan's pass over the tensor). Out:
// N samples 128 + q, q = the element / 2^(E - 6) rounded to nearest, ties to even, clamped to
// -127..127, E = code - 127. The code must be at least the element's own (|x| < 2^(E + 1): the
// group's or row's largest element sets it); the elements must be finite (a group or row with
// Inf / NaN has void samples, pass 1 flags it).
//
// Datapath, one register each under one prim_pipe_ctrl:
//   1. align_unpack per element (format-free layout: 24-bit significand m, e = max(ef, 1) -
//      bias - 23), the beat's shift offset tofs = code - 127 + bias + 23 (code + 23 for FP32
//      and BF16, code - 89 for FP16: a function of code and format alone), and align_decode
//      (sign, m, t = tofs - max(ef, 1) = sh + 6 for the shift sh = (E - 6) - e, saturated
//      to 0..31);
//   2. align_shift (m << 6 shifted right by t: 7 kept bits, kept >= 128, round and sticky);
//   3. align_round (ties to even, clamp 127, sample 128 +- q); the samples leave from this
//      register.
//
// Parameters:
//   N          elements per beat (per cycle), >= 1.
//   UserWidth  width of a sideband carried along with each beat (the caller's address, flags).
// Ports: fmt_i 0 FP32, 1 FP16, 2 BF16 (3 acts as FP32), with each beat; code_i the beat's
// E8M0 code (align passes 255 for a group with Inf / NaN in FP32 / BF16: void samples, no
// check); data_i N raw patterns (lane k in bits 32k+31..32k); sample_o N samples
// (lane k in bits 8k+7..8k); user_o the beat's user_i. valid/ready on both sides with
// backpressure (prim_pipe_ctrl: one beat per cycle, bubbles collapse; ready_o comes from
// ready_i through the control's closed-form ready). Latency 3 cycles: a beat taken in cycle t
// leaves in cycle t + 3 when not stalled. Asserted: the outputs hold still while stalled.
module align_apply #(
  parameter int unsigned N         = 16,
  parameter int unsigned UserWidth = 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 valid_i,
  output logic                 ready_o,
  input  logic [1:0]           fmt_i,
  input  logic [7:0]           code_i,
  input  logic [N*32-1:0]      data_i,
  input  logic [UserWidth-1:0] user_i,
  output logic                 valid_o,
  input  logic                 ready_i,
  output logic [N*8-1:0]       sample_o,
  output logic [UserWidth-1:0] user_o
);
  localparam logic [1:0] FMT_F16 = 2'd1;

  logic [2:0] en;
  prim_pipe_ctrl #(.Stages (3)) u_ctrl (
    .clk_i, .rst_ni, .valid_i, .ready_o, .valid_o, .ready_i, .en_o (en)
  );

  // Stage 1: unpack, offset, decode.
  logic [N*32-1:0] elem;
  for (genvar k = 0; k < N; k++) begin : g_unpack
    align_unpack u_unpack (
      .bits_i (data_i[k*32 +: 32]),
      .fmt_i,
      .elem_o (elem[k*32 +: 32])
    );
  end

  logic [9:0] tofs;
  assign tofs = (fmt_i == FMT_F16) ? {2'b00, code_i} - 10'd89 : {2'b00, code_i} + 10'd23;

  logic [N-1:0]         dec_neg_d, dec_neg;
  logic [N*24-1:0]      dec_sig_d, dec_sig;
  logic [N*5-1:0]       dec_sh_d, dec_sh;
  logic [UserWidth-1:0] dec_user;
  align_decode #(.N (N)) u_decode (
    .elem_i (elem), .tofs_i (tofs), .neg_o (dec_neg_d), .sig_o (dec_sig_d), .sh_o (dec_sh_d)
  );
  prim_pipe_reg #(.Width (UserWidth + N*30), .Stages (1)) u_dec_q (
    .clk_i, .en_i (en[0]), .d_i ({user_i, dec_sh_d, dec_sig_d, dec_neg_d}),
    .q_o ({dec_user, dec_sh, dec_sig, dec_neg})
  );

  // Stage 2: shift.
  logic [N-1:0]         sh_neg, sh_big_d, sh_big, sh_round_d, sh_round, sh_sticky_d, sh_sticky;
  logic [N*7-1:0]       sh_kept_d, sh_kept;
  logic [UserWidth-1:0] sh_user;
  align_shift #(.N (N)) u_shift (
    .sig_i (dec_sig), .sh_i (dec_sh), .kept_o (sh_kept_d), .big_o (sh_big_d),
    .round_o (sh_round_d), .sticky_o (sh_sticky_d)
  );
  prim_pipe_reg #(.Width (UserWidth + N*11), .Stages (1)) u_sh_q (
    .clk_i, .en_i (en[1]),
    .d_i ({dec_user, sh_sticky_d, sh_round_d, sh_big_d, sh_kept_d, dec_neg}),
    .q_o ({sh_user, sh_sticky, sh_round, sh_big, sh_kept, sh_neg})
  );

  // Stage 3: round; the samples leave from this register.
  logic [N*8-1:0] sample_d;
  align_round #(.N (N)) u_round (
    .neg_i (sh_neg), .kept_i (sh_kept), .big_i (sh_big), .round_i (sh_round),
    .sticky_i (sh_sticky), .sample_o (sample_d)
  );
  prim_pipe_reg #(.Width (UserWidth + N*8), .Stages (1)) u_round_q (
    .clk_i, .en_i (en[2]), .d_i ({sh_user, sample_d}), .q_o ({user_o, sample_o})
  );

  `ASSERT_STABLE_STALL(OutStableWhileStalled_A, valid_o, ready_i, {sample_o, user_o})
endmodule
