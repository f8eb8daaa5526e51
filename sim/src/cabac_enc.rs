//! Typed access to the CABAC encoder `cabac_enc` (binarizer + engine, K = 4, OutBytes = 4):
//! element beats in (`vectors::cabac::bin::se_beats`), slice_data bytes out.

use crate::cabac_engine::{ByteOut, EngineRun};
use crate::{Port, Rng, Sim, Stalls};
use vectors::cabac::bin::SeBeat;

/// `cabac_enc`.
pub struct CabacEnc {
    sim: Sim,
    valid_i: Port,
    se_i: Port,
    ready_i: Port,
    ready_o: Port,
}

impl Default for CabacEnc {
    fn default() -> Self {
        Self::new()
    }
}

impl CabacEnc {
    /// The RTL as Verilator reads it.
    pub fn new() -> CabacEnc {
        let sim = Sim::new("cabac_enc");
        let p = |n: &str| sim.port(n);
        CabacEnc {
            valid_i: p("valid_i"),
            se_i: p("se_i"),
            ready_i: p("ready_i"),
            ready_o: p("ready_o"),
            sim,
        }
    }

    /// Streams the element beats of `slices` slices with the stall pattern and returns the
    /// bytes of each slice (and any bytes in the 40 cycles after the last one); `cycles` counts
    /// from the first offered beat to the last byte out.
    pub fn run(
        &mut self,
        beats: &[SeBeat],
        slices: usize,
        stalls: Stalls,
        rng: &mut Rng,
    ) -> EngineRun {
        self.sim.reset_with(&[self.valid_i, self.ready_i]);
        let mut out = ByteOut::new(&self.sim);
        let (mut next, mut cycles, mut idle, mut last_out) = (0usize, 0u64, 0, 0u64);
        let limit = 2_000 + 400 * beats.len() as u64;
        while idle < 40 {
            cycles += 1;
            assert!(cycles < limit, "no progress after {cycles} cycles");
            let (v, r) = stalls.draw(rng);
            let offer = next < beats.len() && v;
            let s = &mut self.sim;
            s.set_u64(self.valid_i, u64::from(offer));
            s.set_u64(self.ready_i, u64::from(r));
            if offer {
                s.set(self.se_i, &beats[next]);
            }
            s.eval();
            if offer && s.get_u64(self.ready_o) == 1 {
                next += 1;
            }
            if out.observe(s, r) {
                last_out = cycles;
            }
            s.tick();
            if out.slices_done() >= slices && !out.stalled() {
                idle += 1;
            }
        }
        out.finish(last_out)
    }
}
