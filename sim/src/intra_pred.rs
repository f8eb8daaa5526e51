//! Typed access to the Intra_4x4 / Intra_8x8 prediction units `intra_pred4x4` and
//! `intra_pred8x8` (rtl/intra/) as a [`Stream`]: one block's neighbours and mode in, its
//! prediction and error flag out.

use crate::bits::{pack_bytes, unpack_bytes};
use crate::{Port, Sim, Stream};
use vectors::intra_nxn::{NxnIn, NxnOut};

/// `intra_pred4x4` (`n` = 4) or `intra_pred8x8` (`n` = 8), or its Yosys netlist.
pub struct IntraPred {
    sim: Sim,
    n: usize,
    p: [Port; 11],
}

const NAMES: [&str; 11] = [
    "valid_i", "ready_o", "mode_i", "top_i", "left_i", "corner_i", "avail_i", "valid_o", "ready_i",
    "pred_o", "err_o",
];

impl IntraPred {
    /// The RTL as Verilator reads it (`yosys`: as Yosys reads it).
    pub fn new(n: usize, yosys: bool) -> IntraPred {
        assert!(n == 4 || n == 8, "intra_pred{n}x{n} does not exist");
        let name = format!("intra_pred{n}x{n}{}", if yosys { "_yosys" } else { "" });
        let sim = Sim::new(&name);
        IntraPred {
            p: NAMES.map(|n| sim.port(n)),
            sim,
            n,
        }
    }
}

impl Stream for IntraPred {
    type In = NxnIn;
    type Out = NxnOut;

    fn reset(&mut self) {
        let (valid_i, ready_i) = (self.p[0], self.p[8]);
        self.sim.reset_with(&[valid_i, ready_i]);
    }

    fn cycle(&mut self, input: Option<&NxnIn>, ready: bool) -> (bool, Option<NxnOut>) {
        let [valid_i, ready_o, mode_i, top_i, left_i, corner_i, avail_i, valid_o, ready_i, pred_o, err_o] =
            self.p;
        let s = &mut self.sim;
        s.set_u64(valid_i, u64::from(input.is_some()));
        s.set_u64(ready_i, u64::from(ready));
        if let Some(b) = input {
            assert_eq!(
                b.n, self.n,
                "a {0}x{0} block into the {1}x{1} unit",
                b.n, self.n
            );
            s.set_u64(mode_i, u64::from(b.mode));
            s.set(top_i, &pack_bytes(&b.top));
            s.set(left_i, &pack_bytes(&b.left));
            s.set_u64(corner_i, u64::from(b.corner));
            s.set_u64(avail_i, u64::from(b.avail));
        }
        s.eval();
        let accepted = input.is_some() && s.get_u64(ready_o) == 1;
        let out = (s.get_u64(valid_o) == 1).then(|| NxnOut {
            pred: unpack_bytes(&s.get(pred_o), self.n * self.n),
            err: s.get_u64(err_o) == 1,
        });
        s.tick();
        (accepted, out)
    }
}
