//! baton: from a folder of CSV exports to monthly sales-and-marketing alignment reports.
//!
//! The pipeline, one module a step: discover -> read (with normalize) -> assemble -> join
//! (with dedupe) -> metrics -> render -> write.

pub mod analysis;
pub mod app;
pub mod base;
pub mod config;
pub mod funnel;
pub mod input;
pub mod model;
pub mod publish;
pub mod report;

pub use app::*;
