//! The handoff from marketing to sales: speed to lead, dropped batons and sales acceptance of
//! each month's MQLs (docs/metrics.md), in total, by channel and by owner.

use crate::analysis::hours;
use crate::analysis::monthly::ByMonth;
use crate::analysis::ratio::rate;
use crate::analysis::ratio::{quantile, round2};
use crate::analysis::timeline::Timeline;
use crate::base::datetime::{Instant, Month, Months};
use crate::base::intern::{Interner, Sym};
use crate::config::Config;
use crate::config::analytics::Settings;
use crate::funnel::names::People;
use crate::input::formats::stage_key;
use rustc_hash::FxHashMap;
use serde::Serialize;
use std::collections::BTreeMap;
use std::ops::AddAssign;

/// Speed to lead for one month's MQLs.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct SpeedToLead {
    pub mqls: u64,
    /// MQLs with a first sales touch (or, without one, an SQL date) by the end of the month.
    pub responded: u64,
    /// MQLs not yet answered whose SLA had not yet run out at the end of the month.
    pub pending: u64,
    /// MQLs answered within the SLA (the numerator of `within_sla_share`).
    pub within_sla: u64,
    pub median_hours: Option<f64>,
    pub p90_hours: Option<f64>,
    /// Answered within the SLA, over the MQLs that could be judged (answered, or past the SLA).
    pub within_sla_share: Option<f64>,
    pub sla_hours: f64,
    /// `working` when `[business_hours]` is set, else `calendar`.
    pub hours: &'static str,
    /// Every MQL of the month by waiting time (buckets that break at the SLA), then those not
    /// answered past the SLA, then those not answered whose SLA had not run out: the counts add
    /// up to `mqls`.
    pub distribution: Vec<Bucket>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Bucket {
    pub label: String,
    pub count: u64,
    /// `within_sla`, `over_sla` (answered late), `not_answered` (past the SLA) or `not_due`
    /// (not answered, the SLA not yet run out at the month's end).
    pub kind: &'static str,
}

/// MQLs that sales never picked up within the window.
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct DroppedBatons {
    pub count: u64,
    /// MQLs whose window had not passed by the end of the month (answered or not).
    pub pending: u64,
    /// Of those, the MQLs with no answer from sales by the end of the month: the ones that
    /// may still become dropped batons.
    pub unanswered_in_window: u64,
    pub window_days: i64,
    pub by_owner: Vec<Count>,
    pub by_channel: Vec<Count>,
    /// Pseudonymous ids of the dropped leads (names and emails only with `show_people`).
    pub leads: People,
}

#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct Count {
    pub name: String,
    pub count: u64,
}

/// What sales did with the month's MQLs (by the lead's current status).
#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct SalesAcceptance {
    pub mqls: u64,
    /// Reached SQL by the end of the month.
    pub accepted: u64,
    /// Disqualified or rejected (a disqualification reason, or a status listed as rejected).
    pub rejected: u64,
    /// Sent back to nurture.
    pub recycled: u64,
    /// Neither accepted, rejected nor recycled.
    pub pending: u64,
    /// Neither accepted nor rejected (recycled or pending): `accepted + rejected + undecided =
    /// mqls`.
    pub undecided: u64,
    /// `accepted / (accepted + rejected)`.
    pub acceptance_rate: Option<f64>,
    pub reasons: Vec<Count>,
    pub by_channel: Vec<ChannelAcceptance>,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct ChannelAcceptance {
    pub channel: String,
    pub mqls: u64,
    pub accepted: u64,
    pub rejected: u64,
    pub recycled: u64,
    pub acceptance_rate: Option<f64>,
}

/// Per owner, what the handoff says about them.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct OwnerHandoff {
    pub mqls: u64,
    pub hours: Vec<f64>,
    pub dropped: u64,
}

/// Everything about one month's handoff.
#[derive(Clone, Debug, Default)]
pub struct Handoff {
    pub speed: SpeedToLead,
    pub dropped: DroppedBatons,
    pub acceptance: SalesAcceptance,
    pub owners: BTreeMap<String, OwnerHandoff>,
}

