//! The tensor decoder top `tensor_dec_top` (rtl/tensor/): decoder lanes fed parts (one slice
//! of a tile each: the tile stream's SPS, PPS and that slice) with band descriptors, the
//! floats out with their place in the tensor; and the host's side of it (D35): the parts and
//! their descriptors made from a coded tensor and its [`DecodePlan`], and which lane takes
//! which part.

use crate::{Port, Rng, Sim, Stalls};
use golden::align::Dtype;
use golden::bitstream::reader::BitReader;
use golden::bitstream::{parse_nal, split_annexb};
use golden::{invalid, Result};
use tensor::codec::{decode, decode_plan, CodedTensor, DecodePlan};
use vectors::bits::put_bits;

/// Lanes of the product configuration (`Lanes`'s default): the report's model,
/// `tensor_dec_top_13`, built when TRICODEC_SIM_TOPS names it (sim/build.rs).
pub const TENSOR_DEC_LANES: usize = 13;
/// Lanes of the model `cargo test` builds (`tensor_dec_top`).
pub const TENSOR_DEC_TEST_LANES: usize = 3;
/// The largest tile of the default build, in macroblocks each way (`MaxWidthMbs`).
pub const TENSOR_DEC_MAX_WIDTH_MBS: usize = 128;
/// Bits of a band descriptor (tensor_dec_rows's `DW`).
const DW: usize = 16 * 40 + 5 + 12 + 32 + 2 + 7 + 8 + 1;
/// Words of the output beat's data (16 lanes of 32 bits).
const DATA_WORDS: usize = 16;

/// One macroblock row of a part: where its picture rows go (tensor_dec_rows's descriptor).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Band {
    /// dealign's format code: 0 FP32, 1 FP16, 2 BF16.
    pub fmt: u8,
    /// The tile's first column in the tensor matrix and its width in samples.
    pub col0: u32,
    pub cols: u32,
    /// Picture rows of the band in the tile (1..16).
    pub nrows: u32,
    /// The tensor row and E8M0 code of each picture row of the band (0 past `nrows`).
    pub rows: [u32; 16],
    pub codes: [u8; 16],
    /// The band's macroblock row, the part's macroblocks in it, and whether the band is the
    /// part's first.
    pub y: u32,
    pub mbs: u32,
    pub first: bool,
}

impl Band {
    /// Writes the descriptor at bit `pos` of `words` (the RTL's layout: rows, codes, then
    /// nrows, cols, col0, fmt, y, mbs and first towards the top).
    /// The bits there are cleared first.
    fn pack(&self, words: &mut [u32], pos: usize) {
        for b in pos..pos + DW {
            words[b / 32] &= !(1 << (b % 32));
        }
        for k in 0..16 {
            put_bits(words, pos + 32 * k, 32, u64::from(self.rows[k]));
            put_bits(words, pos + 512 + 8 * k, 8, u64::from(self.codes[k]));
        }
        put_bits(words, pos + 640, 5, u64::from(self.nrows));
        put_bits(words, pos + 645, 12, u64::from(self.cols));
        put_bits(words, pos + 657, 32, u64::from(self.col0));
        put_bits(words, pos + 689, 2, u64::from(self.fmt));
        put_bits(words, pos + 691, 7, u64::from(self.y));
        put_bits(words, pos + 698, 8, u64::from(self.mbs));
        put_bits(words, pos + 706, 1, u64::from(self.first));
    }
}

/// One slice of a tile as a lane takes it: the bytes (SPS, PPS, the slice, each after a
/// 4-byte start code) and a band per macroblock row the slice touches.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Part {
    pub bytes: Vec<u8>,
    pub bands: Vec<Band>,
    /// Macroblocks of the slice.
    pub mbs: usize,
}

/// dealign's format code of an output dtype.
pub fn fmt_code(dtype: Dtype) -> u8 {
    match dtype {
        Dtype::F32 => 0,
        Dtype::F16 => 1,
        Dtype::Bf16 => 2,
    }
}

