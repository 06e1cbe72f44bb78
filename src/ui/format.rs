//! Numbers as people write them. The report keeps every digit; the page
//! rounds here, for display only. Times follow the number format chosen in
//! the settings ([`TimeFormat`], set once per redraw with
//! [`set_time_format`]); percentages always have one decimal.

use std::cell::Cell;

/// How the page writes a time (a number of minutes).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum TimeFormat {
    /// Hours with one decimal, as papers write them: `22.5 h`.
    #[default]
    DecimalHours,
    /// Hours and minutes: `22 h 27 min`.
    HoursMinutes,
    /// Minutes: `1,347 min`.
    Minutes,
}

impl TimeFormat {
    /// Every format, in the order the settings offer them.
    pub const ALL: [TimeFormat; 3] = [
        TimeFormat::DecimalHours,
        TimeFormat::HoursMinutes,
        TimeFormat::Minutes,
    ];

    /// Its name in the settings file and the page's controls.
    pub fn as_str(self) -> &'static str {
        match self {
            TimeFormat::DecimalHours => "decimal_hours",
            TimeFormat::HoursMinutes => "hours_minutes",
            TimeFormat::Minutes => "minutes",
        }
    }

    /// The format named `name` ([`TimeFormat::as_str`]).
    pub fn from_name(name: &str) -> Option<TimeFormat> {
        TimeFormat::ALL.into_iter().find(|f| f.as_str() == name)
    }

    /// How the settings offer it.
    pub fn label(self) -> &'static str {
        match self {
            TimeFormat::DecimalHours => "Hours with one decimal (22.5 h)",
            TimeFormat::HoursMinutes => "Hours and minutes (22 h 27 min)",
            TimeFormat::Minutes => "Minutes (1,347 min)",
        }
    }
}

thread_local! {
    static TIME_FORMAT: Cell<TimeFormat> = const { Cell::new(TimeFormat::DecimalHours) };
}

/// Sets the format [`time`] writes in (the page sets it from its settings
/// before it draws the results).
pub fn set_time_format(format: TimeFormat) {
    TIME_FORMAT.with(|f| f.set(format));
}

/// The format [`time`] writes in.
pub fn time_format() -> TimeFormat {
    TIME_FORMAT.with(Cell::get)
}

/// Minutes written in the chosen [`TimeFormat`].
pub fn time(minutes: f64) -> String {
    time_in(time_format(), minutes)
}

/// Minutes written in `format`: `22.5 h`, `22 h 27 min` or `1,347 min`.
pub fn time_in(format: TimeFormat, minutes: f64) -> String {
    if !minutes.is_finite() {
        return "–".to_string();
    }
    match format {
        TimeFormat::DecimalHours => format!("{}\u{a0}h", fixed(minutes / 60.0, 1)),
        TimeFormat::HoursMinutes => hours_minutes(minutes),
        TimeFormat::Minutes => format!("{}\u{a0}min", number(minutes, 1)),
    }
}

/// The unit a chart's time axis counts in, for the chosen format: its
/// size in minutes and its name (`hours` or `minutes`).
pub fn axis_unit() -> (f64, &'static str) {
    match time_format() {
        TimeFormat::DecimalHours | TimeFormat::HoursMinutes => (60.0, "Hours"),
        TimeFormat::Minutes => (1.0, "Minutes"),
    }
}

/// A number with exactly `decimals` places and thousands separators
/// (`1,234.0`).
pub fn fixed(x: f64, decimals: usize) -> String {
    let text = number(x, decimals);
    if decimals == 0 || !x.is_finite() {
        return text;
    }
    let have = text.split_once('.').map_or(0, |(_, f)| f.len());
    let mut out = text;
    if have == 0 {
        out.push('.');
    }
    out.extend(std::iter::repeat_n('0', decimals - have));
    out
}

/// Minutes as hours and minutes: `45 min`, `1 h 5 min`, `402 h`. A
/// number and its unit are joined by a no-break space, so that a narrow
/// column wraps `1 h 5 min` only between `h` and `5`.
pub fn hours_minutes(minutes: f64) -> String {
    if !minutes.is_finite() {
        return "–".to_string();
    }
    let total = minutes.round() as i64;
    let (h, m) = (total / 60, total % 60);
    match (h, m) {
        (0, m) => format!("{m}\u{a0}min"),
        (h, 0) => format!("{}\u{a0}h", number(h as f64, 0)),
        (h, m) => format!("{}\u{a0}h {m}\u{a0}min", number(h as f64, 0)),
    }
}

