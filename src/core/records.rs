//! Records: each row of a file checked, its names interned, and passed on.
//!
//! A [`FileRecorder`] is the [`TableSink`] of one file: it maps the header,
//! reads each row's cells with the value parsers, and either turns the row
//! into a fixed-size [`Row`] (names as interned ids, no strings) that goes
//! straight on to the file's [`FileContacts`], or rejects it with a reason.
//! Nothing holds the rows themselves: memory grows with the names, not
//! with the file.

use super::FastMap;
use std::fmt::Write as _;

use super::contacts::{FileContacts, FileEnd, FileTally};
use super::settings::Settings;

use unicase::UniCase;

use super::error::FileErrorKind;
use super::ingest::columns::{ColumnMap, ColumnOverride, Field, MappingError};
use super::ingest::{Cells, TableFormat, TableSink};
use super::value::{
    normalize_name, parse_attendance, parse_date, parse_duration, parse_mode, split_mentees,
    Attendance, DateOrder, Mode, ParsedDate, ValueError,
};

/// Marks an absent name or session in a [`Row`].
pub const NONE: u32 = u32::MAX;

/// How many distinct labels read as mode `other` are remembered for the notice.
const OTHER_LABELS_KEPT: usize = 50;

/// One row that passed its checks: names are interned ids into the
/// [`Vocabulary`].
#[derive(Clone, Copy, Debug)]
pub struct Row {
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
    /// Duration in minutes; NaN where the cell is blank or absent.
    pub minutes: f64,
    /// Contact mode.
    pub mode: Mode,
    /// Attendance of this row's mentees.
    pub attendance: Attendance,
}

/// A row that cannot be used, with where it is and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Rejection {
    /// Index of the file in the analysis.
    pub file: u32,
    /// Physical line where the record starts.
    pub line: u32,
    /// Why, in a trial manager's words.
    pub reason: String,
}

/// Interned names of one kind (sites, or people): each distinct spelling
/// gets an id, and spellings equal under Unicode case folding share a key.
#[derive(Debug, Default)]
pub struct Names {
    /// Raw cell text to spelling id: most rows repeat a few names, so this
    /// one lookup replaces normalizing and folding on every row.
    by_raw: FastMap<Box<str>, u32>,
    by_spelling: FastMap<Box<str>, u32>,
    by_key: FastMap<UniCase<String>, u32>,
    spellings: Vec<Box<str>>,
    keys: Vec<u32>,
    key_count: u32,
}

impl Names {
    /// The spelling id of a raw cell, or `None` when it is blank.
    pub fn intern(&mut self, raw: &str) -> Option<u32> {
        if let Some(&id) = self.by_raw.get(raw) {
            return Some(id);
        }
        let spelling = normalize_name(raw);
        if spelling.is_empty() {
            return None;
        }
        let id = self.intern_spelling(&spelling);
        self.by_raw.insert(raw.into(), id);
        Some(id)
    }

    /// The spelling id of an already normalized, non-empty name.
    fn intern_spelling(&mut self, spelling: &str) -> u32 {
        if let Some(&id) = self.by_spelling.get(spelling) {
            return id;
        }
        let key_count = &mut self.key_count;
        let key = *self
            .by_key
            .entry(UniCase::new(spelling.to_string()))
            .or_insert_with(|| {
                *key_count += 1;
                *key_count - 1
            });
        let id = self.spellings.len() as u32;
        self.spellings.push(spelling.into());
        self.keys.push(key);
        self.by_spelling.insert(spelling.into(), id);
        id
    }

    /// The text of a spelling.
    pub fn spelling(&self, id: u32) -> &str {
        &self.spellings[id as usize]
    }

    /// The key (the name up to case folding) of a spelling.
    pub fn key(&self, id: u32) -> u32 {
        self.keys[id as usize]
    }

    /// How many distinct keys there are.
    pub fn key_count(&self) -> usize {
        self.key_count as usize
    }
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
    /// Data rows read (blank rows are not rows).
    pub rows_read: u64,
    /// Empty lines and rows whose cells are all empty, skipped.
    pub blank_rows: u64,
    /// How its numeric dates can be read.
    pub dates: DateOrderEvidence,
    /// Up to three example values per field, for a mapping panel.
    pub samples: Vec<(Field, Vec<String>)>,
}

/// Session values, interned in one text buffer with a table of ids: a large
/// log may give a distinct session value to every other row, so each costs
/// its text and a few bytes, not two allocations and a map entry.
#[derive(Default)]
pub struct Sessions {
    text: String,
    /// End of each value in `text`; value `i` starts where `i - 1` ends.
    ends: Vec<usize>,
    /// Id and hash of each value: growing the table rehashes from the
    /// stored hash without looking at the text.
    table: hashbrown::HashTable<(u32, u32)>,
    hasher: foldhash::fast::FixedState,
}

impl std::fmt::Debug for Sessions {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Sessions({} values)", self.ends.len())
    }
}

