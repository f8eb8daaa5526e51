//! Figures from outside sources that the report compares with
//! (report/data/published.json, compiled in): each figure names its source,
//! the weights and rate it was measured at and the report column it is
//! compared with. Nothing measured elsewhere is typed into the renderer.

use serde::Deserialize;

use crate::summary::Method;
use crate::Group;

/// The data file, as compiled in.
pub const DATA: &str = include_str!("../data/published.json");

/// Where figures come from.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// Short name the figures refer to ("issue 3").
    pub id: String,
    pub title: String,
    /// Where to read it.
    #[serde(rename = "where")]
    pub location: String,
}

/// One SQNR figure from a source.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub source: String,
    /// Model name as rd-report names it.
    pub model: String,
    /// Weight group label (`Group::label`).
    pub weights: String,
    #[serde(rename = "rate_bits_per_value")]
    pub rate: f64,
    /// The report column it is compared with (`Method::id`).
    pub method: String,
    /// The method as the source describes it.
    pub as_stated: String,
    pub sqnr_db: f64,
    /// The source gives it as "about".
    pub approximate: bool,
}

impl Figure {
    /// "~15.6" or "15.6".
    pub fn text(&self) -> String {
        format!(
            "{}{}",
            if self.approximate { "~" } else { "" },
            self.sqnr_db
        )
    }
}

/// The goal the report checks.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Goal {
    pub source: String,
    pub model: String,
    pub weights: String,
    #[serde(rename = "rate_bits_per_value")]
    pub rate: f64,
    /// At most this many dB below the bound.
    pub within_bound_db: f64,
    /// At least this many dB above x264 and RTN + ideal entropy.
    pub gain_db: f64,
}

/// One mean KL divergence from a source (the model-level quality section).
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct KldFigure {
    pub source: String,
    pub model: String,
    /// The method of the model-level section (`kld::METHODS`).
    pub method: String,
    /// The method as the source names it.
    pub as_stated: String,
    #[serde(rename = "rate_bits_per_value")]
    pub rate: f64,
    pub kld_nats: f64,
}

/// Everything in the data file.
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Published {
    /// What the file is (not rendered).
    pub about: String,
    pub sources: Vec<Source>,
    pub figures: Vec<Figure>,
    pub goal: Goal,
    #[serde(default)]
    pub kld_figures: Vec<KldFigure>,
}

impl Published {
    /// The source named `id`.
    pub fn source(&self, id: &str) -> Option<&Source> {
        self.sources.iter().find(|s| s.id == id)
    }

    /// The KL figure for `method` on `model` at `rate`.
    pub fn kld(&self, model: &str, method: &str, rate: f64) -> Option<&KldFigure> {
        self.kld_figures
            .iter()
            .find(|f| f.model == model && f.method == method && (f.rate - rate).abs() < 1e-9)
    }
}

/// The group whose label is `label`.
pub fn group(label: &str) -> Option<Group> {
    [Group::AttnFfn, Group::Embedding, Group::Other]
        .into_iter()
        .find(|g| g.label() == label)
}

/// Parses and checks a data file: every source referred to exists, every
/// method and weight group is one the report has.
pub fn parse(text: &str) -> Result<Published, String> {
    let p: Published = serde_json::from_str(text).map_err(|e| format!("published figures: {e}"))?;
    let check = |source: &str, weights: &str, what: &str| -> Result<(), String> {
        if p.source(source).is_none() {
            return Err(format!("published figures: {what}: no source {source:?}"));
        }
        if group(weights).is_none() {
            return Err(format!(
                "published figures: {what}: no weight group {weights:?}"
            ));
        }
        Ok(())
    };
    for f in &p.figures {
        let what = format!("figure {} {}", f.source, f.method);
        check(&f.source, &f.weights, &what)?;
        if Method::from_id(&f.method).is_none() {
            return Err(format!(
                "published figures: {what}: no method {:?}",
                f.method
            ));
        }
    }
    check(&p.goal.source, &p.goal.weights, "goal")?;
    for f in &p.kld_figures {
        let what = format!("KL figure {} {} {}", f.source, f.method, f.rate);
        if p.source(&f.source).is_none() {
            return Err(format!(
                "published figures: {what}: no source {:?}",
                f.source
            ));
        }
        if !crate::kld::METHODS.contains(&f.method.as_str()) {
            return Err(format!(
                "published figures: {what}: no method {:?}",
                f.method
            ));
        }
    }
    Ok(p)
}

/// The compiled-in data file.
pub fn load() -> Result<Published, String> {
    parse(DATA)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn data_file_loads() {
        let p = load().expect("report/data/published.json");
        assert_eq!(p.goal.rate, 2.5);
        assert_eq!(p.goal.within_bound_db, 1.0);
        assert_eq!(p.goal.gain_db, 1.7);
        let bound = p
            .figures
            .iter()
            .find(|f| f.method == "bound")
            .expect("bound");
        assert_eq!(bound.text(), "~15.6");
    }

    #[test]
    fn rejects_unknown_source_method_or_field() {
        let good = load().expect("data");
        let text = DATA.replace("\"method\": \"bound\"", "\"method\": \"jpeg\"");
        assert!(parse(&text).unwrap_err().contains("no method \"jpeg\""));
        let text = DATA.replace(
            "\"source\": \"issue 3\",\n    \"model\"",
            "\"source\": \"x\",\n    \"model\"",
        );
        assert!(parse(&text).unwrap_err().contains("goal: no source \"x\""));
        let text = DATA.replace("\"sqnr_db\": 15.6", "\"sqnr\": 15.6");
        assert!(parse(&text).is_err());
        assert_eq!(good.sources.len(), 2);
        assert_eq!(
            good.kld("stories260K", "ECSQ+H", 2.5).map(|f| f.kld_nats),
            Some(5.56)
        );
        let text = DATA.replace("\"method\": \"RTN symmetric\"", "\"method\": \"RTN sym\"");
        assert!(parse(&text).unwrap_err().contains("no method \"RTN sym\""));
    }
}
