//! Bit writer for RBSPs: fixed-length fields, Exp-Golomb codes (9.1) and the
//! byte-alignment patterns of 7.3.2.11 and 7.3.4.
//!
//! The writer is used by the encoder only, with values it chose itself: a
//! value that does not fit its field is a bug and panics.

/// MSB-first bit writer producing RBSP bytes.
#[derive(Clone, Debug, Default)]
pub struct BitWriter {
    /// Complete bytes.
    bytes: Vec<u8>,
    /// Pending bits, right-aligned; fewer than 8 of them.
    acc: u32,
    /// Number of pending bits in `acc` (0..=7).
    pending: u32,
}

impl BitWriter {
    /// An empty writer.
    pub fn new() -> Self {
        BitWriter::default()
    }

    /// Writes the `n` low bits of `value`, most significant first (u(n)).
    pub fn put_bits(&mut self, value: u32, n: u32) {
        assert!(n <= 32, "put_bits: {n} bits");
        assert!(
            n == 32 || value >> n == 0,
            "put_bits: {value} does not fit {n} bits"
        );
        // Feed at most 8 bits at a time so that `acc` never holds more than
        // 7 + 8 = 15 bits.
        let mut left = n;
        while left > 0 {
            let take = left.min(8);
            left -= take;
            let chunk = (value >> left) & ((1 << take) - 1);
            self.acc = (self.acc << take) | chunk;
            self.pending += take;
            if self.pending >= 8 {
                self.pending -= 8;
                self.bytes.push((self.acc >> self.pending) as u8);
                self.acc &= (1 << self.pending) - 1;
            }
        }
    }

    /// Writes one bit (u(1)).
    pub fn put_flag(&mut self, flag: bool) {
        self.put_bits(u32::from(flag), 1);
    }

    /// Writes `value` as ue(v) (9.1). `u32::MAX` would need 32 leading zero
    /// bits, which no decoder accepts (codeNum is at most 2^32 - 2): panics.
    pub fn put_ue(&mut self, value: u32) {
        assert!(value < u32::MAX, "ue(v) value {value} out of range");
        self.put_code_num(u64::from(value));
    }

    /// Writes `value` as se(v) (9.1.1): k > 0 maps to codeNum 2k - 1, k <= 0
    /// to -2k. `i32::MIN` has no codeNum below 2^32 - 1: panics.
    pub fn put_se(&mut self, value: i32) {
        assert!(value != i32::MIN, "se(v) value {value} out of range");
        let v = i64::from(value);
        let code_num = if v > 0 { 2 * v - 1 } else { -2 * v };
        self.put_code_num(code_num as u64);
    }

    /// Exp-Golomb code of `code_num` (<= 2^32 - 2): leadingZeroBits zeros,
    /// then codeNum + 1 in leadingZeroBits + 1 bits (its top bit is the 1).
    fn put_code_num(&mut self, code_num: u64) {
        let x = code_num + 1;
        let len = 64 - x.leading_zeros(); // 1..=32
        let zeros = len - 1;
        self.put_bits(0, zeros);
        self.put_bits(x as u32, len);
    }

    /// True at a byte boundary.
    pub fn is_aligned(&self) -> bool {
        self.pending == 0
    }

    /// Writes cabac_alignment_one_bit (7.3.4) until byte-aligned.
    pub fn align_with_ones(&mut self) {
        while !self.is_aligned() {
            self.put_flag(true);
        }
    }

    /// Writes rbsp_trailing_bits() (7.3.2.11): the stop bit 1, then zeros up
    /// to the byte boundary.
    pub fn rbsp_trailing_bits(&mut self) {
        self.put_flag(true);
        while !self.is_aligned() {
            self.put_flag(false);
        }
    }

    /// Number of bits written so far.
    pub fn bit_len(&self) -> usize {
        self.bytes.len() * 8 + self.pending as usize
    }

    /// The bytes written. Panics unless byte-aligned: an RBSP always ends on
    /// a byte boundary, so a partial byte is a bug of the caller.
    pub fn into_bytes(self) -> Vec<u8> {
        assert!(
            self.is_aligned(),
            "BitWriter::into_bytes with {} pending bits",
            self.pending
        );
        self.bytes
    }
}
