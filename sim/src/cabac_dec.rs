//! Typed access to the CABAC decoder `cabac_dec`: drives slices (configuration beat and bytes)
//! with random stalls on all three ports and collects the element beats of each slice; with
//! `Threads = 2` (model `cabac_dec_t2`) two slice streams at once, one per thread's ports.

use crate::ffi::{Port, Sim};
use crate::{Rng, Stalls};
use vectors::cabac::dec::{kind, DecSlice, SeBeat, SE_W};

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

    /// A fresh simulation of `model`: `cabac_dec` (the RTL), `cabac_dec_yosys` (the netlist
    /// Yosys reads from it) or `cabac_dec_t2` (the RTL with `Threads = 2`).
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

    /// The number of threads (slice streams) of the model: 1, or 2 for `cabac_dec_t2`.
    pub fn threads(&self) -> usize {
        self.cfg_valid.width() as usize
    }

    /// Decodes `slices` in order with `stalls` on the configuration, byte and element ports
    /// (each drawn independently every cycle). Panics on a stall rule broken (an element
    /// changing or vanishing while stalled) or when the run makes no progress.
    pub fn run(&mut self, slices: &[DecSlice], stalls: Stalls, rng: &mut Rng) -> DecRun {
        assert_eq!(self.threads(), 1, "run drives one thread");
        self.run_threads(&[slices], stalls, rng).remove(0)
    }

    /// Decodes `threads[t]` in order on thread t's ports, all threads at once, with `stalls`
    /// drawn for each port of each thread every cycle; one run record per thread (its cycle
    /// counts from the start of the whole run). With one thread a port's valid follows its
    /// draw each cycle; with two an offered beat stays offered until taken (each thread's
    /// ports are checked as streams by the RTL's SVA). Panics as `run`.
    pub fn run_threads(
        &mut self,
        threads: &[&[DecSlice]],
        stalls: Stalls,
        rng: &mut Rng,
    ) -> Vec<DecRun> {
        let nt = self.threads();
        assert_eq!(threads.len(), nt, "one slice list per thread");
        assert!(threads.iter().all(|t| t.iter().all(|s| !s.data.is_empty())));
        self.reset();
        let sticky = nt > 1;
        let bytes: usize = threads
            .iter()
            .flat_map(|t| t.iter())
            .map(|s| s.data.len())
            .sum();
        let slices: usize = threads.iter().map(|t| t.len()).sum();
        let limit = 20_000 + 400 * bytes as u64 + 4_000 * slices as u64;
        let mut th: Vec<Thread> = threads.iter().map(|t| Thread::new(t.len())).collect();
        let w = |p: Port| p.width() as usize / nt;
        let mut cycle = 0u64;
        let mut idle = 0;
        while idle < 16 {
            cycle += 1;
            assert!(cycle < limit, "no progress after {cycle} cycles");
            let mut v = [0u64; 10];
            let mut ready = vec![false; nt];
            for (t, (s, slices)) in th.iter_mut().zip(threads).enumerate() {
                let (v_cfg, _) = stalls.draw(rng);
                let (v_in, r) = stalls.draw(rng);
                let n = slices.len();
                s.offer_cfg = s.ci < n && (v_cfg || (sticky && s.offer_cfg));
                s.offer_in = s.bs < n && (v_in || (sticky && s.offer_in));
                ready[t] = r;
                if s.offer_cfg {
                    let c = &slices[s.ci].cfg;
                    v[0] |= 1 << t;
                    v[1] |= u64::from(c.qp) << (w(self.cfg_qp) * t);
                    v[2] |= (c.first_mb as u64) << (w(self.cfg_first_mb) * t);
                    v[3] |= (c.width_mbs as u64) << (w(self.cfg_width) * t);
                    v[4] |= (c.pic_mbs as u64) << (w(self.cfg_pic_mbs) * t);
                    v[5] |= u64::from(c.chroma) << t;
                    v[6] |= u64::from(c.t8x8) << t;
                }
                if s.offer_in {
                    let d = &slices[s.bs].data;
                    v[7] |= 1 << t;
                    v[8] |= u64::from(d[s.bp]) << (8 * t);
                    v[9] |= u64::from(s.bp + 1 == d.len()) << t;
                }
            }
            let ports = [
                self.cfg_valid,
                self.cfg_qp,
                self.cfg_first_mb,
                self.cfg_width,
                self.cfg_pic_mbs,
                self.cfg_chroma,
                self.cfg_t8x8,
                self.in_valid,
                self.in_data,
                self.in_last,
            ];
            for (port, val) in ports.into_iter().zip(v) {
                self.sim.set_u64(port, val);
            }
            let r: u64 = ready
                .iter()
                .enumerate()
                .map(|(t, &r)| u64::from(r) << t)
                .sum();
            self.sim.set_u64(self.se_ready, r);
            self.sim.eval();
            let cfg_ready = self.sim.get_u64(self.cfg_ready);
            let in_ready = self.sim.get_u64(self.in_ready);
            let se_valid = self.sim.get_u64(self.se_valid);
            let err = self.sim.get_u64(self.err);
            let se = self.sim.get(self.se);
            self.sim.tick();
            for (t, (s, slices)) in th.iter_mut().zip(threads).enumerate() {
                let out = (se_valid >> t & 1 == 1)
                    .then(|| SeBeat::from_words(&bit_field(&se, SE_W as usize * t, SE_W)));
                s.cycle(
                    cycle,
                    slices,
                    s.offer_cfg && cfg_ready >> t & 1 == 1,
                    s.offer_in && in_ready >> t & 1 == 1,
                    out,
                    ready[t],
                    err >> t & 1 == 1,
                );
            }
            if th.iter().zip(threads).all(|(s, sl)| s.done(sl.len())) {
                idle += 1;
            }
        }
        th.into_iter()
            .map(|s| {
                assert!(s.cur.is_empty(), "beats after the last slice: {:?}", s.cur);
                let mut run = s.run;
                run.total_cycles = cycle;
                run
            })
            .collect()
    }
}

