//! The executive summary: plain sentences generated from a month's numbers that describe it and
//! judge it: where the baton is dropped, which targets were missed, the biggest change and what
//! drove it, and which sources the figures lack.

use crate::analysis::freshness::LAG_DAYS;
use crate::analysis::metrics::MonthMetrics;
use crate::analysis::numbers::Numbers;
use crate::base::datetime::Month;
use crate::base::format;
use chrono::NaiveDate;

/// A channel's acceptance rate is judged only from this many MQLs up.
const MIN_MQLS: u64 = 5;

/// The volumes whose change the summary compares, in the order ties are broken; each adds up
/// over channels, so the channel that contributed most can be named.
const CHANGES: [(&str, &str); 7] = [
    ("revenue_won", "revenue won"),
    ("pipeline_created", "pipeline created"),
    ("leads", "leads"),
    ("mqls", "MQLs"),
    ("sqls", "SQLs"),
    ("opportunities", "opportunities"),
    ("spend", "spend"),
];

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

/// The sentences for month `m` (`prev` the month before it, if the data has it; `spans` each
/// source's name and the day its rows run to; `cur` the currency code).
pub fn sentences(
    m: &MonthMetrics,
    prev: Option<&MonthMetrics>,
    spans: &[(String, NaiveDate)],
    cur: &str,
) -> Vec<String> {
    let n = &m.totals.numbers;
    let a = &m.analytics;
    let previous = Month(m.period.0 - 1).first_day().format("%B").to_string();
    let mut out = Vec::new();
    out.extend(short_sources(m.period, spans));
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
    out.extend(missed_targets(m, cur));
    out.extend(prev.and_then(|p| biggest_change(m, p, &previous, cur)));
    out.extend(dropped_at(m));
    let s = &a.speed_to_lead;
    if let Some(share) = s.within_sla_share {
        let hours = if s.hours == "working" {
            "working hours"
        } else {
            "hours"
        };
        let d = &a.dropped_batons;
        out.push(format!(
            "{} of MQLs waited more than {} {hours} for a first sales touch{}.",
            format::percent(1.0 - share),
            format::decimal(s.sla_hours),
            if d.count > 0 {
                format!(
                    "; {} dropped, with no contact in {}{}",
                    format::counted(d.count, "was", "were"),
                    format::counted(d.window_days.max(0) as u64, "day", "days"),
                    most_dropped(m)
                )
            } else {
                String::new()
            }
        ));
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
    if let Some(share) = m.totals.marketing_sourced_share {
        // Over few deals the share is flagged on the page: the sentence says so too.
        let few = m
            .analytics
            .small_numbers
            .iter()
            .find(|s| s.metric == "totals.marketing_sourced_share")
            .map(|s| {
                format!(
                    " (over {}: read with care)",
                    format::counted(s.events, s.of.strip_suffix('s').unwrap_or(s.of), s.of)
                )
            })
            .unwrap_or_default();
        out.push(format!(
            "Marketing sourced {} of the revenue won{few}.",
            format::percent(share)
        ));
    }
    out
}

/// The sources behind the others (`freshness::LAG_DAYS`, as the data-quality section names
/// them) whose rows stop before month `month` ends: "Read with care: …", or nothing.
fn short_sources(month: Month, spans: &[(String, NaiveDate)]) -> Option<String> {
    let front = spans.iter().map(|s| s.1).max()?;
    let (first, last) = (month.first_day(), month.last_day());
    let short: Vec<String> = spans
        .iter()
        .filter(|(_, through)| *through < last && (front - *through).num_days() > LAG_DAYS)
        .map(|(name, through)| {
            if *through < first {
                format!(
                    "{name} has no rows for {} (its newest is from {through})",
                    month.label()
                )
            } else {
                format!("{name} stops on {through}")
            }
        })
        .collect();
    let them = if short.len() == 1 { "it" } else { "them" };
    (!short.is_empty()).then(|| {
        format!(
            "Read with care: {}; the figures that need {them} are incomplete (export {them} again).",
            short.join("; ")
        )
    })
}

/// Whether a smaller figure is the better one for target `metric`.
fn lower_is_better(metric: &str) -> bool {
    matches!(
        metric,
        "cac" | "cost_per_lead" | "cost_per_mql" | "sales_cycle_days_median" | "lost" | "spend"
    )
}

/// A metric's name in a sentence: `revenue won`, `MQLs`, `CAC`.
fn metric_words(metric: &str) -> String {
    match metric {
        "mqls" => "MQLs".into(),
        "sqls" => "SQLs".into(),
        "cac" => "CAC".into(),
        "roas" => "ROAS".into(),
        _ => metric.replace('_', " "),
    }
}

/// A target metric's figure: money for amounts, a percentage for rates, else a count or decimal.
fn metric_figure(metric: &str, v: f64, cur: &str) -> String {
    match metric {
        "pipeline_created" | "revenue_won" | "avg_deal_size" | "spend" => {
            format::money_short(v, cur)
        }
        "cost_per_lead" | "cost_per_mql" | "cac" => format::money(v, cur),
        "win_rate" | "marketing_sourced_share" => format::percent(v),
        "roas" => format!("{v:.2}×"),
        _ if v.fract() == 0.0 && v.abs() < 1e15 => format::count(v.abs() as u64),
        _ => format::decimal(v),
    }
}

/// "Missed targets: leads 370 against 380." (costs missed when above their target), or how many
/// were met; nothing without targets.
fn missed_targets(m: &MonthMetrics, cur: &str) -> Option<String> {
    let judged: Vec<_> = m
        .analytics
        .targets
        .iter()
        .filter_map(|t| t.actual.map(|a| (t, a)))
        .collect();
    if judged.is_empty() {
        return None;
    }
    let missed: Vec<String> = judged
        .iter()
        .filter(|(t, a)| {
            if lower_is_better(&t.metric) {
                *a > t.target
            } else {
                *a < t.target
            }
        })
        .map(|(t, a)| {
            format!(
                "{} {} against {}",
                metric_words(&t.metric),
                metric_figure(&t.metric, *a, cur),
                metric_figure(&t.metric, t.target, cur)
            )
        })
        .collect();
    Some(match missed.len() {
        0 if judged.len() == 1 => "The month's target was met.".to_string(),
        0 => format!("All {} of the month's targets were met.", judged.len()),
        k => format!(
            "Missed {}: {}{}.",
            if k == 1 { "target" } else { "targets" },
            missed.join("; "),
            if k < judged.len() {
                format!(" ({} of {} met)", judged.len() - k, judged.len())
            } else {
                String::new()
            }
        ),
    })
}

/// Volume `key` of `n`.
fn volume(n: &Numbers, key: &str) -> Option<f64> {
    let c = |v: Option<u64>| v.map(|x| x as f64);
    match key {
        "leads" => Some(n.leads as f64),
        "mqls" => c(n.mqls),
        "sqls" => c(n.sqls),
        "opportunities" => c(n.opportunities),
        "pipeline_created" => n.pipeline_created,
        "revenue_won" => n.revenue_won,
        "spend" => n.spend,
        _ => None,
    }
}

/// The largest relative change of a volume on the previous month, and the channel that
/// contributed most to it (the largest change in the same direction).
fn biggest_change(
    m: &MonthMetrics,
    prev: &MonthMetrics,
    previous: &str,
    cur: &str,
) -> Option<String> {
    let mut best: Option<(f64, &str, &str)> = None;
    for (key, words) in CHANGES {
        let (Some(now), Some(before)) = (
            volume(&m.totals.numbers, key),
            volume(&prev.totals.numbers, key),
        ) else {
            continue;
        };
        if before <= 0.0 || now == before {
            continue;
        }
        let Some(change) = change_on_previous(m, key) else {
            continue;
        };
        if best.is_none_or(|b| change.abs() > b.0.abs()) {
            best = Some((change, key, words));
        }
    }
    let (change, key, words) = best?;
    let figure = |v: f64| metric_figure(key, v, cur);
    let now = volume(&m.totals.numbers, key)?;
    let before = volume(&prev.totals.numbers, key)?;
    let up = change > 0.0;
    // Each channel's change, in the direction of the whole's; the largest first, then by name.
    let of = |rows: &[crate::analysis::metrics::ChannelRow], ch: &str| {
        rows.iter()
            .find(|r| r.channel == ch)
            .and_then(|r| volume(&r.numbers, key))
            .unwrap_or(0.0)
    };
    let mut channels: Vec<&str> = m
        .by_channel
        .iter()
        .chain(&prev.by_channel)
        .map(|r| r.channel.as_str())
        .collect();
    channels.sort_unstable();
    channels.dedup();
    let driver = channels
        .into_iter()
        .map(|ch| (of(&m.by_channel, ch) - of(&prev.by_channel, ch), ch))
        .filter(|(d, _)| if up { *d > 0.0 } else { *d < 0.0 })
        .max_by(|x, y| x.0.abs().total_cmp(&y.0.abs()).then(y.1.cmp(x.1)));
    let driven = match driver {
        Some((d, ch)) => format!(
            "; {ch} contributed most to it ({}{})",
            if up { "+" } else { "−" },
            figure(d.abs())
        ),
        None => String::new(),
    };
    Some(format!(
        "The biggest change against {previous}: {words} {} {} ({} to {}){driven}.",
        if up { "up" } else { "down" },
        format::percent(change.abs()),
        figure(before),
        figure(now)
    ))
}

/// "The baton is dropped most at Events: 19 MQLs, 0.0% accepted by sales (82.9% across all
/// channels).": the channel with the lowest acceptance rate (of those with `MIN_MQLS` MQLs),
/// when it is below the whole month's; the one with more MQLs on a tie.
fn dropped_at(m: &MonthMetrics) -> Option<String> {
    let sa = &m.analytics.sales_acceptance;
    let overall = sa.acceptance_rate?;
    let worst = sa
        .by_channel
        .iter()
        .filter(|c| c.mqls >= MIN_MQLS)
        .filter_map(|c| c.acceptance_rate.map(|r| (r, c)))
        .filter(|(r, _)| *r < overall)
        .min_by(|x, y| {
            x.0.total_cmp(&y.0)
                .then(y.1.mqls.cmp(&x.1.mqls))
                .then(x.1.channel.cmp(&y.1.channel))
        })?;
    let (rate, c) = worst;
    Some(format!(
        "The baton is dropped most at {}: {} MQLs, {} accepted by sales ({} across all channels).",
        c.channel,
        format::count(c.mqls),
        format::percent(rate),
        format::percent(overall)
    ))
}

/// ", 2 of them Maya Chen's, the most of any owner" when one owner has more dropped batons than
/// every other.
fn most_dropped(m: &MonthMetrics) -> String {
    let by = &m.analytics.dropped_batons.by_owner;
    let Some(top) = by
        .iter()
        .max_by(|x, y| x.count.cmp(&y.count).then(y.name.cmp(&x.name)))
    else {
        return String::new();
    };
    let tied = by.iter().filter(|o| o.count == top.count).count();
    if tied > 1 || top.count == 0 {
        return String::new();
    }
    if top.count == m.analytics.dropped_batons.count {
        return format!(", all of them {}'s", top.name);
    }
    format!(
        ", {} of them {}'s, the most of any owner",
        format::count(top.count),
        top.name
    )
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
