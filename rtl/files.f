// tricodec RTL sources, dependencies first, paths relative to rtl/. Format (synth/filelist.py,
// the one parser, used by sim/build.rs, synth/flow.py and tests/cocotb/Makefile): one path a
// line; `//` starts a comment, on its own line or after a path; blank lines are ignored.
// Tops: residual_lane, residual_lane8x8, luma_dc_lane, chroma_dc_lane, align, cabac_enc_bin.
prim/prim_assert.sv
prim/prim_pipe_ctrl.sv
prim/prim_pipe_reg.sv
prim/prim_pipe.sv
quant/quant_pkg.sv
quant/quant_qp_split.sv
quant/quant_mf4.sv
quant/quant_mf8.sv
quant/quant_v4.sv
quant/quant_v8.sv
quant/quant_ctl.sv
quant/quant_q_coef.sv
quant/quant_dq_coef.sv
quant/quant_q_block.sv
quant/quant_dq_block.sv
transform/transform_ports.sv
transform/transform_sext.sv
transform/transform_round_sym.sv
transform/transform_pipe2.sv
transform/transform_fwd4x4.sv
transform/transform_inv4x4.sv
transform/transform_fwd8x8.sv
transform/transform_inv8x8.sv
transform/transform_luma_dc.sv
transform/transform_chroma_dc.sv
lane_ports.sv
residual_lane_core.sv
residual_lane.sv
residual_lane8x8.sv
dc_lane.sv
luma_dc_lane.sv
chroma_dc_lane.sv
align/align_unpack.sv
align/align_e8m0.sv
align/align_decode.sv
align/align_shift.sv
align/align_round.sv
align/align.sv
cabac/cabac_sym.sv
cabac/cabac_se.sv
cabac/cabac_nb.sv
cabac/cabac_enc_elements.sv
cabac/cabac_enc_residual.sv
cabac/cabac_enc_bin.sv
