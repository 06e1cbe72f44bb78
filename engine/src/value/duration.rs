//! Durations in minutes.
//!
//! Accepted forms (units in any case, white space between the parts optional):
//! - a plain number, in the column's unit ([`DurationUnit`]; minutes unless
//!   the header says hours): `45`, `45.0`, `0,75`, `¾`;
//! - a number of minutes: `45 min`, `45 mins`, `45 mins.`, `45m`,
//!   `90 minutes`;
//! - a number of hours: `1h`, `1hr`, `1.5 h`, `0,75 h`, `2 hrs.`, `1 hour`;
//! - hours then minutes: `1 h 15 min`, `1h15`, `1h 15m`, `1 hr 15 mins`;
//! - a clock: `1:15` (h:mm), `01:15:00` (h:mm:ss), optionally followed by an
//!   hour unit (`1:15 h`);
//! - words: `an hour` (60), `half an hour` and `half hour` (30), `a quarter
//!   of an hour` and `quarter of an hour` (15);
//! - the fractions `½ ¼ ¾`, alone or after a whole number, with or without a
//!   space: `½ h` (30), `1½ hours` and `1 ½ hours` (90), `1¾ h` (105).
//!
//! A unit written in the cell always wins over the column's unit (`45 min`
//! is 45 minutes in an hours column), and a clock is h:mm in either. A
//! decimal comma is read as a decimal point (`1,5 h` is 90 minutes), and a
//! unit may end with a full stop (`45 min.`). Hour units are `h`, `hr`,
//! `hrs`, `hour`, `hours`; minute units are `m`, `min`, `mins`, `minute`,
//! `minutes`.

use super::cursor::Cursor;
use super::ValueError;

/// The longest duration accepted, in minutes (24 hours).
const MAX_MINUTES: f64 = 1440.0;

/// The unit of a plain number in a duration column: a number with no unit
/// word that is not a clock (`1.5`, not `1.5 h` or `1:30`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum DurationUnit {
    /// A plain number is minutes (`45` is 45 minutes).
    #[default]
    Minutes,
    /// A plain number is hours (`1.5` is 90 minutes).
    Hours,
}

impl DurationUnit {
    /// Minutes in one of this unit.
    fn minutes(self) -> f64 {
        match self {
            DurationUnit::Minutes => 1.0,
            DurationUnit::Hours => 60.0,
        }
    }
}

/// Reads a duration cell as minutes, a plain number being minutes: `45`,
/// `45 min`, `45 mins`, `45m`, `1h`, `1 h 15 min`, `1:15` (h:mm),
/// `01:15:00`, `1.5 h`, `90 minutes`, `half an hour`, `1½ hours`. This is
/// [`parse_duration_in`] with [`DurationUnit::Minutes`].
/// Blank gives `Ok(None)`. Negative, unreadable or over 1440 minutes is an error.
///
/// # Errors
///
/// [`ValueError::NegativeDuration`] below zero (`-5`; `-0` is zero),
/// [`ValueError::DurationTooLong`] over 1440 minutes, and
/// [`ValueError::UnreadableDuration`] for text in no accepted form
/// (including `nan` and `inf`).
#[cfg(test)]
pub(crate) fn parse_duration(text: &str) -> Result<Option<f64>, ValueError> {
    parse_duration_in(text, DurationUnit::Minutes)
}

