//! One component per file; props go down, actions come up.

pub mod controls;
pub mod data_table;
pub mod export;
pub mod file_list;
pub mod footer;
pub mod labels;
pub mod live_written_chart;
pub mod loader;
pub mod manuscript;
pub mod mapping;
pub mod methods;
pub mod mode_chart;
pub mod month_chart;
pub mod names;
pub mod notices;
pub mod outcome_loader;
pub mod outcomes;
pub mod overview;
pub mod print_panel;
pub mod progress;
pub mod results;
pub mod settings;
pub mod settings_file;
pub mod site_minutes_chart;
pub mod stages;
pub mod svg;
pub mod topics_chart;
pub mod workload_chart;

use std::rc::Rc;

use yew::Properties;

use mentoring_stats_engine::report::Report;

/// Props of a component that shows part of the report and nothing else.
#[derive(Properties)]
pub struct ReportProps {
    /// The report.
    pub report: Rc<Report>,
}

impl PartialEq for ReportProps {
    /// By identity: a new run makes a new report, and a report of many
    /// names is not walked at each redraw.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.report, &other.report)
    }
}

/// An `Rc` compared by identity, as a `use_memo` dependency: a report of
/// many names is not walked to learn that it is the same one.
#[derive(Clone)]
pub struct Same<T>(pub Rc<T>);

impl<T> PartialEq for Same<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}
