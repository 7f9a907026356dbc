//! report

pub mod chart;
pub mod export;
pub mod page;
pub mod render;
pub mod summary;
pub mod views;
pub mod write;
