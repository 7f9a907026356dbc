//! funnel

pub mod assemble;
pub mod dedupe;
pub mod join;
