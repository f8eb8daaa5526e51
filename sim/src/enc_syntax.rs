//! Typed access to the Intra16x16 syntax stage `enc_syntax_i16` (rtl/encoder/): macroblocks'
//! levels and decisions in, CABAC element beats out (several a macroblock).

use crate::bits::{pack_signed, pack_unsigned};
use crate::{Port, Rng, Sim, Stalls};
use vectors::cabac::bin::SeBeat;
use vectors::intra::SyntaxIn;

/// `enc_syntax_i16`.
pub struct EncSyntax {
    sim: Sim,
    p: [Port; 17],
}

const NAMES: [&str; 17] = [
    "valid_i",
    "ready_o",
    "luma_ac_i",
    "luma_dc_i",
    "chroma_dc_i",
    "chroma_ac_i",
    "luma_mode_i",
    "chroma_mode_i",
    "chroma_i",
    "qp_i",
    "first_i",
    "last_i",
    "mb_x_i",
    "width_i",
    "valid_o",
    "ready_i",
    "se_o",
];

impl Default for EncSyntax {
    fn default() -> Self {
        Self::new()
    }
}

impl EncSyntax {
    /// The RTL as Verilator reads it.
    pub fn new() -> EncSyntax {
        let sim = Sim::new("enc_syntax_i16");
        EncSyntax {
            p: NAMES.map(|n| sim.port(n)),
            sim,
        }
    }

    fn drive(&mut self, m: &SyntaxIn) {
        let [_, _, luma_ac_i, luma_dc_i, chroma_dc_i, chroma_ac_i, luma_mode_i, chroma_mode_i, chroma_i, qp_i, first_i, last_i, mb_x_i, width_i, ..] =
            self.p;
        let l = &m.levels;
        let flat =
            |blocks: &[[i32; 16]]| -> Vec<i32> { blocks.iter().flatten().copied().collect() };
        let s = &mut self.sim;
        s.set(luma_ac_i, &pack_signed(&flat(&l.luma_ac), 16));
        s.set(luma_dc_i, &pack_signed(&l.luma_dc, 16));
        s.set(chroma_dc_i, &pack_signed(&l.chroma_dc.concat(), 16));
        s.set(chroma_ac_i, &pack_signed(&flat(&l.chroma_ac), 16));
        s.set_u64(luma_mode_i, u64::from(m.luma_mode));
        s.set_u64(chroma_mode_i, u64::from(m.chroma_mode));
        s.set_u64(chroma_i, u64::from(m.chroma));
        s.set_u64(qp_i, u64::from(m.qp));
        s.set_u64(first_i, u64::from(m.first));
        s.set_u64(last_i, u64::from(m.last));
        s.set(mb_x_i, &pack_unsigned(&[m.mb_x as u32], 16));
        s.set(width_i, &pack_unsigned(&[m.width as u32], 16));
    }

    /// Streams `mbs` in with the stall pattern and returns the beats that come out (until
    /// `expected` beats and 16 idle cycles). Checks that a stalled beat holds still and that the
    /// run ends within a cycle bound.
    pub fn run(
        &mut self,
        mbs: &[SyntaxIn],
        expected: usize,
        stalls: Stalls,
        rng: &mut Rng,
    ) -> Vec<SeBeat> {
        let [valid_i, ready_o, .., valid_o, ready_i, se_o] = self.p;
        self.sim.reset_with(&[valid_i, ready_i]);
        let (mut next, mut out, mut held) = (0usize, Vec::new(), None::<SeBeat>);
        let (mut cycles, mut idle) = (0u64, 0);
        let limit = 100 + 40 * expected as u64;
        while idle < 16 {
            cycles += 1;
            assert!(
                cycles < limit,
                "no progress: {} of {expected} beats",
                out.len()
            );
            let (v, r) = stalls.draw(rng);
            let offer = v && next < mbs.len();
            if offer {
                self.drive(&mbs[next]);
            }
            self.sim.set_u64(valid_i, u64::from(offer));
            self.sim.set_u64(ready_i, u64::from(r));
            self.sim.eval();
            if offer && self.sim.get_u64(ready_o) == 1 {
                next += 1;
            }
            let shown = (self.sim.get_u64(valid_o) == 1).then(|| {
                let w = self.sim.get(se_o);
                let mut b: SeBeat = Default::default();
                b.copy_from_slice(&w);
                b
            });
            if let Some(h) = held.take() {
                assert_eq!(shown, Some(h), "a stalled beat changed or vanished");
            }
            if let Some(b) = shown {
                if r {
                    out.push(b);
                } else {
                    held = Some(b);
                }
            }
            self.sim.tick();
            if next == mbs.len() && out.len() >= expected {
                idle += 1;
            }
        }
        out
    }
}
