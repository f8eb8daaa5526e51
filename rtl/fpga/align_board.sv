// align_board: the aligner (align, BFP, N = 4, G = 32: its defaults) on a board with eight LEDs:
// make fpga's bitstream (docs/decisions.md D37, pins of a ULX3S: synth/fpga/ulx3s.lpf), a top
// that fits the LFE5U-85F where loopback_board (both lanes) does not. A smoke test of the
// device and the flow, not a self-check: FP32 values from a 32-bit Galois LFSR (exponents
// kept below 255, so all finite) stream through the aligner, its outputs always taken; every
// output beat goes into a 32-bit signature register (a second LFSR), so that no output bit is
// optimized away.
// Reset: rst_ni (a button, active low) and at power-up (board_reset).
// LEDs: [0] bit 24 of the output beats (toggles about once a second at 25 MHz), [1] the
//   aligner's error flag seen (sticky: stays off, the inputs are finite), [7:2] signature bits.
module align_board (
  input  logic       clk_i,
  input  logic       rst_ni,
  output logic [7:0] led_o
);
  localparam int unsigned N = 4;

  logic rst_n;
  board_reset u_reset (.clk_i, .rst_ni, .rst_no (rst_n));

  // N FP32 values a beat: the LFSR's state rotated per element, exponent's top bit cleared.
  logic [31:0]     lfsr_q;
  logic [N*32-1:0] data;
  logic            ready;
  for (genvar k = 0; k < N; k++) begin : g_elem
    logic [31:0] r;
    assign r = (lfsr_q << (8 * k)) | (lfsr_q >> (32 - 8 * k));
    assign data[32 * k +: 32] = r & 32'hbfff_ffff;
  end
  always_ff @(posedge clk_i) begin
    if (!rst_n) lfsr_q <= 32'h1;
    else if (ready) lfsr_q <= {1'b0, lfsr_q[31:1]} ^ (lfsr_q[0] ? 32'h8020_0003 : 32'h0);
  end

  logic           valid;
  logic [N*8-1:0] sample;
  logic [7:0]     code;
  logic           err, last;
  logic [4:0]     err_idx;
  align #(.N (N), .G (32)) u_align (
    .clk_i, .rst_ni (rst_n), .valid_i (rst_n), .ready_o (ready), .fmt_i (2'd0),
    .data_i (data), .valid_o (valid), .ready_i (1'b1), .sample_o (sample), .code_o (code),
    .err_o (err), .err_idx_o (err_idx), .last_o (last)
  );

  // Signature of every output beat, the error flag, a count of output beats.
  logic [31:0] sig_q, beats_q;
  logic        err_q;
  always_ff @(posedge clk_i) begin
    if (!rst_n) begin
      sig_q   <= '0;
      beats_q <= '0;
      err_q   <= 1'b0;
    end else if (valid) begin
      sig_q   <= ({sig_q[30:0], 1'b0} ^ (sig_q[31] ? 32'h04c1_1db7 : 32'h0))
                 ^ {sample[31:8], sample[7:0] ^ code ^ {2'b0, last, err_idx}};
      beats_q <= beats_q + 32'd1;
      err_q   <= err_q || err;
    end
  end
  assign led_o = {sig_q[5:0], err_q, beats_q[24]};

  logic unused;
  assign unused = ^{sig_q[31:6], beats_q[31:25], beats_q[23:0]};
endmodule
