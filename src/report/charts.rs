//! Charts: the charts of a month's page, laid out from the metrics with `svg`.

use crate::analysis::metrics::{Metrics, MonthMetrics};
use crate::base::format;
use crate::report::svg::{self, HBars, Lines, VBars};
use serde::Serialize;

/// The most bars a bar chart shows.
pub const MAX_BARS: usize = 12;

/// How many months the trend charts and sparklines cover.
pub const TREND_MONTHS: i32 = 13;

/// Every chart of a month's page.
#[derive(Serialize)]
pub struct Charts {
    pub funnel: HBars,
    pub trend: Lines,
    pub revenue: VBars,
    pub channels: HBars,
    pub speed: VBars,
    pub cohort: CohortHeatMap,
    /// Headline metric -> sparkline path over the last 13 months.
    pub sparklines: std::collections::BTreeMap<&'static str, String>,
}

/// The cohort heat map.
#[derive(Serialize)]
pub struct CohortHeatMap {
    pub width: f64,
    pub height: f64,
    /// The SVG view box: room above the cells for the column labels.
    pub view_box: String,
    pub rows: Vec<svg::Label>,
    pub columns: Vec<svg::Label>,
    pub cells: Vec<svg::Cell>,
}

fn window<'a>(all: &'a [MonthMetrics], m: &MonthMetrics) -> Vec<Option<&'a MonthMetrics>> {
    (0..TREND_MONTHS)
        .rev()
        .map(|k| {
            let p = crate::base::datetime::Month(m.period.0 - k);
            all.iter().find(|x| x.period == p)
        })
        .collect()
}

fn short(m: crate::base::datetime::Month) -> String {
    m.first_day().format("%b %y").to_string()
}

/// Lays out the charts of month `m`.
pub fn charts(all: &Metrics, m: &MonthMetrics, cur: &str) -> Charts {
    let n = &m.totals.numbers;
    let stages = [
        ("Leads", Some(n.leads)),
        ("MQLs", n.mqls),
        ("SQLs", n.sqls),
        ("Opportunities", n.opportunities),
        ("Won", n.won),
    ];
    // Counts only: a stage of the month can outnumber the one before it (these are flows), so
    // the conversions, which cannot pass 100%, are a table of their own (partials/funnel.html).
    let funnel_items: Vec<(String, f64, String)> = stages
        .iter()
        .filter_map(|(name, v)| {
            let v = (*v)?;
            Some((name.to_string(), v as f64, format::count(v)))
        })
        .collect();
    let months = window(&all.months, m);
    let labels: Vec<String> = (0..TREND_MONTHS)
        .rev()
        .map(|k| short(crate::base::datetime::Month(m.period.0 - k)))
        .collect();
    let pick = |f: &dyn Fn(&MonthMetrics) -> Option<f64>| -> Vec<Option<f64>> {
        months.iter().map(|x| x.and_then(f)).collect()
    };
    let mut series = vec![(
        "Leads".to_string(),
        pick(&|x| Some(x.totals.numbers.leads as f64)),
    )];
    if all.available.mql {
        series.push((
            "MQLs".into(),
            pick(&|x| x.totals.numbers.mqls.map(|v| v as f64)),
        ));
    }
    if all.available.sql {
        series.push((
            "SQLs".into(),
            pick(&|x| x.totals.numbers.sqls.map(|v| v as f64)),
        ));
    }
    if all.available.opportunities {
        series.push((
            "Won".into(),
            pick(&|x| x.totals.numbers.won.map(|v| v as f64)),
        ));
    }
    let trend = svg::lines(&labels, &series, 720.0, 220.0, &|t| format::count(t as u64));
    let revenue_items: Vec<(String, f64, String, Option<f64>)> = months
        .iter()
        .zip(&labels)
        .map(|(x, label)| {
            let v = x.and_then(|x| x.totals.numbers.revenue_won).unwrap_or(0.0);
            let target = x.and_then(|x| {
                x.analytics
                    .targets
                    .iter()
                    .find(|t| t.metric == "revenue_won")
                    .map(|t| t.target)
            });
            (
                label.clone(),
                v,
                if v > 0.0 {
                    format::money_short(v, cur)
                } else {
                    String::new()
                },
                target,
            )
        })
        .collect();
    let revenue = svg::vbars(&revenue_items, 720.0, 220.0, &|t| {
        format::money_short(t, cur)
    });
    let mut channel_items: Vec<(String, f64, String)> = m
        .by_channel
        .iter()
        .filter_map(|c| {
            c.numbers
                .pipeline_created
                .filter(|p| *p > 0.0)
                .map(|p| (c.channel.clone(), p, format::money_short(p, cur)))
        })
        .collect();
    channel_items.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    // A chart shows the top channels; the long tail is one bar (the table below has them all).
    if channel_items.len() > MAX_BARS {
        let rest: Vec<(String, f64, String)> = channel_items.split_off(MAX_BARS - 1);
        let total: f64 = rest.iter().map(|r| r.1).sum();
        channel_items.push((
            format!("{} other channels", rest.len()),
            total,
            format::money_short(total, cur),
        ));
    }
    let channels = svg::hbars(&channel_items, 720.0);
    let speed_items: Vec<(String, f64, String, Option<f64>)> = m
        .analytics
        .speed_to_lead
        .distribution
        .iter()
        .map(|b| {
            (
                b.label.to_string(),
                b.count as f64,
                format::count(b.count),
                None,
            )
        })
        .collect();
    let speed = svg::vbars(&speed_items, 720.0, 200.0, &|t| format::count(t as u64));
    let cohort = cohort(m);
    let mut sparklines = std::collections::BTreeMap::new();
    let spark = |f: &dyn Fn(&MonthMetrics) -> Option<f64>| svg::sparkline(&pick(f), 120.0, 24.0);
    sparklines.insert("leads", spark(&|x| Some(x.totals.numbers.leads as f64)));
    sparklines.insert("mqls", spark(&|x| x.totals.numbers.mqls.map(|v| v as f64)));
    sparklines.insert("sqls", spark(&|x| x.totals.numbers.sqls.map(|v| v as f64)));
    sparklines.insert(
        "opportunities",
        spark(&|x| x.totals.numbers.opportunities.map(|v| v as f64)),
    );
    sparklines.insert(
        "pipeline_created",
        spark(&|x| x.totals.numbers.pipeline_created),
    );
    sparklines.insert("won", spark(&|x| x.totals.numbers.won.map(|v| v as f64)));
    sparklines.insert("revenue_won", spark(&|x| x.totals.numbers.revenue_won));
    sparklines.insert("win_rate", spark(&|x| x.totals.numbers.win_rate));
    sparklines.insert("spend", spark(&|x| x.totals.numbers.spend));
    sparklines.insert("cac", spark(&|x| x.totals.numbers.cac));
    sparklines.insert("roas", spark(&|x| x.totals.numbers.roas));
    sparklines.insert(
        "marketing_sourced_share",
        spark(&|x| x.totals.marketing_sourced_share),
    );
    Charts {
        funnel: svg::hbars(&funnel_items, 720.0),
        trend,
        revenue,
        channels,
        speed,
        cohort,
        sparklines,
    }
}

