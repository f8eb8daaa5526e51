// Align pass 1 over whole rows: each row's E8M0 code, the tensor encoder's scan pass (golden:
// the side information of align::align with AlignMode::Bfp { group: u32::MAX }, one shared
// exponent per row, the tensor codec's default; docs/align.md section 3, docs/decisions.md
// D36).
//
// A row arrives as beats of N raw FP32 / FP16 / BF16 patterns (16-bit formats in the low half
// of each 32-bit lane), last_i on its last beat; a row whose length is not a multiple of N is
// padded by the caller with +0 (bits 0), which cannot change the result (magnitude 0: the
// largest exponent field and the FP16 mantissa OR stay as they are). Nothing is buffered: per
// beat two align_reduce, one per half of the beat, give each half's largest exponent field
// (two compare trees of N / 2 leaves side by side instead of one of N: one compare level less
// on the path from data_i), the FP16 mantissa OR and the Inf / NaN lanes, folded into the
// row's running ones. The running maximum is one beat behind, as in align: the halves' trees
// end in registers, their compare with each other and with the maximum so far comes in the
// next cycle. With the row's last beat the results go into a register (the maximum in three
// parts: the beats before the last, and the last beat's two halves); from there align_e8m0
// gives the code into the output register. The coding pass then quantizes the row's elements
// with that code (align_apply).
//
// Parameters: N elements per beat (per cycle), even, >= 2.
// Ports: fmt_i 0 FP32, 1 FP16, 2 BF16 (3 acts as FP32), constant within a row; data_i N raw
// patterns (lane k in bits 32k+31..32k); last_i the row's last beat. Out, one beat per row:
// code_o the row's E8M0 code (0..254 for a finite row), err_o the row holds Inf or NaN (golden
// then rejects the tensor; code_o is void). valid/ready on both sides with backpressure: one
// input beat per cycle; ready_o comes from ready_i through prim_pipe_ctrl's closed-form ready
// (it drops only while both row registers are full and ready_i is low). Latency 2 cycles from
// a row's last beat to its output beat. Asserted: the outputs hold still while stalled.
module align_scan #(
  parameter int unsigned N = 16
) (
  input  logic            clk_i,
  input  logic            rst_ni,
  input  logic            valid_i,
  output logic            ready_o,
  input  logic [1:0]      fmt_i,
  input  logic [N*32-1:0] data_i,
  input  logic            last_i,
  output logic            valid_o,
  input  logic            ready_i,
  output logic [7:0]      code_o,
  output logic            err_o
);
  logic [1:0] en;
  logic       row_ready, in_fire;
  // The control sees only a row's last beat as a block; the beats before it fold into the
  // running registers.
  prim_pipe_ctrl #(.Stages (2)) u_ctrl (
    .clk_i, .rst_ni, .valid_i (valid_i & last_i), .ready_o (row_ready), .valid_o, .ready_i,
    .en_o (en)
  );
  assign ready_o = row_ready;
  assign in_fire = valid_i & row_ready;

  localparam int unsigned Half = N / 2;

  logic [7:0]   in_ef [2];
  logic [9:0]   half_or [2];
  logic [N-1:0] non_finite;
  for (genvar h = 0; h < 2; h++) begin : g_half
    align_reduce #(.N (Half)) u_reduce (
      .fmt_i, .data_i (data_i[h*Half*32 +: Half*32]), .max_ef_o (in_ef[h]),
      .sub_or_o (half_or[h]), .non_finite_o (non_finite[h*Half +: Half])
    );
  end

  // The row so far: beat_ef_q the previous beat's largest exponent field per half, run_ef_q
  // the largest of those before it, run_or_q the mantissa OR, run_err_q an Inf / NaN.
  logic [7:0] beat_ef_q [2];
  logic [7:0] run_ef_q, beat_ef, run_ef;
  logic [9:0] run_or_q, new_or;
  logic       run_err_q, new_err;
  assign beat_ef = (beat_ef_q[0] > beat_ef_q[1]) ? beat_ef_q[0] : beat_ef_q[1];
  assign run_ef  = (beat_ef > run_ef_q) ? beat_ef : run_ef_q;
  assign new_or  = run_or_q | half_or[0] | half_or[1];
  assign new_err = run_err_q | (|non_finite);

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      beat_ef_q[0] <= '0;
      beat_ef_q[1] <= '0;
      run_ef_q  <= '0;
      run_or_q  <= '0;
      run_err_q <= 1'b0;
    end else if (in_fire) begin
      if (last_i) begin
        beat_ef_q[0] <= '0;
        beat_ef_q[1] <= '0;
        run_ef_q  <= '0;
        run_or_q  <= '0;
        run_err_q <= 1'b0;
      end else begin
        beat_ef_q[0] <= in_ef[0];
        beat_ef_q[1] <= in_ef[1];
        run_ef_q  <= run_ef;
        run_or_q  <= new_or;
        run_err_q <= new_err;
      end
    end
  end

  // Stage 1: the row's reductions (loaded with its last beat).
  logic [7:0] head_ef, last_lo, last_hi;
  logic [9:0] sub_or;
  logic [1:0] fmt;
  logic       err;
  prim_pipe_reg #(.Width (37), .Stages (1)) u_row_q (
    .clk_i, .en_i (en[0]), .d_i ({run_ef, in_ef[0], in_ef[1], new_or, fmt_i, new_err}),
    .q_o ({head_ef, last_lo, last_hi, sub_or, fmt, err})
  );

  // Stage 2: the code.
  logic [7:0] last_ef, max_ef, code;
  assign last_ef = (last_lo > last_hi) ? last_lo : last_hi;
  assign max_ef  = (head_ef > last_ef) ? head_ef : last_ef;
  align_e8m0 u_e8m0 (.fmt_i (fmt), .max_ef_i (max_ef), .sub_or_i (sub_or), .code_o (code));
  prim_pipe_reg #(.Width (9), .Stages (1)) u_code_q (
    .clk_i, .en_i (en[1]), .d_i ({code, err}), .q_o ({code_o, err_o})
  );

  `ASSERT_STABLE_STALL(OutStableWhileStalled_A, valid_o, ready_i, {code_o, err_o})
endmodule
