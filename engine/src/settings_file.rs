//! An analysis's settings as a file: what the page saves with "Save
//! settings" and loads with "Load settings", and what
//! `mentoring-stats report --settings FILE` reads, so that an analysis done
//! in the page can be repeated in a script.
//!
//! The file is JSON (`mentoring_stats_settings: 1`). Every part is
//! optional; what it leaves out keeps its default. Columns, the sheet and
//! the delimiter are given per file name, since each file of a log may be
//! laid out differently.
//!
//! ```
//! use mentoring_stats_engine::settings_file::SettingsFile;
//! let file = SettingsFile::parse(r#"{
//!     "mentoring_stats_settings": 1,
//!     "written_message_minutes": 10,
//!     "values": [{"field": "mode", "label": "Catch-up", "value": "phone"}],
//!     "files": {"log.csv": {"columns": {"date": "Visit day", "attendance": null}}}
//! }"#).expect("a settings file");
//! let settings = file.settings().expect("valid");
//! assert_eq!(settings.written_message_minutes, 10.0);
//! assert_eq!(file.read_options("log.csv").columns.len(), 2);
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::ingest::columns::{ColumnOverride, Field};
use super::ingest::ReadOptions;
use super::settings::{SameName, Settings, ValueLabel};
use super::value::{DateOrder, DurationUnit};

/// The version of the file's shape this build reads and writes.
pub const SETTINGS_VERSION: u32 = 1;

/// An analysis's settings, as saved in a file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SettingsFile {
    /// The shape's version: 1.
    pub mentoring_stats_settings: u32,
    /// `day_first` or `month_first`: the date order used on a tie.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub date_order: Option<DateOrder>,
    /// Minutes per written message without a duration.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub written_message_minutes: Option<f64>,
    /// Window start, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub from: Option<String>,
    /// Window end, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub to: Option<String>,
    /// `minutes` or `hours`: the unit of plain numbers in duration columns.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub duration_unit: Option<String>,
    /// Cost of one hour of any mentor's time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentor_hourly_cost: Option<f64>,
    /// Cost of one hour of a named mentor's time.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub mentor_costs: BTreeMap<String, f64>,
    /// Cost of one hour of a mentee's time.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mentee_hourly_cost: Option<f64>,
    /// The currency label of the costs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// Labels read as the user said.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub values: Vec<ValueEntry>,
    /// Names counted as others.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub same: Vec<SameEntry>,
    /// How each file is read, by file name.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub files: BTreeMap<String, FileEntry>,
    /// How the page shows times (`hours`, `hours_minutes` or `minutes`);
    /// the command line tool, whose figures are unrounded, leaves it aside.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_format: Option<String>,
}

/// One label and what it reads as.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ValueEntry {
    /// `mode` or `attendance`.
    pub field: String,
    /// The label as written.
    pub label: String,
    /// What it reads as (`phone`, `did_not_attend`...).
    pub value: String,
}

/// One name counted as another.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SameEntry {
    /// `site`, `mentee`, `mentor` or `topic`.
    pub field: String,
    /// The name to replace.
    pub name: String,
    /// The name it counts as.
    #[serde(rename = "as")]
    pub as_name: String,
}

/// How one file is read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileEntry {
    /// Columns by field: the header, or null for "no such column".
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub columns: BTreeMap<String, Option<String>>,
    /// The sheet of a workbook.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sheet: Option<String>,
    /// The delimiter of a text file: `,`, `;`, `tab` or `|`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delimiter: Option<String>,
}

impl SettingsFile {
    /// Reads a settings file's text. Fails with a message that says where
    /// and what was expected.
    pub fn parse(text: &str) -> Result<SettingsFile, String> {
        let file: SettingsFile = serde_json::from_str(text.trim_start_matches('\u{feff}'))
            .map_err(|e| {
                format!(
                    "line {} column {}: {e} (expected the JSON of \"Save settings\", with \"mentoring_stats_settings\": {SETTINGS_VERSION})",
                    e.line(),
                    e.column()
                )
            })?;
        if file.mentoring_stats_settings != SETTINGS_VERSION {
            return Err(format!(
                "is a settings file of version {} (expected {SETTINGS_VERSION}); save the settings again with this version of the calculator",
                file.mentoring_stats_settings
            ));
        }
        file.settings()?;
        for (name, entry) in &file.files {
            entry.options().map_err(|e| format!("file {name:?}: {e}"))?;
        }
        Ok(file)
    }

    /// The file as the page saves it: pretty JSON with a final newline.
    pub fn to_json(&self) -> String {
        let mut text = serde_json::to_string_pretty(self).unwrap_or_default();
        text.push('\n');
        text
    }

