// tricodec RTL sources, dependencies first, paths relative to rtl/ (read by sim/build.rs).
// Tops: residual_lane, residual_lane8x8, luma_dc_lane, chroma_dc_lane, align.
quant/quant_qp_split.sv
quant/quant_q4x4.sv
quant/quant_dq4x4.sv
quant/quant_q8x8.sv
quant/quant_dq8x8.sv
quant/quant_q_luma_dc.sv
quant/quant_dq_luma_dc.sv
quant/quant_q_chroma_dc.sv
quant/quant_dq_chroma_dc.sv
transform/transform_fwd4x4.sv
transform/transform_inv4x4.sv
transform/transform_fwd8x8.sv
transform/transform_inv8x8.sv
transform/transform_fwd_luma_dc.sv
transform/transform_inv_luma_dc.sv
transform/transform_fwd_chroma_dc.sv
transform/transform_inv_chroma_dc.sv
residual_lane.sv
residual_lane8x8.sv
luma_dc_lane.sv
chroma_dc_lane.sv
align/align_e8m0.sv
align/align_decode.sv
align/align_shift.sv
align/align_round.sv
align/align.sv
