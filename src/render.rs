//! Render: turn metrics into HTML pages with the Tera templates (embedded, overridable).

use crate::datetime::Month;
use crate::error::{Error, Result};
use crate::format;
use crate::join::JoinCounts;
use crate::ledger::FileLedger;
use crate::metrics::{Metrics, MonthMetrics, Numbers, Unavailable};
use serde::Serialize;
use std::path::Path;
use tera::{Context, Tera};

/// The default templates, compiled into the binary. A user's folder overrides them by name.
pub const TEMPLATES: &[(&str, &str)] = &[
    ("base.html", include_str!("../templates/base.html")),
    ("style.css", include_str!("../templates/style.css")),
    ("month.html", include_str!("../templates/month.html")),
    ("index.html", include_str!("../templates/index.html")),
    (
        "partials/headline.html",
        include_str!("../templates/partials/headline.html"),
    ),
    (
        "partials/funnel.html",
        include_str!("../templates/partials/funnel.html"),
    ),
    (
        "partials/channels.html",
        include_str!("../templates/partials/channels.html"),
    ),
    (
        "partials/cohort.html",
        include_str!("../templates/partials/cohort.html"),
    ),
    (
        "partials/quality.html",
        include_str!("../templates/partials/quality.html"),
    ),
    (
        "partials/handoff.html",
        include_str!("../templates/partials/handoff.html"),
    ),
    (
        "partials/attribution.html",
        include_str!("../templates/partials/attribution.html"),
    ),
    (
        "partials/cohort_matrix.html",
        include_str!("../templates/partials/cohort_matrix.html"),
    ),
    (
        "partials/targets.html",
        include_str!("../templates/partials/targets.html"),
    ),
    (
        "partials/owners.html",
        include_str!("../templates/partials/owners.html"),
    ),
    (
        "partials/glossary.html",
        include_str!("../templates/partials/glossary.html"),
    ),
];

/// Loads the embedded templates, then any file of the same name in `dir`.
pub fn load_templates(dir: Option<&Path>) -> Result<Tera> {
    let mut sources: Vec<(String, String)> = TEMPLATES
        .iter()
        .map(|(n, s)| (n.to_string(), s.to_string()))
        .collect();
    if let Some(dir) = dir {
        for (name, text) in sources.iter_mut() {
            let path = dir.join(name.as_str());
            if path.is_file() {
                *text = std::fs::read_to_string(&path)
                    .map_err(|e| Error::io(&path, "cannot read template", e))?;
            }
        }
    }
    let mut tera = Tera::new();
    register_filters(&mut tera);
    tera.add_raw_templates(sources.iter().map(|(n, s)| (n.as_str(), s.as_str())))
        .map_err(|e| Error::Template(describe(&e)))?;
    Ok(tera)
}

/// Filters for numbers in templates; each shows `—` for a missing (null) value:
/// `count` (1,234), `money(cur="USD")` ($1,234), `pct` (12.3%), `num` (one decimal).
fn register_filters(tera: &mut Tera) {
    use tera::{Kwargs, State, Value};
    fn dash(v: &Value, f: impl Fn(f64) -> String) -> String {
        v.as_f64().map_or_else(|| DASH.to_string(), f)
    }
    tera.register_filter("count", |v: &Value, _: Kwargs, _: &State| {
        dash(v, |x| format::count(x.max(0.0) as u64))
    });
    tera.register_filter("pct", |v: &Value, _: Kwargs, _: &State| {
        dash(v, format::percent)
    });
    tera.register_filter("num", |v: &Value, _: Kwargs, _: &State| {
        dash(v, format::decimal)
    });
    tera.register_filter(
        "money",
        |v: &Value, k: Kwargs, _: &State| -> tera::TeraResult<String> {
            let cur = k.get::<&str>("cur")?.unwrap_or("USD").to_string();
            Ok(dash(v, |x| format::money(x, &cur)))
        },
    );
}

fn describe(e: &tera::Error) -> String {
    let mut msg = e.to_string();
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        msg.push_str(": ");
        msg.push_str(&s.to_string());
        source = s.source();
    }
    msg
}

