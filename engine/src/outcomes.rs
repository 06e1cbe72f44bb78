//! Site outcomes: a second kind of file, one row per site with measures
//! such as participants recruited or a fidelity score, set against the
//! mentoring each site had (SPEC, "Support and outcomes by site").
//!
//! [`read_outcomes`] reads the file with the record files' readers (any
//! encoding, delimiter, `.xlsx` or `.ods`, title rows above the header):
//! its header is the first row that names a site column beside other
//! columns, and each column with a number below the header is a measure.
//! `add_to_report` then matches its sites to the finished report's sites
//! with a held contact and adds, per measure, the points and Spearman's
//! rank correlation ([`spearman`]) against the sites' total minutes and
//! minutes per month, with the notices that say what was matched, missing
//! or skipped. The record rows' accounting is not touched.

use std::io::{Read, Seek};

use unicase::UniCase;

use super::ingest::columns::HeaderNeeds;
use super::ingest::columns::{ColumnMap, Field};
use super::ingest::{read_table, Cells, ReadOptions, Skipped, TableEnd, TableFormat, TableSink};
use super::ingest::{FileError, FileErrorKind};
use super::maps::{FastMap, FastSet};
use super::names::Aliases;
use super::report::{OutcomePoint, OutcomeStats, Report, SiteStats};
use super::settings::Settings;
use super::value::normalize_name;

/// Longest text of a cell that is not a number kept for a notice, in characters.
const SHOWN_CHARS: usize = 40;

/// A site outcome file, read: its sites, and each site's value of each
/// measure. Made by [`read_outcomes`]; used by `add_to_report`.
#[derive(Clone, Debug)]
pub struct OutcomeTable {
    pub(crate) name: String,
    pub(crate) format: TableFormat,
    pub(crate) header_line: u64,
    pub(crate) rows_above: u64,
    pub(crate) site_header: String,
    pub(crate) measures: Vec<Measure>,
    rows: Vec<SiteRow>,
    /// Lines of rows without a site (skipped).
    pub(crate) without_site: Vec<u64>,
    /// Headers of the columns that hold no number (not measures).
    pub(crate) not_measures: Vec<String>,
    /// Columns (1-based) that hold numbers under a blank header.
    pub(crate) unnamed: Vec<usize>,
    pub(crate) skipped: Skipped,
    /// Rows the table itself shows cannot be read, with why.
    pub(crate) refused: Vec<(u64, String)>,
}

/// One measure: its header and the cells missing from it.
#[derive(Clone, Debug)]
pub(crate) struct Measure {
    pub(crate) header: String,
    /// The rows (with a site) whose cell is blank (`None`) or not a
    /// number (its text).
    pub(crate) missing: Vec<(u64, Option<String>)>,
}

/// One site's row.
#[derive(Clone, Debug)]
struct SiteRow {
    line: u64,
    /// The site as written, normalized (spacing, quotes).
    written: String,
    /// The name it counts as (`--same`): what is matched.
    name: String,
    /// Its value of each measure, in the measures' order.
    values: Vec<Option<f64>>,
}

impl OutcomeTable {
    /// The file's name as given.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The measures' headers, in the file's column order.
    pub fn measures(&self) -> impl Iterator<Item = &str> + '_ {
        self.measures.iter().map(|m| m.header.as_str())
    }

    /// The sites, as the file writes them (normalized), in the file's order.
    pub fn sites(&self) -> impl Iterator<Item = &str> + '_ {
        self.rows.iter().map(|r| r.written.as_str())
    }
}