/// A table hash from a stored 32-bit one, spread over all 64 bits (the
/// table takes its buckets from the low bits and its tags from the high).
fn spread(hash: u32) -> u64 {
    u64::from(hash).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

impl Sessions {
    /// The text of session `id`.
    pub fn get(&self, id: u32) -> &str {
        let i = id as usize;
        let start = if i == 0 { 0 } else { self.ends[i - 1] };
        &self.text[start..self.ends[i]]
    }

    /// The id of a session value, new or known.
    pub fn intern(&mut self, value: &str) -> u32 {
        use std::hash::BuildHasher;
        let short = self.hasher.hash_one(value) as u32;
        if let Some(&(id, _)) = self.table.find(spread(short), |&(id, h)| {
            h == short && self.get(id) == value
        }) {
            return id;
        }
        let id = self.ends.len() as u32;
        self.text.push_str(value);
        self.ends.push(self.text.len());
        self.table
            .insert_unique(spread(short), (id, short), |&(_, h)| spread(h));
        id
    }
}

/// The names of every file read so far, shared by all files so that the
/// same site or person in two files is one.
#[derive(Debug)]
pub struct Vocabulary {
    /// Site names.
    pub sites: Names,
    /// Mentee and mentor names.
    pub people: Names,
    /// Session values (trimmed, compared exactly).
    pub sessions: Sessions,
    /// Mentee lists: list id to a range of `mentee_ids`. List 0 is empty.
    pub mentee_lists: Vec<(u32, u32)>,
    /// Person spelling ids of every mentee list.
    pub mentee_ids: Vec<u32>,
    mentee_list_by_raw: FastMap<Box<str>, u32>,
}

impl Default for Vocabulary {
    fn default() -> Self {
        Vocabulary {
            sites: Names::default(),
            people: Names::default(),
            sessions: Sessions::default(),
            mentee_lists: vec![(0, 0)],
            mentee_ids: Vec::new(),
            mentee_list_by_raw: FastMap::default(),
        }
    }
}

impl Vocabulary {
    /// The mentees (person spelling ids) of a mentee list.
    pub fn mentees(&self, list: u32) -> &[u32] {
        let (start, end) = self.mentee_lists[list as usize];
        &self.mentee_ids[start as usize..end as usize]
    }

    fn intern_session(&mut self, raw: &str) -> u32 {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return NONE;
        }
        self.sessions.intern(trimmed)
    }

    fn intern_mentee_list(&mut self, raw: &str) -> u32 {
        if let Some(&id) = self.mentee_list_by_raw.get(raw) {
            return id;
        }
        let start = self.mentee_ids.len() as u32;
        for name in split_mentees(raw) {
            let id = self.people.intern_spelling(&name);
            // A name written twice in one cell is one mentee.
            let key = self.people.key(id);
            let already = self.mentee_ids[start as usize..]
                .iter()
                .any(|&m| self.people.key(m) == key);
            if !already {
                self.mentee_ids.push(id);
            }
        }
        let end = self.mentee_ids.len() as u32;
        let id = if start == end {
            0
        } else {
            self.mentee_lists.push((start, end));
            self.mentee_lists.len() as u32 - 1
        };
        self.mentee_list_by_raw.insert(raw.into(), id);
        id
    }
}

/// Counts a label read as mode `other`, keeping the first few distinct ones.
pub fn count_other_label(labels: &mut Vec<(String, u64)>, label: &str, rows: u64) {
    if let Some(entry) = labels.iter_mut().find(|(l, _)| l == label) {
        entry.1 += rows;
    } else if labels.len() < OTHER_LABELS_KEPT {
        labels.push((label.to_string(), rows));
    }
}

/// The [`TableSink`] for one file: checks each row and passes it on to the
/// file's contacts, or rejects it.
pub struct FileRecorder<'a> {
    vocabulary: &'a mut Vocabulary,
    settings: &'a Settings,
    overrides: &'a [ColumnOverride],
    /// What is learnt of the file.
    pub summary: FileSummary,
    /// The file's contacts so far.
    contacts: FileContacts,
    /// Labels read as mode `other`, with how many rows gave each.
    other_mode_labels: Vec<(String, u64)>,
    /// Column of each field, copied out of the map for the hot loop.
    columns: [Option<usize>; 8],
}

impl<'a> FileRecorder<'a> {
    /// Starts recording file number `file`, named `name`. `order` forces the
    /// order of its numeric dates (when it is read again because its dates
    /// turned out to read better the other way).
    pub fn new(
        vocabulary: &'a mut Vocabulary,
        settings: &'a Settings,
        file: u32,
        name: &str,
        overrides: &'a [ColumnOverride],
        order: Option<DateOrder>,
    ) -> Self {
        FileRecorder {
            vocabulary,
            settings,
            overrides,
            summary: FileSummary {
                name: name.to_string(),
                format: None,
                columns: ColumnMap::default(),
                header_line: 0,
                rows_above_header: 0,
                rows_read: 0,
                blank_rows: 0,
                dates: DateOrderEvidence::default(),
                samples: Vec::new(),
            },
            contacts: FileContacts::new(file, order),
            other_mode_labels: Vec::new(),
            columns: [None; 8],
        }
    }

