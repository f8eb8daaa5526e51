// deblock_rom: the threshold tables of the deblocking filter (H.264 8.7.2.2; golden:
// deblock::tables ALPHA, BETA, TC0, looked up by EdgeParams::new). Combinational ROMs: alpha'
// (Table 8-16) and tC0' for bS 1, 2, 3 (Table 8-17) at indexA, beta' (Table 8-16) at indexB.
// 8-bit samples, so alpha = alpha', beta = beta', tC0 = tC0'. The entries were generated from
// golden's tables.rs; sim/tests/deblock.rs proves them (lines at and beside every threshold).
//
// Ports:
//   index_a_i, index_b_i  indexA / indexB, 0..51 (52..63 give 0: not used, deblock_edge clamps)
//   alpha_o               alpha' at indexA (0..255)
//   tc0_o                 {tC0' bS 3, tC0' bS 2, tC0' bS 1} at indexA, 5 bits each (0..25)
//   beta_o                beta' at indexB (0..18)
module deblock_rom (
  input  logic [5:0]  index_a_i,
  input  logic [5:0]  index_b_i,
  output logic [7:0]  alpha_o,
  output logic [14:0] tc0_o,
  output logic [4:0]  beta_o
);
  logic [22:0] rom;
  always_comb begin
    unique case (index_a_i)
      6'd0 : rom = {8'd0  , 5'd0 , 5'd0 , 5'd0 };
      6'd1 : rom = {8'd0  , 5'd0 , 5'd0 , 5'd0 };
      6'd2 : rom = {8'd0  , 5'd0 , 5'd0 , 5'd0 };
      6'd3 : rom = {8'd0  , 5'd0 , 5'd0 , 5'd0 };
      6'd4 : rom = {8'd0  , 5'd0 , 5'd0 , 5'd0 };
      6'd5 : rom = {8'd0  , 5'd0 , 5'd0 , 5'd0 };
      6'd6 : rom = {8'd0  , 5'd0 , 5'd0 , 5'd0 };
      6'd7 : rom = {8'd0  , 5'd0 , 5'd0 , 5'd0 };
      6'd8 : rom = {8'd0  , 5'd0 , 5'd0 , 5'd0 };
      6'd9 : rom = {8'd0  , 5'd0 , 5'd0 , 5'd0 };
      6'd10: rom = {8'd0  , 5'd0 , 5'd0 , 5'd0 };
      6'd11: rom = {8'd0  , 5'd0 , 5'd0 , 5'd0 };
      6'd12: rom = {8'd0  , 5'd0 , 5'd0 , 5'd0 };
      6'd13: rom = {8'd0  , 5'd0 , 5'd0 , 5'd0 };
      6'd14: rom = {8'd0  , 5'd0 , 5'd0 , 5'd0 };
      6'd15: rom = {8'd0  , 5'd0 , 5'd0 , 5'd0 };
      6'd16: rom = {8'd4  , 5'd0 , 5'd0 , 5'd0 };
      6'd17: rom = {8'd4  , 5'd1 , 5'd0 , 5'd0 };
      6'd18: rom = {8'd5  , 5'd1 , 5'd0 , 5'd0 };
      6'd19: rom = {8'd6  , 5'd1 , 5'd0 , 5'd0 };
      6'd20: rom = {8'd7  , 5'd1 , 5'd0 , 5'd0 };
      6'd21: rom = {8'd8  , 5'd1 , 5'd1 , 5'd0 };
      6'd22: rom = {8'd9  , 5'd1 , 5'd1 , 5'd0 };
      6'd23: rom = {8'd10 , 5'd1 , 5'd1 , 5'd1 };
      6'd24: rom = {8'd12 , 5'd1 , 5'd1 , 5'd1 };
      6'd25: rom = {8'd13 , 5'd1 , 5'd1 , 5'd1 };
      6'd26: rom = {8'd15 , 5'd1 , 5'd1 , 5'd1 };
      6'd27: rom = {8'd17 , 5'd2 , 5'd1 , 5'd1 };
      6'd28: rom = {8'd20 , 5'd2 , 5'd1 , 5'd1 };
      6'd29: rom = {8'd22 , 5'd2 , 5'd1 , 5'd1 };
      6'd30: rom = {8'd25 , 5'd2 , 5'd1 , 5'd1 };
      6'd31: rom = {8'd28 , 5'd3 , 5'd2 , 5'd1 };
      6'd32: rom = {8'd32 , 5'd3 , 5'd2 , 5'd1 };
      6'd33: rom = {8'd36 , 5'd3 , 5'd2 , 5'd2 };
      6'd34: rom = {8'd40 , 5'd4 , 5'd2 , 5'd2 };
      6'd35: rom = {8'd45 , 5'd4 , 5'd3 , 5'd2 };
      6'd36: rom = {8'd50 , 5'd4 , 5'd3 , 5'd2 };
      6'd37: rom = {8'd56 , 5'd5 , 5'd3 , 5'd3 };
      6'd38: rom = {8'd63 , 5'd6 , 5'd4 , 5'd3 };
      6'd39: rom = {8'd71 , 5'd6 , 5'd4 , 5'd3 };
      6'd40: rom = {8'd80 , 5'd7 , 5'd5 , 5'd4 };
      6'd41: rom = {8'd90 , 5'd8 , 5'd5 , 5'd4 };
      6'd42: rom = {8'd101, 5'd9 , 5'd6 , 5'd4 };
      6'd43: rom = {8'd113, 5'd10, 5'd7 , 5'd5 };
      6'd44: rom = {8'd127, 5'd11, 5'd8 , 5'd6 };
      6'd45: rom = {8'd144, 5'd13, 5'd8 , 5'd6 };
      6'd46: rom = {8'd162, 5'd14, 5'd10, 5'd7 };
      6'd47: rom = {8'd182, 5'd16, 5'd11, 5'd8 };
      6'd48: rom = {8'd203, 5'd18, 5'd12, 5'd9 };
      6'd49: rom = {8'd226, 5'd20, 5'd13, 5'd10};
      6'd50: rom = {8'd255, 5'd23, 5'd15, 5'd11};
      6'd51: rom = {8'd255, 5'd25, 5'd17, 5'd13};
      default: rom = '0;
    endcase
  end
  assign alpha_o = rom[22:15];
  assign tc0_o   = rom[14:0];

  logic [4:0] beta;
  always_comb begin
    unique case (index_b_i)
      6'd0 : beta = 5'd0;
      6'd1 : beta = 5'd0;
      6'd2 : beta = 5'd0;
      6'd3 : beta = 5'd0;
      6'd4 : beta = 5'd0;
      6'd5 : beta = 5'd0;
      6'd6 : beta = 5'd0;
      6'd7 : beta = 5'd0;
      6'd8 : beta = 5'd0;
      6'd9 : beta = 5'd0;
      6'd10: beta = 5'd0;
      6'd11: beta = 5'd0;
      6'd12: beta = 5'd0;
      6'd13: beta = 5'd0;
      6'd14: beta = 5'd0;
      6'd15: beta = 5'd0;
      6'd16: beta = 5'd2;
      6'd17: beta = 5'd2;
      6'd18: beta = 5'd2;
      6'd19: beta = 5'd3;
      6'd20: beta = 5'd3;
      6'd21: beta = 5'd3;
      6'd22: beta = 5'd3;
      6'd23: beta = 5'd4;
      6'd24: beta = 5'd4;
      6'd25: beta = 5'd4;
      6'd26: beta = 5'd6;
      6'd27: beta = 5'd6;
      6'd28: beta = 5'd7;
      6'd29: beta = 5'd7;
      6'd30: beta = 5'd8;
      6'd31: beta = 5'd8;
      6'd32: beta = 5'd9;
      6'd33: beta = 5'd9;
      6'd34: beta = 5'd10;
      6'd35: beta = 5'd10;
      6'd36: beta = 5'd11;
      6'd37: beta = 5'd11;
      6'd38: beta = 5'd12;
      6'd39: beta = 5'd12;
      6'd40: beta = 5'd13;
      6'd41: beta = 5'd13;
      6'd42: beta = 5'd14;
      6'd43: beta = 5'd14;
      6'd44: beta = 5'd15;
      6'd45: beta = 5'd15;
      6'd46: beta = 5'd16;
      6'd47: beta = 5'd16;
      6'd48: beta = 5'd17;
      6'd49: beta = 5'd17;
      6'd50: beta = 5'd18;
      6'd51: beta = 5'd18;
      default: beta = '0;
    endcase
  end
  assign beta_o = beta;
endmodule
