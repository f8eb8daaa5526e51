// slice_header_write: the slice header of our encoders' IDR slices and the
// cabac_alignment_one_bits after it, as bytes (golden: encoder::headers::idr_slice_header,
// SliceHeader::write with the SPS / PPS of encoder::headers (log2_max_frame_num 4,
// pic_order_cnt_type 2, deblocking_filter_control_present_flag 1, pic_init_qp 26), then
// BitWriter::align_with_ones). Fields, in order: first_mb_in_slice ue(v); slice_type 7 ue(v);
// pic_parameter_set_id 0 ue(v); frame_num 0 u(4); idr_pic_id ue(v); dec_ref_pic_marking
// (no_output_of_prior_pics_flag 0, long_term_reference_flag 0); slice_qp_delta se(v);
// disable_deblocking_filter_idc ue(v), and slice_alpha_c0_offset_div2 = slice_beta_offset_div2
// = 0 se(v) when it is not 1; then 1 bits to the byte boundary (bit_pack).
//
// Ports: in: valid/ready with first_mb_i, idr_pic_id_i, qp_delta_i (-26..25), idc_i (0..2).
// out: valid/ready; byte_o, last_o on the header's last byte (at most 10 bytes).
// Schedule: one field a cycle into bit_pack (7 cycles), then one byte a cycle from 2 cycles after
// the last field (bit_pack registers each field); the next header is taken when its fields can go.
module slice_header_write #(
  parameter int unsigned AW = 19  // first_mb_in_slice bits
) (
  input  logic          clk_i,
  input  logic          rst_ni,
  input  logic          valid_i,
  output logic          ready_o,
  input  logic [AW-1:0] first_mb_i,
  input  logic          idr_pic_id_i,
  input  logic [5:0]    qp_delta_i,   // two's complement
  input  logic [1:0]    idc_i,
  output logic          valid_o,
  input  logic          ready_i,
  output logic [7:0]    byte_o,
  output logic          last_o
);
  logic          busy_q;
  logic [2:0]    step_q;
  logic [AW-1:0] first_mb_q;
  logic          idr_q;
  logic [5:0]    dqp_q;
  logic [1:0]    idc_q;

  // This step's field.
  logic        ue, fend;
  logic [31:0] val;
  logic [5:0]  len;
  logic signed [6:0] dqp;
  assign dqp = 7'($signed(dqp_q));
  always_comb begin
    ue   = 1'b1;
    val  = '0;
    len  = '0;
    fend = 1'b0;
    unique case (step_q)
      3'd0: val = 32'(first_mb_q);                      // first_mb_in_slice
      3'd1: begin                                       // slice_type 7, pps id 0, frame_num 0
        ue  = 1'b0;
        val = 32'b0001_0001_0000;
        len = 6'd12;
      end
      3'd2: val = 32'(idr_q);                           // idr_pic_id
      3'd3: begin                                       // dec_ref_pic_marking: two 0 flags
        ue  = 1'b0;
        len = 6'd2;
      end
      3'd4: val = (dqp > 0) ? 32'(2 * dqp - 1) : 32'(-2 * dqp);  // slice_qp_delta: se(v)
      3'd5: begin                                       // disable_deblocking_filter_idc
        val  = 32'(idc_q);
        fend = (idc_q == 2'd1);
      end
      default: begin                                    // both offsets se(0) = "1" "1"
        ue   = 1'b0;
        val  = 32'b11;
        len  = 6'd2;
        fend = 1'b1;
      end
    endcase
  end

  logic f_ready;
  assign ready_o = !busy_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      busy_q <= 1'b0;
    end else if (!busy_q) begin
      if (valid_i) begin
        first_mb_q <= first_mb_i;
        idr_q      <= idr_pic_id_i;
        dqp_q      <= qp_delta_i;
        idc_q      <= idc_i;
        step_q     <= '0;
        busy_q     <= 1'b1;
      end
    end else if (f_ready) begin
      step_q <= step_q + 3'd1;
      if (fend) busy_q <= 1'b0;
    end
  end

  bit_pack #(.W (96)) u_pack (
    .clk_i, .rst_ni, .valid_i (busy_q), .ready_o (f_ready), .ue_i (ue), .val_i (val),
    .len_i (len), .end_i (fend), .pad_ones_i (1'b1), .valid_o, .ready_i, .byte_o, .last_o
  );
endmodule
