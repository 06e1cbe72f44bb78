//! Ingest: from a file's bytes to rows of cells, whatever the format.
//!
//! [`read_table`] looks at the first bytes, picks the reader (delimited text
//! in [`delimited`], after [`decode`] has turned it into UTF-8; or an
//! `.xlsx` or `.ods` workbook in [`workbook`]) and pushes the header and
//! then each row into a [`TableSink`], one at a time, through a
//! [`RowRouter`] that finds the header ([`header`]), passes over totals
//! rows and repeated headers, and reads REDCap exports ([`redcap`]).
//! Nothing here knows what a mentoring record is beyond the header mapping
//! in [`columns`].

pub(crate) mod columns;
pub(crate) mod decode;
pub(crate) mod delimited;
mod error;
pub(crate) mod fingerprint;
pub(crate) mod header;
pub(crate) mod pipeline;
pub(crate) mod redcap;
pub(crate) mod workbook;

use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom};

use columns::HeaderNeeds;
use columns::{ColumnMap, ColumnOverride};
pub use error::{FileError, FileErrorKind, NoHeader};
use header::{is_totals_label, HeaderSearch, Offer};
use redcap::{Codebook, ColumnCount, RedcapRows};

/// Largest file read: 2 GiB (the page refuses a larger one before reading it).
pub const MAX_FILE_BYTES: u64 = 2 << 30;
/// Longest line of a text file: 1 MiB. A longer one means the bytes are not
/// rows of a record file; the reader stops there instead of holding it.
pub(crate) const MAX_LINE_BYTES: usize = 1 << 20;
/// Most cells in a row: 16,384, Excel's own limit.
pub(crate) const MAX_COLUMNS: usize = 16_384;
/// Most bytes a workbook may unpack to: 1 GiB.
pub(crate) const MAX_UNPACKED_BYTES: u64 = 1 << 30;
/// How many rows may stand above the header (titles of an export).
pub(crate) const MAX_ROWS_ABOVE_HEADER: usize = 20;

/// Refuses a file over [`MAX_FILE_BYTES`] before anything is read; the
/// shells call this with the size they know.
pub fn check_file_size(name: &str, size: u64) -> Result<(), FileError> {
    if size > MAX_FILE_BYTES {
        return Err(FileError::new(
            name,
            FileErrorKind::FileTooLarge {
                size,
                limit: MAX_FILE_BYTES,
            },
        ));
    }
    Ok(())
}

/// How to read a file; every option defaults to "detect". The same
/// options may be given for several files: a mapping or a sheet applies to
/// each file that has that column or sheet, and the others are read by
/// the usual rules.
#[derive(Clone, Debug, Default)]
pub struct ReadOptions {
    /// Field delimiter of a text file; `None` sniffs among `,`, `;` and tab.
    pub delimiter: Option<u8>,
    /// Sheet of a workbook; `None` (or a sheet the workbook lacks) takes
    /// the first visible sheet with a header row.
    pub sheet: Option<String>,
    /// Manual column mapping, applied before header synonyms.
    pub columns: Vec<ColumnOverride>,
    /// A REDCap data dictionary: coded values become their labels.
    pub codebook: Option<std::sync::Arc<Codebook>>,
}

/// How a file was read, for the file list and the notices.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum TableFormat {
    /// Delimited text.
    Delimited {
        /// The text encoding detected.
        encoding: decode::TextEncoding,
        /// The field delimiter used.
        delimiter: u8,
        /// Whether the delimiter was sniffed (`false`: set by the user).
        sniffed: bool,
    },
    /// A workbook.
    Workbook(workbook::SheetChoice),
}

impl TableFormat {
    /// A short description such as `UTF-8, semicolon-separated` or
    /// `Excel workbook, sheet "Log"`.
    pub fn describe(&self) -> String {
        match self {
            TableFormat::Delimited {
                encoding,
                delimiter,
                ..
            } => format!("{}, {}", encoding.name(), delimiter_name(*delimiter)),
            TableFormat::Workbook(choice) => {
                format!("{}, sheet {:?}", choice.kind.name(), choice.sheet)
            }
        }
    }

    /// Whether the file is a workbook (it has sheets, not a delimiter).
    pub fn is_workbook(&self) -> bool {
        matches!(self, TableFormat::Workbook(_))
    }
}

/// How a delimiter is named in messages.
pub(crate) fn delimiter_name(delimiter: u8) -> String {
    match delimiter {
        b'\t' => "tab-separated".to_string(),
        b',' => "comma-separated".to_string(),
        b';' => "semicolon-separated".to_string(),
        other => format!("separated by {:?}", other as char),
    }
}

