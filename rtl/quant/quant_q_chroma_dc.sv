// Quantisation of the 4:2:0 chroma DC (transform_fwd_chroma_dc output), qp = QP'C, (golden: quant::quant_chroma_dc): MF4[qP % 6] at (0, 0),
// shift qbits + 1 = 16 + qP/6, offset 2f = dz << (6 + qP/6):
// level = sign(c) * min(32767, (|c| * MF + 2f) >> (16 + qP/6)).
//
// Parameters: CW coefficient width (17 luma / 15 chroma from the forward DC transforms),
// UW sideband width. Widths: |c| * MF < 2^(CW+14), offset < 2^24, sum one bit more; levels
// 16 bits signed (the clamp is kept for exactness on every CW-bit input). Latency 1, one set
// per cycle, valid/ready; qp_i and dz_i with the set.
module quant_q_chroma_dc #(
  parameter int unsigned CW = 17,
  parameter int unsigned UW = 1
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              valid_i,
  output logic              ready_o,
  input  logic [4*CW-1:0]  coef_i,
  input  logic [5:0]        qp_i,
  input  logic [9:0]        dz_i,
  input  logic [UW-1:0]     user_i,
  output logic              valid_o,
  input  logic              ready_i,
  output logic [4*16-1:0]  level_o,
  output logic [UW-1:0]     user_o
);
  localparam int unsigned PW = CW + 14;
  localparam int unsigned SW = ((PW > 24) ? PW : 24) + 1;
  localparam logic [SW-1:0] LEVEL_MAX = SW'(32767);

  logic [2:0] rem;
  logic [3:0] per;
  quant_qp_split u_qp_split (
    .qp_i  (qp_i),
    .rem_o (rem),
    .per_o (per)
  );

  // MF4[qP % 6][class 0] (golden quant::tables::MF4).
  logic [13:0] mf;
  always_comb begin
    case (rem)
      3'd0:    mf = 14'd13107;
      3'd1:    mf = 14'd11916;
      3'd2:    mf = 14'd10082;
      3'd3:    mf = 14'd9362;
      3'd4:    mf = 14'd8192;
      default: mf = 14'd7282;
    endcase
  end

  logic [SW-1:0] f2;
  assign f2 = SW'(dz_i) << (6 + per);

  logic [4*16-1:0] level_d, level_q;
  logic [UW-1:0]    user_q;
  logic             valid_q;
  for (genvar k = 0; k < 4; k++) begin : g_pos
    logic [CW-1:0] c, mag;
    logic          neg;
    logic [SW-1:0] sum, q;
    logic [15:0]   lvl;
    assign c   = coef_i[k*CW +: CW];
    assign neg = c[CW-1];
    assign mag = neg ? -c : c;
    assign sum = SW'(mag) * SW'(mf) + f2;
    assign q   = sum >> (16 + per);
    assign lvl = (q > LEVEL_MAX) ? 16'd32767 : q[15:0];
    assign level_d[k*16 +: 16] = neg ? -lvl : lvl;
  end

  assign ready_o = ~valid_q | ready_i;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_q <= 1'b0;
    end else if (ready_o) begin
      valid_q <= valid_i;
    end
  end

  always_ff @(posedge clk_i) begin
    if (ready_o && valid_i) begin
      level_q <= level_d;
      user_q <= user_i;
    end
  end

  assign valid_o = valid_q;
  assign level_o = level_q;
  assign user_o  = user_q;
endmodule
