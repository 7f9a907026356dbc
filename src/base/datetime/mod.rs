//! Dates and instants: ISO 8601 parsing, time-zone conversion, calendar-month buckets, and the
//! packed instants records keep.

mod month;
mod packed;
mod parse;
mod zone;

pub use month::{Month, Months};
pub use packed::{Stamp, When};
pub use parse::*;
pub use zone::{Instant, local_date, local_to_instant};

#[cfg(test)]
mod tests;
