//! The recorder: each row of a file checked and passed on.
//!
//! A [`FileRecorder`] is the [`TableSink`] of one file: it maps the header,
//! reads each row's cells with the value parsers, and either turns the row
//! into a fixed-size [`Row`] (names as interned ids in the
//! [`Vocabulary`], no strings) that goes straight on to the file's
//! [`FileContacts`], or rejects it with a reason. Nothing holds the rows
//! themselves: memory grows with the names, not with the file.

use std::fmt::Write as _;

use super::contacts::{FileContacts, FileEnd, FileTally};
use super::ingest::columns::{ColumnMap, Field, FIELDS};
use super::ingest::pipeline::MOST_NUMBERED;
use super::ingest::{Cells, FileErrorKind, TableEnd, TableSink};
use super::names::{Vocabulary, NONE};
use super::records::{DateOrderEvidence, FileLabels, FileSummary, LabelHow, Row};
use super::settings::{LabelValue, Settings};
use super::value::{
    label_key, parse_attendance, parse_date, parse_duration_in, read_mode, trim_cell, Attendance,
    DateOrder, DurationUnit, LabelRead, Mode, ParsedDate, ValueError,
};

/// The labels the user gave a reading to, by their key (`label_key`): a
/// few, searched in a list (each distinct label is read once).
#[derive(Clone, Debug, Default)]
struct UserLabels {
    values: Vec<(String, LabelValue)>,
}

impl UserLabels {
    fn of(settings: &Settings) -> Self {
        UserLabels {
            values: settings
                .values
                .iter()
                .map(|v| (label_key(&v.label), v.value))
                .collect(),
        }
    }

    /// The user's reading of a label of `field`, the last given winning.
    fn get_for(&self, text: &str, field: Field) -> Option<LabelValue> {
        if !self.values.iter().any(|(_, v)| v.field() == field) {
            return None;
        }
        let key = label_key(text);
        self.values
            .iter()
            .rev()
            .find(|(k, v)| *k == key && v.field() == field)
            .map(|(_, v)| *v)
    }

    fn mode(&self, text: &str) -> (Result<Mode, ValueError>, LabelHow) {
        if let Some(LabelValue::Mode(mode)) = self.get_for(text, Field::Mode) {
            return (Ok(mode), LabelHow::ByUser);
        }
        match read_mode(text) {
            Ok((mode, LabelRead::Listed)) => (Ok(mode), LabelHow::Listed),
            Ok((mode, LabelRead::Words)) => (Ok(mode), LabelHow::Words),
            Ok((mode, LabelRead::Unlisted)) => (Ok(mode), LabelHow::Unlisted),
            Err(e) => (Err(e), LabelHow::Unlisted),
        }
    }

    fn attendance(&self, text: &str) -> (Result<Attendance, ValueError>, LabelHow) {
        if let Some(LabelValue::Attendance(value)) = self.get_for(text, Field::Attendance) {
            return (Ok(value), LabelHow::ByUser);
        }
        match parse_attendance(text) {
            Ok(a) => (Ok(a), LabelHow::Listed),
            Err(e) => (Err(e), LabelHow::Unlisted),
        }
    }
}

/// The [`TableSink`] for one file: checks each row and passes it on to the
/// file's contacts, or rejects it.
pub(crate) struct FileRecorder<'a> {
    vocabulary: &'a mut Vocabulary,
    settings: &'a Settings,
    /// What is learnt of the file.
    pub summary: FileSummary,
    /// The file's contacts so far.
    contacts: FileContacts,
    /// The file's mode and attendance labels.
    labels: FileLabels,
    /// The labels the user gave a reading to.
    user_labels: UserLabels,
    /// Column of each field, copied out of the map for the hot loop.
    columns: [Option<usize>; FIELDS],
    /// Topic columns beyond the first (their labels join the first's).
    more_topics: Vec<usize>,
    /// Sites, mentors and mentee lists by their cells' numbers, where the
    /// reader numbers them.
    site_ids: ByNumber,
    mentor_ids: ByNumber,
    mentee_lists: ByNumber,
}

/// What a column's texts were made into, by their numbers
/// ([`Cells::number`]): a text seen before is not looked up again (on a
/// log of thousands of sites, each look-up was a cache miss).
#[derive(Debug, Default)]
struct ByNumber(Vec<u32>);

/// A number of a [`ByNumber`] not seen yet. (Ids are indices of names or
/// lists held in memory, so never this high.)
const NOT_YET: u32 = u32::MAX - 1;

impl ByNumber {
    /// What the cell of `number` is, `make` making it the first time (and
    /// every time without a number). `make`'s argument says whether to
    /// keep the cell for look-ups by its text: only without a number.
    fn get(&mut self, number: Option<u32>, make: impl FnOnce(bool) -> u32) -> u32 {
        let Some(n) = number.map(|n| n as usize).filter(|&n| n < MOST_NUMBERED) else {
            return make(true);
        };
        if let Some(&id) = self.0.get(n).filter(|&&id| id != NOT_YET) {
            return id;
        }
        let id = make(false);
        if n >= self.0.len() {
            self.0.resize(n + 1, NOT_YET);
        }
        self.0[n] = id;
        id
    }
}

