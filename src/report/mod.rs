//! Report: the pages of a report set made from the metrics: the template context, charts,
//! the executive summary, the CSV tables and `metrics.json` (`render::render` is the entry point).

pub(crate) mod chart;
pub(crate) mod export;
pub(crate) mod page;
pub(crate) mod render;
pub(crate) mod site;
pub(crate) mod summary;
pub(crate) mod views;
pub(crate) mod write;
