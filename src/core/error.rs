//! The one fatal error of the engine: a file that cannot be read as records.
//!
//! A bad cell is never an error here: it rejects its row, and the report
//! says so. Only a file that as a whole cannot be read gives a [`FileError`].

use std::fmt;

use super::ingest::columns::Field;

/// A file that cannot be read as mentoring records, with the facts of why.
#[derive(Debug)]
pub struct FileError {
    /// The file's name as the user gave it.
    pub file: String,
    /// What went wrong.
    pub kind: FileErrorKind,
}

/// What made a file unreadable. `Display` on [`FileError`] turns these facts
/// into a message naming the file, what was expected and what was found.
#[derive(Debug)]
#[non_exhaustive]
pub enum FileErrorKind {
    /// Reading the bytes failed.
    Io(std::io::Error),
    /// The file holds no records at all (no header row).
    Empty,
    /// The bytes are another kind of file (an image, a PDF, an old `.xls`...).
    NotRecords {
        /// What the bytes look like.
        found: &'static str,
    },
    /// The CSV reader stopped at a line it could not parse.
    Csv {
        /// Physical line where the problem starts.
        line: u64,
        /// What the reader said.
        message: String,
    },
    /// The workbook could not be opened or read.
    Workbook(String),
    /// The named sheet is not in the workbook.
    NoSuchSheet {
        /// The sheet asked for.
        wanted: String,
        /// The sheets there are.
        available: Vec<String>,
    },
    /// Required columns were not found in the header.
    MissingColumns {
        /// Physical line of the header row.
        line: u64,
        /// Fields with no column.
        missing: Vec<Field>,
        /// The header as found.
        header: Vec<String>,
    },
    /// The file is larger than [`crate::core::ingest::MAX_FILE_BYTES`].
    FileTooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A line is longer than [`crate::core::ingest::MAX_LINE_BYTES`].
    LineTooLong {
        /// The line.
        line: u64,
        /// The limit.
        limit: usize,
    },
    /// A quote opened on `line` is never closed: the rest of the file would
    /// be one cell.
    UnclosedQuote {
        /// Line of the record with the open quote.
        line: u64,
        /// Lines that would be swallowed.
        lines: u64,
    },
    /// A row has more cells than [`crate::core::ingest::MAX_COLUMNS`].
    TooManyColumns {
        /// The line of the row.
        line: u64,
        /// Cells found.
        found: usize,
        /// The limit.
        limit: usize,
    },
    /// A workbook says it unpacks to more than [`crate::core::ingest::MAX_UNPACKED_BYTES`].
    UnpackedTooLarge {
        /// Bytes it claims when unpacked (`None`: it does not say).
        claimed: Option<u128>,
        /// The limit.
        limit: u64,
    },
    /// A manual mapping names a header the file does not have.
    NoSuchColumn {
        /// The field being mapped.
        field: Field,
        /// The header named by the user.
        wanted: String,
        /// The header as found.
        header: Vec<String>,
    },
    /// A file given as a REDCap data dictionary is not one.
    NotDictionary {
        /// Physical line of the row taken as its header (0: no such row).
        line: u64,
        /// That row's cells as found (empty: the file has no text row).
        header: Vec<String>,
        /// What the file is instead, where that is known (a data export...).
        found: Option<&'static str>,
    },
}

impl FileError {
    /// Makes an error for `file`.
    pub fn new(file: &str, kind: FileErrorKind) -> Self {
        FileError {
            file: file.to_string(),
            kind,
        }
    }
}

fn quoted_list(items: &[String]) -> String {
    let shown: Vec<String> = items.iter().take(20).map(|h| format!("{h:?}")).collect();
    let mut out = shown.join(", ");
    if items.len() > 20 {
        out.push_str(&format!(" and {} more", items.len() - 20));
    }
    out
}

