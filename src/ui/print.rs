//! The printed appendix: which sections are printed, and the per-site
//! table cut into parts of columns that fit a portrait page at a
//! readable size, each part repeating the site column.

use crate::ui::table::Table;

/// A section of the page that can be left out of the print.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PrintSection {
    /// Its key: the class `ms-print-no-KEY` on `<html>` leaves it out.
    pub key: &'static str,
    /// The checkbox's label.
    pub label: &'static str,
    /// Whether it is printed unless the user says otherwise.
    pub default: bool,
}

/// The sections offered, in the order they are printed. The per-mentee
/// and month tables are long and are left out unless asked for.
pub const PRINT_SECTIONS: [PrintSection; 10] = [
    PrintSection {
        key: "about",
        label: "Settings, methods and files",
        default: true,
    },
    PrintSection {
        key: "checks",
        label: "Checks: notices and rejected rows",
        default: true,
    },
    PrintSection {
        key: "overview",
        label: "Overview figures",
        default: true,
    },
    PrintSection {
        key: "manuscript",
        label: "Table for the manuscript",
        default: true,
    },
    PrintSection {
        key: "charts",
        label: "Charts",
        default: true,
    },
    PrintSection {
        key: "sites",
        label: "Per-site table",
        default: true,
    },
    PrintSection {
        key: "topics",
        label: "Topics",
        default: true,
    },
    PrintSection {
        key: "mentors",
        label: "Mentor workload and per-mentor table",
        default: true,
    },
    PrintSection {
        key: "mentees",
        label: "Per-mentee table",
        default: false,
    },
    PrintSection {
        key: "months",
        label: "Month tables (per month and site, per mentor and month)",
        default: false,
    },
];

/// Characters of 8 pt text a portrait A4 line holds between 12 mm
/// margins (186 mm, about 1.7 mm a character of digits and letters with
/// the cells' padding).
pub const PORTRAIT_CHARS: usize = 110;

/// Sites printed in the per-site table; the CSV has them all.
pub const PRINT_ROWS: usize = 100;

/// Room a column takes, in characters: its widest cell, or its header
/// wrapped over up to three lines (no narrower than its longest word),
/// and two for the padding.
pub fn column_width(table: &Table, column: usize) -> usize {
    let cells = table
        .rows
        .iter()
        .take(PRINT_ROWS)
        .map(|r| {
            r.cells
                .get(column)
                .map_or(0, |c| c.display().chars().count())
        })
        .chain(
            table
                .totals
                .iter()
                .map(|t| t.get(column).map_or(0, |c| c.display().chars().count())),
        )
        .max()
        .unwrap_or(0);
    let label = &table.columns[column].label;
    let longest_word = label
        .split_whitespace()
        .map(|w| w.chars().count())
        .max()
        .unwrap_or(0);
    let wrapped = label.chars().count().div_ceil(3).max(longest_word);
    cells.max(wrapped) + 2
}

/// The table's columns cut into parts of at most `budget` characters,
/// each part starting with the first column (the site), the others in
/// their order; a column wider than a part by itself gets a part alone.
pub fn column_parts(widths: &[usize], budget: usize) -> Vec<Vec<usize>> {
    let Some((&first, rest)) = widths.split_first() else {
        return Vec::new();
    };
    let mut parts: Vec<Vec<usize>> = Vec::new();
    let mut used = first;
    for (i, &w) in rest.iter().enumerate() {
        let column = i + 1;
        match parts.last_mut() {
            Some(part) if used + w <= budget => {
                part.push(column);
                used += w;
            }
            _ => {
                parts.push(vec![0, column]);
                used = first + w;
            }
        }
    }
    if parts.is_empty() {
        parts.push(vec![0]);
    }
    parts
}

/// The parts the per-site table is printed in.
pub fn table_parts(table: &Table) -> Vec<Vec<usize>> {
    let widths: Vec<usize> = (0..table.columns.len())
        .map(|c| column_width(table, c))
        .collect();
    column_parts(&widths, PORTRAIT_CHARS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ui::table::{Cell, Column, Row};

    #[test]
    fn columns_are_cut_into_parts_that_fit_and_each_repeats_the_first() {
        // Site 20 wide; 40 + 40 + 50 + 30 + 100 (alone) + 10.
        let parts = column_parts(&[20, 40, 40, 50, 30, 100, 10], 120);
        assert_eq!(
            parts,
            vec![vec![0, 1, 2], vec![0, 3, 4], vec![0, 5], vec![0, 6]]
        );
        assert_eq!(column_parts(&[20], 120), vec![vec![0]]);
        assert!(column_parts(&[], 120).is_empty());
        // Every column is printed once, in order.
        let all: Vec<usize> = parts.iter().flat_map(|p| p[1..].to_vec()).collect();
        assert_eq!(all, (1..7).collect::<Vec<_>>());
    }

    #[test]
    fn a_column_is_as_wide_as_its_widest_cell_or_its_wrapped_header() {
        let table = Table {
            id: "t".into(),
            caption: "T".into(),
            columns: vec![
                Column::text("site", "Site"),
                Column::number("live_session_minutes_mean", "Live session mean (min)"),
            ],
            rows: vec![Row {
                key: "A".into(),
                cells: vec![Cell::text(Some("Royal Infirmary")), Cell::count(12)],
            }],
            extra: Vec::new(),
            totals: None,
            csv_name: "t.csv".into(),
        };
        assert_eq!(column_width(&table, 0), 15 + 2);
        // "Live session mean (min)": 23 characters over three lines is 8,
        // and no word is longer than "session" (7).
        assert_eq!(column_width(&table, 1), 8 + 2);
        assert_eq!(table_parts(&table), vec![vec![0, 1]]);
    }

    #[test]
    fn the_long_tables_are_left_out_of_the_print_unless_asked_for() {
        let off: Vec<&str> = PRINT_SECTIONS
            .iter()
            .filter(|s| !s.default)
            .map(|s| s.key)
            .collect();
        assert_eq!(off, ["mentees", "months"]);
        let mut keys: Vec<&str> = PRINT_SECTIONS.iter().map(|s| s.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), PRINT_SECTIONS.len());
    }
}
