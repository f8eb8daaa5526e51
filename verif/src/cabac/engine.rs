//! Stimulus and expected bytes of the CABAC encoding engine (`rtl/cabac/cabac_enc_engine.sv`;
//! its ROMs are the shared `cabac_rom_*` of [`super::roms`]).
//!
//! A test case is one golden slice (`golden::mb::trace::SliceTrace` from [`super::traces`],
//! or a 0xFF-run slice made here with golden's `CabacEncoder`): its engine symbols framed INIT ... TERM 1, END in the
//! symbol format of `rtl/cabac/cabac_sym.sv`, consecutive bypass bins grouped into BYPASS
//! symbols of random sizes 1..=8, a random 0..=2 of those after a context-coded bin carried by
//! its CTX symbol, and its slice_data bytes.

use golden::cabac::{Bin, CabacEncoder};
use golden::mb::trace::SliceTrace;

use super::roms::ctx_compact;
use super::traces::{random_slice, SliceCfg};
use crate::hex::Column;
use crate::Rng;

/// Bits of one symbol (`CABAC_SYM_W).
pub const SYM_W: u32 = 20;
/// Symbol kinds (`CABAC_CTX` ...).
pub const KIND_CTX: u32 = 0;
/// `CABAC_BYPASS.
pub const KIND_BYPASS: u32 = 1;
/// `CABAC_TERM.
pub const KIND_TERM: u32 = 2;
/// `CABAC_PCM.
pub const KIND_PCM: u32 = 3;
/// `CABAC_INIT.
pub const KIND_INIT: u32 = 4;
/// `CABAC_END.
pub const KIND_END: u32 = 5;

/// One symbol: kind, ctx field, val field.
pub fn sym(kind: u32, ctx: u32, val: u32) -> u32 {
    debug_assert!(kind < 8 && ctx < 512 && val < 256);
    (kind << 17) | (ctx << 8) | val
}

/// Bypass bins a CTX symbol carries at most (`rtl/cabac/cabac_sym.sv`).
pub const CTX_BYPASS_MAX: usize = 2;

/// The symbols of one slice: INIT (SliceQPY), `bins` with consecutive bypass bins grouped
/// into BYPASS symbols of random sizes 1..=8 (a group never crosses another symbol) after a
/// random 0..=2 of them (as many as there are) went into the CTX symbol before them, END.
/// `bins` ends with Term(1) (end_of_slice_flag).
pub fn slice_symbols(slice_qp: i32, bins: &[Bin], rng: &mut Rng) -> Vec<u32> {
    let rng = std::cell::RefCell::new(rng);
    framed(
        slice_qp,
        bins,
        || 1 + below(&mut rng.borrow_mut(), 8) as usize,
        |run| run.min(below(&mut rng.borrow_mut(), CTX_BYPASS_MAX as u64 + 1) as usize),
    )
}

/// Like [`slice_symbols`] as the binarizer `cabac_enc_bin` groups them: a run of at most 2
/// bypass bins after a context-coded bin rides on its CTX symbol (a coefficient's sign, or
/// its EG0 suffix 0 and sign), longer runs go as BYPASS groups of 8 bins (fewer only where
/// the run ends).
pub fn slice_symbols_full_groups(slice_qp: i32, bins: &[Bin]) -> Vec<u32> {
    framed(
        slice_qp,
        bins,
        || 8,
        |run| if run <= CTX_BYPASS_MAX { run } else { 0 },
    )
}

