// intra_setup: what the whole-block intra predictions of one macroblock need from its
// neighbours, once per macroblock (golden: intra::neighbours::dc_value, the Intra_16x16 DC and
// plane predictions of intra::pred16x16 (N = 16), and Intra_Chroma_DC / Intra_Chroma_Plane of
// intra::chroma for one 4:2:0 component (N = 8)).
//
// Parameters:
//   N   block side: 16 (luma, 8.3.3) or 8 (4:2:0 chroma, 8.3.4).
// Ports (combinational):
//   top_i, left_i   p[0..N-1, -1] and p[-1, 0..N-1], sample 0 in bits [7:0]; corner_i p[-1, -1]
//   avail_i         {top_left, left, top}; samples not available are never read by a legal mode
//   dc_o            the DC prediction of each 4x4 block column/row pair, index by * 2 + bx for
//                   chroma (8.3.4.1-3: blocks (4, 0) and (0, 4) prefer their top / left
//                   samples); all four equal for luma (one DC for the macroblock)
//   xterm_o (bx)    b * (4 * bx - K) and yterm_o (by) = a + 16 + c * (4 * by - K), K = 7 (luma)
//                   or 3 (chroma), with H, V, a, b, c of 8.3.3.4 / 8.3.4.4; so that the plane
//                   prediction of sample (i, j) of 4x4 block (bx, by) is
//                   Clip1((xterm[bx] + yterm[by] + b * i + c * j) >>> 5)
//   b_o, c_o        b and c
// Widths: |H| <= 36 * 255 (luma), 10 * 255 (chroma); |b|, |c| <= 718 / 1355 (12 bits signed);
// a + 16 <= 8176; every term fits TermWidth = 18 bits signed.
module intra_setup #(
  parameter  int unsigned N         = 16,
  localparam int unsigned Blocks    = N / 4,  // 4x4 blocks along a side
  localparam int unsigned TermWidth = 18
) (
  input  logic [N*8-1:0]                     top_i,
  input  logic [N*8-1:0]                     left_i,
  input  logic [7:0]                         corner_i,
  input  logic [2:0]                         avail_i,
  output logic [4*8-1:0]                     dc_o,
  output logic [Blocks*TermWidth-1:0]        xterm_o,
  output logic [Blocks*TermWidth-1:0]        yterm_o,
  output logic signed [11:0]                 b_o,
  output logic signed [11:0]                 c_o
);
  localparam bit Luma = (N == 16);
  localparam int K = Luma ? 7 : 3;
  localparam int Half = N / 2;

  logic avail_top, avail_left;
  assign avail_top  = avail_i[0];
  assign avail_left = avail_i[1];
  // avail_i[2] (the corner) only decides whether the plane mode is legal; the caller checks it.
  logic unused_avail;
  assign unused_avail = avail_i[2];

  // p[x, -1] and p[-1, y] for x, y in -1..N-1 (index -1 is the corner).
  function automatic logic signed [TermWidth-1:0] t(input int x);
    t = (x < 0) ? TermWidth'(corner_i) : TermWidth'(top_i[x*8 +: 8]);
  endfunction
  function automatic logic signed [TermWidth-1:0] l(input int y);
    l = (y < 0) ? TermWidth'(corner_i) : TermWidth'(left_i[y*8 +: 8]);
  endfunction

  // Sums of 4 consecutive top / left samples.
  function automatic logic [9:0] top4(input int x0);
    top4 = 10'(top_i[x0*8 +: 8]) + 10'(top_i[(x0+1)*8 +: 8]) + 10'(top_i[(x0+2)*8 +: 8])
         + 10'(top_i[(x0+3)*8 +: 8]);
  endfunction
  function automatic logic [9:0] left4(input int y0);
    left4 = 10'(left_i[y0*8 +: 8]) + 10'(left_i[(y0+1)*8 +: 8]) + 10'(left_i[(y0+2)*8 +: 8])
          + 10'(left_i[(y0+3)*8 +: 8]);
  endfunction

  // dc_value(top, left, log2n) of intra::neighbours, the sums given with their availability.
  function automatic logic [7:0] dc_value(input logic have_t, input logic [11:0] st,
                                          input logic have_l, input logic [11:0] sl,
                                          input int log2n);
    logic [12:0] one;
    one = have_t ? 13'(st) : 13'(sl);
    if (have_t && have_l) begin
      dc_value = 8'((13'(st) + 13'(sl) + 13'(1 << log2n)) >> (log2n + 1));
    end else if (have_t || have_l) begin
      dc_value = 8'((one + 13'(1 << (log2n - 1))) >> log2n);
    end else begin
      dc_value = 8'd128;
    end
  endfunction

  // DC.
  if (Luma) begin : g_dc_luma
    logic [11:0] st, sl;
    assign st = 12'(top4(0)) + 12'(top4(4)) + 12'(top4(8)) + 12'(top4(12));
    assign sl = 12'(left4(0)) + 12'(left4(4)) + 12'(left4(8)) + 12'(left4(12));
    logic [7:0] dc;
    assign dc = dc_value(avail_top, st, avail_left, sl, 4);
    assign dc_o = {4{dc}};
  end else begin : g_dc_chroma
    logic [9:0] t0, t1, l0, l1;
    assign t0 = top4(0);
    assign t1 = top4(4);
    assign l0 = left4(0);
    assign l1 = left4(4);
    assign dc_o[0 +: 8]  = dc_value(avail_top, 12'(t0), avail_left, 12'(l0), 2);
    assign dc_o[8 +: 8]  = dc_value(avail_top, 12'(t1), !avail_top && avail_left, 12'(l0), 2);
    assign dc_o[16 +: 8] = dc_value(!avail_left && avail_top, 12'(t0), avail_left, 12'(l1), 2);
    assign dc_o[24 +: 8] = dc_value(avail_top, 12'(t1), avail_left, 12'(l1), 2);
  end

  // Plane: H = sum (x' + 1) * (p[Half + x', -1] - p[Half - 2 - x', -1]), V likewise.
  logic signed [TermWidth-1:0] h, v;
  always_comb begin
    h = '0;
    v = '0;
    for (int i = 0; i < Half; i++) begin
      h = h + TermWidth'(i + 1) * (t(Half + i) - t(Half - 2 - i));
      v = v + TermWidth'(i + 1) * (l(Half + i) - l(Half - 2 - i));
    end
  end
  // b = (5H + 32) >> 6 (luma), (34H + 32) >> 6 (chroma); arithmetic shifts (floor).
  localparam int Scale = Luma ? 5 : 34;
  logic signed [23:0] bh, cv;
  assign bh = (24'(h) * 24'(Scale) + 24'sd32) >>> 6;
  assign cv = (24'(v) * 24'(Scale) + 24'sd32) >>> 6;
  assign b_o = bh[11:0];
  assign c_o = cv[11:0];
  logic unused_bc;
  assign unused_bc = ^{bh[23:12], cv[23:12]};

  logic signed [TermWidth-1:0] a16;  // a + 16 = 16 * (p[-1, N-1] + p[N-1, -1]) + 16
  assign a16 = (l(N - 1) + t(N - 1)) * TermWidth'(16) + TermWidth'(16);
  for (genvar k = 0; k < Blocks; k++) begin : g_terms
    assign xterm_o[k*TermWidth +: TermWidth] = TermWidth'(b_o) * TermWidth'(signed'(4 * k - K));
    assign yterm_o[k*TermWidth +: TermWidth] = a16 + TermWidth'(c_o) * TermWidth'(signed'(4 * k - K));
  end
endmodule
