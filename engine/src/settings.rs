//! Analysis settings: given when an analysis starts, and applied as rows
//! are read (a change means reading the files again).

use jiff::civil::Date;

use super::ingest::columns::Field;
use super::value::{Attendance, DateOrder, DurationUnit, Mode};

/// Settings of one analysis (SPEC, "Output: the statistics" and "Reading
/// the logs people actually keep").
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Settings {
    /// Order of numeric dates with the year last when a file's dates read
    /// equally well both ways.
    pub date_order: DateOrder,
    /// Minutes counted for a written contact (email, SMS) without a duration.
    pub written_message_minutes: f64,
    /// First day of the analysis window, inclusive.
    #[serde(with = "window_date")]
    pub from: Option<Date>,
    /// Last day of the analysis window, inclusive.
    #[serde(with = "window_date")]
    pub to: Option<Date>,
    /// The unit of plain numbers in every duration column (`None`: as each
    /// column's header says; minutes where it says nothing).
    pub duration_unit: Option<DurationUnit>,
    /// Names that count as other names (`--same site:"A=B"`).
    pub same: Vec<SameName>,
    /// Labels read as the user says, before any other rule
    /// (`--value mode:Catch-up=phone`).
    pub values: Vec<ValueLabel>,
    /// Cost of one hour of any mentor's time (`--mentor-cost AMOUNT`).
    pub mentor_hourly_cost: Option<f64>,
    /// Cost of one hour of a named mentor's time, overriding the first
    /// (`--mentor-cost "NAME=AMOUNT"`); names are matched ignoring case.
    pub mentor_costs: Vec<(String, f64)>,
    /// Cost of one hour of a mentee's time (`--mentee-cost AMOUNT`).
    pub mentee_hourly_cost: Option<f64>,
    /// A label for the costs' currency, for display only (`--currency`).
    pub currency: Option<String>,
}

/// A window date of serialised settings, as year, month and day (jiff's
/// own serde support would bring its date parser into the page).
mod window_date {
    use jiff::civil::Date;
    use serde::{Deserialize, Deserializer, Serialize, Serializer};

    pub(super) fn serialize<S: Serializer>(date: &Option<Date>, to: S) -> Result<S::Ok, S::Error> {
        date.map(|d| (d.year(), d.month(), d.day())).serialize(to)
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        from: D,
    ) -> Result<Option<Date>, D::Error> {
        // A message of its own rather than jiff's error, whose text
        // would bring jiff's error formatting into the page.
        Option::<(i16, i8, i8)>::deserialize(from)?
            .map(|(y, m, d)| {
                Date::new(y, m, d).map_err(|_| {
                    serde::de::Error::custom(format_args!("{y}-{m}-{d} is no day of the calendar"))
                })
            })
            .transpose()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            date_order: DateOrder::DayFirst,
            written_message_minutes: 5.0,
            from: None,
            to: None,
            duration_unit: None,
            same: Vec::new(),
            values: Vec::new(),
            mentor_hourly_cost: None,
            mentor_costs: Vec::new(),
            mentee_hourly_cost: None,
            currency: None,
        }
    }
}

impl Settings {
    /// Whether `date` is inside the analysis window.
    pub fn in_window(&self, date: Date) -> bool {
        self.from.is_none_or(|from| date >= from) && self.to.is_none_or(|to| date <= to)
    }

    /// Whether any cost rate is set (without one, every cost is null).
    pub fn has_costs(&self) -> bool {
        self.mentor_hourly_cost.is_some()
            || !self.mentor_costs.is_empty()
            || self.mentee_hourly_cost.is_some()
    }

    /// Checks the settings as a whole: a window must not end before it
    /// starts. The message names both dates.
    pub fn check(&self) -> Result<(), String> {
        match (self.from, self.to) {
            (Some(from), Some(to)) if from > to => Err(format!(
                "the analysis window starts on {from}, after it ends on {to}; the start must be on or before the end"
            )),
            _ => Ok(()),
        }
    }
}

/// Reads an amount of money per hour: a finite number 0 or more (`45`,
/// `45.50`, `45,50`); the message says what was found.
pub fn parse_amount(text: &str) -> Result<f64, String> {
    let trimmed = text.trim();
    let number = trimmed.replace(',', ".");
    match number.parse::<f64>() {
        Ok(n) if n.is_finite() && n >= 0.0 && !number.contains(['e', 'E', '+']) => Ok(n),
        _ => Err(format!(
            "expected an amount of 0 or more, such as 45 or 45.50; found {trimmed:?}"
        )),
    }
}

