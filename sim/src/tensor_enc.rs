//! The tensor encoder top `tensor_enc_top` (rtl/tensor/): its scan pass (rows of floats in, an
//! E8M0 code per row out) and its coding pass (parts, one slice of a tile each: floats in, each
//! lane's bytes out); and the host's side of it (D36): the parts made from golden's
//! [`EncodePlan`] and the tensor's floats, which lane takes which part (the next free lane),
//! and the tile streams put together from the parts' bytes.

use crate::tensor_dec::fmt_code;
use crate::{Port, Rng, Sim, Stalls};
use golden::align::{Dtype, FloatVec};
use golden::encoder::slice_bounds;
use golden::{unsupported, Result};
use std::collections::VecDeque;
use tensor::codec::{EncodePlan, Prepared, QpChoice};
use vectors::bits::put_bits;

/// Lanes of the report's model, `tensor_enc_top_6`, built when TRICODEC_SIM_TOPS names it.
pub const TENSOR_ENC_LANES: usize = 6;
/// Lanes of the model `cargo test` builds (`tensor_enc_top`).
pub const TENSOR_ENC_TEST_LANES: usize = 2;
/// The widest tile of the default build, in macroblocks (`MaxWidthMbs`).
pub const TENSOR_ENC_MAX_WIDTH_MBS: usize = 128;
/// Bits of a macroblock coordinate and address in the default build (XW, AW).
const XW: usize = 7;
const AW: usize = 2 * XW + 1;

/// One input beat of the coding pass: 16 floats of one picture row (bit patterns, 16-bit
/// formats in the low half), that row's E8M0 code and its macroblock's QP.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncBeat {
    pub data: [u32; 16],
    pub code: u8,
    pub qp: u8,
}

/// One slice of a tile as a lane codes it: the part beat's fields and the macroblocks' beats
/// (16 a macroblock, raster order).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EncPart {
    /// The tile (index into the plan's tiles) and the slice's number in it.
    pub tile: usize,
    pub slice: usize,
    /// The tile in luma samples; the slice's first macroblock, its x and y, and its count.
    pub width: u32,
    pub height: u32,
    pub first: u32,
    pub x: u32,
    pub y: u32,
    pub count: u32,
    /// The SPS and PPS go before the slice (the tile's first slice).
    pub ps: bool,
    pub beats: Vec<EncBeat>,
}

impl EncPart {
    /// NAL units the lane writes for the part.
    fn units(&self) -> usize {
        if self.ps {
            3
        } else {
            1
        }
    }
}

/// The parts of coding `values` (the tensor's floats, row-major) as `plan` says: tile by tile,
/// each tile's slices as golden's encoder splits it (`encoder::slice_bounds`). A
/// macroblock's beat k is picture row 16 y + k (the last row repeated below the tile), its 16
/// columns 16 x .. 16 x + 15 (the last column repeated right of it), so the samples are
/// golden's edge-padded picture. Errors on a plan with RDOQ (the lanes round with the dead
/// zone) or a tile wider than `max_mbs` macroblocks.
pub fn enc_parts(plan: &EncodePlan, values: &FloatVec, max_mbs: usize) -> Result<Vec<EncPart>> {
    if plan.rdoq.is_some() {
        return Err(unsupported!(
            "the encoder lanes have no RDOQ (code with --no-rdoq)"
        ));
    }
    let bits = values.as_slice().widened_bits();
    let cols = plan.matrix.cols;
    let mut out = Vec::new();
    for (ti, (t, qps)) in plan.tiles.iter().zip(&plan.qps).enumerate() {
        let (wm, hm) = (t.cols.div_ceil(16), t.rows.div_ceil(16));
        if wm > max_mbs || hm > max_mbs {
            return Err(unsupported!(
                "tile {}x{} is larger than {max_mbs} macroblocks",
                t.cols,
                t.rows
            ));
        }
        let (total, slices) = (wm * hm, plan.slices[ti]);
        for s in 0..slices {
            let (first, end) = slice_bounds(total, slices, s);
            let mut beats = Vec::with_capacity(16 * (end - first));
            for (a, &qp) in qps.iter().enumerate().take(end).skip(first) {
                let (mx, my) = (a % wm, a / wm);
                for k in 0..16 {
                    let r = plan.rows[t.row0 + (16 * my + k).min(t.rows - 1)] as usize;
                    let mut data = [0u32; 16];
                    for (c, d) in data.iter_mut().enumerate() {
                        *d = bits[r * cols + t.col0 + (16 * mx + c).min(t.cols - 1)];
                    }
                    beats.push(EncBeat {
                        data,
                        code: plan.codes[r],
                        qp: qp as u8,
                    });
                }
            }
            out.push(EncPart {
                tile: ti,
                slice: s,
                width: t.cols as u32,
                height: t.rows as u32,
                first: first as u32,
                x: (first % wm) as u32,
                y: (first / wm) as u32,
                count: (end - first) as u32,
                ps: s == 0,
                beats,
            });
        }
    }
    Ok(out)
}

