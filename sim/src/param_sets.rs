//! Typed access to the parameter-set writer `param_sets_write` (rtl/bitstream/): a picture
//! format in, its SPS and PPS RBSP bytes out.

use crate::{Port, Sim};
use vectors::nal::ParamSetsIn;

/// `param_sets_write`.
pub struct ParamSetsWrite {
    sim: Sim,
    p: [Port; 11],
}

const NAMES: [&str; 11] = [
    "valid_i", "ready_o", "width_i", "height_i", "chroma_i", "t8_i", "valid_o", "ready_i",
    "byte_o", "unit_o", "last_o",
];

impl Default for ParamSetsWrite {
    fn default() -> Self {
        Self::new()
    }
}

impl ParamSetsWrite {
    /// The RTL as Verilator reads it.
    pub fn new() -> ParamSetsWrite {
        let sim = Sim::new("param_sets_write");
        ParamSetsWrite {
            p: NAMES.map(|n| sim.port(n)),
            sim,
        }
    }

    /// Writes the parameter sets of `f`, the output ready every `ready_every`-th cycle, and
    /// returns the SPS and PPS bytes (split by unit_o and last_o).
    pub fn run(&mut self, f: &ParamSetsIn, ready_every: u32) -> (Vec<u8>, Vec<u8>) {
        let [valid_i, ready_o, width_i, height_i, chroma_i, t8_i, valid_o, ready_i, byte_o, unit_o, last_o] =
            self.p;
        self.sim.reset_with(&[valid_i, ready_i]);
        let s = &mut self.sim;
        s.set_u64(width_i, u64::from(f.width));
        s.set_u64(height_i, u64::from(f.height));
        s.set_u64(chroma_i, u64::from(f.chroma));
        s.set_u64(t8_i, u64::from(f.t8));
        s.set_u64(valid_i, 1);
        s.eval();
        assert_eq!(s.get_u64(ready_o), 1, "idle after reset");
        s.tick();
        s.set_u64(valid_i, 0);
        let mut units = [Vec::new(), Vec::new()];
        let mut done = 0;
        for cycle in 0..2000u32 {
            let r = cycle % ready_every == 0;
            s.set_u64(ready_i, u64::from(r));
            s.eval();
            if r && s.get_u64(valid_o) == 1 {
                let unit = s.get_u64(unit_o) as usize;
                assert_eq!(unit, done, "unit_o names the unit being written");
                units[unit].push(s.get_u64(byte_o) as u8);
                if s.get_u64(last_o) == 1 {
                    done += 1;
                }
            }
            s.tick();
            if done == 2 {
                let [sps, pps] = units;
                return (sps, pps);
            }
        }
        panic!("the parameter sets did not finish in 2000 cycles");
    }
}