/// Settings shown on every page.
#[derive(Clone, Debug, Serialize)]
pub struct Site {
    pub company: Option<String>,
    pub currency: String,
    pub timezone: String,
}

/// One rendered file: where it goes under the output folder, and its bytes.
pub struct Page {
    pub rel: String,
    pub body: String,
}

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
}

#[derive(Serialize)]
struct InputView {
    path: String,
    source: String,
    rows: String,
    used: String,
    duplicates: String,
    rejected: String,
    problem: Option<String>,
    header: Option<String>,
    ignored: Option<String>,
    notes: Vec<String>,
}

#[derive(Serialize)]
struct Quality {
    inputs: Vec<InputView>,
    totals: InputView,
    rejects: Vec<String>,
    more_rejects: u64,
    joins: Vec<(String, String)>,
    unavailable: Vec<Unavailable>,
}

#[derive(Serialize)]
struct NavLink {
    period: String,
    label: String,
    href: String,
}

/// Which months to render pages for, and "today" for marking a month in progress.
pub struct Selection<'a> {
    pub months: &'a [Month],
    pub current: Month,
}

/// Renders the selected months' pages and the archive index.
pub fn render(
    tera: &Tera,
    site: &Site,
    metrics: &Metrics,
    ledgers: &[FileLedger],
    sel: &Selection,
) -> Result<Vec<Page>> {
    let quality = quality(ledgers, &metrics.joins, &metrics.unavailable);
    let mut pages = Vec::new();
    let all = &metrics.months;
    for (i, m) in all.iter().enumerate() {
        if !sel.months.contains(&m.period) {
            continue;
        }
        let prev = i
            .checked_sub(1)
            .map(|p| &all[p])
            .filter(|p| p.period == m.period.prev());
        let mut ctx = Context::new();
        ctx.insert("site", site);
        ctx.insert("period", &m.period.to_string());
        ctx.insert("title", &m.period.label());
        ctx.insert("as_of", &m.as_of);
        ctx.insert(
            "as_of_label",
            &m.period.last_day().format("%-d %B %Y").to_string(),
        );
        ctx.insert("in_progress", &(m.period >= sel.current));
        ctx.insert("kpis", &kpis(m, prev, &site.currency));
        ctx.insert("previous_label", &prev.map(|p| p.period.label()));
        ctx.insert("funnel", &funnel(&m.totals.numbers));
        ctx.insert("channel_columns", &CHANNEL_COLUMNS);
        ctx.insert("channels", &channel_rows(m, &site.currency));
        ctx.insert("campaigns", &campaign_rows(m, &site.currency));
        ctx.insert("cohorts", &cohort_rows(m));
        ctx.insert("quality", &quality);
        ctx.insert(
            "nav_prev",
            &i.checked_sub(1).map(|p| link(all[p].period, "../")),
        );
        ctx.insert("nav_next", &all.get(i + 1).map(|n| link(n.period, "../")));
        ctx.insert("root", "../");
        ctx.insert("metrics", m);
        ctx.insert("a", &m.analytics);
        ctx.insert("cur", &site.currency);
        let flagged: Vec<&str> = m
            .analytics
            .small_numbers
            .iter()
            .map(|s| s.metric.as_str())
            .collect();
        ctx.insert("small", &flagged);
        ctx.insert("models", &crate::attribution::MODELS);
        ctx.insert("charts", &crate::views::charts(metrics, m, &site.currency));
        ctx.insert("summary", &crate::summary::sentences(m, &site.currency));
        pages.push(Page {
            rel: format!("{}/index.html", m.period),
            body: tera
                .render("month.html", &ctx)
                .map_err(|e| Error::Template(describe(&e)))?,
        });
    }
    let mut ctx = Context::new();
    ctx.insert("site", site);
    ctx.insert("title", "Monthly alignment reports");
    ctx.insert("root", "");
    let rows: Vec<TableRow> = all
        .iter()
        .rev()
        .map(|m| {
            let n = &m.totals.numbers;
            TableRow {
                name: m.period.label(),
                sub: Some(m.period.to_string()),
                cells: vec![
                    format::count(n.leads),
                    opt_count(n.mqls),
                    opt_count(n.sqls),
                    opt_count(n.opportunities),
                    opt_count(n.won),
                    opt_money(n.revenue_won, &site.currency),
                    opt_money(n.spend, &site.currency),
                ],
            }
        })
        .collect();
    ctx.insert("months", &rows);
    ctx.insert("current", &sel.current.to_string());
    ctx.insert("quality", &quality);
    pages.push(Page {
        rel: "index.html".to_string(),
        body: tera
            .render("index.html", &ctx)
            .map_err(|e| Error::Template(describe(&e)))?,
    });
    Ok(pages)
}