/// One row of a table: its cells as text, in column order.
pub trait Cells {
    /// The text of cell `index`; a missing cell is empty.
    fn cell(&self, index: usize) -> Cow<'_, str>;
    /// How many cells the row has.
    fn count(&self) -> usize;
    /// Whether every cell is empty or white space (such a row is not a record).
    fn is_blank(&self) -> bool {
        (0..self.count()).all(|i| self.cell(i).trim().is_empty())
    }
    /// The row's cells back to back as one text, each cell's end in it
    /// pushed onto `ends`, where the row holds its cells so (a CSV record
    /// of valid text): a copy of the row then takes its text at once
    /// rather than cell by cell. `None` (and `ends` as it was) otherwise.
    fn packed(&self, _ends: &mut Vec<usize>) -> Option<&str> {
        None
    }
    /// A number for the text of cell `index` where the row's reader numbers
    /// that column's texts: within one table, two cells of the column have
    /// the same number exactly when they have the same text, so a sink may
    /// keep what it made of a text by its number rather than look the text
    /// up again. `None` where the column is not numbered. (Rows that cross
    /// between threads or workers number their name columns when those run
    /// into thousands: see `pipeline`.)
    fn number(&self, _index: usize) -> Option<u32> {
        None
    }
}

/// Rows of a table that are not records, counted for the notices.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Skipped {
    /// Empty lines and rows whose cells are all empty.
    pub blank: u64,
    /// Totals rows of a tracker (`Total`, `Subtotal`, `Grand total`, `Sum`).
    pub totals: u64,
    /// Rows that repeat the header (a log pasted month by month).
    pub repeated_headers: u64,
    /// A REDCap export's records' own rows (not contacts).
    pub record_rows: u64,
}

/// What a table's reading learnt besides its rows, given at its end.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct TableEnd {
    /// Rows that are not records.
    pub skipped: Skipped,
    /// Whether the table is a REDCap export.
    pub redcap_export: bool,
    /// Columns whose codes were read as labels with the data dictionary,
    /// with how many cells each.
    pub decoded: Vec<ColumnCount>,
    /// Coded cells whose code the data dictionary does not list, per column.
    pub unknown_codes: Vec<ColumnCount>,
    /// Checkbox cells that are neither checked nor unchecked, per column.
    pub unreadable_checkboxes: Vec<ColumnCount>,
    /// Records of a UTF-8 file holding bytes that are not UTF-8 (their
    /// cells with such bytes are read as Windows-1252): how many, and the
    /// lines of the first few.
    pub not_utf8: (u64, Vec<u64>),
}

/// How many lines a notice names.
const LINES_NAMED: usize = 10;

/// Receives a table, row by row.
pub trait TableSink {
    /// What the table's header must name: a record file's columns, unless
    /// the sink reads another kind of table.
    const HEADER: HeaderNeeds = HeaderNeeds::Records;

    /// The header row, at physical line `line`, below `rows_above` rows
    /// that were not the header (titles), mapped to the fields.
    fn header(&mut self, line: u64, map: &ColumnMap, rows_above: u64);
    /// A data row after the header, starting at physical line `line`.
    fn row<C: Cells>(&mut self, line: u64, cells: &C);
    /// A data row that the table itself shows cannot be used (a topic
    /// checkbox that is neither checked nor unchecked), with why.
    fn rejected_row(&mut self, line: u64, reason: &str);
    /// The table has ended; called once, after the last row.
    fn end(&mut self, end: &TableEnd);
}

/// Routes a table's rows to a sink, the same way for every format.
///
/// The header is found by [`HeaderSearch`]. After it, blank rows, totals
/// rows and rows that repeat the header are counted, not passed on; a
/// REDCap export's rows go through [`RedcapRows`] (records' own rows fill
/// the blanks of their repeating rows and are not passed on).
#[derive(Debug)]
pub(crate) struct RowRouter<'a> {
    options: &'a ReadOptions,
    search: HeaderSearch,
    reading: Option<Reading>,
    skipped: Skipped,
    not_utf8: (u64, Vec<u64>),
}

/// What the router knows once the header is found.
#[derive(Debug)]
struct Reading {
    /// The header's cells, trimmed, to spot a row that repeats it.
    header: Vec<String>,
    redcap: Option<RedcapRows>,
    /// The topic columns (of the transformed header) with their headers:
    /// their checkbox cells must be checked or unchecked.
    topic_columns: Vec<(usize, String)>,
}

impl<'a> RowRouter<'a> {
    /// A router that finds a header meeting `needs` with `options` (the
    /// user's mappings and data dictionary).
    pub(crate) fn new(options: &'a ReadOptions, needs: HeaderNeeds) -> Self {
        RowRouter {
            options,
            search: HeaderSearch::new(needs),
            reading: None,
            skipped: Skipped::default(),
            not_utf8: (0, Vec::new()),
        }
    }

