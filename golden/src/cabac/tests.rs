//! Tests of the CABAC module: hand-worked engine output, hand-derived bin
//! sequences of every syntax element (these pin the ctxIdx assignment, which
//! round trips cannot check), round trips, and robustness on corrupt data.

use super::engine::Bin::{self, Bypass, Ctx, Term};
use super::tables::{LAST_8X8_CTX_INC, SIG_8X8_FRAME_CTX_INC};
use super::*;
use crate::error::Error;
use proptest::prelude::*;

// ---------------------------------------------------------------------------
// Engine, worked by hand.

/// QP 26, ctxIdx 60 (m 0, n 41): preCtxState 41 -> pStateIdx 22, valMPS 0.
/// Bins: decision(60, 0), decision(60, 1), bypass(1), terminate(1).
///
/// Init: codILow 0, codIRange 510, firstBitFlag 1, bitsOutstanding 0.
/// 1. q = (510 >> 6) & 3 = 3, rangeTabLPS[22][3] = 76, range 434; MPS: state
///    23, no renorm.
/// 2. q = (434 >> 6) & 3 = 2, rangeTabLPS[23][2] = 63, range 371; LPS: low
///    += 371 -> 371, range 63, state transIdxLPS[23] = 18. RenormE:
///    low 371 in [256, 512): low 115, outstanding 1; range 126, low 230.
///    low 230 < 256: PutBit(0): first bit dropped, outstanding writes "1";
///    range 252, low 460. low 460 in [256, 512): low 204, outstanding 1;
///    range 504, low 408.                                       written: 1
/// 3. bypass 1: low 816 + 504 = 1320 >= 1024: PutBit(1) writes "1", then
///    the outstanding "0"; low 296.                             written: 110
/// 4. terminate 1: range 502, low 296 + 502 = 798. EncodeFlush: range 2,
///    RenormE: 798 >= 512 -> "1", low 286 -> 572; 572 >= 512 -> "1", low 60
///    -> 120; 120 < 256 -> "0", 240; 240 < 256 -> "0", 480; 480 mid ->
///    outstanding 1, low 224 -> 448; 448 mid -> outstanding 2, 192 -> 384;
///    384 mid -> outstanding 3, 128 -> 256; range now 256.
///    PutBit((256 >> 9) & 1 = 0) -> "0111"; WriteBits(((256 >> 7) & 3) | 1
///    = 3, 2) -> "11".                                written: 1101100011111
///
/// 13 bits, then rbsp_alignment_zero_bits: 11011000 11111000 = D8 F8.
#[test]
fn encoder_matches_hand_worked_example() {
    let mut enc = CabacEncoder::new(26);
    enc.encode_decision(60, 0);
    enc.encode_decision(60, 1);
    enc.encode_bypass(1);
    assert_eq!(enc.bits_written(), 13);
    enc.encode_terminate(1);
    assert_eq!(enc.bits_written(), 13);
    assert_eq!(enc.context(60), Context { state: 18, mps: 0 });
    assert_eq!(enc.finish(), vec![0xD8, 0xF8]);

    // Decoding: codIOffset = 110110001b = 433; decision: 433 < 434 -> 0;
    // decision: range 371, 433 >= 371 -> 1, offset 62, range 63, three bits
    // "111" shift in: offset 503, range 504; bypass: 1007 >= 504 -> 1;
    // terminate: range 502, 503 >= 502 -> 1, after exactly 13 bits.
    let mut dec = CabacDecoder::new(&[0xD8, 0xF8], 26).unwrap();
    assert_eq!(dec.decode_decision(60).unwrap(), 0);
    assert_eq!(dec.decode_decision(60).unwrap(), 1);
    assert_eq!(dec.decode_bypass().unwrap(), 1);
    assert_eq!(dec.decode_terminate().unwrap(), 1);
    assert_eq!(dec.bits_consumed(), 13);
}

// ---------------------------------------------------------------------------
// The encoding engine against the standard's flowcharts.

/// The arithmetic encoding engine exactly as Figures 9-7 to 9-11 draw it:
/// one bit per RenormE iteration, PutBit with firstBitFlag and
/// bitsOutstanding, bits kept one per entry. A test oracle only: the codec's
/// engine renormalizes all shifts at once and writes bytes.
struct Flowchart {
    ctx: [Context; NUM_CTX],
    low: u32,
    range: u32,
    outstanding: u64,
    first_bit: bool,
    flushed: bool,
    bits: Vec<u8>,
}

impl Flowchart {
    fn new(qp: i32) -> Self {
        let mut f = Flowchart {
            ctx: context::init_contexts(qp),
            low: 0,
            range: 510,
            outstanding: 0,
            first_bit: true,
            flushed: false,
            bits: Vec::new(),
        };
        f.init();
        f
    }

    /// InitEncoder.
    fn init(&mut self) {
        self.low = 0;
        self.range = 510;
        self.first_bit = true;
        self.outstanding = 0;
        self.flushed = false;
    }

    /// PutBit (Figure 9-8).
    fn put_bit(&mut self, b: u8) {
        if self.first_bit {
            self.first_bit = false;
        } else {
            self.bits.push(b);
        }
        while self.outstanding > 0 {
            self.bits.push(1 - b);
            self.outstanding -= 1;
        }
    }

