//! CABAC binarizer vectors (`rtl/cabac/cabac_enc_bin.sv`): the syntax elements of a golden
//! slice trace ([`super::traces`]) as the RTL's element beats (`rtl/cabac/cabac_se.sv`) and the
//! engine symbols the RTL must emit (`rtl/cabac/cabac_sym.sv`), bypass groups flattened to
//! single bins.

use golden::cabac::{Bin, BlockCat};
use golden::mb::trace::{Se, SliceTrace};

use crate::bits::put_bits;
use crate::hex::Column;

/// Bits of one element beat (`CABAC_SE_W`).
pub const SE_BITS: usize = 272;
/// 32-bit words of one element beat.
pub const SE_WORDS: usize = SE_BITS.div_ceil(32);
/// One element beat, least significant word first.
pub type SeBeat = [u32; SE_WORDS];

/// Bits of one symbol (`CABAC_SYM_W`).
pub const SYM_BITS: usize = 20;

/// Element kinds (`CABAC_SE_*`).
pub mod kind {
    pub const SLICE: u32 = 0;
    pub const MBTYPE: u32 = 1;
    pub const T8: u32 = 2;
    pub const PREV: u32 = 3;
    pub const REM: u32 = 4;
    pub const CHROMA: u32 = 5;
    pub const CBP: u32 = 6;
    pub const QPD: u32 = 7;
    pub const RES: u32 = 8;
    pub const PCM: u32 = 9;
    pub const EOS: u32 = 10;
}

/// PCM bytes per element beat.
pub const PCM_PER_BEAT: usize = 32;

/// One engine symbol with bypass groups flattened: what the engine after the binarizer sees.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Sym {
    /// Slice start, SliceQPY.
    Init(u8),
    /// Context-coded bin (ctxIdx, binVal).
    Ctx(u16, u8),
    /// One bypass bin.
    Bypass(u8),
    /// Terminate bin.
    Term(u8),
    /// One I_PCM byte.
    Pcm(u8),
    /// Slice end.
    End,
}

impl Sym {
    /// The symbols of one RTL symbol word (a BYPASS group gives its n bins, first bin first;
    /// a CTX symbol its bin, then the 0..=2 bypass bins it carries).
    pub fn from_rtl(w: u32) -> Vec<Sym> {
        let (kind, ctx, val) = ((w >> 17) & 7, (w >> 8) & 0x1ff, (w & 0xff) as u8);
        match kind {
            0 => {
                let (m, bits) = ((val >> 1) & 3, (val >> 3) & 3);
                assert!(
                    m <= 2 && val >> 5 == 0 && bits >> m == 0,
                    "CTX symbol with bypass field {:03b} ({w:05x})",
                    val >> 1
                );
                let mut v = vec![Sym::Ctx(ctx as u16, val & 1)];
                v.extend((0..m).rev().map(|k| Sym::Bypass((bits >> k) & 1)));
                v
            }
            1 => {
                let n = ctx & 0xf;
                assert!((1..=8).contains(&n), "BYPASS group of {n} bins ({w:05x})");
                (0..n).rev().map(|k| Sym::Bypass((val >> k) & 1)).collect()
            }
            2 => vec![Sym::Term(val)],
            3 => vec![Sym::Pcm(val)],
            4 => vec![Sym::Init(val)],
            5 => vec![Sym::End],
            _ => panic!("symbol kind {kind} ({w:05x})"),
        }
    }
}

impl Sym {
    /// The symbol of one golden bin.
    pub fn from_bin(b: Bin) -> Sym {
        match b {
            Bin::Ctx(c, b) => Sym::Ctx(c as u16, b as u8),
            Bin::Bypass(b) => Sym::Bypass(b as u8),
            Bin::Term(b) => Sym::Term(b as u8),
            Bin::Pcm(b) => Sym::Pcm(b),
        }
    }

    /// The RTL symbol word of this symbol (a bypass bin as a group of one).
    pub fn to_rtl(self) -> u32 {
        match self {
            Sym::Ctx(c, b) => (u32::from(c) << 8) | u32::from(b),
            Sym::Bypass(b) => (1 << 17) | (1 << 8) | u32::from(b),
            Sym::Term(b) => (2 << 17) | u32::from(b),
            Sym::Pcm(v) => (3 << 17) | u32::from(v),
            Sym::Init(q) => (4 << 17) | u32::from(q),
            Sym::End => 5 << 17,
        }
    }
}

