//! Excel `.xlsx` workbooks, read with `calamine`.
//!
//! A workbook is a zip archive, so it is opened whole (it needs `Seek`);
//! its rows are then pushed to the sink like those of a text file. Cells
//! become text the value parsers read: a date cell becomes `YYYY-MM-DD`, a
//! time or duration cell `H:MM:SS`, a whole number its digits.

use std::borrow::Cow;
use std::io::{Read, Seek, SeekFrom};

use calamine::{open_workbook_from_rs, Data, Reader, SheetVisible, Xlsx};

use super::{Cells, ReadOptions, RowRouter, TableSink, MAX_UNPACKED_BYTES};
use crate::core::error::FileErrorKind;

/// Refuses a workbook whose zip directory says it unpacks to more than
/// [`MAX_UNPACKED_BYTES`], before anything is inflated; leaves the reader at
/// the start. The sizes are those the central directory states for each
/// entry (it states them even where local headers defer to a descriptor).
fn check_unpacked_size<R: Read + Seek>(reader: &mut R) -> Result<(), FileErrorKind> {
    let mut archive =
        zip::ZipArchive::new(&mut *reader).map_err(|e| FileErrorKind::Workbook(e.to_string()))?;
    let mut claimed = 0u128;
    for i in 0..archive.len() {
        let entry = archive
            .by_index_raw(i)
            .map_err(|e| FileErrorKind::Workbook(e.to_string()))?;
        claimed += u128::from(entry.size());
    }
    drop(archive);
    reader.seek(SeekFrom::Start(0)).map_err(FileErrorKind::Io)?;
    if claimed > u128::from(MAX_UNPACKED_BYTES) {
        return Err(FileErrorKind::UnpackedTooLarge {
            claimed: Some(claimed),
            limit: MAX_UNPACKED_BYTES,
        });
    }
    Ok(())
}

/// One worksheet row's cells.
struct RowCells<'a>(&'a [Data]);

/// The text of one workbook cell.
pub fn cell_text(cell: &Data) -> Cow<'_, str> {
    match cell {
        Data::Empty => Cow::Borrowed(""),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Cow::Borrowed(s),
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

/// Reads the chosen sheet of a workbook into `sink`; returns the sheet's name.
pub fn read_workbook<R: Read + Seek, S: TableSink>(
    mut reader: R,
    options: &ReadOptions,
    sink: &mut S,
) -> Result<String, FileErrorKind> {
    check_unpacked_size(&mut reader)?;
    let mut workbook: Xlsx<R> = open_workbook_from_rs(reader)
        .map_err(|e: calamine::XlsxError| FileErrorKind::Workbook(e.to_string()))?;
    let sheets = workbook.sheets_metadata().to_vec();
    let sheet = match &options.sheet {
        Some(wanted) => sheets
            .iter()
            .find(|s| s.name == *wanted)
            .or_else(|| sheets.iter().find(|s| s.name.eq_ignore_ascii_case(wanted)))
            .ok_or_else(|| FileErrorKind::NoSuchSheet {
                wanted: wanted.clone(),
                available: sheets.iter().map(|s| s.name.clone()).collect(),
            })?,
        None => sheets
            .iter()
            .find(|s| s.visible == SheetVisible::Visible)
            .or(sheets.first())
            .ok_or(FileErrorKind::Empty)?,
    }
    .name
    .clone();
    let range = workbook
        .worksheet_range(&sheet)
        .map_err(|e| FileErrorKind::Workbook(e.to_string()))?;
    let first_row = range.start().map_or(0, |(row, _)| u64::from(row));
    let mut router = RowRouter::new(&options.columns);
    for (i, row) in range.rows().enumerate() {
        router.push(sink, first_row + i as u64 + 1, &RowCells(row))?;
    }
    router.finish(sink, 0)?;
    Ok(sheet)
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
    fn whole_floats_lose_their_fraction() {
        assert_eq!(cell_text(&Data::Float(45.0)), "45");
        assert_eq!(cell_text(&Data::Float(1.5)), "1.5");
    }
}
