//! The executive summary: three to five plain sentences generated from a month's numbers.

use crate::analysis::metrics::MonthMetrics;
use crate::base::datetime::Month;
use crate::base::format;

fn direction(change: Option<f64>, previous: &str) -> String {
    match change {
        Some(c) if c.abs() < 0.005 => format!(", level with {previous}"),
        Some(c) if c > 0.0 => format!(", up {} on {previous}", format::percent(c)),
        Some(c) => format!(", down {} on {previous}", format::percent(-c)),
        None => String::new(),
    }
}

/// The relative change of headline metric `key` against the previous month, from the unrounded
/// values, so that the sentence shows the same figure as the metric's tile.
fn change_on_previous(m: &MonthMetrics, key: &str) -> Option<f64> {
    let t = m.analytics.trends.get(key)?;
    format::change(t.value, t.previous, false).map(|(_, d)| d / 100.0)
}

/// The sentences for month `m` (`cur` is the currency code).
pub fn sentences(m: &MonthMetrics, cur: &str) -> Vec<String> {
    let n = &m.totals.numbers;
    let a = &m.analytics;
    let previous = Month(m.period.0 - 1).first_day().format("%B").to_string();
    let mut out = Vec::new();
    if let (Some(rev), Some(won)) = (n.revenue_won, n.won) {
        let target = a.targets.iter().find(|t| t.metric == "revenue_won");
        let of_target = match target.and_then(|t| t.attainment.map(|at| (at, t.target))) {
            Some((at, t)) => format!(
                ", {} of the {} target",
                format::percent(at),
                format::money_short(t, cur)
            ),
            None => String::new(),
        };
        let change = direction(change_on_previous(m, "revenue_won"), &previous);
        out.push(format!(
            "Revenue won {} from {}{of_target}{change}.",
            format::money_short(rev, cur),
            format::counted(won, "deal", "deals")
        ));
    }
    let leads_change = direction(change_on_previous(m, "leads"), &previous);
    match n.mqls {
        Some(mqls) => out.push(format!(
            "{}{leads_change}, and {}.",
            format::counted(n.leads, "new lead", "new leads"),
            format::counted(mqls, "MQL", "MQLs")
        )),
        // No lead data at all (a deals-only export): nothing to say about leads.
        None if n.leads == 0 => {}
        None => out.push(format!(
            "{}{leads_change}.",
            format::counted(n.leads, "new lead", "new leads")
        )),
    }
    let pipeline_total = n.pipeline_created.unwrap_or(0.0);
    if pipeline_total > 0.0 {
        let top = m
            .by_channel
            .iter()
            .filter_map(|c| c.numbers.pipeline_created.map(|p| (p, &c.channel)))
            .max_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(a.1)));
        if let Some((p, channel)) = top {
            let share = format::percent(p / pipeline_total);
            let total = format::money_short(pipeline_total, cur);
            out.push(if channel.starts_with('(') {
                format!("{share} of the {total} of new pipeline has no known source {channel}.")
            } else {
                format!("{channel} supplied {share} of the {total} of new pipeline.")
            });
        }
    }
    let s = &a.speed_to_lead;
    if let Some(share) = s.within_sla_share {
        let hours = if s.hours == "working" {
            "working hours"
        } else {
            "hours"
        };
        out.push(format!(
            "{} of MQLs waited more than {} {hours} for a first sales touch{}.",
            format::percent(1.0 - share),
            format::decimal(s.sla_hours),
            if a.dropped_batons.count > 0 {
                format!(
                    "; {} dropped, with no contact in {}",
                    format::counted(a.dropped_batons.count, "was", "were"),
                    format::counted(a.dropped_batons.window_days.max(0) as u64, "day", "days")
                )
            } else {
                String::new()
            }
        ));
    }
    if let Some(share) = m.totals.marketing_sourced_share {
        out.push(format!(
            "Marketing sourced {} of the revenue won.",
            format::percent(share)
        ));
    }
    out.truncate(5);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn direction_words() {
        assert_eq!(
            direction(Some(0.14), "September"),
            ", up 14.0% on September"
        );
        assert_eq!(direction(Some(-0.2), "May"), ", down 20.0% on May");
        assert_eq!(direction(Some(0.001), "May"), ", level with May");
        assert_eq!(direction(None, "May"), "");
    }
}