impl<'a> FileRecorder<'a> {
    /// Starts recording file number `file`, named `name`. `order` forces the
    /// order of its numeric dates (when it is read again because its dates
    /// turned out to read better the other way).
    pub(crate) fn new(
        vocabulary: &'a mut Vocabulary,
        settings: &'a Settings,
        file: u32,
        name: &str,
        order: Option<DateOrder>,
    ) -> Self {
        FileRecorder {
            vocabulary,
            settings,
            summary: FileSummary {
                name: name.to_string(),
                format: None,
                columns: ColumnMap::default(),
                header_line: 0,
                rows_above_header: 0,
                rows_read: 0,
                table: TableEnd::default(),
                duration_unit: DurationUnit::Minutes,
                duration_unit_given: false,
                dates: DateOrderEvidence::default(),
                samples: Vec::new(),
                duplicate_of: None,
            },
            contacts: FileContacts::new(file, order),
            labels: FileLabels::default(),
            user_labels: UserLabels::of(settings),
            columns: [None; FIELDS],
            more_topics: Vec::new(),
            site_ids: ByNumber::default(),
            mentor_ids: ByNumber::default(),
            mentee_lists: ByNumber::default(),
        }
    }

    /// Ends the file: its tally, or the date order to read it again in, or
    /// why it cannot be read after all (a mode column of codes).
    pub(crate) fn finish(self) -> Result<(FileSummary, FileTally), FileEnd> {
        let FileRecorder {
            vocabulary,
            settings,
            summary,
            contacts,
            labels,
            ..
        } = self;
        if let Some(codes) = labels.coded_modes() {
            return Err(FileEnd::Refused(FileErrorKind::CodedModes {
                column: summary
                    .columns
                    .header_of(Field::Mode)
                    .unwrap_or_default()
                    .to_string(),
                codes,
                redcap: summary.table.redcap_export,
            }));
        }
        match contacts.finish(&summary.dates, vocabulary, settings) {
            FileEnd::Done(mut tally) => {
                tally.labels = labels;
                Ok((summary, *tally))
            }
            other => Err(other),
        }
    }

    fn reject(&mut self, line: u64, reason: String) {
        self.contacts.reject(line_u32(line), reason);
    }

    /// Keeps the first few distinct values of each column.
    fn keep_samples<C: Cells>(&mut self, cells: &C) {
        let samples = &mut self.summary.samples;
        if samples.len() < cells.count() {
            samples.resize(cells.count(), Vec::new());
        }
        for (i, values) in samples.iter_mut().enumerate() {
            let cell = cells.cell(i);
            let text = cell.trim();
            if !text.is_empty() && values.len() < SAMPLES && !values.iter().any(|v| v == text) {
                values.push(text.to_string());
            }
        }
    }

    /// A row's date, counted in the evidence for the file's date order;
    /// `None`, with the problem noted in `reason`, when it is not a date.
    fn read_date(&mut self, text: &str, reason: &mut String) -> Option<ParsedDate> {
        match parse_date(text) {
            Ok(date) => {
                if let ParsedDate::YearLast { .. } = date {
                    let evidence = &mut self.summary.dates;
                    evidence.year_last += 1;
                    let day_first = date.resolve(DateOrder::DayFirst).is_some();
                    let month_first = date.resolve(DateOrder::MonthFirst).is_some();
                    evidence.valid_day_first += u32::from(day_first);
                    evidence.valid_month_first += u32::from(month_first);
                    if !day_first && !month_first {
                        note_problem(reason, Field::Date, text, ValueError::ImpossibleDate);
                    }
                }
                Some(date)
            }
            Err(e) => {
                note_problem(reason, Field::Date, text, e);
                None
            }
        }
    }

    /// The topic list of a row: of its topic column, or of the union of
    /// its topic columns, as one cell of them all.
    fn topic_list<'c, C: Cells>(
        vocabulary: &mut Vocabulary,
        more_topics: &[usize],
        cells: &'c C,
        text: &impl Fn(Field) -> std::borrow::Cow<'c, str>,
    ) -> u32 {
        if more_topics.is_empty() {
            return vocabulary.intern_topic_list(&text(Field::Topic));
        }
        let mut all = text(Field::Topic).into_owned();
        for &i in more_topics {
            all.push(';');
            all.push_str(&cells.cell(i));
        }
        vocabulary.intern_topic_list(&all)
    }
}

/// How many rows of a file give sample values.
const SAMPLE_ROWS: u64 = 20;

/// How many sample values are kept per column.
const SAMPLES: usize = 3;