    /// RenormE (Figure 9-7).
    fn renorm(&mut self) {
        while self.range < 256 {
            if self.low < 256 {
                self.put_bit(0);
            } else if self.low >= 512 {
                self.low -= 512;
                self.put_bit(1);
            } else {
                self.low -= 256;
                self.outstanding += 1;
            }
            self.range <<= 1;
            self.low <<= 1;
        }
    }

    /// EncodeDecision (Figure 9-7).
    fn decision(&mut self, ctx_idx: usize, bin: u32) {
        let c = &mut self.ctx[ctx_idx];
        let s = usize::from(c.state);
        let lps = u32::from(tables::RANGE_TAB_LPS[s][((self.range >> 6) & 3) as usize]);
        self.range -= lps;
        if bin != u32::from(c.mps) {
            self.low += self.range;
            self.range = lps;
            if s == 0 {
                c.mps = 1 - c.mps;
            }
            c.state = tables::TRANS_IDX_LPS[s];
        } else {
            c.state = tables::TRANS_IDX_MPS[s];
        }
        self.renorm();
    }

    /// EncodeBypass (Figure 9-9).
    fn bypass(&mut self, bin: u32) {
        self.low <<= 1;
        if bin != 0 {
            self.low += self.range;
        }
        if self.low >= 1024 {
            self.put_bit(1);
            self.low -= 1024;
        } else if self.low < 512 {
            self.put_bit(0);
        } else {
            self.low -= 512;
            self.outstanding += 1;
        }
    }

    /// EncodeTerminate (Figure 9-10) and EncodeFlush (Figure 9-11).
    fn terminate(&mut self, bin: u32) {
        self.range -= 2;
        if bin == 0 {
            self.renorm();
            return;
        }
        self.low += self.range;
        self.range = 2;
        self.renorm();
        self.put_bit(((self.low >> 9) & 1) as u8);
        let two = ((self.low >> 7) & 3) | 1;
        self.bits.extend([(two >> 1) as u8, (two & 1) as u8]);
        self.flushed = true;
    }

    /// pcm_alignment_zero_bits, the samples, InitEncoder.
    fn pcm(&mut self, samples: &[u8]) {
        while !self.bits.len().is_multiple_of(8) {
            self.bits.push(0);
        }
        for &b in samples {
            self.bits.extend((0..8).rev().map(|i| (b >> i) & 1));
        }
        self.init();
    }

    fn bits_written(&self) -> u64 {
        let n = self.bits.len() as u64;
        if self.flushed {
            n
        } else {
            n + self.outstanding + 9 + u64::from(!self.first_bit)
        }
    }

    /// rbsp_alignment_zero_bits, then the bytes.
    fn finish(mut self) -> Vec<u8> {
        while !self.bits.len().is_multiple_of(8) {
            self.bits.push(0);
        }
        self.bits
            .chunks(8)
            .map(|c| c.iter().fold(0, |a, &b| a << 1 | b))
            .collect()
    }
}

/// What the engine comparison runs: engine operations, runs of bypass bins
/// (long runs of 1 make 0xFF bytes and carries through them), and I_PCM
/// segments (terminate 1, samples, engine restart).
#[derive(Clone, Debug)]
enum EngineOp {
    Op(Op),
    BypassRun(u32, usize),
    Pcm(Vec<u8>),
}