/// `group()`: the size of the next BYPASS group; `merge(run)`: how many of the `run` bypass
/// bins right after a context-coded bin its CTX symbol carries (at most 2).
fn framed(
    slice_qp: i32,
    bins: &[Bin],
    mut group: impl FnMut() -> usize,
    mut merge: impl FnMut(usize) -> usize,
) -> Vec<u32> {
    let mut out = vec![sym(KIND_INIT, 0, slice_qp.clamp(0, 51) as u32)];
    let mut i = 0;
    while i < bins.len() {
        match bins[i] {
            Bin::Ctx(c, v) => {
                assert!(
                    ctx_compact(c).is_some(),
                    "ctxIdx {c} not held by the engine"
                );
                i += 1;
                let run = bins[i..]
                    .iter()
                    .take_while(|b| matches!(b, Bin::Bypass(_)))
                    .count();
                let m = merge(run);
                assert!(m <= run.min(CTX_BYPASS_MAX));
                let mut bits = 0;
                for b in &bins[i..i + m] {
                    let Bin::Bypass(b) = *b else { unreachable!() };
                    bits = (bits << 1) | b;
                }
                i += m;
                out.push(sym(KIND_CTX, c as u32, v | ((m as u32) << 1) | (bits << 3)));
            }
            Bin::Term(v) => {
                out.push(sym(KIND_TERM, 0, v));
                i += 1;
            }
            Bin::Pcm(b) => {
                out.push(sym(KIND_PCM, 0, u32::from(b)));
                i += 1;
            }
            Bin::Bypass(_) => {
                let want = group();
                let mut n = 0;
                let mut v = 0;
                while n < want && i < bins.len() {
                    let Bin::Bypass(b) = bins[i] else { break };
                    v = (v << 1) | b;
                    n += 1;
                    i += 1;
                }
                out.push(sym(KIND_BYPASS, n as u32, v));
            }
        }
    }
    out.push(sym(KIND_END, 0, 0));
    out
}

/// Bins of a slice whose macroblocks are all coded.
pub fn bins_count(bins: &[Bin]) -> usize {
    bins.iter().filter(|b| !matches!(b, Bin::Pcm(_))).count()
}

/// One engine test case.
#[derive(Clone, Debug)]
pub struct EngineCase {
    /// What it is (for failure messages).
    pub name: String,
    /// SliceQPY.
    pub slice_qp: i32,
    /// The golden engine symbols.
    pub bins: Vec<Bin>,
    /// Expected slice_data bytes.
    pub data: Vec<u8>,
}

impl EngineCase {
    /// From a golden slice trace.
    pub fn from_trace(name: &str, t: &SliceTrace) -> EngineCase {
        EngineCase {
            name: format!("{name} slice at mb {}", t.first_mb),
            slice_qp: t.slice_qp,
            bins: t.bins.clone(),
            data: t.data.clone(),
        }
    }
}

/// A slice of `mbs` random macroblocks (`traces::random_slice`, 4:2:0, 8x8 transforms, half
/// of them I_PCM: mb_type I_PCM, pcm_alignment_zero_bits, samples, engine restart) at
/// SliceQPY `slice_qp`.
pub fn pcm_case(seed: u64, slice_qp: i32, mbs: usize) -> EngineCase {
    let s = SliceCfg {
        qp: slice_qp as u8,
        first_mb: 0,
        width_mbs: mbs,
        pic_mbs: mbs,
        chroma: true,
        t8x8: true,
    };
    let t = random_slice(&mut Rng::new(seed), &s, mbs, 50);
    EngineCase::from_trace(&format!("pcm seed {seed} qp {slice_qp}"), &t)
}

/// Splits `syms` into input beats of 1..=`k` symbols (random sizes, or all `k` when `full`).
pub fn beats(syms: &[u32], k: usize, full: bool, rng: &mut Rng) -> Vec<Vec<u32>> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < syms.len() {
        let n = if full {
            k
        } else {
            1 + below(rng, k as u64) as usize
        };
        let n = n.min(syms.len() - i);
        out.push(syms[i..i + n].to_vec());
        i += n;
    }
    out
}

/// Uniform in 0..n.
fn below(rng: &mut Rng, n: u64) -> u64 {
    rng.range(0, n as i64 - 1) as u64
}

/// The vector files of `cabac_enc_engine` with K = `k` and OutBytes = 1 (so that every output
/// transfer is one byte and the transfers do not depend on timing): inputs
/// `cabacenc.sym_i` (k symbols a beat, full beats but the slice's last) and
/// `cabacenc.count_i`; outputs `cabacenc.byte_o`, `cabacenc.count_o` (1), `cabacenc.last_o`.
/// The input and output files have different lengths (beats in, bytes out).
pub fn engine_columns(cases: &[EngineCase], k: usize, rng: &mut Rng) -> Vec<Column> {
    let mut sym = Column::new("cabacenc.sym_i", SYM_W, k, false);
    let mut count = Column::new("cabacenc.count_i", bits_for(k), 1, false);
    for c in cases {
        for b in beats(&slice_symbols(c.slice_qp, &c.bins, rng), k, true, rng) {
            count.push(vec![b.len() as i64]);
            sym.push(
                (0..k)
                    .map(|j| i64::from(b.get(j).copied().unwrap_or(0)))
                    .collect(),
            );
        }
    }
    let mut cols = vec![sym, count];
    cols.extend(byte_columns("cabacenc", cases.iter().map(|c| &c.data[..])));
    cols
}

