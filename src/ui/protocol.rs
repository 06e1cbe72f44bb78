//! Messages between the page and its workers: the page posts a
//! [`Request`], a worker answers with a [`FromWorker`] (both encoded by
//! [`super::codec`]).
//!
//! Files cross as browser `File` objects (the structured clone of a file
//! is a handle, not its bytes), so a 1 GB file is never copied to the
//! worker: the worker reads it slice by slice.

use std::sync::Arc;

use serde::{Deserialize, Serialize};
use wasm_bindgen::JsValue;

use mentoring_stats_engine::{
    Chosen, Codebook, ColumnMap, ColumnOverride, DateOrder, Field, FileError, FileErrorKind,
    FileSummary, NoHeader, ReadOptions, Report, Review, Settings, TableFormat,
};

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
    /// Columns mapped by hand (a header of `None`: the file has no column
    /// for that field).
    pub columns: Vec<ColumnOverride>,
}

impl FileJob {
    /// The engine's read options for this file, with the run's data
    /// dictionary, if one was given.
    pub fn read_options(&self, codebook: Option<Arc<Codebook>>) -> ReadOptions {
        ReadOptions {
            delimiter: self.delimiter,
            sheet: self.sheet.clone(),
            columns: self.columns.clone(),
            codebook,
        }
    }
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
        /// The settings (boxed: they are most of the message's size).
        settings: Box<Settings>,
        /// The site outcome file, if one was added (the command line's
        /// `--outcomes`): read with its own delimiter and sheet, detected.
        outcomes: Option<FileJob>,
    },
    /// Joins the worker to the page's other worker, over `port` (one end
    /// of a `MessageChannel`): the reading worker (`reads`) splits large
    /// files into cells and sends them to the analysis worker, which counts
    /// them as they come; each works on a core of its own.
    Connect {
        /// This worker's end of the channel.
        #[serde(with = "serde_wasm_bindgen::preserve")]
        port: JsValue,
        /// Whether this is the reading worker.
        reads: bool,
    },
    /// The reading worker died: the analysis worker reads every file itself
    /// from now on (including the one it may be waiting for).
    ReaderGone,
    /// Stops the worker with a WebAssembly trap, as running out of memory
    /// does. No part of the page sends it: the browser tests send it from
    /// inside the worker, to check the crash panel and the fresh worker
    /// after it. It reads nothing and answers nothing.
    Trap,
}

/// What a file given to the page turned out to be.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileRole {
    /// A record file (read, or not when [`FileView::error`] says why).
    Records,
    /// A REDCap data dictionary: it reads the coded values of every record
    /// file of the run (`used`: false for a second dictionary, which is not).
    Dictionary {
        /// Fields it describes.
        fields: u64,
        /// Whether it is the one used.
        used: bool,
    },
    /// The same bytes as an earlier file: read once, under that file's name.
    Duplicate {
        /// The earlier file's name.
        of: String,
    },
}

/// Why a file could not be read, as far as the page's advice goes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Refusal {
    /// No row names date, site and mode: the user can choose the columns.
    NoHeader,
    /// The mode column holds codes: a data dictionary or a labels export
    /// is needed.
    CodedModes,
    /// A data dictionary that was not told from its first bytes.
    DataDictionary,
    /// Anything else (not a record file, a wrong delimiter, too large...).
    Other,
}

/// How the column of a field was taken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum ColumnHow {
    /// Its header is one of the field's names.
    Synonym,
    /// Its header's words name the field.
    Words,
    /// Chosen on the page.
    ByHand,
    /// The user said the file has no such column.
    NoColumn,
    /// No column was found.
    NotFound,
}

impl ColumnHow {
    fn of(map: &ColumnMap, field: Field) -> ColumnHow {
        match map.chosen(field) {
            Some(Chosen::Synonym) => ColumnHow::Synonym,
            Some(Chosen::Words) => ColumnHow::Words,
            Some(Chosen::ByHand) => ColumnHow::ByHand,
            None if map.unmapped.contains(&field) => ColumnHow::NoColumn,
            None => ColumnHow::NotFound,
        }
    }

    /// How the page says it.
    pub fn describe(self) -> &'static str {
        match self {
            ColumnHow::Synonym => Chosen::Synonym.describe(),
            ColumnHow::Words => Chosen::Words.describe(),
            ColumnHow::ByHand => Chosen::ByHand.describe(),
            ColumnHow::NoColumn => "no such column, as you chose",
            ColumnHow::NotFound => "not found",
        }
    }
}