fn engine_op() -> impl Strategy<Value = EngineOp> {
    prop_oneof![
        12 => op().prop_map(EngineOp::Op),
        2 => (0u32..2, 1usize..60).prop_map(|(b, n)| EngineOp::BypassRun(b, n)),
        1 => prop::collection::vec(any::<u8>(), 0..6).prop_map(EngineOp::Pcm),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// The byte-wise engine writes the flowcharts' bits, counts the same
    /// bits at every step and leaves the contexts in the same states.
    #[test]
    fn encoder_engine_matches_the_standard_flowcharts(
        qp in 0i32..52,
        ops in prop::collection::vec(engine_op(), 0..800),
    ) {
        let mut enc = CabacEncoder::new(qp);
        let mut std = Flowchart::new(qp);
        for op in &ops {
            match op {
                EngineOp::Op(Op::Decision(c, b)) => {
                    enc.encode_decision(*c, *b);
                    std.decision(*c, *b);
                }
                EngineOp::Op(Op::Bypass(b)) => {
                    enc.encode_bypass(*b);
                    std.bypass(*b);
                }
                EngineOp::Op(Op::Terminate0) => {
                    enc.encode_terminate(0);
                    std.terminate(0);
                }
                EngineOp::BypassRun(b, n) => {
                    for _ in 0..*n {
                        enc.encode_bypass(*b);
                        std.bypass(*b);
                    }
                }
                EngineOp::Pcm(samples) => {
                    enc.encode_terminate(1);
                    std.terminate(1);
                    prop_assert_eq!(enc.bits_written(), std.bits_written());
                    enc.encode_pcm(samples);
                    std.pcm(samples);
                }
            }
            prop_assert_eq!(enc.bits_written(), std.bits_written());
        }
        enc.encode_terminate(1);
        std.terminate(1);
        prop_assert_eq!(enc.bits_written(), std.bits_written());
        for i in 0..NUM_CTX {
            prop_assert_eq!(enc.context(i), std.ctx[i]);
        }
        prop_assert_eq!(enc.finish(), std.finish());
    }
}

#[test]
fn empty_slice_is_truncated_after_slack() {
    // 9 bits read at init and 7 bypass bins stay within the 16-bit slack.
    let mut dec = CabacDecoder::new(&[], 30).unwrap();
    for _ in 0..7 {
        assert_eq!(dec.decode_bypass(), Ok(0));
    }
    assert_eq!(
        dec.decode_bypass(),
        Err(Error::Truncated("cabac slice data"))
    );
}

#[test]
fn init_offset_510_is_invalid() {
    // First 9 bits 111111110 = 510.
    assert!(matches!(
        CabacDecoder::new(&[0xFF, 0x00], 30),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        CabacDecoder::new(&[0xFF, 0x80], 30),
        Err(Error::Invalid(_))
    ));
    // 111111101 = 509 is the largest legal value.
    assert!(CabacDecoder::new(&[0xFE, 0xFF], 30).is_ok());
}

#[test]
fn pcm_past_end_is_truncated() {
    let mut enc = CabacEncoder::new(20);
    enc.encode_mb_type_i(MB_TYPE_I_PCM, 0);
    enc.encode_pcm(&[1, 2, 3]);
    enc.encode_terminate(1);
    let data = enc.finish();
    let mut dec = CabacDecoder::new(&data, 20).unwrap();
    assert_eq!(dec.decode_mb_type_i(0).unwrap(), MB_TYPE_I_PCM);
    assert_eq!(
        dec.decode_pcm(usize::MAX),
        Err(Error::Truncated("pcm samples"))
    );
}

// ---------------------------------------------------------------------------
// Bin sequences, derived by hand from Tables 9-34, 9-36, 9-39 and 9.3.3.1.

fn trace_of(f: impl FnOnce(&mut CabacEncoder)) -> Vec<Bin> {
    let mut enc = CabacEncoder::new(26);
    enc.record_bins();
    f(&mut enc);
    enc.take_bins()
}

#[test]
fn mb_type_bins() {
    // I_NxN: "0" at ctxIdx 3 + ctxIdxInc.
    assert_eq!(trace_of(|e| e.encode_mb_type_i(0, 1)), [Ctx(4, 0)]);
    // I_PCM: "1", terminate 1.
    assert_eq!(
        trace_of(|e| e.encode_mb_type_i(25, 2)),
        [Ctx(5, 1), Term(1)]
    );
    // 19 = I_16x16_2_1_1: 1 0 1 1 0 1 0; bins 2..6 at ctxIdx 6, 7, 8, 9, 10.
    assert_eq!(
        trace_of(|e| e.encode_mb_type_i(19, 0)),
        [
            Ctx(3, 1),
            Term(0),
            Ctx(6, 1),
            Ctx(7, 1),
            Ctx(8, 0),
            Ctx(9, 1),
            Ctx(10, 0)
        ]
    );
    // 4 = I_16x16_3_0_0: 1 0 0 0 1 1; bins 4, 5 use ctxIdxInc 6, 7 (b3 == 0).
    assert_eq!(
        trace_of(|e| e.encode_mb_type_i(4, 0)),
        [
            Ctx(3, 1),
            Term(0),
            Ctx(6, 0),
            Ctx(7, 0),
            Ctx(9, 1),
            Ctx(10, 1)
        ]
    );
    // 24 = I_16x16_3_2_1: 1 0 1 1 1 1 1.
    assert_eq!(
        trace_of(|e| e.encode_mb_type_i(24, 0)),
        [
            Ctx(3, 1),
            Term(0),
            Ctx(6, 1),
            Ctx(7, 1),
            Ctx(8, 1),
            Ctx(9, 1),
            Ctx(10, 1)
        ]
    );
}

#[test]
fn small_element_bins() {
    assert_eq!(
        trace_of(|e| e.encode_transform_size_8x8_flag(true, 2)),
        [Ctx(401, 1)]
    );
    assert_eq!(
        trace_of(|e| e.encode_prev_intra_pred_mode_flag(false)),
        [Ctx(68, 0)]
    );
    // rem 6 = 110b, least significant bit first.
    assert_eq!(
        trace_of(|e| e.encode_rem_intra_pred_mode(6)),
        [Ctx(69, 0), Ctx(69, 1), Ctx(69, 1)]
    );
    // intra_chroma_pred_mode, TU cMax 3: 3 -> 111 (no terminating 0); 1 -> 10.
    assert_eq!(
        trace_of(|e| e.encode_intra_chroma_pred_mode(3, 2)),
        [Ctx(66, 1), Ctx(67, 1), Ctx(67, 1)]
    );
    assert_eq!(
        trace_of(|e| e.encode_intra_chroma_pred_mode(1, 0)),
        [Ctx(64, 1), Ctx(67, 0)]
    );
    assert_eq!(
        trace_of(|e| e.encode_intra_chroma_pred_mode(0, 1)),
        [Ctx(65, 0)]
    );
    // mb_qp_delta -2 -> codeNum 4 -> 11110: ctxIdx 60 + inc, 62, 63, 63, 63.
    assert_eq!(
        trace_of(|e| e.encode_mb_qp_delta(-2, 1)),
        [Ctx(61, 1), Ctx(62, 1), Ctx(63, 1), Ctx(63, 1), Ctx(63, 0)]
    );
    // +1 -> codeNum 1 -> 10; 0 -> 0.
    assert_eq!(
        trace_of(|e| e.encode_mb_qp_delta(1, 0)),
        [Ctx(60, 1), Ctx(62, 0)]
    );
    assert_eq!(trace_of(|e| e.encode_mb_qp_delta(0, 1)), [Ctx(61, 0)]);
    assert_eq!(trace_of(|e| e.encode_end_of_slice_flag(false)), [Term(0)]);
}

#[test]
fn coded_block_pattern_bins() {
    // Left: luma 0101b (8x8 blocks 0 and 2 coded), chroma 2; above: nothing.
    let nb = CbpNeighbours {
        luma_a: 0b0101,
        luma_b: 0,
        chroma_a: 2,
        chroma_b: 0,
    };
    // cbp luma 1001b, chroma 1.
    // b8 0: A = left b8 1 (0) -> 1, B = above b8 2 (0) -> 1: inc 3, ctx 76.
    // b8 1: A = cur b8 0 (1) -> 0, B = above b8 3 (0) -> 1: inc 2, ctx 75.
    // b8 2: A = left b8 3 (0) -> 1, B = cur b8 0 (1) -> 0: inc 1, ctx 74.
    // b8 3: A = cur b8 2 (0) -> 1, B = cur b8 1 (0) -> 1: inc 3, ctx 76.
    // chroma bin 0: A chroma 2 != 0 -> 1, B 0 -> 0: inc 1, ctx 78.
    // chroma bin 1: A chroma == 2 -> 1, B -> 0: inc 1 + 4, ctx 82.
    assert_eq!(
        trace_of(|e| e.encode_coded_block_pattern(0b1001 | (1 << 4), true, nb)),
        [
            Ctx(76, 1),
            Ctx(75, 0),
            Ctx(74, 0),
            Ctx(76, 1),
            Ctx(78, 1),
            Ctx(82, 0)
        ]
    );
    // Unavailable neighbours (luma 1111b, chroma 0), 4:0:0: luma bins only.
    let none = CbpNeighbours {
        luma_a: 0b1111,
        luma_b: 0b1111,
        chroma_a: 0,
        chroma_b: 0,
    };
    // b8 0: 0 + 0; b8 1: A = cur b8 0 (0) -> 1: inc 1; b8 2: B = cur b8 0 -> 1:
    // inc 2; b8 3: A = cur b8 2 (1) -> 0, B = cur b8 1 (0) -> 1: inc 2.
    assert_eq!(
        trace_of(|e| e.encode_coded_block_pattern(0b0100, false, none)),
        [Ctx(73, 0), Ctx(74, 0), Ctx(75, 1), Ctx(75, 0)]
    );
}

#[test]
fn residual_4x4_bins() {
    // Luma4x4 (cat 2): level 3 at scan 1, -1 at scan 15, coded_block_flag inc 2.
    let mut c = [0; 16];
    c[1] = 3;
    c[15] = -1;
    let mut want = vec![Ctx(93 + 2, 1), Ctx(134, 0), Ctx(135, 1), Ctx(195 + 1, 0)];
    want.extend((2..15).map(|i| Ctx(134 + i, 0)));
    // scan 15 (implied significant): |level| - 1 = 0, bin 0 ctxIdxInc
    // Min(4, 1 + 0) = 1 -> ctx 248; sign 1.
    want.extend([Ctx(248, 0), Bypass(1)]);
    // scan 1: 2 -> 110; bin 0 inc Min(4, 1 + numEq1 1) = 2 -> 249, then
    // 5 + Min(4, numGt1 0) -> 252; sign 0.
    want.extend([Ctx(249, 1), Ctx(252, 1), Ctx(252, 0), Bypass(0)]);
    assert_eq!(
        trace_of(|e| encode_residual_block(e, &c, BlockCat::Luma4x4, Some(2))),
        want
    );

    // All-zero LumaDc: coded_block_flag 0 only.
    let z = [0; 16];
    assert_eq!(
        trace_of(|e| encode_residual_block(e, &z, BlockCat::LumaDc, Some(0))),
        [Ctx(85, 0)]
    );
}

#[test]
fn residual_ac_bins() {
    // LumaAc (cat 1): only the last of the 15 AC levels, 1: sig 120..=133 all
    // 0, position 14 implied; level ctx 237 + 1.
    let mut c = [0; 15];
    c[14] = 1;
    let mut want = vec![Ctx(89 + 3, 1)];
    want.extend((0..14).map(|i| Ctx(120 + i, 0)));
    want.extend([Ctx(238, 0), Bypass(0)]);
    assert_eq!(
        trace_of(|e| encode_residual_block(e, &c, BlockCat::LumaAc, Some(3))),
        want
    );

    // ChromaAc (cat 4): 7 at index 1: sig 152, 153, last 213 + 1; 6 -> TU
    // 1111110 with bin 0 at 266 + 1 and the rest at 266 + 5.
    let mut c = [0; 15];
    c[1] = 7;
    let mut want = vec![
        Ctx(101 + 1, 1),
        Ctx(152, 0),
        Ctx(153, 1),
        Ctx(214, 1),
        Ctx(267, 1),
    ];
    want.extend([Ctx(271, 1); 5]);
    want.extend([Ctx(271, 0), Bypass(0)]);
    assert_eq!(
        trace_of(|e| encode_residual_block(e, &c, BlockCat::ChromaAc, Some(1))),
        want
    );
}

#[test]
fn residual_chroma_dc_bins() {
    // [-1, 0, 0, 20]: sig ctxIdxInc Min(i / NumC8x8, 2) with NumC8x8 = 1.
    let c = [-1, 0, 0, 20];
    let mut want = vec![
        Ctx(97, 1),
        Ctx(149, 1),
        Ctx(210, 0),
        Ctx(150, 0),
        Ctx(151, 0),
    ];
    // 20 -> 19 >= 14: prefix 1 at 257 + 1, thirteen 1s at 257 + 5, then
    // EG0 of 5: 1 1 0 then the 2-bit remainder 10; sign 0.
    want.push(Ctx(258, 1));
    want.extend([Ctx(262, 1); 13]);
    want.extend([
        Bypass(1),
        Bypass(1),
        Bypass(0),
        Bypass(1),
        Bypass(0),
        Bypass(0),
    ]);
    // -1 with numGt1 1: bin 0 ctxIdxInc 0 -> 257; sign 1.
    want.extend([Ctx(257, 0), Bypass(1)]);
    assert_eq!(
        trace_of(|e| encode_residual_block(e, &c, BlockCat::ChromaDc, Some(0))),
        want
    );

    // [5, 5, 5, 5]: the bins after bin 0 use 5 + Min(4 - 1, numGt1), so
    // they stop at 257 + 8 for chroma DC.
    let t = trace_of(|e| encode_residual_block(e, &[5, 5, 5, 5], BlockCat::ChromaDc, Some(0)));
    let rest: Vec<usize> = t
        .iter()
        .filter_map(|b| match *b {
            Ctx(i, 0) if (262..=266).contains(&i) => Some(i),
            _ => None,
        })
        .collect();
    assert_eq!(rest, [262, 263, 264, 265]);
}

#[test]
fn residual_8x8_bins() {
    // Luma8x8 (cat 5), coded_block_flag inferred: 1 at levelListIdx 9, 2 at 63.
    let mut c = [0; 64];
    c[9] = 1;
    c[63] = 2;
    let mut want = Vec::new();
    for (i, &inc) in SIG_8X8_FRAME_CTX_INC.iter().enumerate() {
        // Table 9-43: significant_coeff_flag ctxIdxInc 3 at index 9.
        want.push(Ctx(402 + usize::from(inc), u32::from(i == 9)));
        if i == 9 {
            // last_significant_coeff_flag ctxIdxInc 1 at index 9.
            want.push(Ctx(417 + usize::from(LAST_8X8_CTX_INC[9]), 0));
        }
    }
    assert_eq!(want[9], Ctx(405, 1));
    assert_eq!(want[10], Ctx(418, 0));
    // 2 -> 10: bin 0 at 426 + 1, bin 1 at 426 + 5; sign; then 1 -> 0 at 426.
    want.extend([Ctx(427, 1), Ctx(431, 0), Bypass(0), Ctx(426, 0), Bypass(0)]);
    assert_eq!(
        trace_of(|e| encode_residual_block(e, &c, BlockCat::Luma8x8, None)),
        want
    );
}

// ---------------------------------------------------------------------------
// Round trips.

#[derive(Clone, Debug)]
enum Op {
    Decision(usize, u32),
    Bypass(u32),
    Terminate0,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0usize..NUM_CTX, 0u32..2).prop_map(|(c, b)| Op::Decision(c, b)),
        // Long runs in a few contexts reach the extreme states.
        4 => (0usize..4, prop::bool::weighted(0.95))
            .prop_map(|(c, b)| Op::Decision(c, u32::from(b))),
        2 => (0u32..2).prop_map(Op::Bypass),
        1 => Just(Op::Terminate0),
    ]
}

