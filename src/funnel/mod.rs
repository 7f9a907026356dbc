//! Funnel: the read batches assembled into one dataset, duplicates merged, and opportunities
//! and touches joined to their leads (`join::join` is the entry point).

pub(crate) mod assemble;
pub(crate) mod by_lead;
pub(crate) mod currency;
pub(crate) mod dedupe;
pub(crate) mod join;
pub(crate) mod names;
pub(crate) mod subscribers;
