//! The engine of the mentoring statistics calculator: plain Rust, no
//! browser and no file system.
//!
//! Reads mentoring record files (CSV, TSV, `.xlsx`, `.ods`, REDCap
//! exports) and computes how much mentoring each site, mentee and mentor
//! had, in which mode, over how many months, and how often mentees did not
//! attend; the result is a [`Report`] with a stable JSON form. It does no
//! I/O of its own: it reads any byte stream, so the command line tool and
//! the web page run the same code.
//!
//! A record goes one way through these modules: `ingest` turns bytes into
//! rows of cells, `records` checks each row with the `value` parsers and
//! stores it compactly, `contacts` merges rows into contacts, `stats`
//! folds contacts into figures, and [`report`] is the JSON contract.
//! `outcomes` reads a site outcome file and sets it against the
//! finished report's sites.
#![deny(missing_docs)]
#![deny(unreachable_pub)]

mod assemble;
mod contacts;
mod counters;
mod ingest;
mod maps;
mod names;
mod notices;
mod outcomes;
mod recorder;
mod records;
pub mod report;
mod review;
mod settings;
pub mod settings_file;
pub mod table;
mod threads;
mod value;

pub use crate::assemble::add_to_report;
pub use crate::ingest::columns::{Chosen, ColumnMap, ColumnOverride, Field};
pub use crate::ingest::fingerprint::Fingerprint;
pub use crate::ingest::pipeline::{deliver, WireSink};
pub use crate::ingest::redcap::{looks_like_dictionary, Codebook};
pub use crate::ingest::{
    check_file_size, is_text_table, read_text_table, FileError, FileErrorKind, NoHeader,
    ReadOptions, TableFormat, MAX_FILE_BYTES,
};
pub use crate::outcomes::{read_outcomes, OutcomeTable};
pub use crate::records::FileSummary;
pub use crate::report::Report;
pub use crate::review::{LabelUse, NearDuplicates, Review};
pub use crate::settings::{
    iso_date, parse_amount, LabelValue, MentorCost, SameName, Settings, ValueLabel,
};
pub use crate::table::{manuscript_table, methods_paragraph, ManuscriptTable, RowKind};
pub use crate::value::{label_key, Attendance, DateOrder, DurationUnit, Mode};
// The value parsers: one pure function per kind of cell, each giving a
// value or the reason a trial manager reads in a rejected row.
pub use crate::value::{
    name_shape, normalize_name, parse_attendance, parse_date, parse_duration_in, read_mode,
    split_mentees, split_topics, LabelRead, ParsedDate, ValueError,
};
/// A calendar date, as the window's ends ([`Settings`]) are given.
pub use jiff::civil::Date;

use std::io::{Read, Seek};

use contacts::{FileEnd, FileTally};
use ingest::{read_table, TableEnd, TableSink};
use names::Vocabulary;
use recorder::FileRecorder;

/// Record files read so far under one set of [`Settings`], folded into
/// figures as they stream in: memory grows with the names and group
/// sessions in the files, not with their rows.
///
/// ```
/// use mentoring_stats_engine::{Analysis, ReadOptions, Settings};
/// let csv = "Date,Site,Mode,Duration,Mentee\n\
///            14/03/2018,Oakhurst,Phone,45,Nia Khan\n\
///            20/03/2018,Oakhurst,Email,,Nia Khan\n";
/// let mut analysis = Analysis::new(Settings::default());
/// analysis
///     .add_file("log.csv", std::io::Cursor::new(csv), &ReadOptions::default())
///     .expect("readable");
/// let report = analysis.report();
/// assert_eq!(report.overall.total_minutes, 50.0); // 45 + 5 for the email
/// assert_eq!(report.input.rows_read, 2);
/// ```
#[derive(Debug, Default)]
pub struct Analysis {
    settings: Settings,
    vocabulary: Vocabulary,
    summaries: Vec<FileSummary>,
    files: Vec<FileTally>,
    /// Each file's fingerprint (hash, length), in the order read.
    fingerprints: Vec<(u128, u64)>,
    /// Files with the same bytes as one read before: (name, that one's index).
    duplicates: Vec<(String, usize)>,
    /// The summary returned for a file given twice.
    duplicate_summary: Option<FileSummary>,
    /// The site outcome file, once read.
    outcomes: Option<OutcomeTable>,
}

impl Analysis {
    /// An analysis with no files, to be read under `settings`.
    pub fn new(settings: Settings) -> Self {
        Analysis {
            vocabulary: Vocabulary::new(&settings),
            settings,
            ..Analysis::default()
        }
    }

    /// Reads one record file (CSV, TSV or `.xlsx`, told apart by its bytes)
    /// from a byte stream. Rows that cannot be used are not errors: they are
    /// listed in the report. Fails only when the file as a whole cannot be
    /// read, and then leaves the analysis as it was.
    ///
    /// The stream is read once, or twice for a file whose numeric dates turn
    /// out to read better in the other order than its first such date
    /// suggested (see `contacts`).
    pub fn add_file<R: Read + Seek>(
        &mut self,
        name: &str,
        reader: R,
        options: &ReadOptions,
    ) -> Result<&FileSummary, FileError> {
        self.read_file(name, reader, options, None)
    }

