//! The lanes against the stage functions they compose, written out here
//! stage by stage (the reference the RTL tests use is the lane itself).

use super::{dc, residual};
use crate::quant::{self, Deadzone};
use crate::transform;
use proptest::prelude::*;

fn dz() -> impl Strategy<Value = Deadzone> {
    (0u32..1024).prop_map(Deadzone)
}

proptest! {
    #[test]
    fn lane4x4_is_forward_quant_dequant_inverse(
        r in proptest::array::uniform16(-256i32..=255),
        qp in 0i32..=51,
        dz in dz(),
    ) {
        let c = transform::forward4x4(&r);
        let l = quant::quant4x4(&c, qp, dz);
        let out = residual::lane4x4(&r, qp, dz);
        prop_assert_eq!(out.levels, l);
        prop_assert_eq!(out.recon, transform::inverse4x4(&quant::dequant4x4(&l, qp)));
        prop_assert_eq!(residual::code4x4(&r, qp, dz).dc, c[0]);
    }

    #[test]
    fn recon4x4_substitutes_the_scaled_dc(
        l in proptest::array::uniform16(-64i32..=64),
        d in -4096i32..=4096,
        qp in 0i32..=51,
    ) {
        let mut want = quant::dequant4x4(&l, qp);
        want[0] = d;
        prop_assert_eq!(residual::recon4x4(&l, qp, Some(d)), transform::inverse4x4(&want));
    }

    #[test]
    fn lane8x8_is_forward_quant_dequant_inverse(
        r in proptest::collection::vec(-256i32..=255, 64),
        qp in 0i32..=51,
        dz in dz(),
    ) {
        let r: [i32; 64] = r.try_into().unwrap();
        let l = quant::quant8x8(&transform::forward8x8(&r), qp, dz);
        let out = residual::lane8x8(&r, qp, dz);
        prop_assert_eq!(out.levels, l);
        prop_assert_eq!(out.recon, transform::inverse8x8(&quant::dequant8x8(&l, qp)));
    }

    #[test]
    fn dc_lanes_are_their_stages(
        c in proptest::array::uniform16(-4096i32..=4080),
        qp in 0i32..=51,
        dz in dz(),
    ) {
        let l = quant::quant_luma_dc(&transform::forward_luma_dc(&c), qp, dz);
        let out = dc::luma(&c, qp, dz);
        prop_assert_eq!(out.levels, l);
        prop_assert_eq!(out.dc, quant::dequant_luma_dc(&transform::inverse_luma_dc(&l), qp));
        let c4 = [c[0], c[1], c[2], c[3]];
        let l4 = quant::quant_chroma_dc(&transform::forward_chroma_dc(&c4), qp, dz);
        let out4 = dc::chroma(&c4, qp, dz);
        prop_assert_eq!(out4.levels, l4);
        prop_assert_eq!(out4.dc, quant::dequant_chroma_dc(&transform::inverse_chroma_dc(&l4), qp));
    }
}

#[test]
fn zero_levels_give_zero_residual() {
    for qp in 0..=51 {
        assert_eq!(residual::recon4x4(&[0; 16], qp, None), [0; 16]);
        // With a DC from the DC lane, level 0 is ignored.
        assert_eq!(
            residual::recon4x4(
                &[7, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
                qp,
                Some(0)
            ),
            [0; 16]
        );
        assert_eq!(residual::recon8x8(&[0; 64], qp), [0; 64]);
        assert_eq!(dc::recon_luma(&[0; 16], qp), [0; 16]);
        assert_eq!(dc::recon_chroma(&[0; 4], qp), [0; 4]);
    }
    // A lone DC of 64 adds 1 to every sample (inverse4x4: (64 + 32) >> 6).
    assert_eq!(residual::recon4x4(&[0; 16], 0, Some(64)), [1; 16]);
}
