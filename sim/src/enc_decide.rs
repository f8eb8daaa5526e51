//! Typed access to the i16x16 mode decision `enc_decide_i16` (rtl/encoder/) as a [`Stream`]:
//! one macroblock's samples and neighbours in, its modes and SATDs out.

use crate::bits::{get_bits, pack_bytes};
use crate::{Port, Sim, Stream};
use vectors::intra::{DecideIn, DecideOut};

/// `enc_decide_i16` (Chroma = 1), or its Yosys netlist.
pub struct EncDecide {
    sim: Sim,
    p: [Port; 14],
}

const NAMES: [&str; 14] = [
    "valid_i",
    "ready_o",
    "src_i",
    "top_i",
    "left_i",
    "corner_i",
    "avail_i",
    "chroma_i",
    "valid_o",
    "ready_i",
    "luma_mode_o",
    "chroma_mode_o",
    "luma_satd_o",
    "chroma_satd_o",
];

impl EncDecide {
    /// The RTL as Verilator reads it (`yosys`: as Yosys reads it).
    pub fn new(yosys: bool) -> EncDecide {
        let sim = Sim::new(if yosys {
            "enc_decide_i16_yosys"
        } else {
            "enc_decide_i16"
        });
        EncDecide {
            p: NAMES.map(|n| sim.port(n)),
            sim,
        }
    }

    fn drive(&mut self, input: Option<&DecideIn>, ready: bool) {
        let [valid_i, _, src_i, top_i, left_i, corner_i, avail_i, chroma_i, _, ready_i, ..] =
            self.p;
        let s = &mut self.sim;
        s.set_u64(valid_i, u64::from(input.is_some()));
        s.set_u64(ready_i, u64::from(ready));
        if let Some(b) = input {
            s.set(src_i, &pack_bytes(&b.src));
            s.set(top_i, &pack_bytes(&b.top));
            s.set(left_i, &pack_bytes(&b.left));
            s.set(corner_i, &pack_bytes(&b.corner));
            s.set_u64(avail_i, u64::from(b.avail));
            s.set_u64(chroma_i, u64::from(b.chroma));
        }
    }

    fn read(&self) -> DecideOut {
        let [.., luma_mode_o, chroma_mode_o, luma_satd_o, chroma_satd_o] = self.p;
        let satd = |p: Port| {
            let w = self.sim.get(p);
            std::array::from_fn(|m| get_bits(&w, 20 * m, 20) as u32)
        };
        DecideOut {
            luma_mode: self.sim.get_u64(luma_mode_o) as u8,
            chroma_mode: self.sim.get_u64(chroma_mode_o) as u8,
            luma_satd: satd(luma_satd_o),
            chroma_satd: satd(chroma_satd_o),
        }
    }
}

impl Stream for EncDecide {
    type In = DecideIn;
    type Out = DecideOut;

    fn reset(&mut self) {
        let (valid_i, ready_i) = (self.p[0], self.p[9]);
        self.sim.reset_with(&[valid_i, ready_i]);
    }

    fn cycle(&mut self, input: Option<&DecideIn>, ready: bool) -> (bool, Option<DecideOut>) {
        self.drive(input, ready);
        self.sim.eval();
        let accepted = input.is_some() && self.sim.get_u64(self.p[1]) == 1;
        let out = (self.sim.get_u64(self.p[8]) == 1).then(|| self.read());
        self.sim.tick();
        (accepted, out)
    }
}
