// tensor_enc_top: the tensor encoder: floats in, the tile streams of the tensor codec out
// (golden: tensor::codec::Prepared::encode with its EncodePlan, for the BFP alignment with
// one exponent per row or one per tensor, Intra16x16, no RDOQ; D36).
//
// Two passes over a tensor (D36):
//   scan  the tensor's rows, 16 floats a beat (scan_last_i on a row's last beat, the row
//         padded with +0 to whole beats), through align_scan: one E8M0 code per row out
//         (code_err_o: the row holds an Inf or NaN). Software takes the codes as the side
//         information, sorts the rows by them and chooses the macroblock QPs (rate control);
//         one scale for the whole tensor is the largest row code.
//   code  the tensor again as parts, one slice of a tile each (like the decoder top's, D35):
//         a lane takes a part beat (tile size, first macroblock and its x / y, macroblock
//         count, whether the SPS and PPS go first), then the part's macroblocks, 16 beats
//         each, in raster order: beat k of a macroblock is 16 floats of picture row k (the
//         tensor row the row order puts there, padding rows and columns repeated as
//         golden pads the picture), the E8M0 code of that tensor row and the macroblock's
//         QP. align_apply turns the floats into samples and the lane codes them; its bytes
//         (SPS, PPS, the slice NAL unit, Annex B) leave on its own out_* port. A tile's stream
//         is its parts' bytes in slice order.
// Which lane takes which part, the row order, the QPs and the tile mapping are software's;
// the floats to the bytes are here.
//
// Parameters:
//   Lanes        encoder lanes, >= 1 (6: 100 Gb/s of BF16 at 3 bits/value, 1 GHz; D36).
//   MaxWidthMbs  the widest tile in macroblocks (128: the codec's 2048).
// Ports: valid/ready everywhere. cfg_*: held while tensors are coded: the float format (0
// FP32, 1 FP16, 2 BF16; 16-bit formats in the low half of each 32-bit word), the dead zone,
// the PPS's transform_8x8_mode_flag. Per lane l, field l of each packed part_* / in_* / out_*
// port.
module tensor_enc_top #(
  parameter  int unsigned Lanes       = 6,
  parameter  int unsigned MaxWidthMbs = 128,
  localparam int unsigned XW          = $clog2(MaxWidthMbs),
  localparam int unsigned AW          = 2 * XW + 1
) (
  input  logic                clk_i,
  input  logic                rst_ni,
  input  logic [1:0]          cfg_fmt_i,
  input  logic [9:0]          cfg_dz_i,
  input  logic                cfg_t8_i,
  input  logic                scan_valid_i,
  output logic                scan_ready_o,
  input  logic [16*32-1:0]    scan_data_i,
  input  logic                scan_last_i,
  output logic                code_valid_o,
  input  logic                code_ready_i,
  output logic [7:0]          code_o,
  output logic                code_err_o,
  input  logic [Lanes-1:0]    part_valid_i,
  output logic [Lanes-1:0]    part_ready_o,
  input  logic [Lanes*14-1:0] part_width_i,
  input  logic [Lanes*14-1:0] part_height_i,
  input  logic [Lanes*AW-1:0] part_first_i,
  input  logic [Lanes*XW-1:0] part_x_i,
  input  logic [Lanes*XW-1:0] part_y_i,
  input  logic [Lanes*AW-1:0] part_count_i,
  input  logic [Lanes-1:0]    part_ps_i,
  input  logic [Lanes-1:0]    in_valid_i,
  output logic [Lanes-1:0]    in_ready_o,
  input  logic [Lanes*512-1:0] in_data_i,
  input  logic [Lanes*8-1:0]  in_code_i,
  input  logic [Lanes*6-1:0]  in_qp_i,
  output logic [Lanes-1:0]    out_valid_o,
  input  logic [Lanes-1:0]    out_ready_i,
  output logic [Lanes*8-1:0]  out_byte_o,
  output logic [Lanes-1:0]    out_last_o
);
  align_scan #(.N (16)) u_scan (
    .clk_i, .rst_ni, .valid_i (scan_valid_i), .ready_o (scan_ready_o), .fmt_i (cfg_fmt_i),
    .data_i (scan_data_i), .last_i (scan_last_i), .valid_o (code_valid_o),
    .ready_i (code_ready_i), .code_o, .err_o (code_err_o)
  );

  for (genvar l = 0; l < Lanes; l++) begin : g_lane
    logic         s_valid, s_ready;
    logic [127:0] s_samples;
    logic [5:0]   s_qp;
    align_apply #(.N (16), .UserWidth (6)) u_apply (
      .clk_i, .rst_ni, .valid_i (in_valid_i[l]), .ready_o (in_ready_o[l]), .fmt_i (cfg_fmt_i),
      .code_i (in_code_i[l*8 +: 8]), .data_i (in_data_i[l*512 +: 512]),
      .user_i (in_qp_i[l*6 +: 6]), .valid_o (s_valid), .ready_i (s_ready),
      .sample_o (s_samples), .user_o (s_qp)
    );

    logic             rec_valid;
    logic [384*8-1:0] rec;
    enc_lane_i16 #(.Chroma (1'b0), .MaxWidthMbs (MaxWidthMbs), .Parts (1'b1)) u_lane (
      .clk_i, .rst_ni, .cfg_width_i (14'd0), .cfg_height_i (14'd0), .cfg_chroma_i (1'b0),
      .cfg_slices_i (AW'(1)), .cfg_qp_i (6'd0), .cfg_qp_map_i (1'b1), .cfg_dz_i,
      .cfg_t8_i, .part_valid_i (part_valid_i[l]), .part_ready_o (part_ready_o[l]),
      .part_width_i (part_width_i[l*14 +: 14]), .part_height_i (part_height_i[l*14 +: 14]),
      .part_first_i (part_first_i[l*AW +: AW]), .part_x_i (part_x_i[l*XW +: XW]),
      .part_y_i (part_y_i[l*XW +: XW]), .part_count_i (part_count_i[l*AW +: AW]),
      .part_ps_i (part_ps_i[l]), .in_valid_i (s_valid), .in_ready_o (s_ready),
      .in_data_i (s_samples), .in_qp_i (s_qp), .out_valid_o (out_valid_o[l]),
      .out_ready_i (out_ready_i[l]), .out_byte_o (out_byte_o[l*8 +: 8]),
      .out_last_o (out_last_o[l]), .rec_valid_o (rec_valid), .rec_ready_i (1'b1), .rec_o (rec)
    );
    // The reconstruction stays inside the lane (its line buffer); nothing outside needs it.
    logic unused_rec;
    assign unused_rec = ^{rec_valid, rec};
  end
endmodule
