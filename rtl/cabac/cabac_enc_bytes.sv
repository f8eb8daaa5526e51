// cabac_enc_bytes: carry resolution and output of the encoding engine's bytes (what
// golden::cabac::CabacEncoder's outstanding bits do, at byte level): a byte is held back while
// a later carry may still change it. It keeps one pending byte (pb, not 0xFF) and a count of
// 0xFF bytes after it (run). A byte from the packer (cabac_enc_pack) with carry cy:
//   0xFF, no carry   run += 1 (nothing out)
//   otherwise        out: pb + cy, then run x (cy ? 0x00 : 0xFF); pb = the byte, run = 0
//                    (0xFF with a carry: pb + 1, run x 0x00, then no pending byte, run = 1)
// FLUSH (no carry can follow): out pb and all but one byte of the run, the last one pending;
// I_PCM byte: out pb, the sample pending; END: out pb with last_o. The slice's last byte thus
// waits for END and carries last_o.
// Output beats of 1..OutBytes bytes (byte j at [j*8 +: 8], the first at j = 0, count_o
// bytes valid); a long run drains OutBytes bytes per cycle while the input waits.
// Latency 1 (registered outputs, valid_o / ready_i).
//
// Parameters:
//   OutBytes  bytes per output beat (>= 1).
//   RunWidth  width of the 0xFF run counter (asserted not to overflow).
module cabac_enc_bytes #(
  parameter  int unsigned OutBytes = 4,
  parameter  int unsigned RunWidth = 16,
  localparam int unsigned CountWidth = $clog2(OutBytes + 1)
) (
  input  logic                    clk_i,
  input  logic                    rst_ni,
  input  logic                    valid_i,
  output logic                    ready_o,
  input  logic [1:0]              kind_i,
  input  logic [7:0]              byte_i,
  input  logic                    cy_i,
  output logic                    valid_o,
  input  logic                    ready_i,
  output logic [OutBytes*8-1:0]   byte_o,
  output logic [CountWidth-1:0]   count_o,
  output logic                    last_o
);
  logic                pv_q, pv_d;
  logic [7:0]          pb_q, pb_d;
  logic [RunWidth-1:0] rc_q, rc_d;
  logic [RunWidth-1:0] dn_q, dn_d;   // run bytes still to drain
  logic [7:0]          dx_q, dx_d;   // their value
  logic                out_free, draining, take;
  // This cycle's beat: an optional head byte, then k copies of x.
  logic                hv;
  logic [7:0]          hb, x;
  logic [RunWidth-1:0] n, k;
  logic                last;

  assign out_free = !valid_o || ready_i;
  assign draining = dn_q != '0;
  assign take     = valid_i && out_free && !draining;
  assign ready_o  = take;

  always_comb begin
    pv_d = pv_q;
    pb_d = pb_q;
    rc_d = rc_q;
    hv   = 1'b0;
    hb   = pb_q;
    n    = '0;
    x    = dx_q;
    last = 1'b0;
    if (draining) begin
      n = dn_q;
    end else if (take) begin
      unique case (kind_i)
        2'd0: begin
          if (byte_i == 8'hff && !cy_i) begin
            rc_d = rc_q + RunWidth'(1);
          end else begin
            hv = pv_q;
            hb = pb_q + 8'(cy_i);
            n  = rc_q;
            x  = cy_i ? 8'h00 : 8'hff;
            if (byte_i == 8'hff) begin
              pv_d = 1'b0;
              rc_d = RunWidth'(1);
            end else begin
              pv_d = 1'b1;
              pb_d = byte_i;
              rc_d = '0;
            end
          end
        end
        2'd2: begin
          if (rc_q != '0) begin
            hv   = pv_q;
            n    = rc_q - RunWidth'(1);
            x    = 8'hff;
            pv_d = 1'b1;
            pb_d = 8'hff;
            rc_d = '0;
          end
        end
        2'd1: begin
          hv   = pv_q;
          pv_d = 1'b1;
          pb_d = byte_i;
        end
        default: begin  // END
          hv   = pv_q;
          last = 1'b1;
          pv_d = 1'b0;
          rc_d = '0;
        end
      endcase
    end
    k    = (n > RunWidth'(OutBytes) - RunWidth'(hv)) ? RunWidth'(OutBytes) - RunWidth'(hv) : n;
    dn_d = n - k;
    dx_d = x;
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_o <= 1'b0;
      pv_q    <= 1'b0;
      rc_q    <= '0;
      dn_q    <= '0;
    end else if (out_free) begin
      valid_o <= hv || (k != '0);
      pv_q    <= pv_d;
      rc_q    <= rc_d;
      dn_q    <= dn_d;
    end
  end
  always_ff @(posedge clk_i) begin
    if (out_free) begin
      pb_q    <= pb_d;
      dx_q    <= dx_d;
      last_o  <= last;
      count_o <= CountWidth'(k) + CountWidth'(hv);
      for (int j = 0; j < OutBytes; j++) begin
        byte_o[j*8 +: 8] <= (hv && j == 0) ? hb : x;
      end
    end
  end

  `ASSERT(RunNoOverflow_A, !(take && kind_i == 2'd0 && byte_i == 8'hff && !cy_i) || (rc_q != '1))
  `ASSERT(CarryHasPending_A, !(take && kind_i == 2'd0 && cy_i) || pv_q)
  `ASSERT_STABLE_STALL(OutStable_A, valid_o, ready_i, {byte_o, count_o, last_o})
endmodule
