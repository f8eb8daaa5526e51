//! Typed access to the decoder lane's macroblock stage `dec_mb_i16` (rtl/decoder/): slices (a
//! configuration beat, then `cabac_dec`'s element beats) in, with random stalls on all three
//! ports, one beat a macroblock out.

use crate::enc_resid::read_levels;
use crate::ffi::{Port, Sim};
use crate::{Rng, Stalls};
use vectors::dec_mb::{DecMbOut, DecMbSlice};

/// `dec_mb_i16`, or its Yosys netlist.
pub struct DecMb {
    sim: Sim,
    p: [Port; 19],
}

const NAMES: [&str; 19] = [
    "cfg_valid_i",
    "cfg_ready_o",
    "cfg_qp_i",
    "cfg_chroma_i",
    "se_valid_i",
    "se_ready_o",
    "se_i",
    "valid_o",
    "ready_i",
    "kind_o",
    "luma_mode_o",
    "chroma_mode_o",
    "qp_o",
    "last_o",
    "luma_ac_o",
    "luma_dc_o",
    "chroma_dc_o",
    "chroma_ac_o",
    "err_o",
];

/// What one run gave.
#[derive(Clone, Debug, Default)]
pub struct DecMbRun {
    /// The macroblocks out, in order.
    pub mbs: Vec<DecMbOut>,
    /// err_o at each slice's end: sampled in the cycle the next slice's configuration beat is
    /// taken (the stage takes it only after the slice's last beat), and for the last slice
    /// once everything drained.
    pub errors: Vec<bool>,
    /// Element beats taken, and cycles of the whole run.
    pub beats: u64,
    pub cycles: u64,
}

impl DecMb {
    /// The RTL as Verilator reads it (`yosys`: as Yosys reads it).
    pub fn new(yosys: bool) -> DecMb {
        let sim = Sim::new(if yosys {
            "dec_mb_i16_yosys"
        } else {
            "dec_mb_i16"
        });
        DecMb {
            p: NAMES.map(|n| sim.port(n)),
            sim,
        }
    }

    fn out(&self) -> DecMbOut {
        let [.., kind_o, luma_mode_o, chroma_mode_o, qp_o, last_o, luma_ac_o, luma_dc_o, chroma_dc_o, chroma_ac_o, _] =
            self.p;
        let s = &self.sim;
        DecMbOut {
            kind: s.get_u64(kind_o) as u8,
            luma_mode: s.get_u64(luma_mode_o) as u8,
            chroma_mode: s.get_u64(chroma_mode_o) as u8,
            qp: s.get_u64(qp_o) as u8,
            last: s.get_u64(last_o) == 1,
            levels: read_levels(s, [luma_ac_o, luma_dc_o, chroma_dc_o, chroma_ac_o]),
        }
    }

    /// Runs `slices` in order with `stalls` drawn independently every cycle for the
    /// configuration port, the element port and the output. A slice's beats are offered as
    /// soon as the previous slice's are taken, before its configuration beat is (they must
    /// wait for it). Panics when a stalled output changes or vanishes, when a configuration
    /// beat is taken before the previous slice's last beat or a beat before its slice's
    /// configuration, or when the run makes no progress.
    pub fn run(&mut self, slices: &[DecMbSlice], stalls: Stalls, rng: &mut Rng) -> DecMbRun {
        let [cfg_valid_i, cfg_ready_o, cfg_qp_i, cfg_chroma_i, se_valid_i, se_ready_o, se_i, valid_o, ready_i, .., err_o] =
            self.p;
        self.sim.reset_with(&[cfg_valid_i, se_valid_i, ready_i]);
        let n = slices.len();
        assert!(
            slices.iter().all(|s| !s.beats.is_empty()),
            "a slice without beats"
        );
        let total: usize = slices.iter().map(|s| s.beats.len()).sum();
        let limit = 1_000 + 40 * total as u64;
        let (mut ci, mut si, mut sp) = (0usize, 0usize, 0usize);
        let mut run = DecMbRun::default();
        let mut held: Option<DecMbOut> = None;
        let mut idle = 0;
        while idle < 16 {
            run.cycles += 1;
            assert!(
                run.cycles < limit,
                "no progress after {} cycles: {ci} configurations, {si} slices' beats taken",
                run.cycles
            );
            let (v_cfg, _) = stalls.draw(rng);
            let (v_se, ready) = stalls.draw(rng);
            let offer_cfg = v_cfg && ci < n;
            if offer_cfg {
                self.sim.set_u64(cfg_qp_i, u64::from(slices[ci].qp));
                self.sim.set_u64(cfg_chroma_i, u64::from(slices[ci].chroma));
            }
            self.sim.set_u64(cfg_valid_i, u64::from(offer_cfg));
            let offer_se = v_se && si < n && sp < slices[si].beats.len();
            if offer_se {
                self.sim.set(se_i, &slices[si].beats[sp].to_words());
            }
            self.sim.set_u64(se_valid_i, u64::from(offer_se));
            self.sim.set_u64(ready_i, u64::from(ready));
            self.sim.eval();
            let cfg_fire = offer_cfg && self.sim.get_u64(cfg_ready_o) == 1;
            let se_fire = offer_se && self.sim.get_u64(se_ready_o) == 1;
            let shown = (self.sim.get_u64(valid_o) == 1).then(|| self.out());
            let err = self.sim.get_u64(err_o) == 1;
            if let Some(h) = held.take() {
                assert_eq!(
                    shown.as_ref(),
                    Some(&h),
                    "a stalled macroblock changed or vanished"
                );
            }
            if let Some(o) = shown {
                if ready {
                    run.mbs.push(o);
                } else {
                    held = Some(o);
                }
            }
            if cfg_fire {
                assert!(
                    si >= ci,
                    "configuration {ci} taken before slice {si} ended ({sp} beats in)"
                );
                if ci > 0 {
                    run.errors.push(err);
                }
                ci += 1;
            }
            if se_fire {
                assert!(
                    si < ci,
                    "a beat of slice {si} taken before its configuration"
                );
                run.beats += 1;
                sp += 1;
                if sp == slices[si].beats.len() {
                    si += 1;
                    sp = 0;
                }
            }
            self.sim.tick();
            if ci == n && si == n && self.sim.get_u64(valid_o) == 0 {
                idle += 1;
            }
        }
        if n > 0 {
            run.errors.push(self.sim.get_u64(err_o) == 1);
        }
        run
    }
}
