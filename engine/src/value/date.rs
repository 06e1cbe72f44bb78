//! Dates as written in record files.
//!
//! Accepted forms (month names and units in any case):
//! - year first (ISO): `2018-03-14`, also `2018/03/14` and `2018.03.14`;
//! - numbers with the year last, read later in the file's order:
//!   `14/03/2018`, `14-03-2018`, `14.03.2018`, `14/03/18` and `27.10.18`
//!   (20YY), optionally after a weekday (`Thu 15/03/2018`);
//! - a month name, short (`Mar`, `Sept`, optionally with a full stop) or
//!   long (`March`): `14 Mar 2018`, `14 March 2018`, `14-Mar-2018`,
//!   `14th March 2018`, `5th October 2018`, `Mar 14 2018`, `Mar 14, 2018`,
//!   `March 14th, 2018`, optionally after a weekday, short or long, with or
//!   without a full stop or comma (`Wed 14 Mar 2018`, `Fri, 5 Oct 2018`,
//!   `Friday 5th October 2018`, `Wednesday, March 14, 2018`), with a four-
//!   or two-digit (20YY) year;
//! - an Excel serial date (1900 system): a whole number from 1 to 2958465,
//!   optionally written with zero decimals (`43173.0`).
//!
//! Day and month may have one or two digits. A time of day may follow the
//! date after white space or `T` and is ignored: `h:mm`, `h:mm:ss`, seconds
//! with decimals, an optional `AM`/`PM` and an optional `Z` or UTC offset
//! (`+01:00`). A time of day that is not one (`25:00`) makes the cell unreadable.

use super::cursor::Cursor;
use super::ValueError;
use jiff::civil::Date;
use jiff::Span;

/// How numeric dates with the year last (`03/04/2018`) are read.
#[derive(
    Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize,
)]
#[serde(rename_all = "snake_case")]
pub enum DateOrder {
    /// `03/04/2018` is 3 April 2018 (UK and most of the world).
    #[default]
    DayFirst,
    /// `03/04/2018` is 4 March 2018 (US).
    MonthFirst,
}

impl DateOrder {
    /// The order as a message names it: `day-first`, `month-first`.
    pub(crate) fn name(self) -> &'static str {
        match self {
            DateOrder::DayFirst => "day-first",
            DateOrder::MonthFirst => "month-first",
        }
    }
}

/// A date as read from one cell, before the file's date order is known.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParsedDate {
    /// A date whose reading does not depend on the order (ISO, month names, Excel serials).
    Exact(Date),
    /// Numbers with the year last: `first`/`second` are the day and month in
    /// an order that the file decides. `year` is the full year (two-digit years are 20YY).
    YearLast {
        /// The number written first: the day when read day-first.
        first: u8,
        /// The number written second: the month when read day-first.
        second: u8,
        /// The full year.
        year: i16,
    },
}

impl ParsedDate {
    /// The date under `order`, or `None` where it names no real day.
    #[must_use]
    pub fn resolve(self, order: DateOrder) -> Option<Date> {
        match self {
            ParsedDate::Exact(date) => Some(date),
            ParsedDate::YearLast {
                first,
                second,
                year,
            } => {
                let (day, month) = match order {
                    DateOrder::DayFirst => (first, second),
                    DateOrder::MonthFirst => (second, first),
                };
                // Checked here first: jiff's error for a day that does not
                // exist is built on the heap, and half the rows of a file
                // ask for the order their dates cannot be read in.
                if !(1..=12).contains(&month) || day == 0 || day > 31 {
                    return None;
                }
                let month = month as i8;
                let first_of_month = Date::new(year, month, 1).ok()?;
                if day as i8 > first_of_month.days_in_month() {
                    return None;
                }
                Date::new(year, month, day as i8).ok()
            }
        }
    }
}

