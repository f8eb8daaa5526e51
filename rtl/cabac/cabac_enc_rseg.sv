// cabac_enc_rseg: the setup of one pair step of the encoding engine's range cascade
// (cabac_enc_rpair) for one value of lane A's q (qA), a cycle ahead of the cascade (part of
// the codIRange update of golden::cabac::CabacEncoder::encode_decision / encode_terminate /
// encode_bypass for two lanes, the part that does not depend on the range). With lane A
// subtracting, t = t0 + lo for lo = r[5:0] in 0..63 (t0 = 256 + 64 qA - cA[qA]); lane B's input
// is t << sh (sh = !t[8]) and its q1 = (t << sh)[7:6], which change only where t crosses a
// multiple of 32 below 256 or of 64 from 256: so lo's 64 values fall into at most three
// segments, segment s from lo = th[s] (th[0] = 0) on, each with one (sh, q1). Per segment:
// th (64: not reached), sh, q1 and lane B's input less its c, ((t0 + lo) << sh) - cB[q1], as
// kk + lo shifted: with sh = 0, kk = t0 - cB[q1] (modulo 1024) and the value is kk + lo; with
// sh = 1, kk = t0 - ceil(cB[q1] / 2) and the value is {kk + lo, cB[q1][0]} (odd), so that the
// cascade adds lo to a register with no shift ahead of the adder. Combinational.
module cabac_enc_rseg (
  input  logic [8:0]  t0_i,
  input  logic [31:0] cb_i,   // lane B subtracting: cB[q] at [q*8 +: 8]
  output logic [13:0] th_o,   // segment 1's start at [6:0], segment 2's at [13:7] (64: none)
  output logic [29:0] k_o,    // segment s's kk at [s*10 +: 10]
  output logic [2:0]  sh_o,
  output logic [2:0]  odd_o,  // segment s's cB[q1][0] (used with sh)
  output logic [5:0]  q_o     // segment s's q1 at [s*2 +: 2]
);
  // The start of the segment after the one holding t (t < 512).
  function automatic logic [9:0] next_start(input logic [9:5] t);
    next_start = t[8] ? {(t[9:6] + 4'd1), 6'd0} : {(t[9:5] + 5'd1), 5'd0};
  endfunction

  logic [9:0] ts [3];  // each segment's first t
  logic [9:0] ts1;
  assign ts1   = next_start({1'b0, t0_i[8:5]});
  assign ts[0] = {1'b0, t0_i};
  assign ts[1] = ts1;
  assign ts[2] = next_start(ts1[9:5]);

  for (genvar s = 0; s < 3; s++) begin : g_seg
    logic       sh;
    logic [1:0] q1;
    assign sh = !ts[s][8];
    assign q1 = sh ? ts[s][6:5] : ts[s][7:6];
    assign sh_o[s]         = sh;
    assign q_o[s*2 +: 2]   = q1;
    logic [7:0]  cb;
    logic [10:0] half;  // t0 - ceil(cb / 2) in [10:1]: t0 + ~(cb >> 1) + !cb[0]
    assign cb   = cb_i[q1*8 +: 8];
    assign half = {1'b0, t0_i, 1'b1} + {3'b111, ~cb[7:1], !cb[0]};
    assign k_o[s*10 +: 10] = sh ? half[10:1] : 10'(t0_i) - 10'(cb);
    assign odd_o[s]        = cb[0];
    logic unused;
    assign unused = half[0];
    if (s > 0) begin : g_th
      logic [9:0] d;
      assign d = ts[s] - ts[0];
      assign th_o[(s-1)*7 +: 7] = (d >= 10'd64) ? 7'd64 : d[6:0];
    end
  end
endmodule
