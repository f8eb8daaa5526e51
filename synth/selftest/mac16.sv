// Stand-in block for developing the synthesis flow (not part of the codec):
// a pipelined signed 16x16 multiply-accumulate with valid/ready handshakes,
// ports named like the codec RTL (clk_i, rst_ni, valid_i/ready_o in,
// valid_o/ready_i out).
//
// Stage 1 registers the operands, stage 2 the 32-bit product, stage 3 the
// 40-bit accumulator. A beat with `clear_i` set starts a new sum with its own
// product. The pipeline stalls as a whole while the output is valid and not
// taken, so `ready_o` is combinational from `ready_i`.
module mac16 (
    input  logic               clk_i,
    input  logic               rst_ni,
    input  logic               valid_i,
    output logic               ready_o,
    input  logic signed [15:0] a_i,
    input  logic signed [15:0] b_i,
    input  logic               clear_i,
    output logic               valid_o,
    input  logic               ready_i,
    output logic signed [39:0] acc_o
);
  logic advance;
  assign advance = !valid_o || ready_i;
  assign ready_o = advance;

  logic signed [15:0] a1, b1;
  logic clear1, valid1;
  logic signed [31:0] prod2;
  logic clear2, valid2;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid1  <= 1'b0;
      valid2  <= 1'b0;
      valid_o <= 1'b0;
    end else if (advance) begin
      valid1  <= valid_i;
      valid2  <= valid1;
      valid_o <= valid2;
    end
  end

  always_ff @(posedge clk_i) begin
    if (advance) begin
      a1     <= a_i;
      b1     <= b_i;
      clear1 <= clear_i;
      prod2  <= a1 * b1;
      clear2 <= clear1;
      if (valid2) acc_o <= (clear2 ? 40'sd0 : acc_o) + {{8{prod2[31]}}, prod2};
    end
  end
endmodule
