// The port list of the transform modules (no module: listed in files.f before them, so that
// every transform declares its stream ports once, here).
//
//   `TRANSFORM_PORTS(n, in, in_width, out, out_width)
//
// clk_i, rst_ni (synchronous, active low); valid_i / ready_o with `in` (n x in_width-bit
// signed values, raster order) and user_i; valid_o / ready_i with `out` (n x out_width-bit
// signed values) and user_o (UserWidth bits, the sideband that travels with the block
// unchanged). The module that uses it declares parameter UserWidth.
`ifndef TRANSFORM_PORTS_SV
`define TRANSFORM_PORTS_SV

`define TRANSFORM_PORTS(__n, __in, __in_width, __out, __out_width) \
  input  logic                            clk_i, \
  input  logic                            rst_ni, \
  input  logic                            valid_i, \
  output logic                            ready_o, \
  input  logic [(__n)*(__in_width)-1:0]   __in, \
  input  logic [UserWidth-1:0]            user_i, \
  output logic                            valid_o, \
  input  logic                            ready_i, \
  output logic [(__n)*(__out_width)-1:0]  __out, \
  output logic [UserWidth-1:0]            user_o

`endif
