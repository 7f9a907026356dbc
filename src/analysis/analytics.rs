//! Analytics: what an alignment meeting needs beyond the headline metrics (docs/metrics.md,
//! "Alignment analytics"): the handoff, time to stage, attribution, cohorts, trends, targets,
//! quarter- and year-to-date, owners, over-contact and the small-number flags.

use crate::analysis::attribution::{CampaignCredit, ChannelCredit};
use crate::analysis::cohorts::CohortMatrix;
use crate::analysis::contact::OverContact;
use crate::analysis::handoff::{DroppedBatons, SalesAcceptance, SpeedToLead};
use crate::analysis::numbers::Totals;
use crate::analysis::owners::OwnerRow;
use crate::analysis::stages::{StageConversion, TimeToStage};
use serde::Serialize;
use std::collections::BTreeMap;

/// A headline metric against the previous month and the same month a year before.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Trend {
    pub value: Option<f64>,
    pub previous: Option<f64>,
    pub year_ago: Option<f64>,
    /// Relative change for counts and amounts (0.12 = +12%); the difference for rates.
    pub change: Option<f64>,
    pub change_year: Option<f64>,
    /// `relative` or `difference`.
    pub kind: &'static str,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Target {
    pub metric: String,
    pub target: f64,
    pub actual: Option<f64>,
    /// `actual / target` (for costs, above 1 means over target).
    pub attainment: Option<f64>,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Period {
    pub from: String,
    pub to: String,
    pub totals: Totals,
}

#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ToDate {
    pub fiscal_year_start: u32,
    pub quarter: Period,
    pub year: Period,
}

/// Per channel: how MQLs fare after the handoff.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ChannelHandoff {
    pub channel: String,
    pub mqls: Option<u64>,
    pub acceptance_rate: Option<f64>,
    pub revenue_per_mql: Option<f64>,
}

/// A rate computed over fewer events than `[report] min_events` (`analysis::flags`).
#[derive(Clone, Debug, Serialize, PartialEq, Eq)]
pub struct SmallNumber {
    /// The rate's path in `metrics.json`, list entries by name: `by_channel.Email.win_rate`.
    pub metric: String,
    pub events: u64,
    /// What the events are: `closed deals`, `won deals`, `leads`, ….
    pub of: &'static str,
}

#[derive(Clone, Debug, Default, Serialize, PartialEq)]
pub struct Analytics {
    pub speed_to_lead: SpeedToLead,
    pub dropped_batons: DroppedBatons,
    pub sales_acceptance: SalesAcceptance,
    pub time_to_stage: TimeToStage,
    /// Each stage's entries of the month followed to the month's end (the funnel on the page).
    pub stage_conversion: StageConversion,
    pub attribution: BTreeMap<&'static str, Vec<ChannelCredit>>,
    pub attribution_campaigns: BTreeMap<&'static str, Vec<CampaignCredit>>,
    pub attribution_consistent_top: Vec<String>,
    pub attribution_lookback_days: i64,
    pub cohorts: CohortMatrix,
    pub trends: BTreeMap<&'static str, Trend>,
    pub targets: Vec<Target>,
    pub to_date: Option<ToDate>,
    pub owners: Vec<OwnerRow>,
    pub channel_handoff: Vec<ChannelHandoff>,
    pub over_contact: OverContact,
    /// `[report] min_events`: rates over fewer events are flagged.
    pub min_events: u64,
    pub small_numbers: Vec<SmallNumber>,
    /// The ad platforms' own conversions beside the CRM's leads (`claims`).
    pub platform_claims: crate::analysis::claims::PlatformClaims,
}
