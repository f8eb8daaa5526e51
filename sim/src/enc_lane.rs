//! The encoder lane `enc_lane_i16` (rtl/encoder/): pictures in, the Annex B byte stream and the
//! reconstruction out, driven with random stalls on its three ports.

use crate::bits::{pack_bytes, unpack_bytes};
use crate::{Port, Rng, Sim, Stalls};
use golden::encoder::{EncoderConfig, Profile};
use golden::picture::{ChromaFormat, Picture};
use vectors::intra::{mb_samples, put_mb_samples};

/// `enc_lane_i16` (Chroma = 1, MaxWidthMbs = 480).
pub struct EncLane {
    sim: Sim,
    cfg_p: [Port; 7],
    p: [Port; 11],
    /// The settings given to `start`.
    cfg: Option<EncoderConfig>,
    /// Pictures coded since `start`.
    pictures: usize,
}

/// The widest picture of the lane's default build, in macroblocks (MaxWidthMbs).
pub const ENC_LANE_MAX_WIDTH_MBS: usize = 480;

/// The configuration ports, in [`set_config`]'s order (also `loopback_i16`'s).
pub(crate) const CFG_NAMES: [&str; 7] = [
    "cfg_width_i",
    "cfg_height_i",
    "cfg_chroma_i",
    "cfg_slices_i",
    "cfg_qp_i",
    "cfg_qp_map_i",
    "cfg_dz_i",
];

const NAMES: [&str; 11] = [
    "in_valid_i",
    "in_ready_o",
    "in_data_i",
    "in_qp_i",
    "out_valid_o",
    "out_ready_i",
    "out_byte_o",
    "out_last_o",
    "rec_valid_o",
    "rec_ready_i",
    "rec_o",
];

/// What the lane gave for one picture.
#[derive(Clone, Debug)]
pub struct LanePicture {
    /// Its bytes (after the parameter sets, for the first picture after reset).
    pub bytes: Vec<u8>,
    /// Its reconstruction.
    pub recon: Picture,
    /// Clock cycles from its first input beat offered to its last byte or reconstructed
    /// macroblock out, whichever is later.
    pub cycles: u64,
    /// The cycle (counted as `cycles`) in which each macroblock's reconstruction was taken.
    pub mb_done: Vec<u64>,
}

/// What the lane gave for a sequence of pictures.
#[derive(Clone, Debug)]
pub struct LaneRun {
    /// The byte stream.
    pub bytes: Vec<u8>,
    /// The reconstruction of each picture.
    pub recon: Vec<Picture>,
    /// The cycles of each picture ([`LanePicture::cycles`]).
    pub cycles: Vec<u64>,
}

/// Stall patterns of the three ports: input valid, output ready, reconstruction ready.
#[derive(Clone, Copy, Debug)]
pub struct LaneStalls {
    pub input: Stalls,
    pub output: Stalls,
    pub recon: Stalls,
}

impl LaneStalls {
    /// Every port always ready / valid.
    pub const NONE: LaneStalls = LaneStalls {
        input: Stalls::NONE,
        output: Stalls::NONE,
        recon: Stalls::NONE,
    };
}

/// Sets the lane's configuration ports (cfg_width_i, cfg_height_i, cfg_chroma_i,
/// cfg_slices_i, cfg_qp_i, cfg_qp_map_i, cfg_dz_i, in this order) for pictures of `format`,
/// `width` x `height` coded with `cfg`: the encoder lane's, or a top's that passes them on
/// (`loopback_i16`).
pub(crate) fn set_config(
    s: &mut Sim,
    ports: [Port; 7],
    format: ChromaFormat,
    width: usize,
    height: usize,
    cfg: &EncoderConfig,
) {
    let [width_i, height_i, chroma_i, slices_i, qp_i, qp_map_i, dz_i] = ports;
    s.set_u64(width_i, width as u64);
    s.set_u64(height_i, height as u64);
    s.set_u64(chroma_i, u64::from(format == ChromaFormat::Yuv420));
    s.set_u64(slices_i, cfg.slices as u64);
    s.set_u64(qp_i, cfg.qp as u64);
    s.set_u64(qp_map_i, u64::from(cfg.mb_qp.is_some()));
    s.set_u64(dz_i, u64::from(cfg.deadzone.0));
}

