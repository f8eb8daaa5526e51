// Pipeline shell of the two-pass (rows, then columns) transforms: the valid/ready control,
// the row-pass register, and the transpositions around the column pass, so that a transform
// module holds only its arithmetic (its 1-D butterfly, applied to rows twice).
//
//   stage 1: row_i (the caller's row-pass results, raster order) is registered at RW bits;
//            col_o gives it back transposed (element j * N + i is row i, column j) and sign-
//            extended to NW bits: the caller's 1-D pass over col_o's rows is the column pass.
//   stage 2: col_i (the caller's column results, in col_o's transposed order) is registered
//            back in raster order as res_o.
// The user sideband travels with the block through both stages.
//
// Parameters:
//   N   block side (4 or 8).
//   NW  width of the caller's internal values (row_i, col_o).
//   RW  width the row results are registered at (<= NW): the caller guarantees they fit.
//   OW  width of the results.
//   UW  width of the user sideband.
// Latency 2 cycles, one block per cycle, valid/ready with backpressure (prim_pipe_ctrl).
module transform_pipe2 #(
  parameter int unsigned N  = 4,
  parameter int unsigned NW = 21,
  parameter int unsigned RW = NW,
  parameter int unsigned OW = 16,
  parameter int unsigned UW = 1
) (
  input  logic              clk_i,
  input  logic              rst_ni,
  input  logic              valid_i,
  output logic              ready_o,
  input  logic [N*N*NW-1:0] row_i,
  input  logic [UW-1:0]     user_i,
  output logic [N*N*NW-1:0] col_o,
  input  logic [N*N*OW-1:0] col_i,
  output logic              valid_o,
  input  logic              ready_i,
  output logic [N*N*OW-1:0] res_o,
  output logic [UW-1:0]     user_o
);
  logic [1:0] en;
  prim_pipe_ctrl #(
    .S (2)
  ) u_ctrl (
    .clk_i,
    .rst_ni,
    .valid_i,
    .ready_o,
    .valid_o,
    .ready_i,
    .en_o (en)
  );

  logic [N*N*RW-1:0] row_d, row_q;
  logic [N*N*OW-1:0] res_d;
  logic [UW-1:0]     user_q;
  for (genvar i = 0; i < N; i++) begin : g_i
    for (genvar j = 0; j < N; j++) begin : g_j
      localparam int unsigned R = i * N + j;  // raster index
      localparam int unsigned T = j * N + i;  // transposed index
      assign row_d[R*RW +: RW] = row_i[R*NW +: RW];
      if (RW < NW) begin : g_ext
        assign col_o[T*NW +: NW] = {{(NW-RW){row_q[R*RW+RW-1]}}, row_q[R*RW +: RW]};
      end else begin : g_full
        assign col_o[T*NW +: NW] = row_q[R*RW +: RW];
      end
      assign res_d[R*OW +: OW] = col_i[T*OW +: OW];
    end
  end

  prim_pipe_reg #(
    .W (UW + N*N*RW),
    .S (1)
  ) u_rows (
    .clk_i,
    .en_i (en[0]),
    .d_i  ({user_i, row_d}),
    .q_o  ({user_q, row_q})
  );

  prim_pipe_reg #(
    .W (UW + N*N*OW),
    .S (1)
  ) u_cols (
    .clk_i,
    .en_i (en[1]),
    .d_i  ({user_q, res_d}),
    .q_o  ({user_o, res_o})
  );

  // The row results' bits above RW are sign copies (the caller's bound).
  logic unused_row;
  assign unused_row = ^row_i;
endmodule
