// cabac_pkg: the symbol stream between the CABAC binarizer and the arithmetic coding engines
// (rtl/cabac/), matching golden::cabac::Bin plus the slice framing the golden encoder does
// around it (CabacEncoder::new, encode_terminate(1), encode_pcm, finish).
//
// A symbol is one engine operation. Context-coded bins carry the standard's ctxIdx (0..459, as
// golden numbers them); the engines map it to their own context memory. Bypass bins may be
// grouped: one SymBypass symbol carries 1..8 bins, the first bin coded in the most significant
// of the `n` used bits of `val`. Sequence of one slice:
//   SymInit (val[5:0] = SliceQPY: contexts and engine initialized, clause 9.3.1)
//   { SymCtx | SymBypass | SymTerm | SymPcm }*     (SymTerm 1 then SymPcm x 256 or 384 for I_PCM)
//   SymTerm (val[0] = 1: end_of_slice_flag, flush)  SymEnd (byte alignment, last byte)
package cabac_pkg;

  typedef enum logic [2:0] {
    SymCtx    = 3'd0,  // EncodeDecision: ctx = ctxIdx, val[0] = binVal
    SymBypass = 3'd1,  // EncodeBypass x n: ctx[3:0] = n (1..8), val[n-1:0] = bins, first in n-1
    SymTerm   = 3'd2,  // EncodeTerminate: val[0] = binVal (1 flushes the engine)
    SymPcm    = 3'd3,  // one I_PCM sample byte: val (alignment zero bits before the first)
    SymInit   = 3'd4,  // slice start: val[5:0] = SliceQPY
    SymEnd    = 3'd5   // slice end: rbsp alignment, the slice's last byte
  } sym_kind_e;

  typedef struct packed {
    sym_kind_e  kind;
    logic [8:0] ctx;
    logic [7:0] val;
  } sym_t;

endpackage
