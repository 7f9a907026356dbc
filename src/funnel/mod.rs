//! Funnel: the read batches assembled into one dataset, duplicates merged, and opportunities
//! and touches joined to their leads (`join::join` is the entry point).

pub mod assemble;
pub mod by_lead;
pub mod dedupe;
pub mod join;
pub mod names;