/// Reads a duration cell as minutes, a plain number (no unit word, not a
/// clock) being in the unit `plain`: in hours, `1.5` is 90, `0,75` is 45 and
/// `2` is 120. A unit written in the cell wins (`45 min` is 45 and `1 h` is
/// 60 in either), and a clock is h:mm in either (`1:15` is 75).
/// Blank gives `Ok(None)`.
///
/// # Errors
///
/// On the minutes: [`ValueError::NegativeDuration`]
/// below zero, [`ValueError::DurationTooLong`] over 1440 minutes (`25` in
/// hours), [`ValueError::UnreadableDuration`] for text in no accepted form.
///
/// ```
/// use mentoring_stats_engine::{parse_duration_in, DurationUnit};
/// assert_eq!(parse_duration_in("45", DurationUnit::Minutes), Ok(Some(45.0)));
/// assert_eq!(parse_duration_in("1.5", DurationUnit::Hours), Ok(Some(90.0)));
/// assert_eq!(parse_duration_in("45 min", DurationUnit::Hours), Ok(Some(45.0)));
/// assert_eq!(parse_duration_in("1:15", DurationUnit::Minutes), Ok(Some(75.0)));
/// assert_eq!(parse_duration_in(" ", DurationUnit::Minutes), Ok(None));
/// assert!(parse_duration_in("-10", DurationUnit::Minutes).is_err());
/// ```
pub fn parse_duration_in(text: &str, plain: DurationUnit) -> Result<Option<f64>, ValueError> {
    let text = super::trim_cell(text);
    if text.is_empty() {
        return Ok(None);
    }
    let (negative, body) = match text.strip_prefix(['-', '\u{2212}']) {
        Some(rest) => (true, rest.trim_start()),
        None => (false, text),
    };
    let minutes = read_minutes(body, plain).ok_or(ValueError::UnreadableDuration)?;
    if negative && minutes > 0.0 {
        Err(ValueError::NegativeDuration)
    } else if minutes > MAX_MINUTES {
        Err(ValueError::DurationTooLong)
    } else {
        // `-0` is zero minutes, not below zero.
        Ok(Some(minutes.abs()))
    }
}

/// Reads an unsigned duration, or `None` where the text is in no accepted form.
/// The result is never NaN (it may be infinite for absurdly long digit runs).
fn read_minutes(body: &str, plain: DurationUnit) -> Option<f64> {
    let mut cur = Cursor::new(body);
    let minutes = if body.contains(':') {
        read_clock(&mut cur)?
    } else {
        read_units(&mut cur, plain)?
    };
    cur.skip_space();
    cur.at_end().then_some(minutes)
}

/// `h:mm` or `h:mm:ss[.fff]`, optionally followed by an hour unit.
fn read_clock(cur: &mut Cursor<'_>) -> Option<f64> {
    let hours = whole(cur)?;
    if !cur.eat(b':') {
        return None;
    }
    let mins = two_digits_below_60(cur)?;
    let mut seconds = 0.0;
    if cur.eat(b':') {
        seconds = f64::from(two_digits_below_60(cur)?);
        if cur.eat(b'.') || cur.eat(b',') {
            seconds += fraction(cur)?;
        }
    }
    cur.skip_space();
    if let Some(word) = cur.word() {
        if unit(word)? != Unit::Hours {
            return None;
        }
        cur.eat(b'.');
    }
    Some(hours * 60.0 + f64::from(mins) + seconds / 60.0)
}

/// `N` (in the unit `plain`), `N unit`, `N hours M [minutes]`, or words
/// (`half an hour`).
fn read_units(cur: &mut Cursor<'_>, plain: DurationUnit) -> Option<f64> {
    let Some(first) = number(cur) else {
        return read_words(cur);
    };
    cur.skip_space();
    let Some(word) = cur.word() else {
        return Some(first * plain.minutes());
    };
    cur.eat(b'.');
    match unit(word)? {
        Unit::Minutes => Some(first),
        Unit::Hours => {
            cur.skip_space();
            if cur.at_end() {
                return Some(first * 60.0);
            }
            let second = number(cur)?;
            cur.skip_space();
            if let Some(word) = cur.word() {
                if unit(word)? != Unit::Minutes {
                    return None;
                }
                cur.eat(b'.');
            }
            Some(first * 60.0 + second)
        }
    }
}

