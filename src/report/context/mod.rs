//! Context: the context each template receives, built from the metrics (documented in
//! docs/templates.md; `baton context` prints it).

use crate::analysis::metrics::{Metrics, MonthMetrics};
use crate::base::datetime::Month;
use crate::base::format::{self};
use crate::report::site::{Selection, Site};
use serde::Serialize;
use serde_json::{Map, Value};

mod cells;
mod funnel;
mod quality;
mod rows;
mod tiles;

use cells::*;
use funnel::*;
pub use quality::{Quality, quality};
use rows::*;
use tiles::*;

#[derive(Serialize)]
struct NavLink {
    period: String,
    label: String,
    href: String,
}

/// Where a page's context is put: a tera `Context` to render from (each value converted once,
/// straight into tera's values), or a JSON object for `baton context` to print.
pub trait Sink: Default {
    fn put<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T);

    /// Puts under `key` the members of the value already under `of` that a value of `shape`'s
    /// type has (a part flattened into it), taken from it instead of converted again.
    fn put_part<T: Serialize>(&mut self, key: &'static str, of: &str, shape: &T);
}

impl Sink for Map<String, Value> {
    fn put<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.insert(
            key.to_string(),
            serde_json::to_value(value).expect("context values serialize"),
        );
    }

    fn put_part<T: Serialize>(&mut self, key: &'static str, of: &str, shape: &T) {
        let shape = serde_json::to_value(shape).expect("context values serialize");
        let whole = self.get(of).and_then(Value::as_object);
        let part: Map<String, Value> = shape
            .as_object()
            .into_iter()
            .flat_map(|m| m.keys())
            .filter_map(|k| Some((k.clone(), whole?.get(k)?.clone())))
            .collect();
        self.insert(key.to_string(), Value::Object(part));
    }
}

impl Sink for tera::Context {
    fn put<T: Serialize + ?Sized>(&mut self, key: &'static str, value: &T) {
        self.insert_value(
            key,
            tera::Value::try_from_serializable(value).expect("context values serialize"),
        );
    }

    fn put_part<T: Serialize>(&mut self, key: &'static str, of: &str, shape: &T) {
        let shape = tera::Value::try_from_serializable(shape).expect("context values serialize");
        let whole = self.get(of).and_then(tera::Value::as_map);
        // Maps and lists are shared between values: each member's clone copies a pointer.
        let part: tera::Map = shape
            .as_map()
            .into_iter()
            .flat_map(|m| m.keys())
            .filter_map(|k| Some((k.clone(), whole?.get(k)?.clone())))
            .collect();
        self.insert_value(key, tera::Value::from(part));
    }
}

/// The context of month `i`'s page.
pub fn month_context<S: Sink>(
    site: &Site,
    metrics: &Metrics,
    quality: &Quality,
    sel: &Selection,
    i: usize,
) -> S {
    let all = &metrics.months;
    let m = &all[i];
    let prev = i
        .checked_sub(1)
        .map(|p| &all[p])
        .filter(|p| p.period == m.period.prev());
    let mut c = S::default();
    c.put("site", site);
    c.put("period", &m.period.to_string());
    c.put("title", &m.period.label());
    c.put("as_of", &m.as_of);
    c.put(
        "as_of_label",
        &m.period.last_day().format("%-d %B %Y").to_string(),
    );
    c.put("in_progress", &(m.period >= sel.current));
    c.put("kpis", &kpis(m, prev, &site.currency));
    c.put("previous_label", &prev.map(|p| p.period.label()));
    c.put("funnel", &funnel(m));
    c.put("conversions", &conversion_rows(m));
    c.put("stage_notes", &stage_notes(m, false));
    c.put("stage_order", &stage_notes(m, true));
    c.put("channel_columns", &CHANNEL_COLUMNS);
    c.put("channels", &channel_rows(m, &site.currency));
    c.put("no_spend_note", &no_spend(m));
    c.put("campaigns", &campaign_rows(m, &site.currency));
    c.put("cohorts", &cohort_rows(m));
    c.put("claims", &claims(m));
    c.put("quality", quality);
    // Only to pages the published report holds: the nearest built month either side.
    let built = |p: &&MonthMetrics| sel.built.contains(&p.period);
    c.put(
        "nav_prev",
        &all[..i]
            .iter()
            .rev()
            .find(built)
            .map(|p| link(p.period, "../")),
    );
    c.put(
        "nav_next",
        &all[i + 1..]
            .iter()
            .find(built)
            .map(|n| link(n.period, "../")),
    );
    c.put("root", "../");
    c.put("metrics", m);
    // The analytics in short: the part of `metrics` they were flattened into (the keys of an
    // empty one say which), not converted a second time.
    c.put_part(
        "a",
        "metrics",
        &crate::analysis::analytics::Analytics::default(),
    );
    c.put("cur", &site.currency);
    let flagged: Vec<&str> = m
        .analytics
        .small_numbers
        .iter()
        .map(|s| s.metric.as_str())
        .collect();
    c.put("small", &flagged);
    c.put("flags", &flag_titles(m));
    c.put("small_mark", format::SMALL_MARK);
    c.put("targets", &target_views(m, &site.currency));
    // The metrics only a target shows (the glossary defines them only then).
    let targeted: Vec<&str> = m
        .analytics
        .targets
        .iter()
        .map(|t| t.metric.as_str())
        .collect();
    c.put("targeted", &targeted);
    c.put("models", &crate::analysis::attribution::MODELS);
    c.put(
        "charts",
        &crate::report::charts::charts(metrics, m, &site.currency),
    );
    c.put(
        "summary",
        &crate::report::summary::sentences(m, prev, &quality.spans, &site.currency),
    );
    c.put("downloads", &crate::report::tables::FILES);
    c
}

