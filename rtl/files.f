// tricodec RTL sources, dependencies first, paths relative to rtl/. Format (synth/filelist.py,
// the one parser, used by sim/build.rs, synth/flow.py and tests/cocotb/Makefile): one path a
// line; `//` starts a comment, on its own line or after a path; blank lines are ignored.
// Tops: residual_lane, residual_lane8x8, luma_dc_lane, chroma_dc_lane, align, align_scan and
// align_apply (the tensor encoder's two alignment passes), dealign (align's inverse),
// cabac_enc_bin, cabac_enc_engine, cabac_enc (the two joined), cabac_dec,
// enc_decide_i16, nal_write, nal_read, header_read, dec_front (the decoder lane's front end),
// dec_mb_i16 (its macroblock stage), enc_lane_i16 (the encoder lane), dec_lane_i16 (the decoder
// lane), intra_pred4x4, intra_pred8x8 (the Intra_4x4 / Intra_8x8 prediction units),
// deblock_edge (the deblocking filter's core), tensor_dec_top (the tensor decoder: decoder
// lanes, the rows merged, floats out), tensor_enc_top (the tensor encoder: the row scan, then
// encoder lanes on parts, floats in, bytes out), loopback_i16 (the encoder lane into the decoder
// lane, checked: the board test), loopback_board (it on a ULX3S board) and align_board (the
// aligner on a ULX3S board: make fpga's bitstream).
prim/prim_assert.sv
prim/prim_pipe_ctrl.sv
prim/prim_pipe_reg.sv
prim/prim_cslow.sv
prim/prim_pipe.sv
prim/prim_skid.sv
prim/prim_fifo.sv
prim/prim_ram_fifo.sv
prim/prim_blk_mux.sv
prim/prim_rr_arb.sv
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
dc_code.sv
dc_recon.sv
dc_lane.sv
luma_dc_lane.sv
chroma_dc_lane.sv
align/align_unpack.sv
align/align_e8m0.sv
align/align_decode.sv
align/align_shift.sv
align/align_round.sv
align/align_reduce.sv
align/align_apply.sv
align/align_scan.sv
align/align.sv
align/dealign.sv
cabac/cabac_sym.sv
cabac/cabac_se.sv
cabac/cabac_dec_se.sv
cabac/cabac_rom_lps.sv
cabac/cabac_rom_lpsn.sv
cabac/cabac_rom_trans.sv
cabac/cabac_rom_trans2.sv
cabac/cabac_rom_mn.sv
cabac/cabac_rom_ctx.sv
cabac/cabac_rom_sig8x8.sv
cabac/cabac_rom_last8x8.sv
cabac/cabac_nb.sv
cabac/cabac_enc_elements.sv
cabac/cabac_psum.sv
cabac/cabac_enc_coef.sv
cabac/cabac_enc_sigmap.sv
cabac/cabac_enc_levels.sv
cabac/cabac_enc_lvlsym.sv
cabac/cabac_sym_pack.sv
cabac/cabac_enc_bin.sv
cabac/cabac_dec_bin.sv
cabac/cabac_dec_engine.sv
cabac/cabac_dec_parse.sv
cabac/cabac_dec.sv
cabac/cabac_enc_ports.sv
cabac/cabac_ctx_init.sv
cabac/cabac_ctx_mem.sv
cabac/cabac_enc_addr.sv
cabac/cabac_enc_ctx.sv
cabac/cabac_enc_rseg.sv
cabac/cabac_enc_rpair.sv
cabac/cabac_enc_range.sv
cabac/cabac_enc_terms.sv
cabac/cabac_enc_low.sv
cabac/cabac_enc_pack.sv
cabac/cabac_enc_bytes.sv
cabac/cabac_enc_engine.sv
cabac/cabac_enc.sv
intra/intra_setup.sv
intra/intra_pred_blk.sv
intra/intra_satd4.sv
intra/intra_mb_pred.sv
intra/intra_avg3.sv
intra/intra_directional.sv
intra/intra_pred4x4.sv
intra/intra_pred8x8.sv
deblock/deblock_rom.sv
deblock/deblock_edge.sv
quant/quant_chroma_qp.sv
mb/mb_pkg.sv
mb/mb_recon_i16.sv
mb/mb_recon_nxn.sv
encoder/enc_decide_i16.sv
encoder/enc_resid_i16.sv
encoder/enc_syntax_i16.sv
intra/intra_edges.sv
intra/intra_mode_edges.sv
bitstream/bit_pack.sv
bitstream/slice_header_write.sv
bitstream/param_sets_write.sv
bitstream/nal_write.sv
bitstream/nal_read.sv
bitstream/header_read.sv
bitstream/dec_front.sv
decoder/dec_mb_i16.sv
decoder/dec_lane_i16.sv
encoder/enc_mb_walk.sv
encoder/enc_stream.sv
encoder/enc_lane_i16.sv
tensor/tensor_dec_rows.sv
tensor/tensor_dec_top.sv
tensor/tensor_enc_top.sv
fpga/board_reset.sv
fpga/loopback_i16.sv
fpga/loopback_board.sv
fpga/align_board.sv