fn link(m: Month, root: &str) -> NavLink {
    NavLink {
        period: m.to_string(),
        label: m.label(),
        href: format!("{root}{m}/index.html"),
    }
}

const DASH: &str = "—";

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
    v.map_or(DASH.to_string(), |x| format!("{x:.2}×"))
}

fn kpis(m: &MonthMetrics, prev: Option<&MonthMetrics>, cur: &str) -> Vec<Kpi> {
    let n = &m.totals.numbers;
    let p = prev.map(|p| &p.totals.numbers);
    let f = |v: Option<u64>| v.map(|x| x as f64);
    // (key, label, value, current, previous, is_rate, lower_is_better)
    type Spec = (
        &'static str,
        &'static str,
        String,
        Option<f64>,
        Option<f64>,
        bool,
        bool,
    );
    let specs: Vec<Spec> = vec![
        (
            "leads",
            "Leads",
            format::count(n.leads),
            Some(n.leads as f64),
            p.map(|p| p.leads as f64),
            false,
            false,
        ),
        (
            "mqls",
            "MQLs",
            opt_count(n.mqls),
            f(n.mqls),
            p.and_then(|p| f(p.mqls)),
            false,
            false,
        ),
        (
            "sqls",
            "SQLs",
            opt_count(n.sqls),
            f(n.sqls),
            p.and_then(|p| f(p.sqls)),
            false,
            false,
        ),
        (
            "opportunities",
            "Opportunities",
            opt_count(n.opportunities),
            f(n.opportunities),
            p.and_then(|p| f(p.opportunities)),
            false,
            false,
        ),
        (
            "pipeline_created",
            "Pipeline created",
            n.pipeline_created
                .map_or(DASH.into(), |v| format::money_short(v, cur)),
            n.pipeline_created,
            p.and_then(|p| p.pipeline_created),
            false,
            false,
        ),
        (
            "won",
            "Deals won",
            opt_count(n.won),
            f(n.won),
            p.and_then(|p| f(p.won)),
            false,
            false,
        ),
        (
            "revenue_won",
            "Revenue won",
            n.revenue_won
                .map_or(DASH.into(), |v| format::money_short(v, cur)),
            n.revenue_won,
            p.and_then(|p| p.revenue_won),
            false,
            false,
        ),
        (
            "win_rate",
            "Win rate",
            opt_pct(n.win_rate),
            n.win_rate,
            p.and_then(|p| p.win_rate),
            true,
            false,
        ),
        (
            "spend",
            "Marketing spend",
            n.spend.map_or(DASH.into(), |v| format::money_short(v, cur)),
            n.spend,
            p.and_then(|p| p.spend),
            false,
            true,
        ),
        (
            "cac",
            "CAC",
            opt_money(n.cac, cur),
            n.cac,
            p.and_then(|p| p.cac),
            false,
            true,
        ),
        (
            "roas",
            "ROAS",
            opt_ratio(n.roas),
            n.roas,
            p.and_then(|p| p.roas),
            false,
            false,
        ),
        (
            "marketing_sourced_share",
            "Marketing-sourced revenue",
            opt_pct(m.totals.marketing_sourced_share),
            m.totals.marketing_sourced_share,
            prev.and_then(|p| p.totals.marketing_sourced_share),
            true,
            false,
        ),
    ];
    specs
        .into_iter()
        .map(|(key, label, value, c, pv, is_rate, lower_better)| {
            let ch = format::change(c, pv, is_rate);
            let direction = ch.as_ref().map(|(_, d)| {
                if d.abs() < 0.05 {
                    "flat"
                } else if *d > 0.0 {
                    "up"
                } else {
                    "down"
                }
            });
            let good = ch
                .as_ref()
                .and_then(|(_, d)| (d.abs() >= 0.05).then_some((*d > 0.0) != lower_better));
            Kpi {
                key,
                label,
                value,
                change: ch.map(|c| c.0),
                direction,
                good,
            }
        })
        .collect()
}

