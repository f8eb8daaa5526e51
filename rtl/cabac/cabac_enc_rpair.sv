// cabac_enc_rpair: two lanes (A, then B) of the encoding engine's range cascade
// (cabac_enc_range) in one step: codIRange r (normalized, 256..510) in, the range after both
// lanes out (normalized), and the range between them (lane B's). Each lane is one of two forms,
// set up a cycle ahead by cabac_enc_range from the lanes' symbols and rLPS rows:
//   subtract  r' = r - c[q], renormalized (0 or 1 shift); q = r[7:6]. c is the rLPS row of a
//             CTX bin that is the MPS, 2 for TERM 0, 0 (r' = r) for a bypass or empty lane.
//   set       r' = n[q]: the rLPS renormalized of a CTX bin that is the LPS (510 for INIT and
//             the flush).
// With r = 256 + 64 qa + lo (qa = r[7:6], lo = r[5:0]) and lane A subtracting, lane A's result
// is t = t0[qa] + lo (t0[q] = 256 + 64q - cA[q]), and t[8:5] = t0[qa][8:5] + k with k =
// (t0[qa][4:0] + lo) >> 5 in 0..2; so lane A's shift and lane B's q depend on (qa, k) only, and
// for each of the 12 (qa, k) the setup gives lane B's result as w[qa][k] + (lo << sh[qa][k])
// (both lanes subtracting: w = (t0 << sh) - cB[q1], renormalized here) or as w itself (a lane
// setting: the result does not depend on lo). The step is then 12 adders beside the 4 small
// ones that give k per qa, a 3:1 select by k and a 4:1 select by qa. Combinational.
module cabac_enc_rpair (
  input  logic [8:0]   r_i,
  input  logic         a_set_i,   // lane A sets (else subtracts)
  input  logic         add_i,     // both lanes subtract: the result is w + (lo << sh)
  input  logic [35:0]  t0_i,      // lane A subtracting: t0[q] at [q*9 +: 9]
  input  logic [35:0]  na_i,      // lane A setting: nA[q]
  input  logic [119:0] w_i,       // w[qa][k] at [(qa*3 + k)*10 +: 10]
  input  logic [11:0]  sh_i,      // sh[qa][k] at [qa*3 + k]
  output logic [8:0]   mid_o,     // the range between the lanes (lane B's input)
  output logic [8:0]   r_o
);
  logic [1:0] qa;
  logic [5:0] lo;
  logic [8:0] t0, t;
  logic       sh;
  logic [8:0] by_qa [4];

  assign qa = r_i[7:6];
  assign lo = r_i[5:0];

  for (genvar q = 0; q < 4; q++) begin : g_qa
    logic [6:0] lsum;   // t0[q][4:0] + lo; k = its bits 6..5
    logic [1:0] k;
    logic [8:0] res [3];
    assign lsum = 7'(t0_i[q*9 +: 5]) + 7'(lo);
    assign k    = lsum[6:5];
    logic unused_lsum;
    assign unused_lsum = ^lsum[4:0];
    for (genvar kk = 0; kk < 3; kk++) begin : g_k
      logic [9:0] w, u;
      logic       s;
      assign w = w_i[(q*3 + kk)*10 +: 10];
      assign s = sh_i[q*3 + kk];
      assign u = w + (10'(lo) << s);
      assign res[kk] = !add_i ? w[8:0] : u[8] ? u[8:0] : {u[7:0], 1'b0};
      logic unused_u;
      assign unused_u = u[9];  // the result is below 512
    end
    assign by_qa[q] = (k == 2'd0) ? res[0] : (k == 2'd1) ? res[1] : res[2];
  end

  assign r_o = by_qa[qa];

  // Lane B's input range (not on the cascade's path).
  assign t0    = t0_i[qa*9 +: 9];
  assign t     = t0 + 9'(lo);
  assign sh    = !t[8];
  assign mid_o = a_set_i ? na_i[qa*9 +: 9] : (sh ? {t[7:0], 1'b0} : t);

  logic unused_r;
  assign unused_r = r_i[8];  // normalized: always 1
endmodule
