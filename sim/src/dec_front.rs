//! Typed access to the decoder lane's front end (rtl/bitstream/) as [`Stream`]s: `nal_read`
//! (Annex B bytes in, unit bytes out) and `header_read` (unit bytes in, slice configurations
//! and slice data out, and its error flag), and `dec_front`, the two joined (Annex B bytes in).

use crate::{Port, Sim, Stream};
use vectors::dec_front::{HeaderOut, SliceCfg, StreamByte, UnitByte};

/// `nal_read`.
pub struct NalRead {
    sim: Sim,
    p: [Port; 9],
}

const NAL_NAMES: [&str; 9] = [
    "valid_i", "ready_o", "byte_i", "last_i", "valid_o", "ready_i", "byte_o", "first_o", "last_o",
];

impl Default for NalRead {
    fn default() -> Self {
        Self::new()
    }
}

impl NalRead {
    /// The RTL as Verilator reads it.
    pub fn new() -> NalRead {
        let sim = Sim::new("nal_read");
        NalRead {
            p: NAL_NAMES.map(|n| sim.port(n)),
            sim,
        }
    }
}

impl Stream for NalRead {
    type In = StreamByte;
    type Out = UnitByte;

    fn reset(&mut self) {
        let (valid_i, ready_i) = (self.p[0], self.p[5]);
        self.sim.reset_with(&[valid_i, ready_i]);
    }

    fn cycle(&mut self, input: Option<&StreamByte>, ready: bool) -> (bool, Option<UnitByte>) {
        let [valid_i, ready_o, byte_i, last_i, valid_o, ready_i, byte_o, first_o, last_o] = self.p;
        let s = &mut self.sim;
        s.set_u64(valid_i, u64::from(input.is_some()));
        s.set_u64(ready_i, u64::from(ready));
        if let Some(b) = input {
            s.set_u64(byte_i, u64::from(b.byte));
            s.set_u64(last_i, u64::from(b.last));
        }
        s.eval();
        let accepted = input.is_some() && s.get_u64(ready_o) == 1;
        let out = (s.get_u64(valid_o) == 1).then(|| UnitByte {
            byte: s.get_u64(byte_o) as u8,
            first: s.get_u64(first_o) == 1,
            last: s.get_u64(last_o) == 1,
        });
        s.tick();
        (accepted, out)
    }
}

/// The output side of `header_read` (also `dec_front`'s): configuration beats, data bytes,
/// err_o, and where err_o rose.
#[doc(hidden)]
pub struct HeaderSide {
    p: [Port; 6],
    cfg: [Port; 18],
    /// Beats transferred since reset, and their number when err_o first rose.
    beats: usize,
    err_at: Option<usize>,
    /// Cycles since reset, the cycle of the last input taken and the one err_o first rose in.
    cycles: u64,
    last_in: u64,
    err_cycle: Option<u64>,
}

/// Where err_o first rose: cycles after the last input byte was taken (0: in that cycle or
/// before it).
pub fn err_delay(err_cycle: Option<u64>, last_in: u64) -> Option<u64> {
    err_cycle.map(|c| c.saturating_sub(last_in))
}

const OUT_NAMES: [&str; 6] = [
    "ready_o",
    "data_valid_o",
    "data_ready_i",
    "data_o",
    "data_last_o",
    "err_o",
];

const CFG_NAMES: [&str; 18] = [
    "cfg_valid_o",
    "cfg_ready_i",
    "cfg_new_pic_o",
    "cfg_idr_o",
    "cfg_width_o",
    "cfg_height_o",
    "cfg_pic_mbs_o",
    "cfg_crop_right_o",
    "cfg_crop_bottom_o",
    "cfg_chroma_o",
    "cfg_t8x8_o",
    "cfg_qp_o",
    "cfg_first_mb_o",
    "cfg_idc_o",
    "cfg_alpha_o",
    "cfg_beta_o",
    "cfg_cb_qp_o",
    "cfg_cr_qp_o",
];

/// Sign-extends the low `bits` bits of `v`.
fn signed(v: u64, bits: u32) -> i32 {
    let shift = 64 - bits;
    ((v << shift) as i64 >> shift) as i32
}

impl HeaderSide {
    fn new(sim: &Sim) -> HeaderSide {
        HeaderSide {
            p: OUT_NAMES.map(|n| sim.port(n)),
            cfg: CFG_NAMES.map(|n| sim.port(n)),
            beats: 0,
            err_at: None,
            cycles: 0,
            last_in: 0,
            err_cycle: None,
        }
    }

    fn reset(&mut self, sim: &mut Sim, valid_i: Port) {
        sim.reset_with(&[valid_i, self.p[2], self.cfg[1]]);
        self.beats = 0;
        self.err_at = None;
        self.cycles = 0;
        self.last_in = 0;
        self.err_cycle = None;
    }

    fn read_cfg(&self, s: &Sim) -> SliceCfg {
        let g = |k: usize| s.get_u64(self.cfg[k]);
        SliceCfg {
            new_pic: g(2) == 1,
            idr: g(3) == 1,
            width_mbs: g(4) as u32,
            height_mbs: g(5) as u32,
            pic_mbs: g(6) as u32,
            crop_right: g(7) as u32,
            crop_bottom: g(8) as u32,
            chroma: g(9) == 1,
            t8x8: g(10) == 1,
            qp: g(11) as i32,
            first_mb: g(12) as u32,
            idc: g(13) as u32,
            alpha_div2: signed(g(14), 4),
            beta_div2: signed(g(15), 4),
            cb_qp_offset: signed(g(16), 5),
            cr_qp_offset: signed(g(17), 5),
        }
    }

