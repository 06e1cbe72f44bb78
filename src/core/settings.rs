//! Analysis settings: given when an analysis starts, and applied as rows
//! are read (a change means reading the files again).

use jiff::civil::Date;

use super::value::DateOrder;

/// Settings of one analysis (SPEC, "Output: the statistics").
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    /// Order of numeric dates with the year last when a file's dates read
    /// equally well both ways.
    pub date_order: DateOrder,
    /// Minutes counted for a written contact (email, SMS) without a duration.
    pub written_message_minutes: f64,
    /// First day of the analysis window, inclusive.
    pub from: Option<Date>,
    /// Last day of the analysis window, inclusive.
    pub to: Option<Date>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            date_order: DateOrder::DayFirst,
            written_message_minutes: 5.0,
            from: None,
            to: None,
        }
    }
}

impl Settings {
    /// Whether `date` is inside the analysis window.
    pub fn in_window(&self, date: Date) -> bool {
        self.from.is_none_or(|from| date >= from) && self.to.is_none_or(|to| date <= to)
    }
}