/// A mentor cost as the command line takes it: `AMOUNT` for every mentor,
/// or `NAME=AMOUNT` for one.
#[derive(Clone, Debug, PartialEq)]
pub enum MentorCost {
    /// Any mentor's hourly cost.
    Any(f64),
    /// A named mentor's hourly cost.
    Named(String, f64),
}

impl MentorCost {
    /// Reads `AMOUNT` or `NAME=AMOUNT`.
    pub fn parse(text: &str) -> Result<MentorCost, String> {
        match text.rsplit_once('=') {
            Some((name, amount)) => {
                if name.trim().is_empty() {
                    return Err(format!("expected NAME=AMOUNT; found {text:?}"));
                }
                Ok(MentorCost::Named(
                    name.trim().to_string(),
                    parse_amount(amount)?,
                ))
            }
            None => Ok(MentorCost::Any(parse_amount(text)?)),
        }
    }
}

/// One name that counts as another: rows naming `name` in `field` count as
/// naming `as_name` (names are matched ignoring case).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SameName {
    /// Site, mentee, mentor or topic.
    pub field: Field,
    /// The name to replace.
    pub name: String,
    /// The name it counts as.
    pub as_name: String,
}

impl SameName {
    /// Reads `FIELD:NAME=NAME`, as the command line takes it.
    pub fn parse(text: &str) -> Result<SameName, String> {
        let (field, names) = text
            .split_once(':')
            .ok_or_else(|| format!("expected FIELD:NAME=NAME; found {text:?}"))?;
        let field = Field::from_name(field)
            .filter(|f| {
                matches!(
                    f,
                    Field::Site | Field::Mentee | Field::Mentor | Field::Topic
                )
            })
            .ok_or_else(|| {
                format!("expected a field among site, mentee, mentor, topic; found {field:?}")
            })?;
        let (name, as_name) = names
            .split_once('=')
            .ok_or_else(|| format!("expected FIELD:NAME=NAME; found {text:?}"))?;
        if name.trim().is_empty() || as_name.trim().is_empty() {
            return Err(format!("expected two names around '='; found {names:?}"));
        }
        Ok(SameName {
            field,
            name: name.trim().to_string(),
            as_name: as_name.trim().to_string(),
        })
    }

    /// How the command line writes it: `--same site:"St Georges=St George's"`.
    pub fn flag(&self) -> String {
        format!(
            "--same {}:{:?}",
            self.field,
            format!("{}={}", self.name, self.as_name)
        )
    }
}

/// A label read as the user says.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ValueLabel {
    /// The label as given (matched ignoring case, spaces and punctuation).
    pub label: String,
    /// What it reads as.
    pub value: LabelValue,
}

/// The value a label is read as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum LabelValue {
    /// A contact mode.
    Mode(Mode),
    /// An attendance.
    Attendance(Attendance),
}

impl LabelValue {
    /// The field the value belongs to.
    pub fn field(self) -> Field {
        match self {
            LabelValue::Mode(_) => Field::Mode,
            LabelValue::Attendance(_) => Field::Attendance,
        }
    }

    /// The value's name in the report (`phone`, `did_not_attend`).
    pub fn name(self) -> &'static str {
        match self {
            LabelValue::Mode(m) => m.as_str(),
            LabelValue::Attendance(a) => a.as_str(),
        }
    }
}

impl ValueLabel {
    /// Reads `FIELD:LABEL=VALUE`, as the command line takes it.
    pub fn parse(text: &str) -> Result<ValueLabel, String> {
        let (field, rest) = text
            .split_once(':')
            .ok_or_else(|| format!("expected FIELD:LABEL=VALUE; found {text:?}"))?;
        let (label, value) = rest
            .rsplit_once('=')
            .ok_or_else(|| format!("expected FIELD:LABEL=VALUE; found {text:?}"))?;
        if label.trim().is_empty() {
            return Err(format!("expected a label before '='; found {rest:?}"));
        }
        let value = match Field::from_name(field) {
            Some(Field::Mode) => Mode::from_name(value).map(LabelValue::Mode).ok_or_else(|| {
                format!("expected a mode among phone, video, in_person, email, sms, other; found {value:?}")
            })?,
            Some(Field::Attendance) => Attendance::from_name(value)
                .map(LabelValue::Attendance)
                .ok_or_else(|| {
                    format!("expected an attendance among attended, did_not_attend, cancelled; found {value:?}")
                })?,
            _ => return Err(format!("expected the field mode or attendance; found {field:?}")),
        };
        Ok(ValueLabel {
            label: label.trim().to_string(),
            value,
        })
    }

