//! The one fatal error of the engine: a file that cannot be read as records.
//!
//! A bad cell is never an error here: it rejects its row, and the report
//! says so. Only a file that as a whole cannot be read gives a [`FileError`].

use std::fmt;

use super::columns::Field;
use super::columns::HeaderNeeds;
use super::MAX_LINE_BYTES;

/// Why a table has no header row, with the facts a message needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NoHeader {
    /// Line (or sheet row) of the row that names the most fields.
    pub line: u64,
    /// The sheet it is on, in a workbook.
    pub sheet: Option<String>,
    /// Every sheet of the workbook (empty for a text file).
    pub sheets: Vec<String>,
    /// That row's cells.
    pub header: Vec<String>,
    /// Fields it names, with the header of each.
    pub found: Vec<(Field, String)>,
    /// Required fields it does not name.
    pub missing: Vec<Field>,
    /// For each missing field, the unused column whose values look most
    /// like that field's (or the first unused column).
    pub suggestions: Vec<(Field, String)>,
    /// A few values below the row, per column (for choosing by hand).
    pub samples: Vec<Vec<String>>,
    /// Months or dates across the row (a summary table, not a log), when
    /// three or more of its cells are such.
    pub months_across: Vec<String>,
    /// What the header was to name.
    pub needs: HeaderNeeds,
}

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
    /// No row names the required columns: the facts of the row that
    /// names the most fields.
    NoHeader(Box<NoHeader>),
    /// The mode column holds only small whole numbers: codes of a REDCap
    /// (or other) export, not labels.
    CodedModes {
        /// The mode column's header.
        column: String,
        /// The first few codes found.
        codes: Vec<String>,
        /// Whether the file is a REDCap export.
        redcap: bool,
    },
    /// The file is larger than [`super::MAX_FILE_BYTES`].
    FileTooLarge {
        /// Its size in bytes.
        size: u64,
        /// The limit.
        limit: u64,
    },
    /// A line is longer than the limit (1 MiB).
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
    /// A row has more cells than the limit (16,384, as Excel).
    TooManyColumns {
        /// The line of the row.
        line: u64,
        /// Cells found.
        found: usize,
        /// The limit.
        limit: usize,
    },
    /// A workbook says it unpacks to more than the limit (1 GiB).
    UnpackedTooLarge {
        /// Bytes it claims when unpacked (`None`: it does not say).
        claimed: Option<u128>,
        /// The limit.
        limit: u64,
    },
    /// A REDCap data dictionary was given as a record file.
    DataDictionary,
    /// A file given as a REDCap data dictionary is not one.
    NotDictionary {
        /// Physical line of the row taken as its header (0: no such row).
        line: u64,
        /// That row's cells as found (empty: the file has no text row).
        header: Vec<String>,
        /// What the file is instead, where that is known (a data export...).
        found: Option<&'static str>,
    },
    /// A site outcome file gives the same site on two rows (the same name
    /// up to case and spacing, or names counted as one with `--same`).
    SiteTwice {
        /// The site, as the first of the two rows names it.
        site: String,
        /// Physical line of the first row.
        first_line: u64,
        /// Physical line of the second row.
        second_line: u64,
        /// The site as the second row names it.
        second_name: String,
    },
    /// A site outcome file has no measure: no column below its header
    /// holds a number (or it has no rows at all).
    NoMeasures {
        /// Line of the header (0: the file holds nothing).
        line: u64,
        /// The header's cells.
        header: Vec<String>,
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

    /// The message as the web page shows it: the same facts, with the fix
    /// in the page's own words (its controls) rather than the command
    /// line's flags. `Display` gives the command line's message.
    pub fn page_message(&self) -> String {
        let mut out = format!("{}: ", self.file);
        let _ = match &self.kind {
            FileErrorKind::NoHeader(failure) => write_no_header(&mut out, failure)
                .and_then(|()| write_no_header_fix(&mut out, failure, Shell::Page)),
            FileErrorKind::CodedModes {
                column,
                codes,
                redcap,
            } => write_coded_modes(&mut out, column, codes)
                .and_then(|()| write_coded_modes_fix(&mut out, *redcap, Shell::Page)),
            FileErrorKind::DataDictionary => {
                out.push_str("is a REDCap data dictionary: it is used to read the coded values of the other files");
                Ok(())
            }
            _ => return self.to_string(),
        };
        out
    }
}

