//! Analysis: the funnel measured month by month (docs/metrics.md): the headline metrics, then
//! the alignment analytics (handoff, time to stage, attribution, cohorts, targets, owners,
//! over-contact) and the freshness of each source. `measure::measure` is the entry point.

pub(crate) mod analytics;
pub(crate) mod attribution;
pub(crate) mod claims;
pub(crate) mod cohorts;
pub(crate) mod contact;
pub(crate) mod flags;
pub(crate) mod freshness;
pub(crate) mod handoff;
pub(crate) mod hours;
pub(crate) mod measure;
pub(crate) mod metrics;
pub(crate) mod monthly;
pub(crate) mod numbers;
pub(crate) mod owners;
pub(crate) mod ratio;
pub(crate) mod stages;
pub(crate) mod timeline;
