//! docs/results/rd.md and rd.json: formatting of the summary (no number is
//! computed here).

mod json;
mod markdown;

pub use json::json;
pub use markdown::markdown;

use crate::published::Published;
use crate::summary::Summary;
use crate::Run;

/// Everything a report is rendered from.
pub struct Doc<'a> {
    pub run: &'a Run,
    pub summary: &'a Summary,
    pub published: &'a Published,
}
