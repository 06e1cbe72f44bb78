//! Values: one cell's text turned into a typed value, or a reason it cannot be.
//!
//! Every parser here is a pure function of the cell's text (the file's date
//! order is applied later, once the whole file has been seen). The reasons in
//! [`ValueError`] are written for a trial manager: they become the `reason`
//! of a rejected row.

mod cursor;
pub(crate) mod date;
pub(crate) mod duration;
pub(crate) mod label;
pub(crate) mod name;

pub use date::{parse_date, DateOrder, ParsedDate};
pub use duration::{parse_duration_in, DurationUnit};
pub use label::{label_key, parse_attendance, read_mode, Attendance, LabelRead, Mode};
pub(crate) use name::{mixes_scripts, odd_letters};
pub use name::{name_shape, normalize_name, split_mentees, split_topics};

use std::fmt;

/// A cell's text without leading and trailing white space, as
/// [`str::trim`]; quicker for the usual cell, which starts and ends with a
/// visible ASCII character (the page's engine trims a few cells of every
/// row, and `str::trim` decodes characters from both ends).
#[inline]
#[must_use]
pub(crate) fn trim_cell(text: &str) -> &str {
    match (text.as_bytes().first(), text.as_bytes().last()) {
        (Some(first), Some(last)) if first.is_ascii_graphic() && last.is_ascii_graphic() => text,
        _ => text.trim(),
    }
}

/// Whether two texts are the same, as `a == b`, compared a word at a time.
/// The engine's look-ups compare a cell with a known value of the same hash
/// on every row, and the C library's `memcmp` took up to a seventh of the
/// counting thread's time on such short texts (a masked vector load per
/// call).
#[inline]
#[must_use]
pub(crate) fn same_text(a: &str, b: &str) -> bool {
    same_bytes(a.as_bytes(), b.as_bytes())
}

/// Whether two byte strings are the same, as [`same_text`] compares texts.
#[inline]
#[must_use]
pub(crate) fn same_bytes(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| {
        let mut w = [0u8; 8];
        w.copy_from_slice(&s[at..at + 8]);
        u64::from_ne_bytes(w)
    };
    if n >= 8 {
        // Whole words, then the last eight bytes (overlapping).
        let mut at = 0;
        while at + 8 < n {
            if word(a, at) != word(b, at) {
                return false;
            }
            at += 8;
        }
        return word(a, n - 8) == word(b, n - 8);
    }
    let half = |s: &[u8], at: usize| {
        let mut w = [0u8; 4];
        w.copy_from_slice(&s[at..at + 4]);
        u32::from_ne_bytes(w)
    };
    if n >= 4 {
        return half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4);
    }
    (0..n).all(|i| a[i] == b[i])
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
    use super::{same_text, trim_cell};
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

    #[test]
    fn same_text_is_equality() {
        let texts = [
            "",
            "a",
            "b",
            "ab",
            "abc",
            "abd",
            "abcd",
            "abce",
            "Mentor B",
            "Mentor C",
            "Mentor BB",
            "Llanworth Infirmary",
            "Llanworth Infirmarz",
            "Zoë Smith",
            "Zoe Smith",
        ];
        for a in texts {
            for b in texts {
                assert_eq!(same_text(a, b), a == b, "{a:?} {b:?}");
            }
        }
    }

    proptest! {
        #[test]
        fn same_text_agrees_with_eq(a in "[ab]{0,20}", b in "[ab]{0,20}") {
            prop_assert_eq!(same_text(&a, &b), a == b);
        }

        #[test]
        fn agrees_with_str_trim(text in "[ \\t\\r\\na-z\u{a0}\u{2003}\u{3000}é,;]{0,12}") {
            prop_assert_eq!(trim_cell(&text), text.trim());
        }
    }
}