/// The scan pass's beats of a `rows` x `cols` tensor: each row in beats of 16 floats, the
/// last padded with +0 (bits 0), and whether the beat ends its row.
pub fn scan_beats(values: &FloatVec, rows: usize, cols: usize) -> Vec<([u32; 16], bool)> {
    let bits = values.as_slice().widened_bits();
    let mut out = Vec::with_capacity(rows * cols.div_ceil(16));
    for r in 0..rows {
        let row = &bits[r * cols..(r + 1) * cols];
        for (i, chunk) in row.chunks(16).enumerate() {
            let mut data = [0u32; 16];
            data[..chunk.len()].copy_from_slice(chunk);
            out.push((data, 16 * (i + 1) >= cols));
        }
    }
    out
}

/// One tensor as the host codes it on the top: golden's variant `prepared` coded at a byte
/// budget (the rate search is software's), its plan and the parts; `want` is golden's tile
/// streams.
pub struct EncJob {
    pub plan: EncodePlan,
    pub parts: Vec<EncPart>,
    pub want: Vec<Vec<u8>>,
}

/// The [`EncJob`] of `values` prepared as `prepared` and coded in at most `budget` bytes.
pub fn enc_job(prepared: &Prepared, values: &FloatVec, budget: u64) -> Result<EncJob> {
    let coded = prepared.code(QpChoice::Budget(budget))?.0;
    let base8 = tensor::codec::base_qp8(&coded)?;
    let plan = prepared.encode_plan(base8, false)?;
    let parts = enc_parts(&plan, values, TENSOR_ENC_MAX_WIDTH_MBS)?;
    Ok(EncJob {
        plan,
        parts,
        want: coded.streams,
    })
}

/// The tile streams of a run: each tile's parts' bytes in slice order.
pub fn tile_streams(parts: &[EncPart], bytes: &[Vec<u8>], tiles: usize) -> Vec<Vec<u8>> {
    let mut order: Vec<usize> = (0..parts.len()).collect();
    order.sort_by_key(|&i| (parts[i].tile, parts[i].slice));
    let mut out = vec![Vec::new(); tiles];
    for i in order {
        out[parts[i].tile].extend_from_slice(&bytes[i]);
    }
    out
}

/// What the top gave for one coding run.
#[derive(Clone, Debug)]
pub struct EncRun {
    /// Each part's bytes (its NAL units, Annex B).
    pub bytes: Vec<Vec<u8>>,
    /// The lane that coded each part.
    pub lane: Vec<usize>,
    /// Clock cycles from the first part offered to the last byte out.
    pub cycles: u64,
}

const NAMES: [&str; 29] = [
    "cfg_fmt_i",
    "cfg_dz_i",
    "cfg_t8_i",
    "scan_valid_i",
    "scan_ready_o",
    "scan_data_i",
    "scan_last_i",
    "code_valid_o",
    "code_ready_i",
    "code_o",
    "code_err_o",
    "part_valid_i",
    "part_ready_o",
    "part_width_i",
    "part_height_i",
    "part_first_i",
    "part_x_i",
    "part_y_i",
    "part_count_i",
    "part_ps_i",
    "in_valid_i",
    "in_ready_o",
    "in_data_i",
    "in_code_i",
    "in_qp_i",
    "out_valid_o",
    "out_ready_i",
    "out_byte_o",
    "out_last_o",
];

/// Cycles without any beat or byte moving after which a run that has not finished is a hang.
const QUIET: u64 = 50_000;

/// `tensor_enc_top` (MaxWidthMbs = [`TENSOR_ENC_MAX_WIDTH_MBS`]) with
/// [`TENSOR_ENC_TEST_LANES`] or [`TENSOR_ENC_LANES`] lanes.
pub struct TensorEncTop {
    sim: Sim,
    p: [Port; 29],
    lanes: usize,
}

impl TensorEncTop {
    /// The RTL as Verilator reads it, with `lanes` lanes: [`TENSOR_ENC_TEST_LANES`] (the
    /// model `cargo test` builds) or [`TENSOR_ENC_LANES`] (built on request). Panics for
    /// another count.
    pub fn new(lanes: usize) -> TensorEncTop {
        let model = match lanes {
            TENSOR_ENC_TEST_LANES => "tensor_enc_top",
            TENSOR_ENC_LANES => "tensor_enc_top_6",
            _ => panic!("no tensor_enc_top model with {lanes} lanes"),
        };
        let sim = Sim::new(model);
        let mut top = TensorEncTop {
            p: NAMES.map(|n| sim.port(n)),
            sim,
            lanes,
        };
        top.reset();
        top
    }