    /// The analysis settings the file gives, from the defaults. Fails,
    /// naming the part, on a value that cannot be one.
    pub fn settings(&self) -> Result<Settings, String> {
        let date =
            |text: &Option<String>, part: &str| -> Result<Option<jiff::civil::Date>, String> {
                text.as_deref()
                    .map(|t| {
                        super::settings::iso_date(t.trim()).ok_or_else(|| {
                            format!("{part}: expected a date as YYYY-MM-DD; found {t:?}")
                        })
                    })
                    .transpose()
            };
        let amount = |value: Option<f64>, part: &str| -> Result<Option<f64>, String> {
            match value {
                Some(n) if !(n.is_finite() && n >= 0.0) => Err(format!(
                    "{part}: expected an amount of 0 or more; found {n}"
                )),
                other => Ok(other),
            }
        };
        let defaults = Settings::default();
        let settings = Settings {
            date_order: self.date_order.unwrap_or(defaults.date_order),
            written_message_minutes: match self.written_message_minutes {
                Some(n) if !(n.is_finite() && n >= 0.0) => {
                    return Err(format!(
                    "written_message_minutes: expected a number of minutes, 0 or more; found {n}"
                ))
                }
                Some(n) => n,
                None => defaults.written_message_minutes,
            },
            from: date(&self.from, "from")?,
            to: date(&self.to, "to")?,
            duration_unit: match self.duration_unit.as_deref() {
                None => None,
                Some("minutes") => Some(DurationUnit::Minutes),
                Some("hours") => Some(DurationUnit::Hours),
                Some(other) => {
                    return Err(format!(
                        "duration_unit: expected \"minutes\" or \"hours\"; found {other:?}"
                    ))
                }
            },
            same: self
                .same
                .iter()
                .map(|s| {
                    SameName::parse(&format!("{}:{}={}", s.field, s.name, s.as_name))
                        .map_err(|e| format!("same: {e}"))
                })
                .collect::<Result<_, _>>()?,
            values: self
                .values
                .iter()
                .map(|v| {
                    ValueLabel::parse(&format!("{}:{}={}", v.field, v.label, v.value))
                        .map_err(|e| format!("values: {e}"))
                })
                .collect::<Result<_, _>>()?,
            mentor_hourly_cost: amount(self.mentor_hourly_cost, "mentor_hourly_cost")?,
            mentor_costs: self
                .mentor_costs
                .iter()
                .map(|(name, &rate)| {
                    amount(Some(rate), &format!("mentor_costs {name:?}"))
                        .map(|r| (name.clone(), r.unwrap_or_default()))
                })
                .collect::<Result<_, _>>()?,
            mentee_hourly_cost: amount(self.mentee_hourly_cost, "mentee_hourly_cost")?,
            currency: self.currency.clone().filter(|c| !c.trim().is_empty()),
        };
        settings.check()?;
        Ok(settings)
    }

    /// How the file named `name` is read (nothing special where the
    /// settings file does not name it).
    pub fn read_options(&self, name: &str) -> ReadOptions {
        self.files
            .get(name)
            .and_then(|entry| entry.options().ok())
            .unwrap_or_default()
    }

    /// The settings file of an analysis: its settings and, per file name,
    /// how each file was read.
    pub fn from_parts(settings: &Settings, files: &[(String, ReadOptions)]) -> SettingsFile {
        let defaults = Settings::default();
        let delimiter = |d: u8| match d {
            b'\t' => "tab".to_string(),
            other => (other as char).to_string(),
        };
        SettingsFile {
            mentoring_stats_settings: SETTINGS_VERSION,
            date_order: (settings.date_order != defaults.date_order).then_some(settings.date_order),
            written_message_minutes: (settings.written_message_minutes
                != defaults.written_message_minutes)
                .then_some(settings.written_message_minutes),
            from: settings.from.map(|d| d.to_string()),
            to: settings.to.map(|d| d.to_string()),
            duration_unit: settings.duration_unit.map(|u| {
                match u {
                    DurationUnit::Minutes => "minutes",
                    DurationUnit::Hours => "hours",
                }
                .to_string()
            }),
            mentor_hourly_cost: settings.mentor_hourly_cost,
            mentor_costs: settings.mentor_costs.iter().cloned().collect(),
            mentee_hourly_cost: settings.mentee_hourly_cost,
            currency: settings.currency.clone(),
            values: settings
                .values
                .iter()
                .map(|v| ValueEntry {
                    field: v.value.field().to_string(),
                    label: v.label.clone(),
                    value: v.value.name().to_string(),
                })
                .collect(),
            same: settings
                .same
                .iter()
                .map(|s| SameEntry {
                    field: s.field.to_string(),
                    name: s.name.clone(),
                    as_name: s.as_name.clone(),
                })
                .collect(),
            files: files
                .iter()
                .filter(|(_, o)| {
                    o.delimiter.is_some() || o.sheet.is_some() || !o.columns.is_empty()
                })
                .map(|(name, o)| {
                    (
                        name.clone(),
                        FileEntry {
                            columns: o
                                .columns
                                .iter()
                                .map(|c| (c.field.to_string(), c.header.clone()))
                                .collect(),
                            sheet: o.sheet.clone(),
                            delimiter: o.delimiter.map(delimiter),
                        },
                    )
                })
                .collect(),
            number_format: None,
        }
    }
}