fn encode_ops(enc: &mut CabacEncoder, ops: &[Op], marks: &mut Vec<u64>) {
    for op in ops {
        match *op {
            Op::Decision(c, b) => enc.encode_decision(c, b),
            Op::Bypass(b) => enc.encode_bypass(b),
            Op::Terminate0 => enc.encode_terminate(0),
        }
        marks.push(enc.bits_written());
    }
}

fn decode_ops(dec: &mut CabacDecoder, ops: &[Op], marks: &mut impl Iterator<Item = u64>) {
    for op in ops {
        let (got, want) = match *op {
            Op::Decision(c, b) => (dec.decode_decision(c).unwrap(), b),
            Op::Bypass(b) => (dec.decode_bypass().unwrap(), b),
            Op::Terminate0 => (dec.decode_terminate().unwrap(), 0),
        };
        assert_eq!(got, want);
        // The encoder's bit count is the decoder's read position.
        assert_eq!(dec.bits_consumed(), marks.next().unwrap());
    }
}

fn level() -> impl Strategy<Value = i32> {
    prop_oneof![6 => Just(0), 3 => -3..=3i32, 1 => -40..=40i32, 1 => -32768..=32767i32]
}

fn block() -> impl Strategy<Value = (BlockCat, Vec<i32>, Option<usize>)> {
    let cat = prop_oneof![
        Just(BlockCat::LumaDc),
        Just(BlockCat::LumaAc),
        Just(BlockCat::Luma4x4),
        Just(BlockCat::ChromaDc),
        Just(BlockCat::ChromaAc),
        Just(BlockCat::Luma8x8),
    ];
    (
        cat,
        prop::option::of(0usize..4),
        any::<prop::sample::Index>(),
    )
        .prop_flat_map(|(cat, inc, idx)| {
            prop::collection::vec(level(), cat.max_coeffs()).prop_map(move |mut v| {
                let inc = if cat == BlockCat::Luma8x8 { None } else { inc };
                if inc.is_none() && v.iter().all(|&x| x == 0) {
                    let k = idx.index(v.len());
                    v[k] = -1;
                }
                (cat, v, inc)
            })
        })
}

