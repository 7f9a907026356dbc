//! Flags: the one list of rates computed over too few events (docs/metrics.md, "Small
//! numbers"), which `metrics.json` writes and the page marks wherever such a rate is shown.

use crate::analysis::analytics::{Analytics, SmallNumber};
use crate::analysis::metrics::{CohortRates, MonthMetrics};
use crate::analysis::numbers::Numbers;

/// What the events of each kind of rate are, as the page says them (plural).
const CLOSED: &str = "closed deals";
const WON: &str = "won deals";
const LEADS: &str = "leads";
const JUDGED: &str = "judged MQLs";
const DECIDED: &str = "decided MQLs";

/// The rates of month `m` (its metrics and analytics `a`) computed over fewer than `min`
/// events, each named by its path in `metrics.json` (list entries by their name:
/// `by_channel.Email.win_rate`, `owners.Ann.win_rate`). Every rate the month page shows is
/// considered, and only those with a value: a rate over no events is null, not flagged.
pub fn small_numbers(m: &MonthMetrics, a: &Analytics, min: u64) -> Vec<SmallNumber> {
    let mut f = Flags {
        min,
        out: Vec::new(),
    };
    f.win_rate("totals".into(), &m.totals.numbers);
    for c in &m.by_channel {
        f.win_rate(format!("by_channel.{}", c.channel), &c.numbers);
    }
    for c in &m.by_campaign {
        f.win_rate(
            format!("by_campaign.{}.{}", c.channel, c.campaign),
            &c.numbers,
        );
    }
    if let Some(t) = &a.to_date {
        f.win_rate("to_date.quarter.totals".into(), &t.quarter.totals.numbers);
        f.win_rate("to_date.year.totals".into(), &t.year.totals.numbers);
    }
    f.flag(
        "totals.marketing_sourced_share".into(),
        m.totals.numbers.won.unwrap_or(0),
        WON,
        m.totals.marketing_sourced_share.is_some(),
    );
    f.cohort("cohort", &m.cohort);
    for c in &m.cohort_by_channel {
        f.cohort(&format!("cohort_by_channel.{}", c.channel), &c.cohort);
    }
    for r in &a.cohorts.rows {
        f.flag(
            format!("cohorts.{}.won", r.cohort),
            r.leads,
            LEADS,
            r.won.iter().any(Option::is_some),
        );
    }
    let s = &a.speed_to_lead;
    f.flag(
        "speed_to_lead.within_sla_share".into(),
        s.mqls.saturating_sub(s.pending),
        JUDGED,
        s.within_sla_share.is_some(),
    );
    let acc = &a.sales_acceptance;
    f.flag(
        "sales_acceptance.acceptance_rate".into(),
        acc.accepted + acc.rejected,
        DECIDED,
        acc.acceptance_rate.is_some(),
    );
    for c in &acc.by_channel {
        f.flag(
            format!("sales_acceptance.by_channel.{}.acceptance_rate", c.channel),
            c.accepted + c.rejected,
            DECIDED,
            c.acceptance_rate.is_some(),
        );
    }
    for o in &a.owners {
        f.flag(
            format!("owners.{}.win_rate", o.owner),
            o.won + o.lost,
            CLOSED,
            o.win_rate.is_some(),
        );
    }
    f.out
}

/// The flags found so far, and the threshold.
struct Flags {
    min: u64,
    out: Vec<SmallNumber>,
}

impl Flags {
    /// Flags `metric` when it is shown (has a value) and its events are fewer than the minimum.
    fn flag(&mut self, metric: String, events: u64, of: &'static str, shown: bool) {
        if shown && events < self.min {
            self.out.push(SmallNumber { metric, events, of });
        }
    }

    /// A win rate, over the closed deals (won + lost).
    fn win_rate(&mut self, prefix: String, n: &Numbers) {
        let closed = n.won.unwrap_or(0) + n.lost.unwrap_or(0);
        self.flag(
            format!("{prefix}.win_rate"),
            closed,
            CLOSED,
            n.win_rate.is_some(),
        );
    }

    /// A cohort's four rates, over its leads.
    fn cohort(&mut self, prefix: &str, c: &CohortRates) {
        for (rate, v) in [
            ("mql_rate", c.mql_rate),
            ("sql_rate", c.sql_rate),
            ("opportunity_rate", c.opportunity_rate),
            ("won_rate", c.won_rate),
        ] {
            self.flag(format!("{prefix}.{rate}"), c.leads, LEADS, v.is_some());
        }
    }
}

/// The flag of `metric` among `flags`, if it is flagged.
pub fn find<'a>(flags: &'a [SmallNumber], metric: &str) -> Option<&'a SmallNumber> {
    flags.iter().find(|f| f.metric == metric)
}
