//! input

pub mod builtin;
pub mod chunk;
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
pub mod sources;
pub mod stamp;
pub mod suggest;
