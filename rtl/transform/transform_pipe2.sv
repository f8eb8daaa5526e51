// Pipeline shell of the two-pass (rows, then columns) transforms: the valid/ready control,
// the row-pass register, and the transpositions around the column pass, so that a transform
// module holds only its arithmetic (its 1-D butterfly, applied to rows twice).
//
//   stage 1: row_i (the caller's row-pass results, raster order) is registered at RowWidth
//            bits; col_o gives it back transposed (element j * N + i is row i, column j) and
//            sign-extended to InnerWidth bits: the caller's 1-D pass over col_o's rows is the
//            column pass.
//   stage 2: col_i (the caller's column results, in col_o's transposed order) is registered
//            back in raster order as res_o.
// The user sideband travels with the block through both stages.
//
// Parameters:
//   N           block side (4 or 8).
//   InnerWidth  width of the caller's internal values (row_i, col_o).
//   RowWidth    width the row results are registered at (<= InnerWidth): the caller
//               guarantees they fit.
//   OutWidth    width of the results.
//   UserWidth   width of the user sideband.
// Latency 2 cycles, one block per cycle, valid/ready with backpressure (prim_pipe_ctrl).
module transform_pipe2 #(
  parameter int unsigned N          = 4,
  parameter int unsigned InnerWidth = 21,
  parameter int unsigned RowWidth   = InnerWidth,
  parameter int unsigned OutWidth   = 16,
  parameter int unsigned UserWidth  = 1
) (
  input  logic                      clk_i,
  input  logic                      rst_ni,
  input  logic                      valid_i,
  output logic                      ready_o,
  input  logic [N*N*InnerWidth-1:0] row_i,
  input  logic [UserWidth-1:0]      user_i,
  output logic [N*N*InnerWidth-1:0] col_o,
  input  logic [N*N*OutWidth-1:0]   col_i,
  output logic                      valid_o,
  input  logic                      ready_i,
  output logic [N*N*OutWidth-1:0]   res_o,
  output logic [UserWidth-1:0]      user_o
);
  logic [1:0] en;
  prim_pipe_ctrl #(.Stages (2)) u_ctrl (
    .clk_i, .rst_ni, .valid_i, .ready_o, .valid_o, .ready_i, .en_o (en)
  );

  logic [N*N*RowWidth-1:0] row_d, row_q;
  logic [N*N*OutWidth-1:0] res_d;
  logic [UserWidth-1:0]     user_q;
  for (genvar i = 0; i < N; i++) begin : g_i
    for (genvar j = 0; j < N; j++) begin : g_j
      localparam int unsigned R = i * N + j;  // raster index
      localparam int unsigned T = j * N + i;  // transposed index
      assign row_d[R*RowWidth +: RowWidth] = row_i[R*InnerWidth +: RowWidth];
      if (RowWidth < InnerWidth) begin : g_ext
        assign col_o[T*InnerWidth +: InnerWidth] =
            {{(InnerWidth-RowWidth){row_q[R*RowWidth+RowWidth-1]}}, row_q[R*RowWidth +: RowWidth]};
      end else begin : g_full
        assign col_o[T*InnerWidth +: InnerWidth] = row_q[R*RowWidth +: RowWidth];
      end
      assign res_d[R*OutWidth +: OutWidth] = col_i[T*OutWidth +: OutWidth];
    end
  end

  prim_pipe_reg #(.Width (UserWidth + N*N*RowWidth), .Stages (1)) u_rows (
    .clk_i, .en_i (en[0]), .d_i ({user_i, row_d}), .q_o ({user_q, row_q})
  );
  prim_pipe_reg #(.Width (UserWidth + N*N*OutWidth), .Stages (1)) u_cols (
    .clk_i, .en_i (en[1]), .d_i ({user_q, res_d}), .q_o ({user_o, res_o})
  );

  // The row results' bits above RowWidth are sign copies (the caller's bound).
  logic unused_row;
  assign unused_row = ^row_i;
endmodule
