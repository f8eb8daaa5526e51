// slice_header_write: the slice header of our encoders' IDR slices and the
// cabac_alignment_one_bits after it, as bytes (golden: encoder::headers::idr_slice_header,
// SliceHeader::write with the SPS / PPS of encoder::headers (log2_max_frame_num 4,
// pic_order_cnt_type 2, deblocking_filter_control_present_flag 1, pic_init_qp 26), then
// BitWriter::align_with_ones). Fields, in order: first_mb_in_slice ue(v); slice_type 7 ue(v);
// pic_parameter_set_id 0 ue(v); frame_num 0 u(4); idr_pic_id ue(v); dec_ref_pic_marking
// (no_output_of_prior_pics_flag 0, long_term_reference_flag 0); slice_qp_delta se(v);
// disable_deblocking_filter_idc ue(v), and slice_alpha_c0_offset_div2 = slice_beta_offset_div2
// = 0 se(v) when it is not 1; then 1 bits to the byte boundary.
//
// Ports: in: valid/ready with first_mb_i, idr_pic_id_i, qp_delta_i (-26..25), idc_i (0..2).
// out: valid/ready; byte_o, last_o on the header's last byte (at most 10 bytes).
// Schedule: one field a cycle into a 96-bit accumulator (7 cycles), the padding, then one byte
// a cycle; the next header is taken after the last byte.
// Asserted: the output holds still while stalled.
module slice_header_write #(
  parameter  int unsigned AW = 19  // first_mb_in_slice bits
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
  localparam int unsigned W = 96;

  typedef enum logic [1:0] {Idle, Fields, Bytes} state_e;
  state_e        state_q;
  logic [2:0]    step_q;
  logic [AW-1:0] first_mb_q;
  logic          idr_q;
  logic [5:0]    dqp_q;
  logic [1:0]    idc_q;
  logic [W-1:0]  acc_q;
  logic [6:0]    len_q;   // bits in acc_q (Fields), bytes left (Bytes)

  // Exp-Golomb: the code of codeNum v is v + 1 in 2 * floor(log2(v + 1)) + 1 bits.
  function automatic logic [5:0] ue_len(input logic [AW:0] x);  // x = v + 1 >= 1
    ue_len = 6'd1;
    for (int b = 1; b <= AW; b++) begin
      if (x[b]) ue_len = 6'(2 * b + 1);
    end
  endfunction

  logic [2:0] pad;  // 1 bits to the byte boundary: -len mod 8
  assign pad = 3'd0 - len_q[2:0];
  // This step's field: its bits (right-aligned) and length.
  logic [AW:0] code;
  logic [5:0]  len;
  logic signed [6:0] dqp;
  assign dqp = 7'($signed(dqp_q));
  always_comb begin
    code = '0;
    len  = '0;
    unique case (step_q)
      3'd0: begin  // first_mb_in_slice
        code = (AW+1)'(first_mb_q) + 1'b1;
        len  = ue_len(code);
      end
      3'd1: begin  // slice_type 7 ("0001000"), pps id 0 ("1"), frame_num 0 ("0000")
        code = (AW+1)'(12'b0001_0001_0000);
        len  = 6'd12;
      end
      3'd2: begin  // idr_pic_id
        code = idr_q ? (AW+1)'(3'b010) : (AW+1)'(1'b1);
        len  = idr_q ? 6'd3 : 6'd1;
      end
      3'd3: begin  // no_output_of_prior_pics_flag, long_term_reference_flag
        code = '0;
        len  = 6'd2;
      end
      3'd4: begin  // slice_qp_delta: codeNum 2k - 1 for k > 0, -2k otherwise
        code = (dqp > 0) ? (AW+1)'(2 * dqp - 1) + 1'b1 : (AW+1)'(-2 * dqp) + 1'b1;
        len  = ue_len(code);
      end
      3'd5: begin  // disable_deblocking_filter_idc
        code = (AW+1)'(idc_q) + 1'b1;
        len  = ue_len(code);
      end
      3'd6: begin  // the two offsets, se(0) each, when the filter may run
        code = (AW+1)'(2'b11);
        len  = (idc_q == 2'd1) ? 6'd0 : 6'd2;
      end
      default: begin  // cabac_alignment_one_bit until the byte boundary
        code = (AW+1)'(8'hff);
        len  = 6'(pad);
      end
    endcase
  end
  logic [W-1:0] mask;
  assign mask = (W'(1) << len) - W'(1);

  assign ready_o = (state_q == Idle);
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q <= Idle;
      valid_o <= 1'b0;
    end else begin
      unique case (state_q)
        Idle: begin
          if (valid_i) begin
            first_mb_q <= first_mb_i;
            idr_q      <= idr_pic_id_i;
            dqp_q      <= qp_delta_i;
            idc_q      <= idc_i;
            acc_q      <= '0;
            len_q      <= '0;
            step_q     <= '0;
            state_q    <= Fields;
          end
        end
        Fields: begin
          acc_q  <= (acc_q << len) | (W'(code) & mask);
          len_q  <= len_q + 7'(len);
          step_q <= step_q + 3'd1;
          if (step_q == 3'd7) begin
            state_q <= Bytes;
          end
        end
        Bytes: begin
          // Left-align once (len_q is a multiple of 8 here), then a byte a cycle.
          if (!valid_o) begin
            acc_q   <= acc_q << (W - 32'(len_q));
            len_q   <= len_q >> 3;
            valid_o <= 1'b1;
          end else if (ready_i) begin
            acc_q <= acc_q << 8;
            len_q <= len_q - 7'd1;
            if (len_q == 7'd1) begin
              valid_o <= 1'b0;
              state_q <= Idle;
            end
          end
        end
        default: state_q <= Idle;
      endcase
    end
  end
  assign byte_o = acc_q[W-1 -: 8];
  assign last_o = (len_q == 7'd1);

  `ASSERT_STABLE_STALL(OutStable_A, valid_o, ready_i, {byte_o, last_o})
  `ASSERT(HeaderFits_A, state_q == Fields |-> 32'(len_q) + 32'(len) <= W)
endmodule