    /// Notes that the record at `line` holds bytes that are not UTF-8.
    pub(crate) fn note_not_utf8(&mut self, line: u64) {
        self.not_utf8.0 += 1;
        if self.not_utf8.1.len() < LINES_NAMED {
            self.not_utf8.1.push(line);
        }
    }

    /// Takes the row at physical line `line`.
    pub(crate) fn push<C: Cells, S: TableSink>(
        &mut self,
        sink: &mut S,
        line: u64,
        cells: &C,
    ) -> Result<(), FileErrorKind> {
        if cells.count() > MAX_COLUMNS {
            return Err(FileErrorKind::TooManyColumns {
                line,
                found: cells.count(),
                limit: MAX_COLUMNS,
            });
        }
        if cells.is_blank() {
            self.skipped.blank += 1;
            return Ok(());
        }
        let Some(reading) = &mut self.reading else {
            return self.look_for_header(sink, line, cells);
        };
        let first = cells.cell(0);
        if is_totals_row(&first, cells) {
            self.skipped.totals += 1;
            return Ok(());
        }
        if repeats_header(&reading.header, &first, cells) {
            self.skipped.repeated_headers += 1;
            return Ok(());
        }
        match &mut reading.redcap {
            Some(redcap) => {
                if let Some(row) = redcap.row(cells) {
                    let bad = row
                        .unreadable_checkboxes()
                        .iter()
                        .find_map(|(column, value)| {
                            reading
                                .topic_columns
                                .iter()
                                .find(|(c, _)| c == column)
                                .map(|(_, header)| (header, value))
                        });
                    match bad {
                        Some((header, value)) => {
                            sink.rejected_row(
                                line,
                                &format!(
                                    "topic checkbox of {header:?} is {value:?}, neither checked (1, Checked, Yes, x, TRUE) nor unchecked (0, Unchecked, No, blank)"
                                ),
                            );
                        }
                        None => sink.row(line, &row),
                    }
                }
            }
            None => sink.row(line, cells),
        }
        Ok(())
    }

    fn look_for_header<C: Cells, S: TableSink>(
        &mut self,
        sink: &mut S,
        line: u64,
        cells: &C,
    ) -> Result<(), FileErrorKind> {
        let header: Vec<String> = (0..cells.count())
            .map(|i| cells.cell(i).trim().to_string())
            .collect();
        match self.search.offer(line, header.clone(), self.options) {
            Offer::Header(found) => {
                let (map, redcap) = *found;
                sink.header(line, &map, self.search.rows_above());
                let topic_columns = map
                    .topic_columns()
                    .map(|i| (i, map.header.get(i).cloned().unwrap_or_default()))
                    .collect();
                self.reading = Some(Reading {
                    header,
                    redcap,
                    topic_columns,
                });
                Ok(())
            }
            Offer::NotYet => Ok(()),
            Offer::GaveUp => Err(self.no_header()),
        }
    }

    fn no_header(&self) -> FileErrorKind {
        if self.search.found_dictionary() {
            return FileErrorKind::DataDictionary;
        }
        match self.search.failure(self.options) {
            Some(failure) => FileErrorKind::NoHeader(Box::new(failure)),
            None => FileErrorKind::Empty,
        }
    }

    /// Ends the table; `empty_lines` are lines the reader skipped itself.
    /// Fails when no header was found.
    pub(crate) fn finish<S: TableSink>(
        mut self,
        sink: &mut S,
        empty_lines: u64,
    ) -> Result<(), FileErrorKind> {
        let Some(reading) = &self.reading else {
            return Err(self.no_header());
        };
        self.skipped.blank += empty_lines;
        let mut end = TableEnd {
            skipped: self.skipped,
            not_utf8: std::mem::take(&mut self.not_utf8),
            ..TableEnd::default()
        };
        if let Some(redcap) = &reading.redcap {
            end.skipped.record_rows = redcap.record_rows();
            end.redcap_export = redcap.is_export();
            end.decoded = redcap.decoded();
            end.unknown_codes = redcap.unknown_codes();
            end.unreadable_checkboxes = redcap.unreadable_checkbox_cells();
        }
        sink.end(&end);
        Ok(())
    }
}

/// Whether a row's first non-blank cell says it is a totals row. Every
/// row is asked, so the usual row (a first cell that starts with a digit)
/// is answered from its first byte.
fn is_totals_row<C: Cells>(first: &str, cells: &C) -> bool {
    match first.as_bytes().first() {
        Some(b) if b.is_ascii_digit() => false,
        Some(b) if b.is_ascii_alphabetic() => is_totals_label(first),
        _ => (0..cells.count())
            .map(|i| cells.cell(i))
            .find(|c| !c.trim().is_empty())
            .is_some_and(|c| is_totals_label(&c)),
    }
}

