//! `loopback_i16` (rtl/fpga/): the encoder lane's stream into the decoder lane, each decoded
//! macroblock compared in the RTL with the encoder's reconstruction (make fpga's board test,
//! docs/decisions.md D37).

use crate::enc_lane::{input_beats, set_config, CFG_NAMES};
use crate::{bits::pack_bytes, Port, Sim};
use golden::encoder::EncoderConfig;
use golden::picture::Picture;

/// `loopback_i16` (Chroma = 1, MaxWidthMbs = 16, a queue of 512 beats).
pub struct Loopback {
    sim: Sim,
    /// The encoder lane's configuration ports (enc_lane::CFG_NAMES).
    cfg_p: [Port; 7],
    p: [Port; 9],
}

/// The widest picture of the loopback top, in macroblocks (its MaxWidthMbs).
pub const LOOPBACK_MAX_WIDTH_MBS: usize = 16;

const NAMES: [&str; 9] = [
    "flip_i",
    "in_valid_i",
    "in_ready_o",
    "in_data_i",
    "in_qp_i",
    "mbs_o",
    "bytes_o",
    "mismatch_o",
    "err_o",
];

/// What the top reported after a run.
#[derive(Clone, Copy, Debug)]
pub struct LoopbackRun {
    /// Macroblocks decoded and compared (`mbs_o`).
    pub mbs: u64,
    /// Stream bytes from the encoder lane to the decoder lane (`bytes_o`).
    pub bytes: u64,
    /// A decoded macroblock differed from the encoder's reconstruction (`mismatch_o`).
    pub mismatch: bool,
    /// The decoder lane's error flag (`err_o`).
    pub error: bool,
    /// Clock cycles from the first input beat offered to the last macroblock compared.
    pub cycles: u64,
}

impl Default for Loopback {
    fn default() -> Self {
        Self::new()
    }
}

impl Loopback {
    pub fn new() -> Loopback {
        let sim = Sim::new("loopback_i16");
        Loopback {
            cfg_p: CFG_NAMES.map(|n| sim.port(n)),
            p: NAMES.map(|n| sim.port(n)),
            sim,
        }
    }

    /// From reset, codes `pics` (one format and size, at most LOOPBACK_MAX_WIDTH_MBS
    /// macroblocks wide) with `cfg` (the encoder lane's options: vectors::intra::lane_config),
    /// every input beat offered as soon as taken, until every macroblock has been compared (or
    /// a flag rose), then 64 cycles more in which the flags and counts must stay (after a
    /// flag, only the flags).
    pub fn run(&mut self, pics: &[Picture], cfg: &EncoderConfig) -> LoopbackRun {
        self.run_with(pics, cfg, false)
    }

    /// [`Loopback::run`] with the top's test input `flip_i` held at `flip`: high, every
    /// reconstruction beat is queued with bit 0 inverted, and the comparison must say so.
    pub fn run_with(&mut self, pics: &[Picture], cfg: &EncoderConfig, flip: bool) -> LoopbackRun {
        let first = pics.first().expect("a picture");
        assert!(first.width_mbs() <= LOOPBACK_MAX_WIDTH_MBS);
        let [flip_i, in_valid_i, in_ready_o, in_data_i, in_qp_i, mbs_o, bytes_o, mismatch_o, err_o] =
            self.p;
        let s = &mut self.sim;
        s.reset_with(&[in_valid_i]);
        s.set_u64(flip_i, u64::from(flip));
        set_config(s, self.cfg_p, first.format, first.width, first.height, cfg);
        let beats: Vec<([u8; 16], u8)> = pics.iter().flat_map(|p| input_beats(p, cfg)).collect();
        let total: u64 = pics
            .iter()
            .map(|p| (p.width_mbs() * p.height_mbs()) as u64)
            .sum();
        let read = |s: &Sim| LoopbackRun {
            mbs: s.get_u64(mbs_o),
            bytes: s.get_u64(bytes_o),
            mismatch: s.get_u64(mismatch_o) == 1,
            error: s.get_u64(err_o) == 1,
            cycles: 0,
        };
        let limit = 10_000 + 3_000 * total;
        let (mut next, mut cycles) = (0usize, 0u64);
        loop {
            let now = read(s);
            if now.mbs >= total || now.mismatch || now.error {
                break;
            }
            assert!(
                cycles < limit,
                "no progress after {cycles} cycles: {next} of {} beats in, {} of {total} \
                 macroblocks compared, {} bytes",
                beats.len(),
                now.mbs,
                now.bytes
            );
            let offer = next < beats.len();
            s.set_u64(in_valid_i, u64::from(offer));
            if offer {
                s.set(in_data_i, &pack_bytes(&beats[next].0));
                s.set_u64(in_qp_i, u64::from(beats[next].1));
            }
            s.eval();
            if offer && s.get_u64(in_ready_o) == 1 {
                next += 1;
            }
            s.tick();
            cycles += 1;
        }
        s.set_u64(in_valid_i, 0);
        let done = read(s);
        for _ in 0..64 {
            s.eval();
            s.tick();
        }
        let after = read(s);
        if done.mismatch || done.error {
            // Stopped at a flag: the lanes may go on, the flags stay.
            assert_eq!(
                (after.mismatch, after.error),
                (done.mismatch, done.error),
                "a flag fell"
            );
        } else {
            assert_eq!(
                (after.mbs, after.bytes, after.mismatch, after.error),
                (done.mbs, done.bytes, done.mismatch, done.error),
                "the top moved on after the last macroblock"
            );
        }
        LoopbackRun { cycles, ..done }
    }
}