/// Bytes as megabytes for messages: `50 MB`, `2,048 MB`.
fn megabytes(bytes: f64) -> String {
    let mb = bytes / 1_000_000.0;
    if mb >= 10.0 {
        format!("{:.0} MB", mb)
    } else {
        format!("{:.1} MB", mb)
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.file)?;
        match &self.kind {
            FileErrorKind::Io(e) => write!(f, "cannot be read: {e}"),
            FileErrorKind::Empty => write!(
                f,
                "holds no records (expected a header row such as Date,Site,Mode,... and one row per contact; found nothing)"
            ),
            FileErrorKind::NotRecords { found } => write!(
                f,
                "is not a record file (expected CSV, TSV or .xlsx; found {found})"
            ),
            FileErrorKind::Csv { line, message } => {
                write!(f, "line {line}: cannot be read as CSV: {message}")
            }
            FileErrorKind::Workbook(message) => {
                write!(f, "cannot be read as an Excel workbook: {message}")
            }
            FileErrorKind::NoSuchSheet { wanted, available } => write!(
                f,
                "has no sheet named {wanted:?} (expected one of: {})",
                quoted_list(available)
            ),
            FileErrorKind::MissingColumns {
                line,
                missing,
                header,
            } => {
                let names: Vec<String> = missing
                    .iter()
                    .map(|m| format!("{} (e.g. {})", m.name(), m.example_headers()))
                    .collect();
                write!(
                    f,
                    "line {line}: no column for {} (found the columns {}); map the columns by hand (--column FIELD=HEADER)",
                    names.join(", "),
                    quoted_list(header)
                )?;
                if header.len() == 1 {
                    write!(
                        f,
                        ", or, as the header is a single column, choose the delimiter by hand (--delimiter)"
                    )?;
                }
                Ok(())
            }
            FileErrorKind::FileTooLarge { size, limit } => write!(
                f,
                "is too large to read: {} (the limit is {})",
                megabytes(*size as f64),
                megabytes(*limit as f64)
            ),
            FileErrorKind::LineTooLong { line, limit } => write!(
                f,
                "line {line}: is longer than {} (expected rows of a record file; found a line with no line break for over {} bytes)",
                megabytes(*limit as f64),
                limit
            ),
            FileErrorKind::UnclosedQuote { line, lines } => write!(
                f,
                "line {line}: a quote (\") opened in this row is never closed, so the {lines} lines after it would be read as one cell instead of rows; close the quote in the file, or remove it"
            ),
            FileErrorKind::TooManyColumns { line, found, limit } => write!(
                f,
                "line {line}: has {found} columns (expected at most {limit}, as many as Excel allows)"
            ),
            FileErrorKind::UnpackedTooLarge { claimed, limit } => match claimed {
                Some(claimed) => write!(
                    f,
                    "is a workbook that unpacks to {} (the limit is {}); save the sheet as CSV instead",
                    megabytes(*claimed as f64),
                    megabytes(*limit as f64)
                ),
                None => write!(
                    f,
                    "is a workbook that does not say how large it unpacks (the limit is {}); save the sheet as CSV instead",
                    megabytes(*limit as f64)
                ),
            },
            FileErrorKind::NoSuchColumn {
                field,
                wanted,
                header,
            } => write!(
                f,
                "no column named {wanted:?} for {} (found the columns {})",
                field.name(),
                quoted_list(header)
            ),
            FileErrorKind::NotDictionary {
                line,
                header,
                found,
            } => {
                if *line > 0 {
                    write!(f, "line {line}: ")?;
                }
                write!(
                    f,
                    "is not a REDCap data dictionary (expected the columns \"Variable / Field Name\", \"Field Type\" and \"Choices, Calculations, OR Slider Labels\", as the project's Data Dictionary page downloads them in CSV; found "
                )?;
                match (header.is_empty(), found) {
                    (true, Some(found)) => write!(f, "{found}")?,
                    (true, None) => write!(f, "no text")?,
                    (false, found) => {
                        write!(f, "the columns {}", quoted_list(header))?;
                        if let Some(found) = found {
                            write!(f, ": {found}")?;
                        }
                    }
                }
                write!(f, ")")
            }
        }
    }
}

impl std::error::Error for FileError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match &self.kind {
            FileErrorKind::Io(e) => Some(e),
            _ => None,
        }
    }
}
