//! The decoder lane `dec_lane_i16` (rtl/decoder/): an Annex B byte stream in, the
//! reconstructed macroblocks out in decoding order, placed here into pictures; driven with
//! random stalls on both ports.

use crate::bits::unpack_bytes;
use crate::{Port, Rng, Sim, Stalls};
use golden::picture::{ChromaFormat, Picture};
use vectors::intra::put_mb_samples;

/// `dec_lane_i16` (Chroma = 1, MaxWidthMbs = 480).
pub struct DecLane {
    sim: Sim,
    p: [Port; 16],
}

/// The widest picture of the lane's default build, in macroblocks (MaxWidthMbs).
pub const DEC_LANE_MAX_WIDTH_MBS: usize = 480;

const NAMES: [&str; 16] = [
    "in_valid_i",
    "in_ready_o",
    "in_byte_i",
    "in_last_i",
    "out_valid_o",
    "out_ready_i",
    "out_mb_o",
    "out_x_o",
    "out_y_o",
    "out_first_o",
    "out_width_o",
    "out_height_o",
    "out_crop_right_o",
    "out_crop_bottom_o",
    "out_chroma_o",
    "err_o",
];

/// Stall patterns of the two ports: input valid, output ready.
#[derive(Clone, Copy, Debug)]
pub struct DecStalls {
    pub input: Stalls,
    pub output: Stalls,
}

impl DecStalls {
    /// Both ports always valid / ready.
    pub const NONE: DecStalls = DecStalls {
        input: Stalls::NONE,
        output: Stalls::NONE,
    };
}

/// What the lane gave for one stream.
#[derive(Clone, Debug)]
pub struct LaneDecode {
    /// The pictures whose every macroblock came out, in order.
    pub pictures: Vec<Picture>,
    /// Macroblocks of a picture that did not complete (0: none).
    pub partial_mbs: usize,
    /// The error flag rose (`err_o`); `error_at` is the number of stream bytes taken by then.
    pub error: bool,
    pub error_at: usize,
    /// Clock cycles from the first byte offered to the last macroblock out.
    pub cycles: u64,
    /// Macroblocks out.
    pub mbs: u64,
    /// The cycle (counted as `cycles`) in which each macroblock was taken from the output.
    pub mb_done: Vec<u64>,
}

/// Cycles without any byte taken or macroblock given, after the whole stream went in, after
/// which the lane is taken to be done: more than a slice's context initialization and its
/// slowest macroblock (a QP 0 4:2:0 macroblock of some thousands of bins at about 1.6 bins a
/// cycle).
const QUIET: u64 = 20_000;

impl Default for DecLane {
    fn default() -> Self {
        Self::new()
    }
}

impl DecLane {
    /// The RTL as Verilator reads it.
    pub fn new() -> DecLane {
        let sim = Sim::new("dec_lane_i16");
        DecLane {
            p: NAMES.map(|n| sim.port(n)),
            sim,
        }
    }

    /// Decodes `stream` from reset with `stalls` on the ports. The run ends 64 cycles after
    /// the error flag rises, or once the whole stream went in and the lane stays quiet for
    /// [`QUIET`] cycles (the lane has no idle flag: after its last byte, a slice's context
    /// initialization and its macroblocks may still be under way). Panics when it breaks
    /// a handshake rule (its SVA stop the simulation, the checks here the rest), gives a
    /// macroblock out of raster order, or runs past a bound on the cycles a byte.
    pub fn decode(&mut self, stream: &[u8], stalls: DecStalls, rng: &mut Rng) -> LaneDecode {
        self.run(stream, stalls, rng, true)
    }

    /// As [`DecLane::decode`], but the run goes on after the error flag rises (it stays set)
    /// until the whole stream went in and the lane is quiet: the lane resynchronizes at the
    /// next IDR picture, whose pictures then come out.
    pub fn decode_through_errors(
        &mut self,
        stream: &[u8],
        stalls: DecStalls,
        rng: &mut Rng,
    ) -> LaneDecode {
        self.run(stream, stalls, rng, false)
    }

