//! Records: what reading a file gives, before any contact is made of it:
//! the rows that passed their checks, the rows rejected with their
//! reasons, the file's summary and its mode and attendance labels.

use super::maps::FastMap;

use super::ingest::columns::ColumnMap;
use super::ingest::{TableEnd, TableFormat};
use super::value::{Attendance, DateOrder, DurationUnit, Mode, ParsedDate, ValueError};

/// How many distinct mode (or attendance) labels a file's label book
/// keeps; a file with more is read without the book beyond that.
const LABELS_KEPT: usize = 1000;

/// One row that passed its checks: names are interned ids into the
/// [`Vocabulary`].
#[derive(Clone, Copy, Debug)]
pub(crate) struct Row {
    /// Physical line where the record starts.
    pub line: u32,
    /// The date as parsed; resolved with the file's date order.
    pub date: ParsedDate,
    /// Site spelling id.
    pub site: u32,
    /// Mentor spelling id, or [`NONE`].
    pub mentor: u32,
    /// Session id, or [`NONE`].
    pub session: u32,
    /// Mentee list id (see [`Vocabulary::mentees`]).
    pub mentees: u32,
    /// Topic list id (see [`Vocabulary::topic_list`]).
    pub topics: u32,
    /// Duration in minutes; NaN where the cell is blank or absent.
    pub minutes: f64,
    /// Contact mode.
    pub mode: Mode,
    /// Attendance of this row's mentees.
    pub attendance: Attendance,
}

/// A row that cannot be used, with where it is and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Rejection {
    /// Index of the file in the analysis.
    pub file: u32,
    /// Physical line where the record starts.
    pub line: u32,
    /// Why, in a trial manager's words.
    pub reason: String,
}

/// How one file's numeric dates with the year last can be read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DateOrderEvidence {
    /// Dates with the year last.
    pub year_last: u32,
    /// Of those, valid when read day-first.
    pub valid_day_first: u32,
    /// Of those, valid when read month-first.
    pub valid_month_first: u32,
}

impl DateOrderEvidence {
    /// The order under which more dates are valid; `tie` decides otherwise.
    pub fn decide(&self, tie: DateOrder) -> DateOrder {
        use std::cmp::Ordering::*;
        match self.valid_day_first.cmp(&self.valid_month_first) {
            Greater => DateOrder::DayFirst,
            Less => DateOrder::MonthFirst,
            Equal => tie,
        }
    }
}

/// What is known of one file once it has been read.
#[derive(Clone, Debug)]
pub struct FileSummary {
    /// The file's name as given.
    pub name: String,
    /// How it was read (encoding and delimiter, or sheet).
    pub format: Option<TableFormat>,
    /// Which column holds which field.
    pub columns: ColumnMap,
    /// Physical line of the header.
    pub header_line: u64,
    /// Rows above the header that were skipped as titles.
    pub rows_above_header: u64,
    /// Data rows read (blank rows, totals rows, repeated headers and a
    /// REDCap export's records' own rows are not rows).
    pub rows_read: u64,
    /// What the table's reading learnt besides its rows: rows that are not
    /// records, REDCap decoding.
    pub table: TableEnd,
    /// The unit plain numbers in the duration column were read in.
    pub duration_unit: DurationUnit,
    /// Whether that unit was set by the user rather than by the header.
    pub duration_unit_given: bool,
    /// How its numeric dates can be read.
    pub dates: DateOrderEvidence,
    /// Up to three example values of each column (by column index), from
    /// the first rows, for choosing columns by hand.
    pub samples: Vec<Vec<String>>,
    /// The name of an earlier file with the same bytes, where this file
    /// repeats one (it is then read once, as that file).
    pub duplicate_of: Option<String>,
}

/// How a label was read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub(crate) enum LabelHow {
    /// As the user said (`--value`, or the page's labels panel).
    ByUser,
    /// It is in SPEC's vocabulary.
    Listed,
    /// By its words (`Teams call`: video).
    Words,
    /// Not a known label: mode `other`, or an attendance that rejects its row.
    Unlisted,
}

/// One distinct label of a file, as read.
#[derive(Clone, Debug, PartialEq)]
pub(crate) struct LabelEntry<T> {
    /// The value it reads as, or why it cannot be read.
    pub value: Result<T, ValueError>,
    pub how: LabelHow,
    /// Rows that give it.
    pub rows: u64,
}

/// The distinct labels of one field in one file, with how each was read
/// and how many rows give it: each label is read once, and the page lists
/// them for the user to change.
#[derive(Clone, Debug)]
pub(crate) struct LabelBook<T> {
    /// Labels as written in the cells, with their reading.
    pub labels: FastMap<Box<str>, LabelEntry<T>>,
    /// Rows whose label was not kept (a file with too many distinct labels).
    pub overflow: u64,
}

impl<T> Default for LabelBook<T> {
    fn default() -> Self {
        LabelBook {
            labels: FastMap::default(),
            overflow: 0,
        }
    }
}

impl<T: Copy> LabelBook<T> {
    /// Reads `text` (counting the row), with `read` for a label not seen yet.
    pub(crate) fn read(
        &mut self,
        text: &str,
        read: impl FnOnce(&str) -> (Result<T, ValueError>, LabelHow),
    ) -> Result<T, ValueError> {
        if let Some(entry) = self.labels.get_mut(text) {
            entry.rows += 1;
            return entry.value;
        }
        let (value, how) = read(text);
        if self.labels.len() < LABELS_KEPT {
            self.labels.insert(
                text.into(),
                LabelEntry {
                    value,
                    how,
                    rows: 1,
                },
            );
        } else {
            self.overflow += 1;
        }
        value
    }
}

/// The labels of one file.
#[derive(Clone, Debug, Default)]
pub(crate) struct FileLabels {
    pub modes: LabelBook<Mode>,
    pub attendance: LabelBook<Attendance>,
}

impl FileLabels {
    /// The mode column's codes, when every mode label is a small whole
    /// number that nothing read as a mode (a coded export without its
    /// labels): the first few, in order.
    pub(crate) fn coded_modes(&self) -> Option<Vec<String>> {
        let mut codes: Vec<&str> = Vec::new();
        for (label, entry) in &self.modes.labels {
            let text = label.trim();
            if text.is_empty() || entry.value.is_err() {
                continue;
            }
            let small = text.len() <= 2 && text.bytes().all(|b| b.is_ascii_digit());
            if !small || entry.how != LabelHow::Unlisted {
                return None;
            }
            codes.push(text);
        }
        if codes.is_empty() || self.modes.overflow > 0 {
            return None;
        }
        codes.sort_by_key(|c| (c.len(), *c));
        codes.dedup();
        Some(codes.iter().take(10).map(|c| c.to_string()).collect())
    }
}