/// The parts of a coded tensor, tile by tile and slice by slice, its rows numbered from
/// `row_base` (several tensors share the output's row numbers). Errors on a tile stream
/// without exactly one SPS and one PPS, a tile wider or taller than `max_mbs` macroblocks, or
/// slices out of order.
pub fn parts(
    coded: &CodedTensor,
    plan: &DecodePlan,
    dtype: Dtype,
    max_mbs: usize,
    row_base: u32,
) -> Result<Vec<Part>> {
    let mut out = Vec::new();
    for (t, stream) in plan.tiles.iter().zip(&coded.streams) {
        let (wm, hm) = (t.cols.div_ceil(16), t.rows.div_ceil(16));
        if wm > max_mbs || hm > max_mbs {
            return Err(invalid!(
                "tile {}x{} is larger than {max_mbs} macroblocks",
                t.cols,
                t.rows
            ));
        }
        let (mut sps, mut pps, mut slices) = (Vec::new(), Vec::new(), Vec::new());
        for unit in split_annexb(stream) {
            let nal = parse_nal(unit)?;
            match nal.nal_unit_type {
                7 => sps.push(unit),
                8 => pps.push(unit),
                1 | 5 => {
                    let first = BitReader::new(&nal.rbsp).read_ue()? as usize;
                    slices.push((first, unit));
                }
                _ => {}
            }
        }
        let ([sps], [pps]) = (sps.as_slice(), pps.as_slice()) else {
            return Err(invalid!("a tile stream with several SPS or PPS"));
        };
        for (i, &(first, unit)) in slices.iter().enumerate() {
            let end = slices.get(i + 1).map_or(wm * hm, |s| s.0);
            if first >= end || end > wm * hm {
                return Err(invalid!("slices out of order in a tile stream"));
            }
            let mut bytes = Vec::new();
            for u in [sps, pps, unit] {
                bytes.extend_from_slice(&[0, 0, 0, 1]);
                bytes.extend_from_slice(u);
            }
            let bands = (first / wm..=(end - 1) / wm)
                .map(|y| {
                    let nrows = (t.rows - 16 * y).min(16);
                    // The part's macroblocks in row y: [first, end) cut to the row.
                    let (m0, m1) = (first.max(y * wm), end.min((y + 1) * wm));
                    let mut b = Band {
                        fmt: fmt_code(dtype),
                        col0: t.col0 as u32,
                        cols: t.cols as u32,
                        nrows: nrows as u32,
                        rows: [0; 16],
                        codes: [0; 16],
                        y: y as u32,
                        mbs: (m1 - m0) as u32,
                        first: y == first / wm,
                    };
                    for k in 0..nrows {
                        let r = plan.rows[t.row0 + 16 * y + k];
                        b.rows[k] = row_base + r;
                        b.codes[k] = plan.codes[r as usize];
                    }
                    b
                })
                .collect();
            out.push(Part {
                bytes,
                bands,
                mbs: end - first,
            });
        }
    }
    Ok(out)
}

/// A set of coded tensors as the host gives them to the top in one run: every tensor's parts
/// (rows numbered on from the previous tensor's), the length of each output row, and golden's
/// values (`tensor::codec::decode`, widened) in the same row order.
pub struct Job {
    pub parts: Vec<Part>,
    pub row_len: Vec<usize>,
    pub want: Vec<u32>,
}

/// The [`Job`] of `tensors` (coded tensor, shape) decoded into `dtype`.
pub fn job(tensors: &[(&CodedTensor, &[usize])], dtype: Dtype, max_mbs: usize) -> Result<Job> {
    let mut j = Job {
        parts: Vec::new(),
        row_len: Vec::new(),
        want: Vec::new(),
    };
    for &(coded, shape) in tensors {
        let plan = decode_plan(coded, shape)?;
        let base = j.row_len.len() as u32;
        j.parts.extend(parts(coded, &plan, dtype, max_mbs, base)?);
        j.row_len
            .extend(std::iter::repeat_n(plan.matrix.cols, plan.matrix.rows));
        j.want
            .extend(decode(coded, shape, dtype)?.as_slice().widened_bits());
    }
    Ok(j)
}

