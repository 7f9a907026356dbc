//! Report: the pages of a report set made from the metrics: the template context, charts,
//! the executive summary, the CSV tables and `metrics.json` (`render::render` is the entry point).

pub mod chart;
pub mod export;
pub mod page;
pub mod render;
pub mod site;
pub mod summary;
pub mod views;
pub mod write;
