// QP split into (qP % 6, qP / 6), the index pair of every quant and scaling table
// (golden: quant::split_qp).
//
// qp_i above 51 is clamped to 51, as the golden model does in release builds. The division by
// the constant 6 is a table of 8 threshold compares (qP >= 6, 12, ..., 48), not a divider.
// Purely combinational.
module quant_qp_split (
  input  logic [5:0] qp_i,
  output logic [2:0] rem_o,
  output logic [3:0] per_o
);
  logic [5:0] qp;

  always_comb begin
    qp = (qp_i > 6'd51) ? 6'd51 : qp_i;
    per_o = 4'd0;
    for (int unsigned p = 1; p <= 8; p++) begin
      if (qp >= 6'(6 * p)) begin
        per_o = 4'(p);
      end
    end
  end

  // qp - 6 * per < 6, so the low three bits hold it.
  logic [5:0] rem_full;
  assign rem_full = qp - 6'(6 * per_o);
  assign rem_o    = rem_full[2:0];

  // Bits 5:3 of rem_full are always zero.
  logic unused_rem;
  assign unused_rem = ^rem_full[5:3];
endmodule
