//! Excel workbooks give the same figures as the CSV files they were made
//! from (`tests/fixtures/make_xlsx.py`: real date cells, number cells).

mod common;

use common::{assert_matches, own_fixtures, report_for, shared_fixtures};
use mentoring_stats::{Analysis, FileErrorKind, ReadOptions, Settings};

const PAIRS: [&str; 2] = ["small", "trial_group_uk"];

#[test]
fn each_workbook_matches_the_expected_report_of_its_csv() {
    for name in PAIRS {
        let xlsx = own_fixtures().join(format!("{name}.xlsx"));
        let expected = shared_fixtures().join(format!("{name}.expected.json"));
        let report = report_for(&[&xlsx], &ReadOptions::default(), &Settings::default());
        assert_matches(&expected, &report.to_json());
    }
}

#[test]
fn each_workbook_gives_the_same_figures_and_reasons_as_its_csv() {
    for name in PAIRS {
        let xlsx = own_fixtures().join(format!("{name}.xlsx"));
        let csv = shared_fixtures().join(format!("{name}.csv"));
        let from_xlsx = report_for(&[&xlsx], &ReadOptions::default(), &Settings::default());
        let from_csv = report_for(&[&csv], &ReadOptions::default(), &Settings::default());
        assert_eq!(from_xlsx.overall, from_csv.overall, "{name}");
        assert_eq!(from_xlsx.sites, from_csv.sites, "{name}");
        assert_eq!(from_xlsx.mentees, from_csv.mentees, "{name}");
        assert_eq!(from_xlsx.mentors, from_csv.mentors, "{name}");
        assert_eq!(from_xlsx.months, from_csv.months, "{name}");
        assert_eq!(from_xlsx.input.rows_read, from_csv.input.rows_read);
        assert_eq!(from_xlsx.input.rows_rejected, from_csv.input.rows_rejected);
        // Sheet rows and CSV lines differ where a note spans lines, and a
        // date cell has no day/month order to decide: compare the reasons
        // only where they do not quote the date as written.
        let reasons = |r: &mentoring_stats::Report| -> Vec<String> {
            r.input
                .rejected
                .iter()
                .map(|x| x.reason.clone())
                .filter(|x| !x.starts_with("date"))
                .collect()
        };
        assert_eq!(reasons(&from_xlsx), reasons(&from_csv), "{name}");
    }
}

#[test]
fn a_workbook_row_is_its_sheet_row_number() {
    let xlsx = own_fixtures().join("small.xlsx");
    let report = report_for(&[&xlsx], &ReadOptions::default(), &Settings::default());
    let lines: Vec<u64> = report.input.rejected.iter().map(|r| r.line).collect();
    // Sheet rows: header 1; "not a date" is the 3rd record (row 4), 31/02/2019
    // the 10th (row 11), "abc" the 12th (row 13).
    assert_eq!(lines, vec![4, 11, 13]);
}

#[test]
fn another_sheet_is_read_by_name_and_a_missing_one_is_named() {
    let bytes = std::fs::read(own_fixtures().join("small.xlsx")).expect("fixture");
    let options = ReadOptions {
        sheet: Some("Notes".into()),
        ..ReadOptions::default()
    };
    let err = Analysis::new(Settings::default())
        .add_file("small.xlsx", std::io::Cursor::new(bytes.clone()), &options)
        .expect_err("the Notes sheet has no record columns");
    assert!(
        matches!(err.kind, FileErrorKind::MissingColumns { .. }),
        "{err}"
    );

    let options = ReadOptions {
        sheet: Some("Nope".into()),
        ..ReadOptions::default()
    };
    let err = Analysis::new(Settings::default())
        .add_file("small.xlsx", std::io::Cursor::new(bytes), &options)
        .expect_err("no such sheet");
    let message = err.to_string();
    assert!(
        message.contains("small.xlsx")
            && message.contains("\"Nope\"")
            && message.contains("\"Records\""),
        "{message}"
    );
}
