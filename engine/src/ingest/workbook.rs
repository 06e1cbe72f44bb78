//! Workbooks: Excel `.xlsx` and LibreOffice `.ods`, read with `calamine`.
//!
//! A workbook is a zip archive, so it is opened whole (it needs `Seek`).
//! The sheet read is the one the user names, where the workbook has it;
//! otherwise the first visible sheet whose header names the required
//! columns (a cover or instructions sheet is passed over, and a notice says
//! so). Its rows are then pushed to the sink like those of a text file.
//! Cells become text the value parsers read: a date cell becomes
//! `YYYY-MM-DD`, a time or duration cell `H:MM:SS`, a whole number its
//! digits.

use std::borrow::Cow;
use std::fmt::Display;
use std::io::{Read, Seek, SeekFrom};

use calamine::{open_workbook_from_rs, Data, Ods, Range, Reader, SheetVisible, Xlsx};

use super::error::FileErrorKind;
use super::error::NoHeader;
use super::header::{HeaderSearch, Offer};
use super::{Cells, ReadOptions, RowRouter, TableSink, MAX_UNPACKED_BYTES};

/// The kinds of workbook read.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum WorkbookKind {
    /// Office Open XML (`.xlsx`), as Excel saves.
    Xlsx,
    /// OpenDocument (`.ods`), as LibreOffice saves.
    Ods,
}

impl WorkbookKind {
    /// How messages name it.
    pub fn name(self) -> &'static str {
        match self {
            WorkbookKind::Xlsx => "Excel workbook",
            WorkbookKind::Ods => "LibreOffice workbook",
        }
    }
}

/// Which sheet of a workbook was read, and why.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SheetChoice {
    /// The kind of workbook.
    pub kind: WorkbookKind,
    /// The sheet read.
    pub sheet: String,
    /// Every sheet of the workbook, in order.
    pub sheets: Vec<String>,
    /// Visible sheets before it that have no header row (a cover or
    /// instructions sheet).
    pub passed_over: Vec<String>,
    /// The sheet the user named, where this workbook has no such sheet.
    pub requested_missing: Option<String>,
}

/// The OpenDocument spreadsheet's media type, stored first in its zip.
const ODS_MIMETYPE: &[u8] = b"application/vnd.oasis.opendocument.spreadsheet";

/// Refuses a workbook whose zip directory says it unpacks to more than
/// [`MAX_UNPACKED_BYTES`], before anything is inflated, and tells an `.ods`
/// from an `.xlsx` by its `mimetype` entry; leaves the reader at the start.
/// The sizes are those the central directory states for each entry (it
/// states them even where local headers defer to a descriptor).
fn check_archive<R: Read + Seek>(reader: &mut R) -> Result<WorkbookKind, FileErrorKind> {
    let mut archive =
        zip::ZipArchive::new(&mut *reader).map_err(|e| FileErrorKind::Workbook(e.to_string()))?;
    let mut claimed = 0u128;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| FileErrorKind::Workbook(e.to_string()))?;
        claimed += u128::from(entry.size());
    }
    if claimed > u128::from(MAX_UNPACKED_BYTES) {
        return Err(FileErrorKind::UnpackedTooLarge {
            claimed: Some(claimed),
            limit: MAX_UNPACKED_BYTES,
        });
    }
    let mut kind = WorkbookKind::Xlsx;
    // The OpenDocument `mimetype` entry is stored, not compressed: its raw
    // bytes are the text (and no inflater is built for this reader).
    if let Some(i) = archive.index_for_name("mimetype") {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| FileErrorKind::Workbook(e.to_string()))?;
        let mut head = Vec::with_capacity(ODS_MIMETYPE.len());
        entry
            .take(ODS_MIMETYPE.len() as u64)
            .read_to_end(&mut head)
            .map_err(FileErrorKind::Io)?;
        if head == ODS_MIMETYPE {
            kind = WorkbookKind::Ods;
        }
    }
    drop(archive);
    reader.seek(SeekFrom::Start(0)).map_err(FileErrorKind::Io)?;
    Ok(kind)
}

/// One worksheet row's cells.
struct RowCells<'a>(&'a [Data]);

/// The text of one workbook cell.
pub(crate) fn cell_text(cell: &Data) -> Cow<'_, str> {
    match cell {
        Data::Empty => Cow::Borrowed(""),
        Data::String(s) | Data::DateTimeIso(s) => Cow::Borrowed(s),
        Data::DurationIso(s) => iso_duration(s).map_or(Cow::Borrowed(s.as_str()), Cow::Owned),
        Data::Int(n) => Cow::Owned(n.to_string()),
        Data::Float(x) => Cow::Owned(float_text(*x)),
        Data::Bool(b) => Cow::Borrowed(if *b { "TRUE" } else { "FALSE" }),
        Data::DateTime(dt) => {
            let value = dt.as_f64();
            if dt.is_duration() || (0.0..1.0).contains(&value) {
                let seconds = (value * 86_400.0).round() as i64;
                let sign = if seconds < 0 { "-" } else { "" };
                let seconds = seconds.abs();
                Cow::Owned(format!(
                    "{sign}{}:{:02}:{:02}",
                    seconds / 3600,
                    seconds / 60 % 60,
                    seconds % 60
                ))
            } else {
                let (y, m, d, ..) = dt.to_ymd_hms_milli();
                Cow::Owned(format!("{y:04}-{m:02}-{d:02}"))
            }
        }
        Data::Error(e) => Cow::Owned(format!("#{e:?}")),
    }
}

