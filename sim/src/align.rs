//! Typed access to the float alignment unit (`rtl/align/align.sv`, BFP mode), simulated with
//! N = 4 elements per beat and groups of G = 32.

use crate::bits::unpack_unsigned;
use crate::{Port, Sim, Stream};

/// Elements per beat of the simulated `align`.
pub const ALIGN_N: usize = 4;
/// Group size of the simulated `align`.
pub const ALIGN_G: usize = 32;

/// One input beat: format (0 FP32, 1 FP16, 2 BF16) and N raw patterns (16-bit formats in the
/// low half).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlignBeat {
    /// Input format code.
    pub fmt: u8,
    /// N bit patterns.
    pub data: [u32; ALIGN_N],
}

/// One output beat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlignOut {
    /// N samples.
    pub samples: [u8; ALIGN_N],
    /// The group's E8M0 code.
    pub code: u8,
    /// The group holds Inf or NaN.
    pub err: bool,
    /// Index in the group of its first Inf / NaN (meaningful with `err`).
    pub err_idx: u8,
    /// Last beat of the group.
    pub last: bool,
}

/// `align` (or its Yosys netlist).
pub struct Align {
    sim: Sim,
    valid_i: Port,
    fmt_i: Port,
    data_i: Port,
    ready_i: Port,
    ready_o: Port,
    valid_o: Port,
    sample_o: Port,
    code_o: Port,
    err_o: Port,
    err_idx_o: Port,
    last_o: Port,
}

impl Align {
    /// The RTL as Verilator reads it.
    pub fn new() -> Align {
        Self::open("align")
    }

    /// The RTL as Yosys reads it (its netlist after `proc`, simulated by Verilator).
    pub fn new_yosys() -> Align {
        Self::open("align_yosys")
    }

    fn open(model: &str) -> Align {
        let sim = Sim::new(model);
        let p = |n: &str| sim.port(n);
        Align {
            valid_i: p("valid_i"),
            fmt_i: p("fmt_i"),
            data_i: p("data_i"),
            ready_i: p("ready_i"),
            ready_o: p("ready_o"),
            valid_o: p("valid_o"),
            sample_o: p("sample_o"),
            code_o: p("code_o"),
            err_o: p("err_o"),
            err_idx_o: p("err_idx_o"),
            last_o: p("last_o"),
            sim,
        }
    }
}

impl Default for Align {
    fn default() -> Self {
        Self::new()
    }
}

impl Stream for Align {
    type In = AlignBeat;
    type Out = AlignOut;

    fn reset(&mut self) {
        self.sim.reset_with(&[self.valid_i, self.ready_i]);
    }

    fn cycle(&mut self, input: Option<&AlignBeat>, ready: bool) -> (bool, Option<AlignOut>) {
        let s = &mut self.sim;
        s.set_u64(self.valid_i, u64::from(input.is_some()));
        s.set_u64(self.ready_i, u64::from(ready));
        if let Some(b) = input {
            s.set_u64(self.fmt_i, u64::from(b.fmt));
            s.set(self.data_i, &b.data);
        }
        s.eval();
        let accepted = input.is_some() && s.get_u64(self.ready_o) == 1;
        let out = (s.get_u64(self.valid_o) == 1).then(|| {
            let v = unpack_unsigned(&s.get(self.sample_o), 8, ALIGN_N);
            AlignOut {
                samples: std::array::from_fn(|k| v[k] as u8),
                code: s.get_u64(self.code_o) as u8,
                err: s.get_u64(self.err_o) == 1,
                err_idx: s.get_u64(self.err_idx_o) as u8,
                last: s.get_u64(self.last_o) == 1,
            }
        });
        s.tick();
        (accepted, out)
    }
}