/// The context of the archive page.
pub fn index_context<S: Sink>(
    site: &Site,
    metrics: &Metrics,
    quality: &Quality,
    sel: &Selection,
) -> S {
    let rows: Vec<TableRow> = metrics
        .months
        .iter()
        .rev()
        .map(|m| {
            let n = &m.totals.numbers;
            TableRow {
                name: m.period.label(),
                // A month not built has no page to link to.
                sub: sel.built.contains(&m.period).then(|| m.period.to_string()),
                cells: vec![
                    format::count(n.leads),
                    opt_count(n.mqls),
                    opt_count(n.sqls),
                    opt_count(n.opportunities),
                    opt_count(n.won),
                    opt_money(n.revenue_won, &site.currency),
                    opt_money(n.spend, &site.currency),
                ],
                rates: Vec::new(),
            }
        })
        .collect();
    let mut c = S::default();
    c.put("site", site);
    c.put("title", "Monthly alignment reports");
    c.put("trend", &crate::report::charts::archive_trend(metrics));
    c.put("root", "");
    c.put("months", &rows);
    c.put("current", &sel.current.to_string());
    c.put("quality", quality);
    c.put("latest", &sel.latest);
    // The months with data but no page, newest first (the archive says how to build them).
    let not_built: Vec<String> = metrics
        .months
        .iter()
        .rev()
        .filter(|m| !sel.built.contains(&m.period))
        .map(|m| m.period.to_string())
        .collect();
    c.put("not_built", &not_built);
    c
}

fn link(m: Month, root: &str) -> NavLink {
    NavLink {
        period: m.to_string(),
        label: m.label(),
        href: format!("{root}{m}/index.html"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Serialize, Default)]
    struct Part {
        y: Vec<u32>,
        z: Option<String>,
    }

    #[derive(Serialize)]
    struct Whole {
        x: u32,
        #[serde(flatten)]
        part: Part,
    }

    fn whole() -> Whole {
        Whole {
            x: 1,
            part: Part {
                y: vec![2, 3],
                z: Some("<b>".to_string()),
            },
        }
    }

    #[test]
    fn a_part_taken_from_the_whole_is_the_part_converted_on_its_own() {
        let w = whole();
        let mut json: Map<String, Value> = Map::default();
        json.put("whole", &w);
        json.put_part("part", "whole", &Part::default());
        assert_eq!(json["part"], serde_json::to_value(&w.part).unwrap());
        let mut tera = tera::Context::default();
        tera.put("whole", &w);
        tera.put_part("part", "whole", &Part::default());
        assert_eq!(
            tera.get("part"),
            Some(&tera::Value::try_from_serializable(&w.part).unwrap())
        );
    }
}