/// A number rounded to `decimals` places, without trailing zeros, with
/// thin-space-free thousands separators (`1,234.5`).
pub fn number(x: f64, decimals: usize) -> String {
    if !x.is_finite() {
        return "–".to_string();
    }
    // Half away from zero, as the manuscript table (and Excel) round.
    let x = mentoring_stats_engine::table::round_half_away(x, decimals as u32);
    let text = format!("{x:.decimals$}");
    let text = if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        text
    };
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (int, frac) = digits
        .split_once('.')
        .map_or((digits, None), |(i, f)| (i, Some(f)));
    let mut grouped = String::new();
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    let sign = if grouped == "0" && frac.is_none() {
        ""
    } else {
        sign
    };
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// An amount of money with two decimals and thousands separators:
/// `1,234.50`, rounded half away from zero as the manuscript table rounds
/// (Excel's ROUND).
pub fn money(x: f64) -> String {
    let text = number(mentoring_stats_engine::table::round_half_away(x, 2), 2);
    if !x.is_finite() {
        return text;
    }
    match text.split_once('.') {
        None => format!("{text}.00"),
        Some((_, decimals)) if decimals.len() == 1 => format!("{text}0"),
        Some(_) => text,
    }
}

/// An amount of money with its currency label, if any: `GBP 1,234.50`
/// (a no-break space between them).
pub fn money_in(x: f64, currency: Option<&str>) -> String {
    match currency {
        Some(cur) => format!("{cur}\u{a0}{}", money(x)),
        None => money(x),
    }
}

/// An optional number, `–` where there is none.
pub fn maybe(x: Option<f64>, decimals: usize) -> String {
    x.map_or_else(|| "–".to_string(), |x| number(x, decimals))
}

/// An optional percentage with one decimal, always: `88.6%`, `82.0%`.
pub fn percent(x: Option<f64>) -> String {
    x.map_or_else(|| "–".to_string(), |x| format!("{}%", fixed(x, 1)))
}

/// An optional text, `–` where there is none.
pub fn text(x: &Option<String>) -> String {
    x.clone().unwrap_or_else(|| "–".to_string())
}

/// A byte count: `1.5 MB`.
pub fn bytes(n: f64) -> String {
    const UNITS: [&str; 4] = ["bytes", "KB", "MB", "GB"];
    let mut value = n;
    let mut unit = 0;
    while value >= 1000.0 && unit < UNITS.len() - 1 {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{} bytes", n as u64)
    } else {
        format!("{} {}", number(value, 1), UNITS[unit])
    }
}

const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn year_month(text: &str) -> Option<(&str, usize)> {
    let (year, rest) = text.split_once('-')?;
    let month: usize = rest.get(..2)?.parse().ok()?;
    (year.len() == 4 && (1..=12).contains(&month)).then_some((year, month))
}

/// A `YYYY-MM` month as people write it: `Mar 2018`; a quarter `YYYY-Qn`
/// as `Qn YYYY` (other text, such as a year, as is).
pub fn month(text: &str) -> String {
    if let Some((year, quarter)) = text.split_once("-Q") {
        return format!("Q{quarter} {year}");
    }
    match year_month(text) {
        Some((year, m)) if text.len() == 7 => format!("{} {year}", MONTHS[m - 1]),
        _ => text.to_string(),
    }
}

/// A `YYYY-MM-DD` date as people write it: `14 Mar 2018`, day and month
/// joined by a no-break space (other text as is, `–` for none).
pub fn date(text: Option<&str>) -> String {
    let Some(text) = text else {
        return "–".to_string();
    };
    match (
        year_month(text),
        text.get(8..10).and_then(|d| d.parse::<u32>().ok()),
    ) {
        (Some((year, m)), Some(day)) if text.len() == 10 => {
            format!("{day}\u{a0}{} {year}", MONTHS[m - 1])
        }
        _ => text.to_string(),
    }
}

/// How a mode of the report is named on the page.
pub fn mode_label(mode: &str) -> &str {
    match mode {
        "phone" => "Phone",
        "video" => "Video",
        "in_person" => "In person",
        "email" => "Email",
        "sms" => "SMS",
        "other" => "Other",
        other => other,
    }
}

