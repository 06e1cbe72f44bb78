//! Values: one cell's text turned into a typed value, or a reason it cannot be.
//!
//! Every parser here is a pure function of the cell's text (the file's date
//! order is applied later, once the whole file has been seen). The reasons in
//! [`ValueError`] are written for a trial manager: they become the `reason`
//! of a rejected row.

mod cursor;
pub mod date;
pub mod duration;
pub mod label;
pub mod name;

pub use date::{parse_date, DateOrder, ParsedDate};
pub use duration::{parse_duration, parse_duration_in, DurationUnit};
pub use label::{label_key, parse_attendance, parse_mode, read_mode, Attendance, LabelRead, Mode};
pub use name::{
    mixes_scripts, name_shape, normalize_name, odd_letters, split_mentees, split_topics,
};

use std::fmt;

/// A cell's text without leading and trailing white space, as
/// [`str::trim`]; quicker for the usual cell, which starts and ends with a
/// visible ASCII character (the page's engine trims a few cells of every
/// row, and `str::trim` decodes characters from both ends).
#[inline]
#[must_use]
pub fn trim_cell(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Why a cell's value cannot be used. `Display` writes the reason in plain
/// words, without the field name or the value (the caller adds both).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum ValueError {
    /// A required value is empty.
    Blank,
    /// The text is not a date in any accepted format.
    UnreadableDate,
    /// The text has the shape of a date but names no real day (`31/02/2019`).
    ImpossibleDate,
    /// The date is before 1900 or after 2100: not a contact's date.
    ImplausibleDate,
    /// The text is not a duration in any accepted format.
    UnreadableDuration,
    /// The duration is below zero.
    NegativeDuration,
    /// The duration is over 24 hours (1440 minutes).
    DurationTooLong,
    /// The attendance label is none of the known ones.
    UnknownAttendance,
}

impl fmt::Display for ValueError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ValueError::Blank => "is blank",
            ValueError::UnreadableDate => {
                "is not a date (expected e.g. 14/03/2018, 2018-03-14 or 14 Mar 2018)"
            }
            ValueError::ImpossibleDate => "is not a real calendar date",
            ValueError::ImplausibleDate => {
                "is not a plausible contact date (expected a year from 1900 to 2100)"
            }
            ValueError::UnreadableDuration => {
                "is not a duration (expected minutes such as 45, 45 min, 1:15 or 1.5 h)"
            }
            ValueError::NegativeDuration => "is negative",
            ValueError::DurationTooLong => "is over 24 hours",
            ValueError::UnknownAttendance => {
                "is not an attendance (expected e.g. attended, DNA or cancelled)"
            }
        })
    }
}

impl std::error::Error for ValueError {}

#[cfg(test)]
mod tests {
    use super::trim_cell;
    use proptest::prelude::*;

    #[test]
    fn trims_what_str_trim_trims() {
        for text in [
            "",
            " ",
            "a",
            " a",
            "a ",
            "\ta\r\n",
            "\u{a0}a",
            "a\u{3000}",
            "é",
            " é ",
            "\u{2003}x\u{2003}",
        ] {
            assert_eq!(trim_cell(text), text.trim(), "{text:?}");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_str_trim(text in "[ \\t\\r\\na-z\u{a0}\u{2003}\u{3000}é,;]{0,12}") {
            prop_assert_eq!(trim_cell(&text), text.trim());
        }
    }
}
