//! Vector sets: the columns (one per port) that `tricodec-vectors` writes for each RTL top
//! and for the stages inside the residual lanes, at the widths of the RTL instances
//! (docs/rtl.md).

use golden::align::SideInfo;
use golden::quant::{self, Deadzone};
use golden::transform;

use crate::blocks::{DcIn, LaneIn};
use crate::hex::Column;
use crate::tensor::{Tensor, SAMPLE_GROUP};

fn wide(v: &[i32]) -> Vec<i64> {
    v.iter().map(|&x| i64::from(x)).collect()
}

/// `4x4` or `8x8` for blocks of `n` samples.
fn tag(n: usize) -> &'static str {
    if n == 16 {
        "4x4"
    } else {
        "8x8"
    }
}

/// The residual lane's ports, `lane4x4.*` / `lane8x8.*`: res_i, qp_i, dz_i, user_i, level_o,
/// recon_o, user_o; expected outputs from [`LaneIn::expected`].
pub fn lane_columns(inputs: &[LaneIn]) -> Vec<Column> {
    let n = inputs.first().map_or(16, |b| b.res.len());
    let p = format!("lane{}", tag(n));
    let mut cols = [
        Column::new(&format!("{p}.res_i"), 9, n, true),
        Column::new(&format!("{p}.qp_i"), 6, 1, false),
        Column::new(&format!("{p}.dz_i"), 10, 1, false),
        Column::new(&format!("{p}.user_i"), 8, 1, false),
        Column::new(&format!("{p}.level_o"), 16, n, true),
        Column::new(&format!("{p}.recon_o"), 16, n, true),
        Column::new(&format!("{p}.user_o"), 8, 1, false),
    ];
    for b in inputs {
        let want = b.expected();
        let row = [
            wide(&b.res),
            vec![i64::from(b.qp)],
            vec![i64::from(b.dz)],
            vec![i64::from(b.user)],
            wide(&want.levels),
            wide(&want.recon),
            vec![i64::from(want.user)],
        ];
        for (c, r) in cols.iter_mut().zip(row) {
            c.push(r);
        }
    }
    cols.into()
}

/// Stage-level columns of the residual path, at the widths of the lane's instances: the
/// inputs and outputs of `transform_fwd*` (`fwd`), `quant_q*` (`q`), `quant_dq*` (`dq`) and
/// `transform_inv*` (`inv`); `inv*.res_o` equals the lane's `recon_o` (checked by the tests).
pub fn stage_columns(inputs: &[LaneIn]) -> Vec<Column> {
    let n = inputs.first().map_or(16, |b| b.res.len());
    let t = tag(n);
    let cw = if n == 16 { 15 } else { 16 };
    let mut cols = [
        Column::new(&format!("fwd{t}.res_i"), 9, n, true),
        Column::new(&format!("fwd{t}.coef_o"), cw, n, true),
        Column::new(&format!("q{t}.coef_i"), cw, n, true),
        Column::new(&format!("q{t}.qp_i"), 6, 1, false),
        Column::new(&format!("q{t}.dz_i"), 10, 1, false),
        Column::new(&format!("q{t}.level_o"), 16, n, true),
        Column::new(&format!("dq{t}.level_i"), 16, n, true),
        Column::new(&format!("dq{t}.qp_i"), 6, 1, false),
        Column::new(&format!("dq{t}.coef_o"), 16, n, true),
        Column::new(&format!("inv{t}.coef_i"), 16, n, true),
        Column::new(&format!("inv{t}.res_o"), 16, n, true),
    ];
    for b in inputs {
        assert_eq!(b.res.len(), n, "mixed block sizes");
        let qp = i32::from(b.qp).min(51);
        let dz = Deadzone(u32::from(b.dz));
        let (coef, level, deq, rec) = if n == 16 {
            let c = transform::forward4x4(&b.res.clone().try_into().unwrap());
            let l = quant::quant4x4(&c, qp, dz);
            let d = quant::dequant4x4(&l, qp);
            (
                wide(&c),
                wide(&l),
                wide(&d),
                wide(&transform::inverse4x4(&d)),
            )
        } else {
            let c = transform::forward8x8(&b.res.clone().try_into().unwrap());
            let l = quant::quant8x8(&c, qp, dz);
            let d = quant::dequant8x8(&l, qp);
            (
                wide(&c),
                wide(&l),
                wide(&d),
                wide(&transform::inverse8x8(&d)),
            )
        };
        let row = [
            wide(&b.res),
            coef.clone(),
            coef,
            vec![i64::from(b.qp)],
            vec![i64::from(b.dz)],
            level.clone(),
            level,
            vec![i64::from(b.qp)],
            deq.clone(),
            deq,
            rec,
        ];
        for (c, r) in cols.iter_mut().zip(row) {
            c.push(r);
        }
    }
    cols.into()
}

