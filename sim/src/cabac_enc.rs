//! Typed access to the CABAC encoder `cabac_enc` (binarizer + engine, K = 4, OutBytes = 4):
//! element beats in (`vectors::cabac::bin::se_beats`), slice_data bytes out.

use crate::cabac_engine::{run_to_bytes, EngineRun, InPorts};
use crate::{Port, Rng, Sim, Stalls};
use vectors::cabac::bin::SeBeat;

/// `cabac_enc`.
pub struct CabacEnc {
    sim: Sim,
    ports: InPorts,
    se_i: Port,
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
        CabacEnc {
            ports: InPorts::of(&sim),
            se_i: sim.port("se_i"),
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
        let se_i = self.se_i;
        run_to_bytes(
            &mut self.sim,
            self.ports,
            beats.len(),
            slices,
            stalls,
            rng,
            |s, k| s.set(se_i, &beats[k]),
        )
    }
}
