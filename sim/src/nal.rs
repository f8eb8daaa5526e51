//! Typed access to the NAL framer `nal_write` (rtl/bitstream/) as a [`Stream`]: RBSP bytes in,
//! Annex B bytes out.

use crate::{Port, Sim, Stream};
use vectors::nal::{NalIn, NalOut};

/// `nal_write`.
pub struct NalWrite {
    sim: Sim,
    p: [Port; 10],
}

const NAMES: [&str; 10] = [
    "valid_i", "ready_o", "byte_i", "first_i", "header_i", "last_i", "valid_o", "ready_i",
    "byte_o", "last_o",
];

impl Default for NalWrite {
    fn default() -> Self {
        Self::new()
    }
}

impl NalWrite {
    /// The RTL as Verilator reads it.
    pub fn new() -> NalWrite {
        let sim = Sim::new("nal_write");
        NalWrite {
            p: NAMES.map(|n| sim.port(n)),
            sim,
        }
    }
}

impl Stream for NalWrite {
    type In = NalIn;
    type Out = NalOut;

    fn reset(&mut self) {
        let (valid_i, ready_i) = (self.p[0], self.p[7]);
        self.sim.reset_with(&[valid_i, ready_i]);
    }

    fn cycle(&mut self, input: Option<&NalIn>, ready: bool) -> (bool, Option<NalOut>) {
        let [valid_i, ready_o, byte_i, first_i, header_i, last_i, valid_o, ready_i, byte_o, last_o] =
            self.p;
        let s = &mut self.sim;
        s.set_u64(valid_i, u64::from(input.is_some()));
        s.set_u64(ready_i, u64::from(ready));
        if let Some(b) = input {
            s.set_u64(byte_i, u64::from(b.byte));
            s.set_u64(first_i, u64::from(b.first));
            s.set_u64(header_i, u64::from(b.header));
            s.set_u64(last_i, u64::from(b.last));
        }
        s.eval();
        let accepted = input.is_some() && s.get_u64(ready_o) == 1;
        let out = (s.get_u64(valid_o) == 1).then(|| NalOut {
            byte: s.get_u64(byte_o) as u8,
            last: s.get_u64(last_o) == 1,
        });
        s.tick();
        (accepted, out)
    }
}
