//! Funnel: the month's funnel, its stage conversions and the notes under time to stage.

use crate::analysis::metrics::MonthMetrics;
use crate::base::format::{self};
use crate::report::context::cells::*;
use serde::Serialize;

#[derive(Serialize)]
pub(super) struct FunnelStage {
    stage: &'static str,
    count: String,
    ratio: Option<String>,
    bar: u32,
}

/// The funnel's stages: each stage's count and, from the second on, the share of the stage
/// before's entries of the month that reached it by the month's end (never above 100%).
pub(super) fn funnel(m: &MonthMetrics) -> Vec<FunnelStage> {
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
pub(super) struct ConversionRow {
    step: &'static str,
    /// `370 leads created`.
    from: String,
    reached: String,
    rate: String,
}

/// The funnel's steps whose two stages the inputs support.
pub(super) fn conversion_rows(m: &MonthMetrics) -> Vec<ConversionRow> {
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

/// What each time-to-stage transition left out and why, one sentence a transition that left
/// something out; with `backwards_only`, only the dates out of order (for data quality).
pub(super) fn stage_notes(m: &MonthMetrics, backwards_only: bool) -> Vec<String> {
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