/// What kind of table a file is, as far as its reading options go: a
/// delimiter to choose, or a sheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TableKind {
    /// Delimited text.
    Text,
    /// A workbook.
    Workbook,
}

impl TableKind {
    fn of_format(format: &TableFormat) -> TableKind {
        if format.is_workbook() {
            TableKind::Workbook
        } else {
            TableKind::Text
        }
    }

    /// The kind a refusal tells, where it tells one.
    fn of_error(kind: &FileErrorKind) -> Option<TableKind> {
        match kind {
            FileErrorKind::Workbook(_) | FileErrorKind::UnpackedTooLarge { .. } => {
                Some(TableKind::Workbook)
            }
            FileErrorKind::NoHeader(failure) if !failure.sheets.is_empty() => {
                Some(TableKind::Workbook)
            }
            FileErrorKind::NoHeader(_)
            | FileErrorKind::Csv { .. }
            | FileErrorKind::LineTooLong { .. }
            | FileErrorKind::UnclosedQuote { .. }
            | FileErrorKind::TooManyColumns { .. } => Some(TableKind::Text),
            _ => None,
        }
    }
}

/// The column of one field in one file.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldView {
    /// The field.
    pub field: Field,
    /// Index of its column in [`FileView::header`].
    pub column: Option<usize>,
    /// How that column was taken.
    pub how: ColumnHow,
}

/// How one file was read, for the file list and the mapping panel.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FileView {
    /// The page's id of the file.
    pub id: u32,
    /// The file's name.
    pub name: String,
    /// What the file is.
    pub role: FileRole,
    /// Why the file could not be read, if it could not, in the page's words.
    pub error: Option<String>,
    /// What kind of refusal that is.
    pub refusal: Option<Refusal>,
    /// How it was read: encoding and delimiter, or sheet (`None`: not read).
    pub format: Option<TableFormat>,
    /// Whether it is a text table or a workbook, where the engine found
    /// out (from its reading, or from why it could not be read).
    pub kind: Option<TableKind>,
    /// Its header row as found; for a file whose header was not found, the
    /// row that names the most fields.
    pub header: Vec<String>,
    /// The line (or sheet row) of that row.
    pub header_line: u64,
    /// The first distinct values of each column of that row.
    pub samples: Vec<Vec<String>>,
    /// Each field's column.
    pub fields: Vec<FieldView>,
    /// Required fields without a column (the file could not be read).
    pub missing: Vec<Field>,
    /// A column to try for each missing field: field, header.
    pub suggestions: Vec<(Field, String)>,
    /// The sheet read (or searched), in a workbook.
    pub sheet: Option<String>,
    /// Every sheet of a workbook.
    pub sheets: Vec<String>,
    /// Headers matched to no field.
    pub unused: Vec<String>,
    /// Data rows read.
    pub rows_read: u64,
    /// Rows used, under the last settings.
    pub rows_used: u64,
    /// Rows rejected, under the last settings.
    pub rows_rejected: u64,
    /// The order its numeric dates were read in (`None`: not read).
    pub date_order: Option<DateOrder>,
    /// Whether its durations look like hours read as minutes.
    pub hours: bool,
}

fn field_views(map: &ColumnMap) -> Vec<FieldView> {
    Field::ALL
        .iter()
        .map(|&field| FieldView {
            field,
            column: map.column(field),
            how: ColumnHow::of(map, field),
        })
        .collect()
}

impl FileView {
    fn empty(id: u32, name: &str, role: FileRole) -> FileView {
        FileView {
            id,
            name: name.to_string(),
            role,
            error: None,
            refusal: None,
            format: None,
            kind: None,
            header: Vec::new(),
            header_line: 0,
            samples: Vec::new(),
            fields: Vec::new(),
            missing: Vec::new(),
            suggestions: Vec::new(),
            sheet: None,
            sheets: Vec::new(),
            unused: Vec::new(),
            rows_read: 0,
            rows_used: 0,
            rows_rejected: 0,
            date_order: None,
            hours: false,
        }
    }

    /// The view of a file read by the engine.
    pub fn from_summary(id: u32, summary: &FileSummary) -> FileView {
        let (sheet, sheets) = match &summary.format {
            Some(TableFormat::Workbook(choice)) => {
                (Some(choice.sheet.clone()), choice.sheets.clone())
            }
            _ => (None, Vec::new()),
        };
        FileView {
            format: summary.format.clone(),
            kind: summary.format.as_ref().map(TableKind::of_format),
            header: summary.columns.header.clone(),
            header_line: summary.header_line,
            samples: summary.samples.clone(),
            fields: field_views(&summary.columns),
            sheet,
            sheets,
            unused: summary.columns.unused.clone(),
            rows_read: summary.rows_read,
            rows_used: summary.rows_read,
            ..FileView::empty(id, &summary.name, FileRole::Records)
        }
    }