/// Reads a number of an outcome file: digits with at most one decimal
/// point or comma, an optional leading sign and an optional trailing `%`
/// (`85.7%` is 85.7, `1,5` is 1.5); white space around it is ignored.
/// Anything else (`n/a`, `1,000.5`, `1e3`, a blank) is `None`.
pub(crate) fn read_number(text: &str) -> Option<f64> {
    let text = text.trim();
    let text = text.strip_suffix('%').map_or(text, str::trim_end);
    let (negative, digits) = match text.as_bytes().first() {
        Some(b'-') => (true, &text[1..]),
        Some(b'+') => (false, &text[1..]),
        _ => (false, text),
    };
    let bytes = digits.as_bytes();
    let separators = bytes.iter().filter(|&&b| b == b'.' || b == b',').count();
    let valid = bytes.iter().any(u8::is_ascii_digit)
        && separators <= 1
        && bytes
            .iter()
            .all(|&b| b.is_ascii_digit() || b == b'.' || b == b',');
    if !valid {
        return None;
    }
    let value: f64 = digits.replace(',', ".").parse().ok()?;
    let value = if negative { -value } else { value };
    value.is_finite().then_some(value)
}

/// Spearman's rank correlation of paired values: the Pearson correlation
/// of their ranks, equal values sharing the mean of their ranks. `None`
/// for fewer than 3 pairs, or when either side has a single value (no
/// spread). Non-finite values are not expected (the readers give none).
///
/// The same pairs in the same order always give the same bits: the ranks
/// are whole or half numbers, so their sums are exact, and the one
/// division and square root are correctly rounded.
pub(crate) fn spearman(pairs: &[(f64, f64)]) -> Option<f64> {
    let n = pairs.len();
    if n < 3 {
        return None;
    }
    let xs: Vec<f64> = pairs.iter().map(|p| p.0).collect();
    let ys: Vec<f64> = pairs.iter().map(|p| p.1).collect();
    let (rx, ry) = (average_ranks(&xs), average_ranks(&ys));
    // Ranks 1..=n (ties averaged) always sum to n(n+1)/2.
    let mean = (n as f64 + 1.0) / 2.0;
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in rx.iter().zip(&ry) {
        let (dx, dy) = (a - mean, b - mean);
        sxy += dx * dy;
        sxx += dx * dx;
        syy += dy * dy;
    }
    if sxx == 0.0 || syy == 0.0 {
        return None;
    }
    Some((sxy / (sxx * syy).sqrt()).clamp(-1.0, 1.0))
}

/// The rank of each value (1 for the smallest), values that are equal
/// sharing the mean of the ranks they take: `[10, 20, 20, 40]` ranks
/// `[1, 2.5, 2.5, 4]`.
fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        // Positions start..end take ranks start+1..=end: their mean.
        let rank = (start + 1 + end) as f64 / 2.0;
        for &i in &order[start..end] {
            ranks[i] = rank;
        }
        start = end;
    }
    ranks
}

/// One cell below the header.
#[derive(Clone, Debug)]
enum Cell {
    Number(f64),
    Blank,
    /// Not a number: its text (shortened) for the notice.
    Text(String),
}

fn read_cell(text: &str) -> Cell {
    if text.trim().is_empty() {
        return Cell::Blank;
    }
    match read_number(text) {
        Some(value) => Cell::Number(value),
        None => {
            let trimmed = text.trim();
            let mut shown: String = trimmed.chars().take(SHOWN_CHARS).collect();
            if shown.len() < trimmed.len() {
                shown.push('…');
            }
            Cell::Text(shown)
        }
    }
}

/// A row with a site, as read.
struct RawRow {
    line: u64,
    written: String,
    name: String,
    cells: Vec<Cell>,
}

/// The [`TableSink`] of an outcome file: keeps every row with a site.
struct OutcomeSink {
    aliases: Aliases,
    header_line: u64,
    rows_above: u64,
    header: Vec<String>,
    site: usize,
    rows: Vec<RawRow>,
    /// Each site's first row, by its name up to case.
    seen: FastMap<UniCase<String>, usize>,
    /// The first site given twice.
    twice: Option<FileErrorKind>,
    without_site: Vec<u64>,
    skipped: Skipped,
    refused: Vec<(u64, String)>,
}

