//! Typed access to the tensor encoder's two alignment passes (docs/decisions.md D36):
//! `align_scan` (`rtl/align/align_scan.sv`, each row's E8M0 code) and `align_apply`
//! (`rtl/align/align_apply.sv`, elements quantized with a given code), both simulated with
//! N = 16 elements per beat; align_apply with a 16-bit user sideband (sim/build.rs sets
//! UserWidth = 16; its default is 1).

use crate::bits::unpack_unsigned;
use crate::{Port, Sim, Stream};

/// Elements per beat of the simulated `align_scan` and `align_apply`.
pub const ALIGN_ROW_N: usize = 16;

/// One `align_scan` input beat: format (0 FP32, 1 FP16, 2 BF16), N raw patterns (16-bit
/// formats in the low half; a short row padded with +0) and whether it is the row's last beat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScanBeat {
    /// Input format code.
    pub fmt: u8,
    /// N bit patterns.
    pub data: [u32; ALIGN_ROW_N],
    /// The row's last beat.
    pub last: bool,
}

/// One `align_scan` output: a row's result.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScanOut {
    /// The row's E8M0 code.
    pub code: u8,
    /// The row holds Inf or NaN.
    pub err: bool,
}

/// One `align_apply` input beat: format, the E8M0 code to quantize with, N raw patterns and
/// a 16-bit tag that travels with the beat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplyBeat {
    /// Input format code.
    pub fmt: u8,
    /// E8M0 code of the beat's row.
    pub code: u8,
    /// N bit patterns.
    pub data: [u32; ALIGN_ROW_N],
    /// Sideband (user_i).
    pub user: u16,
}

/// One `align_apply` output beat.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApplyOut {
    /// N samples (q + 128).
    pub samples: [u8; ALIGN_ROW_N],
    /// Sideband (user_o).
    pub user: u16,
}

/// `align_scan`.
pub struct AlignScan {
    sim: Sim,
    valid_i: Port,
    fmt_i: Port,
    data_i: Port,
    last_i: Port,
    ready_i: Port,
    ready_o: Port,
    valid_o: Port,
    code_o: Port,
    err_o: Port,
}

impl AlignScan {
    /// The RTL as Verilator reads it.
    pub fn new() -> AlignScan {
        let sim = Sim::new("align_scan");
        let p = |n: &str| sim.port(n);
        AlignScan {
            valid_i: p("valid_i"),
            fmt_i: p("fmt_i"),
            data_i: p("data_i"),
            last_i: p("last_i"),
            ready_i: p("ready_i"),
            ready_o: p("ready_o"),
            valid_o: p("valid_o"),
            code_o: p("code_o"),
            err_o: p("err_o"),
            sim,
        }
    }
}

impl Default for AlignScan {
    fn default() -> Self {
        Self::new()
    }
}

impl Stream for AlignScan {
    type In = ScanBeat;
    type Out = ScanOut;

    fn reset(&mut self) {
        self.sim.reset_with(&[self.valid_i, self.ready_i]);
    }

    fn cycle(&mut self, input: Option<&ScanBeat>, ready: bool) -> (bool, Option<ScanOut>) {
        let s = &mut self.sim;
        s.set_u64(self.valid_i, u64::from(input.is_some()));
        s.set_u64(self.ready_i, u64::from(ready));
        if let Some(b) = input {
            s.set_u64(self.fmt_i, u64::from(b.fmt));
            s.set(self.data_i, &b.data);
            s.set_u64(self.last_i, u64::from(b.last));
        }
        s.eval();
        let accepted = input.is_some() && s.get_u64(self.ready_o) == 1;
        let out = (s.get_u64(self.valid_o) == 1).then(|| ScanOut {
            code: s.get_u64(self.code_o) as u8,
            err: s.get_u64(self.err_o) == 1,
        });
        s.tick();
        (accepted, out)
    }
}

/// `align_apply`.
pub struct AlignApply {
    sim: Sim,
    valid_i: Port,
    fmt_i: Port,
    code_i: Port,
    data_i: Port,
    user_i: Port,
    ready_i: Port,
    ready_o: Port,
    valid_o: Port,
    sample_o: Port,
    user_o: Port,
}

impl AlignApply {
    /// The RTL as Verilator reads it.
    pub fn new() -> AlignApply {
        let sim = Sim::new("align_apply");
        let p = |n: &str| sim.port(n);
        AlignApply {
            valid_i: p("valid_i"),
            fmt_i: p("fmt_i"),
            code_i: p("code_i"),
            data_i: p("data_i"),
            user_i: p("user_i"),
            ready_i: p("ready_i"),
            ready_o: p("ready_o"),
            valid_o: p("valid_o"),
            sample_o: p("sample_o"),
            user_o: p("user_o"),
            sim,
        }
    }
}

impl Default for AlignApply {
    fn default() -> Self {
        Self::new()
    }
}

impl Stream for AlignApply {
    type In = ApplyBeat;
    type Out = ApplyOut;

    fn reset(&mut self) {
        self.sim.reset_with(&[self.valid_i, self.ready_i]);
    }

    fn cycle(&mut self, input: Option<&ApplyBeat>, ready: bool) -> (bool, Option<ApplyOut>) {
        let s = &mut self.sim;
        s.set_u64(self.valid_i, u64::from(input.is_some()));
        s.set_u64(self.ready_i, u64::from(ready));
        if let Some(b) = input {
            s.set_u64(self.fmt_i, u64::from(b.fmt));
            s.set_u64(self.code_i, u64::from(b.code));
            s.set(self.data_i, &b.data);
            s.set_u64(self.user_i, u64::from(b.user));
        }
        s.eval();
        let accepted = input.is_some() && s.get_u64(self.ready_o) == 1;
        let out = (s.get_u64(self.valid_o) == 1).then(|| {
            let v = unpack_unsigned(&s.get(self.sample_o), 8, ALIGN_ROW_N);
            ApplyOut {
                samples: std::array::from_fn(|k| v[k] as u8),
                user: s.get_u64(self.user_o) as u16,
            }
        });
        s.tick();
        (accepted, out)
    }
}
