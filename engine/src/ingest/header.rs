//! Finding the header row of a table, and what to say when there is none.
//!
//! The header is the first row, among the first few that are not blank,
//! whose columns name the required fields (by the user's mapping, a synonym
//! or their words): date, site and mode in a record file, the site in a
//! table by site ([`HeaderNeeds`]). Rows above it are titles. Where no row
//! does, the row that names the most fields is the one the user most likely
//! meant: the message names its line, what it found, what is missing, and a
//! column to try for each missing field, judged by the values below it.

use super::columns::{ColumnMap, Field, HeaderNeeds};
use super::error::NoHeader;
use super::redcap::{Codebook, RedcapRows};
use super::{ReadOptions, MAX_ROWS_ABOVE_HEADER};
use crate::value::{parse_date, read_mode, LabelRead};

/// How many sample values of each column are kept for a message or a page.
const SAMPLES: usize = 3;

/// What one more row tells the search.
pub(crate) enum Offer {
    /// The row is the header: its map, and the REDCap transform its rows
    /// need, if any.
    Header(Box<(ColumnMap, Option<RedcapRows>)>),
    /// Not the header; keep looking.
    NotYet,
    /// Too many rows without a header: the table has none.
    GaveUp,
}

/// The search for the header row of one table (a text file or a sheet).
/// The default looks for a record file's header.
#[derive(Debug, Default)]
pub(crate) struct HeaderSearch {
    /// The rows seen so far that were not the header, with their lines.
    candidates: Vec<(u64, Vec<String>)>,
    /// What the header must name.
    needs: HeaderNeeds,
}

impl HeaderSearch {
    /// A search for a header that meets `needs`.
    pub(crate) fn new(needs: HeaderNeeds) -> Self {
        HeaderSearch {
            candidates: Vec::new(),
            needs,
        }
    }

    /// How many rows above the header were passed over (titles).
    pub(crate) fn rows_above(&self) -> u64 {
        self.candidates.len() as u64
    }

    /// Looks at the next non-blank row (its trimmed cells).
    pub(crate) fn offer(&mut self, line: u64, cells: Vec<String>, options: &ReadOptions) -> Offer {
        let names: Vec<&str> = cells.iter().map(String::as_str).collect();
        let redcap = RedcapRows::new(&names, options.codebook.as_deref());
        let map = match &redcap {
            Some(r) => {
                let mapped: Vec<&str> = r.header().iter().map(String::as_str).collect();
                ColumnMap::from_header(&mapped, &options.columns)
            }
            None => ColumnMap::from_header(&names, &options.columns),
        };
        if self.needs.met_by(&map, &cells) {
            return Offer::Header(Box::new((map, redcap)));
        }
        if self.candidates.len() >= MAX_ROWS_ABOVE_HEADER {
            return Offer::GaveUp;
        }
        self.candidates.push((line, cells));
        Offer::NotYet
    }

    /// Whether one of the rows seen is a REDCap data dictionary's header.
    pub(crate) fn found_dictionary(&self) -> bool {
        self.candidates.iter().any(|(_, cells)| {
            let names: Vec<&str> = cells.iter().map(String::as_str).collect();
            Codebook::is_dictionary_header(&names)
        })
    }

    /// The facts of the failure, once no row was the header; `None` when
    /// the table had no row at all.
    pub(crate) fn failure(&self, options: &ReadOptions) -> Option<NoHeader> {
        let maps: Vec<ColumnMap> = self
            .candidates
            .iter()
            .map(|(_, cells)| {
                let names: Vec<&str> = cells.iter().map(String::as_str).collect();
                ColumnMap::from_header(&names, &options.columns)
            })
            .collect();
        // A row with months across is a summary table's header; otherwise
        // the row naming the most fields (the first of equals).
        let months_across: Vec<Vec<String>> = self
            .candidates
            .iter()
            .map(|(_, cells)| {
                cells
                    .iter()
                    .filter(|c| is_month_or_date(c))
                    .cloned()
                    .collect()
            })
            .collect();
        let best = months_across
            .iter()
            .position(|m| m.len() >= 3)
            .or_else(|| {
                (0..maps.len())
                    .rev()
                    .max_by_key(|&i| maps[i].found().count())
            })?;
        let (line, header) = &self.candidates[best];
        let map = &maps[best];
        let below: Vec<&Vec<String>> = self.candidates[best + 1..].iter().map(|(_, c)| c).collect();
        let missing: Vec<Field> = (self.needs.fields().iter().copied())
            .filter(|&f| map.column(f).is_none())
            .collect();
        let suggestions = suggestions(&missing, header, map, &below);
        let samples = (0..header.len())
            .map(|i| {
                let mut kept: Vec<String> = Vec::new();
                for value in column_values(&below, i) {
                    if kept.len() < SAMPLES && !kept.iter().any(|k| k == value) {
                        kept.push(value.to_string());
                    }
                }
                kept
            })
            .collect();
        let months_across = if months_across[best].len() >= 3 {
            months_across[best].clone()
        } else {
            Vec::new()
        };
        Some(NoHeader {
            line: *line,
            sheet: None,
            sheets: Vec::new(),
            header: header.clone(),
            found: map
                .found()
                .map(|f| (f, map.header_of(f).unwrap_or_default().to_string()))
                .collect(),
            missing,
            suggestions,
            samples,
            months_across,
            needs: self.needs,
        })
    }
}

