//! Typed access to the Intra16x16 residual coding and reconstruction `enc_resid_i16`
//! (rtl/encoder/) as a [`Stream`]: one macroblock with its modes in, its levels and
//! reconstruction out.

use crate::bits::{pack_bytes, unpack_bytes, unpack_signed};
use crate::{Port, Sim, Stream};
use vectors::intra::{MbLevels, ResidIn, ResidOut};

/// `enc_resid_i16` (Chroma = 1), or its Yosys netlist.
pub struct EncResid {
    sim: Sim,
    p: [Port; 19],
}

const NAMES: [&str; 19] = [
    "valid_i",
    "ready_o",
    "src_i",
    "top_i",
    "left_i",
    "corner_i",
    "avail_i",
    "chroma_i",
    "luma_mode_i",
    "chroma_mode_i",
    "qp_i",
    "dz_i",
    "valid_o",
    "ready_i",
    "luma_ac_o",
    "luma_dc_o",
    "chroma_dc_o",
    "chroma_ac_o",
    "recon_o",
];

fn blocks(levels: &[i32]) -> Vec<[i32; 16]> {
    levels
        .chunks(16)
        .map(|c| c.try_into().expect("16 levels"))
        .collect()
}

/// The levels on the ports `[luma_ac_o, luma_dc_o, chroma_dc_o, chroma_ac_o]` of `s` (the
/// layout of `enc_resid_i16`'s outputs, which `dec_mb_i16` shares).
pub(crate) fn read_levels(s: &Sim, p: [Port; 4]) -> MbLevels {
    let [luma_ac_o, luma_dc_o, chroma_dc_o, chroma_ac_o] = p;
    let dc = unpack_signed(&s.get(chroma_dc_o), 16, 8);
    MbLevels {
        luma_ac: blocks(&unpack_signed(&s.get(luma_ac_o), 16, 256)),
        luma_dc: unpack_signed(&s.get(luma_dc_o), 16, 16)
            .try_into()
            .expect("16 levels"),
        chroma_dc: [
            dc[..4].try_into().expect("4"),
            dc[4..].try_into().expect("4"),
        ],
        chroma_ac: blocks(&unpack_signed(&s.get(chroma_ac_o), 16, 128)),
    }
}

impl EncResid {
    /// The RTL as Verilator reads it (`yosys`: as Yosys reads it).
    pub fn new(yosys: bool) -> EncResid {
        let sim = Sim::new(if yosys {
            "enc_resid_i16_yosys"
        } else {
            "enc_resid_i16"
        });
        EncResid {
            p: NAMES.map(|n| sim.port(n)),
            sim,
        }
    }
}

impl Stream for EncResid {
    type In = ResidIn;
    type Out = ResidOut;

    fn reset(&mut self) {
        let (valid_i, ready_i) = (self.p[0], self.p[13]);
        self.sim.reset_with(&[valid_i, ready_i]);
    }

    fn cycle(&mut self, input: Option<&ResidIn>, ready: bool) -> (bool, Option<ResidOut>) {
        let [valid_i, ready_o, src_i, top_i, left_i, corner_i, avail_i, chroma_i, luma_mode_i, chroma_mode_i, qp_i, dz_i, valid_o, ready_i, luma_ac_o, luma_dc_o, chroma_dc_o, chroma_ac_o, recon_o] =
            self.p;
        let s = &mut self.sim;
        s.set_u64(valid_i, u64::from(input.is_some()));
        s.set_u64(ready_i, u64::from(ready));
        if let Some(b) = input {
            s.set(src_i, &pack_bytes(&b.mb.src));
            s.set(top_i, &pack_bytes(&b.mb.top));
            s.set(left_i, &pack_bytes(&b.mb.left));
            s.set(corner_i, &pack_bytes(&b.mb.corner));
            s.set_u64(avail_i, u64::from(b.mb.avail));
            s.set_u64(chroma_i, u64::from(b.mb.chroma));
            s.set_u64(luma_mode_i, u64::from(b.luma_mode));
            s.set_u64(chroma_mode_i, u64::from(b.chroma_mode));
            s.set_u64(qp_i, u64::from(b.qp));
            s.set_u64(dz_i, u64::from(b.dz));
        }
        s.eval();
        let accepted = input.is_some() && s.get_u64(ready_o) == 1;
        let out = (s.get_u64(valid_o) == 1).then(|| ResidOut {
            levels: read_levels(s, [luma_ac_o, luma_dc_o, chroma_dc_o, chroma_ac_o]),
            recon: unpack_bytes(&s.get(recon_o), 384),
        });
        s.tick();
        (accepted, out)
    }
}
