// enc_lane_i16: the encoder lane, a whole H.264 intra encoder of the golden `i16x16` profile
// (golden: encoder::Encoder with Profile::I16X16_ONLY, deblocking off, no 8x8 transform):
// macroblocks of 8-bit samples in, the Annex B byte stream and the reconstruction out.
//
// Stages (D30), one macroblock at a time through the reconstruction loop:
//   gather   the macroblock's samples, 16 a beat, into one buffer (its QP with its first beat);
//   edges    intra_edges: its reconstructed neighbours and their availability (line buffer);
//   decide   enc_decide_i16: the Intra16x16 and chroma modes;
//   resid    enc_resid_i16: levels and reconstruction; the reconstruction goes back into
//            intra_edges as soon as it is offered, so the next macroblock's neighbours are read
//            while this one waits for the syntax stage;
//   syntax   enc_syntax_i16: the element beats;
//   cabac    cabac_enc: the slice data bytes;
//   stream   enc_stream: SPS / PPS once, then slice header + slice data per slice, NAL framing.
// Slices: enc_mb_walk (golden's total * s / slices split); a slice's header beat is queued
// (prim_fifo) when its first macroblock is gathered, with the slice QP = that macroblock's QP.
//
// Parts mode (Parts = 1, the tensor encoder top's lanes, D36): the lane codes parts, each one
// slice of a picture that may start at any macroblock, given by a part beat (picture size,
// first macroblock and its x / y, macroblock count, whether the SPS and PPS go first).
// idr_pic_id is 0 (each picture is a stream of its own, as the tensor codec's tiles are).
// A part is taken when the previous one's last byte has left (the lane drains between
// parts: the picture size may change); its macroblocks are taken after it.
//
// Parameters:
//   Chroma       1: 4:2:0 and 4:0:0; 0: 4:0:0 only.
//   MaxWidthMbs  the widest picture in macroblocks (480: 7680 luma samples); the line buffers.
//   Parts        1: parts (above), cfg_width_i / cfg_height_i / cfg_slices_i unused;
//                0: whole pictures, part_* unused.
// Ports:
//   cfg_*: held while pictures are coded: width / height in luma samples (1..MaxWidthMbs * 16
//   wide, even for 4:2:0), chroma (4:2:0), slices per picture (1..macroblocks), the QP of
//   every macroblock or (cfg_qp_map_i) the QP each macroblock brings, the dead zone, the
//   PPS's transform_8x8_mode_flag (no macroblock uses the 8x8 transform: Intra16x16 only).
//   part: valid/ready (Parts = 1): width / height in luma samples, first_mb_in_slice and its
//   x / y in macroblocks, the part's macroblocks (first + count <= the picture's), SPS + PPS.
//   in: valid/ready; in_data_i 16 samples (sample k at [8k +: 8]): a macroblock is 16 beats
//   of luma rows, then (4:2:0) 4 beats of Cb and 4 of Cr (two rows of 8 a beat), raster order
//   of macroblocks; samples right of and below the picture as golden pads them (edge
//   replication); in_qp_i with a macroblock's first beat.
//   out: valid/ready; out_byte_o, out_last_o on each NAL unit's last byte.
//   rec: valid/ready; rec_o one reconstructed macroblock (enc_resid_i16's recon_o layout), in
//   raster order.
// Rate: the loop gather-edges-decide-resid costs about 78 (4:0:0) / 102 (4:2:0) cycles a
// macroblock; cabac_enc's bins per cycle set the rate where a macroblock has more than about
// 4 x 78 bins (sim/tests/enc_lane.rs and docs/results measure it).
module enc_lane_i16 #(
  parameter  bit          Chroma      = 1'b1,
  parameter  int unsigned MaxWidthMbs = 480,
  parameter  bit          Parts       = 1'b0,
  localparam int unsigned XW          = $clog2(MaxWidthMbs),
  localparam int unsigned AW          = 2 * XW + 1
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic [13:0]       cfg_width_i,
  input  logic [13:0]       cfg_height_i,
  input  logic              cfg_chroma_i,
  input  logic [AW-1:0]     cfg_slices_i,
  input  logic [5:0]        cfg_qp_i,
  input  logic              cfg_qp_map_i,
  input  logic [9:0]        cfg_dz_i,
  input  logic              cfg_t8_i,
  input  logic              part_valid_i,
  output logic              part_ready_o,
  input  logic [13:0]       part_width_i,
  input  logic [13:0]       part_height_i,
  input  logic [AW-1:0]     part_first_i,
  input  logic [XW-1:0]     part_x_i,
  input  logic [XW-1:0]     part_y_i,
  input  logic [AW-1:0]     part_count_i,
  input  logic              part_ps_i,
  input  logic              in_valid_i,
  output logic              in_ready_o,
  input  logic [16*8-1:0]   in_data_i,
  input  logic [5:0]        in_qp_i,
  output logic              out_valid_o,
  input  logic              out_ready_i,
  output logic [7:0]        out_byte_o,
  output logic              out_last_o,
  output logic              rec_valid_o,
  input  logic              rec_ready_i,
  output logic [384*8-1:0]  rec_o
);
  // tensor_enc_top holds Lanes of these: Verilator keeps one class for them instead of
  // inlining each copy (less C++ to compile; no effect on the logic).
  /* verilator no_inline_module */
  // Parts mode: the part being coded (active_q from its beat to its last byte out; open_q
  // until its last macroblock is gathered; load_q: the walk starts from it, the cycle after
  // it is taken) and the units it has still to write after the current one (SPS, PPS).
  logic          in_take, mb_done, w_first, w_pic_last;
  logic          part_take, part_done, active_q, open_q, load_q;
  logic [1:0]    units_q;
  logic [13:0]   p_width_q, p_height_q;
  logic [AW-1:0] p_first_q, p_end_q;
  logic [XW-1:0] p_x_q, p_y_q;
  logic          p_ps_q;
  logic          ps_due_q;  // whole pictures: the parameter sets are still to be written
  assign part_ready_o = Parts && !active_q;
  assign part_take    = part_valid_i && part_ready_o;
  assign part_done    = Parts && out_valid_o && out_ready_i && out_last_o && units_q == 2'd0;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      active_q <= 1'b0;
      open_q   <= 1'b0;
      load_q   <= 1'b0;
      units_q  <= 2'd0;
      ps_due_q <= 1'b1;
    end else begin
      load_q <= part_take;
      if (part_take) begin
        active_q <= 1'b1;
        open_q   <= 1'b1;
        units_q  <= part_ps_i ? 2'd2 : 2'd0;
      end else begin
        if (part_done) active_q <= 1'b0;
        if (out_valid_o && out_ready_i && out_last_o && units_q != 2'd0) units_q <= units_q - 2'd1;
      end
      if (mb_done && w_pic_last) open_q <= 1'b0;
      if (mb_done && w_first) ps_due_q <= 1'b0;
    end
  end
  always_ff @(posedge clk_i) begin
    if (part_take) begin
      p_width_q  <= part_width_i;
      p_height_q <= part_height_i;
      p_first_q  <= part_first_i;
      p_end_q    <= part_first_i + part_count_i;
      p_x_q      <= part_x_i;
      p_y_q      <= part_y_i;
      p_ps_q     <= part_ps_i;
    end
  end

  // The picture in macroblocks. The product is registered (the configuration holds still
  // while pictures are coded, and the first use of `total_q` is at a macroblock's last beat).
  logic [13:0]   width, height;
  logic [XW-1:0] width_mbs, height_mbs;
  logic [AW-1:0] total_q, slices;
  logic          chroma;
  assign width      = Parts ? p_width_q : cfg_width_i;
  assign height     = Parts ? p_height_q : cfg_height_i;
  assign slices     = Parts ? AW'(1) : cfg_slices_i;
  assign width_mbs  = XW'((32'(width) + 15) >> 4);
  assign height_mbs = XW'((32'(height) + 15) >> 4);
  assign chroma     = Chroma && cfg_chroma_i;
  always_ff @(posedge clk_i) begin
    total_q <= Parts ? p_end_q : AW'(width_mbs) * AW'(height_mbs);
  end
  if (Parts) begin : g_parts_unused
    logic unused_cfg;
    assign unused_cfg = ^{cfg_width_i, cfg_height_i, cfg_slices_i, height_mbs};
  end else begin : g_pictures_unused
    logic unused_part;
    assign unused_part = ^{part_width_i, part_height_i, part_first_i, part_x_i, part_y_i,
                           part_count_i, part_ps_i, p_ps_q, open_q, active_q};
  end

  // ---- Gather: the next macroblock's samples and its place in the picture.
  logic [4:0]       beat_q;   // beats of the macroblock taken so far
  logic             full_q;   // a whole macroblock waits for the loop
  logic [384*8-1:0] src_q;
  logic [5:0]       qp_in_q;  // the QP of the macroblock being gathered
  logic [4:0]       beats_last;
  assign beats_last = chroma ? 5'd23 : 5'd15;

  logic          w_last;
  logic [XW-1:0] w_x, w_y, w_slice_x;
  logic [AW-1:0] w_addr, w_slice_first;
  enc_mb_walk #(.XW (XW), .AW (AW)) u_walk (
    .clk_i, .rst_ni, .width_i (width_mbs), .total_i (total_q), .slices_i (slices),
    .start_addr_i (Parts ? p_first_q : '0), .start_x_i (Parts ? p_x_q : '0),
    .start_y_i (Parts ? p_y_q : '0), .load_i (Parts && load_q), .step_i (mb_done),
    .x_o (w_x), .y_o (w_y), .addr_o (w_addr), .first_o (w_first),
    .last_o (w_last), .pic_last_o (w_pic_last), .slice_first_o (w_slice_first),
    .slice_x_o (w_slice_x)
  );

  // The slice queue: a slice's header beat, pushed with its first macroblock's last beat.
  logic          sl_push_ready, sl_valid, sl_ready, sl_idr, sl_ps, idr_q;
  logic [AW-1:0] sl_first_mb;
  logic [5:0]    sl_qp, mb_qp;
  assign mb_qp = cfg_qp_map_i ? ((beat_q == 5'd0) ? in_qp_i : qp_in_q) : cfg_qp_i;

  assign in_ready_o = !full_q && (!w_first || sl_push_ready || beat_q != beats_last) &&
                      (!Parts || open_q);
  assign in_take    = in_valid_i && in_ready_o;
  assign mb_done    = in_take && beat_q == beats_last;

  prim_fifo #(.Width (AW + 8), .Depth (4)) u_slices (
    .clk_i, .rst_ni, .valid_i (mb_done && w_first), .ready_o (sl_push_ready),
    .d_i ({w_addr, mb_qp, Parts ? 1'b0 : idr_q, Parts ? p_ps_q : ps_due_q}),
    .valid_o (sl_valid), .ready_i (sl_ready), .q_o ({sl_first_mb, sl_qp, sl_idr, sl_ps})
  );

  for (genvar b = 0; b < 24; b++) begin : g_src
    always_ff @(posedge clk_i) begin
      if (in_take && beat_q == 5'(b)) src_q[b*128 +: 128] <= in_data_i;
    end
  end

  // The gathered macroblock's place and QP, held with it.
  logic          m_first, m_last;
  logic [XW-1:0] m_x, m_y, m_slice_x;
  logic [AW-1:0] m_addr, m_slice_first;
  logic [5:0]    m_qp;
  always_ff @(posedge clk_i) begin
    if (in_take && beat_q == 5'd0) qp_in_q <= in_qp_i;
    if (mb_done) begin
      m_first       <= w_first;
      m_last        <= w_last;
      m_x           <= w_x;
      m_y           <= w_y;
      m_addr        <= w_addr;
      m_slice_first <= w_slice_first;
      m_slice_x     <= w_slice_x;
      m_qp          <= mb_qp;
    end
  end

  // ---- The loop: edges -> decide -> resid, one macroblock at a time.
  typedef enum logic [1:0] {Wait, Read, Decide} phase_e;
  phase_e phase_q;
  logic   wr_due_q;  // the macroblock in resid has not written its reconstruction yet

  // The macroblock in resid (decide and the gather buffer move on to the next one).
  logic          r_first_q, r_last_q;
  logic [XW-1:0] r_x_q, r_slice_x_q;
  logic [5:0]    r_qp_q;
  logic [1:0]    r_luma_mode_q, r_chroma_mode_q;

  logic [32*8-1:0] e_top, e_left;
  logic [3*8-1:0]  e_corner;
  logic [2:0]      e_avail;
  logic            e_rd, e_wr;
  assign e_rd = full_q && phase_q == Wait && !wr_due_q;

  logic       d_valid, d_ready, d_out_valid, d_out_ready;
  logic [1:0] d_luma_mode, d_chroma_mode;
  logic       r_ready, r_out_valid, r_out_ready, r_take;
  assign d_valid     = full_q && phase_q == Read;
  assign d_out_ready = r_ready;
  assign r_take      = d_out_valid && r_ready;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      beat_q   <= '0;
      full_q   <= 1'b0;
      phase_q  <= Wait;
      wr_due_q <= 1'b0;
      idr_q    <= 1'b0;
    end else begin
      if (in_take) beat_q <= (beat_q == beats_last) ? '0 : beat_q + 5'd1;
      if (mb_done) begin
        full_q <= 1'b1;
        if (w_pic_last) idr_q <= !idr_q;
      end
      unique case (phase_q)
        Wait:    if (e_rd) phase_q <= Read;
        Read:    if (d_ready) phase_q <= Decide;
        Decide:  if (r_take) begin
          phase_q <= Wait;
          full_q  <= 1'b0;
        end
        default: phase_q <= Wait;
      endcase
      if (r_take) wr_due_q <= 1'b1;
      else if (e_wr) wr_due_q <= 1'b0;
    end
  end

  intra_edges #(.MaxWidthMbs (MaxWidthMbs)) u_edges (
    .clk_i, .rst_ni, .rd_i (e_rd), .rd_x_i (m_x), .rd_y_i (m_y), .rd_addr_i (m_addr),
    .slice_first_i (m_slice_first), .width_i (width_mbs), .top_o (e_top), .left_o (e_left),
    .corner_o (e_corner), .avail_o (e_avail), .rd_tr_i (1'b0), .top_right_o (e_tr_unused),
    .avail_tr_o (e_tr_avail_unused), .wr_i (e_wr), .wr_x_i (r_x_q), .recon_i (rec_o)
  );
  // The top-right macroblock's samples: Intra_4x4 / Intra_8x8 only (the decoder lane).
  logic [8*8-1:0] e_tr_unused;
  logic           e_tr_avail_unused;

  logic [4*20-1:0] d_luma_satd, d_chroma_satd;
  enc_decide_i16 #(.Chroma (Chroma)) u_decide (
    .clk_i, .rst_ni, .valid_i (d_valid), .ready_o (d_ready), .src_i (src_q), .top_i (e_top),
    .left_i (e_left), .corner_i (e_corner), .avail_i (e_avail), .chroma_i (chroma),
    .valid_o (d_out_valid), .ready_i (d_out_ready), .luma_mode_o (d_luma_mode),
    .chroma_mode_o (d_chroma_mode), .luma_satd_o (d_luma_satd), .chroma_satd_o (d_chroma_satd)
  );
  logic unused_satd;
  assign unused_satd = ^{d_luma_satd, d_chroma_satd};

  // The macroblock in resid: its place, for the write-back and the syntax stage.
  always_ff @(posedge clk_i) begin
    if (r_take) begin
      r_first_q   <= m_first;
      r_last_q    <= m_last;
      r_x_q       <= m_x;
      r_slice_x_q <= m_slice_x;
      r_qp_q      <= m_qp;
      r_luma_mode_q   <= d_luma_mode;
      r_chroma_mode_q <= d_chroma_mode;
    end
  end

  logic [16*256-1:0] r_luma_ac;
  logic [16*16-1:0]  r_luma_dc;
  logic [8*16-1:0]   r_chroma_dc;
  logic [8*256-1:0]  r_chroma_ac;
  enc_resid_i16 #(.Chroma (Chroma)) u_resid (
    .clk_i, .rst_ni, .valid_i (d_out_valid), .ready_o (r_ready), .src_i (src_q),
    .top_i (e_top), .left_i (e_left), .corner_i (e_corner), .avail_i (e_avail),
    .chroma_i (chroma), .luma_mode_i (d_luma_mode), .chroma_mode_i (d_chroma_mode),
    .qp_i (m_qp), .dz_i (cfg_dz_i), .valid_o (r_out_valid), .ready_i (r_out_ready),
    .luma_ac_o (r_luma_ac), .luma_dc_o (r_luma_dc), .chroma_dc_o (r_chroma_dc),
    .chroma_ac_o (r_chroma_ac), .recon_o (rec_o)
  );
  assign e_wr = r_out_valid && wr_due_q;

  // ---- resid's result to the syntax stage and to the rec port, both at once.
  logic s_valid, s_ready;
  assign s_valid     = r_out_valid && rec_ready_i;
  assign rec_valid_o = r_out_valid && s_ready;
  assign r_out_ready = s_ready && rec_ready_i;

  logic                   se_valid, se_ready;
  logic [`CABAC_SE_W-1:0] se;
  enc_syntax_i16 u_syntax (
    .clk_i, .rst_ni, .valid_i (s_valid), .ready_o (s_ready), .luma_ac_i (r_luma_ac),
    .luma_dc_i (r_luma_dc), .chroma_dc_i (r_chroma_dc), .chroma_ac_i (r_chroma_ac),
    .luma_mode_i (r_luma_mode_q), .chroma_mode_i (r_chroma_mode_q), .chroma_i (chroma),
    .qp_i (r_qp_q), .first_i (r_first_q), .last_i (r_last_q), .mb_x_i (16'(r_slice_x_q)),
    .width_i (16'(width_mbs)), .valid_o (se_valid), .ready_i (se_ready), .se_o (se)
  );

  // ---- CABAC and the byte stream.
  logic       c_valid, c_ready, c_count, c_last;
  logic [7:0] c_byte;
  cabac_enc #(.MaxWidthMbs (MaxWidthMbs), .OutBytes (1)) u_cabac (
    .clk_i, .rst_ni, .valid_i (se_valid), .ready_o (se_ready), .se_i (se), .valid_o (c_valid),
    .ready_i (c_ready), .byte_o (c_byte), .count_o (c_count), .last_o (c_last)
  );
  logic unused_count;
  assign unused_count = c_count;

  enc_stream #(.AW (AW)) u_stream (
    .clk_i, .rst_ni, .cfg_width_i (width), .cfg_height_i (height), .cfg_chroma_i (chroma),
    .cfg_t8_i, .sl_valid_i (sl_valid), .sl_ready_o (sl_ready), .sl_first_mb_i (sl_first_mb),
    .sl_qp_i (sl_qp), .sl_idr_i (sl_idr), .sl_ps_i (sl_ps), .dt_valid_i (c_valid),
    .dt_ready_o (c_ready), .dt_byte_i (c_byte), .dt_last_i (c_last), .valid_o (out_valid_o),
    .ready_i (out_ready_i), .byte_o (out_byte_o), .last_o (out_last_o)
  );

  `ASSERT(ChromaParam_A, Chroma || !cfg_chroma_i)
  `ASSERT(PartOnlyInParts_A, Parts || !part_ready_o)
  `ASSERT(PartFits_A, !part_take || 32'(part_x_i) * 16 < 32'(part_width_i))
  `ASSERT_STABLE_STALL(RecStable_A, rec_valid_o, rec_ready_i, rec_o)
endmodule
