// One element of the float alignment unit in a format-free layout (docs/align.md section 2):
// FP32 field positions {sign, exponent field ef (8 bits), mantissa field mf (23 bits)}, with
// an FP16 / BF16 mantissa field left-aligned in the 23 bits (its low bits 0) and FP16's 5-bit
// exponent field zero-extended. Combinational.
//
// The value is unchanged up to a power of two per format: x = (-1)^s m 2^e with
// m = (ef != 0) << 23 | mf (24 bits) and e = max(ef, 1) - bias - 23, bias 127 for FP32 and
// BF16, 15 for FP16; align_e8m0 folds the bias into the group's shift offset, so pass 2 needs
// no format. BF16 is the top half of FP32, so its layout is the FP32 pattern itself.
//
// Ports: bits_i the raw pattern (16-bit formats in the low half), fmt_i 0 FP32, 1 FP16,
// 2 BF16 (3 acts as FP32); elem_o the layout above. (Inf / NaN are found in pass 1, by
// align_reduce, on the raw fields.)
module align_unpack (
  input  logic [31:0] bits_i,
  input  logic [1:0]  fmt_i,
  output logic [31:0] elem_o
);
  localparam logic [1:0] FMT_F16  = 2'd1;
  localparam logic [1:0] FMT_BF16 = 2'd2;

  always_comb begin
    case (fmt_i)
      FMT_F16:  elem_o = {bits_i[15], 3'd0, bits_i[14:10], bits_i[9:0], 13'd0};
      FMT_BF16: elem_o = {bits_i[15:0], 16'd0};
      default:  elem_o = bits_i;
    endcase
  end
endmodule