/// `width` bits of `words` from bit `lo` (least significant first), as words.
fn bit_field(words: &[u32], lo: usize, width: u32) -> Vec<u32> {
    (0..width.div_ceil(32) as usize)
        .map(|k| {
            (0..32usize.min(width as usize - 32 * k)).fold(0u32, |acc, b| {
                let i = lo + 32 * k + b;
                acc | ((words[i / 32] >> (i % 32)) & 1) << b
            })
        })
        .collect()
}

/// One thread's progress through its slices.
#[derive(Default)]
struct Thread {
    /// Configuration beats, slices of the bytes and the byte within it, slices out.
    ci: usize,
    bs: usize,
    bp: usize,
    so: usize,
    offer_cfg: bool,
    offer_in: bool,
    cur: Vec<SeBeat>,
    started: Vec<u64>,
    last_in: Vec<Option<u64>>,
    held: Option<SeBeat>,
    run: DecRun,
}

impl Thread {
    fn new(n: usize) -> Thread {
        Thread {
            started: vec![0; n],
            last_in: vec![None; n],
            ..Thread::default()
        }
    }

    fn done(&self, n: usize) -> bool {
        self.so == n && self.bs == n && self.held.is_none()
    }

    /// The transfers of one cycle: the configuration beat and byte taken, the element
    /// offered (taken when `ready`) and err_o.
    #[allow(clippy::too_many_arguments)]
    fn cycle(
        &mut self,
        cycle: u64,
        slices: &[DecSlice],
        cfg_fire: bool,
        in_fire: bool,
        out: Option<SeBeat>,
        ready: bool,
        err: bool,
    ) {
        let n = slices.len();
        if let Some(h) = self.held.take() {
            let now = out.clone().expect("se_valid_o dropped while stalled");
            assert_eq!(now, h, "element changed while stalled");
        }
        if cfg_fire {
            self.started[self.ci] = cycle;
            self.ci += 1;
            self.offer_cfg = false;
        }
        if in_fire {
            self.offer_in = false;
            self.bp += 1;
            if self.bp == slices[self.bs].data.len() {
                self.last_in[self.bs] = Some(cycle);
                self.bs += 1;
                self.bp = 0;
            }
        }
        let Some(b) = out else { return };
        if !ready {
            self.held = Some(b);
            return;
        }
        let end = b.kind == kind::ERROR || (b.kind == kind::END_OF_SLICE && b.value == 1);
        if b.kind == kind::ERROR {
            assert!(err, "err_o low with the ERROR beat");
            let after = self.last_in[self.so].map_or(0, |t| cycle.saturating_sub(t));
            self.run.err_after_last.push(Some(after));
        } else if end {
            self.run.err_after_last.push(None);
        }
        self.cur.push(b);
        if end {
            assert!(self.so < n, "a slice more than was sent");
            self.run.beats.push(std::mem::take(&mut self.cur));
            self.run.cycles.push(cycle - self.started[self.so]);
            self.so += 1;
        }
    }
}
