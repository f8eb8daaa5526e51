// board_reset: the reset of the board tops (rtl/fpga/): a button (active low) through two flops,
// and at power-up, where the flops start at zero after configuration, 15 cycles of reset.
// rst_no is low while the button is pressed and for 15 cycles after it is released.
module board_reset (
  input  logic clk_i,
  input  logic rst_ni,
  output logic rst_no
);
  logic [1:0] btn_q;
  logic [3:0] por_q;
  always_ff @(posedge clk_i) begin
    btn_q <= {btn_q[0], rst_ni};
    if (!btn_q[1]) por_q <= '0;
    else if (por_q != 4'hf) por_q <= por_q + 4'd1;
  end
  assign rst_no = por_q == 4'hf;
endmodule
