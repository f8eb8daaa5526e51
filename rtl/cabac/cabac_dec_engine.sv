// cabac_dec_engine: the CABAC arithmetic decoding engine of one slice, golden::cabac::CabacDecoder
// (decode_decision, decode_bypass, decode_terminate, init_engine, decode_pcm's byte alignment and
// reads, check_overread) with the I-slice context memory and its initialization from SliceQPY
// (golden::cabac::context::init_contexts, clause 9.3.1.1).
//
// Latency: an operation takes effect in the cycle it fires (op_valid_i & op_ready_o); its
// result (bin_o, byte_o, err_o) is combinational in that cycle. Context initialization after
// start_i takes CtxCount (258) cycles (init_busy_o).
//
// Context memory: CtxCount registers of 7 bits (pStateIdx, valMPS), indexed by the compact
// context index (cabac_rom_mn: the ctxIdx ranges 3..10, 60..69, 73..104, 105..275, 399..435 one
// after the other); the terminate bin has none. Bit input: a 24-bit buffer, MSB first, filled
// one byte per cycle while it holds at most 16 bits; an operation fires when the buffer holds
// 9 bits or the slice's last byte is in. Past the last byte it reads zeros and counts them:
// more than 16 (golden's OVERREAD_SLACK_BITS) is an error, as is a codIOffset >= 510 at init,
// and an I_PCM alignment or byte past the end. drain_i discards the buffer and accepts bytes
// until the last one (eos_o).
module cabac_dec_engine #(
  parameter int unsigned CtxCount = 258
) (
  input  logic       clk_i,
  input  logic       rst_ni,
  // Slice start: clears the buffer, initializes the contexts from qp_i.
  input  logic       start_i,
  input  logic [5:0] qp_i,
  output logic       init_busy_o,
  // Slice data bytes.
  input  logic       in_valid_i,
  input  logic [7:0] in_data_i,
  input  logic       in_last_i,
  output logic       in_ready_o,
  // Discard the rest of the slice's bytes; eos_o: its last byte is in.
  input  logic       drain_i,
  output logic       eos_o,
  // One operation (`CABAC_DEC_OP_*).
  input  logic       op_valid_i,
  input  logic [2:0] op_i,
  input  logic [8:0] ctx_i,
  output logic       op_ready_o,
  output logic       bin_o,
  output logic [7:0] byte_o,
  output logic       err_o
);

  localparam int unsigned BufW = 24;

  // ---------------------------------------------------------------- state
  logic [5:0] state_q [CtxCount];
  logic       mps_q   [CtxCount];
  logic [8:0] range_q, range_d;
  logic [8:0] offset_q, offset_d;
  logic [BufW-1:0] buf_q, buf_d;
  logic [4:0] cnt_q, cnt_d;
  logic [4:0] over_q, over_d;
  logic       eos_q, eos_d;
  logic       ibusy_q;
  logic [8:0] icnt_q;
  logic [5:0] qp_q;

  assign init_busy_o = ibusy_q;
  assign eos_o = eos_q;

  // ---------------------------------------------------------------- context initialization
  logic signed [7:0]  rom_m, rom_n;
  logic signed [15:0] prod, pre;
  logic [5:0]         qpc;
  logic [6:0]         pre_c;
  logic [5:0]         init_state;
  logic               init_mps;

  cabac_rom_mn u_rom_mn (
    .idx_i(icnt_q),
    .m_o  (rom_m),
    .n_o  (rom_n)
  );

  always_comb begin
    qpc = (qp_q > 6'd51) ? 6'd51 : qp_q;
    prod = $signed({{8{rom_m[7]}}, rom_m}) * $signed({10'd0, qpc});
    pre = (prod >>> 4) + $signed({{8{rom_n[7]}}, rom_n});
    if (pre < 16'sd1) begin
      pre_c = 7'd1;
    end else if (pre > 16'sd126) begin
      pre_c = 7'd126;
    end else begin
      pre_c = pre[6:0];
    end
    if (pre_c <= 7'd63) begin
      init_state = 6'(7'd63 - pre_c);
      init_mps = 1'b0;
    end else begin
      init_state = 6'(pre_c - 7'd64);
      init_mps = 1'b1;
    end
  end

  // ---------------------------------------------------------------- decision
  logic [5:0]  st;
  logic        mps;
  logic [31:0] lps_row;
  logic [7:0]  lps;
  logic [5:0]  st_mps, st_lps;
  logic [8:0]  rmps;
  logic        lps_path;
  logic [8:0]  dec_range, dec_off;
  logic [3:0]  dec_shift;

  assign st = state_q[ctx_i];
  assign mps = mps_q[ctx_i];

  cabac_rom_lps u_rom_lps (
    .state_i(st),
    .lps_o  (lps_row)
  );
  cabac_rom_trans u_rom_trans (
    .state_i(st),
    .mps_o  (st_mps),
    .lps_o  (st_lps)
  );

  // Leading zeros of a 9-bit range (renormalization shift; 0 when range >= 256).
  function automatic logic [3:0] lzc9(input logic [8:0] r);
    lzc9 = 4'd9;
    for (int i = 0; i < 9; i++) begin
      if (r[i]) lzc9 = 4'(8 - i);
    end
  endfunction

  always_comb begin
    lps = lps_row[8*range_q[7:6] +: 8];
    rmps = range_q - {1'b0, lps};
    lps_path = offset_q >= rmps;
    dec_range = lps_path ? {1'b0, lps} : rmps;
    dec_off = lps_path ? offset_q - rmps : offset_q;
    dec_shift = lzc9(dec_range);
  end

  // ---------------------------------------------------------------- operations
  logic       fire;
  logic [3:0] take;       // bits consumed by this operation
  logic [8:0] win;        // next 9 bits of the stream (zeros past the end)
  logic [9:0] byp_off;
  logic [8:0] term_range;

  assign op_ready_o = !ibusy_q && (cnt_q >= 5'd9 || eos_q);
  assign fire = op_valid_i && op_ready_o;
  assign win = buf_q[BufW-1 -: 9];
  assign byte_o = buf_q[BufW-1 -: 8];

  always_comb begin
    byp_off = {offset_q, win[8]};
    term_range = range_q - 9'd2;
    range_d = range_q;
    offset_d = offset_q;
    bin_o = 1'b0;
    take = 4'd0;
    err_o = 1'b0;
    unique case (op_i)
      `CABAC_DEC_OP_DEC: begin
        bin_o = lps_path ? !mps : mps;
        take = dec_shift;
        range_d = dec_range << dec_shift;
        offset_d = 9'({dec_off, win} >> (4'd9 - dec_shift));
      end
      `CABAC_DEC_OP_BYP: begin
        take = 4'd1;
        if (byp_off >= {1'b0, range_q}) begin
          bin_o = 1'b1;
          offset_d = 9'(byp_off - {1'b0, range_q});
        end else begin
          offset_d = byp_off[8:0];
        end
      end
      `CABAC_DEC_OP_TERM: begin
        range_d = term_range;
        if (offset_q >= term_range) begin
          bin_o = 1'b1;
        end else if (!term_range[8]) begin
          take = 4'd1;
          range_d = {term_range[7:0], 1'b0};
          offset_d = {offset_q[7:0], win[8]};
        end
      end
      `CABAC_DEC_OP_INIT: begin
        take = 4'd9;
        range_d = 9'd510;
        offset_d = win;
        err_o = win >= 9'd510;
      end
      `CABAC_DEC_OP_ALIGN: begin
        take = {1'b0, cnt_q[2:0]};
        err_o = over_q != 5'd0;
      end
      `CABAC_DEC_OP_BYTE: begin
        take = 4'd8;
        err_o = cnt_q < 5'd8;
      end
      default: ;
    endcase
    // Bits past the last byte: counted; more than 16 is an error (golden check_overread).
    over_d = over_q;
    if ({1'b0, take} > cnt_q) begin
      over_d = (over_q + 5'(take) - cnt_q > 5'd16) ? 5'd17 : over_q + 5'(take) - cnt_q;
    end
    if (op_i != `CABAC_DEC_OP_ALIGN && op_i != `CABAC_DEC_OP_BYTE && over_d > 5'd16) begin
      err_o = 1'b1;
    end
  end

  // Buffer: consume `take` bits of a fired operation, then append an accepted byte.
  logic       in_fire;
  logic [4:0] cnt_c;
  logic [BufW-1:0] buf_c;

  assign in_ready_o = !eos_q && (drain_i || cnt_q <= 5'd16);
  assign in_fire = in_valid_i && in_ready_o;

  always_comb begin
    buf_c = buf_q;
    cnt_c = cnt_q;
    if (drain_i) begin
      buf_c = '0;
      cnt_c = '0;
    end else if (fire) begin
      buf_c = buf_q << take;
      cnt_c = ({1'b0, take} > cnt_q) ? 5'd0 : cnt_q - 5'(take);
    end
    buf_d = buf_c;
    cnt_d = cnt_c;
    eos_d = eos_q;
    if (in_fire) begin
      eos_d = in_last_i;
      if (!drain_i) begin
        buf_d = buf_c | (BufW'(in_data_i) << (5'(BufW - 8) - cnt_c));
        cnt_d = cnt_c + 5'd8;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      ibusy_q <= 1'b0;
      icnt_q <= '0;
      eos_q <= 1'b1;
      cnt_q <= '0;
      over_q <= '0;
    end else if (start_i) begin
      ibusy_q <= 1'b1;
      icnt_q <= '0;
      eos_q <= 1'b0;
      cnt_q <= '0;
      over_q <= '0;
    end else begin
      if (ibusy_q) begin
        icnt_q <= icnt_q + 9'd1;
        if (icnt_q == 9'(CtxCount - 1)) ibusy_q <= 1'b0;
      end
      eos_q <= eos_d;
      cnt_q <= cnt_d;
      if (fire && !drain_i) over_q <= over_d;
    end
  end

  always_ff @(posedge clk_i) begin
    if (start_i) begin
      qp_q <= qp_i;
      buf_q <= '0;
    end else begin
      buf_q <= buf_d;
    end
    if (fire && !drain_i) begin
      range_q <= range_d;
      offset_q <= offset_d;
    end
  end

  // Context memory: the initialization writes one context a cycle; a decision writes back
  // its context's next state.
  always_ff @(posedge clk_i) begin
    if (ibusy_q) begin
      state_q[icnt_q] <= init_state;
      mps_q[icnt_q] <= init_mps;
    end else if (fire && !drain_i && op_i == `CABAC_DEC_OP_DEC) begin
      state_q[ctx_i] <= lps_path ? st_lps : st_mps;
      mps_q[ctx_i] <= (lps_path && st == 6'd0) ? !mps : mps;
    end
  end

endmodule
