//! The mentoring statistics calculator's web page: yew components, the
//! page's analysis workers and the plain functions behind them (tested
//! natively with `cargo test`). The statistics are the engine's
//! (`mentoring-stats-engine`); the page gathers files and settings and
//! shows the report.
#![deny(missing_docs)]

pub mod ui;
