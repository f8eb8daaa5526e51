// Align pass 2, stage 3 of 3: round to nearest, ties to even, clamp and bias of N elements
// (docs/align.md sections 3 and 7).
//
// From align_shift's kept value, round and sticky bits: |q| = kept + (round & (sticky |
// kept[0])) (the golden rne_shift: up when the dropped rest is above half, or exactly half
// with an odd kept value), clamped to 127; sample = 128 + q for positive x, 128 - q for
// negative x (q in -127..=127, so -0 and +0 both give 128).
//
// Parameters:
//   N   elements per beat.
//   UW  width of the user sideband that travels with the beat unchanged.
// Latency 1 cycle, one beat per cycle; valid/ready with backpressure (ready_o = the output
// register is empty or being drained). The samples leave from a register.
module align_round #(
  parameter int unsigned N  = 4,
  parameter int unsigned UW = 1
) (
  input  logic           clk_i,
  input  logic           rst_ni,
  input  logic           valid_i,
  output logic           ready_o,
  input  logic [N-1:0]   neg_i,
  input  logic [N*7-1:0] kept_i,
  input  logic [N-1:0]   big_i,
  input  logic [N-1:0]   round_i,
  input  logic [N-1:0]   sticky_i,
  input  logic [UW-1:0]  user_i,
  output logic           valid_o,
  input  logic           ready_i,
  output logic [N*8-1:0] sample_o,
  output logic [UW-1:0]  user_o
);
  logic [N*8-1:0] sample_d, sample_q;
  logic [UW-1:0]  user_q;
  logic           valid_q;

  for (genvar k = 0; k < N; k++) begin : g_lane
    logic [6:0] kept, q;
    logic [7:0] mag;
    logic       up;
    assign kept = kept_i[k*7 +: 7];
    assign up   = round_i[k] & (sticky_i[k] | kept[0]);
    assign mag  = {1'b0, kept} + {7'd0, up};
    assign q    = (big_i[k] || mag[7]) ? 7'd127 : mag[6:0];
    assign sample_d[k*8 +: 8] = neg_i[k] ? 8'd128 - {1'b0, q} : 8'd128 + {1'b0, q};
  end

  assign ready_o = ~valid_q | ready_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
    end else if (ready_o) begin
      valid_q <= valid_i;
    end
  end

  // Data registers need no reset: valid_q qualifies them.
  always_ff @(posedge clk_i) begin
    if (ready_o && valid_i) begin
      sample_q <= sample_d;
      user_q   <= user_i;
    end
  end

  assign valid_o  = valid_q;
  assign sample_o = sample_q;
  assign user_o   = user_q;
endmodule
