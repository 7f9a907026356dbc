//! Input: the exports found in the input folder (`discover`), each recognised by a profile,
//! read in parallel and normalised into canonical records (`read::read_files` is the entry
//! point). The speed devices (whole-file pieces, SIMD line and quote scanning, prefetched
//! lookups) live here, below the batch API the funnel sees.

pub(crate) mod discover;
pub(crate) mod formats;
pub(crate) mod leadkeys;
pub(crate) mod lookahead;
pub(crate) mod marks;
pub(crate) mod normalize;
pub(crate) mod parse;
pub(crate) mod pieces;
pub(crate) mod privacy;
pub(crate) mod read;
pub(crate) mod rows;
pub(crate) mod stamp;
