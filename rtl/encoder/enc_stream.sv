// enc_stream: the encoder lane's byte stream in coding order (golden: encoder::Encoder::encode's
// bytes): the SPS and PPS before the slices that ask for them (the first slice after reset;
// in the lane's Parts mode, a tile's first part), then each slice's NAL unit, its slice
// header (with the cabac_alignment_one_bits) followed by its slice data, all through
// nal_write (start codes, emulation prevention).
//
// Ports:
//   cfg_*: the picture's size (luma samples), chroma format and the PPS's
//   transform_8x8_mode_flag, for the parameter sets (held while coding).
//   slice in: valid/ready, one beat per slice in coding order: first_mb_in_slice, SliceQPY
//   (slice_qp_delta = SliceQPY - 26, pic_init_qp), idr_pic_id (the picture's number mod 2)
//   and whether the SPS and PPS go first.
//   data in: valid/ready, the slice data bytes of cabac_enc (one a beat), last on a slice's
//   last byte.
//   out: valid/ready; byte_o, last_o on each NAL unit's last byte.
// Schedule: a slice's header is taken when the previous slice's last byte has gone into
// nal_write; a byte a cycle, less the stalls of nal_write (5 prefix bytes a unit, each 03).
// NAL header bytes: 0x67 SPS, 0x68 PPS, 0x65 IDR slice (nal_ref_idc 3).
module enc_stream #(
  parameter int unsigned AW = 19
) (
  input  logic          clk_i,
  input  logic          rst_ni,
  input  logic [13:0]   cfg_width_i,
  input  logic [13:0]   cfg_height_i,
  input  logic          cfg_chroma_i,
  input  logic          cfg_t8_i,
  input  logic          sl_valid_i,
  output logic          sl_ready_o,
  input  logic [AW-1:0] sl_first_mb_i,
  input  logic [5:0]    sl_qp_i,
  input  logic          sl_idr_i,
  input  logic          sl_ps_i,
  input  logic          dt_valid_i,
  output logic          dt_ready_o,
  input  logic [7:0]    dt_byte_i,
  input  logic          dt_last_i,
  output logic          valid_o,
  input  logic          ready_i,
  output logic [7:0]    byte_o,
  output logic          last_o
);
  typedef enum logic [2:0] {Idle, PsGo, PsBytes, HdrGo, HdrBytes, Data} state_e;
  state_e state_q;
  logic   unit_new_q;  // the next byte into nal_write starts a unit

  // Parameter sets.
  logic       ps_valid, ps_ready, ps_out_valid, ps_out_ready, ps_unit, ps_last;
  logic [7:0] ps_byte;
  assign ps_valid = (state_q == PsGo);
  param_sets_write u_ps (
    .clk_i, .rst_ni, .valid_i (ps_valid), .ready_o (ps_ready), .width_i (cfg_width_i),
    .height_i (cfg_height_i), .chroma_i (cfg_chroma_i), .t8_i (cfg_t8_i), .valid_o (ps_out_valid),
    .ready_i (ps_out_ready), .byte_o (ps_byte), .unit_o (ps_unit), .last_o (ps_last)
  );

  // Slice header.
  logic       sh_valid, sh_ready, sh_out_valid, sh_out_ready, sh_last;
  logic [7:0] sh_byte;
  logic [5:0] qp_delta;
  assign sh_valid   = (state_q == HdrGo) && sl_valid_i;
  assign sl_ready_o = (state_q == HdrGo) && sh_ready;
  assign qp_delta   = sl_qp_i - 6'd26;
  slice_header_write #(.AW (AW)) u_sh (
    .clk_i, .rst_ni, .valid_i (sh_valid), .ready_o (sh_ready), .first_mb_i (sl_first_mb_i),
    .idr_pic_id_i (sl_idr_i), .qp_delta_i (qp_delta), .idc_i (2'd1), .valid_o (sh_out_valid),
    .ready_i (sh_out_ready), .byte_o (sh_byte), .last_o (sh_last)
  );

  // The byte into nal_write.
  logic       n_valid, n_ready, n_last;
  logic [7:0] n_byte, n_header;
  always_comb begin
    n_valid  = 1'b0;
    n_byte   = dt_byte_i;
    n_last   = 1'b0;
    n_header = 8'h65;
    unique case (state_q)
      PsBytes: begin
        n_valid  = ps_out_valid;
        n_byte   = ps_byte;
        n_last   = ps_last;
        n_header = ps_unit ? 8'h68 : 8'h67;
      end
      HdrBytes: begin
        n_valid = sh_out_valid;
        n_byte  = sh_byte;
      end
      Data: begin
        n_valid = dt_valid_i;
        n_last  = dt_last_i;
      end
      default: ;
    endcase
  end
  assign ps_out_ready = (state_q == PsBytes) && n_ready;
  assign sh_out_ready = (state_q == HdrBytes) && n_ready;
  assign dt_ready_o   = (state_q == Data) && n_ready;

  logic n_take;
  assign n_take = n_valid && n_ready;
  nal_write u_nal (
    .clk_i, .rst_ni, .valid_i (n_valid), .ready_o (n_ready), .byte_i (n_byte),
    .first_i (unit_new_q), .header_i (n_header), .last_i (n_last), .valid_o, .ready_i, .byte_o,
    .last_o
  );

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      state_q    <= Idle;
      unit_new_q <= 1'b1;
    end else begin
      if (n_take) unit_new_q <= n_last;
      unique case (state_q)
        Idle:     if (sl_valid_i) state_q <= sl_ps_i ? PsGo : HdrGo;
        PsGo:     if (ps_ready) state_q <= PsBytes;
        PsBytes:  if (n_take && ps_last && ps_unit) state_q <= HdrGo;
        HdrGo:    if (sl_valid_i && sh_ready) state_q <= HdrBytes;
        HdrBytes: if (n_take && sh_last) state_q <= Data;
        Data:     if (n_take && dt_last_i) state_q <= Idle;
        default:  state_q <= Idle;
      endcase
    end
  end

  `ASSERT(PsWithSlice_A, state_q != PsGo || (sl_valid_i && sl_ps_i))
endmodule