/// What speed to lead counts in: `working` hours when `[business_hours]` is set, else
/// `calendar` hours (said in every month, with MQLs or not).
pub(crate) fn hours_kind(s: &Settings) -> &'static str {
    if s.business_hours.is_some() {
        "working"
    } else {
        "calendar"
    }
}

/// Where the waiting-time buckets break, in hours: 1, 4, 24 and 72, and the SLA (each bucket
/// holds its upper bound, so the buckets up to the SLA are the MQLs answered within it).
fn breaks(sla: f64) -> Vec<f64> {
    let mut b = vec![1.0, 4.0, 24.0, 72.0];
    if sla > 0.0 && !b.contains(&sla) {
        b.push(sla);
        b.sort_by(f64::total_cmp);
    }
    b
}

/// At most five breaks: six answered buckets, then not answered and not yet due.
const MAX_BUCKETS: usize = 8;

/// The bucket of an answer after `h` hours: the first break it does not exceed.
fn bucket(h: f64, breaks: &[f64]) -> usize {
    breaks.iter().position(|&b| h <= b).unwrap_or(breaks.len())
}

/// `8`, `1.5`: an hour count without trailing zeros.
fn hours_number(h: f64) -> String {
    let n = format!("{h:.2}");
    n.trim_end_matches('0').trim_end_matches('.').to_string()
}

/// The buckets' labels, short enough for a chart: `up to 1 h`, `1–4 h`, ..., `1–3 days`,
/// `over 3 days`. Calendar hours that are whole days are said in days; working hours always in
/// hours (24 working hours are about three working days, not one).
fn bucket_labels(breaks: &[f64], calendar: bool) -> Vec<String> {
    let whole_days =
        |h: f64| (calendar && h >= 24.0 && (h / 24.0).fract() == 0.0).then_some((h / 24.0) as i64);
    let days = |d: i64| format!("{d} day{}", if d == 1 { "" } else { "s" });
    let one = |h: f64| whole_days(h).map_or_else(|| format!("{} h", hours_number(h)), days);
    let mut out = vec![format!("up to {}", one(breaks[0]))];
    for w in breaks.windows(2) {
        let (a, b) = (w[0], w[1]);
        out.push(match (whole_days(a), whole_days(b)) {
            (Some(x), Some(y)) => format!("{x}–{}", days(y)),
            _ => format!("{}–{} h", hours_number(a), hours_number(b)),
        });
    }
    out.push(format!("over {}", one(breaks[breaks.len() - 1])));
    out
}

#[derive(Default)]
struct HandoffSums {
    mqls: u64,
    responded_hours: Vec<f64>,
    within: u64,
    judged: u64,
    pending: u64,
    /// By waiting time (`bucket`), then not answered, then not yet due.
    buckets: [u64; MAX_BUCKETS],
    dropped: u64,
    dropped_pending: u64,
    dropped_unanswered: u64,
    // Keyed by label number while the leads are counted, by name at the end.
    dropped_owner: FxHashMap<Sym, u64>,
    dropped_channel: FxHashMap<Sym, u64>,
    dropped_leads: People,
    accepted: u64,
    rejected: u64,
    recycled: u64,
    /// By the word (reason or status) given.
    reasons: FxHashMap<Sym, u64>,
    channels: FxHashMap<Sym, ChannelAcceptance>,
    owners: FxHashMap<Sym, OwnerHandoff>,
}

/// A map by label number as a map by name, entries of labels with the same name merged.
fn by_name<V: Default>(
    map: FxHashMap<Sym, V>,
    name: impl Fn(Sym) -> String,
    merge: impl Fn(&mut V, V),
) -> BTreeMap<String, V> {
    let mut out: BTreeMap<String, V> = BTreeMap::new();
    let mut entries: Vec<(Sym, V)> = map.into_iter().collect();
    entries.sort_unstable_by_key(|e| e.0);
    for (sym, v) in entries {
        merge(out.entry(name(sym)).or_default(), v);
    }
    out
}

