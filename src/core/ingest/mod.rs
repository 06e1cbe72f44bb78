//! Ingest: from a file's bytes to rows of cells, whatever the format.
//!
//! [`read_table`] looks at the first bytes, picks the reader (delimited text
//! in [`delimited`], after [`decode`] has turned it into UTF-8; or an `.xlsx`
//! workbook in [`xlsx`]) and pushes the header and then each row into a
//! [`TableSink`], one at a time. Nothing here knows what a mentoring record
//! is beyond the header mapping in [`columns`].

pub mod columns;
pub mod decode;
pub mod delimited;
#[cfg(not(target_arch = "wasm32"))]
pub mod pipeline;
pub mod redcap;
pub mod xlsx;

use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom};

use super::error::{FileError, FileErrorKind};
use columns::{ColumnMap, ColumnOverride};

/// Largest file read: 2 GiB (the page refuses a larger one before reading it).
pub const MAX_FILE_BYTES: u64 = 2 << 30;
/// Longest line of a text file: 1 MiB. A longer one means the bytes are not
/// rows of a record file; the reader stops there instead of holding it.
pub const MAX_LINE_BYTES: usize = 1 << 20;
/// Most cells in a row: 16,384, Excel's own limit.
pub const MAX_COLUMNS: usize = 16_384;
/// Most bytes a workbook may unpack to: 1 GiB.
pub const MAX_UNPACKED_BYTES: u64 = 1 << 30;
/// How many rows may stand above the header (titles of an export).
pub const MAX_ROWS_ABOVE_HEADER: usize = 20;

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

/// How to read one file; every option defaults to "detect".
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ReadOptions {
    /// Field delimiter of a text file; `None` sniffs among `,`, `;` and tab.
    pub delimiter: Option<u8>,
    /// Sheet of a workbook; `None` takes the first visible one.
    pub sheet: Option<String>,
    /// Manual column mapping, applied before header synonyms.
    pub columns: Vec<ColumnOverride>,
}

/// How a file was read, for the file list and the notices.
#[derive(Clone, Debug, PartialEq, Eq)]
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
    /// An Excel workbook.
    Workbook {
        /// The sheet read.
        sheet: String,
    },
}

impl TableFormat {
    /// A short description such as `CSV (UTF-8, ';')` or `Excel sheet "Log"`.
    pub fn describe(&self) -> String {
        match self {
            TableFormat::Delimited {
                encoding,
                delimiter,
                ..
            } => format!("{}, {}", encoding.name(), delimiter_name(*delimiter)),
            TableFormat::Workbook { sheet } => format!("Excel workbook, sheet {sheet:?}"),
        }
    }
}

/// How a delimiter is named in messages.
pub fn delimiter_name(delimiter: u8) -> String {
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
}

/// Receives a table, row by row.
pub trait TableSink {
    /// The header row, at physical line `line`, below `rows_above` rows
    /// that were not the header (titles). An error stops the file.
    fn header(&mut self, line: u64, header: &[&str], rows_above: u64) -> Result<(), FileErrorKind>;
    /// A row after the header that is not blank, starting at physical line `line`.
    fn row<C: Cells>(&mut self, line: u64, cells: &C);
    /// How many empty lines and blank rows (every cell empty) the file
    /// has; they are not records. Called once, after the last row.
    fn blank_rows(&mut self, count: u64);
}

/// Routes a table's rows to a sink, the same way for every format.
///
/// The header is the first row that names the required columns (by synonym
/// or by the user's mapping), if one of the first rows that are not blank
/// does ([`MAX_ROWS_ABOVE_HEADER`] may stand above it); rows above it are
/// titles. Where none
/// does, the first row is taken as the header so that the error names what
/// it holds. Blank rows are counted; every row after the header goes to the
/// sink.
#[derive(Debug)]
pub struct RowRouter<'a> {
    overrides: &'a [ColumnOverride],
    have_header: bool,
    blank: u64,
    above: Vec<(u64, Vec<String>)>,
}

impl<'a> RowRouter<'a> {
    /// A router that maps headers with the user's `overrides`.
    pub fn new(overrides: &'a [ColumnOverride]) -> Self {
        RowRouter {
            overrides,
            have_header: false,
            blank: 0,
            above: Vec::new(),
        }
    }

    /// Takes the row at physical line `line`.
    pub fn push<C: Cells, S: TableSink>(
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
            self.blank += 1;
            return Ok(());
        }
        if self.have_header {
            sink.row(line, cells);
            return Ok(());
        }
        let header: Vec<String> = (0..cells.count())
            .map(|i| cells.cell(i).trim().to_string())
            .collect();
        let names: Vec<&str> = header.iter().map(String::as_str).collect();
        if ColumnMap::from_header(&names, self.overrides).is_ok() {
            sink.header(line, &names, self.above.len() as u64)?;
            self.have_header = true;
            self.above = Vec::new();
        } else if self.above.len() < MAX_ROWS_ABOVE_HEADER {
            self.above.push((line, header));
        } else {
            return self.first_row_as_header(sink);
        }
        Ok(())
    }

    /// No row maps: the first one is the header, and its error is the file's.
    fn first_row_as_header<S: TableSink>(&mut self, sink: &mut S) -> Result<(), FileErrorKind> {
        match self.above.first() {
            Some((line, header)) => {
                let names: Vec<&str> = header.iter().map(String::as_str).collect();
                sink.header(*line, &names, 0)?;
                // The sink took it after all: the rows after it were data.
                Err(FileErrorKind::Empty)
            }
            None => Err(FileErrorKind::Empty),
        }
    }

    /// Ends the table; `empty_lines` are lines the reader skipped itself.
    /// Fails when no header was found.
    pub fn finish<S: TableSink>(
        mut self,
        sink: &mut S,
        empty_lines: u64,
    ) -> Result<(), FileErrorKind> {
        if !self.have_header {
            return self.first_row_as_header(sink);
        }
        sink.blank_rows(self.blank + empty_lines);
        Ok(())
    }
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
pub fn read_table<R: Read + Seek, S: TableSink>(
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
    if magic.starts_with(b"PK\x03\x04") {
        let sheet = xlsx::read_workbook(reader, options, sink).map_err(fail)?;
        return Ok(TableFormat::Workbook { sheet });
    }
    delimited::read_delimited(reader, options, sink).map_err(fail)
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
