// cabac_enc_rpair: two lanes (A, then B) of the encoding engine's range cascade
// (cabac_enc_range) in one step: codIRange r (normalized, 256..510) in, the range after both
// lanes out (normalized), and the range between them (lane B's). Each lane is one of two forms,
// set up a cycle ahead by cabac_enc_range from the lanes' symbols and rLPS rows:
//   subtract  r' = r - c[q], renormalized (0 or 1 shift); q = r[7:6]. c is the rLPS row of a
//             CTX bin that is the MPS, 2 for TERM 0, 0 (r' = r) for a bypass or empty lane.
//   set       r' = n[q]: the rLPS renormalized of a CTX bin that is the LPS (510 for INIT and
//             the flush).
// Lane A subtracting: t = r - cA[qA] = t0[qA] + lo (lo = r[5:0], t0[q] = 256 + 64q - cA[q]),
// lane B's input (t << sh, sh = !t[8]) and q1 = its [7:6]. Over the 64 values of lo, t runs
// through 64 consecutive values, in which (sh, q1) changes at most twice (at multiples of 32
// below 256, of 64 from 256): so for each qA, lane B sees at most three (sh, q1), one per
// segment of lo, and the setup cycle gives each segment's start as a threshold on lo (th) and
// lane B's input less cB[q1] there as kk + lo (sh = 0) or {kk + lo, odd} (sh = 1)
// (cabac_enc_rseg). Here, for each qA and segment: one adder of lo to a register and the
// renormalization (or nB[q1] when B sets), the segment chosen by two compares of lo with th, qA
// selecting last. Lane A setting: lane B's input is nA[qA] and its result c2[qA], both set up a
// cycle ahead. So the two lanes take one short adder, a 3:1 and a 4:1 select instead of two
// dependent subtract-renormalize steps. Combinational.
module cabac_enc_rpair (
  input  logic [8:0]   r_i,
  input  logic         a_set_i,   // lane A sets (else subtracts)
  input  logic         b_set_i,   // lane B sets
  input  logic [35:0]  t0_i,      // lane A subtracting: t0[q] at [q*9 +: 9]
  // Per qA (a), cabac_enc_rseg's segments: th at [a*14 +: 14], kk at [a*30 +: 30], sh and odd
  // at [a*3 +: 3], q1 at [a*6 +: 6].
  input  logic [55:0]  th_i,
  input  logic [119:0] k_i,
  input  logic [11:0]  sh_i,
  input  logic [11:0]  odd_i,
  input  logic [23:0]  q_i,
  input  logic [35:0]  na_i,      // lane A setting: nA[q]
  input  logic [35:0]  c2_i,      // lane A setting: the range after lane B from nA[q]
  input  logic [35:0]  nb_i,      // lane B setting: nB[q]
  output logic [8:0]   mid_o,     // the range between the lanes (lane B's input)
  output logic [8:0]   r_o
);
  logic [1:0] qa;
  logic [5:0] lo;
  logic [8:0] res [4];   // the result, for each qA
  logic [8:0] mid [4];   // lane B's input, likewise

  assign qa = r_i[7:6];
  assign lo = r_i[5:0];

  for (genvar a = 0; a < 4; a++) begin : g_qa
    logic [8:0] t0, t, r1s;
    logic       setc;      // the result is a register's (lane A or lane B sets)
    logic [8:0] fin [3];   // lane B's result in each segment
    logic       in1, in2;  // lo reaches segment 1, segment 2

    assign t0 = t0_i[a*9 +: 9];
    assign t  = t0 + 9'(lo);

    assign setc = a_set_i || b_set_i;
    assign in1 = {1'b0, lo} >= th_i[a*14 +: 7];
    assign in2 = {1'b0, lo} >= th_i[a*14+7 +: 7];
    for (genvar s = 0; s < 3; s++) begin : g_seg
      logic [9:0] v;
      logic [1:0] q1;
      logic       sh, odd;
      logic [8:0] norm, cst;
      assign sh  = sh_i[a*3 + s];
      assign odd = odd_i[a*3 + s];
      assign q1  = q_i[a*6 + s*2 +: 2];
      assign v   = k_i[a*30 + s*10 +: 10] + {4'd0, lo};
      // u = sh ? {v, odd} : v, renormalized (u < 512).
      always_comb begin
        if (!sh) norm = v[8] ? v[8:0] : {v[7:0], 1'b0};
        else     norm = v[7] ? {v[7:0], odd} : {v[6:0], odd, 1'b0};
      end
      // Lane A setting: c2 in every segment; lane B setting: nB[q1] (registers only).
      assign cst    = a_set_i ? c2_i[a*9 +: 9] : nb_i[q1*9 +: 9];
      assign fin[s] = setc ? cst : norm;
      logic unused_v;
      assign unused_v = v[9];  // the result is below 512
    end

    assign r1s    = na_i[a*9 +: 9];
    assign res[a] = in2 ? fin[2] : in1 ? fin[1] : fin[0];
    assign mid[a] = a_set_i ? r1s : (!t[8] ? {t[7:0], 1'b0} : t);
  end

  assign r_o   = res[qa];
  assign mid_o = mid[qa];

  logic unused_r;
  assign unused_r = r_i[8];  // normalized: always 1
endmodule
