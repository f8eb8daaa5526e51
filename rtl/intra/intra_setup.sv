// intra_setup: what the whole-block intra predictions of one macroblock need from its
// neighbours, once per macroblock (golden: intra::neighbours::dc_value, the Intra_16x16 DC and
// plane predictions of intra::pred16x16 (N = 16), and Intra_Chroma_DC / Intra_Chroma_Plane of
// intra::chroma for one 4:2:0 component (N = 8)), over two registered cycles (issue 12: the
// whole computation in one cycle, H or V -> b or c -> the terms, was the encoder lane's
// critical path, about 40 logic levels).
//
// Parameters:
//   N   block side: 16 (luma, 8.3.3) or 8 (4:2:0 chroma, 8.3.4).
// Ports:
//   load_i          starts a computation from the neighbours of this cycle
//   top_i, left_i   p[0..N-1, -1] and p[-1, 0..N-1], sample 0 in bits [7:0]; corner_i p[-1, -1]
//   avail_i         {top_left, left, top}; samples not available are never read by a legal mode
//   dc_o            the DC prediction of each 4x4 block column/row pair, index by * 2 + bx for
//                   chroma (8.3.4.1-3: blocks (4, 0) and (0, 4) prefer their top / left
//                   samples); all four equal for luma (one DC for the macroblock)
//   col_o (x)       b * (x - K), x = 0..N-1, ColWidth bits signed
//   row_o (y)       a + 16 + c * (y - K), y = 0..N-1, RowWidth bits signed; K = 7 (luma) or 3
//                   (chroma), H, V, a, b, c of 8.3.3.4 / 8.3.4.4; so that the plane prediction of
//                   sample (x, y) is Clip1((col[x] + row[y]) >>> 5)
// Latency: registered; the outputs of a load_i are valid 2 cycles after it (cycle 1 registers
// the sums: H's and V's halves, the DC sums, p[-1, N-1] + p[N-1, -1] + 1; cycle 2 b, c and the
// terms) and held until the next load_i's. The neighbours need be valid only in load_i's cycle.
// Widths: H's and V's halves <= 36 * 255 (14 bits unsigned); |H| <= 36 * 255 (luma), 10 * 255
// (chroma); |b|, |c| <= 717 (luma), 1355 (chroma), 12 bits signed; |col| <= max(717 * 8,
// 1355 * 4) = 5736 fits ColWidth = 14;
// a + 16 is 16..8176, so row is -5720..13912 and fits RowWidth = 15; col + row is -11456..19648
// and fits 16 bits signed (the caller's sum).
module intra_setup #(
  parameter  int unsigned N        = 16,
  localparam int unsigned ColWidth = 14,
  localparam int unsigned RowWidth = 15
) (
  input  logic                  clk_i,
  input  logic                  load_i,
  input  logic [N*8-1:0]        top_i,
  input  logic [N*8-1:0]        left_i,
  input  logic [7:0]            corner_i,
  input  logic [2:0]            avail_i,
  output logic [4*8-1:0]        dc_o,
  output logic [N*ColWidth-1:0] col_o,
  output logic [N*RowWidth-1:0] row_o
);
  localparam bit Luma = (N == 16);
  localparam int K = Luma ? 7 : 3;
  localparam int Half = N / 2;
  localparam int unsigned SW = 14;  // the halves of H and V: at most 36 * 255

  // ---- Cycle 1: the sums.
  // avail_i[2] (the corner) only decides whether the plane mode is legal; the caller checks it.
  logic unused_avail;
  assign unused_avail = avail_i[2];

  // p[x, -1] and p[-1, y] for x, y in -1..N-1 (index -1 is the corner).
  function automatic logic [SW-1:0] t(input int x);
    t = (x < 0) ? SW'(corner_i) : SW'(top_i[x*8 +: 8]);
  endfunction
  function automatic logic [SW-1:0] l(input int y);
    l = (y < 0) ? SW'(corner_i) : SW'(left_i[y*8 +: 8]);
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

  // The DC sums: luma the 16 top and the 16 left samples (sum_d[0], sum_d[1]); chroma the
  // 4-sample groups top 0..3, 4..7, left 0..3, 4..7 (sum_d[0..3]).
  logic [4*12-1:0] sum_d, sum_q;
  if (Luma) begin : g_sum_luma
    assign sum_d[0 +: 12]  = 12'(top4(0)) + 12'(top4(4)) + 12'(top4(8)) + 12'(top4(12));
    assign sum_d[12 +: 12] = 12'(left4(0)) + 12'(left4(4)) + 12'(left4(8)) + 12'(left4(12));
    assign sum_d[24 +: 24] = '0;
  end else begin : g_sum_chroma
    assign sum_d[0 +: 12]  = 12'(top4(0));
    assign sum_d[12 +: 12] = 12'(top4(4));
    assign sum_d[24 +: 12] = 12'(left4(0));
    assign sum_d[36 +: 12] = 12'(left4(4));
  end

  // Plane: H = sum (x' + 1) * (p[Half + x', -1] - p[Half - 2 - x', -1]), V likewise, as their
  // two halves: H = hp - hn with hp = sum (x' + 1) * p[Half + x', -1] and hn = sum (x' + 1) *
  // p[Half - 2 - x', -1] (each one adder tree of positive terms; the difference joins 5H + 32's
  // in cycle 2).
  logic [SW-1:0] hp_d, hn_d, vp_d, vn_d, hp_q, hn_q, vp_q, vn_q;
  always_comb begin
    hp_d = '0;
    hn_d = '0;
    vp_d = '0;
    vn_d = '0;
    for (int i = 0; i < Half; i++) begin
      hp_d = hp_d + SW'(i + 1) * t(Half + i);
      hn_d = hn_d + SW'(i + 1) * t(Half - 2 - i);
      vp_d = vp_d + SW'(i + 1) * l(Half + i);
      vn_d = vn_d + SW'(i + 1) * l(Half - 2 - i);
    end
  end
  // a + 16 = 16 * (p[-1, N-1] + p[N-1, -1] + 1): the sum registered, the product is wiring.
  logic [8:0] a1_d, a1_q;
  assign a1_d = 9'(left_i[(N-1)*8 +: 8]) + 9'(top_i[(N-1)*8 +: 8]) + 9'd1;

  logic       load_q;
  logic [1:0] avail_q;  // {left, top}
  always_ff @(posedge clk_i) begin
    load_q <= load_i;
    if (load_i) begin
      sum_q   <= sum_d;
      hp_q    <= hp_d;
      hn_q    <= hn_d;
      vp_q    <= vp_d;
      vn_q    <= vn_d;
      a1_q    <= a1_d;
      avail_q <= avail_i[1:0];
    end
  end

  // ---- Cycle 2: b, c, the DC values and the terms.
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

  logic avail_top, avail_left;
  assign avail_top  = avail_q[0];
  assign avail_left = avail_q[1];
  logic [4*8-1:0] dc_d;
  if (Luma) begin : g_dc_luma
    logic [7:0] dc;
    assign dc = dc_value(avail_top, sum_q[0 +: 12], avail_left, sum_q[12 +: 12], 4);
    assign dc_d = {4{dc}};
    logic unused_sum;
    assign unused_sum = ^sum_q[24 +: 24];
  end else begin : g_dc_chroma
    logic [11:0] t0, t1, l0, l1;
    assign t0 = sum_q[0 +: 12];
    assign t1 = sum_q[12 +: 12];
    assign l0 = sum_q[24 +: 12];
    assign l1 = sum_q[36 +: 12];
    assign dc_d[0 +: 8]  = dc_value(avail_top, t0, avail_left, l0, 2);
    assign dc_d[8 +: 8]  = dc_value(avail_top, t1, !avail_top && avail_left, l0, 2);
    assign dc_d[16 +: 8] = dc_value(!avail_left && avail_top, t0, avail_left, l1, 2);
    assign dc_d[24 +: 8] = dc_value(avail_top, t1, avail_left, l1, 2);
  end

  // b = (5H + 32) >> 6 (luma), (34H + 32) >> 6 (chroma); arithmetic shifts (floor). One adder
  // tree each: 5 hp - 5 hn + 32.
  localparam int Scale = Luma ? 5 : 34;
  logic signed [23:0] bh, cv;
  logic signed [11:0] b, c;
  assign bh = $signed(24'(hp_q) * 24'(Scale) - 24'(hn_q) * 24'(Scale) + 24'd32) >>> 6;
  assign cv = $signed(24'(vp_q) * 24'(Scale) - 24'(vn_q) * 24'(Scale) + 24'd32) >>> 6;
  assign b = bh[11:0];
  assign c = cv[11:0];
  logic unused_bc;
  assign unused_bc = ^{bh[23:12], cv[23:12]};

  // v * m for a constant m in -7..8 as at most two signed powers of two (one add or subtract).
  function automatic logic signed [RowWidth-1:0] mul_small(input logic signed [11:0] v,
                                                           input int m);
    logic signed [RowWidth-1:0] w;
    w = RowWidth'(v);
    case (m)
      -7:      mul_small = w - (w <<< 3);
      -6:      mul_small = (w <<< 1) - (w <<< 3);
      -5:      mul_small = -(w <<< 2) - w;
      -4:      mul_small = -(w <<< 2);
      -3:      mul_small = w - (w <<< 2);
      -2:      mul_small = -(w <<< 1);
      -1:      mul_small = -w;
      0:       mul_small = '0;
      1:       mul_small = w;
      2:       mul_small = w <<< 1;
      3:       mul_small = (w <<< 1) + w;
      4:       mul_small = w <<< 2;
      5:       mul_small = (w <<< 2) + w;
      6:       mul_small = (w <<< 3) - (w <<< 1);
      7:       mul_small = (w <<< 3) - w;
      default: mul_small = w <<< 3;  // 8
    endcase
  endfunction

  logic [N*ColWidth-1:0] col_d;
  logic [N*RowWidth-1:0] row_d;
  logic [RowWidth-1:0]   a16;
  assign a16 = RowWidth'({a1_q, 4'd0});
  for (genvar x = 0; x < N; x++) begin : g_terms
    logic [RowWidth-1:0] bx;
    assign bx = mul_small(b, x - K);
    assign col_d[x*ColWidth +: ColWidth] = bx[ColWidth-1:0];
    assign row_d[x*RowWidth +: RowWidth] = a16 + mul_small(c, x - K);
    logic unused_bx;
    assign unused_bx = ^bx[RowWidth-1:ColWidth];
  end
  always_ff @(posedge clk_i) begin
    if (load_q) begin
      dc_o  <= dc_d;
      col_o <= col_d;
      row_o <= row_d;
    end
  end
endmodule