/// Reads a date cell. See SPEC: ISO `2018-03-14`; `14/03/2018`, `14-03-2018`,
/// `14.03.2018`, `14/03/18`; `14 Mar 2018`, `14 March 2018`, `Mar 14 2018`;
/// a whole number 1..=2958465 as an Excel serial date (1900 system); a time
/// of day after the date is ignored. Blank gives [`ValueError::Blank`].
///
/// # Errors
///
/// A text in the shape of a date that names no real day gives
/// [`ValueError::ImpossibleDate`]: `2019-02-31`, `31 Feb 2019`, serial 60
/// (Excel's 29 February 1900), and numbers with the year last where a day or
/// month is 0 or above 31. Other numbers with the year last are returned as
/// read, even where they name no real day in one or both orders
/// (`31/02/2019`); [`ParsedDate::resolve`] tells. A date before 1900 or
/// after 2100 (a typed `0019` or `9999` year) gives
/// [`ValueError::ImplausibleDate`]. Anything else gives
/// [`ValueError::UnreadableDate`].
///
/// ```
/// use mentoring_stats_engine::{parse_date, Date, DateOrder, ValueError};
/// let iso = parse_date("2018-03-14").unwrap();
/// assert_eq!(iso.resolve(DateOrder::MonthFirst), Some(Date::constant(2018, 3, 14)));
/// // Numbers with the year last wait for the file's order.
/// let either = parse_date("03/04/2018").unwrap();
/// assert_eq!(either.resolve(DateOrder::DayFirst), Some(Date::constant(2018, 4, 3)));
/// assert_eq!(either.resolve(DateOrder::MonthFirst), Some(Date::constant(2018, 3, 4)));
/// assert_eq!(parse_date("14 Mar 2018"), Ok(iso));
/// assert_eq!(parse_date("2019-02-31"), Err(ValueError::ImpossibleDate));
/// ```
pub fn parse_date(text: &str) -> Result<ParsedDate, ValueError> {
    let date = read_any_date(text)?;
    let year = match date {
        ParsedDate::Exact(date) => date.year(),
        ParsedDate::YearLast { year, .. } => year,
    };
    if PLAUSIBLE_YEARS.contains(&year) {
        Ok(date)
    } else {
        Err(ValueError::ImplausibleDate)
    }
}

/// The years a contact may plausibly be dated in.
pub(crate) const PLAUSIBLE_YEARS: std::ops::RangeInclusive<i16> = 1900..=2100;

/// Reads a date cell, whatever its year.
fn read_any_date(text: &str) -> Result<ParsedDate, ValueError> {
    let text = super::trim_cell(text);
    if text.is_empty() {
        return Err(ValueError::Blank);
    }
    if let Some(serial) = excel_serial(text) {
        return from_serial(serial?).map(ParsedDate::Exact);
    }
    let mut cur = Cursor::new(text);
    let shape = read_date(&mut cur, true).ok_or(ValueError::UnreadableDate)?;
    if !read_time_of_day(&mut cur) {
        return Err(ValueError::UnreadableDate);
    }
    shape.check()
}

/// The last Excel serial date, 9999-12-31.
const MAX_SERIAL: u32 = 2_958_465;

/// Excel's fictitious 1900-02-29, kept by Excel for Lotus 1-2-3 compatibility.
const FICTITIOUS_LEAP_DAY: u32 = 60;

/// `Some` when the text is a number with no fraction (`43173`, `43173.0`):
/// the serial if it is in range, else [`ValueError::UnreadableDate`].
fn excel_serial(text: &str) -> Option<Result<u32, ValueError>> {
    let (whole, zeros) = text.split_once('.').unwrap_or((text, "0"));
    let is_digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !is_digits(whole) || !is_digits(zeros) || zeros.bytes().any(|b| b != b'0') {
        return None;
    }
    let serial = whole
        .parse::<u32>()
        .ok()
        .filter(|serial| (1..=MAX_SERIAL).contains(serial));
    Some(serial.ok_or(ValueError::UnreadableDate))
}

/// The day an Excel serial names in the 1900 system: serial 1 is 1900-01-01,
/// and serials from 61 on are one behind a count from 1899-12-31 because
/// Excel counts a 29 February 1900 (serial 60) that did not exist.
fn from_serial(serial: u32) -> Result<Date, ValueError> {
    let epoch = match serial {
        FICTITIOUS_LEAP_DAY => return Err(ValueError::ImpossibleDate),
        ..FICTITIOUS_LEAP_DAY => Date::constant(1899, 12, 31),
        _ => Date::constant(1899, 12, 30),
    };
    Span::new()
        .try_days(serial)
        .and_then(|days| epoch.checked_add(days))
        .map_err(|_| ValueError::UnreadableDate)
}

/// The numbers of a date as read, before they are checked against the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    /// Year, month and day, each known.
    Ymd { year: u16, month: u8, day: u8 },
    /// Day and month in an order the file decides, then the year.
    YearLast { first: u8, second: u8, year: u16 },
}

