//! Context: the context each template receives, built from the metrics (documented in
//! docs/templates.md; `baton context` prints it).

use crate::analysis::metrics::{Metrics, MonthMetrics, Numbers, Unavailable};
use crate::analysis::numbers::{Kind, describe};
use crate::base::datetime::Month;
use crate::base::excerpt;
use crate::base::format::{self, DASH};
use crate::model::ledger::FileLedger;
use crate::report::site::{Selection, Site};
use serde::Serialize;
use serde_json::{Map, Value};
use std::collections::BTreeMap;

#[derive(Serialize)]
struct Kpi {
    key: &'static str,
    label: &'static str,
    value: String,
    change: Option<String>,
    /// `up`, `down` or `flat`.
    direction: Option<&'static str>,
    /// Whether the change is good news (costs going down are).
    good: Option<bool>,
    /// The change against the same month a year before, when the data reaches back that far.
    change_year: Option<String>,
}

#[derive(Serialize)]
struct FunnelStage {
    stage: &'static str,
    count: String,
    ratio: Option<String>,
    bar: u32,
}

#[derive(Serialize)]
struct TableRow {
    name: String,
    sub: Option<String>,
    cells: Vec<String>,
    /// Beside `cells`: the key of the rate a cell shows, for its small-number mark
    /// (`{{ flag(metric=r.rates[loop.index0]) }}`); empty for rows without rates.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    rates: Vec<Option<String>>,
}

#[derive(Serialize)]
struct InputView {
    path: String,
    source: String,
    rows: String,
    used: String,
    duplicates: String,
    same_email: String,
    rejected: String,
    problem: Option<String>,
    header: Option<String>,
    ignored: Option<String>,
    notes: Vec<String>,
}

#[derive(Serialize)]
pub struct Quality {
    inputs: Vec<InputView>,
    totals: InputView,
    /// Whether some file has records sharing an email with another of its source (a column
    /// of its own then).
    same_email: bool,
    /// Sources far behind the others, rows dated in the future (`freshness::warnings`).
    freshness: Vec<String>,
    /// Each source's name and the day its rows run to, for the summary (not shown as such).
    #[serde(skip)]
    spans: Vec<(String, chrono::NaiveDate)>,
    rejects: Vec<String>,
    more_rejects: u64,
    joins: Vec<(String, String)>,
    unavailable: Vec<Unavailable>,
    /// The report currency and how it was chosen (`Amounts in EUR: configured.`).
    currency: String,
    /// The rows left out for want of exchange rates, and the rates to add, if any.
    left_out: Option<String>,
}

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

fn opt_count(v: Option<u64>) -> String {
    v.map_or(DASH.to_string(), format::count)
}

fn opt_money(v: Option<f64>, cur: &str) -> String {
    v.map_or(DASH.to_string(), |x| format::money(x, cur))
}

fn opt_pct(v: Option<f64>) -> String {
    v.map_or(DASH.to_string(), format::percent)
}

fn opt_ratio(v: Option<f64>) -> String {
    v.map_or(DASH.to_string(), format::ratio)
}

