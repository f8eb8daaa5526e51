// Float alignment unit, block floating point (MX style) mode (golden: align::align with
// AlignMode::Bfp { group: G }; docs/align.md sections 2 and 3).
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
// Datapath per group, two passes (docs/align.md section 7): pass 1 as the beats arrive: the
// largest magnitude field (integer compare of the pattern with the sign cleared; for finite
// patterns of one format that is the order of |x|) and the non-finite check; the beats go
// into one bank of a ping-pong buffer. After the last beat the shared exponent
// E = max(floor(log2 max|x|), -127) (-127 for an all-zero group) is stored with the bank.
// Pass 2 reads the bank back one beat per cycle and rounds every element: with
// x = (-1)^s m 2^e and sh = (E - 6) - e: |q| = m << -sh if sh <= 0 (-sh <= 6 inside a group),
// else m / 2^sh rounded to nearest, ties to even (shift amount saturated at 25: m < 2^24
// gives 0 there, as the golden rne_shift); |q| clamped to 127; sample = 128 +- |q|.
// Pass 2 of a group overlaps pass 1 of the next: N elements per cycle sustained.
//
// Parameters:
//   N  elements per beat (per cycle), >= 1.
//   G  group size in elements, a multiple of N with G / N >= 2 (32: OCP MXINT8).
// Ports: fmt_i selects the input format with each beat (0: FP32, 1: FP16, 2: BF16; 3 acts as
// FP32) and must stay constant within a group. valid/ready handshakes on both sides with
// backpressure; latency from a group's last input beat to its first output beat: 1 cycle.
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
  localparam int unsigned B  = G / N;       // beats per group
  localparam int unsigned BW = $clog2(B);   // beat counter width
  localparam int unsigned IW = $clog2(G);   // element index width
  localparam int unsigned XW = 11;          // signed exponent arithmetic (|sh| <= 270)

  // Signed constants of the exponent arithmetic (typed, so every expression stays signed).
  localparam logic signed [XW-1:0] EXP_MIN = -127;  // smallest shared exponent (E8M0 code 0)
  localparam logic signed [XW-1:0] E8M0_BIAS = 127;
  localparam logic signed [XW-1:0] CODE_TO_LSB = 127 + 6;  // E - 6 = code - 133
  localparam logic signed [XW-1:0] SH_SAT = 25;   // m < 2^24: any shift >= 25 gives 0

  localparam logic [1:0] FMT_F16  = 2'd1;
  localparam logic [1:0] FMT_BF16 = 2'd2;

  // The helper functions take whole 32-bit lanes; each format uses only some of the bits.
  /* verilator lint_off UNUSEDSIGNAL */

  // Exact decode of a finite pattern (docs/align.md section 2), packed {neg, m[23:0], e[XW-1:0]}:
  // eb = max(ef, 1), m = (ef != 0) << wm | mf, e = eb - bias - wm. No normalisation.
  function automatic logic [1+24+XW-1:0] decode(input logic [31:0] bits, input logic [1:0] fmt);
    logic          neg;
    logic [7:0]    ef, eb;
    logic [23:0]   m;
    logic [XW-1:0] e, bias_wm;
    case (fmt)
      FMT_F16: begin
        neg = bits[15];
        ef  = {3'd0, bits[14:10]};
        m   = {13'd0, ef != 8'd0, bits[9:0]};
        bias_wm = XW'(15 + 10);
      end
      FMT_BF16: begin
        neg = bits[15];
        ef  = bits[14:7];
        m   = {16'd0, ef != 8'd0, bits[6:0]};
        bias_wm = XW'(127 + 7);
      end
      default: begin
        neg = bits[31];
        ef  = bits[30:23];
        m   = {ef != 8'd0, bits[22:0]};
        bias_wm = XW'(127 + 23);
      end
    endcase
    eb = (ef == 8'd0) ? 8'd1 : ef;
    e  = {{(XW-8){1'b0}}, eb} - bias_wm;
    decode = {neg, m, e};
  endfunction

  // Magnitude field: the pattern with the sign cleared (31 bits FP32, 15 bits FP16 / BF16).
  function automatic logic [30:0] magnitude(input logic [31:0] bits, input logic [1:0] fmt);
    magnitude = (fmt == FMT_F16 || fmt == FMT_BF16) ? {16'd0, bits[14:0]} : bits[30:0];
  endfunction

  // Inf or NaN: exponent field all ones.
  function automatic logic non_finite(input logic [31:0] bits, input logic [1:0] fmt);
    case (fmt)
      FMT_F16:  non_finite = &bits[14:10];
      FMT_BF16: non_finite = &bits[14:7];
      default:  non_finite = &bits[30:23];
    endcase
  endfunction

  // Shared exponent of a group from its largest magnitude field, as the E8M0 code E + 127:
  // E = max(bit_length(m) - 1 + e, -127), and -127 for m = 0.
  function automatic logic [7:0] e8m0(input logic [30:0] max_mag, input logic [1:0] fmt);
    logic [1+24+XW-1:0]   d;
    logic [23:0]          m;
    logic signed [XW-1:0] e, top;
    logic [4:0]           msb;
    d   = decode({1'b0, max_mag}, fmt);
    m   = d[XW +: 24];
    e   = $signed(d[XW-1:0]);
    msb = 5'd0;
    for (int unsigned i = 0; i < 24; i++) begin
      if (m[i]) msb = 5'(i);
    end
    top = $signed({{(XW-5){1'b0}}, msb}) + e;
    if (m == 24'd0 || top < EXP_MIN) begin
      e8m0 = 8'd0;
    end else begin
      e8m0 = 8'(top + E8M0_BIAS);
    end
  endfunction

  // One element against the group's shared exponent: the sample q + 128.
  function automatic logic [7:0] quantize(input logic [31:0] bits, input logic [1:0] fmt,
                                          input logic [7:0] code);
    logic [1+24+XW-1:0]   d;
    logic                 neg, up;
    logic [23:0]          m;
    logic [25:0]          kept, rest, half;
    logic signed [XW-1:0] e, sh;
    logic [4:0]           shs;
    logic [30:0]          mag;
    logic [6:0]           q;
    d   = decode(bits, fmt);
    neg = d[XW+24];
    m   = d[XW +: 24];
    e   = $signed(d[XW-1:0]);
    // sh = (E - 6) - e with E = code - 127.
    sh  = $signed({{(XW-8){1'b0}}, code}) - CODE_TO_LSB - e;
    if (sh <= $signed(XW'(0))) begin
      // -sh <= 6 for every element of the group (|x| <= max|x| < 2^(E+1)); 3 bits suffice.
      mag = {7'd0, m} << 3'(-sh);
    end else begin
      // 26 bits: the half point 2^(shs-1) reaches 2^24 at the saturated shift 25.
      shs  = (sh > SH_SAT) ? 5'd25 : 5'(sh);
      kept = {2'd0, m} >> shs;
      rest = {2'd0, m} & ((26'd1 << shs) - 26'd1);
      half = 26'd1 << (shs - 5'd1);
      up   = (rest > half) || (rest == half && kept[0]);
      mag  = {5'd0, kept} + {30'd0, up};
    end
    q = (mag > 31'd127) ? 7'd127 : mag[6:0];
    quantize = neg ? 8'd128 - {1'b0, q} : 8'd128 + {1'b0, q};
  endfunction

  /* verilator lint_on UNUSEDSIGNAL */

  // ---------------------------------------------------------------------------------------
  // Pass 1: accept beats into bank wb, reduce.
  // ---------------------------------------------------------------------------------------
  logic [N*32-1:0] buf_q [2*B];
  logic [1:0]      full_q;               // bank holds a complete group awaiting pass 2
  logic            wb_q, rb_q;           // bank being written / read
  logic [BW-1:0]   wc_q, rc_q;           // beat within the group being written / read
  logic [30:0]     run_max_q;
  logic            run_err_q;
  logic [IW-1:0]   run_idx_q;
  logic [7:0]      code_q [2];
  logic [1:0]      fmt_q  [2];
  logic            err_q  [2];
  logic [IW-1:0]   idx_q  [2];

  logic          in_fire, out_fire, in_last, out_last;
  logic [30:0]   beat_max, new_max;
  logic          beat_err;
  logic [IW-1:0] beat_idx;

  assign ready_o  = ~full_q[wb_q];
  assign in_fire  = valid_i & ready_o;
  assign in_last  = (wc_q == BW'(B - 1));

  always_comb begin
    beat_max = 31'd0;
    beat_err = 1'b0;
    beat_idx = '0;
    for (int unsigned k = 0; k < N; k++) begin
      logic [30:0] mg;
      mg = magnitude(data_i[k*32 +: 32], fmt_i);
      if (mg > beat_max) beat_max = mg;
      // Lowest lane first: the first non-finite element of the beat.
      if (!beat_err && non_finite(data_i[k*32 +: 32], fmt_i)) begin
        beat_err = 1'b1;
        beat_idx = IW'(32'(wc_q) * N + k);
      end
    end
    new_max = (beat_max > run_max_q) ? beat_max : run_max_q;
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      wb_q      <= 1'b0;
      wc_q      <= '0;
      run_max_q <= '0;
      run_err_q <= 1'b0;
      run_idx_q <= '0;
    end else if (in_fire) begin
      if (in_last) begin
        wb_q      <= ~wb_q;
        wc_q      <= '0;
        run_max_q <= '0;
        run_err_q <= 1'b0;
        run_idx_q <= '0;
      end else begin
        wc_q      <= wc_q + BW'(1);
        run_max_q <= new_max;
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
      buf_q[{wb_q, wc_q}] <= data_i;
      if (in_last) begin
        code_q[wb_q] <= e8m0(new_max, fmt_i);
        fmt_q[wb_q]  <= fmt_i;
        err_q[wb_q]  <= run_err_q | beat_err;
        idx_q[wb_q]  <= run_err_q ? run_idx_q : beat_idx;
      end
    end
  end

  // ---------------------------------------------------------------------------------------
  // Pass 2: read bank rb back, one beat per cycle.
  // ---------------------------------------------------------------------------------------
  assign valid_o  = full_q[rb_q];
  assign out_fire = valid_o & ready_i;
  assign out_last = (rc_q == BW'(B - 1));

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      rb_q <= 1'b0;
      rc_q <= '0;
    end else if (out_fire) begin
      rb_q <= out_last ? ~rb_q : rb_q;
      rc_q <= out_last ? '0 : rc_q + BW'(1);
    end
  end

  // A bank fills on its last input beat and empties on its last output beat (both may happen
  // in one cycle, on different banks).
  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      full_q <= 2'b00;
    end else begin
      for (int unsigned b = 0; b < 2; b++) begin
        if (in_fire && in_last && wb_q == 1'(b)) begin
          full_q[b] <= 1'b1;
        end else if (out_fire && out_last && rb_q == 1'(b)) begin
          full_q[b] <= 1'b0;
        end
      end
    end
  end

  logic [N*32-1:0] rd;
  assign rd = buf_q[{rb_q, rc_q}];
  for (genvar k = 0; k < N; k++) begin : g_lane
    assign sample_o[k*8 +: 8] = quantize(rd[k*32 +: 32], fmt_q[rb_q], code_q[rb_q]);
  end
  assign code_o    = code_q[rb_q];
  assign err_o     = err_q[rb_q];
  assign err_idx_o = idx_q[rb_q];
  assign last_o    = out_last;
endmodule
