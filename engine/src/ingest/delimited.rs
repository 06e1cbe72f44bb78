//! Delimited text (CSV, TSV, semicolon CSV) read record by record.
//!
//! The delimiter is sniffed from the first [`decode::SNIFF_LEN`] bytes; then
//! the `csv` crate reads the stream one `ByteRecord` at a time, reusing one
//! buffer, so memory does not grow with the file.

use std::borrow::Cow;
use std::collections::{HashMap, VecDeque};
use std::io::{Cursor, Read};

use csv::{ByteRecord, ReaderBuilder};
use encoding_rs::WINDOWS_1252;

use super::columns::{field_by_synonym, field_by_words};
use super::decode::{self, utf8_reader};
use super::error::{csv_error, FileErrorKind, LineTooLong};
use super::{read_up_to, Cells, ReadOptions, RowRouter, TableFormat, TableSink, MAX_LINE_BYTES};

/// Delimiters tried when sniffing, in order of preference on a tie.
pub(crate) const CANDIDATE_DELIMITERS: [u8; 3] = [b',', b';', b'\t'];

/// How many records of the prefix are looked at when sniffing.
const SNIFF_RECORDS: usize = 200;

/// How many of the first records may stand above the header (titles).
const HEADER_SEARCH: usize = 20;

/// Picks the delimiter a file is written with.
///
/// First by the header: the delimiter under which one of the first records
/// holds the most recognised column names (Date, Site, Mode...) wins. Where
/// that does not decide (no recognised names, or a tie), the delimiter that
/// splits the most records into the same number (two or more) of fields
/// wins. Notes full of commas cannot outvote a header that says `;`.
/// `complete` says whether `prefix` is the whole file (otherwise its last
/// record may be cut and is not counted).
pub(crate) fn sniff_delimiter(prefix: &[u8], complete: bool) -> u8 {
    let mut best = (CANDIDATE_DELIMITERS[0], (0usize, 0usize, 0usize));
    for delimiter in CANDIDATE_DELIMITERS {
        let mut reader = ReaderBuilder::new()
            .has_headers(false)
            .flexible(true)
            .delimiter(delimiter)
            .from_reader(prefix);
        let mut counts: Vec<usize> = Vec::new();
        let mut header_names = 0usize;
        let mut record = ByteRecord::new();
        while counts.len() <= SNIFF_RECORDS {
            match reader.read_byte_record(&mut record) {
                Ok(true) => {}
                Ok(false) | Err(_) => break,
            }
            if counts.len() < HEADER_SEARCH {
                let names = record
                    .iter()
                    .filter(|cell| is_known_header(&String::from_utf8_lossy(cell)))
                    .count();
                header_names = header_names.max(names);
            }
            counts.push(record.len());
        }
        if !complete && counts.len() <= SNIFF_RECORDS {
            counts.pop();
        }
        let mut frequency: HashMap<usize, usize> = HashMap::new();
        for &n in counts.iter().filter(|&&n| n >= 2) {
            *frequency.entry(n).or_default() += 1;
        }
        // Most frequent field count; on a tie, the larger count.
        let (times, fields) = frequency
            .into_iter()
            .map(|(fields, times)| (times, fields))
            .max()
            .unwrap_or((0, 0));
        let score = (header_names, times, fields);
        if score > best.1 {
            best = (delimiter, score);
        }
    }
    best.0
}

/// Whether a cell is a recognised column name of any field (a synonym, or
/// a header whose words name a field).
fn is_known_header(cell: &str) -> bool {
    cell.len() <= 100 && (field_by_synonym(cell).is_some() || field_by_words(cell).is_some())
}

/// Counts physical line breaks (`\r\n`, `\n` or a lone `\r`) in the
/// stream the csv reader reads, so that a record's line is the line it
/// starts on however its fields and line endings are written.
///
/// The csv reader reads ahead, so the breaks it has not yet passed wait in
/// `ahead` as (first byte, last byte); it holds at most one buffer's worth.
struct LineBreaks<R> {
    inner: R,
    offset: u64,
    ahead: VecDeque<(u64, u64)>,
    passed: u64,
    last_cr: Option<u64>,
    /// Whether the last byte read so far ends a line.
    ends_with_break: bool,
    /// Offset where the current line starts.
    line_start: u64,
    /// Whether an odd number of `"` has passed (a quote may be open).
    odd_quotes: bool,
}

