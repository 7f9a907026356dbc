//! base

pub mod datetime;
pub mod error;
pub mod excerpt;
pub mod format;
pub mod intern;
pub mod money;
pub mod secret;
pub mod timing;
