// Stand-in block for developing the synthesis flow (not part of the codec):
// a pipelined signed 16x16 multiply-accumulate with valid/ready handshakes.
//
// Stage 1 registers the operands, stage 2 the 32-bit product, stage 3 the
// 40-bit accumulator. A beat with `clear` set starts a new sum with its own
// product. The pipeline stalls as a whole while the output is valid and not
// taken, so `in_ready` is combinational from `out_ready`.
module mac16 (
    input  logic               clk,
    input  logic               rst_n,
    input  logic               in_valid,
    output logic               in_ready,
    input  logic signed [15:0] a,
    input  logic signed [15:0] b,
    input  logic               clear,
    output logic               out_valid,
    input  logic               out_ready,
    output logic signed [39:0] acc
);
  logic advance;
  assign advance  = !out_valid || out_ready;
  assign in_ready = advance;

  logic signed [15:0] a1, b1;
  logic clear1, valid1;
  logic signed [31:0] prod2;
  logic clear2, valid2;

  always_ff @(posedge clk) begin
    if (!rst_n) begin
      valid1    <= 1'b0;
      valid2    <= 1'b0;
      out_valid <= 1'b0;
    end else if (advance) begin
      valid1    <= in_valid;
      valid2    <= valid1;
      out_valid <= valid2;
    end
  end

  always_ff @(posedge clk) begin
    if (advance) begin
      a1     <= a;
      b1     <= b;
      clear1 <= clear;
      prod2  <= a1 * b1;
      clear2 <= clear1;
      if (valid2) acc <= (clear2 ? 40'sd0 : acc) + {{8{prod2[31]}}, prod2};
    end
  end
endmodule
