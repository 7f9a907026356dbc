//! Timeline: each lead's touches and deals, in time order, for the analytics that follow people.

use crate::base::datetime::{self, Instant, Month};
use crate::funnel::join::Funnel;
use crate::model::{LeadTouch, Team};
use chrono_tz::Tz;

/// The funnel with per-lead indexes.
pub struct Timeline<'f> {
    pub f: &'f Funnel,
    pub tz: Tz,
    /// The months of `tz`, looked up by every pass.
    pub months: datetime::Months,
}

impl<'f> Timeline<'f> {
    pub fn new(f: &'f Funnel, tz: Tz) -> Timeline<'f> {
        Timeline {
            f,
            tz,
            months: datetime::Months::new(tz),
        }
    }

    pub fn month(&self, t: Instant) -> Month {
        self.months.month(t)
    }

    /// The touches of `lead`, by time (the join grouped them: `group_by_lead`).
    pub fn touches_of(&self, lead: usize) -> &'f [LeadTouch] {
        let starts = &self.f.touch_starts;
        match (starts.get(lead), starts.get(lead + 1)) {
            (Some(&a), Some(&b)) => &self.f.touches[a as usize..b as usize],
            _ => &[],
        }
    }

    /// The first sales touch of `lead` at or after `from` and at or before `until`.
    pub fn first_sales_touch(&self, lead: usize, from: Instant, until: Instant) -> Option<Instant> {
        self.touches_of(lead)
            .iter()
            .find(|t| t.tags.team() == Team::Sales && t.at.get() >= from && t.at.get() <= until)
            .map(|t| t.at.get())
    }
}
