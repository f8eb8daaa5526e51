//! Byte-level mutations of a valid stream, driven by fuzzer bytes.
//!
//! Shared by the `decode_mutated` fuzz target and `tests/robustness.rs`
//! (included there by path), so a mutation spec means the same in both.
//! No dependencies: this file must compile inside either crate.

/// One edit of a byte stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mutation {
    /// Replace the byte at `pos` by `value`.
    Overwrite { pos: usize, value: u8 },
    /// Flip bit `bit` (0..=7) of the byte at `pos`.
    FlipBit { pos: usize, bit: u8 },
    /// Insert `value` before the byte at `pos`.
    Insert { pos: usize, value: u8 },
    /// Remove the byte at `pos`.
    Remove { pos: usize },
    /// Cut the stream at `pos`.
    Truncate { pos: usize },
    /// Append a copy of `len` bytes starting at `pos` (e.g. a second slice
    /// or parameter set).
    AppendCopy { pos: usize, len: usize },
}

/// Bytes one encoded mutation takes in a fuzzer input.
pub const MUTATION_BYTES: usize = 4;

/// Most mutations applied: a few edits already make a stream invalid, and
/// unbounded edit lists (each up to O(stream) for inserts and appended
/// copies) would spend the fuzzer's time growing huge streams.
pub const MAX_MUTATIONS: usize = 32;

impl Mutation {
    /// Decodes `[op, pos_hi, pos_lo, value]`; positions are taken modulo the
    /// current stream length when applied, so every input is meaningful.
    pub fn from_bytes(b: [u8; MUTATION_BYTES]) -> Mutation {
        let pos = usize::from(u16::from_be_bytes([b[1], b[2]]));
        let value = b[3];
        match b[0] % 6 {
            0 => Mutation::Overwrite { pos, value },
            1 => Mutation::FlipBit {
                pos,
                bit: value & 7,
            },
            2 => Mutation::Insert { pos, value },
            3 => Mutation::Remove { pos },
            4 => Mutation::Truncate { pos },
            _ => Mutation::AppendCopy {
                pos,
                len: usize::from(value) + 1,
            },
        }
    }

    /// Applies the edit to `s` (a position past the end wraps around).
    pub fn apply(self, s: &mut Vec<u8>) {
        let at = |pos: usize, n: usize| if n == 0 { 0 } else { pos % n };
        match self {
            Mutation::Overwrite { pos, value } if !s.is_empty() => {
                let i = at(pos, s.len());
                s[i] = value;
            }
            Mutation::FlipBit { pos, bit } if !s.is_empty() => {
                let i = at(pos, s.len());
                s[i] ^= 1 << (bit & 7);
            }
            Mutation::Insert { pos, value } => {
                let i = at(pos, s.len() + 1);
                s.insert(i, value);
            }
            Mutation::Remove { pos } if !s.is_empty() => {
                let i = at(pos, s.len());
                s.remove(i);
            }
            Mutation::Truncate { pos } => {
                let i = at(pos, s.len() + 1);
                s.truncate(i);
            }
            Mutation::AppendCopy { pos, len } if !s.is_empty() => {
                let i = at(pos, s.len());
                let end = (i + len).min(s.len());
                let piece = s[i..end].to_vec();
                s.extend_from_slice(&piece);
            }
            _ => {}
        }
    }
}

/// Applies the first [`MAX_MUTATIONS`] mutations encoded in `spec` (4 bytes
/// each; a partial last group is ignored) to a copy of `base`.
pub fn mutate(base: &[u8], spec: &[u8]) -> Vec<u8> {
    let mut s = base.to_vec();
    for c in spec.chunks_exact(MUTATION_BYTES).take(MAX_MUTATIONS) {
        Mutation::from_bytes([c[0], c[1], c[2], c[3]]).apply(&mut s);
    }
    s
}
