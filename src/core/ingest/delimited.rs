//! Delimited text (CSV, TSV, semicolon CSV) read record by record.
//!
//! The delimiter is sniffed from the first [`decode::SNIFF_LEN`] bytes; then
//! the `csv` crate reads the stream one `ByteRecord` at a time, reusing one
//! buffer, so memory does not grow with the file.

use std::borrow::Cow;
use std::collections::HashMap;
use std::io::{Cursor, Read};

use csv::{ByteRecord, ReaderBuilder};
use encoding_rs::WINDOWS_1252;

use super::decode::{self, utf8_reader};
use super::{read_up_to, Cells, ReadOptions, TableFormat, TableSink};
use crate::core::error::FileErrorKind;

/// Delimiters tried when sniffing, in order of preference on a tie.
pub const CANDIDATE_DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// How many records of the prefix are looked at when sniffing.
const SNIFF_RECORDS: usize = 200;

/// Picks the delimiter that splits the most records of `prefix` into the
/// same number (two or more) of fields. `complete` says whether `prefix` is
/// the whole file (otherwise its last record may be cut and is not counted).
pub fn sniff_delimiter(prefix: &[u8], complete: bool) -> u8 {
    let mut best = (CANDIDATE_DELIMITERS[0], (0usize, 0usize));
    for delimiter in CANDIDATE_DELIMITERS {
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(prefix);
        let mut counts: Vec<usize> = Vec::new();
        let mut record = ByteRecord::new();
        while counts.len() <= SNIFF_RECORDS {
            match reader.read_byte_record(&mut record) {
                Ok(true) => counts.push(record.len()),
                Ok(false) | Err(_) => break,
            }
        }
        if !complete && counts.len() <= SNIFF_RECORDS {
            counts.pop();
        }
        let mut frequency: HashMap<usize, usize> = HashMap::new();
        for &n in counts.iter().filter(|&&n| n >= 2) {
            *frequency.entry(n).or_default() += 1;
        }
        // Most frequent field count; on a tie, the larger count.
        let score = frequency
            .into_iter()
            .map(|(fields, times)| (times, fields))
            .max()
            .unwrap_or((0, 0));
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

/// One CSV record's cells. Fields that are not valid UTF-8 (a file that is
/// mostly UTF-8 with a stray Windows-1252 byte) are decoded as Windows-1252.
struct RecordCells<'a> {
    record: &'a ByteRecord,
    utf8: bool,
}

impl Cells for RecordCells<'_> {
    fn cell(&self, index: usize) -> Cow<'_, str> {
        let bytes = self.record.get(index).unwrap_or(b"");
        if self.utf8 {
            // Checked for the whole record in `read_delimited`.
            Cow::Borrowed(std::str::from_utf8(bytes).unwrap_or_default())
        } else {
            match std::str::from_utf8(bytes) {
                Ok(text) => Cow::Borrowed(text),
                Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0,
            }
        }
    }

    fn len(&self) -> usize {
        self.record.len()
    }

    fn is_blank(&self) -> bool {
        self.record
            .iter()
            .all(|field| field.iter().all(u8::is_ascii_whitespace))
    }
}

/// Reads delimited text into `sink`: the first non-blank record is the header.
pub fn read_delimited<R: Read, S: TableSink>(
    reader: R,
    options: &ReadOptions,
    sink: &mut S,
) -> Result<TableFormat, FileErrorKind> {
    let (encoding, mut text) = utf8_reader(reader).map_err(FileErrorKind::Io)?;
    let mut prefix = vec![0u8; decode::SNIFF_LEN];
    let len = read_up_to(&mut text, &mut prefix).map_err(FileErrorKind::Io)?;
    prefix.truncate(len);
    let (delimiter, sniffed) = match options.delimiter {
        Some(d) => (d, false),
        None => (sniff_delimiter(&prefix, len < decode::SNIFF_LEN), true),
    };
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(64 * 1024)
        .from_reader(Cursor::new(prefix).chain(text));
    let mut record = ByteRecord::new();
    let mut have_header = false;
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                return Err(match e.into_kind() {
                    csv::ErrorKind::Io(io) => FileErrorKind::Io(io),
                    other => FileErrorKind::Csv {
                        line,
                        message: format!("{other:?}"),
                    },
                });
            }
        }
        let line = record.position().map_or(0, |p| p.line());
        let cells = RecordCells {
            utf8: std::str::from_utf8(record.as_slice()).is_ok(),
            record: &record,
        };
        if cells.is_blank() {
            if have_header {
                sink.blank_row(line);
            }
            continue;
        }
        if have_header {
            sink.row(line, &cells);
        } else {
            let owned: Vec<Cow<str>> = (0..cells.len()).map(|i| cells.cell(i)).collect();
            let header: Vec<&str> = owned.iter().map(|c| c.trim()).collect();
            sink.header(line, &header)?;
            have_header = true;
        }
    }
    if !have_header {
        return Err(FileErrorKind::Empty);
    }
    Ok(TableFormat::Delimited {
        encoding,
        delimiter,
        sniffed,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comma_wins_over_semicolons_inside_notes() {
        let text = b"Date,Site,Mode,Notes\n1/1/2019,A,Phone,\"a; b; c\"\n2/1/2019,B,Phone,x;y\n";
        assert_eq!(sniff_delimiter(text, true), b',');
    }

    #[test]
    fn semicolon_file_with_decimal_commas() {
        let text = b"Date;Site;Mode;Duration\n2019-01-01;A;Phone;1,5 h\n2019-01-02;B;Phone;2,5 h\n";
        assert_eq!(sniff_delimiter(text, true), b';');
    }

    #[test]
    fn tab_separated() {
        let text = b"Date\tSite\tMode\n5/14/2019\tA, North\tPhone\n";
        assert_eq!(sniff_delimiter(text, true), b'\t');
    }

    #[test]
    fn a_cut_last_record_is_not_counted() {
        // Cut inside the second record: only the header speaks, and it says ';'.
        let text = b"Date;Site;Mode\n1/1/2019;A,B,C,D";
        assert_eq!(sniff_delimiter(text, false), b';');
    }
}
