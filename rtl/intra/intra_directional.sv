// intra_directional: the nine Intra_NxN modes of one N x N luma block from its edge samples
// (golden: intra::directional::predict::<N> and mode_available, the kernel shared by
// intra::pred4x4 (N = 4, raw neighbours) and intra::pred8x8 (N = 8, filtered neighbours p')).
// Combinational.
//
// The block's edge is one line of 3N + 1 samples, e[k] (bits [k*8 +: 8]):
//   e[N-1-y] = p[-1, y] (y = 0..N-1, the left column bottom up), e[N] = p[-1, -1],
//   e[N+1+x] = p[x, -1] (x = 0..2N-1, top and top-right, the top-right already substituted).
// Every directional sample of Table 8-2 / 8-3 is then a sample of one of three filtered lines:
//   raw  e[k];  f2[k] = (e[k] + e[k+1] + 1) >> 1;  f3[k] = (e[k-1] + 2 e[k] + e[k+1] + 2) >> 2
// with the line's ends repeated (f3[0], f3[3N]: Horizontal_Up's (p[-1,N-2] + 3 p[-1,N-1] + 2) >> 2
// and Diagonal_Down_Left's last sample), or the DC value. Which one (kind, k) sample (x, y) of
// mode m takes is a constant (src_of below, one derivation per mode, the golden formulas with
// p[] rewritten as e[]), so each output sample is an AND-OR of nine candidates under the
// decoded mode: no computed index, and the f2 / f3 adders are shared by all modes and samples.
//
// Parameters:
//   N        4 or 8.
// Ports (combinational):
//   e_i      the edge line above; samples not available are never read by a legal mode
//   mode_i   Intra4x4PredMode / Intra8x8PredMode (Table 8-2 / 8-3); 9..15 are errors
//   avail_i  {top_left, left, top} (top-right is folded into e_i by the caller)
//   pred_o   N*N samples, raster order (sample (x, y) in bits [(N*y + x)*8 +: 8]); don't care
//            when err_o
//   err_o    the mode is not usable with avail_i (golden mode_available false: predict None)
module intra_directional #(
  parameter  int unsigned N     = 4,
  localparam int unsigned E     = 3 * N + 1,  // edge line length
  localparam int unsigned Log2N = (N == 8) ? 3 : 2
) (
  input  logic [E*8-1:0]     e_i,
  input  logic [3:0]         mode_i,
  input  logic [2:0]         avail_i,
  output logic [N*N*8-1:0]   pred_o,
  output logic               err_o
);
  localparam int RAW = 0, F2 = 1, F3 = 2, DC = 3;
  localparam int NI = N;
  localparam int unsigned SumW = Log2N + 9;   // a side's sum, and one bit more for both

  // Source of sample (x, y) of mode m: kind * 256 + k (see the header; z, k as in directional.rs).
  function automatic int src_of(input int m, input int x, input int y);
    int n, z, k;
    n = NI;
    src_of = DC * 256;
    if (m == 0) begin         // Vertical: p[x, -1]
      src_of = RAW * 256 + n + 1 + x;
    end else if (m == 1) begin  // Horizontal: p[-1, y]
      src_of = RAW * 256 + n - 1 - y;
    end else if (m == 3) begin  // Diagonal_Down_Left: centre p[x + y + 1, -1]
      src_of = F3 * 256 + n + 2 + x + y;
    end else if (m == 4) begin  // Diagonal_Down_Right: centre on the line x - y
      src_of = F3 * 256 + n + x - y;
    end else if (m == 5) begin  // Vertical_Right, zVR = 2x - y
      z = 2 * x - y;
      k = x - y / 2;
      if (z >= 0 && z % 2 == 0)      src_of = F2 * 256 + n + k;
      else if (z >= 0)               src_of = F3 * 256 + n + k;
      else if (z == -1)              src_of = F3 * 256 + n;
      else                           src_of = F3 * 256 + n + 1 - y + 2 * x;
    end else if (m == 6) begin  // Horizontal_Down, zHD = 2y - x
      z = 2 * y - x;
      k = y - x / 2;
      if (z >= 0 && z % 2 == 0)      src_of = F2 * 256 + n - 1 - k;
      else if (z >= 0)               src_of = F3 * 256 + n - k;
      else if (z == -1)              src_of = F3 * 256 + n;
      else                           src_of = F3 * 256 + n - 1 + x - 2 * y;
    end else if (m == 7) begin  // Vertical_Left
      k = x + y / 2;
      if (y % 2 == 0)                src_of = F2 * 256 + n + 1 + k;
      else                           src_of = F3 * 256 + n + 2 + k;
    end else if (m == 8) begin  // Horizontal_Up, zHU = x + 2y
      z = x + 2 * y;
      k = y + x / 2;
      if (z < 2 * n - 3 && z % 2 == 0) src_of = F2 * 256 + n - 2 - k;
      else if (z < 2 * n - 3)          src_of = F3 * 256 + n - 2 - k;
      else if (z == 2 * n - 3)         src_of = F3 * 256;
      else                             src_of = RAW * 256;
    end
  endfunction

  function automatic logic [7:0] smp(input int k);
    smp = e_i[k*8 +: 8];
  endfunction

  // The filtered lines.
  logic [E*8-1:0]     f3;
  logic [(E-1)*8-1:0] f2;
  for (genvar k = 0; k < E; k++) begin : g_f3
    localparam int Lo = (k == 0) ? 0 : k - 1;
    localparam int Hi = (k == E - 1) ? k : k + 1;
    intra_avg3 u_avg3 (
      .a_i (e_i[Lo*8 +: 8]), .b_i (e_i[k*8 +: 8]), .c_i (e_i[Hi*8 +: 8]), .avg_o (f3[k*8 +: 8])
    );
  end
  for (genvar k = 0; k + 1 < E; k++) begin : g_f2
    logic unused_frac;
    assign {f2[k*8 +: 8], unused_frac} = 9'(e_i[k*8 +: 8]) + 9'(e_i[(k+1)*8 +: 8]) + 9'd1;
  end

  // DC (8.3.1.2.3 / 8.3.2.2.4): with S the sum of the available sides, both sides give
  // (S + N) >> (log2N + 1) and one side (S + N/2) >> log2N = (2S + N) >> (log2N + 1); none 128.
  logic avail_top, avail_left, avail_corner;
  assign {avail_corner, avail_left, avail_top} = avail_i;
  logic [SumW-1:0] sum_top, sum_left;
  always_comb begin
    sum_top  = '0;
    sum_left = '0;
    for (int i = 0; i < NI; i++) begin
      sum_top  = sum_top + SumW'(smp(NI + 1 + i));
      sum_left = sum_left + SumW'(smp(i));
    end
  end
  logic [SumW:0] sum, sum2, dc_full;
  assign sum     = ({1'b0, sum_top} & {(SumW+1){avail_top}})
                 + ({1'b0, sum_left} & {(SumW+1){avail_left}});
  assign sum2    = (avail_top && avail_left) ? sum : {sum[SumW-1:0], 1'b0};
  assign dc_full = sum2 + {{(SumW+1-Log2N-1){1'b0}}, 1'b1, {Log2N{1'b0}}};  // + N
  logic [7:0] dc;
  assign dc = (avail_top || avail_left) ? dc_full[Log2N+1 +: 8] : 8'd128;

  // Mode decode and availability (mode_available).
  logic [8:0] sel;
  for (genvar m = 0; m < 9; m++) begin : g_sel
    assign sel[m] = (mode_i == 4'(m));
  end
  logic ok;
  assign ok = ((sel[0] | sel[3] | sel[7]) & avail_top) | ((sel[1] | sel[8]) & avail_left)
            | sel[2] | ((sel[4] | sel[5] | sel[6]) & avail_top & avail_left & avail_corner);
  assign err_o = ~ok;

  // Each sample: the AND-OR of its nine candidates.
  for (genvar y = 0; y < N; y++) begin : g_row
    for (genvar x = 0; x < N; x++) begin : g_col
      logic [9*8-1:0] cand;
      for (genvar m = 0; m < 9; m++) begin : g_mode
        localparam int S    = src_of(m, x, y);
        localparam int Kind = S / 256;
        localparam int K    = S % 256;
        if (Kind == RAW) begin : g_raw
          assign cand[m*8 +: 8] = e_i[K*8 +: 8];
        end else if (Kind == F2) begin : g_f2
          assign cand[m*8 +: 8] = f2[K*8 +: 8];
        end else if (Kind == F3) begin : g_f3
          assign cand[m*8 +: 8] = f3[K*8 +: 8];
        end else begin : g_dc
          assign cand[m*8 +: 8] = dc;
        end
      end
      logic [7:0] v;
      always_comb begin
        v = '0;
        for (int m = 0; m < 9; m++) begin
          v |= cand[m*8 +: 8] & {8{sel[m]}};
        end
      end
      assign pred_o[(N*y+x)*8 +: 8] = v;
    end
  end

  // Not every filtered sample is read by some mode (synthesis drops those adders); the DC
  // sum's top bit is never set by 8-bit samples.
  logic unused;
  assign unused = ^{f2, f3, dc_full};
endmodule