    /// The view of a file given twice: read once, as `of`.
    pub fn duplicate(id: u32, name: &str, of: &str) -> FileView {
        FileView::empty(id, name, FileRole::Duplicate { of: of.to_string() })
    }

    /// The view of a REDCap data dictionary.
    pub fn dictionary(id: u32, name: &str, fields: usize, used: bool) -> FileView {
        FileView::empty(
            id,
            name,
            FileRole::Dictionary {
                fields: fields as u64,
                used,
            },
        )
    }

    /// The view of a file that could not be read, with `message`.
    pub fn failed(id: u32, name: &str, message: String) -> FileView {
        FileView {
            error: Some(message),
            refusal: Some(Refusal::Other),
            ..FileView::empty(id, name, FileRole::Records)
        }
    }

    /// The view of a file the engine refused: its message in the page's
    /// words and, where its header was not found, the row to map by hand
    /// (read with the file's hand mapping, `columns`).
    pub fn refused(id: u32, name: &str, error: &FileError, columns: &[ColumnOverride]) -> FileView {
        let view = FileView {
            kind: TableKind::of_error(&error.kind),
            ..FileView::failed(id, name, error.page_message())
        };
        match &error.kind {
            FileErrorKind::NoHeader(failure) => FileView {
                refusal: Some(Refusal::NoHeader),
                ..FileView::no_header(view, failure, columns)
            },
            FileErrorKind::CodedModes { .. } => FileView {
                refusal: Some(Refusal::CodedModes),
                ..view
            },
            FileErrorKind::DataDictionary => FileView {
                refusal: Some(Refusal::DataDictionary),
                ..view
            },
            _ => view,
        }
    }

    fn no_header(view: FileView, failure: &NoHeader, columns: &[ColumnOverride]) -> FileView {
        let cells: Vec<&str> = failure.header.iter().map(String::as_str).collect();
        let map = ColumnMap::from_header(&cells, columns);
        FileView {
            header: failure.header.clone(),
            header_line: failure.line,
            samples: failure.samples.clone(),
            fields: field_views(&map),
            missing: failure.missing.clone(),
            suggestions: failure.suggestions.clone(),
            sheet: failure.sheet.clone(),
            sheets: failure.sheets.clone(),
            ..view
        }
    }

    /// The column of `field`, with how it was taken.
    pub fn field(&self, field: Field) -> Option<&FieldView> {
        self.fields.iter().find(|f| f.field == field)
    }
}

/// A report, encoded with bincode. It crosses from the worker as one
/// `Uint8Array`, not as a tree of JavaScript objects and strings, and the
/// page reads the report back from it: for a report of thousands of sites
/// that is one copy and one decoding instead of hundreds of thousands of
/// crossings between JavaScript and WebAssembly, and bincode reads back
/// several times faster than the report's JSON (whose numbers must be
/// read exactly). The JSON is written from the report when it is
/// downloaded: the same bytes as the command line's.
#[derive(Clone, Debug, PartialEq)]
pub struct ReportBytes(pub Vec<u8>);

impl ReportBytes {
    /// A report's bytes.
    pub fn of(report: &Report) -> Result<Self, String> {
        bincode::serialize(report)
            .map(ReportBytes)
            .map_err(|e| format!("the report could not be encoded: {e}"))
    }

    /// The report they hold.
    pub fn parse(self) -> Result<Report, String> {
        bincode::deserialize(&self.0)
            .map_err(|e| format!("the report from the worker does not read back: {e}"))
    }
}

impl Serialize for ReportBytes {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> Deserialize<'de> for ReportBytes {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Bytes;
        impl<'de> serde::de::Visitor<'de> for Bytes {
            type Value = ReportBytes;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the report's bytes")
            }
            fn visit_bytes<E: serde::de::Error>(self, v: &[u8]) -> Result<ReportBytes, E> {
                Ok(ReportBytes(v.to_vec()))
            }
            fn visit_byte_buf<E: serde::de::Error>(self, v: Vec<u8>) -> Result<ReportBytes, E> {
                Ok(ReportBytes(v))
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(
                self,
                mut seq: A,
            ) -> Result<ReportBytes, A::Error> {
                let mut out = Vec::new();
                while let Some(b) = seq.next_element::<u8>()? {
                    out.push(b);
                }
                Ok(ReportBytes(out))
            }
        }
        deserializer.deserialize_byte_buf(Bytes)
    }
}

