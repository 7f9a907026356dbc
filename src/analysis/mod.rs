//! Analysis: the funnel measured month by month (docs/metrics.md): the headline metrics, then
//! the alignment analytics (handoff, time to stage, attribution, cohorts, targets, owners,
//! over-contact) and the freshness of each source. `measure::measure` is the entry point.

pub mod analytics;
pub mod attribution;
pub mod cohorts;
pub mod contact;
pub mod freshness;
pub mod handoff;
pub mod hours;
pub mod measure;
pub mod metrics;
pub mod monthly;
pub mod numbers;
pub mod owners;
pub mod ratio;
pub mod stages;
pub mod timeline;