fn cohort(m: &MonthMetrics) -> CohortHeatMap {
    let rows = &m.analytics.cohorts.rows;
    let (label_w, cell_w, cell_h) = (110.0, 96.0, 26.0);
    let values: Vec<Vec<Option<f64>>> = rows.iter().map(|r| r.opportunity.clone()).collect();
    let texts: Vec<Vec<String>> = values
        .iter()
        .map(|r| {
            r.iter()
                .map(|v| v.map_or("—".to_string(), format::percent))
                .collect()
        })
        .collect();
    let cells = svg::heat(&values, &texts, label_w, cell_w, cell_h);
    let row_labels = rows
        .iter()
        .enumerate()
        .map(|(i, r)| svg::Label {
            x: label_w - 8.0,
            y: svg::r1(i as f64 * cell_h + cell_h / 2.0 + 4.0),
            text: format!("{}{}", r.cohort, if r.immature { " *" } else { "" }),
        })
        .collect();
    let columns = ["Month 0", "Month 1", "Month 2", "Month 3", "So far"]
        .iter()
        .enumerate()
        .map(|(i, t)| svg::Label {
            x: svg::r1(label_w + i as f64 * cell_w + cell_w / 2.0),
            y: 0.0,
            text: t.to_string(),
        })
        .collect();
    let (width, height) = (label_w + 5.0 * cell_w, rows.len() as f64 * cell_h);
    CohortHeatMap {
        width,
        height,
        view_box: format!("0 -22 {width} {}", height + 22.0),
        rows: row_labels,
        columns,
        cells,
    }
}

/// The archive page's trend: leads, MQLs and deals won over every month.
pub fn archive_trend(all: &Metrics) -> Lines {
    let labels: Vec<String> = all.months.iter().map(|m| short(m.period)).collect();
    let mut series = vec![(
        "Leads".to_string(),
        all.months
            .iter()
            .map(|m| Some(m.totals.numbers.leads as f64))
            .collect(),
    )];
    if all.available.mql {
        series.push((
            "MQLs".to_string(),
            all.months
                .iter()
                .map(|m| m.totals.numbers.mqls.map(|v| v as f64))
                .collect(),
        ));
    }
    if all.available.opportunities {
        series.push((
            "Won".to_string(),
            all.months
                .iter()
                .map(|m| m.totals.numbers.won.map(|v| v as f64))
                .collect(),
        ));
    }
    svg::lines(&labels, &series, 720.0, 220.0, &|t| format::count(t as u64))
}