impl OutcomeSink {
    fn new(settings: &Settings) -> Self {
        OutcomeSink {
            aliases: Aliases::of(Field::Site, &settings.same),
            header_line: 0,
            rows_above: 0,
            header: Vec::new(),
            site: 0,
            rows: Vec::new(),
            seen: FastMap::default(),
            twice: None,
            without_site: Vec::new(),
            skipped: Skipped::default(),
            refused: Vec::new(),
        }
    }
}

/// The columns of an outcome file besides its site's: those with a number
/// below a header (the measures), the headers of those with none, and
/// (1-based) those with numbers under a blank header.
fn sort_columns(sink: &OutcomeSink) -> (Vec<usize>, Vec<String>, Vec<usize>) {
    let width = sink
        .rows
        .iter()
        .map(|r| r.cells.len())
        .max()
        .unwrap_or(0)
        .max(sink.header.len());
    let header_of = |i: usize| sink.header.get(i).map_or("", String::as_str);
    let mut columns = Vec::new();
    let mut not_measures = Vec::new();
    let mut unnamed = Vec::new();
    for i in (0..width).filter(|&i| i != sink.site) {
        let has_number = sink
            .rows
            .iter()
            .any(|r| matches!(r.cells.get(i), Some(Cell::Number(_))));
        match (has_number, header_of(i).is_empty()) {
            (true, false) => columns.push(i),
            (true, true) => unnamed.push(i + 1),
            (false, false) => not_measures.push(header_of(i).to_string()),
            (false, true) => {}
        }
    }
    (columns, not_measures, unnamed)
}

impl TableSink for OutcomeSink {
    const HEADER: HeaderNeeds = HeaderNeeds::SiteTable;

    fn header(&mut self, line: u64, map: &ColumnMap, rows_above: u64) {
        self.header_line = line;
        self.rows_above = rows_above;
        self.header = map.header.clone();
        self.site = map.column(Field::Site).unwrap_or_default();
    }

    fn row<C: Cells>(&mut self, line: u64, cells: &C) {
        let written = normalize_name(&cells.cell(self.site)).into_owned();
        if written.is_empty() {
            self.without_site.push(line);
            return;
        }
        let name = self.aliases.apply(&written).to_string();
        let key = UniCase::new(name.clone());
        if let Some(&first) = self.seen.get(&key) {
            if self.twice.is_none() {
                let first = &self.rows[first];
                self.twice = Some(FileErrorKind::SiteTwice {
                    site: first.written.clone(),
                    first_line: first.line,
                    second_line: line,
                    second_name: written,
                });
            }
            return;
        }
        self.seen.insert(key, self.rows.len());
        let width = cells.count().max(self.header.len());
        let cells = (0..width)
            .map(|i| {
                if i == self.site {
                    Cell::Blank
                } else {
                    read_cell(&cells.cell(i))
                }
            })
            .collect();
        self.rows.push(RawRow {
            line,
            written,
            name,
            cells,
        });
    }

    fn rejected_row(&mut self, line: u64, reason: &str) {
        self.refused.push((line, reason.to_string()));
    }

    fn end(&mut self, end: &TableEnd) {
        self.skipped = end.skipped;
    }
}