    fn run(
        &mut self,
        stream: &[u8],
        stalls: DecStalls,
        rng: &mut Rng,
        stop_at_error: bool,
    ) -> LaneDecode {
        let [in_valid_i, in_ready_o, in_byte_i, in_last_i, out_valid_o, out_ready_i, out_mb_o, out_x_o, out_y_o, out_first_o, out_width_o, out_height_o, out_crop_right_o, out_crop_bottom_o, out_chroma_o, err_o] =
            self.p;
        let s = &mut self.sim;
        s.reset_with(&[in_valid_i, out_ready_i]);
        let mut run = LaneDecode {
            pictures: Vec::new(),
            partial_mbs: 0,
            error: false,
            error_at: 0,
            cycles: 0,
            mbs: 0,
            mb_done: Vec::new(),
        };
        let mut cur: Option<Picture> = None;
        let mut placed = 0usize; // macroblocks of `cur` so far
        let mut next = 0usize; // bytes taken
        let mut held: Option<Vec<u32>> = None;
        let (mut quiet, mut after_err, mut last_out) = (0u64, 0u64, 0u64);
        let limit = 100_000 + 20_000 * stream.len() as u64;
        loop {
            run.cycles += 1;
            assert!(
                run.cycles < limit,
                "no end after {} cycles: {next} of {} bytes in, {} macroblocks out",
                run.cycles,
                stream.len(),
                run.mbs
            );
            let offer = next < stream.len() && stalls.input.draw(rng).0;
            let ready = stalls.output.draw(rng).1;
            s.set_u64(in_valid_i, u64::from(offer));
            if offer {
                s.set_u64(in_byte_i, u64::from(stream[next]));
                s.set_u64(in_last_i, u64::from(next + 1 == stream.len()));
            }
            s.set_u64(out_ready_i, u64::from(ready));
            s.eval();
            let mut event = false;
            if offer && s.get_u64(in_ready_o) == 1 {
                next += 1;
                event = true;
            }
            let out = (s.get_u64(out_valid_o) == 1).then(|| {
                let mut v = s.get(out_mb_o);
                for p in [out_x_o, out_y_o, out_first_o, out_width_o, out_height_o] {
                    v.push(s.get_u64(p) as u32);
                }
                for p in [out_crop_right_o, out_crop_bottom_o, out_chroma_o] {
                    v.push(s.get_u64(p) as u32);
                }
                v
            });
            if let Some(h) = held.take() {
                assert_eq!(out.as_ref(), Some(&h), "output changed while stalled");
            }
            if let Some(o) = out {
                if ready {
                    event = true;
                    last_out = run.cycles;
                    run.mbs += 1;
                    run.mb_done.push(run.cycles);
                    let n = o.len();
                    let [x, y, first, w, h, crop_r, crop_b, chroma]: [u32; 8] =
                        o[n - 8..].try_into().expect("8 fields");
                    if first == 1 {
                        if cur.take().is_some() {
                            // A picture cut short: the lane must have flagged it.
                            run.partial_mbs = placed;
                        }
                        let format = if chroma == 1 {
                            ChromaFormat::Yuv420
                        } else {
                            ChromaFormat::Monochrome
                        };
                        let (w, h) = (16 * w as usize, 16 * h as usize);
                        cur = Some(
                            Picture::new(format, w - crop_r as usize, h - crop_b as usize)
                                .expect("the lane's picture size"),
                        );
                        placed = 0;
                    }
                    if let Some(p) = cur.as_mut() {
                        let wm = p.width_mbs();
                        assert_eq!(
                            (x as usize, y as usize),
                            (placed % wm, placed / wm),
                            "macroblock out of raster order"
                        );
                        let samples: [u8; 384] =
                            unpack_bytes(&o[..n - 8], 384).try_into().expect("384");
                        put_mb_samples(p, placed, &samples);
                        placed += 1;
                        if placed == wm * p.height_mbs() {
                            run.pictures.push(cur.take().expect("the picture"));
                            placed = 0;
                        }
                    }
                } else {
                    held = Some(o);
                }
            }
            if !run.error && s.get_u64(err_o) == 1 {
                run.error = true;
                run.error_at = next;
            }
            s.tick();
            if run.error && stop_at_error {
                after_err += 1;
                if after_err == 64 {
                    break;
                }
            }
            if next == stream.len() {
                quiet = if event { 0 } else { quiet + 1 };
                if quiet >= QUIET && held.is_none() {
                    break;
                }
            }
        }
        if cur.is_some() {
            run.partial_mbs = placed;
        }
        run.cycles = last_out.max(1);
        run
    }
}
