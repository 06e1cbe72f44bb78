//! One component per file; props go down, actions come up.

pub mod controls;
pub mod data_table;
pub mod export;
pub mod file_list;
pub mod footer;
pub mod labels;
pub mod loader;
pub mod manuscript;
pub mod mapping;
pub mod methods;
pub mod mode_chart;
pub mod month_chart;
pub mod names;
pub mod notices;
pub mod overview;
pub mod progress;
pub mod results;
pub mod settings;
pub mod site_minutes_chart;
pub mod svg;
pub mod topics_chart;
pub mod workload_chart;

use std::rc::Rc;

use yew::Properties;

use crate::core::report::Report;

/// Props of a component that shows part of the report and nothing else.
#[derive(Properties, PartialEq)]
pub struct ReportProps {
    /// The report.
    pub report: Rc<Report>,
}
