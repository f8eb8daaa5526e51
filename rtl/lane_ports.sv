// The port list every lane shares (no module: listed in files.f before the lanes, so that
// residual_lane_core, dc_lane and their tops declare the same ports once, here).
//
//   `LANE_PORTS(in, n, in_width, recon_width)
//
// clk_i, rst_ni (synchronous, active low); valid_i / ready_o with `in` (n x in_width-bit
// signed samples), qp_i (QP 0..51, larger acts as 51) and dz_i (dead zone 0..1023) per block,
// user_i (UserWidth bits, the sideband that leaves with the block); valid_o / ready_i with
// level_o (n x 16-bit signed levels, raster order), recon_o (n x recon_width-bit signed
// reconstruction) and user_o. The module that uses it declares parameter UserWidth.
`ifndef LANE_PORTS_SV
`define LANE_PORTS_SV

`define LANE_PORTS(__in, __n, __in_width, __recon_width) \
  input  logic                              clk_i, \
  input  logic                              rst_ni, \
  input  logic                              valid_i, \
  output logic                              ready_o, \
  input  logic [(__n)*(__in_width)-1:0]     __in, \
  input  logic [5:0]                        qp_i, \
  input  logic [9:0]                        dz_i, \
  input  logic [UserWidth-1:0]              user_i, \
  output logic                              valid_o, \
  input  logic                              ready_i, \
  output logic [(__n)*16-1:0]               level_o, \
  output logic [(__n)*(__recon_width)-1:0]  recon_o, \
  output logic [UserWidth-1:0]              user_o

`endif