/// Whether a row (whose first cell is `first`) repeats the header, cell
/// for cell (trimmed, any case).
fn repeats_header<C: Cells>(header: &[String], first: &str, cells: &C) -> bool {
    // The usual row starts with a digit (a date) where a header does not.
    if first.as_bytes().first().is_some_and(u8::is_ascii_digit)
        && !header
            .first()
            .is_some_and(|h| h.as_bytes().first().is_some_and(u8::is_ascii_digit))
    {
        return false;
    }
    // Most rows differ in their first cell: compare that one first.
    let same = |i: usize| {
        let cell = cells.cell(i);
        let (cell, expected) = (cell.trim(), header.get(i).map_or("", String::as_str));
        cell.eq_ignore_ascii_case(expected)
            || (!(cell.is_ascii() && expected.is_ascii())
                && cell.to_lowercase() == expected.to_lowercase())
    };
    let count = cells.count().max(header.len());
    count > 0 && same(0) && (1..count).all(same)
}

/// File signatures of things that are not record files, for a clear message.
const NOT_RECORDS: &[(&[u8], &str)] = &[
    (b"\x89PNG", "a PNG image"),
    (b"%PDF", "a PDF document"),
    (b"\xFF\xD8\xFF", "a JPEG image"),
    (b"GIF8", "a GIF image"),
    (b"\x1F\x8B", "a gzip archive"),
    (
        b"\xD0\xCF\x11\xE0",
        "an Excel 97-2003 .xls workbook or other legacy Office file; save it as .xlsx or CSV",
    ),
    (b"Rar!", "a RAR archive"),
    (b"7z\xBC\xAF", "a 7-Zip archive"),
];

/// Reads one file's table into `sink`, choosing the reader from its first bytes.
///
/// Fails only when the file as a whole cannot be read: not a record file,
/// no header, a header without the required columns, an I/O error.
pub(crate) fn read_table<R: Read + Seek, S: TableSink>(
    name: &str,
    mut reader: R,
    options: &ReadOptions,
    sink: &mut S,
) -> Result<TableFormat, FileError> {
    let fail = |kind| FileError::new(name, kind);
    let mut magic = [0u8; 8];
    let magic_len = read_up_to(&mut reader, &mut magic).map_err(|e| fail(FileErrorKind::Io(e)))?;
    let magic = &magic[..magic_len];
    reader
        .seek(SeekFrom::Start(0))
        .map_err(|e| fail(FileErrorKind::Io(e)))?;
    if let Some((_, found)) = NOT_RECORDS.iter().find(|(sig, _)| magic.starts_with(sig)) {
        return Err(fail(FileErrorKind::NotRecords { found }));
    }
    if magic.starts_with(ZIP) {
        let choice = workbook::read_workbook(reader, options, sink).map_err(fail)?;
        return Ok(TableFormat::Workbook(choice));
    }
    delimited::read_delimited(reader, options, sink).map_err(fail)
}

/// A zip's first bytes (`.xlsx`, `.ods`).
const ZIP: &[u8] = b"PK\x03\x04";

/// Whether a file that starts with `first` (at least its first 8 bytes, or
/// all of a shorter file) is one `read_table` reads as delimited text,
/// as [`read_text_table`] does.
pub fn is_text_table(first: &[u8]) -> bool {
    let magic = &first[..first.len().min(8)];
    !magic.starts_with(ZIP) && !NOT_RECORDS.iter().any(|(sig, _)| magic.starts_with(sig))
}

/// Reads a file that [`is_text_table`] says is delimited text, as
/// `read_table` would, without the workbook readers: the page's reading
/// worker reads only text, so their code is not built a second time for
/// its sink.
pub fn read_text_table<R: Read, S: TableSink>(
    name: &str,
    reader: R,
    options: &ReadOptions,
    sink: &mut S,
) -> Result<TableFormat, FileError> {
    delimited::read_delimited(reader, options, sink).map_err(|kind| FileError::new(name, kind))
}

/// Fills as much of `buf` as the reader gives before its end.
fn read_up_to<R: Read>(reader: &mut R, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
            Err(e) => return Err(e),
        }
    }
    Ok(filled)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_tables_are_told_from_workbooks_and_other_files_by_their_first_bytes() {
        assert!(is_text_table(b"Date,Site,Mode\n"));
        assert!(is_text_table(b""));
        assert!(is_text_table("\u{feff}Date;Site".as_bytes()));
        assert!(!is_text_table(b"PK\x03\x04\x14\x00\x06\x00"));
        for (signature, _) in NOT_RECORDS {
            assert!(!is_text_table(signature), "{signature:?}");
        }
    }
}