/// `an hour` (60), `half an hour`, `half hour`, `a half hour` (30), `a
/// quarter of an hour`, `quarter of an hour`, `quarter hour` (15): an
/// optional `a` or `an`, an optional `half` or `quarter` (then an optional
/// `of` and `a` or `an`), and an hour unit. Without `half` or `quarter`,
/// the `a` or `an` is needed (`hour` alone is no duration).
fn read_words(cur: &mut Cursor<'_>) -> Option<f64> {
    let is = |word: &[u8], name: &str| word.eq_ignore_ascii_case(name.as_bytes());
    let is_article = |word: &[u8]| is(word, "a") || is(word, "an");
    let mut next_word = || {
        cur.skip_space();
        cur.word()
    };
    let mut word = next_word()?;
    let article = is_article(word);
    if article {
        word = next_word()?;
    }
    let share = if is(word, "half") {
        0.5
    } else if is(word, "quarter") {
        0.25
    } else {
        1.0
    };
    if share < 1.0 {
        word = next_word()?;
        if is(word, "of") {
            word = next_word()?;
        }
        if is_article(word) {
            word = next_word()?;
        }
    } else if !article {
        return None;
    }
    if unit(word)? != Unit::Hours {
        return None;
    }
    cur.eat(b'.');
    Some(share * 60.0)
}

/// A unit word.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Unit {
    Hours,
    Minutes,
}

/// The unit a word names, in any case.
fn unit(word: &[u8]) -> Option<Unit> {
    const HOURS: [&[u8]; 5] = [b"h", b"hr", b"hrs", b"hour", b"hours"];
    const MINUTES: [&[u8]; 5] = [b"m", b"min", b"mins", b"minute", b"minutes"];
    if HOURS.iter().any(|u| u.eq_ignore_ascii_case(word)) {
        Some(Unit::Hours)
    } else if MINUTES.iter().any(|u| u.eq_ignore_ascii_case(word)) {
        Some(Unit::Minutes)
    } else {
        None
    }
}

/// A run of ASCII digits as a number (infinite if absurdly long).
fn whole(cur: &mut Cursor<'_>) -> Option<f64> {
    let run = cur.digits();
    if run.is_empty() {
        return None;
    }
    // A run of ASCII digits always parses (possibly to infinity, never NaN).
    run.parse::<f64>().ok()
}

/// A decimal number: `45`, `1.5`, `1,5` or `.5` (not `45.`); or a whole
/// number and a fraction sign, with or without a space between (`1½`,
/// `1 ¾`), or a fraction sign alone (`½`).
fn number(cur: &mut Cursor<'_>) -> Option<f64> {
    let whole = whole(cur);
    let before_point = cur.mark();
    if cur.eat(b'.') || cur.eat(b',') {
        if let Some(fraction) = fraction(cur) {
            return Some(whole.unwrap_or(0.0) + fraction);
        }
        // A full stop after a number is not a decimal point.
        cur.reset(before_point);
        return whole;
    }
    if whole.is_some() {
        cur.skip_space();
    }
    match vulgar_fraction(cur) {
        Some(fraction) => Some(whole.unwrap_or(0.0) + fraction),
        None => {
            cur.reset(before_point);
            whole
        }
    }
}

/// A fraction sign, `½`, `¼` or `¾`, as a number.
fn vulgar_fraction(cur: &mut Cursor<'_>) -> Option<f64> {
    [('\u{bd}', 0.5), ('\u{bc}', 0.25), ('\u{be}', 0.75)]
        .into_iter()
        .find_map(|(sign, value)| cur.eat_char(sign).then_some(value))
}

/// The digits after a decimal point, as a number in `0.0..=1.0`.
fn fraction(cur: &mut Cursor<'_>) -> Option<f64> {
    let run = cur.digits();
    // Digits past the 17th cannot change an f64; leaving them out keeps the
    // power of ten finite.
    let run = run.get(..17).unwrap_or(run);
    if run.is_empty() {
        return None;
    }
    let value = run.parse::<f64>().ok()?;
    Some(value / 10f64.powi(i32::try_from(run.len()).ok()?))
}