/// The lane's input beats for `pic` coded with `cfg`: (16 samples, the macroblock's QP), in
/// order (16 luma beats a macroblock, then 4 Cb and 4 Cr for 4:2:0).
pub(crate) fn input_beats(pic: &Picture, cfg: &EncoderConfig) -> Vec<([u8; 16], u8)> {
    let per_mb = if pic.format == ChromaFormat::Yuv420 {
        24
    } else {
        16
    };
    let mbs = pic.width_mbs() * pic.height_mbs();
    let mut beats = Vec::with_capacity(mbs * per_mb);
    for addr in 0..mbs {
        let samples = mb_samples(pic, addr);
        let qp = cfg.mb_qp.as_ref().map_or(cfg.qp, |m| m[addr]) as u8;
        for b in 0..per_mb {
            beats.push((samples[16 * b..16 * b + 16].try_into().expect("16"), qp));
        }
    }
    beats
}

impl Default for EncLane {
    fn default() -> Self {
        Self::new()
    }
}

impl EncLane {
    /// The RTL as Verilator reads it.
    pub fn new() -> EncLane {
        let sim = Sim::new("enc_lane_i16");
        EncLane {
            cfg_p: CFG_NAMES.map(|n| sim.port(n)),
            p: NAMES.map(|n| sim.port(n)),
            sim,
            cfg: None,
            pictures: 0,
        }
    }

    /// Why the lane cannot code `cfg` (an option it does not have), or `None`.
    pub fn unsupported(cfg: &EncoderConfig, width: usize) -> Option<String> {
        if cfg.profile != Profile::I16X16_ONLY {
            return Some(
                "the encoder lane codes the i16x16 profile only (--profile i16x16)".into(),
            );
        }
        if cfg.transform_8x8 {
            return Some("the encoder lane has no 8x8 transform (--transform-8x8)".into());
        }
        if cfg.deblock {
            return Some("the encoder lane has no deblocking filter (--deblock)".into());
        }
        if cfg.rdoq.is_some() {
            return Some("the encoder lane has no RDOQ (it rounds with the dead zone)".into());
        }
        if width.div_ceil(16) > ENC_LANE_MAX_WIDTH_MBS {
            return Some(format!(
                "the encoder lane takes pictures up to {} luma samples wide",
                16 * ENC_LANE_MAX_WIDTH_MBS
            ));
        }
        None
    }

    /// Resets the lane and sets its configuration for pictures of `format`, `width` x
    /// `height` coded with `cfg` (which the lane must support: [`EncLane::unsupported`]).
    pub fn start(
        &mut self,
        format: ChromaFormat,
        width: usize,
        height: usize,
        cfg: &EncoderConfig,
    ) {
        assert!(
            EncLane::unsupported(cfg, width).is_none(),
            "the lane cannot code {cfg:?}"
        );
        let [in_valid_i, _, _, _, _, out_ready_i, _, _, _, rec_ready_i, _] = self.p;
        self.sim.reset_with(&[in_valid_i, out_ready_i, rec_ready_i]);
        set_config(&mut self.sim, self.cfg_p, format, width, height, cfg);
        self.cfg = Some(cfg.clone());
        self.pictures = 0;
    }