impl Shape {
    /// The parsed date, or [`ValueError::ImpossibleDate`].
    fn check(self) -> Result<ParsedDate, ValueError> {
        match self {
            Shape::Ymd { year, month, day } => {
                let (Ok(year), Ok(month), Ok(day)) =
                    (i16::try_from(year), i8::try_from(month), i8::try_from(day))
                else {
                    return Err(ValueError::ImpossibleDate);
                };
                Date::new(year, month, day)
                    .map(ParsedDate::Exact)
                    .map_err(|_| ValueError::ImpossibleDate)
            }
            Shape::YearLast {
                first,
                second,
                year,
            } => {
                let possible = |n: u8| (1..=31).contains(&n);
                match i16::try_from(year) {
                    Ok(year) if possible(first) && possible(second) => Ok(ParsedDate::YearLast {
                        first,
                        second,
                        year,
                    }),
                    _ => Err(ValueError::ImpossibleDate),
                }
            }
        }
    }
}

/// Reads the date part, leaving the cursor after it. A weekday name may come
/// first when `weekday_allowed`.
fn read_date(cur: &mut Cursor<'_>, weekday_allowed: bool) -> Option<Shape> {
    if cur.at_digit() {
        return read_number_first(cur);
    }
    let word = cur.word()?;
    if weekday_allowed && is_weekday(word) {
        cur.eat(b'.');
        let comma = cur.eat(b',');
        if !cur.skip_space() && !comma {
            return None;
        }
        return read_date(cur, false);
    }
    let month = month_number(word)?;
    cur.eat(b'.');
    cur.skip_space();
    let day = day_or_month(cur.digits())?;
    ordinal_suffix(cur);
    let comma = cur.eat(b',');
    if !cur.skip_space() && !comma {
        return None;
    }
    let year = year(cur.digits())?;
    Some(Shape::Ymd { year, month, day })
}

/// `2018-03-14`, `14/03/2018`, `14-Mar-2018`, `14 Mar 2018`, `14th March 2018`.
fn read_number_first(cur: &mut Cursor<'_>) -> Option<Shape> {
    let lead = cur.digits();
    let separator = cur.peek().filter(|b| matches!(b, b'-' | b'/' | b'.'));
    if lead.len() == 4 {
        let separator = separator?;
        cur.eat(separator);
        let month = day_or_month(cur.digits())?;
        if !cur.eat(separator) {
            return None;
        }
        let day = day_or_month(cur.digits())?;
        let year = year(lead)?;
        return Some(Shape::Ymd { year, month, day });
    }
    let first = day_or_month(lead)?;
    if let Some(separator) = separator {
        cur.eat(separator);
        if cur.at_digit() {
            let second = day_or_month(cur.digits())?;
            if !cur.eat(separator) {
                return None;
            }
            let year = year(cur.digits())?;
            return Some(Shape::YearLast {
                first,
                second,
                year,
            });
        }
        let month = month_number(cur.word()?)?;
        cur.eat(b'.');
        if !cur.eat(separator) {
            return None;
        }
        let year = year(cur.digits())?;
        return Some(Shape::Ymd {
            year,
            month,
            day: first,
        });
    }
    ordinal_suffix(cur);
    cur.skip_space();
    let month = month_number(cur.word()?)?;
    cur.eat(b'.');
    let comma = cur.eat(b',');
    if !cur.skip_space() && !comma {
        return None;
    }
    let year = year(cur.digits())?;
    Some(Shape::Ymd {
        year,
        month,
        day: first,
    })
}

/// A day or month of one or two digits.
fn day_or_month(digits: &str) -> Option<u8> {
    match digits.len() {
        1 | 2 => digits.parse().ok(),
        _ => None,
    }
}

/// A year of four digits, or two digits meaning 20YY.
fn year(digits: &str) -> Option<u16> {
    let year: u16 = digits.parse().ok()?;
    match digits.len() {
        4 => Some(year),
        2 => Some(2000 + year),
        _ => None,
    }
}

/// Skips `st`, `nd`, `rd` or `th` right after a day number.
fn ordinal_suffix(cur: &mut Cursor<'_>) {
    let mark = cur.mark();
    let is_suffix = cur.word().is_some_and(|word| {
        [b"st", b"nd", b"rd", b"th"]
            .iter()
            .any(|s| s.eq_ignore_ascii_case(word))
    });
    if !is_suffix {
        cur.reset(mark);
    }
}

