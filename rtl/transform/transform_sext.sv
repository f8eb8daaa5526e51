// Sign extension of a block of N signed values from InWidth to OutWidth bits, Bias added to
// element 0: the first step of every transform (its internal width), and the place where the
// inverse transforms add their rounding term (+ 32 on d00: d00 reaches every output of both
// passes with weight +1, so every output gains exactly 32). No golden function of its own.
// Combinational.
//
// Parameters:
//   N         values per block.
//   InWidth   width of the signed inputs.
//   OutWidth  width of the signed outputs, >= InWidth; element 0 plus Bias must fit.
//   Bias      added to element 0 (0: plain sign extension).
module transform_sext #(
  parameter int unsigned N        = 16,
  parameter int unsigned InWidth  = 9,
  parameter int unsigned OutWidth = 15,
  parameter int unsigned Bias     = 0
) (
  input  logic [N*InWidth-1:0]  in_i,
  output logic [N*OutWidth-1:0] out_o
);
  localparam logic signed [OutWidth-1:0] BIAS = OutWidth'(Bias);

  for (genvar k = 0; k < N; k++) begin : g_ext
    // Explicit sign extension (no size casts of signed values: tools disagree on those).
    logic signed [OutWidth-1:0] x;
    assign x = {{(OutWidth-InWidth){in_i[k*InWidth+InWidth-1]}}, in_i[k*InWidth +: InWidth]};
    if (k == 0 && Bias != 0) begin : g_bias
      assign out_o[k*OutWidth +: OutWidth] = x + BIAS;
    end else begin : g_plain
      assign out_o[k*OutWidth +: OutWidth] = x;
    end
  end
endmodule
