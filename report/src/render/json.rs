//! docs/results/rd.json: the measurements (every operating point) and the
//! summary's per-tensor values, compact.

use serde_json::{json, Value};

use super::Doc;
use crate::measure::{AtRate, Point};

fn point_json(p: &Point) -> Value {
    json!({
        "bits_per_value": p.bits,
        "bytes": p.bytes,
        "sqnr_db": p.db,
        "nmse": p.nmse,
        "setting": p.setting,
    })
}

fn points_json(p: &[Point]) -> Value {
    Value::Array(p.iter().map(point_json).collect())
}

/// A value at a target rate; `lo` and `hi` name the bracketing points (their
/// `setting`), listed in full in the tensor's points.
fn at_json(a: &AtRate) -> Value {
    json!({
        "sqnr_db": a.db,
        "how": a.flag.name(),
        "lo": a.lo.as_ref().map(|p| p.setting.clone()),
        "hi": a.hi.as_ref().map(|p| p.setting.clone()),
    })
}

/// The (tensor, rate) pairs where tricodec is below a baseline.
fn below_json(b: &crate::summary::BelowRtn) -> Value {
    b.list
        .iter()
        .map(|b| {
            json!({
                "model": b.model,
                "tensor": b.name,
                "target_bits_per_value": b.rate,
                "delta_db": b.delta,
            })
        })
        .collect()
}

/// The machine-readable report.
pub fn json(d: &Doc) -> String {
    let (run, sm) = (d.run, d.summary);
    let o = &run.meta;
    let models: Vec<Value> = run
        .models
        .iter()
        .enumerate()
        .map(|(mi, m)| {
            let tensors: Vec<Value> = run
                .results
                .iter()
                .zip(&sm.rows)
                .filter(|(r, _)| r.model == mi)
                .map(|(r, rows)| {
                    let rates: Vec<Value> = rows
                        .iter()
                        .map(|rw| {
                            json!({
                                "target_bits_per_value": rw.target,
                                "bound_db": rw.bound,
                                "bound_single_variance_db": rw.bound_1var,
                                "rtn_entropy": at_json(&rw.rtn_h),
                                "rtn_zstd": at_json(&rw.rtn_z),
                                "x264": rw.x264.as_ref().map(at_json),
                                "x264_int8_per_tensor": rw.x264_t.as_ref().map(at_json),
                                "ecsq_h": rw.ecsq.as_ref().map(point_json),
                                "tricodec": rw.tri.as_ref().map(point_json),
                                "at_tricodec_rate": rw.eq.as_ref().map(|e| json!({
                                    "bound_db": e.bound,
                                    "ecsq_h_db": e.ecsq,
                                    "rtn_entropy_db": e.rtn_h,
                                    "x264_db": e.x264,
                                    "x264_int8_per_tensor_db": e.x264_t,
                                })),
                            })
                        })
                        .collect();
                    json!({
                        "name": r.name,
                        "shape": r.shape,
                        "group": r.group.label(),
                        "values": r.values,
                        "rates": rates,
                        "rtn_entropy_points": points_json(&r.rtn.entropy),
                        "rtn_zstd_points": points_json(&r.rtn.zstd),
                        "x264_points": r.x264.as_deref().map(points_json),
                        "x264_side_info_bytes": r.x264_side_bytes,
                        "x264_int8_per_tensor_points": r.x264_tensor.as_deref().map(points_json),
                        "diagnosis": r.diag.as_ref().map(|d| json!({
                            "rate_bits_per_value": o.diagnose_rate,
                            "rtn_row_entropy_points": points_json(&d.rtn_row_entropy),
                            "rtn_uncentred_points": points_json(&d.rtn_uncentred),
                            "rtn_symmetric_points": points_json(&d.rtn_symmetric),
                            "x264_affine_row_points": points_json(&d.x264_affine_row),
                        })),
                    })
                })
                .collect();
            json!({"name": m.name, "path": m.path.display().to_string(), "tensors": tensors})
        })
        .collect();
    let speed = run.speed.as_ref().zip(sm.speed.as_ref()).map(|(sp, s)| {
        json!({
            "model": "all-MiniLM-L6-v2",
            "rate_bits_per_value": sp.rate,
            "model_bytes": sp.model_bytes,
            "x264_input_bytes": sp.x264_input_bytes,
            "x264_seconds": sp.x264.map(|x| x.0),
            "x264_output_bytes": sp.x264.map(|x| x.1),
            "x264_mb_per_s": s.x264.map(|x| x.mb_per_s),
            "tricodec_seconds": sp.tricodec.map(|x| x.0),
            "tricodec_tcz_bytes": sp.tricodec.map(|x| x.1),
            "tricodec_mb_per_s": s.tricodec.map(|x| x.mb_per_s),
            "tricodec_single_pass_seconds": sp.tricodec_pass.map(|x| x.0),
            "tricodec_single_pass_bytes": sp.tricodec_pass.map(|x| x.1),
            "tricodec_single_pass_mb_per_s": s.tricodec_pass.map(|x| x.mb_per_s),
        })
    });
    let mut doc = json!({
        "generated_by": o.command,
        "date": o.date,
        "machine": o.machine,
        "x264": o.x264_version,
        "x264_args": o.x264_args,
        "ffmpeg": o.ffmpeg_version,
        "alignment_for_x264": o.alignment,
        "tricodec": if sm.below_rtn.measured { o.tricodec.as_str() } else { "pending" },
        "target_rates": o.rates,
        "jobs": o.jobs,
        "diagnose_rate_bits_per_value": o.diagnose_rate,
        "measure_seconds": o.measure_secs,
        "total_seconds": o.total_secs,
        "models": models,
        "tricodec_below_rtn_entropy": below_json(&sm.below_rtn),
        "speed": speed,
        "tricodec_below_ecsq_h": below_json(&sm.below_ecsq),
        "model_quality": run.kld.iter().map(|k| json!({
            "model": k.model,
            "heads": k.heads,
            "kv_heads": k.kv_heads,
            "sequences": k.sampling.sequences,
            "tokens": k.sampling.tokens,
            "temperature": k.sampling.temperature,
            "first_seed": k.sampling.seed0,
            "perplexity_original": k.perplexity_original,
            "positions": k.positions,
            "weights": k.weights,
            "rows": k.rows.iter().map(|r| json!({
                "method": r.method,
                "target_bits_per_value": r.target,
                "bits_per_value": r.bits,
                "kld": r.kld,
                "top1_agreement": r.top1,
                "perplexity": r.perplexity,
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    });
    round_numbers(&mut doc);
    // Compact: one line, about a third of the pretty-printed size.
    let mut s = serde_json::to_string(&doc).expect("json");
    s.push('\n');
    s
}

/// Rounds every non-integer number to 6 significant digits (the measurements
/// are not more precise; keeps rd.json small).
fn round_numbers(v: &mut Value) {
    match v {
        Value::Number(n) if n.is_f64() => {
            let x = n.as_f64().expect("f64");
            if x != 0.0 && x.is_finite() {
                let scale = 10f64.powi(5 - x.abs().log10().floor() as i32);
                *v = json!((x * scale).round() / scale);
            }
        }
        Value::Array(a) => a.iter_mut().for_each(round_numbers),
        Value::Object(o) => o.values_mut().for_each(round_numbers),
        _ => {}
    }
}
