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
// the raw patterns go into one bank of a ping-pong buffer, and align_reduce's reductions of
// the beat (its largest exponent field, the OR of the FP16 mantissa fields, its Inf / NaN
// lanes) into the group's running ones (the running maximum one beat behind), which go into
// that bank's side registers with the last beat. floor(log2 max|x|) needs only those
// (align_e8m0). Pass 2 reads the bank back one beat per cycle into a register, with the
// group's format and E8M0 code, then align_apply: unpack and decode, shift, round, one
// register each (the datapath the tensor encoder runs with a row's code, docs/decisions.md
// D36). Pass 2 of a group overlaps pass 1 of the next: N elements per cycle sustained.
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
  // Per beat sideband {last, err_idx, err, code}.
  localparam int unsigned UserWidth = 8 + 1 + IdxWidth + 1;

  // ---------------------------------------------------------------------------------------
  // Pass 1: accept beats into bank wb_q, reduce.
  // ---------------------------------------------------------------------------------------
  // The buffer holds the raw patterns (align_apply unpacks them in pass 2).
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
  logic [N-1:0]    non_finite;
  logic [7:0]      in_ef, run_ef;
  logic [9:0]      beat_or, new_or;
  logic            beat_err;
  logic [IdxWidth-1:0]   beat_idx;

  assign ready_o = ~full_q[wb_q];
  assign in_fire = valid_i & ready_o;
  assign in_last = (wc_q == BeatWidth'(Beats - 1));

  align_reduce #(.N (N)) u_reduce (
    .fmt_i, .data_i, .max_ef_o (in_ef), .sub_or_o (beat_or), .non_finite_o (non_finite)
  );
  assign new_or = run_or_q | beat_or;

  // The beat's first Inf / NaN (lowest lane first).
  always_comb begin
    beat_err = 1'b0;
    beat_idx = '0;
    for (int unsigned k = 0; k < N; k++) begin
      if (!beat_err && non_finite[k]) begin
        beat_err = 1'b1;
        beat_idx = IdxWidth'(32'(wc_q) * N + k);
      end
    end
  end

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
      buf_q[32'(wb_q) * Beats + 32'(wc_q)] <= data_i;
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

  assign rd_last  = rsel_q[Beats-1] | rsel_q[2*Beats-1];
  assign rd_valid = full_q[rb_q];

  always_comb begin
    rd = '0;
    for (int unsigned j = 0; j < 2 * Beats; j++) begin
      rd = rd | (buf_q[j] & {(N*32){rsel_q[j]}});
    end
  end

  // E8M0 code of each bank's group (rb_q picks one at the end).
  for (genvar b = 0; b < 2; b++) begin : g_bank
    logic [7:0] max_ef;
    assign max_ef = (head_ef_q[b] > last_ef_q[b]) ? head_ef_q[b] : last_ef_q[b];
    align_e8m0 u_e8m0 (
      .fmt_i    (fmt_q[b]),
      .max_ef_i (max_ef),
      .sub_or_i (sub_or_q[b]),
      .code_o   (bank_code[b])
    );
  end

  logic            s1_valid_q, s1_ready;
  logic [N*32-1:0] s1_data_q;
  logic [1:0]      s1_fmt_q;
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
      s1_fmt_q  <= fmt_q[rb_q];
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
  // Pass 2, per element: align_apply (decode -> shift -> round, one register each) with the
  // group's format and code; the sideband {last, err_idx, err, code} rides along.
  // ---------------------------------------------------------------------------------------
  logic                 s1_ready_p2;
  logic [UserWidth-1:0] out_user;
  align_apply #(.N (N), .UserWidth (UserWidth)) u_apply (
    .clk_i, .rst_ni, .valid_i (s1_valid_q), .ready_o (s1_ready_p2), .fmt_i (s1_fmt_q),
    .code_i (s1_user_q[7:0]), .data_i (s1_data_q), .user_i (s1_user_q), .valid_o, .ready_i,
    .sample_o, .user_o (out_user)
  );
  assign s1_ready = ~s1_valid_q | s1_ready_p2;

  assign {last_o, err_idx_o, err_o, code_o} = out_user;
endmodule