/// Exactly two digits making a number below 60 (minutes or seconds).
fn two_digits_below_60(cur: &mut Cursor<'_>) -> Option<u8> {
    let &[tens, units] = cur.digits().as_bytes() else {
        return None;
    };
    let value = (tens - b'0') * 10 + (units - b'0');
    (value < 60).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn minutes(text: &str) -> Result<Option<f64>, ValueError> {
        parse_duration(text)
    }

    fn in_hours(text: &str) -> Result<Option<f64>, ValueError> {
        parse_duration_in(text, DurationUnit::Hours)
    }

    #[test]
    fn every_format_in_spec_is_read_as_minutes() {
        let cases: &[(&str, f64)] = &[
            ("45", 45.0),
            ("45 min", 45.0),
            ("45 mins", 45.0),
            ("45m", 45.0),
            ("1h", 60.0),
            ("1 h 15 min", 75.0),
            ("1:15", 75.0),
            ("01:15:00", 75.0),
            ("1.5 h", 90.0),
            ("90 minutes", 90.0),
        ];
        for &(text, want) in cases {
            assert_eq!(minutes(text), Ok(Some(want)), "{text:?}");
        }
    }

    #[test]
    fn other_unit_spellings_and_spacing() {
        let cases: &[(&str, f64)] = &[
            ("2 hr", 120.0),
            ("2hrs", 120.0),
            ("1 hour", 60.0),
            ("2 Hours", 120.0),
            ("30 minute", 30.0),
            ("45MIN", 45.0),
            ("45 Mins.", 45.0),
            ("1h15", 75.0),
            ("1h 15m", 75.0),
            ("1 hr 15 mins", 75.0),
            ("1hr15min", 75.0),
            ("1 hour 30 minutes", 90.0),
            ("1 h. 15 min.", 75.0),
            ("2 h 0 min", 120.0),
            ("  45  ", 45.0),
            ("45\u{a0}min", 45.0),
        ];
        for &(text, want) in cases {
            assert_eq!(minutes(text), Ok(Some(want)), "{text:?}");
        }
    }

    #[test]
    fn decimals_with_point_or_comma() {
        let cases: &[(&str, f64)] = &[
            ("45.0", 45.0),
            ("22.5", 22.5),
            ("22,5", 22.5),
            ("1,5 h", 90.0),
            ("0.75h", 45.0),
            (".5 h", 30.0),
            ("0,25 hrs", 15.0),
            ("1.5 h 10 min", 100.0),
        ];
        for &(text, want) in cases {
            assert_eq!(minutes(text), Ok(Some(want)), "{text:?}");
        }
    }

    #[test]
    fn hour_and_minute_abbreviations_with_or_without_a_full_stop() {
        let cases: &[(&str, f64)] = &[
            ("1hr", 60.0),
            ("1 hr", 60.0),
            ("0,75 h", 45.0),
            ("0,75h", 45.0),
            ("2 hrs.", 120.0),
            ("2hrs.", 120.0),
            ("45 mins.", 45.0),
            ("45mins.", 45.0),
            ("1 hr. 30 mins.", 90.0),
        ];
        for &(text, want) in cases {
            assert_eq!(minutes(text), Ok(Some(want)), "{text:?}");
        }
    }

    #[test]
    fn a_plain_number_in_an_hours_column_is_hours() {
        let cases: &[(&str, f64)] = &[
            ("1.5", 90.0),
            ("0,75", 45.0),
            ("2", 120.0),
            ("0.25", 15.0),
            (".5", 30.0),
            ("24", 1440.0),
            ("0", 0.0),
            ("1 \u{bd}", 90.0),
            ("\u{be}", 45.0),
        ];
        for &(text, want) in cases {
            assert_eq!(in_hours(text), Ok(Some(want)), "{text:?}");
        }
    }

    #[test]
    fn a_plain_number_is_minutes_by_default() {
        assert_eq!(DurationUnit::default(), DurationUnit::Minutes);
        let cases: &[(&str, f64)] = &[("1.5", 1.5), ("0,75", 0.75), ("2", 2.0), ("45", 45.0)];
        for &(text, want) in cases {
            assert_eq!(minutes(text), Ok(Some(want)), "{text:?}");
            assert_eq!(
                parse_duration_in(text, DurationUnit::Minutes),
                Ok(Some(want)),
                "{text:?}"
            );
        }
    }

    #[test]
    fn a_unit_in_the_cell_wins_over_the_column_unit() {
        // (text, in a minutes column, in an hours column)
        let cases: &[(&str, f64, f64)] = &[
            ("45 min", 45.0, 45.0),
            ("45m", 45.0, 45.0),
            ("90 minutes", 90.0, 90.0),
            ("1 h", 60.0, 60.0),
            ("1.5 hrs", 90.0, 90.0),
            ("1 h 15 min", 75.0, 75.0),
            ("1h15", 75.0, 75.0),
            ("half an hour", 30.0, 30.0),
            ("\u{bd} h", 30.0, 30.0),
        ];
        for &(text, in_minutes, hours) in cases {
            assert_eq!(minutes(text), Ok(Some(in_minutes)), "{text:?}");
            assert_eq!(in_hours(text), Ok(Some(hours)), "{text:?}");
        }
    }

    #[test]
    fn a_clock_is_hours_and_minutes_in_either_column() {
        let cases: &[(&str, f64)] = &[
            ("1:15", 75.0),
            ("0:45", 45.0),
            ("01:15:00", 75.0),
            ("1:15 h", 75.0),
        ];
        for &(text, want) in cases {
            assert_eq!(minutes(text), Ok(Some(want)), "{text:?}");
            assert_eq!(in_hours(text), Ok(Some(want)), "{text:?}");
        }
    }

    #[test]
    fn limits_apply_to_the_minutes_in_an_hours_column() {
        assert_eq!(in_hours("24,0"), Ok(Some(1440.0)));
        for text in ["25", "24.1", "100", "1441 min", "25 h"] {
            assert_eq!(in_hours(text), Err(ValueError::DurationTooLong), "{text:?}");
        }
        for text in ["-1.5", "-0,5", "-\u{bd}", "-1 h"] {
            assert_eq!(
                in_hours(text),
                Err(ValueError::NegativeDuration),
                "{text:?}"
            );
        }
        assert_eq!(in_hours("-0"), Ok(Some(0.0)));
        for text in ["", "  ", "\u{a0}"] {
            assert_eq!(in_hours(text), Ok(None), "{text:?}");
        }
        for text in ["abc", "1.5 days", "1:5", "hours"] {
            assert_eq!(
                in_hours(text),
                Err(ValueError::UnreadableDuration),
                "{text:?}"
            );
        }
    }

    #[test]
    fn an_hour_and_its_half_and_quarter_in_words() {
        let cases: &[(&str, f64)] = &[
            ("an hour", 60.0),
            ("An Hour", 60.0),
            ("a hour", 60.0),
            ("an hr", 60.0),
            ("half an hour", 30.0),
            ("Half an hour", 30.0),
            ("HALF AN HOUR", 30.0),
            ("half hour", 30.0),
            ("a half hour", 30.0),
            ("half an hr.", 30.0),
            ("  half\u{a0}an  hour ", 30.0),
            ("a quarter of an hour", 15.0),
            ("quarter of an hour", 15.0),
            ("a quarter hour", 15.0),
            ("quarter hour", 15.0),
        ];
        for &(text, want) in cases {
            assert_eq!(minutes(text), Ok(Some(want)), "{text:?}");
        }
    }

    #[test]
    fn words_that_are_no_duration_are_unreadable() {
        for text in [
            "hour",
            "an",
            "half",
            "half an",
            "a quarter",
            "quarter of",
            "half a minute",
            "an hour 15",
            "an hour and a half",
            "halfanhour",
            "the hour",
            "a a hour",
            "half half hour",
            "an minute",
        ] {
            assert_eq!(
                minutes(text),
                Err(ValueError::UnreadableDuration),
                "{text:?}"
            );
        }
    }

    #[test]
    fn fraction_signs_alone_or_after_a_whole_number() {
        let cases: &[(&str, f64)] = &[
            ("\u{bd} h", 30.0),
            ("\u{bd}h", 30.0),
            ("\u{bc} hour", 15.0),
            ("\u{be} hr", 45.0),
            ("1\u{bd} hours", 90.0),
            ("1 \u{bd} hours", 90.0),
            ("1\u{a0}\u{bd} hours", 90.0),
            ("1\u{be} h", 105.0),
            ("2\u{bc}h", 135.0),
            ("1\u{bd}", 1.5),
            ("\u{be}", 0.75),
            ("\u{bd} min", 0.5),
            ("10\u{bd} mins", 10.5),
            ("1\u{bd} h 10 min", 100.0),
        ];
        for &(text, want) in cases {
            assert_eq!(minutes(text), Ok(Some(want)), "{text:?}");
        }
    }

    #[test]
    fn fraction_signs_in_other_places_are_unreadable() {
        for text in [
            "\u{bd}\u{bd}",
            "1\u{bd}\u{bd}",
            "1.5\u{bd}",
            "1,5 \u{bd}",
            "\u{bd}1",
            "h \u{bd}",
            "1:\u{bd}",
            "\u{2153}",
            "1 \u{bd} \u{bd}",
        ] {
            assert_eq!(
                minutes(text),
                Err(ValueError::UnreadableDuration),
                "{text:?}"
            );
        }
    }

    #[test]
    fn clock_forms_are_hours_minutes_seconds() {
        let cases: &[(&str, f64)] = &[
            ("0:45", 45.0),
            ("00:45", 45.0),
            ("2:00", 120.0),
            ("10:05", 605.0),
            ("0:00:30", 0.5),
            ("00:45:30", 45.5),
            ("1:15:00.0", 75.0),
            ("0:01:30,0", 1.5),
            ("1:15 h", 75.0),
            ("1:15 hrs", 75.0),
        ];
        for &(text, want) in cases {
            assert_eq!(minutes(text), Ok(Some(want)), "{text:?}");
        }
    }

    #[test]
    fn zero_is_allowed() {
        for text in ["0", "0 min", "0:00", "00:00:00", "0h", "-0", "0.0"] {
            assert_eq!(minutes(text), Ok(Some(0.0)), "{text:?}");
        }
    }

    #[test]
    fn blank_is_no_duration() {
        for text in ["", " ", "\t\n", "\u{a0}"] {
            assert_eq!(minutes(text), Ok(None), "{text:?}");
        }
    }

    #[test]
    fn negative_durations_are_rejected() {
        for text in [
            "-5",
            "-5 min",
            "- 5",
            "-1:15",
            "-1.5 h",
            "\u{2212}10",
            "-2000",
        ] {
            assert_eq!(minutes(text), Err(ValueError::NegativeDuration), "{text:?}");
        }
    }

    #[test]
    fn a_full_day_is_allowed_but_not_more() {
        let allowed: &[(&str, f64)] = &[
            ("1440", 1440.0),
            ("24 h", 1440.0),
            ("24:00", 1440.0),
            ("24:00:00", 1440.0),
            ("23 h 60 min", 1440.0),
        ];
        for &(text, want) in allowed {
            assert_eq!(minutes(text), Ok(Some(want)), "{text:?}");
        }
        let too_long = [
            "1441",
            "1440.5",
            "24:00:01",
            "25 h",
            "24 h 1 min",
            "45:00",
            "100000",
            "99999999999999999999999999999999999999",
        ];
        for text in too_long {
            assert_eq!(minutes(text), Err(ValueError::DurationTooLong), "{text:?}");
        }
        let huge = "9".repeat(400);
        assert_eq!(minutes(&huge), Err(ValueError::DurationTooLong));
    }

    #[test]
    fn unreadable_durations_are_rejected() {
        let cases = [
            "abc",
            "min",
            "h",
            "nan",
            "NaN",
            "inf",
            "-inf",
            "infinity",
            "1e3",
            "45 sec",
            "45 seconds",
            "45 mins 1 h",
            "15 min 1 h",
            "1 h 2 h",
            "1 h 15 min 3",
            "45 45",
            "45.",
            ".",
            "1.2.3",
            "1,5,0",
            "+45",
            "--5",
            "- ",
            "1:5",
            "1:60",
            "1:15:60",
            "1:150",
            ":15",
            "1:",
            "1:15:",
            "1:15 min",
            "1 : 15",
            "1:15:00:00",
            "about 45",
            "45 min approx",
            "\u{664}\u{665}",
            "45\u{2009}min?",
        ];
        for text in cases {
            assert_eq!(
                minutes(text),
                Err(ValueError::UnreadableDuration),
                "{text:?}"
            );
        }
    }

    #[test]
    fn long_fractions_stay_finite() {
        let text = format!("1.{}", "9".repeat(400));
        assert_eq!(minutes(&text), Ok(Some(2.0)));
        let text = format!("0:00:00.{}", "9".repeat(400));
        assert_eq!(minutes(&text), Ok(Some(1.0 / 60.0)));
    }

    proptest! {
        #[test]
        fn never_panics_and_is_always_a_real_number_of_minutes(text in any::<String>()) {
            if let Ok(Some(m)) = parse_duration(&text) {
                prop_assert!(m.is_finite() && (0.0..=MAX_MINUTES).contains(&m));
            }
        }

        #[test]
        fn duration_shaped_text_is_a_real_number_of_minutes(
            text in "[-0-9 .,:hHmMinsrtuoe]{0,20}",
        ) {
            if let Ok(Some(m)) = parse_duration(&text) {
                prop_assert!(m.is_finite() && (0.0..=MAX_MINUTES).contains(&m));
            }
        }

        #[test]
        fn in_hours_never_panics_and_is_always_a_real_number_of_minutes(
            text in "[-0-9 .,:hHmMinsrtuoeafqlv\u{bd}\u{bc}\u{be}]{0,20}",
        ) {
            for plain in [DurationUnit::Minutes, DurationUnit::Hours] {
                if let Ok(Some(m)) = parse_duration_in(&text, plain) {
                    prop_assert!(m.is_finite() && (0.0..=MAX_MINUTES).contains(&m));
                }
            }
        }

        #[test]
        fn a_plain_number_in_hours_is_sixty_times_itself_in_minutes(
            hundredths in 0u32..=2400,
        ) {
            let text = format!("{}.{:02}", hundredths / 100, hundredths % 100);
            let as_minutes = parse_duration(&text).unwrap().unwrap();
            let as_hours = in_hours(&text).unwrap().unwrap();
            prop_assert!((as_hours - as_minutes * 60.0).abs() < 1e-9);
        }

        #[test]
        fn a_unit_or_a_clock_reads_the_same_in_either_column(
            text in "[0-9]{1,2}([.,][0-9])? ?(h|hr|hrs|min|mins)|[0-9]{1,2}:[0-5][0-9]",
        ) {
            prop_assert_eq!(parse_duration(&text), in_hours(&text));
        }

        #[test]
        fn whole_minutes_read_back(n in 0u32..=1440) {
            prop_assert_eq!(parse_duration(&n.to_string()), Ok(Some(f64::from(n))));
            let clock = format!("{}:{:02}", n / 60, n % 60);
            prop_assert_eq!(parse_duration(&clock), Ok(Some(f64::from(n))));
        }
    }
}