    /// Reads one record file, as [`Analysis::add_file`] does, with its
    /// numeric dates in `order` from the start: for a file whose pushed
    /// reading ([`PushedFile`]) ended asking to be read again.
    pub fn add_file_in_order<R: Read + Seek>(
        &mut self,
        name: &str,
        reader: R,
        options: &ReadOptions,
        order: DateOrder,
    ) -> Result<&FileSummary, FileError> {
        self.read_file(name, reader, options, Some(order))
    }

    fn read_file<R: Read + Seek>(
        &mut self,
        name: &str,
        reader: R,
        options: &ReadOptions,
        mut order: Option<DateOrder>,
    ) -> Result<&FileSummary, FileError> {
        let fail = |kind| FileError::new(name, kind);
        let file = self.files.len() as u32;
        let mut reader = Fingerprint::new(reader);
        let first = order;
        let (summary, tally) = loop {
            if order != first {
                reader
                    .seek(std::io::SeekFrom::Start(0))
                    .map_err(|e| fail(FileErrorKind::Io(e)))?;
            }
            let mut recorder =
                FileRecorder::new(&mut self.vocabulary, &self.settings, file, name, order);
            // Natively, the file is split into cells on this thread while
            // another checks and counts the rows.
            #[cfg(not(target_arch = "wasm32"))]
            let format = ingest::pipeline::run(&mut recorder, |sink| {
                read_table(name, &mut reader, options, sink)
            })?;
            #[cfg(target_arch = "wasm32")]
            let format = read_table(name, &mut reader, options, &mut recorder)?;
            match recorder.finish() {
                Ok((mut summary, tally)) => {
                    summary.format = Some(format);
                    break (summary, tally);
                }
                // Read again once, in the order the whole file asks for.
                Err(FileEnd::ReadAgain(best)) if order.is_none() => order = Some(best),
                Err(FileEnd::Refused(kind)) => return Err(fail(kind)),
                Err(_) => return Err(fail(FileErrorKind::Io(changed_while_read()))),
            }
        };
        let fingerprint = reader.finish().map_err(|e| fail(FileErrorKind::Io(e)))?;
        Ok(self.keep(name, summary, tally, fingerprint))
    }

    /// Keeps a file's reading: its summary and tally, or, for the same
    /// bytes as a file read before, only a note that it was given twice.
    fn keep(
        &mut self,
        name: &str,
        summary: FileSummary,
        tally: FileTally,
        fingerprint: (u128, u64),
    ) -> &FileSummary {
        if let Some(first) = self.fingerprints.iter().position(|f| *f == fingerprint) {
            // The same bytes under another name: read once (what this
            // reading interned is never shown: no tally names it).
            self.duplicates.push((name.to_string(), first));
            let mut shown = self.summaries[first].clone();
            shown.name = name.to_string();
            shown.duplicate_of = Some(self.summaries[first].name.clone());
            return self.duplicate_summary.insert(shown);
        }
        self.fingerprints.push(fingerprint);
        self.summaries.push(summary);
        self.files.push(tally);
        &self.summaries[self.summaries.len() - 1]
    }

