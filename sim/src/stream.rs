//! A valid/ready stream driver with random stalls on both sides (the patterns:
//! `vectors::Stalls`, shared with the cocotb driver and the gate-level testbench).

use crate::{Rng, Stalls};

/// A simulated top with one valid/ready input stream and one valid/ready output stream.
pub trait Stream {
    /// One input transfer (data sampled with valid_i).
    type In;
    /// One output transfer.
    type Out: PartialEq + std::fmt::Debug + Clone;

    /// Holds reset for a few cycles, then releases it.
    fn reset(&mut self);

    /// One clock cycle: drives `input` (valid_i high when `Some`) and `ready_i`, lets the logic
    /// settle, samples the handshakes, then clocks. Returns (input accepted, output presented
    /// this cycle with valid_o high, if any, and whether it transferred).
    fn cycle(&mut self, input: Option<&Self::In>, ready: bool) -> (bool, Option<Self::Out>);
}

/// Streams `inputs` through `dut` and returns the outputs in the order they left.
///
/// Checks on the way: an output held with valid_o high and ready_i low stays unchanged until it
/// transfers (no output changes or vanishes while stalled); the run ends within a cycle bound
/// (no deadlock). Loss, duplication and order are for the caller to check against its expected
/// sequence: the result has exactly one entry per transfer.
pub fn run_stream<S: Stream>(
    dut: &mut S,
    inputs: &[S::In],
    stalls: Stalls,
    rng: &mut Rng,
) -> Vec<S::Out> {
    // Until every input went in and as many outputs came out, plus a few idle cycles to catch
    // a spurious extra output.
    let n = inputs.len();
    drive(dut, inputs, stalls, rng, 8, |outs, _| outs >= n).0
}

/// [`run_stream`] for a top whose output count is not known ahead (units framed out of a byte
/// stream, beats of corrupt input): runs until every input went in and no output showed for
/// `quiet` cycles in a row. Returns the outputs and the cycles run. The same handshake checks
/// and the same cycle bound (a hang fails).
pub fn run_stream_drain<S: Stream>(
    dut: &mut S,
    inputs: &[S::In],
    stalls: Stalls,
    rng: &mut Rng,
    quiet: u32,
) -> (Vec<S::Out>, u64) {
    drive(dut, inputs, stalls, rng, quiet, |_, shown| !shown)
}

/// The driver of [`run_stream`] and [`run_stream_drain`]: once every input went in and nothing
/// is held, counts the cycles in a row for which `settled(outputs so far, output shown this
/// cycle)` holds and stops after `idle` of them.
fn drive<S: Stream>(
    dut: &mut S,
    inputs: &[S::In],
    stalls: Stalls,
    rng: &mut Rng,
    idle: u32,
    settled: impl Fn(usize, bool) -> bool,
) -> (Vec<S::Out>, u64) {
    dut.reset();
    let mut next = 0usize;
    let mut outs = Vec::with_capacity(inputs.len());
    let mut held: Option<S::Out> = None;
    let limit = 64 + inputs.len() as u64 * 200;
    let mut cycles = 0u64;
    let mut idle_after = 0;
    while idle_after < idle {
        cycles += 1;
        assert!(
            cycles < limit,
            "no progress after {cycles} cycles ({} of {} out)",
            outs.len(),
            inputs.len()
        );
        let (valid, ready) = stalls.draw(rng);
        let offer = next < inputs.len() && valid;
        let input = if offer { Some(&inputs[next]) } else { None };
        let (accepted, out) = dut.cycle(input, ready);
        if accepted {
            next += 1;
        }
        if let Some(h) = held.take() {
            let now = out.clone().expect("valid_o dropped while stalled");
            assert_eq!(now, h, "output changed while stalled");
        }
        let shown = out.is_some();
        if let Some(o) = out {
            if ready {
                outs.push(o);
            } else {
                held = Some(o);
            }
        }
        if next == inputs.len() && held.is_none() && settled(outs.len(), shown) {
            idle_after += 1;
        } else if next == inputs.len() && held.is_none() && shown {
            idle_after = 0;
        }
    }
    (outs, cycles)
}
