//! The binary arithmetic coding engines: encoder (clause 9.3.4) and decoder
//! (clause 9.3.3.2), both in the standard's 9-bit codIRange formulation, plus
//! their initialization (clause 9.3.1.2) and the I_PCM hand-over.

use super::context::{init_contexts, Context, NUM_CTX};
use super::tables::RANGE_TAB_LPS;
use crate::error::{Error, Result};

/// The decoder reads missing bits past the end of its data as zeros, but
/// reports `Error::Truncated` once it has read more than this many of them.
pub(super) const OVERREAD_SLACK_BITS: u64 = 16;

/// Appends bits MSB first to a byte vector.
#[derive(Clone, Debug, Default)]
struct BitWriter {
    bytes: Vec<u8>,
    /// Pending bits in the low `nbits` bits (older bits above newer ones).
    acc: u64,
    /// Number of pending bits, always < 8 between calls.
    nbits: u32,
}

impl BitWriter {
    /// Writes the low `n` bits of `bits` (n <= 32), MSB first.
    #[inline]
    fn put(&mut self, bits: u32, n: u32) {
        debug_assert!(n <= 32);
        // At most 7 + 32 bits are pending here; older bits beyond 64 are
        // already in `bytes`, so the shift losing them is harmless.
        self.acc = (self.acc << n) | u64::from(bits);
        self.nbits += n;
        while self.nbits >= 8 {
            self.nbits -= 8;
            self.bytes.push((self.acc >> self.nbits) as u8);
        }
    }

    /// Pads with zero bits up to the next byte boundary.
    fn align_zero(&mut self) {
        if self.nbits > 0 {
            self.put(0, 8 - self.nbits);
        }
    }

    /// Number of bits written so far.
    fn len_bits(&self) -> u64 {
        self.bytes.len() as u64 * 8 + u64::from(self.nbits)
    }
}

/// Where the binarizations put their bins: the encoding engine, or a rate
/// counter (`cabac::rate::RateCounter`) that only adds up their estimated
/// cost, so that rate estimates walk exactly the syntax that is written.
pub trait BinSink {
    /// A context-coded bin (`binVal` 0 or 1) with context `ctx_idx`.
    fn decision(&mut self, ctx_idx: usize, bin: u32);
    /// A bypass bin.
    fn bypass(&mut self, bin: u32);
}

impl BinSink for CabacEncoder {
    #[inline(always)]
    fn decision(&mut self, ctx_idx: usize, bin: u32) {
        self.encode_decision(ctx_idx, bin);
    }
    #[inline(always)]
    fn bypass(&mut self, bin: u32) {
        self.encode_bypass(bin);
    }
}

/// One symbol given to the encoding engine, as its bin trace records it
/// (`CabacEncoder::record_bins`): the stimulus and expected input of the RTL
/// engines (`rtl/cabac/`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Bin {
    /// Context-coded bin: (ctxIdx, binVal).
    Ctx(usize, u32),
    /// Bypass bin.
    Bypass(u32),
    /// Terminate bin.
    Term(u32),
    /// One I_PCM sample byte (after `Term(1)` and pcm_alignment_zero_bits;
    /// the engine restarts after the last one).
    Pcm(u8),
}