/// The values of column `i` in `rows`, blanks left out.
fn column_values<'a>(rows: &[&'a Vec<String>], i: usize) -> Vec<&'a str> {
    (rows.iter())
        .filter_map(|row| row.get(i).map(String::as_str))
        .filter(|v| !v.trim().is_empty())
        .collect()
}

/// A column to try for each `missing` field: among the header's named
/// columns that no field took, the one whose values below (`rows`) look
/// most like the field's, else the first left; each column offered once.
fn suggestions(
    missing: &[Field],
    header: &[String],
    map: &ColumnMap,
    rows: &[&Vec<String>],
) -> Vec<(Field, String)> {
    let mut free: Vec<usize> = (0..header.len())
        .filter(|&i| !header[i].trim().is_empty() && !map.found().any(|f| map.column(f) == Some(i)))
        .collect();
    let mut suggestions = Vec::new();
    for &field in missing {
        let by_values = (free.iter().copied())
            .filter_map(|i| {
                let score = likeness(field, &column_values(rows, i));
                (score > 0).then_some((score, std::cmp::Reverse(i)))
            })
            .max()
            .map(|(_, std::cmp::Reverse(i))| i);
        if let Some(i) = by_values.or_else(|| free.first().copied()) {
            suggestions.push((field, header[i].clone()));
            free.retain(|&j| j != i);
        }
    }
    suggestions
}

/// How many of a column's values look like values of `field` (for the
/// fields a header must name).
fn likeness(field: Field, values: &[&str]) -> usize {
    match field {
        Field::Date => values.iter().filter(|v| is_date(v)).count(),
        Field::Mode => values
            .iter()
            .filter(|v| matches!(read_mode(v), Ok((_, LabelRead::Listed | LabelRead::Words))))
            .count(),
        // Site names: text that is no date, number or mode, repeated.
        Field::Site => {
            let texts: Vec<&&str> = values
                .iter()
                .filter(|v| {
                    !is_date(v)
                        && v.trim().parse::<f64>().is_err()
                        && !matches!(read_mode(v), Ok((_, LabelRead::Listed)))
                        && v.chars().count() <= 60
                })
                .collect();
            let mut distinct: Vec<&&str> = texts.clone();
            distinct.sort_unstable();
            distinct.dedup();
            // More rows than names: a column of repeated names.
            texts.len().saturating_sub(distinct.len())
        }
        _ => 0,
    }
}

/// Whether a cell is a date (a plain whole number is not, here: it could
/// be anything).
fn is_date(text: &str) -> bool {
    let text = text.trim();
    !text.is_empty() && text.parse::<f64>().is_err() && parse_date(text).is_ok()
}

/// Whether a header cell names a month or a date (`Jan-19`, `January`,
/// `2019-01`, `Jan 2019`, `01/2019`...), as a summary table has across.
fn is_month_or_date(text: &str) -> bool {
    let text = text.trim();
    if text.is_empty() || text.parse::<f64>().is_ok() {
        return false;
    }
    is_date(text)
        || [
            format!("1 {text}"),
            format!("1-{text}"),
            format!("{text}-01"),
            format!("1 {text} 2000"),
            format!("1/{text}"),
        ]
        .iter()
        .any(|t| parse_date(t).is_ok())
}