fn line_u32(line: u64) -> u32 {
    u32::try_from(line).unwrap_or(u32::MAX)
}

/// Shortens a cell for a message.
fn shown(text: &str) -> String {
    const MAX: usize = 60;
    let text = text.trim();
    if text.chars().count() <= MAX {
        format!("{text:?}")
    } else {
        let cut: String = text.chars().take(MAX).collect();
        format!("{cut:?}...")
    }
}

/// Adds one problem to a row's reason.
fn note_problem(reason: &mut String, field: Field, text: &str, error: ValueError) {
    if !reason.is_empty() {
        reason.push_str("; ");
    }
    if error == ValueError::Blank {
        let _ = write!(reason, "{field} {error}");
    } else {
        let _ = write!(reason, "{field} {} {error}", shown(text));
    }
}

impl TableSink for FileRecorder<'_> {
    fn header(&mut self, line: u64, map: &ColumnMap, rows_above: u64) {
        for field in Field::ALL {
            self.columns[field as usize] = map.column(field);
        }
        self.more_topics = map.more_topics.clone();
        let (unit, _) = map.duration_unit();
        self.summary.duration_unit = self.settings.duration_unit.unwrap_or(unit);
        self.summary.duration_unit_given = self.settings.duration_unit.is_some();
        self.summary.columns = map.clone();
        self.summary.header_line = line;
        self.summary.rows_above_header = rows_above;
    }

    fn end(&mut self, end: &TableEnd) {
        self.summary.table = end.clone();
    }

    fn rejected_row(&mut self, line: u64, reason: &str) {
        self.summary.rows_read += 1;
        self.reject(line, reason.to_string());
    }

    fn row<C: Cells>(&mut self, line: u64, cells: &C) {
        self.summary.rows_read += 1;
        let columns = self.columns;
        let text = |field: Field| match columns[field as usize] {
            Some(i) => cells.cell(i),
            None => std::borrow::Cow::Borrowed(""),
        };
        let number = |field: Field| columns[field as usize].and_then(|i| cells.number(i));
        let date_text = text(Field::Date);
        let site_text = text(Field::Site);
        let mode_text = text(Field::Mode);
        let duration_text = text(Field::Duration);
        let attendance_text = text(Field::Attendance);
        if self.summary.rows_read <= SAMPLE_ROWS {
            self.keep_samples(cells);
        }

        let mut reason = String::new();
        let date = self.read_date(&date_text, &mut reason);
        if trim_cell(&site_text).is_empty() {
            note_problem(&mut reason, Field::Site, &site_text, ValueError::Blank);
        }
        let user = &self.user_labels;
        let mode = self
            .labels
            .modes
            .read(&mode_text, |t| user.mode(t))
            .map_err(|e| note_problem(&mut reason, Field::Mode, &mode_text, e))
            .ok();
        let minutes = parse_duration_in(&duration_text, self.summary.duration_unit)
            .map_err(|e| note_problem(&mut reason, Field::Duration, &duration_text, e))
            .ok()
            .flatten();
        let attendance = self
            .labels
            .attendance
            .read(&attendance_text, |t| user.attendance(t))
            .map_err(|e| note_problem(&mut reason, Field::Attendance, &attendance_text, e))
            .ok();

        match (date, mode, attendance) {
            (Some(date), Some(mode), Some(attendance)) if reason.is_empty() => {
                let vocabulary = &mut *self.vocabulary;
                let site = self.site_ids.get(number(Field::Site), |keep| {
                    vocabulary.intern_site(&site_text, keep).unwrap_or(NONE)
                });
                // Blank once zero-width characters are removed.
                if site == NONE {
                    note_problem(&mut reason, Field::Site, &site_text, ValueError::Blank);
                    return self.reject(line, reason);
                }
                let mentor = self.mentor_ids.get(number(Field::Mentor), |keep| {
                    vocabulary
                        .intern_mentor(&text(Field::Mentor), keep)
                        .unwrap_or(NONE)
                });
                let mentees = self.mentee_lists.get(number(Field::Mentee), |keep| {
                    vocabulary.intern_mentee_list(&text(Field::Mentee), keep)
                });
                let Some(session) = vocabulary.intern_session(&text(Field::Session)) else {
                    reason.push_str(
                        "its session value is one too many: the session values of the files read together take more than 4 GB; read fewer files at once",
                    );
                    return self.reject(line, reason);
                };
                let topics = Self::topic_list(vocabulary, &self.more_topics, cells, &text);
                let row = Row {
                    line: line_u32(line),
                    date,
                    site,
                    mentor,
                    session,
                    mentees,
                    topics,
                    minutes: minutes.unwrap_or(f64::NAN),
                    mode,
                    attendance,
                };
                self.contacts.push(row, self.vocabulary, self.settings);
            }
            _ => self.reject(line, reason),
        }
    }
}