/// CABAC encoder of one slice: context variables plus the arithmetic
/// encoding engine (clause 9.3.4.2: codILow, codIRange, bitsOutstanding,
/// firstBitFlag), written a byte at a time.
///
/// The standard's RenormE (Figure 9-7) shifts codILow one bit at a time and
/// decides each bit it shifts out: 0, 1, or outstanding (it may still take
/// a carry). This engine does the same arithmetic with all of a
/// renormalization's shifts at once (as the decoder's RenormD does): the
/// bits shifted out of codILow stay in `low`, above its 10 bits, until eight
/// of them make a byte; a carry out of codILow then simply adds into them,
/// and a byte that is 0xFF is held back (`ff_run`, bitsOutstanding at byte
/// granularity) until a later byte says whether a carry turns it into 0x00.
/// The first bit shifted out after initialization is the one the standard
/// drops (firstBitFlag); it is always 0 and never takes a carry, because the
/// coding interval never leaves the initial [0, 510). The output is the
/// standard's bit for bit: `tests.rs` checks it against a literal
/// transcription of Figures 9-7 to 9-11 on random symbol sequences, and
/// interop tests against ffmpeg and x264. The RTL engine
/// (`rtl/cabac/cabac_enc_engine.sv`) resolves carries the same way.
#[derive(Clone, Debug)]
pub struct CabacEncoder {
    ctx: [Context; NUM_CTX],
    /// codIRange, 9 bits.
    range: u32,
    /// codILow in the 10 low bits; above them the `queued` bits already
    /// shifted out and not yet in a byte, and above those a possible carry.
    low: u64,
    /// Bits shifted out of codILow and not yet in a byte: -1 .. 7 between
    /// calls (-1 right after initialization: the first bit shifted out is
    /// the dropped one).
    queued: i32,
    /// 0xFF bytes not yet written: a carry would make them 0x00 and add one
    /// to the last byte written before them.
    ff_run: usize,
    /// Length of `out` in bits when the engine was last initialized.
    base_bits: u64,
    /// Bits shifted out of codILow since then (one per RenormE iteration
    /// and per bypass bin).
    shifts: u64,
    /// Set by EncodeFlush, cleared when the engine is re-initialized.
    flushed: bool,
    out: BitWriter,
    /// Every symbol coded since `record_bins` (off unless asked for).
    trace: Option<Vec<Bin>>,
}

impl CabacEncoder {
    /// Encoder for an I slice at SliceQPY `slice_qp`.
    pub fn new(slice_qp: i32) -> Self {
        Self::with_capacity(slice_qp, 4096)
    }

    /// Like `new`, reserving `bytes` of output up front.
    pub fn with_capacity(slice_qp: i32, bytes: usize) -> Self {
        let mut enc = CabacEncoder {
            ctx: init_contexts(slice_qp),
            range: 510,
            low: 0,
            queued: -1,
            ff_run: 0,
            base_bits: 0,
            shifts: 0,
            flushed: false,
            out: BitWriter {
                bytes: Vec::with_capacity(bytes),
                ..BitWriter::default()
            },
            trace: None,
        };
        enc.init_engine();
        enc
    }

    /// InitEncoder (clause 9.3.1.2); context variables are left alone. The
    /// output is byte aligned here (slice start, or after I_PCM samples).
    fn init_engine(&mut self) {
        debug_assert_eq!(self.out.nbits, 0, "engine starts byte aligned");
        self.low = 0;
        self.range = 510;
        self.queued = -1;
        self.ff_run = 0;
        self.base_bits = self.out.len_bits();
        self.shifts = 0;
        self.flushed = false;
    }

    /// Starts recording every symbol coded from now on (see [`Bin`]).
    pub fn record_bins(&mut self) {
        self.trace.get_or_insert_with(Vec::new);
    }

    /// The symbols recorded so far (empty when not recording); recording
    /// goes on.
    pub fn take_bins(&mut self) -> Vec<Bin> {
        self.trace.as_mut().map(std::mem::take).unwrap_or_default()
    }

    #[inline(always)]
    fn record(&mut self, bin: Bin) {
        if self.trace.is_some() {
            self.push_bin(bin);
        }
    }

    /// Out of line: off but for the RTL checks, and the bins' path stays
    /// small.
    #[cold]
    #[inline(never)]
    fn push_bin(&mut self, bin: Bin) {
        if let Some(t) = self.trace.as_mut() {
            t.push(bin);
        }
    }

    /// Current state of context `ctx_idx` (for tests and rate estimation).
    pub fn context(&self, ctx_idx: usize) -> Context {
        self.ctx[ctx_idx]
    }

    /// Current states of all context variables (rate estimation:
    /// `cabac::rate::ContextRates`).
    pub fn contexts(&self) -> &[Context; NUM_CTX] {
        &self.ctx
    }

    /// Shifts `n` bits out of codILow (n <= 7; codIRange is the caller's),
    /// moving a completed byte out.
    #[inline(always)]
    fn shift_low(&mut self, n: u32) {
        self.low <<= n;
        self.queued += n as i32;
        self.shifts += u64::from(n);
        if self.queued >= 8 {
            self.take_byte();
        }
    }