impl<R: Read> Read for LineBreaks<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        for i in memchr::memchr3_iter(b'\r', b'\n', b'"', &buf[..n]) {
            if buf[i] == b'"' {
                self.odd_quotes = !self.odd_quotes;
                continue;
            }
            let at = self.offset + i as u64;
            let is_cr = buf[i] == b'\r';
            if !is_cr && at > 0 && self.last_cr == Some(at - 1) {
                // The `\n` of a `\r\n`: one break, at its last byte.
                if let Some(back) = self.ahead.back_mut().filter(|b| b.1 == at - 1) {
                    back.1 = at;
                }
            } else {
                self.ahead.push_back((at, at));
            }
            self.last_cr = is_cr.then_some(at);
            self.line_start = at + 1;
        }
        if self.offset + n as u64 - self.line_start > MAX_LINE_BYTES as u64 {
            let line = self.passed + self.ahead.len() as u64 + 1;
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                LineTooLong { line },
            ));
        }
        if let Some(&last) = buf[..n].last() {
            self.ends_with_break = last == b'\r' || last == b'\n';
        }
        self.offset += n as u64;
        Ok(n)
    }
}

impl<R> LineBreaks<R> {
    /// Physical lines in everything read (a last line without a break counts).
    fn total_lines(&mut self) -> u64 {
        self.before(u64::MAX) + u64::from(self.offset > 0 && !self.ends_with_break)
    }

    /// Line breaks that end before byte `end`.
    fn before(&mut self, end: u64) -> u64 {
        while self.ahead.front().is_some_and(|&(_, last)| last < end) {
            self.ahead.pop_front();
            self.passed += 1;
        }
        self.passed
    }

    /// Whether the first line break not yet passed starts at byte `at`.
    fn next_break_is_at(&self, at: u64) -> bool {
        self.ahead.front().is_some_and(|&(first, _)| first == at)
    }

    /// The line of a record the csv reader says starts at `from`: it points
    /// just after the previous record's first terminator byte, so the rest
    /// of that terminator and any empty lines (a run of breaks, back to
    /// back) come first; the record starts after them.
    fn line_of_record_at(&mut self, from: u64) -> u64 {
        self.before(from);
        let mut next = from;
        while let Some(&(first, last)) = self.ahead.front() {
            // `first < next`: the `\r\n` whose `\r` ended the last record.
            if first > next {
                break;
            }
            self.ahead.pop_front();
            self.passed += 1;
            next = last + 1;
        }
        self.passed + 1
    }
}

/// Line breaks inside a record's fields (`\r\n` counts once).
fn breaks_in(bytes: &[u8]) -> u64 {
    let mut count = 0;
    let mut previous_cr = None;
    for i in memchr::memchr2_iter(b'\r', b'\n', bytes) {
        if !(bytes[i] == b'\n' && previous_cr == Some(i.wrapping_sub(1))) {
            count += 1;
        }
        previous_cr = (bytes[i] == b'\r').then_some(i);
    }
    count
}

/// One CSV record's cells. Fields that are not valid UTF-8 (a file that is
/// mostly UTF-8 with a stray Windows-1252 byte) are decoded as Windows-1252.
struct RecordCells<'a> {
    record: &'a ByteRecord,
    /// The record's fields, back to back, when they are valid UTF-8 as a
    /// whole: checked once per record rather than once per cell.
    text: Option<&'a str>,
}

impl<'a> RecordCells<'a> {
    fn new(record: &'a ByteRecord) -> Self {
        RecordCells {
            record,
            text: std::str::from_utf8(record.as_slice()).ok(),
        }
    }
}

