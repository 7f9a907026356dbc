//! Input: the exports found in the input folder (`discover`), each recognised by a profile,
//! read in parallel and normalised into canonical records (`read::read_files` is the entry
//! point). The speed devices (whole-file pieces, SIMD line and quote scanning, prefetched
//! lookups) live here, below the batch API the funnel sees.

pub(crate) mod builtin;
pub(crate) mod chunk;
pub(crate) mod dialect;
pub(crate) mod discover;
pub(crate) mod glob;
pub(crate) mod leadkeys;
pub(crate) mod lines;
pub(crate) mod longline;
pub(crate) mod normalize;
pub(crate) mod privacy;
pub(crate) mod profile;
pub(crate) mod profile_set;
pub(crate) mod quotes;
pub(crate) mod read;
pub(crate) mod records;
pub(crate) mod rows;
pub(crate) mod sources;
pub(crate) mod stamp;
pub(crate) mod suggest;
