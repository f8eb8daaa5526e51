// param_sets_write: the sequence and picture parameter sets of our encoders, as RBSP bytes
// (golden: encoder::headers::intra_sps(format, width, height).write() and intra_pps(t8, 26,
// true).write()): High profile, level_idc the first of Table A-1 whose MaxFS holds the picture
// (bitstream::sps::level_for_size: w * h <= MaxFS, w^2 <= 8 MaxFS, h^2 <= 8 MaxFS, in
// macroblocks), chroma_format_idc 0 or 1, 8-bit, log2_max_frame_num 4, pic_order_cnt_type 2,
// no reference frames, frame cropping to the visible size; the PPS with CABAC,
// pic_init_qp 26, deblocking_filter_control_present_flag 1 and transform_8x8_mode_flag t8_i.
//
// Ports: in: valid/ready with width_i, height_i (luma samples; even for 4:2:0, at most 8192
// and within level 6.2), chroma_i (4:2:0), t8_i. out: valid/ready; byte_o, unit_o (0: the SPS,
// 1: the PPS), last_o on each unit's last byte. The units' NAL header bytes are 0x67 and 0x68.
// Schedule: two cycles for the level, one field a cycle into bit_pack, a byte a cycle out (the
// first byte of a unit 2 cycles after its last field: bit_pack registers each field).
module param_sets_write (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        valid_i,
  output logic        ready_o,
  input  logic [13:0] width_i,
  input  logic [13:0] height_i,
  input  logic        chroma_i,
  input  logic        t8_i,
  output logic        valid_o,
  input  logic        ready_i,
  output logic [7:0]  byte_o,
  output logic        unit_o,
  output logic        last_o
);
  // Table A-1: level_idc and MaxFS (macroblocks), in the order golden searches them.
  localparam int unsigned Levels = 19;
  localparam logic [Levels*8-1:0] LEVEL_IDC = {
    8'd62, 8'd61, 8'd60, 8'd52, 8'd51, 8'd50, 8'd42, 8'd41, 8'd40, 8'd32, 8'd31, 8'd30, 8'd22,
    8'd21, 8'd20, 8'd13, 8'd12, 8'd11, 8'd10};
  localparam logic [Levels*18-1:0] MAX_FS = {
    18'd139264, 18'd139264, 18'd139264, 18'd36864, 18'd36864, 18'd22080, 18'd8704, 18'd8192,
    18'd8192, 18'd5120, 18'd3600, 18'd1620, 18'd1620, 18'd792, 18'd396, 18'd396, 18'd396,
    18'd396, 18'd99};

  typedef enum logic [1:0] {Idle, Prod, Level, Fields} state_e;
  state_e      state_q;
  logic [9:0]  w_mbs_q, h_mbs_q;
  logic [4:0]  crop_r_q, crop_b_q;   // frame_crop_right_offset / bottom_offset
  logic        chroma_q, t8_q;
  logic [19:0] area_q, ww_q, hh_q;   // w * h, w^2, h^2 in macroblocks
  logic [7:0]  level_q;
  logic [5:0]  step_q;

  logic [9:0] w_mbs, h_mbs;
  assign w_mbs = 10'((width_i + 14'd15) >> 4);
  assign h_mbs = 10'((height_i + 14'd15) >> 4);

  // The first level that holds the picture.
  logic [7:0] level;
  always_comb begin
    level = 8'd0;
    for (int i = Levels - 1; i >= 0; i--) begin
      if (area_q <= 20'(MAX_FS[18*i +: 18]) && 24'(ww_q) <= 24'(MAX_FS[18*i +: 18]) * 24'd8 &&
          24'(hh_q) <= 24'(MAX_FS[18*i +: 18]) * 24'd8) begin
        level = LEVEL_IDC[8*i +: 8];
      end
    end
  end

  // Steps 0..22: the SPS, 23..40: the PPS. A field: ue(v) of val, or len raw bits of val.
  logic        ue, fend, skip;
  logic [31:0] val;
  logic [5:0]  len;
  logic        crop;
  assign crop = crop_r_q != '0 || crop_b_q != '0;
  always_comb begin
    ue   = 1'b1;
    val  = '0;
    len  = '0;
    fend = 1'b0;
    skip = 1'b0;
    unique case (step_q)
      6'd0:  begin ue = 1'b0; val = 32'd100; len = 6'd8; end       // profile_idc High
      6'd1:  begin ue = 1'b0; len = 6'd8; end                       // constraint flags
      6'd2:  begin ue = 1'b0; val = 32'(level_q); len = 6'd8; end  // level_idc
      6'd3:  ;                                                      // seq_parameter_set_id
      6'd4:  val = 32'(chroma_q);                                   // chroma_format_idc
      6'd5, 6'd6: ;                                                 // bit depths - 8
      6'd7:  begin ue = 1'b0; len = 6'd2; end   // qpprime_y_zero_transform_bypass, no scaling
      6'd8:  ;                                                      // log2_max_frame_num - 4
      6'd9:  val = 32'd2;                                           // pic_order_cnt_type
      6'd10: ;                                                      // max_num_ref_frames
      6'd11: begin ue = 1'b0; len = 6'd1; end                       // gaps_in_frame_num
      6'd12: val = 32'(w_mbs_q) - 32'd1;                            // pic_width_in_mbs - 1
      6'd13: val = 32'(h_mbs_q) - 32'd1;                            // pic_height_in_map_units - 1
      6'd14: begin ue = 1'b0; val = 32'b11; len = 6'd2; end  // frame_mbs_only, direct_8x8
      6'd15: begin ue = 1'b0; val = 32'(crop); len = 6'd1; end     // frame_cropping_flag
      6'd16, 6'd18: skip = !crop;                                   // left / top offsets 0
      6'd17: begin skip = !crop; val = 32'(crop_r_q); end
      6'd19: begin skip = !crop; val = 32'(crop_b_q); end
      6'd20: begin ue = 1'b0; len = 6'd1; fend = 1'b1; end          // vui_parameters_present
      // PPS.
      6'd21, 6'd22: ;                                               // pps id, sps id
      6'd23: begin ue = 1'b0; val = 32'b10; len = 6'd2; end  // entropy_coding_mode 1, bottom 0
      6'd24, 6'd25, 6'd26: ;                   // num_slice_groups - 1, num_ref_idx_l0/l1 - 1
      6'd27: begin ue = 1'b0; len = 6'd3; end  // weighted_pred_flag, weighted_bipred_idc
      6'd28, 6'd29, 6'd30: ;                   // pic_init_qp - 26, pic_init_qs - 26, offset
      6'd31: begin                             // deblocking control 1, constrained intra 0,
        ue  = 1'b0;                            // redundant_pic_cnt 0, transform_8x8_mode,
        val = {28'd0, 3'b100, t8_q} << 1;      // pic_scaling_matrix_present 0
        len = 6'd5;
      end
      default: fend = 1'b1;                    // second_chroma_qp_index_offset se(0)
    endcase
  end

  logic f_ready, unit_q, busy;
  assign busy    = (state_q == Fields);
  assign ready_o = (state_q == Idle);
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= Idle;
    end else begin
      unique case (state_q)
        Idle: begin
          if (valid_i) begin
            w_mbs_q  <= w_mbs;
            h_mbs_q  <= h_mbs;
            crop_r_q <= 5'(((14'(w_mbs) << 4) - width_i) >> chroma_i);
            crop_b_q <= 5'(((14'(h_mbs) << 4) - height_i) >> chroma_i);
            chroma_q <= chroma_i;
            t8_q     <= t8_i;
            state_q  <= Prod;
          end
        end
        Prod: begin
          area_q  <= 20'(w_mbs_q) * 20'(h_mbs_q);
          ww_q    <= 20'(w_mbs_q) * 20'(w_mbs_q);
          hh_q    <= 20'(h_mbs_q) * 20'(h_mbs_q);
          state_q <= Level;
        end
        Level: begin
          level_q <= level;
          step_q  <= '0;
          state_q <= Fields;
        end
        Fields: begin
          if (skip || f_ready) begin
            step_q <= step_q + 6'd1;
            if (fend && step_q != 6'd20) state_q <= Idle;
          end
        end
        default: state_q <= Idle;
      endcase
    end
  end

  // Which unit the bytes leaving belong to: the PPS once the SPS's last byte left.
  always_ff @(posedge clk_i) begin
    if (!rst_ni || state_q == Prod) unit_q <= 1'b0;
    else if (valid_o && ready_i && last_o) unit_q <= !unit_q;
  end
  assign unit_o = unit_q;

  bit_pack #(.W (160)) u_pack (
    .clk_i, .rst_ni, .valid_i (busy && !skip), .ready_o (f_ready), .ue_i (ue), .val_i (val),
    .len_i (len), .end_i (fend), .pad_ones_i (1'b0), .valid_o, .ready_i, .byte_o, .last_o
  );

  `ASSERT(LevelFound_A, state_q == Fields |-> level_q != 8'd0)
endmodule