    /// How the command line writes it: `--value mode:"Catch-up=phone"`.
    pub fn flag(&self) -> String {
        format!(
            "--value {}:{:?}",
            self.value.field(),
            format!("{}={}", self.label, self.value.name())
        )
    }
}

/// A date written `YYYY-MM-DD` (as `<input type="date">` and the settings
/// file give it); anything else, or a day not in the calendar, is `None`.
/// Read here rather than with jiff's `Date::from_str`, which also reads
/// times, offsets and time zone annotations and would add about 37 KB
/// (gzipped) to the page.
pub fn iso_date(text: &str) -> Option<jiff::civil::Date> {
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return None;
    }
    let number = |from: usize, to: usize| {
        bytes[from..to].iter().try_fold(0i16, |n, &b| {
            b.is_ascii_digit().then(|| n * 10 + i16::from(b - b'0'))
        })
    };
    let month = i8::try_from(number(5, 7)?).ok()?;
    let day = i8::try_from(number(8, 10)?).ok()?;
    jiff::civil::Date::new(number(0, 4)?, month, day).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_window_that_ends_before_it_starts_is_refused() {
        let settings = Settings {
            from: Some(jiff::civil::date(2019, 5, 1)),
            to: Some(jiff::civil::date(2019, 4, 30)),
            ..Settings::default()
        };
        let message = settings.check().unwrap_err();
        assert!(
            message.contains("2019-05-01") && message.contains("2019-04-30"),
            "{message}"
        );
        let one_day = Settings {
            from: Some(jiff::civil::date(2019, 5, 1)),
            to: Some(jiff::civil::date(2019, 5, 1)),
            ..Settings::default()
        };
        assert!(one_day.check().is_ok());
    }

    #[test]
    fn amounts_are_finite_numbers_of_zero_or_more() {
        assert_eq!(parse_amount("45"), Ok(45.0));
        assert_eq!(parse_amount(" 45.50 "), Ok(45.5));
        assert_eq!(parse_amount("45,50"), Ok(45.5));
        assert_eq!(parse_amount("0"), Ok(0.0));
        for bad in ["-1", "", "abc", "inf", "NaN", "1e3", "45 GBP", "£45"] {
            let message = parse_amount(bad).unwrap_err();
            assert!(message.contains("expected an amount"), "{bad}: {message}");
        }
        assert_eq!(MentorCost::parse("42.5"), Ok(MentorCost::Any(42.5)));
        assert_eq!(
            MentorCost::parse("Mentor B=60"),
            Ok(MentorCost::Named("Mentor B".into(), 60.0))
        );
        assert!(MentorCost::parse("=60").is_err());
        assert!(MentorCost::parse("Mentor B=lots").is_err());
    }

    #[test]
    fn same_names_read_as_the_command_line_writes_them() {
        let same = SameName::parse("site:St Georges=St George's").expect("reads");
        assert_eq!(same.field, Field::Site);
        assert_eq!(
            (same.name.as_str(), same.as_name.as_str()),
            ("St Georges", "St George's")
        );
        assert_eq!(same.flag(), "--same site:\"St Georges=St George's\"");
        assert!(SameName::parse("mode:a=b").is_err());
        assert!(SameName::parse("site:a").is_err());
        assert!(SameName::parse("site:=b").is_err());
    }

    #[test]
    fn value_labels_read_as_the_command_line_writes_them() {
        let value = ValueLabel::parse("mode:Catch-up=phone").expect("reads");
        assert_eq!(value.label, "Catch-up");
        assert_eq!(value.value, LabelValue::Mode(Mode::Phone));
        let value = ValueLabel::parse("attendance:Seen=attended").expect("reads");
        assert_eq!(value.value, LabelValue::Attendance(Attendance::Attended));
        assert!(ValueLabel::parse("mode:x=fax").is_err());
        assert!(ValueLabel::parse("site:x=phone").is_err());
        assert_eq!(
            ValueLabel::parse("mode:1=in_person").map(|v| v.flag()),
            Ok("--value mode:\"1=in_person\"".to_string())
        );
    }
}
