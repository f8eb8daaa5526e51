// dc_recon: the inverse half of a DC lane (golden::lane::dc::recon_luma for N = 16,
// dc = quant::dequant_luma_dc(transform::inverse_luma_dc(levels)), 8.5.10; recon_chroma for
// N = 4, qp_i = QP'C, 8.5.11): one set of N DC levels a cycle to the scaled DC value of each
// 4x4 block (d_00, which replaces coefficient 0 in its inverse transform). dc_lane runs it
// after dc_code; mb_recon_i16 (both lanes' reconstruction) runs it on coded levels.
//
// Parameters:
//   N          DC levels per set: 16 (luma) or 4 (chroma).
//   UserWidth  width of the user sideband.
// Ports: level_i N x 16-bit signed levels, raster; qp_i (larger than 51 acts as 51) per set;
// recon_o N x ReconWidth-bit scaled DC values, raster, exact for any 16-bit levels;
// ReconWidth = 33 (luma) / 30 (chroma).
// Widths: the inverse transform of 16-bit levels gives 16 + log2(N) bits (20 / 18); the
// scaling adds 13 (luma; its two top bits are sign copies, kept so that the ports stay 33
// wide) / 12 (chroma) (quant_dq_block).
// Pipeline: inverse transform 2 (luma) / 1 (chroma), scaling 2: latency 4 / 3. valid/ready as
// residual_lane_core; asserted: the outputs hold still while stalled.
module dc_recon #(
  parameter  int unsigned N          = 16,
  parameter  int unsigned UserWidth  = 8,
  localparam int unsigned ReconWidth = 16 + $clog2(N) + ((N == 16) ? 13 : 12)
) (
  input  logic                  clk_i,
  input  logic                  rst_ni,
  input  logic                  valid_i,
  output logic                  ready_o,
  input  logic [N*16-1:0]       level_i,
  input  logic [5:0]            qp_i,
  input  logic [UserWidth-1:0]  user_i,
  output logic                  valid_o,
  input  logic                  ready_i,
  output logic [N*ReconWidth-1:0] recon_o,
  output logic [UserWidth-1:0]  user_o
);
  localparam bit          Luma     = (N == 16);
  localparam int unsigned InvWidth = 16 + $clog2(N);            // inverse transform output
  localparam int unsigned VWidth   = quant_pkg::v_width(N, 1'b1);  // normAdjust4x4[qP % 6][0]

  // The scaling factor of this QP (normAdjust4x4[qP % 6][0]), looked up here so that it
  // reaches the scaling multipliers straight from a register.
  logic [2:0]        rem;
  logic [3:0]        per;
  logic [3*5-1:0]    v_row;
  logic [VWidth-1:0] v;
  quant_qp_split u_qp_split (.qp_i, .rem_o (rem), .per_o (per));
  quant_v4 u_v (.rem_i (rem), .v_o (v_row));
  assign v = v_row[VWidth-1:0];
  logic unused_v;
  assign unused_v = ^v_row;

  // Decoder order: inverse transform first, then scaling; qP / 6 and V ride along.
  logic                  inv_valid, inv_ready;
  logic [N*InvWidth-1:0] inv_out;
  logic [3:0]            inv_per;
  logic [VWidth-1:0]     inv_v;
  logic [UserWidth-1:0]  inv_user;
`define _INV_PORTS .clk_i, .rst_ni, .valid_i, .ready_o, .in_i (level_i), \
    .user_i ({per, v, user_i}), .valid_o (inv_valid), .ready_i (inv_ready), .out_o (inv_out), \
    .user_o ({inv_per, inv_v, inv_user})
  if (Luma) begin : g_inv_luma
    transform_luma_dc #(
      .InWidth (16), .Forward (1'b0), .UserWidth (UserWidth + VWidth + 4)
    ) u_inv (`_INV_PORTS);
  end else begin : g_inv_chroma
    transform_chroma_dc #(.InWidth (16), .UserWidth (UserWidth + VWidth + 4)) u_inv (`_INV_PORTS);
  end
`undef _INV_PORTS

  quant_dq_block #(
    .N (N), .Dc (1'b1), .LevelWidth (InvWidth), .OutWidth (ReconWidth), .UserWidth (UserWidth)
  ) u_dequant (
    .clk_i, .rst_ni, .valid_i (inv_valid), .ready_o (inv_ready), .level_i (inv_out),
    .v_i (inv_v), .per_i (inv_per), .user_i (inv_user), .valid_o, .ready_i, .coef_o (recon_o),
    .user_o
  );

  `ASSERT_STABLE_STALL(OutStableWhileStalled_A, valid_o, ready_i, {recon_o, user_o})
endmodule
