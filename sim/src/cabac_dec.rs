//! Typed access to the CABAC decoder `cabac_dec`: drives slices (configuration beat and bytes)
//! with random stalls on all three ports and collects the element beats of each slice.

use crate::ffi::{Port, Sim};
use crate::{Rng, Stalls};
use vectors::cabac::dec::{kind, DecSlice, SeBeat};

/// The simulated `cabac_dec` (default parameters: MaxWidthMbs 128, AddrWidth 16).
pub struct CabacDec {
    sim: Sim,
    cfg_valid: Port,
    cfg_qp: Port,
    cfg_first_mb: Port,
    cfg_width: Port,
    cfg_pic_mbs: Port,
    cfg_chroma: Port,
    cfg_t8x8: Port,
    in_valid: Port,
    in_data: Port,
    in_last: Port,
    se_ready: Port,
    cfg_ready: Port,
    in_ready: Port,
    se_valid: Port,
    se: Port,
    err: Port,
}

/// What one run gave, per slice in order.
#[derive(Clone, Debug, Default)]
pub struct DecRun {
    /// The beats of each slice, up to its end_of_slice_flag 1 or ERROR beat.
    pub beats: Vec<Vec<SeBeat>>,
    /// Cycles from the slice's configuration beat to its last element beat.
    pub cycles: Vec<u64>,
    /// For a slice that ended in ERROR: cycles from its last byte's transfer (or from the
    /// cycle the decoder reached the end) to the ERROR beat's, 0 when the error came first.
    pub err_after_last: Vec<Option<u64>>,
    /// Cycles of the whole run.
    pub total_cycles: u64,
}

impl Default for CabacDec {
    fn default() -> Self {
        Self::new()
    }
}

impl CabacDec {
    /// A fresh simulation of the RTL.
    pub fn new() -> CabacDec {
        Self::model("cabac_dec")
    }

    /// A fresh simulation of `model`: `cabac_dec` (the RTL) or `cabac_dec_yosys` (the netlist
    /// Yosys reads from it).
    pub fn model(model: &str) -> CabacDec {
        let sim = Sim::new(model);
        let p = |n: &str| sim.port(n);
        CabacDec {
            cfg_valid: p("cfg_valid_i"),
            cfg_qp: p("cfg_qp_i"),
            cfg_first_mb: p("cfg_first_mb_i"),
            cfg_width: p("cfg_width_i"),
            cfg_pic_mbs: p("cfg_pic_mbs_i"),
            cfg_chroma: p("cfg_chroma_i"),
            cfg_t8x8: p("cfg_t8x8_i"),
            in_valid: p("in_valid_i"),
            in_data: p("in_data_i"),
            in_last: p("in_last_i"),
            se_ready: p("se_ready_i"),
            cfg_ready: p("cfg_ready_o"),
            in_ready: p("in_ready_o"),
            se_valid: p("se_valid_o"),
            se: p("se_o"),
            err: p("err_o"),
            sim,
        }
    }

    fn reset(&mut self) {
        for port in [self.cfg_valid, self.in_valid, self.se_ready] {
            self.sim.set_u64(port, 0);
        }
        self.sim.set_reset(true);
        for _ in 0..4 {
            self.sim.tick();
        }
        self.sim.set_reset(false);
    }

    /// Decodes `slices` in order with `stalls` on the configuration, byte and element ports
    /// (each drawn independently every cycle). Panics on a stall rule broken (an element
    /// changing or vanishing while stalled) or when the run makes no progress.
    pub fn run(&mut self, slices: &[DecSlice], stalls: Stalls, rng: &mut Rng) -> DecRun {
        assert!(slices.iter().all(|s| !s.data.is_empty()));
        self.reset();
        let n = slices.len();
        let bytes: usize = slices.iter().map(|s| s.data.len()).sum();
        let limit = 20_000 + 400 * bytes as u64 + 4_000 * n as u64;
        let (mut ci, mut bs, mut bp, mut so) = (0usize, 0usize, 0usize, 0usize);
        let mut run = DecRun::default();
        let mut cur = Vec::new();
        let mut started = vec![0u64; n];
        let mut last_in = vec![None::<u64>; n];
        let mut held: Option<SeBeat> = None;
        let mut cycle = 0u64;
        let mut idle = 0;
        while idle < 16 {
            cycle += 1;
            assert!(
                cycle < limit,
                "no progress after {cycle} cycles ({so} of {n} slices out)"
            );
            let (v_cfg, _) = stalls.draw(rng);
            let (v_in, ready) = stalls.draw(rng);
            let offer_cfg = ci < n && v_cfg;
            if offer_cfg {
                let c = &slices[ci].cfg;
                self.sim.set_u64(self.cfg_qp, u64::from(c.qp));
                self.sim.set_u64(self.cfg_first_mb, c.first_mb as u64);
                self.sim.set_u64(self.cfg_width, c.width_mbs as u64);
                self.sim.set_u64(self.cfg_pic_mbs, c.pic_mbs as u64);
                self.sim.set_u64(self.cfg_chroma, u64::from(c.chroma));
                self.sim.set_u64(self.cfg_t8x8, u64::from(c.t8x8));
            }
            self.sim.set_u64(self.cfg_valid, u64::from(offer_cfg));
            let offer_in = bs < n && v_in;
            if offer_in {
                let d = &slices[bs].data;
                self.sim.set_u64(self.in_data, u64::from(d[bp]));
                self.sim.set_u64(self.in_last, u64::from(bp + 1 == d.len()));
            }
            self.sim.set_u64(self.in_valid, u64::from(offer_in));
            self.sim.set_u64(self.se_ready, u64::from(ready));
            self.sim.eval();
            let cfg_fire = offer_cfg && self.sim.get_u64(self.cfg_ready) == 1;
            let in_fire = offer_in && self.sim.get_u64(self.in_ready) == 1;
            let out = (self.sim.get_u64(self.se_valid) == 1)
                .then(|| SeBeat::from_words(&self.sim.get(self.se)));
            let err = self.sim.get_u64(self.err) == 1;
            self.sim.tick();
            if let Some(h) = held.take() {
                let now = out.clone().expect("se_valid_o dropped while stalled");
                assert_eq!(now, h, "element changed while stalled");
            }
            if cfg_fire {
                started[ci] = cycle;
                ci += 1;
            }
            if in_fire {
                bp += 1;
                if bp == slices[bs].data.len() {
                    last_in[bs] = Some(cycle);
                    bs += 1;
                    bp = 0;
                }
            }
            if let Some(b) = out {
                if !ready {
                    held = Some(b);
                } else {
                    let end =
                        b.kind == kind::ERROR || (b.kind == kind::END_OF_SLICE && b.value == 1);
                    if b.kind == kind::ERROR {
                        assert!(err, "err_o low with the ERROR beat");
                        let after = last_in[so].map_or(0, |t| cycle.saturating_sub(t));
                        run.err_after_last.push(Some(after));
                    } else if end {
                        run.err_after_last.push(None);
                    }
                    cur.push(b);
                    if end {
                        assert!(so < n, "a slice more than was sent");
                        run.beats.push(std::mem::take(&mut cur));
                        run.cycles.push(cycle - started[so]);
                        so += 1;
                    }
                }
            }
            if so == n && bs == n && held.is_none() {
                idle += 1;
            }
        }
        assert!(cur.is_empty(), "beats after the last slice: {cur:?}");
        run.total_cycles = cycle;
        run
    }
}