/// Reads a site outcome file from a byte stream: the same formats as a
/// record file, told apart by its bytes. Site names are read as a record
/// file's are (spacing and quotes normalized), and `settings.same` counts
/// a site as another, as it does in the record files.
///
/// Fails, naming the file, when it cannot be read, has no header row with
/// a site column beside other columns, has no measure (no column with a
/// number below the header), or gives a site on two rows (the same name up
/// to case and spacing, or two names `--same` counts as one): the message
/// names both lines.
///
/// ```
/// use mentoring_stats_engine::read_outcomes;
/// use mentoring_stats_engine::{ReadOptions, Settings};
/// let csv = "Site,Fidelity score (%),Comment\nOakhurst,85.7%,fine\nBirchley,70,\n";
/// let table = read_outcomes(
///     "outcomes.csv",
///     std::io::Cursor::new(csv),
///     &ReadOptions::default(),
///     &Settings::default(),
/// )
/// .expect("readable");
/// assert_eq!(table.measures().collect::<Vec<_>>(), ["Fidelity score (%)"]);
/// assert_eq!(table.sites().collect::<Vec<_>>(), ["Oakhurst", "Birchley"]);
/// ```
pub fn read_outcomes<R: Read + Seek>(
    name: &str,
    reader: R,
    options: &ReadOptions,
    settings: &Settings,
) -> Result<OutcomeTable, FileError> {
    let fail = |kind| FileError::new(name, kind);
    let mut sink = OutcomeSink::new(settings);
    let format = read_table(name, reader, options, &mut sink).map_err(|e| match e.kind {
        FileErrorKind::Empty => fail(FileErrorKind::NoMeasures {
            line: 0,
            header: Vec::new(),
        }),
        _ => e,
    })?;
    if let Some(twice) = sink.twice {
        return Err(fail(twice));
    }
    let (columns, not_measures, unnamed) = sort_columns(&sink);
    let header_of = |i: usize| sink.header.get(i).map_or("", String::as_str);
    if columns.is_empty() {
        return Err(fail(FileErrorKind::NoMeasures {
            line: sink.header_line,
            header: sink.header,
        }));
    }
    let measures = columns
        .iter()
        .map(|&i| Measure {
            header: header_of(i).to_string(),
            missing: sink
                .rows
                .iter()
                .filter_map(|r| match r.cells.get(i) {
                    Some(Cell::Number(_)) => None,
                    Some(Cell::Text(text)) => Some((r.line, Some(text.clone()))),
                    Some(Cell::Blank) | None => Some((r.line, None)),
                })
                .collect(),
        })
        .collect();
    let site_header = header_of(sink.site).to_string();
    let rows = sink
        .rows
        .into_iter()
        .map(|r| SiteRow {
            line: r.line,
            values: columns
                .iter()
                .map(|&i| match r.cells.get(i) {
                    Some(Cell::Number(v)) => Some(*v),
                    _ => None,
                })
                .collect(),
            written: r.written,
            name: r.name,
        })
        .collect();
    Ok(OutcomeTable {
        name: name.to_string(),
        format,
        header_line: sink.header_line,
        rows_above: sink.rows_above,
        site_header,
        measures,
        rows,
        without_site: sink.without_site,
        not_measures,
        unnamed,
        skipped: sink.skipped,
        refused: sink.refused,
    })
}

/// A site outcome file set against a report ([`set_against`]).
#[derive(Debug)]
pub(crate) struct SetAgainst {
    /// One entry per measure, in the file's column order.
    pub outcomes: Vec<OutcomeStats>,
    /// Rows whose site matches no site with a held contact: the site as
    /// written, and the row's line.
    pub unmatched: Vec<(String, u64)>,
    /// The report's sites with a held contact that have no row.
    pub without_row: Vec<String>,
}

