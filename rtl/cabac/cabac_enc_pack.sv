// cabac_enc_pack: the bit packer of the encoding engine (golden::cabac::CabacEncoder's PutBit,
// firstBitFlag and BitWriter, in carry form): it appends each chunk of the low stage to the
// pending bits, acc = (acc << s) + c (a carry lands above the older bits), drops the first bit
// of each engine run (firstBitFlag: always 0, and no carry reaches it), pads to a byte
// boundary after a flush, and hands out one byte per cycle with the carry that reached it
// (cabac_enc_bytes resolves carries into earlier bytes). Items out (kind_o): 0 byte (byte_o,
// cy_o), 1 I_PCM byte, 2 FLUSH (the engine run's bytes are all out: no carry can follow),
// 3 END (slice end).
// Accepts a chunk when, after this cycle's byte, its bits and a byte alignment's fit in the
// PendMax = 8K + 32 pending bits (a buffer that absorbs bursts of bypass bins); PCM and END
// when nothing is pending; INIT always (it marks the next bit as a run's first). Whether a
// chunk fits is computed for both outcomes of this cycle's byte (ready_i comes late).
// The pending bits are kept in carry-save form, acc + cv: a chunk shifts both, its bits go
// below acc's and its carry into cv at the bottom of the older bits, so taking a chunk has no
// carry chain (bits of acc above the pending ones are left as they are: never read). A byte
// goes out as its acc and cv bytes added, with the carry out of that sum or cv's bit above it
// (never both: the sum of the pending bits and the carry above them stays below 2^(nb + 1)); a
// carry from the bits below it comes later, with the next byte, and cabac_enc_bytes adds it.
// Latency 1 (registered outputs, valid_o / ready_i).
//
// Parameters:
//   K  lanes of the engine (chunks of up to 8K bits and a carry, cabac_enc_low).
module cabac_enc_pack #(
  parameter  int unsigned K      = 4,
  localparam int unsigned CWidth = (8 * K + 1 > 11) ? 8 * K + 1 : 11
) (
  input  logic        clk_i,
  input  logic        rst_ni,
  input  logic        valid_i,
  output logic        ready_o,
  input  logic [1:0]  kind_i,
  input  logic [CWidth-1:0] c_i,
  input  logic [5:0]  s_i,
  input  logic        align_i,
  output logic        valid_o,
  input  logic        ready_i,
  output logic [1:0]  kind_o,
  output logic [7:0]  byte_o,
  output logic        cy_o
);
  localparam int unsigned PendMax  = 8 * K + 32;
  localparam int unsigned AccWidth = PendMax + 1;  // pending bits and a carry above them

  logic [AccWidth-1:0] acc_q, acc_d, acc_add, cv_q, cv_d, cv_rem, cv_add, keep;
  logic [6:0]          nb_q, nb_d, nb_rem, nb_add, nb_up;
  logic [2:0]          pad;
  logic                first_q, first_d, fl_q, fl_d;
  logic                out_free, full, ext, emit_flush, take_chunk, take_pass, take_init;
  logic                fit, fit_ext, cy;
  logic [5:0]          s_eff;
  logic [CWidth-1:0]   bits;
  logic [AccWidth-1:0] top, top_cv;  // the oldest byte (acc and cv) and the carry above it
  logic [8:0]          top_sum;

  // What does not wait on ready_i (out_free) is computed for both outcomes of ext: the chunk's
  // effective shift, carry and bits (the run's first bit dropped), whether it fits, and the
  // mask of the carries that stay after a byte goes out.
  assign full       = nb_q >= 7'd8;
  assign out_free   = !valid_o || ready_i;
  assign ext        = out_free && full;
  assign emit_flush = out_free && !full && fl_q && (nb_q == 7'd0);
  assign nb_rem     = ext ? nb_q - 7'd8 : nb_q;
  // Masks as comparisons per bit (bit i below n), not (1 << n) - 1 (a borrow chain).
  for (genvar i = 0; i < AccWidth; i++) begin : g_keep
    assign keep[i] = 8'(nb_q) > 8'(i + 8);  // i < nb_q - 8
  end
  assign cv_rem     = ext ? (cv_q & keep) : cv_q;
  assign top        = acc_q >> (nb_q - 7'd8);
  assign top_cv     = cv_q >> (nb_q - 7'd8);
  assign top_sum    = 9'(top[7:0]) + 9'(top_cv[7:0]);

  // The run's first bit is dropped: the chunk loses its top (non-carry) bit, and its carry
  // (always 0 then).
  assign s_eff   = (first_q && s_i != 6'd0) ? s_i - 6'd1 : s_i;
  assign cy      = !first_q && c_i[s_i];
  for (genvar i = 0; i < CWidth; i++) begin : g_bits
    assign bits[i] = c_i[i] && 7'(s_eff) > 7'(i);
  end
  assign fit     = 8'(nb_q) + 8'(s_i) + 8'd7 <= 8'(PendMax);
  assign fit_ext = 8'(nb_q) + 8'(s_i) + 8'd7 <= 8'(PendMax + 8);

  assign take_chunk = valid_i && (kind_i == 2'd0) && !fl_q && (ext ? fit_ext : fit);
  assign take_pass  = valid_i && (kind_i == 2'd1 || kind_i == 2'd2) && out_free && !fl_q &&
                      (nb_q == 7'd0);
  assign take_init  = valid_i && (kind_i == 2'd3);
  assign ready_o    = take_chunk || take_pass || take_init;

  always_comb begin
    first_d = first_q;
    if (first_q && take_chunk && s_i != 6'd0) first_d = 1'b0;
    if (take_chunk && align_i) first_d = 1'b1;
    if (take_init) first_d = 1'b1;
  end

  // acc + cv << s + chunk = (acc << s | bits) + ((cv | carry) << s): the carry is a bit of cv
  // at the bottom of the older bits (no carry lands at bit 0: a chunk with a carry has s >= 1).
  assign acc_add = (acc_q << s_eff) | AccWidth'(bits);
  assign cv_add  = (cv_rem | AccWidth'(cy)) << s_eff;
  assign nb_add  = nb_rem + 7'(s_eff);
  // (8 - nb_add % 8) % 8, from nb_q (nb_rem is nb_q or nb_q - 8: the same modulo 8).
  assign pad     = 3'd0 - (nb_q[2:0] + s_eff[2:0]);
  assign nb_up   = {nb_add[6:3] + 4'(nb_add[2:0] != 3'd0), 3'd0};  // nb_add + pad

  always_comb begin
    acc_d = acc_q;
    cv_d  = cv_rem;
    nb_d  = nb_rem;
    fl_d  = fl_q && !emit_flush;
    if (take_chunk) begin
      if (align_i) begin
        acc_d = acc_add << pad;
        cv_d  = cv_add << pad;
        nb_d  = nb_up;
        fl_d  = 1'b1;
      end else begin
        acc_d = acc_add;
        cv_d  = cv_add;
        nb_d  = nb_add;
      end
    end
  end

  always_ff @(posedge clk_i) begin
    if (!rst_ni) begin
      valid_o <= 1'b0;
      acc_q   <= '0;
      cv_q    <= '0;
      nb_q    <= '0;
      first_q <= 1'b1;
      fl_q    <= 1'b0;
    end else begin
      acc_q   <= acc_d;
      cv_q    <= cv_d;
      nb_q    <= nb_d;
      first_q <= first_d;
      fl_q    <= fl_d;
      if (out_free) valid_o <= ext || emit_flush || take_pass;
    end
  end
  always_ff @(posedge clk_i) begin
    if (ext) begin
      kind_o <= 2'd0;
      byte_o <= top_sum[7:0];
      cy_o   <= top_sum[8] | top_cv[8];
    end else if (emit_flush) begin
      kind_o <= 2'd2;
      cy_o   <= 1'b0;
    end else if (take_pass) begin
      kind_o <= (kind_i == 2'd1) ? 2'd1 : 2'd3;
      byte_o <= c_i[7:0];
      cy_o   <= 1'b0;
    end
  end

  logic unused_top;
  assign unused_top = ^{top[AccWidth-1:8], top_cv[AccWidth-1:9]};

  `ASSERT(PendingBound_A, 32'(nb_q) <= PendMax)
  `ASSERT(OneCarry_A, !(ext && top_sum[8] && top_cv[8]))
  `ASSERT_STABLE_STALL(OutStable_A, valid_o, ready_i, {kind_o, byte_o, cy_o})
endmodule
