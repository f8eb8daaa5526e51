// cabac_psum: inclusive prefix sums of N unsigned values (no golden counterpart: the costs
// in symbols the binarizer's windows add up, cabac_enc_sigmap and cabac_enc_levels).
//
// Combinational, Sklansky form: ceil(log2 N) levels of adds instead of a chain of N - 1.
// Ports: v_i N values of W bits (value d at [d*W +: W]); s_o N sums, s_o[d] = v_i[0] + ..
// + v_i[d] (the caller sizes W so that none overflows).
//
// Parameters: N  values, W  bits per value and sum.
module cabac_psum #(
  parameter int unsigned N = 8,
  parameter int unsigned W = 8
) (
  input  logic [N*W-1:0] v_i,
  output logic [N*W-1:0] s_o
);
  always_comb begin
    logic [N*W-1:0] a, b;
    a = v_i;
    for (int l = 0; (1 << l) < N; l++) begin
      b = a;
      for (int d = 0; d < N; d++) begin
        // The upper half of each block of 2^(l+1) adds the last sum of the lower half.
        if (((d >> l) & 1) == 1) b[d*W +: W] = a[d*W +: W] + a[(((d >> l) << l) - 1)*W +: W];
      end
      a = b;
    end
    s_o = a;
  end
endmodule
