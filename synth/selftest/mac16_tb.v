// Testbench of the stand-in block mac16, for RTL and gate-level simulation
// (iverilog). It follows the flow's testbench contract (synth/README.md):
//   +vectors=DIR  reads DIR/mac16.hex (see mac16_vectors.py)
//   +stall=1      random input bubbles and output back-pressure
//   +vcd=FILE     dumps the nets of `dut` (one level) after reset
// Prints "PASS <beats>" when every output beat matched, else "FAIL ...".
`timescale 1ns / 1ps
module mac16_tb;
  localparam MAXN = 65536;

  reg clk = 1'b0;
  reg rst_n = 1'b0;
  reg in_valid = 1'b0;
  reg [15:0] a = 16'd0, b = 16'd0;
  reg clear = 1'b0;
  reg out_ready = 1'b0;
  wire in_ready, out_valid;
  wire [39:0] acc;

  mac16 dut (
      .clk(clk), .rst_n(rst_n), .in_valid(in_valid), .in_ready(in_ready),
      .a(a), .b(b), .clear(clear), .out_valid(out_valid),
      .out_ready(out_ready), .acc(acc)
  );

  reg [15:0] va[0:MAXN-1];
  reg [15:0] vb[0:MAXN-1];
  reg vc[0:MAXN-1];
  reg [39:0] ve[0:MAXN-1];
  integer n, ni, no, fd, r, seed, stall, cycles, errors;
  reg [1023:0] dir, vcd;

  always #0.5 clk = ~clk;

  initial begin
    if (!$value$plusargs("vectors=%s", dir)) begin
      $display("FAIL no +vectors=DIR");
      $finish;
    end
    if (!$value$plusargs("stall=%d", stall)) stall = 0;
    fd = $fopen({dir, "/mac16.hex"}, "r");
    if (fd == 0) begin
      $display("FAIL cannot open vectors");
      $finish;
    end
    n = 0;
    r = 4;
    while (r == 4 && n < MAXN) begin
      r = $fscanf(fd, "%h %h %h %h\n", va[n], vb[n], vc[n], ve[n]);
      if (r == 4) n = n + 1;
    end
    $fclose(fd);
    ni = 0;
    no = 0;
    seed = 1;
    cycles = 0;
    errors = 0;
    repeat (4) @(posedge clk);
    rst_n <= 1'b1;
    if ($value$plusargs("vcd=%s", vcd)) begin
      $dumpfile(vcd);
      $dumpvars(1, dut);
    end
  end

  // Inputs change on the falling edge; transfers happen on the rising edge.
  always @(negedge clk) if (rst_n) begin
    in_valid  <= ni < n && (stall == 0 || ($random(seed) & 3) != 0);
    a         <= va[ni];
    b         <= vb[ni];
    clear     <= vc[ni];
    out_ready <= stall == 0 || ($random(seed) & 1) != 0;
  end

  always @(posedge clk) if (rst_n) begin
    cycles = cycles + 1;
    if (in_valid && in_ready) ni = ni + 1;
    if (out_valid && out_ready) begin
      if (acc !== ve[no]) begin
        if (errors < 10) $display("FAIL beat %0d: acc %h, expected %h", no, acc, ve[no]);
        errors = errors + 1;
      end
      no = no + 1;
      if (no == n) begin
        if (errors == 0) $display("PASS %0d beats in %0d cycles", n, cycles);
        else $display("FAIL %0d of %0d beats differ", errors, n);
        $finish;
      end
    end
    if (cycles > 8 * n + 100) begin
      $display("FAIL timeout after %0d cycles, %0d of %0d beats out", cycles, no, n);
      $finish;
    end
  end
endmodule
