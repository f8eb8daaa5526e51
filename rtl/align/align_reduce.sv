// Align pass 1 on one beat: the reductions the shared exponent needs (golden: the pass 1 of
// align::bfp::quantize_group, the largest magnitude; docs/align.md sections 3 and 7).
// Combinational.
//
// floor(log2 max|x|) of a group or row needs only the largest exponent field and, for FP16
// whose subnormals reach above 2^-127, the OR of the mantissa fields (align_e8m0 turns them
// into the E8M0 code). Per beat of N raw patterns (16-bit formats in the low half of each
// 32-bit lane) this gives:
//   max_ef_o   the beat's largest exponent field (FP16: 5 bits, zero-extended): a balanced
//              compare tree, each level halving the candidates in place (candidate i of a
//              level moves to i / 2); one tree per format on the raw fields, the format
//              picking the result, so that fmt_i's fanout stays off the compare path;
//   sub_or_o   the OR of the beat's FP16 mantissa fields (bits 9..0 of each lane; read by
//              align_e8m0 for FP16 only);
//   non_finite_o[k]  lane k's exponent field is all ones (Inf or NaN).
// A caller keeps the running maximum over its beats one beat behind (the beat's tree ends in a
// register, the compare with the maximum so far comes in the next cycle): align (a group) and
// align_scan (a row) do.
//
// Parameters: N elements per beat, >= 1.
// Ports: fmt_i 0 FP32, 1 FP16, 2 BF16 (3 acts as FP32); data_i N raw patterns.
module align_reduce #(
  parameter int unsigned N = 4
) (
  input  logic [1:0]      fmt_i,
  input  logic [N*32-1:0] data_i,
  output logic [7:0]      max_ef_o,
  output logic [9:0]      sub_or_o,
  output logic [N-1:0]    non_finite_o
);
  localparam int unsigned Leaves = 1 << $clog2(N);  // compare tree leaves (N, padded)

  localparam logic [1:0] FMT_F16  = 2'd1;
  localparam logic [1:0] FMT_BF16 = 2'd2;

  function automatic logic [7:0] max_tree(input logic [8*Leaves-1:0] leaves);
    logic [8*Leaves-1:0] v;
    v = leaves;
    for (int unsigned w = Leaves / 2; w >= 1; w = w / 2) begin
      for (int unsigned i = 0; i < w; i++) begin
        v[i*8 +: 8] = (v[2*i*8 +: 8] > v[(2*i+1)*8 +: 8]) ? v[2*i*8 +: 8] : v[(2*i+1)*8 +: 8];
      end
    end
    max_tree = v[7:0];
  endfunction

  logic [8*Leaves-1:0] ef_f32, ef_f16, ef_bf16;
  always_comb begin
    ef_f32   = '0;
    ef_f16   = '0;
    ef_bf16  = '0;
    sub_or_o = '0;
    for (int unsigned k = 0; k < N; k++) begin
      ef_f32[k*8 +: 8]  = data_i[k*32+23 +: 8];
      ef_f16[k*8 +: 8]  = {3'd0, data_i[k*32+10 +: 5]};
      ef_bf16[k*8 +: 8] = data_i[k*32+7 +: 8];
      sub_or_o          = sub_or_o | data_i[k*32 +: 10];
    end
  end
  assign max_ef_o = (fmt_i == FMT_F16)  ? max_tree(ef_f16)  :
                    (fmt_i == FMT_BF16) ? max_tree(ef_bf16) : max_tree(ef_f32);

  for (genvar k = 0; k < N; k++) begin : g_lane
    assign non_finite_o[k] = (fmt_i == FMT_F16)  ? &data_i[k*32+10 +: 5] :
                             (fmt_i == FMT_BF16) ? &data_i[k*32+7 +: 8]  : &data_i[k*32+23 +: 8];
  end

  // The sign bits and the FP32 mantissa bits above the FP16 field decide nothing here.
  logic unused_bits;
  always_comb begin
    unused_bits = 1'b0;
    for (int unsigned k = 0; k < N; k++) begin
      unused_bits = unused_bits ^ (^{data_i[k*32+31], data_i[k*32+15 +: 8]});
    end
  end
endmodule
