// dec_lane_i16: the decoder lane for intra streams without deblocking: an Annex B byte stream
// in, the reconstructed macroblocks out in decoding order (golden:
// decoder::Decoder::decode_stream on streams of Intra16x16 (what our encoders write), Intra4x4
// and Intra8x8 macroblocks, deblocking off).
//
// Stages (D32):
//   front   dec_front: start codes, emulation prevention, SPS / PPS / slice headers; per slice
//           a configuration beat and the slice data bytes;
//   cabac   cabac_dec: the slice's syntax elements;
//   mb      dec_mb_i16 (Nxn = 1): one beat a macroblock (kind, modes, QPY, levels);
//   edges   intra_edges: the reconstructed neighbours and their availability (line buffer; the
//           encoder lane's, as macroblocks come in raster order here too), with the
//           above-right macroblock's samples read a cycle later; intra_mode_edges: the
//           neighbours' Intra4x4 / 8x8 modes;
//   recon   mb_recon_i16: the reconstruction both lanes share; the macroblock goes back into
//           intra_edges the cycle it is offered, so the next one's neighbours do not wait for
//           the output port. An I_NxN macroblock: mb_recon_nxn (D38) reconstructs its luma
//           block by block beside mb_recon_i16, which gives its chroma (luma DC with zero
//           levels, replaced at the output); the macroblock is offered when both are done,
//           and its levels are taken once both have read them.
// Each slice's configuration beat goes to cabac_dec, and through two queues to dec_mb_i16 and
// to the walk (the macroblock addresses), so that CABAC starts the next slice while the
// reconstruction finishes this one.
//
// Slices must come in order and tile each picture (first_mb_in_slice = the next macroblock
// address; 0 for a new picture), as Main and High profile streams do (no arbitrary slice
// order). With Parts = 1 a slice that starts a picture may start at any macroblock and a
// picture may end after any slice: the lane then decodes parts of pictures, as each lane of
// tensor_dec_top takes one slice of a tile (its SPS, PPS and that slice, D35). A slice
// starting a picture at macroblock k waits while the walk finds its place, k - y * width by
// one subtraction of the width a cycle (y cycles: at most MaxWidthMbs).
// Errors (err_o, sticky until reset): the front end's, cabac_dec's, dec_mb_i16's (an I_PCM
// macroblock: unsupported here), a stream this lane does not decode (deblocking on:
// disable_deblocking_filter_idc != 1; wider or taller than MaxWidthMbs; 4:2:0 with
// Chroma = 0), a slice out of order or a picture that ends early (Parts = 0), and a
// prediction mode that uses unavailable neighbours (golden: mb::recon's bad_mode; an
// Intra4x4 / 8x8 block's from mb_recon_nxn). After an
// error the lane keeps taking bytes and never hangs; it drops every slice (what it was
// outputting is void) up to the next IDR picture's first slice, holds that slice's
// configuration until every stage is empty, and decodes on from there (resynchronization: the
// front end goes on parsing at the next unit after its own errors, cabac_dec and dec_mb_i16
// start over at each slice).
//
// Parameters:
//   Chroma       1: 4:2:0 and 4:0:0; 0: 4:0:0 only.
//   Parts        1: slices that start a picture anywhere (above); 0: whole pictures only.
//   Nxn          1: Intra4x4 / Intra8x8 macroblocks too (mb_recon_nxn, intra_mode_edges:
//                D38); 0: Intra16x16 only, an I_NxN macroblock is an error (the tensor
//                decoder's and the loopback's lanes: our encoders write Intra16x16 only).
//   MaxWidthMbs  the widest and tallest picture in macroblocks (480: 7680 luma samples); the
//                line buffers.
// Ports:
//   in: valid/ready; in_byte_i, in_last_i on the stream's last byte.
//   out: valid/ready; out_mb_o the reconstructed macroblock (luma 16x16 then Cb and Cr 8x8,
//   raster; zero chroma for 4:0:0), out_x_o / out_y_o its place in macroblocks, out_first_o on
//   a picture's first macroblock, with the picture's geometry (held for the whole picture):
//   out_width_o / out_height_o in macroblocks, out_crop_right_o / out_crop_bottom_o in luma
//   samples, out_chroma_o (4:2:0).
module dec_lane_i16 #(
  parameter  bit          Chroma      = 1'b1,
  parameter  bit          Parts       = 1'b0,
  parameter  bit          Nxn         = 1'b1,
  parameter  int unsigned MaxWidthMbs = 480,
  localparam int unsigned XW          = $clog2(MaxWidthMbs),
  localparam int unsigned AW          = 2 * XW + 1
) (
  input  logic             clk_i,
  input  logic             rst_ni,
  input  logic             in_valid_i,
  output logic             in_ready_o,
  input  logic [7:0]       in_byte_i,
  input  logic             in_last_i,
  output logic             out_valid_o,
  input  logic             out_ready_i,
  output logic [384*8-1:0] out_mb_o,
  output logic [XW-1:0]    out_x_o,
  output logic [XW-1:0]    out_y_o,
  output logic             out_first_o,
  output logic [10:0]      out_width_o,
  output logic [10:0]      out_height_o,
  output logic [3:0]       out_crop_right_o,
  output logic [3:0]       out_crop_bottom_o,
  output logic             out_chroma_o,
  output logic             err_o
);
  // tensor_dec_top holds Lanes of these: Verilator keeps one class for them instead of
  // inlining each copy (a third less C++ to compile; no effect on the logic).
  /* verilator no_inline_module */
  localparam int unsigned CabacAW = 18;  // cabac_dec's addresses: PicSizeInMbs (dec_front)
  localparam int unsigned WW      = $clog2(MaxWidthMbs + 1);

  // ---- Front end.
  logic        f_valid, f_ready, f_new_pic, f_idr, f_chroma, f_t8x8;
  logic [10:0] f_width, f_height;
  logic [17:0] f_pic_mbs, f_first_mb;
  logic [3:0]  f_crop_r, f_crop_b, f_alpha, f_beta;
  logic [5:0]  f_qp;
  logic [1:0]  f_idc;
  logic [4:0]  f_cb_qp, f_cr_qp;
  logic        d_valid, d_ready, d_last, front_err, front_ev;
  logic [7:0]  d_byte;
  dec_front u_front (
    .clk_i, .rst_ni, .valid_i (in_valid_i), .ready_o (in_ready_o), .byte_i (in_byte_i),
    .last_i (in_last_i), .cfg_valid_o (f_valid), .cfg_ready_i (f_ready),
    .cfg_new_pic_o (f_new_pic), .cfg_idr_o (f_idr), .cfg_width_o (f_width),
    .cfg_height_o (f_height), .cfg_pic_mbs_o (f_pic_mbs), .cfg_crop_right_o (f_crop_r),
    .cfg_crop_bottom_o (f_crop_b), .cfg_chroma_o (f_chroma), .cfg_t8x8_o (f_t8x8),
    .cfg_qp_o (f_qp), .cfg_first_mb_o (f_first_mb), .cfg_idc_o (f_idc), .cfg_alpha_o (f_alpha),
    .cfg_beta_o (f_beta), .cfg_cb_qp_o (f_cb_qp), .cfg_cr_qp_o (f_cr_qp),
    .data_valid_o (d_valid), .data_ready_i (d_ready), .data_o (d_byte),
    .data_last_o (d_last), .err_o (front_err), .err_ev_o (front_ev)
  );
  logic unused_front;
  assign unused_front = ^{f_alpha, f_beta, front_err};


  // ---- The configuration fork: cabac_dec, dec_mb_i16's queue and the walk's queue take a
  // slice's beat together. What this lane does not decode is an error here.
  logic c_ready, qm_ready, qw_ready, fork_ok, f_go;
  // resync_wait: an IDR picture's first slice after an error, held until the stages are empty.
  logic resync_wait;
  assign f_go    = f_valid && !resync_wait;
  assign fork_ok = c_ready && qm_ready && qw_ready;
  assign f_ready = fork_ok && !resync_wait;
  logic cfg_bad;
  assign cfg_bad = f_valid && (f_idc != 2'd1 || 32'(f_width) > MaxWidthMbs ||
                               32'(f_height) > MaxWidthMbs || (f_chroma && !Chroma));

  logic                    se_valid, se_ready, cabac_err;
  logic [`CABAC_DEC_SE_W-1:0] se;
  cabac_dec #(.MaxWidthMbs (MaxWidthMbs), .AddrWidth (CabacAW)) u_cabac (
    .clk_i, .rst_ni, .cfg_valid_i (f_go && qm_ready && qw_ready), .cfg_ready_o (c_ready),
    .cfg_qp_i (f_qp), .cfg_first_mb_i (f_first_mb), .cfg_width_i (WW'(f_width)),
    .cfg_pic_mbs_i (f_pic_mbs), .cfg_chroma_i (f_chroma), .cfg_t8x8_i (f_t8x8),
    .in_valid_i (d_valid), .in_data_i (d_byte), .in_last_i (d_last), .in_ready_o (d_ready),
    .se_valid_o (se_valid), .se_ready_i (se_ready), .se_o (se), .err_o (cabac_err)
  );

  // dec_mb_i16's configuration: the slice QP and chroma.
  logic       m_cfg_valid, m_cfg_ready, m_cfg_chroma;
  logic [5:0] m_cfg_qp;
  prim_fifo #(.Width (7), .Depth (2)) u_mb_cfg (
    .clk_i, .rst_ni, .valid_i (f_go && c_ready && qw_ready), .ready_o (qm_ready),
    .d_i ({f_qp, f_chroma}), .valid_o (m_cfg_valid), .ready_i (m_cfg_ready),
    .q_o ({m_cfg_qp, m_cfg_chroma})
  );

  // The walk's: the slice's place and its picture.
  localparam int unsigned SW = 1 + 1 + 18 + 11 + 11 + 18 + 4 + 4 + 1 + 5 + 5;
  logic        w_valid, w_ready, w_new_pic, w_idr, w_chroma;
  logic [17:0] w_first_mb, w_pic_mbs;
  logic [10:0] w_width, w_height;
  logic [3:0]  w_crop_r, w_crop_b;
  logic [4:0]  w_cb_qp, w_cr_qp;
  prim_fifo #(.Width (SW), .Depth (2)) u_walk_cfg (
    .clk_i, .rst_ni, .valid_i (f_go && c_ready && qm_ready), .ready_o (qw_ready),
    .d_i ({f_new_pic, f_idr, f_first_mb, f_width, f_height, f_pic_mbs, f_crop_r, f_crop_b,
           f_chroma, f_cb_qp, f_cr_qp}),
    .valid_o (w_valid), .ready_i (w_ready),
    .q_o ({w_new_pic, w_idr, w_first_mb, w_width, w_height, w_pic_mbs, w_crop_r, w_crop_b,
           w_chroma, w_cb_qp, w_cr_qp})
  );
  // Address bits above AW (a small MaxWidthMbs) are zero: the picture size is checked.
  logic unused_addr;
  assign unused_addr = ^{w_pic_mbs, w_first_mb};

  // ---- One beat a macroblock.
  logic              mb_valid, mb_ready, mb_last, mb_err;
  logic [1:0]        mb_kind, mb_luma_mode, mb_chroma_mode;
  logic [5:0]        mb_qp;
  logic [16*256-1:0] mb_luma_ac;
  logic [16*16-1:0]  mb_luma_dc;
  logic [8*16-1:0]   mb_chroma_dc;
  logic [8*256-1:0]  mb_chroma_ac;
  logic [16*4-1:0]   mb_modes;
  dec_mb_i16 #(.Nxn (Nxn)) u_mb (
    .clk_i, .rst_ni, .cfg_valid_i (m_cfg_valid), .cfg_ready_o (m_cfg_ready),
    .cfg_qp_i (m_cfg_qp), .cfg_chroma_i (m_cfg_chroma), .se_valid_i (se_valid),
    .se_ready_o (se_ready), .se_i (se), .valid_o (mb_valid), .ready_i (mb_ready),
    .kind_o (mb_kind), .luma_mode_o (mb_luma_mode), .chroma_mode_o (mb_chroma_mode), .qp_o (mb_qp),
    .luma_ac_o (mb_luma_ac), .luma_dc_o (mb_luma_dc), .chroma_dc_o (mb_chroma_dc),
    .chroma_ac_o (mb_chroma_ac), .modes_o (mb_modes), .last_o (mb_last), .err_o (mb_err)
  );

  // ---- The walk: the next macroblock's address, its slice and picture.
  logic          first_q;        // the next macroblock starts a slice
  logic          pic_open_q;     // a picture is in progress
  logic [AW-1:0] addr_q, slice_first_q, pic_mbs_q;
  logic [XW-1:0] x_q, y_q, width_q;
  logic          chroma_q;
  logic [4:0]    cb_qp_q, cr_qp_q;
  logic          pic_first_q;    // the next macroblock is its picture's first
  logic          lane_err_q;     // dropping everything until the next IDR picture
  logic          seen_q;         // an error since reset (err_o)
  logic          cabac_err_q, mb_err_q;  // their flags a cycle ago: a rise is an error
  logic          err_ev, err_drop, stages_idle;

  // The loop: read the neighbours, load mb_recon_i16, hand it the levels.
  typedef enum logic [1:0] {Wait, Read, Load, Recon} phase_e;
  phase_e phase_q;
  logic   wr_due_q;  // the macroblock in mb_recon_i16 has not written its neighbours yet
  logic   r_idle, r_pred_valid, r_ready, r_valid;
  logic [16*8-1:0] r_pred;  // the encoder's read port: unused here
  logic   e_rd, e_wr;

  // A slice starts: its configuration must be there (the walk's queue is pushed with
  // cabac_dec's beat, before any element of the slice).
  logic          start_ok;
  logic [AW-1:0] next_addr;
  // The place of a picture's first slice: seek_a_q - seek_y_q * width, the width taken off
  // while it does not go below zero (seek_done_q once it would).
  logic          seek_done_q;
  logic [AW-1:0] seek_a_q;
  logic [XW-1:0] seek_y_q;
  logic          seek_run_q;
  assign next_addr = first_q ? AW'(w_first_mb) : addr_q;
  assign start_ok  = !first_q || (w_valid && (!Parts || !w_new_pic || seek_done_q));
  assign e_rd      = mb_valid && start_ok && phase_q == Wait && r_idle && n_idle && !wr_due_q &&
                     !lane_err_q;
  // After an error the beats of the macroblocks and the slices' configurations are dropped,
  // so that nothing upstream waits on this side.
  assign w_ready   = lane_err_q || (e_rd && first_q);

  // This macroblock's place (the slice's first: from its configuration).
  logic [XW-1:0] rd_x, rd_y, rd_width;
  logic [AW-1:0] rd_slice_first;
  logic          rd_new_pic;
  assign rd_new_pic     = first_q && w_new_pic;
  assign rd_x           = rd_new_pic ? (Parts ? XW'(seek_a_q) : '0) : x_q;
  assign rd_y           = rd_new_pic ? (Parts ? seek_y_q : '0) : y_q;
  assign rd_width       = (first_q && w_new_pic) ? XW'(w_width) : width_q;
  assign rd_slice_first = first_q ? AW'(w_first_mb) : slice_first_q;

  // Slice order and picture ends. walk_cut: an IDR picture starts at 0 while one is open, which
  // ended early: an error, and the new picture decodes (resynchronization).
  logic walk_bad, walk_cut;
  always_comb begin
    walk_bad = 1'b0;
    walk_cut = 1'b0;
    if (e_rd && first_q) begin
      if (w_new_pic) begin
        walk_cut = !Parts && pic_open_q && w_first_mb == '0 && w_idr;
        walk_bad = !Parts && !walk_cut && (pic_open_q || w_first_mb != '0);
      end else begin
        walk_bad = !pic_open_q || AW'(w_first_mb) != addr_q;
      end
    end
  end

  logic [32*8-1:0] e_top, e_left;
  logic [3*8-1:0]  e_corner;
  logic [2:0]      e_avail;
  logic [8*8-1:0]  e_tr;
  logic            e_tr_avail;
  logic [XW-1:0]   r_x_q;
  intra_edges #(.MaxWidthMbs (MaxWidthMbs)) u_edges (
    .clk_i, .rst_ni, .rd_i (e_rd), .rd_x_i (rd_x), .rd_y_i (rd_y), .rd_addr_i (next_addr),
    .slice_first_i (rd_slice_first), .width_i (rd_width), .top_o (e_top), .left_o (e_left),
    .corner_o (e_corner), .avail_o (e_avail), .rd_tr_i (Nxn && phase_q == Read),
    .top_right_o (e_tr), .avail_tr_o (e_tr_avail), .wr_i (e_wr), .wr_x_i (r_x_q),
    .recon_i (out_mb_o)
  );
  logic            nxn_q;  // the macroblock in the reconstruction is I_NxN

  // Prediction modes that use neighbours the macroblock does not have (avail {tl, l, t}).
  logic mode_bad;
  always_comb begin
    mode_bad = 1'b0;
    unique case (mb_luma_mode)
      2'd0:    mode_bad = !e_avail[0];
      2'd1:    mode_bad = !e_avail[1];
      2'd3:    mode_bad = e_avail != 3'b111;
      default: mode_bad = 1'b0;
    endcase
    if (chroma_q) begin
      unique case (mb_chroma_mode)
        2'd1:    mode_bad |= !e_avail[1];
        2'd2:    mode_bad |= !e_avail[0];
        2'd3:    mode_bad |= e_avail != 3'b111;
        default: ;
      endcase
    end
  end

  // QP'C of Cb and Cr: Table 8-15 of Clip3(0, 51, QPY + offset).
  function automatic logic [5:0] qpi(input logic [5:0] qp, input logic [4:0] off);
    logic signed [7:0] v;
    v = $signed({2'b00, qp}) + $signed({{3{off[4]}}, off});
    qpi = (v < 0) ? 6'd0 : (v > 51) ? 6'd51 : v[5:0];
  endfunction
  logic [5:0] qpc_cb, qpc_cr;
  quant_chroma_qp u_qpc_cb (.qp_i (qpi(mb_qp, cb_qp_q)), .qpc_o (qpc_cb));
  quant_chroma_qp u_qpc_cr (.qp_i (qpi(mb_qp, cr_qp_q)), .qpc_o (qpc_cr));

  // I_NxN luma: mb_recon_nxn beside mb_recon_i16, which reconstructs the chroma (its luma
  // is DC with zero levels, replaced by mb_recon_nxn's at the output).
  // (Nxn = 0: dec_mb_i16 gives Intra16x16 only, and neither unit is built.)
  logic            mb_nxn, n_idle, n_valid, n_ready, n_err, r_out_ready;
  logic [256*8-1:0] n_luma, r_recon;
  assign mb_nxn = Nxn && mb_kind != 2'd2;
  if (Nxn) begin : g_nxn
    // The neighbours' Intra_4x4 / Intra_8x8 modes (2 for the other kinds).
    logic [4*4-1:0]  em_left, em_top;
    logic [16*4-1:0] n_modes;
    intra_mode_edges #(.MaxWidthMbs (MaxWidthMbs)) u_mode_edges (
      .clk_i, .rst_ni, .rd_i (e_rd), .rd_x_i (rd_x), .left_o (em_left), .top_o (em_top),
      .wr_i (e_wr), .wr_x_i (r_x_q), .modes_i (nxn_q ? n_modes : {16{4'd2}})
    );
    mb_recon_nxn u_nxn (
      .clk_i, .rst_ni, .load_i (phase_q == Load && mb_nxn), .idle_o (n_idle),
      .top_i ({e_tr, e_top[0 +: 128]}), .left_i (e_left[0 +: 128]), .corner_i (e_corner[7:0]),
      .avail_i ({e_tr_avail, e_avail}), .left_modes_i (em_left), .top_modes_i (em_top),
      .t8x8_i (mb_kind == 2'd1), .qp_i (mb_qp), .modes_i (mb_modes), .levels_i (mb_luma_ac),
      .valid_o (n_valid), .ready_i (n_ready), .luma_o (n_luma), .modes_o (n_modes),
      .err_o (n_err)
    );
  end else begin : g_no_nxn
    assign n_idle  = 1'b1;
    assign n_valid = 1'b0;
    assign n_err   = 1'b0;
    assign n_luma  = '0;
    logic unused_nxn;
    assign unused_nxn = ^{e_tr, e_tr_avail, mb_modes, n_ready};
  end
  logic [384*8-1:0] r_mb;
  mb_recon_i16 #(.Chroma (Chroma)) u_recon (
    .clk_i, .rst_ni, .load_i (phase_q == Load), .idle_o (r_idle), .top_i (e_top),
    .left_i (e_left), .corner_i (e_corner), .avail_i (e_avail), .chroma_i (chroma_q),
    .luma_mode_i (mb_luma_mode), .chroma_mode_i (mb_chroma_mode),
    .pred_valid_o (r_pred_valid), .pred_k_i (5'd0), .pred_o (r_pred),
    .valid_i (mb_valid && phase_q == Recon), .ready_o (r_ready), .qp_i (mb_qp),
    .qpc_i ({qpc_cr, qpc_cb}), .luma_ac_i (mb_nxn ? '0 : mb_luma_ac), .luma_dc_i (mb_luma_dc),
    .chroma_dc_i (mb_chroma_dc), .chroma_ac_i (mb_chroma_ac), .valid_o (r_valid),
    .ready_i (r_out_ready), .recon_o (r_mb)
  );
  logic unused_pred;
  assign unused_pred = ^{r_pred_valid, r_pred};
  assign r_recon     = r_mb[0 +: 256*8];
  assign out_mb_o    = {r_mb[256*8 +: 128*8], nxn_q ? n_luma : r_recon};
  assign out_valid_o = r_valid && (!nxn_q || n_valid);
  assign r_out_ready = out_ready_i && (!nxn_q || n_valid);
  assign n_ready     = out_ready_i && r_valid;
  // The levels are taken once both units have read them: mb_recon_i16 says so in one cycle
  // (r_ready; remembered in r_read_q), mb_recon_nxn by its result.
  logic r_read_q;
  assign mb_ready = (lane_err_q && phase_q == Wait) ||
                    (phase_q == Recon && (r_ready || r_read_q) && (!nxn_q || n_valid));
  // The write-back, once, while the result is offered (an I_NxN macroblock's result may be
  // offered in the cycle its levels are taken).
  assign e_wr     = out_valid_o && (wr_due_q || (phase_q == Recon && mb_ready));

  // The macroblock in mb_recon_i16: its place, for the write-back and the output.
  logic          o_first_q;
  logic [10:0]   pic_w_q, pic_h_q;
  logic [3:0]    crop_r_q, crop_b_q;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      phase_q     <= Wait;
      wr_due_q    <= 1'b0;
      first_q     <= 1'b1;
      pic_open_q  <= 1'b0;
      pic_first_q <= 1'b0;
      lane_err_q  <= 1'b0;
      r_read_q    <= 1'b0;
      nxn_q       <= 1'b0;
      addr_q      <= '0;
      x_q         <= '0;
      y_q         <= '0;
    end else begin
      unique case (phase_q)
        Wait:  if (e_rd) phase_q <= Read;
        Read:  phase_q <= Load;
        Load:  phase_q <= Recon;
        Recon: if (mb_ready) phase_q <= Wait;
        default: phase_q <= Wait;
      endcase
      if (e_rd) begin
        // The macroblock read now is loaded next; the walk moves on.
        pic_first_q <= rd_new_pic;
        if (first_q) begin
          slice_first_q <= AW'(w_first_mb);
          if (w_new_pic) begin
            width_q   <= XW'(w_width);
            pic_mbs_q <= AW'(w_pic_mbs);
            chroma_q  <= w_chroma;
            pic_w_q   <= w_width;
            pic_h_q   <= w_height;
            crop_r_q  <= w_crop_r;
            crop_b_q  <= w_crop_b;
          end
          cb_qp_q <= w_cb_qp;
          cr_qp_q <= w_cr_qp;
        end
        r_x_q <= rd_x;
        addr_q <= next_addr + AW'(1);
        if (32'(rd_x) + 1 == 32'(rd_width)) begin
          x_q <= '0;
          y_q <= rd_y + XW'(1);
        end else begin
          x_q <= rd_x + XW'(1);
          y_q <= rd_y;
        end
        pic_open_q <= next_addr + AW'(1) !=
                      ((first_q && w_new_pic) ? AW'(w_pic_mbs) : pic_mbs_q);
        first_q    <= 1'b0;
      end
      if (mb_ready && mb_last) first_q <= 1'b1;
      if (phase_q == Load) begin
        o_first_q <= pic_first_q;
        nxn_q     <= mb_nxn;
      end
      if (phase_q == Recon && mb_ready) r_read_q <= 1'b0;
      else if (phase_q == Recon && r_ready) r_read_q <= 1'b1;
      if (phase_q == Recon && mb_ready) wr_due_q <= !e_wr;
      else if (e_wr) wr_due_q <= 1'b0;
      // A slice that ends before its picture does is followed by the next slice of the same
      // picture (walk_bad); the picture's last macroblock must end its slice.
      if (err_drop) begin
        lane_err_q <= 1'b1;
      end else if (resync_wait && stages_idle) begin
        // Start over at the held IDR slice (released next cycle), as after reset.
        lane_err_q <= 1'b0;
        first_q    <= 1'b1;
        pic_open_q <= 1'b0;
      end
    end
  end

  // An error this cycle: the front end's (each one; its flag stays set), a rise of cabac_dec's
  // or dec_mb_i16's flag (each clears at its next slice), and the lane's own checks.
  // err_drop: every one but walk_cut, after which the new picture decodes.
  assign err_drop = front_ev || (cabac_err && !cabac_err_q) || (mb_err && !mb_err_q) ||
                    cfg_bad || walk_bad || (phase_q == Load && mode_bad) || (n_valid && n_err) ||
                    (mb_valid && mb_ready && !lane_err_q && !mb_last && !pic_open_q);
  assign err_ev = err_drop || walk_cut;
  // (A slice this lane does not decode is not held: it goes through, dropped.)
  assign resync_wait = lane_err_q && f_valid && f_new_pic && f_idr && !cfg_bad;
  // Nothing of an earlier slice is left anywhere: cabac_dec waits for a slice, both queues and
  // the element and macroblock ports are empty, the reconstruction is idle and has given out.
  assign stages_idle = c_ready && !w_valid && !m_cfg_valid && m_cfg_ready && !se_valid &&
                       !mb_valid && phase_q == Wait && r_idle && n_idle && !wr_due_q &&
                       !r_valid;
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      seen_q      <= 1'b0;
      cabac_err_q <= 1'b0;
      mb_err_q    <= 1'b0;
    end else begin
      seen_q      <= seen_q || err_ev;
      cabac_err_q <= cabac_err;
      mb_err_q    <= mb_err;
    end
  end

  // The seek (Parts only: a picture's first slice; from address 0 it takes two cycles).
  logic seek_more;
  assign seek_more = seek_a_q >= AW'(w_width);
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      seek_run_q  <= 1'b0;
      seek_done_q <= 1'b0;
    end else if (resync_wait && stages_idle) begin
      seek_run_q  <= 1'b0;
      seek_done_q <= 1'b0;
    end else if (e_rd) begin
      seek_done_q <= 1'b0;
    end else if (seek_run_q) begin
      if (seek_more) begin
        seek_a_q <= seek_a_q - AW'(w_width);
        seek_y_q <= seek_y_q + XW'(1);
      end else begin
        seek_run_q  <= 1'b0;
        seek_done_q <= 1'b1;
      end
    end else if (Parts && first_q && w_valid && w_new_pic && !seek_done_q && !lane_err_q) begin
      seek_run_q <= 1'b1;
      seek_a_q   <= AW'(w_first_mb);
      seek_y_q   <= '0;
    end
  end

  // The output: mb_recon_i16's result with its place.
  logic [XW-1:0] o_x_q, o_y_q;
  always_ff @(posedge clk_i) begin
    if (e_rd) begin
      o_x_q <= rd_x;
      o_y_q <= rd_y;
    end
  end
  assign out_x_o           = o_x_q;
  assign out_y_o           = o_y_q;
  assign out_first_o       = o_first_q;
  assign out_width_o       = pic_w_q;
  assign out_height_o      = pic_h_q;
  assign out_crop_right_o  = crop_r_q;
  assign out_crop_bottom_o = crop_b_q;
  assign out_chroma_o      = chroma_q;
  assign err_o = seen_q || err_ev;

  `ASSERT(LoadIdle_A, phase_q == Load |-> r_idle)
  `ASSERT_STABLE_STALL(OutPlaceStable_A, out_valid_o, out_ready_i,
                       {out_x_o, out_y_o, out_first_o})
endmodule