/// Vector files of `traces` (docs/verification.md, "Vector files"): `cabac_bin.se`, one
/// element beat a row (17 x 16 bits, header first), and `cabac_bin.sym`, the expected
/// symbols one a row (20 bits, bypass bins as groups of one).
pub fn columns(traces: &[SliceTrace]) -> Vec<Column> {
    let mut sym = Column::new("cabac_bin.sym", SYM_BITS as u32, 1, false);
    for s in traces.iter().flat_map(expected_symbols) {
        sym.push(vec![i64::from(s.to_rtl())]);
    }
    vec![se_column("cabac_bin.se", traces), sym]
}

/// Vector files of the whole encoder (`rtl/cabac/cabac_enc.sv` with `OutBytes = 1`, the
/// synthesis block `cabac_enc`): `cabac_enc.se_i`, the element beats of `traces` as in
/// [`columns`], and the slice_data bytes golden wrote for them
/// ([`super::engine::byte_columns`]: `cabac_enc.byte_o`, `count_o`, `last_o`). Beats in,
/// bytes out: the files differ in length.
pub fn encoder_columns(traces: &[SliceTrace]) -> Vec<Column> {
    let mut cols = vec![se_column("cabac_enc.se_i", traces)];
    cols.extend(super::engine::byte_columns(
        "cabac_enc",
        traces.iter().map(|t| &t.data[..]),
    ));
    cols
}

/// The element beats of `traces`, one a row as 17 x 16 bits, header first.
fn se_column(name: &str, traces: &[SliceTrace]) -> Column {
    let mut se = Column::new(name, 16, SE_BITS / 16, false);
    for b in traces.iter().flat_map(se_beats) {
        se.push(
            (0..SE_BITS / 16)
                .map(|k| i64::from((b[k / 2] >> (16 * (k % 2))) & 0xffff))
                .collect(),
        );
    }
    se
}

/// The symbols the binarizer must emit for `t`: INIT, golden's bins, END.
pub fn expected_symbols(t: &SliceTrace) -> Vec<Sym> {
    let mut v = Vec::with_capacity(t.bins.len() + 2);
    v.push(Sym::Init(t.slice_qp as u8));
    v.extend(t.bins.iter().map(|&b| Sym::from_bin(b)));
    v.push(Sym::End);
    v
}

fn beat(kind: u32, cat: u32, idx: u32, part: u32) -> SeBeat {
    let mut b = [0; SE_WORDS];
    put_bits(&mut b, 0, 4, u64::from(kind));
    put_bits(&mut b, 4, 3, u64::from(cat));
    put_bits(&mut b, 7, 4, u64::from(idx));
    put_bits(&mut b, 11, 2, u64::from(part));
    b
}

fn scalar(kind: u32, value: u64) -> SeBeat {
    let mut b = beat(kind, 0, 0, 0);
    put_bits(&mut b, 16, 16, value & 0xffff);
    b
}

