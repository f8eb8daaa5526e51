// Float alignment unit, block floating point (MX style) mode (golden: align::align with
// AlignMode::Bfp { group: G }; docs/align.md sections 2, 3 and 7).
//
// Input: groups of G consecutive elements of one row, N elements per beat (G / N beats per
// group), raw FP32 / FP16 / BF16 bit patterns (16-bit formats in the low half of each 32-bit
// lane). Output: per beat N 8-bit samples (q + 128, q in -127..=127), and with every beat of a
// group its E8M0 code (shared exponent + 127), an error flag and the index of the group's first
// Inf / NaN element.
//
// A row whose length is not a multiple of G ends in a short group: the caller pads it to G
// elements with +0 (bits 0) and drops the padding's samples. Padding cannot change the group's
// result: +0 has magnitude 0, so the group maximum and shared exponent stay the same.
// A group holding Inf or NaN (exponent field all ones) has err_o set and err_idx_o = index
// within the group of its first such element; its samples and code are void (the golden model
// rejects the whole tensor naming the first such element in row-major order, which is the
// first group with err_o, at index group * G + err_idx_o).
//
// Datapath per group, two passes (docs/align.md section 7). Pass 1, as the beats arrive:
// each element into the format-free align_unpack layout (the buffer keeps that), the group's
// largest exponent field (a compare tree over the beat's N fields; the running maximum one
// beat behind), the OR of the FP16 mantissa fields and the first non-finite element; the
// beats go into one bank of a ping-pong buffer, the reductions into that bank's side
// registers with the last beat. floor(log2 max|x|) needs only those (align_e8m0). Pass 2
// reads the bank back one beat per cycle into a register, with the group's E8M0 code and
// shift offset, then three registered stages per element: align_decode (m, sign, shift t),
// align_shift (shift with round / sticky bits), align_round (ties to even, clamp 127, sample
// 128 +- q). Pass 2 of a group overlaps pass 1 of the next: N elements per cycle sustained.
//
// Parameters:
//   N  elements per beat (per cycle), >= 1.
//   G  group size in elements, a multiple of N with G / N >= 2 (32: OCP MXINT8).
// Ports: fmt_i selects the input format with each beat (0: FP32, 1: FP16, 2: BF16; 3 acts as
// FP32) and must stay constant within a group. valid/ready handshakes on both sides with
// backpressure: ready_o comes from a register (a bank is free), every output from a register;
// ready_i reaches the read stage combinationally through the three stages' ready chain.
// Latency from a group's last input beat to its first output beat: 5 cycles (1 to fill the
// bank, 4 pass-2 registers).
module align #(
  parameter int unsigned N = 4,
  parameter int unsigned G = 32
) (
  input  logic                 clk_i,
  input  logic                 rst_ni,
  input  logic                 valid_i,
  output logic                 ready_o,
  input  logic [1:0]           fmt_i,
  input  logic [N*32-1:0]      data_i,
  output logic                 valid_o,
  input  logic                 ready_i,
  output logic [N*8-1:0]       sample_o,
  output logic [7:0]           code_o,
  output logic                 err_o,
  output logic [$clog2(G)-1:0] err_idx_o,
  output logic                 last_o
);
  localparam int unsigned Beats     = G / N;              // beats per group
  localparam int unsigned BeatWidth = $clog2(Beats);      // beat counter width
  localparam int unsigned IdxWidth  = $clog2(G);          // element index width
  localparam int unsigned Leaves    = 1 << $clog2(N);     // compare tree leaves (N, padded)
  // Per beat sideband {last, err_idx, err, code}.
  localparam int unsigned UserWidth = 8 + 1 + IdxWidth + 1;

  localparam logic [1:0] FMT_F16  = 2'd1;
  localparam logic [1:0] FMT_BF16 = 2'd2;

  // ---------------------------------------------------------------------------------------
  // Pass 1: accept beats into bank wb_q, reduce.
  // ---------------------------------------------------------------------------------------
  // The buffer holds the elements in the format-free align_unpack layout.
  logic [N*32-1:0] buf_q [2*Beats];
  logic [1:0]      full_q;               // bank holds a complete group awaiting pass 2
  logic            wb_q;                 // bank being written
  logic [BeatWidth-1:0]   wc_q;                 // beat within the group being written
  // The largest exponent field runs one beat behind (beat_ef_q: the previous beat's, run_ef_q:
  // those before it), so that no compare follows the beat's own tree in the input cycle.
  logic [7:0]      beat_ef_q, run_ef_q;
  logic [9:0]      run_or_q;             // OR of the FP16 mantissa fields so far
  logic            run_err_q;
  logic [IdxWidth-1:0]   run_idx_q;
  // Per bank: the group's largest exponent field in two parts (beats 0..Beats-2, beat Beats-1; the
  // read stage takes the larger), mantissa OR, format and first Inf / NaN.
  logic [7:0]      head_ef_q [2];
  logic [7:0]      last_ef_q [2];
  logic [9:0]      sub_or_q  [2];
  logic [1:0]      fmt_q     [2];
  logic            err_q     [2];
  logic [IdxWidth-1:0]   idx_q     [2];

  logic            in_fire, in_last;
  logic [N*32-1:0] elem;
  logic [N-1:0]    non_finite;
  logic [7:0]      in_ef, run_ef;
  logic [9:0]      new_or;
  logic            beat_err;
  logic [IdxWidth-1:0]   beat_idx;

  assign ready_o = ~full_q[wb_q];
  assign in_fire = valid_i & ready_o;
  assign in_last = (wc_q == BeatWidth'(Beats - 1));

  for (genvar k = 0; k < N; k++) begin : g_unpack
    align_unpack u_unpack (
      .bits_i       (data_i[k*32 +: 32]),
      .fmt_i,
      .elem_o       (elem[k*32 +: 32]),
      .non_finite_o (non_finite[k])
    );
  end

  // The beat's first Inf / NaN (lowest lane first) and the FP16 mantissa OR (the top 10
  // bits of the left-aligned mantissa field).
  always_comb begin
    new_or   = run_or_q;
    beat_err = 1'b0;
    beat_idx = '0;
    for (int unsigned k = 0; k < N; k++) begin
      new_or = new_or | elem[k*32+13 +: 10];
      if (!beat_err && non_finite[k]) begin
        beat_err = 1'b1;
        beat_idx = IdxWidth'(32'(wc_q) * N + k);
      end
    end
  end

  // Largest exponent field of the beat: a balanced compare tree, each level halving the
  // candidates in place (candidate i of a level moves to i / 2). One tree per format on the
  // raw fields, the format picking the result: fmt_i's fanout stays off the compare path.
  function automatic logic [7:0] max_tree(input logic [8*Leaves-1:0] leaves);
    logic [8*Leaves-1:0] v;
    v = leaves;
    for (int unsigned w = Leaves / 2; w >= 1; w = w / 2) begin
      for (int unsigned i = 0; i < w; i++) begin
        v[i*8 +: 8] = (v[2*i*8 +: 8] > v[(2*i+1)*8 +: 8]) ? v[2*i*8 +: 8] : v[(2*i+1)*8 +: 8];
      end
    end
    max_tree = v[7:0];
  endfunction

  logic [8*Leaves-1:0] ef_f32, ef_f16, ef_bf16;
  always_comb begin
    ef_f32  = '0;
    ef_f16  = '0;
    ef_bf16 = '0;
    for (int unsigned k = 0; k < N; k++) begin
      ef_f32[k*8 +: 8]  = data_i[k*32+23 +: 8];
      ef_f16[k*8 +: 8]  = {3'd0, data_i[k*32+10 +: 5]};
      ef_bf16[k*8 +: 8] = data_i[k*32+7 +: 8];
    end
  end
  assign in_ef  = (fmt_i == FMT_F16)  ? max_tree(ef_f16)  :
                  (fmt_i == FMT_BF16) ? max_tree(ef_bf16) : max_tree(ef_f32);
  assign run_ef = (beat_ef_q > run_ef_q) ? beat_ef_q : run_ef_q;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      wb_q      <= 1'b0;
      wc_q      <= '0;
      beat_ef_q <= '0;
      run_ef_q  <= '0;
      run_or_q  <= '0;
      run_err_q <= 1'b0;
      run_idx_q <= '0;
    end else if (in_fire) begin
      if (in_last) begin
        wb_q      <= ~wb_q;
        wc_q      <= '0;
        beat_ef_q <= '0;
        run_ef_q  <= '0;
        run_or_q  <= '0;
        run_err_q <= 1'b0;
        run_idx_q <= '0;
      end else begin
        wc_q      <= wc_q + BeatWidth'(1);
        beat_ef_q <= in_ef;
        run_ef_q  <= run_ef;
        run_or_q  <= new_or;
        if (!run_err_q && beat_err) begin
          run_err_q <= 1'b1;
          run_idx_q <= beat_idx;
        end
      end
    end
  end

  // Buffer and per-bank results (no reset needed: full_q qualifies them).
  always_ff @(posedge clk_i) begin
    if (in_fire) begin
      // Row bank * Beats + beat, the order rsel_q steps through (Beats need not be a power of two).
      buf_q[32'(wb_q) * Beats + 32'(wc_q)] <= elem;
      if (in_last) begin
        head_ef_q[wb_q] <= run_ef;
        last_ef_q[wb_q] <= in_ef;
        sub_or_q[wb_q]  <= new_or;
        fmt_q[wb_q]     <= fmt_i;
        err_q[wb_q]     <= run_err_q | beat_err;
        idx_q[wb_q]     <= run_err_q ? run_idx_q : beat_idx;
      end
    end
  end

  // ---------------------------------------------------------------------------------------
  // Pass 2, read stage: bank rb_q, one beat per cycle into a register.
  // ---------------------------------------------------------------------------------------
  // One-hot read pointer over the 2 * Beats buffer rows (row bank * Beats + beat): the row
  // select is an AND-OR, each select bit driving one row instead of a binary mux tree's shared
  // selects.
  // rb_q is the bank of that row, kept apart so that the bank's side registers need no
  // decode of rsel_q.
  logic [2*Beats-1:0]  rsel_q;
  logic            rb_q, rd_valid, rd_last, rd_fire;
  logic [N*32-1:0] rd;
  logic [7:0]      bank_code [2];
  logic [9:0]      bank_tofs [2];

  assign rd_last  = rsel_q[Beats-1] | rsel_q[2*Beats-1];
  assign rd_valid = full_q[rb_q];

  always_comb begin
    rd = '0;
    for (int unsigned j = 0; j < 2 * Beats; j++) begin
      rd = rd | (buf_q[j] & {(N*32){rsel_q[j]}});
    end
  end

  // E8M0 code and shift offset of each bank's group (rb_q picks one at the end).
  for (genvar b = 0; b < 2; b++) begin : g_bank
    logic [7:0] max_ef;
    assign max_ef = (head_ef_q[b] > last_ef_q[b]) ? head_ef_q[b] : last_ef_q[b];
    align_e8m0 u_e8m0 (
      .fmt_i    (fmt_q[b]),
      .max_ef_i (max_ef),
      .sub_or_i (sub_or_q[b]),
      .code_o   (bank_code[b]),
      .tofs_o   (bank_tofs[b])
    );
  end

  logic            s1_valid_q, s1_ready;
  logic [N*32-1:0] s1_data_q;
  logic [9:0]      s1_tofs_q;
  logic [UserWidth-1:0]   s1_user_q;

  assign rd_fire = rd_valid & s1_ready;

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      rsel_q     <= (2*Beats)'(1);
      rb_q       <= 1'b0;
      s1_valid_q <= 1'b0;
    end else begin
      if (rd_fire) begin
        rsel_q <= {rsel_q[2*Beats-2:0], rsel_q[2*Beats-1]};
        if (rd_last) rb_q <= ~rb_q;
      end
      if (s1_ready) begin
        s1_valid_q <= rd_valid;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (rd_fire) begin
      s1_data_q <= rd;
      s1_tofs_q <= bank_tofs[rb_q];
      s1_user_q <= {rd_last, idx_q[rb_q], err_q[rb_q], bank_code[rb_q]};
    end
  end

  // A bank fills on its last input beat and empties when its last beat is read (both may
  // happen in one cycle, on different banks).
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      full_q <= 2'b00;
    end else begin
      for (int unsigned b = 0; b < 2; b++) begin
        if (in_fire && in_last && wb_q == 1'(b)) begin
          full_q[b] <= 1'b1;
        end else if (rd_fire && rd_last && rb_q == 1'(b)) begin
          full_q[b] <= 1'b0;
        end
      end
    end
  end

  // ---------------------------------------------------------------------------------------
  // Pass 2, per element: decode -> shift -> round, one register each under one control.
  // ---------------------------------------------------------------------------------------
  logic [2:0] p2_en;
  logic       s1_ready_p2;
  prim_pipe_ctrl #(.Stages (3)) u_p2_ctrl (
    .clk_i, .rst_ni, .valid_i (s1_valid_q), .ready_o (s1_ready_p2), .valid_o, .ready_i,
    .en_o (p2_en)
  );
  assign s1_ready = ~s1_valid_q | s1_ready_p2;

  logic [N-1:0]         dec_neg_d, dec_neg;
  logic [N*24-1:0]      dec_sig_d, dec_sig;
  logic [N*5-1:0]       dec_sh_d, dec_sh;
  logic [UserWidth-1:0] dec_user;
  align_decode #(.N (N)) u_decode (
    .elem_i (s1_data_q), .tofs_i (s1_tofs_q), .neg_o (dec_neg_d), .sig_o (dec_sig_d),
    .sh_o (dec_sh_d)
  );
  prim_pipe_reg #(.Width (UserWidth + N*30), .Stages (1)) u_dec_q (
    .clk_i, .en_i (p2_en[0]), .d_i ({s1_user_q, dec_sh_d, dec_sig_d, dec_neg_d}),
    .q_o ({dec_user, dec_sh, dec_sig, dec_neg})
  );

  logic [N-1:0]         sh_neg, sh_big_d, sh_big, sh_round_d, sh_round, sh_sticky_d, sh_sticky;
  logic [N*7-1:0]       sh_kept_d, sh_kept;
  logic [UserWidth-1:0] sh_user;
  align_shift #(.N (N)) u_shift (
    .sig_i (dec_sig), .sh_i (dec_sh), .kept_o (sh_kept_d), .big_o (sh_big_d),
    .round_o (sh_round_d), .sticky_o (sh_sticky_d)
  );
  prim_pipe_reg #(.Width (UserWidth + N*11), .Stages (1)) u_sh_q (
    .clk_i, .en_i (p2_en[1]),
    .d_i ({dec_user, sh_sticky_d, sh_round_d, sh_big_d, sh_kept_d, dec_neg}),
    .q_o ({sh_user, sh_sticky, sh_round, sh_big, sh_kept, sh_neg})
  );

  // The samples leave from the third register.
  logic [N*8-1:0]       sample_d;
  logic [UserWidth-1:0] out_user;
  align_round #(.N (N)) u_round (
    .neg_i (sh_neg), .kept_i (sh_kept), .big_i (sh_big), .round_i (sh_round),
    .sticky_i (sh_sticky), .sample_o (sample_d)
  );
  prim_pipe_reg #(.Width (UserWidth + N*8), .Stages (1)) u_round_q (
    .clk_i, .en_i (p2_en[2]), .d_i ({sh_user, sample_d}), .q_o ({out_user, sample_o})
  );

  assign {last_o, err_idx_o, err_o, code_o} = out_user;
endmodule
