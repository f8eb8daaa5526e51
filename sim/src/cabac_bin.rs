//! Typed access to the CABAC binarizer (`rtl/cabac/cabac_enc_bin.sv`), simulated with K = 4
//! symbols per cycle and MaxWidthMbs = 256, and its stream driver.

use crate::bits::unpack_unsigned;
use crate::{Port, Rng, Sim, Stalls};
use vectors::cabac::bin::{SeBeat, Sym, SYM_BITS};

/// Symbols per cycle of the simulated `cabac_enc_bin`.
pub const CABAC_BIN_K: usize = 4;
/// Widest picture (macroblocks) of the simulated `cabac_enc_bin`.
pub const CABAC_BIN_MAX_WIDTH_MBS: usize = 256;

/// What one run of beats gave.
#[derive(Clone, Debug, Default)]
pub struct BinRun {
    /// The symbols in order, bypass groups flattened.
    pub syms: Vec<Sym>,
    /// RTL symbols (a bypass group counts once).
    pub rtl_syms: u64,
    /// Cycles from the first offered beat to the last symbol's transfer (both counted).
    pub cycles: u64,
    /// Cycle (the first offered beat's is 0) of the first valid output.
    pub first_out: u64,
    /// Cycles in which a beat was offered and not accepted.
    pub refused: u64,
}

/// `cabac_enc_bin`.
pub struct CabacEncBin {
    sim: Sim,
    valid_i: Port,
    se_i: Port,
    ready_i: Port,
    ready_o: Port,
    valid_o: Port,
    sym_o: Port,
    cnt_o: Port,
}

impl Default for CabacEncBin {
    fn default() -> Self {
        Self::new()
    }
}

impl CabacEncBin {
    /// The RTL as Verilator reads it.
    pub fn new() -> CabacEncBin {
        Self::open("cabac_enc_bin")
    }

    /// The RTL as Yosys reads it (its netlist after `proc`, simulated by Verilator).
    pub fn new_yosys() -> CabacEncBin {
        Self::open("cabac_enc_bin_yosys")
    }

    fn open(model: &str) -> CabacEncBin {
        let sim = Sim::new(model);
        let p = |n: &str| sim.port(n);
        CabacEncBin {
            valid_i: p("valid_i"),
            se_i: p("se_i"),
            ready_i: p("ready_i"),
            ready_o: p("ready_o"),
            valid_o: p("valid_o"),
            sym_o: p("sym_o"),
            cnt_o: p("cnt_o"),
            sim,
        }
    }

    /// Streams `beats` in (valid_i drawn from `stalls`) and collects the symbols (ready_i
    /// drawn from `stalls`) until `expect` symbols came out and the output stays idle for 16
    /// cycles. Checks: an output offered and not taken is offered again unchanged; cnt_o is
    /// 1..=K while valid_o; no deadlock.
    pub fn run(
        &mut self,
        beats: &[SeBeat],
        expect: usize,
        stalls: Stalls,
        rng: &mut Rng,
    ) -> BinRun {
        self.sim.reset_with(&[self.valid_i, self.ready_i]);
        let mut r = BinRun::default();
        let mut next = 0usize;
        let mut held: Option<(Vec<u32>, u64)> = None;
        let mut idle = 0;
        let limit = 1000 + 40 * (beats.len() + expect) as u64;
        let mut started = false;
        let mut last_out = 0u64;
        let mut cycle = 0u64;
        while idle < 16 {
            cycle += 1;
            assert!(cycle < limit, "no progress after {cycle} cycles: {next} of {} beats in, {} of {expect} symbols out", beats.len(), r.syms.len());
            let (valid, ready) = stalls.draw(rng);
            let offer = next < beats.len() && valid;
            let s = &mut self.sim;
            s.set_u64(self.valid_i, u64::from(offer));
            if offer {
                s.set(self.se_i, &beats[next]);
                started = true;
            }
            s.set_u64(self.ready_i, u64::from(ready));
            s.eval();
            if offer && s.get_u64(self.ready_o) == 1 {
                next += 1;
            } else if offer {
                r.refused += 1;
            }
            let out =
                (s.get_u64(self.valid_o) == 1).then(|| (s.get(self.sym_o), s.get_u64(self.cnt_o)));
            if let Some(h) = held.take() {
                assert_eq!(
                    out.as_ref(),
                    Some(&h),
                    "output changed or dropped while stalled"
                );
            }
            if out.is_some() && r.first_out == 0 {
                r.first_out = cycle - 1;
            }
            if let Some((words, cnt)) = out {
                assert!((1..=CABAC_BIN_K as u64).contains(&cnt), "cnt_o {cnt}");
                if ready {
                    let w = unpack_unsigned(&words, SYM_BITS as u32, CABAC_BIN_K);
                    for &x in &w[..cnt as usize] {
                        r.syms.extend(Sym::from_rtl(x));
                    }
                    r.rtl_syms += cnt;
                    last_out = cycle;
                } else {
                    held = Some((words, cnt));
                }
            }
            s.tick();
            if !started {
                cycle = 0;
            }
            if next == beats.len() && r.syms.len() >= expect && held.is_none() {
                idle += 1;
            }
        }
        r.cycles = last_out;
        r
    }
}