#[derive(Clone, Debug)]
enum Element {
    MbType(u32, usize, Vec<u8>),
    Transform8x8(bool, usize),
    PrevFlag(bool),
    Rem(u32),
    ChromaMode(u32, usize),
    QpDelta(i32, usize),
    Cbp(u32, bool, CbpNeighbours),
    Residual(BlockCat, Vec<i32>, Option<usize>),
}

fn element() -> impl Strategy<Value = Element> {
    let nb = (0u8..16, 0u8..16, 0u8..3, 0u8..3).prop_map(|(luma_a, luma_b, chroma_a, chroma_b)| {
        CbpNeighbours {
            luma_a,
            luma_b,
            chroma_a,
            chroma_b,
        }
    });
    prop_oneof![
        1 => (0u32..=25, 0usize..3, prop::collection::vec(any::<u8>(), 0..40))
            .prop_map(|(t, i, s)| Element::MbType(t, i, s)),
        1 => (any::<bool>(), 0usize..3).prop_map(|(f, i)| Element::Transform8x8(f, i)),
        1 => any::<bool>().prop_map(Element::PrevFlag),
        1 => (0u32..8).prop_map(Element::Rem),
        1 => (0u32..4, 0usize..3).prop_map(|(m, i)| Element::ChromaMode(m, i)),
        1 => (-26i32..=25, 0usize..2).prop_map(|(d, i)| Element::QpDelta(d, i)),
        1 => (any::<bool>(), 0u32..48, nb).prop_map(|(c, v, nb)| Element::Cbp(
            if c { v } else { v & 15 },
            c,
            nb
        )),
        3 => block().prop_map(|(c, v, i)| Element::Residual(c, v, i)),
    ]
}