    /// Moves the oldest 8 queued bits (and the carry above them) out of
    /// `low` into the output. Out of line: once a byte, and the bins'
    /// path stays small enough to inline.
    #[inline(never)]
    fn take_byte(&mut self) {
        let at = (self.queued - 8) as u32 + 10;
        let v = self.low >> at;
        self.low &= (1u64 << at) - 1;
        self.queued -= 8;
        // The interval is at most 510 wide: a carry leaves a byte below 0x80.
        debug_assert!(v < 0x180, "byte {v:#x}");
        if v > 0xFF {
            self.carry();
        }
        if v & 0xFF == 0xFF {
            self.ff_run += 1;
        } else {
            self.release_run();
            self.out.bytes.push(v as u8);
        }
    }

    /// A carry out of the queued bits: adds one to the last byte written,
    /// and the held 0xFF bytes after it become 0x00 (written now: a byte
    /// never takes two carries).
    fn carry(&mut self) {
        debug_assert_eq!(self.out.nbits, 0);
        match self.out.bytes.last_mut() {
            Some(b) if *b != 0xFF => *b += 1,
            // The dropped first bit never takes a carry (see the type).
            _ => debug_assert!(false, "carry out of the first byte"),
        }
        let n = std::mem::take(&mut self.ff_run);
        self.out.bytes.resize(self.out.bytes.len() + n, 0);
    }

    /// Writes the held 0xFF bytes: no carry can reach them any more.
    #[inline]
    fn release_run(&mut self) {
        let n = std::mem::take(&mut self.ff_run);
        self.out.bytes.resize(self.out.bytes.len() + n, 0xFF);
    }

    /// RenormE (Figure 9-7), all shifts at once: the loop "while codIRange <
    /// 256: double codIRange, shift one bit out of codILow" runs exactly
    /// `leading_zeros(codIRange) - 23` times for a 9-bit codIRange.
    #[inline(always)]
    fn renorm(&mut self) {
        let n = self.range.leading_zeros() - 23;
        self.range <<= n;
        self.shift_low(n);
    }

    /// EncodeDecision (Figure 9-7) of `bin` (0 or 1) with context `ctx_idx`.
    /// Branch-free but for a byte to write: the LPS case by masks.
    #[inline(always)]
    pub fn encode_decision(&mut self, ctx_idx: usize, bin: u32) {
        debug_assert!(!self.flushed, "encode after flush");
        self.record(Bin::Ctx(ctx_idx, bin));
        let c = self.ctx[ctx_idx];
        let q = ((self.range >> 6) & 3) as usize;
        let lps = u32::from(RANGE_TAB_LPS[usize::from(c.state & 63)][q]);
        let mps_range = self.range - lps;
        let is_lps = bin != u32::from(c.mps);
        // All ones for the LPS, else zero.
        let mask = u32::from(is_lps).wrapping_neg();
        self.low += u64::from(mps_range & mask);
        self.range = (lps & mask) | (mps_range & !mask);
        self.ctx[ctx_idx] = c.after(is_lps);
        self.renorm();
    }

    /// EncodeBypass (Figure 9-9) of `bin`: codILow doubled plus codIRange
    /// for a 1, one bit shifted out.
    #[inline(always)]
    pub fn encode_bypass(&mut self, bin: u32) {
        debug_assert!(!self.flushed, "encode after flush");
        self.record(Bin::Bypass(bin));
        self.low <<= 1;
        if bin != 0 {
            self.low += u64::from(self.range);
        }
        self.queued += 1;
        self.shifts += 1;
        if self.queued >= 8 {
            self.take_byte();
        }
    }

    /// EncodeTerminate (Figure 9-10) of `bin`; `bin == 1` also flushes.
    #[inline]
    pub fn encode_terminate(&mut self, bin: u32) {
        debug_assert!(!self.flushed, "encode after flush");
        self.record(Bin::Term(bin));
        self.range -= 2;
        if bin != 0 {
            self.low += u64::from(self.range);
            self.flush();
        } else {
            self.renorm();
        }
    }

