//! Typed access to the CABAC encoder `cabac_enc` (binarizer + engine, K = 4, OutBytes = 4):
//! element beats in (`vectors::cabac::bin::se_beats`), slice_data bytes out.

use crate::cabac_engine::{run_to_bytes, EngineRun, InPorts};
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
        let se_i = self.se_i;
        let ports = InPorts {
            valid_i: self.valid_i,
            ready_i: self.ready_i,
            ready_o: self.ready_o,
        };
        run_to_bytes(
            &mut self.sim,
            ports,
            beats.len(),
            slices,
            stalls,
            rng,
            |s, k| s.set(se_i, &beats[k]),
        )
    }
}