/// One MQL as the handoff sees it, from whichever engine found it.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Mql {
    /// When it became an MQL.
    pub at: Instant,
    /// Its first sales touch at or after `at`, at any time.
    pub first_sales: Option<Instant>,
    pub sql_at: Option<Instant>,
    pub owner: Sym,
    pub channel: Sym,
    /// Its status and disqualification reason, as words (0: none).
    pub status: Sym,
    pub reason: Sym,
}

/// The label names the MQLs' symbols are numbers of.
#[derive(Clone, Copy)]
pub(crate) struct Labels<'a> {
    pub owners: &'a Interner,
    pub channels: &'a Interner,
    pub words: &'a Interner,
}

/// The handoff of every month, added up one MQL at a time.
pub(crate) struct Tally<'c> {
    s: &'c Settings,
    months: Months,
    breaks: Vec<f64>,
    /// Whether each status word (by symbol) counts as rejected, and as recycled: learnt once
    /// per word, not once per lead.
    statuses: Vec<Option<(bool, bool)>>,
    sums: ByMonth<HandoffSums>,
}

impl<'c> Tally<'c> {
    pub(crate) fn new(config: &'c Config) -> Tally<'c> {
        let s = &config.analytics;
        Tally {
            s,
            months: Months::new(config.tz),
            breaks: breaks(s.sla_hours),
            statuses: Vec::new(),
            sums: ByMonth::default(),
        }
    }

    /// Hours from `a` to `b`: working hours when `[business_hours]` is set, else calendar hours.
    fn measure(&self, a: Instant, b: Instant) -> f64 {
        match &self.s.business_hours {
            Some(bh) => hours::business_hours(a, b, bh),
            None => hours::calendar_hours(a, b),
        }
    }

    /// Whether `status` counts as rejected, and as recycled.
    fn status_kind(&mut self, status: Sym, words: &Interner) -> (bool, bool) {
        let i = status as usize;
        if self.statuses.len() <= i {
            self.statuses.resize(i + 1, None);
        }
        *self.statuses[i].get_or_insert_with(|| {
            let key = stage_key(words.name(status));
            (
                self.s.rejected_statuses.contains(&key),
                self.s.recycled_statuses.contains(&key),
            )
        })
    }

    /// Adds one MQL; `person` lists it among the dropped batons if it is one.
    pub(crate) fn add(&mut self, l: &Mql, words: &Interner, person: impl FnOnce(&mut People)) {
        let (mql, s) = (l.at, self.s);
        let month = self.months.month(mql);
        let as_of = self.months.start(month.next()) - 1;
        let (rejected_status, recycled_status) = self.status_kind(l.status, words);
        let (not_answered, not_due) = (self.breaks.len() + 1, self.breaks.len() + 2);
        // Speed to lead: the first sales touch, else the SQL date.
        let sql_by = |until: Instant| l.sql_at.filter(|&q| q >= mql && q <= until);
        let touch_by = |until: Instant| l.first_sales.filter(|&t| t <= until);
        let response = touch_by(as_of).or_else(|| sql_by(as_of));
        let waited = response.map(|r| self.measure(mql, r));
        let sla_over = self.measure(mql, as_of) > s.sla_hours;
        let window_end = mql + s.dropped_after_days * 86_400;
        let bucket_of = |h: f64| bucket(h, &self.breaks);
        let acc = self.sums.entry(month);
        acc.mqls += 1;
        let oh = acc.owners.entry(l.owner).or_default();
        oh.mqls += 1;
        match waited {
            Some(h) => {
                acc.responded_hours.push(h);
                oh.hours.push(h);
                acc.judged += 1;
                acc.within += u64::from(h <= s.sla_hours);
                acc.buckets[bucket_of(h)] += 1;
            }
            None if sla_over => {
                acc.judged += 1;
                acc.buckets[not_answered] += 1;
            }
            None => {
                acc.pending += 1;
                acc.buckets[not_due] += 1;
            }
        }
        // Dropped baton: nothing from sales within the window, once the window has passed.
        if window_end <= as_of {
            if touch_by(window_end).is_none() && sql_by(window_end).is_none() {
                acc.dropped += 1;
                acc.owners.entry(l.owner).or_default().dropped += 1;
                *acc.dropped_owner.entry(l.owner).or_default() += 1;
                *acc.dropped_channel.entry(l.channel).or_default() += 1;
                person(&mut acc.dropped_leads);
            }
        } else {
            acc.dropped_pending += 1;
            // The window runs past the month's end: no answer by then is no answer in it yet.
            acc.dropped_unanswered += u64::from(waited.is_none());
        }
        // Acceptance, by the lead's status as exported.
        let ch = acc.channels.entry(l.channel).or_default();
        ch.mqls += 1;
        if l.sql_at.is_some_and(|q| q <= as_of) {
            acc.accepted += 1;
            ch.accepted += 1;
        } else if l.reason != 0 || rejected_status {
            acc.rejected += 1;
            ch.rejected += 1;
            let why = if l.reason != 0 { l.reason } else { l.status };
            *acc.reasons.entry(why).or_default() += 1;
        } else if recycled_status {
            acc.recycled += 1;
            ch.recycled += 1;
        }
    }

    /// Every month's handoff, its labels by name.
    pub(crate) fn finish(self, labels: Labels) -> BTreeMap<Month, Handoff> {
        let s = self.s;
        let owner_name = |o: Sym| match labels.owners.name(o) {
            "" => "(no owner)".to_string(),
            name => name.to_string(),
        };
        let breaks = self.breaks;
        self.sums
            .into_iter()
            .map(|(m, a)| (m, finish_month(a, s, &breaks, labels, owner_name)))
            .collect()
    }
}

/// Computes the handoff of every month that has MQLs.
pub fn compute(t: &Timeline, config: &Config) -> BTreeMap<Month, Handoff> {
    let f = t.f;
    let mut tally = Tally::new(config);
    for (i, l) in f.leads.iter().enumerate() {
        let Some(at) = l.mql_at.get() else { continue };
        let labels = f.labels.of(l);
        let mql = Mql {
            at,
            first_sales: t.first_sales_touch(i, at, Instant::MAX),
            sql_at: l.sql_at.get(),
            owner: labels.owner,
            channel: labels.channel,
            status: labels.status,
            reason: labels.reason,
        };
        tally.add(&mql, &f.labels.words, |people| people.push(&f.names, i));
    }
    tally.finish(Labels {
        owners: &f.labels.owners,
        channels: &f.labels.channels,
        words: &f.labels.words,
    })
}

/// One month's handoff from its sums.
fn finish_month(
    mut a: HandoffSums,
    s: &Settings,
    breaks: &[f64],
    labels: Labels,
    owner_name: impl Fn(Sym) -> String + Copy,
) -> Handoff {
    let counts = |map: BTreeMap<String, u64>| -> Vec<Count> {
        let mut v: Vec<Count> = map
            .into_iter()
            .map(|(name, count)| Count { name, count })
            .collect();
        v.sort_by(|x, y| y.count.cmp(&x.count).then(x.name.cmp(&y.name)));
        v
    };
    a.dropped_leads.sort();
    let words = |w: Sym| labels.words.name(w).to_string();
    let channel = |c: Sym| labels.channels.name(c).to_string();
    let reasons = by_name(a.reasons, words, u64::add_assign);
    let dropped_owner = by_name(a.dropped_owner, owner_name, u64::add_assign);
    let dropped_channel = by_name(a.dropped_channel, channel, u64::add_assign);
    let owners = by_name(a.owners, owner_name, |o, more| {
        o.mqls += more.mqls;
        o.hours.extend(more.hours);
        o.dropped += more.dropped;
    });
    let channels = by_name(a.channels, channel, |c, more| {
        c.mqls += more.mqls;
        c.accepted += more.accepted;
        c.rejected += more.rejected;
        c.recycled += more.recycled;
    });
    let speed = SpeedToLead {
        mqls: a.mqls,
        responded: a.responded_hours.len() as u64,
        pending: a.pending,
        within_sla: a.within,
        median_hours: quantile(&mut a.responded_hours, 0.5).map(round2),
        p90_hours: quantile(&mut a.responded_hours, 0.9).map(round2),
        within_sla_share: rate(a.within, a.judged),
        sla_hours: s.sla_hours,
        hours: hours_kind(s),
        distribution: distribution(breaks, s.sla_hours, s.business_hours.is_none(), &a.buckets),
    };
    let mut by_channel: Vec<ChannelAcceptance> = channels
        .into_iter()
        .map(|(name, c)| ChannelAcceptance { channel: name, ..c })
        .collect();
    for c in &mut by_channel {
        c.acceptance_rate = rate(c.accepted, c.accepted + c.rejected);
    }
    let acceptance = SalesAcceptance {
        mqls: a.mqls,
        accepted: a.accepted,
        rejected: a.rejected,
        recycled: a.recycled,
        pending: a.mqls - a.accepted - a.rejected - a.recycled,
        undecided: a.mqls - a.accepted - a.rejected,
        acceptance_rate: rate(a.accepted, a.accepted + a.rejected),
        reasons: counts(reasons),
        by_channel,
    };
    let dropped = DroppedBatons {
        count: a.dropped,
        pending: a.dropped_pending,
        unanswered_in_window: a.dropped_unanswered,
        window_days: s.dropped_after_days,
        by_owner: counts(dropped_owner),
        by_channel: counts(dropped_channel),
        leads: a.dropped_leads,
    };
    Handoff {
        speed,
        dropped,
        acceptance,
        owners,
    }
}

/// The buckets with their labels and kinds, from the counts (`buckets` after `breaks`).
fn distribution(
    breaks: &[f64],
    sla: f64,
    calendar: bool,
    counts: &[u64; MAX_BUCKETS],
) -> Vec<Bucket> {
    let mut labels = bucket_labels(breaks, calendar);
    labels.push("not answered".into());
    labels.push("not yet due".into());
    let n = labels.len();
    labels
        .into_iter()
        .zip(counts)
        .enumerate()
        .map(|(i, (label, &count))| Bucket {
            label,
            count,
            kind: if i == n - 1 {
                "not_due"
            } else if i == n - 2 {
                "not_answered"
            } else if i < breaks.len() && breaks[i] <= sla {
                "within_sla"
            } else {
                "over_sla"
            },
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(sla: f64) -> Vec<String> {
        bucket_labels(&breaks(sla), true)
    }

    #[test]
    fn buckets_break_at_the_sla() {
        assert_eq!(
            labels(8.0),
            [
                "up to 1 h",
                "1–4 h",
                "4–8 h",
                "8–24 h",
                "1–3 days",
                "over 3 days"
            ]
        );
        assert_eq!(
            labels(24.0),
            ["up to 1 h", "1–4 h", "4–24 h", "1–3 days", "over 3 days"]
        );
        assert_eq!(labels(48.0)[3..], ["1–2 days", "2–3 days", "over 3 days"]);
        assert_eq!(labels(0.5)[..2], ["up to 0.5 h", "0.5–1 h"]);
        assert_eq!(labels(100.0)[4..], ["72–100 h", "over 100 h"]);
        // Working hours are not days.
        assert_eq!(
            bucket_labels(&breaks(8.0), false)[3..],
            ["8–24 h", "24–72 h", "over 72 h"]
        );
        // The SLA's own value is within it; a moment more is not.
        let b = breaks(8.0);
        assert_eq!((bucket(8.0, &b), bucket(8.01, &b)), (2, 3));
        assert_eq!(
            (bucket(0.0, &b), bucket(1.0, &b), bucket(500.0, &b)),
            (0, 0, 5)
        );
    }

    #[test]
    fn kinds_follow_the_sla() {
        let b = breaks(8.0);
        let kinds: Vec<&str> = distribution(&b, 8.0, true, &[0; MAX_BUCKETS])
            .iter()
            .map(|d| d.kind)
            .collect();
        assert_eq!(
            kinds,
            [
                "within_sla",
                "within_sla",
                "within_sla",
                "over_sla",
                "over_sla",
                "over_sla",
                "not_answered",
                "not_due"
            ]
        );
    }
}
