//! Result tables as plain data: columns, rows of cells, a totals row,
//! sorting and CSV. No browser type here, so all of it is tested natively;
//! the `DataTable` component only draws what these functions give.

use std::cmp::Ordering;

use mentoring_stats_engine::report::safe_cell;

/// What a cell holds, for sorting and for CSV.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// A text (a name, a date, a month); `None` where the report has null.
    Text(Option<String>),
    /// A number; `None` where the report has null.
    Number(Option<f64>),
}

/// How a cell's value is written for people. The texts are made when a
/// cell is drawn, sorted on or downloaded, not when the table is built: a
/// table of hundreds of thousands of rows draws one page of them.
#[derive(Clone, Copy, Debug)]
enum Show {
    /// The text itself (`–` for null).
    Text,
    /// The text written by this function (`–` for null).
    TextWith(fn(&str) -> String),
    /// A count, with thousands separators.
    Count,
    /// A whole number as it is (a line number).
    Plain,
    /// A number written by this function (`–` for null).
    Number(fn(f64) -> String),
    /// Nothing (a totals cell where a total makes no sense).
    Blank,
}

/// One cell: its value, and how it is written for people
/// ([`Cell::display`]) and in the CSV and `data-value` ([`Cell::raw`]).
#[derive(Clone, Debug)]
pub struct Cell {
    /// The value, for sorting.
    pub value: Value,
    show: Show,
}

impl PartialEq for Cell {
    /// Cells are equal when they hold the same value shown the same way
    /// (a cell's way of writing numbers is compared by what it writes).
    fn eq(&self, other: &Cell) -> bool {
        self.value == other.value && self.display() == other.display()
    }
}

impl Cell {
    /// A text cell (`–` shown for null).
    pub fn text(value: Option<&str>) -> Cell {
        Cell {
            value: Value::Text(value.map(str::to_string)),
            show: Show::Text,
        }
    }

    /// A text cell shown as `show` writes it (`–` for null).
    pub fn text_shown(value: Option<&str>, show: fn(&str) -> String) -> Cell {
        Cell {
            show: Show::TextWith(show),
            ..Cell::text(value)
        }
    }

    /// A count.
    pub fn count(n: u64) -> Cell {
        Cell {
            value: Value::Number(Some(n as f64)),
            show: Show::Count,
        }
    }

    /// A whole number shown as it is, without thousands separators (a
    /// line number).
    pub fn plain(n: u64) -> Cell {
        Cell {
            show: Show::Plain,
            ..Cell::count(n)
        }
    }

    /// An optional count (months).
    pub fn maybe_count(n: Option<u32>) -> Cell {
        match n {
            Some(n) => Cell::count(u64::from(n)),
            None => Cell::number(None, |_| String::new()),
        }
    }

    /// A number written by `show` (`–` for null).
    pub fn number(x: Option<f64>, show: fn(f64) -> String) -> Cell {
        Cell {
            value: Value::Number(x),
            show: Show::Number(show),
        }
    }

    /// An empty cell (of a totals row where a total makes no sense).
    pub fn blank() -> Cell {
        Cell {
            value: Value::Text(None),
            show: Show::Blank,
        }
    }

    /// The value written for people.
    pub fn display(&self) -> String {
        match (&self.value, self.show) {
            (_, Show::Blank) => String::new(),
            (Value::Text(Some(t)), Show::TextWith(show)) => show(t),
            (Value::Text(Some(t)), _) => t.clone(),
            (Value::Number(Some(x)), Show::Number(show)) => show(*x),
            (Value::Number(Some(x)), Show::Count) => super::format::number(*x, 0),
            (Value::Number(Some(x)), _) => x.to_string(),
            (Value::Text(None) | Value::Number(None), _) => "–".to_string(),
        }
    }

    /// The JSON value as Rust's `Display` prints it (empty for null): the
    /// `data-value` attribute and the CSV cell. (A count is held as an
    /// `f64`, which prints whole numbers without a decimal point.)
    pub fn raw(&self) -> String {
        match &self.value {
            Value::Text(t) => t.clone().unwrap_or_default(),
            Value::Number(x) => x.map_or_else(String::new, |x| x.to_string()),
        }
    }
}