fn encode_element(enc: &mut CabacEncoder, el: &Element) {
    match el {
        Element::MbType(t, i, pcm) => {
            enc.encode_mb_type_i(*t, *i);
            if *t == MB_TYPE_I_PCM {
                enc.encode_pcm(pcm);
            }
        }
        Element::Transform8x8(f, i) => enc.encode_transform_size_8x8_flag(*f, *i),
        Element::PrevFlag(f) => enc.encode_prev_intra_pred_mode_flag(*f),
        Element::Rem(r) => enc.encode_rem_intra_pred_mode(*r),
        Element::ChromaMode(m, i) => enc.encode_intra_chroma_pred_mode(*m, *i),
        Element::QpDelta(d, i) => enc.encode_mb_qp_delta(*d, *i),
        Element::Cbp(v, c, nb) => enc.encode_coded_block_pattern(*v, *c, *nb),
        Element::Residual(cat, v, i) => encode_residual_block(enc, v, *cat, *i),
    }
}

fn check_element(dec: &mut CabacDecoder, el: &Element) {
    match el {
        Element::MbType(t, i, pcm) => {
            assert_eq!(dec.decode_mb_type_i(*i).unwrap(), *t);
            if *t == MB_TYPE_I_PCM {
                assert_eq!(&dec.decode_pcm(pcm.len()).unwrap(), pcm);
            }
        }
        Element::Transform8x8(f, i) => {
            assert_eq!(dec.decode_transform_size_8x8_flag(*i).unwrap(), *f)
        }
        Element::PrevFlag(f) => assert_eq!(dec.decode_prev_intra_pred_mode_flag().unwrap(), *f),
        Element::Rem(r) => assert_eq!(dec.decode_rem_intra_pred_mode().unwrap(), *r),
        Element::ChromaMode(m, i) => assert_eq!(dec.decode_intra_chroma_pred_mode(*i).unwrap(), *m),
        Element::QpDelta(d, i) => assert_eq!(dec.decode_mb_qp_delta(*i).unwrap(), *d),
        Element::Cbp(v, c, nb) => assert_eq!(dec.decode_coded_block_pattern(*c, *nb).unwrap(), *v),
        Element::Residual(cat, v, i) => {
            let mut out = vec![7; cat.max_coeffs()];
            let cbf = decode_residual_block(dec, &mut out, *cat, *i).unwrap();
            assert_eq!(&out, v);
            assert_eq!(cbf, v.iter().any(|&x| x != 0));
        }
    }
}

