//! Typed access to the residual lanes (`rtl/residual_lane.sv`, `rtl/residual_lane8x8.sv`).

use crate::bits::{pack_signed, unpack_signed, unpack_signed64};
use crate::{DcIn, DcOut, LaneIn, LaneOut, Port, Sim, Stream};

/// `residual_lane` (4x4, n = 16) or `residual_lane8x8` (n = 64).
pub struct ResidualLane {
    sim: Sim,
    n: usize,
    valid_i: Port,
    ready_o: Port,
    res_i: Port,
    qp_i: Port,
    dz_i: Port,
    user_i: Port,
    valid_o: Port,
    ready_i: Port,
    level_o: Port,
    recon_o: Port,
    user_o: Port,
}

impl ResidualLane {
    /// The 4x4 lane.
    pub fn new4x4() -> ResidualLane {
        Self::open("residual_lane", 16)
    }

    /// The 8x8 lane.
    pub fn new8x8() -> ResidualLane {
        Self::open("residual_lane8x8", 64)
    }

    /// The 4x4 lane as Yosys reads the RTL (its netlist after `proc`, simulated by Verilator).
    pub fn new4x4_yosys() -> ResidualLane {
        Self::open("residual_lane_yosys", 16)
    }

    fn open(model: &str, n: usize) -> ResidualLane {
        let sim = Sim::new(model);
        let p = |name: &str| sim.port(name);
        let lane = ResidualLane {
            n,
            valid_i: p("valid_i"),
            ready_o: p("ready_o"),
            res_i: p("res_i"),
            qp_i: p("qp_i"),
            dz_i: p("dz_i"),
            user_i: p("user_i"),
            valid_o: p("valid_o"),
            ready_i: p("ready_i"),
            level_o: p("level_o"),
            recon_o: p("recon_o"),
            user_o: p("user_o"),
            sim,
        };
        assert_eq!(lane.res_i.width() as usize, 9 * n);
        assert_eq!(lane.level_o.width() as usize, 16 * n);
        lane
    }

    /// Block size in samples (16 or 64).
    pub fn len(&self) -> usize {
        self.n
    }

    /// Always false (a lane has a fixed block size).
    pub fn is_empty(&self) -> bool {
        false
    }

    fn drive(&mut self, input: Option<&LaneIn>, ready: bool) {
        let s = &mut self.sim;
        s.set_u64(self.valid_i, u64::from(input.is_some()));
        s.set_u64(self.ready_i, u64::from(ready));
        if let Some(b) = input {
            assert_eq!(b.res.len(), self.n);
            s.set(self.res_i, &pack_signed(&b.res, 9));
            s.set_u64(self.qp_i, u64::from(b.qp));
            s.set_u64(self.dz_i, u64::from(b.dz));
            s.set_u64(self.user_i, u64::from(b.user));
        }
    }

    fn read(&self) -> LaneOut {
        LaneOut {
            levels: unpack_signed(&self.sim.get(self.level_o), 16, self.n),
            recon: unpack_signed(&self.sim.get(self.recon_o), 16, self.n),
            user: self.sim.get_u64(self.user_o) as u8,
        }
    }
}

impl Stream for ResidualLane {
    type In = LaneIn;
    type Out = LaneOut;

    fn reset(&mut self) {
        self.sim.reset_with(&[self.valid_i, self.ready_i]);
    }

    fn cycle(&mut self, input: Option<&LaneIn>, ready: bool) -> (bool, Option<LaneOut>) {
        self.drive(input, ready);
        self.sim.eval();
        let accepted = input.is_some() && self.sim.get_u64(self.ready_o) == 1;
        let out = (self.sim.get_u64(self.valid_o) == 1).then(|| self.read());
        self.sim.tick();
        (accepted, out)
    }
}

/// `luma_dc_lane` (n = 16) or `chroma_dc_lane` (n = 4), or their Yosys netlists.
pub struct DcLane {
    sim: Sim,
    n: usize,
    recon_width: u32,
    ports: [Port; 11],
}

impl DcLane {
    /// The luma DC lane (`yosys`: its Yosys netlist).
    pub fn luma(yosys: bool) -> DcLane {
        Self::open(
            if yosys {
                "luma_dc_lane_yosys"
            } else {
                "luma_dc_lane"
            },
            16,
            33,
        )
    }

    /// The chroma DC lane (`yosys`: its Yosys netlist).
    pub fn chroma(yosys: bool) -> DcLane {
        Self::open(
            if yosys {
                "chroma_dc_lane_yosys"
            } else {
                "chroma_dc_lane"
            },
            4,
            30,
        )
    }

    fn open(model: &str, n: usize, recon_width: u32) -> DcLane {
        let sim = Sim::new(model);
        let names = [
            "valid_i", "ready_o", "dc_i", "qp_i", "dz_i", "user_i", "valid_o", "ready_i",
            "level_o", "recon_o", "user_o",
        ];
        let ports = names.map(|p| sim.port(p));
        assert_eq!(ports[9].width(), recon_width * n as u32);
        DcLane {
            sim,
            n,
            recon_width,
            ports,
        }
    }
}

impl Stream for DcLane {
    type In = DcIn;
    type Out = DcOut;

    fn reset(&mut self) {
        let [valid_i, .., ready_i, _, _, _] = self.ports;
        self.sim.reset_with(&[valid_i, ready_i]);
    }

    fn cycle(&mut self, input: Option<&DcIn>, ready: bool) -> (bool, Option<DcOut>) {
        let [valid_i, ready_o, dc_i, qp_i, dz_i, user_i, valid_o, ready_i, level_o, recon_o, user_o] =
            self.ports;
        let s = &mut self.sim;
        s.set_u64(valid_i, u64::from(input.is_some()));
        s.set_u64(ready_i, u64::from(ready));
        if let Some(b) = input {
            assert_eq!(b.dc.len(), self.n);
            s.set(dc_i, &pack_signed(&b.dc, 13));
            s.set_u64(qp_i, u64::from(b.qp));
            s.set_u64(dz_i, u64::from(b.dz));
            s.set_u64(user_i, u64::from(b.user));
        }
        s.eval();
        let accepted = input.is_some() && s.get_u64(ready_o) == 1;
        let out = (s.get_u64(valid_o) == 1).then(|| DcOut {
            levels: unpack_signed(&s.get(level_o), 16, self.n),
            recon: unpack_signed64(&s.get(recon_o), self.recon_width, self.n),
            user: s.get_u64(user_o) as u8,
        });
        s.tick();
        (accepted, out)
    }
}
