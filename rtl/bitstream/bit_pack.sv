// bit_pack: header fields to bytes (golden: bitstream::BitWriter's put_bits, put_ue,
// align_with_ones and rbsp_trailing_bits). A field is raw bits (val_i's low len_i bits, MSB
// first) or an Exp-Golomb ue(v) of codeNum val_i (9.1: codeNum + 1 in 2 * floor(log2(codeNum +
// 1)) + 1 bits; se(v) is the caller's mapping to codeNum). A field with end_i closes the
// header: cabac_alignment_one_bits (pad_ones_i) or rbsp_trailing_bits (a 1, then 0s) to the
// byte boundary; the bytes then leave one a cycle, last_o on the last.
//
// Parameters:
//   W  accumulator bits: the longest header, padding included (asserted).
// Ports: fields: valid/ready, ue_i, val_i, len_i (raw fields: 0..32), end_i, pad_ones_i.
// bytes: valid/ready, byte_o, last_o. One field a cycle. Each field is decoded into a register
// first (its code, masked to its length, and the length: the Exp-Golomb length's priority
// encoder is a cycle ahead of the accumulator's shift), then joins the accumulator the next
// cycle; one field waits there while the bytes of the last header leave. Latency: the first
// byte 2 cycles after the end field.
// Asserted: the header fits W; the output holds still while stalled.
module bit_pack #(
  parameter int unsigned W = 160
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        valid_i,
  output logic        ready_o,
  input  logic        ue_i,
  input  logic [31:0] val_i,
  input  logic [5:0]  len_i,
  input  logic        end_i,
  input  logic        pad_ones_i,
  output logic        valid_o,
  input  logic        ready_i,
  output logic [7:0]  byte_o,
  output logic        last_o
);
  localparam int unsigned LW = $clog2(W + 1);

  logic [W-1:0]  acc_q;
  logic [LW-1:0] len_q;     // bits in acc_q while fields come, then bytes left
  logic          out_q;     // the bytes are leaving

  // This field's bits and length; ue(v): codeNum + 1 in 2 * floor(log2(codeNum + 1)) + 1 bits.
  logic [32:0] x;
  logic [6:0]  ue_len;
  assign x = 33'(val_i) + 33'd1;
  always_comb begin
    ue_len = 7'd1;
    for (int b = 1; b <= 32; b++) begin
      if (x[b]) ue_len = 7'(2 * b + 1);
    end
  end
  logic [32:0] code;
  logic [6:0]  len;
  assign code = ue_i ? x : (33'(val_i) & ((33'd1 << len_i) - 33'd1));
  assign len  = ue_i ? ue_len : 7'(len_i);

  // The field register: the code (its bits above len are 0) and length of the next field.
  logic        f_valid_q, f_end_q, f_pad_ones_q, f_take;
  logic [32:0] f_code_q;
  logic [6:0]  f_len_q;
  assign f_take  = f_valid_q && !out_q;
  assign ready_o = !f_valid_q || f_take;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      f_valid_q <= 1'b0;
    end else if (ready_o) begin
      f_valid_q <= valid_i;
    end
  end
  always_ff @(posedge clk_i) begin
    if (valid_i && ready_o) begin
      f_code_q     <= code;
      f_len_q      <= len;
      f_end_q      <= end_i;
      f_pad_ones_q <= pad_ones_i;
    end
  end

  // The accumulator after this field, and after the padding of an end field.
  logic [W-1:0]  acc_f, acc_e;
  logic [LW-1:0] len_f, len_e;
  logic [2:0]    pad;
  assign acc_f = (acc_q << f_len_q) | W'(f_code_q);
  assign len_f = len_q + LW'(f_len_q);
  assign pad   = 3'd0 - len_f[2:0];
  always_comb begin
    if (f_pad_ones_q) begin
      acc_e = (acc_f << pad) | ((W'(1) << pad) - W'(1));
      len_e = len_f + LW'(pad);
    end else begin
      // rbsp_stop_one_bit, then rbsp_alignment_zero_bits.
      acc_e = ((acc_f << 1) | W'(1)) << (3'd7 - len_f[2:0]);
      len_e = len_f + LW'(8 - 32'(len_f[2:0]));
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      acc_q   <= '0;
      len_q   <= '0;
      out_q   <= 1'b0;
      valid_o <= 1'b0;
    end else if (!out_q) begin
      if (f_valid_q) begin
        if (f_end_q) begin
          // Left-align the header and count its bytes.
          acc_q   <= acc_e << (W - 32'(len_e));
          len_q   <= len_e >> 3;
          out_q   <= 1'b1;
          valid_o <= 1'b1;
        end else begin
          acc_q <= acc_f;
          len_q <= len_f;
        end
      end
    end else if (ready_i) begin
      acc_q <= acc_q << 8;
      len_q <= len_q - LW'(1);
      if (len_q == LW'(1)) begin
        acc_q   <= '0;
        len_q   <= '0;
        out_q   <= 1'b0;
        valid_o <= 1'b0;
      end
    end
  end
  assign byte_o = acc_q[W-1 -: 8];
  assign last_o = (len_q == LW'(1));

  `ASSERT(Fits_A, f_take |-> 32'(len_q) + 32'(f_len_q) + 8 <= W)
  `ASSERT(RawLen_A, valid_i && !ue_i |-> len_i <= 6'd32)
  `ASSERT_STABLE_STALL(OutStable_A, valid_o, ready_i, {byte_o, last_o})
endmodule