fn funnel(n: &Numbers) -> Vec<FunnelStage> {
    let stages: [(&str, Option<u64>); 5] = [
        ("Leads", Some(n.leads)),
        ("MQLs", n.mqls),
        ("SQLs", n.sqls),
        ("Opportunities", n.opportunities),
        ("Won", n.won),
    ];
    let top = stages.iter().filter_map(|s| s.1).max().unwrap_or(0).max(1);
    let mut prev: Option<u64> = None;
    stages
        .iter()
        .map(|(stage, v)| {
            let ratio = match (v, prev) {
                (Some(c), Some(p)) if p > 0 => Some(format::percent(*c as f64 / p as f64)),
                _ => None,
            };
            if v.is_some() {
                prev = *v;
            }
            FunnelStage {
                stage,
                count: opt_count(*v),
                ratio,
                bar: v.map_or(0, |c| ((c as f64 / top as f64) * 100.0).round() as u32),
            }
        })
        .collect()
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

fn number_cells(n: &Numbers, cur: &str) -> Vec<String> {
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
        opt_money(n.cost_per_lead, cur),
        opt_ratio(n.roas),
    ]
}

fn channel_rows(m: &MonthMetrics, cur: &str) -> Vec<TableRow> {
    let mut rows: Vec<TableRow> = m
        .by_channel
        .iter()
        .map(|c| TableRow {
            name: c.channel.clone(),
            sub: None,
            cells: number_cells(&c.numbers, cur),
        })
        .collect();
    rows.push(TableRow {
        name: "Total".into(),
        sub: None,
        cells: number_cells(&m.totals.numbers, cur),
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
        })
        .collect()
}

fn cohort_rows(m: &MonthMetrics) -> Vec<TableRow> {
    let row = |name: &str, c: &crate::metrics::Cohort| TableRow {
        name: name.to_string(),
        sub: None,
        cells: vec![
            format::count(c.leads),
            opt_pct(c.mql_rate),
            opt_pct(c.sql_rate),
            opt_pct(c.opportunity_rate),
            opt_pct(c.won_rate),
        ],
    };
    let mut rows: Vec<TableRow> = m
        .cohort_by_channel
        .iter()
        .map(|c| row(&c.channel, &c.cohort))
        .collect();
    rows.push(row("All leads", &m.cohort));
    rows
}

fn input_view(l: &FileLedger) -> InputView {
    InputView {
        path: l.rel.clone(),
        source: l.source.clone(),
        rows: format::count(l.rows),
        used: format::count(l.used()),
        duplicates: format::count(l.duplicates),
        rejected: format::count(l.rejected),
        problem: l.problem.clone(),
        header: (l.entity.is_none() && !l.header.is_empty()).then(|| l.header.join(", ")),
        ignored: (!l.ignored_columns.is_empty()).then(|| l.ignored_columns.join(", ")),
        notes: l
            .facts
            .iter()
            .cloned()
            .chain(
                l.skipped
                    .iter()
                    .map(|(kind, c)| format!("{} {kind} skipped", format::count(*c))),
            )
            .chain(
                l.notes
                    .iter()
                    .map(|(n, c)| format!("{}: {n}", format::count(*c))),
            )
            .collect(),
    }
}

fn quality(ledgers: &[FileLedger], joins: &JoinCounts, unavailable: &[Unavailable]) -> Quality {
    let mut total = FileLedger::new("All files");
    total.source = String::new();
    for l in ledgers {
        total.rows += l.rows;
        total.duplicates += l.duplicates;
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
    let j = joins;
    Quality {
        inputs: ledgers.iter().map(input_view).collect(),
        totals,
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
        unavailable: unavailable.to_vec(),
    }
}