/// What the page says of a site outcome file it cannot read: the file's
/// name, then the engine's reason. A header that was not found is told
/// with the row that looks most like one (the record files' wording
/// offers the mapping panel, which an outcome file has not).
pub fn outcome_refusal(error: &FileError) -> String {
    match &error.kind {
        FileErrorKind::NoHeader(failure) if !failure.header.is_empty() => {
            let place = match &failure.sheet {
                Some(sheet) => format!("sheet {sheet:?} line {}", failure.line),
                None => format!("line {}", failure.line),
            };
            let columns: Vec<String> = failure.header.iter().map(|h| format!("{h:?}")).collect();
            let mut out = format!(
                "{}: no header row naming the site beside other columns was found; the row most like one is {place}, with the columns {}",
                error.file,
                columns.join(", ")
            );
            if failure.sheets.len() > 1 {
                let sheets: Vec<String> = failure.sheets.iter().map(|s| format!("{s:?}")).collect();
                out.push_str(&format!(" (the workbook's sheets: {})", sheets.join(", ")));
            }
            out
        }
        FileErrorKind::NoHeader(_) => format!(
            "{}: no header row naming the site beside other columns was found",
            error.file
        ),
        _ => error.page_message(),
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
        /// The report ([`ReportBytes::parse`]).
        report: ReportBytes,
        /// What the user reviews beside it: labels, names that look alike.
        review: Box<Review>,
        /// How many of the report's notices, at its end, are about the
        /// site outcome file (0 without one).
        outcome_notices: usize,
    },
    /// The site outcome file of the run could not be read: nothing else
    /// was read, and the page keeps the report it shows.
    OutcomesRefused {
        /// The run.
        run: u32,
        /// Why, in the page's words (the file's name first).
        message: String,
    },
    /// The worker failed (a panic), with what it said.
    Failed {
        /// The run.
        run: u32,
        /// The message.
        message: String,
    },
}

/// What a worker posts to the page: the envelope of its answers. The page
/// posts [`Request`]s, each as it is; a worker's first word is that it is
/// ready for them (what the page posted before then would be lost, so the
/// page holds it until this arrives).
#[derive(Clone, Debug, Serialize, Deserialize)]
pub enum FromWorker {
    /// The worker's code is running and hears requests from now on.
    Ready,
    /// An answer to the run in progress.
    Answer(Response),
}

#[cfg(test)]
mod tests {
    use super::*;

    const NO_HEADER: &str = "Stroke unit mentoring log - Ward 7B,,,,\n,,,,\nVisit day,Ward,How,Length,Therapist\n04/03/2019,Royal Derby Hospital,Phone,30,Amy Cole\n06/03/2019,Queen's Hospital Burton,Teams,45,Priya Patel\n";

    fn by_hand(field: Field, header: &str) -> ColumnOverride {
        ColumnOverride {
            field,
            header: Some(header.to_string()),
        }
    }

    fn read(columns: &[ColumnOverride]) -> Result<FileView, Box<FileView>> {
        let job_options = ReadOptions {
            columns: columns.to_vec(),
            ..ReadOptions::default()
        };
        let mut analysis = mentoring_stats_engine::Analysis::new(Settings::default());
        match analysis.add_file("ward.csv", std::io::Cursor::new(NO_HEADER), &job_options) {
            Ok(summary) => Ok(FileView::from_summary(0, summary)),
            Err(e) => Err(Box::new(FileView::refused(0, "ward.csv", &e, columns))),
        }
    }