    /// Codes the next picture (the format and size given to [`EncLane::start`]) with `stalls`
    /// on the ports, until its last NAL unit and reconstructed macroblock are out, then checks
    /// that the lane stays quiet for 32 cycles. Panics when the lane stops making progress or
    /// breaks a handshake rule (its own SVA stop the simulation).
    pub fn picture(&mut self, pic: &Picture, stalls: LaneStalls, rng: &mut Rng) -> LanePicture {
        let cfg = self.cfg.clone().expect("EncLane::start first");
        let mbs = pic.width_mbs() * pic.height_mbs();
        let [in_valid_i, in_ready_o, in_data_i, in_qp_i, out_valid_o, out_ready_i, out_byte_o, out_last_o, rec_valid_o, rec_ready_i, rec_o] =
            self.p;
        let s = &mut self.sim;
        let beats = input_beats(pic, &cfg);
        let units = if self.pictures == 0 { 2 } else { 0 } + cfg.slices;
        let mut recon = pic.clone();
        let mut mb_done = Vec::with_capacity(mbs);
        let (mut next, mut rec_mbs, mut units_out) = (0usize, 0usize, 0usize);
        let mut bytes = Vec::new();
        let (mut held_out, mut held_rec): (Option<(u8, bool)>, Option<Vec<u32>>) = (None, None);
        let limit = 10_000 + 3_000 * mbs as u64;
        let (mut cycles, mut idle_after) = (0u64, 0);
        while idle_after < 32 {
            cycles += 1;
            assert!(
                cycles < limit,
                "no progress after {cycles} cycles: {next} of {} beats in, {rec_mbs} macroblocks \
                 reconstructed, {units_out} of {units} units out",
                beats.len()
            );
            let offer = next < beats.len() && stalls.input.draw(rng).0;
            let out_ready = stalls.output.draw(rng).1;
            let rec_ready = stalls.recon.draw(rng).1;
            s.set_u64(in_valid_i, u64::from(offer));
            if offer {
                s.set(in_data_i, &pack_bytes(&beats[next].0));
                s.set_u64(in_qp_i, u64::from(beats[next].1));
            }
            s.set_u64(out_ready_i, u64::from(out_ready));
            s.set_u64(rec_ready_i, u64::from(rec_ready));
            s.eval();
            if offer && s.get_u64(in_ready_o) == 1 {
                next += 1;
            }
            let out = (s.get_u64(out_valid_o) == 1)
                .then(|| (s.get_u64(out_byte_o) as u8, s.get_u64(out_last_o) == 1));
            if let Some(h) = held_out.take() {
                assert_eq!(
                    out,
                    Some(h),
                    "output byte changed or vanished while stalled"
                );
            }
            if let Some(o) = out {
                assert!(
                    units_out < units,
                    "a byte after the picture's last NAL unit"
                );
                if out_ready {
                    bytes.push(o.0);
                    units_out += usize::from(o.1);
                } else {
                    held_out = Some(o);
                }
            }
            let rec = (s.get_u64(rec_valid_o) == 1).then(|| s.get(rec_o));
            if let Some(h) = held_rec.take() {
                assert_eq!(
                    rec.as_ref(),
                    Some(&h),
                    "reconstruction changed while stalled"
                );
            }
            if let Some(r) = rec {
                assert!(
                    rec_mbs < mbs,
                    "more reconstructed macroblocks than the picture has"
                );
                if rec_ready {
                    let samples: [u8; 384] = unpack_bytes(&r, 384).try_into().expect("384");
                    put_mb_samples(&mut recon, rec_mbs, &samples);
                    rec_mbs += 1;
                    mb_done.push(cycles);
                } else {
                    held_rec = Some(r);
                }
            }
            s.tick();
            if units_out == units && rec_mbs == mbs {
                idle_after += 1;
            }
        }
        self.pictures += 1;
        LanePicture {
            bytes,
            recon,
            cycles: cycles - 32,
            mb_done,
        }
    }

    /// Codes `pics` (same format and size) with `cfg` from reset: [`EncLane::start`], then
    /// [`EncLane::picture`] for each.
    pub fn encode(
        &mut self,
        pics: &[Picture],
        cfg: &EncoderConfig,
        stalls: LaneStalls,
        rng: &mut Rng,
    ) -> LaneRun {
        let first = pics.first().expect("at least one picture");
        self.start(first.format, first.width, first.height, cfg);
        let mut run = LaneRun {
            bytes: Vec::new(),
            recon: Vec::new(),
            cycles: Vec::new(),
        };
        for p in pics {
            assert_eq!(
                (p.format, p.width, p.height),
                (first.format, first.width, first.height)
            );
            let out = self.picture(p, stalls, rng);
            run.bytes.extend_from_slice(&out.bytes);
            run.recon.push(out.recon);
            run.cycles.push(out.cycles);
        }
        run
    }
}