/// The outcomes of `table` set against a finished report's sites: one
/// entry per measure in the file's column order, and the rows and sites
/// that match nothing (for `add_to_report`).
///
/// The file's sites are matched to the report's sites with a held contact
/// as names are (up to case; `--same` applied when the file was read).
/// Each measure's points are the matched sites with a value, by site name;
/// its rho against total minutes (and minutes per month) is over those of
/// them with that figure.
pub(crate) fn set_against(report: &Report, table: &OutcomeTable) -> SetAgainst {
    let held: FastMap<UniCase<&str>, &SiteStats> = report
        .sites
        .iter()
        .filter(|s| s.contacts > 0)
        .map(|s| (UniCase::new(s.site.as_str()), s))
        .collect();
    // Each row's site in the report, if it has one with a held contact.
    let matched: Vec<Option<&SiteStats>> = table
        .rows
        .iter()
        .map(|r| held.get(&UniCase::new(r.name.as_str())).copied())
        .collect();
    let outcomes: Vec<OutcomeStats> = table
        .measures
        .iter()
        .enumerate()
        .map(|(m, measure)| {
            let mut points: Vec<(&SiteStats, f64)> = table
                .rows
                .iter()
                .zip(&matched)
                .filter_map(|(row, site)| Some(((*site)?, row.values[m]?)))
                .collect();
            points.sort_by(|a, b| a.0.site.cmp(&b.0.site));
            let total: Vec<(f64, f64)> = points
                .iter()
                .map(|(site, value)| (*value, site.total_minutes))
                .collect();
            let per_month: Vec<(f64, f64)> = points
                .iter()
                .filter_map(|(site, value)| Some((*value, site.minutes_per_month?)))
                .collect();
            OutcomeStats {
                measure: measure.header.clone(),
                sites: points.len() as u64,
                spearman_total_minutes: spearman(&total),
                spearman_minutes_per_month: spearman(&per_month),
                points: points
                    .iter()
                    .map(|(site, value)| OutcomePoint {
                        site: site.site.clone(),
                        value: *value,
                    })
                    .collect(),
            }
        })
        .collect();
    let unmatched: Vec<(String, u64)> = table
        .rows
        .iter()
        .zip(&matched)
        .filter(|(_, site)| site.is_none())
        .map(|(row, _)| (row.written.clone(), row.line))
        .collect();
    let in_file: FastSet<UniCase<&str>> = table
        .rows
        .iter()
        .map(|r| UniCase::new(r.name.as_str()))
        .collect();
    let without_row: Vec<String> = report
        .sites
        .iter()
        .filter(|s| s.contacts > 0 && !in_file.contains(&UniCase::new(s.site.as_str())))
        .map(|s| s.site.clone())
        .collect();
    SetAgainst {
        outcomes,
        unmatched,
        without_row,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_the_reader_says() {
        assert_eq!(read_number(" 85.7% "), Some(85.7));
        assert_eq!(read_number("1,5"), Some(1.5));
        assert_eq!(read_number("-3"), Some(-3.0));
        assert_eq!(read_number("n/a"), None);
        assert_eq!(read_number("1.000,5"), None);
    }

    #[test]
    fn spearman_of_three_pairs_and_of_two() {
        assert_eq!(
            spearman(&[(1.0, 10.0), (2.0, 30.0), (3.0, 20.0)]),
            Some(0.5)
        );
        assert_eq!(spearman(&[(1.0, 10.0), (2.0, 20.0)]), None);
    }

    #[test]
    fn equal_values_share_the_mean_of_their_ranks() {
        assert_eq!(
            average_ranks(&[10.0, 20.0, 20.0, 40.0]),
            [1.0, 2.5, 2.5, 4.0]
        );
        assert_eq!(average_ranks(&[3.0, 1.0, 3.0, 3.0]), [3.0, 1.0, 3.0, 3.0]);
        assert_eq!(average_ranks(&[5.0, 5.0]), [1.5, 1.5]);
        assert_eq!(average_ranks(&[-0.0, 0.0, 1.0]), [1.5, 1.5, 3.0]);
        assert!(average_ranks(&[]).is_empty());
    }

    #[test]
    fn numbers_are_digits_with_one_point_or_comma_a_sign_and_a_percent() {
        for (text, value) in [
            ("14", 14.0),
            ("0.85", 0.85),
            ("85.7%", 85.7),
            ("85.7 %", 85.7),
            ("1,5", 1.5),
            ("-2", -2.0),
            ("+2.5", 2.5),
            (".5", 0.5),
            ("  7 ", 7.0),
        ] {
            assert_eq!(read_number(text), Some(value), "{text}");
        }
        for text in [
            "", "n/a", "-", "%", "1.2.3", "1,000.5", "1e3", "inf", "NaN", "12 sites", "£40",
            "1 000", "--1", "5%%",
        ] {
            assert_eq!(read_number(text), None, "{text}");
        }
    }
}
