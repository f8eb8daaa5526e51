// Align pass 2, stage 3 of 3: round to nearest, ties to even, clamp and bias of N elements
// (docs/align.md sections 3 and 7).
//
// From align_shift's kept value, round and sticky bits: |q| = kept + (round & (sticky |
// kept[0])) (the golden rne_shift: up when the dropped rest is above half, or exactly half
// with an odd kept value), clamped to 127; sample = 128 + q for positive x, 128 - q for
// negative x (q in -127..=127, so -0 and +0 both give 128).
//
// Parameters: N elements per beat.
// Combinational: align registers the samples, which leave from that register (pass 2, stage 3
// of its pipeline).
module align_round #(
  parameter int unsigned N = 4
) (
  input  logic [N-1:0]   neg_i,
  input  logic [N*7-1:0] kept_i,
  input  logic [N-1:0]   big_i,
  input  logic [N-1:0]   round_i,
  input  logic [N-1:0]   sticky_i,
  output logic [N*8-1:0] sample_o
);
  for (genvar k = 0; k < N; k++) begin : g_lane
    logic [6:0] kept, q;
    logic [7:0] mag;
    logic       up;
    assign kept = kept_i[k*7 +: 7];
    assign up   = round_i[k] & (sticky_i[k] | kept[0]);
    assign mag  = {1'b0, kept} + {7'd0, up};
    assign q    = (big_i[k] || mag[7]) ? 7'd127 : mag[6:0];
    assign sample_o[k*8 +: 8] = neg_i[k] ? 8'd128 - {1'b0, q} : 8'd128 + {1'b0, q};
  end
endmodule
