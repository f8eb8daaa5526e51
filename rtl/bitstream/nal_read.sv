// nal_read: the NAL units of an Annex B byte stream (golden: bitstream::nal::split_annexb, then
// parse_nal's emulation-prevention removal), the inverse of nal_write. A unit starts after a
// start code prefix 00 00 01 and ends before the next 00 00 00 / 00 00 01 or at the end of the
// stream; bytes before the first start code, trailing zero bytes and empty units are dropped;
// every 03 that follows two zero bytes of the unit's payload is removed (the header byte does
// not count towards the two zeros). forbidden_zero_bit is not checked here: the header byte
// goes out as it came (header_read checks it).
//
// Ports:
//   in:  valid_i / ready_o; byte_i, one byte of the stream; last_i on the stream's last byte (a
//        unit open there ends; the next byte starts a new stream).
//   out: valid_o / ready_i; byte_o; first_o on a unit's header byte; last_o on its last RBSP
//        byte (a header-only unit has both).
// Zero bytes are held (at most two) until the next byte shows whether they belong to the unit;
// the last byte out is held until the unit's end is known. Throughput: one byte a cycle, plus
// one cycle for each held zero that turns out to be payload. Latency: 2 cycles after the next
// byte (the holding register, then prim_skid: byte_o, first_o, last_o and ready_o are flops).
// Asserted: the output holds still while stalled; units out are framed (first_o after last_o).
module nal_read (
  input  logic       clk_i,
  input  logic       rst_ni,
  input  logic       valid_i,
  output logic       ready_o,
  input  logic [7:0] byte_i,
  input  logic       last_i,
  output logic       valid_o,
  input  logic       ready_i,
  output logic [7:0] byte_o,
  output logic       first_o,
  output logic       last_o
);
  logic       unit_q;   // inside a unit (else searching for a start code)
  logic [1:0] z_q;      // zero bytes seen (searching) / held (inside a unit), 0..2
  logic       hdr_q;    // the unit's header byte is still to come
  logic [1:0] e_q;      // payload zero bytes just sent (emulation prevention), 0..2
  logic       flush_q;  // the stream ended: send the held byte as the unit's last
  logic       h_v_q;    // a byte of the unit is held until its successor or the end is known
  logic [7:0] h_byte_q;
  logic       h_first_q;
  logic       s_ready;  // the output slice takes a beat

  // Input classes inside a unit.
  logic is_zero, term;
  assign is_zero = (byte_i == 8'd0);
  assign term    = z_q == 2'd2 && byte_i <= 8'd1;   // 00 00 00 / 00 00 01 ends the unit

  logic take, load, push, push_last;
  logic [7:0] load_byte;
  always_comb begin
    take      = 1'b0;
    load      = 1'b0;   // a new byte enters the holding register
    load_byte = byte_i;
    push      = 1'b0;   // the held byte goes out
    push_last = 1'b0;
    if (flush_q) begin
      push      = h_v_q;
      push_last = 1'b1;
    end else if (valid_i && !unit_q) begin
      take = 1'b1;
    end else if (valid_i) begin
      if (is_zero && !term) begin
        take = 1'b1;
      end else if (term) begin
        push      = h_v_q;
        push_last = 1'b1;
        take      = !h_v_q || s_ready;
      end else if (z_q != 2'd0) begin
        load      = !h_v_q || s_ready;
        load_byte = 8'd0;
        push      = h_v_q;
      end else if (byte_i == 8'd3 && e_q == 2'd2) begin
        take = 1'b1;  // emulation_prevention_three_byte
      end else begin
        push = h_v_q;
        load = !h_v_q || s_ready;
        take = load;
      end
    end
  end
  assign ready_o = take;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      unit_q  <= 1'b0;
      z_q     <= 2'd0;
      hdr_q   <= 1'b0;
      e_q     <= 2'd0;
      flush_q <= 1'b0;
      h_v_q   <= 1'b0;
    end else if (flush_q) begin
      if (!h_v_q || s_ready) begin
        flush_q <= 1'b0;
        h_v_q   <= 1'b0;
        unit_q  <= 1'b0;
        z_q     <= 2'd0;
      end
    end else begin
      if (push && s_ready) h_v_q <= 1'b0;
      if (load) begin
        h_v_q <= 1'b1;
        hdr_q <= 1'b0;
      end
      if (take && !unit_q) begin
        if (last_i) begin
          z_q <= 2'd0;
        end else if (byte_i == 8'd1 && z_q == 2'd2) begin
          unit_q <= 1'b1;
          z_q    <= 2'd0;
          hdr_q  <= 1'b1;
          e_q    <= 2'd0;
        end else begin
          z_q <= is_zero ? ((z_q == 2'd2) ? 2'd2 : z_q + 2'd1) : 2'd0;
        end
      end else if (take && term) begin
        // 00 00 01 opens the next unit at once; 00 00 00 goes on searching after two zeros.
        unit_q <= byte_i[0];
        z_q    <= byte_i[0] ? 2'd0 : 2'd2;
        hdr_q  <= byte_i[0];
        e_q    <= 2'd0;
        flush_q <= last_i;
      end else if (take && is_zero) begin
        z_q     <= z_q + 2'd1;
        flush_q <= last_i;
      end else if (load && !take) begin
        // A held zero goes out: the header byte, or a payload zero.
        z_q <= z_q - 2'd1;
        if (!hdr_q) e_q <= e_q + 2'd1;
      end else if (take) begin
        e_q     <= 2'd0;
        flush_q <= last_i;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (load) begin
      h_byte_q  <= load_byte;
      h_first_q <= hdr_q;
    end
  end

  prim_skid #(.Width(10)) u_out (
    .clk_i, .rst_ni, .valid_i (push), .ready_o (s_ready),
    .d_i ({h_first_q, push_last, h_byte_q}),
    .valid_o, .ready_i, .q_o ({first_o, last_o, byte_o})
  );

  `ASSERT(ZerosBounded_A, z_q <= 2'd2 && e_q <= 2'd2)
  `ASSERT(HeldWhileSearching_A, !unit_q && !flush_q |-> !h_v_q)
  `ASSERT_STABLE_STALL(OutStable_A, valid_o, ready_i, {byte_o, first_o, last_o})
`ifndef SYNTHESIS
  // Inside a unit on the output side (first_o seen, last_o not yet).
  logic out_mid_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) out_mid_q <= 1'b0;
    else if (valid_o && ready_i) out_mid_q <= !last_o;
  end
  `ASSERT(FramedOut_A, valid_o |-> first_o == !out_mid_q)
`endif
endmodule