    /// Lanes of this model.
    pub fn lanes(&self) -> usize {
        self.lanes
    }

    fn reset(&mut self) {
        let p = self.p;
        self.sim.reset_with(&[p[3], p[8], p[11], p[20], p[26]]);
    }

    /// The scan pass from reset: `beats` ([`scan_beats`]) in, with `stalls` on both ports;
    /// returns each row's (code, Inf / NaN flag) and the cycles to the last code out.
    pub fn scan(
        &mut self,
        dtype: Dtype,
        beats: &[([u32; 16], bool)],
        stalls: Stalls,
        rng: &mut Rng,
    ) -> (Vec<(u8, bool)>, u64) {
        self.reset();
        let [cfg_fmt_i, _, _, scan_valid_i, scan_ready_o, scan_data_i, scan_last_i, code_valid_o, code_ready_i, code_o, code_err_o, ..] =
            self.p;
        let rows = beats.iter().filter(|b| b.1).count();
        let s = &mut self.sim;
        s.set_u64(cfg_fmt_i, u64::from(fmt_code(dtype)));
        let (mut next, mut out, mut quiet) = (0usize, Vec::with_capacity(rows), 0u64);
        let mut held: Option<(u8, bool)> = None;
        let mut cycles = 0u64;
        while out.len() < rows {
            cycles += 1;
            let offer = next < beats.len() && stalls.draw(rng).0;
            let ready = stalls.draw(rng).1;
            s.set_u64(scan_valid_i, u64::from(offer));
            if offer {
                s.set(scan_data_i, &beats[next].0);
                s.set_u64(scan_last_i, u64::from(beats[next].1));
            }
            s.set_u64(code_ready_i, u64::from(ready));
            s.eval();
            let mut moved = false;
            if offer && s.get_u64(scan_ready_o) == 1 {
                next += 1;
                moved = true;
            }
            let o = (s.get_u64(code_valid_o) == 1)
                .then(|| (s.get_u64(code_o) as u8, s.get_u64(code_err_o) == 1));
            if let Some(h) = held.take() {
                assert_eq!(o, Some(h), "scan output changed or vanished while stalled");
            }
            if let Some(o) = o {
                if ready {
                    out.push(o);
                    moved = true;
                } else {
                    held = Some(o);
                }
            }
            s.tick();
            quiet = if moved { 0 } else { quiet + 1 };
            assert!(
                quiet < QUIET,
                "scan: no movement for {QUIET} cycles, {} of {rows} codes",
                out.len()
            );
        }
        (out, cycles)
    }

