// cabac_enc: the CABAC encoder of a slice, syntax elements in, slice_data bytes out: the
// binarizer and context selection (cabac_enc_bin: golden::mb::syntax::code_macroblock over
// EncCoder with golden::cabac::{elements, residual} and the ctxIdxInc of golden::mb::neighbours)
// feeding the arithmetic coding engine (cabac_enc_engine: golden::cabac::engine::CabacEncoder,
// through CabacEncoder::finish) beat for beat: the binarizer's symbol beats (1..K symbols,
// rtl/cabac/cabac_sym.sv) are the engine's input beats, through a register slice with a
// registered ready (prim_skid), so that the engine's ready (its issue logic) does not reach the
// binarizer's symbol packer in the same cycle.
// Latency: cabac_enc_bin's 6 cycles, the slice's 1 and cabac_enc_engine's 14 from an element
// beat to the first byte it causes, at the earliest.
//
// Parameters:
//   K            symbols per beat between the two (>= 1).
//   P            symbols the binarizer generates per cycle (cabac_enc_bin).
//   MaxWidthMbs  widest picture, in macroblocks (the binarizer's line buffer).
//   OutBytes     bytes per output beat.
// Ports: se_i one element beat (rtl/cabac/cabac_se.sv); byte_o, count_o, last_o as
// cabac_enc_engine's. valid/ready on both sides; the handshake assertions live in the two
// blocks.
module cabac_enc #(
  parameter  int unsigned K           = 4,
  parameter  int unsigned P           = 8,
  parameter  int unsigned MaxWidthMbs = 256,
  parameter  int unsigned OutBytes    = 4,
  localparam int unsigned CW          = $clog2(K + 1),
  localparam int unsigned OutCount    = $clog2(OutBytes + 1)
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      valid_i,
  output logic                      ready_o,
  input  logic [`CABAC_SE_W-1:0]    se_i,
  output logic                      valid_o,
  input  logic                      ready_i,
  output logic [OutBytes*8-1:0]     byte_o,
  output logic [OutCount-1:0]       count_o,
  output logic                      last_o
);
  logic                      sym_valid, sym_ready, eng_valid, eng_ready;
  logic [K*`CABAC_SYM_W-1:0] sym, eng_sym;
  logic [CW-1:0]             sym_cnt, eng_cnt;

  cabac_enc_bin #(
    .K          (K),
    .P          (P),
    .MaxWidthMbs(MaxWidthMbs)
  ) u_bin (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .valid_i(valid_i),
    .ready_o(ready_o),
    .se_i   (se_i),
    .valid_o(sym_valid),
    .ready_i(sym_ready),
    .sym_o  (sym),
    .cnt_o  (sym_cnt)
  );

  prim_skid #(.Width (K * `CABAC_SYM_W + CW)) u_skid (
    .clk_i   (clk_i),
    .rst_ni  (rst_ni),
    .valid_i (sym_valid),
    .ready_o (sym_ready),
    .d_i     ({sym_cnt, sym}),
    .valid_o (eng_valid),
    .ready_i (eng_ready),
    .q_o     ({eng_cnt, eng_sym})
  );

  cabac_enc_engine #(
    .K       (K),
    .OutBytes(OutBytes)
  ) u_engine (
    .clk_i  (clk_i),
    .rst_ni (rst_ni),
    .valid_i(eng_valid),
    .ready_o(eng_ready),
    .sym_i  (eng_sym),
    .count_i(eng_cnt),
    .valid_o(valid_o),
    .ready_i(ready_i),
    .byte_o (byte_o),
    .count_o(count_o),
    .last_o (last_o)
  );
endmodule