/// An ISO 8601 duration as LibreOffice writes a time cell (`PT01H15M00S`),
/// as `H:MM:SS`; `None` for any other form.
fn iso_duration(text: &str) -> Option<String> {
    let rest = text.strip_prefix("PT")?;
    let mut seconds = 0.0;
    let mut number = String::new();
    for c in rest.chars() {
        match c {
            '0'..='9' | '.' => number.push(c),
            'H' | 'M' | 'S' => {
                let value: f64 = number.parse().ok()?;
                number.clear();
                seconds += value
                    * match c {
                        'H' => 3600.0,
                        'M' => 60.0,
                        _ => 1.0,
                    };
            }
            _ => return None,
        }
    }
    if !number.is_empty() {
        return None;
    }
    let seconds = seconds.round() as u64;
    Some(format!(
        "{}:{:02}:{:02}",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60
    ))
}

/// Whole numbers print without a fraction, so that `45.0` reads as `45`.
fn float_text(x: f64) -> String {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        format!("{}", x as i64)
    } else {
        format!("{x}")
    }
}

impl Cells for RowCells<'_> {
    fn cell(&self, index: usize) -> Cow<'_, str> {
        self.0.get(index).map_or(Cow::Borrowed(""), cell_text)
    }

    fn count(&self) -> usize {
        self.0.len()
    }
}

/// Reads the sheet to read of a workbook (`.xlsx` or `.ods`) into `sink`.
pub(crate) fn read_workbook<R: Read + Seek, S: TableSink>(
    mut reader: R,
    options: &ReadOptions,
    sink: &mut S,
) -> Result<SheetChoice, FileErrorKind> {
    match check_archive(&mut reader)? {
        WorkbookKind::Xlsx => {
            let mut workbook: Xlsx<R> = open_workbook_from_rs(reader).map_err(workbook_error)?;
            read_sheets(&mut workbook, WorkbookKind::Xlsx, options, sink)
        }
        WorkbookKind::Ods => {
            let mut workbook: Ods<R> = open_workbook_from_rs(reader).map_err(workbook_error)?;
            read_sheets(&mut workbook, WorkbookKind::Ods, options, sink)
        }
    }
}

fn workbook_error(e: impl Display) -> FileErrorKind {
    FileErrorKind::Workbook(e.to_string())
}

/// A workbook of either kind, as the sheet chooser sees it (one copy of
/// the chooser's code serves both kinds).
trait Sheets {
    /// Each sheet's name and whether it is visible, in order.
    fn list(&self) -> Vec<(String, bool)>;
    /// A sheet's cells.
    fn range(&mut self, name: &str) -> Result<Range<Data>, FileErrorKind>;
}

fn sheet_list(sheets: &[calamine::Sheet]) -> Vec<(String, bool)> {
    sheets
        .iter()
        .map(|s| (s.name.clone(), s.visible == SheetVisible::Visible))
        .collect()
}

impl<R: Read + Seek> Sheets for Xlsx<R> {
    fn list(&self) -> Vec<(String, bool)> {
        sheet_list(self.sheets_metadata())
    }

    fn range(&mut self, name: &str) -> Result<Range<Data>, FileErrorKind> {
        self.worksheet_range(name).map_err(workbook_error)
    }
}

impl<R: Read + Seek> Sheets for Ods<R> {
    fn list(&self) -> Vec<(String, bool)> {
        sheet_list(self.sheets_metadata())
    }

    fn range(&mut self, name: &str) -> Result<Range<Data>, FileErrorKind> {
        self.worksheet_range(name).map_err(workbook_error)
    }
}