    /// EncodeFlush (Figure 9-11): codIRange 2 and RenormE (seven shifts),
    /// then PutBit of codILow's bit 9 and its bits 8 and 7 with bit 7 set,
    /// which are three more bits shifted out of codILow | 0x80. Its last
    /// written bit is 1: the rbsp_stop_one_bit after end_of_slice_flag.
    /// Everything queued is written, the last bits unaligned.
    fn flush(&mut self) {
        self.range = 2;
        self.renorm();
        self.low |= 0x80;
        self.shift_low(3);
        // 0..=7 bits are left (at least 10 were shifted out since init).
        let n = self.queued as u32;
        let v = self.low >> 10;
        if v >> n != 0 {
            self.carry();
        }
        self.release_run();
        self.out.put((v & ((1 << n) - 1)) as u32, n);
        self.low = 0;
        self.queued = 0;
        self.flushed = true;
    }

    /// Writes pcm_alignment_zero_bits and the I_PCM samples, then restarts
    /// the engine (contexts keep their state). Call right after
    /// `encode_terminate(1)` for mb_type I_PCM.
    pub fn encode_pcm(&mut self, samples: &[u8]) {
        debug_assert!(self.flushed, "encode_pcm must follow encode_terminate(1)");
        self.out.align_zero();
        self.out.bytes.extend_from_slice(samples);
        if let Some(t) = self.trace.as_mut() {
            t.extend(samples.iter().map(|&b| Bin::Pcm(b)));
        }
        self.init_engine();
    }

    /// Pads with rbsp_alignment_zero_bits and returns the slice_data bytes.
    /// Call after `encode_terminate(1)` for end_of_slice_flag.
    pub fn finish(mut self) -> Vec<u8> {
        debug_assert!(self.flushed, "finish must follow encode_terminate(1)");
        self.out.align_zero();
        self.out.bytes
    }

    /// Bits of slice data so far: exactly the position the decoder's read
    /// pointer reaches for the same bins, which is also the length (before
    /// byte alignment) that a flush now would give.
    pub fn bits_written(&self) -> u64 {
        if self.flushed {
            return self.out.len_bits();
        }
        // The decoder has read 9 bits at init plus one per shift. (The
        // standard's count: bits written, plus bitsOutstanding, plus 9, plus
        // the dropped first bit once PutBit has run: the same sum.)
        self.base_bits + self.shifts + 9
    }
}

/// CABAC decoder of one slice: context variables plus the arithmetic
/// decoding engine (codIRange, codIOffset) reading the slice data bits.
#[derive(Clone, Debug)]
pub struct CabacDecoder {
    ctx: [Context; NUM_CTX],
    /// codIRange, 9 bits.
    range: u32,
    /// codIOffset, 9 bits, always < codIRange.
    offset: u32,
    data: Vec<u8>,
    /// Next byte of `data` to move into the cache (may pass the end).
    pos: usize,
    /// Unread bits, MSB-aligned.
    cache: u64,
    /// Number of valid bits in `cache`.
    cache_bits: u32,
}

impl CabacDecoder {
    /// Decoder for an I slice at SliceQPY `slice_qp`; `data` is the RBSP from
    /// the first byte of slice_data (after cabac_alignment_one_bits).
    pub fn new(data: &[u8], slice_qp: i32) -> Result<Self> {
        let mut dec = CabacDecoder {
            ctx: init_contexts(slice_qp),
            range: 510,
            offset: 0,
            data: data.to_vec(),
            pos: 0,
            cache: 0,
            cache_bits: 0,
        };
        dec.init_engine()?;
        Ok(dec)
    }

    /// InitDecodingEngine (clause 9.3.1.2).
    fn init_engine(&mut self) -> Result<()> {
        self.range = 510;
        self.offset = self.read_bits(9);
        self.check_overread()?;
        if self.offset >= 510 {
            // The standard forbids codIOffset 510 and 511 here.
            return Err(crate::invalid!(
                "cabac: codIOffset {} at engine init",
                self.offset
            ));
        }
        Ok(())
    }

    /// Current state of context `ctx_idx` (for tests).
    pub fn context(&self, ctx_idx: usize) -> Context {
        self.ctx[ctx_idx]
    }

    /// Bits of slice data consumed so far (including the 9 read at init).
    pub fn bits_consumed(&self) -> u64 {
        self.pos as u64 * 8 - u64::from(self.cache_bits)
    }