/// The host's dispatch: each part, in order, to the lane with the fewest bytes so far (ties:
/// the lowest lane). Returns each lane's parts.
pub fn dispatch(parts: &[Part], lanes: usize) -> Vec<Vec<usize>> {
    let mut load = vec![0usize; lanes];
    let mut out = vec![Vec::new(); lanes];
    for (i, p) in parts.iter().enumerate() {
        let l = (0..lanes)
            .min_by_key(|&l| (load[l], l))
            .expect("lanes >= 1");
        load[l] += p.bytes.len();
        out[l].push(i);
    }
    out
}

/// What the top gave for one run.
#[derive(Clone, Debug)]
pub struct TopRun {
    /// Each value's bits (16-bit formats in the low half), row after row.
    pub values: Vec<u32>,
    /// Values written (each at most once: a second write panics).
    pub written: usize,
    /// Lanes whose error flag rose (bit l: lane l).
    pub errors: u64,
    /// Clock cycles from the first byte offered to the last value out.
    pub cycles: u64,
}

const NAMES: [&str; 14] = [
    "in_valid_i",
    "in_ready_o",
    "in_byte_i",
    "in_last_i",
    "desc_valid_i",
    "desc_ready_o",
    "desc_i",
    "out_valid_o",
    "out_ready_i",
    "out_data_o",
    "out_row_o",
    "out_col_o",
    "out_count_o",
    "err_o",
];

/// `tensor_dec_top` (MaxWidthMbs = [`TENSOR_DEC_MAX_WIDTH_MBS`]) with [`TENSOR_DEC_TEST_LANES`]
/// or [`TENSOR_DEC_LANES`] lanes.
pub struct TensorDecTop {
    sim: Sim,
    p: [Port; 14],
    lanes: usize,
}

/// Cycles without any byte, band or value moving after which a run that has not finished is
/// a hang.
const QUIET: u64 = 50_000;

impl TensorDecTop {
    /// The RTL as Verilator reads it, with `lanes` lanes: [`TENSOR_DEC_TEST_LANES`] (the
    /// model `cargo test` builds) or [`TENSOR_DEC_LANES`] (built on request). Panics for
    /// another count.
    pub fn new(lanes: usize) -> TensorDecTop {
        let model = match lanes {
            TENSOR_DEC_TEST_LANES => "tensor_dec_top",
            TENSOR_DEC_LANES => "tensor_dec_top_13",
            _ => panic!("no tensor_dec_top model with {lanes} lanes"),
        };
        let sim = Sim::new(model);
        TensorDecTop {
            p: NAMES.map(|n| sim.port(n)),
            sim,
            lanes,
        }
    }

    /// Lanes of this model.
    pub fn lanes(&self) -> usize {
        self.lanes
    }