/// Checks the end of a finished slice: the decoder stopped exactly on the
/// rbsp_stop_one_bit, followed only by alignment zeros.
fn check_slice_end(dec: &CabacDecoder, data: &[u8]) {
    let end = dec.bits_consumed();
    assert_eq!(data.len() as u64, end.div_ceil(8));
    let bit = |i: u64| (data[(i / 8) as usize] >> (7 - i % 8)) & 1;
    assert_eq!(bit(end - 1), 1, "rbsp_stop_one_bit");
    assert!((end..data.len() as u64 * 8).all(|i| bit(i) == 0));
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn engine_round_trip(qp in -5i32..60, ops in prop::collection::vec(op(), 0..600)) {
        let mut enc = CabacEncoder::new(qp);
        let mut marks = Vec::new();
        encode_ops(&mut enc, &ops, &mut marks);
        let end = enc.bits_written();
        enc.encode_terminate(1);
        prop_assert_eq!(enc.bits_written(), end);
        let data = enc.finish();

        let mut dec = CabacDecoder::new(&data, qp).unwrap();
        decode_ops(&mut dec, &ops, &mut marks.into_iter());
        prop_assert_eq!(dec.decode_terminate().unwrap(), 1);
        prop_assert_eq!(dec.bits_consumed(), end);
        check_slice_end(&dec, &data);
    }

    #[test]
    fn engine_round_trip_with_pcm(
        qp in 0i32..52,
        a in prop::collection::vec(op(), 0..300),
        pcm in prop::collection::vec(any::<u8>(), 0..64),
        b in prop::collection::vec(op(), 0..300),
    ) {
        let mut enc = CabacEncoder::new(qp);
        let mut marks = Vec::new();
        encode_ops(&mut enc, &a, &mut marks);
        enc.encode_terminate(1);
        enc.encode_pcm(&pcm);
        let after_pcm = enc.bits_written();
        encode_ops(&mut enc, &b, &mut marks);
        enc.encode_terminate(1);
        let data = enc.finish();

        let mut dec = CabacDecoder::new(&data, qp).unwrap();
        let mut marks = marks.into_iter();
        decode_ops(&mut dec, &a, &mut marks);
        prop_assert_eq!(dec.decode_terminate().unwrap(), 1);
        prop_assert_eq!(dec.decode_pcm(pcm.len()).unwrap(), pcm);
        prop_assert_eq!(dec.bits_consumed(), after_pcm);
        decode_ops(&mut dec, &b, &mut marks);
        prop_assert_eq!(dec.decode_terminate().unwrap(), 1);
        check_slice_end(&dec, &data);
    }

    #[test]
    fn elements_round_trip(qp in 0i32..52, els in prop::collection::vec(element(), 1..40)) {
        let mut enc = CabacEncoder::new(qp);
        for el in &els {
            encode_element(&mut enc, el);
        }
        enc.encode_end_of_slice_flag(true);
        let data = enc.finish();
        let mut dec = CabacDecoder::new(&data, qp).unwrap();
        for el in &els {
            check_element(&mut dec, el);
        }
        prop_assert!(dec.decode_end_of_slice_flag().unwrap());
        check_slice_end(&dec, &data);
    }

    #[test]
    fn decoder_never_panics_on_random_bytes(
        qp in -10i32..70,
        data in prop::collection::vec(any::<u8>(), 0..300),
        script in prop::collection::vec(0u8..12, 1..200),
    ) {
        let Ok(mut dec) = CabacDecoder::new(&data, qp) else { return Ok(()) };
        let nb = CbpNeighbours { luma_a: 5, luma_b: 15, chroma_a: 1, chroma_b: 2 };
        for s in script {
            let mut buf = [0i32; 64];
            let r = match s {
                0 => dec.decode_mb_type_i(1).and_then(|t| {
                    if t == MB_TYPE_I_PCM { dec.decode_pcm(384).map(|_| ()) } else { Ok(()) }
                }),
                1 => dec.decode_mb_qp_delta(0).map(|_| ()),
                2 => dec.decode_coded_block_pattern(true, nb).map(|_| ()),
                3 => dec.decode_intra_chroma_pred_mode(2).map(|_| ()),
                4 => dec.decode_rem_intra_pred_mode().map(|_| ()),
                5 => dec.decode_end_of_slice_flag().map(|_| ()),
                6 => decode_residual_block(&mut dec, &mut buf[..16], BlockCat::Luma4x4, Some(1))
                    .map(|_| ()),
                7 => decode_residual_block(&mut dec, &mut buf, BlockCat::Luma8x8, None).map(|_| ()),
                8 => decode_residual_block(&mut dec, &mut buf[..4], BlockCat::ChromaDc, Some(3))
                    .map(|_| ()),
                9 => decode_residual_block(&mut dec, &mut buf[..15], BlockCat::ChromaAc, Some(0))
                    .map(|_| ()),
                10 => decode_residual_block(&mut dec, &mut buf[..16], BlockCat::LumaDc, Some(2))
                    .map(|_| ()),
                _ => dec.decode_bypass().map(|_| ()),
            };
            if r.is_err() {
                break;
            }
            prop_assert!(buf.iter().all(|&x| (-32768..=32767).contains(&x)));
        }
    }

    #[test]
    fn truncated_stream_fails_cleanly(
        els in prop::collection::vec(element(), 1..20),
        cut in any::<prop::sample::Index>(),
    ) {
        let mut enc = CabacEncoder::new(28);
        for el in &els {
            encode_element(&mut enc, el);
        }
        enc.encode_end_of_slice_flag(true);
        let data = enc.finish();
        let data = &data[..cut.index(data.len())];
        // Decoding the cut stream must end in values or errors, not panics;
        // decode everything as 4x4 residual blocks to keep going. A cut stream
        // may still hold 1000 of them (a most-probable bin costs a fraction of
        // a bit), but never from more than the allowed zeros past its end.
        if let Ok(mut dec) = CabacDecoder::new(data, 28) {
            let mut out = [0; 16];
            for _ in 0..1000 {
                if decode_residual_block(&mut dec, &mut out, BlockCat::Luma4x4, Some(0)).is_err() {
                    return Ok(());
                }
            }
            let limit = data.len() as u64 * 8 + engine::OVERREAD_SLACK_BITS;
            prop_assert!(
                dec.bits_consumed() <= limit,
                "1000 blocks from {} bytes read {} bits",
                data.len(),
                dec.bits_consumed()
            );
        }
    }
}

