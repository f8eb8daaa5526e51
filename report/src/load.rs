//! `--render-from`: the measurements of an earlier rd.json, to render the
//! report again without measuring. rd.json holds every operating point (rates
//! from exact byte counts, SQNR to 6 significant digits) but not the row
//! variances the bounds are computed from; those are recomputed from the model
//! files it names (seconds), with the same code as a measuring run.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::measure::Point;
use crate::rtn::Rtn;
use crate::{read_models, tensor_f64, Diag, Group, Meta, Model, Run, Speed, Stats, TensorResult};

/// `v[key]`, an error naming `at.key` when it is missing.
fn get<'a>(v: &'a Value, key: &str, at: &str) -> Result<&'a Value, String> {
    v.get(key)
        .ok_or_else(|| format!("{at}: no \"{key}\" (rd.json from an older rd-report?)"))
}

fn num(v: &Value, key: &str, at: &str) -> Result<f64, String> {
    get(v, key, at)?
        .as_f64()
        .ok_or_else(|| format!("{at}.{key}: not a number"))
}

fn int(v: &Value, key: &str, at: &str) -> Result<u64, String> {
    get(v, key, at)?
        .as_u64()
        .ok_or_else(|| format!("{at}.{key}: not an unsigned integer"))
}

fn text(v: &Value, key: &str, at: &str) -> Result<String, String> {
    get(v, key, at)?
        .as_str()
        .map(str::to_string)
        .ok_or_else(|| format!("{at}.{key}: not a string"))
}

fn array<'a>(v: &'a Value, key: &str, at: &str) -> Result<&'a Vec<Value>, String> {
    get(v, key, at)?
        .as_array()
        .ok_or_else(|| format!("{at}.{key}: not an array"))
}

/// `v[key]` unless it is null.
fn non_null<'a>(v: &'a Value, key: &str, at: &str) -> Result<Option<&'a Value>, String> {
    let x = get(v, key, at)?;
    Ok((!x.is_null()).then_some(x))
}

/// An operating point; its rate is recomputed from its bytes as a measuring
/// run computes it (`Point::new`).
fn point(v: &Value, values: usize, at: &str) -> Result<Point, String> {
    let bytes = num(v, "bytes", at)?;
    Ok(Point {
        bits: bytes * 8.0 / values as f64,
        bytes,
        db: num(v, "sqnr_db", at)?,
        nmse: num(v, "nmse", at)?,
        setting: text(v, "setting", at)?,
    })
}

fn points(v: &Value, key: &str, values: usize, at: &str) -> Result<Vec<Point>, String> {
    let at = format!("{at}.{key}");
    array(v, key, &at)?
        .iter()
        .enumerate()
        .map(|(i, p)| point(p, values, &format!("{at}[{i}]")))
        .collect()
}

fn opt_points(v: &Value, key: &str, values: usize, at: &str) -> Result<Option<Vec<Point>>, String> {
    match non_null(v, key, at)? {
        None => Ok(None),
        Some(_) => points(v, key, values, at).map(Some),
    }
}

/// (seconds, bytes) when the run measured them.
fn pair(v: &Value, secs: &str, bytes: &str, at: &str) -> Result<Option<(f64, u64)>, String> {
    match non_null(v, secs, at)? {
        None => Ok(None),
        Some(_) => Ok(Some((num(v, secs, at)?, int(v, bytes, at)?))),
    }
}

fn meta(doc: &Value) -> Result<Meta, String> {
    let at = "rd.json";
    let strings = |key: &str| -> Result<Vec<String>, String> {
        array(doc, key, at)?
            .iter()
            .map(|a| a.as_str().map(str::to_string))
            .collect::<Option<_>>()
            .ok_or_else(|| format!("{at}.{key}: not an array of strings"))
    };
    let rates = array(doc, "target_rates", at)?
        .iter()
        .map(Value::as_f64)
        .collect::<Option<Vec<f64>>>()
        .ok_or_else(|| format!("{at}.target_rates: not an array of numbers"))?;
    Ok(Meta {
        command: text(doc, "generated_by", at)?,
        date: text(doc, "date", at)?,
        machine: text(doc, "machine", at)?,
        x264_version: text(doc, "x264", at)?,
        ffmpeg_version: text(doc, "ffmpeg", at)?,
        x264_args: strings("x264_args")?,
        alignment: text(doc, "alignment_for_x264", at)?,
        tricodec: text(doc, "tricodec", at)?,
        rates,
        jobs: int(doc, "jobs", at)? as usize,
        diagnose_rate: num(doc, "diagnose_rate_bits_per_value", at)?,
        measure_secs: num(doc, "measure_seconds", at)?,
        total_secs: num(doc, "total_seconds", at)?,
    })
}

