// cabac_enc_ports: the port list the group stages of the CABAC encoding engine share (a macro
// file, no module; docs/rtl.md): clock, reset, the pipeline enable and the incoming group of K
// lanes (valid, per-lane valid bits lv_i, K symbols of rtl/cabac/cabac_sym.sv, lane j at
// [j*`CABAC_SYM_W +: `CABAC_SYM_W]). Used by cabac_enc_addr, cabac_enc_ctx, cabac_enc_range.
`ifndef CABAC_ENC_PORTS_SV
`define CABAC_ENC_PORTS_SV

`define CABAC_ENC_GROUP_IN \
  input  logic                      clk_i, \
  input  logic                      rst_ni, \
  input  logic                      en_i, \
  input  logic                      valid_i, \
  input  logic [K-1:0]              lv_i, \
  input  logic [K*`CABAC_SYM_W-1:0] sym_i

`endif