// ---------------------------------------------------------------------------
// Limits.

#[test]
fn extreme_levels_round_trip() {
    for cat in [BlockCat::Luma4x4, BlockCat::ChromaDc, BlockCat::Luma8x8] {
        let mut c = vec![0; cat.max_coeffs()];
        c[0] = -32768;
        c[1] = 32767;
        c[cat.max_coeffs() - 1] = 15; // first level with an EG0 suffix (0)
        let inc = if cat == BlockCat::Luma8x8 {
            None
        } else {
            Some(0)
        };
        let mut enc = CabacEncoder::new(30);
        encode_residual_block(&mut enc, &c, cat, inc);
        enc.encode_terminate(1);
        let data = enc.finish();
        let mut dec = CabacDecoder::new(&data, 30).unwrap();
        let mut out = vec![0; cat.max_coeffs()];
        assert!(decode_residual_block(&mut dec, &mut out, cat, inc).unwrap());
        assert_eq!(out, c);
    }
}

/// Encodes one 4x4 block holding `level` at scan 0, then decodes it.
fn decode_single_level(level: i32) -> crate::Result<i32> {
    let mut c = [0; 16];
    c[0] = level;
    let mut enc = CabacEncoder::new(30);
    encode_residual_block(&mut enc, &c, BlockCat::Luma4x4, Some(0));
    enc.encode_terminate(1);
    let data = enc.finish();
    let mut dec = CabacDecoder::new(&data, 30)?;
    let mut out = [0; 16];
    decode_residual_block(&mut dec, &mut out, BlockCat::Luma4x4, Some(0))?;
    Ok(out[0])
}

#[test]
fn out_of_range_levels_are_invalid() {
    assert_eq!(decode_single_level(-32768), Ok(-32768));
    assert!(matches!(decode_single_level(32768), Err(Error::Invalid(_))));
    assert!(matches!(
        decode_single_level(-32769),
        Err(Error::Invalid(_))
    ));
    // A suffix prefix far beyond 15 bins is refused, not followed.
    assert!(matches!(
        decode_single_level(i32::MAX),
        Err(Error::Invalid(_))
    ));
    assert!(matches!(
        decode_single_level(i32::MIN),
        Err(Error::Invalid(_))
    ));
}

/// Writes `ones` 1-bins of mb_qp_delta's unary code and a terminating 0.
fn qp_delta_code(ones: u32) -> Vec<u8> {
    let mut enc = CabacEncoder::new(30);
    for bin in 0..=ones {
        let ctx = match bin {
            0 => 60,
            1 => 62,
            _ => 63,
        };
        enc.encode_decision(ctx, u32::from(bin < ones));
    }
    enc.encode_terminate(1);
    enc.finish()
}

#[test]
fn mb_qp_delta_limits() {
    let decode = |ones| CabacDecoder::new(&qp_delta_code(ones), 30)?.decode_mb_qp_delta(0);
    assert_eq!(decode(49), Ok(25));
    assert_eq!(decode(52), Ok(-26));
    // codeNum 51 is +26, 53 ones exceed the longest legal code.
    assert!(matches!(decode(51), Err(Error::Invalid(_))));
    assert!(matches!(decode(53), Err(Error::Invalid(_))));
    assert!(matches!(decode(400), Err(Error::Invalid(_))));
}

#[test]
fn residual_argument_errors() {
    let mut dec = CabacDecoder::new(&[0; 8], 30).unwrap();
    let mut out = [0; 16];
    let r = decode_residual_block(&mut dec, &mut out, BlockCat::Luma8x8, None);
    assert!(matches!(r, Err(Error::Config(_))));
    let mut out = [0; 64];
    let r = decode_residual_block(&mut dec, &mut out, BlockCat::Luma8x8, Some(0));
    assert!(matches!(r, Err(Error::Config(_))));
}
