// nal_write: one NAL unit of the Annex B byte stream from its RBSP (golden:
// bitstream::nal::write_nal): the 4-byte start code 00 00 00 01, the header byte, then the
// RBSP with an emulation_prevention_three_byte (03) before every byte <= 03 that follows two
// zero bytes, and a final 03 when the RBSP ends in two zero bytes (cabac_zero_words). One byte
// a cycle out; the input stalls for the 5 prefix bytes of a unit and for each inserted 03.
//
// Ports:
//   in:  valid_i / ready_o; byte_i, one RBSP byte; first_i on a unit's first byte, with
//        header_i = (nal_ref_idc << 5) | nal_unit_type (both held until the byte is taken);
//        last_i on its last byte (a one-byte RBSP has both).
//   out: valid_o / ready_i; byte_o; last_o on the unit's last byte.
// Latency: 1 (prim_skid at the output: byte_o, last_o and ready_o are registers).
// Asserted: a unit starts with first_i; an RBSP does not end in a single zero byte (golden
// refuses one: no parser could find its end); the output holds still while stalled.
module nal_write (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       valid_i,
  output logic       ready_o,
  input  logic [7:0] byte_i,
  input  logic       first_i,
  input  logic [7:0] header_i,
  input  logic       last_i,
  output logic       valid_o,
  input  logic       ready_i,
  output logic [7:0] byte_o,
  output logic       last_o
);
  logic [2:0] pre_q;    // prefix bytes of this unit already sent (5: in the RBSP)
  logic [1:0] zeros_q;  // zero bytes just sent (0..2)
  logic       tail_q;   // the final 03 is due
  logic       s_ready;  // the output slice takes a byte

  // This cycle's byte: the final 03, a prefix byte, an inserted 03, or the input byte.
  logic       in_rbsp, escape, emit, take, last;
  logic [7:0] out_byte;
  logic [1:0] zeros_next;
  assign in_rbsp    = (pre_q == 3'd5);
  assign escape     = in_rbsp && zeros_q == 2'd2 && byte_i <= 8'd3;
  assign zeros_next = (byte_i == 8'd0) ? zeros_q + 2'd1 : 2'd0;
  always_comb begin
    emit     = 1'b0;
    take     = 1'b0;
    last     = 1'b0;
    out_byte = 8'd0;
    if (tail_q) begin
      emit     = 1'b1;
      out_byte = 8'h03;
      last     = 1'b1;
    end else if (valid_i && !in_rbsp) begin
      emit     = 1'b1;
      out_byte = (pre_q == 3'd3) ? 8'h01 : (pre_q == 3'd4) ? header_i : 8'h00;
    end else if (valid_i && escape) begin
      emit     = 1'b1;
      out_byte = 8'h03;
    end else if (valid_i) begin
      emit     = 1'b1;
      take     = 1'b1;
      out_byte = byte_i;
      last     = last_i && zeros_next != 2'd2;
    end
  end
  assign ready_o = take && s_ready;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      pre_q   <= 3'd0;
      zeros_q <= 2'd0;
      tail_q  <= 1'b0;
    end else if (emit && s_ready) begin
      if (tail_q) begin
        tail_q  <= 1'b0;
        pre_q   <= 3'd0;
        zeros_q <= 2'd0;
      end else if (!in_rbsp) begin
        pre_q <= pre_q + 3'd1;
      end else if (escape) begin
        zeros_q <= 2'd0;
      end else if (last_i) begin
        tail_q  <= (zeros_next == 2'd2);
        pre_q   <= (zeros_next == 2'd2) ? 3'd5 : 3'd0;
        zeros_q <= (zeros_next == 2'd2) ? zeros_next : 2'd0;
      end else begin
        zeros_q <= zeros_next;
      end
    end
  end

  prim_skid #(.Width(9)) u_out (
    .clk_i, .rst_ni, .valid_i (emit), .ready_o (s_ready), .d_i ({last, out_byte}),
    .valid_o, .ready_i, .q_o ({last_o, byte_o})
  );

  `ASSERT(UnitStartsWithFirst_A, valid_i && pre_q == 3'd0 && !tail_q |-> first_i)
`ifndef SYNTHESIS
  // A byte of the current unit was taken (checks that first_i marks only a unit's first byte).
  logic mid_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) mid_q <= 1'b0;
    else if (ready_o && valid_i) mid_q <= !last_i;
  end
  `ASSERT(FirstOnlyAtStart_A, valid_i && first_i |-> !mid_q)
  `ASSERT(LastEndsUnit_A, valid_i && !first_i |-> mid_q)
`endif
  `ASSERT(NoSingleTrailingZero_A, ready_o && valid_i && last_i |-> zeros_next != 2'd1)
endmodule
