//! The decoder lane's macroblock stage `rtl/decoder/dec_mb_i16.sv`: a slice's configuration
//! and `cabac_dec`'s element beats in ([`super::cabac::dec`]), one beat a macroblock out with
//! its modes, QP and levels in `enc_resid_i16`'s layout ([`MbLevels`]).
//!
//! Expected results come from golden's parse of the slice's bytes
//! ([`golden_parse_mbs`]: `golden::decoder::slice::parse_slice`, the decoder's loop): each
//! `golden::mb::Macroblock` it parsed with its QPY, mapped by [`expected_mb`]. The stage
//! decodes Intra16x16 macroblocks only: an I_NxN or I_PCM macroblock is an error, as an ERROR
//! beat is, and the macroblocks before it are the expected ones.

use golden::mb::trace::Se;
use golden::mb::{Macroblock, MbKind};

use crate::cabac::dec::{golden_parse_mbs, kind, DecSlice, SeBeat};
use crate::intra::MbLevels;

/// `kind_o` of an Intra16x16 macroblock (golden `MbKind` in declaration order: I4x4, I8x8,
/// I16x16, Pcm).
pub const KIND_I16X16: u8 = 2;

/// One output beat of `dec_mb_i16`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DecMbOut {
    pub kind: u8,
    /// Intra16x16PredMode (0 V, 1 H, 2 DC, 3 plane).
    pub luma_mode: u8,
    /// intra_chroma_pred_mode (0 DC, 1 H, 2 V, 3 plane; 0 for 4:0:0).
    pub chroma_mode: u8,
    /// QPY.
    pub qp: u8,
    /// end_of_slice_flag.
    pub last: bool,
    pub levels: MbLevels,
}

/// The beat `dec_mb_i16` must give for golden's Intra16x16 macroblock `mb` with QPY `qp` and
/// end_of_slice_flag `last` in a 4:2:0 (`chroma`) or 4:0:0 slice: `i16_mode`, `chroma_mode`
/// (0 for 4:0:0) and the levels put in raster order by [`MbLevels::of`].
pub fn expected_mb(mb: &Macroblock, qp: i32, chroma: bool, last: bool) -> DecMbOut {
    assert_eq!(mb.kind, MbKind::I16x16, "dec_mb_i16 gives Intra16x16 only");
    DecMbOut {
        kind: KIND_I16X16,
        luma_mode: mb.i16_mode,
        chroma_mode: if chroma { mb.chroma_mode } else { 0 },
        qp: qp as u8,
        last,
        levels: MbLevels::of(mb, chroma),
    }
}

/// One slice into `dec_mb_i16`: its configuration, the element beats, and what must come out.
#[derive(Clone, Debug)]
pub struct DecMbSlice {
    /// SliceQPY.
    pub qp: u8,
    /// 4:2:0 (else 4:0:0).
    pub chroma: bool,
    pub beats: Vec<SeBeat>,
    /// The macroblocks the stage must hand out, in order.
    pub expected: Vec<DecMbOut>,
    /// Whether err_o must be set by the slice's end.
    pub error: bool,
}

impl DecMbSlice {
    /// The slice `s` as `cabac_dec` hands it out (golden's parse of its bytes: the elements,
    /// an ERROR beat last on an error) with golden's macroblocks: those whose
    /// end_of_slice_flag was parsed (after an error golden has handed out one more), up to the
    /// first that is not Intra16x16 (then an error).
    pub fn new(s: &DecSlice) -> DecMbSlice {
        let (parse, mbs) = golden_parse_mbs(&s.cfg, &s.data);
        let ends: Vec<bool> = parse
            .elements
            .iter()
            .filter_map(|e| match e {
                Se::EndOfSlice(v) => Some(*v),
                _ => None,
            })
            .collect();
        let mut error = parse.error;
        let mut expected = Vec::new();
        for ((mb, qp), &last) in mbs.iter().zip(&ends) {
            if mb.kind != MbKind::I16x16 {
                error = true;
                break;
            }
            expected.push(expected_mb(mb, *qp, s.cfg.chroma, last));
        }
        DecMbSlice {
            qp: s.cfg.qp,
            chroma: s.cfg.chroma,
            beats: crate::cabac::dec::beats(&parse),
            expected,
            error,
        }
    }

    /// The slice cut after its first `n` beats by an ERROR beat (what `cabac_dec` hands out
    /// when the data breaks there): the macroblocks whose end_of_slice_flag came before the cut
    /// are out, then the error. `n` must end an element (golden's beats of an Intra16x16
    /// macroblock are one beat an element).
    pub fn cut(&self, n: usize) -> DecMbSlice {
        let mut beats = self.beats[..n].to_vec();
        let done = beats
            .iter()
            .filter(|b| b.kind == kind::END_OF_SLICE)
            .count();
        beats.push(SeBeat {
            kind: kind::ERROR,
            last: true,
            ..SeBeat::default()
        });
        DecMbSlice {
            beats,
            expected: self.expected[..done.min(self.expected.len())].to_vec(),
            error: true,
            ..self.clone()
        }
    }

    /// Whether the slice holds a macroblock other than Intra16x16 (mb_type 0 or 25).
    pub fn has_unsupported(&self) -> bool {
        self.beats
            .iter()
            .any(|b| b.kind == kind::MB_TYPE && (b.value == 0 || b.value == 25))
    }
}
