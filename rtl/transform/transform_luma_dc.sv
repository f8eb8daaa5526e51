// Intra16x16 luma-DC transform: the 4x4 Hadamard f = H c H with
// H = [[1,1,1,1],[1,1,-1,-1],[1,-1,-1,1],[1,-1,1,-1]] (8.5.10) over the raster 4x4 grid of the
// macroblock's DC terms.
//   FWD = 1: the encoder's forward transform (golden: transform::forward_luma_dc),
//            round(f / 2) to nearest, ties away from zero (transform_round_sym, S = 1);
//   FWD = 0: the decoder's inverse (golden: transform::inverse_luma_dc), f itself, no scaling
//            (quant_dq_dc scales next).
//
// Parameters:
//   IW   input width (13 forward: |c| <= 16 * 256; 16 inverse: levels).
//   FWD  1 forward, 0 inverse.
//   UW   sideband width.
// Widths: the row pass gives |t| <= 4 * 2^(IW-1) (registered at IW+2 bits), |f| <= 16 * 2^(IW-1)
// fits IW+4 bits signed, and IW+5 inside holds the rounding add; both outputs are IW+4 bits
// (the forward's |round(f / 2)| <= 2^(IW+2)). Pipeline (transform_pipe2): 2 stages (row pass;
// column pass and the rounding), latency 2, one set per cycle, valid/ready with backpressure.
module transform_luma_dc #(
  parameter int unsigned IW  = 13,
  parameter bit          FWD = 1'b1,
  parameter int unsigned UW  = 1
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 valid_i,
  output logic                 ready_o,
  input  logic [16*IW-1:0]     in_i,
  input  logic [UW-1:0]        user_i,
  output logic                 valid_o,
  input  logic                 ready_i,
  output logic [16*(IW+4)-1:0] out_o,
  output logic [UW-1:0]        user_o
);
  localparam int unsigned NW = IW + 5;
  localparam int unsigned RW = IW + 2;  // row-pass results
  localparam int unsigned OW = IW + 4;

  // 1-D 4-point Hadamard with the row order of H.
  function automatic logic [4*NW-1:0] had4(input logic [4*NW-1:0] x);
    logic signed [NW-1:0] s01, s23, d01, d23;
    s01 = $signed(x[0*NW +: NW]) + $signed(x[1*NW +: NW]);
    s23 = $signed(x[2*NW +: NW]) + $signed(x[3*NW +: NW]);
    d01 = $signed(x[0*NW +: NW]) - $signed(x[1*NW +: NW]);
    d23 = $signed(x[2*NW +: NW]) - $signed(x[3*NW +: NW]);
    had4 = {d01 + d23, d01 - d23, s01 - s23, s01 + s23};
  endfunction

  // Stage 1: row pass.
  logic [16*NW-1:0] x, t, tt, f;
  for (genvar k = 0; k < 16; k++) begin : g_ext
    assign x[k*NW +: NW] = {{(NW-IW){in_i[k*IW+IW-1]}}, in_i[k*IW +: IW]};
  end
  for (genvar i = 0; i < 4; i++) begin : g_row
    assign t[i*4*NW +: 4*NW] = had4(x[i*4*NW +: 4*NW]);
  end

  // Stage 2: column pass over the transposed row results (and the forward's halving).
  logic [16*OW-1:0] y;
  for (genvar j = 0; j < 4; j++) begin : g_col
    assign f[j*4*NW +: 4*NW] = had4(tt[j*4*NW +: 4*NW]);
  end
  for (genvar k = 0; k < 16; k++) begin : g_out
    if (FWD) begin : g_fwd
      transform_round_sym #(
        .IW (NW),
        .S  (1),
        .OW (OW)
      ) u_round (
        .y_i (f[k*NW +: NW]),
        .r_o (y[k*OW +: OW])
      );
    end else begin : g_inv
      assign y[k*OW +: OW] = f[k*NW +: OW];
    end
  end

  transform_pipe2 #(
    .N  (4),
    .NW (NW),
    .RW (RW),
    .OW (OW),
    .UW (UW)
  ) u_pipe (
    .clk_i,
    .rst_ni,
    .valid_i,
    .ready_o,
    .row_i   (t),
    .user_i,
    .col_o   (tt),
    .col_i   (y),
    .valid_o,
    .ready_i,
    .res_o   (out_o),
    .user_o
  );

  // The inverse's column results: the top bit is a sign copy.
  logic unused_f;
  assign unused_f = ^f;
endmodule
