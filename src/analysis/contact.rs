//! Over-contact: people touched too often by the two teams together, and people both teams
//! touched on the same day ("conflicting pitches").

use crate::analysis::timeline::Timeline;
use crate::base::datetime::{self, Month};
use crate::model::{LeadTouch, Team};
use serde::Serialize;
use std::collections::{BTreeMap, BTreeSet};

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct OverContact {
    /// The limit: more touches than this in any 7 days is over-contact.
    pub limit: u32,
    /// People over the limit in a 7-day window ending in the month.
    pub over_limit: u64,
    /// People touched by marketing and sales on the same day in the month.
    pub both_teams_same_day: u64,
    /// The most-touched people, pseudonymous: `[id, most touches in 7 days]`.
    pub people: Vec<(String, u64)>,
}

/// How many people a month lists.
const LISTED: usize = 20;

/// A month's over-contact: `over_limit` people over the limit (`listed`: those the report may
/// name, with their most touches in 7 days; the most-touched are kept), `both` touched by both
/// teams on one day.
pub(crate) fn month(
    limit: u32,
    over_limit: u64,
    both: u64,
    mut listed: Vec<(String, u64)>,
) -> OverContact {
    listed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    listed.truncate(LISTED);
    OverContact {
        limit,
        over_limit,
        both_teams_same_day: both,
        people: listed,
    }
}

/// Every month's over-contact: a person counts in a month when some 7 days (168 hours) ending in
/// it hold more than `limit` of their touches. A window's count grows only at a touch, so the
/// windows that matter end at a touch, or at the first instant of a month, where the touches of
/// the last days of the month before are still inside (the spec's "any rolling 7 days ending in
/// M": a burst on the 28th to the 31st counts in that month and in the next).
pub fn compute(t: &Timeline, limit: u32) -> BTreeMap<Month, OverContact> {
    let f = t.f;
    let week = 7 * 86_400;
    let mut over: BTreeMap<Month, BTreeMap<u32, u64>> = BTreeMap::new();
    let mut count = |month: Month, lead: usize, n: u64| {
        let e = over
            .entry(month)
            .or_default()
            .entry(lead as u32)
            .or_default();
        *e = (*e).max(n);
    };
    let mut same_day: BTreeMap<Month, BTreeSet<u32>> = BTreeMap::new();
    // Each lead's days with touches: (day, marketing touched, sales touched), reused.
    let mut days: Vec<(chrono::NaiveDate, bool, bool)> = Vec::new();
    for lead in 0..f.leads.len() {
        let touches = t.touches_of(lead);
        let mut start = 0;
        for (end, touch) in touches.iter().enumerate() {
            while touches[start].at.get() <= touch.at.get() - week {
                start += 1;
            }
            let n = (end - start + 1) as u64;
            if n <= u64::from(limit) {
                continue;
            }
            let month = t.month(touch.at.get());
            count(month, lead, n);
            // The window ending as the next month starts, when this is the last touch before
            // then: it holds this window's touches less those a week before that start. (A
            // touch at that very instant ends the same window itself.)
            let next = t.months.start(month.next());
            if touches.get(end + 1).is_none_or(|x| x.at.get() >= next) {
                let inside = touches[start..=end]
                    .iter()
                    .filter(|x| x.at.get() > next - week)
                    .count() as u64;
                if inside > u64::from(limit) {
                    count(month.next(), lead, inside);
                }
            }
        }
        // Both teams on one day needs touches from both teams.
        let team = |x: &LeadTouch| x.tags.team();
        let first = touches.first().map(team);
        if touches.iter().all(|x| Some(team(x)) == first) {
            continue;
        }
        days.clear();
        for touch in touches {
            let day = datetime::local_date(touch.at.get(), t.tz);
            // Touches come in time order, so a day is almost always the last one seen.
            let i = match days.iter().rposition(|d| d.0 == day) {
                Some(i) => i,
                None => {
                    days.push((day, false, false));
                    days.len() - 1
                }
            };
            match team(touch) {
                Team::Marketing => days[i].1 = true,
                Team::Sales => days[i].2 = true,
            }
        }
        for &(day, m, s) in &days {
            if m && s {
                same_day
                    .entry(Month::of(day))
                    .or_default()
                    .insert(lead as u32);
            }
        }
    }
    let months: BTreeSet<Month> = over.keys().chain(same_day.keys()).copied().collect();
    months
        .into_iter()
        .map(|m| {
            let people = over.get(&m).cloned().unwrap_or_default();
            let listed: Vec<(String, u64)> = people
                .iter()
                .map(|(&l, &n)| (f.names.of(l as usize), n))
                .collect();
            let both = same_day.get(&m).map_or(0, |s| s.len() as u64);
            let oc = month(limit, people.len() as u64, both, listed);
            (m, oc)
        })
        .collect()
}