impl Cells for RecordCells<'_> {
    fn cell(&self, index: usize) -> Cow<'_, str> {
        let Some(range) = self.record.range(index) else {
            return Cow::Borrowed("");
        };
        // A field of valid text starts and ends on character boundaries;
        // where it does not (`get` fails), it is not valid UTF-8 alone.
        if let Some(cell) = self.text.and_then(|text| text.get(range.clone())) {
            return Cow::Borrowed(cell);
        }
        let bytes = &self.record.as_slice()[range];
        match std::str::from_utf8(bytes) {
            Ok(text) => Cow::Borrowed(text),
            Err(_) => WINDOWS_1252.decode_without_bom_handling(bytes).0,
        }
    }

    fn count(&self) -> usize {
        self.record.len()
    }

    fn packed(&self, ends: &mut Vec<usize>) -> Option<&str> {
        let text = self.text?;
        let first = ends.len();
        for i in 0..self.record.len() {
            // Each cell must be text on its own, as `cell` reads it: a cell
            // ending inside a character is read as Windows-1252 there.
            match self.record.range(i) {
                Some(range) if text.is_char_boundary(range.end) => ends.push(range.end),
                _ => {
                    ends.truncate(first);
                    return None;
                }
            }
        }
        Some(text)
    }

    fn is_blank(&self) -> bool {
        self.record
            .iter()
            .all(|field| field.iter().all(u8::is_ascii_whitespace))
    }
}

/// Reads delimited text into `sink`: the first non-blank record is the header.
pub(crate) fn read_delimited<R: Read, S: TableSink>(
    reader: R,
    options: &ReadOptions,
    sink: &mut S,
) -> Result<TableFormat, FileErrorKind> {
    let (encoding, mut text) = utf8_reader(reader).map_err(FileErrorKind::Io)?;
    let mut prefix = vec![0u8; decode::SNIFF_LEN];
    let len = read_up_to(&mut text, &mut prefix).map_err(FileErrorKind::Io)?;
    prefix.truncate(len);
    if memchr::memchr(0, &prefix).is_some() {
        return Err(FileErrorKind::NotRecords {
            found: "binary data (NUL bytes), not text",
        });
    }
    let (delimiter, sniffed) = match options.delimiter {
        Some(d) => (d, false),
        None => (sniff_delimiter(&prefix, len < decode::SNIFF_LEN), true),
    };
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .delimiter(delimiter)
        .buffer_capacity(64 * 1024)
        .from_reader(LineBreaks {
            inner: Cursor::new(prefix).chain(text),
            offset: 0,
            ahead: VecDeque::new(),
            passed: 0,
            last_cr: None,
            ends_with_break: false,
            line_start: 0,
            odd_quotes: false,
        });
    let mut record = ByteRecord::new();
    let mut router = RowRouter::new(options, S::HEADER);
    // Lines taken by records: what is left of the file's lines at the end
    // is empty lines, which the csv reader skips.
    let mut record_lines = 0u64;
    // Line and inner line breaks of the last record, to spot a quote left open.
    let mut last_record = (0u64, 0u64);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => break,
            Err(e) => return Err(csv_error(e)),
        }
        let from = record.position().map_or(0, |p| p.byte());
        let line = reader.get_mut().line_of_record_at(from);
        // Where the next line break is the one that ends the record, there
        // is none inside it (most records), and its text need not be
        // searched again. (A record that runs to the end of the file in an
        // open quote may end with a break of its own: searched.)
        let end = reader.position().byte();
        let ends_in_break = matches!(record.as_slice().last(), Some(b'\r' | b'\n'));
        let breaks = if !ends_in_break && reader.get_ref().next_break_is_at(end.wrapping_sub(1)) {
            0
        } else {
            breaks_in(record.as_slice())
        };
        record_lines += 1 + breaks;
        last_record = (line, breaks);
        let cells = RecordCells::new(&record);
        if cells.text.is_none() {
            router.note_not_utf8(line);
        }
        router.push(sink, line, &cells)?;
    }
    // An open quote runs to the end of the file: the csv reader then takes
    // every line after it as part of one cell, silently. Refuse instead.
    let (last_line, last_breaks) = last_record;
    if reader.get_ref().odd_quotes && last_breaks > 0 {
        return Err(FileErrorKind::UnclosedQuote {
            line: last_line,
            lines: last_breaks,
        });
    }
    let empty_lines = reader.get_mut().total_lines().saturating_sub(record_lines);
    router.finish(sink, empty_lines)?;
    Ok(TableFormat::Delimited {
        encoding,
        delimiter,
        sniffed,
    })
}

#[cfg(test)]
mod tests {
    use super::super::columns::ColumnMap;
    use super::super::TableEnd;
    use super::*;

    /// Collects each row's line and first cell.
    #[derive(Default)]
    struct Lines(Vec<(u64, String)>, u64);

