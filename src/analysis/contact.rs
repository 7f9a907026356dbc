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

/// Every month's over-contact. A window is the 7 days (168 hours) ending at a touch.
pub fn compute(t: &Timeline, limit: u32) -> BTreeMap<Month, OverContact> {
    let f = t.f;
    let week = 7 * 86_400;
    let mut over: BTreeMap<Month, BTreeMap<u32, u64>> = BTreeMap::new();
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
            if n > u64::from(limit) {
                let e = over
                    .entry(t.month(touch.at.get()))
                    .or_default()
                    .entry(lead as u32)
                    .or_default();
                *e = (*e).max(n);
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
            let mut listed: Vec<(String, u64)> = people
                .iter()
                .map(|(&l, &n)| (f.names.of(&f.leads, l as usize), n))
                .collect();
            listed.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            listed.truncate(LISTED);
            let oc = OverContact {
                limit,
                over_limit: people.len() as u64,
                both_teams_same_day: same_day.get(&m).map_or(0, |s| s.len() as u64),
                people: listed,
            };
            (m, oc)
        })
        .collect()
}