/// A count with its noun, singular or plural: `1 site`, `3 sites`.
pub fn count(n: u64, singular: &str, plural: &str) -> String {
    format!(
        "{} {}",
        number(n as f64, 0),
        if n == 1 { singular } else { plural }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minutes_read_as_hours_and_minutes() {
        let plain = |m: f64| hours_minutes(m).replace('\u{a0}', " ");
        assert_eq!(plain(45.0), "45 min");
        assert_eq!(plain(65.0), "1 h 5 min");
        assert_eq!(plain(120.0), "2 h");
        assert_eq!(plain(24136.0), "402 h 16 min");
        assert_eq!(plain(59.6), "1 h");
        assert_eq!(plain(90_000.0), "1,500 h");
        assert_eq!(hours_minutes(65.0), "1\u{a0}h 5\u{a0}min");
    }

    #[test]
    fn numbers_round_for_display_only() {
        assert_eq!(number(95.66666666666667, 1), "95.7");
        assert_eq!(number(1508.5, 1), "1,508.5");
        assert_eq!(number(24136.0, 1), "24,136");
        assert_eq!(number(1234567.0, 0), "1,234,567");
        assert_eq!(number(-0.04, 1), "0");
        assert_eq!(number(-1234.5, 1), "-1,234.5");
        assert_eq!(percent(Some(88.5714)), "88.6%");
        assert_eq!(percent(None), "–");
        assert_eq!(bytes(102_400_000.0), "102.4 MB");
        assert_eq!(bytes(512.0), "512 bytes");
        assert_eq!(money(2054.125), "2,054.13");
        assert_eq!(money(1332.3333333333335), "1,332.33");
        assert_eq!(money(60.0), "60.00");
        assert_eq!(money(42.5), "42.50");
        assert_eq!(money(-0.001), "0.00");
        assert_eq!(money_in(42.5, Some("GBP")), "GBP\u{a0}42.50");
        assert_eq!(money_in(42.5, None), "42.50");
    }

    #[test]
    fn months_and_dates_read_as_people_write_them() {
        assert_eq!(month("2018-03"), "Mar 2018");
        assert_eq!(month("2020-12"), "Dec 2020");
        assert_eq!(month("2020-13"), "2020-13");
        assert_eq!(date(Some("2019-02-01")), "1\u{a0}Feb 2019");
        assert_eq!(date(Some("2019-11-30")), "30\u{a0}Nov 2019");
        assert_eq!(date(Some("soon")), "soon");
        assert_eq!(date(None), "–");
        assert_eq!(mode_label("in_person"), "In person");
        assert_eq!(count(1, "site", "sites"), "1 site");
        assert_eq!(count(1200, "row", "rows"), "1,200 rows");
    }

    #[test]
    fn times_follow_the_chosen_format_and_percentages_keep_one_decimal() {
        // 1347 minutes: 22.45 h, rounded half away from zero as the
        // manuscript table does (the float lies just under the half).
        assert_eq!(time_in(TimeFormat::DecimalHours, 1347.0), "22.5\u{a0}h");
        assert_eq!(time_in(TimeFormat::DecimalHours, 1350.0), "22.5\u{a0}h");
        assert_eq!(time_in(TimeFormat::DecimalHours, 60.0), "1.0\u{a0}h");
        assert_eq!(
            time_in(TimeFormat::HoursMinutes, 1347.0),
            "22\u{a0}h 27\u{a0}min"
        );
        assert_eq!(time_in(TimeFormat::Minutes, 1347.0), "1,347\u{a0}min");
        assert_eq!(time_in(TimeFormat::Minutes, 67.25), "67.3\u{a0}min");
        assert_eq!(time_in(TimeFormat::Minutes, f64::NAN), "–");
        assert_eq!(percent(Some(82.0)), "82.0%");
        assert_eq!(percent(Some(87.64)), "87.6%");
        assert_eq!(fixed(1234.0, 1), "1,234.0");
        assert_eq!(fixed(0.05, 2), "0.05");
        for f in TimeFormat::ALL {
            assert_eq!(TimeFormat::from_name(f.as_str()), Some(f));
        }
        set_time_format(TimeFormat::Minutes);
        assert_eq!(time(30.0), "30\u{a0}min");
        assert_eq!(axis_unit(), (1.0, "Minutes"));
        set_time_format(TimeFormat::default());
        assert_eq!(time(30.0), "0.5\u{a0}h");
    }
}
