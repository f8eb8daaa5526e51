//! The residual lanes' test bodies, shared by lane4x4.rs and lane8x8.rs: each runs them with
//! its lane's sizes, seeds and hand-derived bounds.

use super::{check_all, corner_blocks, random_block, seed};
use sim::{run_stream, LaneIn, ResidualLane, Rng, Stalls, Stream};

/// One residual lane and what its tests need to know about it.
pub struct LaneCase {
    /// Samples per block (16 or 64).
    pub n: usize,
    /// Opens the Verilated lane.
    pub open: fn() -> ResidualLane,
    /// Seed base: test k uses `seed + k` (fixed, printed).
    pub seed: u64,
    /// Random blocks streamed without stalls.
    pub random: usize,
    /// Random blocks per stall pattern.
    pub stalled: usize,
    /// Dead zones of the corner-case sweep.
    pub dead_zones: &'static [u16],
    /// The largest |level| the corner blocks reach, worked out by hand in the caller.
    pub level_max: i32,
    /// Cycles from a block's input to its output (the RTL header's latency).
    pub latency: usize,
}

impl LaneCase {
    fn blocks(&self, rng: &mut Rng, count: usize) -> Vec<LaneIn> {
        (0..count)
            .map(|k| random_block(rng, self.n, k as u8))
            .collect()
    }

    /// Random blocks, no stalls.
    pub fn random_no_stalls(&self) {
        let mut rng = seed("random_blocks_no_stalls", self.seed + 1);
        let inputs = self.blocks(&mut rng, self.random);
        let got = run_stream(&mut (self.open)(), &inputs, Stalls::NONE, &mut rng);
        check_all(&inputs, &got);
    }

    /// Random valid_i and ready_i (both deasserted at random, including long ready_i
    /// droughts): every block comes out once, in order, and a stalled output holds still.
    pub fn random_stalls(&self) {
        let mut rng = seed("random_blocks_random_stalls", self.seed + 2);
        for stalls in Stalls::PATTERNS {
            println!("{stalls:?}");
            let inputs = self.blocks(&mut rng, self.stalled);
            let got = run_stream(&mut (self.open)(), &inputs, stalls, &mut rng);
            check_all(&inputs, &got);
        }
    }

    /// Extremes: every QP 0..=63 (52..=63 act as 51), the dead zones of the case, zero /
    /// constant / checkerboard blocks and the block maximising each coefficient with residuals
    /// -256 and 255 (hence the largest levels, which must really be reached).
    pub fn corners(&self) {
        let blocks = corner_blocks(self.n);
        let mut inputs = Vec::new();
        for qp in 0..=63u8 {
            for &dz in self.dead_zones {
                for b in &blocks {
                    inputs.push(LaneIn {
                        res: b.clone(),
                        qp,
                        dz,
                        user: inputs.len() as u8,
                    });
                }
            }
        }
        let mut rng = seed("corner_cases", self.seed + 3);
        let stalls = Stalls {
            valid_percent: 80,
            ready_percent: 80,
        };
        let got = run_stream(&mut (self.open)(), &inputs, stalls, &mut rng);
        check_all(&inputs, &got);
        let big = got
            .iter()
            .flat_map(|o| o.levels.iter())
            .map(|l| l.abs())
            .max()
            .unwrap();
        println!("largest |level| {big}");
        assert_eq!(big, self.level_max);
        assert!(got[0].levels.iter().chain(&got[0].recon).all(|&v| v == 0));
    }

    /// Reset in the middle of a stream drops what was in flight and the lane starts clean.
    pub fn reset(&self) {
        let mut rng = seed("reset_clears_the_pipeline", self.seed + 4);
        let inputs = self.blocks(&mut rng, 200);
        let mut lane = (self.open)();
        // Fill the pipe with ready low, then reset (run_stream resets first).
        lane.reset();
        for b in &inputs[..10] {
            lane.cycle(Some(b), false);
        }
        let got = run_stream(&mut lane, &inputs, Stalls::NONE, &mut rng);
        check_all(&inputs, &got);
    }

    /// Throughput and latency: with valid_i and ready_i always high, ready_o never drops and
    /// block k leaves exactly `latency` cycles after it entered.
    pub fn latency(&self) {
        let mut rng = seed("one_block_per_cycle", self.seed + 6);
        let inputs = self.blocks(&mut rng, 300);
        let mut lane = (self.open)();
        lane.reset();
        for t in 0..inputs.len() + self.latency {
            let (accepted, out) = lane.cycle(inputs.get(t), true);
            assert_eq!(accepted, t < inputs.len(), "cycle {t}: input not accepted");
            match t.checked_sub(self.latency) {
                Some(k) => assert_eq!(out.as_ref(), Some(&inputs[k].expected()), "cycle {t}"),
                None => assert!(out.is_none(), "cycle {t}: output before latency"),
            }
        }
    }
}
