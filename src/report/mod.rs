//! Report: the pages of a report set made from the metrics: the template context, charts,
//! the executive summary, the CSV tables and `metrics.json` (`render::render` is the entry point).

pub(crate) mod charts;
pub(crate) mod context;
pub(crate) mod json;
pub(crate) mod render;
pub(crate) mod site;
pub(crate) mod summary;
pub(crate) mod svg;
pub(crate) mod tables;
