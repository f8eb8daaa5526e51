//! The internal widths of the residual lanes (docs/rtl.md), proven against the golden model by
//! exhaustion where the RTL narrows a bus below the module's exact width.
//!
//! The lanes carry scaled coefficients in 16 bits (quant_dq* instantiated with OW = 16)
//! although 16-bit levels could need 29. That is safe because quant then dequant is monotone
//! in |Y| and in the dead zone at every position and QP (quant: (|c| MF + f) >> qbits with f
//! growing in dz; dequant: a positive multiple of the level), so the largest |d| at a position
//! and QP comes from the largest |Y| there with dz = 1023. `worst_block` reaches that |Y|
//! exactly, so looping over positions and QPs covers every input.

use golden::quant::{self, Deadzone};
use golden::transform;
use vectors::stimulus::worst_block;

/// (max |Y|, max |level|, max |d|) over every position, QP 0..=51, dz 1023.
fn extremes(n: usize) -> (i32, i32, i32) {
    let side = if n == 16 { 4 } else { 8 };
    let (mut my, mut ml, mut md) = (0, 0, 0);
    for i in 0..side {
        for j in 0..side {
            for (hi, lo) in [(-256, 255), (255, -256)] {
                let r = worst_block(side, i, j, hi, lo);
                for qp in 0..=51 {
                    let dz = Deadzone(1023);
                    let (y, l, d) = if n == 16 {
                        let y = transform::forward4x4(&r.clone().try_into().unwrap());
                        let l = quant::quant4x4(&y, qp, dz);
                        (
                            y[i * 4 + j],
                            l[i * 4 + j],
                            quant::dequant4x4(&l, qp)[i * 4 + j],
                        )
                    } else {
                        let y = transform::forward8x8(&r.clone().try_into().unwrap());
                        let l = quant::quant8x8(&y, qp, dz);
                        (
                            y[i * 8 + j],
                            l[i * 8 + j],
                            quant::dequant8x8(&l, qp)[i * 8 + j],
                        )
                    };
                    my = my.max(y.abs());
                    ml = ml.max(l.abs());
                    md = md.max(d.abs());
                }
            }
        }
    }
    (my, ml, md)
}

#[test]
fn lane4x4_widths() {
    let (y, l, d) = extremes(16);
    println!("4x4: max |Y| {y}, max |level| {l}, max |d| {d}");
    assert!(y < 1 << 14, "coefficients fit 15 bits signed");
    assert!(l < 1 << 15, "levels fit 16 bits signed");
    assert!(
        d < 1 << 15,
        "scaled coefficients fit 16 bits signed (the lane's DW)"
    );
}

#[test]
fn lane8x8_widths() {
    let (y, l, d) = extremes(64);
    println!("8x8: max |Y| {y}, max |level| {l}, max |d| {d}");
    assert!(y <= 1 << 14, "coefficients fit 16 bits signed");
    assert!(l < 1 << 15, "levels fit 16 bits signed");
    assert!(
        d < 1 << 15,
        "scaled coefficients fit 16 bits signed (the lane's DW)"
    );
}