/// One tensor: its points from rd.json, its statistics from the model.
fn tensor(
    v: &Value,
    model: usize,
    file: &Model,
    rates: &[f64],
    at: &str,
) -> Result<TensorResult, String> {
    let name = text(v, "name", at)?;
    let at = &format!("{at} {name}");
    let shape = array(v, "shape", at)?
        .iter()
        .map(|d| d.as_u64().map(|d| d as usize))
        .collect::<Option<Vec<usize>>>()
        .ok_or_else(|| format!("{at}.shape: not an array of sizes"))?;
    let values = int(v, "values", at)? as usize;
    let x = tensor_f64(&file.st, &name)?;
    if shape.len() != 2 || shape[0] * shape[1] != x.len() || values != x.len() {
        return Err(format!(
            "{at}: shape {shape:?} and {values} values do not match the model file ({} values)",
            x.len()
        ));
    }
    let stats = Stats::of(&x, shape[1], rates);
    let per_rate = array(v, "rates", at)?;
    if per_rate.len() != rates.len() {
        return Err(format!(
            "{at}.rates: {} entries, {} target rates",
            per_rate.len(),
            rates.len()
        ));
    }
    let mut tricodec = Vec::new();
    for (i, r) in per_rate.iter().enumerate() {
        if let Some(p) = non_null(r, "tricodec", at)? {
            tricodec.push(point(p, values, &format!("{at}.rates[{i}].tricodec"))?);
        }
    }
    if !tricodec.is_empty() && tricodec.len() != rates.len() {
        return Err(format!("{at}: tricodec measured at some target rates only"));
    }
    let diag = match non_null(v, "diagnosis", at)? {
        None => None,
        Some(d) => {
            let at = &format!("{at}.diagnosis");
            Some(Diag {
                rtn_row_entropy: points(d, "rtn_row_entropy_points", values, at)?,
                rtn_uncentred: points(d, "rtn_uncentred_points", values, at)?,
                rtn_symmetric: points(d, "rtn_symmetric_points", values, at)?,
                x264_affine_row: points(d, "x264_affine_row_points", values, at)?,
            })
        }
    };
    // ECSQ+H is recomputed from the model (deterministic, seconds), as the
    // bounds are.
    let ecsq = crate::ecsq::points(&x, shape[1], rates);
    let tri_rates: Vec<f64> = tricodec.iter().map(|p| p.bits).collect();
    let ecsq_at_tricodec = crate::ecsq::points(&x, shape[1], &tri_rates);
    Ok(TensorResult {
        ecsq,
        ecsq_at_tricodec,
        model,
        group: Group::of(&name),
        shape,
        values,
        sum_sq: stats.mean_sq * values as f64,
        rtn: Rtn {
            entropy: points(v, "rtn_entropy_points", values, at)?,
            zstd: points(v, "rtn_zstd_points", values, at)?,
        },
        x264: opt_points(v, "x264_points", values, at)?,
        x264_tensor: opt_points(v, "x264_int8_per_tensor_points", values, at)?,
        // Timings per QP and base QPs are not in rd.json; the report does
        // not show them.
        x264_secs: Default::default(),
        x264_side_bytes: int(v, "x264_side_info_bytes", at)?,
        bound_at_tricodec: tricodec.iter().map(|p| stats.bound_at(p.bits)).collect(),
        tricodec: (!tricodec.is_empty()).then_some(tricodec),
        tricodec_secs: Vec::new(),
        tricodec_base8: Vec::new(),
        diag,
        bound: stats.bound,
        bound_1var: stats.bound_1var,
        row_vars: stats.row_vars,
        name,
    })
}

fn speed(doc: &Value) -> Result<Option<Speed>, String> {
    let at = "rd.json.speed";
    let Some(v) = non_null(doc, "speed", "rd.json")? else {
        return Ok(None);
    };
    Ok(Some(Speed {
        model_bytes: int(v, "model_bytes", at)?,
        x264_input_bytes: int(v, "x264_input_bytes", at)?,
        x264: pair(v, "x264_seconds", "x264_output_bytes", at)?,
        tricodec: pair(v, "tricodec_seconds", "tricodec_tcz_bytes", at)?,
        tricodec_pass: pair(
            v,
            "tricodec_single_pass_seconds",
            "tricodec_single_pass_bytes",
            at,
        )?,
        rate: num(v, "rate_bits_per_value", at)?,
    }))
}