/// A column: its JSON field name and its heading.
#[derive(Clone, Debug, PartialEq)]
pub struct Column {
    /// The JSON field name (`data-field`, and the CSV header).
    pub field: String,
    /// The heading shown.
    pub label: String,
    /// Whether the column holds numbers (right-aligned).
    pub numeric: bool,
    /// Whether the column holds sentences with names or values in quotes
    /// (a reason for rejecting a row), rather than one name or value.
    pub prose: bool,
}

impl Column {
    /// A text column.
    pub fn text(field: &str, label: &str) -> Column {
        Column {
            field: field.to_string(),
            label: label.to_string(),
            numeric: false,
            prose: false,
        }
    }

    /// A column of sentences (see [`Column::prose`]).
    pub fn sentences(field: &str, label: &str) -> Column {
        Column {
            prose: true,
            ..Column::text(field, label)
        }
    }

    /// A numeric column.
    pub fn number(field: &str, label: &str) -> Column {
        Column {
            numeric: true,
            ..Column::text(field, label)
        }
    }
}

/// One body row: its key (`data-key`) and a cell per column.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Identifies the row (`data-key`).
    pub key: String,
    /// One cell per column; the first is the row's header.
    pub cells: Vec<Cell>,
}

/// A whole table.
#[derive(Clone, Debug, PartialEq)]
pub struct Table {
    /// The element id (`ms-sites-table`...).
    pub id: String,
    /// The caption.
    pub caption: String,
    /// The columns.
    pub columns: Vec<Column>,
    /// The body rows, in the report's order.
    pub rows: Vec<Row>,
    /// Rows of the foot above the totals row, for figures that are not
    /// body rows (contacts without a topic), one cell per column.
    pub extra: Vec<Vec<Cell>>,
    /// The totals row, if the table has one (one cell per column).
    pub totals: Option<Vec<Cell>>,
    /// The name of its CSV download.
    pub csv_name: String,
}

/// Sort direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Smallest first (A to Z).
    Ascending,
    /// Largest first (Z to A).
    Descending,
}

impl Direction {
    /// The other direction.
    pub fn flip(self) -> Direction {
        match self {
            Direction::Ascending => Direction::Descending,
            Direction::Descending => Direction::Ascending,
        }
    }

    /// The `aria-sort` value.
    pub fn aria(self) -> &'static str {
        match self {
            Direction::Ascending => "ascending",
            Direction::Descending => "descending",
        }
    }
}

/// The sort after a click on column `column`, given the current one: the
/// same column flips; another starts ascending for text and descending
/// for numbers (largest first is what one looks for in a number column).
pub fn next_sort(
    current: Option<(usize, Direction)>,
    column: usize,
    numeric: bool,
) -> (usize, Direction) {
    match current {
        Some((c, d)) if c == column => (c, d.flip()),
        _ if numeric => (column, Direction::Descending),
        _ => (column, Direction::Ascending),
    }
}

fn compare_values(a: &Value, b: &Value) -> Ordering {
    match (a, b) {
        (Value::Number(Some(x)), Value::Number(Some(y))) => x.total_cmp(y),
        (Value::Text(Some(x)), Value::Text(Some(y))) => x.cmp(y),
        _ => Ordering::Equal,
    }
}

fn is_null(v: &Value) -> bool {
    matches!(v, Value::Number(None) | Value::Text(None))
}

/// The order of `rows` sorted by column `column` in `direction`: indices
/// into `rows`. Nulls come last in either direction; ties keep the
/// report's order (the sort is stable), and texts compare by Unicode code
/// points, as the report sorts names.
pub fn sorted_order(rows: &[Row], column: usize, direction: Direction) -> Vec<usize> {
    let mut order: Vec<usize> = (0..rows.len()).collect();
    let value = |i: usize| rows[i].cells.get(column).map(|c| &c.value);
    order.sort_by(|&a, &b| match (value(a), value(b)) {
        (Some(x), Some(y)) => match (is_null(x), is_null(y)) {
            (true, true) => Ordering::Equal,
            (true, false) => Ordering::Greater,
            (false, true) => Ordering::Less,
            (false, false) => {
                let o = compare_values(x, y);
                match direction {
                    Direction::Ascending => o,
                    Direction::Descending => o.reverse(),
                }
            }
        },
        _ => Ordering::Equal,
    });
    order
}