fn read_sheets<S: TableSink>(
    workbook: &mut dyn Sheets,
    kind: WorkbookKind,
    options: &ReadOptions,
    sink: &mut S,
) -> Result<SheetChoice, FileErrorKind> {
    let metadata = workbook.list();
    let sheets: Vec<String> = metadata.iter().map(|(name, _)| name.clone()).collect();
    let mut choice = SheetChoice {
        kind,
        sheet: String::new(),
        sheets: sheets.clone(),
        passed_over: Vec::new(),
        requested_missing: None,
    };
    if let Some(wanted) = &options.sheet {
        let named = sheets
            .iter()
            .find(|s| *s == wanted)
            .or_else(|| sheets.iter().find(|s| s.eq_ignore_ascii_case(wanted)));
        match named {
            Some(name) => {
                let range = workbook.range(name)?;
                read_range(&range, options, sink).map_err(|e| on_sheet(e, name, &sheets))?;
                choice.sheet = name.clone();
                return Ok(choice);
            }
            None => choice.requested_missing = Some(wanted.clone()),
        }
    }
    let visible: Vec<&String> = metadata
        .iter()
        .filter(|(_, visible)| *visible)
        .map(|(name, _)| name)
        .collect();
    let candidates: Vec<&String> = if visible.is_empty() {
        sheets.iter().collect()
    } else {
        visible
    };
    let mut best: Option<NoHeader> = None;
    for name in candidates {
        let range = workbook.range(name)?;
        let mut search = HeaderSearch::new(S::HEADER);
        if has_header(&range, &mut search, options) {
            read_range(&range, options, sink).map_err(|e| on_sheet(e, name, &sheets))?;
            choice.sheet = name.clone();
            return Ok(choice);
        }
        if let Some(mut failure) = search.failure(options) {
            failure.sheet = Some(name.clone());
            let better = best
                .as_ref()
                .is_none_or(|b| failure.found.len() > b.found.len());
            if better {
                best = Some(failure);
            }
        }
        choice.passed_over.push(name.clone());
    }
    match best {
        Some(mut failure) => {
            failure.sheets = sheets;
            Err(FileErrorKind::NoHeader(Box::new(failure)))
        }
        None => Err(FileErrorKind::Empty),
    }
}

/// Names the sheet in a missing-header error of that sheet.
fn on_sheet(error: FileErrorKind, sheet: &str, sheets: &[String]) -> FileErrorKind {
    match error {
        FileErrorKind::NoHeader(mut failure) => {
            failure.sheet = Some(sheet.to_string());
            failure.sheets = sheets.to_vec();
            FileErrorKind::NoHeader(failure)
        }
        other => other,
    }
}

/// The sheet row number (1-based) of each row of a range.
fn first_row(range: &Range<Data>) -> u64 {
    range.start().map_or(0, |(row, _)| u64::from(row))
}

/// Whether one of a sheet's first rows is a header row.
fn has_header(range: &Range<Data>, search: &mut HeaderSearch, options: &ReadOptions) -> bool {
    let first = first_row(range);
    for (i, row) in range.rows().enumerate() {
        let cells = RowCells(row);
        if cells.is_blank() {
            continue;
        }
        let text = (0..cells.count())
            .map(|c| cells.cell(c).trim().to_string())
            .collect();
        match search.offer(first + i as u64 + 1, text, options) {
            Offer::Header(_) => return true,
            Offer::NotYet => {}
            Offer::GaveUp => return false,
        }
    }
    false
}

fn read_range<S: TableSink>(
    range: &Range<Data>,
    options: &ReadOptions,
    sink: &mut S,
) -> Result<(), FileErrorKind> {
    let first = first_row(range);
    let mut router = RowRouter::new(options, S::HEADER);
    for (i, row) in range.rows().enumerate() {
        router.push(sink, first + i as u64 + 1, &RowCells(row))?;
    }
    router.finish(sink, 0)
}

#[cfg(test)]
mod tests {
    use super::*;
    use calamine::{ExcelDateTime, ExcelDateTimeType};

    #[test]
    fn date_cells_read_as_iso_dates() {
        // 43174 is 15 March 2018 in the 1900 date system (days since 1899-12-30).
        let cell = Data::DateTime(ExcelDateTime::new(
            43174.0,
            ExcelDateTimeType::DateTime,
            false,
        ));
        assert_eq!(cell_text(&cell), "2018-03-15");
    }

    #[test]
    fn time_cells_read_as_hours_minutes_seconds() {
        // 1 h 15 min is 75/1440 of a day.
        let cell = Data::DateTime(ExcelDateTime::new(
            75.0 / 1440.0,
            ExcelDateTimeType::DateTime,
            false,
        ));
        assert_eq!(cell_text(&cell), "1:15:00");
    }

    #[test]
    fn libreoffice_time_cells_read_as_hours_minutes_seconds() {
        let cell = Data::DurationIso("PT01H15M00S".to_string());
        assert_eq!(cell_text(&cell), "1:15:00");
        let cell = Data::DurationIso("PT00H45M30.4S".to_string());
        assert_eq!(cell_text(&cell), "0:45:30");
        assert_eq!(iso_duration("P1DT2H"), None);
    }

    #[test]
    fn whole_floats_lose_their_fraction() {
        assert_eq!(cell_text(&Data::Float(45.0)), "45");
        assert_eq!(cell_text(&Data::Float(1.5)), "1.5");
    }
}