    /// Starts a record file whose table is read elsewhere and pushed in
    /// (the page's second worker splits a file into cells while this one
    /// counts its rows): the result is a `TableSink` that takes the
    /// table's calls, as `ingest::read_table` makes them, and then
    /// [`PushedFile::finish`] with what that reading returned.
    pub fn push_file(&mut self, name: &str) -> PushedFile<'_> {
        let file = self.files.len() as u32;
        PushedFile {
            recorder: FileRecorder::new(&mut self.vocabulary, &self.settings, file, name, None),
            name: name.to_string(),
        }
    }

    /// Ends a pushed file ([`Analysis::push_file`]): `read` is what its
    /// reading returned (the table's format, and the fingerprint of its
    /// bytes), `ended` what [`PushedFile::finish`] gave.
    pub fn keep_pushed(
        &mut self,
        ended: PushedEnd,
        read: Result<(TableFormat, (u128, u64)), FileError>,
    ) -> Result<Pushed<'_>, FileError> {
        let (format, fingerprint) = read?;
        let PushedEnd { name, end } = ended;
        match end {
            Ok((mut summary, tally)) => {
                summary.format = Some(format);
                Ok(Pushed::Read(self.keep(&name, summary, tally, fingerprint)))
            }
            Err(FileEnd::ReadAgain(order)) => Ok(Pushed::ReadAgain(order)),
            Err(FileEnd::Refused(kind)) => Err(FileError::new(&name, kind)),
            Err(FileEnd::Done(_)) => Err(FileError::new(
                &name,
                FileErrorKind::Io(changed_while_read()),
            )),
        }
    }

    /// Reads a site outcome file (one row per site, a site column and
    /// columns of numbers; SPEC, "Support and outcomes by site") from a
    /// byte stream, in any format a record file may have. Its sites count
    /// as others as the settings' `same` says. The report then sets each
    /// measure against the sites' mentoring (`outcomes`); a second outcome
    /// file replaces the first.
    ///
    /// Fails, leaving the analysis as it was, when the file cannot be read
    /// as site outcomes (see [`outcomes::read_outcomes`]).
    ///
    /// ```
    /// use mentoring_stats_engine::{Analysis, ReadOptions, Settings};
    /// let log = "Date,Site,Mode,Duration\n\
    ///            14/03/2018,Oakhurst,Phone,45\n\
    ///            15/03/2018,Birchley,Phone,30\n\
    ///            16/03/2018,Cressing,Phone,60\n";
    /// let outcomes = "Site,Recruited\nOAKHURST,12\nBirchley,9\nCressing,15\n";
    /// let mut analysis = Analysis::new(Settings::default());
    /// let options = ReadOptions::default();
    /// analysis.add_file("log.csv", std::io::Cursor::new(log), &options).expect("readable");
    /// analysis
    ///     .add_outcomes("sites.csv", std::io::Cursor::new(outcomes), &options)
    ///     .expect("readable");
    /// let report = analysis.report();
    /// assert_eq!(report.outcomes[0].measure, "Recruited");
    /// assert_eq!(report.outcomes[0].points[2].site, "Oakhurst");
    /// assert_eq!(report.outcomes[0].spearman_total_minutes, Some(1.0));
    /// ```
    pub fn add_outcomes<R: Read + Seek>(
        &mut self,
        name: &str,
        reader: R,
        options: &ReadOptions,
    ) -> Result<(), FileError> {
        self.outcomes = Some(outcomes::read_outcomes(
            name,
            reader,
            options,
            &self.settings,
        )?);
        Ok(())
    }

    /// The report over every file read so far.
    pub fn report(&self) -> Report {
        self.report_and_review().0
    }

    /// The report, and what a user reviews beside it (each file's reading,
    /// the labels, names that look alike).
    pub fn report_and_review(&self) -> (Report, Review) {
        self.with_outcomes(assemble::report(
            &self.summaries,
            &self.files,
            &self.vocabulary,
            &self.settings,
            &self.duplicate_names(),
        ))
    }

    /// The report with the site outcomes set against it, if a site outcome
    /// file was read.
    fn with_outcomes(&self, (mut report, review): (Report, Review)) -> (Report, Review) {
        if let Some(table) = &self.outcomes {
            add_to_report(&mut report, table);
        }
        (report, review)
    }

    /// The report and review, ending the analysis: the files' tallies are
    /// taken rather than copied, and the rows kept for group contacts and
    /// the tables that look names up are freed as soon as the contacts are
    /// folded, before the report is built, so a large log needs less
    /// memory at its peak.
    pub fn into_report_and_review(mut self) -> (Report, Review) {
        self.vocabulary.free_lookups();
        let folded = assemble::fold_taking(&mut self.files, &self.vocabulary, &self.settings);
        for file in &mut self.files {
            file.groups.free();
        }
        self.vocabulary.free_after_fold();
        self.with_outcomes(assemble::report_folded(
            &self.summaries,
            &self.files,
            folded,
            &self.vocabulary,
            &self.settings,
            &self.duplicate_names(),
        ))
    }

    fn duplicate_names(&self) -> Vec<(String, String)> {
        self.duplicates
            .iter()
            .map(|(name, first)| (name.clone(), self.summaries[*first].name.clone()))
            .collect()
    }
}

/// The error of a file whose bytes changed between two readings.
fn changed_while_read() -> std::io::Error {
    std::io::Error::other("the file changed while it was being read")
}

/// A record file being pushed in, row by row ([`Analysis::push_file`]).
pub struct PushedFile<'a> {
    recorder: FileRecorder<'a>,
    name: String,
}

impl PushedFile<'_> {
    /// The rows are all in: what they gave, for [`Analysis::keep_pushed`].
    pub fn finish(self) -> PushedEnd {
        PushedEnd {
            name: self.name,
            end: self.recorder.finish(),
        }
    }
}

impl TableSink for PushedFile<'_> {
    fn header(&mut self, line: u64, map: &ColumnMap, rows_above: u64) {
        self.recorder.header(line, map, rows_above);
    }

    fn row<C: ingest::Cells>(&mut self, line: u64, cells: &C) {
        self.recorder.row(line, cells);
    }

    fn rejected_row(&mut self, line: u64, reason: &str) {
        self.recorder.rejected_row(line, reason);
    }

    fn end(&mut self, end: &TableEnd) {
        self.recorder.end(end);
    }
}

/// What a pushed file's rows gave, to be kept ([`Analysis::keep_pushed`]).
pub struct PushedEnd {
    name: String,
    end: Result<(FileSummary, FileTally), FileEnd>,
}

/// A pushed file, kept.
#[derive(Debug)]
pub enum Pushed<'a> {
    /// Read: its summary (of the earlier file, for the same bytes given twice).
    Read(&'a FileSummary),
    /// Its numeric dates read better in this order than in the one the
    /// first of them suggested: read it again in this order
    /// ([`Analysis::add_file_in_order`]), as [`Analysis::add_file`] does.
    ReadAgain(DateOrder),
}
