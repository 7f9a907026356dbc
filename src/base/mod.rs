//! Base: what every stage stands on (errors, time, money, interning, formatting for people,
//! the pseudonym key, timings, the seeded generator), knowing nothing of the funnel.

pub(crate) mod datetime;
pub(crate) mod error;
pub mod excerpt;
pub(crate) mod format;
pub(crate) mod intern;
pub(crate) mod money;
pub(crate) mod numeral;
pub(crate) mod permute;
pub(crate) mod prefetch;
pub(crate) mod secret;
pub(crate) mod splitmix;
pub(crate) mod timing;
