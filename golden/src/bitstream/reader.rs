//! Bit reader over RBSP bytes (emulation prevention already removed):
//! fixed-length fields, Exp-Golomb codes (9.1) and more_rbsp_data() (7.2).
//!
//! Every read is bounded: running past the end is `Error::Truncated`, an
//! Exp-Golomb code longer than 32 bits of codeNum is `Error::Invalid`.
//! The `*_named` variants put the syntax element's name in the error.

use crate::error::{Error, Result};
use crate::invalid;

/// Name used in errors by the unnamed reads.
const UNNAMED: &str = "RBSP bits";

/// MSB-first bit reader.
#[derive(Clone, Debug)]
pub struct BitReader<'a> {
    data: &'a [u8],
    /// Position in bits from the start of `data`.
    pos: usize,
}

impl<'a> BitReader<'a> {
    /// A reader at the first bit of `data`.
    pub fn new(data: &'a [u8]) -> Self {
        BitReader { data, pos: 0 }
    }

    /// Bits left before the end of the data.
    pub fn bits_left(&self) -> usize {
        self.data.len() * 8 - self.pos
    }

    /// Reads `n` <= 32 bits as an unsigned number, MSB first (u(n)).
    pub fn read_bits(&mut self, n: u32) -> Result<u32> {
        self.read_bits_named(n, UNNAMED)
    }

    /// [`BitReader::read_bits`] naming the syntax element in errors.
    pub fn read_bits_named(&mut self, n: u32, name: &'static str) -> Result<u32> {
        if n > 32 {
            return Err(invalid!("{name}: read of {n} bits (at most 32)"));
        }
        if n as usize > self.bits_left() {
            return Err(Error::Truncated(name));
        }
        let mut value: u64 = 0;
        let mut left = n as usize;
        while left > 0 {
            let byte = self.data[self.pos / 8];
            let offset = self.pos % 8; // bits of `byte` already consumed
            let take = left.min(8 - offset);
            let bits = (byte >> (8 - offset - take)) & (0xff >> (8 - take));
            value = (value << take) | u64::from(bits);
            self.pos += take;
            left -= take;
        }
        Ok(value as u32)
    }

    /// Reads one bit (u(1)).
    pub fn read_flag(&mut self) -> Result<bool> {
        self.read_flag_named(UNNAMED)
    }

    /// [`BitReader::read_flag`] naming the syntax element in errors.
    pub fn read_flag_named(&mut self, name: &'static str) -> Result<bool> {
        Ok(self.read_bits_named(1, name)? == 1)
    }

    /// Reads ue(v) (9.1).
    pub fn read_ue(&mut self) -> Result<u32> {
        self.read_ue_named(UNNAMED)
    }

    /// [`BitReader::read_ue`] naming the syntax element in errors.
    ///
    /// At most 31 leading zero bits: codeNum = 2^lz - 1 + read_bits(lz) is
    /// then at most 2^32 - 2, the largest value 9.1 allows.
    pub fn read_ue_named(&mut self, name: &'static str) -> Result<u32> {
        let mut zeros = 0u32;
        while !self.read_flag_named(name)? {
            zeros += 1;
            if zeros > 31 {
                return Err(invalid!(
                    "{name}: exp-Golomb code with over 31 leading zeros"
                ));
            }
        }
        let suffix = u64::from(self.read_bits_named(zeros, name)?);
        Ok(((1u64 << zeros) - 1 + suffix) as u32)
    }

    /// Reads se(v) (9.1.1).
    pub fn read_se(&mut self) -> Result<i32> {
        self.read_se_named(UNNAMED)
    }

    /// [`BitReader::read_se`] naming the syntax element in errors.
    ///
    /// codeNum k maps to (-1)^(k+1) * Ceil(k / 2); k <= 2^32 - 2 keeps the
    /// result within -(2^31 - 1)..=2^31 - 1.
    pub fn read_se_named(&mut self, name: &'static str) -> Result<i32> {
        let k = i64::from(self.read_ue_named(name)?);
        let magnitude = (k + 1) / 2; // Ceil(k / 2)
        Ok(if k % 2 == 1 { magnitude } else { -magnitude } as i32)
    }

    /// Skips `n` bits; `Error::Truncated` (and no move) if fewer are left.
    pub fn skip_bits(&mut self, n: usize) -> Result<()> {
        if n > self.bits_left() {
            return Err(Error::Truncated(UNNAMED));
        }
        self.pos += n;
        Ok(())
    }

    /// True at a byte boundary.
    pub fn is_aligned(&self) -> bool {
        self.pos & 7 == 0
    }

    /// Position in bits from the start.
    pub fn bit_pos(&self) -> usize {
        self.pos
    }

    /// Position in bytes: the index of the next byte when byte-aligned (the
    /// byte holding the next bit otherwise).
    pub fn byte_pos(&self) -> usize {
        self.pos / 8
    }

    /// more_rbsp_data() (7.2): true when a bit other than the
    /// rbsp_stop_one_bit remains, i.e. the reader is before the last 1 bit
    /// of the data (trailing zero bytes such as cabac_zero_words are not
    /// data). False when the data holds no 1 bit at all.
    pub fn more_rbsp_data(&self) -> bool {
        match self.data.iter().rposition(|&b| b != 0) {
            None => false,
            Some(i) => {
                // The stop bit is the lowest set bit of the last non-zero byte.
                let stop = i * 8 + 7 - self.data[i].trailing_zeros() as usize;
                self.pos < stop
            }
        }
    }
}