/// The model-level measurements (none in an rd.json from before them).
fn kld(doc: &Value) -> Result<Vec<crate::kld::KldRun>, String> {
    let Some(list) = doc.get("model_quality").and_then(Value::as_array) else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (i, m) in list.iter().enumerate() {
        let at = &format!("rd.json.model_quality[{i}]");
        let mut rows = Vec::new();
        for (j, r) in array(m, "rows", at)?.iter().enumerate() {
            let at = &format!("{at}.rows[{j}]");
            rows.push(crate::kld::Row {
                method: text(r, "method", at)?,
                target: num(r, "target_bits_per_value", at)?,
                bits: num(r, "bits_per_value", at)?,
                kld: num(r, "kld", at)?,
                top1: num(r, "top1_agreement", at)?,
                perplexity: num(r, "perplexity", at)?,
            });
        }
        out.push(crate::kld::KldRun {
            model: text(m, "model", at)?,
            heads: int(m, "heads", at)? as usize,
            kv_heads: int(m, "kv_heads", at)? as usize,
            sampling: tensor::llama::Sampling {
                sequences: int(m, "sequences", at)? as usize,
                tokens: int(m, "tokens", at)? as usize,
                temperature: num(m, "temperature", at)?,
                seed0: int(m, "first_seed", at)?,
            },
            perplexity_original: num(m, "perplexity_original", at)?,
            positions: int(m, "positions", at)? as usize,
            weights: m
                .get("weights")
                .and_then(Value::as_str)
                .unwrap_or_default()
                .to_string(),
            rows,
        });
    }
    Ok(out)
}

/// The run recorded in the rd.json at `path`.
pub fn run(path: &Path) -> Result<Run, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{}: {e}", path.display()))?;
    let doc: Value =
        serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", path.display()))?;
    let meta = meta(&doc)?;
    let mut list = Vec::new();
    for (i, m) in array(&doc, "models", "rd.json")?.iter().enumerate() {
        let at = format!("rd.json.models[{i}]");
        list.push((text(m, "name", &at)?, PathBuf::from(text(m, "path", &at)?)));
    }
    let models = read_models(&list)?;
    let mut results = Vec::new();
    for (mi, m) in array(&doc, "models", "rd.json")?.iter().enumerate() {
        let at = format!("rd.json.models[{mi}]");
        for t in array(m, "tensors", &at)? {
            results.push(tensor(t, mi, &models[mi], &meta.rates, &at)?);
        }
    }
    Ok(Run {
        kld: kld(&doc)?,
        speed: speed(&doc)?,
        meta,
        models: models.iter().map(Model::info).collect(),
        results,
    })
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn point_rate_is_recomputed_from_bytes() {
        // 3 bytes over 16 values: 1.5 bits/value, whatever rd.json rounded.
        let v = json!({"bits_per_value": 1.49, "bytes": 3.0, "sqnr_db": 9.5,
                       "nmse": 0.1, "setting": "qp=30"});
        let p = point(&v, 16, "t").expect("point");
        assert_eq!(
            (p.bits, p.bytes, p.db, p.setting.as_str()),
            (1.5, 3.0, 9.5, "qp=30")
        );
        let v = json!({"bytes": 3.0, "sqnr_db": "x", "nmse": 0.1, "setting": "b=1"});
        assert_eq!(point(&v, 16, "t").unwrap_err(), "t.sqnr_db: not a number");
    }

    #[test]
    fn older_rd_json_is_named_in_the_error() {
        let v = json!({"generated_by": "x", "date": "d", "machine": "m", "x264": "v",
                       "ffmpeg": "f", "x264_args": ["--qp"], "alignment_for_x264": "a",
                       "tricodec": "t", "target_rates": [2.5], "jobs": 2,
                       "diagnose_rate_bits_per_value": 2.5, "total_seconds": 1.0});
        let e = meta(&v).err().expect("missing key");
        assert_eq!(
            e,
            "rd.json: no \"measure_seconds\" (rd.json from an older rd-report?)"
        );
        let mut v = v;
        v["measure_seconds"] = json!(3.0);
        let m = meta(&v).expect("meta");
        assert_eq!((m.rates, m.jobs, m.measure_secs), (vec![2.5], 2, 3.0));
    }

    #[test]
    fn speed_pairs_need_both_seconds_and_bytes() {
        let v = json!({"speed": {"model_bytes": 8, "x264_input_bytes": 4,
                                  "rate_bits_per_value": 2.5,
                                  "x264_seconds": 1.0, "x264_output_bytes": 2,
                                  "tricodec_seconds": null, "tricodec_tcz_bytes": null,
                                  "tricodec_single_pass_seconds": 2.0}});
        let e = speed(&v).err().expect("no single-pass bytes");
        assert!(e.contains("tricodec_single_pass_bytes"), "{e}");
        let mut v = v;
        v["speed"]["tricodec_single_pass_bytes"] = json!(1);
        let s = speed(&v).expect("speed").expect("some");
        assert_eq!(
            (s.x264, s.tricodec, s.tricodec_pass),
            (Some((1.0, 2)), None, Some((2.0, 1)))
        );
    }
}