impl FileEntry {
    /// The read options this entry gives.
    pub fn options(&self) -> Result<ReadOptions, String> {
        let columns = self
            .columns
            .iter()
            .map(|(field, header)| {
                let field = Field::from_name(field).ok_or_else(|| {
                    format!("columns: expected a field such as date, site or mode; found {field:?}")
                })?;
                Ok(ColumnOverride {
                    field,
                    header: header.clone().filter(|h| !h.trim().is_empty()),
                })
            })
            .collect::<Result<Vec<_>, String>>()?;
        let delimiter = match self.delimiter.as_deref() {
            None => None,
            Some(",") => Some(b','),
            Some(";") => Some(b';'),
            Some("tab") | Some("\t") => Some(b'\t'),
            Some("|") => Some(b'|'),
            Some(other) => {
                return Err(format!(
                    "delimiter: expected \",\", \";\", \"tab\" or \"|\"; found {other:?}"
                ))
            }
        };
        Ok(ReadOptions {
            delimiter,
            sheet: self.sheet.clone(),
            columns,
            codebook: None,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_settings_file_round_trips_through_the_analysis_settings() {
        let settings = Settings {
            date_order: DateOrder::MonthFirst,
            written_message_minutes: 10.0,
            from: Some(jiff::civil::date(2019, 1, 1)),
            to: None,
            duration_unit: Some(DurationUnit::Hours),
            same: vec![SameName::parse("site:St Georges=St George's").expect("same")],
            values: vec![ValueLabel::parse("mode:Catch-up=phone").expect("value")],
            mentor_hourly_cost: Some(42.5),
            mentor_costs: vec![("Mentor B".to_string(), 60.0)],
            mentee_hourly_cost: None,
            currency: Some("GBP".to_string()),
        };
        let options = ReadOptions {
            delimiter: Some(b';'),
            sheet: None,
            columns: vec![
                ColumnOverride {
                    field: Field::Date,
                    header: Some("Visit day".into()),
                },
                ColumnOverride {
                    field: Field::Attendance,
                    header: None,
                },
            ],
            codebook: None,
        };
        let file = SettingsFile::from_parts(&settings, &[("log.csv".into(), options.clone())]);
        let text = file.to_json();
        let back = SettingsFile::parse(&text).expect("reads back");
        assert_eq!(back.settings().expect("valid"), settings);
        let read = back.read_options("log.csv");
        assert_eq!((read.delimiter, read.columns.len()), (Some(b';'), 2));
        assert!(read.columns.contains(&options.columns[0]));
        assert!(back.read_options("other.csv").columns.is_empty());
    }

    #[test]
    fn a_bad_settings_file_says_where_and_what() {
        let cases: &[(&str, &str)] = &[
            ("{", "line 1"),
            (r#"{"mentoring_stats_settings": 2}"#, "version 2"),
            (
                r#"{"mentoring_stats_settings": 1, "colour": 1}"#,
                "unknown field",
            ),
            (
                r#"{"mentoring_stats_settings": 1, "from": "14/03/2019"}"#,
                "from: expected a date",
            ),
            (
                r#"{"mentoring_stats_settings": 1, "from": "2019-05-01", "to": "2019-04-01"}"#,
                "starts on 2019-05-01",
            ),
            (
                r#"{"mentoring_stats_settings": 1, "mentor_hourly_cost": -3}"#,
                "mentor_hourly_cost",
            ),
            (
                r#"{"mentoring_stats_settings": 1, "duration_unit": "days"}"#,
                "duration_unit",
            ),
            (
                r#"{"mentoring_stats_settings": 1, "values": [{"field": "mode", "label": "x", "value": "fax"}]}"#,
                "values:",
            ),
            (
                r#"{"mentoring_stats_settings": 1, "files": {"a.csv": {"delimiter": "x"}}}"#,
                "file \"a.csv\": delimiter",
            ),
        ];
        for &(text, expected) in cases {
            let message = SettingsFile::parse(text).unwrap_err();
            assert!(message.contains(expected), "{text}: {message}");
        }
    }
}