/// The engine's output side with `OutBytes = 1` (what `cabac_enc_engine` and `cabac_enc`
/// give): `<set>.byte_o` one byte a beat, `<set>.count_o` (always 1) and `<set>.last_o` (set
/// on each slice's last byte), for the slice_data bytes of each slice in order.
pub fn byte_columns<'a>(set: &str, slices: impl IntoIterator<Item = &'a [u8]>) -> Vec<Column> {
    let mut byte = Column::new(&format!("{set}.byte_o"), 8, 1, false);
    let mut count = Column::new(&format!("{set}.count_o"), 1, 1, false);
    let mut last = Column::new(&format!("{set}.last_o"), 1, 1, false);
    for data in slices {
        for (j, &d) in data.iter().enumerate() {
            byte.push(vec![i64::from(d)]);
            count.push(vec![1]);
            last.push(vec![i64::from(j + 1 == data.len())]);
        }
    }
    vec![byte, count, last]
}

/// Bits of a count 0..=n.
fn bits_for(n: usize) -> u32 {
    usize::BITS - n.leading_zeros()
}

/// A slice whose bytes hold a long run of 0xFF (what the engine holds back until it knows
/// whether a carry comes), made of bypass bins right after INIT (codILow 0, codIRange 510):
/// n bins B code the value 510 * B, so B = ceil(target / 510) gives a value just above
/// `target`, a run of `ones` 1 bits starting `offset` bits below the top. With `carry` the
/// run reaches the value's bottom bit and the excess of 510 * B over the target carries
/// through it (the run turns into 0x00 bytes); without, a gap of zeros below the run stops
/// the excess. Then end_of_slice_flag.
pub fn ff_run_case(ones: u32, offset: u32, carry: bool) -> EngineCase {
    let gap = if carry { 0 } else { 12 };
    let n = offset + ones + gap;
    assert!(n + 9 <= 127, "too long for u128");
    // The value has n + 9 bits (510 * B < 2^(n + 9)); its top bit and the offset are zeros.
    let target: u128 = ((1u128 << ones) - 1) << gap;
    let b = target.div_ceil(510);
    let mut e = CabacEncoder::new(26);
    e.record_bins();
    for k in (0..n).rev() {
        e.encode_bypass(((b >> k) & 1) as u32);
    }
    e.encode_end_of_slice_flag(true);
    EngineCase {
        name: format!("0xFF run: {ones} ones, offset {offset}, carry {carry}"),
        slice_qp: 26,
        bins: e.take_bins(),
        data: e.finish(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Grouping and the bypass bins carried by CTX symbols keep every bin in order (read
    /// back as the binarizer's symbols are, `bin::Sym::from_rtl`).
    #[test]
    fn grouping_keeps_bins() {
        use super::super::bin::Sym;
        let rng = &mut Rng::new(3);
        let mut bins: Vec<Bin> = Vec::new();
        for i in 0..200u32 {
            bins.push(Bin::Ctx(105 + (i % 3) as usize, i & 1));
            bins.extend((0..i % 5).map(|k| Bin::Bypass(((i + k) % 3) & 1)));
        }
        bins.extend((0..100).map(|i| Bin::Bypass((i % 3) & 1)));
        let want: Vec<Sym> = bins.iter().map(|&b| Sym::from_bin(b)).collect();
        let full = slice_symbols_full_groups(20, &bins);
        let mut merged = 0;
        for syms in [slice_symbols(20, &bins, rng), full.clone()] {
            let got: Vec<Sym> = syms[1..syms.len() - 1]
                .iter()
                .flat_map(|&s| Sym::from_rtl(s))
                .collect();
            assert_eq!(got, want);
            merged += syms
                .iter()
                .filter(|&&s| s >> 17 == KIND_CTX && s & 6 != 0)
                .count();
        }
        assert!(merged > 100);
        // Full groups: runs of 1 or 2 bypass bins never leave their CTX symbol.
        assert_eq!(full.len(), 2 + 200 + 79 + 13);
    }
}
