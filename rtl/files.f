// tricodec RTL sources, dependencies first, paths relative to rtl/ (read by sim/build.rs).
// Tops: residual_lane, residual_lane8x8, align.
quant/quant_qp_split.sv
quant/quant_q4x4.sv
quant/quant_dq4x4.sv
quant/quant_q8x8.sv
quant/quant_dq8x8.sv
transform/transform_fwd4x4.sv
transform/transform_inv4x4.sv
transform/transform_fwd8x8.sv
transform/transform_inv8x8.sv
residual_lane.sv
residual_lane8x8.sv
align/align.sv
