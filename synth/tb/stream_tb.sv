// Stream testbench of the synthesis flow's gate-level check (synth/flow.py; synth/README.md,
// "The testbench"): streams every input vector through `dut` and compares every output
// transfer, in order, with !== (an X is a mismatch). A block whose outputs are not paired one
// to one with its inputs (blocks.toml `unpaired`, e.g. the CABAC decoder: bytes in, syntax
// elements out) gives NO, its output count; it must then run without +limit. The block-specific part is the wrapper
// `synth_dut` that the flow writes: it maps the concatenated buses below to the block's
// ports (first port of blocks.toml's `inputs` / `outputs` in the most significant bits).
//
// Plusargs:
//   +in=FILE, +out=FILE  input and expected output vectors, one line a transfer (the flow
//                        concatenates the block's vector files of tricodec-vectors)
//   +stalls=FILE         backpressure pattern of `tricodec-vectors stalls` (vectors::Stalls,
//                        as the Verilator and cocotb drivers use): per cycle, bit 1 lets the
//                        next input be offered, bit 0 is ready_i; the pattern repeats. Without
//                        it valid and ready stay high.
//   +limit=M             stop after the first M vectors (paired blocks only)
//   +vcd=FILE            dump the block's nets (dut.u, one level) after reset
// Prints PASS, or FAIL per mismatch (the first 10), then $finish.
`timescale 1ns / 1ps
module stream_tb #(
  parameter integer IW   = 1,    // input bus bits
  parameter integer OW   = 1,    // checked output bus bits
  parameter integer UW   = 1,    // user sideband bits
  parameter integer USER = 0,    // 1: the block carries the sideband (numbered and checked)
  parameter integer N    = 1,    // vectors (input vectors of an unpaired block)
  parameter integer NO   = N,    // output vectors (differs from N only for an unpaired block)
  parameter integer S    = 4096  // most stall pattern cycles read
);
  reg clk = 1'b0, rst_n = 1'b0, valid_in = 1'b0, ready_out = 1'b0;
  wire ready_in, valid_out;
  reg  [IW-1:0] in_q = 0;
  reg  [UW-1:0] user_q = 0;
  wire [OW-1:0] out_w;
  wire [UW-1:0] user_w;
  reg  [IW-1:0] vec_in [0:N-1];
  reg  [OW-1:0] vec_out [0:NO-1];
  reg  [1:0]    pattern [0:S-1];
  integer ni, no, limit, limit_out, cycles, errors, plen;
  reg [8*1024-1:0] file;

  synth_dut dut (
    .clk       (clk),
    .rst_n     (rst_n),
    .valid_in  (valid_in),
    .ready_in  (ready_in),
    .data_in   (in_q),
    .user_in   (user_q),
    .valid_out (valid_out),
    .ready_out (ready_out),
    .data_out  (out_w),
    .user_out  (user_w)
  );

  always #0.5 clk = ~clk;

  initial begin
    if (!$value$plusargs("in=%s", file)) $fatal(1, "stream_tb: +in=FILE missing");
    $readmemh(file, vec_in);
    if (!$value$plusargs("out=%s", file)) $fatal(1, "stream_tb: +out=FILE missing");
    $readmemh(file, vec_out);
    // Without a pattern every cycle offers and accepts (bits 11).
    for (plen = 0; plen < S; plen = plen + 1) pattern[plen] = 2'b11;
    plen = 1;
    if ($value$plusargs("stalls=%s", file)) begin
      for (plen = 0; plen < S; plen = plen + 1) pattern[plen] = 2'bxx;
      $readmemh(file, pattern);
      plen = 0;
      while (plen < S && pattern[plen] !== 2'bxx) plen = plen + 1;
      if (plen == 0) $fatal(1, "stream_tb: empty stall pattern %0s", file);
    end
    if (!$value$plusargs("limit=%d", limit) || limit > N) limit = N;
    if (NO != N && limit != N) $fatal(1, "stream_tb: +limit on an unpaired block");
    limit_out = NO != N ? NO : limit;
    ni = 0; no = 0; cycles = 0; errors = 0;
    repeat (4) @(posedge clk);
    rst_n <= 1'b1;
    if ($value$plusargs("vcd=%s", file)) begin
      $dumpfile(file);
      $dumpvars(1, dut.u);
    end
  end

  // Inputs change on the falling edge; transfers happen on the rising edge.
  always @(negedge clk) if (rst_n) begin
    valid_in  <= ni < limit && pattern[cycles % plen][1];
    ready_out <= pattern[cycles % plen][0];
    in_q      <= ni < limit ? vec_in[ni] : 0;
    user_q    <= ni;
  end

  always @(posedge clk) if (rst_n) begin
    cycles = cycles + 1;
    if (valid_in && ready_in) ni = ni + 1;
    if (valid_out && ready_out) begin
      if (out_w !== vec_out[no] || (USER != 0 && user_w !== no[UW-1:0])) begin
        errors = errors + 1;
        if (errors <= 10 && USER != 0)
          $display("FAIL vector %0d: outputs %h user %h, expected %h user %h", no, out_w,
                   user_w, vec_out[no], no[UW-1:0]);
        else if (errors <= 10)
          $display("FAIL vector %0d: outputs %h, expected %h", no, out_w, vec_out[no]);
      end
      no = no + 1;
      if (no == limit_out) begin
        if (errors == 0) $display("PASS %0d vectors in %0d cycles", limit_out, cycles);
        else $display("FAIL %0d mismatches in %0d vectors", errors, limit_out);
        $finish;
      end
    end
    // (An unpaired block may take many cycles an input: the CABAC decoder's context
    // initialization takes 258 a slice, and about 6 bins come from a byte.)
    if (NO != N ? cycles > 32 * (N + NO) + 1000 : cycles > 8 * limit + 100) begin
      $display("FAIL timeout: %0d of %0d vectors out after %0d cycles", no, limit_out, cycles);
      $finish;
    end
  end
endmodule
