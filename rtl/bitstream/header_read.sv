// header_read: the parameter sets and slice headers of the decoder lane, over the units of
// nal_read (header byte, then RBSP bytes). golden: the unit dispatch of
// golden::decoder::Decoder::decode_nal / decode_slice with bitstream::sps::Sps::parse,
// bitstream::pps::Pps::parse, bitstream::slice::SliceHeader::parse (over
// bitstream::reader::BitReader: u(n), ue(v), se(v), more_rbsp_data) and the picture checks of
// Decoder::new_picture; then the cabac_alignment_one_bits of decode_slice_data.
//
// One SPS and one PPS are kept (the last parsed; our encoder and x264 send id 0 only). Per
// slice (nal_unit_type 1 / 5) one configuration beat goes out on cfg_* with what the rest of
// the lane needs, then the slice data bytes (the byte after the alignment bits to the unit's
// end) on data_*, data_last_o on the last. A redundant slice (redundant_pic_cnt > 0) is
// dropped, as golden does. cfg_new_pic_o says the slice starts a picture (golden: no picture in
// progress, an SPS / AUD / end-of-sequence / end-of-stream unit since the last slice, a
// different picture identity (PPS id, frame_num, IDR, idr_pic_id, POC fields, nal_ref_idc 0) or
// first_mb_in_slice 0).
//
// Errors: whatever golden's parsers reject (non-flat scaling matrices in use included), and
// what this block does not implement (a slice whose PPS / SPS is not the one kept, a slice
// without data bytes), raise err_o (sticky until reset; err_ev_o pulses once per error, for a
// lane that resynchronizes) as soon as the offending bit or byte is read; the rest of that unit
// is dropped and parsing goes on at the next unit. Every bit is read at
// most once and every byte is taken or dropped, so an error or the end of the input can never
// hang the block.
//
// more_rbsp_data() of the PPS tail (transform_8x8_mode_flag onwards) is resolved after the
// fact: the tail is parsed as if present, the unit's remaining bits are scanned to its end,
// and the tail counts (its errors included) only if a 1 bit followed its first bit.
//
// Throughput: one header bit a cycle (an Exp-Golomb code of n bits takes n cycles), a slice
// data byte a cycle (data_* through prim_skid: registered, latency 1); a unit's header byte
// and each unit end cost one cycle.
module header_read (
  input  logic        clk_i,
  input  logic        rst_ni,
  // Units from nal_read.
  input  logic        valid_i,
  output logic        ready_o,
  input  logic [7:0]  byte_i,
  input  logic        first_i,
  input  logic        last_i,
  // One configuration beat a slice.
  output logic        cfg_valid_o,
  input  logic        cfg_ready_i,
  output logic        cfg_new_pic_o,   // the slice starts a picture
  output logic        cfg_idr_o,       // nal_unit_type 5
  output logic [10:0] cfg_width_o,     // PicWidthInMbs, 1..1024
  output logic [10:0] cfg_height_o,    // FrameHeightInMbs, 1..1024
  output logic [17:0] cfg_pic_mbs_o,   // PicSizeInMbs
  output logic [3:0]  cfg_crop_right_o,   // luma columns cropped on the right (0..15)
  output logic [3:0]  cfg_crop_bottom_o,  // luma rows cropped at the bottom (0..15)
  output logic        cfg_chroma_o,    // chroma_format_idc 1 (else 0: 4:0:0)
  output logic        cfg_t8x8_o,      // transform_8x8_mode_flag
  output logic [5:0]  cfg_qp_o,        // SliceQPY
  output logic [17:0] cfg_first_mb_o,  // first_mb_in_slice
  output logic [1:0]  cfg_idc_o,       // disable_deblocking_filter_idc
  output logic [3:0]  cfg_alpha_o,     // slice_alpha_c0_offset_div2 (-6..6)
  output logic [3:0]  cfg_beta_o,      // slice_beta_offset_div2 (-6..6)
  output logic [4:0]  cfg_cb_qp_o,     // chroma_qp_index_offset (-12..12)
  output logic [4:0]  cfg_cr_qp_o,     // second_chroma_qp_index_offset (-12..12)
  // Slice data bytes.
  output logic        data_valid_o,
  input  logic        data_ready_i,
  output logic [7:0]  data_o,
  output logic        data_last_o,
  output logic        err_o,
  output logic        err_ev_o   // one cycle per error (err_o stays set)
);
  typedef enum logic [6:0] {
    StIdle, StSkip, StAlign, StCfg, StData, StDrain,
    SProfile, SConstr, SLevel, SId, SCfi, SSep, SBdl, SBdc, SBypass, SSsm, SLog2Fn, SPocT,
    SLog2Poc, SDpaz, SOnrp, SOttb, SNrf, SOrf, SMaxRef, SGaps, SW, SH, SFmo, SD8, SCrop, SCl,
    SCr, SCt, SCb, SVui,
    PId, PSps, PEcm, PBfp, PNsg, PNr0, PNr1, PWp, PWb, PQp, PQs, PCqo, PDfc, PCip, PRpc, PT8,
    PPsm, PScqo, XPres, XDelta,
    LFmb, LSt, LPps, LFn, LIdrId, LLsb, LDbot, LDp0, LDp1, LRpc, LNoOut, LLtr, LArpm, LMmco,
    LDpn, LLtpn, LLtfi, LMlt, LQpd, LDdfi, LAlpha, LBeta
  } step_e;
  step_e st_q, st_d;

  // ---------------------------------------------------------------- bit reader
  logic [7:0] sh_q;     // the current byte, next bit at [7] (consumed bits shifted out)
  logic [3:0] nb_q;     // its bits left, 0..8
  logic       lastb_q;  // the current byte is the unit's last
  logic       parse;    // this step reads a syntax element
  logic       bit_ok, bit_v, use_byte, trunc;
  assign bit_ok   = nb_q != 4'd0 || (valid_i && !lastb_q);
  assign use_byte = nb_q == 4'd0;
  assign bit_v    = use_byte ? byte_i[7] : sh_q[7];
  assign trunc    = nb_q == 4'd0 && lastb_q;

  // ---------------------------------------------------------------- element engine
  // Fixed-length u(n) (fixed = 1) or Exp-Golomb ue(v) / se(v): prefix zeros counted in cnt_q,
  // then the suffix with cnt_q counting down.
  logic        fixed;
  logic [4:0]  n_fix;
  logic        ph_q;      // Exp-Golomb suffix
  logic [5:0]  cnt_q;
  logic [30:0] acc_q;
  logic [31:0] acc_n;
  logic        step_bit;  // a bit is read this cycle
  logic        el_done, el_long;
  logic [31:0] uval;      // u(n) value or codeNum
  logic signed [32:0] sval;  // se(v) of codeNum
  logic [32:0] mag;
  assign acc_n = {acc_q, bit_v};
  always_comb begin
    el_done = 1'b0;
    el_long = 1'b0;
    uval    = acc_n;
    if (fixed) begin
      el_done = cnt_q[4:0] + 5'd1 == n_fix;
    end else if (!ph_q) begin
      el_done = bit_v && cnt_q == 6'd0;
      el_long = !bit_v && cnt_q == 6'd31;
      uval    = 32'd0;
    end else begin
      el_done = cnt_q == 6'd1;
      uval    = acc_n - 32'd1;
    end
  end
  assign mag  = ({1'b0, uval} + 33'd1) >> 1;
  assign sval = uval[0] ? $signed(mag) : -$signed(mag);

  // Mode and length of each element.
  logic [4:0] sps_log2fn_q, sps_log2poc_q;
  always_comb begin
    parse = 1'b1;
    fixed = 1'b1;
    n_fix = 5'd1;
    unique case (st_q)
      StIdle, StSkip, StAlign, StCfg, StData, StDrain: parse = 1'b0;
      SProfile, SConstr, SLevel: n_fix = 5'd8;
      SSep, SBypass, SSsm, SDpaz, SGaps, SFmo, SD8, SCrop, SVui, PEcm, PBfp, PWp, PDfc, PCip,
      PRpc, PT8, PPsm, XPres, LNoOut, LLtr, LArpm: n_fix = 5'd1;
      PWb: n_fix = 5'd2;
      LFn: n_fix = sps_log2fn_q;
      LLsb: n_fix = sps_log2poc_q;
      default: fixed = 1'b0;
    endcase
  end

  // ---------------------------------------------------------------- kept parameter sets
  logic        sps_v_q, pps_v_q;
  logic [4:0]  sps_id_q;
  logic [1:0]  sps_cfi_q;
  logic [1:0]  sps_poct_q;
  logic        sps_dpaz_q, sps_chinfo_q;
  logic [10:0] sps_w_q, sps_h_q;
  logic [17:0] sps_mbs_q;
  logic [3:0]  sps_cr_q, sps_cb_q;   // crop right / bottom in luma samples
  logic        sps_badpic_q;         // golden's new_picture rejects this SPS
  logic [31:0] tmp_q;                // crop left, then top; the POC cycle count; mmco count
  logic [7:0]  pps_id_q;
  logic [4:0]  pps_sps_q;
  logic        pps_ecm_q, pps_bfp_q, pps_dfc_q, pps_rpc_q, pps_t8_q;
  logic [5:0]  pps_qp_q;
  logic [4:0]  pps_cb_q, pps_cr_q;
  logic        spec_t8_q, spec_err_q, one_after_q;
  logic [4:0]  spec_cr_q;

  // ---------------------------------------------------------------- scaling lists
  // golden: bitstream::scaling (parse_lists, resolve_sequence / resolve_picture with fall-back
  // rules A and B, intra_lists_flat). Lists are parsed and dropped; of the lists an I slice can
  // use (0, 1, 2: intra 4x4 Y / Cb / Cr; 6, 8, 10: intra 8x8 Y / Cb / Cr) each SPS and PPS
  // keeps whether it was sent and whether it is flat (all weights 16), and a slice with a list
  // that resolves to a non-flat one is an error (golden: Unsupported).
  logic       sps_x_q, pps_x_q, spec_x_q;  // a matrix was sent (seq / pic _scaling_matrix_present)
  logic       x_pps_q;                     // the lists being read are the PPS's
  logic [3:0] x_i_q, x_n_q;                // list index, lists to read
  logic [6:0] x_j_q;                       // weight index
  logic [7:0] x_last_q;                    // lastScale
  logic       x_flat_q;                    // the weights so far are 16
  logic [5:0] s_snt_q, s_flt_q, p_snt_q, p_flt_q;  // per kept list (0, 1, 2, 6, 8, 10)
  logic [7:0] x_next, x_val;
  logic       x_end, x_default;
  logic [5:0] x_slot;                      // one-hot kept list of x_i_q (0: not kept)
  step_e      x_next_st;
  assign x_next    = x_last_q + sval[7:0];                    // nextScale
  assign x_default = x_j_q == 7'd0 && x_next == 8'd0;         // useDefaultScalingMatrixFlag
  assign x_val     = (x_next == 8'd0) ? x_last_q : x_next;
  assign x_end     = x_next == 8'd0 || x_j_q == ((x_i_q < 4'd6) ? 7'd15 : 7'd63);
  always_comb begin
    unique case (x_i_q)
      4'd0: x_slot = 6'b000001;
      4'd1: x_slot = 6'b000010;
      4'd2: x_slot = 6'b000100;
      4'd6: x_slot = 6'b001000;
      4'd8: x_slot = 6'b010000;
      4'd10: x_slot = 6'b100000;
      default: x_slot = 6'b000000;
    endcase
  end
  // After a list: the next one, or the field after the lists.
  always_comb begin
    x_next_st = st_q;
    if ((st_q == XPres && !uval[0]) || (st_q == XDelta && (x_end || x_default))) begin
      x_next_st = (x_i_q + 4'd1 != x_n_q) ? XPres : x_pps_q ? PScqo : SLog2Fn;
    end else if (st_q == XPres) begin
      x_next_st = XDelta;
    end
  end

  // The resolved flatness of lists 0, 1, 2, 6, 8, 10 for this SPS and PPS (Table 7-2).
  logic [5:0] seq_res, pic_res;
  logic       scal_ok;
  always_comb begin
    seq_res[0] = s_snt_q[0] && s_flt_q[0];
    seq_res[1] = s_snt_q[1] ? s_flt_q[1] : seq_res[0];
    seq_res[2] = s_snt_q[2] ? s_flt_q[2] : seq_res[1];
    seq_res[3] = s_snt_q[3] && s_flt_q[3];
    seq_res[4] = s_snt_q[4] ? s_flt_q[4] : seq_res[3];
    seq_res[5] = s_snt_q[5] ? s_flt_q[5] : seq_res[4];
    if (!sps_x_q) seq_res = 6'b111111;
    pic_res[0] = p_snt_q[0] ? p_flt_q[0] : sps_x_q && seq_res[0];
    pic_res[1] = p_snt_q[1] ? p_flt_q[1] : pic_res[0];
    pic_res[2] = p_snt_q[2] ? p_flt_q[2] : pic_res[1];
    pic_res[3] = p_snt_q[3] ? p_flt_q[3] : sps_x_q && seq_res[3];
    pic_res[4] = p_snt_q[4] ? p_flt_q[4] : pic_res[3];
    pic_res[5] = p_snt_q[5] ? p_flt_q[5] : pic_res[4];
    if (!pps_x_q) pic_res = seq_res;
    scal_ok = pic_res[0] && (sps_cfi_q == 2'd0 || (pic_res[1] && pic_res[2]))
              && (!pps_t8_q || (pic_res[3] && (sps_cfi_q != 2'd3 || (pic_res[4] && pic_res[5]))));
  end

  // ---------------------------------------------------------------- slice fields
  logic [1:0]  sl_ref_q;
  logic        sl_idr_q, sl_rpc_q;
  logic [17:0] sl_fmb_q;
  logic [15:0] sl_fn_q, sl_idrid_q, sl_lsb_q;
  logic [31:0] sl_dbot_q, sl_dp0_q, sl_dp1_q;
  logic [7:0]  sl_pps_q;
  logic [5:0]  sl_qp_q;
  logic [1:0]  sl_idc_q;
  logic [3:0]  sl_alpha_q, sl_beta_q;
  logic [2:0]  sl_op_q;
  // The picture in progress (golden's PicId).
  logic        pic_v_q, pic_idr_q, pic_refz_q;
  logic [7:0]  pic_pps_q;
  logic [15:0] pic_fn_q, pic_idrid_q, pic_lsb_q;
  logic [31:0] pic_dbot_q, pic_dp0_q, pic_dp1_q;
  logic        cfg_new_q, err_q;
  logic        ev_q;  // an error this cycle (err_q may already be set)

  // Checks of a finished element.
  logic signed [32:0] qp_sum;
  logic [21:0] mbs_prod;
  logic [34:0] crop_sum;
  logic [1:0]  crop_ux, crop_uy;
  logic [34:0] crop_lim_x, crop_lim_y;
  logic [35:0] crop_px;
  logic        bad;
  assign qp_sum   = $signed({27'd0, pps_qp_q}) + sval;
  logic [10:0] h_mbs;
  assign h_mbs    = uval[10:0] + 11'd1;
  assign mbs_prod = {11'd0, sps_w_q} * {11'd0, h_mbs};
  assign crop_ux  = (sps_cfi_q == 2'd1 || sps_cfi_q == 2'd2) ? 2'd2 : 2'd1;
  assign crop_uy  = (sps_cfi_q == 2'd1) ? 2'd2 : 2'd1;
  assign crop_sum = {3'd0, tmp_q} + {3'd0, uval};
  assign crop_lim_x = {20'd0, sps_w_q, 4'd0};
  assign crop_lim_y = {20'd0, sps_h_q, 4'd0};
  // This element in luma samples (crop right / bottom times its unit).
  assign crop_px = {4'd0, uval} * ((st_q == SCr) ? {34'd0, crop_ux} : {34'd0, crop_uy});
  always_comb begin
    unique case (st_q)
      SId, PSps: bad = uval > 32'd31;
      SCfi: bad = uval > 32'd3;
      SSep, SBypass: bad = uval[0];  // separate planes, lossless
      SBdl: bad = uval != 32'd0;
      SBdc: bad = uval > 32'd6 || (sps_cfi_q != 2'd0 && uval != 32'd0);
      SLog2Fn, SLog2Poc: bad = uval > 32'd12;
      SPocT: bad = uval > 32'd2;
      SNrf: bad = uval > 32'd255;
      SMaxRef: bad = uval > 32'd16;
      SW: bad = uval > 32'd1023;
      SH: bad = uval > 32'd1023 || mbs_prod > 22'd139264;
      SFmo: bad = !uval[0];
      SCr: bad = ({1'b0, crop_sum} * {34'd0, crop_ux}) >= {1'b0, crop_lim_x};
      SCb: bad = ({1'b0, crop_sum} * {34'd0, crop_uy}) >= {1'b0, crop_lim_y};
      PId: bad = uval > 32'd255;
      PNsg: bad = uval != 32'd0;
      PNr0, PNr1: bad = uval > 32'd31;
      PWb: bad = uval[1:0] == 2'd3;
      PQp, PQs: bad = sval < -33'sd26 || sval > 33'sd25;
      PCqo, PScqo: bad = sval < -33'sd12 || sval > 33'sd12;
      // The 8x8 lists' count needs the SPS (golden: a missing SPS is an error).
      PPsm: bad = uval[0] && spec_t8_q && (!sps_v_q || sps_id_q != pps_sps_q);
      XDelta: bad = sval < -33'sd128 || sval > 33'sd127;
      LFmb: bad = !sps_v_q || uval >= {14'd0, sps_mbs_q};
      LSt: bad = uval != 32'd2 && uval != 32'd7;
      LPps: bad = !pps_v_q || !sps_v_q || uval != {24'd0, pps_id_q} || pps_sps_q != sps_id_q
                  || !pps_ecm_q || !scal_ok;
      LFn: bad = sl_idr_q && uval != 32'd0;
      LIdrId: bad = uval > 32'd65535;
      LRpc: bad = uval > 32'd127;
      LMmco: bad = uval > 32'd6 || (uval != 32'd0 && tmp_q == 32'd66);
      LQpd: bad = qp_sum < 33'sd0 || qp_sum > 33'sd51;
      LDdfi: bad = uval > 32'd2;
      LAlpha, LBeta: bad = sval < -33'sd6 || sval > 33'sd6;
      default: bad = 1'b0;
    endcase
  end

  // ---------------------------------------------------------------- control
  logic take_byte, consume, fail, spec;
  logic d_valid, d_ready;
  logic new_pic;
  assign spec = st_q == PT8 || st_q == PPsm || st_q == PScqo
                || ((st_q == XPres || st_q == XDelta) && x_pps_q);
  assign new_pic = !pic_v_q || sl_fmb_q == 18'd0 || pic_pps_q != sl_pps_q
                   || pic_fn_q != sl_fn_q || pic_idr_q != sl_idr_q
                   || pic_idrid_q != sl_idrid_q || pic_lsb_q != sl_lsb_q
                   || pic_dbot_q != sl_dbot_q || pic_dp0_q != sl_dp0_q
                   || pic_dp1_q != sl_dp1_q || pic_refz_q != (sl_ref_q == 2'd0);
  assign step_bit = parse && bit_ok;
  always_comb begin
    take_byte = 1'b0;
    consume   = 1'b0;
    d_valid   = 1'b0;
    unique case (st_q)
      StIdle: take_byte = valid_i;
      StSkip, StDrain: take_byte = valid_i && !lastb_q;
      StAlign: consume = nb_q != 4'd0;
      StData: begin
        d_valid   = valid_i;
        take_byte = valid_i && d_ready;
      end
      StCfg: ;
      default: consume = step_bit;
    endcase
    if (consume && use_byte) take_byte = 1'b1;
  end
  assign ready_o = take_byte;
  // An error of the current step (the PPS tail's count only if the tail is present).
  assign fail = (parse && (trunc || (step_bit && (el_long || (el_done && bad)))))
                || (st_q == StAlign && consume && !bit_v);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      nb_q    <= 4'd0;
      sh_q    <= 8'd0;
      lastb_q <= 1'b1;
    end else if (st_q == StIdle || st_q == StData || st_q == StSkip || st_q == StDrain) begin
      if (take_byte) lastb_q <= last_i;
      nb_q <= 4'd0;
      sh_q <= 8'd0;
    end else if (consume) begin
      if (use_byte) begin
        sh_q    <= {byte_i[6:0], 1'b0};
        nb_q    <= 4'd7;
        lastb_q <= last_i;
      end else begin
        sh_q <= {sh_q[6:0], 1'b0};
        nb_q <= nb_q - 4'd1;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      ph_q  <= 1'b0;
      cnt_q <= 6'd0;
      acc_q <= 31'd0;
    end else if (!parse || fail || (step_bit && el_done)) begin
      ph_q  <= 1'b0;
      cnt_q <= 6'd0;
      acc_q <= 31'd0;
    end else if (!step_bit) begin
      // No bit this cycle: hold.
    end else if (fixed) begin
      cnt_q <= cnt_q + 6'd1;
      acc_q <= acc_n[30:0];
    end else if (!ph_q && !bit_v) begin
      cnt_q <= cnt_q + 6'd1;
    end else if (!ph_q) begin
      ph_q  <= 1'b1;
      acc_q <= 31'd1;
    end else begin
      cnt_q <= cnt_q - 6'd1;
      acc_q <= acc_n[30:0];
    end
  end

  // Next step after a finished element.
  always_comb begin
    st_d = st_q;
    unique case (st_q)
      SProfile: st_d = SConstr;
      SConstr: st_d = SLevel;
      SLevel: st_d = SId;
      SId: st_d = sps_chinfo_q ? SCfi : SLog2Fn;
      SCfi: st_d = (uval[1:0] == 2'd3) ? SSep : SBdl;
      SSep: st_d = SBdl;
      SBdl: st_d = SBdc;
      SBdc: st_d = SBypass;
      SBypass: st_d = SSsm;
      SSsm: st_d = uval[0] ? XPres : SLog2Fn;
      SLog2Fn: st_d = SPocT;
      SPocT: st_d = (uval[1:0] == 2'd0) ? SLog2Poc : (uval[1:0] == 2'd1) ? SDpaz : SMaxRef;
      SLog2Poc: st_d = SMaxRef;
      SDpaz: st_d = SOnrp;
      SOnrp: st_d = SOttb;
      SOttb: st_d = SNrf;
      SNrf: st_d = (uval == 32'd0) ? SMaxRef : SOrf;
      SOrf: st_d = (tmp_q == 32'd1) ? SMaxRef : SOrf;
      SMaxRef: st_d = SGaps;
      SGaps: st_d = SW;
      SW: st_d = SH;
      SH: st_d = SFmo;
      SFmo: st_d = SD8;
      SD8: st_d = SCrop;
      SCrop: st_d = uval[0] ? SCl : SVui;
      SCl: st_d = SCr;
      SCr: st_d = SCt;
      SCt: st_d = SCb;
      SCb: st_d = SVui;
      SVui: st_d = StSkip;
      PId: st_d = PSps;
      PSps: st_d = PEcm;
      PEcm: st_d = PBfp;
      PBfp: st_d = PNsg;
      PNsg: st_d = PNr0;
      PNr0: st_d = PNr1;
      PNr1: st_d = PWp;
      PWp: st_d = PWb;
      PWb: st_d = PQp;
      PQp: st_d = PQs;
      PQs: st_d = PCqo;
      PCqo: st_d = PDfc;
      PDfc: st_d = PCip;
      PCip: st_d = PRpc;
      PRpc: st_d = PT8;
      PT8: st_d = PPsm;
      PPsm: st_d = uval[0] ? XPres : PScqo;
      XPres, XDelta: st_d = x_next_st;
      PScqo: st_d = StDrain;
      LFmb: st_d = LSt;
      LSt: st_d = LPps;
      LPps: st_d = LFn;
      LFn: st_d = sl_idr_q ? LIdrId : LLsb;
      LIdrId, LLsb, LDbot, LDp0, LDp1, LRpc, LNoOut, LLtr, LArpm, LMmco, LDpn, LLtpn, LLtfi,
      LMlt, LQpd, LDdfi, LAlpha, LBeta: st_d = StIdle;  // resolved below
      default: st_d = st_q;
    endcase
  end

  step_e st_slice;  // the next slice step after a finished element
  always_comb begin
    unique case (st_q)
      LFn: st_slice = sl_idr_q ? LIdrId : LLsb;
      LIdrId: st_slice = LLsb;
      LLsb: st_slice = LDbot;
      LDbot: st_slice = LDp0;
      LDp0: st_slice = LDp1;
      LDp1: st_slice = LRpc;
      LRpc: st_slice = LNoOut;
      LNoOut: st_slice = LLtr;
      LLtr: st_slice = LQpd;
      LArpm: st_slice = uval[0] ? LMmco : LQpd;
      // Operands of memory_management_control_operation 1..6 (5 has none).
      LMmco: st_slice = (uval == 32'd0) ? LQpd
                      : (uval == 32'd1 || uval == 32'd3) ? LDpn
                      : (uval == 32'd2) ? LLtpn
                      : (uval == 32'd4) ? LMlt
                      : (uval == 32'd6) ? LLtfi : LMmco;
      LDpn: st_slice = (sl_op_q == 3'd3) ? LLtfi : LMmco;
      LLtpn, LLtfi, LMlt: st_slice = LMmco;
      LQpd: st_slice = LDdfi;
      LDdfi: st_slice = (uval[1:0] == 2'd1) ? StAlign : LAlpha;
      LAlpha: st_slice = LBeta;
      LBeta: st_slice = StAlign;
      default: st_slice = st_d;
    endcase
  end
  // The slice header's optional fields, in order: the first present one at or after st_slice.
  step_e st_slice_opt;
  always_comb begin
    st_slice_opt = st_slice;
    if (st_slice_opt == LLsb && sps_poct_q != 2'd0) st_slice_opt = LDbot;
    if (st_slice_opt == LDbot && !(sps_poct_q == 2'd0 && pps_bfp_q)) st_slice_opt = LDp0;
    if (st_slice_opt == LDp0 && !(sps_poct_q == 2'd1 && !sps_dpaz_q)) st_slice_opt = LRpc;
    if (st_slice_opt == LDp1 && !pps_bfp_q) st_slice_opt = LRpc;
    if (st_slice_opt == LRpc && !pps_rpc_q) st_slice_opt = LNoOut;
    if (st_slice_opt == LNoOut && sl_ref_q == 2'd0) st_slice_opt = LQpd;
    if (st_slice_opt == LNoOut && !sl_idr_q) st_slice_opt = LArpm;
    if (st_slice_opt == LDdfi && !pps_dfc_q) st_slice_opt = StAlign;
  end

  // profile_idc of the profiles whose SPS codes chroma_format_idc (golden:
  // profile_has_chroma_info).
  logic chinfo;
  always_comb begin
    unique case (uval[7:0])
      8'd100, 8'd110, 8'd122, 8'd244, 8'd44, 8'd83, 8'd86, 8'd118, 8'd128, 8'd138, 8'd139,
      8'd134, 8'd135: chinfo = 1'b1;
      default: chinfo = 1'b0;
    endcase
  end

  // se(v) values narrowed for storage (range-checked before they are kept).
  logic [15:0] u16;
  assign u16 = uval[15:0];

  always_ff @(posedge clk_i) begin
    ev_q <= 1'b0;
    if (!rst_ni) begin
      st_q        <= StIdle;
      err_q       <= 1'b0;
      sps_v_q     <= 1'b0;
      pps_v_q     <= 1'b0;
      pic_v_q     <= 1'b0;
      cfg_new_q   <= 1'b0;
      spec_err_q  <= 1'b0;
      one_after_q <= 1'b0;
    end else if (fail && !spec) begin
      {err_q, ev_q} <= 2'b11;
      st_q  <= StSkip;
    end else if (fail) begin
      // The PPS tail failed: it counts only if more_rbsp_data() held there.
      spec_err_q <= 1'b1;
      st_q       <= StDrain;
      if (consume && st_q != PT8) one_after_q <= one_after_q | bit_v;
    end else begin
      if (consume && spec && st_q != PT8) one_after_q <= one_after_q | bit_v;
      unique case (st_q)
        StIdle: if (take_byte) begin
          if (!first_i) begin
            st_q <= StIdle;  // not a unit start: dropped (never from nal_read)
          end else if (byte_i[7] || byte_i[4:0] == 5'd2 || byte_i[4:0] == 5'd3
                       || byte_i[4:0] == 5'd4
                       || (byte_i[4:0] == 5'd5 && byte_i[6:5] == 2'd0)) begin
            // forbidden_zero_bit, data partitioning, IDR with nal_ref_idc 0
            {err_q, ev_q} <= 2'b11;
            st_q  <= StSkip;
          end else if (byte_i[4:0] == 5'd7) begin
            pic_v_q <= 1'b0;
            sps_v_q <= 1'b0;
            sps_x_q <= 1'b0;
            st_q    <= SProfile;
          end else if (byte_i[4:0] == 5'd8) begin
            pps_v_q     <= 1'b0;
            spec_err_q  <= 1'b0;
            one_after_q <= 1'b0;
            st_q        <= PId;
          end else if (byte_i[4:0] == 5'd1 || byte_i[4:0] == 5'd5) begin
            sl_idr_q   <= byte_i[2];
            sl_ref_q   <= byte_i[6:5];
            sl_rpc_q   <= 1'b0;
            sl_idrid_q <= 16'd0;
            sl_lsb_q   <= 16'd0;
            sl_dbot_q  <= 32'd0;
            sl_dp0_q   <= 32'd0;
            sl_dp1_q   <= 32'd0;
            sl_idc_q   <= 2'd0;
            sl_alpha_q <= 4'd0;
            sl_beta_q  <= 4'd0;
            tmp_q      <= 32'd0;
            st_q       <= LFmb;
          end else begin
            if (byte_i[4:0] == 5'd9 || byte_i[4:0] == 5'd10 || byte_i[4:0] == 5'd11) begin
              pic_v_q <= 1'b0;
            end
            st_q <= StSkip;
          end
        end
        StSkip: if (lastb_q || (take_byte && last_i)) st_q <= StIdle;
        StDrain: if (lastb_q) begin
          // more_rbsp_data() at transform_8x8_mode_flag: a 1 bit after it.
          if (one_after_q || sh_q != 8'd0) begin
            if (spec_err_q) begin
              {err_q, ev_q} <= 2'b11;
            end else begin
              pps_v_q  <= 1'b1;
              pps_t8_q <= spec_t8_q;
              pps_cr_q <= spec_cr_q;
              pps_x_q  <= spec_x_q;
            end
          end else begin
            pps_v_q  <= 1'b1;
            pps_t8_q <= 1'b0;
            pps_cr_q <= pps_cb_q;
            pps_x_q  <= 1'b0;
          end
          st_q <= StIdle;
        end else begin
          one_after_q <= one_after_q || sh_q != 8'd0 || (take_byte && byte_i != 8'd0);
        end
        StAlign: if (nb_q == 4'd0) begin
          if (lastb_q) begin
            {err_q, ev_q} <= 2'b11;  // no slice data
            st_q  <= StIdle;
          end else begin
            cfg_new_q   <= new_pic;
            pic_v_q     <= 1'b1;
            pic_pps_q   <= sl_pps_q;
            pic_fn_q    <= sl_fn_q;
            pic_idr_q   <= sl_idr_q;
            pic_idrid_q <= sl_idrid_q;
            pic_lsb_q   <= sl_lsb_q;
            pic_dbot_q  <= sl_dbot_q;
            pic_dp0_q   <= sl_dp0_q;
            pic_dp1_q   <= sl_dp1_q;
            pic_refz_q  <= sl_ref_q == 2'd0;
            st_q        <= StCfg;
          end
        end
        StCfg: if (cfg_ready_i && cfg_valid_o) st_q <= StData;
        StData: if (take_byte && last_i) st_q <= StIdle;
        default: if (step_bit && el_done) begin
          st_q <= st_d;
          unique case (st_q)
            SProfile: sps_chinfo_q <= chinfo;
            SId: begin
              sps_id_q  <= uval[4:0];
              sps_cfi_q <= 2'd1;
            end
            SCfi: sps_cfi_q <= uval[1:0];
            SLog2Fn: sps_log2fn_q <= uval[4:0] + 5'd4;
            SPocT: begin
              sps_poct_q <= uval[1:0];
              sps_dpaz_q <= 1'b0;
            end
            SLog2Poc: sps_log2poc_q <= uval[4:0] + 5'd4;
            SDpaz: sps_dpaz_q <= uval[0];
            SNrf: tmp_q <= uval;
            SOrf: tmp_q <= tmp_q - 32'd1;
            SW: sps_w_q <= uval[10:0] + 11'd1;
            SH: begin
              sps_h_q   <= uval[10:0] + 11'd1;
              sps_mbs_q <= mbs_prod[17:0];
            end
            SCrop: begin
              sps_cr_q     <= 4'd0;
              sps_cb_q     <= 4'd0;
              sps_badpic_q <= sps_cfi_q[1];  // 4:2:2 / 4:4:4
            end
            SCl, SCt: begin
              tmp_q <= uval;
              if (uval != 32'd0) sps_badpic_q <= 1'b1;  // golden: left / top cropping
            end
            SCr: begin
              sps_cr_q <= crop_px[3:0];
              if (crop_px >= 36'd16) sps_badpic_q <= 1'b1;
            end
            SCb: begin
              sps_cb_q <= crop_px[3:0];
              if (crop_px >= 36'd16) sps_badpic_q <= 1'b1;
            end
            SVui: sps_v_q <= 1'b1;
            PId: pps_id_q <= uval[7:0];
            PSps: pps_sps_q <= uval[4:0];
            PEcm: pps_ecm_q <= uval[0];
            PBfp: pps_bfp_q <= uval[0];
            PQp: pps_qp_q <= sval[5:0] + 6'd26;
            PCqo: pps_cb_q <= sval[4:0];
            PDfc: pps_dfc_q <= uval[0];
            PRpc: pps_rpc_q <= uval[0];
            PT8: spec_t8_q <= uval[0];
            SSsm: begin
              sps_x_q <= uval[0];
              s_snt_q <= 6'd0;
              x_pps_q <= 1'b0;
              x_i_q   <= 4'd0;
              x_n_q   <= (sps_cfi_q == 2'd3) ? 4'd12 : 4'd8;
            end
            PPsm: begin
              spec_x_q <= uval[0];
              p_snt_q  <= 6'd0;
              x_pps_q  <= 1'b1;
              x_i_q    <= 4'd0;
              x_n_q    <= !spec_t8_q ? 4'd6 : (sps_cfi_q == 2'd3) ? 4'd12 : 4'd8;
            end
            XPres: begin
              for (int k = 0; k < 6; k++) begin
                if (x_slot[k] && !x_pps_q) s_snt_q[k] <= uval[0];
                if (x_slot[k] && x_pps_q) p_snt_q[k] <= uval[0];
              end
              x_j_q    <= 7'd0;
              x_last_q <= 8'd8;
              x_flat_q <= 1'b1;
              if (!uval[0]) x_i_q <= x_i_q + 4'd1;
            end
            XDelta: begin
              x_last_q <= x_val;
              x_flat_q <= x_flat_q && x_val == 8'd16;
              x_j_q    <= x_j_q + 7'd1;
              if (x_end) x_i_q <= x_i_q + 4'd1;
              for (int k = 0; k < 6; k++) begin
                if (x_slot[k] && !x_pps_q) s_flt_q[k] <= !x_default && x_flat_q && x_val == 8'd16;
                if (x_slot[k] && x_pps_q) p_flt_q[k] <= !x_default && x_flat_q && x_val == 8'd16;
              end
            end
            PScqo: spec_cr_q <= sval[4:0];
            LFmb: sl_fmb_q <= uval[17:0];
            LPps: sl_pps_q <= uval[7:0];
            LFn: sl_fn_q <= u16;
            LIdrId: sl_idrid_q <= u16;
            LLsb: sl_lsb_q <= u16;
            LDbot: sl_dbot_q <= sval[31:0];
            LDp0: sl_dp0_q <= sval[31:0];
            LDp1: sl_dp1_q <= sval[31:0];
            LRpc: sl_rpc_q <= uval != 32'd0;
            LMmco: begin
              sl_op_q <= uval[2:0];
              tmp_q   <= tmp_q + 32'd1;
            end
            LQpd: sl_qp_q <= qp_sum[5:0];
            LDdfi: sl_idc_q <= uval[1:0];
            LAlpha: sl_alpha_q <= sval[3:0];
            LBeta: sl_beta_q <= sval[3:0];
            default: ;
          endcase
          if (st_q >= LFn) begin
            st_q <= st_slice_opt;
            // A redundant slice is dropped once its header is read (golden: Ok(None)); a
            // picture golden's new_picture refuses is an error.
            if (st_slice_opt == StAlign && sl_rpc_q) begin
              st_q <= StSkip;
            end else if (st_slice_opt == StAlign && sps_badpic_q) begin
              {err_q, ev_q} <= 2'b11;
              st_q  <= StSkip;
            end
          end
        end
      endcase
    end
  end

  // ---------------------------------------------------------------- outputs
  // After the previous slice's last data byte left: the beats go out in order.
  assign cfg_valid_o       = st_q == StCfg && !data_valid_o;
  assign cfg_new_pic_o     = cfg_new_q;
  assign cfg_idr_o         = sl_idr_q;
  assign cfg_width_o       = sps_w_q;
  assign cfg_height_o      = sps_h_q;
  assign cfg_pic_mbs_o     = sps_mbs_q;
  assign cfg_crop_right_o  = sps_cr_q;
  assign cfg_crop_bottom_o = sps_cb_q;
  assign cfg_chroma_o      = sps_cfi_q == 2'd1;
  assign cfg_t8x8_o        = pps_t8_q;
  assign cfg_qp_o          = sl_qp_q;
  assign cfg_first_mb_o    = sl_fmb_q;
  assign cfg_idc_o         = sl_idc_q;
  assign cfg_alpha_o       = sl_alpha_q;
  assign cfg_beta_o        = sl_beta_q;
  assign cfg_cb_qp_o       = pps_cb_q;
  assign cfg_cr_qp_o       = pps_cr_q;
  assign err_o             = err_q;
  assign err_ev_o          = ev_q;

  prim_skid #(.Width(9)) u_data (
    .clk_i, .rst_ni, .valid_i (d_valid), .ready_o (d_ready), .d_i ({last_i, byte_i}),
    .valid_o (data_valid_o), .ready_i (data_ready_i), .q_o ({data_last_o, data_o})
  );

  `ASSERT(BitsBounded_A, nb_q <= 4'd8)
  `ASSERT(NoUnitStartMidUnit_A, valid_i && st_q != StIdle && !lastb_q |-> !first_i)
  `ASSERT_STABLE_STALL(CfgStable_A, cfg_valid_o, cfg_ready_i,
                       {cfg_new_pic_o, cfg_qp_o, cfg_first_mb_o, cfg_idc_o, cfg_t8x8_o})
endmodule