    impl TableSink for Lines {
        fn header(&mut self, line: u64, map: &ColumnMap, _rows_above: u64) {
            self.0.push((line, map.header[0].clone()));
        }
        fn row<C: Cells>(&mut self, line: u64, cells: &C) {
            self.0.push((line, cells.cell(0).into_owned()));
        }
        fn rejected_row(&mut self, line: u64, reason: &str) {
            self.0.push((line, reason.to_string()));
        }
        fn end(&mut self, end: &TableEnd) {
            self.1 = end.skipped.blank;
        }
    }

    /// A record's cells as `cell` reads them, and as `packed` gives them.
    fn cells_both_ways(fields: &[&[u8]]) -> (Vec<String>, Option<Vec<String>>) {
        let record = ByteRecord::from(fields.to_vec());
        let cells = RecordCells::new(&record);
        let each = (0..cells.count())
            .map(|i| cells.cell(i).into_owned())
            .collect();
        let mut ends = vec![7];
        let packed = cells.packed(&mut ends).map(|text| {
            let mut start = 0;
            ends[1..]
                .iter()
                .map(|&end| {
                    let cell = text[start..end].to_string();
                    start = end;
                    cell
                })
                .collect()
        });
        if packed.is_none() {
            assert_eq!(ends, vec![7], "ends pushed for a record not packed");
        }
        (each, packed)
    }

    #[test]
    fn a_record_is_packed_only_where_each_cell_is_text_on_its_own() {
        let (each, packed) = cells_both_ways(&[b"1", "Oakhurst é".as_bytes(), b"", b"Phone"]);
        assert_eq!(
            packed.as_ref(),
            Some(&each),
            "a valid record is packed as its cells"
        );
        assert_eq!(each[1], "Oakhurst é");
        // A cell ends with the first byte of "é" and the next starts with
        // its second: valid UTF-8 together, each cell alone not (read as
        // Windows-1252, cell by cell).
        let (each, packed) = cells_both_ways(&[b"2", b"x\xc3", b"\xa9y"]);
        assert_eq!(packed, None, "cells split inside a character are packed");
        assert_eq!(each[1..], ["xÃ", "©y"]);
        // A stray Windows-1252 byte.
        let (each, packed) = cells_both_ways(&[b"3", b"caf\xe9"]);
        assert_eq!(packed, None);
        assert_eq!(each[1], "café");
    }

    #[test]
    fn lines_are_physical_lines_across_quoted_breaks_and_blank_lines() {
        let text = "date,site,mode\r\n1,\"two\nlines\"\r\n2,x\r\n\r\n3,\"three\r\nmore\r\nlines\"\n4,y\n\n\n5,z\r\r6,w";
        let mut sink = Lines::default();
        read_delimited(text.as_bytes(), &ReadOptions::default(), &mut sink).expect("reads");
        let lines: Vec<(u64, &str)> = sink.0.iter().map(|(l, c)| (*l, c.as_str())).collect();
        assert_eq!(
            lines,
            vec![
                (1, "date"),
                (2, "1"),
                (4, "2"),
                (6, "3"),
                (9, "4"),
                (12, "5"),
                (14, "6")
            ]
        );
        // Empty lines: one after "2", two after "4", one between "5" and "6".
        assert_eq!(sink.1, 4);
    }

    #[test]
    fn blank_records_and_a_missing_final_break_are_counted_right() {
        let text = "date,site,mode\n,\n1,x\n \t, \n\n2,y";
        let mut sink = Lines::default();
        read_delimited(text.as_bytes(), &ReadOptions::default(), &mut sink).expect("reads");
        assert_eq!(sink.0.last(), Some(&(6, "2".to_string())));
        // Two blank records (",", " \t, ") and one empty line.
        assert_eq!(sink.1, 3);
    }