/// The month a name or abbreviation (`Mar`, `March`, `Sept`) names, in any case.
fn month_number(word: &[u8]) -> Option<u8> {
    const MONTHS: [(&[u8], u8); 24] = [
        (b"jan", 1),
        (b"january", 1),
        (b"feb", 2),
        (b"february", 2),
        (b"mar", 3),
        (b"march", 3),
        (b"apr", 4),
        (b"april", 4),
        (b"may", 5),
        (b"jun", 6),
        (b"june", 6),
        (b"jul", 7),
        (b"july", 7),
        (b"aug", 8),
        (b"august", 8),
        (b"sep", 9),
        (b"sept", 9),
        (b"september", 9),
        (b"oct", 10),
        (b"october", 10),
        (b"nov", 11),
        (b"november", 11),
        (b"dec", 12),
        (b"december", 12),
    ];
    MONTHS
        .iter()
        .find(|(name, _)| name.eq_ignore_ascii_case(word))
        .map(|&(_, month)| month)
}

/// Whether a word names a day of the week (`Wed`, `Wednesday`), in any case.
fn is_weekday(word: &[u8]) -> bool {
    const WEEKDAYS: [&[u8]; 17] = [
        b"mon",
        b"monday",
        b"tue",
        b"tues",
        b"tuesday",
        b"wed",
        b"wednesday",
        b"thu",
        b"thur",
        b"thurs",
        b"thursday",
        b"fri",
        b"friday",
        b"sat",
        b"saturday",
        b"sun",
        b"sunday",
    ];
    WEEKDAYS.iter().any(|name| name.eq_ignore_ascii_case(word))
}

/// Reads what follows the date: nothing, or a time of day after white space
/// or `T`. Tells whether the rest of the text was read whole.
fn read_time_of_day(cur: &mut Cursor<'_>) -> bool {
    if cur.at_end() {
        return true;
    }
    if !cur.eat(b'T') && !cur.eat(b't') && !cur.skip_space() {
        return false;
    }
    let Some(hour) = clock_part(cur.digits(), 1..=2, 24) else {
        return false;
    };
    if !cur.eat(b':') || clock_part(cur.digits(), 2..=2, 60).is_none() {
        return false;
    }
    if cur.eat(b':') {
        if clock_part(cur.digits(), 2..=2, 61).is_none() {
            return false;
        }
        if (cur.eat(b'.') || cur.eat(b',')) && cur.digits().is_empty() {
            return false;
        }
    }
    cur.skip_space();
    if read_meridiem(cur) {
        if hour > 12 {
            return false;
        }
        cur.skip_space();
    }
    read_utc_offset(cur);
    cur.at_end()
}

/// A part of a clock with a number of digits in `len`, below `limit`.
fn clock_part(digits: &str, len: std::ops::RangeInclusive<usize>, limit: u8) -> Option<u8> {
    if !len.contains(&digits.len()) {
        return None;
    }
    digits.parse().ok().filter(|&n| n < limit)
}

/// Reads `AM`, `PM`, `a.m.` or `p.m.` (any case) if next; tells whether it did.
fn read_meridiem(cur: &mut Cursor<'_>) -> bool {
    let mark = cur.mark();
    let read = match cur.word() {
        Some(word) if word.eq_ignore_ascii_case(b"am") || word.eq_ignore_ascii_case(b"pm") => {
            cur.eat(b'.');
            true
        }
        Some(word) if word.eq_ignore_ascii_case(b"a") || word.eq_ignore_ascii_case(b"p") => {
            cur.eat(b'.')
                && cur.word().is_some_and(|m| m.eq_ignore_ascii_case(b"m"))
                && cur.eat(b'.')
        }
        _ => false,
    };
    if !read {
        cur.reset(mark);
    }
    read
}