/// The rows of `order` (indices into `table.rows`) that contain `query`
/// in a text cell (a name, a date, a month), ignoring case; all of them
/// when the query is blank. Numbers are not searched: "3" would match
/// most rows.
pub fn filtered(table: &Table, order: Vec<usize>, query: &str) -> Vec<usize> {
    let query = query.trim().to_lowercase();
    if query.is_empty() {
        return order;
    }
    let text_columns: Vec<usize> = table
        .columns
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.numeric)
        .map(|(i, _)| i)
        .collect();
    order
        .into_iter()
        .filter(|&i| {
            let cells = &table.rows[i].cells;
            text_columns.iter().any(|&j| {
                cells
                    .get(j)
                    .is_some_and(|c| c.display().to_lowercase().contains(&query))
            })
        })
        .collect()
}

/// How many pages of `size` rows `rows` rows make (at least one).
pub fn page_count(rows: usize, size: usize) -> usize {
    rows.div_ceil(size.max(1)).max(1)
}

/// The rows of page `page` (from 0) as a range `start..end` of the sorted
/// order; a page past the end gives the last page.
pub fn page_range(rows: usize, page: usize, size: usize) -> (usize, usize) {
    let size = size.max(1);
    let page = page.min(page_count(rows, size) - 1);
    let start = page * size;
    (start.min(rows), (start + size).min(rows))
}