    /// Ends the file: its tally, or the date order to read it again in.
    pub fn finish(self) -> Result<(FileSummary, FileTally), DateOrder> {
        let FileRecorder {
            vocabulary,
            settings,
            summary,
            contacts,
            other_mode_labels,
            ..
        } = self;
        match contacts.finish(&summary.dates, vocabulary, settings) {
            FileEnd::Done(mut tally) => {
                tally.other_mode_labels = other_mode_labels;
                Ok((summary, *tally))
            }
            FileEnd::ReadAgain(order) => Err(order),
        }
    }

    fn reject(&mut self, line: u64, reason: String) {
        self.contacts.reject(line_u32(line), reason);
    }

    fn keep_sample(&mut self, field: Field, text: &str) {
        let text = text.trim();
        if text.is_empty() {
            return;
        }
        if let Some((_, values)) = self.summary.samples.iter_mut().find(|(f, _)| *f == field) {
            if values.len() < 3 && !values.iter().any(|v| v == text) {
                values.push(text.to_string());
            }
        }
    }
}

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
    fn header(&mut self, line: u64, header: &[&str], rows_above: u64) -> Result<(), FileErrorKind> {
        let map = ColumnMap::from_header(header, self.overrides).map_err(|e| match e {
            MappingError::Missing(missing) => FileErrorKind::MissingColumns {
                line,
                missing,
                header: header.iter().map(|h| h.to_string()).collect(),
            },
            MappingError::NoSuchColumn { field, wanted } => FileErrorKind::NoSuchColumn {
                field,
                wanted,
                header: header.iter().map(|h| h.to_string()).collect(),
            },
        })?;
        for field in Field::ALL {
            self.columns[field as usize] = map.column(field);
            if map.column(field).is_some() {
                self.summary.samples.push((field, Vec::new()));
            }
        }
        self.summary.columns = map;
        self.summary.header_line = line;
        self.summary.rows_above_header = rows_above;
        Ok(())
    }

    fn blank_rows(&mut self, count: u64) {
        self.summary.blank_rows = count;
    }

    fn row<C: Cells>(&mut self, line: u64, cells: &C) {
        self.summary.rows_read += 1;
        let columns = self.columns;
        let text = |field: Field| match columns[field as usize] {
            Some(i) => cells.cell(i),
            None => std::borrow::Cow::Borrowed(""),
        };
        let date_text = text(Field::Date);
        let site_text = text(Field::Site);
        let mode_text = text(Field::Mode);
        let duration_text = text(Field::Duration);
        let attendance_text = text(Field::Attendance);
        if self.summary.rows_read <= 20 {
            for (field, value) in [
                (Field::Date, &date_text),
                (Field::Site, &site_text),
                (Field::Mode, &mode_text),
                (Field::Duration, &duration_text),
                (Field::Attendance, &attendance_text),
                (Field::Mentee, &text(Field::Mentee)),
                (Field::Mentor, &text(Field::Mentor)),
                (Field::Session, &text(Field::Session)),
            ] {
                self.keep_sample(field, value);
            }
        }

        let mut reason = String::new();
        let date = match parse_date(&date_text) {
            Ok(date) => {
                if let ParsedDate::YearLast { .. } = date {
                    let evidence = &mut self.summary.dates;
                    evidence.year_last += 1;
                    let day_first = date.resolve(DateOrder::DayFirst).is_some();
                    let month_first = date.resolve(DateOrder::MonthFirst).is_some();
                    evidence.valid_day_first += u32::from(day_first);
                    evidence.valid_month_first += u32::from(month_first);
                    if !day_first && !month_first {
                        note_problem(
                            &mut reason,
                            Field::Date,
                            &date_text,
                            ValueError::ImpossibleDate,
                        );
                    }
                }
                Some(date)
            }
            Err(e) => {
                note_problem(&mut reason, Field::Date, &date_text, e);
                None
            }
        };
        if site_text.trim().is_empty() {
            note_problem(&mut reason, Field::Site, &site_text, ValueError::Blank);
        }
        let mode = parse_mode(&mode_text)
            .map_err(|e| note_problem(&mut reason, Field::Mode, &mode_text, e))
            .ok();
        let minutes = parse_duration(&duration_text)
            .map_err(|e| note_problem(&mut reason, Field::Duration, &duration_text, e))
            .ok()
            .flatten();
        let attendance = parse_attendance(&attendance_text)
            .map_err(|e| note_problem(&mut reason, Field::Attendance, &attendance_text, e))
            .ok();

        match (date, mode, attendance) {
            (Some(date), Some(mode), Some(attendance)) if reason.is_empty() => {
                let vocabulary = &mut *self.vocabulary;
                let site = vocabulary.sites.intern(&site_text).unwrap_or(NONE);
                let mentor = vocabulary
                    .people
                    .intern(&text(Field::Mentor))
                    .unwrap_or(NONE);
                let mentees = vocabulary.intern_mentee_list(&text(Field::Mentee));
                let session = vocabulary.intern_session(&text(Field::Session));
                if mode == Mode::Other {
                    count_other_label(&mut self.other_mode_labels, &normalize_name(&mode_text), 1);
                }
                let row = Row {
                    line: line_u32(line),
                    date,
                    site,
                    mentor,
                    session,
                    mentees,
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
