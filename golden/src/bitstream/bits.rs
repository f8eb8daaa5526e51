//! Bit-level writing and reading of RBSP data, with Exp-Golomb codes (9.1).

use crate::error::{Error, Result};

/// MSB-first bit writer.
#[derive(Clone, Debug, Default)]
pub struct BitWriter {
    bytes: Vec<u8>,
    /// Bits not yet flushed to `bytes`, right-aligned.
    acc: u64,
    /// Number of valid bits in `acc` (< 8 between calls).
    n: u32,
}

impl BitWriter {
    pub fn new() -> Self {
        Self::default()
    }

    /// Writes the `n` low bits of `value`, most significant first (n <= 32).
    pub fn put_bits(&mut self, value: u32, n: u32) {
        debug_assert!(n <= 32 && (n == 32 || value >> n == 0));
        self.acc = (self.acc << n) | u64::from(value);
        self.n += n;
        while self.n >= 8 {
            self.n -= 8;
            self.bytes.push((self.acc >> self.n) as u8);
        }
        self.acc &= (1 << self.n) - 1;
    }

    pub fn put_flag(&mut self, f: bool) {
        self.put_bits(u32::from(f), 1);
    }

    /// ue(v): Exp-Golomb code of `v` (9.1).
    pub fn put_ue(&mut self, v: u32) {
        let x = u64::from(v) + 1;
        let len = 64 - x.leading_zeros(); // bits of v + 1
                                          // len - 1 leading zeros, then the len bits of v + 1.
        if len > 32 {
            self.put_bits(0, len - 1);
            self.put_bits((x >> 32) as u32, len - 32);
            self.put_bits(x as u32, 32);
        } else {
            self.put_bits(0, len - 1);
            self.put_bits(x as u32, len);
        }
    }

    /// se(v): signed Exp-Golomb, k > 0 -> 2k - 1, k <= 0 -> -2k (Table 9-3);
    /// `v` must not be `i32::MIN`.
    pub fn put_se(&mut self, v: i32) {
        let k = i64::from(v);
        let code = if k > 0 { 2 * k - 1 } else { -2 * k };
        self.put_ue(code as u32);
    }

    pub fn is_aligned(&self) -> bool {
        self.n == 0
    }

    /// cabac_alignment_one_bit until byte aligned.
    pub fn align_with_ones(&mut self) {
        while !self.is_aligned() {
            self.put_bits(1, 1);
        }
    }

    /// rbsp_trailing_bits(): a 1 then zeros to the byte boundary.
    pub fn rbsp_trailing_bits(&mut self) {
        self.put_bits(1, 1);
        while !self.is_aligned() {
            self.put_bits(0, 1);
        }
    }

    /// Number of bits written.
    pub fn bit_len(&self) -> u64 {
        8 * self.bytes.len() as u64 + u64::from(self.n)
    }

    /// The bytes written; a partial last byte is padded with zeros.
    pub fn into_bytes(mut self) -> Vec<u8> {
        if self.n > 0 {
            self.bytes.push((self.acc << (8 - self.n)) as u8);
        }
        self.bytes
    }
}

/// MSB-first bit reader over RBSP bytes. Reading past the end is
/// `Error::Truncated`.
#[derive(Clone, Debug)]
pub struct BitReader<'a> {
    data: &'a [u8],
    pos: usize,
}

impl<'a> BitReader<'a> {
    pub fn new(data: &'a [u8]) -> Self {
        BitReader { data, pos: 0 }
    }

    /// Bits left.
    pub fn remaining(&self) -> usize {
        8 * self.data.len() - self.pos
    }

    /// u(n) for n <= 32.
    pub fn read_bits(&mut self, n: u32) -> Result<u32> {
        debug_assert!(n <= 32);
        if (n as usize) > self.remaining() {
            return Err(Error::Truncated("bit reader"));
        }
        let mut v: u64 = 0;
        for _ in 0..n {
            let byte = self.data[self.pos / 8];
            v = (v << 1) | u64::from((byte >> (7 - self.pos % 8)) & 1);
            self.pos += 1;
        }
        Ok(v as u32)
    }

    pub fn read_flag(&mut self) -> Result<bool> {
        Ok(self.read_bits(1)? == 1)
    }

    /// ue(v); a prefix of more than 32 zeros is invalid (the value would not
    /// fit in 32 bits).
    pub fn read_ue(&mut self) -> Result<u32> {
        let mut zeros = 0u32;
        while !self.read_flag()? {
            zeros += 1;
            if zeros > 32 {
                return Err(Error::Invalid("Exp-Golomb code longer than 32 bits".into()));
            }
        }
        let suffix = u64::from(self.read_bits(zeros)?);
        let v = (1u64 << zeros) - 1 + suffix;
        u32::try_from(v).map_err(|_| Error::Invalid("Exp-Golomb value over 32 bits".into()))
    }