/// Whether a cell says its row is a totals row of a tracker: `Total`,
/// `Totals`, `Subtotal`, `Grand total` or `Sum`, in any case, punctuation
/// aside. Most cells are rejected on their length or first letter.
pub(crate) fn is_totals_label(text: &str) -> bool {
    let text = text.trim();
    if text.len() > 24 || !text.starts_with(['t', 'T', 's', 'S', 'g', 'G']) {
        return false;
    }
    let folded: String = text
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .map(|c| c.to_ascii_lowercase())
        .collect();
    matches!(
        folded.as_str(),
        "total" | "totals" | "subtotal" | "subtotals" | "grandtotal" | "sum"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn search(rows: &[&[&str]]) -> (HeaderSearch, Option<u64>) {
        let mut search = HeaderSearch::default();
        let options = ReadOptions::default();
        for (i, row) in rows.iter().enumerate() {
            let cells = row.iter().map(|c| c.to_string()).collect();
            if let Offer::Header(_) = search.offer(i as u64 + 1, cells, &options) {
                return (search, Some(i as u64 + 1));
            }
        }
        (search, None)
    }

    #[test]
    fn a_site_tables_header_names_the_site_beside_a_column_that_is_no_title() {
        let rows: [&[&str]; 4] = [
            &["Outcomes by site"],
            &["Outcomes by site", "2019"],
            &["Trial site", "Participants recruited"],
            &["Ashford", "14"],
        ];
        let mut search = HeaderSearch::new(HeaderNeeds::SiteTable);
        let found = rows.iter().enumerate().position(|(i, row)| {
            let cells = row.iter().map(|c| c.to_string()).collect();
            let offer = search.offer(i as u64 + 1, cells, &ReadOptions::default());
            matches!(offer, Offer::Header(_))
        });
        assert_eq!(found, Some(2));
        assert_eq!(search.rows_above(), 2);
        // A record file's search finds no header in these rows.
        let mut records = HeaderSearch::default();
        for (i, row) in rows.iter().enumerate() {
            let cells = row.iter().map(|c| c.to_string()).collect();
            let offer = records.offer(i as u64 + 1, cells, &ReadOptions::default());
            assert!(!matches!(offer, Offer::Header(_)));
        }
        let failure = records.failure(&ReadOptions::default()).expect("rows");
        assert_eq!(failure.missing, vec![Field::Date, Field::Mode]);
        assert_eq!(failure.needs, HeaderNeeds::Records);
    }

    #[test]
    fn the_header_may_stand_below_a_title_block() {
        let (search, line) = search(&[
            &["STROKE-VR trial", "", ""],
            &["Mentoring log", "", ""],
            &["Date of contact", "Which site?", "Contact type"],
        ]);
        assert_eq!(line, Some(3));
        assert_eq!(search.rows_above(), 2);
    }

    #[test]
    fn without_a_header_the_row_naming_most_fields_is_named_with_a_column_to_try() {
        let (search, line) = search(&[
            &["Mentoring log 2019"],
            &["Visit day", "Ward", "How", "Length"],
            &["14/03/2019", "Ashford", "Phone", "45"],
            &["15/03/2019", "Ashford", "Teams call", "30"],
            &["16/03/2019", "Bramley", "Email", ""],
        ]);
        assert_eq!(line, None);
        let failure = search.failure(&ReadOptions::default()).expect("rows");
        assert_eq!(failure.line, 2);
        assert_eq!(failure.found, vec![(Field::Duration, "Length".to_string())]);
        assert_eq!(failure.missing, vec![Field::Date, Field::Site, Field::Mode]);
        assert_eq!(
            failure.suggestions,
            vec![
                (Field::Date, "Visit day".to_string()),
                (Field::Site, "Ward".to_string()),
                (Field::Mode, "How".to_string()),
            ]
        );
        assert_eq!(failure.samples[1], vec!["Ashford", "Bramley"]);
        assert!(failure.months_across.is_empty());
    }

    #[test]
    fn months_across_the_header_make_a_summary_table() {
        let (search, _) = search(&[
            &["Site", "Jan-19", "Feb-19", "Mar-19", "Total"],
            &["Ashford", "120", "90", "60", "270"],
        ]);
        let failure = search.failure(&ReadOptions::default()).expect("rows");
        assert_eq!(failure.months_across, vec!["Jan-19", "Feb-19", "Mar-19"]);
    }

    #[test]
    fn plain_numbers_across_a_header_are_not_months() {
        for cell in ["1", "2019", "45.5"] {
            assert!(!is_month_or_date(cell), "{cell}");
        }
        for cell in [
            "January",
            "Jan 2019",
            "2019-01",
            "Mar-19",
            "01/2019",
            "14/03/2019",
        ] {
            assert!(is_month_or_date(cell), "{cell}");
        }
    }

    #[test]
    fn totals_rows_are_told_by_their_first_cell() {
        for cell in [
            "Total",
            "TOTALS",
            "Sub-total",
            "Grand total",
            "sum",
            " Total: ",
        ] {
            assert!(is_totals_label(cell), "{cell}");
        }
        for cell in ["14/03/2019", "Totally", "Site", "Summary", "", "Teams"] {
            assert!(!is_totals_label(cell), "{cell}");
        }
    }
}