    /// Tops the cache up to at least 57 bits, zeros past the end of data.
    /// Runs about once per 7 bytes: kept out of line so that the per-bin
    /// paths that call `read_bits` stay small enough to inline.
    #[cold]
    #[inline(never)]
    fn refill(&mut self) {
        while self.cache_bits <= 56 {
            let byte = self.data.get(self.pos).copied().unwrap_or(0);
            self.cache |= u64::from(byte) << (56 - self.cache_bits);
            self.cache_bits += 8;
            self.pos += 1;
        }
    }

    /// read_bits(n) for 1 <= n <= 9.
    #[inline]
    fn read_bits(&mut self, n: u32) -> u32 {
        debug_assert!((1..=9).contains(&n));
        if self.cache_bits < n {
            self.refill();
        }
        let v = (self.cache >> (64 - n)) as u32;
        self.cache <<= n;
        self.cache_bits -= n;
        v
    }

    /// Fails once more than the slack of zero bits past the end was read.
    #[inline]
    fn check_overread(&self) -> Result<()> {
        if self.pos > self.data.len()
            && self.bits_consumed() > self.data.len() as u64 * 8 + OVERREAD_SLACK_BITS
        {
            return Err(Error::Truncated("cabac slice data"));
        }
        Ok(())
    }

    /// RenormD (Figure 9-3), all shifts at once: the loop "while codIRange <
    /// 256: double codIRange, shift one bit into codIOffset" runs exactly
    /// `leading_zeros(codIRange) - 23` times for a 9-bit codIRange.
    #[inline]
    fn renorm(&mut self) {
        if self.range < 256 {
            let shift = self.range.leading_zeros() - 23;
            self.range <<= shift;
            self.offset = (self.offset << shift) | self.read_bits(shift);
        }
    }

    /// DecodeDecision (Figure 9-2) with context `ctx_idx`.
    #[inline(always)]
    pub fn decode_decision(&mut self, ctx_idx: usize) -> Result<u32> {
        let c = &mut self.ctx[ctx_idx];
        let state = usize::from(c.state);
        let q = ((self.range >> 6) & 3) as usize;
        let lps = u32::from(RANGE_TAB_LPS[state][q]);
        self.range -= lps;
        let bin;
        if self.offset >= self.range {
            bin = 1 - u32::from(c.mps);
            self.offset -= self.range;
            self.range = lps;
            *c = c.after(true);
        } else {
            bin = u32::from(c.mps);
            *c = c.after(false);
        }
        self.renorm();
        self.check_overread()?;
        Ok(bin)
    }

    /// DecodeBypass (Figure 9-5).
    #[inline(always)]
    pub fn decode_bypass(&mut self) -> Result<u32> {
        self.offset = (self.offset << 1) | self.read_bits(1);
        self.check_overread()?;
        if self.offset >= self.range {
            self.offset -= self.range;
            Ok(1)
        } else {
            Ok(0)
        }
    }

    /// DecodeTerminate (Figure 9-6). After a 1 no renormalization happens:
    /// the last bit read is the final bit the encoder's flush wrote.
    #[inline]
    pub fn decode_terminate(&mut self) -> Result<u32> {
        self.range -= 2;
        if self.offset >= self.range {
            Ok(1)
        } else {
            self.renorm();
            self.check_overread()?;
            Ok(0)
        }
    }

    /// Reads the `n` I_PCM sample bytes that follow `decode_terminate() == 1`
    /// for mb_type I_PCM: skips pcm_alignment_zero_bits (their value is not
    /// checked), reads the bytes, then restarts the decoding engine.
    pub fn decode_pcm(&mut self, n: usize) -> Result<Vec<u8>> {
        self.check_overread()?;
        let start = self.bits_consumed().div_ceil(8);
        let end = start.saturating_add(n as u64);
        if end > self.data.len() as u64 {
            return Err(Error::Truncated("pcm samples"));
        }
        let (start, end) = (start as usize, end as usize);
        let samples = self.data[start..end].to_vec();
        self.pos = end;
        self.cache = 0;
        self.cache_bits = 0;
        self.init_engine()?;
        Ok(samples)
    }
}