    /// The coding pass from reset: `parts` in `dtype` with dead zone `dz` and the PPS flag
    /// `t8`, each part to the next lane whose part port is free (in part order), `stalls` on
    /// every lane's input and output. Panics on a hang (no movement for [`QUIET`] cycles), a
    /// byte that changes while stalled, or more NAL units than the parts have.
    pub fn code(
        &mut self,
        dtype: Dtype,
        dz: u32,
        t8: bool,
        parts: &[EncPart],
        stalls: Stalls,
        rng: &mut Rng,
    ) -> EncRun {
        self.reset();
        let [cfg_fmt_i, cfg_dz_i, cfg_t8_i, _, _, _, _, _, _, _, _, part_valid_i, part_ready_o, part_width_i, part_height_i, part_first_i, part_x_i, part_y_i, part_count_i, part_ps_i, in_valid_i, in_ready_o, in_data_i, in_code_i, in_qp_i, out_valid_o, out_ready_i, out_byte_o, out_last_o] =
            self.p;
        let n = self.lanes;
        let s = &mut self.sim;
        s.set_u64(cfg_fmt_i, u64::from(fmt_code(dtype)));
        s.set_u64(cfg_dz_i, u64::from(dz));
        s.set_u64(cfg_t8_i, u64::from(t8));
        let mut run = EncRun {
            bytes: vec![Vec::new(); parts.len()],
            lane: vec![usize::MAX; parts.len()],
            cycles: 0,
        };
        // Per lane: the part offered on its part port; the parts it took whose beats are
        // still to go in (front: the one being fed, with the next beat's index); the parts
        // whose bytes are still to come out (front: the one being written, with its units).
        let mut offered: Vec<Option<usize>> = vec![None; n];
        let mut feed: Vec<VecDeque<usize>> = vec![VecDeque::new(); n];
        let mut beat = vec![0usize; n];
        let mut writing: Vec<VecDeque<usize>> = vec![VecDeque::new(); n];
        let mut units = vec![0usize; n];
        let (mut next_part, mut done, mut quiet) = (0usize, 0usize, 0u64);
        let mut held: Vec<Option<(u8, bool)>> = vec![None; n];
        let mut words = PortWords::new([
            part_width_i,
            part_height_i,
            part_first_i,
            part_x_i,
            part_y_i,
            part_count_i,
            in_data_i,
            in_code_i,
            in_qp_i,
        ]);
        while done < parts.len() {
            run.cycles += 1;
            let (mut pvalid, mut ps, mut ivalid, mut oready) = (0u64, 0u64, 0u64, 0u64);
            words.clear();
            for l in 0..n {
                if offered[l].is_none() && next_part < parts.len() {
                    offered[l] = Some(next_part);
                    run.lane[next_part] = l;
                    next_part += 1;
                }
                if let Some(i) = offered[l] {
                    let p = &parts[i];
                    pvalid |= 1 << l;
                    ps |= u64::from(p.ps) << l;
                    words.put(0, 14 * l, 14, p.width);
                    words.put(1, 14 * l, 14, p.height);
                    words.put(2, AW * l, AW, p.first);
                    words.put(3, XW * l, XW, p.x);
                    words.put(4, XW * l, XW, p.y);
                    words.put(5, AW * l, AW, p.count);
                }
                if let Some(&i) = feed[l].front() {
                    if stalls.draw(rng).0 {
                        let b = &parts[i].beats[beat[l]];
                        ivalid |= 1 << l;
                        for (k, &d) in b.data.iter().enumerate() {
                            words.put(6, 512 * l + 32 * k, 32, d);
                        }
                        words.put(7, 8 * l, 8, u32::from(b.code));
                        words.put(8, 6 * l, 6, u32::from(b.qp));
                    }
                }
                if stalls.draw(rng).1 {
                    oready |= 1 << l;
                }
            }
            s.set_u64(part_valid_i, pvalid);
            s.set_u64(part_ps_i, ps);
            s.set_u64(in_valid_i, ivalid);
            s.set_u64(out_ready_i, oready);
            words.write(s);
            s.eval();
            let mut moved = false;
            let (ptook, itook) = (
                s.get_u64(part_ready_o) & pvalid,
                s.get_u64(in_ready_o) & ivalid,
            );
            let (ovalid, olast) = (s.get_u64(out_valid_o), s.get_u64(out_last_o));
            let obytes = s.get(out_byte_o);
            for l in 0..n {
                if ptook >> l & 1 == 1 {
                    let i = offered[l].take().expect("offered");
                    feed[l].push_back(i);
                    writing[l].push_back(i);
                    moved = true;
                }
                if itook >> l & 1 == 1 {
                    let i = *feed[l].front().expect("fed");
                    beat[l] += 1;
                    if beat[l] == parts[i].beats.len() {
                        feed[l].pop_front();
                        beat[l] = 0;
                    }
                    moved = true;
                }
                let o = (ovalid >> l & 1 == 1)
                    .then(|| ((obytes[l / 4] >> (8 * (l % 4))) as u8, olast >> l & 1 == 1));
                if let Some(h) = held[l].take() {
                    assert_eq!(
                        o,
                        Some(h),
                        "lane {l}: byte changed or vanished while stalled"
                    );
                }
                if let Some(o) = o {
                    if oready >> l & 1 == 1 {
                        let &i = writing[l]
                            .front()
                            .unwrap_or_else(|| panic!("lane {l}: a byte with no part to write"));
                        run.bytes[i].push(o.0);
                        moved = true;
                        if o.1 {
                            units[l] += 1;
                            if units[l] == parts[i].units() {
                                writing[l].pop_front();
                                units[l] = 0;
                                done += 1;
                            }
                        }
                    } else {
                        held[l] = Some(o);
                    }
                }
            }
            s.tick();
            quiet = if moved { 0 } else { quiet + 1 };
            assert!(
                quiet < QUIET,
                "code: no movement for {QUIET} cycles, {done} of {} parts written",
                parts.len()
            );
        }
        run
    }
}

/// The wide input ports of the coding pass, packed anew each cycle and written once.
struct PortWords {
    ports: [Port; 9],
    words: [Vec<u32>; 9],
}

impl PortWords {
    fn new(ports: [Port; 9]) -> PortWords {
        PortWords {
            words: ports.map(|p| vec![0; p.words()]),
            ports,
        }
    }

    fn clear(&mut self) {
        for w in &mut self.words {
            w.fill(0);
        }
    }

    fn put(&mut self, port: usize, pos: usize, width: usize, v: u32) {
        put_bits(&mut self.words[port], pos, width as u32, u64::from(v));
    }

    fn write(&self, s: &mut Sim) {
        for (p, w) in self.ports.iter().zip(&self.words) {
            s.set(*p, w);
        }
    }
}
