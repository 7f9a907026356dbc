//! analysis

pub mod analytics;
pub mod attribution;
pub mod cohorts;
pub mod contact;
pub mod freshness;
pub mod handoff;
pub mod hours;
pub mod metrics;
pub mod monthly;
pub mod owners;
pub mod stages;
pub mod timeline;
