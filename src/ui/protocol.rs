//! Messages between the page and its analysis worker.
//!
//! Files cross as browser `File` objects (the structured clone of a file
//! is a handle, not its bytes), so a 1 GB file is never copied to the
//! worker: the worker reads it slice by slice.

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use crate::core::records::FileSummary;
use crate::{ColumnOverride, Field, ReadOptions, Report, Settings};

/// A file to analyse, with how to read it.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct FileJob {
    /// Stable id given by the page (files keep it when others are removed).
    pub id: u32,
    /// The file's name.
    pub name: String,
    /// The browser `File` (or any `Blob`).
    #[serde(with = "serde_wasm_bindgen::preserve")]
    pub blob: JsValue,
    /// Delimiter chosen by hand, if any.
    pub delimiter: Option<u8>,
    /// Sheet chosen by hand, if any.
    pub sheet: Option<String>,
    /// Columns mapped by hand: field name and header.
    pub columns: Vec<(String, String)>,
}

impl FileJob {
    /// The engine's read options for this file.
    pub fn read_options(&self) -> ReadOptions {
        ReadOptions {
            delimiter: self.delimiter,
            sheet: self.sheet.clone(),
            columns: self
                .columns
                .iter()
                .filter_map(|(field, header)| {
                    Field::from_name(field).map(|field| ColumnOverride {
                        field,
                        header: (!header.is_empty()).then(|| header.clone()),
                    })
                })
                .collect(),
            codebook: None,
        }
    }
}

/// The analysis settings, as they cross to the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SettingsInput {
    /// `true` for day-first (the default), `false` for month-first.
    pub day_first: bool,
    /// Minutes per written message.
    pub written_message_minutes: f64,
    /// Window start, `YYYY-MM-DD`.
    pub from: Option<String>,
    /// Window end, `YYYY-MM-DD`.
    pub to: Option<String>,
}

impl Default for SettingsInput {
    fn default() -> Self {
        SettingsInput {
            day_first: true,
            written_message_minutes: 5.0,
            from: None,
            to: None,
        }
    }
}

impl SettingsInput {
    /// The engine's settings; dates that do not parse are left open.
    pub fn settings(&self) -> Settings {
        let date = |text: &Option<String>| text.as_deref().and_then(|t| input_date(t.trim()));
        Settings {
            date_order: if self.day_first {
                crate::DateOrder::DayFirst
            } else {
                crate::DateOrder::MonthFirst
            },
            written_message_minutes: if self.written_message_minutes.is_finite()
                && self.written_message_minutes >= 0.0
            {
                self.written_message_minutes
            } else {
                5.0
            },
            from: date(&self.from),
            to: date(&self.to),
            ..Settings::default()
        }
    }
}

/// A date as `<input type="date">` gives it, `YYYY-MM-DD`; anything else
/// (or a day not in the calendar) is `None`. Read here rather than with
/// jiff's `Date::from_str`, which also reads times, offsets and time zone
/// annotations and would add about 37 KB (gzipped) to the page.
fn input_date(text: &str) -> Option<jiff::civil::Date> {
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

/// What the page asks of the worker.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Request {
    /// Read these files (all of them, afresh) and report.
    Analyse {
        /// Which request this is; answers carry it back.
        run: u32,
        /// The files.
        files: Vec<FileJob>,
        /// The settings.
        settings: SettingsInput,
    },
}

/// How one file was read, for the file list and the mapping panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileView {
    /// The page's id of the file.
    pub id: u32,
    /// The file's name.
    pub name: String,
    /// Why the file could not be read, if it could not.
    pub error: Option<String>,
    /// How it was read: encoding and delimiter, or sheet.
    pub format: String,
    /// The header as found.
    pub header: Vec<String>,
    /// For each field, the header of its column (`None`: no column).
    pub mapping: Vec<(String, Option<String>)>,
    /// Example values per field.
    pub samples: Vec<(String, Vec<String>)>,
    /// Data rows read.
    pub rows_read: u64,
    /// Rows used, under the last settings.
    pub rows_used: u64,
    /// Rows rejected, under the last settings.
    pub rows_rejected: u64,
    /// The order its numeric dates were read in (`day-first`, `month-first`).
    pub date_order: String,
}

impl FileView {
    /// The view of a file read by the engine.
    pub fn from_summary(id: u32, summary: &FileSummary) -> FileView {
        FileView {
            id,
            name: summary.name.clone(),
            error: None,
            format: summary
                .format
                .as_ref()
                .map_or_else(String::new, |f| f.describe()),
            header: summary.columns.header.clone(),
            mapping: Field::ALL
                .iter()
                .map(|f| {
                    (
                        f.name().to_string(),
                        summary.columns.header_of(*f).map(str::to_string),
                    )
                })
                .collect(),
            samples: Field::ALL
                .iter()
                .map(|f| {
                    let values = summary
                        .columns
                        .column(*f)
                        .and_then(|i| summary.samples.get(i))
                        .cloned()
                        .unwrap_or_default();
                    (f.name().to_string(), values)
                })
                .collect(),
            rows_read: summary.rows_read,
            rows_used: summary.rows_read,
            rows_rejected: 0,
            date_order: String::new(),
        }
    }

    /// The view of a file that could not be read.
    pub fn failed(id: u32, name: &str, error: String) -> FileView {
        FileView {
            id,
            name: name.to_string(),
            error: Some(error),
            format: String::new(),
            header: Vec::new(),
            mapping: Vec::new(),
            samples: Vec::new(),
            rows_read: 0,
            rows_used: 0,
            rows_rejected: 0,
            date_order: String::new(),
        }
    }
}

/// What the worker answers.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum Response {
    /// Bytes read so far in this run, out of the total of its files.
    Progress {
        /// The run.
        run: u32,
        /// Bytes read.
        done: f64,
        /// Bytes in all files of the run.
        total: f64,
    },
    /// The run is done.
    Finished {
        /// The run.
        run: u32,
        /// Each file, readable or not.
        files: Vec<FileView>,
        /// The report, as the JSON the command line tool prints.
        json: String,
        /// The same report, for display.
        report: Box<Report>,
    },
    /// The worker failed (a panic), with what it said.
    Failed {
        /// The run.
        run: u32,
        /// The message.
        message: String,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn input_dates_read_as_jiff_reads_them() {
        let mut texts = vec![
            String::new(),
            "2018-3-14".into(),
            "2018/03/14".into(),
            "18-03-14".into(),
            "2018-03-14 ".into(),
            "+2018-03-14".into(),
            "２０１８-03-14".into(),
            "2018-0a-14".into(),
        ];
        for year in ["0000", "0001", "1900", "2000", "2023", "2024", "9999"] {
            for month in 0..=13 {
                for day in [0, 1, 15, 28, 29, 30, 31, 32, 99] {
                    texts.push(format!("{year}-{month:02}-{day:02}"));
                }
            }
        }
        for text in texts {
            let jiff: Option<jiff::civil::Date> = text.parse().ok();
            assert_eq!(input_date(&text), jiff, "{text:?}");
        }
    }

    #[test]
    fn settings_window_from_date_inputs() {
        let input = SettingsInput {
            from: Some(" 2018-03-14 ".into()),
            to: Some("2018-02-30".into()),
            ..SettingsInput::default()
        };
        let settings = input.settings();
        assert_eq!(settings.from, Some(jiff::civil::date(2018, 3, 14)));
        assert_eq!(settings.to, None);
    }
}