/// Skips `Z`, `+hh`, `+hhmm` or `+hh:mm` (or with `-`), if there.
fn read_utc_offset(cur: &mut Cursor<'_>) {
    if cur.eat(b'Z') || cur.eat(b'z') {
        return;
    }
    let mark = cur.mark();
    if !cur.eat(b'+') && !cur.eat(b'-') {
        return;
    }
    let hours = cur.digits();
    let whole = match hours.len() {
        2 => !cur.eat(b':') || cur.digits().len() == 2,
        4 => true,
        _ => false,
    };
    if !whole {
        cur.reset(mark);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::date;
    use proptest::prelude::*;

    fn exact(y: i16, m: i8, d: i8) -> ParsedDate {
        ParsedDate::Exact(date(y, m, d))
    }

    fn year_last(first: u8, second: u8, year: i16) -> ParsedDate {
        ParsedDate::YearLast {
            first,
            second,
            year,
        }
    }

    #[test]
    fn every_format_in_spec_is_read() {
        let cases = [
            ("2018-03-14", exact(2018, 3, 14)),
            ("14/03/2018", year_last(14, 3, 2018)),
            ("14-03-2018", year_last(14, 3, 2018)),
            ("14.03.2018", year_last(14, 3, 2018)),
            ("14/03/18", year_last(14, 3, 2018)),
            ("14 Mar 2018", exact(2018, 3, 14)),
            ("14 March 2018", exact(2018, 3, 14)),
            ("Mar 14 2018", exact(2018, 3, 14)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn day_and_month_may_have_one_digit() {
        let cases = [
            ("2018-3-4", exact(2018, 3, 4)),
            ("2018-03-4", exact(2018, 3, 4)),
            ("4/3/2018", year_last(4, 3, 2018)),
            ("04/3/2018", year_last(4, 3, 2018)),
            ("4/03/18", year_last(4, 3, 2018)),
            ("4.3.2018", year_last(4, 3, 2018)),
            ("4 Mar 2018", exact(2018, 3, 4)),
            ("Mar 4 2018", exact(2018, 3, 4)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn two_digit_year_is_20yy() {
        let cases = [
            ("14/03/18", year_last(14, 3, 2018)),
            ("1/1/00", year_last(1, 1, 2000)),
            ("31/12/99", year_last(31, 12, 2099)),
            ("14-Mar-18", exact(2018, 3, 14)),
            ("14 Mar 18", exact(2018, 3, 14)),
            ("Mar 14, 18", exact(2018, 3, 14)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn month_names_in_any_case_and_common_layouts() {
        let cases = [
            ("14 mar 2018", exact(2018, 3, 14)),
            ("14 MARCH 2018", exact(2018, 3, 14)),
            ("14-Mar-2018", exact(2018, 3, 14)),
            ("14/Mar/2018", exact(2018, 3, 14)),
            ("14 Mar. 2018", exact(2018, 3, 14)),
            ("14th March 2018", exact(2018, 3, 14)),
            ("1st Feb 2019", exact(2019, 2, 1)),
            ("14 March, 2018", exact(2018, 3, 14)),
            ("Mar 14, 2018", exact(2018, 3, 14)),
            ("March 14 2018", exact(2018, 3, 14)),
            ("March 14th, 2018", exact(2018, 3, 14)),
            ("Mar 14,2018", exact(2018, 3, 14)),
            ("5 Sept 2019", exact(2019, 9, 5)),
            ("5 Sep 2019", exact(2019, 9, 5)),
            ("5 SEPTEMBER 2019", exact(2019, 9, 5)),
            ("Sept 5 2019", exact(2019, 9, 5)),
            ("1 Jan 2020", exact(2020, 1, 1)),
            ("2 February 2020", exact(2020, 2, 2)),
            ("3 Apr 2020", exact(2020, 4, 3)),
            ("4 May 2020", exact(2020, 5, 4)),
            ("5 June 2020", exact(2020, 6, 5)),
            ("6 Jul 2020", exact(2020, 7, 6)),
            ("7 August 2020", exact(2020, 8, 7)),
            ("8 Oct 2020", exact(2020, 10, 8)),
            ("9 November 2020", exact(2020, 11, 9)),
            ("10 Dec 2020", exact(2020, 12, 10)),
            ("14\u{a0}Mar\u{a0}2018", exact(2018, 3, 14)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn a_leading_weekday_is_skipped() {
        let cases = [
            ("Wed 14 Mar 2018", exact(2018, 3, 14)),
            ("Wednesday, 14 March 2018", exact(2018, 3, 14)),
            ("Wednesday, March 14, 2018", exact(2018, 3, 14)),
            ("thu 15/03/2018", year_last(15, 3, 2018)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn an_ordinal_day_before_a_long_month_name() {
        let cases = [
            ("5th October 2018", exact(2018, 10, 5)),
            ("5TH OCTOBER 2018", exact(2018, 10, 5)),
            ("1st March 2019", exact(2019, 3, 1)),
            ("2nd Jan 2020", exact(2020, 1, 2)),
            ("3rd April 2018", exact(2018, 4, 3)),
            ("22nd June 2018", exact(2018, 6, 22)),
            ("31st December 2019", exact(2019, 12, 31)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn a_weekday_before_an_ordinal_or_a_comma() {
        let cases = [
            ("Friday 5th October 2018", exact(2018, 10, 5)),
            ("Friday, 5th October 2018", exact(2018, 10, 5)),
            ("Fri, 5 Oct 2018", exact(2018, 10, 5)),
            ("Fri 5 Oct 2018", exact(2018, 10, 5)),
            ("Fri. 5 Oct 2018", exact(2018, 10, 5)),
            ("FRI,5 Oct 2018", exact(2018, 10, 5)),
            ("Wed 14 Mar 2018", exact(2018, 3, 14)),
            ("Tues 13 March 2018", exact(2018, 3, 13)),
            ("Thurs, 15/03/2018", year_last(15, 3, 2018)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn dots_with_a_two_digit_year_last() {
        let cases = [
            ("27.10.18", year_last(27, 10, 2018)),
            ("5.10.18", year_last(5, 10, 2018)),
            ("05.03.20", year_last(5, 3, 2020)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Ok(want), "{text:?}");
        }
        assert_eq!(
            parse_date("27.10.18").unwrap().resolve(DateOrder::DayFirst),
            Some(date(2018, 10, 27))
        );
        assert_eq!(
            parse_date("27.10.18")
                .unwrap()
                .resolve(DateOrder::MonthFirst),
            None
        );
    }

    #[test]
    fn year_first_dates_are_exact() {
        let cases = [
            ("2018-03-14", exact(2018, 3, 14)),
            ("2018/03/14", exact(2018, 3, 14)),
            ("2018.03.14", exact(2018, 3, 14)),
            ("2020-02-29", exact(2020, 2, 29)),
            ("2000-02-29", exact(2000, 2, 29)),
            ("2100-12-31", exact(2100, 12, 31)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn a_time_of_day_after_the_date_is_ignored() {
        let cases = [
            ("14/03/2018 10:30", year_last(14, 3, 2018)),
            ("14/03/2018 10:30:00", year_last(14, 3, 2018)),
            ("14/03/2018 10:30:00 AM", year_last(14, 3, 2018)),
            ("14/03/2018 1:05 pm", year_last(14, 3, 2018)),
            ("14/03/2018 12:00 a.m.", year_last(14, 3, 2018)),
            ("14/03/2018 00:00", year_last(14, 3, 2018)),
            ("14/03/2018  23:59:59", year_last(14, 3, 2018)),
            ("2018-03-14T10:30:00", exact(2018, 3, 14)),
            ("2018-03-14T10:30", exact(2018, 3, 14)),
            ("2018-03-14 10:30:00", exact(2018, 3, 14)),
            ("2018-03-14T10:30:00.123", exact(2018, 3, 14)),
            ("2018-03-14T10:30:00Z", exact(2018, 3, 14)),
            ("2018-03-14T10:30:00+01:00", exact(2018, 3, 14)),
            ("2018-03-14 10:30:00 -0500", exact(2018, 3, 14)),
            ("2018-03-14 10:30:00+00", exact(2018, 3, 14)),
            ("14 Mar 2018 09:00", exact(2018, 3, 14)),
            ("Mar 14, 2018 9:00 PM", exact(2018, 3, 14)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn excel_serials_count_from_1900() {
        let cases = [
            ("1", exact(1900, 1, 1)),
            ("2", exact(1900, 1, 2)),
            ("31", exact(1900, 1, 31)),
            ("32", exact(1900, 2, 1)),
            ("59", exact(1900, 2, 28)),
            ("61", exact(1900, 3, 1)),
            // 1970-01-01: 70 years of 365 days, 17 leap days (1904..=1968)
            // and Excel's extra 1900-02-29, after serial 1 = 1900-01-01.
            ("25569", exact(1970, 1, 1)),
            // 2018-01-01 is 43101; 2017-09-22 is 101 days before.
            ("43000", exact(2017, 9, 22)),
            ("43000.0", exact(2017, 9, 22)),
            ("43000.000", exact(2017, 9, 22)),
            // 2018-03-14 is 31 + 28 + 13 days after 2018-01-01.
            ("43173", exact(2018, 3, 14)),
            ("043173", exact(2018, 3, 14)),
            // 2100-12-31, the last plausible day.
            ("73415", exact(2100, 12, 31)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Ok(want), "{text:?}");
        }
        // 9999-12-31 is a serial, but not a contact's date.
        assert_eq!(parse_date("2958465"), Err(ValueError::ImplausibleDate));
    }

    #[test]
    fn a_date_before_1900_or_after_2100_is_not_a_plausible_contact_date() {
        for text in [
            "0001-01-01",
            "0019-03-14",
            "1899-12-31",
            "2101-01-01",
            "9999-12-31",
            "14/03/0019",
            "14/03/9999",
            "14 Mar 1066",
            "73416",
        ] {
            assert_eq!(
                parse_date(text),
                Err(ValueError::ImplausibleDate),
                "{text:?}"
            );
        }
        for text in [
            "1900-01-01",
            "2100-12-31",
            "31/12/2100",
            "1 Jan 1900",
            "14/03/18",
        ] {
            assert!(parse_date(text).is_ok(), "{text:?}");
        }
    }

    #[test]
    fn serial_60_is_not_a_real_day() {
        assert_eq!(parse_date("60"), Err(ValueError::ImpossibleDate));
        assert_eq!(parse_date("60.0"), Err(ValueError::ImpossibleDate));
    }

    #[test]
    fn numbers_outside_the_serial_range_are_not_dates() {
        for text in [
            "0",
            "0.0",
            "2958466",
            "20180314",
            "99999999999999999999",
            "43000.5",
            "-43000",
            "+43000",
            "43,000",
            "1e4",
        ] {
            assert_eq!(
                parse_date(text),
                Err(ValueError::UnreadableDate),
                "{text:?}"
            );
        }
    }

    #[test]
    fn blank_is_an_error() {
        for text in ["", " ", "\t\r\n", "\u{a0}"] {
            assert_eq!(parse_date(text), Err(ValueError::Blank), "{text:?}");
        }
    }

    #[test]
    fn exact_dates_that_name_no_real_day_are_impossible() {
        for text in [
            "2019-02-31",
            "2019-02-29",
            "1900-02-29",
            "2018-13-01",
            "2018-00-10",
            "2018-04-31",
            "2018-03-00",
            "2018-03-32",
            "31 Feb 2019",
            "29 Feb 2019",
            "0 Mar 2018",
            "32 Mar 2018",
            "Apr 31 2018",
            "Feb 30, 20",
            "2019-02-31T10:00",
        ] {
            assert_eq!(
                parse_date(text),
                Err(ValueError::ImpossibleDate),
                "{text:?}"
            );
        }
    }

    #[test]
    fn year_last_dates_are_kept_even_when_invalid_in_an_order() {
        let cases = [
            ("31/02/2019", year_last(31, 2, 2019)),
            ("13/13/2019", year_last(13, 13, 2019)),
            ("02/31/2019", year_last(2, 31, 2019)),
            ("29/02/2019", year_last(29, 2, 2019)),
        ];
        for (text, want) in cases {
            assert_eq!(parse_date(text), Ok(want), "{text:?}");
        }
    }

    #[test]
    fn year_last_days_or_months_out_of_any_range_are_impossible() {
        for text in [
            "32/01/2019",
            "01/32/2019",
            "00/01/2019",
            "1/0/2019",
            "99/99/99",
        ] {
            assert_eq!(
                parse_date(text),
                Err(ValueError::ImpossibleDate),
                "{text:?}"
            );
        }
    }

    #[test]
    fn unreadable_dates_are_rejected() {
        for text in [
            "hello",
            "n/a",
            "TBC",
            "14/03",
            "14/03/",
            "14/03/218",
            "14/03/20188",
            "14/03/2",
            "123/03/2018",
            "14/003/2018",
            "14/03-2018",
            "14.03/2018",
            "14 03 2018",
            "14-Mar/2018",
            "2018-03",
            "2018-03-14-01",
            "2018/03-14",
            "2018-003-14",
            "2018-Mar-14",
            "14 Foo 2018",
            "14 Marc 2018",
            "14 Mar",
            "Mar 2018",
            "March",
            "14 Mar 218",
            "Mar 14 20188",
            "Wed",
            "Wed Wed 14 Mar 2018",
            "14/03/2018 noon",
            "14/03/2018 25:00",
            "14/03/2018 10:60",
            "14/03/2018 10:5",
            "14/03/2018 10",
            "14/03/2018 13:00 PM",
            "14/03/2018 10:30 XM",
            "14/03/2018 10:30:00.",
            "14/03/2018 10:30 +1",
            "14/03/2018 10:30 extra",
            "14/03/2018, 10:30",
            "2018-03-14X10:30",
            "\u{661}\u{664}/03/2018",
            "14\u{ff0f}03\u{ff0f}2018",
        ] {
            assert_eq!(
                parse_date(text),
                Err(ValueError::UnreadableDate),
                "{text:?}"
            );
        }
    }

    #[test]
    fn day_first_and_month_first_resolve_differently() {
        let d = ParsedDate::YearLast {
            first: 3,
            second: 4,
            year: 2018,
        };
        assert_eq!(d.resolve(DateOrder::DayFirst), Some(date(2018, 4, 3)));
        assert_eq!(d.resolve(DateOrder::MonthFirst), Some(date(2018, 3, 4)));
    }

    #[test]
    fn resolve_gives_none_where_an_order_names_no_real_day() {
        // first, second, year, then the date day-first and month-first.
        type Case = (u8, u8, i16, Option<Date>, Option<Date>);
        let cases: &[Case] = &[
            (14, 3, 2018, Some(date(2018, 3, 14)), None),
            (3, 14, 2018, None, Some(date(2018, 3, 14))),
            (31, 2, 2019, None, None),
            (29, 2, 2020, Some(date(2020, 2, 29)), None),
            (29, 2, 2019, None, None),
            (2, 29, 2020, None, Some(date(2020, 2, 29))),
            (13, 13, 2019, None, None),
            (
                12,
                12,
                2019,
                Some(date(2019, 12, 12)),
                Some(date(2019, 12, 12)),
            ),
            (0, 1, 2019, None, None),
            (200, 1, 2019, None, None),
            (1, 255, 2019, None, None),
            (1, 1, i16::MAX, None, None),
            (1, 1, i16::MIN, None, None),
        ];
        for &(first, second, year, day_first, month_first) in cases {
            let d = ParsedDate::YearLast {
                first,
                second,
                year,
            };
            assert_eq!(d.resolve(DateOrder::DayFirst), day_first, "{d:?}");
            assert_eq!(d.resolve(DateOrder::MonthFirst), month_first, "{d:?}");
        }
    }

    #[test]
    fn resolve_agrees_with_jiff_for_every_day_and_month_number() {
        // jiff alone, as `resolve` read dates before it checked the ranges
        // itself: the same answer for every pair of numbers.
        let by_jiff = |day: u8, month: u8, year: i16| {
            Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
        };
        for year in [1900, 2000, 2019, 2020, 2100, 9999, i16::MAX] {
            for first in 0..=u8::MAX {
                for second in 0..=u8::MAX {
                    let d = ParsedDate::YearLast {
                        first,
                        second,
                        year,
                    };
                    assert_eq!(d.resolve(DateOrder::DayFirst), by_jiff(first, second, year));
                    assert_eq!(
                        d.resolve(DateOrder::MonthFirst),
                        by_jiff(second, first, year)
                    );
                }
            }
        }
    }

    #[test]
    fn exact_dates_resolve_the_same_in_both_orders() {
        let d = ParsedDate::Exact(date(2018, 3, 4));
        assert_eq!(d.resolve(DateOrder::DayFirst), Some(date(2018, 3, 4)));
        assert_eq!(d.resolve(DateOrder::MonthFirst), Some(date(2018, 3, 4)));
    }

    #[test]
    fn day_first_is_the_default_order() {
        assert_eq!(DateOrder::default(), DateOrder::DayFirst);
    }

    proptest! {
        #[test]
        fn never_panics_on_any_text(text in any::<String>()) {
            let _ = parse_date(&text);
        }

        #[test]
        fn never_panics_on_date_shaped_text(
            text in "[0-9]{0,5}[-/. ]?[0-9a-zA-Z]{0,9}[-/., ]{0,2}[0-9]{0,5}[ T]?[0-9:.APMapm +Z-]{0,12}",
        ) {
            if let Ok(ParsedDate::YearLast { first, second, .. }) = parse_date(&text) {
                prop_assert!((1..=31).contains(&first) && (1..=31).contains(&second));
            }
        }

        #[test]
        fn iso_dates_read_back(days in 0i32..=73_413) {
            let d = date(1900, 1, 1).checked_add(Span::new().days(days)).unwrap();
            let text = format!("{:04}-{:02}-{:02}", d.year(), d.month(), d.day());
            prop_assert_eq!(parse_date(&text), Ok(ParsedDate::Exact(d)));
        }

        #[test]
        fn serials_after_60_are_one_day_apart(serial in 61u32..73_415) {
            let this = parse_date(&serial.to_string());
            let next = parse_date(&(serial + 1).to_string());
            match (this, next) {
                (Ok(ParsedDate::Exact(a)), Ok(ParsedDate::Exact(b))) => {
                    prop_assert_eq!(a.tomorrow().unwrap(), b);
                }
                other => prop_assert!(false, "{:?}", other),
            }
        }
    }
}
