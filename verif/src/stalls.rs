//! Backpressure patterns of the stream tests: which cycles the driver may offer an input
//! (valid_i) and raise ready_i. One definition for the Verilator driver (`sim::run_stream`
//! draws from it), the cocotb driver and the gate-level testbench (both read the files that
//! `tricodec-vectors stalls` writes).

use crate::hex::Column;
use crate::Rng;

/// A pattern: each cycle the valid bit is set with probability `valid_percent` and the ready
/// bit with probability `ready_percent`, independently (both drawn every cycle, in that
/// order). The driver offers the next input when one is left and the valid bit is set.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Stalls {
    /// Chance (percent) that valid_i may be high in a cycle.
    pub valid_percent: u32,
    /// Chance (percent) that ready_i is high.
    pub ready_percent: u32,
}

impl Stalls {
    /// No stalls: valid_i and ready_i always high.
    pub const NONE: Stalls = Stalls::new(100, 100);

    /// The patterns of the stall tests: balanced, either side scarce, long droughts of
    /// ready_i or valid_i, and mostly flowing.
    pub const PATTERNS: [Stalls; 6] = [
        Stalls::new(50, 50),
        Stalls::new(90, 30),
        Stalls::new(30, 90),
        Stalls::new(100, 10),
        Stalls::new(10, 100),
        Stalls::new(75, 75),
    ];

    /// `valid_percent` / `ready_percent`.
    pub const fn new(valid_percent: u32, ready_percent: u32) -> Stalls {
        Stalls {
            valid_percent,
            ready_percent,
        }
    }

    /// One cycle: (valid bit, ready bit).
    pub fn draw(self, rng: &mut Rng) -> (bool, bool) {
        let valid = rng.percent(self.valid_percent);
        let ready = rng.percent(self.ready_percent);
        (valid, ready)
    }

    /// The file of `cycles` cycles of the pattern from `seed`, `stalls.v<V>r<R>`: one 2-bit
    /// vector a cycle, bit 1 the valid bit, bit 0 the ready bit. Drivers that run longer
    /// start again from its first line.
    pub fn column(self, seed: u64, cycles: usize) -> Column {
        let mut rng = Rng::new(seed);
        let mut c = Column::new(
            &format!("stalls.v{}r{}", self.valid_percent, self.ready_percent),
            2,
            1,
            false,
        );
        for _ in 0..cycles {
            let (v, r) = self.draw(&mut rng);
            c.push(vec![2 * i64::from(v) + i64::from(r)]);
        }
        c
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pattern_file_holds_the_drawn_bits_at_the_asked_rates() {
        let s = Stalls::new(75, 50);
        let c = s.column(7, 4000);
        assert_eq!(c.name, "stalls.v75r50");
        let mut rng = Rng::new(7);
        for row in &c.rows {
            let (v, r) = s.draw(&mut rng);
            assert_eq!(row[0], 2 * i64::from(v) + i64::from(r));
        }
        let valid = c.rows.iter().filter(|r| r[0] & 2 != 0).count();
        let ready = c.rows.iter().filter(|r| r[0] & 1 != 0).count();
        assert!((2850..3150).contains(&valid), "valid {valid}");
        assert!((1850..2150).contains(&ready), "ready {ready}");
        assert!(Stalls::NONE.column(1, 100).rows.iter().all(|r| r[0] == 3));
    }
}