/// The DC lane's ports, `lumadc.*` (16 terms) / `chromadc.*` (4): dc_i, qp_i, dz_i, user_i,
/// level_o, recon_o (33 / 30 bits), user_o; expected outputs from [`DcIn::expected`].
pub fn dc_columns(inputs: &[DcIn]) -> Vec<Column> {
    let n = inputs.first().map_or(16, |b| b.dc.len());
    let (p, rw) = if n == 16 {
        ("lumadc", 33)
    } else {
        ("chromadc", 30)
    };
    let mut cols = [
        Column::new(&format!("{p}.dc_i"), 13, n, true),
        Column::new(&format!("{p}.qp_i"), 6, 1, false),
        Column::new(&format!("{p}.dz_i"), 10, 1, false),
        Column::new(&format!("{p}.user_i"), 8, 1, false),
        Column::new(&format!("{p}.level_o"), 16, n, true),
        Column::new(&format!("{p}.recon_o"), rw, n, true),
        Column::new(&format!("{p}.user_o"), 8, 1, false),
    ];
    for b in inputs {
        let want = b.expected();
        let row = [
            wide(&b.dc),
            vec![i64::from(b.qp)],
            vec![i64::from(b.dz)],
            vec![i64::from(b.user)],
            wide(&want.levels),
            want.recon,
            vec![i64::from(want.user)],
        ];
        for (c, r) in cols.iter_mut().zip(row) {
            c.push(r);
        }
    }
    cols.into()
}

/// Columns of `align` (FP32, BFP, `g` elements per group, `n` per beat) for the first
/// `groups` groups of the tensor in row-major order: the raw patterns in, golden::align's
/// samples and E8M0 codes out.
pub fn align_columns(t: &Tensor, n: usize, g: usize, groups: usize) -> Result<Vec<Column>, String> {
    let bits = match &t.values {
        golden::align::FloatVec::F32(v) => v.clone(),
        _ => return Err("align vectors need an FP32 tensor".into()),
    };
    if n == 0
        || g != SAMPLE_GROUP as usize
        || !t.cols.is_multiple_of(g)
        || !g.is_multiple_of(n)
        || g / n < 2
    {
        return Err(format!(
            "need G = {SAMPLE_GROUP} dividing the columns, N dividing G, G / N >= 2"
        ));
    }
    let codes = match &t.aligned.side {
        SideInfo::Bfp { exponents, .. } => exponents,
        _ => unreachable!("Tensor::load aligns with BFP"),
    };
    let per = g / n;
    let idx_width = g.ilog2().max(1);
    let mut cols = [
        Column::new("align.fmt_i", 2, 1, false),
        Column::new("align.data_i", 32, n, false),
        Column::new("align.sample_o", 8, n, false),
        Column::new("align.code_o", 8, 1, false),
        Column::new("align.err_o", 1, 1, false),
        Column::new("align.err_idx_o", idx_width, 1, false),
        Column::new("align.last_o", 1, 1, false),
    ];
    let beats = groups.min(t.rows * t.cols / g) * per;
    for i in 0..beats {
        let span = i * n..(i + 1) * n;
        let row = [
            vec![0], // FP32
            bits[span.clone()].iter().map(|&b| i64::from(b)).collect(),
            t.aligned.samples[span]
                .iter()
                .map(|&s| i64::from(s))
                .collect(),
            vec![i64::from(codes[i / per])],
            vec![0],
            // err_idx_o is meaningful only with err_o; the gate-level check leaves it unchecked.
            vec![0],
            vec![i64::from(i % per == per - 1)],
        ];
        for (col, r) in cols.iter_mut().zip(row) {
            col.push(r);
        }
    }
    Ok(cols.into())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stimulus::{corner_blocks, lane_inputs};

    #[test]
    fn residual_columns_fit_the_lane_widths_and_stages_chain() {
        for n in [16, 64] {
            let inputs = lane_inputs(&corner_blocks(n));
            let lane = lane_columns(&inputs);
            let stages = stage_columns(&inputs);
            assert!(lane.iter().chain(&stages).all(|c| c.check().is_ok()));
            assert_eq!(lane[0].name, format!("lane{}.res_i", tag(n)));
            // QP and dead zone cycle.
            assert_eq!((lane[1].rows[0][0], lane[2].rows[0][0]), (0, 341));
            assert_eq!((lane[1].rows[1][0], lane[2].rows[1][0]), (6, 450));
            // Stage outputs feed the next stage; the last one is the lane's recon.
            assert_eq!(stages[1].rows, stages[2].rows);
            assert_eq!(stages[5].rows, stages[6].rows);
            assert_eq!(stages[5].rows, lane[4].rows);
            assert_eq!(stages[8].rows, stages[9].rows);
            assert_eq!(stages[10].rows, lane[5].rows);
            // The corners reach levels above 255 at QP 0; the zero block gives zeros.
            assert!(lane[4].rows.iter().flatten().any(|&l| l.abs() > 255));
            assert!(lane[4].rows[0]
                .iter()
                .chain(&lane[5].rows[0])
                .all(|&v| v == 0));
        }
    }
}
