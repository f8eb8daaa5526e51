// cabac_enc_rpair: two lanes (A, then B) of the encoding engine's range cascade
// (cabac_enc_range) in one step: codIRange r (normalized, 256..510) in, the range after both
// lanes out (normalized), and the range between them (lane B's). Each lane is one of two forms,
// set up a cycle ahead by cabac_enc_range from the lanes' symbols and rLPS rows:
//   subtract  r' = r - c[q], renormalized (0 or 1 shift); q = r[7:6]. c is the rLPS row of a
//             CTX bin that is the MPS, 2 for TERM 0, 0 (r' = r) for a bypass or empty lane.
//   set       r' = n[q]: the rLPS renormalized of a CTX bin that is the LPS (510 for INIT and
//             the flush).
// Lane A subtracting: t = r - cA[qA] = t0[qA] + r[5:0] (t0[q] = 256 + 64q - cA[q], ahead),
// shift sh = !t[8], q1 = lane B's q = (t << sh)[7:6]. Lane B's result for each of the 8
// (sh, q1) is computed beside t, straight from r: ((t0[qA] + r[5:0]) << sh) - cB[q1] by a row
// of 3:2 counters and one adder, renormalized (or nB[q1] when B sets); (sh, q1) then selects
// one. Lane A setting: lane B's input is nA[qA], known from qA alone, and lane B's result
// from it is computed beside the other path. With SpecQa, all of it is done for each of the
// four qA, qA selecting last (no select ahead of the adders, four times the logic); else qA
// selects t0[qA] and nA[qA] first. So the two lanes take one adder, an 8:1 select and a 4:1
// select instead of two dependent subtract-renormalize steps. Combinational.
//
// Parameters:
//   SpecQa  the step once per value of qA (1) or once after a select by qA (0).
module cabac_enc_rpair #(
  parameter  bit          SpecQa = 1'b1,
  localparam int unsigned NCopy  = SpecQa ? 4 : 1
) (
  input  logic [8:0]  r_i,
  input  logic        a_set_i,   // lane A sets (else subtracts)
  input  logic        b_set_i,   // lane B sets
  input  logic [35:0] t0_i,      // lane A subtracting: t0[q] at [q*9 +: 9]
  input  logic [35:0] na_i,      // lane A setting: nA[q]
  input  logic [31:0] cb_i,      // lane B subtracting: cB[q] at [q*8 +: 8]
  input  logic [35:0] nb_i,      // lane B setting: nB[q]
  output logic [8:0]  mid_o,     // the range between the lanes (lane B's input)
  output logic [8:0]  r_o
);
  logic [1:0] qa;
  logic [5:0] lo;
  logic [8:0] res [NCopy];   // the result, for each qA (SpecQa) or for r's qA
  logic [8:0] mid [NCopy];   // lane B's input, likewise

  assign qa = r_i[7:6];
  assign lo = r_i[5:0];

  // With SpecQa every step below is done for each of the 4 values of qA, from lo (so no
  // select by qA stands ahead of the adders); qA selects last.
  for (genvar a = 0; a < NCopy; a++) begin : g_qa
    logic [1:0] qs;  // the qA of this copy
    assign qs = SpecQa ? 2'(a) : qa;
    logic [8:0] t0, t, r1s, raw, c2;
    logic [1:0] q1, qb;
    logic       sh;
    logic [8:0] fin [2][4];  // lane B's result for each (sh, q1)

    assign t0 = t0_i[qs*9 +: 9];
    assign t  = t0 + 9'(lo);
    assign sh = !t[8];
    assign q1 = sh ? t[6:5] : t[7:6];

    for (genvar s = 0; s < 2; s++) begin : g_sh
      for (genvar q = 0; q < 4; q++) begin : g_q
        logic [9:0] x, y, z, ws, wc, u;
        logic [8:0] norm;
        // ((t0 + lo) << s) - cB[q] = (t0 << s) + (lo << s) + ~cB[q] + 1 (modulo 2^10).
        assign x    = 10'(t0) << s;
        assign y    = 10'(lo) << s;
        assign z    = ~{2'b00, cb_i[q*8 +: 8]};
        assign ws   = x ^ y ^ z;
        assign wc   = {((x[8:0] & y[8:0]) | (x[8:0] & z[8:0]) | (y[8:0] & z[8:0])), 1'b1};
        assign u    = ws + wc;
        assign norm = u[8] ? u[8:0] : {u[7:0], 1'b0};
        assign fin[s][q] = b_set_i ? nb_i[q*9 +: 9] : norm;
        logic unused_u;
        assign unused_u = u[9];  // the result is below 512
      end
    end

    // Lane A setting: lane B after nA[qA] (with SpecQa, registers only: off the path).
    assign r1s = na_i[qs*9 +: 9];
    assign qb  = r1s[7:6];
    assign raw = r1s - 9'(cb_i[qb*8 +: 8]);
    assign c2  = b_set_i ? nb_i[qb*9 +: 9] : raw[8] ? raw : {raw[7:0], 1'b0};

    assign res[a] = a_set_i ? c2 : fin[sh][q1];
    assign mid[a] = a_set_i ? r1s : (sh ? {t[7:0], 1'b0} : t);
  end

  if (SpecQa) begin : g_sel
    assign r_o   = res[qa];
    assign mid_o = mid[qa];
  end else begin : g_one
    assign r_o   = res[0];
    assign mid_o = mid[0];
  end

  logic unused_r;
  assign unused_r = r_i[8];  // normalized: always 1
endmodule