/// Who reads a message, and so how its fix is worded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Shell {
    CommandLine,
    Page,
}

fn field_list(fields: &[Field]) -> String {
    let names: Vec<&str> = fields.iter().map(|f| f.name()).collect();
    match names.as_slice() {
        [] => String::new(),
        [one] => one.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

fn write_no_header(f: &mut impl fmt::Write, failure: &NoHeader) -> fmt::Result {
    let place = match &failure.sheet {
        Some(sheet) => format!("sheet {sheet:?} line {}", failure.line),
        None => format!("line {}", failure.line),
    };
    if !failure.months_across.is_empty() {
        return write!(
            f,
            "{place}: this is a summary table, with months or dates across its header ({}), not a log of contacts; the calculator reads a log with one row per contact (columns such as Date, Site, Mode, Duration), so give it the log the table was made from",
            quoted_list(&failure.months_across)
        );
    }
    let found: Vec<String> = failure
        .found
        .iter()
        .map(|(field, header)| format!("{field} in {header:?}"))
        .collect();
    let missing: Vec<String> = failure
        .missing
        .iter()
        .map(|m| format!("{} (a header such as {})", m.name(), m.example_headers()))
        .collect();
    let wanted = match failure.needs {
        HeaderNeeds::Records => field_list(failure.needs.fields()),
        HeaderNeeds::SiteTable => "the site beside other columns".to_string(),
    };
    let lacks = if missing.is_empty() {
        "no column beside the site's".to_string()
    } else {
        format!("no column for {}", missing.join(", "))
    };
    write!(
        f,
        "no header row naming {wanted} was found; the row that names the most fields is {place} ({}), with the columns {}; it has {lacks}",
        if found.is_empty() {
            "it names none".to_string()
        } else {
            format!("it names {}", found.join(", "))
        },
        quoted_list(&failure.header),
    )?;
    if !failure.sheets.is_empty() {
        write!(
            f,
            "; the workbook's sheets are {}",
            quoted_list(&failure.sheets)
        )?;
    }
    Ok(())
}

fn write_no_header_fix(f: &mut impl fmt::Write, failure: &NoHeader, shell: Shell) -> fmt::Result {
    if !failure.months_across.is_empty() {
        return Ok(());
    }
    let single = failure.header.iter().filter(|h| !h.is_empty()).count() == 1;
    match shell {
        Shell::CommandLine => {
            if !failure.suggestions.is_empty() {
                let flags: Vec<String> = failure
                    .suggestions
                    .iter()
                    .map(|(field, header)| format!("--column {field}={header:?}"))
                    .collect();
                write!(
                    f,
                    ". If that row is the header, map the missing columns by hand: {}",
                    flags.join(" ")
                )?;
            } else {
                write!(
                    f,
                    ". Map the missing columns by hand (--column FIELD=\"HEADER\")"
                )?;
            }
            if single {
                write!(
                    f,
                    "; or, as the row is a single column, choose the delimiter (--delimiter)"
                )?;
            }
            if failure.sheets.len() > 1 {
                write!(f, "; or choose another sheet (--sheet NAME)")?;
            }
        }
        Shell::Page => {
            write!(
                f,
                ". If that row is the header, choose the column of each missing field below"
            )?;
            if !failure.suggestions.is_empty() {
                let guesses: Vec<String> = failure
                    .suggestions
                    .iter()
                    .map(|(field, header)| format!("{field}: perhaps {header:?}"))
                    .collect();
                write!(f, " ({})", guesses.join("; "))?;
            }
            if single {
                write!(
                    f,
                    "; or, as the row is a single column, choose the delimiter"
                )?;
            }
            if failure.sheets.len() > 1 {
                write!(f, "; or choose another sheet")?;
            }
        }
    }
    Ok(())
}

fn write_coded_modes(f: &mut impl fmt::Write, column: &str, codes: &[String]) -> fmt::Result {
    write!(
        f,
        "the mode column {column:?} holds only numbers ({}): codes, not labels such as Phone or Teams, so no contact's mode can be read",
        codes.join(", ")
    )
}

fn write_coded_modes_fix(f: &mut impl fmt::Write, redcap: bool, shell: Shell) -> fmt::Result {
    let export = if redcap {
        "export the data again with labels (in REDCap's export, choose labels rather than raw data)"
    } else {
        "save the file with labels instead of codes"
    };
    match shell {
        Shell::CommandLine => write!(
            f,
            "; {export}, or give the data dictionary that says what each code means (--codebook FILE), or say it code by code (--value mode:1=phone)"
        ),
        Shell::Page => write!(
            f,
            "; {export}, or add the project's data dictionary (the REDCap Data Dictionary CSV) beside this file"
        ),
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
    // Long: one arm per kind of error, each its own message.
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
            FileErrorKind::NoHeader(failure) => {
                write_no_header(f, failure)?;
                write_no_header_fix(f, failure, Shell::CommandLine)
            }
            FileErrorKind::CodedModes {
                column,
                codes,
                redcap,
            } => {
                write_coded_modes(f, column, codes)?;
                write_coded_modes_fix(f, *redcap, Shell::CommandLine)
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
            FileErrorKind::DataDictionary => write!(
                f,
                "is a REDCap data dictionary, not a log of contacts; give it with --codebook FILE, and the coded values of the exports are read as their labels"
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
            FileErrorKind::SiteTwice {
                site,
                first_line,
                second_line,
                second_name,
            } => {
                let spelt = if second_name == site {
                    String::new()
                } else {
                    format!(" (line {second_line} writes it {second_name:?})")
                };
                write!(
                    f,
                    "lines {first_line} and {second_line} both give the outcomes of site {site:?}{spelt}, and a site outcome file has one row per site; keep one of the two rows, or give them different names if they are different sites"
                )
            }
            FileErrorKind::NoMeasures { line, header } => {
                if *line == 0 {
                    write!(f, "holds no site outcomes (expected a header row with a site column and columns of numbers, such as Site,Participants recruited,Retention, and one row per site; found nothing)")
                } else {
                    write!(
                        f,
                        "line {line}: no column below the header {} holds a number, so there is no outcome measure (expected a site column and columns of numbers, such as Site,Participants recruited,Retention, one row per site)",
                        quoted_list(header)
                    )
                }
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

/// The error [`LineBreaks`] stops with at a line over [`MAX_LINE_BYTES`].
#[derive(Debug)]
pub(crate) struct LineTooLong {
    pub line: u64,
}

impl std::fmt::Display for LineTooLong {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {} is too long", self.line)
    }
}

impl std::error::Error for LineTooLong {}

/// What a csv reader's error means for the file: a line over the limit
/// ([`LineBreaks`] stops with one), the stream's own error, or text the
/// reader cannot split, with its line.
pub(crate) fn csv_error(e: csv::Error) -> FileErrorKind {
    let line = e.position().map_or(0, |p| p.line());
    match e.into_kind() {
        csv::ErrorKind::Io(io) => {
            match io.get_ref().and_then(|e| e.downcast_ref::<LineTooLong>()) {
                Some(too_long) => FileErrorKind::LineTooLong {
                    line: too_long.line,
                    limit: MAX_LINE_BYTES,
                },
                None => FileErrorKind::Io(io),
            }
        }
        other => FileErrorKind::Csv {
            line,
            message: format!("{other:?}"),
        },
    }
}
