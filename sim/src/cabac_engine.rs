//! Typed access to the CABAC encoding engine (`rtl/cabac/cabac_enc_engine.sv`), simulated with
//! K = 4 symbols per input beat and 4 bytes per output beat.

use crate::{Port, Rng, Sim, Stalls};
use vectors::bits::put_bits;

/// Symbols per input beat of the simulated engine.
pub const CABAC_K: usize = 4;
/// Bytes per output beat of the simulated engine.
pub const CABAC_OUT_BYTES: usize = 4;

/// What one run of the engine gave.
#[derive(Clone, Debug, Default)]
pub struct EngineRun {
    /// The bytes of each slice (a slice ends at the beat with last_o).
    pub slices: Vec<Vec<u8>>,
    /// Bytes after the last slice's last_o (none expected).
    pub trailing: Vec<u8>,
    /// Cycles from the first offered beat to the last output beat.
    pub cycles: u64,
}

/// The byte output of `cabac_enc_engine` (and of `cabac_enc`, which ends in it): collects
/// each slice's bytes, checking that a stalled beat stays unchanged until it transfers.
pub(crate) struct ByteOut {
    valid_o: Port,
    byte_o: Port,
    count_o: Port,
    last_o: Port,
    cur: Vec<u8>,
    held: Option<(u64, u64, bool)>,
    slices: Vec<Vec<u8>>,
}

impl ByteOut {
    pub(crate) fn new(sim: &Sim) -> ByteOut {
        ByteOut {
            valid_o: sim.port("valid_o"),
            byte_o: sim.port("byte_o"),
            count_o: sim.port("count_o"),
            last_o: sim.port("last_o"),
            cur: Vec::new(),
            held: None,
            slices: Vec::new(),
        }
    }

    /// Looks at the settled outputs with `ready_i` = `ready`; true when a beat transferred.
    pub(crate) fn observe(&mut self, s: &Sim, ready: bool) -> bool {
        let out = (s.get_u64(self.valid_o) == 1).then(|| {
            (
                s.get_u64(self.byte_o),
                s.get_u64(self.count_o),
                s.get_u64(self.last_o) == 1,
            )
        });
        if let Some(h) = self.held.take() {
            assert_eq!(out, Some(h), "output changed or dropped while stalled");
        }
        let Some((bytes, count, last)) = out else {
            return false;
        };
        if !ready {
            self.held = out;
            return false;
        }
        assert!(
            (1..=CABAC_OUT_BYTES as u64).contains(&count),
            "count_o {count}"
        );
        self.cur
            .extend((0..count).map(|j| (bytes >> (8 * j)) as u8));
        if last {
            self.slices.push(std::mem::take(&mut self.cur));
        }
        true
    }

    /// Slices completed so far.
    pub(crate) fn slices_done(&self) -> usize {
        self.slices.len()
    }

    /// A stalled beat is waiting.
    pub(crate) fn stalled(&self) -> bool {
        self.held.is_some()
    }

    /// The run's result, `cycles` from the first offered beat to the last output beat.
    pub(crate) fn finish(self, cycles: u64) -> EngineRun {
        EngineRun {
            slices: self.slices,
            trailing: self.cur,
            cycles,
        }
    }
}

/// `cabac_enc_engine`.
pub struct CabacEncEngine {
    sim: Sim,
    ports: InPorts,
    sym_i: Port,
    count_i: Port,
}

impl Default for CabacEncEngine {
    fn default() -> Self {
        Self::new()
    }
}

impl CabacEncEngine {
    /// The RTL as Verilator reads it.
    pub fn new() -> CabacEncEngine {
        Self::open("cabac_enc_engine")
    }

    /// The RTL as Yosys reads it (its netlist after `proc`, simulated by Verilator).
    pub fn new_yosys() -> CabacEncEngine {
        Self::open("cabac_enc_engine_yosys")
    }

    fn open(model: &str) -> CabacEncEngine {
        let sim = Sim::new(model);
        let p = |n: &str| sim.port(n);
        CabacEncEngine {
            ports: InPorts::of(&sim),
            sym_i: p("sym_i"),
            count_i: p("count_i"),
            sim,
        }
    }

    /// Streams the input beats (1..=K symbols each, `vectors::cabac::engine::beats`) with the stall
    /// pattern and returns the bytes. Checks on the way: a stalled output beat stays unchanged
    /// until it transfers; the run ends within a cycle bound.
    pub fn run(&mut self, beats: &[Vec<u32>], stalls: Stalls, rng: &mut Rng) -> EngineRun {
        // One slice a END symbol (cabac_sym.sv: kind 5 in bits 19:17).
        let slices = beats.iter().flatten().filter(|&&s| s >> 17 == 5).count();
        let (sym_i, count_i) = (self.sym_i, self.count_i);
        run_to_bytes(
            &mut self.sim,
            self.ports,
            beats.len(),
            slices,
            stalls,
            rng,
            |s, k| {
                let b = &beats[k];
                assert!((1..=CABAC_K).contains(&b.len()));
                let mut words = [0u32; 3];
                for (k, &sym) in b.iter().enumerate() {
                    put_bits(&mut words, k * 20, 20, u64::from(sym));
                }
                s.set(sym_i, &words);
                s.set_u64(count_i, b.len() as u64);
            },
        )
    }
}

/// The input handshake of a top that ends in the engine's byte output.
#[derive(Clone, Copy)]
pub(crate) struct InPorts {
    valid_i: Port,
    ready_i: Port,
    ready_o: Port,
}

impl InPorts {
    /// The ports `valid_i`, `ready_i` (the output's ready) and `ready_o` of `sim`'s top.
    pub(crate) fn of(sim: &Sim) -> InPorts {
        InPorts {
            valid_i: sim.port("valid_i"),
            ready_i: sim.port("ready_i"),
            ready_o: sim.port("ready_o"),
        }
    }
}

/// Drives a top that ends in the engine's byte output (`cabac_enc_engine`, `cabac_enc`): resets
/// it, offers input beats 0..n (`set(sim, k)` drives beat k's data ports) under the stall
/// pattern, and collects bytes until `slices` slices are out and 40 more quiet cycles have
/// passed (so a byte after the last slice is seen). `cycles`: from the first offered beat to the
/// last byte out.
pub(crate) fn run_to_bytes(
    sim: &mut Sim,
    p: InPorts,
    n: usize,
    slices: usize,
    stalls: Stalls,
    rng: &mut Rng,
    mut set: impl FnMut(&mut Sim, usize),
) -> EngineRun {
    sim.reset_with(&[p.valid_i, p.ready_i]);
    let mut out = ByteOut::new(sim);
    let (mut next, mut cycles, mut idle, mut last_out) = (0usize, 0u64, 0, 0u64);
    let mut started = None;
    let limit = 2_000 + 400 * n as u64;
    while idle < 40 {
        cycles += 1;
        assert!(
            cycles < limit,
            "no progress after {cycles} cycles: {next} of {n} beats in"
        );
        let (v, r) = stalls.draw(rng);
        let offer = next < n && v;
        sim.set_u64(p.valid_i, u64::from(offer));
        sim.set_u64(p.ready_i, u64::from(r));
        if offer {
            set(sim, next);
            started.get_or_insert(cycles);
        }
        sim.eval();
        if offer && sim.get_u64(p.ready_o) == 1 {
            next += 1;
        }
        if out.observe(sim, r) {
            last_out = cycles;
        }
        sim.tick();
        if next == n && out.slices_done() >= slices && !out.stalled() {
            idle += 1;
        }
    }
    out.finish(last_out + 1 - started.unwrap_or(1))
}
