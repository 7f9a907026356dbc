//! Site: what every page of a report set shares (the company's settings, the months chosen) and
//! the rendered file a page becomes.

use crate::base::datetime::Month;
use serde::Serialize;

/// Settings shown on every page.
#[derive(Clone, Debug, Serialize)]
pub struct Site {
    /// CSS colour for charts and accents (validated), if the config sets one.
    pub accent: Option<String>,
    /// The logo as a `data:` URI, if the config sets one.
    pub logo: Option<String>,
    pub company: Option<String>,
    pub currency: String,
    pub timezone: String,
}

/// One rendered file: where it goes under the output folder, and its bytes.
pub struct OutputFile {
    pub rel: String,
    pub body: String,
}

/// Which months to render pages for, and "today" for marking a month in progress.
pub struct Selection<'a> {
    pub months: &'a [Month],
    /// The months whose pages the published report holds after this run (those rendered now
    /// and those a one-month run carries over): pages link only to these.
    pub built: &'a [Month],
    /// Whether the published report holds `latest/` after this run.
    pub latest: bool,
    pub current: Month,
    /// The day of the run, for the freshness notes.
    pub today: chrono::NaiveDate,
}
