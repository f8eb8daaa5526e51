// cabac_sym: the symbol stream between the CABAC binarizer and the arithmetic coding engines
// (rtl/cabac/), as macros (a file with no module, read before the modules: docs/rtl.md). It
// matches golden::cabac::Bin plus the slice framing the golden encoder does around it
// (CabacEncoder::new, encode_terminate(1), encode_pcm, finish).
//
// A symbol is one engine operation, a flat bus of `CABAC_SYM_W bits:
//   [19:17] kind, [16:8] ctx, [7:0] val
// Context-coded bins carry the standard's ctxIdx (0..459, as golden numbers them); the engines
// map it to their own context memory. Bypass bins may be grouped: one BYPASS symbol carries
// 1..8 bins, the first bin coded in the most significant of the n used bits of val. A CTX
// symbol may carry up to 2 bypass bins coded right after its bin (bypass bins do not change
// the range, so the engine codes them in the CTX bin's lane, its shift at most 6 + 2): the
// binarizer puts a coefficient's bypass string there when it has at most 2 bins (the sign,
// or the EG0 suffix 0 and the sign).
// One slice:
//   INIT (val[5:0] = SliceQPY: contexts and engine initialized, clause 9.3.1)
//   { CTX | BYPASS | TERM | PCM }*      (TERM 1 then 256 or 384 PCM for an I_PCM macroblock)
//   TERM (val[0] = 1: end_of_slice_flag, flush)  END (rbsp alignment, the slice's last byte)
`ifndef CABAC_SYM_SV
`define CABAC_SYM_SV

`define CABAC_SYM_W 20
`define CABAC_SYM_KIND(s) s[19:17]
`define CABAC_SYM_CTX(s) s[16:8]
`define CABAC_SYM_VAL(s) s[7:0]

// Kinds.
`define CABAC_CTX 3'd0     // EncodeDecision: ctx = ctxIdx, val[0] = binVal; then val[2:1] = n
                           // (0..2) EncodeBypass, val[n+2:3], first in n+2; val[7:5] = 0
`define CABAC_BYPASS 3'd1  // EncodeBypass x n: ctx[3:0] = n (1..8), val[n-1:0], first in n-1
`define CABAC_TERM 3'd2    // EncodeTerminate: val[0] = binVal (1 flushes the engine)
`define CABAC_PCM 3'd3     // one I_PCM sample byte: val (alignment zero bits before the first)
`define CABAC_INIT 3'd4    // slice start: val[5:0] = SliceQPY
`define CABAC_END 3'd5     // slice end: rbsp alignment, the slice's last byte

`endif
