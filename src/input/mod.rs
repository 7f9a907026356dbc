//! Input: the exports found in the input folder (`discover`), each recognised by a profile,
//! read in parallel and normalised into canonical records (`read::read_files` is the entry
//! point). The speed devices (whole-file pieces, SIMD line and quote scanning, prefetched
//! lookups) live here, below the batch API the funnel sees.

pub mod builtin;
pub mod chunk;
pub mod dialect;
pub mod discover;
pub mod glob;
pub mod leadkeys;
pub mod lines;
pub mod longline;
pub mod normalize;
pub mod privacy;
pub mod profile;
pub mod profile_set;
pub mod quotes;
pub mod read;
pub mod records;
pub mod rows;
pub mod sources;
pub mod stamp;
pub mod suggest;