    /// se(v).
    pub fn read_se(&mut self) -> Result<i32> {
        let k = i64::from(self.read_ue()?);
        let v = if k % 2 == 1 { (k + 1) / 2 } else { -(k / 2) };
        i32::try_from(v).map_err(|_| Error::Invalid("se(v) out of range".into()))
    }

    /// ue(v) that must lie in `lo..=hi`; `what` names the element.
    pub fn read_ue_in(&mut self, lo: u32, hi: u32, what: &str) -> Result<u32> {
        let v = self.read_ue()?;
        if v < lo || v > hi {
            return Err(Error::Invalid(format!("{what} = {v} outside {lo}..={hi}")));
        }
        Ok(v)
    }

    /// se(v) that must lie in `lo..=hi`.
    pub fn read_se_in(&mut self, lo: i32, hi: i32, what: &str) -> Result<i32> {
        let v = self.read_se()?;
        if v < lo || v > hi {
            return Err(Error::Invalid(format!("{what} = {v} outside {lo}..={hi}")));
        }
        Ok(v)
    }

    pub fn skip_bits(&mut self, n: usize) -> Result<()> {
        if n > self.remaining() {
            return Err(Error::Truncated("bit reader"));
        }
        self.pos += n;
        Ok(())
    }

    pub fn is_aligned(&self) -> bool {
        self.pos.is_multiple_of(8)
    }

    pub fn bit_pos(&self) -> usize {
        self.pos
    }

    /// Byte position (the current byte when not aligned).
    pub fn byte_pos(&self) -> usize {
        self.pos / 8
    }

    /// more_rbsp_data() (7.2): is there anything before the rbsp_stop_one_bit?
    pub fn more_rbsp_data(&self) -> bool {
        // The stop bit is the last 1 bit of the data.
        let Some(last) = self.data.iter().rposition(|&b| b != 0) else {
            return false;
        };
        let stop = 8 * last + 7 - self.data[last].trailing_zeros() as usize;
        self.pos < stop
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn exp_golomb_codes_of_table_9_2() {
        // Table 9-2: 0 -> 1, 1 -> 010, 2 -> 011, 3 -> 00100, 7 -> 0001000.
        let mut w = BitWriter::new();
        for v in [0, 1, 2, 3, 7] {
            w.put_ue(v);
        }
        // 1 010 011 00100 0001000 = 1010 0110 0100 0001 000 + pad
        assert_eq!(w.bit_len(), 1 + 3 + 3 + 5 + 7);
        assert_eq!(w.into_bytes(), vec![0b1010_0110, 0b0100_0001, 0b0000_0000]);
        // se: 1 -> ue 1, -1 -> ue 2, 2 -> ue 3.
        let mut w = BitWriter::new();
        w.put_se(1);
        w.put_se(-1);
        w.put_se(2);
        assert_eq!(w.into_bytes(), vec![0b0100_1100, 0b1000_0000]);
    }

    #[test]
    fn more_rbsp_data_stops_at_the_stop_bit() {
        let data = [0b1010_0000u8]; // one data bit '1', '0', then stop bit at bit 2
        let mut r = BitReader::new(&data);
        assert!(r.more_rbsp_data());
        r.read_bits(2).unwrap();
        assert!(!r.more_rbsp_data());
    }

    #[test]
    fn long_prefix_is_an_error_not_a_hang() {
        let data = [0u8; 16];
        assert!(BitReader::new(&data).read_ue().is_err());
        assert!(BitReader::new(&[]).read_ue().is_err());
    }

    proptest! {
        #[test]
        fn writer_reader_round_trip(items in prop::collection::vec((0u8..4, any::<u32>(), 1u32..=32), 0..64)) {
            let mut w = BitWriter::new();
            for &(kind, v, n) in &items {
                match kind {
                    0 => w.put_bits(if n == 32 { v } else { v & ((1 << n) - 1) }, n),
                    1 => w.put_ue(v),
                    2 => w.put_se((v as i32).max(-i32::MAX)),
                    _ => w.put_flag(v & 1 == 1),
                }
            }
            let bytes = w.into_bytes();
            let mut r = BitReader::new(&bytes);
            for &(kind, v, n) in &items {
                match kind {
                    0 => prop_assert_eq!(r.read_bits(n).unwrap(), if n == 32 { v } else { v & ((1 << n) - 1) }),
                    1 => prop_assert_eq!(r.read_ue().unwrap(), v),
                    2 => prop_assert_eq!(r.read_se().unwrap(), (v as i32).max(-i32::MAX)),
                    _ => prop_assert_eq!(r.read_flag().unwrap(), v & 1 == 1),
                }
            }
        }
    }
}
