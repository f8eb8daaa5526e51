//! Flat buses: element k of width W occupies bits [k*W, (k+1)*W) (as the RTL's `[k*W +: W]`),
//! stored in 32-bit words, least significant first.

/// Packs two's-complement `values` of `width` bits each (each must fit, checked).
pub fn pack_signed(values: &[i32], width: u32) -> Vec<u32> {
    assert!((1..=32).contains(&width));
    let total = values.len() * width as usize;
    let mut words = vec![0u32; total.div_ceil(32)];
    for (k, &v) in values.iter().enumerate() {
        let lo = -(1i64 << (width - 1));
        let hi = (1i64 << (width - 1)) - 1;
        assert!(
            (lo..=hi).contains(&i64::from(v)),
            "{v} does not fit {width} bits signed"
        );
        let bits = (v as u32 as u64) & ((1u64 << width) - 1);
        put_bits(&mut words, k * width as usize, width, bits);
    }
    words
}

/// Packs unsigned `values` of `width` bits each (each must fit, checked).
pub fn pack_unsigned(values: &[u32], width: u32) -> Vec<u32> {
    assert!((1..=32).contains(&width));
    let mut words = vec![0u32; (values.len() * width as usize).div_ceil(32)];
    for (k, &v) in values.iter().enumerate() {
        assert!(
            width == 32 || v >> width == 0,
            "{v} does not fit {width} bits"
        );
        put_bits(&mut words, k * width as usize, width, u64::from(v));
    }
    words
}

/// Packs bytes (byte k at bits 8k..8k+7), as the RTL's sample buses hold them.
pub fn pack_bytes(bytes: &[u8]) -> Vec<u32> {
    pack_unsigned(&bytes.iter().map(|&b| u32::from(b)).collect::<Vec<_>>(), 8)
}

/// The bytes of `n` 8-bit fields (the inverse of [`pack_bytes`]).
pub fn unpack_bytes(words: &[u32], n: usize) -> Vec<u8> {
    unpack_unsigned(words, 8, n)
        .into_iter()
        .map(|v| v as u8)
        .collect()
}

/// Packs two's-complement `values` of `width` (<= 64) bits each (each must fit, checked):
/// the wide scaled-DC buses (33 bits an element).
pub fn pack_signed64(values: &[i64], width: u32) -> Vec<u32> {
    assert!((1..=64).contains(&width));
    let mut words = vec![0u32; (values.len() * width as usize).div_ceil(32)];
    for (k, &v) in values.iter().enumerate() {
        assert!(fits(v, width, true), "{v} does not fit {width} bits signed");
        let bits = if width == 64 {
            v as u64
        } else {
            (v as u64) & ((1u64 << width) - 1)
        };
        put_bits(&mut words, k * width as usize, width, bits);
    }
    words
}

/// Whether `v` fits `width` bits, two's complement (`signed`) or unsigned.
pub fn fits(v: i64, width: u32, signed: bool) -> bool {
    let w = i128::from(width);
    let v = i128::from(v);
    if signed {
        (-(1i128 << (w - 1))..(1i128 << (w - 1))).contains(&v)
    } else {
        (0..(1i128 << w)).contains(&v)
    }
}

/// Unpacks `n` two's-complement elements of `width` bits.
pub fn unpack_signed(words: &[u32], width: u32, n: usize) -> Vec<i32> {
    (0..n)
        .map(|k| {
            let raw = get_bits(words, k * width as usize, width);
            let shift = 64 - width;
            (((raw << shift) as i64) >> shift) as i32
        })
        .collect()
}

/// Unpacks `n` two's-complement elements of `width` (<= 64) bits as i64.
pub fn unpack_signed64(words: &[u32], width: u32, n: usize) -> Vec<i64> {
    assert!((1..=64).contains(&width));
    (0..n)
        .map(|k| {
            let raw = get_bits(words, k * width as usize, width);
            let shift = 64 - width;
            ((raw << shift) as i64) >> shift
        })
        .collect()
}

/// Unpacks `n` unsigned elements of `width` bits.
pub fn unpack_unsigned(words: &[u32], width: u32, n: usize) -> Vec<u32> {
    (0..n)
        .map(|k| get_bits(words, k * width as usize, width) as u32)
        .collect()
}

/// ORs the low `width` (<= 64) bits of `bits` into `words` at bit `pos`.
pub fn put_bits(words: &mut [u32], pos: usize, width: u32, bits: u64) {
    for b in 0..width as usize {
        if (bits >> b) & 1 == 1 {
            words[(pos + b) / 32] |= 1 << ((pos + b) % 32);
        }
    }
}

/// The `width` (<= 64) bits of `words` at bit `pos`.
pub fn get_bits(words: &[u32], pos: usize, width: u32) -> u64 {
    let mut v = 0u64;
    for b in 0..width as usize {
        v |= u64::from((words[(pos + b) / 32] >> ((pos + b) % 32)) & 1) << b;
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signed_round_trip_across_word_edges() {
        let v: Vec<i32> = (0..16).map(|k| (k * 37 - 256) % 256).collect();
        let w = pack_signed(&v, 9);
        assert_eq!(w.len(), 5);
        assert_eq!(unpack_signed(&w, 9, 16), v);
        // Element 3 sits at bits 27..36: straddles words 0 and 1.
        let mut one = vec![0; 16];
        one[3] = -1;
        let w = pack_signed(&one, 9);
        assert_eq!(w, vec![0xf800_0000, 0x0f, 0, 0, 0]);
    }

    #[test]
    fn wide_elements_cross_word_edges() {
        // 33-bit elements: element 0 = -2 (bits 0..33), element 1 = 1 at bit 33.
        let w = pack_signed64(&[-2, 1], 33);
        assert_eq!(w, vec![0xffff_fffe, 0x3, 0x0]);
        assert_eq!(unpack_signed64(&w, 33, 2), vec![-2, 1]);
        assert!(fits(-(1 << 32), 33, true) && !fits(1 << 32, 33, true));
        assert!(fits(255, 8, false) && !fits(-1, 8, false));
    }

    #[test]
    #[should_panic(expected = "does not fit")]
    fn out_of_range_is_refused() {
        pack_signed(&[256], 9);
    }
}
