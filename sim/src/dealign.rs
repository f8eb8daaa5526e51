//! Typed access to the float dealignment unit (`rtl/align/dealign.sv`, the inverse of `align`
//! in BFP mode), simulated with N = 16 samples per beat and a 16-bit user sideband
//! (sim/build.rs sets UserWidth = 16; its default is 1).

use crate::bits::{pack_bytes, unpack_unsigned};
use crate::{Port, Sim, Stream};

/// Samples per beat of the simulated `dealign`.
pub const DEALIGN_N: usize = 16;

/// One input beat: output format (0 FP32, 1 FP16, 2 BF16; 3 acts as FP32), the beat's E8M0
/// code (0..=254), N samples and a 16-bit tag that travels with the beat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DealignBeat {
    /// Output format code.
    pub fmt: u8,
    /// E8M0 code of every sample of the beat.
    pub code: u8,
    /// N samples (q + 128).
    pub samples: [u8; DEALIGN_N],
    /// Sideband (user_i).
    pub user: u16,
}

/// One output beat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DealignOut {
    /// N bit patterns (16-bit formats in the low half, upper half zero).
    pub data: [u32; DEALIGN_N],
    /// Sideband (user_o).
    pub user: u16,
}

/// `dealign` (or its Yosys netlist).
pub struct Dealign {
    sim: Sim,
    valid_i: Port,
    fmt_i: Port,
    code_i: Port,
    sample_i: Port,
    user_i: Port,
    ready_i: Port,
    ready_o: Port,
    valid_o: Port,
    data_o: Port,
    user_o: Port,
}

impl Dealign {
    /// The RTL as Verilator reads it (assertions on: a code 255 with valid_i stops it).
    pub fn new() -> Dealign {
        Self::open("dealign")
    }

    /// The RTL as Yosys reads it (its netlist after `proc`, simulated by Verilator; no
    /// assertions).
    pub fn new_yosys() -> Dealign {
        Self::open("dealign_yosys")
    }

    fn open(model: &str) -> Dealign {
        let sim = Sim::new(model);
        let p = |n: &str| sim.port(n);
        Dealign {
            valid_i: p("valid_i"),
            fmt_i: p("fmt_i"),
            code_i: p("code_i"),
            sample_i: p("sample_i"),
            user_i: p("user_i"),
            ready_i: p("ready_i"),
            ready_o: p("ready_o"),
            valid_o: p("valid_o"),
            data_o: p("data_o"),
            user_o: p("user_o"),
            sim,
        }
    }
}

impl Default for Dealign {
    fn default() -> Self {
        Self::new()
    }
}

impl Stream for Dealign {
    type In = DealignBeat;
    type Out = DealignOut;

    fn reset(&mut self) {
        self.sim.reset_with(&[self.valid_i, self.ready_i]);
    }

    fn cycle(&mut self, input: Option<&DealignBeat>, ready: bool) -> (bool, Option<DealignOut>) {
        let s = &mut self.sim;
        s.set_u64(self.valid_i, u64::from(input.is_some()));
        s.set_u64(self.ready_i, u64::from(ready));
        if let Some(b) = input {
            s.set_u64(self.fmt_i, u64::from(b.fmt));
            s.set_u64(self.code_i, u64::from(b.code));
            s.set(self.sample_i, &pack_bytes(&b.samples));
            s.set_u64(self.user_i, u64::from(b.user));
        }
        s.eval();
        let accepted = input.is_some() && s.get_u64(self.ready_o) == 1;
        let out = (s.get_u64(self.valid_o) == 1).then(|| {
            let v = unpack_unsigned(&s.get(self.data_o), 32, DEALIGN_N);
            DealignOut {
                data: std::array::from_fn(|k| v[k]),
                user: s.get_u64(self.user_o) as u16,
            }
        });
        s.tick();
        (accepted, out)
    }
}
