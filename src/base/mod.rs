//! Base: what every stage stands on (errors, time, money, interning, formatting for people,
//! the pseudonym key, timings, the seeded generator), knowing nothing of the funnel.

pub mod datetime;
pub mod error;
pub mod excerpt;
pub mod format;
pub mod intern;
pub mod money;
pub mod secret;
pub mod splitmix;
pub mod timing;