fn kpis(m: &MonthMetrics, prev: Option<&MonthMetrics>, cur: &str) -> Vec<Kpi> {
    let n = &m.totals.numbers;
    let p = prev.map(|p| &p.totals.numbers);
    let f = |v: Option<u64>| v.map(|x| x as f64);
    let short = |v: Option<f64>| v.map_or(DASH.into(), |v| format::money_short(v, cur));
    // (key, value as shown, value, the previous month's)
    let specs: [(&'static str, String, Option<f64>, Option<f64>); 12] = [
        (
            "leads",
            format::count(n.leads),
            Some(n.leads as f64),
            p.map(|p| p.leads as f64),
        ),
        (
            "mqls",
            opt_count(n.mqls),
            f(n.mqls),
            p.and_then(|p| f(p.mqls)),
        ),
        (
            "sqls",
            opt_count(n.sqls),
            f(n.sqls),
            p.and_then(|p| f(p.sqls)),
        ),
        (
            "opportunities",
            opt_count(n.opportunities),
            f(n.opportunities),
            p.and_then(|p| f(p.opportunities)),
        ),
        (
            "pipeline_created",
            short(n.pipeline_created),
            n.pipeline_created,
            p.and_then(|p| p.pipeline_created),
        ),
        ("won", opt_count(n.won), f(n.won), p.and_then(|p| f(p.won))),
        (
            "revenue_won",
            short(n.revenue_won),
            n.revenue_won,
            p.and_then(|p| p.revenue_won),
        ),
        (
            "win_rate",
            opt_pct(n.win_rate),
            n.win_rate,
            p.and_then(|p| p.win_rate),
        ),
        ("spend", short(n.spend), n.spend, p.and_then(|p| p.spend)),
        ("cac", opt_money(n.cac, cur), n.cac, p.and_then(|p| p.cac)),
        ("roas", opt_ratio(n.roas), n.roas, p.and_then(|p| p.roas)),
        (
            "marketing_sourced_share",
            opt_pct(m.totals.marketing_sourced_share),
            m.totals.marketing_sourced_share,
            prev.and_then(|p| p.totals.marketing_sourced_share),
        ),
    ];
    specs
        .into_iter()
        .map(|(key, value, c, pv)| {
            let d = describe(key).expect("a headline metric");
            let how = change_of(d.kind);
            let ch = format::shift(c, pv, how);
            let direction = ch.as_ref().map(|s| match s.sign {
                0 => "flat",
                1 => "up",
                _ => "down",
            });
            let good = ch
                .as_ref()
                .and_then(|s| (s.sign != 0).then_some((s.sign > 0) != d.lower_is_better));
            let year = m
                .analytics
                .trends
                .get(key)
                .and_then(|t| format::shift(t.value, t.year_ago, how));
            Kpi {
                key,
                label: d.label,
                value,
                change: ch.map(|s| s.text),
                direction,
                good,
                change_year: year.map(|s| s.text),
            }
        })
        .collect()
}

/// How a change of a metric of this kind is shown: the same rule as `trends` in
/// `metrics.json` (relative for counts and amounts, a difference for shares and ratios).
fn change_of(kind: Kind) -> format::Change {
    match kind {
        Kind::Share => format::Change::Points,
        Kind::Ratio => format::Change::Times,
        Kind::Count | Kind::Money | Kind::Days => format::Change::Relative,
    }
}

/// A headline metric's value as the tables show it.
fn metric_value(kind: Kind, v: Option<f64>, cur: &str) -> String {
    let Some(v) = v else {
        return DASH.to_string();
    };
    match kind {
        Kind::Count => format::count(v.max(0.0).round() as u64),
        Kind::Money => format::money(v, cur),
        Kind::Share => format::percent(v),
        Kind::Ratio => format::ratio(v),
        Kind::Days => format::tenths(v),
    }
}

/// One target as the page shows it.
#[derive(Serialize)]
struct TargetView {
    key: String,
    label: String,
    target: String,
    actual: String,
    /// `beat by 24.3%`, `missed by 2.6%`, `on target`, or `—` without an actual value.
    outcome: String,
    /// Whether the target was met (for costs: whether the actual stayed at or under it).
    good: Option<bool>,
}

fn target_views(m: &MonthMetrics, cur: &str) -> Vec<TargetView> {
    m.analytics
        .targets
        .iter()
        .map(|t| {
            let d = describe(&t.metric);
            let kind = d.map_or(Kind::Count, |d| d.kind);
            let lower = d.is_some_and(|d| d.lower_is_better);
            // How far past the target, in its favourable direction (negative: short of it).
            let past = t.actual.and_then(|a| {
                (t.target != 0.0).then(|| {
                    let r = a / t.target - 1.0;
                    if lower { -r } else { r }
                })
            });
            let shown = past.map(|p| (format::percent(p.abs()), p));
            let outcome = match &shown {
                None => DASH.to_string(),
                Some((pct, _)) if pct == "0.0%" => "on target".to_string(),
                Some((pct, p)) if *p > 0.0 => format!("beat by {pct}"),
                Some((pct, _)) => format!("missed by {pct}"),
            };
            TargetView {
                key: t.metric.clone(),
                label: d.map_or_else(|| t.metric.clone(), |d| d.label.to_string()),
                target: metric_value(kind, Some(t.target), cur),
                actual: metric_value(kind, t.actual, cur),
                good: shown.map(|(pct, p)| pct == "0.0%" || p > 0.0),
                outcome,
            }
        })
        .collect()
}

/// A flagged rate's mark: its place in `small_numbers`, and what it says on hover.
#[derive(Serialize)]
struct FlagView {
    flag: usize,
    title: String,
}

/// The month's flagged rates: each rate's key in `small_numbers`, its place there and what its
/// mark says.
fn flag_titles(m: &MonthMetrics) -> BTreeMap<&str, FlagView> {
    let a = &m.analytics;
    a.small_numbers
        .iter()
        .enumerate()
        .map(|(flag, s)| {
            // `of` is plural; one event is singular (`1 closed deal`).
            let of = if s.events == 1 {
                s.of.strip_suffix('s').unwrap_or(s.of)
            } else {
                s.of
            };
            let title = format!(
                "Over {} {of}, fewer than {}: read with care",
                format::count(s.events),
                a.min_events
            );
            (s.metric.as_str(), FlagView { flag, title })
        })
        .collect()
}

/// The funnel's stages: each stage's count and, from the second on, the share of the stage
/// before's entries of the month that reached it by the month's end (never above 100%).
fn funnel(m: &MonthMetrics) -> Vec<FunnelStage> {
    let n = &m.totals.numbers;
    let c = &m.analytics.stage_conversion;
    let stages: [(&str, Option<u64>, Option<f64>); 5] = [
        ("Leads", Some(n.leads), None),
        ("MQLs", n.mqls, c.lead_to_mql.rate),
        ("SQLs", n.sqls, n.mqls.and(c.mql_to_sql.rate)),
        (
            "Opportunities",
            n.opportunities,
            n.sqls.and(c.sql_to_opportunity.rate),
        ),
        ("Won", n.won, n.opportunities.and(c.opportunity_to_won.rate)),
    ];
    let top = stages.iter().filter_map(|s| s.1).max().unwrap_or(0).max(1);
    stages
        .iter()
        .map(|(stage, v, rate)| FunnelStage {
            stage,
            count: opt_count(*v),
            ratio: v.and(*rate).map(format::percent),
            bar: v.map_or(0, |c| ((c as f64 / top as f64) * 100.0).round() as u32),
        })
        .collect()
}

/// One step of the funnel as a conversion: of a stage's entries of the month, how many reached
/// the next stage by the month's end.
#[derive(Serialize)]
struct ConversionRow {
    step: &'static str,
    /// `370 leads created`.
    from: String,
    reached: String,
    rate: String,
}

/// The funnel's steps whose two stages the inputs support.
fn conversion_rows(m: &MonthMetrics) -> Vec<ConversionRow> {
    let n = &m.totals.numbers;
    let c = &m.analytics.stage_conversion;
    let steps = [
        (
            "Lead to MQL",
            "leads created",
            Some(n.leads),
            n.mqls,
            &c.lead_to_mql,
        ),
        ("MQL to SQL", "MQLs", n.mqls, n.sqls, &c.mql_to_sql),
        (
            "SQL to opportunity",
            "SQLs",
            n.sqls,
            n.opportunities,
            &c.sql_to_opportunity,
        ),
        (
            "Opportunity to won",
            "opportunities created",
            n.opportunities,
            n.won,
            &c.opportunity_to_won,
        ),
    ];
    steps
        .into_iter()
        .filter(|s| s.2.is_some() && s.3.is_some())
        .map(|(step, what, _, _, s)| ConversionRow {
            step,
            from: format!("{} {what}", format::count(s.from)),
            reached: format::count(s.reached),
            rate: opt_pct(s.rate),
        })
        .collect()
}

/// `1 MQL` / `9 MQLs`.
fn counted(n: u64, one: &str, many: &str) -> String {
    format!("{} {}", format::count(n), if n == 1 { one } else { many })
}

/// What each time-to-stage transition left out and why, one sentence a transition that left
/// something out; with `backwards_only`, only the dates out of order (for data quality).
fn stage_notes(m: &MonthMetrics, backwards_only: bool) -> Vec<String> {
    let t = &m.analytics.time_to_stage;
    let n = &m.totals.numbers;
    // (step, span, shown, what reached the later stage, dates out of order, no earlier date)
    let rows = [
        (
            "Lead to MQL",
            &t.lead_to_mql,
            n.mqls.is_some(),
            ("MQL", "MQLs"),
            "whose MQL date is before the lead's creation date",
            "whose lead has no creation date (an export without one)",
        ),
        (
            "MQL to SQL",
            &t.mql_to_sql,
            n.sqls.is_some(),
            ("SQL", "SQLs"),
            "whose SQL date is before the MQL date",
            "with no MQL date (straight to SQL)",
        ),
        (
            "SQL to opportunity",
            &t.sql_to_opportunity,
            n.opportunities.is_some(),
            ("opportunity", "opportunities"),
            "created before the lead's SQL date",
            "with no lead that has an SQL date (no lead joined, or the lead was never an SQL)",
        ),
        (
            "Opportunity to won",
            &t.opportunity_to_won,
            n.won.is_some(),
            ("won deal", "won deals"),
            "whose close date is before the creation date",
            "with no creation date (an export without one)",
        ),
    ];
    let month = m.period.label();
    let mut out = Vec::new();
    for (step, span, shown, (one, many), backwards, no_start) in rows {
        if !shown {
            continue;
        }
        if backwards_only {
            if span.backwards > 0 {
                out.push(format!(
                    "{step}: {} of {month} {backwards}, left out of the time to stage.",
                    counted(span.backwards, one, many)
                ));
            }
            continue;
        }
        let mut left_out = Vec::new();
        if span.backwards > 0 {
            left_out.push(format!(
                "{} {backwards} (see data quality)",
                format::count(span.backwards)
            ));
        }
        if span.no_earlier_date > 0 {
            left_out.push(format!(
                "{} {no_start}",
                format::count(span.no_earlier_date)
            ));
        }
        if !left_out.is_empty() {
            out.push(format!(
                "{step}: {} of the {} measured; left out: {}.",
                format::count(span.count),
                counted(span.reached, one, many),
                left_out.join("; ")
            ));
        }
    }
    out
}

const CHANNEL_COLUMNS: [&str; 11] = [
    "Leads",
    "MQLs",
    "SQLs",
    "Opps",
    "Pipeline",
    "Won",
    "Revenue",
    "Win rate",
    "Spend",
    "Cost / lead",
    "ROAS",
];

/// The index of the win rate among `number_cells`.
const WIN_RATE_CELL: usize = 7;

/// A slice's cells under `CHANNEL_COLUMNS`. Cost per lead is a dash where no spend is
/// recorded (a channel nobody pays for has no cost per lead, rather than one of $0).
fn number_cells(n: &Numbers, cur: &str) -> Vec<String> {
    let paid = n.spend.is_some_and(|s| s != 0.0);
    vec![
        format::count(n.leads),
        opt_count(n.mqls),
        opt_count(n.sqls),
        opt_count(n.opportunities),
        opt_money(n.pipeline_created, cur),
        opt_count(n.won),
        opt_money(n.revenue_won, cur),
        opt_pct(n.win_rate),
        opt_money(n.spend, cur),
        if paid {
            opt_money(n.cost_per_lead, cur)
        } else {
            DASH.to_string()
        },
        opt_ratio(n.roas),
    ]
}

/// The rate keys beside `number_cells`: the win rate's, under `prefix`.
fn number_rates(prefix: String) -> Vec<Option<String>> {
    let mut rates = vec![None; CHANNEL_COLUMNS.len()];
    rates[WIN_RATE_CELL] = Some(format!("{prefix}.win_rate"));
    rates
}

/// The note under the channel table when some row has no spend recorded.
fn no_spend(m: &MonthMetrics) -> bool {
    m.by_channel
        .iter()
        .map(|c| &c.numbers)
        .chain(m.by_campaign.iter().map(|c| &c.numbers))
        .any(|n| !n.spend.is_some_and(|s| s != 0.0))
}

fn channel_rows(m: &MonthMetrics, cur: &str) -> Vec<TableRow> {
    let mut rows: Vec<TableRow> = m
        .by_channel
        .iter()
        .map(|c| TableRow {
            name: c.channel.clone(),
            sub: None,
            cells: number_cells(&c.numbers, cur),
            rates: number_rates(format!("by_channel.{}", c.channel)),
        })
        .collect();
    rows.push(TableRow {
        name: "Total".into(),
        sub: None,
        cells: number_cells(&m.totals.numbers, cur),
        rates: number_rates("totals".into()),
    });
    rows
}

fn campaign_rows(m: &MonthMetrics, cur: &str) -> Vec<TableRow> {
    m.by_campaign
        .iter()
        .map(|c| TableRow {
            name: c.campaign.clone(),
            sub: Some(c.channel.clone()),
            cells: number_cells(&c.numbers, cur),
            rates: number_rates(format!("by_campaign.{}.{}", c.channel, c.campaign)),
        })
        .collect()
}

/// The ad platforms' claims against the CRM's leads, as the page shows them.
#[derive(Serialize)]
struct Claims {
    /// Whether some ad export carries conversions (else the page says that none does).
    available: bool,
    rows: Vec<ClaimRow>,
}

#[derive(Serialize)]
struct ClaimRow {
    name: String,
    /// The channel of a campaign's row; `None` on a channel's and the total's.
    channel: Option<String>,
    /// `campaign`, `channel` (a channel's campaigns together) or `total`.
    kind: &'static str,
    claimed: String,
    crm_leads: String,
    gap: String,
    ratio: String,
}

/// Each campaign's claims, each channel's after its campaigns when it has several, and the
/// total when there are several channels.
fn claims(m: &MonthMetrics) -> Claims {
    use crate::analysis::claims::ClaimNumbers;
    let pc = &m.analytics.platform_claims;
    let row = |name: String, channel: Option<String>, kind, n: &ClaimNumbers| ClaimRow {
        name,
        channel,
        kind,
        claimed: conversions(n.platform_conversions),
        crm_leads: format::count(n.crm_leads),
        gap: match n.gap {
            g if g > 0.0 => format!("+{}", conversions(g)),
            g if g < 0.0 => format!("−{}", conversions(-g)),
            _ => "0".to_string(),
        },
        ratio: opt_ratio(n.ratio),
    };
    let mut rows = Vec::new();
    for c in &pc.channels {
        for k in &c.campaigns {
            let name = k.campaign.clone().unwrap_or_else(|| "(no campaign)".into());
            rows.push(row(name, Some(c.channel.clone()), "campaign", &k.numbers));
        }
        if c.campaigns.len() > 1 {
            rows.push(row(c.channel.clone(), None, "channel", &c.numbers));
        }
    }
    if let (Some(t), true) = (&pc.total, pc.channels.len() > 1) {
        rows.push(row("Total".into(), None, "total", t));
    }
    Claims {
        available: pc.available,
        rows,
    }
}

/// A count of conversions, to the hundredth where it has one: `1,204`, `12.5`, `0.25`.
fn conversions(v: f64) -> String {
    let hundredths = (v * 100.0).round() as u64;
    let whole = format::count(hundredths / 100);
    match hundredths % 100 {
        0 => whole,
        f if f % 10 == 0 => format!("{whole}.{}", f / 10),
        f => format!("{whole}.{f:02}"),
    }
}

fn cohort_rows(m: &MonthMetrics) -> Vec<TableRow> {
    let row = |name: &str, key: String, c: &crate::analysis::metrics::CohortRates| TableRow {
        name: name.to_string(),
        sub: None,
        cells: vec![
            format::count(c.leads),
            opt_pct(c.mql_rate),
            opt_pct(c.sql_rate),
            opt_pct(c.opportunity_rate),
            opt_pct(c.won_rate),
        ],
        rates: [
            None,
            Some("mql_rate"),
            Some("sql_rate"),
            Some("opportunity_rate"),
            Some("won_rate"),
        ]
        .into_iter()
        .map(|r| r.map(|r| format!("{key}.{r}")))
        .collect(),
    };
    let mut rows: Vec<TableRow> = m
        .cohort_by_channel
        .iter()
        .map(|c| {
            row(
                &c.channel,
                format!("cohort_by_channel.{}", c.channel),
                &c.cohort,
            )
        })
        .collect();
    rows.push(row("All leads", "cohort".into(), &m.cohort));
    rows
}

fn input_view(l: &FileLedger) -> InputView {
    InputView {
        path: l.rel.clone(),
        source: l.source.clone(),
        rows: format::count(l.rows),
        used: format::count(l.used()),
        duplicates: format::count(l.duplicates),
        same_email: format::count(l.same_email),
        rejected: format::count(l.rejected),
        problem: l.problem.clone(),
        header: (l.entity.is_none() && !l.header.is_empty()).then(|| excerpt::cells(&l.header)),
        ignored: (!l.ignored_columns.is_empty()).then(|| excerpt::cells(&l.ignored_columns)),
        notes: l
            .warnings
            .iter()
            .chain(&l.facts)
            .cloned()
            .chain(
                l.skipped
                    .iter()
                    .map(|(kind, c)| format!("{} skipped", FileLedger::skipped_phrase(kind, *c))),
            )
            .chain(l.notes.iter().map(|(n, c)| format::agree(*c, n)))
            .collect(),
    }
}

pub fn quality(ledgers: &[FileLedger], metrics: &Metrics, today: chrono::NaiveDate) -> Quality {
    let mut total = FileLedger::new("All files");
    total.source = String::new();
    for l in ledgers {
        total.rows += l.rows;
        total.duplicates += l.duplicates;
        total.same_email += l.same_email;
        total.rejected += l.rejected;
    }
    let mut totals = input_view(&total);
    totals.header = None;
    let rejects: Vec<String> = ledgers
        .iter()
        .flat_map(|l| {
            l.rejects
                .iter()
                .map(move |r| format!("{}:{}: {}", l.rel, r.line, r.reason))
        })
        .take(50)
        .collect();
    let listed = rejects.len() as u64;
    let listable: u64 = ledgers
        .iter()
        .filter(|l| l.entity.is_some())
        .map(|l| l.rejected)
        .sum();
    let j = &metrics.joins;
    Quality {
        inputs: ledgers.iter().map(input_view).collect(),
        same_email: ledgers.iter().any(|l| l.same_email > 0),
        totals,
        freshness: crate::analysis::freshness::warnings(ledgers, today),
        spans: crate::analysis::freshness::sources(ledgers, today)
            .into_iter()
            .filter_map(|s| Some((s.name, s.through?)))
            .collect(),
        more_rejects: listable.saturating_sub(listed),
        rejects,
        joins: vec![
            (
                "Opportunities matched to a lead by id".into(),
                format::count(j.by_id),
            ),
            ("… by email".into(), format::count(j.by_email)),
            (
                "… by account (company or domain)".into(),
                format::count(j.by_account),
            ),
            (
                "Opportunities with no lead, credited to their own channel".into(),
                format::count(j.own_channel),
            ),
            (
                "Opportunities with no lead and no channel (unattributed)".into(),
                format::count(j.unattributed),
            ),
            (
                "Touches matched to a lead".into(),
                format::count(j.touches_matched),
            ),
            (
                "Touches that match no lead (not used)".into(),
                format::count(j.touches_unmatched),
            ),
        ],
        unavailable: metrics.unavailable.clone(),
        currency: metrics.currency.statement(),
        left_out: metrics.currency.left_out_line(),
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