    /// Decodes `parts` from reset, lane `l` taking `lanes[l]` in order, into rows of
    /// `row_len[r]` values (the output's row numbers: one tensor's rows, or several tensors'
    /// after each other); `stalls` on the output port. Ends when every value is out, or 64
    /// cycles after an error flag rises. Panics on a hang (no movement for [`QUIET`] cycles),
    /// a value written twice or outside its row, or a beat that changes while stalled.
    pub fn decode(
        &mut self,
        parts: &[Part],
        lanes: &[Vec<usize>],
        row_len: &[usize],
        stalls: Stalls,
        rng: &mut Rng,
    ) -> TopRun {
        let [in_valid_i, in_ready_o, in_byte_i, in_last_i, desc_valid_i, desc_ready_o, desc_i, out_valid_o, out_ready_i, out_data_o, out_row_o, out_col_o, out_count_o, err_o] =
            self.p;
        let n = lanes.len();
        assert_eq!(n, self.lanes, "the model's lane count");
        let s = &mut self.sim;
        s.reset_with(&[in_valid_i, desc_valid_i, out_ready_i]);
        // Each lane's byte stream and bands, in its parts' order.
        let streams: Vec<Vec<u8>> = lanes
            .iter()
            .map(|ps| ps.iter().flat_map(|&i| parts[i].bytes.clone()).collect())
            .collect();
        let bands: Vec<Vec<&Band>> = lanes
            .iter()
            .map(|ps| ps.iter().flat_map(|&i| parts[i].bands.iter()).collect())
            .collect();
        let (mut next_byte, mut next_band) = (vec![0usize; n], vec![0usize; n]);
        let mut desc_words = vec![0u32; desc_i.words()];
        let mut desc_dirty = true;
        for (l, bs) in bands.iter().enumerate() {
            if let Some(b) = bs.first() {
                b.pack(&mut desc_words, l * DW);
            }
        }
        // Where each row starts in `values`.
        let mut start = Vec::with_capacity(row_len.len() + 1);
        start.push(0usize);
        for &n in row_len {
            start.push(start.last().copied().unwrap_or(0) + n);
        }
        let total = start[row_len.len()];
        let mut run = TopRun {
            values: vec![0; total],
            written: 0,
            errors: 0,
            cycles: 0,
        };
        let mut seen = vec![false; total];
        let (mut quiet, mut after_err) = (0u64, 0u64);
        let mut held: Option<Vec<u32>> = None;
        let mut in_words = vec![0u32; in_byte_i.words()];
        loop {
            run.cycles += 1;
            let (mut valid, mut last, mut dvalid) = (0u64, 0u64, 0u64);
            in_words.fill(0);
            for l in 0..n {
                if next_byte[l] < streams[l].len() {
                    valid |= 1 << l;
                    put_bits(&mut in_words, 8 * l, 8, u64::from(streams[l][next_byte[l]]));
                    if next_byte[l] + 1 == streams[l].len() {
                        last |= 1 << l;
                    }
                }
                if next_band[l] < bands[l].len() {
                    dvalid |= 1 << l;
                }
            }
            s.set_u64(in_valid_i, valid);
            s.set(in_byte_i, &in_words);
            s.set_u64(in_last_i, last);
            s.set_u64(desc_valid_i, dvalid);
            if desc_dirty {
                s.set(desc_i, &desc_words);
                desc_dirty = false;
            }
            let ready = stalls.draw(rng).1;
            s.set_u64(out_ready_i, u64::from(ready));
            s.eval();
            let mut moved = false;
            let (took, dtook) = (
                s.get_u64(in_ready_o) & valid,
                s.get_u64(desc_ready_o) & dvalid,
            );
            for l in 0..n {
                if took >> l & 1 == 1 {
                    next_byte[l] += 1;
                    moved = true;
                }
                if dtook >> l & 1 == 1 {
                    next_band[l] += 1;
                    moved = true;
                    if let Some(b) = bands[l].get(next_band[l]) {
                        b.pack(&mut desc_words, l * DW);
                        desc_dirty = true;
                    }
                }
            }
            let out = (s.get_u64(out_valid_o) == 1).then(|| {
                let mut v = s.get(out_data_o);
                for p in [out_row_o, out_col_o, out_count_o] {
                    v.push(s.get_u64(p) as u32);
                }
                v
            });
            if let Some(h) = held.take() {
                assert_eq!(out.as_ref(), Some(&h), "output changed while stalled");
            }
            if let Some(o) = out {
                if ready {
                    moved = true;
                    let (row, col, count) = (
                        o[DATA_WORDS] as usize,
                        o[DATA_WORDS + 1] as usize,
                        o[DATA_WORDS + 2] as usize,
                    );
                    assert!(
                        row < row_len.len() && col + count <= row_len[row] && count >= 1,
                        "beat outside the rows: row {row}, columns {col}..+{count}"
                    );
                    for (i, &v) in o[..count].iter().enumerate() {
                        let at = start[row] + col + i;
                        assert!(!seen[at], "value ({row}, {}) written twice", col + i);
                        seen[at] = true;
                        run.values[at] = v;
                        run.written += 1;
                    }
                } else {
                    held = Some(o);
                }
            }
            run.errors = s.get_u64(err_o);
            s.tick();
            if run.written == total {
                return run;
            }
            if run.errors != 0 {
                after_err += 1;
                if after_err > 64 {
                    return run;
                }
            }
            quiet = if moved { 0 } else { quiet + 1 };
            assert!(
                quiet < QUIET,
                "no movement for {QUIET} cycles: {} of {} values out, bytes in {next_byte:?}",
                run.written,
                total
            );
        }
    }
}