/// The table as CSV: a header of field names, then one record per body
/// row in the report's order, numbers unrounded; text cells that a
/// spreadsheet would run as a formula are neutralised with
/// [`safe_cell`]. The foot (extra and totals rows) is not written.
pub fn to_csv(table: &Table) -> String {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let header: Vec<&str> = table.columns.iter().map(|c| c.field.as_str()).collect();
    let _ = writer.write_record(&header);
    for row in &table.rows {
        let record: Vec<String> = row
            .cells
            .iter()
            .map(|cell| match cell.value {
                Value::Text(_) => safe_cell(&cell.raw()),
                Value::Number(_) => cell.raw().clone(),
            })
            .collect();
        let _ = writer.write_record(&record);
    }
    let bytes = writer.into_inner().unwrap_or_default();
    String::from_utf8(bytes).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(key: &str, x: Option<f64>) -> Row {
        Row {
            key: key.to_string(),
            cells: vec![Cell::text(Some(key)), Cell::number(x, |x| format!("{x}"))],
        }
    }

    fn keys(rows: &[Row], order: &[usize]) -> Vec<String> {
        order.iter().map(|&i| rows[i].key.clone()).collect()
    }

    #[test]
    fn sorting_by_a_number_puts_nulls_last_both_ways() {
        let rows = vec![
            row("a", Some(2.0)),
            row("b", None),
            row("c", Some(10.0)),
            row("d", Some(-1.0)),
        ];
        let up = sorted_order(&rows, 1, Direction::Ascending);
        assert_eq!(keys(&rows, &up), ["d", "a", "c", "b"]);
        let down = sorted_order(&rows, 1, Direction::Descending);
        assert_eq!(keys(&rows, &down), ["c", "a", "d", "b"]);
    }

    #[test]
    fn sorting_is_stable_and_texts_compare_by_code_point() {
        let rows = vec![
            row("beta", Some(1.0)),
            row("Zulu", Some(1.0)),
            row("alpha", Some(1.0)),
            row("Émile", Some(1.0)),
        ];
        // Equal numbers keep the given order, either way.
        assert_eq!(
            keys(&rows, &sorted_order(&rows, 1, Direction::Descending)),
            ["beta", "Zulu", "alpha", "Émile"]
        );
        // Upper case before lower case, accented letters after both.
        assert_eq!(
            keys(&rows, &sorted_order(&rows, 0, Direction::Ascending)),
            ["Zulu", "alpha", "beta", "Émile"]
        );
    }

    #[test]
    fn a_click_flips_the_same_column_and_starts_others_by_kind() {
        assert_eq!(next_sort(None, 0, false), (0, Direction::Ascending));
        assert_eq!(next_sort(None, 3, true), (3, Direction::Descending));
        assert_eq!(
            next_sort(Some((3, Direction::Descending)), 3, true),
            (3, Direction::Ascending)
        );
        assert_eq!(
            next_sort(Some((3, Direction::Ascending)), 0, false),
            (0, Direction::Ascending)
        );
        assert_eq!(Direction::Descending.aria(), "descending");
    }

    #[test]
    fn cells_keep_the_raw_number_and_show_a_rounded_one() {
        let c = Cell::number(Some(95.66666666666667), |x| {
            super::super::format::number(x, 1)
        });
        assert_eq!(c.raw(), "95.66666666666667");
        assert_eq!(c.display(), "95.7");
        let c = Cell::number(None, |x| x.to_string());
        assert_eq!((c.raw().as_str(), c.display().as_str()), ("", "–"));
        assert_eq!(Cell::count(24136).display(), "24,136");
        assert_eq!(Cell::count(24136).raw(), "24136");
        assert_eq!(Cell::maybe_count(None).raw(), "");
        assert_eq!(Cell::text(None).display(), "–");
    }

    #[test]
    fn csv_quotes_and_neutralises_formulas() {
        let table = Table {
            id: "t".into(),
            caption: "T".into(),
            columns: vec![
                Column::text("site", "Site"),
                Column::number("minutes", "Min"),
            ],
            rows: vec![
                Row {
                    key: "1".into(),
                    cells: vec![
                        Cell::text(Some("=HYPERLINK(\"x\")")),
                        Cell::number(Some(-2.5), |x| x.to_string()),
                    ],
                },
                Row {
                    key: "2".into(),
                    cells: vec![
                        Cell::text(Some("Smith, \"Jo\"")),
                        Cell::number(None, |x| x.to_string()),
                    ],
                },
                Row {
                    key: "3".into(),
                    cells: vec![Cell::text(Some("@home")), Cell::count(3)],
                },
            ],
            extra: Vec::new(),
            totals: Some(vec![Cell::text(Some("Total")), Cell::count(1)]),
            csv_name: "t.csv".into(),
        };
        assert_eq!(
            to_csv(&table),
            "site,minutes\n\"'=HYPERLINK(\"\"x\"\")\",-2.5\n\"Smith, \"\"Jo\"\"\",\n'@home,3\n"
        );
    }

    #[test]
    fn pages_cover_every_row_once_and_a_page_past_the_end_is_the_last() {
        assert_eq!(page_count(0, 100), 1);
        assert_eq!(page_count(100, 100), 1);
        assert_eq!(page_count(101, 100), 2);
        assert_eq!(page_range(0, 0, 100), (0, 0));
        assert_eq!(page_range(250, 0, 100), (0, 100));
        assert_eq!(page_range(250, 2, 100), (200, 250));
        assert_eq!(page_range(250, 9, 100), (200, 250));
        let covered: usize = (0..page_count(6912, 25))
            .map(|p| {
                let (a, b) = page_range(6912, p, 25);
                b - a
            })
            .sum();
        assert_eq!(covered, 6912);
    }

    #[test]
    fn the_filter_keeps_rows_with_the_text_in_a_name_cell_whatever_its_case() {
        let row = |site: &str, month: &str, minutes: f64| Row {
            key: format!("{month}|{site}"),
            cells: vec![
                Cell::text(Some(month)),
                Cell::text(Some(site)),
                Cell::number(Some(minutes), |x| x.to_string()),
            ],
        };
        let table = Table {
            id: "t".into(),
            caption: "t".into(),
            columns: vec![
                Column::text("month", "Month"),
                Column::text("site", "Site"),
                Column::number("minutes", "Minutes"),
            ],
            rows: vec![
                row("Ashford General", "2019-01", 30.0),
                row("Bramley Royal", "2019-01", 45.0),
                row("ASHFORD General", "2019-02", 2019.0),
            ],
            extra: Vec::new(),
            totals: None,
            csv_name: "t.csv".into(),
        };
        assert_eq!(filtered(&table, vec![2, 1, 0], "ashford"), vec![2, 0]);
        assert_eq!(filtered(&table, vec![0, 1, 2], "  "), vec![0, 1, 2]);
        // Months are text; the minutes column is not searched.
        assert_eq!(filtered(&table, vec![0, 1, 2], "2019-02"), vec![2]);
        assert_eq!(filtered(&table, vec![0, 1, 2], "45"), Vec::<usize>::new());
    }
}