    #[test]
    fn a_file_without_a_header_offers_that_rows_columns_and_reads_once_they_are_chosen() {
        let refused = read(&[]).expect_err("refused");
        assert_eq!(refused.kind, Some(TableKind::Text));
        let message = refused.error.clone().unwrap_or_default();
        assert_eq!(refused.refusal, Some(Refusal::NoHeader));
        assert!(!message.contains("--"), "{message}");
        assert_eq!(refused.header_line, 3);
        assert_eq!(
            refused.header,
            vec!["Visit day", "Ward", "How", "Length", "Therapist"]
        );
        assert_eq!(refused.missing, vec![Field::Date, Field::Site, Field::Mode]);
        assert_eq!(
            refused.suggestions,
            vec![
                (Field::Date, "Visit day".to_string()),
                (Field::Site, "Ward".to_string()),
                (Field::Mode, "How".to_string())
            ]
        );
        assert_eq!(refused.samples[1][0], "Royal Derby Hospital");
        assert_eq!(
            refused.field(Field::Duration).map(|f| f.how),
            Some(ColumnHow::Words)
        );
        // One column chosen: still refused, and the choice shows as by hand.
        let date = vec![by_hand(Field::Date, "Visit day")];
        let still = read(&date).expect_err("still refused");
        assert_eq!(
            still.field(Field::Date).map(|f| (f.column, f.how)),
            Some((Some(0), ColumnHow::ByHand))
        );
        // All three: read, from line 3.
        let all: Vec<ColumnOverride> = refused
            .suggestions
            .iter()
            .map(|(f, h)| by_hand(*f, h))
            .collect();
        let view = read(&all).expect("read");
        assert_eq!(view.header_line, 3);
        assert_eq!(view.rows_read, 2);
        assert_eq!(
            view.field(Field::Site).map(|f| f.how),
            Some(ColumnHow::ByHand)
        );
        assert_eq!(view.field(Field::Duration).map(|f| f.column), Some(Some(3)));
    }

    #[test]
    fn none_reads_a_file_without_the_column() {
        let csv = "Date,Site,Mode,Duration,Status\n04/03/2019,A,Phone,30,Open\n";
        let options = ReadOptions {
            columns: vec![ColumnOverride {
                field: Field::Attendance,
                header: None,
            }],
            ..ReadOptions::default()
        };
        let mut analysis = mentoring_stats_engine::Analysis::new(Settings::default());
        let summary = analysis
            .add_file("s.csv", std::io::Cursor::new(csv), &options)
            .expect("read");
        let view = FileView::from_summary(0, summary);
        assert_eq!(
            view.field(Field::Attendance).map(|f| (f.column, f.how)),
            Some((None, ColumnHow::NoColumn))
        );
        assert_eq!(analysis.report().input.rows_rejected, 0);
    }

    #[test]
    fn a_report_read_back_from_its_bytes_writes_the_same_json() {
        // Each shared fixture, with costs: every number read back exactly.
        let folder = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/fixtures");
        let mut read = 0;
        for entry in std::fs::read_dir(&folder).expect("the shared fixtures") {
            let path = entry.expect("an entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("csv") {
                continue;
            }
            let settings = Settings {
                mentor_hourly_cost: Some(42.5),
                mentee_hourly_cost: Some(35.1),
                ..Settings::default()
            };
            let mut analysis = mentoring_stats_engine::Analysis::new(settings);
            let bytes = std::fs::read(&path).expect("the fixture");
            if analysis
                .add_file(
                    "f.csv",
                    std::io::Cursor::new(bytes),
                    &ReadOptions::default(),
                )
                .is_err()
            {
                continue;
            }
            let json = analysis.report().to_json();
            let report = ReportBytes::of(&analysis.report())
                .and_then(ReportBytes::parse)
                .expect("reads back");
            assert_eq!(report.to_json(), json, "{}", path.display());
            read += 1;
        }
        assert!(read >= 4, "only {read} fixtures read");
        let broken = ReportBytes(b"{\"schema_version\": 2".to_vec()).parse();
        assert!(broken.is_err_and(|e| e.contains("does not read back")));
    }

    #[test]
    fn an_outcome_file_that_cannot_be_read_is_told_in_the_pages_words() {
        let read = |csv: &str| {
            mentoring_stats_engine::read_outcomes(
                "sites.csv",
                std::io::Cursor::new(csv.to_string()),
                &ReadOptions::default(),
                &Settings::default(),
            )
            .map(|_| ())
            .map_err(|e| outcome_refusal(&e))
        };
        let no_site = read("Colour,Score\nred,1\nblue,2\n").expect_err("no site column");
        assert!(
            no_site.starts_with("sites.csv: no header row naming the site"),
            "{no_site}"
        );
        assert!(no_site.contains("\"Colour\", \"Score\""), "{no_site}");
        assert!(!no_site.contains("--"), "{no_site}");
        let no_measure = read("Site,Comment\nAsh,fine\n").expect_err("no measure");
        assert!(
            no_measure.starts_with("sites.csv: line 1: no column below the header"),
            "{no_measure}"
        );
        assert!(no_measure.contains("no outcome measure"));
        let twice = read("Site,Score\nAsh,1\nASH,2\n").expect_err("a site twice");
        assert!(twice.contains("lines 2 and 3"), "{twice}");
    }
}