    /// One cycle after the inputs were set: both outputs take `ready` (they never offer a
    /// beat in the same cycle). Returns (input accepted, output shown).
    fn cycle(&mut self, s: &mut Sim, offered: bool, ready: bool) -> (bool, Option<HeaderOut>) {
        let [ready_o, data_valid_o, data_ready_i, data_o, data_last_o, err_o] = self.p;
        s.set_u64(data_ready_i, u64::from(ready));
        s.set_u64(self.cfg[1], u64::from(ready));
        s.eval();
        let accepted = offered && s.get_u64(ready_o) == 1;
        let data = (s.get_u64(data_valid_o) == 1).then(|| HeaderOut::Data {
            byte: s.get_u64(data_o) as u8,
            last: s.get_u64(data_last_o) == 1,
        });
        let cfg = (s.get_u64(self.cfg[0]) == 1).then(|| HeaderOut::Cfg(self.read_cfg(s)));
        assert!(
            data.is_none() || cfg.is_none(),
            "a configuration beat and a data byte in one cycle"
        );
        if self.err_at.is_none() && s.get_u64(err_o) == 1 {
            self.err_at = Some(self.beats);
            self.err_cycle = Some(self.cycles);
        }
        if accepted {
            self.last_in = self.cycles;
        }
        self.cycles += 1;
        let out = data.or(cfg);
        self.beats += usize::from(out.is_some() && ready);
        s.tick();
        (accepted, out)
    }
}

/// Where err_o rose on the tops with `header_read`'s output side (`header_read`,
/// `dec_front`).
pub trait HeaderErrors {
    #[doc(hidden)]
    fn side(&self) -> &HeaderSide;

    /// The beats transferred before err_o rose (None: no error since reset).
    fn err_at(&self) -> Option<usize> {
        self.side().err_at
    }

    /// Cycles from the last input byte taken to err_o rising (0 if it rose before).
    fn err_delay(&self) -> Option<u64> {
        err_delay(self.side().err_cycle, self.side().last_in)
    }
}

impl HeaderErrors for HeaderRead {
    fn side(&self) -> &HeaderSide {
        &self.out
    }
}

impl HeaderErrors for DecFront {
    fn side(&self) -> &HeaderSide {
        &self.out
    }
}

/// `header_read`: unit bytes in.
pub struct HeaderRead {
    sim: Sim,
    p: [Port; 4],
    out: HeaderSide,
}

impl Default for HeaderRead {
    fn default() -> Self {
        Self::new()
    }
}

impl HeaderRead {
    /// The RTL as Verilator reads it.
    pub fn new() -> HeaderRead {
        let sim = Sim::new("header_read");
        HeaderRead {
            p: ["valid_i", "byte_i", "first_i", "last_i"].map(|n| sim.port(n)),
            out: HeaderSide::new(&sim),
            sim,
        }
    }
}

impl Stream for HeaderRead {
    type In = UnitByte;
    type Out = HeaderOut;

    fn reset(&mut self) {
        self.out.reset(&mut self.sim, self.p[0]);
    }

    fn cycle(&mut self, input: Option<&UnitByte>, ready: bool) -> (bool, Option<HeaderOut>) {
        let [valid_i, byte_i, first_i, last_i] = self.p;
        let s = &mut self.sim;
        s.set_u64(valid_i, u64::from(input.is_some()));
        if let Some(b) = input {
            s.set_u64(byte_i, u64::from(b.byte));
            s.set_u64(first_i, u64::from(b.first));
            s.set_u64(last_i, u64::from(b.last));
        }
        self.out.cycle(s, input.is_some(), ready)
    }
}

/// `dec_front` (nal_read then header_read): Annex B bytes in.
pub struct DecFront {
    sim: Sim,
    p: [Port; 3],
    out: HeaderSide,
}

impl Default for DecFront {
    fn default() -> Self {
        Self::new()
    }
}

impl DecFront {
    /// The RTL as Verilator reads it.
    pub fn new() -> DecFront {
        let sim = Sim::new("dec_front");
        DecFront {
            p: ["valid_i", "byte_i", "last_i"].map(|n| sim.port(n)),
            out: HeaderSide::new(&sim),
            sim,
        }
    }
}

impl Stream for DecFront {
    type In = StreamByte;
    type Out = HeaderOut;

    fn reset(&mut self) {
        self.out.reset(&mut self.sim, self.p[0]);
    }

    fn cycle(&mut self, input: Option<&StreamByte>, ready: bool) -> (bool, Option<HeaderOut>) {
        let [valid_i, byte_i, last_i] = self.p;
        let s = &mut self.sim;
        s.set_u64(valid_i, u64::from(input.is_some()));
        if let Some(b) = input {
            s.set_u64(byte_i, u64::from(b.byte));
            s.set_u64(last_i, u64::from(b.last));
        }
        self.out.cycle(s, input.is_some(), ready)
    }
}