    /// Gives at most one byte per read, so every break straddles a chunk edge.
    struct Trickle<'a>(&'a [u8]);

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            match (self.0.split_first(), buf.first_mut()) {
                (Some((&byte, rest)), Some(slot)) => {
                    *slot = byte;
                    self.0 = rest;
                    Ok(1)
                }
                _ => Ok(0),
            }
        }
    }

    proptest::proptest! {
        /// Each record's line and the count of empty lines, against a
        /// model of the text: records with and without quoted line breaks,
        /// any of the three line endings, empty lines between them, and a
        /// last line with or without its ending.
        #[test]
        fn lines_and_empty_lines_follow_the_text(
            records in proptest::collection::vec((0usize..3, 0usize..3, 0usize..3, 0u64..3), 1..40),
            last_ended in proptest::bool::ANY,
        ) {
            let endings = ["\r\n", "\n", "\r"];
            let mut text = String::from("date,site,mode\n");
            let mut expected = vec![(1u64, "date".to_string())];
            let mut line = 2u64;
            let mut empty = 0u64;
            for (i, &(ending, inner, inner_breaks, empty_after)) in records.iter().enumerate() {
                let (ending, inner) = (endings[ending], endings[inner]);
                expected.push((line, i.to_string()));
                let breaks = inner_breaks as u64;
                let second = if breaks == 0 {
                    if i % 2 == 0 { "plain".to_string() } else { "\"quoted, one line\"".to_string() }
                } else {
                    format!("\"a{}b\"", inner.repeat(breaks as usize))
                };
                text.push_str(&format!("{i},{second},Phone"));
                line += 1 + breaks;
                let last = i + 1 == records.len();
                if !last || last_ended {
                    text.push_str(ending);
                }
                if !last {
                    text.push_str(&ending.repeat(empty_after as usize));
                    line += empty_after;
                    empty += empty_after;
                }
            }
            let mut sink = Lines::default();
            read_delimited(text.as_bytes(), &ReadOptions::default(), &mut sink).expect("reads");
            proptest::prop_assert_eq!(&sink.0, &expected, "{:?}", text);
            proptest::prop_assert_eq!(sink.1, empty, "{:?}", text);
        }
    }

    #[test]
    fn lines_stay_right_past_the_sniffed_prefix_in_tiny_reads() {
        // Long enough that most records come after the 64 KiB prefix.
        let endings = ["\r\n", "\n", "\r"];
        let mut text = String::from("date,site,mode\n");
        let mut line = 2u64;
        let mut expected = vec![(1u64, "date".to_string())];
        for i in 0..6000u64 {
            let ending = endings[(i % 3) as usize];
            expected.push((line, i.to_string()));
            if i % 7 == 0 {
                // A quoted field over two lines, broken with this row's ending.
                text.push_str(&format!("{i},\"note{ending}more\"{ending}"));
                line += 2;
            } else {
                text.push_str(&format!("{i},plain text to make the file longer{ending}"));
                line += 1;
            }
            if i % 11 == 0 {
                text.push_str(ending);
                line += 1;
            }
        }
        assert!(text.len() > 2 * decode::SNIFF_LEN);
        let mut sink = Lines::default();
        read_delimited(Trickle(text.as_bytes()), &ReadOptions::default(), &mut sink)
            .expect("reads");
        assert_eq!(sink.0, expected);
    }

    #[test]
    fn a_character_split_across_two_fields_is_two_windows_1252_cells() {
        // "é" is C3 A9 in UTF-8: valid once the fields are back to back,
        // but neither field is valid UTF-8 alone. After the sniffed prefix,
        // so that the file is read as UTF-8.
        let mut text = b"date,site,mode\n".to_vec();
        text.extend_from_slice(&b"a,b\n".repeat(decode::SNIFF_LEN / 4));
        text.extend_from_slice(b"\xC3,\xA9\n");
        let mut sink = Lines::default();
        read_delimited(&text[..], &ReadOptions::default(), &mut sink).expect("reads");
        let last = sink.0.last().expect("rows");
        assert_eq!(
            last,
            &(2 + decode::SNIFF_LEN as u64 / 4, "\u{c3}".to_string())
        );
    }

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
    fn a_semicolon_header_outvotes_notes_full_of_commas() {
        // Read with ',' the notes give three 2-field records against two
        // 4-field ones; the header has names only when read with ';'.
        let text = b"Date;Site;Mode;Notes\n2019-01-01;Oakhurst;Phone;\"a, b\nc, d\ne, f\"\n";
        assert_eq!(sniff_delimiter(text, true), b';');
        let tab = b"Date\tSite\tMode\tNotes\n2019-01-01\tOakhurst\tPhone\t\"a, b\nc, d\ne, f\"\n";
        assert_eq!(sniff_delimiter(tab, true), b'\t');
    }

    #[test]
    fn a_title_line_above_the_header_does_not_hide_it() {
        let text = b"Mentoring log, 2019\nDate;Site;Mode\n2019-01-01;A;Phone\n";
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