/// The element beats of slice `t` (`rtl/cabac/cabac_se.sv`), slice start first. The block
/// index of each residual block follows from the macroblock's coded_block_pattern and the
/// blocks before it, as residual() (7.3.5.3) orders them.
pub fn se_beats(t: &SliceTrace) -> Vec<SeBeat> {
    let mut out = Vec::with_capacity(t.elements.len() + 1);
    let mut b = beat(kind::SLICE, 0, 0, 0);
    put_bits(&mut b, 16, 6, t.slice_qp as u64);
    put_bits(&mut b, 22, 1, u64::from(t.chroma));
    put_bits(&mut b, 23, 1, u64::from(t.transform_8x8_mode));
    put_bits(&mut b, 32, 16, (t.first_mb % t.width_mbs) as u64);
    put_bits(&mut b, 48, 16, t.width_mbs as u64);
    out.push(b);
    // Per macroblock: luma CBP and the residual blocks seen so far by kind.
    let (mut cbp_luma, mut luma_n, mut cdc_n, mut cac_n) = (0u8, 0usize, 0u32, 0u32);
    for e in &t.elements {
        match e {
            Se::MbType { value, .. } => {
                let v = *value;
                cbp_luma = if (13..=24).contains(&v) { 15 } else { 0 };
                (luma_n, cdc_n, cac_n) = (0, 0, 0);
                out.push(scalar(kind::MBTYPE, u64::from(v)));
            }
            Se::Transform8x8 { value, .. } => out.push(scalar(kind::T8, u64::from(*value))),
            Se::PrevModeFlag(f) => out.push(scalar(kind::PREV, u64::from(*f))),
            Se::RemMode(r) => out.push(scalar(kind::REM, u64::from(*r))),
            Se::ChromaPredMode { value, .. } => out.push(scalar(kind::CHROMA, u64::from(*value))),
            Se::Cbp { value, .. } => {
                cbp_luma = value & 15;
                out.push(scalar(kind::CBP, u64::from(*value)));
            }
            Se::QpDelta { value, .. } => out.push(scalar(kind::QPD, *value as u64)),
            Se::Residual { cat, levels, .. } => {
                let coded_b8: Vec<u32> = (0..4).filter(|b| cbp_luma >> b & 1 == 1).collect();
                let idx = match cat {
                    BlockCat::LumaDc => 0,
                    BlockCat::LumaAc | BlockCat::Luma4x4 => {
                        luma_n += 1;
                        4 * coded_b8[(luma_n - 1) / 4] + ((luma_n - 1) % 4) as u32
                    }
                    BlockCat::Luma8x8 => {
                        luma_n += 1;
                        coded_b8[luma_n - 1]
                    }
                    BlockCat::ChromaDc => {
                        cdc_n += 1;
                        cdc_n - 1
                    }
                    BlockCat::ChromaAc => {
                        cac_n += 1;
                        cac_n - 1
                    }
                };
                for (part, chunk) in levels.chunks(16).enumerate() {
                    let mut b = beat(kind::RES, *cat as u32, idx, part as u32);
                    for (k, &l) in chunk.iter().enumerate() {
                        put_bits(&mut b, 16 + 16 * k, 16, u64::from(l as u16));
                    }
                    out.push(b);
                }
            }
            Se::Pcm(bytes) => {
                for chunk in bytes.chunks(PCM_PER_BEAT) {
                    assert_eq!(chunk.len(), PCM_PER_BEAT, "PCM bytes come in whole beats");
                    let mut b = beat(kind::PCM, 0, 0, 0);
                    for (k, &v) in chunk.iter().enumerate() {
                        put_bits(&mut b, 16 + 8 * k, 8, u64::from(v));
                    }
                    out.push(b);
                }
            }
            Se::EndOfSlice(f) => out.push(scalar(kind::EOS, u64::from(*f))),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::traces::{slice_traces, tests::picture};
    use super::*;
    use golden::encoder::EncoderConfig;

    /// Beats: one per element, four per 8x8 block, 12 per 4:2:0 I_PCM macroblock, plus the
    /// slice start; symbols: golden's bins between INIT and END.
    #[test]
    fn beats_and_symbols() {
        let cfg = EncoderConfig {
            qp: 20,
            transform_8x8: true,
            ..Default::default()
        };
        let t = &slice_traces(&picture(), &cfg, |a| a == 2).unwrap()[0];
        let n: usize = 1 + t
            .elements
            .iter()
            .map(|e| match e {
                Se::Residual { cat, .. } if *cat == BlockCat::Luma8x8 => 4,
                Se::Pcm(b) => b.len() / PCM_PER_BEAT,
                _ => 1,
            })
            .sum::<usize>();
        assert_eq!(se_beats(t).len(), n);
        let s = expected_symbols(t);
        assert_eq!(s.len(), t.bins.len() + 2);
        assert_eq!((s[0], s[s.len() - 1]), (Sym::Init(20), Sym::End));
        assert_eq!(
            Sym::from_rtl((1 << 17) | (3 << 8) | 0b101),
            [Sym::Bypass(1), Sym::Bypass(0), Sym::Bypass(1)]
        );
        for &x in &s {
            assert_eq!(Sym::from_rtl(x.to_rtl()), [x]);
        }
        // A CTX symbol carrying the bypass bins 1, 0 (cabac_sym.sv: val[2:1] = 2, val[4:3]).
        assert_eq!(
            Sym::from_rtl((105 << 8) | (0b10 << 3) | (2 << 1) | 1),
            [Sym::Ctx(105, 1), Sym::Bypass(1), Sym::Bypass(0)]
        );
        let cols = columns(std::slice::from_ref(t));
        assert_eq!((cols[0].rows.len(), cols[1].rows.len()), (n, s.len()));
        assert!(cols.iter().all(|c| c.check().is_ok()));
    }
}
