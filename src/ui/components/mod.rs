//! One component per file; props go down, actions come up.

pub mod data_table;
pub mod export;
pub mod file_list;
pub mod loader;
pub mod mapping;
pub mod methods;
pub mod mode_chart;
pub mod month_chart;
pub mod notices;
pub mod overview;
pub mod progress;
pub mod results;
pub mod settings;
pub mod site_minutes_chart;
